"""The kind of activity a release reports, scored by cue words into ``doc.cats``. The
types, their cues and weights are in ``extract/data/event_types.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import load_yaml
from ..spans import state
from .base import REQUIRES, Recognizer
from .matching import split_alternatives, trigger_slot, trigger_starts


@Language.factory("tribrata_event_type", assigns=["doc.cats"], requires=REQUIRES,
                  default_config={"data": "event_types.yaml"})
def make_event_type(nlp: Language, name: str, data: str) -> "EventTypeScorer":
    return EventTypeScorer(name, data)


@dataclass(frozen=True, slots=True)
class _Cue:
    code: str
    weight: float
    pattern: regex.Pattern


class EventTypeScorer(Recognizer):
    """Scores the kinds of activity of ``event_types.yaml`` by their cues into ``doc.cats``
    (every type, in the file's order): the weights of the cues found, those in the title
    and lead counted ``lead_weight`` times. A cue is tried where a word equal to its first
    word starts."""

    _LEADING_WORD = regex.compile(r"(?:\\b)?([a-z]+)")
    _LETTERS = regex.compile(r"[\p{L}]+")

    def __init__(self, name: str, data: str) -> None:
        super().__init__(name)
        data = load_yaml(data)
        self.cues: dict[str, list[_Cue]] = {}
        for code, entries in data["types"].items():
            for pattern, weight in entries:
                for alternative in split_alternatives(pattern):
                    first = self._LEADING_WORD.match(alternative.lower())
                    if first is None:
                        raise ValueError(f"event_types.yaml: cue '{alternative}' of {code} must start with a word")
                    cue = _Cue(code, float(weight), regex.compile(rf"(?i)(?:{alternative})(?![\p{{L}}])"))
                    self.cues.setdefault(first.group(1), []).append(cue)
        self.types = list(data["types"])
        self.lead_weight = float(data["lead_weight"])
        self.lead_chars = int(data["lead_chars"])
        self.slot = trigger_slot(tuple(sorted(self.cues)))

    def recognize(self, doc: Doc, text: str) -> None:
        title = state(doc).clean.title
        lead_end = max((title[1] if title else 0) + 1, min(len(text), self.lead_chars))
        scores = dict.fromkeys(self.types, 0.0)
        for start in trigger_starts(doc)[self.slot]:
            word = self._LETTERS.match(text, start)
            for cue in self.cues.get(word.group().casefold(), ()) if word else ():
                if cue.pattern.match(text, start):
                    scores[cue.code] += cue.weight * (self.lead_weight if start < lead_end else 1.0)
        doc.cats = scores
