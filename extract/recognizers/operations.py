"""Named police operations: ``Operasi Mantap Praja (OMP) Turangga 2024``, ``OMP Turangga
2024``, ``Ops Ketupat 2024``, with the regional name and year after the base name. The
operations, their variants and abbreviations are in ``extract/data/operations.yaml``.
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
        tail = (r"(?:[^\S\n]+(?P<numeral>[IVX]{1,4})(?![\p{L}\d]))?"
                rf"(?:[^\S\n]*\([^()]{{1,25}}\))?(?:[^\S\n]+{not_region}"
                r"(?P<region>\p{Lu}[\p{Ll}]+|\p{Ll}+(?=[^\S\n]*-?[^\S\n]*20\d\d)))?"
                r"(?:[^\S\n]*-?[^\S\n]*(?:(?i:tahun)[^\S\n]+)?"
                r"(?P<year>20\d\d(?:[^\S\n]*[-–/][^\S\n]*20\d\d)?)(?!\d))?")
        self.regex = TriggeredPattern(regex.compile(
            rf"(?<![\p{{L}}])(?:(?i:{intro})[^\S\n]+(?i:{base})|(?:(?i:Satgas)[^\S\n]+)?(?i:{abbr}))(?![\p{{L}}]){tail}"
        ), leading_prefixes(intro) | {"satgas"} | {a.lower() for op in self.ops for a in op.get("abbreviations", [])})

    def recognize(self, doc: Doc, text: str) -> None:
        for m in self.regex.finditer(doc, text):
            index = group_index(m, "o", "a")
            region = m.group("region")
            add_span(doc, m.start(), m.end(), "OPERATION", base=self.ops[index]["name"], numeral=m.group("numeral"),
                     region=region[:1].upper() + region[1:] if region else None,
                     year=compiled(r"\s*[-–/]\s*").sub("-", m.group("year")) if m.group("year") else None)
