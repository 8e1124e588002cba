"""The character-range index the recognisers check overlaps with: the same answers as a
scan of every range, on long releases too."""

from __future__ import annotations

import random

import pytest

from extract.nlp import build_nlp
from extract.spans import MentionRanges, Ranges, add_span


def _scan(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in ranges)


@pytest.mark.parametrize(("ranges", "query", "expected"), [
    ([], (0, 5), False),
    ([(10, 20)], (20, 25), False),  # touching is no overlap
    ([(10, 20)], (5, 10), False),
    ([(10, 20)], (19, 30), True),
    ([(10, 20)], (12, 13), True),  # inside
    ([(10, 20)], (0, 100), True),  # around
    ([(0, 100), (40, 45)], (60, 61), True),  # a long range before a short one
    ([(40, 45), (0, 100)], (99, 120), True),
])
def test_overlaps(ranges: list[tuple[int, int]], query: tuple[int, int], expected: bool) -> None:
    assert Ranges(ranges).overlaps(*query) is expected


def test_covers_is_in_span() -> None:
    index = Ranges([(3, 7)])
    assert [index.covers(pos) for pos in (2, 3, 6, 7)] == [False, True, True, False]


def test_same_answers_as_a_scan() -> None:
    rng = random.Random(7)
    ranges = [(a, a + rng.randint(1, 60)) for a in (rng.randint(0, 5000) for _ in range(300))]
    index = Ranges(ranges)
    for _ in range(3000):
        start = rng.randint(0, 5100)
        end = start + rng.randint(1, 80)
        assert index.overlaps(start, end) == _scan(ranges, start, end)


def test_mention_ranges_follow_new_mentions() -> None:
    doc = build_nlp().make_doc("Polres Belu menggelar apel di Desa Maneikun.")
    units = MentionRanges(doc, ("UNIT",))
    assert not units.covers(0)
    add_span(doc, 0, 11, "UNIT")
    add_span(doc, 30, 43, "PLACE")
    assert units.covers(0) and not units.overlaps(30, 43)
    assert MentionRanges(doc).overlaps(30, 43)
