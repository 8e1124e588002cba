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

from conftest import ROOT, invoke, make_corpus, tables
from extract.rundir import KILL_ENV, LOCK_FILE, PHASES

BATCH = ["--batch-size", "4", "--quiet"]
#: Where each killed run stops: batch phases at the second batch, so that one is committed before.
KILLS = {phase: f"{phase}:2" if phase.startswith("batch") else phase for phase in PHASES if phase != "worker"}


def _fork_run(corpus: Path, out: Path, kill_at: str, workers: int = 1) -> int:
    """A child process running `tribrata extract` into ``out``, killed at ``kill_at``; its stderr
    goes to ``out.stderr``. Returns its PID."""
    pid = os.fork()
    if pid:
        return pid
    try:  # the child: never back into pytest
        os.environ[KILL_ENV] = kill_at
        result = invoke("extract", str(corpus), "-o", str(out), "--workers", str(workers), *BATCH)
        out.with_suffix(".stderr").write_text(result.stderr)
        os._exit(result.exit_code)
    finally:
        os._exit(99)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds) -> Path:
    return make_corpus(tmp_path_factory.mktemp("robust-corpus") / "corpus.jsonl", seeds, 11)  # 12 docs, 3 batches


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus) -> dict:
    out = tmp_path_factory.mktemp("robust-ref") / "out"
    assert invoke("extract", str(corpus), "-o", str(out), "--workers", "1", *BATCH).exit_code == 0
    return tables(out)


@pytest.fixture(scope="module")
def killed(tmp_path_factory, corpus, reference) -> dict[str, tuple[Path, int, int, str]]:
    """phase -> (output folder, exit status or -signal, PID, stderr) of a run killed there
    ('worker': with 2 workers; 'unfinished': killed after its second batch, to copy)."""
    root = tmp_path_factory.mktemp("killed")
    kills = {**KILLS, "worker": "worker:2", "unfinished": "batch-committed:2"}
    pids = {phase: _fork_run(corpus, root / phase, kill_at, 2 if phase == "worker" else 1)
            for phase, kill_at in kills.items()}
    done = {}
    for phase, pid in pids.items():
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        stderr = root / f"{phase}.stderr"
        done[phase] = (root / phase, code, pid, stderr.read_text() if stderr.exists() else "")
    return done


@pytest.mark.parametrize("phase", list(KILLS))
def test_killed_at_each_phase_then_resumed_gives_the_uninterrupted_output(killed, reference, corpus, phase):
    out, status, pid, _ = killed[phase]
    assert status == -signal.SIGKILL, f"the run was not killed at {phase}"
    assert (out / LOCK_FILE).read_text().strip() == str(pid)  # the dead run's lock is left behind
    published = phase in ("publishing", "published")
    assert (out / "documents.jsonl").exists() == published  # nothing looks complete before publishing
    result = invoke("extract", str(corpus), "-o", str(out), "--workers", "2", "--resume", *BATCH)
    assert result.exit_code == 0, result.stderr
    assert "12 documents" in result.stderr
    assert tables(out) == reference
    assert not list(out.glob("*.part")) and not (out / ".tribrata-run").exists()
    assert (out / LOCK_FILE).read_text().strip() == str(os.getpid())  # taken over


def test_a_worker_that_dies_ends_the_run_with_a_message_and_resume_finishes_it(killed, reference, corpus):
    out, status, _, stderr = killed["worker"]
    assert status == 1
    assert "a worker process died" in stderr and "run again with --resume" in stderr
    result = invoke("extract", str(corpus), "-o", str(out), "--workers", "2", "--resume", *BATCH)
    assert result.exit_code == 0, result.stderr
    assert tables(out) == reference


def test_a_second_run_on_a_folder_in_use_is_refused_with_the_pid(tmp_path, corpus):
    out = tmp_path / "busy"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from extract.rundir import FolderLock; "
         f"lock = FolderLock(Path({str(out)!r})); print('locked', flush=True); sys.stdin.read()"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        (out / "documents.jsonl").write_text("the other run's\n")
        before = sorted(p.name for p in out.iterdir())
        result = invoke("extract", str(corpus), "-o", str(out), "--workers", "1", *BATCH)
        assert result.exit_code == 3
        assert f"another tribrata run (PID {holder.pid}) is writing this folder" in result.stderr
        assert sorted(p.name for p in out.iterdir()) == before
        assert (out / "documents.jsonl").read_text() == "the other run's\n"
    finally:
        holder.communicate("", timeout=30)
    # the lock is free again; the folder holds a documents.jsonl, so it takes --overwrite
    assert invoke("extract", str(corpus), "-o", str(out), "--workers", "1", "--overwrite", *BATCH).exit_code == 0


@pytest.fixture
def unfinished(killed, tmp_path) -> Path:
    """A copy of the folder of a run killed after its second batch."""
    shutil.copytree(killed["unfinished"][0], tmp_path / "out")
    return tmp_path / "out"


def _resume(corpus: Path, out: Path, *extra: str):
    return invoke("extract", str(corpus), "-o", str(out), "--workers", "1", "--resume", *BATCH, *extra)


def test_resume_after_the_input_changed_is_refused(unfinished, corpus, tmp_path):
    changed = tmp_path / "corpus.jsonl"
    shutil.copy(corpus, changed)
    result = invoke("extract", str(changed), "-o", str(unfinished), "--workers", "1", "--resume", *BATCH)
    assert result.exit_code == 1 and "inputs was [" in result.stderr  # another path
    os.utime(corpus, ns=(os.stat(corpus).st_atime_ns, os.stat(corpus).st_mtime_ns + 10**9))
    try:
        result = _resume(corpus, unfinished)
    finally:
        os.utime(corpus, ns=(os.stat(corpus).st_atime_ns, os.stat(corpus).st_mtime_ns - 10**9))
    assert result.exit_code == 1
    assert f"{corpus} changed since" in result.stderr and "without --resume to start over" in result.stderr


def test_resume_with_another_batch_size_names_it(unfinished, corpus):
    result = invoke("extract", str(corpus), "-o", str(unfinished), "--workers", "1", "--resume",
                    "--batch-size", "5", "--quiet")
    assert result.exit_code == 1
    assert "--batch-size was 4, now 5" in result.stderr


@pytest.mark.parametrize("damage", ["manifest", "database", "jsonl"])
def test_resume_from_a_damaged_journal_is_refused(unfinished, corpus, damage, reference):
    target = {"manifest": unfinished / ".tribrata-run" / "manifest.json",
              "database": unfinished / "tribrata.db.part", "jsonl": unfinished / "documents.jsonl.part"}[damage]
    target.write_bytes(b"{not json" if damage != "jsonl" else b"")
    result = _resume(corpus, unfinished)
    assert result.exit_code == 1
    assert str(target) in result.stderr and "without --resume to start over" in result.stderr
    assert invoke("extract", str(corpus), "-o", str(unfinished), "--workers", "1", *BATCH).exit_code == 0
    assert tables(unfinished) == reference


def test_a_kill_phase_name_must_exist(monkeypatch):
    from extract.rundir import kill_point

    monkeypatch.setenv(KILL_ENV, "nowhere")
    with pytest.raises(ValueError, match="no such phase"):
        kill_point("started")
