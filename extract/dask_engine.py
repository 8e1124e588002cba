"""The Dask engine of :mod:`extract.batch`: batches extracted on a Dask cluster.

Each worker gets the pipeline once: a :class:`PipelinePlugin` registered with the client
builds the extractor when the worker starts (or joins), so a task carries only its batch
and no worker builds the pipeline per task.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import Any

# Dask's own INFO lines (the scheduler's address, each worker's start and close) would
# stand between the progress bar and the summary: warnings only, unless the user sets it
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")

try:
    import dask
    from distributed import Client, LocalCluster
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise RuntimeError("--engine dask needs the dask extra: pip install 'tribrata-extract[dask]'") from exc

from . import batch


class PipelinePlugin(WorkerPlugin):
    """Builds the extractor once in each Dask worker process."""

    name = "tribrata-pipeline"

    def __init__(self, models: batch.Models | None) -> None:
        self.models = models

    def setup(self, worker: Any) -> None:
        batch.extractor(self.models)


def extract(todo: Iterator[batch.Batch], scheduler: str | None, workers: int, models: batch.Models | None,
            status: Callable[[str], None]) -> Iterator[tuple[int, batch.BatchRows]]:
    """The batches extracted on the cluster at ``scheduler`` (a LocalCluster of ``workers`` without it), in order.

    The run's own cluster forks its workers where the system can (as the local pool does),
    from this process with the pipeline built, so that they neither import the libraries
    nor build the pipeline again; elsewhere they are spawned, without torch unless Stanza
    runs (``extract.lean``), and build it from the plugin."""
    own_fork = scheduler is None and "fork" in multiprocessing.get_all_start_methods()
    if own_fork:
        status("loading the pipeline and region index ...")
        batch.extractor(models)
    status(f"connecting to the Dask scheduler {scheduler} ..." if scheduler
           else f"starting a Dask cluster of {workers} workers ...")
    stanza = models is not None and models.ner == "stanza"
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"} if own_fork else {}):
        cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                       dashboard_address=None,
                                                       preload=[] if stanza or own_fork else ["extract.lean"])
        client = Client(scheduler or cluster)
        try:
            status("loading the pipeline and region index on the Dask workers ...")
            client.register_plugin(PipelinePlugin(models))
            window = 2 * max(workers, len(client.scheduler_info().get("workers", ())))
            status("extracting")
            yield from batch.in_order(lambda b: client.submit(batch.extract_batch, b, models, pure=False),
                                      todo, window)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
