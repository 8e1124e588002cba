"""Stage 3: the spaCy pipeline that finds entity mentions.

:func:`build_nlp` builds the project's ``Language`` from ``extract/data/pipeline.cfg``:
blank Indonesian plus the recognisers of :mod:`extract.recognizers`, one component per
entity type. ``build_nlp()(text)`` and ``nlp.pipe(texts)`` work on any string: mentions land
in ``doc.spans["tribrata"]`` (labels ``UNIT``, ``OFFICER``, ``PLACE``, ``DATE``, ``TIME``,
``COUNT``, ``CANDIDATE``, ``PARTY``, ``OPERATION``), their parsed parts and the rest of the
document's state in ``doc._.tribrata`` (see :mod:`extract.spans`), event-type scores in
``doc.cats``. :func:`analyse` also hands the pipeline the release's title and metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from . import recognizers, tokenizer  # noqa: F401  (tokenizer: registers tribrata.tokenizer.v1)
from .recognizers.sentences import INPUT

PIPELINE_CONFIG = "pipeline.cfg"


@dataclass(frozen=True, slots=True)
class Models:
    """The trained models a pipeline adds to ``pipeline.cfg`` (none by default): the NER
    (``tribrata_ner``, after the rule recognisers) and the event-type classifier
    (``tribrata_textcat``, after the cue scores); ``None`` keeps the config's setting."""

    ner: str = "none"  # none, spacy or stanza
    ner_model: str | None = None
    stanza_dir: str | None = None
    textcat_model: str | None = None
    textcat_weight: float | None = None

    def apply(self, config: Config) -> Config:
        pipeline = config["nlp"]["pipeline"]
        components = config["components"]
        if self.ner != "none" and "tribrata_ner" not in pipeline:
            pipeline.insert(pipeline.index("tribrata_politics") + 1, "tribrata_ner")
            components["tribrata_ner"] = {"factory": "tribrata_ner"}
        if self.ner != "none":
            settings = {"engine": self.ner, "model": self.ner_model, "stanza_dir": self.stanza_dir}
            components["tribrata_ner"].update({k: v for k, v in settings.items() if v is not None})
        if self.textcat_model is not None and "tribrata_textcat" not in pipeline:
            pipeline.append("tribrata_textcat")
            components["tribrata_textcat"] = {"factory": "tribrata_textcat"}
        settings = {"model": self.textcat_model, "weight": self.textcat_weight}
        if "tribrata_textcat" in pipeline:
            components["tribrata_textcat"].update({k: v for k, v in settings.items() if v is not None})
        return config


@lru_cache(maxsize=4)
def build_nlp(models: Models = Models()) -> Language:
    """The project's ``Language``, built once per process from ``pipeline.cfg`` (plus ``models``)."""
    text = resources.files("extract").joinpath("data", PIPELINE_CONFIG).read_text(encoding="utf-8")
    config = models.apply(Config().from_str(text))
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    recognizers.check_order(nlp)
    return nlp


def analyse(text: str, title: str | None = None, meta: dict[str, Any] | None = None,
            nlp: Language | None = None) -> Doc:
    """Run the pipeline (``build_nlp()`` unless given) on ``text``, telling it the release's
    title and metadata."""
    nlp = nlp or build_nlp()
    doc = nlp.make_doc(text)
    doc._.set(INPUT, {"title": title, "meta": meta or {}})
    return nlp(doc)
