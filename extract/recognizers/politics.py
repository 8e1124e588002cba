"""Election candidates named by their context (``Paket ROMAN (A dan B)``, ``pasangan A dan
B``, ``nomor urut 1 (A-B)``, ``paslon nomor urut 2, A – B``) and political parties.
Introducers and joiners are in ``extract/data/politics.yaml``, parties in ``parties.csv``.
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import compiled, load_csv, load_yaml
from ..spans import add_span
from .base import ASSIGNS, REQUIRES, Recognizer
from .matching import TriggeredPattern, Word, alternation, group_index, leading_prefixes, title_key, title_keys, words_after


@Language.factory("tribrata_politics", assigns=ASSIGNS, requires=REQUIRES,
                  default_config={"data": "politics.yaml", "parties": "parties.csv"})
def make_politics(nlp: Language, name: str, data: str, parties: str) -> "PoliticsRecognizer":
    return PoliticsRecognizer(name, data, parties)


class PoliticsRecognizer(Recognizer):
    """Election candidates named by their context (``Paket ROMAN (A dan B)``, ``pasangan A
    dan B``, ``nomor urut 1 (A-B)``, ``paslon nomor urut 2, A – B``) and political parties."""

    labels = ("CANDIDATE", "PARTY")

    def __init__(self, name: str, data: str, parties: str) -> None:
        super().__init__(name)
        rows = load_csv(parties)
        self.party_names = [row["name"] for row in rows]
        variants = "|".join(f"(?P<p{i}>{row['variants']})" for i, row in enumerate(rows))
        self.parties = TriggeredPattern(regex.compile(rf"(?i)(?<![\p{{L}}])(?:{variants})(?![\p{{L}}])"),
                                        leading_prefixes("|".join(row["variants"] for row in rows)))
        data = load_yaml(data)
        intro = alternation(data["introducers"])
        connective = alternation(data["connectives"])
        self.ticket = TriggeredPattern(
            regex.compile(rf"(?i)(?<![\p{{L}}])(?P<intro>{intro})(?![\p{{L}}])"
                          rf"(?:[^\S\n]*[,:]?[^\S\n]*(?:{connective})(?![\p{{L}}]))*[^\S\n]*[,:]?[^\S\n]*"
                          rf"(?:(?-i:\p{{Lu}}[\p{{Lu}}\d\-]+)[^\S\n]*(?=\())?"),
            leading_prefixes(intro))
        joiners = "|".join(regex.escape(j) if not j.isalpha() else rf"(?<![\p{{L}}]){j}(?=[^\S\n]|\p{{Lu}})"
                           for j in data["joiners"])
        self.joiner = regex.compile(rf"[^\S\n]*(?:{joiners})[^\S\n]*")
        self.not_names = {w.casefold() for w in data["not_names"]}
        self.alias = {w.casefold() for w in data["alias_words"]}
        self.nickname_intro = data["nickname_introducer"].casefold()

    def name_at(self, text: str, pos: int, end: int) -> tuple[int, int, str] | None:
        """A person's name starting at ``pos`` (titles before and after it skipped)."""
        keys = title_keys()
        words = [w for w in words_after(text, pos, 10) if w.end <= end]
        name: list[Word] = []
        for i, word in enumerate(words):
            bare = word.text.strip(".")
            key = title_key(word.text)
            if not name and keys.get(key) == "before":
                continue
            if name and (word.comma_before or keys.get(key) == "after" or bare.casefold() in self.alias):
                break
            if not bare or not bare[0].isupper() or bare.casefold() in self.not_names:
                break
            if "-" in word.text and compiled(r"-\p{Lu}").search(word.text):  # "Rouw-Darwis": a joiner inside
                name.append(Word(word.start, word.start + word.text.index("-"), word.text.split("-")[0], False))
                break
            name.append(word)
        if not name:
            return None
        last = name[-1]
        stop = last.end - (1 if last.text.endswith(".") and len(last.text.strip(".")) > 1 else 0)
        return name[0].start, stop, text[name[0].start:stop]

    def ticket_names(self, text: str, pos: int, end: int) -> list[tuple[int, int, str]]:
        """One or two names joined by ``dan``, ``-``, ``&`` from ``pos`` on."""
        found = []
        for _ in range(2):
            name = self.name_at(text, pos, end)
            if name is None:
                break
            found.append(name)
            rest = compiled(r"(?:[^\S\n]*,[^\S\n]*[^\s,()]+)*").match(text[name[1]:end])  # titles after a comma
            joiner = self.joiner.match(text, name[1] + (rest.end() if rest else 0), end)
            if joiner is None:
                break
            pos = joiner.end()
        return found

    def recognize(self, doc: Doc, text: str) -> None:
        for m in self.ticket.finditer(doc, text):
            pos, end = m.end(), text.find("\n", m.end())
            end = len(text) if end < 0 else end
            if text.startswith("(", pos):
                close = text.find(")", pos)
                if close < 0:
                    continue
                pos, end = pos + 1, close
            elif m.group("intro").casefold() == self.nickname_intro:
                continue  # "Paket Roman": the ticket's nickname, its names come in parentheses
            for start, stop, name in self.ticket_names(text, pos, end):
                add_span(doc, start, stop, "CANDIDATE", name=name)
        for m in self.parties.finditer(doc, text):
            add_span(doc, m.start(), m.end(), "PARTY", name=self.party_names[group_index(m, "p")])
