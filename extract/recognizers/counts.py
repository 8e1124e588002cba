"""Counts of personnel: ``151 (seratus lima puluh satu) personel``, ``sebanyak 285
personel``, ``kurang lebih 200 personil``, ``ratusan personel``. Number words, personnel
nouns, approximation and total words are in ``extract/data/numbers.yaml``.
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import compiled, load_yaml
from ..spans import add_span
from .base import ASSIGNS, REQUIRES, Recognizer
from .matching import TriggeredPattern, alternation, leading_prefixes


@Language.factory("tribrata_counts", assigns=ASSIGNS, requires=REQUIRES, default_config={"data": "numbers.yaml"})
def make_counts(nlp: Language, name: str, data: str) -> "CountRecognizer":
    return CountRecognizer(name, data)


class CountRecognizer(Recognizer):
    """Numbers of personnel (``151 (seratus lima puluh satu) personel``, ``sebanyak 285
    personel``, ``ratusan personel``) and any number written with its words. A count right
    after a police word (``dari Polri sebanyak 250 personel``) is marked as a police share."""

    labels = ("COUNT",)

    def __init__(self, name: str, data: str) -> None:
        super().__init__(name)
        data = load_yaml(data)
        words = set(data["units"]) | set(data["teens"]) | set(data["scales"]) | set(data["se_prefixed"])
        word = "|".join(sorted(words, key=len, reverse=True))
        number_words = rf"(?:{word})(?![\p{{L}}])(?:[^\S\n]+(?:{word})(?![\p{{L}}]))*"
        nouns = "|".join(sorted((n.replace(" ", r"[^\S\n]+") for n in data["personnel_nouns"]), key=len, reverse=True))
        vague = "|".join(data["vague"])
        approx = alternation(data["approximate_words"])
        self.regex = regex.compile(
            rf"(?i)(?<![\p{{L}}\d.,])(?<!(?:{alternation(data['not_after'])})[^\S\n]+)(?:(?P<approx>{approx})[^\S\n]+)?"
            rf"(?:(?P<num>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:[^\S\n]*\((?P<words>[^()]{{2,80}})\))?|(?P<wordsonly>{number_words})|(?P<vague>{vague}))"
            rf"(?:[^\S\n]+(?:orang[^\S\n]+)?(?P<noun>{nouns}|\p{{L}}+))?"
        )
        self.personnel = {compiled(r"\s+").sub(" ", n).casefold() for n in data["personnel_nouns"]}
        self.sebanyak = regex.compile(rf"(?i)({'|'.join(data['total_words'])})[^\S\n]*$")
        self.police_share = regex.compile(
            rf"(?i)(?<![\p{{L}}])(?:{'|'.join(data['police_words'])})(?![\p{{L}}])[^.\n\d]{{0,30}}$")
        self.personnel_before = regex.compile(rf"(?i)(?<![\p{{L}}])({nouns})(?![\p{{L}}])")
        self.in_text = TriggeredPattern(
            self.regex, {str(d) for d in range(10)} | words | set(data["vague"]) | {"se"}
            | (leading_prefixes(approx) or set()))

    def recognize(self, doc: Doc, text: str) -> None:
        for m in self.in_text.finditer(doc, text):
            if not (m.group("num") or m.group("wordsonly") or m.group("vague")):
                continue
            noun = (m.group("noun") or "").casefold()
            is_personnel = noun in self.personnel
            if not is_personnel and m.group("num"):
                # "personel yang dikerahkan sebanyak 151 (seratus lima puluh satu)"
                before = text[max(0, m.start() - 80):m.start()]
                sentence_part = compiled(r"[.!?\n]").split(before)[-1]
                if self.sebanyak.search(sentence_part) and self.personnel_before.search(sentence_part):
                    is_personnel, noun = True, ""
            if not is_personnel and not m.group("words"):
                continue
            if (m.group("wordsonly") or m.group("vague")) and not is_personnel:
                continue
            end = m.end("noun") if is_personnel and m.group("noun") and noun else (
                m.end() if not m.group("noun") else m.start("noun"))
            while end > m.start() and text[end - 1] in " \t\xa0":
                end -= 1
            add_span(doc, m.start(), end, "COUNT",
                     digits=m.group("num"), words=m.group("words") or (m.group("wordsonly") or "").strip() or None,
                     vague=m.group("vague"), approximate=m.group("approx"), noun=noun or None,
                     personnel=is_personnel, police_share=self._share_word(text, m.start()))

    def _share_word(self, text: str, start: int) -> int | None:
        """Where a police word right before a count starts (``Polri sebanyak 250``), if any."""
        found = self.police_share.search(text, max(0, start - 40), start)
        return found.start() if found else None
