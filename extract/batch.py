"""Streaming batch extraction: input read lazily, documents extracted in numbered batches,
output committed batch by batch, on one process, several, or a Dask cluster.

Every input document gives exactly one record: unreadable input gives an error record
with its reason, duplicate ids are kept, made unique and flagged. The output does not
depend on the engine or the number of workers: batches are numbered by input order and
written in that order.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing as mp
import os
import shlex
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, flags
from .ingest import count_documents, fingerprint, iter_documents
from .records import Extraction, SourceDocument
from .rundir import kill_point

if TYPE_CHECKING:  # the output modules (pyarrow) are imported where a run writes: `tribrata show` starts faster
    from .io import BatchRows
    from .pipeline import Extractor

DEFAULT_BATCH = 256
log = logging.getLogger("tribrata")

Item = tuple[SourceDocument, "str | None"]
Batch = tuple[int, list[Item]]


@dataclass(slots=True)
class Summary:
    """What a run did: how many documents, how many ok and how many errors."""

    total: int = 0
    ok: int = 0
    errors: int = 0
    outdir: str = ""
    resumed_from: int = 0

    def line(self) -> str:
        where = (f"; the errors are the records with \"status\": \"error\" in {self.outdir}/documents.jsonl"
                 if self.errors else "")
        resumed = f" ({self.resumed_from} done before the resume)" if self.resumed_from else ""
        return (f"{_count(self.total, 'document')}{resumed}: {self.ok} ok, {_count(self.errors, 'error')}; "
                f"output in {self.outdir}{where}")


def _count(n: int, noun: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def unique_ids(documents: Iterable[SourceDocument]) -> Iterator[Item]:
    """Documents with ids made unique (``a``, ``a~2``, ...), and the original id when it was a duplicate."""
    seen: dict[str, int] = {}
    for doc in documents:
        n = seen.get(doc.id, 0) + 1
        seen[doc.id] = n
        if n == 1:
            yield doc, None
            continue
        new_id = f"{doc.id}~{n}"
        while new_id in seen:
            n += 1
            new_id = f"{doc.id}~{n}"
        seen[new_id] = 1
        yield replace(doc, id=new_id), doc.id


def batches(items: Iterable[Item], size: int) -> Iterator[Batch]:
    """Numbered batches of ``size`` documents, in input order."""
    iterator = iter(items)
    for index in itertools.count():
        chunk = list(itertools.islice(iterator, size))
        if not chunk:
            return
        yield index, chunk


_extractor: Extractor | None = None


def extractions(items: Iterable[Item]) -> Iterator[tuple[SourceDocument, Extraction]]:
    """Each document extracted, a renamed duplicate id flagged: the one extraction path of
    ``tribrata extract`` and ``tribrata evaluate``."""
    global _extractor
    if _extractor is None:
        from .pipeline import Extractor

        _extractor = Extractor()
    for doc, duplicate_of in items:
        extraction = _extractor(doc)
        if duplicate_of is not None:
            extraction.record.flags.append(flags.duplicate_id(duplicate_of, doc.id))
        yield doc, extraction


def extract_batch(batch: Batch) -> tuple[int, BatchRows]:
    """Extract one batch into its output rows (in a worker process, a Dask worker, or here)."""
    from .io import batch_rows

    kill_point("worker")
    index, items = batch
    return index, batch_rows([(extraction, doc.text) for doc, extraction in extractions(items)])


class WorkerDied(RuntimeError):
    """A worker process died (killed by the system, e.g. out of memory) while extracting a batch."""


def _in_order(submit: Callable[[Batch], Any], todo: Iterator[Batch], window: int) -> Iterator[tuple[int, BatchRows]]:
    """The results of ``submit(batch)`` futures in batch order, at most ``window`` in flight: memory stays flat."""
    pending: deque[tuple[int, Any]] = deque()

    def first() -> tuple[int, BatchRows]:
        index, future = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise WorkerDied(f"a worker process died (killed by the system: out of memory?) before batch {index} "
                             "was extracted; the batches before it are committed: run again with --resume to go "
                             "on, with fewer --workers or a smaller --batch-size if memory is short") from exc

    for batch in todo:
        pending.append((batch[0], submit(batch)))
        if len(pending) >= window:
            yield first()
    while pending:
        yield first()


def _close_inherited(fd: int) -> None:
    """In a forked worker: let go of the parent's output-folder lock, so that only the run holds it."""
    os.close(fd)


def _local(todo: Iterator[Batch], workers: int, lock_fd: int) -> Iterator[tuple[int, BatchRows]]:
    if workers <= 1:
        yield from map(extract_batch, todo)
        return
    fork = "fork" in mp.get_all_start_methods()
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork" if fork else "spawn"),
                               initializer=_close_inherited if fork else None, initargs=(lock_fd,) if fork else ())
    try:
        yield from _in_order(lambda batch: pool.submit(extract_batch, batch), todo, 2 * workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask(todo: Iterator[Batch], scheduler: str | None, workers: int) -> Iterator[tuple[int, BatchRows]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("--engine dask needs the dask extra: pip install 'tribrata-extract[dask]'") from exc
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        yield from _in_order(lambda batch: client.submit(extract_batch, batch, pure=False), todo, 2 * workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class Progress:
    """A tqdm bar on a terminal; plain log lines every ``every`` seconds otherwise; nothing when quiet."""

    def __init__(self, total: int | None, initial: int, quiet: bool, every: float = 10.0) -> None:
        self.quiet, self.every = quiet, every
        self.done, self.errors = initial, 0
        self.start = self.last = time.monotonic()
        self.initial, self.total = initial, total
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, unit="doc", dynamic_ncols=True, file=sys.stderr)

    def update(self, n: int, errors: int) -> None:
        self.done += n
        self.errors += errors
        if self.bar is not None:
            self.bar.update(n)
            self.bar.set_postfix(errors=self.errors)
            return
        now = time.monotonic()
        if not self.quiet and now - self.last >= self.every:
            self.last = now
            rate = (self.done - self.initial) / max(now - self.start, 1e-9)
            of = f"/{self.total}" if self.total is not None else ""
            eta = f", ETA {int((self.total - self.done) / rate)}s" if self.total is not None and rate else ""
            log.info("%d%s documents, %.1f docs/s%s, %d errors", self.done, of, rate, eta, self.errors)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(inputs: list[str], outdir: str | Path, workers: int | None = None, batch_size: int = DEFAULT_BATCH,
        engine: str = "local", scheduler: str | None = None, resume: bool = False,
        quiet: bool = False, command: str | None = None, overwrite: bool = False) -> Summary:
    """Extract every document of ``inputs`` into ``outdir``; ``command`` is recorded as the
    command line that made it (default: this process's)."""
    from .provenance import now
    from .writer import OutputWriter

    workers = workers or os.cpu_count() or 1
    settings = {"inputs": [i if i == "-" else str(Path(i).resolve()) for i in inputs],
                "batch_size": batch_size, "version": __version__, "fingerprints": [fingerprint(i) for i in inputs]}
    run_info = {"command": shlex.join(["tribrata", *sys.argv[1:]]) if command is None else command,
                "started": now()}
    with OutputWriter(outdir, settings, resume=resume, keep_partitions=engine == "dask", run_info=run_info,
                      overwrite=overwrite) as writer:
        todo: Iterator[Batch] = iter(())
        if writer.stage == "running":  # else every batch is committed already
            todo = itertools.islice(batches(unique_ids(iter_documents(inputs)), batch_size), writer.next_batch, None)
        results = (_dask(todo, scheduler, workers) if engine == "dask"
                   else _local(todo, workers, writer.lock.fd))
        progress = Progress(count_documents(inputs), writer.totals["docs"], quiet)
        resumed_from = writer.totals["docs"]
        try:
            for index, rows in results:
                writer.write(index, rows)
                progress.update(rows.size, rows.size - rows.ok)
        finally:
            progress.close()
        totals = dict(writer.totals)
    return Summary(total=totals["docs"], ok=totals["ok"], errors=totals["errors"], outdir=str(outdir),
                   resumed_from=resumed_from)
