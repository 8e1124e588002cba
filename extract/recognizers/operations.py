"""Named police operations: ``Operasi Mantap Praja (OMP) Turangga 2024``, ``OMP Turangga
2024``, ``Ops Ketupat 2024``, with the regional name and year after the base name; an
``Operasi`` + capitalised name the list does not know (``Operasi Bina Waspada 2024``), and a
quoted name after ``sandi operasi``. The operations, their variants and abbreviations, and
the generic words that name no operation are in ``extract/data/operations.yaml``.
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import compiled, load_yaml
from ..spans import add_span
from .base import ASSIGNS, REQUIRES, Recognizer
from .matching import TriggeredPattern, alternation, group_index, leading_prefixes


@Language.factory("tribrata_operations", assigns=ASSIGNS, requires=REQUIRES,
                  default_config={"data": "operations.yaml"})
def make_operations(nlp: Language, name: str, data: str) -> "OperationRecognizer":
    return OperationRecognizer(name, data)


class OperationRecognizer(Recognizer):
    """Named police operations (``Operasi Mantap Praja (OMP) Turangga 2024``, ``OMP
    Turangga 2024``), with the regional name and year that follow the base name."""

    labels = ("OPERATION",)

    def __init__(self, name: str, data: str) -> None:
        super().__init__(name)
        data = load_yaml(data)
        self.ops = data["operations"]
        base = "|".join(f"(?P<o{i}>{alternation(op['variants'])})" for i, op in enumerate(self.ops))
        abbr = "|".join(f"(?P<a{i}>{'|'.join(op.get('abbreviations', [])) or '(?!)'})" for i, op in enumerate(self.ops))
        intro = alternation(data["introducers"])
        not_region = rf"(?!(?i:{'|'.join(data['not_region_words'])})\b)"
        numeral = r"(?:[^\S\n]+(?P<numeral>[IVX]{1,4})(?![\p{L}\d]))?"
        year = (r"(?:[^\S\n]*-?[^\S\n]*(?:(?i:tahun)[^\S\n]+)?"
                r"(?P<year>20\d\d(?:[^\S\n]*[-–/][^\S\n]*20\d\d)?)(?!\d))?")
        tail = (rf"{numeral}(?:[^\S\n]*\([^()]{{1,25}}\))?(?:[^\S\n]+{not_region}"
                rf"(?P<region>\p{{Lu}}[\p{{Ll}}]+|\p{{Ll}}+(?=[^\S\n]*-?[^\S\n]*20\d\d)))?{year}")
        self.regex = TriggeredPattern(regex.compile(
            rf"(?<![\p{{L}}])(?:(?i:{intro})[^\S\n]+(?i:{base})|(?:(?i:Satgas)[^\S\n]+)?(?i:{abbr}))(?![\p{{L}}]){tail}"
        ), leading_prefixes(intro) | {"satgas"} | {a.lower() for op in self.ops for a in op.get("abbreviations", [])})
        self.known = regex.compile(rf"(?:(?i:{intro})[^\S\n]+)?(?i:{base})(?![\p{{L}}]){tail}")
        word = rf"{not_region}(?![IVX]+(?![\p{{L}}]))(?:\p{{Lu}}\p{{Ll}}+|\p{{Lu}}{{2,6}})(?![\p{{L}}\d])"
        self.unknown = regex.compile(
            rf"(?:(?i:operasi)[^\S\n]+)(?P<name>{word}(?:[^\S\n]+{word}){{0,2}}){numeral}{year}")
        self.unknown_in_text = TriggeredPattern(regex.compile(rf"(?<![\p{{L}}]){self.unknown.pattern}"), {"operasi"})
        self.generic = {w.casefold() for w in data["generic_names"]}
        quoted_intro = alternation(data["quoted_introducers"])
        self.quoted = TriggeredPattern(regex.compile(
            rf"(?i)(?<![\p{{L}}])(?:{quoted_intro})[^\S\n]*:?[^\S\n]*[\"“”'‘](?P<name>[^\"“”'‘’\n]{{2,60}})[\"“”'’]"),
            leading_prefixes(quoted_intro))

    def recognize(self, doc: Doc, text: str) -> None:
        known = list(self.regex.finditer(doc, text))
        for m in known:
            self.add(doc, m, m.start(), m.end())

        def free(start: int, end: int) -> bool:
            return not any(k.start() < end and start < k.end() for k in known)

        for m in self.unknown_in_text.finditer(doc, text):
            if free(m.start(), m.end()):
                self.add(doc, m, m.start(), m.end())
        for m in self.quoted.finditer(doc, text):  # sandi operasi "Bina Waspada 2024"
            name = m.group("name").strip()
            found = self.known.fullmatch(name) or self.unknown.fullmatch(name) \
                or self.unknown.fullmatch(f"Operasi {name}")
            if found and free(m.start(), m.end()):
                self.add(doc, found, m.start("name"), m.start("name") + len(name))

    def add(self, doc: Doc, m: regex.Match, start: int, end: int) -> None:
        """An OPERATION span from a match of a known operation (its base in a group ``oN`` or
        ``aN``, with region) or of one the list does not know (its base in ``name``)."""
        groups = m.groupdict()
        if "name" in groups:
            base, region = m.group("name"), None
            if base.split()[0].casefold() in self.generic:
                return
        else:
            base, region = self.ops[group_index(m, "o", "a")]["name"], m.group("region")
        add_span(doc, start, end, "OPERATION", base=base, numeral=m.group("numeral"),
                 region=region[:1].upper() + region[1:] if region else None,
                 year=compiled(r"\s*[-–/]\s*").sub("-", m.group("year")) if m.group("year") else None)
