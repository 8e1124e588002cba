"""Stage 4: canonical values for the mentions found by :mod:`extract.recognizers`.

Small pure functions (ranks, names, numbers, dates, times, units, operations) and
:func:`normalize_doc`, which applies them to every span of a document and sets
their value (:func:`~extract.spans.span_value`). Garbage in gives ``None``, never an exception.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex
from spacy.tokens import Doc, Span

from .gazetteer import get_gazetteer, normalize_name
from .recognizers.matching import title_keys
from .spans import masked_text, mentions, set_span_value, span_attrs, state
from .resources import load_yaml, compiled
from .text import fold

# ---------------------------------------------------------------------------- ranks


@dataclass(frozen=True, slots=True)
class Rank:
    code: str
    force: str
    tier: str
    order: int
    english: str


@lru_cache(maxsize=1)
def _rank_table() -> tuple[list[tuple[regex.Pattern, Rank]], regex.Pattern]:
    data = load_yaml("ranks.yaml")
    table = []
    for row in data["ranks"]:
        rank = Rank(row["code"], row["force"], row["tier"], int(row["order"]), row["english"])
        pattern = regex.compile("|".join(f"(?:{v})" for v in row["variants"]), regex.IGNORECASE)
        table.append((pattern, rank))
    qualifiers = "|".join(f"(?:{q})" for q in data["qualifiers"])
    trailing = regex.compile(rf"(?:[ \t]+(?:{qualifiers}))+$", regex.IGNORECASE)
    return table, trailing


@lru_cache(maxsize=4096)
def rank_info(text: str | None) -> Rank | None:
    """The rank written in ``text`` (``Kombes Pol.``, ``IPDA``, ``Letkol Inf``), or None."""
    if not text:
        return None
    table, trailing = _rank_table()
    cleaned = compiled(r"\.(?=\s|$)").sub("", compiled(r"\s+").sub(" ", text.strip()))
    force_hint = "TNI" if compiled(r"(?i)\bTNI\b").search(cleaned) else None
    core = trailing.sub("", cleaned) or cleaned
    matches = [rank for pattern, rank in table if pattern.fullmatch(core) or pattern.fullmatch(cleaned)]
    if force_hint:
        matches = [r for r in matches if r.force == force_hint] or matches
    return matches[0] if matches else None


def rank_code(text: str | None) -> str | None:
    """Canonical rank code (SCHEMA.md): ``Kombes Pol.`` -> ``KOMBES``."""
    info = rank_info(text)
    return info.code if info else None


# ---------------------------------------------------------------------------- posts

@lru_cache(maxsize=1)
def _post_long_forms() -> list[tuple[regex.Pattern, str]]:
    """(pattern of a spelled-out post at the start of a role, its abbreviation), longest first."""
    forms = load_yaml("posts.yaml")["long_forms"]
    return [(compiled(r"(?i)^" + r"\s+".join(map(regex.escape, k.split())) + r"(?![\p{L}])"), v)
            for k, v in sorted(forms.items(), key=lambda kv: -len(kv[0]))]


def post_abbreviation(role: str) -> tuple[str, str] | None:
    """(abbreviation, the rest) of a role written with a long form (``Kepala Kepolisian Resor
    Biak`` -> (``Kapolres``, `` Biak``)), None when it starts with none."""
    for pattern, short in _post_long_forms():
        m = pattern.match(role)
        if m:
            return short, role[m.end():]
    return None


def merged_role(first: str | None, other: str | None) -> str | None:
    """One role from two mentions of the same person: the fuller (``Kasi Humas`` and ``PS. Kasi
    Humas Polres X`` give the second); the abbreviation of a long form written for the person
    elsewhere, with the long form's unit (``Kepala Kepolisian Resor X`` and ``Kapolres`` give
    ``Kapolres X``)."""
    if not first or not other:
        return first or other
    a, b = fold(first, spaces=False), fold(other, spaces=False)
    if a != b and a in b:
        return other
    for long, short in ((first, other), (other, first)):
        found = post_abbreviation(long)
        if found and fold(short, spaces=False).startswith(fold(found[0], spaces=False)):
            return short + found[1] if fold(short, spaces=False) == fold(found[0], spaces=False) else short
    return first


# ---------------------------------------------------------------------------- names

_INITIALS = regex.compile(r"^(?:\p{L}\.)+\p{L}?\.?$")


@lru_cache(maxsize=65536)
def title_case_word(word: str) -> str:
    """``heri`` -> ``Heri``, ``SALIM`` -> ``Salim``, initials ``R.J.H`` stay as written."""
    if _INITIALS.match(word) or len(word) == 1:
        return word.upper()
    parts = compiled(r"(-)").split(word)
    return "".join(p[:1].upper() + p[1:].lower() for p in parts)


def split_titles(name: str) -> tuple[str, list[str]]:
    """Strip academic, professional and religious titles from a name.

    ``H. SALIM. S, S.H.`` -> (``SALIM S``, [``H.``, ``S.H.``]).
    """
    keys = title_keys()
    head, *rest = name.split(",")
    titles: list[str] = []
    words = head.split()
    kept: list[str] = []
    for i, word in enumerate(words):
        key = compiled(r"[.\s]").sub("", word).upper()
        position = keys.get(key)
        if position == "before" and not kept and (word.endswith(".") or len(key) > 1) and i < len(words) - 1:
            titles.append(word)
        elif position == "after" and kept and len(key) > 1:
            titles.append(word)
        else:
            kept.append(word)
    titles += [t.strip() for t in rest if t.strip()]
    return " ".join(kept), titles


@lru_cache(maxsize=65536)
def person_name(raw: str | None) -> str | None:
    """A person's name without titles, in Title Case, or None when nothing is left."""
    if not raw:
        return None
    name, _ = split_titles(raw)
    if title_keys().get(compiled(r"[.\s]").sub("", name).upper()):
        return None  # only a title ("S.H.")
    words = [w.strip(".,") for w in name.split()]
    words = [title_case_word(w) for w in words if w and compiled(r"\p{L}").search(w)]
    return " ".join(words) or None


def person_key(name: str, rank: str | None) -> str:
    """A key stable across documents: same name and rank -> same key."""
    digest = hashlib.sha1(f"{fold(name)}|{rank or ''}".encode()).hexdigest()
    return digest[:16]


def is_short_reference(short: str, full: str) -> bool:
    """``Okto`` refers to ``Oktovianus Wadu Ere``; ``Benny Arief`` to ``Benny Miniani Arief``."""
    s, f = fold(short).split(), fold(full).split()
    if not s or len(s) > len(f) or s == f:
        return False
    it = iter(f)
    return all(any(word == w or (w.startswith(word) and len(word) >= 3) for w in it) for word in s)


# -------------------------------------------------------------------------- numbers


@lru_cache(maxsize=1)
def _numbers() -> dict[str, Any]:
    return load_yaml("numbers.yaml")


def parse_number_words(text: str | None) -> int | None:
    """Indonesian number words to an integer: ``seratus lima puluh satu`` -> 151.

    Vague words (``ratusan``) and anything unparseable give None.
    """
    if not text:
        return None
    data = _numbers()
    words = compiled(r"\p{L}+").findall(text.casefold())
    if not words:
        return None
    total = 0       # completed groups of thousands and above
    group = 0       # the current group below a thousand
    current = 0     # the number being built before a multiplier
    seen = False
    for word in words:
        if word in data["units"]:
            current += data["units"][word]
        elif word in data["teens"]:
            current += data["teens"][word]
        elif word in data["se_prefixed"]:
            value = data["se_prefixed"][word]
            if value >= 1000:
                total += value
                group = current = 0
            else:
                group += value
        elif word == "belas":
            current = (current or 1) + 10
        elif word == "puluh":
            group += (current or 1) * 10
            current = 0
        elif word == "ratus":
            group += (current or 1) * 100
            current = 0
        elif word in ("ribu", "juta", "miliar"):
            total += (group + current or 1) * data["scales"][word]
            group = current = 0
        else:
            return None
        seen = True
    return total + group + current if seen else None


def parse_digits(text: str | None) -> int | None:
    """``2.035`` -> 2035, ``151`` -> 151; anything else None."""
    if not text or not compiled(r"\d{1,3}(?:\.\d{3})+|\d+").fullmatch(text):
        return None
    return int(text.replace(".", ""))


# ---------------------------------------------------------------------------- dates


def make_date(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def year_for(month: int, day: int, weekday: int | None, known_years: list[int],
             published: dt.date | None, latest_written: int | None = None) -> int | None:
    """The year of a date written without one (SCHEMA's annotation rules).

    From the article's other dates or its election year (``known_years``); else the year in
    which the weekday matches (the most recent one not after the publication date or the
    latest year written in the text); else None: never from the clock.
    """
    anchor = published.year if published else (max(known_years) if known_years else latest_written)
    if known_years:
        candidates = sorted(set(known_years), reverse=True)
        if weekday is None:
            return candidates[0]
        for year in candidates + [y for y in range(candidates[0], candidates[0] - 3, -1) if y not in candidates]:
            date = make_date(year, month, day)
            if date and date.weekday() == weekday:
                return year
        return candidates[0]
    if weekday is None or anchor is None:
        return None
    for year in range(anchor, anchor - 7, -1):
        date = make_date(year, month, day)
        if date and date.weekday() == weekday and (published is None or date <= published):
            return year
    return None


def parse_iso_date(text: str | None) -> dt.date | None:
    """The date part of an ISO date or timestamp (``published``), or None."""
    if not text:
        return None
    m = compiled(r"\s*(\d{4})-(\d{2})-(\d{2})").match(str(text))
    return make_date(int(m[1]), int(m[2]), int(m[3])) if m else None


def iso_time(hour: int, minute: int, zone: str | None) -> str | None:
    """``14.30 wita`` -> ``14:30+08:00``; without a zone ``14:30``."""
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    offset = load_yaml("dates.yaml")["timezones"].get((zone or "").upper(), "")
    return f"{hour % 24:02d}:{minute:02d}{offset}"


# ---------------------------------------------------------------- units, operations

_ABBREVIATION = regex.compile(r"^[\p{Lu}\d]{2,5}$")


@lru_cache(maxsize=65536)
def place_case(text: str) -> str:
    """Title Case for a place name, keeping abbreviations (``OKU``, ``NTT``, ``PP``)."""
    words = text.split()
    return " ".join(
        w if _ABBREVIATION.match(w.rstrip(".")) or w.casefold() == "dan" else title_case_word(w)
        for w in words
    )


@lru_cache(maxsize=65536)
def unit_name(unit_type: str, place: str | None) -> str:
    """``Polres`` + ``OKU Timur`` -> ``Polres OKU Timur``; ``POLRES BELU`` -> ``Polres Belu``.

    A place written in capitals is title-cased when it is a region's own name (``BELU``),
    and kept when it is an abbreviation (``NTT``, ``OKU``).
    """
    if not place:
        return unit_type
    words = place.split()
    if all(w.isupper() for w in words) and _is_region_name(place):
        place = " ".join(title_case_word(w) for w in words)
    else:
        place = place_case(place)
    return f"{unit_type} {place}"


def _is_region_name(place: str) -> bool:
    """Whether ``place`` is the official name of a region (not an abbreviation of one)."""
    gazetteer = get_gazetteer()
    key = normalize_name(place)
    for level in (1, 2, 3):
        for region in gazetteer.candidates(place, level=level):
            if normalize_name(compiled(r"^(Kabupaten|Kota)( Administrasi)? ").sub("", region.name)) == key:
                return True
    return False


def operation_name(base: str, region: str | None, year: str | None, numeral: str | None = None) -> str:
    """``Mantap Praja`` + ``Turangga`` + ``2024`` -> ``Operasi Mantap Praja Turangga 2024``; a
    Roman numeral follows the base (``Operasi Pekat II Sukamaju 2021``)."""
    return " ".join(p for p in ("Operasi", base, numeral, region, year) if p)


# ----------------------------------------------------------------- the whole document


_ELECTION_YEAR = regex.compile(
    r"(?i)(?<![\p{L}])(?:pilkada|pemilu|pilgub|pilbup|pilwalkot|pilkades|pileg|pilpres|pemilihan)"
    r"(?:[^\S\n]+(?:serentak|umum|kepala\s+daerah|tahun))*[^\S\n]*-?[^\S\n]*((?:19|20)\d\d)(?!\d)")
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _date_values(doc: Doc, published: dt.date | None) -> None:
    dates = [s for s in mentions(doc) if s.label_ == "DATE"]
    text = masked_text(doc)
    known = [p["year"] for s in dates for p in span_attrs(s)["parts"] if p["year"]]
    known = known or [int(m.group(1)) for m in _ELECTION_YEAR.finditer(text)]
    written = [int(y) for y in _YEAR.findall(text)]
    for span in dates:
        parts = span_attrs(span)["parts"]
        values = []
        for i, part in enumerate(parts):
            year = part["year"]
            if year is None and part["role"] == "range_start" and i + 1 < len(parts):
                year = parts[i + 1]["year"]
            if year is None:
                year = year_for(part["month"], part["day"], span_attrs(span)["weekday"] if part["role"] == "single" else None,
                                known, published, max(written) if written else None)
            date = make_date(year, part["month"], part["day"])
            values.append(date.isoformat() if date else None)
        set_span_value(span, values)


def normalize_span(span: Span) -> Any:
    """The canonical value of one mention (dates are done per document)."""
    a = span_attrs(span)
    label = span.label_
    if label == "UNIT":
        return unit_name(a["type"], a["place"])
    if label == "OFFICER":
        return {"name": person_name(a["name"]), "rank": rank_code(a["rank"]), "role": a["role"]}
    if label == "PLACE":
        return a.get("official") or place_case(a["name"])
    if label == "TIME":
        return iso_time(a["hour"], a["minute"], a["zone"])
    if label == "COUNT":
        if a["vague"]:
            return None
        return parse_digits(a["digits"]) if a["digits"] else parse_number_words(a["words"])
    if label in ("CANDIDATE",):
        return person_name(a["name"])
    if label == "PARTY":
        return a["name"]
    if label == "OPERATION":
        return operation_name(a["base"], a["region"], a["year"], a["numeral"])
    return None


def normalize_doc(doc: Doc) -> Doc:
    """Set the canonical value of every mention of ``doc``."""
    published = parse_iso_date(state(doc).meta.get("published"))
    for span in mentions(doc):
        if span.label_ != "DATE":
            set_span_value(span, normalize_span(span))
    _date_values(doc, published)
    return doc
