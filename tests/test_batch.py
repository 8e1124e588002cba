"""Batch runs: the same bytes whatever the workers or engine, resumable after SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, invoke, make_corpus, read_jsonl, tables


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", seeds, 60)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus) -> Path:
    out = tmp_path_factory.mktemp("ref")
    assert invoke("extract", str(corpus), "-o", str(out), "--workers", "1", "--batch-size", "7", "--quiet").exit_code == 0
    return out


def test_every_document_has_one_record_and_duplicates_are_flagged(reference, corpus):
    docs = read_jsonl(reference / "documents.jsonl")
    assert len(docs) == len(corpus.read_text().splitlines())
    assert len({d["id"] for d in docs}) == len(docs)
    last = docs[-1]
    assert last["id"] == "seed-000-00000~2"
    assert "duplicate_id" in [f["code"] for f in last["flags"]]
    assert not (reference / ".tribrata-run").exists()


def test_every_output_holds_the_same_rows(reference):
    """documents.jsonl, events.csv, the Parquet files and SQLite are all built from one set of rows."""
    db = sqlite3.connect(reference / "tribrata.db")
    docs = read_jsonl(reference / "documents.jsonl")
    assert [r[0] for r in db.execute("SELECT id FROM documents ORDER BY rowid")] == [d["id"] for d in docs]
    assert [json.loads(r[0]) for r in db.execute("SELECT officers FROM documents ORDER BY rowid")] == \
        [d["officers"] for d in docs]
    events = pd.read_parquet(reference / "events.parquet")
    csv_events = pd.read_csv(reference / "events.csv", dtype=str, keep_default_na=False)
    assert list(csv_events.columns) == list(events.columns)
    assert csv_events["event_id"].tolist() == events["event_id"].tolist()
    assert csv_events["units"].map(json.loads).tolist() == events["units"].map(list).tolist()
    sql_events = db.execute("SELECT event_id, lead_unit, personnel_count FROM events ORDER BY rowid").fetchall()
    assert sql_events == [(e, u, None if pd.isna(n) else int(n))
                          for e, u, n in zip(events["event_id"], events["lead_unit"], events["personnel_count"])]
    mentions = pd.read_parquet(reference / "mentions.parquet")
    assert db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == len(mentions) > len(docs)


def test_two_workers_give_the_same_bytes(tmp_path, corpus, reference):
    out = tmp_path / "two"
    assert invoke("extract", str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "7", "--quiet").exit_code == 0
    assert tables(out) == tables(reference)


def test_batch_size_does_not_change_the_output(tmp_path, corpus, reference):
    out = tmp_path / "big-batches"
    assert invoke("extract", str(corpus), "-o", str(out), "--workers", "1", "--batch-size", "50", "--quiet").exit_code == 0
    same, expected = tables(out), tables(reference)
    assert same.pop("parquet bytes") != expected.pop("parquet bytes")  # one row group per batch
    assert same == expected


def test_dask_local_cluster_gives_the_same_output(tmp_path, corpus, reference):
    pytest.importorskip("distributed")
    out = tmp_path / "dask"
    result = invoke("extract", str(corpus), "-o", str(out), "--engine", "dask", "--workers", "2",
                    "--batch-size", "7", "--quiet")
    assert "61 documents: 61 ok" in result.stderr
    assert tables(out) == tables(reference)
    parts = sorted((out / "partitions" / "events").glob("part-*.parquet"))
    assert len(parts) == 9
    assert pd.concat(pd.read_parquet(p) for p in parts).reset_index(drop=True).to_json() == tables(reference)["events"]


def _committed_batches(outdir: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{outdir / 'tribrata.db.part'}?mode=ro", uri=True, timeout=0.1)
        return db.execute("SELECT COUNT(*) FROM _batches").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_then_resume_gives_the_uninterrupted_output(tmp_path, corpus, reference):
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "extract.cli", "extract", str(corpus), "-o", str(out), "--workers", "1",
           "--batch-size", "7", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _committed_batches(out) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "documents.jsonl").exists()  # nothing looks complete
    done = _committed_batches(out)
    assert 3 <= done < 9
    result = invoke("extract", str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "7", "--resume")
    assert f"({done * 7} done before the resume)" in result.stderr
    assert tables(out) == tables(reference)


def test_resume_with_other_settings_is_refused(tmp_path, corpus):
    out = tmp_path / "mismatch"
    (out / ".tribrata-run").mkdir(parents=True)
    (out / ".tribrata-run" / "manifest.json").write_text('{"inputs": ["other"]}')
    (out / "tribrata.db.part").write_bytes(b"")
    result = invoke("extract", str(corpus), "-o", str(out), "--resume")
    assert result.exit_code == 1
    assert "cannot resume the unfinished run there: inputs was ['other'], now [" in result.stderr
    assert "--batch-size was None, now 256" in result.stderr and "without --resume" in result.stderr


def test_progress_lines_when_not_a_terminal(tmp_path, corpus, monkeypatch):
    from extract import batch

    lines = []
    monkeypatch.setattr(batch.log, "info", lambda msg, *args: lines.append(msg % args))
    progress = batch.Progress(total=61, initial=0, quiet=False, every=0.0)
    progress.update(7, 1)
    progress.close()
    assert lines and lines[0].startswith("7/61 documents") and "docs/s" in lines[0] and "1 errors" in lines[0]
