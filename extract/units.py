"""One canonical name and a stable ``unit_id`` per police unit, and the Polda above it.

A release writes a unit as it likes (``Polda Jabar``, ``Polda Jawa Barat``; ``Polres
Minsel``, ``Polres Minahasa Selatan``); the record keeps the form SCHEMA asks for, the
units table and every join use the canonical name, which is the unit written in full:

- a Polda is ``Polda`` + the Kemendagri name of its province, except the Poldas of
  ``data/poldas.csv`` whose area is not one province (``Polda DKI Jakarta`` and the Polres
  of Bekasi, Depok and Tangerang belong to ``Polda Metro Jaya``);
- a Polres or Polsek whose place is an abbreviation of its area's name is written with the
  area's name (``Polres OKU Timur`` is ``Polres Ogan Komering Ulu Timur``); a place that
  reads as its area (``Polresta Kupang Kota``) or has no area stays as written.

``unit_id`` is the canonical name in lower case with dashes (``polres-belu``): the same for
every run and every form of the unit.

The units table of a run holds every unit named in a release, every unit named only inside
an officer's post (``Kapolres Belu`` where ``Polres Belu`` is never written: :func:`detail_of`
reads it as the recogniser would) and the Polda above each, ``named_as`` saying which; so
``events.lead_unit``, ``officers.unit`` and ``units.polda`` always join ``units.name``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex

from .gazetteer import get_gazetteer
from .resources import load_csv, load_yaml
from .text import fold

_LEVEL_OF = {"polsek": 3, "polres": 2}
_AREA_PREFIXES = ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ")


@lru_cache(maxsize=1)
def _poldas() -> dict[str, str]:
    """Area code -> the Polda of ``poldas.csv`` that covers it."""
    return {code: row["polda"] for row in load_csv("poldas.csv") for code in row["codes"].split()}


@lru_cache(maxsize=4096)
def polda_of(area_code: str | None) -> tuple[str | None, str | None]:
    """The canonical Polda covering ``area_code`` and its province's code when it is one
    province (None for the Poldas of several provinces' parts)."""
    if not area_code:
        return None, None
    listed = _poldas()
    parts = area_code.split(".")
    for depth in range(len(parts), 0, -1):  # the longest listed code containing the area
        if ".".join(parts[:depth]) in listed:
            return listed[".".join(parts[:depth])], None
    province = get_gazetteer().region(area_code[:2])
    return (f"Polda {province.name}", province.code) if province else (None, None)


def _short_area_name(code: str) -> str:
    name = get_gazetteer().region(code).name
    return next((name[len(p):] for p in _AREA_PREFIXES if name.startswith(p)), name)


def canonical_name(name: str, unit_type: str, level: str, place: str | None, area_code: str | None) -> str:
    """The canonical name of a unit written ``name`` (type, level, place and area as in ``unit_details``)."""
    if level == "polda" and area_code:
        polda = polda_of(area_code)[0]
        return polda if unit_type == "Polda" else f"{unit_type.split()[0]} {polda}"
    if not place or not area_code or level not in _LEVEL_OF:
        return name
    area = _short_area_name(area_code)
    if set(fold(area).split()) <= set(fold(place).split()):
        return name
    spelled = {r.code for r in get_gazetteer().candidates(place, level=_LEVEL_OF[level])}
    return f"{unit_type} {area}" if area_code in spelled else name


def detail(name: str, unit_type: str | None, level: str | None, place: str | None,
           area_code: str | None) -> dict[str, Any]:
    """A unit written ``name`` with its place in the hierarchy: type, level, area, the Polda
    above it and its canonical name (an entry of a record's ``unit_details``)."""
    polda, polda_code = polda_of(area_code)
    canonical = canonical_name(name, unit_type, level, place, area_code) if unit_type else name
    return {"name": name, "type": unit_type, "level": level, "place": place, "area_code": area_code,
            "area_name": get_gazetteer().region(area_code).name if area_code else None,
            "polda": polda if level != "polda" else None, "polda_code": polda_code,
            "canonical": canonical, "unit_id": unit_id(canonical)}


@lru_cache(maxsize=1)
def _type_patterns() -> tuple[tuple[regex.Pattern, str, str], ...]:
    """(pattern at the start of a name, type, level) of every unit type, as units.yaml orders them."""
    return tuple((regex.compile(rf"(?:{t['pattern']})(?=\s|$)"), t["type"], t["level"])
                 for t in load_yaml("units.yaml")["types"])


@lru_cache(maxsize=4096)
def _detail_of(name: str) -> dict[str, Any]:
    for pattern, unit_type, level in _type_patterns():
        found = pattern.match(name)
        if found:
            place = name[found.end():].strip() or None
            area = get_gazetteer().unit_area(unit_type, place) if place else None
            return detail(name, unit_type, level, place, area)
    return detail(name, None, None, None, None)


def detail_of(name: str) -> dict[str, Any]:
    """The ``unit_details`` entry of a unit known only by its name (``Polres Belu``, from an
    officer's role ``Kapolres Belu``): its type read as the recogniser reads it."""
    return dict(_detail_of(name))


def canonical_of(name: str) -> str:
    """The canonical name of a unit known only by its name."""
    return _detail_of(name)["canonical"]


def unit_id(canonical: str) -> str:
    """The stable key of a unit: its canonical name folded, words joined by dashes."""
    return "-".join(fold(canonical).replace("/", " ").split())


#: What ``units.named_as`` says of a unit, the strongest first: its name is written in a
#: release; it is named only inside an officer's post (``Kapolres Belu``); it is only the
#: Polda above a unit of the run.
NAMED_AS = ("unit", "post", "polda")


def stronger(a: str, b: str) -> str:
    """The stronger of two ``named_as`` values."""
    return min(a, b, key=NAMED_AS.index)


def unit_rows(details: list[dict[str, Any]], posts: list[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """Rows of the units table for a record's ``unit_details`` and the units of its officers'
    posts (:func:`detail_of`): one per canonical unit, and one for each Polda above them (so
    that ``units.polda`` and ``officers.unit`` always join to ``units.name``). The first
    form of a unit gives its row; ``named_as`` is the strongest seen."""
    rows: dict[str, dict[str, Any]] = {}
    for detail_, named_as in [(d, "unit") for d in details] + [(d, "post") for d in posts]:
        name = detail_["canonical"]
        row = rows.setdefault(name, {**detail_, "name": name, "unit_id": unit_id(name), "named_as": named_as,
                                     "place": name[len(detail_["type"] or ""):].strip() or None})
        row["named_as"] = stronger(row["named_as"], named_as)
        polda = detail_["polda"]
        if polda and polda not in rows:
            code = detail_["polda_code"]
            region = get_gazetteer().region(code) if code else None
            rows[polda] = {"name": polda, "unit_id": unit_id(polda), "type": "Polda", "level": "polda",
                           "place": polda[len("Polda "):], "area_code": code, "named_as": "polda",
                           "area_name": region.name if region else None, "polda": None, "polda_code": code}
    return sorted(rows.values(), key=lambda row: row["level"] != "polda")  # a Polda before the units it holds


def upsert_sql(insert: str) -> str:
    """``insert`` (of one units row) keeping the row first written for a name and raising its
    ``named_as`` to the strongest seen, so the table is the same however the rows are batched."""
    rank = "CASE {} " + " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(NAMED_AS)) + " END"
    return (f"{insert} ON CONFLICT(name) DO UPDATE SET named_as = excluded.named_as "
            f"WHERE {rank.format('excluded.named_as')} < {rank.format('units.named_as')}")
