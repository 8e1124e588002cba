"""The small base every recogniser builds on, and the resources handed to them.

A recogniser is a spaCy component: a class deriving from :class:`Recognizer`, made by a
``@Language.factory`` in its own module with a ``default_config`` that names its data files
(under ``extract/data/``) and the resources it needs. It reads the masked text of the
document's :class:`~extract.spans.DocState` and adds mentions with
:func:`~extract.spans.add_span`. Every recogniser declares

- ``labels``: the mention labels it adds (what it *assigns*);
- ``after``: the components whose mentions it reads (what it *requires*); :func:`check_order`
  refuses a pipeline that runs it before them.

Shared resources are registered functions (``@spacy.registry.misc``), so the config names
them and spaCy builds them once: ``{"@misc": "tribrata.gazetteer.v1"}`` is the Kemendagri
region index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer, get_gazetteer
from ..spans import masked_text

#: What every recogniser assigns and requires, in spaCy's terms (for ``nlp.analyze_pipes()``).
ASSIGNS = ["doc.spans", "doc._.tribrata"]
REQUIRES = ["doc._.tribrata"]


@spacy.registry.misc("tribrata.gazetteer.v1")
def gazetteer() -> Gazetteer:
    """The Kemendagri region index (built once per process)."""
    return get_gazetteer()


class Recognizer:
    """A spaCy component that adds mentions of ``labels`` to ``doc.spans["tribrata"]``."""

    labels: ClassVar[tuple[str, ...]] = ()
    after: ClassVar[tuple[str, ...]] = ()

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        self.recognize(doc, masked_text(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def recognize(self, doc: Doc, text: str) -> None:
        """Add the mentions found in ``text`` (the masked text of ``doc``)."""
        raise NotImplementedError


def check_order(nlp: Language) -> None:
    """Refuse a pipeline in which a recogniser runs before a component whose mentions it reads."""
    seen: set[str] = set()
    for name, component in nlp.pipeline:
        missing = [c for c in getattr(component, "after", ()) if c not in seen]
        if missing:
            raise ValueError(f"component '{name}' reads the mentions of {', '.join(missing)}: "
                             f"add {' and '.join(missing)} before it in the pipeline")
        seen.add(nlp.get_pipe_meta(name).factory)
