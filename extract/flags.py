"""Every consistency flag of a record is built here: what a journalist should check.

A flag names what does not agree, in words, with the spans it concerns:
``weekday_mismatch`` (``Kamis (18/10/2024)``), ``count_mismatch`` (``151 (seratus lima
puluh)``), ``parts_mismatch`` (a personnel total and its parts that do not add up),
``title_unit_mismatch``, ``campaign_day_mismatch``, ``place_outside_unit_area``,
``event_after_publication``, and the input's own: ``input_warning``, ``truncated``,
``duplicate_id``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import regex
from spacy.tokens import Span

from .gazetteer import get_gazetteer
from .normalize import fold, parse_number_words
from .records import Flag
from .resources import load_yaml
from .spans import span_attrs, span_text, span_value


def _span_ref(span: Span) -> dict[str, Any]:
    return {"start": span.start_char, "end": span.end_char, "text": span_text(span)}


@lru_cache(maxsize=1)
def _weekday_names() -> tuple[str, ...]:
    weekdays = load_yaml("dates.yaml")["weekdays"]
    return tuple(weekdays[n][0] for n in range(7))


def weekday_mismatch(dates: list[Span]) -> list[Flag]:
    """A weekday written with a date on which that weekday does not fall."""
    names = _weekday_names()
    out = []
    for span in dates:
        weekday = span_attrs(span)["weekday"]
        iso = span_value(span)[0]  # the weekday is written before the first end of a range
        if weekday is None or iso is None:
            continue
        actual = dt.date.fromisoformat(iso).weekday()
        if actual != weekday:
            out.append(Flag("weekday_mismatch",
                            f"{span_attrs(span)['weekday_text']} does not match {iso}, which is a {names[actual]}",
                            [_span_ref(span)]))
    return out


def count_mismatch(counts: list[Span]) -> list[Flag]:
    """A number whose digits and words disagree."""
    out = []
    for span in counts:
        digits, words = span_attrs(span)["digits"], span_attrs(span)["words"]
        if not (digits and words):
            continue
        spelled = parse_number_words(words)
        written = int(digits.replace(".", ""))
        if spelled is not None and spelled != written:
            out.append(Flag("count_mismatch", f"{digits} is written in words as '{words}' ({spelled})",
                            [_span_ref(span)]))
    return out


def parts_mismatch(total: Span | None, parts: tuple[Span, ...]) -> list[Flag]:
    """A total of personnel written with two or more parts that do not add up to it."""
    if total is None or len(parts) < 2:
        return []
    added = sum(span_value(s) for s in parts)
    if added == span_value(total):
        return []
    written = " + ".join(str(span_value(s)) for s in parts)
    return [Flag("parts_mismatch", f"the total {span_value(total)} is written with parts that add up to "
                 f"{added} ({written})", [_span_ref(s) for s in (total, *parts)])]


def title_unit_mismatch(units: list[Span], title: tuple[int, int] | None) -> list[Flag]:
    """The title names a unit of a level the body names only differently."""
    if title is None:
        return []
    in_title = [s for s in units if title[0] <= s.start_char < title[1]]
    in_body = [s for s in units if s.start_char >= title[1]]
    out = []
    for span in in_title:
        level = span_attrs(span)["level"]
        same_level = [b for b in in_body if span_attrs(b)["level"] == level]
        if same_level and all(fold(span_value(b)) != fold(span_value(span)) for b in same_level):
            others = sorted({span_value(b) for b in same_level})
            out.append(Flag("title_unit_mismatch",
                            f"the title names {span_value(span)}, the body names {', '.join(others)}",
                            [_span_ref(span)] + [_span_ref(b) for b in same_level]))
    return out


@lru_cache(maxsize=1)
def _campaigns() -> list[tuple[dict[str, Any], regex.Pattern]]:
    """The campaigns of dates.yaml, each with the pattern that tells a release is about it."""
    return [(campaign, regex.compile(rf"(?i)\b(?:{'|'.join(campaign['keywords'])})\b[^\n]{{0,40}}\b{campaign['year']}\b"))
            for campaign in load_yaml("dates.yaml")["campaigns"]]


def campaign_day_mismatch(text: str, event_date: str | None,
                          campaign_days: list[tuple[int, int, int]]) -> list[Flag]:
    """``hari ke 23`` of a campaign whose first day is known must fall on the event date."""
    if event_date is None or not campaign_days:
        return []
    out = []
    for campaign, about in _campaigns():
        if not about.search(text):
            continue
        for start, end, day in campaign_days:
            expected = dt.date.fromisoformat(campaign["start"]) + dt.timedelta(days=day - 1)
            if expected.isoformat() != event_date:
                out.append(Flag("campaign_day_mismatch",
                                f"day {day} of the {campaign['name']} campaign is {expected.isoformat()}, "
                                f"not {event_date}",
                                [{"start": start, "end": end, "text": text[start:end]}]))
        break
    return out


def place_outside_unit_area(unit_details: list[dict[str, Any]],
                            places: list[tuple[str, Span, str | None]]) -> list[Flag]:
    """A place (name, span, code) outside the areas of every unit the release names."""
    lead = next((d for d in unit_details if d["area_code"] and d["level"] in ("polres", "polsek")), None)
    if lead is None:
        return []
    gazetteer = get_gazetteer()
    unit_areas = [d["area_code"] for d in unit_details if d["area_code"]]
    return [Flag("place_outside_unit_area",
                 f"{name} ({code}) is outside the area of {lead['name']} ({lead['area_code']})", [_span_ref(span)])
            for name, span, code in places
            if code and not any(gazetteer.is_within(code, a) or gazetteer.is_within(a, code) for a in unit_areas)]


def event_after_publication(event_date: str | None, published: dt.date | None, span: Span | None) -> list[Flag]:
    if not (published and event_date and dt.date.fromisoformat(event_date) > published):
        return []
    return [Flag("event_after_publication", f"event date {event_date} is after the publication date {published}",
                 [_span_ref(span)] if span is not None else [])]


def input_warnings(warnings: Iterable[str]) -> list[Flag]:
    """Problems noticed while reading the input (legacy encoding, HTML, NUL bytes)."""
    return [Flag("input_warning", warning) for warning in warnings]


def truncated(length: int, limit: int) -> Flag:
    return Flag("truncated", f"the text has {length:,} characters; only the first {limit:,} were read")


def duplicate_id(first: str, now: str) -> Flag:
    return Flag("duplicate_id", f"id '{first}' was used by an earlier document; this one is '{now}'")
