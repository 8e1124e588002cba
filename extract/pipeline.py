"""One document through the stages: clean -> nlp -> normalize -> events.

:class:`Extractor` is what the batch runner, the evaluator and the tests call. A document
that cannot be extracted gives an error record with its reason, never an exception.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import flags
from .events import build_record, error_record
from .nlp import Models, analyse, build_nlp
from .normalize import normalize_doc
from .records import Extraction, Mention, SourceDocument
from .resources import load_yaml
from .spans import mentions, sentence_at, span_text, span_value, state

#: Longer texts are cut here before analysis (a release is a few KB; this is a safety cap).
MAX_CHARS = 200_000


_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _function_words() -> tuple[frozenset[str], int, float]:
    data = load_yaml("language.yaml")
    return frozenset(data["function_words"]), int(data["min_words"]), float(data["min_share"])


def not_indonesian(text: str) -> str | None:
    """A reason when ``text`` is long enough to tell and does not read as Indonesian."""
    words, min_words, min_share = _function_words()
    tokens = _LETTERS.findall(text[:20000].lower())
    if len(tokens) < min_words:
        return None
    share = sum(map(words.__contains__, tokens)) / len(tokens)
    if share >= min_share:
        return None
    return (f"the text does not read as Indonesian ({share:.1%} Indonesian function words); "
            "this extractor reads Indonesian police press releases")


class Extractor:
    """Turns a :class:`SourceDocument` into an :class:`Extraction`; build once, call many times."""

    def __init__(self, models: Models | None = None) -> None:
        self.nlp = build_nlp(models or Models())

    def __call__(self, source: SourceDocument) -> Extraction:
        if source.error is not None:
            return Extraction(error_record(source, source.error))
        if not source.text.strip():
            return Extraction(error_record(source, "empty text: the document has no content to extract"))
        foreign = not_indonesian(source.text)
        if foreign is not None:
            return Extraction(error_record(source, foreign))
        try:
            doc = analyse(source.text[:MAX_CHARS], source.title,
                          {"published": source.published, "url": source.url}, self.nlp)
            normalize_doc(doc)
            record = build_record(doc, source)
            if len(source.text) > MAX_CHARS:
                record.flags.append(flags.truncated(len(source.text), MAX_CHARS))
            found = [
                Mention(doc_id=source.id, label=span.label_, text=span_text(span), start=span.start_char,
                        end=span.end_char, sentence=sentence_at(doc, span.start_char, span.end_char), value=span_value(span))
                for span in sorted(mentions(doc), key=lambda s: (s.start_char, s.end_char, s.label_))
            ]
        except Exception as exc:  # a bad document is reported, never fatal
            return Extraction(error_record(source, f"extraction failed: {type(exc).__name__}: {exc}"))
        return Extraction(record, found, state(doc).clean)
