"""Training the models (extract/train.py, extract/stanza_ner.py) on the seeds, and running
the extractor with them (recognizers/ner.py, recognizers/textcat.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
import pytest
import spacy

from conftest import CORPUS, run_cli
from extract.ingest import iter_documents
from extract.nlp import Models, build_nlp
from extract.pipeline import Extractor
from extract.train import LABELS, ModelError, build_span_data, describe, train_ner, train_textcat

SEEDS, SEEDS_GOLD = CORPUS / "seeds.jsonl", CORPUS / "seeds_gold.jsonl"


@pytest.fixture(scope="module")
def span_data():
    return build_span_data(SEEDS, SEEDS_GOLD)


@pytest.fixture(scope="module")
def spacy_models(span_data, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("models")
    began = time.perf_counter()
    train_ner(span_data, folder / "ner", seed=0, epochs=2)
    train_textcat(span_data, folder / "textcat", seed=0, epochs=2)
    assert time.perf_counter() - began < 60
    return folder


def test_span_data_labels_located_gold_values_and_leaves_out_the_rest(span_data) -> None:
    located = {d.id for d in span_data.docs}
    left_out = {doc_id for doc_id, _ in span_data.left_out}
    assert located | left_out == {d.id for d in span_data.categorised} and not located & left_out
    doc = span_data.docs[0]
    assert {label for _, _, label in doc.spans} <= set(LABELS)
    assert all(doc.text[a:b].strip() == doc.text[a:b] and a < b for a, b, _ in doc.spans)
    text = describe(span_data)
    assert text.startswith(f"span data: {len(located)} docs, ") and "]PERSON" in text
    assert all(f"left out {doc_id}" in text for doc_id in left_out)


def test_the_same_data_and_seed_give_the_same_weights(span_data, spacy_models, tmp_path) -> None:
    train_ner(span_data, tmp_path / "ner", seed=0, epochs=2)
    for part in ("ner/model", "tok2vec/model"):
        assert (tmp_path / "ner" / part).read_bytes() == (spacy_models / "ner" / part).read_bytes()


def test_trained_models_load_with_spacy_and_say_what_they_were_trained_on(spacy_models) -> None:
    for name, pipe in (("ner", "ner"), ("textcat", "textcat")):
        meta = json.loads((spacy_models / name / "meta.json").read_text())
        assert meta["tribrata"]["seed"] == 0 and meta["tribrata"]["trained_on"]["located"] >= 1
        assert pipe in spacy.load(spacy_models / name).pipe_names


def test_the_extractor_runs_with_the_trained_models(spacy_models) -> None:
    models = Models(ner="spacy", ner_model=str(spacy_models / "ner"), textcat_model=str(spacy_models / "textcat"))
    nlp = build_nlp(models)
    assert nlp.pipe_names.index("tribrata_ner") > nlp.pipe_names.index("tribrata_politics")
    assert nlp.pipe_names[-1] == "tribrata_textcat"
    extractor = Extractor(models)
    records = [extractor(doc).record for doc in iter_documents([str(SEEDS)])]
    assert all(r.status == "ok" for r in records)
    assert all(r.event_type for r in records)


def test_documents_jsonl_is_the_same_with_any_worker_count_with_models(spacy_models, tmp_path) -> None:
    from extract.batch import run

    models = Models(ner="spacy", ner_model=str(spacy_models / "ner"), textcat_model=str(spacy_models / "textcat"))
    outputs = []
    for workers in (1, 2):
        run([str(SEEDS)], tmp_path / str(workers), workers=workers, batch_size=2, quiet=True, models=models)
        outputs.append((tmp_path / str(workers) / "documents.jsonl").read_bytes())
    assert outputs[0] == outputs[1]


def test_the_default_pipeline_has_no_model() -> None:
    names = build_nlp().pipe_names
    assert "tribrata_ner" not in names and "tribrata_textcat" not in names
    assert build_nlp(Models(ner="none", textcat_model="none")).pipe_names == names


def test_a_model_error_is_an_error_line_of_any_command(tmp_path) -> None:
    gone = tmp_path / "gone"
    with pytest.raises(ModelError) as raised:
        Extractor(Models(textcat_model=str(gone)))
    assert isinstance(raised.value, click.ClickException) and str(gone) in raised.value.format_message()


def test_a_missing_or_broken_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ModelError, match=f"{tmp_path / 'nowhere'}.*tribrata train"):
        Extractor(Models(ner="spacy", ner_model=str(tmp_path / "nowhere")))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "meta.json").write_text("{not json")
    with pytest.raises(ModelError, match=f"{broken}: cannot load"):
        Extractor(Models(textcat_model=str(broken)))


def test_train_command_prints_the_span_data() -> None:
    result = run_cli("train", str(SEEDS), "--gold", str(SEEDS_GOLD), "--data-only")
    assert result.stdout.startswith("span data: ") and "spans: UNIT" in result.stdout


def test_a_tiny_stanza_ner_trains_and_runs(span_data, tmp_path) -> None:
    pytest.importorskip("stanza")
    from extract.stanza_ner import train_stanza

    began = time.perf_counter()
    meta = train_stanza(span_data, tmp_path / "stanza_ner", seed=0, steps=20)
    assert time.perf_counter() - began < 60 and meta["engine"] == "stanza"
    extractor = Extractor(Models(ner="stanza", ner_model=str(tmp_path / "stanza_ner")))
    assert all(extractor(doc).record.status == "ok" for doc in iter_documents([str(SEEDS)]))
    with pytest.raises(ModelError, match="tribrata train --engine stanza"):
        Extractor(Models(ner="stanza", ner_model=str(tmp_path)))
