"""Mentions proposed by a trained NER (``tribrata train``), validated by the rules.

The NER (spaCy, or Stanza with the ``[stanza]`` extra) reads the masked text and proposes
PERSON, PLACE, UNIT, OPERATION and DATE spans. Only what the rules miss and can check is
kept, and only where no rule mention already stands:

- a PLACE proposal where the gazetteer knows the name as a village or kecamatan inside an
  area the release is about (its units' areas, its regencies); it gets that level;
- a PERSON proposal becomes an OFFICER only with a rank or a post right before it (or a
  post given after it, ``X sebagai Kapolsek``), a CANDIDATE only with candidate context
  before it in its line (``extract/data/ner.yaml``);
- UNIT, OPERATION and DATE proposals are left to the rules, which parse them.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..resources import load_yaml
from ..spans import add_span, taken_ranges
from .base import ASSIGNS, REQUIRES, Recognizer
from .matching import alternation
from .officers import OfficerRecognizer
from .places import document_areas

Proposals = Callable[[str], list[tuple[int, int, str]]]
_GAP = regex.compile(r"[^\S\n]*,?[^\S\n]*")


@Language.factory("tribrata_ner", assigns=ASSIGNS, requires=REQUIRES,
                  default_config={"engine": "spacy", "model": "models/ner", "stanza_dir": None, "data": "ner.yaml",
                                  "ranks": "ranks.yaml", "posts": "posts.yaml", "units": "units.yaml",
                                  "gazetteer": {"@misc": "tribrata.gazetteer.v1"}})
def make_ner(nlp: Language, name: str, engine: str, model: str, stanza_dir: str | None, data: str, ranks: str,
             posts: str, units: str, gazetteer: Gazetteer) -> "NerRecognizer":
    return NerRecognizer(name, proposer(engine, model, stanza_dir), data, ranks, posts, units, gazetteer)


def model_path(model: str) -> Path:
    """A model directory: as given; a relative one not found here is looked for in the
    project's folder, then where a (non-editable) install put the shipped models."""
    path = Path(model)
    if path.is_absolute() or path.exists():
        return path
    for root in (Path(__file__).resolve().parents[2], Path(sys.prefix) / "share" / "tribrata-extract"):
        if (root / path).exists():
            return root / path
    return path


DEFAULT_MODELS = {"tribrata_ner": "models/ner", "tribrata_textcat": "models/textcat"}


def model_fingerprint(component: str, settings: dict) -> dict[str, str | None]:
    """The model folder of ``component`` with ``settings`` (absolute) and the SHA-256 of the
    file that changes with every training (``meta.json``; Stanza's ``ner.pt``), None if absent."""
    path = model_path(settings.get("model") or DEFAULT_MODELS[component]).resolve()
    file = path / ("ner.pt" if settings.get("engine") == "stanza" else "meta.json")
    return {"model": str(path), "sha256": hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else None}


def proposer(engine: str, model: str, stanza_dir: str | None) -> Proposals:
    """The NER of ``engine`` ("spacy" or "stanza") loaded from ``model``, as text -> spans."""
    if engine == "stanza":
        from ..stanza_ner import StanzaTagger

        return StanzaTagger(model_path(model), stanza_dir)
    if engine != "spacy":
        raise ValueError(f"tribrata_ner: unknown engine '{engine}': use spacy or stanza")
    from ..train import load_model

    nlp = load_model(model_path(model), "ner")
    return lambda text: [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


class NerRecognizer(Recognizer):
    """Officers, candidates and places proposed by a trained NER and checked by the rules."""

    labels = ("OFFICER", "CANDIDATE", "PLACE")
    after = ("tribrata_units", "tribrata_officers", "tribrata_places", "tribrata_politics")

    def __init__(self, name: str, propose: Proposals, data: str, ranks: str, posts: str, units: str,
                 gazetteer: Gazetteer) -> None:
        super().__init__(name)
        self.propose = propose
        self.gazetteer = gazetteer
        self.officers = OfficerRecognizer(f"{name}_officers", ranks, posts, units)
        settings = load_yaml(data)
        self.candidate_context = regex.compile(rf"(?i)(?<![\p{{L}}])(?:{alternation(settings['candidate_context'])})"
                                               r"(?![\p{L}])")
        self.context_chars = int(settings["context_chars"])
        self.place_levels = [int(level) for level in settings["place_levels"]]

    def recognize(self, doc: Doc, text: str) -> None:
        taken = taken_ranges(doc)
        areas: list[str] | None = None
        for start, end, label in self.propose(text):
            if taken.overlaps(start, end):
                continue
            if label == "PERSON":
                self._person(doc, text, start, end)
            elif label == "PLACE":
                areas = document_areas(doc, self.gazetteer) if areas is None else areas
                self._place(doc, text[start:end], start, end, areas)

    def _person(self, doc: Doc, text: str, start: int, end: int) -> None:
        name = text[start:end]
        line_start = text.rfind("\n", 0, start) + 1
        rank = next((m for m in self.officers.rank.finditer(text, max(line_start, start - 40), start)
                     if _GAP.fullmatch(text, m.end(), start)), None)
        role = self.officers.role_before(text, rank.start() if rank else start)
        after = self.officers.role_following(text, end)
        if rank or role or after:
            add_span(doc, role[0] if role else rank.start() if rank else start, end, "OFFICER", name=name,
                     rank=rank.group() if rank else None, role=role[2] if role else after, titles=[],
                     rank_start=rank.start() if rank else start, rank_end=rank.end() if rank else start)
        elif self.candidate_context.search(text, max(line_start, start - self.context_chars), start):
            add_span(doc, start, end, "CANDIDATE", name=name)

    def _place(self, doc: Doc, name: str, start: int, end: int, areas: list[str]) -> None:
        if not areas:
            return
        for level in self.place_levels:
            codes = [c for c in self.gazetteer.codes(name, level=level)
                     if any(self.gazetteer.is_within(c, area) for area in areas)]
            if len(codes) == 1:
                kind = ("kelurahan" if codes[0].split(".")[3].startswith("1") else "desa") if level == 4 else "kecamatan"
                add_span(doc, start, end, "PLACE", name=name, level="village" if level == 4 else "district",
                         type=kind, level_word=None, official=None)
                return
