"""The records that flow between the stages, as typed dataclasses.

``SourceDocument`` comes out of :mod:`extract.ingest`; ``DocumentRecord`` is what
:mod:`extract.events` builds and :mod:`extract.io` writes. Its ``to_dict`` order is the
column order of ``documents.jsonl`` and never depends on how the record was made.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The keys of ../shared/corpus/SCHEMA.md, in the order they are written.
SCHEMA_KEYS: tuple[str, ...] = (
    "id",
    "event_type",
    "event_date",
    "dates",
    "units",
    "officers",
    "villages",
    "districts",
    "regencies",
    "provinces",
    "candidates",
    "parties",
    "personnel_count",
    "operation",
)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One input document as read from a file, before any processing."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    #: Where it came from: ``path`` or ``path:line``.
    source: str = ""
    #: A reason when the input could not be read as a document (the text is then empty).
    error: str | None = None
    #: Problems noticed while reading that did not stop it (e.g. a decoded legacy encoding).
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class Evidence:
    """Where an extracted value was read: a character span of the document text."""

    field: str
    value: Any
    start: int
    end: int
    text: str
    sentence: str


@dataclass(slots=True)
class Flag:
    """A consistency problem noticed in a release, with the spans it concerns."""

    code: str
    message: str
    spans: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Officer:
    name: str
    rank: str | None
    role: str | None
    titles: list[str] = field(default_factory=list)
    #: Stable across documents: same name and rank give the same key.
    person_key: str = ""
    force: str | None = None


@dataclass(slots=True)
class Village:
    name: str
    type: str
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: a labelled character span with its normalized value."""

    doc_id: str
    label: str
    text: str
    start: int
    end: int
    sentence: str
    value: Any


@dataclass(slots=True)
class DocumentRecord:
    """The per-document summary: every SCHEMA key plus status, evidence and flags."""

    id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str = ""
    #: Filled in when the run closes (:mod:`extract.story_outputs`): shared with the document's reprints.
    story_id: str | None = None
    status: str = "ok"
    error: str | None = None
    event_type: str = "other"
    #: The two most likely event types with their share of the cues ([[code, score], ...]).
    event_type_scores: list[list[Any]] = field(default_factory=list)
    event_date: str | None = None
    #: Why the event date was chosen: {basis, start, end, text} (activity, statement, ...).
    event_date_basis: dict[str, Any] | None = None
    event_time: str | None = None
    dates: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    officers: list[Officer] = field(default_factory=list)
    villages: list[Village] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    regencies: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    personnel_count: int | None = None
    operation: str | None = None
    election: str | None = None
    region_code: str | None = None
    places: list[dict[str, Any]] = field(default_factory=list)
    unit_details: list[dict[str, Any]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    #: How the personnel count was built: {basis, spans} (total, police_share, sum_of_parts).
    personnel_basis: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the SCHEMA keys first, then the rest, in a fixed order."""
        data = asdict(self)
        ordered = {key: data[key] for key in SCHEMA_KEYS}
        for key, value in data.items():
            ordered.setdefault(key, value)
        return ordered


@dataclass(slots=True)
class Extraction:
    """What extracting one document gives: its record, every mention found in it, and the
    cleaned text the recognisers read (:class:`extract.clean.CleanText`; None for an error
    record), which the story signature reuses instead of cleaning the text again."""

    record: DocumentRecord
    mentions: list[Mention] = field(default_factory=list)
    cleaned: Any = None
