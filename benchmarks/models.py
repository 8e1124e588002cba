"""Cross-validation of the trained models against the rules alone, on the dev releases.

    python benchmarks/models.py [--folds K] [--seed S] [--epochs N] [--steps N] [--json]

Folds by release (seeded shuffle of the dev ids); for each fold the models are trained on
the other folds' span data (``extract.train``) and the held-back releases are extracted
with every configuration: rules only, + spaCy NER, + textcat, + both, + Stanza NER (when
the ``[stanza]`` extra is installed). The predictions of all folds are scored together with
``tribrata evaluate``'s ``score()``: each field's F1 or accuracy and ``overall``, and the
docs/s of each configuration (extraction in this process, the configurations timed one
after the other on the same releases, so the ratio to rules-only is the cost).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.evaluate import LIST_FIELDS, SCALAR_FIELDS, load_jsonl, score  # noqa: E402
from extract.ingest import iter_documents  # noqa: E402
from extract.nlp import Models  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from extract.train import build_span_data, train_ner, train_textcat  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
CONFIGS = ("rules", "+spacy_ner", "+textcat", "+both", "+stanza_ner")


def _models(name: str, folder: Path) -> Models:
    """The configuration ``name`` with the models trained into ``folder`` (no shipped model)."""
    ner, textcat = {"rules": ("none", "none"), "+spacy_ner": ("spacy", "none"), "+textcat": ("none", "textcat"),
                    "+both": ("spacy", "textcat"), "+stanza_ner": ("stanza", "none")}[name]
    return Models(ner=ner, ner_model=str(folder / ("stanza_ner" if ner == "stanza" else "ner")),
                  textcat_model=textcat if textcat == "none" else str(folder / "textcat"))


def cross_validate(folds: int, seed: int, epochs: int, steps: int) -> dict[str, dict]:
    sources = {s.id: s for s in iter_documents([str(CORPUS / "dev.jsonl")])}
    gold = load_jsonl(CORPUS / "dev_gold.jsonl")
    data = build_span_data(CORPUS / "dev.jsonl", CORPUS / "dev_gold.jsonl")
    ids = sorted(d.id for d in data.categorised)
    random.Random(seed).shuffle(ids)
    configs = [c for c in CONFIGS if c != "+stanza_ner" or find_spec("stanza") is not None]
    predictions: dict[str, list[dict]] = {c: [] for c in configs}
    seconds = dict.fromkeys(configs, 0.0)
    training = {"spacy_ner": 0.0, "textcat": 0.0, "stanza_ner": 0.0}
    for k in range(folds):
        held = set(ids[k::folds])
        train = data.subset(set(ids) - held)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            began = time.perf_counter()
            train_ner(train, folder / "ner", seed, epochs)
            training["spacy_ner"] += time.perf_counter() - began
            began = time.perf_counter()
            train_textcat(train, folder / "textcat", seed, 2 * epochs)
            training["textcat"] += time.perf_counter() - began
            if "+stanza_ner" in configs:
                from extract.stanza_ner import train_stanza

                began = time.perf_counter()
                train_stanza(train, folder / "stanza_ner", seed, steps)
                training["stanza_ner"] += time.perf_counter() - began
            for config in configs:
                extractor = Extractor(_models(config, folder))
                began = time.perf_counter()
                predictions[config] += [extractor(sources[i]).record.to_dict() for i in sorted(held)]
                seconds[config] += time.perf_counter() - began
        print(f"fold {k + 1}/{folds} done", file=sys.stderr)
    n = len(ids)
    out = {}
    for config in configs:
        report = score([g for g in gold if g["id"] in set(ids)], predictions[config]).to_dict()
        out[config] = {"fields": {f: report["fields"][f].get("f1", report["fields"][f].get("accuracy"))
                                  for f in LIST_FIELDS + SCALAR_FIELDS},
                       "overall": report["overall"], "docs_per_s": round(n / seconds[config], 1)}
    out["_training_seconds"] = {k: round(v / folds, 1) for k, v in training.items()}
    return out


def table(results: dict[str, dict]) -> str:
    configs = [c for c in CONFIGS if c in results]
    rules = results["rules"]
    lines = ["| field | " + " | ".join(configs) + " |", "| --- |" + " --- |" * len(configs)]
    for f in LIST_FIELDS + SCALAR_FIELDS:
        lines.append(f"| {f} | " + " | ".join(f"{results[c]['fields'][f]:.4f}" for c in configs) + " |")
    lines.append("| **overall** | " + " | ".join(f"**{results[c]['overall']:.4f}**" for c in configs) + " |")
    lines.append("| docs/s | " + " | ".join(f"{results[c]['docs_per_s']}" for c in configs) + " |")
    lines.append("| x rules | " + " | ".join(f"{results[c]['docs_per_s'] / rules['docs_per_s']:.2f}" for c in configs) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=5, help="spaCy NER epochs (the classifier makes twice as many)")
    parser.add_argument("--steps", type=int, default=400, help="Stanza NER training steps")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    results = cross_validate(args.folds, args.seed, args.epochs, args.steps)
    print(json.dumps(results, indent=2) if args.json else table(results)
          + f"\n\nmean training seconds per fold: {results['_training_seconds']}")


if __name__ == "__main__":
    main()
