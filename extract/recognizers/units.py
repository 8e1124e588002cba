"""Police command units: ``Polres OKU Timur``, ``Mapolsek Lasiolat``, ``Kepolisian Resor
(Polres) Aceh Besar``, ``Polda NTT``. Unit words, long forms and stop words are in
``extract/data/units.yaml``; the gazetteer tells where a unit's place name ends.
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..resources import compiled, load_yaml
from ..spans import add_span, state
from .base import ASSIGNS, REQUIRES, Recognizer
from .matching import TriggeredPattern, Word, is_capitalised, leading_prefixes, matched_group, words_after


@Language.factory("tribrata_units", assigns=ASSIGNS, requires=REQUIRES,
                  default_config={"data": "units.yaml", "ranks": "ranks.yaml",
                                  "gazetteer": {"@misc": "tribrata.gazetteer.v1"}})
def make_units(nlp: Language, name: str, data: str, ranks: str, gazetteer: Gazetteer) -> "UnitRecognizer":
    return UnitRecognizer(name, data, ranks, gazetteer)


class UnitRecognizer(Recognizer):
    """Police command units: a unit word and the place after it (``Polres OKU Timur``,
    ``Mapolsek Lasiolat``, ``Kepolisian Resor (Polres) Aceh Besar``), or the spelled-out form
    (``Kepolisian Sektor Puriala``; when an abbreviation follows in parentheses, that one).

    The place is read word by word up to a stop word, a rank, a sentence end or a comma,
    then cut to its longest start the gazetteer knows as the area of such a unit; ``X dan Y``
    names two units when Y is a known area of that kind (and one when ``X dan Y`` is).
    """

    labels = ("UNIT",)

    def __init__(self, name: str, data: str, ranks: str, gazetteer: Gazetteer) -> None:
        super().__init__(name)
        self.gazetteer = gazetteer
        data = load_yaml(data)
        self.types = [(t["type"], t["level"], t["named"]) for t in data["types"]]
        self.long_types = [t["type"] for t in data["long_forms"]]
        pattern = "|".join(f"(?P<t{i}>{t['pattern']})" for i, t in enumerate(data["types"]))
        longs = "|".join(f"(?P<l{i}>{t['pattern']})" for i, t in enumerate(data["long_forms"]))
        prefixes = set().union(*(leading_prefixes(t["pattern"]) or {""} for t in data["types"]))
        self.regex = TriggeredPattern(
            regex.compile(rf"\b(?:(?P<hq>Ma)?(?i:{pattern})\b\)?|(?i:{longs})\b(?=[^\S\n]+\p{{Lu}}))"),
            prefixes | {"ma" + p for p in prefixes} | {"kepolisian"})
        self.abbreviation = regex.compile(r"[^\S\n]*\((?:Ma)?(?:" + pattern.replace("?P<t", "?P<a") + r")[^\S\n]")
        self.stop = {w.casefold() for w in data["stop_words"]}
        self.generic = {w.casefold() for w in data["generic_names"]}
        self.lower_case = {w.casefold() for w in data["lower_case_name_words"]}
        self.level_words = {w.casefold() for w in data["leading_level_words"]}
        self.max_words = int(data["max_name_words"])
        self.headline_verb = regex.compile(data["headline_verb"])
        ranks = load_yaml(ranks)
        self.rank_words = {w for r in ranks["ranks"] for v in r["variants"] for w in leading_prefixes(v) or ()}

    def place_words(self, text: str, pos: int) -> list[Word]:
        words: list[Word] = []
        for word in words_after(text, pos, self.max_words + 1):
            bare = word.text.rstrip(".")
            folded = bare.casefold()
            lower_ok = folded == "dan" or (bool(words) and folded in self.lower_case)
            if word.comma_before or not bare or (not is_capitalised(bare) and not lower_ok):
                break
            if folded in self.rank_words or (folded in self.stop and not (folded == "dan" and words)):
                break
            if not words and folded in self.level_words:
                continue
            glued = compiled(r"([^-]+)-(?!\1(?![\p{L}]))\p{Lu}").match(word.text)
            if glued:  # "Polda Aceh-Sebagai": the next sentence glued on by a hyphen (not "Pulau-Pulau")
                words.append(Word(word.start, word.start + len(glued.group(1)), glued.group(1), word.comma_before))
                break
            words.append(word)
            if word.text.endswith(".") and not (len(bare) <= 4 and bare[:1].isupper()):
                break  # a sentence ends here ("Polres Labuhanbatu Selatan. Hanya ...")
        while words and words[-1].text.rstrip(".").casefold() == "dan":
            words.pop()
        return words[:self.max_words]

    def _known(self, unit_type: str, place: str) -> bool:
        gazetteer = self.gazetteer
        if unit_type in ("Polsek", "Polsekta"):
            return bool(gazetteer.codes(place, level=3))
        return gazetteer.unit_area(unit_type, place) is not None

    def units_of(self, unit_type: str, words: list[Word]) -> list[list[Word]]:
        """The unit names in the words after a unit word (one, two for ``X dan Y``, or none)."""
        words = self._before_verb(unit_type, words)
        names = [w.text.rstrip(".") for w in words]
        if "dan" in names and not self._known(unit_type, " ".join(names)):
            cut = names.index("dan")
            first, second = words[:cut], words[cut + 1:]
            out = [first] if first else []
            if second and self._known(unit_type, " ".join(w.text.rstrip(".") for w in second)):
                out.append(second)
            return [self._cut_to_known(unit_type, part) for part in out]
        return [self._cut_to_known(unit_type, words)]

    def _before_verb(self, unit_type: str, words: list[Word]) -> list[Word]:
        """The words before a capitalised verb after the first (``Polsek X Distribusikan
        Logistik``), unless a name the gazetteer knows runs through it."""
        names = [w.text.rstrip(".") for w in words]
        for i in range(1, len(words)):
            if self.headline_verb.fullmatch(names[i]) and not any(
                    self._known(unit_type, " ".join(names[:k])) for k in range(i + 1, len(names) + 1)):
                return words[:i]
        return words

    def _cut_to_known(self, unit_type: str, words: list[Word]) -> list[Word]:
        """The words of the unit's name: cut after the longest part the gazetteer knows only
        where a headline word or the unit's parent area follows (``Polsek Pasar Baru Belu``);
        a Polsek written longer than the kecamatan it is named after keeps its name."""
        for k in range(len(words), 0, -1):
            if self._known(unit_type, " ".join(w.text.rstrip(".") for w in words[:k])):
                rest = words[k:]
                if not rest or unit_type not in ("Polsek", "Polsekta") or not all(
                        w.text[:1].isupper() and w.text[1:2].islower() for w in rest) or self._parent_area(rest):
                    return words[:k]
                return words
        return words

    def _parent_area(self, words: list[Word]) -> bool:
        name = " ".join(w.text.rstrip(".") for w in words)
        return bool(self.gazetteer.codes(name, 1) or self.gazetteer.codes(name, 2))

    def _place_in_parentheses(self, doc: Doc, text: str, end: int, unit_type: str, level: str) -> int:
        """``Polres TTU (Timor Tengah Utara)``: the place written out in parentheses after a unit is
        the unit in full (the gazetteer knowing it as such a unit's area). Returns where the unit ends."""
        paren = compiled(r"[^\S\n]*\((\p{Lu}[\p{L}\-]*(?:[^\S\n]+\p{Lu}[\p{L}\-]*){0,4})\)").match(text, end)
        if paren is None or paren.group(1).split()[0].casefold() in self.level_words \
                or not self._known(unit_type, paren.group(1)):  # "(Kabupaten Belu)" is a place
            return end
        add_span(doc, paren.start(1), paren.end(1), "UNIT", type=unit_type, level=level, place=paren.group(1),
                 headquarters=False)
        return paren.end()

    def recognize(self, doc: Doc, text: str) -> None:
        last_end = -1
        for m in self.regex.finditer(doc, text):
            if last_end >= 0 and text[last_end:m.start()].strip() == "(":
                continue  # "Polres Metro Jakarta Barat (Polres Jakbar)": an alias of the unit before it
            kind, index = matched_group(m, "t", "l")
            long_form = kind == "l"
            if long_form:
                unit_type = self.long_types[index]
                level = next(lv for t, lv, _ in self.types if t == unit_type)
            else:
                unit_type, level, named = self.types[index]
                if not named:
                    add_span(doc, m.start(), m.end(), "UNIT", type=unit_type, level=level, place=None,
                             headquarters=False)
                    continue
            words = self.place_words(text, m.end())
            if not words or words[0].text.casefold() in self.generic:
                continue
            if long_form and self.abbreviation.match(text, words[-1].end):
                # "Kepolisian Resor Padang Lawas (Polres Palas)": the abbreviation names the unit;
                # the spelled-out name is still no place
                state(doc).unit_names.append((m.start(), words[-1].end))
                continue
            for part in self.units_of(unit_type, words):
                if not part:
                    continue
                start = m.start() if part[0] is words[0] else part[0].start
                place = " ".join(w.text for w in part).rstrip(".")
                end = part[-1].end - (1 if part[-1].text.endswith(".") else 0)
                add_span(doc, start, end, "UNIT", type=unit_type, level=level, place=place,
                         headquarters=bool(m.group("hq")))
                last_end = self._place_in_parentheses(doc, text, end, unit_type, level)
