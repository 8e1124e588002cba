"""A full disk, Ctrl-C and a damaged database end in one clear line saying what to do, never a
traceback; after a full disk `--resume` on a bigger one completes to the same bytes.

The full disk is real: a tiny tmpfs mounted for the test (it needs root, as in the CI
container; elsewhere the test is skipped). Ctrl-C is a real SIGINT to the process group of
a real run with two worker processes, as a terminal sends it.
"""

from __future__ import annotations

import gc
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SMALL_RUN, invoke, make_corpus, tables

@pytest.fixture
def small_disk(tmp_path):
    """A mount point for a tmpfs, unmounted after the test."""
    mount = tmp_path / "disk"
    mount.mkdir()

    def mount_at(size: str, remount: bool = False) -> Path:
        options = f"remount,size={size}" if remount else f"size={size}"
        if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        return mount

    yield mount_at
    gc.collect()  # any file still open on it
    if os.path.ismount(mount):
        subprocess.run(["umount", "--lazy", str(mount)], check=True)


#: Sizes at which the output of the 12 documents no longer fits: while making the database's
#: schema, while writing the first batch, after the first batch, and while closing (merging
#: the Parquet parts, the index).
@pytest.mark.parametrize("size", ["60k", "90k", "120k", "300k", "560k"])
def test_a_full_disk_says_so_and_resume_on_a_bigger_one_gives_the_same_bytes(small_disk, small_corpus, small_reference,
                                                                            size):
    out = small_disk(size) / "out"
    result = invoke("extract", str(small_corpus), "-o", str(out), *SMALL_RUN)
    assert result.exit_code == 1
    assert result.stderr == f"Error: no space left on {out}; free space and run again with --resume\n"
    small_disk("8m", remount=True)
    result = invoke("extract", str(small_corpus), "-o", str(out), "--resume", *SMALL_RUN)
    assert result.exit_code == 0, result.stderr
    assert tables(out) == small_reference


def test_report_on_a_damaged_database_says_so(tmp_path):
    (tmp_path / "tribrata.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    result = invoke("report", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path / 'tribrata.db'}: not a readable tribrata database (" in result.stderr
    assert "run `tribrata extract` into" in result.stderr
    with pytest.raises(sqlite3.DatabaseError):  # it is damaged indeed
        sqlite3.connect(tmp_path / "tribrata.db").execute("SELECT * FROM documents").fetchall()


def test_ctrl_c_says_how_to_resume_in_one_line_without_a_traceback_from_any_worker(tmp_path, seeds):
    corpus = make_corpus(tmp_path / "corpus.jsonl", seeds, 59)
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "extract.cli", "extract", str(corpus), "-o", str(out),
                            "--workers", "2", "--batch-size", "2", "--quiet"],
                           cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    part = out / "documents.jsonl.part"
    deadline = time.monotonic() + 120
    while not (part.exists() and part.read_bytes().count(b"\n") > 2) and time.monotonic() < deadline:  # batch 0 in
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C on a terminal does: the run and its workers
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 130
    assert stderr == (f"Interrupted: the batches committed in {out} are kept; run the same command with --resume "
                      "to go on\n")
    result = invoke("extract", str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "2", "--quiet",
                    "--resume")
    assert result.exit_code == 0, result.stderr
    assert "60 documents (" in result.stderr
