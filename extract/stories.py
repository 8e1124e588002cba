"""Reprints grouped into stories, and the facts on which a story's reprints disagree.

One police release is published by the Polres site, the Polda site, tribratanews and
local outlets, each with its own prefix, headline, cuts and edits. Every document gets a
``story_id`` shared with its reprints:

1. :func:`signature`, where the document is extracted: the word shingles of its body
   (boilerplate masked by :mod:`extract.clean`, the headline left out) as sorted 32-bit
   hashes, and their MinHash (``permutations`` 32-bit values). Small: no text is kept.
2. :func:`group`, once every signature is known: MinHash LSH banding (the bands that
   minimize datasketch's error measure for the threshold, the index as sorted band keys) proposes candidate pairs, each verified by its real shingle overlap (containment: the shared shingles over
   the smaller document's, so a cut reprint still matches); verified pairs are joined by
   union-find. A story's id is derived from its smallest member id, so it does not depend
   on input order, worker count, engine or resumption.

:func:`reprint_conflicts` compares the members of one story: a personnel count, event
date or commander that differs, or unit and place lists neither of which holds the other
(a cut reprint names fewer, not others), is a conflict naming the fact, the values and the
documents. The settings (shingle size, permutations, thresholds) are in
``extract/data/stories.yaml``, chosen by ``benchmarks/reprints.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import regex

from .clean import CleanText, clean
from .resources import load_yaml

#: The MinHash is datasketch's ``MinHash(seed=SEED, hashfunc=int, scheme="affine32")``, computed
#: here without importing datasketch (whose import, with scipy, costs most of a second).
SEED = 1
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_EMPTY = np.uint32(0xFFFFFFFF)
_WORD = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True, slots=True)
class Settings:
    shingle_words: int
    permutations: int
    lsh_threshold: float
    min_containment: float
    min_shingles: int


@lru_cache(maxsize=1)
def settings() -> Settings:
    data = load_yaml("stories.yaml")
    return Settings(int(data["shingle_words"]), int(data["permutations"]), float(data["lsh_threshold"]),
                    float(data["min_containment"]), int(data["min_shingles"]))


@dataclass(frozen=True, slots=True)
class Signature:
    """What grouping needs of one document: its shingle hashes and their MinHash, as bytes."""

    shingles: bytes
    minhash: bytes

    def shingle_array(self) -> np.ndarray:
        return np.frombuffer(self.shingles, dtype=np.uint32)


def _hash32(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=4).digest(), "little")


@lru_cache(maxsize=4)
def _permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``count`` affine permutations ``a * h + b`` (``a`` odd) datasketch draws for SEED."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, count, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return a, gen.randint(0, 1 << 32, count, dtype=np.uint32)


def minhash(hashes: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` MinHash values (uint32) of a set of 32-bit hashes: each hash mixed by the
    MurmurHash3 finalizer, then the least of every permutation (all ones for no hash)."""
    a, b = _permutations(count)
    if not len(hashes):
        return np.full(count, _EMPTY, dtype=np.uint32)
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hashes.astype(np.uint32).reshape(-1, 1)
    hv = (hv ^ (hv >> s1)) * m1
    hv = (hv ^ (hv >> s2)) * m2
    hv = hv ^ (hv >> s3)
    return (hv * a + b).min(axis=0)


def signature(text: str, title: str | None = None, config: Settings | None = None,
              cleaned: CleanText | None = None) -> Signature:
    """The signature of a document's body: boilerplate masked, the headline left out
    (``cleaned``: ``clean(text, title)`` when the caller has it already)."""
    config = config or settings()
    cleaned = cleaned or clean(text, title)
    body = cleaned.text[cleaned.title[1]:] if cleaned.title else cleaned.text
    words = _WORD.findall(body.lower())
    k = config.shingle_words
    hashes = np.unique(np.array([_hash32(" ".join(words[i:i + k])) for i in range(len(words) - k + 1)],
                                dtype=np.uint32))
    return Signature(hashes.tobytes(), minhash(hashes, config.permutations).tobytes())


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Shared shingles over the smaller set's (0 when either is empty)."""
    smaller = min(len(a), len(b))
    return len(np.intersect1d(a, b, assume_unique=True)) / smaller if smaller else 0.0


def story_id(members: Iterable[str]) -> str:
    """A story's id: from its smallest member id, so the same members give the same id."""
    return "story-" + hashlib.sha256(min(members).encode("utf-8")).hexdigest()[:16]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        while root != self.parent[root]:
            root = self.parent[root]
        while key != root:
            key, self.parent[key] = self.parent[key], root
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _integral(values: np.ndarray, start: float, end: float) -> float:
    """The trapezoid rule over evenly spaced ``values`` from ``start`` to ``end``."""
    return float((values.sum() - (values[0] + values[-1]) / 2) * (end - start) / (len(values) - 1))


@lru_cache(maxsize=8)
def _banding(threshold: float, permutations: int) -> tuple[int, int]:
    best, error = (0, 0), float("inf")
    below, above = np.linspace(0.0, threshold, 2001), np.linspace(threshold, 1.0, 2001)
    for b in range(1, permutations + 1):
        for r in range(1, permutations // b + 1):
            false_positive = _integral(1 - (1 - below ** r) ** b, 0.0, threshold)
            false_negative = _integral((1 - above ** r) ** b, threshold, 1.0)
            if 0.5 * (false_positive + false_negative) < error:
                best, error = (b, r), 0.5 * (false_positive + false_negative)
    return best


def banding(config: Settings) -> tuple[int, int]:
    """(bands, rows per band) of the LSH index: the ones minimizing the mean of the
    false-positive and false-negative probability integrals, as datasketch's ``MinHashLSH``
    chooses them (a test checks the two agree)."""
    return _banding(config.lsh_threshold, config.permutations)


def candidate_buckets(matrix: np.ndarray, bands: int, rows: int) -> Iterator[np.ndarray]:
    """The row indices (ascending) of each set of two or more rows whose MinHash values agree
    on all rows of one band, band after band.

    The index is one sorted array of band keys per band (8 bytes a document), not a
    dictionary of buckets, and a bucket is given as its members, not as the pairs of them
    (a story of a hundred reprints is a hundred members, not five thousand pairs a band):
    memory stays a small multiple of the signatures'."""
    n = len(matrix)
    for band in range(bands):
        keys = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for column in matrix[:, band * rows:(band + 1) * rows].T.astype(np.uint64):
                keys = keys * np.uint64(0x9E3779B97F4A7C15) + column
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        lengths = np.diff(np.r_[starts, n])
        for start, length in zip(starts[lengths > 1], lengths[lengths > 1]):
            yield np.sort(order[start:start + length])


def group(minhashes: Iterable[tuple[str, bytes]], shingles_of: Callable[[str], np.ndarray],
          config: Settings | None = None) -> dict[str, str]:
    """doc id -> story id for every document given as ``(doc id, Signature.minhash)``.

    ``shingles_of(doc_id)`` gives a candidate's shingle hashes for the verification (so the
    shingles need not all be held at once). A document with fewer than ``min_shingles``
    shingles (an error record, a one-line text) is a story of its own."""
    config = config or settings()
    given = dict(minhashes)
    keys = sorted(given)
    indexed = [k for k in keys if len(shingles_of(k)) >= config.min_shingles]
    matrix = np.frombuffer(b"".join(given[k] for k in indexed), dtype=np.uint32)
    matrix = matrix.reshape(len(indexed), config.permutations)
    del given
    union = _UnionFind()
    for key in keys:
        union.find(key)
    # a pair of candidates is verified unless its documents are joined already: the stories
    # are the connected parts of the verified pairs, whatever the order they are tried in
    for bucket in candidate_buckets(matrix, *banding(config)):
        members = [indexed[i] for i in bucket]
        if len({union.find(m) for m in members}) == 1:
            continue
        for x, a in enumerate(members):
            for b in members[x + 1:]:
                if union.find(a) != union.find(b) and \
                        containment(shingles_of(a), shingles_of(b)) >= config.min_containment:
                    union.union(a, b)
    members: dict[str, list[str]] = {}
    for key in keys:
        members.setdefault(union.find(key), []).append(key)
    return {key: story_id(group_) for group_ in members.values() for key in group_}


# ----------------------------------------------------------------- conflicting reprints

#: The facts compared across a story's members: name -> how to read it from an events row.
SCALAR_FACTS = {"personnel_count": "personnel_count", "event_date": "event_date", "commander": "commander_name"}
LIST_FACTS = ("units", "places")


def _places(event: dict[str, Any]) -> list[str]:
    return [*(event.get("villages") or []), *(event.get(k) for k in ("district", "regency", "province") if event.get(k))]


def _fact_values(event: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {fact: event.get(key) for fact, key in SCALAR_FACTS.items()}
    values["units"] = tuple(sorted(set(event.get("units") or [])))
    values["places"] = tuple(sorted(set(_places(event))))
    return values


def _disagree(fact: str, values: list[Any]) -> bool:
    present = [v for v in values if v not in (None, ())]
    if fact not in LIST_FACTS:
        return len(set(present)) > 1
    sets = [set(v) for v in present]
    return any(not (a <= b or b <= a) for i, a in enumerate(sets) for b in sets[i + 1:])


def reprint_conflicts(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The facts on which the members of one story disagree (``events`` are their events
    rows, with ``doc_id``): ``[{"fact", "values": [{"value", "documents"}]}]``, the values
    in the order of their first document. A member that does not give a fact (a cut
    reprint) does not disagree; a list (units, places) disagrees when one member names
    what another does not and the other way round."""
    ok = sorted((e for e in events if e.get("status", "ok") == "ok"), key=lambda e: e["doc_id"])
    facts = [(_fact_values(e), e["doc_id"]) for e in ok]
    conflicts = []
    for fact in (*SCALAR_FACTS, *LIST_FACTS):
        if not _disagree(fact, [values[fact] for values, _ in facts]):
            continue
        by_value: dict[Any, list[str]] = {}
        for values, doc_id in facts:
            if values[fact] not in (None, ()):
                by_value.setdefault(values[fact], []).append(doc_id)
        conflicts.append({"fact": fact, "values": [
            {"value": list(v) if isinstance(v, tuple) else v, "documents": docs} for v, docs in by_value.items()]})
    return conflicts


def conflict_message(conflict: dict[str, Any]) -> str:
    """``the reprints disagree on personnel_count: 151 (a, b), 115 (c)``."""
    values = "; ".join(f"{', '.join(map(str, v['value'])) if isinstance(v['value'], list) else v['value']} "
                       f"({', '.join(v['documents'])})" for v in conflict["values"])
    return f"the reprints of this story disagree on {conflict['fact']}: {values}"


# ----------------------------------------------------------------- one row per story

#: The canonical event's fields copied onto its story's row.
CANONICAL_FIELDS = ("event_type", "event_date", "lead_unit", "commander_name", "regency", "region_code",
                    "personnel_count")
_ISO_DATE = regex.compile(r"\d{4}-\d{2}-\d{2}")


def outlet(url: str | None) -> str | None:
    """The outlet of a URL: its host name without ``www.``."""
    host = urlsplit(url).hostname if url else None
    return host[4:] if host and host.startswith("www.") else host


def _completeness(event: dict[str, Any]) -> int:
    return sum(value not in (None, [], "") for value in event.values())


def canonical(members: list[dict[str, Any]]) -> dict[str, Any]:
    """The member that stands for the story: the earliest published (an ISO ``published``),
    else the most complete event; ties go to the smallest document id. Error records only
    when the story has nothing else."""
    usable = [m for m in members if m.get("status") == "ok"] or members
    dated = [m for m in usable if _ISO_DATE.match(m.get("published") or "")]
    if dated:
        return min(dated, key=lambda m: (m["published"][:10], m["doc_id"]))
    return min(usable, key=lambda m: (-_completeness(m), m["doc_id"]))


def story_row(story: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    """A story's row: its canonical event, its members with their outlets and dates, the
    number of outlets, and the facts its reprints disagree on. ``members`` are events rows
    with the document's ``published``."""
    members = sorted(members, key=lambda m: m["doc_id"])
    lead = canonical(members)
    conflicts = reprint_conflicts(members)
    outlets = {outlet(m.get("source_url")) for m in members} - {None}
    return {
        "story_id": story,
        "canonical_event_id": lead["event_id"],
        "canonical_doc_id": lead["doc_id"],
        **{name: lead.get(name) for name in CANONICAL_FIELDS},
        "documents": len(members),
        "outlets": len(outlets),
        "members": [{"doc_id": m["doc_id"], "event_id": m["event_id"], "outlet": outlet(m.get("source_url")),
                     "url": m.get("source_url"), "published": m.get("published"), "event_date": m.get("event_date"),
                     "title": m.get("title")} for m in members],
        "conflicts": conflicts,
        "flags": ["reprint_conflict"] if conflicts else [],
    }
