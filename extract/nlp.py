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
    """Changes to the trained models of ``pipeline.cfg`` (none by default: the config's own).

    ``ner``: "spacy" or "stanza" adds the ``tribrata_ner`` component after the rule
    recognisers, with ``ner_model`` (and Stanza's ``stanza_dir``); "none" leaves it out.
    ``textcat_model``: the event-type classifier's folder for ``tribrata_textcat`` (added
    after the cue scores when the config has none); "none" leaves the classifier out.
    """

    ner: str | None = None
    ner_model: str | None = None
    stanza_dir: str | None = None
    textcat_model: str | None = None
    textcat_weight: float | None = None

    def describe(self) -> dict[str, dict[str, Any]]:
        """The trained components this makes of ``pipeline.cfg`` and their settings, each model
        folder resolved (absolute) with the SHA-256 of its ``meta.json`` (or of Stanza's model
        file): what an output depends on, so ``--resume`` can compare it. ``{}`` for rules only."""
        from .recognizers.ner import model_fingerprint

        text = resources.files("extract").joinpath("data", PIPELINE_CONFIG).read_text(encoding="utf-8")
        config = self.apply(Config().from_str(text))
        out = {}
        for name in ("tribrata_ner", "tribrata_textcat"):
            if name in config["nlp"]["pipeline"]:
                settings = {k: v for k, v in config["components"][name].items() if k != "factory"}
                out[name] = {**settings, **model_fingerprint(name, settings)}
        return out

    def apply(self, config: Config) -> Config:
        self._set(config, "tribrata_ner", self.ner, {"engine": self.ner, "model": self.ner_model,
                                                     "stanza_dir": self.stanza_dir})
        self._set(config, "tribrata_textcat", self.textcat_model and ("none" if self.textcat_model == "none" else "on"),
                  {"model": self.textcat_model, "weight": self.textcat_weight})
        return config

    @staticmethod
    def _set(config: Config, name: str, choice: str | None, settings: dict[str, Any]) -> None:
        pipeline, components = config["nlp"]["pipeline"], config["components"]
        if choice == "none":
            if name in pipeline:
                pipeline.remove(name)
                del components[name]
            return
        if choice is not None and name not in pipeline:
            after = "tribrata_politics" if name == "tribrata_ner" else "tribrata_event_type"
            pipeline.insert(pipeline.index(after) + 1, name)
            components[name] = {"factory": name}
        if name in pipeline:
            components[name].update({k: v for k, v in settings.items() if v is not None and v != "none"})


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
