"""The event type from a trained text classifier (``tribrata train``) combined with the cue
scores of ``tribrata_event_type``.

Both become shares over the event codes (the cue scores divided by their sum, the
classifier's probabilities as they are) and are mixed: ``(1 - weight) * cues + weight *
classifier``. ``weight`` is a setting of the component in the pipeline config, the same for
every release; ``extract.events.event_type`` then takes the highest.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .base import REQUIRES, Recognizer
from .ner import model_path


@Language.factory("tribrata_textcat", assigns=["doc.cats"], requires=REQUIRES,
                  default_config={"model": "models/textcat", "weight": 0.3})
def make_textcat(nlp: Language, name: str, model: str, weight: float) -> "EventTypeClassifier":
    return EventTypeClassifier(name, model, weight)


class EventTypeClassifier(Recognizer):
    """Mixes the trained classifier's event-type probabilities into the cue scores in ``doc.cats``."""

    after = ("tribrata_event_type",)

    def __init__(self, name: str, model: str, weight: float) -> None:
        super().__init__(name)
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"tribrata_textcat: weight {weight} must be between 0 and 1")
        from ..train import load_model

        self.nlp = load_model(model_path(model), "textcat")
        self.weight = weight

    def recognize(self, doc: Doc, text: str) -> None:
        predicted = self.nlp(text).cats
        cues = doc.cats
        total = sum(cues.values())
        doc.cats = {code: (1.0 - self.weight) * (cues.get(code, 0.0) / total if total > 0 else 0.0)
                    + self.weight * predicted.get(code, 0.0) for code in {**cues, **predicted}}
