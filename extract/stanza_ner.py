"""The Stanza NER backend (the ``[stanza]`` extra): training from the span data and tagging.

``tribrata train --engine stanza`` trains Stanza's BiLSTM-CRF tagger offline on CPU from the
same span data as the spaCy NER: no pretrained word vectors (``--no_pretrain``), no
character language model, small dimensions, a fixed seed, one torch thread. The model is a
directory holding ``ner.pt`` and ``meta.json``.

Tagging reads the release with the project's tokenizer, sentence by sentence, unless
``stanza_dir`` points at Stanza's own Indonesian models that the user downloaded
(``stanza.download("id", model_dir=DIR, processors="tokenize")``): then Stanza's tokenizer
splits the text. Nothing is ever downloaded here.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .spans import sentence_starts
from .tokenizer import words_and_spaces
from .train import LABELS, ModelError, SpanData, SpanDoc

MODEL_FILE = "ner.pt"
INSTALL = "pip install 'tribrata-extract[stanza]'"


def _torch_single_thread() -> None:
    try:
        import torch
    except ImportError as exc:
        raise ModelError(f"the Stanza NER needs the [stanza] extra: {INSTALL} (or pass --ner spacy or --ner none)") from exc
    torch.set_num_threads(1)


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The words of ``text[start:end]`` (the project's tokenizer, white space left out)."""
    out, pos = [], start
    words, spaces = words_and_spaces(text[start:end])
    for word, space in zip(words, spaces):
        if not word.isspace():
            out.append((pos, pos + len(word), word))
        pos += len(word) + (1 if space else 0)
    return out


def _tagged(doc: SpanDoc) -> Iterable[list[dict[str, str]]]:
    """The release's sentences in Stanza's NER format, BIO tags from its spans."""
    for start, end in doc.sentences:
        tokens = _tokens(doc.text, start, end)
        if not tokens:
            continue
        sentence = []
        for a, b, word in tokens:
            label = next(((s, lb) for s, e, lb in doc.spans if s <= a and b <= e), None)
            tag = "O" if label is None else ("B-" if label[0] == a else "I-") + label[1]
            sentence.append({"text": word, "ner": tag})
        yield sentence


def train_stanza(data: SpanData, out: Path, seed: int = 0, steps: int = 400,
                 held_out: SpanData | None = None) -> dict[str, Any]:
    """Train the Stanza NER on ``data`` into the directory ``out``; the checkpoint kept is the
    best on ``held_out`` (or, without one, on the last tenth of the training sentences)."""
    _torch_single_thread()
    from stanza.models import ner_tagger

    began = time.perf_counter()
    train = [s for d in data.docs for s in _tagged(d)]
    dev = [s for d in held_out.docs for s in _tagged(d)] if held_out and held_out.docs else train[-len(train) // 10:]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        paths = {name: Path(tmp) / f"{name}.json" for name in ("train", "dev")}
        for name, sentences in (("train", train), ("dev", dev)):
            paths[name].write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
        logging.getLogger("stanza").setLevel(logging.WARNING)
        with contextlib.redirect_stdout(io.StringIO()):  # Stanza prints its model and scores
            ner_tagger.main([
                "--train_file", str(paths["train"]), "--eval_file", str(paths["dev"]), "--shorthand", "id_tribrata",
                "--save_dir", str(out), "--save_name", MODEL_FILE, "--no_pretrain", "--cpu", "--seed", str(seed),
                "--word_emb_dim", "50", "--char_emb_dim", "30", "--char_hidden_dim", "50", "--hidden_dim", "64",
                "--max_steps", str(steps), "--eval_interval", str(max(steps // 4, 1)), "--batch_size", "32",
                "--scheme", "bio", "--log_step", str(steps + 1),
            ])
    tagger = StanzaTagger(out)
    scores = _span_scores(tagger, held_out.docs) if held_out and held_out.docs else {}
    meta = {"name": "tribrata_stanza_ner", "engine": "stanza", "labels": list(LABELS), "seed": seed,
            "steps": steps, "trained_on": {"located": len(data.docs), "sentences": len(train)},
            "training_seconds": round(time.perf_counter() - began, 1), "held_out_scores": scores,
            "stanza": __import__("stanza").__version__, "license": "see models/README.md"}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def _span_scores(tagger: "StanzaTagger", docs: list[SpanDoc]) -> dict[str, float]:
    found = gold = right = 0
    for doc in docs:
        predicted, wanted = set(tagger(doc.text)), set(doc.spans)
        found, gold, right = found + len(predicted), gold + len(wanted), right + len(predicted & wanted)
    p, r = right / found if found else 0.0, right / gold if gold else 0.0
    return {"ents_p": round(p, 4), "ents_r": round(r, 4), "ents_f": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def _spans(tokens: list[tuple[int, int, str]], tags: list[str]) -> list[tuple[int, int, str]]:
    """Character spans from BIO(ES) tags over ``tokens``."""
    spans: list[tuple[int, int, str]] = []
    current: list[Any] | None = None
    for (a, b, _), tag in zip(tokens, tags):
        prefix, _, label = tag.partition("-")
        if prefix in ("I", "E") and current is not None and current[2] == label:
            current[1] = b
        elif prefix in ("B", "S", "I", "E"):
            current = [a, b, label]
            spans.append(current)  # type: ignore[arg-type]
        else:
            current = None
        if prefix in ("E", "S"):
            current = None
    return [tuple(s) for s in spans]  # type: ignore[misc]


class StanzaTagger:
    """A trained Stanza NER as a function: text -> [(start, end, label)]."""

    def __init__(self, model: Path, stanza_dir: str | None = None) -> None:
        _torch_single_thread()
        from stanza.models.ner.trainer import Trainer

        path = Path(model) / MODEL_FILE
        fix = ("train one with `tribrata train TEXTS.jsonl --gold GOLD.jsonl --engine stanza` (models/README.md) and "
               "pass its folder as --ner-model, or pass --ner spacy or --ner none")
        if not path.is_file():
            raise ModelError(f"{model}: no Stanza NER here (no {MODEL_FILE}): {fix}")
        try:
            self.trainer = Trainer(model_file=str(path), device="cpu")
        except Exception as exc:  # noqa: BLE001 - torch and Stanza raise many kinds on a bad file
            said = " ".join(str(exc).split())[:200]
            raise ModelError(f"{path}: cannot load this Stanza NER ({type(exc).__name__}: {said}); {fix}") from exc
        self.splitter = None
        if stanza_dir is not None:
            import stanza

            try:
                self.splitter = stanza.Pipeline("id", dir=stanza_dir, processors="tokenize", download_method=None,
                                                logging_level="WARN")
            except Exception as exc:  # noqa: BLE001
                said = " ".join(str(exc).split())[:200]
                raise ModelError(f"{stanza_dir}: no usable Stanza Indonesian tokenizer here ({said}); download it "
                                 f"yourself with stanza.download('id', model_dir='{stanza_dir}', "
                                 "processors='tokenize') or leave --stanza-dir out") from exc

    def sentences(self, text: str) -> list[list[tuple[int, int, str]]]:
        if self.splitter is not None:
            return [[(t.start_char, t.end_char, t.text) for t in s.tokens] for s in self.splitter(text).sentences]
        starts = sentence_starts(text)
        found = [_tokens(text, a, b) for a, b in zip(starts, starts[1:] + [len(text)])]
        return [s for s in found if s]

    def __call__(self, text: str) -> list[tuple[int, int, str]]:
        from stanza.models.common.doc import Document
        from stanza.models.ner.data import DataLoader

        sentences = self.sentences(text)
        if not sentences:
            return []
        doc = Document([[{"text": w} for _, _, w in s] for s in sentences])
        batch = DataLoader(doc, 32, self.trainer.args, vocab=self.trainer.vocab, evaluation=True,
                           preprocess_tags=False)
        tags = [t for b in batch for t in self.trainer.predict(b)]
        return [span for s, t in zip(sentences, tags) for span in _spans(s, t)]
