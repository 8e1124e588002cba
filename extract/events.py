"""Stage 5: from normalized mentions to the document's event record.

Chooses what the release is about (event type, date, lead unit, personnel count,
operation), merges repeated mentions (``Kompol Okto`` into ``Kompol Oktovianus Wadu Ere``),
raises consistency flags, and keeps the evidence of every value.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass
from collections.abc import Callable, Iterable
from typing import Any

from spacy.tokens import Doc, Span

from . import event_date, flags
from .gazetteer import PlaceQuery, get_gazetteer
from .text import fold, within_one_edit
from .spans import mentions, sentence_at, sentence_starts, source_text, span_attrs, span_text, span_value, state
from .normalize import is_short_reference, merged_role, parse_iso_date, person_key, rank_info
from .resources import compiled, load_yaml
from .records import DocumentRecord, Evidence, Flag, Officer, SourceDocument, Village
from .units import detail as hierarchy_of

# ------------------------------------------------------------------------ utilities


def sentence_of(span: Span) -> str:
    """The sentence a span stands in, stripped."""
    return sentence_at(span.doc, span.start_char, span.end_char)


def evidence(span: Span, field: str, value: Any) -> Evidence:
    return Evidence(field=field, value=value, start=span.start_char, end=span.end_char,
                    text=span_text(span), sentence=sentence_of(span))


def spans_of(doc: Doc, label: str) -> list[Span]:
    """The normalized mentions with ``label`` (grouped once per document, after normalization)."""
    doc_state = state(doc)
    groups = doc_state.by_label
    if groups is None:
        groups = doc_state.by_label = {}
        for span in mentions(doc):
            if span_value(span) is not None:
                groups.setdefault(span.label_, []).append(span)
    return groups.get(label, [])


def _unique(values: Iterable[tuple[str, Span]], key: Callable[[str], str] = fold) -> list[tuple[str, Span]]:
    seen: set[str] = set()
    out = []
    for value, span in values:
        k = key(value)
        if k and k not in seen:
            seen.add(k)
            out.append((value, span))
    return out


# ---------------------------------------------------------------------- event types


def event_type(doc: Doc) -> str:
    """The SCHEMA event code whose cues weigh most (``doc.cats``, set by the
    ``tribrata_event_type`` component); ties go by ``tie_order`` of ``event_types.yaml``,
    ``other`` without cues."""
    order = load_yaml("event_types.yaml")["tie_order"]
    best = max(doc.cats, key=lambda code: (doc.cats[code], -order.index(code)), default=None)
    return best if best is not None and doc.cats[best] > 0 else "other"


def event_type_scores(doc: Doc) -> list[list[Any]]:
    """The two types that weigh most with their share of the cues (``doc.cats``), best first."""
    order = load_yaml("event_types.yaml")["tie_order"]
    ranked = sorted(doc.cats.items(), key=lambda item: (-item[1], order.index(item[0])))
    return [[code, round(score, 4)] for code, score in ranked[:2] if score > 0]


# ------------------------------------------------------------------------- the record


def _name_keys(name: str) -> set[str]:
    """The first three letters of each word of a name: a name and a short reference to it
    (``Benny Arief``, ``Okto``) share one, so only the officers sharing one are compared."""
    return {word[:3] for word in fold(name).split()} or {""}


def _officers(spans: list[Span]) -> tuple[list[Officer], list[Evidence]]:
    merged: list[tuple[dict[str, Any], list[Span]]] = []
    by_key: dict[str, list[int]] = {}  # name key -> the merged officers with a name of that key
    for span in spans:
        value = span_value(span)
        if not value["name"]:
            continue
        keys = _name_keys(value["name"])
        for i in sorted({i for k in keys for i in by_key.get(k, ())}):
            entry, group = merged[i]
            same = fold(entry["name"]) == fold(value["name"])
            short = is_short_reference(value["name"], entry["name"])
            longer = is_short_reference(entry["name"], value["name"])
            rank_ok = not value["rank"] or not entry["rank"] or value["rank"] == entry["rank"]
            if rank_ok and (same or short or longer):
                if longer:
                    entry["name"] = value["name"]
                    for k in keys:
                        by_key.setdefault(k, []).append(i)
                entry["rank"] = entry["rank"] or value["rank"]
                entry["role"] = merged_role(entry["role"], value["role"])
                entry["titles"] += [t for t in span_attrs(span)["titles"] if t not in entry["titles"]]
                group.append(span)
                break
        else:
            for k in keys:
                by_key.setdefault(k, []).append(len(merged))
            merged.append(({**value, "titles": list(span_attrs(span)["titles"])}, [span]))
    officers, ev = [], []
    for entry, group in merged:
        info = rank_info(span_attrs(group[0])["rank"]) if entry["rank"] else None
        officers.append(Officer(name=entry["name"], rank=entry["rank"], role=entry["role"], titles=entry["titles"],
                                person_key=person_key(entry["name"], entry["rank"]),
                                force=info.force if info else None))
        ev += [evidence(s, "officers", entry["name"]) for s in group]
    return officers, ev


def _units(spans: list[Span]) -> list[tuple[str, Span]]:
    """Distinct units in order of first mention. Forms of one unit (``Polres Minsel``,
    ``Polres Minahasa Selatan``: the same type and area) count once, under the longest;
    an obvious typo of a unit already named is no new unit."""
    gazetteer = get_gazetteer()
    units: list[tuple[str, Span]] = []
    areas: dict[tuple[str, str], int] = {}
    for value, span in _unique((span_value(s), s) for s in spans):
        unit_type = span_attrs(span)["type"]
        area = gazetteer.unit_area(unit_type, span_attrs(span)["place"] or "") if span_attrs(span)["place"] else None
        if area is not None and (unit_type, area) in areas:
            i = areas[(unit_type, area)]
            if len(value) > len(units[i][0]):
                units[i] = (value, span)
            continue
        typo = any(
            u.split()[0] == value.split()[0] and within_one_edit(fold(u), fold(value))
            for u, _ in units
        )
        if not typo:
            if area is not None:
                areas[(unit_type, area)] = len(units)
            units.append((value, span))
    return [(u, span) for u, span in units if not _shortened(span, units, spans)]


def _shortened(span: Span, units: list[tuple[str, Span]], spans: list[Span]) -> bool:
    """A unit written short of another one in the release, of its type, whose place starts with
    its place (``Polres Lampung`` for ``Polres Lampung Utara``): a unit the gazetteer does not
    know, or one written only in the headline, is that unit cut short."""
    attrs = span_attrs(span)
    if not attrs["place"]:
        return False
    prefix = fold(attrs["place"]) + " "
    if not any(span_attrs(o)["type"] == attrs["type"] and fold(span_attrs(o)["place"] or "").startswith(prefix)
               for _, o in units):
        return False
    same = [s for s in spans if fold(span_value(s)) == fold(span_value(span))]
    return get_gazetteer().unit_area(attrs["type"], attrs["place"]) is None or all(map(_in_headline, same))


def _in_headline(span: Span) -> bool:
    """Whether a span stands in the release's headline: a first line without a sentence end."""
    text = source_text(span.doc)
    line_end = text.find("\n")
    return 0 <= span.start_char < line_end and not compiled(r"[.!?]\s").search(text[:line_end])


#: How far after the main count a list of its parts is looked for (characters, sentences).
PARTS_WINDOW, PARTS_SENTENCES = 1200, 4


@dataclass(frozen=True, slots=True)
class Personnel:
    """The personnel deployed and how the number was built (``personnel_basis``): ``total`` (one
    count), ``police_share`` (the police part of a joint figure) or ``sum_of_parts``; ``counted``
    are the counts the value comes from; ``total`` and ``parts`` a total written with its parts."""

    value: int | None = None
    span: Span | None = None
    basis: str | None = None
    counted: tuple[Span, ...] = ()
    total: Span | None = None
    parts: tuple[Span, ...] = ()

    def basis_record(self) -> dict[str, Any] | None:
        """``{basis, spans: [{start, end, text, value}]}``: the counts the value was built from."""
        if self.basis is None:
            return None
        return {"basis": self.basis, "spans": [{"start": s.start_char, "end": s.end_char, "text": span_text(s),
                                                "value": span_value(s)} for s in self.counted]}


def _personnel(counts: list[Span]) -> Personnel:
    """The personnel deployed (SCHEMA): the first count of personnel that is no per-site figure
    and no other organisation's staff; replaced by the police share when a list of parts
    (``Polri 280 orang, TNI 130 orang``) follows it, or by the sum of the parts when they are
    all police (``Polsek 12 personel, BKO Polres delapan personel``); counts added to it
    (``ditambah 90 personel Ops ...``) are added."""
    found = [s for s in counts if (span_attrs(s)["personnel"] or span_attrs(s)["part"])
             and span_value(s) is not None and not span_attrs(s)["per_site"]]
    main = next((s for s in found if span_attrs(s)["personnel"] and span_attrs(s)["force"] != "other"), None)
    if main is None:
        return Personnel()
    sentence = _sentence_of(main)
    later = [s for s in found if s.start_char < main.start_char + PARTS_WINDOW
             and sentence <= _sentence_of(s) < sentence + PARTS_SENTENCES]
    groups: dict[int, list[Span]] = {}
    for span in later:
        groups.setdefault(_sentence_of(span), []).append(span)
    for group in groups.values():
        share = police_share(group, main)
        if share is not None:
            return share
    added = tuple(s for s in later if s.start_char > main.end_char and span_attrs(s)["addition"]
                  and span_attrs(s)["force"] != "other" and _sentence_of(s) > sentence)
    if added:
        return Personnel(span_value(main) + sum(span_value(s) for s in added), main, "sum_of_parts", (main, *added))
    return Personnel(span_value(main), main, "total", (main,))


def police_share(group: list[Span], main: Span) -> Personnel | None:
    """The police total of a list of parts in one sentence, None when it is no such list: the
    police share of a joint list (``Polri 280 orang, TNI 130 orang``), or the sum of police
    parts when the list itself gives the deployment (the main count is in it, or a count of no
    force before the parts is their total: ``360 personel gabungan, yakni dari Polri sebanyak
    250 personel``; parts that reach the total leave it). Police parts of a total written
    elsewhere do not replace it."""
    total = group[0] if len(group) > 1 and span_attrs(group[0])["force"] is None else None
    parts = tuple(group[1:] if total is not None else group)
    forces = [span_attrs(s)["force"] for s in parts]
    if None in forces or "police" not in forces or (total is None and len(parts) < 2):
        return None
    if "other" not in forces and total is None and main not in parts:
        return None
    police = tuple(s for s, force in zip(parts, forces) if force == "police")
    value = sum(span_value(s) for s in police)
    if total is not None and value >= span_value(total):
        return Personnel(span_value(total), main, "total", (total,), total, parts)
    basis = "police_share" if total is not None or "other" in forces else "sum_of_parts"
    return Personnel(value, main, basis, police, total, parts)


def _sentence_of(span: Span) -> int:
    """The index of the sentence a mention starts in."""
    found = state(span.doc)
    if found.sentences is None:
        found.sentences = sentence_starts(found.text)
    return bisect.bisect_right(found.sentences, span.start_char) - 1


def _operation(spans: list[Span]) -> tuple[str | None, Span | None]:
    if not spans:
        return None, None
    bases = [span_attrs(s)["base"] for s in spans]
    main = max(bases, key=lambda b: (bases.count(b), -bases.index(b)))
    best = max((s for s in spans if span_attrs(s)["base"] == main),
               key=lambda s: (bool(span_attrs(s)["year"]), bool(span_attrs(s)["region"]), -s.start_char))
    return span_value(best), best


LEVELS = {"village": 4, "district": 3, "regency": 2, "province": 1}


def unit_detail(unit: str, span: Span) -> dict[str, Any]:
    """A unit with its place in the hierarchy: type, level, area code and the Polda above it."""
    attrs = span_attrs(span)
    area = get_gazetteer().unit_area(attrs["type"], attrs["place"]) if attrs["place"] else None
    return hierarchy_of(unit, attrs["type"], attrs["level"], attrs["place"], area)


def link_places(record: DocumentRecord, place_spans: dict[str, list[tuple[str, Span]]]) -> list[Flag]:
    """Resolve every place to its Kemendagri code in the context of the release's units and
    other places; fill ``record.places``, the villages' codes and ``record.region_code``.
    Returns the flags of places outside the area of the unit that reports them."""
    gazetteer = get_gazetteer()
    unit_areas = [d["area_code"] for d in record.unit_details if d["area_code"]]
    mentions = [(level, name, span) for level, found in place_spans.items() for name, span in found]
    queries = [PlaceQuery(name, LEVELS[level], span_attrs(span)["type"]) for level, name, span in mentions]
    resolutions = gazetteer.resolve(queries, unit_areas)
    first = {(level, res.code): name for (level, name, _), res in reversed(list(zip(mentions, resolutions)))}
    # a misspelling of a place already named ("Kampung 1 Skip" after "Kampung Satu Skip") is that place, once
    linked = [(m, res) for m, res in zip(mentions, resolutions) if not res.code or first[(m[0], res.code)] == m[1]]
    record.villages = [v for v in record.villages if any(m[:2] == ("village", v.name) for m, _ in linked)]
    record.districts = [d for d in record.districts if any(m[:2] == ("district", d) for m, _ in linked)]
    codes: dict[tuple[str, str], str | None] = {}
    for (level, name, span), res in linked:
        region = gazetteer.region(res.code) if res.code else None
        codes[(level, name)] = res.code
        record.places.append({"name": name, "level": level, "type": span_attrs(span)["type"], "code": res.code,
                              "status": res.status, "candidates": list(res.candidates),
                              "path": region.path if region else None})
    for village in record.villages:
        village.code = codes.get(("village", village.name))
    resolved = [code for code in codes.values() if code]
    record.region_code = gazetteer.most_specific_common(resolved) if resolved else (
        unit_areas[0] if unit_areas else None)
    return flags.place_outside_unit_area(record.unit_details, [(name, span, res.code)
                                                               for (_, name, span), res in linked])


def _who(doc: Doc, record: DocumentRecord) -> None:
    """Units, officers, candidates and parties, with their evidence."""
    ev = record.evidence
    units = _units(spans_of(doc, "UNIT"))
    record.units = [u for u, _ in units]
    record.unit_details = [unit_detail(u, span) for u, span in units]
    ev += [evidence(s, "units", span_value(s)) for s in spans_of(doc, "UNIT")
           if fold(span_value(s)) in {fold(u) for u in record.units}]
    record.officers, officer_ev = _officers(spans_of(doc, "OFFICER"))
    ev += officer_ev
    for label, field in (("CANDIDATE", "candidates"), ("PARTY", "parties")):
        found = _unique((span_value(s), s) for s in spans_of(doc, label))
        setattr(record, field, [v for v, _ in found])
        ev += [evidence(s, field, v) for v, s in found]


def _where(doc: Doc, record: DocumentRecord) -> list[Flag]:
    """The places at each level, linked to their codes; the flags of places outside the units' areas."""
    places = spans_of(doc, "PLACE")
    place_spans: dict[str, list[tuple[str, Span]]] = {}
    for level, field in (("village", "villages"), ("district", "districts"), ("regency", "regencies"),
                         ("province", "provinces")):
        found = place_spans[level] = _unique((span_value(s), s) for s in places if span_attrs(s)["level"] == level)
        if level == "village":
            record.villages = [Village(name=v, type=span_attrs(s)["type"]) for v, s in found]
        else:
            setattr(record, field, [v for v, _ in found])
        record.evidence += [evidence(s, field, v) for v, s in found]
    return link_places(record, place_spans)


def _when(doc: Doc, record: DocumentRecord, dates: list[Span], body_start: int) -> Span | None:
    """Every date, the event's date with its basis, and its time; the chosen date's span."""
    ev = record.evidence
    record.dates = sorted({d for s in dates for d in span_value(s) if d})
    ev += [evidence(s, "dates", d) for s in dates for d in span_value(s) if d]
    chosen, record.event_date_basis = event_date.choose(doc, dates, body_start)
    date_span = None
    if chosen is not None:
        record.event_date = chosen.date
        ev.append(Evidence("event_date", chosen.date, chosen.start, chosen.end,
                           source_text(doc)[chosen.start:chosen.end], sentence_at(doc, chosen.start, chosen.end)))
        date_span = next((s for s in dates if s.start_char == chosen.start), None)
    times = spans_of(doc, "TIME")
    if times:
        record.event_time = span_value(times[0])
        ev.append(evidence(times[0], "event_time", record.event_time))
    return date_span


def build_record(doc: Doc, source: SourceDocument) -> DocumentRecord:
    """The document record of a normalized ``doc``."""
    doc_state = state(doc)
    cleaned = doc_state.clean
    record = DocumentRecord(id=source.id, title=source.title, url=source.url, published=source.published,
                            source=source.source)
    if record.title is None and cleaned.title is not None:
        record.title = source_text(doc)[cleaned.title[0]:cleaned.title[1]]
    _who(doc, record)
    outside = _where(doc, record)
    dates = spans_of(doc, "DATE")
    date_span = _when(doc, record, dates, cleaned.title[1] if cleaned.title else 0)

    counts = spans_of(doc, "COUNT")
    personnel = _personnel(counts)
    record.personnel_count, record.personnel_basis = personnel.value, personnel.basis_record()
    if personnel.span is not None:
        record.evidence.append(evidence(personnel.span, "personnel_count", record.personnel_count))
    record.operation, op_span = _operation(spans_of(doc, "OPERATION"))
    if op_span is not None:
        record.evidence.append(evidence(op_span, "operation", record.operation))
    record.event_type = event_type(doc)
    record.event_type_scores = event_type_scores(doc)

    record.flags = (
        flags.weekday_mismatch(dates)
        + flags.count_mismatch(counts)
        + flags.parts_mismatch(personnel.total, personnel.parts)
        + flags.title_unit_mismatch(spans_of(doc, "UNIT"), cleaned.title)
        + flags.campaign_day_mismatch(cleaned.text, record.event_date, doc_state.campaign_days)
        + outside
        + flags.event_after_publication(record.event_date, parse_iso_date(source.published), date_span)
        + flags.input_warnings(source.warnings)
    )
    record.evidence.sort(key=lambda e: (e.start, e.end, e.field))
    return record


def error_record(source: SourceDocument, reason: str) -> DocumentRecord:
    """The record of a document that could not be extracted: kept, with its reason."""
    return DocumentRecord(id=source.id, title=source.title, url=source.url, published=source.published,
                          source=source.source, status="error", error=reason, event_type="other")



# ------------------------------------------------------------------ the events table

#: Posts that command a unit, most senior first: the commander of an event holds one.
COMMAND_POSTS = ("kapolda", "kapolrestabes", "kapolresta", "kapolres", "kapolsekta", "kapolsek")


def event_id(doc_id: str) -> str:
    """A stable event id derived from the document id (one main event per document)."""
    return "evt-" + hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:16]


def commander(record: DocumentRecord) -> Officer | None:
    """The officer commanding the activity: the holder of the most senior command post
    named, else the highest-ranked officer."""
    for post in COMMAND_POSTS:
        for officer in record.officers:
            if officer.role and fold(officer.role).split()[0] == post:
                return officer
    ranked = [(rank_info(o.rank), o) for o in record.officers if o.rank]
    ranked = [(r.order, o) for r, o in ranked if r is not None]
    return min(ranked, key=lambda x: x[0])[1] if ranked else None


def lead_unit(record: DocumentRecord) -> str | None:
    """The unit that carried out the activity: the first named in the body, else the title;
    always one of ``record.units`` (a form merged into another unit gives that unit)."""
    units = {fold(u): u for u in record.units}
    in_body = [units[fold(e.value)] for e in record.evidence if e.field == "units" and fold(e.value) in units
               and (record.title is None or e.start > len(record.title))]
    if in_body:
        return in_body[0]
    return record.units[0] if record.units else None


def region_columns(record: DocumentRecord) -> dict[str, str | None]:
    """``village``, ``district``, ``regency``, ``province`` and their codes: the regions of
    ``region_code`` at each level, else (below it) the first place of that level named."""
    gazetteer = get_gazetteer()
    parts = record.region_code.split(".") if record.region_code else []
    named = {"village": [v.name for v in record.villages], "district": record.districts,
             "regency": record.regencies, "province": record.provinces}
    columns: dict[str, str | None] = {}
    for level, depth in sorted(LEVELS.items(), key=lambda item: -item[1]):
        region = gazetteer.region(".".join(parts[:depth])) if len(parts) >= depth else None
        columns[level] = region.name if region else (named[level][0] if named[level] else None)
        columns[f"{level}_code"] = region.code if region else None
    return columns


def canonical_units(record: DocumentRecord) -> dict[str, str]:
    """Each unit of the record, folded, -> its canonical name (:mod:`extract.units`)."""
    return {fold(d["name"]): d["canonical"] for d in record.unit_details}


def event_row(record: DocumentRecord) -> dict[str, Any]:
    """The record's main event as one row of the events table."""
    boss = commander(record)
    canonical = canonical_units(record)
    lead = lead_unit(record)
    return {
        "event_id": event_id(record.id),
        "doc_id": record.id,
        "story_id": record.story_id,
        "status": record.status,
        "event_type": record.event_type,
        "event_date": record.event_date,
        "event_time": record.event_time,
        "lead_unit": canonical.get(fold(lead), lead) if lead else None,
        "units": [canonical.get(fold(u), u) for u in record.units],
        "commander_name": boss.name if boss else None,
        "commander_rank": boss.rank if boss else None,
        "commander_role": boss.role if boss else None,
        "officers": [{"name": o.name, "rank": o.rank, "role": o.role, "person_key": o.person_key}
                     for o in record.officers],
        "villages": [v.name for v in record.villages],
        **region_columns(record),
        "region_code": record.region_code,
        "personnel_count": record.personnel_count,
        "candidates": list(record.candidates),
        "parties": list(record.parties),
        "operation": record.operation,
        "election": record.election,
        "flags": [f.code for f in record.flags],
        "source_url": record.url,
        "title": record.title,
    }
