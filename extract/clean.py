"""Stage 2: find boilerplate, the headline, the dateline and sentence bounds.

Cleaning never moves a character: boilerplate is *masked* (replaced by spaces, newlines
kept), so every offset into the cleaned text is an offset into the original text and
evidence spans stay valid. The patterns live in ``extract/data/boilerplate.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .resources import load_yaml, compiled


@dataclass(frozen=True, slots=True)
class CleanText:
    """The masked text (same length as the original) and what cleaning found."""

    text: str
    #: (start, end) of the headline when the document starts with one.
    title: tuple[int, int] | None = None
    #: (start, end) of the dateline before the lead ("OKU TIMUR -"): places there are not events'.
    dateline: tuple[int, int] | None = None
    #: (start, end, reason) of every masked region.
    masked: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Patterns:
    lines: regex.Pattern
    inline: list[regex.Pattern]
    separator: regex.Pattern
    outlet: regex.Pattern
    header: regex.Pattern
    dateline_max: int
    dateline_paragraphs: int


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = load_yaml("boilerplate.yaml")
    flags = regex.IGNORECASE | regex.MULTILINE
    return _Patterns(
        lines=regex.compile("|".join(f"(?:{p})" for p in data["line_patterns"]), flags),
        inline=[regex.compile(p) for p in data["inline_patterns"]],
        separator=regex.compile(data["lead_separator"]),
        outlet=regex.compile(data["outlet"], regex.IGNORECASE),
        header=regex.compile(data["header_line"]),
        dateline_max=int(data["dateline_max_chars"]),
        dateline_paragraphs=int(data["dateline_paragraphs"]),
    )


_LINE = regex.compile(r"[^\n]+")


def _mask(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped."""
    spans = []
    for match in compiled(r"[^\n]+").finditer(text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans


def _looks_like_headline(text: str, span: tuple[int, int], following: tuple[int, int] | None) -> bool:
    """A short first line without closing punctuation, followed by a blank line."""
    line = text[span[0]:span[1]]
    if len(line) > 250 or line.endswith((".", '"', "”", ":")) or following is None:
        return False
    return "\n\n" in text[span[1]:following[0]] or text[span[0]:span[1]] == text[following[0]:following[1]]


def _dateline(text: str, lead: tuple[int, int], pats: _Patterns) -> tuple[int, int, int] | None:
    """(start, end_of_dateline, start_of_lead_text) when the lead opens with a dateline."""
    window = text[lead[0]:min(lead[1], lead[0] + pats.dateline_max)]
    outlet = pats.outlet.match(window)  # "TRIBUN-SULBAR.COM, ...": its hyphen separates nothing
    sep = pats.separator.search(window, outlet.end() if outlet else 0)
    if sep is None or sep.start() == 0:
        return None
    word = compiled(r"[\p{L}\p{N}][\p{L}\p{N}.'\-]*")

    def capitalised(end: int) -> bool:
        return all(w[0].isupper() or w[0].isdigit() for w in word.findall(pats.outlet.sub("", window[:end])))
    if not word.search(pats.outlet.sub("", window[:sep.start()])):  # "OUTLET.id | Kupang — ...": the place follows
        after = pats.separator.search(window, sep.end())
        sep = after if after and after.start() > sep.end() and capitalised(after.start()) else sep
    if not capitalised(sep.start()):
        return None
    return lead[0], lead[0] + sep.start(), lead[0] + sep.end()


def _find_dateline(text: str, paras: list[tuple[int, int]], pats: _Patterns) -> tuple[int, int, int] | None:
    """The dateline of the lead: at the start of the first paragraph, after a header line of
    capitals alone ("JAWA BARAT" above "KAB. CIREBON – ..."), or further down when it opens
    with the outlet's name ("TRIBUN-SULBAR.COM, MAMUJU TENGAH - ..." below a caption)."""
    for i, para in enumerate(paras[:pats.dateline_paragraphs]):
        found = _dateline(text, para, pats)
        if found is not None and (i == 0 or pats.outlet.match(text, para[0])):
            return found
        if found is None and i == 0 and len(paras) > 1 and pats.header.fullmatch(text, para[0], para[1]):
            below = _dateline(text, paras[1], pats)
            if below is not None:
                return para[0], below[1], below[2]
    return None


def clean(text: str, title: str | None = None) -> CleanText:
    """Mask boilerplate in ``text`` and locate its headline and dateline.

    ``title`` is the title given with the input, if any: a first paragraph that repeats it
    (or repeats the detected headline) is masked as a duplicate.
    """
    pats = _patterns()
    chars = list(text)
    masked: list[tuple[int, int, str]] = []

    def mask(start: int, end: int, reason: str) -> None:
        if end > start:
            _mask(chars, start, end)
            masked.append((start, end, reason))

    for line in _LINE.finditer(text):
        if pats.lines.match(line.group()):
            mask(line.start(), line.end(), "boilerplate line")
    for pattern in pats.inline:
        for m in pattern.finditer(text):
            mask(m.start(), m.end(), "boilerplate")

    current = "".join(chars)
    paras = _paragraphs(current)
    headline = None
    body_start = 0
    if paras:
        first = paras[0]
        following = paras[1] if len(paras) > 1 else None
        given = title is not None and current[first[0]:first[1]] == title.strip()
        if given or _looks_like_headline(current, first, following):
            headline = first
            body_start = 1
            if following and current[following[0]:following[1]] == current[first[0]:first[1]]:
                mask(following[0], following[1], "headline repeated")
                body_start = 2
    dateline = _find_dateline(current, paras[body_start:], pats)
    if dateline is not None:
        start, end, lead = dateline
        for m in pats.outlet.finditer(current, start, end):
            mask(m.start(), m.end(), "outlet")
        mask(end, lead, "dateline separator")
        dateline = (start, end)
    masked.sort()
    return CleanText(text="".join(chars), title=headline, dateline=dateline, masked=masked)
