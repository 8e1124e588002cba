"""Election candidates named by their context and political parties.

A candidate stands after an introducer (``paslon``, ``pasangan calon``, ``calon``, ``caleg``,
``nomor urut 1``), its preamble (the office and its place: ``Bupati dan Wakil Bupati Belu``,
``anggota DPD RI Dapil Bengkulu``; the ticket number; a connective) and in lists of names
joined by ``dan``, ``-``, ``berpasangan dengan`` or commas (``A SH-B SAg, C SP-D ST MT``);
or before an introducer written as an apposition (``Budi, S.Sos, calon legislatif``).
Introducers, preamble words and joiners are in ``extract/data/politics.yaml``, parties in
``parties.csv``.
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..resources import compiled, load_csv, load_yaml
from ..spans import add_span
from .base import ASSIGNS, REQUIRES, Recognizer
from .matching import TriggeredPattern, Word, alternation, group_index, leading_prefixes, title_key, title_keys, words_after

#: The most names read from one introducer (a list of five tickets is ten).
MAX_NAMES = 12
_SPACES = r"[^\S\n]*"


def _whole(patterns: list[str]) -> str:
    """Alternatives that end at a word boundary when they end in a letter or digit."""
    return "|".join(rf"(?:{p})(?:(?<=[\p{{L}}\d])(?![\p{{L}}\d])|(?<![\p{{L}}\d]))" for p in patterns)


@Language.factory("tribrata_politics", assigns=ASSIGNS, requires=REQUIRES,
                  default_config={"data": "politics.yaml", "parties": "parties.csv",
                                  "gazetteer": {"@misc": "tribrata.gazetteer.v1"}})
def make_politics(nlp: Language, name: str, data: str, parties: str, gazetteer: Gazetteer) -> "PoliticsRecognizer":
    return PoliticsRecognizer(name, data, parties, gazetteer)


class PoliticsRecognizer(Recognizer):
    """Election candidates named by their context (``Paslon Bupati dan Wakil Bupati Belu A-B``,
    ``Paket ROMAN (A dan B)``, ``nomor urut 1 (A-B)``, ``A, S.Sos, calon legislatif``) and
    political parties."""

    labels = ("CANDIDATE", "PARTY")

    def __init__(self, name: str, data: str, parties: str, gazetteer: Gazetteer) -> None:
        super().__init__(name)
        self.gazetteer = gazetteer
        rows = load_csv(parties)
        self.party_names = [row["name"] for row in rows]
        variants = "|".join(f"(?P<p{i}>{row['variants']})" for i, row in enumerate(rows))
        self.parties = TriggeredPattern(regex.compile(rf"(?i)(?<![\p{{L}}])(?:{variants})(?![\p{{L}}])"),
                                        leading_prefixes("|".join(row["variants"] for row in rows)))
        data = load_yaml(data)
        intro = alternation(data["introducers"])
        self.ticket = TriggeredPattern(
            regex.compile(rf"(?i)(?<![\p{{L}}])(?P<intro>{intro})(?![\p{{L}}])"
                          rf"(?:{_SPACES}(?-i:\p{{Lu}}[\p{{Lu}}\d\-]+){_SPACES}(?=\())?"),
            leading_prefixes(intro))
        self.apposition = regex.compile(rf"(?i)(?:{alternation(data['apposition_introducers'])})$")
        self.office = regex.compile(rf"(?i){_SPACES}(?:{_whole(data['offices'])})")
        self.connective = regex.compile(rf"(?i){_SPACES}(?:{_whole(data['connectives'])})")
        glued = rf"(?:{alternation(data['glued_joiners'])})(?-i:(?=\p{{Lu}}))"
        self.joiner = regex.compile(rf"(?i){_SPACES}(?:{_whole(data['joiners'])}|{glued}){_SPACES}")
        self.list_comma = regex.compile(rf"{_SPACES}[,;]{_SPACES}(?:(?i:dan|serta){_SPACES})?")
        self.after_name = regex.compile(rf"{_SPACES},?{_SPACES}(?:{alternation(data['after_name'])})")
        self.before_intro = regex.compile(
            r"(?<![\p{L}\d])(?P<name>\p{Lu}[\p{L}'.]*(?:[^\S\n]+\p{Lu}[\p{L}'.]*){0,4})"
            r"(?P<titles>(?:[^\S\n]*,[^\S\n]*[^\s,]+){0,4})[^\S\n]*,[^\S\n]*$")
        self.not_names = {w.casefold() for w in data["not_names"]}
        self.alias = {w.casefold() for w in data["alias_words"]}
        self.headline_word = regex.compile(data["headline_words"])
        self.nickname_intro = data["nickname_introducer"].casefold()

    def recognize(self, doc: Doc, text: str) -> None:
        for m in self.ticket.finditer(doc, text):
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else end
            pos = self.after_preamble(text, m.end(), end, self.office.fullmatch(m.group("intro")) is not None)
            pos += len(text[pos:end]) - len(text[pos:end].lstrip())
            if text.startswith("(", pos):
                close = text.find(")", pos)
                if close < 0:
                    continue
                pos, end = pos + 1, close
            elif m.group("intro").casefold() == self.nickname_intro:
                continue  # "Paket Roman": the ticket's nickname, its names come in parentheses
            names = self.names_in_list(text, pos, end)
            if not names and self.apposition.fullmatch(m.group("intro")):
                names = [n for n in [self.name_before(text, m.start())] if n]
            for start, stop, name in names:
                if not _headline_only(text, start, name):
                    add_span(doc, start, stop, "CANDIDATE", name=name)
        for m in self.parties.finditer(doc, text):
            add_span(doc, m.start(), m.end(), "PARTY", name=self.party_names[group_index(m, "p")])

    def after_preamble(self, text: str, pos: int, end: int, after_office: bool = False) -> int:
        """Where the names start after an introducer: past the office, its place (a region the
        gazetteer knows, right after an office word), a party, the ticket number, connectives."""
        while True:
            office = self.office.match(text, pos, end)
            other = None if office else self.connective.match(text, pos, end) or self.party_at(text, pos, end)
            region = None if office or other else (self.region_end(text, pos, end) if after_office else None)
            if office is None and other is None and region is None:
                return pos
            pos = office.end() if office else other.end() if other else region
            after_office = office is not None

    def party_at(self, text: str, pos: int, end: int) -> regex.Match | None:
        while pos < end and text[pos] in " \t\xa0":
            pos += 1
        return self.parties.pattern.match(text, pos, end)

    def region_end(self, text: str, pos: int, end: int) -> int | None:
        """The end of the longest run of capitalised words at ``pos`` that names a province or a
        regency (``Bupati Belu``, ``Gubernur Sulawesi Tenggara``), None if there is none."""
        words: list[Word] = []
        for word in words_after(text, pos, 4):
            if (word.end > end or not word.text[:1].isupper() or (words and word.comma_before)
                    or self.office.match(text, word.start, end)):
                break
            words.append(word)
        for last in reversed(words):
            name = text[words[0].start:last.end].rstrip(".")
            if self.gazetteer.codes(name, 1) or self.gazetteer.codes(name, 2):
                return last.end
        if words and self.place_ends(text, words[-1].end, end):
            return words[-1].end
        return None

    def place_ends(self, text: str, pos: int, end: int) -> bool:
        """Whether a capitalised run after an office word ends its place at ``pos``: more of the
        preamble follows (``Calon Wali Kota <place> nomor urut 2``), or a comma and a name
        (``Gubernur <province>, A dan B``), not a title (``Calon Bupati A, S.Sos``)."""
        if self.office.match(text, pos, end):
            return True
        after = words_after(text, pos, 1)
        return bool(after) and after[0].comma_before and after[0].end <= end and after[0].text[:1].isupper() \
            and title_keys().get(title_key(after[0].text)) != "after" and after[0].text.casefold() not in self.not_names

    def name_at(self, text: str, pos: int, end: int) -> tuple[int, int, str] | None:
        """A person's name starting at ``pos`` (titles before it skipped; it ends at a title,
        a comma, a word in lower case or a joiner glued to it: ``Budi-Rahmat``, ``Budi SH-Rahmat``)."""
        keys = title_keys()
        name: list[Word] = []
        for word in words_after(text, pos, 10):
            head = word.text.split("-")[0] if compiled(r"-\p{Lu}").search(word.text) else word.text
            bare = head.strip(".")
            if word.end > end or (name and word.comma_before):
                break
            if not name and keys.get(title_key(word.text)) == "before":
                continue
            if self.headline_word.fullmatch(bare):
                return None if len(name) < 2 else self._name_span(text, name)
            if (keys.get(title_key(head)) == "after" or bare.casefold() in self.alias or not bare[:1].isupper()
                    or bare.casefold() in self.not_names or any(c.isdigit() for c in bare)):
                break
            name.append(Word(word.start, word.start + len(head), head, False))
            if head != word.text or (head.endswith(".") and len(bare) > 3):
                break  # a joiner glued on, or a sentence end ("Budi Santoso. Situasi ...")
        return self._name_span(text, name) if name else None

    @staticmethod
    def _name_span(text: str, name: list[Word]) -> tuple[int, int, str]:
        last = name[-1]
        stop = last.end - (1 if last.text.endswith(".") and len(last.text.strip(".")) > 1 else 0)
        return name[0].start, stop, text[name[0].start:stop]

    def skip_after_name(self, text: str, pos: int, end: int) -> int:
        """Past the titles (``, S.Sos``, ``SH``, ``S.STP., MM``), an alias (``alias Pak BH``), the
        party (``dari Partai Golkar``) and a note in parentheses written after a name."""
        keys = title_keys()
        while True:
            m = self.after_name.match(text, pos, end)
            if m is not None:
                pos = m.end()
                continue
            words = [w for w in words_after(text, pos, 6) if w.end <= end]
            if not words:
                return pos
            head = words[0].text.split("-")[0]
            if keys.get(title_key(head)) == "after":
                pos = words[0].start + len(head)
                continue
            if head.casefold() not in self.alias:
                return pos
            pos = words[0].end
            for word in words[1:]:
                if "-" in word.text:
                    return word.start + word.text.index("-")
                if word.comma_before or not word.text[:1].isupper():
                    return pos
                pos = word.end

    def names_in_list(self, text: str, pos: int, end: int) -> list[tuple[int, int, str]]:
        """The names from ``pos`` on: joined by a joiner, or a list of tickets separated by
        commas (``A SH-B SAg, C SP-D ST MT, dan E-F``)."""
        found: list[tuple[int, int, str]] = []
        while len(found) < MAX_NAMES:
            name = self.name_at(text, pos, end)
            if name is None:
                break
            found.append(name)
            pos = self.skip_after_name(text, name[1], end)
            joiner = self.joiner.match(text, pos, end)
            if joiner is not None:
                pos = joiner.end()
                continue
            comma = self.list_comma.match(text, pos, end)
            if comma is None or not self.ticket_at(text, self.after_preamble(text, comma.end(), end), end):
                break
            pos = self.after_preamble(text, comma.end(), end)
        return found

    def ticket_at(self, text: str, pos: int, end: int) -> bool:
        """Whether two names joined by a joiner start at ``pos``."""
        first = self.name_at(text, pos, end)
        joiner = first and self.joiner.match(text, self.skip_after_name(text, first[1], end), end)
        return bool(joiner) and self.name_at(text, joiner.end(), end) is not None

    def name_before(self, text: str, start: int) -> tuple[int, int, str] | None:
        """The name of an apposition before an introducer (``Budi Santoso, S.Sos, calon legislatif``)."""
        line = text.rfind("\n", 0, start) + 1
        m = self.before_intro.search(text, max(line, start - 120), start)
        if m is None or not all(title_keys().get(title_key(t.strip())) == "after" for t in m.group("titles").split(",")[1:]):
            return None
        return self.name_at(text, m.start("name"), m.end("name"))


def _headline_only(text: str, start: int, name: str) -> bool:
    """Whether a one-word name stands only in the headline (a first line without a sentence
    end) and nowhere below it: a headline fragment (``Paslon Nomor Urut 2 Meriah dan Aman``)."""
    line_end = text.find("\n")
    if " " in name or not 0 <= start < line_end or compiled(r"[.!?]\s").search(text[:line_end]):
        return False
    return not compiled(rf"(?<![\p{{L}}]){regex.escape(name)}(?![\p{{L}}])").search(text, line_end)
