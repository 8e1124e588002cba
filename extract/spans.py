"""The per-document state every stage shares, and the span and text helpers over it.

A ``Doc`` of the pipeline carries one :class:`DocState` (``doc._.tribrata``): the original
text, the masked text the recognisers read (boilerplate blanked, offsets unchanged), the
cleaning result, the input's metadata, the sentence starts, and the mentions with their
parsed parts (``attrs``, set by a recogniser) and canonical values (set by
:mod:`extract.normalize`). Mentions are also in ``doc.spans["tribrata"]``; the state keeps
them as one list of ``Span`` objects (iterating a span group makes new objects each time)
and keys their data by (label, start, end), so two mentions of different labels over the
same characters never mix.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import regex
from spacy.tokens import Doc, Span

from .clean import CleanText, clean
from .tokenizer import TEXT_KEY

SPAN_KEY = "tribrata"
STATE = "tribrata"
_STATE_KEY = ("._.", STATE, None, None)  # where spaCy keeps the value of doc._.tribrata

if not Doc.has_extension(STATE):
    Doc.set_extension(STATE, default=None)

MentionKey = tuple[str, int, int]


class WeekdayAlone(NamedTuple):
    """A weekday written without a calendar date (``Kapolres X, Senin, mengatakan``)."""

    start: int
    end: int
    weekday: int  # Monday is 0


@dataclass(slots=True)
class DocState:
    """What the stages know about one document beyond its tokens."""

    text: str
    clean: CleanText
    meta: dict[str, Any] = field(default_factory=dict)
    #: Start offsets of the sentences (set by the ``tribrata_sentences`` component).
    sentences: list[int] | None = None
    mentions: list[Span] = field(default_factory=list)
    attrs: dict[MentionKey, dict[str, Any]] = field(default_factory=dict)
    values: dict[MentionKey, Any] = field(default_factory=dict)
    #: Spelled-out unit names that name no place (``Kepolisian Resor Padang Lawas`` before
    #: ``(Polres Palas)``), found by the units recogniser for the places recogniser.
    unit_names: list[tuple[int, int]] = field(default_factory=list)
    #: Weekdays written alone, and campaign days (start, end, N of ``hari ke-N kampanye``),
    #: found by the dates recogniser.
    weekdays: list[WeekdayAlone] = field(default_factory=list)
    campaign_days: list[tuple[int, int, int]] = field(default_factory=list)
    #: Per trigger slot, the offsets of the words that can start a pattern (see ``matching``).
    triggers: list[list[int]] | None = None
    #: The normalized mentions grouped by label (built once, after normalization).
    by_label: dict[str, list[Span]] | None = None
    #: The areas the document is about (:func:`extract.recognizers.places.document_areas`), by
    #: (minimum code length, number of mentions they were read from).
    areas: dict[tuple[int, int], list[str]] = field(default_factory=dict)

    @property
    def masked(self) -> str:
        return self.clean.text


def start_state(doc: Doc, title: str | None = None, meta: dict[str, Any] | None = None) -> DocState:
    """Clean the document's text and attach a fresh state and an empty span group."""
    text = doc.user_data.get(TEXT_KEY) or doc.text
    found = DocState(text=text, clean=clean(text, title), meta=dict(meta or {}))
    doc.user_data[_STATE_KEY] = found
    doc.spans[SPAN_KEY] = []
    return found


def state(doc: Doc) -> DocState:
    """The document's state; a ``Doc`` made without the ``tribrata_clean`` component gets one
    here (no title), so any recogniser also runs alone on a bare ``Doc``."""
    found = doc.user_data.get(_STATE_KEY)
    return found if found is not None else start_state(doc)


#: Sentences end at line breaks and at . ! ? (and closing quotes) before a capital letter.
_SENTENCE_BOUNDARY = regex.compile(r"\n\s*|(?<=[.!?…][\"”’)]?)\s+(?=[\"“‘(]?\p{Lu})")


def sentence_starts(text: str) -> list[int]:
    """The start offsets of the sentences of ``text`` (the first is 0)."""
    return [0] + [m.end() for m in _SENTENCE_BOUNDARY.finditer(text) if m.end() < len(text)]


def source_text(doc: Doc) -> str:
    """The document's original text (``doc.text`` rebuilds it from the tokens on every call)."""
    return state(doc).text


def masked_text(doc: Doc) -> str:
    """The text recognisers read: boilerplate blanked, offsets unchanged."""
    return state(doc).clean.text


def mentions(doc: Doc) -> list[Span]:
    """The mentions found so far, in the order they were added."""
    return state(doc).mentions


def _key(span: Span) -> MentionKey:
    return span.label_, span.start_char, span.end_char


def span_attrs(span: Span) -> dict[str, Any]:
    """The parts a recogniser read for this mention."""
    return state(span.doc).attrs[_key(span)]


def span_value(span: Span) -> Any:
    """The canonical value :mod:`extract.normalize` set (None before, or when it has none)."""
    return state(span.doc).values.get(_key(span))


def set_span_value(span: Span, value: Any) -> None:
    state(span.doc).values[_key(span)] = value


def span_text(span: Span) -> str:
    """The text of a mention, sliced from the document (``span.text`` walks its tokens)."""
    return state(span.doc).text[span.start_char:span.end_char]


def sentence_at(doc: Doc, start: int, end: int | None = None) -> str:
    """The sentence around the characters ``start:end``, stripped (no token walk)."""
    found = state(doc)
    if found.sentences is None:
        found.sentences = sentence_starts(found.text)
    return sentence_in(found.text, found.sentences, start, end)


def sentence_in(text: str, starts: list[int], start: int, end: int | None = None) -> str:
    """The sentence of ``text`` (sentence ``starts`` given) around ``start:end``, stripped."""
    i = bisect.bisect_right(starts, start) - 1
    j = bisect.bisect_left(starts, end if end is not None else start + 1)
    return text[starts[max(i, 0)]:starts[j] if j < len(starts) else len(text)].strip()


def add_span(doc: Doc, start: int, end: int, label: str, **attrs: Any) -> Span | None:
    """Add a mention to the document's span group; refuse spans that touch masked text and
    a second mention of the same label over the same characters."""
    found = state(doc)
    if end <= start or found.clean.text[start:end] != found.text[start:end]:
        return None
    # the pipeline's tokens split at every letter/non-letter change, so a mention's bounds
    # are token bounds; a tokenizer with longer tokens (spaCy's own) gets the covering tokens
    span = doc.char_span(start, end, label=label) or doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:  # no tokens
        return None
    key = _key(span)
    if key in found.attrs:
        return None
    found.attrs[key] = attrs
    doc.spans[SPAN_KEY].append(span)
    found.mentions.append(span)
    return span


class Ranges:
    """Character ranges with overlap and cover checks in O(log n + k), ``k`` the ranges that
    start within the longest range's length before the query: a long release with thousands
    of mentions costs per mention what a short one does (no scan of every range)."""

    __slots__ = ("starts", "ends", "longest")

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.longest = 0
        for start, end in ranges:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        self.longest = max(self.longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some range ``(a, b)`` has ``a < end and start < b``."""
        ends = self.ends
        lo = bisect.bisect_right(self.starts, start - self.longest)
        return any(ends[i] > start for i in range(lo, bisect.bisect_left(self.starts, end)))

    def covers(self, pos: int) -> bool:
        """Whether ``pos`` lies inside some range."""
        return self.overlaps(pos, pos + 1)


class MentionRanges:
    """The ranges of the document's mentions (of ``labels``, all by default), kept up to
    date with the mentions added since it was made (the list of mentions only grows)."""

    __slots__ = ("mentions", "labels", "seen", "ranges")

    def __init__(self, doc: Doc, labels: tuple[str, ...] | None = None) -> None:
        self.mentions, self.labels, self.seen, self.ranges = state(doc).mentions, labels, 0, Ranges()

    def _update(self) -> Ranges:
        for span in self.mentions[self.seen:]:
            if self.labels is None or span.label_ in self.labels:
                self.ranges.add(span.start_char, span.end_char)
        self.seen = len(self.mentions)
        return self.ranges

    def overlaps(self, start: int, end: int) -> bool:
        return self._update().overlaps(start, end)

    def covers(self, pos: int) -> bool:
        return self._update().covers(pos)


def taken_ranges(doc: Doc) -> Ranges:
    """The ranges of the mentions found so far (a snapshot: later mentions are not in it)."""
    return Ranges((s.start_char, s.end_char) for s in state(doc).mentions)


def in_span(span: tuple[int, int] | None, pos: int) -> bool:
    """Whether ``pos`` lies inside the character range ``span`` (None: nowhere)."""
    return span is not None and span[0] <= pos < span[1]
