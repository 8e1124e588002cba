"""A run killed at any step, a worker that dies, two runs on one folder, a resume that must
not go on: each ends in the output of an uninterrupted run, or in a clear refusal.

The runs to be killed are real processes, forked from this one once the extractor is
built (so they start at once, and together); each SIGKILLs itself at a named phase of the
commit protocol (TRIBRATA_TEST_KILL_AT, see extract/rundir.py). Resumes and refusals run
in this process with click's CliRunner.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, fork_run, invoke, make_corpus, tables, wait_for
from extract.rundir import KILL_ENV, LOCK_FILE, PHASES

BATCH = ["--batch-size", "4", "--quiet"]
#: Where each killed run stops: batch phases at the second batch, so that one is committed before.
KILLS = {phase: f"{phase}:2" if phase.startswith("batch") else phase for phase in PHASES if phase != "worker"}


@pytest.fixture(scope="module")
def killed(tmp_path_factory, small_corpus, small_reference) -> dict[str, tuple[Path, int, int, str]]:
    """phase -> (output folder, exit status or -signal, PID, stderr) of a run killed there
    ('worker': with 2 workers; 'unfinished': killed after its second batch, to copy)."""
    root = tmp_path_factory.mktemp("killed")
    kills = {**KILLS, "worker": "worker:2", "unfinished": "batch-committed:2"}
    pids = {phase: fork_run(small_corpus, root / phase, kill_at, 2 if phase == "worker" else 1, *BATCH)
            for phase, kill_at in kills.items()}
    done = {}
    for phase, pid in pids.items():
        code = wait_for(pid)
        stderr = root / f"{phase}.stderr"
        done[phase] = (root / phase, code, pid, stderr.read_text() if stderr.exists() else "")
    return done


@pytest.mark.parametrize("phase", list(KILLS))
def test_killed_at_each_phase_then_resumed_gives_the_uninterrupted_output(killed, small_reference, small_corpus,
                                                                         phase):
    out, status, pid, _ = killed[phase]
    assert status == -signal.SIGKILL, f"the run was not killed at {phase}"
    assert (out / LOCK_FILE).read_text().strip() == str(pid)  # the dead run's lock is left behind
    published = phase in ("publishing", "published")
    assert (out / "documents.jsonl").exists() == published  # nothing looks complete before publishing
    result = invoke("extract", str(small_corpus), "-o", str(out), "--workers", "2", "--resume", *BATCH)
    assert result.exit_code == 0, result.stderr
    assert "12 documents" in result.stderr
    assert tables(out) == small_reference
    assert not list(out.glob("*.part")) and not (out / ".tribrata-run").exists()
    assert (out / LOCK_FILE).read_text().strip() == str(os.getpid())  # taken over


def test_a_worker_that_dies_ends_the_run_with_a_message_and_resume_finishes_it(killed, small_reference, small_corpus):
    out, status, _, stderr = killed["worker"]
    assert status == 1
    assert "a worker process died" in stderr and "run again with --resume" in stderr
    result = invoke("extract", str(small_corpus), "-o", str(out), "--workers", "2", "--resume", *BATCH)
    assert result.exit_code == 0, result.stderr
    assert tables(out) == small_reference


def test_a_second_run_on_a_folder_in_use_is_refused_with_the_pid(tmp_path, small_corpus):
    out = tmp_path / "busy"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from extract.rundir import FolderLock; "
         f"lock = FolderLock(Path({str(out)!r})); print('locked', flush=True); sys.stdin.read()"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        (out / "documents.jsonl").write_text("the other run's\n")
        before = sorted(p.name for p in out.iterdir())
        result = invoke("extract", str(small_corpus), "-o", str(out), "--workers", "1", *BATCH)
        assert result.exit_code == 3
        assert f"another tribrata run (PID {holder.pid}) is writing this folder" in result.stderr
        assert sorted(p.name for p in out.iterdir()) == before
        assert (out / "documents.jsonl").read_text() == "the other run's\n"
    finally:
        holder.communicate("", timeout=30)
    assert invoke("extract", str(small_corpus), "-o", str(out), "--workers", "1", *BATCH).exit_code == 0


@pytest.fixture
def unfinished(killed, tmp_path) -> Path:
    """A copy of the folder of a run killed after its second batch."""
    shutil.copytree(killed["unfinished"][0], tmp_path / "out")
    return tmp_path / "out"


def _resume(corpus: Path, out: Path, *extra: str):
    return invoke("extract", str(corpus), "-o", str(out), "--workers", "1", "--resume", *BATCH, *extra)


def test_resume_with_an_input_at_another_path_is_refused(unfinished, small_corpus, tmp_path):
    changed = tmp_path / "corpus.jsonl"
    shutil.copy(small_corpus, changed)
    result = invoke("extract", str(changed), "-o", str(unfinished), "--workers", "1", "--resume", *BATCH)
    assert result.exit_code == 1 and "inputs was [" in result.stderr  # another path


def test_resume_with_another_batch_size_names_it(unfinished, small_corpus):
    result = invoke("extract", str(small_corpus), "-o", str(unfinished), "--workers", "1", "--resume",
                    "--batch-size", "5", "--quiet")
    assert result.exit_code == 1
    assert "--batch-size was 4, now 5" in result.stderr


@pytest.mark.parametrize("damage", ["manifest", "database", "jsonl"])
def test_resume_from_a_damaged_journal_is_refused(unfinished, small_corpus, damage, small_reference):
    target = {"manifest": unfinished / ".tribrata-run" / "manifest.json",
              "database": unfinished / "tribrata.db.part", "jsonl": unfinished / "documents.jsonl.part"}[damage]
    target.write_bytes(b"{not json" if damage != "jsonl" else b"")
    result = _resume(small_corpus, unfinished)
    assert result.exit_code == 1
    assert str(target) in result.stderr and "without --resume to start over" in result.stderr
    assert invoke("extract", str(small_corpus), "-o", str(unfinished), "--workers", "1", *BATCH).exit_code == 0
    assert tables(unfinished) == small_reference


def test_a_kill_phase_name_must_exist(monkeypatch):
    from extract.rundir import kill_point

    monkeypatch.setenv(KILL_ENV, "nowhere")
    with pytest.raises(ValueError, match="no such phase"):
        kill_point("started")


def test_two_real_runs_on_one_folder_one_refuses_at_once_naming_the_other(tmp_path, seeds):
    corpus = make_corpus(tmp_path / "corpus.jsonl", seeds, 39)
    out = tmp_path / "out"
    pids = [fork_run(corpus, out, None, 1, "--batch-size", "4", "--quiet", log=tmp_path / f"{n}.stderr")
            for n in range(2)]
    statuses = [wait_for(pid) for pid in pids]
    assert sorted(statuses) == [0, 3]
    winner, loser = (0, 1) if statuses[0] == 0 else (1, 0)
    assert "40 documents: 40 ok" in (tmp_path / f"{winner}.stderr").read_text()
    winner = pids[winner]
    assert f"another tribrata run (PID {winner}) is writing this folder" in (tmp_path / f"{loser}.stderr").read_text()
    assert (out / LOCK_FILE).read_text().strip() == str(winner)
    assert len((out / "documents.jsonl").read_text().splitlines()) == 40
