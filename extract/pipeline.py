"""One document through the stages: clean -> nlp -> normalize -> events.

:class:`Extractor` is what the batch runner, the evaluator and the tests call. A document
that cannot be extracted gives an error record with its reason, never an exception.
"""

from __future__ import annotations

from .events import build_record, error_record
from .nlp import SPAN_KEY, analyse, build_nlp
from .normalize import normalize_doc
from .records import Extraction, Mention, SourceDocument

#: Longer texts are cut here before analysis (a release is a few KB; this is a safety cap).
MAX_CHARS = 200_000


class Extractor:
    """Turns a :class:`SourceDocument` into an :class:`Extraction`; build once, call many times."""

    def __init__(self) -> None:
        build_nlp()

    def __call__(self, source: SourceDocument) -> Extraction:
        if source.error is not None:
            return Extraction(error_record(source, source.error))
        if not source.text.strip():
            return Extraction(error_record(source, "empty text: the document has no content to extract"))
        try:
            doc = analyse(source.text[:MAX_CHARS], source.title,
                          {"published": source.published, "url": source.url})
            normalize_doc(doc)
            record = build_record(doc, source)
            mentions = [
                Mention(doc_id=source.id, label=span.label_, text=span.text, start=span.start_char,
                        end=span.end_char, sentence=span.sent.text.strip(), value=span._.value)
                for span in sorted(doc.spans[SPAN_KEY], key=lambda s: (s.start_char, s.end_char, s.label_))
            ]
        except Exception as exc:  # a bad document is reported, never fatal
            return Extraction(error_record(source, f"extraction failed: {type(exc).__name__}: {exc}"))
        return Extraction(record, mentions)
