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
        context = _Context(text, sentence_starts(text), [m.span() for m in self._QUOTE.finditer(text)], self.aside)
        briefing_in_lead = False
        scores = dict.fromkeys(self.types, 0.0)
        for start in trigger_starts(doc)[self.slot]:
            word = self._LETTERS.match(text, start)
            sentence = context.sentence(start)[0]
            for cue in self.cues.get(word.group().casefold(), ()) if word else ():
                if not cue.pattern.match(text, start) or self._modifies(cue, text, sentence, start):
                    continue
                in_lead = start < lead_end
                weight = self._weight(cue.code, text, sentence, start, context.aside(start))
                scores[cue.code] += cue.weight * weight * (self.lead_weight if in_lead else 1.0)
                briefing_in_lead |= in_lead and cue.code == self.briefing and cue.weight >= self.briefing_weight
        if briefing_in_lead:
            self._briefing_or_task(scores, context)
        total = sum(scores.values())
        doc.cats = {code: score / total for code, score in scores.items()} if total else scores

    def _briefing_or_task(self, scores: dict[str, float], context: "_Context") -> None:
        """SCHEMA's apel rule, for a release whose lead reports an apel or a gelar pasukan:
        when it also reports the task carried out (``usai apel, personel ...``), the apel
        counts ``briefing_others`` times; else the task still to come does."""
        done = any(self._weight("", context.text, context.sentence(m.start())[0], m.start(),
                                context.aside(m.start())) == 1.0
                   for m in self.task_done.finditer(context.text))
        for code in scores:
            if (code == self.briefing) == done:
                scores[code] *= self.briefing_others

    def _modifies(self, cue: _Cue, text: str, sentence: int, start: int) -> bool:
        """The cue names a vehicle (``kapal patroli``) or, in its sentence, an apel that opens
        the task (``diawali dengan apel``, ``Sebelum pengamanan dimulai, apel ...``)."""
        prelude = self.prelude.get(cue.code)
        return bool(self.modifier.search(text, max(sentence, start - self.window), start)) or (
            prelude is not None and bool(prelude.search(text, sentence, start)))

    def _weight(self, code: str, text: str, sentence: int, start: int, aside: bool) -> float:
        """How much a cue counts: less in an appeal or a quote, less after a word about what is to come."""
        future = code not in self.future_exempt and self.future.search(text, max(sentence, start - self.window), start)
        return (self.aside_weight if aside else 1.0) * (self.future_weight if future else 1.0)


class _Context:
    """A document's sentences and quotes, for the context of its cues."""

    def __init__(self, text: str, starts: list[int], quotes: list[tuple[int, int]], aside: regex.Pattern) -> None:
        self.text, self.starts, self.quotes, self.aside_words = text, starts, quotes, aside
        self.asides: dict[int, bool] = {}

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.starts[i], self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)

    def aside(self, pos: int) -> bool:
        """Whether ``pos`` stands in a quote or in a sentence of an appeal."""
        i = bisect.bisect_right(self.quotes, (pos, float("inf"))) - 1
        if i >= 0 and self.quotes[i][0] <= pos < self.quotes[i][1]:
            return True
        start, end = self.sentence(pos)
        if start not in self.asides:
            self.asides[start] = bool(self.aside_words.search(self.text, start, end))
        return self.asides[start]
