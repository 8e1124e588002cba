"""Every phase is resumable with `--engine dask` too: a run killed at each named phase
(TRIBRATA_TEST_KILL_AT) and resumed gives the bytes of an uninterrupted Dask run, the
partitioned Parquet copies included.

Before issue 21 a Dask run killed while closing resumed to exit 0 with an empty
events.parquet and its partitions deleted. The runs share one real Dask cluster (a
scheduler and a worker process started for this module), so that a killed run leaves no
cluster of its own behind.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, fork_run, invoke, make_corpus, tables, wait_for
from test_robustness import BATCH, KILLS

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    cluster = subprocess.Popen(
        [sys.executable, "-c", "import sys; from distributed import LocalCluster; "
         "c = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None); "
         "print(c.scheduler_address, flush=True); sys.stdin.read(); c.close()"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        yield cluster.stdout.readline().strip()
    finally:
        cluster.communicate("", timeout=60)


def _dask(scheduler: str) -> tuple[str, ...]:
    return ("--engine", "dask", "--scheduler", scheduler, *BATCH)


def _partitions(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted((out / "partitions").rglob("*.parquet"))}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, seeds, scheduler) -> tuple[Path, dict, dict[str, tuple[Path, int]]]:
    """The corpus, the uninterrupted Dask run's output, and phase -> (folder, status) of a run killed there."""
    root = tmp_path_factory.mktemp("dask-killed")
    corpus = make_corpus(root / "corpus.jsonl", seeds, 11)
    pids = {phase: fork_run(corpus, root / phase, kill_at, 1, *_dask(scheduler)) for phase, kill_at in KILLS.items()}
    killed = {phase: (root / phase, wait_for(pid)) for phase, pid in pids.items()}
    assert invoke("extract", str(corpus), "-o", str(root / "reference"), *_dask(scheduler)).exit_code == 0
    return corpus, {**tables(root / "reference"), "partitions": _partitions(root / "reference")}, killed


@pytest.mark.parametrize("phase", list(KILLS))
def test_a_dask_run_killed_at_each_phase_resumes_to_the_same_bytes(runs, scheduler, phase):
    corpus, reference, killed = runs
    out, status = killed[phase]
    assert status == -signal.SIGKILL, f"the run was not killed at {phase}"
    result = invoke("extract", str(corpus), "-o", str(out), "--resume", *_dask(scheduler))
    assert result.exit_code == 0, result.stderr
    assert "12 documents" in result.stderr
    assert {**tables(out), "partitions": _partitions(out)} == reference
    assert len(reference["partitions"]) == 6  # 3 batches of events and of mentions
    assert not list(out.glob("*.part")) and not (out / ".tribrata-run").exists()
