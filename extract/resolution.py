"""Place resolution: the Kemendagri regions the places of one release name, chosen together
in the release's own area, with the spelling variants releases write inside that area.
Uses the region index of :mod:`.gazetteer` (``Gazetteer.resolve`` and ``Gazetteer.near``
call in here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .region_codes import ancestry, code_level, is_inside, name_number, normalize_code, normalize_name, prefix_set, \
    shared_depth
from .text import within_one_edit

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

Status = Literal["resolved", "near", "ambiguous", "unknown"]

BELOW_VILLAGE = 5
"""The level of a place under the village (dusun, lingkungan): it has no Kemendagri code."""

_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True, slots=True)
class PlaceQuery:
    """A place named in a release: its name, level (1-4, or None) and level word as written."""

    name: str
    level: int | None = None
    #: "desa", "kelurahan", "nagari", "gampong", "kampung", "dusun", "kecamatan", "kabupaten", "kota",
    #: "provinsi" (any word of region_level_words.csv) or None.
    type: str | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    """The region a :class:`PlaceQuery` names, as far as it can be told."""

    query: PlaceQuery
    #: The Kemendagri code, when exactly one region fits.
    code: str | None
    #: The codes still in contention: the code when resolved, the tied ones when ambiguous, none when unknown.
    candidates: list[str] = field(hash=False)
    status: Status


def spelling_key(key: str) -> str:
    """A normalized name with the variants releases write folded together: doubled letters
    written once and every run of vowels one vowel (``lelilefwoebulan`` and ``lililefwaibulan``,
    ``pattingalloang`` and ``patingalloang`` give one key)."""
    return _VOWELS.sub("a", _DOUBLED.sub(r"\1", key))


def _query_pool(gaz: Gazetteer, query: PlaceQuery) -> tuple[list[str], str | None]:
    """The candidate codes of a query and its desa/kelurahan hint."""
    word = gaz.level_word(query.type) if isinstance(query.type, str) else None
    level = query.level or (word.level if word else None)
    if level == BELOW_VILLAGE or (word and word.level == BELOW_VILLAGE):
        return [], None
    codes = gaz.codes(query.name, level)
    if not word or word.level != level:
        return codes, None
    if level == 4 and isinstance(query.name, str):
        # Some official names carry the level word: "Gampong Baro" is the gampong named "Baro" in text.
        codes = sorted(set(codes) | set(gaz.codes(f"{query.type} {query.name}", 4)))
    if level == 2:
        return [c for c in codes if gaz.region_type(c) == word.type] or codes, None
    return codes, word.type if level == 4 else None


def _named_regions(pools: list[list[str]], areas: list[str]) -> list[str]:
    """The regencies and provinces a release with a context names, each resolved alone."""
    return [pool[0] for pool in pools if areas and len(pool) == 1 and code_level(pool[0]) <= 2]


def resolve(gaz: Gazetteer, places: Sequence[PlaceQuery], context: Sequence[str] = ()) -> list[Resolution]:
    """See :meth:`Gazetteer.resolve`."""
    areas = [c for c in map(normalize_code, context) if c and gaz.region(c)]
    queried = [_query_pool(gaz, query) for query in places]
    named = _named_regions([pool for pool, _ in queried], areas)
    provinces = {code.split(".")[0] for code in areas + named}
    own = areas + [code for code in named if code_level(code) == 2]  # the release's own area
    pools = [
        nearest([c for c in pool if not provinces or code_level(c) < 3 or c.split(".")[0] in provinces], areas)
        for pool, _ in queried
    ]
    pools = _anchored(_clustered(pools))
    results = []
    for query, pool, (_, hint) in zip(places, pools, queried, strict=True):
        if len(pool) > 1 and hint:
            pool = [c for c in pool if gaz.region_type(c) == hint] or pool
        status: Status = "resolved" if len(pool) == 1 else "ambiguous" if pool else "unknown"
        if query.level in (3, 4) and areas and not _inside(pool, own):
            found = near(gaz, query.name, query.level, own) or _village_for_district(gaz, query, own)
            if len(found) == 1:  # one spelling variant inside the release's own area
                pool, status = found, "near"
        results.append(Resolution(query, pool[0] if len(pool) == 1 else None, list(pool), status))
    return results


def _village_for_district(gaz: Gazetteer, query: PlaceQuery, areas: list[str]) -> list[str]:
    """A kecamatan the release names that Kemendagri has as a village of its area
    (``Kecamatan Bebatu`` for the desa Bebatu): that village."""
    if query.level != 3:
        return []
    return [c for c in gaz.codes(query.name, 4) if _inside([c], areas)]


def _inside(pool: list[str], areas: list[str]) -> bool:
    """Whether a candidate lies inside a regency-or-deeper area of the release (or there is none)."""
    local = [a for a in areas if code_level(a) >= 2]
    return bool(pool) and (not local or any(is_inside(c, a) for c in pool for a in local))


def _short_name(gaz: Gazetteer, code: str) -> str:
    """The village's name without the words of its kecamatan's name ("Maba Sangaji" in
    Kecamatan Kota Maba is "Sangaji"; "Jelarai Selor" in Tanjung Selor is "Jelarai")."""
    district = {w.casefold() for w in gaz.name(code.rsplit(".", 1)[0]).split()}
    return normalize_name(" ".join(w for w in gaz.name(code).split() if w.casefold() not in district))


def _holds(gaz: Gazetteer, code: str, words: list[str]) -> bool:
    """Whether the region's name begins or ends with ``words`` and has more words."""
    own = gaz.name(code).casefold().split()
    return len(own) > len(words) and (own[:len(words)] == words or own[-len(words):] == words)


def near(gaz: Gazetteer, name: str, level: int, areas: Sequence[str]) -> list[str]:
    """See :meth:`Gazetteer.near`."""
    key = normalize_name(name)
    if len(key) < 6:
        return []
    number, variant = name_number(name), spelling_key(key)
    words = name.casefold().split()
    deepest = max(code_level(a) for a in areas)
    found = []
    for area in sorted({a for a in areas if code_level(a) == deepest}):
        inside = gaz.codes_within(area, level)
        partial = [code for code, _ in inside if _holds(gaz, code, words)]
        for code, other in inside:
            if other != key and (within_one_edit(key, other) or spelling_key(other) == variant) \
                    and number == name_number(gaz.name(code)):
                found.append(code)
        if len(partial) == 1 and (level == 3 or _short_name(gaz, partial[0]) == key):
            found += partial  # the only kecamatan of the area whose name holds it, or village
    return sorted(set(found))


def nearest(pool: list[str], areas: list[str]) -> list[str]:
    """The candidates sharing the deepest ancestor with a context area."""
    if len(pool) < 2 or not areas:
        return pool
    prefixes = prefix_set(areas)
    depths = [shared_depth(code, prefixes) for code in pool]
    best = max(depths)
    return [code for code, depth in zip(pool, depths, strict=True) if depth == best]


def _clustered(pools: list[list[str]]) -> list[list[str]]:
    """Narrow the pools to the one region most places fit, level by level.

    Province, then regency, then kecamatan: the region inside the previous one that the
    most places have a candidate in (or above: a regency place fits its kecamatan). Only a
    region with more places than any other counts; a tie ends the narrowing. Each place
    keeps its candidates in that region, or all of them when it has none there.
    """
    cluster: str | None = None
    for depth in (1, 2, 3):
        regions = {
            ancestry(code)[depth - 1]
            for pool in pools
            for code in pool
            if code_level(code) >= depth and (cluster is None or is_inside(code, cluster))
        }
        fits = sorted(
            ((sum(any(is_inside(c, r) or is_inside(r, c) for c in pool) for pool in pools), r) for r in regions),
            reverse=True,
        )
        if not fits or (len(fits) > 1 and fits[0][0] == fits[1][0]):
            break
        cluster = fits[0][1]
        pools = [[c for c in pool if is_inside(c, cluster) or is_inside(cluster, c)] or pool for pool in pools]
    return pools


def _anchored(pools: list[list[str]]) -> list[list[str]]:
    """Narrow each pool to the candidates nearest the places already resolved, to a fixpoint."""
    while True:
        resolved = [pool[0] if len(pool) == 1 else None for pool in pools]
        narrowed = [
            nearest(pool, [code for j, code in enumerate(resolved) if code and j != i])
            for i, pool in enumerate(pools)
        ]
        if narrowed == pools:
            return pools
        pools = narrowed
