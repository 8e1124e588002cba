"""Places: villages, kecamatan, regencies and provinces, written with their level word
(``Desa Maneikun``, ``kecamatan Lasiolat``, ``Kab. Kapuas``), in lists that go on without
it (``Kelurahan Batu Plat, Oebobo``), and regency, province and kecamatan names written
alone where the gazetteer knows them and the context is not a police or military unit.
Level words, cues and stop words are in ``extract/data/places.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer, normalize_name
from ..resources import compiled, load_yaml
from ..spans import add_span, in_span, mentions, span_attrs, state
from .base import ASSIGNS, REQUIRES, Recognizer
from .matching import TriggeredPattern, Word, alternation, group_index, is_capitalised, leading_prefixes, words_after


def document_areas(doc: Doc, gazetteer: Gazetteer) -> list[str]:
    """Codes of the areas the document is about: its units' areas and its regencies."""
    codes = []
    for span in mentions(doc):
        attrs = span_attrs(span)
        if span.label_ == "UNIT" and attrs.get("place"):
            code = gazetteer.unit_area(attrs["type"], attrs["place"])
        elif span.label_ == "PLACE" and attrs["level"] == "regency" and attrs.get("official"):
            regions = gazetteer.codes(attrs["official"], level=2)
            code = regions[0] if len(regions) == 1 else None
        else:
            continue
        if code and len(code) >= 5:
            codes.append(code)
    return codes


@Language.factory("tribrata_places", assigns=ASSIGNS, requires=REQUIRES,
                  default_config={"data": "places.yaml", "ranks": "ranks.yaml",
                                  "gazetteer": {"@misc": "tribrata.gazetteer.v1"}})
def make_places(nlp: Language, name: str, data: str, ranks: str, gazetteer: Gazetteer) -> "PlaceRecognizer":
    return PlaceRecognizer(name, data, ranks, gazetteer)


class PlaceRecognizer(Recognizer):
    """Places written with their level word (``Desa Maneikun``, ``kecamatan Lasiolat``,
    ``Kab. Kapuas``), lists that go on without repeating it (``Kelurahan Batu Plat, Oebobo``),
    and regency and province names written without it (``KPU Lombok Barat``, ``Pelalawan,
    Riau``) where the gazetteer knows them and the context is not a police or military unit.

    Regencies and provinces get their official Kemendagri name (``attrs["official"]``); a
    regency or province word followed by a name the gazetteer does not know is no place.
    """

    labels = ("PLACE",)
    after = ("tribrata_units",)
    LEVEL_NUMBERS = {"province": 1, "regency": 2}

    def __init__(self, name: str, data: str, ranks: str, gazetteer: Gazetteer) -> None:
        super().__init__(name)
        self.gazetteer = gazetteer
        self.higher_names = gazetteer.names_at_level(1) | gazetteer.names_at_level(2)
        data = load_yaml(data)
        self.levels = [(lv["level"], lv["type"]) for lv in data["levels"]]
        pattern = "|".join(f"(?P<l{i}>{lv['pattern']})" for i, lv in enumerate(data["levels"]))
        self.regex = regex.compile(
            rf"(?<![\p{{L}}])(?i:{pattern})(?:(?![\p{{L}}])|(?<=\.))(?:[^\S\n]*(?i:{alternation(data['list_openers'])}))?")
        self.in_text = TriggeredPattern(self.regex, leading_prefixes("|".join(lv["pattern"] for lv in data["levels"])))
        self.stop = {w.casefold() for w in data["stop_words"]}
        self.max_words = int(data["max_name_words"])
        ranks = load_yaml(ranks)
        self.stop |= {w for r in ranks["ranks"] for v in r["variants"] for w in leading_prefixes(v) or ()}
        connectors = alternation(data["list_connectors"])
        self.continuation = regex.compile(
            rf"[^\S\n]*(?:,[^\S\n]*(?:(?:{connectors})[^\S\n]+)?|[^\S\n]+(?:{connectors})[^\S\n]+)(?:di[^\S\n]+)?")
        capital, letter = "[A-ZÀ-ÖØ-Þ]", "[^\\W\\d_]"
        self.capitalised_word = re.compile(rf"{capital}(?:{letter}|['’-])*")
        self.cues = {w.casefold() for w in data["bare_name_cues"]}
        self.not_after = tuple(w.casefold() for w in data["bare_name_not_after"])
        self.district_cues = {w.casefold() for w in data["bare_district_cues"]}
        self.item_before = regex.compile(
            r"(?P<name>\p{Lu}[\p{L}'’\-]*(?:[^\S\n]+\p{Lu}[\p{L}'’\-]*){0,2})[^\S\n]*(?:,[^\S\n]*(?:dan[^\S\n]+)?|[^\S\n]+dan[^\S\n]+)?$")
        self.unit_gap = regex.compile(r"[^\S\n]*,[^\S\n]*")  # "Kepolisian Resor Buleleng, Bali"
        self.cue_kinds = {w.casefold(): kind for kind, words in data["bare_name_kinds"].items() for w in words}
        self.list_gap = regex.compile(r"[^\S\n]*(?:,|dan|,[^\S\n]*dan)[^\S\n]*")
        # searched backwards from the name: the word right before it, and a comma between
        self.previous_word = regex.compile(r"(?r)([\p{L}\d.]+)[^\S\n]*(,?)[^\S\n]*$")

    def name_words(self, text: str, pos: int, any_case: bool = False) -> list[Word]:
        """The name after a level word: capitalised words (any words when the gazetteer will
        check them, as for ``kota metro``), up to a stop word, comma or sentence end."""
        words: list[Word] = []
        for word in words_after(text, pos, self.max_words):
            bare = word.text.rstrip(".")
            if word.comma_before or not bare or bare.casefold() in self.stop or self.regex.match(word.text):
                break
            if not (any_case or is_capitalised(bare) or compiled(r"[IVX]+|\d+").fullmatch(bare)):
                break
            glued = compiled(r"([^.]+)\.\p{L}").match(word.text)
            if glued:  # "Rakyat.seorang", "Puriala.Kapolsek": a sentence glued on after a dot
                words.append(Word(word.start, word.start + len(glued.group(1)), glued.group(1), word.comma_before))
                break
            words.append(word)
            if word.text.endswith("."):
                break
        return words

    def cut_before_known(self, words: list[Word], level: str, in_list: bool) -> list[Word]:
        """Village and district names end where a regency or province name begins
        (``Tanjung Senang Bandar Lampung``); a name that is only such a name is none. In a
        list that goes on without level words, such a name ends the list even when a
        village or kecamatan has it too (``Kecamatan Pangkalan Kuras, Pelalawan, Riau``)."""
        gazetteer = self.gazetteer
        higher = self.higher_names
        lower = frozenset() if in_list else gazetteer.names_at_level(3 if level == "district" else 4)
        for i in range(len(words)):
            tail = normalize_name(" ".join(w.text for w in words[i:]))
            if tail in higher and tail not in lower:
                return words[:i]
        return words

    def is_district(self, words: list[Word]) -> bool:
        """A name the gazetteer knows as a kecamatan and not as a village."""
        gazetteer = self.gazetteer
        key = normalize_name(" ".join(w.text for w in words))
        return key in gazetteer.names_at_level(3) and key not in gazetteer.names_at_level(4)

    def official(self, words: list[Word], level: str, place_type: str) -> tuple[list[Word], str] | None:
        """The longest start of ``words`` the gazetteer knows at that level, with its official name."""
        gazetteer = self.gazetteer
        kind = place_type if place_type in ("kabupaten", "kota") else None
        for k in range(len(words), 0, -1):
            name = gazetteer.official_name(" ".join(w.text.rstrip(".") for w in words[:k]),
                                           self.LEVEL_NUMBERS[level], kind)
            if name is not None:
                return words[:k], name
        return None

    def _with_level_word(self, doc: Doc, text: str, dateline: tuple[int, int] | None) -> None:
        for m in self.in_text.finditer(doc, text):
            if in_span(dateline, m.start()):
                continue
            level, place_type = self.levels[group_index(m, "l")]
            pos = m.end()
            first = True
            while True:
                words = self.name_words(text, pos, any_case=level in self.LEVEL_NUMBERS)
                official = None
                if words and level in self.LEVEL_NUMBERS:
                    found = self.official(words, level, place_type)
                    words, official = found if found else ([], None)
                elif words:
                    words = self.cut_before_known(words, level, in_list=not first)
                    if len(words) == 1 and compiled(r"(?![IVX]+$)\p{Lu}{2,4}").fullmatch(words[0].text):
                        words = []  # an acronym ("Pilkades PAW"), not a village name
                    if words and not first and level == "village" and self.is_district(words):
                        level, place_type = "district", "kecamatan"  # "Desa Karangrowo, Undaan, Kudus"
                if not words:
                    break
                name = " ".join(w.text for w in words).rstrip(".")
                if compiled(r"[IVX]+|\d+").fullmatch(name):  # a numbered place keeps its level word: "Dusun II"
                    name = f"{place_type.title()} {name}"
                end = words[-1].end - (1 if words[-1].text.endswith(".") else 0)
                add_span(doc, m.start() if first else words[0].start, end, "PLACE", name=name, level=level,
                         type=place_type, level_word=m.group() if first else None, official=official)
                first = False
                cont = self.continuation.match(text, end)
                if level in self.LEVEL_NUMBERS or cont is None or self.regex.match(text, cont.end()):
                    break
                next_word = compiled(r"[\p{L}]+").match(text[cont.end():cont.end() + 30])
                if next_word and next_word.group().casefold().startswith(self.not_after):
                    break  # "Desa Maneikun dan Rumah Adat ...": a venue, not the next place
                pos = cont.end()

    def _bare_names(self, doc: Doc, text: str, dateline: tuple[int, int] | None) -> None:
        """Regency and province names without their level word."""
        gazetteer = self.gazetteer
        known = {level: gazetteer.names_at_level(number) for level, number in self.LEVEL_NUMBERS.items()}
        taken = sorted([(s.start_char, s.end_char) for s in mentions(doc)] + state(doc).unit_names)
        districts = gazetteer.names_at_level(3)
        prefixes = self.name_prefixes()
        areas: list[str] | None = None  # looked up only when a kecamatan name needs them
        found: list[tuple[int, int, str, str, str, bool]] = []
        words = [(m.start(), m.end()) for m in self.capitalised_word.finditer(text)]
        # normalized names drop spaces, so a name's key is its words' keys joined
        keys = [normalize_name(text[a:b]) for a, b in words]
        # run[i]: how many capitalised words go on from word i, separated by spaces alone
        run = [1] * len(words)
        for i in range(len(words) - 2, -1, -1):
            gap = text[words[i][1]:words[i + 1][0]]
            if gap.isspace() and "\n" not in gap:
                run[i] = run[i + 1] + 1
        i = 0
        while i < len(words):
            longest, key = 0, ""  # how many words from here can still begin a known name
            while longest < min(4, run[i]) and (key := key + keys[i + longest]) in prefixes:
                longest += 1
            for n in range(longest, 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                key = "".join(keys[i:i + n])
                level = "province" if key in known["province"] else "regency" if key in known["regency"] else None
                if level is None:
                    if key in districts:
                        areas = document_areas(doc, gazetteer) if areas is None else areas
                        if self._district_here(text, start, end, areas):
                            found.append((start, end, text[start:end], "district", "kecamatan", True))
                            i += n - 1
                            break
                    continue
                before = self.previous_word.search(text, max(0, start - 40), start)
                prev = before.group(1).casefold().rstrip(".") if before else ""
                kind = self.cue_kinds.get(prev)
                if kind is not None and gazetteer.official_name(text[start:end], 2, kind):
                    level = "regency"  # "Wakil Walikota Gorontalo" is the Kota, not the province
                name = gazetteer.official_name(text[start:end], self.LEVEL_NUMBERS[level],
                                               kind if level == "regency" else None)
                if name is None or in_span(dateline, start) or any(a < end and start < b for a, b in taken):
                    continue
                if prev.startswith(self.not_after):
                    continue
                cued = n > 1 or prev in self.cues
                found.append((start, end, name, level, "provinsi" if level == "province" else
                              name.split()[0].casefold(), cued))
                i += n - 1
                break
            i += 1
        accepted = {f[:2] for f in found if f[5]} | {
            (s.start_char, s.end_char) for s in mentions(doc)
            if s.label_ == "PLACE" and span_attrs(s)["level"] != "village"}
        units = [(s.start_char, s.end_char) for s in mentions(doc) if s.label_ == "UNIT"]
        changed = True
        while changed:  # a single word next to an accepted place in a list ("Pelalawan, Riau")
            changed = False
            for f in found:
                if f[:2] in accepted:
                    continue
                if any(self.list_gap.fullmatch(text[b:f[0]] if b <= f[0] else text[f[1]:a])
                       for a, b in accepted if b <= f[0] or f[1] <= a) or any(
                        self.unit_gap.fullmatch(text[b:f[0]]) for a, b in units if b <= f[0]):
                    accepted.add(f[:2])
                    changed = True
        for start, end, name, level, place_type, _ in found:
            if (start, end) in accepted and not any(a < end and start < b for a, b in taken):
                add_span(doc, start, end, "PLACE", name=text[start:end], level=level, type=place_type,
                         level_word=None, official=name if level != "district" else None)

    def _district_here(self, text: str, start: int, end: int, areas: list[str]) -> bool:
        """A kecamatan named alone after "di" ("di Manggar"), inside an area the document is about."""
        before = self.previous_word.search(text, max(0, start - 20), start)
        if not before or before.group(1).casefold() not in self.district_cues or not areas:
            return False
        gazetteer = self.gazetteer
        return any(gazetteer.is_within(code, area)
                   for code in gazetteer.codes(text[start:end], level=3) for area in areas)

    def recognize(self, doc: Doc, text: str) -> None:
        dateline = state(doc).clean.dateline
        self._with_level_word(doc, text, dateline)
        self._villages_before_districts(doc, text)
        self._bare_names(doc, text, dateline)

    @lru_cache(maxsize=1)  # one recogniser per process
    def name_prefixes(self) -> frozenset[str]:
        """Every start of a normalized province, regency or kecamatan name: a word sequence
        that is none of these can begin no such name."""
        names = self.higher_names | self.gazetteer.names_at_level(3)
        return frozenset(name[:i] for name in names for i in range(1, len(name) + 1))

    def _villages_before_districts(self, doc: Doc, text: str) -> None:
        """Villages listed without their level word right before their kecamatan
        (``warga Tulehu dan Tial Kecamatan Salahutu``): names the gazetteer knows as
        villages of that kecamatan."""
        gazetteer = self.gazetteer
        for span in [s for s in mentions(doc) if s.label_ == "PLACE" and span_attrs(s)["level"] == "district"
                     and span_attrs(s)["level_word"]]:
            districts = gazetteer.codes(span_attrs(span)["name"], level=3)
            if not districts:
                continue
            line_start = text.rfind("\n", 0, span.start_char) + 1
            end = span.start_char
            while True:
                item = self.item_before.search(text, max(line_start, end - 60), end)
                if item is None:
                    break
                name = item.group("name")
                villages = [code for code in gazetteer.codes(name, level=4)
                            if any(code.startswith(d + ".") for d in districts)]
                if len(villages) != 1:
                    break
                kind = "kelurahan" if villages[0].split(".")[3].startswith("1") else "desa"
                add_span(doc, item.start("name"), item.end("name"), "PLACE", name=name, level="village",
                         type=kind, level_word=None, official=None)
                end = item.start("name")
