"""The event date: every calendar date and every weekday written alone is a candidate,
ranked by what the words next to it say it dates (``extract/data/event_dates.yaml``): the
day of the police activity, of a statement, of something else (an incident, the start of a
range, a stage still to come), or a page stamp above the lead. The best rank wins, then
the first in the body; the record keeps why (``event_date_basis``).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple

import regex
from spacy.tokens import Doc, Span

from .resources import load_yaml
from .spans import WeekdayAlone, sentence_starts, span_attrs, span_value, state


@dataclass(frozen=True, slots=True)
class _Kind:
    name: str
    rank: int
    overrides: frozenset[str]
    before_chars: int
    before: regex.Pattern
    after: regex.Pattern | None


@dataclass(frozen=True, slots=True)
class _Rules:
    kinds: tuple[_Kind, ...]
    after_chars: int
    stamp_line: regex.Pattern
    stamp_max_chars: int
    stamp_rank: int
    range_rank: int
    plain_rank: int
    after_statement_rank: int
    to_come: frozenset[str]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A date the event could be on, with what it attaches to (``basis``) and its rank."""

    date: str
    start: int
    end: int
    basis: str
    rank: int


def _words(patterns: list[str]) -> regex.Pattern | None:
    if not patterns:
        return None
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{'|'.join(f'(?:{p})' for p in patterns)})(?:nya)?(?![\p{{L}}])")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_yaml("event_dates.yaml")
    kinds = tuple(_Kind(name, int(k["rank"]), frozenset(k.get("overrides", ())),
                        int(k.get("before_chars", data["before_chars"])), _words(k["before"]), _words(k["after"]))
                  for name, k in data["kinds"].items())
    return _Rules(kinds, int(data["after_chars"]), regex.compile(data["stamp_line"]),
                  int(data["stamp_max_chars"]), int(data["stamp_rank"]), int(data["range_rank"]),
                  int(data["plain_rank"]), int(data["after_statement_rank"]), frozenset(data["to_come"]))


def _kind_of(text: str, bounds: tuple[int, int], start: int, end: int) -> _Kind | None:
    """The kind whose cue stands nearest before the date in its sentence (else nearest after
    it), unless a kind that overrides it has a cue before the date ("akan" before
    "mengamankan ... Senin")."""
    rules = _rules()
    before = [(m.end(), kind) for kind in rules.kinds
              for m in kind.before.finditer(text, max(bounds[0], start - kind.before_chars), start)]
    if before:
        nearest = max(before, key=lambda found: found[0])[1]
        return next((kind for _, kind in before if nearest.name in kind.overrides), nearest)
    window_end = min(bounds[1], end + rules.after_chars)
    firsts = [(m.start(), i) for i, kind in enumerate(rules.kinds)
              if kind.after is not None and (m := kind.after.search(text, end, window_end))]
    return rules.kinds[min(firsts)[1]] if firsts else None


def _is_stamp(text: str, start: int, end: int, lead_start: int) -> bool:
    """A date on a short line above the lead that is a page or byline stamp."""
    rules = _rules()
    if start >= lead_start:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    rest = line[:start - line_start] + line[end - line_start:]
    return len(line.strip()) <= rules.stamp_max_chars and (
        bool(rules.stamp_line.search(line)) or not regex.search(r"\p{L}{4,}", rest))


def _lead_start(text: str, body_start: int) -> int:
    """Where the first line of the body longer than a stamp starts."""
    limit = _rules().stamp_max_chars
    for m in regex.finditer(r"[^\n]+", text[body_start:]):
        if len(m.group().strip()) > limit:
            return body_start + m.start()
    return len(text)


def _bounds(doc: Doc, start: int) -> tuple[int, int]:
    """The start and end of the sentence around ``start``."""
    doc_state = state(doc)
    if doc_state.sentences is None:
        doc_state.sentences = sentence_starts(doc_state.text)
    starts = doc_state.sentences
    i = bisect.bisect_right(starts, start) - 1
    return starts[max(i, 0)], starts[i + 1] if i + 1 < len(starts) else len(doc_state.text)


def _ranked(doc: Doc, start: int, end: int, lead_start: int, is_range: bool) -> tuple[str, int]:
    rules = _rules()
    text = state(doc).masked
    if _is_stamp(text, start, end, lead_start):
        return "stamp", rules.stamp_rank
    kind = _kind_of(text, _bounds(doc, start), start, end)
    if is_range:
        return kind.name if kind else "range", max(kind.rank if kind else 0, rules.range_rank)
    return (kind.name, kind.rank) if kind else ("plain", rules.plain_rank)


class Anchor(NamedTuple):
    """One end of a calendar date written in the text, for resolving a weekday alone."""

    start: int
    end: int
    date: str
    to_come: bool  # what the date dates is still to come ("20 November mendatang")


def resolve_weekday(found: WeekdayAlone, anchors: list[Anchor]) -> str | None:
    """A weekday written alone as the nearest day with that weekday around the calendar date
    written nearest to it (SCHEMA.md; each end of a range at its own place), or the last such
    day before it when that date is still to come; None without a calendar date."""
    if not anchors:
        return None
    anchor = min(anchors, key=lambda a: (max(a.start - found.end, found.start - a.end), a.date))
    day = dt.date.fromisoformat(anchor.date)
    shift = (found.weekday - day.weekday()) % 7
    if anchor.to_come:
        shift = shift - 7 if shift else -7
    return (day + dt.timedelta(days=shift if shift <= 3 else shift - 7)).isoformat()


def candidates(doc: Doc, dates: list[Span], body_start: int) -> list[Candidate]:
    """Every calendar date and weekday alone of the body with its basis and rank."""
    lead_start = _lead_start(state(doc).masked, body_start)
    to_come = _rules().to_come
    found, anchors = [], []
    for span in dates:
        values = [v for v in span_value(span) if v]
        if not values:
            continue
        basis, rank = _ranked(doc, span.start_char, span.end_char, lead_start, len(values) > 1)
        anchors += [Anchor(part["start"], part["end"], value, basis in to_come)
                    for part, value in zip(span_attrs(span)["parts"], span_value(span)) if value]
        if span.start_char >= body_start:
            found.append(Candidate(values[0], span.start_char, span.end_char, basis, rank))
    for weekday in state(doc).weekdays:
        day = resolve_weekday(weekday, anchors) if weekday.start >= body_start else None
        if day is not None:
            basis, rank = _ranked(doc, weekday.start, weekday.end, lead_start, False)
            found.append(Candidate(day, weekday.start, weekday.end, f"weekday_{basis}", rank))
    return found


def _after_statements(found: list[Candidate]) -> list[Candidate]:
    """The candidates, those later than every statement date ranked as still to come."""
    said = [c.date for c in found if c.basis.endswith("statement")]
    if not said:
        return found
    rank = _rules().after_statement_rank
    return [replace(c, rank=max(c.rank, rank)) if c.date > max(said) else c for c in found]


def choose(doc: Doc, dates: list[Span], body_start: int) -> tuple[Candidate | None, dict[str, Any] | None]:
    """The event date's candidate and its basis (``{"basis", "start", "end", "text"}``)."""
    found = _after_statements(candidates(doc, dates, body_start))
    if not found:
        return None, None
    best = min(found, key=lambda c: (c.rank, c.basis.startswith("weekday_"), c.start))
    basis = "only_date" if len({c.date for c in found}) == 1 else best.basis
    return best, {"basis": basis, "start": best.start, "end": best.end,
                  "text": state(doc).text[best.start:best.end]}
