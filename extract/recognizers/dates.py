"""Dates and times: ``kamis (17/10/2024)``, ``Rabu, 2 Oktober 2024``, ``25 September hingga
24 Oktober 2024``, ``pukul 14.30 wita``; weekdays written alone; campaign days. Month and
weekday names, range words, time words and zones are in ``extract/data/dates.yaml``.
"""

from __future__ import annotations

from typing import Any

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import load_yaml
from ..spans import Ranges, WeekdayAlone, add_span, state
from .base import ASSIGNS, REQUIRES, Recognizer
from .matching import TriggeredPattern, alternation, leading_prefixes


@Language.factory("tribrata_dates", assigns=ASSIGNS, requires=REQUIRES, default_config={"data": "dates.yaml"})
def make_dates(nlp: Language, name: str, data: str) -> "DateRecognizer":
    return DateRecognizer(name, data)


class DateRecognizer(Recognizer):
    """Calendar dates (``kamis (17/10/2024)``, ``Rabu, 2 Oktober 2024``, ranges) and
    clock times (``pukul 14.30 wita``) as mentions; weekdays written alone and campaign days
    (``hari ke-23 kampanye``) onto the document's state, for the event date and its checks."""

    labels = ("DATE", "TIME")

    def __init__(self, name: str, data: str) -> None:
        super().__init__(name)
        data = load_yaml(data)
        self.month_of = {w.casefold(): int(n) for n, words in data["months"].items() for w in words}
        self.weekday_of = {w.casefold(): int(n) for n, words in data["weekdays"].items() for w in words}
        months = "|".join(sorted(self.month_of, key=len, reverse=True))
        weekdays = "|".join(sorted(self.weekday_of, key=len, reverse=True))
        ranges = alternation(data["range_words"])
        day_part = rf"(?:(?:{alternation(data['day_parts'])})[^\S\n]*)?"
        wd = rf"(?:(?P<wd>{weekdays})[^\S\n]*{day_part},?[^\S\n]*(?:tanggal|tgl\.?)?[^\S\n]*)?"
        self.numeric = regex.compile(
            rf"(?i)(?<![\p{{L}}\d/]){wd}(?P<open>\()?[^\S\n]*(?P<d>\d{{1,2}})[/\-.](?P<m>\d{{1,2}})"
            rf"(?:[/\-.](?P<y>\d{{4}}|\d{{2}}))?[^\S\n]*(?P<close>\))?(?![\d/])"
        )
        self.textual = regex.compile(
            rf"(?i)(?<![\p{{L}}\d]){wd}(?:(?P<d1>\d{{1,2}})(?:[^\S\n]+(?P<m1>{months})\.?)?(?:[^\S\n]+(?P<y1>\d{{4}}))?"
            rf"[^\S\n]*(?:{ranges})[^\S\n]*)?(?P<d>\d{{1,2}})[^\S\n]+(?P<m>{months})\.?(?:[ \t,]+(?P<y>\d{{4}}))?(?![\p{{L}}\d])"
        )
        zones = "|".join(data["timezones"])
        self.time = regex.compile(
            rf"(?i)(?<![\p{{L}}])(?:{alternation(data['time_words'])})[^\S\n]+(?P<h>\d{{1,2}})(?:[.:](?P<mi>\d{{2}}))?"
            rf"(?:[^\S\n]*(?P<tz>{zones})(?![\p{{L}}]))?"
        )
        digits = {str(d) for d in range(10)}
        self.textual_in_text = TriggeredPattern(self.textual, set(self.weekday_of) | digits)
        self.time_in_text = TriggeredPattern(self.time, leading_prefixes(alternation(data["time_words"])))
        self.weekday_alone = regex.compile(rf"(?<![\p{{L}}])({alternation(data['weekdays_alone'])})(?![\p{{L}}])")
        self.campaign_day = regex.compile(data["campaign_day"])
        self.bare_date_before = regex.compile(data["bare_date_before"], regex.MULTILINE)
        # a numeric date starts at its weekday, its "(" or its day (spaces before the day
        # start a match only where it has neither, and such a match is not taken)
        self.numeric_in_text = TriggeredPattern(self.numeric, set(self.weekday_of) | digits, "(")

    def recognize(self, doc: Doc, text: str) -> None:
        taken = Ranges()
        for m in self.textual_in_text.finditer(doc, text):
            weekday = self.weekday_of.get(m.group("wd").casefold()) if m.group("wd") else None
            month = self.month_of[m.group("m").casefold()]
            year = int(m.group("y")) if m.group("y") else None
            parts = []
            if m.group("d1"):
                month1 = self.month_of[m.group("m1").casefold()] if m.group("m1") else month
                year1 = int(m.group("y1")) if m.group("y1") else None
                parts.append({"day": int(m.group("d1")), "month": month1, "year": year1, "role": "range_start",
                              "start": m.start("d1"), "end": m.end("y1") if m.group("y1") else m.end("m1") if m.group("m1") else m.end("d1")})
            parts.append({"day": int(m.group("d")), "month": month, "year": year,
                          "role": "range_end" if m.group("d1") else "single",
                          "start": m.start("d"), "end": m.end()})
            self._add(doc, m, weekday, parts)
            taken.add(*m.span())
        for m in self.numeric_in_text.finditer(doc, text):
            if taken.covers(m.start()):
                continue
            if not self._has_context(m, state(doc).text):
                continue
            weekday = self.weekday_of.get(m.group("wd").casefold()) if m.group("wd") else None
            year = m.group("y")
            parts = [{"day": int(m.group("d")), "month": int(m.group("m")),
                      "year": (int(year) + 2000 if len(year) == 2 else int(year)) if year else None,
                      "role": "single", "start": m.start("d"), "end": m.end()}]
            self._add(doc, m, weekday, parts)
        for m in self.time_in_text.finditer(doc, text):
            add_span(doc, m.start(), m.end(), "TIME", hour=int(m.group("h")),
                     minute=int(m.group("mi") or 0), zone=(m.group("tz") or "").upper() or None)
        self._weekdays_and_campaign_days(doc, text)

    def _has_context(self, m: regex.Match, text: str) -> bool:
        """A numeric date with its weekday, in brackets, or written in full at the start of a
        line or after a dateline dash (``KAB. CIREBON – 13/08/2025``; ``text`` is the original
        text, where cleaning has not blanked the dash)."""
        if m.group("wd") or (m.group("open") and m.group("close")):
            return True
        line_start = text.rfind("\n", 0, m.start()) + 1
        return bool(m.group("y")) and len(m.group("y")) == 4 and bool(
            self.bare_date_before.search(text, line_start, m.start()))

    def _weekdays_and_campaign_days(self, doc: Doc, text: str) -> None:
        doc_state = state(doc)
        dates = [(s.start_char, s.end_char) for s in doc_state.mentions if s.label_ == "DATE"]
        doc_state.weekdays = [
            WeekdayAlone(m.start(), m.end(), self.weekday_of[m.group(1).casefold()])
            for m in self.weekday_alone.finditer(text) if not any(a <= m.start() < b for a, b in dates)]
        doc_state.campaign_days = [(m.start(), m.end(), int(m.group(1) or m.group(2)))
                                   for m in self.campaign_day.finditer(text)]

    @staticmethod
    def _add(doc: Doc, m: regex.Match, weekday: int | None, parts: list[dict[str, Any]]) -> None:
        end = m.end()
        while end > m.start() and state(doc).text[end - 1] in " \t\xa0":
            end -= 1
        add_span(doc, m.start(), end, "DATE", weekday=weekday,
                 weekday_text=m.group("wd"), parts=parts)
