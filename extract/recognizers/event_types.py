"""The kind of activity a release reports, scored by cue words into ``doc.cats``. The
types, their cues and weights, and the contexts that weaken a cue (quotes, appeals, a
clause about what is still to come, a vehicle name, an apel that only opens the task) are
in ``extract/data/event_types.yaml``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import load_yaml
from ..spans import sentence_starts, state
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


def _words(pattern: str) -> regex.Pattern:
    return regex.compile(rf"(?i)(?<![\p{{L}}])(?:{pattern})(?![\p{{L}}])")


class EventTypeScorer(Recognizer):
    """Scores the kinds of activity of ``event_types.yaml`` by their cues into ``doc.cats``
    (every type, in the file's order, normalised to sum to 1): the weights of the cues
    found, those in the title and lead counted ``lead_weight`` times, those in a quote, an
    appeal or a clause about what is still to come counted less, and a cue that names a
    vehicle (``mobil patroli``) or an apel that opens the task (``diawali dengan apel``)
    not at all. A cue is tried where a word equal to its first word starts."""

    _LEADING_WORD = regex.compile(r"(?:\\b)?([a-z]+)")
    _LETTERS = regex.compile(r"[\p{L}]+")
    _QUOTE = regex.compile(r"“[^”\n]*”?|\"[^\"\n]*\"?")

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
        context = data["context"]
        self.aside_weight = float(context["aside_weight"])
        self.aside = _words(context["aside"])
        self.future_weight = float(context["future_weight"])
        self.future = _words(context["future"])
        self.future_exempt = frozenset(context["future_exempt"])
        self.modifier = regex.compile(rf"(?i)(?<![\p{{L}}])(?:{context['modifier']})\s+$")
        self.prelude = {code: regex.compile(rf"(?i)(?:{pattern})\s+$", regex.MULTILINE)
                        for code, pattern in context["prelude"].items()}
        self.window = int(context["window"])
        briefing = data["briefing"]
        self.briefing = briefing["type"]
        self.briefing_weight = float(briefing["lead_cue_weight"])
        self.briefing_others = float(briefing["others_weight"])
        self.task_done = regex.compile(rf"(?i)(?<![\p{{L}}])(?:{briefing['task_done']})(?![\p{{L}}])")
        self.slot = trigger_slot(tuple(sorted(self.cues)))

    def recognize(self, doc: Doc, text: str) -> None:
        title = state(doc).clean.title
        lead_end = max((title[1] if title else 0) + 1, min(len(text), self.lead_chars))
        starts = sentence_starts(text)
        quotes = [(m.start(), m.end()) for m in self._QUOTE.finditer(text)]
        asides: dict[int, bool] = {}
        briefing_in_lead = False
        scores = dict.fromkeys(self.types, 0.0)
        for start in trigger_starts(doc)[self.slot]:
            word = self._LETTERS.match(text, start)
            i = bisect.bisect_right(starts, start) - 1
            for cue in self.cues.get(word.group().casefold(), ()) if word else ():
                if not cue.pattern.match(text, start) or self._modifies(cue, text, starts[i], start):
                    continue
                if i not in asides:
                    asides[i] = bool(self.aside.search(text, starts[i], starts[i + 1] if i + 1 < len(starts) else len(text)))
                scores[cue.code] += cue.weight * self._weight(cue.code, text, starts[i], start, asides[i] or self._in_quote(quotes, start)) * (
                    self.lead_weight if start < lead_end else 1.0)
                briefing_in_lead |= cue.code == self.briefing and cue.weight >= self.briefing_weight and start < lead_end
        if briefing_in_lead:
            self._briefing_or_task(scores, text, starts, quotes)
        total = sum(scores.values())
        doc.cats = {code: score / total for code, score in scores.items()} if total else scores

    def _modifies(self, cue: _Cue, text: str, sentence: int, start: int) -> bool:
        """The cue names a vehicle (``kapal patroli``) or, in its sentence, an apel that opens
        the task (``diawali dengan apel``, ``Sebelum pengamanan dimulai, apel ...``)."""
        prelude = self.prelude.get(cue.code)
        return bool(self.modifier.search(text, max(sentence, start - self.window), start)) or (
            prelude is not None and bool(prelude.search(text, sentence, start)))

    def _briefing_or_task(self, scores: dict[str, float], text: str, starts: list[int],
                          quotes: list[tuple[int, int]]) -> None:
        """SCHEMA's apel rule, for a release whose lead reports an apel or a gelar pasukan:
        when it also reports the task carried out (``usai apel, personel ...``), the apel
        counts ``briefing_others`` times; else the task still to come does."""
        done = False
        for m in self.task_done.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            aside = self._in_quote(quotes, m.start()) or bool(self.aside.search(
                text, starts[i], starts[i + 1] if i + 1 < len(starts) else len(text)))
            done = done or self._weight("", text, starts[i], m.start(), aside) == 1.0
        for code in scores:
            if (code == self.briefing) == done:
                scores[code] *= self.briefing_others

    def _weight(self, code: str, text: str, sentence: int, start: int, aside: bool) -> float:
        """How much a cue counts: less in an appeal or a quote, less after a word about what is to come."""
        future = code not in self.future_exempt and self.future.search(text, max(sentence, start - self.window), start)
        return (self.aside_weight if aside else 1.0) * (self.future_weight if future else 1.0)

    @staticmethod
    def _in_quote(quotes: list[tuple[int, int]], pos: int) -> bool:
        i = bisect.bisect_right(quotes, (pos, float("inf"))) - 1
        return i >= 0 and quotes[i][0] <= pos < quotes[i][1]
