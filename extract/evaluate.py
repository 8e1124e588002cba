"""Score extracted document records against gold annotations, by the rules of SCHEMA.md.

"Comparing a prediction with gold" in ``../shared/corpus/SCHEMA.md``:

- strings are compared after Unicode NFKC, case folding, removal of punctuation and
  folding of white space; place names (villages, districts, regencies, provinces) and
  officer roles also ignore spaces (:func:`normalize_string`; ``Waka Polresta Kupang Kota``
  = ``Wakapolresta Kupang Kota``); a Polda written with its province's
  abbreviation equals the Polda written with the province's name (``Polda NTT`` =
  ``Polda Nusa Tenggara Timur``);
- list fields are sets per article; true positives, false positives and false negatives
  are summed over articles (micro precision, recall and F1);
- officers are matched by name, then rank and role are scored over the matched pairs;
  villages are matched by name, then their type is scored over the matched pairs;
- scalar fields are accuracy over articles, null equal to null.

``overall`` is the mean of the list-field F1s and the scalar accuracies; the rank, role
and type accuracies are reported beside it, not inside it.

Conventions where SCHEMA says nothing:

- a ratio with nothing to count is 1.0 when nothing was missed or wrongly found (no gold
  and no predicted item gives P = R = F1 = 1.0; no matched officer gives rank accuracy
  1.0), and 0.0 otherwise (predictions with no gold give recall 0.0);
- a gold article without a prediction is scored against an empty prediction; a
  prediction without gold is ignored and counted in ``n_unmatched_pred``;
- a field missing from a record is null (scalars) or empty (lists);
- the same item twice in one article's list (after normalization) counts once, the
  first one written;
- two records with the same id in one input are an error (:class:`ValueError`).
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal

from .gazetteer import get_gazetteer
from .spans import sentence_in, sentence_starts

#: List fields, scored as sets per article, in SCHEMA order.
LIST_FIELDS: tuple[str, ...] = (
    "dates", "units", "officers", "villages", "districts", "regencies", "provinces", "candidates", "parties",
)
#: Scalar fields, scored as accuracy over articles, in SCHEMA order.
SCALAR_FIELDS: tuple[str, ...] = ("event_type", "event_date", "personnel_count", "operation")
#: Fields whose strings are place names: compared without spaces.
PLACE_FIELDS: frozenset[str] = frozenset({"villages", "districts", "regencies", "provinces"})
#: Attributes of matched pairs compared without spaces, like place names (SCHEMA).
SPACELESS_ATTRIBUTES: frozenset[str] = frozenset({"role"})

ErrorKind = Literal["miss", "false_hit", "wrong_rank", "wrong_role", "wrong_type", "wrong_value"]

#: Attributes scored over matched pairs of list items: (list field, attribute, error kind).
_ATTRIBUTES: tuple[tuple[str, str, ErrorKind], ...] = (
    ("officers", "rank", "wrong_rank"),
    ("officers", "role", "wrong_role"),
    ("villages", "type", "wrong_type"),
)
#: A Polda (normalized), compared by its province: ``Polda NTT`` = ``Polda Nusa Tenggara Timur``.
_POLDA = re.compile(r"^polda (.+)$")
_REGENCY_WORD = re.compile(r"^(?:kabupaten|kota)\s+", re.IGNORECASE)
#: A sentence ends at ., ! or ? followed by white space, or at a line break.


def _ratio(numerator: int, denominator: int, vacuous: bool) -> float:
    """``numerator / denominator``; with nothing to count, 1.0 if ``vacuous`` is clean, else 0.0."""
    return numerator / denominator if denominator else float(vacuous)


@dataclass(frozen=True, slots=True)
class ListScore:
    """Set comparison counts of one list field, with micro precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: ListScore) -> ListScore:
        return ListScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp, vacuous=self.fn == 0)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn, vacuous=self.fp == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True)
class Accuracy:
    """How many of ``total`` comparisons were correct."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    @property
    def accuracy(self) -> float:
        return _ratio(self.correct, self.total, vacuous=True)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.accuracy, 4)}


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """One disagreement with gold, with the sentence it concerns ("" when none was found).

    ``gold`` and ``pred`` are the items as written in the records: a string or number, an
    officer or village object (for list misses, false hits and wrong rank/role/type), or
    None on the side that has nothing.
    """

    doc_id: str
    field: str
    kind: ErrorKind
    gold: Any
    pred: Any
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "field": self.field, "kind": self.kind, "gold": self.gold,
                "pred": self.pred, "sentence": self.sentence}


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Scores of a set of predictions against gold; see the module docstring for the rules."""

    #: Every list field, in :data:`LIST_FIELDS` order.
    lists: dict[str, ListScore]
    #: Every scalar field, in :data:`SCALAR_FIELDS` order.
    scalars: dict[str, Accuracy]
    officer_rank: Accuracy
    officer_role: Accuracy
    village_type: Accuracy
    #: Gold articles scored.
    n_docs: int
    #: Gold articles that had no prediction (scored as empty predictions).
    n_missing_pred: int
    #: Predictions that had no gold article (ignored).
    n_unmatched_pred: int
    errors: list[ErrorItem]

    @property
    def officer_rank_accuracy(self) -> float:
        return self.officer_rank.accuracy

    @property
    def officer_role_accuracy(self) -> float:
        return self.officer_role.accuracy

    @property
    def village_type_accuracy(self) -> float:
        return self.village_type.accuracy

    @property
    def overall(self) -> float:
        """The mean of the list-field F1s and the scalar accuracies."""
        values = [s.f1 for s in self.lists.values()] + [s.accuracy for s in self.scalars.values()]
        return sum(values) / len(values)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict in a fixed key order, ratios rounded to 4 places."""
        return {
            "n_docs": self.n_docs,
            "n_missing_pred": self.n_missing_pred,
            "n_unmatched_pred": self.n_unmatched_pred,
            "fields": {name: s.to_dict() for name, s in {**self.lists, **self.scalars}.items()},
            "officer_rank": self.officer_rank.to_dict(),
            "officer_role": self.officer_role.to_dict(),
            "village_type": self.village_type.to_dict(),
            "overall": round(self.overall, 4),
            "errors": [e.to_dict() for e in self.errors],
        }


def normalize_string(s: str, place: bool = False) -> str:
    """The form in which SCHEMA compares strings.

    Unicode NFKC, case folded, punctuation (Unicode ``P*`` and ASCII punctuation) removed,
    runs of white space folded to one space and stripped; with ``place``, no spaces at all
    (``Air Gegas`` = ``Airgegas``).
    """
    folded = unicodedata.normalize("NFKC", s).casefold()
    kept = "".join(c for c in folded if c not in string.punctuation and not unicodedata.category(c).startswith("P"))
    return ("" if place else " ").join(kept.split())


def _comparable(value: Any, place: bool = False, field_name: str = "") -> Any:
    """What a value is compared by: officers and villages by name, strings normalized, None
    kept; a unit ``Polda <province abbreviation>`` as ``Polda <province>`` (SCHEMA)."""
    if isinstance(value, Mapping):
        value = value.get("name")
    if not isinstance(value, str):
        return value
    key = normalize_string(value, place=place)
    polda = _POLDA.match(key) if field_name == "units" else None
    return _polda_key(polda.group(1)) if polda else key


def _polda_key(place: str) -> str:
    """``polda <province>`` for the province ``place`` names (``ntt``, ``sumut``), else as written."""
    province = get_gazetteer().official_name(place, 1)
    return f"polda {normalize_string(province) if province else place}"


def _by_key(items: Iterable[Any], place: bool, field_name: str = "") -> dict[Any, Any]:
    """The items of one article's list keyed by their comparable form, first occurrence kept."""
    keyed: dict[Any, Any] = {}
    place = field_name in PLACE_FIELDS
    for item in items:
        keyed.setdefault(_comparable(item, place, field_name), item)
    return keyed


def _search_names(field_name: str, value: Any) -> list[str]:
    """The strings under which a gold value may be written in the text."""
    name = value.get("name") if isinstance(value, Mapping) else value
    if name is None or str(name).strip() == "":
        return []
    names = [str(name)]
    if field_name == "regencies":
        bare = _REGENCY_WORD.sub("", names[0])
        names += [bare] if bare and bare != names[0] else []
    return names


def _find_sentence(text: str, field_name: str, value: Any) -> str:
    """The sentence of the first case-insensitive, whole-word occurrence of a gold value in ``text``."""
    for name in _search_names(field_name, value):
        words = r"\s+".join(re.escape(word) for word in name.split())
        found = re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE)
        if found:
            return sentence_in(text, sentence_starts(text), found.start(), found.end())
    return ""


def _evidence_sentence(evidence: Sequence[Mapping[str, Any]], field_name: str, value: Any) -> str:
    """The sentence of the prediction's evidence entry for this field and value, if any."""
    place = field_name in PLACE_FIELDS
    key = _comparable(value, place, field_name)
    for entry in evidence:
        if entry.get("field") == field_name and _comparable(entry.get("value"), place, field_name) == key:
            return str(entry.get("sentence") or "")
    return ""


def _locate(evidence: Sequence[Mapping[str, Any]], text: str | None, field_name: str, gold: Any, pred: Any) -> str:
    """The sentence an error concerns: the predicted value's evidence, else where the gold value is written."""
    found = _evidence_sentence(evidence, field_name, pred) if pred is not None else ""
    if not found and gold is not None and text:
        found = _find_sentence(text, field_name, gold)
    return found


@dataclass(frozen=True, slots=True)
class _DocScore:
    """The scores of one article, summed over articles by :func:`score`."""

    lists: dict[str, ListScore]
    scalars: dict[str, Accuracy]
    attributes: dict[str, Accuracy]
    errors: list[ErrorItem]


Locator = Callable[[str, Any, Any], str]


def _score_list(doc_id: str, field_name: str, gold_items: Iterable[Any], pred_items: Iterable[Any],
                locate: Locator) -> tuple[ListScore, list[tuple[Any, Any]], list[ErrorItem]]:
    """Compare one article's list as sets: the counts, the matched (gold, pred) pairs and the errors."""
    place = field_name in PLACE_FIELDS
    gold, pred = _by_key(gold_items, place, field_name), _by_key(pred_items, place, field_name)
    pairs = [(item, pred[key]) for key, item in gold.items() if key in pred]
    errors = [ErrorItem(doc_id, field_name, "miss", item, None, locate(field_name, item, None))
              for key, item in gold.items() if key not in pred]
    errors += [ErrorItem(doc_id, field_name, "false_hit", None, item, locate(field_name, None, item))
               for key, item in pred.items() if key not in gold]
    return ListScore(tp=len(pairs), fp=len(pred) - len(pairs), fn=len(gold) - len(pairs)), pairs, errors


def _score_attribute(doc_id: str, field_name: str, attribute: str, kind: ErrorKind,
                     pairs: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]],
                     locate: Locator) -> tuple[Accuracy, list[ErrorItem]]:
    """Compare one attribute (rank, role, type) over matched pairs; null equals null."""
    spaceless = attribute in SPACELESS_ATTRIBUTES
    wrong = [(g, p) for g, p in pairs
             if _comparable(g.get(attribute), spaceless) != _comparable(p.get(attribute), spaceless)]
    errors = [ErrorItem(doc_id, field_name, kind, g, p, locate(field_name, g, p)) for g, p in wrong]
    return Accuracy(correct=len(pairs) - len(wrong), total=len(pairs)), errors


def _score_doc(gold: Mapping[str, Any], pred: Mapping[str, Any], text: str | None) -> _DocScore:
    """Score one article's prediction (possibly empty) against its gold record."""
    doc_id = str(gold["id"])
    locate: Locator = partial(_locate, pred.get("evidence") or [], text)
    lists: dict[str, ListScore] = {}
    pairs: dict[str, list[tuple[Any, Any]]] = {}
    errors: list[ErrorItem] = []
    for name in LIST_FIELDS:
        lists[name], pairs[name], list_errors = _score_list(
            doc_id, name, gold.get(name) or [], pred.get(name) or [], locate)
        errors += list_errors
    attributes: dict[str, Accuracy] = {}
    for name, attribute, kind in _ATTRIBUTES:
        attributes[attribute], attribute_errors = _score_attribute(doc_id, name, attribute, kind, pairs[name], locate)
        errors += attribute_errors
    scalars: dict[str, Accuracy] = {}
    for name in SCALAR_FIELDS:
        gold_value, pred_value = gold.get(name), pred.get(name)
        correct = _comparable(gold_value) == _comparable(pred_value)
        scalars[name] = Accuracy(correct=int(correct), total=1)
        if not correct:
            errors.append(ErrorItem(doc_id, name, "wrong_value", gold_value, pred_value,
                                    locate(name, gold_value, pred_value)))
    return _DocScore(lists, scalars, attributes, errors)


def _index(records: Iterable[Mapping[str, Any]], what: str) -> dict[str, Mapping[str, Any]]:
    """Records by id, in input order; a repeated id is an error."""
    indexed: dict[str, Mapping[str, Any]] = {}
    for record in records:
        doc_id = str(record["id"])
        if doc_id in indexed:
            raise ValueError(f"{what} id {doc_id!r} appears more than once")
        indexed[doc_id] = record
    return indexed


def score(gold: Iterable[Mapping[str, Any]], pred: Iterable[Mapping[str, Any]],
          texts: Mapping[str, str] | None = None) -> EvalReport:
    """Score predictions against gold records, paired by ``id``.

    ``texts`` (id -> document text), when given, is used to quote the sentence of each
    missed gold value; false hits are quoted from the prediction's ``evidence``.
    """
    gold_docs, pred_docs = _index(gold, "gold"), _index(pred, "prediction")
    texts = texts or {}
    docs = [_score_doc(record, pred_docs.get(doc_id, {}), texts.get(doc_id)) for doc_id, record in gold_docs.items()]
    return EvalReport(
        lists={name: sum((d.lists[name] for d in docs), ListScore()) for name in LIST_FIELDS},
        scalars={name: sum((d.scalars[name] for d in docs), Accuracy()) for name in SCALAR_FIELDS},
        officer_rank=sum((d.attributes["rank"] for d in docs), Accuracy()),
        officer_role=sum((d.attributes["role"] for d in docs), Accuracy()),
        village_type=sum((d.attributes["type"] for d in docs), Accuracy()),
        n_docs=len(gold_docs),
        n_missing_pred=sum(doc_id not in pred_docs for doc_id in gold_docs),
        n_unmatched_pred=sum(doc_id not in gold_docs for doc_id in pred_docs),
        errors=[e for d in docs for e in d.errors],
    )


def format_table(report: EvalReport) -> str:
    """The scores as an aligned text table: list fields, scalars, sub-accuracies, then ``overall``."""
    accuracies = {**report.scalars, "officer_rank": report.officer_rank, "officer_role": report.officer_role,
                  "village_type": report.village_type}
    width = max(map(len, [*report.lists, *accuracies]))
    lines = [f"{'field':<{width}}  {'P':>6}  {'R':>6}  {'F1':>6}  tp/fp/fn"]
    lines += [f"{name:<{width}}  {s.precision:6.4f}  {s.recall:6.4f}  {s.f1:6.4f}  {s.tp}/{s.fp}/{s.fn}"
              for name, s in report.lists.items()]
    lines += ["", f"{'field':<{width}}  {'acc':>6}  correct/total"]
    lines += [f"{name:<{width}}  {s.accuracy:6.4f}  {s.correct}/{s.total}" for name, s in accuracies.items()]
    lines += ["", f"{'overall':<{width}}  {report.overall:6.4f}  ({report.n_docs} documents)"]
    mismatch = _id_mismatch(report)
    return "\n".join([mismatch, ""] + lines + ["", mismatch] if mismatch else lines)


def _id_mismatch(report: EvalReport) -> str:
    """A warning when gold and predictions are not about the same documents (else empty)."""
    parts = ([f"{report.n_missing_pred} gold document(s) have no prediction (scored as empty)"]
             if report.n_missing_pred else [])
    parts += [f"{report.n_unmatched_pred} prediction(s) have no gold (not scored)"] if report.n_unmatched_pred else []
    return ("WARNING: gold and predictions do not match: " + "; ".join(parts)
            + ". Check that --gold and the input are the same corpus.") if parts else ""


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def format_errors(report: EvalReport) -> str:
    """One block per error: ``doc_id  field  kind  gold=… pred=…``, then its sentence indented."""
    if not report.errors:
        return "no errors"
    blocks = []
    for e in report.errors:
        head = f"{e.doc_id}  {e.field}  {e.kind}  gold={_show(e.gold)} pred={_show(e.pred)}"
        blocks.append(f"{head}\n    {e.sentence}" if e.sentence else head)
    return "\n".join(blocks)


def load_jsonl(path: Path | str) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file, one per non-blank line."""
    records = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON: {exc.msg}") from exc
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{number}: not a JSON object")
            records.append(record)
    return records


def check_thresholds(report: EvalReport, overall: float = 0.95, list_f1: float = 0.90, scalar: float = 0.90,
                     rank: float = 0.95) -> list[str]:
    """The scores below their thresholds, one readable line each (empty when all pass)."""
    checks = [("overall", report.overall, overall)]
    checks += [(f"{name} F1", s.f1, list_f1) for name, s in report.lists.items()]
    checks += [(f"{name} accuracy", s.accuracy, scalar) for name, s in report.scalars.items()]
    checks += [("officer rank accuracy", report.officer_rank_accuracy, rank)]
    return [f"{label} {value:.4f} < {threshold:.4f}" for label, value, threshold in checks if value < threshold]
