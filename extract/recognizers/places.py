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
from spacy.tokens import Doc, Span

from .. import resolution
from ..gazetteer import Gazetteer, normalize_name
from ..resources import compiled, load_yaml
from ..spans import MentionRanges, Ranges, add_span, in_span, mentions, span_attrs, state, taken_ranges
from .base import ASSIGNS, REQUIRES, Recognizer
from .place_chains import chains_before, village_type, villages_after_cues, villages_in_lists
from .matching import TriggeredPattern, Word, alternation, group_index, is_capitalised, leading_prefixes, words_after


def document_areas(doc: Doc, gazetteer: Gazetteer, min_length: int = 5) -> list[str]:
    """Codes of the areas the document is about: its units' areas and its regencies (with
    ``min_length`` 2, its Poldas' provinces too). Read once per number of mentions: the
    mentions only grow, and a mention's parts do not change."""
    found = state(doc)
    key = (min_length, len(found.mentions))
    if key not in found.areas:
        found.areas[key] = _areas(found.mentions, gazetteer, min_length)
    return list(found.areas[key])


def _areas(spans: list[Span], gazetteer: Gazetteer, min_length: int) -> list[str]:
    codes = []
    for span in spans:
        attrs = span_attrs(span)
        if span.label_ == "UNIT" and attrs.get("place"):
            code = gazetteer.unit_area(attrs["type"], attrs["place"])
        elif span.label_ == "PLACE" and attrs["level"] == "regency" and attrs.get("official"):
            regions = gazetteer.codes(attrs["official"], level=2)
            code = regions[0] if len(regions) == 1 else None
        else:
            continue
        if code and len(code) >= min_length:
            codes.append(code)
    return codes


def in_title_case(words: list[str]) -> str:
    """The words of a name joined, the lower-case ones capitalised (``Kupang timur``: ``Kupang Timur``)."""
    return " ".join(w if is_capitalised(w) else w.title() for w in words)


@Language.factory("tribrata_places", assigns=ASSIGNS, requires=REQUIRES,
                  default_config={"data": "places.yaml", "ranks": "ranks.yaml", "calendar": "dates.yaml",
                                  "gazetteer": {"@misc": "tribrata.gazetteer.v1"}})
def make_places(nlp: Language, name: str, data: str, ranks: str, calendar: str,
                gazetteer: Gazetteer) -> "PlaceRecognizer":
    return PlaceRecognizer(name, data, ranks, calendar, gazetteer)


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

    def __init__(self, name: str, data: str, ranks: str, calendar: str, gazetteer: Gazetteer) -> None:
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
        self.connectors = set(data["list_connectors"])
        connectors = alternation(data["list_connectors"])
        self.continuation = regex.compile(
            rf"[^\S\n]*(?:,[^\S\n]*(?:(?:{connectors})[^\S\n]+)?|[^\S\n]+(?:{connectors})[^\S\n]+)(?:di[^\S\n]+)?")
        capital, letter = "[A-ZÀ-ÖØ-Þ]", "[^\\W\\d_]"
        self.capitalised_word = re.compile(rf"{capital}(?:{letter}|['’-])*")
        self.lower_word = regex.compile(r"[^\S\n](\p{Ll}+)(?![\p{L}])")
        self.cues = {w.casefold() for w in data["bare_name_cues"]}
        self.list_opener = regex.compile(rf"(?<![\p{{L}}])(?i:{alternation(data['list_openers'])})(?![\p{{L}}])")
        self.club = regex.compile(rf"(?i:{alternation(data['club_names'])})")
        self.not_after = tuple(w.casefold() for w in data["bare_name_not_after"])
        self.district_cues = {w.casefold() for w in data["bare_district_cues"]}
        self.polling_stations = regex.compile(rf"(?i:{alternation(data['polling_station_cues'])})[^\S\n]*$")
        self.province_types = {str(code): kind for kind, codes in data["village_types_by_province"].items()
                               for code in codes}
        self.village_cue = regex.compile(
            rf"(?<![\p{{L}}])(?i:{alternation(data['bare_village_cues'])})[^\S\n]+"
            r"(?P<name>\p{Lu}[\p{L}'’\-]*(?:[^\S\n]\p{Lu}[\p{L}'’\-]*){0,3})"
            rf"|(?<![\p{{L}}])(?i:{alternation(data['lower_case_village_cues'])})[^\S\n]+"
            r"(?P<name>\p{Ll}+(?:[^\S\n]\p{Ll}+){0,3})")
        self.unit_gap = regex.compile(r"[^\S\n]*,[^\S\n]*")  # "Kepolisian Resor Buleleng, Bali"
        self.cue_kinds = {w.casefold(): kind for kind, words in data["bare_name_kinds"].items() for w in words}
        self.list_gap = regex.compile(r"[^\S\n]*(?:,|dan|,[^\S\n]*dan)[^\S\n]*|[^\S\n]+")
        self.list_gap_char = regex.compile(r"[^\S\n]|[,dan]")  # every character a gap can hold
        # searched backwards from the name: the word right before it, and a comma between
        self.previous_word = regex.compile(r"(?r)([\p{L}\d.]+)[^\S\n]*(,?)[^\S\n]*$")
        self.qualifiers = {w.casefold() for w in data["name_qualifiers"]}
        months = [m for names in load_yaml(calendar)["months"].values() for m in names]
        self.not_list_item = regex.compile(
            rf"(?i:{alternation(data['not_list_items'] + months)})(?![\p{{L}}])|\d")
        self.programme = regex.compile(rf"[^\S\n]*(?i:{alternation(data['programme_names'])})(?![\p{{L}}])")
        self.joined_level = regex.compile(rf"[^\S\n]+dan[^\S\n]+(?i:{pattern})(?![\p{{L}}])")

    def name_words(self, text: str, pos: int, any_case: bool = False, inner_level: bool = False) -> list[Word]:
        """The name after a level word: capitalised words (any words when the gazetteer will
        check them, as for ``kota metro``), up to a stop word, comma or sentence end; with
        ``inner_level`` the first word may be a level word (``Kecamatan Kota Baru``)."""
        words: list[Word] = []
        for word in words_after(text, pos, self.max_words):
            bare = word.text.rstrip(".")
            inner = inner_level and not words and bool(self.regex.fullmatch(bare))
            if word.comma_before or not bare or (bare.casefold() in self.stop or self.regex.match(word.text)) \
                    and not inner:
                break
            if not (any_case or is_capitalised(bare) or compiled(r"[IVX]+|\d+").fullmatch(bare)):
                break
            if words and self.not_list_item.fullmatch(bare):
                break  # "Kecamatan Bathin Solapan Gedung ...": a venue after the name
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
        at_level = gazetteer.names_at_level(3 if level == "district" else 4)
        lower = frozenset() if in_list else at_level
        # a longer name the gazetteer knows at this level holds: "Kecamatan Poso Pesisir Selatan"
        # is no Kabupaten Pesisir Selatan
        whole = normalize_name(" ".join(w.text for w in words)) in at_level
        for i in range(1 if whole else len(words)):
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
        areas: list[str] | None = None
        named = MentionRanges(doc, ("PLACE", "UNIT"))
        for m in self.in_text.finditer(doc, text):
            if in_span(dateline, m.start()) or named.covers(m.start()):
                continue  # "Kecamatan Kota Ternate Utara" holds no Kota Ternate, "Polres Kota Kupang" none
            level, place_type = self.levels[group_index(m, "l")]
            both = self.joined_level.match(text, m.end())  # "Desa dan Kecamatan X": X at both levels
            if both and level not in self.LEVEL_NUMBERS:
                words = self.name_words(text, both.end())
                if words:
                    name = " ".join(w.text for w in words).rstrip(".")
                    add_span(doc, words[0].start, words[0].start + len(name), "PLACE", name=name,
                             level=level, type=place_type, level_word=m.group(), official=None)
                continue
            if areas is None and level not in self.LEVEL_NUMBERS:
                areas = document_areas(doc, self.gazetteer)
            self._place_list(doc, text, m, level, place_type, areas or [])

    def _place_list(self, doc: Doc, text: str, m: regex.Match, level: str, place_type: str,
                    areas: list[str]) -> None:
        """The place after the level word matched by ``m`` and the list that goes on from it."""
        pos, previous = m.end(), None
        while True:
            item = self._item(text, pos, level, place_type, previous, areas)
            if item is None:
                break
            words, name, official, level, place_type, head = item
            if previous is None and level not in self.LEVEL_NUMBERS:
                name, place_type = self.with_level_word(m, name, level, place_type)
            end = words[-1].end - (1 if words[-1].text.endswith(".") else 0)
            if words[0].start < end:
                add_span(doc, m.start() if previous is None else words[0].start, end, "PLACE", name=name,
                         level=level, type=place_type, level_word=m.group() if previous is None else None,
                         official=official)
            previous = head
            cont = self.continuation.match(text, end)
            if level in self.LEVEL_NUMBERS or cont is None or self.regex.match(text, cont.end()):
                break
            next_word = compiled(r"[\p{L}]+").match(text, cont.end())
            if self.not_list_item.match(text, cont.end()) or (
                    next_word and next_word.group().casefold().startswith(self.not_after)):
                break  # "Desa Maneikun dan Rumah Adat ...", "TPS 01", "Januari 2025": not the next place
            pos = cont.end()

    def _item(self, text: str, pos: int, level: str, place_type: str, previous: list[Word] | None,
              areas: list[str]) -> tuple[list[Word], str, str | None, str, str, list[Word]] | None:
        """One place of a list: its words, name, official name, level, type and the words the
        next item may share a head with; None ends the list."""
        if level in self.LEVEL_NUMBERS:
            words = self.name_words(text, pos, any_case=True)
            found = self.official(words, level, place_type) if words else None
            if found is None and words and place_type == "kota":  # "kota Manokwari": no Kota, the Kabupaten
                found = self.official(words, level, "kabupaten")
            return (found[0], " ".join(w.text for w in found[0]).rstrip("."), found[1], level, place_type,
                    found[0]) if found else None
        if previous is None and self.programme.match(text, pos):
            return None  # "Kampung Tangguh ...", "Desa Wisata": a programme, not a place
        words = self.cut_before_known(self.village_words(text, pos, level, place_type, areas), level,
                                      in_list=previous is not None)
        if len(words) == 1 and compiled(r"(?![IVX]+$)\p{Lu}{2,4}").fullmatch(words[0].text):
            return None  # an acronym ("Pilkades PAW"), not a village name
        if not words or (previous is not None and (self.own_level_after(text, words[-1].end, level)
                                                   or self.subject_of_clause(text, words))):
            return None  # "Kecamatan A, B Kecamatan C": B is no kecamatan of the list
        name = in_title_case([w.text for w in words]).rstrip(".")
        if previous is not None:
            name = self.shared_head(previous, words, name, level)
            if name != " ".join(w.text for w in words):
                return words, name, None, level, place_type, previous  # the head stays for the next item
            if level == "village" and (self.is_district(words) or self.is_kecamatan_of(name, previous)
                                       or self.is_district_here(name, areas)):
                level, place_type = "district", "kecamatan"  # "Desa Karangrowo, Undaan, Kudus"
        if compiled(r"[IVX]+|\d+").fullmatch(name):  # a numbered place keeps its level word: "Dusun II"
            name = f"{place_type.title()} {name}"
        return words, name, None, level, place_type, words

    def village_words(self, text: str, pos: int, level: str, place_type: str, areas: list[str]) -> list[Word]:
        """The capitalised name after a village or kecamatan word, or a longer one the gazetteer
        knows at that level with lower-case or level words inside (``kecamatan Kupang timur``,
        ``Kecamatan Kota Baru``); an all-lower-case name only inside the release's area."""
        written = self.name_words(text, pos)
        if place_type == "dusun":
            return written
        number = 4 if level == "village" else 3
        words = self.name_words(text, pos, any_case=True, inner_level=True)
        known = self.gazetteer.names_at_level(number)
        for k in range(len(words), len(written), -1):
            name = " ".join(w.text.rstrip(".") for w in words[:k])
            if normalize_name(name) in known and (is_capitalised(words[0].text) or any(
                    self.gazetteer.is_within(c, a) for c in self.gazetteer.codes(name, number) for a in areas)):
                return words[:k]
        return written

    def with_level_word(self, m: regex.Match, name: str, level: str, place_type: str) -> tuple[str, str]:
        """The name with its level word when the gazetteer knows it so (``TPS 13 Negeri Olok
        Gading`` is the kelurahan Negeri Olok Gading), typed by its code; else unchanged."""
        word = m.group(f"l{group_index(m, 'l')}")
        if m.end() != m.end(f"l{group_index(m, 'l')}") or not is_capitalised(word):
            return name, place_type  # "Desa yakni A": a list opener, not a name
        codes = self.gazetteer.codes(f"{word} {name}", 4 if level == "village" else 3)
        if not codes or self.gazetteer.codes(name, 4 if level == "village" else 3):
            return name, place_type
        kind = village_type(codes[0], self.province_types) if level == "village" and len(codes) == 1 else place_type
        return f"{word} {name}", kind

    def shared_head(self, previous: list[Word], words: list[Word], name: str, level: str) -> str:
        """``Kecamatan Wanareja Timur, Selatan``: a qualifier alone shares the head of the item before."""
        if len(words) != 1 or name.casefold() not in self.qualifiers or len(previous) < 2:
            return name
        joined = " ".join(w.text for w in previous[:-1]) + " " + name
        return joined if self.gazetteer.codes(joined, 4 if level == "village" else 3) else name

    def is_kecamatan_of(self, name: str, previous: list[Word]) -> bool:
        """``Desa Jelarai, Tanjung Selor``: the item is the kecamatan of the village before it."""
        districts = self.gazetteer.codes(name, level=3)
        return any(v.startswith(d + ".") for d in districts
                   for v in self.gazetteer.codes(" ".join(w.text for w in previous), level=4))

    def is_district_here(self, name: str, areas: list[str]) -> bool:
        """A name that is a kecamatan inside the release's area and no village there."""
        gazetteer = self.gazetteer

        def here(level: int) -> bool:
            return any(gazetteer.is_within(c, a) for c in gazetteer.codes(name, level) for a in areas)
        return here(3) and not here(4)

    def subject_of_clause(self, text: str, words: list[Word]) -> bool:
        """``Kampung A, Budi membenarkan ...``: an item the gazetteer knows at no level that a
        lower-case word other than a connector follows is a person, not the next place."""
        after = compiled(r"[^\S\n]+(\p{Ll}+)").match(text, words[-1].end)
        name = " ".join(w.text for w in words)
        return after is not None and after.group(1) not in self.connectors and not self.gazetteer.codes(name)

    def own_level_after(self, text: str, end: int, level: str) -> bool:
        """Whether a level word of ``level`` follows right after ``end``."""
        gap = compiled(r"[^\S\n]+").match(text, end)
        after = self.regex.match(text, gap.end()) if gap else None
        return after is not None and self.levels[group_index(after, "l")][0] == level

    def _bare_names(self, doc: Doc, text: str, dateline: tuple[int, int] | None) -> None:
        """Regency, province and kecamatan names without their level word."""
        taken = taken_ranges(doc)
        for start, end in state(doc).unit_names:
            taken.add(start, end)
        found = self._bare_candidates(doc, text, dateline, taken)
        accepted = self._listed_with_accepted(doc, text, found)
        for start, end, name, level, place_type, _ in found:
            if (start, end) in accepted and not taken.overlaps(start, end):
                add_span(doc, start, end, "PLACE", name=name if level == "district" else text[start:end],
                         level=level, type=place_type, level_word=None,
                         official=name if level != "district" else None)

    def _listed_with_accepted(self, doc: Doc, text: str,
                              found: list[tuple[int, int, str, str, str, bool]]) -> set[tuple[int, int]]:
        """The ranges of the cued candidates and of the places named so far, and of each
        candidate listed next to one of them (``Pelalawan, Riau``) or after a unit and a comma,
        until no candidate is added. Only separators stand between list items, so only the
        characters of the gap next to a candidate are read back to an accepted end or forward
        to an accepted start."""
        accepted = {f[:2] for f in found if f[5]} | {
            (s.start_char, s.end_char) for s in mentions(doc) if s.label_ == "PLACE"}
        starts, ends = {a for a, _ in accepted}, {b for _, b in accepted}
        unit_ends = {s.end_char for s in mentions(doc) if s.label_ == "UNIT"}
        gap_char = self.list_gap_char.match

        def next_to_accepted(start: int, end: int) -> bool:
            b = start
            while True:
                if b in ends and self.list_gap.fullmatch(text, b, start) or \
                        b in unit_ends and self.unit_gap.fullmatch(text, b, start):
                    return True
                if b == 0 or not gap_char(text, b - 1):
                    break
                b -= 1
            a = end
            while True:
                if a in starts and self.list_gap.fullmatch(text, end, a):
                    return True
                if a >= len(text) or not gap_char(text, a):
                    return False
                a += 1

        changed = True
        while changed:  # a single word next to an accepted place in a list ("Pelalawan, Riau")
            changed = False
            for f in found:
                if f[:2] not in accepted and next_to_accepted(f[0], f[1]):
                    accepted.add(f[:2])
                    starts.add(f[0])
                    ends.add(f[1])
                    changed = True
        return accepted

    def _bare_candidates(self, doc: Doc, text: str, dateline: tuple[int, int] | None,
                         taken: Ranges) -> list[tuple[int, int, str, str, str, bool]]:
        """The longest known names in runs of capitalised words (and lower-case qualifiers after
        them: ``di Sinjai utara``): (start, end, official name,
        level, type, cued); a kecamatan only after a cue and inside the release's area (its
        units' and named regencies', those named alone before it included), and never one
        named like a regency (``di Sorong`` is the town)."""
        words = self.name_words_of(text)
        # normalized names drop spaces, so a name's key is its words' keys joined
        keys = [normalize_name(text[a:b]) for a, b in words]
        # run[i]: how many capitalised words go on from word i, separated by spaces alone
        run = [1] * len(words)
        for i in range(len(words) - 2, -1, -1):
            gap = text[words[i][1]:words[i + 1][0]]
            if gap.isspace() and "\n" not in gap:
                run[i] = run[i + 1] + 1
        prefixes, districts = self.name_prefixes(), self.gazetteer.names_at_level(3)
        areas: list[str] | None = None  # looked up only when a kecamatan name needs them
        found: list[tuple[int, int, str, str, str, bool]] = []
        found_areas: list[str] = []  # the codes of the regencies among ``found`` (each of one code)
        i = 0
        while i < len(words):
            if text[words[i][0]].islower():  # a qualifier ends a name, begins none
                i += 1
                continue
            longest, key = 0, ""  # how many words from here can still begin a known name
            while longest < min(4, run[i]) and (key := key + keys[i + longest]) in prefixes:
                longest += 1
            for n in range(longest, 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                item = self._bare_higher(doc, text, (start, end), dateline, taken)
                joined = "".join(keys[i:i + n])
                if item is None and joined in districts and joined not in self.higher_names:
                    areas = document_areas(doc, self.gazetteer) if areas is None else areas
                    listed = bool(found) and found[-1][3] == "district" and \
                        bool(self.list_gap.fullmatch(text, found[-1][1], start))  # "di Lasiolat, Raihat"
                    if self._district_here(text, (start, end), areas + found_areas, listed):
                        item = (start, end, in_title_case(text[start:end].split()), "district", "kecamatan", True)
                if item is not None:
                    found.append(item)
                    codes = self.gazetteer.codes(item[2], level=2) if item[3] == "regency" else []
                    found_areas += codes if len(codes) == 1 else []
                    i += n - 1
                    break
            i += 1
        return found

    def name_words_of(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the capitalised words and of the qualifiers right after one, in order."""
        words = [(m.start(), m.end()) for m in self.capitalised_word.finditer(text)]
        after = (self.lower_word.match(text, end) for _, end in words)
        qualifiers = [m.span(1) for m in after if m and m.group(1) in self.qualifiers]
        return sorted(words + qualifiers) if qualifiers else words

    def _bare_higher(self, doc: Doc, text: str, where: tuple[int, int], dateline: tuple[int, int] | None,
                     taken: Ranges) -> tuple[int, int, str, str, str, bool] | None:
        """The regency or province named alone at ``text[start:end]``, unless it is part of a
        unit, a venue or the dateline; cued when it has two words or follows a cue word (or a
        football club's name: ``Persipura Jayapura``)."""
        (start, end), gazetteer = where, self.gazetteer
        key = normalize_name(text[start:end])
        level = "province" if key in gazetteer.names_at_level(1) else "regency" \
            if key in gazetteer.names_at_level(2) else None
        if level is None:
            return None
        before = self.previous_word.search(text, max(0, start - 40), start)
        prev = before.group(1).casefold().rstrip(".") if before else ""
        kind = self.cue_kinds.get(prev)
        if kind is not None and gazetteer.official_name(text[start:end], 2, kind):
            level = "regency"  # "Wakil Walikota Gorontalo" is the Kota, not the province
        name = gazetteer.official_name(text[start:end], self.LEVEL_NUMBERS[level], kind if level == "regency" else None)
        if name is None and level == "regency":
            name = self.regency_here(text[start:end], kind, document_areas(doc, gazetteer, min_length=2))
        if name is None or in_span(dateline, start) or taken.overlaps(start, end) \
                or prev.startswith(self.not_after):
            return None
        cued = " " in text[start:end].strip() or prev in self.cues or bool(self.club.fullmatch(prev))
        return start, end, name, level, "provinsi" if level == "province" else name.split()[0].casefold(), cued

    def regency_here(self, name: str, kind: str | None, areas: list[str]) -> str | None:
        """The official name of the one Kabupaten or Kota ``name`` may be that lies nearest the
        release's units (``di Jayapura`` in a release of Polres Jayapura Kota); the Kota when
        both lie there (the seat of the Polda)."""
        if not areas:
            return None
        gazetteer = self.gazetteer
        codes = resolution.nearest(gazetteer.codes(name, 2, kind), areas)
        if len({c[:2] for c in codes}) == 1 and len(codes) > 1:
            codes = [c for c in codes if gazetteer.region_type(c) == "kota"]
        return gazetteer.name(codes[0]) if len(codes) == 1 else None

    def _district_here(self, text: str, where: tuple[int, int], areas: list[str], listed: bool) -> bool:
        """A kecamatan named alone after "di" ("di Manggar"), polling stations ("TPS 1 dan 2
        Manggar") or, ``listed``, after another such kecamatan in a list, inside an area the
        document is about."""
        start, end = where
        before = self.previous_word.search(text, max(0, start - 20), start)
        cued = listed or before and before.group(1).casefold() in self.district_cues or \
            self.polling_stations.search(text, max(0, start - 30), start)
        if not cued or not areas:
            return False
        gazetteer = self.gazetteer
        return any(gazetteer.is_within(code, area)
                   for code in gazetteer.codes(text[start:end], level=3) for area in areas)

    def recognize(self, doc: Doc, text: str) -> None:
        dateline = state(doc).clean.dateline
        self._with_level_word(doc, text, dateline)
        self._bare_names(doc, text, dateline)
        chains_before(doc, text, self.gazetteer, self.province_types)
        areas = document_areas(doc, self.gazetteer)
        villages_after_cues(doc, text, self.gazetteer, self.village_cue, areas, self.province_types,
                            self.higher_names, self.qualifiers)
        villages_in_lists(doc, text, self.gazetteer, self.list_opener, areas, self.province_types, self.higher_names)

    @lru_cache(maxsize=1)  # one recogniser per process
    def name_prefixes(self) -> frozenset[str]:
        """Every start of a normalized province, regency or kecamatan name: a word sequence
        that is none of these can begin no such name."""
        names = self.higher_names | self.gazetteer.names_at_level(3)
        return frozenset(name[:i] for name in names for i in range(1, len(name) + 1))
