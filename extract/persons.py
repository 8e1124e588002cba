"""People across releases: one row per officer of each release, and one per person.

An officer row (``officers`` table) is an officer of one release's record with the post
and canonical unit (:mod:`extract.units`) read from the role (``Kapolres Belu`` is post
``Kapolres`` of unit ``Polres Belu``; ``Kasi Humas Polres OKU Timur`` is ``Kasi Humas`` of
``Polres Ogan Komering Ulu Timur``) and the event's date, so "who held post P of unit U on date D" is one query. A person row
(``persons`` table) gathers the rows of one ``person_key`` (same name and rank): the ranks
and roles seen with their first and last dates and the number of releases. A person named
later with a higher rank in a unit they were seen in before is the same person, promoted:
``same_person_as`` gives the key of the earlier row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import regex

from .normalize import post_abbreviation, rank_info, unit_name
from .records import DocumentRecord
from .resources import load_yaml
from .text import fold
from .units import canonical_of, detail_of


@lru_cache(maxsize=1)
def _unit_patterns() -> tuple[regex.Pattern, regex.Pattern, dict[str, str]]:
    """A unit written inside a role, and a command post with the unit type it commands."""
    words = load_yaml("units.yaml")["unit_words"]
    by_fold = {w.casefold(): w for w in words}
    alternatives = "|".join(sorted(words, key=len, reverse=True))
    inside = regex.compile(rf"(?<![\p{{L}}])(?P<type>{alternatives})[^\S\n]+(?P<place>\S.*)$", regex.IGNORECASE)
    command = regex.compile(rf"^(?P<post>(?:Wa)?Ka(?P<type>{alternatives}))(?:[^\S\n]+(?P<place>\S.*))?$",
                            regex.IGNORECASE)
    return inside, command, by_fold


@lru_cache(maxsize=65536)
def post_and_unit(role: str | None) -> tuple[str | None, str | None]:
    """The post word of a role and the canonical unit it belongs to (None when not written); a
    long form is its abbreviation (``Kepala Kepolisian Resor Belu`` is ``Kapolres`` of ``Polres Belu``)."""
    if not role:
        return None, None
    long_form = post_abbreviation(role)
    if long_form:
        role = "".join(long_form)
    inside, command, unit_word = _unit_patterns()
    found = inside.search(role)
    if found and found.start() > 0:
        unit = unit_name(unit_word[found["type"].casefold()], found["place"].strip())
        return role[:found.start()].strip(" ,"), unit
    found = command.match(role)
    if found:
        unit_type = unit_word[found["type"].casefold()]
        return found["post"], unit_name(unit_type, found["place"].strip()) if found["place"] else None
    return role, None


def post_units(record: DocumentRecord) -> list[dict[str, Any]]:
    """The units named in the posts of a record's officers, as ``unit_details`` entries
    (:func:`extract.units.detail_of`): the units table holds them, so ``officers.unit`` joins."""
    units = (post_and_unit(officer.role)[1] for officer in record.officers)
    return [detail_of(unit) for unit in units if unit]


def officer_rows(record: DocumentRecord, event_id: str) -> list[dict[str, Any]]:
    """The officers of one release's record as rows of the ``officers`` table."""
    rows = []
    for officer in record.officers:
        post, unit = post_and_unit(officer.role)
        info = rank_info(officer.rank) if officer.rank else None
        rows.append({"doc_id": record.id, "event_id": event_id, "person_key": officer.person_key,
                     "name": officer.name, "rank": officer.rank, "rank_order": info.order if info else None,
                     "role": officer.role, "post": post, "unit": canonical_of(unit) if unit else None,
                     "event_date": record.event_date})
    return rows


def _spans(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """The distinct values of ``keys`` in ``rows`` with the first and last event date seen."""
    seen: dict[tuple[Any, ...], list[str | None]] = {}
    for row in rows:
        value = tuple(row[k] for k in keys)
        if value[0] is None:
            continue
        first_last = seen.setdefault(value, [row["event_date"], row["event_date"]])
        if row["event_date"] is not None:
            first_last[0] = min(d for d in (first_last[0], row["event_date"]) if d is not None)
            first_last[1] = max(d for d in (first_last[1], row["event_date"]) if d is not None)
    return [dict(zip(keys, value), first_date=dates[0], last_date=dates[1])
            for value, dates in sorted(seen.items(), key=lambda kv: (kv[1][0] or "", kv[0]))]


def persons(officers: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per ``person_key``, with promotions linked (see the module's text), sorted by key."""
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in officers:
        by_key[row["person_key"]].append(row)
    out = {}
    for key, rows in by_key.items():
        out[key] = {"person_key": key, "name": rows[0]["name"], "rank": rows[0]["rank"],
                    "rank_order": rows[0]["rank_order"],
                    "ranks": _spans(rows, "rank"), "roles": _spans(rows, "role", "post", "unit"),
                    "releases": len({r["doc_id"] for r in rows}),
                    "first_date": min((r["event_date"] for r in rows if r["event_date"]), default=None),
                    "last_date": max((r["event_date"] for r in rows if r["event_date"]), default=None),
                    "units": sorted({r["unit"] for r in rows if r["unit"]}), "same_person_as": None}
    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person in out.values():
        by_name[fold(person["name"])].append(person)
    for same_name in by_name.values():
        _link_promotions(same_name)
    return [out[key] for key in sorted(out)]


def _link_promotions(same_name: list[dict[str, Any]]) -> None:
    """Link each person to the earlier one of the same name, a lower rank and a shared unit."""
    dated = sorted((p for p in same_name if p["first_date"] and p["rank_order"]), key=lambda p: (p["first_date"], p["person_key"]))
    for i, later in enumerate(dated):
        earlier = [p for p in dated[:i] if p["rank_order"] > later["rank_order"]
                   and p["first_date"] < later["first_date"] and set(p["units"]) & set(later["units"])]
        if earlier:
            root = earlier[0]
            later["same_person_as"] = root["same_person_as"] or root["person_key"]
