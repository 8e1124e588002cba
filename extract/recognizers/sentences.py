"""Document set-up and sentence bounds: the first two components of the pipeline.

``tribrata_clean`` cleans the text (:func:`extract.clean.clean`: boilerplate masked,
headline and dateline found) into the document's state; the title and metadata come from
``doc._.tribrata_input`` when the caller set it (:func:`extract.nlp.analyse` does).
``tribrata_sentences`` marks the sentence starts, on the state (for
:func:`~extract.spans.sentence_at`) and on the tokens' ``is_sent_start``.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..spans import sentence_starts, start_state, state
from .base import ASSIGNS

INPUT = "tribrata_input"
if not Doc.has_extension(INPUT):
    Doc.set_extension(INPUT, default=None)


@Language.factory("tribrata_clean", assigns=ASSIGNS, requires=[])
def make_clean(nlp: Language, name: str) -> "DocumentCleaner":
    return DocumentCleaner()


class DocumentCleaner:
    """Starts the document's state: ``doc._.tribrata_input`` may give ``{"title": ..., "meta": ...}``."""

    def __call__(self, doc: Doc) -> Doc:
        given: dict[str, Any] = doc._.get(INPUT) or {}
        start_state(doc, given.get("title"), given.get("meta"))
        return doc


@Language.factory("tribrata_sentences", assigns=["token.is_sent_start", "doc._.tribrata"],
                  requires=["doc._.tribrata"])
def make_sentences(nlp: Language, name: str) -> "SentenceSplitter":
    return SentenceSplitter()


class SentenceSplitter:
    """Sentences end at line breaks and at . ! ? (and closing quotes) before a capital
    letter; the starts are written onto the tokens in one array write."""

    def __call__(self, doc: Doc) -> Doc:
        doc_state = state(doc)
        starts = doc_state.sentences = sentence_starts(doc_state.text)
        if len(doc):
            token_starts = doc.to_array([IDX])
            flags = numpy.full(len(doc), -1, dtype="int32")
            positions = numpy.searchsorted(token_starts, starts)
            flags[positions[positions < len(doc)]] = 1
            flags[0] = 1
            doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
        return doc
