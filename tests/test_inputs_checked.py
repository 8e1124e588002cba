"""Inputs are checked before any work starts, and an input that shrinks while it is read ends
the run with a warning and exit status 4 (not a quiet exit 0 with part of the corpus)."""

from __future__ import annotations

import bz2
import time

import pytest

from conftest import fork_run, invoke, make_corpus, wait_for


@pytest.fixture
def good(tmp_path, seeds):
    return make_corpus(tmp_path / "good.jsonl", seeds, 3)


@pytest.mark.parametrize("bad, message", [
    ("crawl.jsonl.bz2", "a compressed file ('.bz2'); decompress it first"),
    ("empty-folder", "folder has no .txt files"),
    ("notes.docx", "unknown input kind '.docx'"),
    ("missing.jsonl", "no such file or folder"),
])
def test_a_bad_input_after_good_ones_stops_the_run_before_any_work(tmp_path, good, bad, message):
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "empty-folder" / "readme.md").write_text("not a release")
    (tmp_path / "crawl.jsonl.bz2").write_bytes(bz2.compress(good.read_bytes()))  # .gz is read (extract/crawl.py)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    result = invoke("extract", str(good), str(tmp_path / bad), "-o", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 1
    assert f"{tmp_path / bad}: {message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_input_that_shrinks_during_the_run_ends_with_a_warning_and_status_4(tmp_path, seeds):
    corpus = make_corpus(tmp_path / "growing.jsonl", seeds, 59)  # 60 documents, read one batch at a time
    out = tmp_path / "out"
    pid = fork_run(corpus, out, None, 1, "--batch-size", "2", "--quiet")
    part = out / "documents.jsonl.part"
    deadline = time.monotonic() + 120
    while not (part.exists() and part.read_bytes().count(b"\n") >= 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    corpus.write_bytes(b"")  # the crawl that wrote it started over
    assert wait_for(pid) == 4
    stderr = out.with_suffix(".stderr").read_text()
    assert f"Warning: {corpus} had 60 documents when the run started but " in stderr
    assert "it changed during the run" in stderr
    assert (out / "documents.jsonl").exists()


def test_help_documents_the_new_exit_statuses():
    out = " ".join(invoke("extract", "--help").stdout.split())
    assert "4 the run finished, but an input had another number of documents" in out
    assert "130 interrupted (Ctrl-C)" in out
    assert "on a finished folder, says so and stops" in out
