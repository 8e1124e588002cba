"""A real Dask cluster: a `dask scheduler` and two `dask worker` processes on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import invoke, make_corpus, tables

pytest.importorskip("distributed")
DASK = str(Path(sys.executable).with_name("dask"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                   "--no-dashboard"], **quiet)]
    try:
        processes += [subprocess.Popen([DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                        "--no-dashboard", "--no-nanny"], **quiet) for _ in range(2)]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        _stop(processes)


def test_a_dask_cluster_gives_the_bytes_of_a_local_run(tmp_path, seeds, scheduler):
    corpus = make_corpus(tmp_path / "corpus.jsonl", seeds, 30)
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert invoke("extract", str(corpus), "-o", str(local), "--workers", "1", "--batch-size", "8",
                  "--quiet").exit_code == 0
    result = invoke("extract", str(corpus), "-o", str(dask), "--engine", "dask", "--scheduler", scheduler,
                    "--batch-size", "8", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert (dask / "documents.jsonl").read_bytes() == (local / "documents.jsonl").read_bytes()
    assert tables(dask) == tables(local)


def test_each_dask_worker_builds_the_pipeline_once(scheduler):
    from distributed import Client

    from extract.dask_engine import PipelinePlugin

    with Client(scheduler, timeout=60) as client:
        client.register_plugin(PipelinePlugin(None))
        built = client.run(lambda: __import__("extract.batch").batch._extractor is not None)
    assert len(built) == 2 and all(built.values())
