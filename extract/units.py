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
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

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


def canonical_of(name: str) -> str:
    """The canonical name of a unit known only by its name (``Polres Belu``, from a role)."""
    levels = {t["type"]: t["level"] for t in load_yaml("units.yaml")["types"]}
    unit_type, _, place = name.partition(" ")
    if unit_type not in levels or not place:
        return name
    area = get_gazetteer().unit_area(unit_type, place)
    return canonical_name(name, unit_type, levels[unit_type], place, area)


def unit_id(canonical: str) -> str:
    """The stable key of a unit: its canonical name folded, words joined by dashes."""
    return "-".join(fold(canonical).replace("/", " ").split())


def unit_rows(details: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the units table for a record's ``unit_details``: one per canonical unit, and
    one for each Polda above them (so that ``units.polda`` always joins to ``units.name``)."""
    rows: dict[str, dict[str, Any]] = {}
    for detail in details:
        name = detail["canonical"]
        rows.setdefault(name, {**detail, "name": name, "unit_id": unit_id(name),
                               "place": name[len(detail["type"]):].strip() or None})
        polda = detail["polda"]
        if polda and polda not in rows:
            code = detail["polda_code"]
            region = get_gazetteer().region(code) if code else None
            rows[polda] = {"name": polda, "unit_id": unit_id(polda), "type": "Polda", "level": "polda",
                           "place": polda[len("Polda "):], "area_code": code,
                           "area_name": region.name if region else None, "polda": None, "polda_code": code}
    return sorted(rows.values(), key=lambda row: row["level"] != "polda")  # a Polda before the units it holds
