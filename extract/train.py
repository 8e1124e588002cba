"""Training the project's statistical models from the gold corpus (``tribrata train``).

**Span data.** Each gold release's values are located in its (masked) text and labelled
``UNIT``, ``PERSON`` (officers and candidates), ``PLACE`` (the name, without its level word;
the level is kept beside the span), ``OPERATION`` and ``DATE``. A value is located where the
rule extractor's evidence has it (the evidence's value equals the gold value); otherwise at
its first whole-word occurrence outside the dateline and the boilerplate, which is where
SCHEMA's annotation rules read it. A release with a gold value found nowhere is reported and
left out of the span set, never guessed. The span data is built at training time and never
written into the repository.

**spaCy models.** ``extract/data/ner.cfg`` (tok2vec + ner, no pretrained vectors) and
``extract/data/textcat.cfg`` (a bag-of-words text classifier over SCHEMA's event codes),
trained with spaCy's Python API on CPU with a fixed seed, saved as pipeline directories
(``spacy.load(path)``) with a ``meta.json`` saying what they were trained on.
The Stanza NER is trained from the same span data by :mod:`extract.stanza_ner`.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import click
import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from thinc.api import Config

from .clean import clean
from .evaluate import load_jsonl, normalize_string
from .records import SourceDocument

#: The NER labels and the gold fields they come from.
FIELD_LABELS: dict[str, str] = {
    "units": "UNIT", "officers": "PERSON", "candidates": "PERSON", "villages": "PLACE", "districts": "PLACE",
    "regencies": "PLACE", "provinces": "PLACE", "operation": "OPERATION", "dates": "DATE",
}
LABELS: tuple[str, ...] = ("UNIT", "PERSON", "PLACE", "OPERATION", "DATE")
PLACE_LEVELS = {"villages": "village", "districts": "district", "regencies": "regency", "provinces": "province"}
#: SCHEMA's event codes, the text classifier's labels.
EVENT_CODES: tuple[str, ...] = (
    "campaign_security", "election_security", "coordination_meeting", "parade_briefing", "patrol",
    "religious_security", "traffic", "law_enforcement", "community", "disaster", "demonstration_security", "other",
)
_LEVEL_WORD = regex.compile(r"(?i)^(?:kabupaten|kab\.?|kota|provinsi|prov\.?)[^\S\n]+")
_LEADING_LEVEL = regex.compile(
    r"(?i)^(?:desa|kelurahan|kel\.|kecamatan|kec\.|kabupaten|kab\.|kota|provinsi|prov\.|dusun|nagari|gampong|kampung)"
    r"[^\S\n]*")


@dataclass(slots=True)
class SpanDoc:
    """One release of the span data: its masked text and its labelled spans (start, end, label)."""

    id: str
    text: str
    spans: list[tuple[int, int, str]]
    sentences: list[tuple[int, int]]
    levels: dict[tuple[int, int], str] = field(default_factory=dict)
    event_type: str | None = None


@dataclass(slots=True)
class SpanData:
    """The located releases (``docs``), the ones left out with the values found nowhere, and
    every release with its event type (the text classifier needs no spans)."""

    docs: list[SpanDoc]
    left_out: list[tuple[str, list[str]]]
    categorised: list[SpanDoc]

    def subset(self, ids: set[str]) -> "SpanData":
        """The same data restricted to the releases ``ids`` (a cross-validation fold)."""
        return SpanData([d for d in self.docs if d.id in ids], [x for x in self.left_out if x[0] in ids],
                        [d for d in self.categorised if d.id in ids])


class ModelError(RuntimeError, click.ClickException):
    """A model that is missing or cannot be used; the message names the path and the fix.
    A ``ClickException`` too, so any ``tribrata`` command shows it as an error line."""

    def __init__(self, message: str) -> None:
        RuntimeError.__init__(self, message)
        click.ClickException.__init__(self, message)


@lru_cache(maxsize=4096)
def _pattern(value: str, place: bool) -> regex.Pattern:
    """A whole-word pattern that finds ``value`` as SCHEMA compares it: case free, punctuation
    optional inside a word, any short run of spaces and marks between words (for places,
    between any two characters, since place names also ignore spaces)."""
    inner = r"[^\p{L}\d\n]{0,3}" if place else r"[^\s\p{L}\d]?"
    words = ["".join(regex.escape(c) + inner for c in word).removesuffix(inner)
             for word in normalize_string(value, place=place).split(" ")]
    between = r"[^\p{L}\d\n]{1,3}"
    return regex.compile(rf"(?i)(?<![\p{{L}}\d])(?:{between.join(words)})(?![\p{{L}}\d])")


def _gold_values(gold: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(field, value as written in gold) for every gold value the span data labels."""
    for field_name in FIELD_LABELS:
        value = gold.get(field_name)
        for item in value if isinstance(value, list) else [value]:
            name = item.get("name") if isinstance(item, Mapping) else item
            if isinstance(name, str) and name.strip():
                yield field_name, name


def _search_forms(field_name: str, value: str) -> list[str]:
    """The forms to look for: a regency or province also without its level word."""
    if field_name in ("regencies", "provinces"):
        bare = _LEVEL_WORD.sub("", value)
        return [bare] if bare != value else [value]
    return [value]


def _inside(text: str, start: int, end: int, field_name: str, value: str) -> tuple[int, int] | None:
    """Where ``value`` stands inside the evidence ``start:end`` (a person's name inside
    ``Kapolsek X, IPDA Name``, a place's name after its level word)."""
    if field_name in ("units", "operation", "dates"):
        return start, end
    place = field_name in PLACE_LEVELS
    for form in _search_forms(field_name, value):
        m = _pattern(form, place).search(text, start, end)
        if m:
            return m.start(), m.end()
    if place:  # an official name written otherwise ("OKU Timur"): the evidence less its level word
        lead = _LEADING_LEVEL.match(text, start, end)
        return (lead.end() if lead else start), end
    return None


def _first_occurrence(masked: str, field_name: str, value: str, skip: tuple[int, int] | None) -> tuple[int, int] | None:
    if field_name == "dates":
        return None  # an ISO date is never written as such: only evidence locates it
    for form in _search_forms(field_name, value):
        for m in _pattern(form, field_name in PLACE_LEVELS).finditer(masked):
            if skip is None or not skip[0] <= m.start() < skip[1]:
                return m.start(), m.end()
    return None


def _comparable(field_name: str, value: Any) -> str:
    return normalize_string(str(value), place=field_name in PLACE_LEVELS)


def locate(source: SourceDocument, gold: Mapping[str, Any], evidence: Sequence[Any]) -> tuple[SpanDoc, list[str]]:
    """The labelled spans of one release, and the gold values that could not be located."""
    cleaned = clean(source.text, source.title)
    masked = cleaned.text
    by_value: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for ev in evidence:
        key = (ev.field, _comparable(ev.field, ev.value))
        by_value.setdefault(key, []).append((ev.start, ev.end))
    found: list[tuple[int, int, str, str]] = []
    missing: list[str] = []
    for field_name, value in _gold_values(gold):
        spans = [_inside(masked, a, b, field_name, value)
                 for a, b in by_value.get((field_name, _comparable(field_name, value)), [])]
        spans = [s for s in spans if s is not None] or [_first_occurrence(masked, field_name, value, cleaned.dateline)]
        if spans[0] is None:
            missing.append(f"{field_name}: {value}")
            continue
        found += [(a, b, FIELD_LABELS[field_name], field_name) for a, b in spans]
    kept: list[tuple[int, int, str, str]] = []
    for span in sorted(set(found), key=lambda s: (s[0] - s[1], s[0])):  # longest first, no overlaps
        if all(span[1] <= k[0] or k[1] <= span[0] for k in kept):
            kept.append(span)
    kept.sort()
    from .spans import sentence_starts
    starts = sentence_starts(masked)
    sentences = list(zip(starts, starts[1:] + [len(masked)]))
    levels = {(a, b): PLACE_LEVELS[f] for a, b, _, f in kept if f in PLACE_LEVELS}
    return SpanDoc(source.id, masked, [(a, b, label) for a, b, label, _ in kept], sentences, levels,
                   gold.get("event_type")), missing


def build_span_data(texts: Path | str, gold_path: Path | str) -> SpanData:
    """The span data of every release of ``texts`` that has gold in ``gold_path``."""
    from .ingest import iter_documents
    from .pipeline import Extractor

    gold = {g["id"]: g for g in load_jsonl(gold_path)}
    extractor = Extractor()
    docs, left_out, categorised = [], [], []
    for source in iter_documents([str(texts)]):
        if source.id not in gold or source.error is not None:
            continue
        record = extractor(source).record
        doc, missing = locate(source, gold[source.id], record.evidence)
        categorised.append(doc)
        if missing:
            left_out.append((source.id, missing))
        else:
            docs.append(doc)
    if not docs:
        raise ModelError(f"no release of {texts} has gold in {gold_path} whose values could all be located: "
                         "check that the gold file belongs to these texts (same ids)")
    return SpanData(docs, left_out, categorised)


def describe(data: SpanData, examples: int = 3) -> str:
    """The data's size (docs, sentences, spans per label), the releases left out, and a few
    aligned examples (a sentence with its spans marked)."""
    per_label = Counter(label for d in data.docs for _, _, label in d.spans)
    lines = [f"span data: {len(data.docs)} docs, {sum(len(d.sentences) for d in data.docs)} sentences, "
             f"{sum(per_label.values())} spans: " + ", ".join(f"{lb} {per_label[lb]}" for lb in LABELS)]
    for doc_id, missing in data.left_out:
        lines.append(f"left out {doc_id}: not located: " + "; ".join(missing[:3]) + (" ..." if len(missing) > 3 else ""))
    shown = 0
    for doc in data.docs:
        for start, end in doc.sentences:
            inside = [s for s in doc.spans if start <= s[0] and s[1] <= end]
            if len(inside) < 2 or shown >= examples:
                continue
            marked, pos = [], start
            for a, b, label in inside:
                marked += [doc.text[pos:a], f"[{doc.text[a:b]}]{label}"]
                pos = b
            lines.append(f"{doc.id}: " + ("".join(marked) + doc.text[pos:end]).strip())
            shown += 1
    return "\n".join(lines)


# ------------------------------------------------------------------------ spaCy training


def _blank(config_name: str) -> Language:
    from . import tokenizer  # noqa: F401  (registers tribrata.tokenizer.v1)

    text = resources.files("extract").joinpath("data", config_name).read_text(encoding="utf-8")
    return spacy.util.load_model_from_config(Config().from_str(text), auto_fill=True, validate=True)


def sentence_docs(nlp: Language, docs: Iterable[SpanDoc]) -> list[Doc]:
    """One ``Doc`` per sentence that has words, its spans as entities."""
    out = []
    for doc in docs:
        for start, end in doc.sentences:
            if not doc.text[start:end].strip():
                continue
            sentence = nlp.make_doc(doc.text[start:end])
            ents = [sentence.char_span(a - start, b - start, label=label, alignment_mode="expand")
                    for a, b, label in doc.spans if start <= a and b <= end]
            sentence.ents = [e for e in ents if e is not None]
            out.append(sentence)
    return out


def _fit(nlp: Language, examples: list[Example], seed: int, epochs: int, batch_size: int) -> list[float]:
    """spaCy's update loop, seeded: the same data and seed give the same weights."""
    spacy.util.fix_random_seed(seed)
    optimizer = nlp.initialize(lambda: examples)
    order = list(range(len(examples)))
    shuffle = random.Random(seed)
    losses_per_epoch = []
    for _ in range(epochs):
        shuffle.shuffle(order)
        losses: dict[str, float] = {}
        for i in range(0, len(order), batch_size):
            nlp.update([examples[j] for j in order[i:i + batch_size]], sgd=optimizer, drop=0.1, losses=losses)
        losses_per_epoch.append(round(float(sum(losses.values())), 2))
    return losses_per_epoch


def _meta(nlp: Language, name: str, description: str, data: SpanData, seed: int, epochs: int,
          seconds: float, scores: dict[str, Any]) -> dict[str, Any]:
    per_label = Counter(label for d in data.docs for _, _, label in d.spans)
    return {
        "name": name, "version": "1.0.0", "lang": "id", "description": description,
        "spacy_version": spacy.util.get_minor_version_range(spacy.about.__version__), "license": "see models/README.md",
        "tribrata": {"trained_on": {"releases": len(data.categorised), "located": len(data.docs),
                                    "left_out": [doc_id for doc_id, _ in data.left_out],
                                    "spans": dict(per_label)},
                     "seed": seed, "epochs": epochs, "training_seconds": round(seconds, 1),
                     "spacy": spacy.about.__version__, "held_out_scores": scores},
    }


def save(nlp: Language, out: Path) -> None:
    """Write the pipeline to ``out`` without the words of its training texts: spaCy's string
    store keeps every token it has seen, the models need only their labels (their features
    are hashes computed from the text being read)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    labels = {label for name in nlp.pipe_names for label in nlp.get_pipe(name).labels}  # type: ignore[attr-defined]
    strings = out / "vocab" / "strings.json"
    kept = [s for s in json.loads(strings.read_text(encoding="utf-8")) if s in labels]
    strings.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")


def train_ner(data: SpanData, out: Path, seed: int = 0, epochs: int = 8, held_out: SpanData | None = None) -> dict[str, Any]:
    """Train the spaCy NER of ``ner.cfg`` on ``data`` into the pipeline directory ``out``;
    with ``held_out``, its span scores there go into the meta."""
    began = time.perf_counter()
    nlp = _blank("ner.cfg")
    for label in LABELS:
        nlp.get_pipe("ner").add_label(label)
    examples = [Example(nlp.make_doc(d.text), d) for d in sentence_docs(nlp, data.docs)]
    losses = _fit(nlp, examples, seed, epochs, batch_size=16)
    scores: dict[str, Any] = {}
    if held_out is not None and held_out.docs:
        gold = [Example(nlp(d.text), d) for d in sentence_docs(nlp, held_out.docs)]
        found = nlp.evaluate(gold)
        scores = {k: round(v, 4) for k, v in found.items() if k in ("ents_p", "ents_r", "ents_f")}
        scores["per_label_f"] = {k: round(v["f"], 4) for k, v in (found.get("ents_per_type") or {}).items()}
    nlp.meta.update(_meta(nlp, "tribrata_ner", "UNIT/PERSON/PLACE/OPERATION/DATE spans in Indonesian police "
                          "releases (tok2vec + ner, no pretrained vectors)", data, seed, epochs,
                          time.perf_counter() - began, scores))
    nlp.meta["tribrata"]["losses"] = losses
    save(nlp, out)
    return nlp.meta


def _categorised(nlp: Language, docs: Iterable[SpanDoc]) -> list[Example]:
    out = []
    for doc in docs:
        if doc.event_type in EVENT_CODES:
            predicted = nlp.make_doc(doc.text)
            out.append(Example.from_dict(predicted, {"cats": {c: float(c == doc.event_type) for c in EVENT_CODES}}))
    return out


def train_textcat(data: SpanData, out: Path, seed: int = 0, epochs: int = 10,
                  held_out: SpanData | None = None) -> dict[str, Any]:
    """Train the event-type classifier of ``textcat.cfg`` on ``data`` into ``out``."""
    began = time.perf_counter()
    nlp = _blank("textcat.cfg")
    for code in EVENT_CODES:
        nlp.get_pipe("textcat").add_label(code)
    losses = _fit(nlp, _categorised(nlp, data.categorised), seed, epochs, batch_size=8)
    scores: dict[str, Any] = {}
    if held_out is not None and held_out.categorised:
        tests = _categorised(nlp, held_out.categorised)
        right = sum(max((p := nlp(ex.reference.text)).cats, key=p.cats.__getitem__) ==
                    max(ex.reference.cats, key=ex.reference.cats.__getitem__) for ex in tests)
        scores = {"accuracy": round(right / len(tests), 4), "releases": len(tests)}
    nlp.meta.update(_meta(nlp, "tribrata_textcat", "event type of an Indonesian police release over SCHEMA's "
                          "codes (bag of words)", data, seed, epochs, time.perf_counter() - began, scores))
    nlp.meta["tribrata"]["losses"] = losses
    save(nlp, out)
    return nlp.meta


def split(data: SpanData, share: float, seed: int) -> tuple[SpanData, SpanData]:
    """A seeded split by release: (training, held out ``share`` of the releases)."""
    ids = sorted(d.id for d in data.categorised)
    random.Random(seed).shuffle(ids)
    cut = round(len(ids) * share)
    return data.subset(set(ids[cut:])), data.subset(set(ids[:cut]))


def load_model(path: Path | str, what: str) -> Language:
    """``spacy.load(path)``, with an error that names the path and the fix instead of a traceback."""
    path = Path(path)
    kind = {"ner": "NER", "textcat": "event-type classifier"}.get(what, what)
    off = "--ner none" if what == "ner" else f"--{what}-model none"
    fix = (f"retrain it with `tribrata train TEXTS.jsonl --gold GOLD.jsonl` (models/README.md), point "
           f"--{what}-model at a trained {kind}, or pass {off} to go without it")
    if not (path / "meta.json").is_file():
        raise ModelError(f"{path}: no spaCy model here (no meta.json): {fix}")
    try:
        nlp = spacy.load(path)
    except Exception as exc:  # noqa: BLE001 - spaCy raises many kinds on a bad or foreign model
        said = " ".join(str(exc).split())  # one line: spaCy's config errors span several
        raise ModelError(f"{path}: cannot load this spaCy model ({type(exc).__name__}: "
                         f"{said[:200] + ' ...' if len(said) > 200 else said}); {fix}") from exc
    if what not in nlp.pipe_names:
        raise ModelError(f"{path}: this pipeline has no '{what}' component ({', '.join(nlp.pipe_names)}): {fix}")
    return nlp
