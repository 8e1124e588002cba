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


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The project's one ``Language``, built once per process from ``pipeline.cfg``."""
    text = resources.files("extract").joinpath("data", PIPELINE_CONFIG).read_text(encoding="utf-8")
    nlp = spacy.util.load_model_from_config(Config().from_str(text), auto_fill=True, validate=True)
    recognizers.check_order(nlp)
    return nlp


def analyse(text: str, title: str | None = None, meta: dict[str, Any] | None = None) -> Doc:
    """Run the pipeline on ``text``, telling it the release's title and metadata."""
    nlp = build_nlp()
    doc = nlp.make_doc(text)
    doc._.set(INPUT, {"title": title, "meta": meta or {}})
    return nlp(doc)
