"""Shared fixtures: the bundled seed corpus and the shared development corpus (read in place)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest
import spacy
from click.testing import CliRunner, Result
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSONL file: lines end at "\n" only (a record may hold U+0085 or U+2028)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def run_cli(*args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run the `tribrata` command in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "extract.cli", *args], input=input, capture_output=True,
                          text=True, check=check, cwd=ROOT)


def invoke(*args: str, input: str | None = None) -> Result:
    """Run the `tribrata` command in this process with click's CliRunner, where a real process is not the point."""
    from extract.cli import main

    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def fork_run(corpus: Path, out: Path, kill_at: str | None, workers: int, *options: str,
             log: Path | None = None) -> int:
    """A child process forked from this one running `tribrata extract CORPUS -o OUT`, SIGKILLed by
    itself at ``kill_at`` if given (TRIBRATA_TEST_KILL_AT, extract/rundir.py); its stderr goes to
    ``log`` (default ``OUT.stderr``). Returns its PID."""
    from extract.rundir import KILL_ENV

    pid = os.fork()
    if pid:
        return pid
    try:  # the child: never back into pytest
        if kill_at:
            os.environ[KILL_ENV] = kill_at
        result = invoke("extract", str(corpus), "-o", str(out), "--workers", str(workers), *options)
        (log or out.with_suffix(".stderr")).write_text(result.stderr)
        os._exit(result.exit_code)
    finally:
        os._exit(99)


def wait_for(pid: int) -> int:
    """The exit status of child ``pid``, or minus the signal that ended it."""
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def make_corpus(path: Path, seeds: list[dict], copies: int) -> Path:
    """A corpus of seed texts with varied ids (and a duplicate id, kept and flagged)."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(copies):
            seed = seeds[i % len(seeds)]
            f.write(json.dumps({"id": f"{seed['id']}-{i:05d}", "text": seed["text"]}) + "\n")
        f.write(json.dumps({"id": f"{seeds[0]['id']}-00000", "text": seeds[0]["text"]}) + "\n")
    return path


def tables(outdir: Path) -> dict[str, object]:
    db = sqlite3.connect(outdir / "tribrata.db")
    try:
        rows = [db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
                for t in ("documents", "events", "mentions", "units", "stories")]
    finally:
        db.close()
    return {
        "documents.jsonl": (outdir / "documents.jsonl").read_bytes(),
        "events.csv": (outdir / "events.csv").read_bytes(),
        "events": pd.read_parquet(outdir / "events.parquet").to_json(),
        "mentions": pd.read_parquet(outdir / "mentions.parquet").to_json(),
        "db": rows,
        "parquet bytes": [(outdir / f"{t}.parquet").read_bytes() for t in ("events", "mentions", "units", "stories")],
    }


@pytest.fixture(scope="session")
def seeds() -> list[dict]:
    return read_jsonl(CORPUS / "seeds.jsonl")


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, seeds: list[dict]) -> Path:
    """12 documents, 3 batches of SMALL_RUN's batch size: for runs killed, interrupted or out of space."""
    return make_corpus(tmp_path_factory.mktemp("small-corpus") / "corpus.jsonl", seeds, 11)


#: The options of the runs of ``small_corpus``.
SMALL_RUN = ("--workers", "1", "--batch-size", "4", "--quiet")


@pytest.fixture(scope="session")
def small_reference(tmp_path_factory: pytest.TempPathFactory, small_corpus: Path) -> dict[str, object]:
    """The tables of an uninterrupted run of ``small_corpus``."""
    out = tmp_path_factory.mktemp("small-reference") / "out"
    assert invoke("extract", str(small_corpus), "-o", str(out), *SMALL_RUN).exit_code == 0
    return tables(out)


@pytest.fixture(scope="session")
def seeds_gold() -> dict[str, dict]:
    return {g["id"]: g for g in read_jsonl(CORPUS / "seeds_gold.jsonl")}


@pytest.fixture(scope="session")
def seeds_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds extracted once by the real command line."""
    out = tmp_path_factory.mktemp("seeds-out")
    run_cli("extract", str(CORPUS / "seeds.jsonl"), "-o", str(out), "--workers", "1")
    return out


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED / "dev.jsonl").exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    return SHARED


@lru_cache(maxsize=None)
def pipeline_of(*components: str) -> Language:
    """A blank Indonesian pipeline with only ``tribrata_clean`` and ``components``: how a
    recogniser is tested alone (plus the components it reads)."""
    import extract.recognizers  # noqa: F401  (registers the factories)

    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": "tribrata.tokenizer.v1"}}})
    for name in ("tribrata_clean", *components):
        nlp.add_pipe(name)
    extract.recognizers.check_order(nlp)
    return nlp


def spans_found(nlp: Language, text: str, label: str | None = None) -> list[tuple[str, str, int, int, dict]]:
    """(label, text, start, end, parsed parts) of every mention ``nlp`` finds in ``text``."""
    from extract.spans import mentions, span_attrs

    doc = nlp(text)
    return [(s.label_, text[s.start_char:s.end_char], s.start_char, s.end_char, span_attrs(s))
            for s in mentions(doc) if label is None or s.label_ == label]
