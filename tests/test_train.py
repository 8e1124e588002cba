"""Training the models (extract/train.py, extract/stanza_ner.py) on the seeds, and running
the extractor with them (recognizers/ner.py, recognizers/textcat.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
import pytest
import spacy

from conftest import CORPUS, invoke, run_cli
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
    with pytest.raises(ModelError, match="tribrata train .*--engine stanza"):
        Extractor(Models(ner="stanza", ner_model=str(tmp_path)))


# --- the command line: --ner, --ner-model, --textcat-model, --stanza-dir (extract/cli.py) ---

def _model_flags(folder: Path) -> list[str]:
    return ["--ner", "spacy", "--ner-model", str(folder / "ner"), "--textcat-model", str(folder / "textcat")]


def test_extract_with_model_flags_is_the_same_for_any_workers_and_engine(spacy_models, tmp_path) -> None:
    from extract.batch import run

    models = Models(ner="spacy", ner_model=str(spacy_models / "ner"), textcat_model=str(spacy_models / "textcat"))
    run([str(SEEDS)], tmp_path / "api", workers=1, quiet=True, models=models)
    expected = (tmp_path / "api" / "documents.jsonl").read_bytes()
    for name, options in (("w1", ["--workers", "1"]), ("w2", ["--workers", "2", "--batch-size", "2"]),
                          ("dask", ["--workers", "2", "--batch-size", "2", "--engine", "dask"])):
        result = invoke("extract", str(SEEDS), "-o", str(tmp_path / name), "-q", *options, *_model_flags(spacy_models))
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / name / "documents.jsonl").read_bytes() == expected, name
    invoke("extract", str(SEEDS), "-o", str(tmp_path / "rules"), "-q", "--workers", "1", "--ner", "none",
           "--textcat-model", "none")
    run([str(SEEDS)], tmp_path / "rules-api", workers=1, quiet=True, models=Models(ner="none", textcat_model="none"))
    assert (tmp_path / "rules" / "documents.jsonl").read_bytes() == \
        (tmp_path / "rules-api" / "documents.jsonl").read_bytes()


def test_evaluate_and_show_take_the_model_flags(spacy_models) -> None:
    result = invoke("evaluate", "--gold", str(SEEDS_GOLD), "--json", str(SEEDS), *_model_flags(spacy_models))
    assert result.exit_code == 0 and "overall" in json.loads(result.stdout)
    result = invoke("show", "--json", str(SEEDS), *_model_flags(spacy_models))
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 5
    result = invoke("evaluate", "--gold", str(SEEDS_GOLD), "--pred", str(SEEDS_GOLD), "--ner", "spacy")
    assert result.exit_code == 2 and "go with INPUT..." in result.stderr


def _one_error_line(result, *words: str) -> str:
    """The single ``Error:`` line of a usage error (exit 2), with no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and isinstance(result.exception, SystemExit)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and result.stderr.rstrip("\n").endswith(errors[0]), result.stderr
    for word in words:
        assert word in errors[0], (word, errors[0])
    return errors[0]


@pytest.mark.parametrize("command", ["extract", "evaluate", "show"])
def test_a_missing_model_folder_is_one_error_line_naming_it_and_the_fix(command, tmp_path) -> None:
    gone = tmp_path / "gone"
    args = {"extract": ["extract", str(SEEDS), "-o", str(tmp_path / "out")],
            "evaluate": ["evaluate", "--gold", str(SEEDS_GOLD), str(SEEDS)], "show": ["show", str(SEEDS)]}[command]
    _one_error_line(invoke(*args, "--ner", "spacy", "--ner-model", str(gone)), str(gone), "no meta.json",
                    "tribrata train", "--ner none")
    _one_error_line(invoke(*args, "--textcat-model", str(gone)), str(gone), "tribrata train", "--textcat-model none")
    assert not (tmp_path / "out").exists()  # refused before the output folder is made


def test_a_folder_without_meta_json_or_with_another_pipeline_is_a_clear_error(spacy_models, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = ["extract", str(SEEDS), "-o", str(tmp_path / "out")]
    _one_error_line(invoke(*out, "--ner", "spacy", "--ner-model", str(empty)), f"{empty}: no spaCy model here",
                    "tribrata train")
    _one_error_line(invoke(*out, "--ner", "spacy", "--ner-model", str(spacy_models / "textcat")),
                    str(spacy_models / "textcat"), "no 'ner' component", "--ner none")
    _one_error_line(invoke(*out, "--textcat-model", str(spacy_models / "ner")),
                    str(spacy_models / "ner"), "no 'textcat' component", "--textcat-model none")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "meta.json").write_text("{not json")
    _one_error_line(invoke(*out, "--textcat-model", str(broken)), f"{broken}: cannot load", "tribrata train")


def test_ner_stanza_without_a_stanza_model_is_a_clear_error(spacy_models, tmp_path) -> None:
    pytest.importorskip("stanza")
    out = ["extract", str(SEEDS), "-o", str(tmp_path / "out")]
    _one_error_line(invoke(*out, "--ner", "stanza", "--ner-model", str(spacy_models / "ner")),
                    str(spacy_models / "ner"), "no Stanza NER here", "tribrata train", "--engine stanza", "--ner none")
    if not (Path(__file__).resolve().parents[1] / "models" / "stanza_ner").exists():  # none is shipped
        _one_error_line(invoke(*out, "--ner", "stanza"), "models/stanza_ner", "--engine stanza")
    _one_error_line(invoke(*out, "--stanza-dir", str(tmp_path)), "--stanza-dir goes with --ner stanza")
    _one_error_line(invoke(*out, "--ner-model", str(spacy_models / "ner")), "--ner-model goes with --ner")


def test_the_help_lists_the_model_flags() -> None:
    for command in ("extract", "evaluate", "show"):
        out = invoke(command, "--help").stdout
        for word in ("--ner [none|spacy|stanza]", "--ner-model DIR", "--textcat-model DIR|none", "--stanza-dir DIR",
                     "models/README.md", "pipeline.cfg"):
            assert word in out, (command, word)


def test_resume_compares_the_models(spacy_models, tmp_path) -> None:
    import os
    import subprocess
    import sys

    from extract.rundir import KILL_ENV

    out, flags = tmp_path / "killed", _model_flags(spacy_models)
    cmd = [sys.executable, "-m", "extract.cli", "extract", str(SEEDS), "-o", str(out), "--workers", "1",
           "--batch-size", "2", "-q", *flags]
    killed = subprocess.run(cmd, env={**os.environ, KILL_ENV: "batch-committed"}, capture_output=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert killed.returncode == -9 and not (out / "documents.jsonl").exists()
    for other in ([], ["--ner", "none", "--textcat-model", str(spacy_models / "textcat")],
                  ["--ner", "spacy", "--ner-model", str(spacy_models / "ner")]):
        result = invoke("extract", str(SEEDS), "-o", str(out), "--resume", "-q", "--batch-size", "2", *other)
        assert result.exit_code == 1 and "cannot resume" in result.stderr and "--batch-size" not in result.stderr
        assert "the trained models (--ner, --ner-model, --textcat-model, --stanza-dir) was {" in result.stderr
    result = invoke("extract", str(SEEDS), "-o", str(out), "--resume", "--batch-size", "2", "--workers", "2", *flags)
    assert result.exit_code == 0 and "done before the resume" in result.stderr, result.stderr
    invoke("extract", str(SEEDS), "-o", str(tmp_path / "whole"), "-q", "--workers", "1", *flags)
    assert (out / "documents.jsonl").read_bytes() == (tmp_path / "whole" / "documents.jsonl").read_bytes()


def test_resume_notices_a_setting_dropped_since_the_run_started(tmp_path) -> None:
    from extract.rundir import ResumeRefused, check_same_settings

    previous = {"inputs": ["a"], "batch_size": 2, "fingerprints": [1], "models": {"tribrata_textcat": {}}}
    with pytest.raises(ResumeRefused, match=r"the trained models .* was \{'tribrata_textcat': \{\}\}, now None"):
        check_same_settings(tmp_path, previous, {"inputs": ["a"], "batch_size": 2, "fingerprints": [1]})
    check_same_settings(tmp_path, previous, dict(previous))
