"""Places named without a level word next to places the gazetteer can place them in: the
address chain before a kecamatan or regency (``Hotel Griya Asri, Wanareja, Kabupaten
Sukamaju``: Wanareja is a kecamatan of that regency) and a village named after a cue word
inside the release's own area (``di Renon``). Used by :mod:`.places`.
"""

from __future__ import annotations

import regex
from spacy.tokens import Doc

from ..gazetteer import Gazetteer, normalize_name
from ..region_codes import ancestry
from ..spans import MentionRanges, add_span, mentions, span_attrs, taken_ranges

LEVELS = {"regency": 2, "district": 3, "village": 4}
BELOW = {2: ("district", "kecamatan"), 3: ("village", None)}

#: the name before a place: up to three capitalised words, then a comma or "dan" or a space
ITEM_BEFORE = regex.compile(
    r"(?P<name>\p{Lu}[\p{L}'’\-]*(?:[^\S\n]+\p{Lu}[\p{L}'’\-]*){0,2})[^\S\n]*(?:,[^\S\n]*(?:dan[^\S\n]+)?|[^\S\n]+dan[^\S\n]+)?$")

WORD = regex.compile(r"\S+")

#: the end of a sentence: a dot after a word of four letters or more (not "Hj.", "Jl."), or a line end
SENTENCE_END = regex.compile(r"(?<!(?<![\p{L}])\p{L}{1,3})\.(?=\s|$)|\n")
#: one item of a list: the text up to a comma or connector, without its connector
LIST_ITEM = regex.compile(r"[^\S\n]*(?:(?:dan|serta|maupun)[^\S\n]+)?(?P<name>[^,]+?)"
                          r"(?=[^\S\n]*,|[^\S\n]+(?:dan|serta|maupun)[^\S\n]|[^\S\n]*$),?")
NAME = regex.compile(r"\p{Lu}[\p{L}'’\-]*(?:[^\S\n]+\p{Lu}[\p{L}'’\-]*){0,3}")


def village_type(code: str, province_types: dict[str, str]) -> str:
    """The village type of a Kemendagri village code: kelurahan, or the desa type of its
    province (kampung in Papua, nagari in Sumatera Barat), else desa."""
    if code.split(".")[3].startswith("1"):
        return "kelurahan"
    return province_types.get(code.split(".")[0], "desa")


def _children(gazetteer: Gazetteer, name: str, level: int, parents: list[str]) -> list[str]:
    """Codes at ``level`` named ``name`` inside one of ``parents``."""
    wanted = set(parents)
    return [c for c in gazetteer.codes(name, level) if not wanted.isdisjoint(ancestry(c)[:-1])]


def _child_before(gazetteer: Gazetteer, item: regex.Match, level: int,
                  parents: list[str]) -> tuple[int, str, list[str]]:
    """The words before a place that name one child of it: all of them, or, in an address run
    written without commas (``warga Sukamaju Wanareja Kabupaten Cilacap``), the end that does
    when the words before it name one child of that end in turn: its start, name and codes."""
    name = item.group("name")
    for word in WORD.finditer(name):
        codes = _children(gazetteer, name[word.start():], level, parents)
        rest = name[:word.start()].strip()
        if len(codes) == 1 and (not rest or level < 4 and len(_children(gazetteer, rest, level + 1, codes)) == 1):
            return item.start("name") + word.start(), name[word.start():], codes
    return item.start("name"), name, []


def chains_before(doc: Doc, text: str, gazetteer: Gazetteer, province_types: dict[str, str]) -> None:
    """Kecamatan and villages listed right before the place they lie in (``Soreang, Kabupaten
    Bandung``; ``warga Tulehu dan Tial Kecamatan Salahutu``), each at its own level."""
    taken = MentionRanges(doc)
    for span in [s for s in mentions(doc) if s.label_ == "PLACE" and span_attrs(s)["level"] in ("regency", "district")]:
        attrs = span_attrs(span)
        level = LEVELS[attrs["level"]]
        parents = gazetteer.codes(attrs.get("official") or attrs["name"], level=level)
        line_start = text.rfind("\n", 0, span.start_char) + 1
        end = span.start_char
        while level in BELOW and parents:
            item = ITEM_BEFORE.search(text, max(line_start, end - 60), end)
            start, name, codes = _child_before(gazetteer, item, level + 1, parents) if item else (0, "", [])
            if len(codes) != 1 or taken.overlaps(start, start + len(name)):
                break  # "Puri Langon Ubud Kecamatan Ubud": a venue, not a village of the kecamatan
            child_level, place_type = BELOW[level]
            add_span(doc, start, start + len(name), "PLACE", name=name, level=child_level,
                     type=place_type or village_type(codes[0], province_types), level_word=None, official=None)
            end, level, parents = start, level + 1, codes


def villages_after_cues(doc: Doc, text: str, gazetteer: Gazetteer, cue: regex.Pattern, areas: list[str],
                        province_types: dict[str, str], not_within: frozenset[str],
                        qualifiers: set[str]) -> None:
    """A village named alone after a cue word (``di``, ``warga``, ``TPS 03``) that the gazetteer
    places inside the release's own area (its units' areas and named regencies), as exactly one
    village; a name that is also a regency, province or kecamatan is left to those, and one
    followed by a qualifier (``Batu Hampa Selatan``) is another place."""
    if not areas:
        return
    taken = taken_ranges(doc)
    named = {c for s in mentions(doc) if s.label_ == "PLACE" and span_attrs(s)["level"] == "village"
             for c in _children(gazetteer, span_attrs(s)["name"], 4, areas)}  # "Durian Patah" is Hunuth's other name
    for m in cue.finditer(text):
        words = list(WORD.finditer(m.group("name")))
        for n in range(len(words), 0, -1):
            start, end = m.start("name"), m.start("name") + words[n - 1].end()
            name = text[start:end]
            codes = _children(gazetteer, name, 4, areas)
            if len(codes) != 1 or codes[0] in named or gazetteer.codes(name, 3) or normalize_name(name) in not_within:
                continue
            if n < len(words) and words[n].group().casefold() in qualifiers:
                break
            if not taken.overlaps(start, end):
                name = name if name[0].isupper() else gazetteer.name(codes[0])  # "dapil sukamaju"
                add_span(doc, start, end, "PLACE", name=name, level="village",
                         type=village_type(codes[0], province_types), level_word=None, official=None)
            break


def villages_in_lists(doc: Doc, text: str, gazetteer: Gazetteer, opener: regex.Pattern, areas: list[str],
                      province_types: dict[str, str], not_within: frozenset[str]) -> None:
    """Villages listed without a level word after a list opener, up to the end of the sentence
    (``Rute patroli meliputi Jalan Baru, Sanggeng, Pasir Putih dan Borobudur``): each item that
    is only a name the gazetteer knows as exactly one village inside the release's area and as
    no kecamatan there, regency or province; the other items (streets, venues) are skipped."""
    if not areas:
        return
    taken = taken_ranges(doc)
    for m in opener.finditer(text):
        end = SENTENCE_END.search(text, m.end())
        for item in LIST_ITEM.finditer(text, m.end(), end.start() if end else len(text)):
            start, stop = item.span("name")
            name = item.group("name")
            codes = _children(gazetteer, name, 4, areas)
            if NAME.fullmatch(name) and len(codes) == 1 and not _children(gazetteer, name, 3, areas) \
                    and normalize_name(name) not in not_within and not taken.overlaps(start, stop):
                add_span(doc, start, stop, "PLACE", name=name, level="village",
                         type=village_type(codes[0], province_types), level_word=None, official=None)
