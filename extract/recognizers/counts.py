"""Counts of personnel: ``151 (seratus lima puluh satu) personel``, ``sebanyak 285
personel``, ``kurang lebih 200 personil``, ``ratusan personel``. Number words, personnel
nouns, approximation and total words are in ``extract/data/numbers.yaml``.
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import compiled, load_yaml
from ..text import within_one_edit
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
            rf"(?:[^\S\n]+(?:lebih[^\S\n]+)?(?:orang[^\S\n]+(?=(?:{nouns})(?![\p{{L}}])))?(?P<noun>(?:{nouns})(?![\p{{L}}])|\p{{L}}+))?"
        )
        # a one-letter typo of a number word before a personnel noun ("delaoan personel")
        self.typo = regex.compile(rf"(?i)(?<![\p{{L}}])(?P<word>\p{{L}}{{5,9}})[^\S\n]+(?P<noun>{nouns})(?![\p{{L}}])")
        self.typo_words = sorted(w for w in words if len(w) >= 5)
        self.typo_in_text = TriggeredPattern(self.typo, {w[0] for w in self.typo_words})
        self.part_nouns = {n.casefold() for n in data["part_nouns"]}
        self.context = CountContext(data)
        self.year_after = regex.compile(rf"(?:{alternation(data['year_after'])})[^\S\n]*$")
        self.personnel = {compiled(r"\s+").sub(" ", n).casefold() for n in data["personnel_nouns"]}
        self.sebanyak = regex.compile(rf"(?i)({'|'.join(data['total_words'])})[^\S\n]*$")
        self.reference = regex.compile(rf"(?i)[^\S\n]+(?:{alternation(data['reference_words'])})(?![\p{{L}}])")
        self.personnel_before = regex.compile(rf"(?i)(?<![\p{{L}}])({nouns})(?![\p{{L}}])")
        self.in_text = TriggeredPattern(
            self.regex, {str(d) for d in range(10)} | words | set(data["vague"]) | {"se"}
            | (leading_prefixes(approx) or set()))

    def recognize(self, doc: Doc, text: str) -> None:
        per_site: dict[str, bool] = {}  # a number written -> whether its first count is per site
        for m in self.in_text.finditer(doc, text):
            if not (m.group("num") or m.group("wordsonly") or m.group("vague")):
                continue
            if m.group("num") and self.year_after.search(text, max(0, m.start() - 12), m.start()):
                continue
            noun = (m.group("noun") or "").casefold()
            is_personnel = noun in self.personnel
            if not is_personnel and m.group("num"):
                # "personel yang dikerahkan sebanyak 151 (seratus lima puluh satu)"
                before = text[max(0, m.start() - 80):m.start()]
                sentence_part = compiled(r"[.!?\n]").split(before)[-1]
                if self.sebanyak.search(sentence_part) and self.personnel_before.search(sentence_part):
                    is_personnel, noun = True, ""
            is_part = noun in self.part_nouns
            if not is_personnel and not is_part and not m.group("words"):
                continue
            if (m.group("wordsonly") or m.group("vague")) and not is_personnel:
                continue
            end = m.end("noun") if (is_personnel or is_part) and m.group("noun") and noun else (
                m.end() if not m.group("noun") else m.start("noun"))
            while end > m.start() and text[end - 1] in " \t\xa0":
                end -= 1
            context = self.context.of(text, m.start(), end)
            if m.group("num") in per_site and self.reference.match(text, end):
                context["per_site"] = per_site[m.group("num")]  # "17 personel itu": the count before
            per_site.setdefault(m.group("num"), context["per_site"])
            add_span(doc, m.start(), end, "COUNT",
                     digits=m.group("num"), words=m.group("words") or (m.group("wordsonly") or "").strip() or None,
                     vague=m.group("vague"), approximate=m.group("approx"), noun=noun or None,
                     personnel=is_personnel, part=is_part, **context)
        for m in self.typo_in_text.finditer(doc, text):
            word = m.group("word").casefold()
            fixed = next((w for w in self.typo_words if w != word and within_one_edit(w, word)), None)
            if fixed is not None and word not in self.typo_words:
                add_span(doc, m.start(), m.end(), "COUNT", digits=None, words=fixed, vague=None, approximate=None,
                         noun=m.group("noun").casefold(), personnel=True, part=False,
                         **self.context.of(text, m.start(), m.end()))


class CountContext:
    """Whose a count is and how it counts, read from the words around it: ``force`` (``police``,
    ``other`` or None: ``360 personel Polda X``, ``60 personel BKO TNI``; a joint total or the total of
    a list of parts is None), ``per_site``
    (``setiap TPS dijaga 2 personel``) and ``addition`` (``ditambah 90 personel``)."""

    def __init__(self, data: dict) -> None:
        def words(key: str) -> regex.Pattern:
            found = "|".join(compiled(r"\s+").sub(r"[^\\S\\n]+", regex.escape(w)) for w in data[key])
            return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{found})(?![\p{{L}}])")
        self.police, self.other = words("police_words"), words("other_words")
        self.per_site, self.addition = words("per_site_words"), words("addition_words")
        self.separator = regex.compile(rf"(?i){alternation(data['clause_separators'])}|[.!?\n](?=\s)")
        self.total_opener = regex.compile(rf"(?i)[^\S\n]*,?[^\S\n]*(?:{alternation(data['total_openers'])})(?![\p{{L}}])")
        connectors = "|".join(data["part_connectors"])
        self.after = regex.compile(rf"(?:[^\S\n]+(?:(?i:{connectors})|\p{{Lu}}[\p{{L}}\d\-/]*))+")

    def of(self, text: str, start: int, end: int) -> dict:
        window = text[max(0, start - 120):start]
        cuts = list(self.separator.finditer(window))
        before = window[cuts[-1].end():] if cuts else window
        after_match = self.after.match(text, end)
        after = after_match.group() if after_match else ""
        force = self._force(after) or (None if self.total_opener.match(text, end) else self._force(before))
        cut = self.separator.search(text, end, end + 30)
        tail = text[end:cut.start() if cut else end + 30]
        return {"force": force, "per_site": bool(self.per_site.search(before) or self.per_site.search(tail)),
                "addition": bool(self.addition.search(window[cuts[-1].start():] if cuts else window))}

    def _force(self, words: str) -> str | None:
        """``police`` or ``other`` when ``words`` name only one of them (a joint ``TNI/Polri`` is None)."""
        police, other = bool(self.police.search(words)), bool(self.other.search(words))
        return None if police == other else "police" if police else "other"
