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
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__, flags
from .ingest import count_documents, fingerprint, iter_documents
from .io import BatchRows, batch_rows
from .pipeline import Extractor
from .records import Extraction, SourceDocument
from .rundir import kill_point
from .writer import OutputWriter

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
        return f"{self.total} documents{resumed}: {self.ok} ok, {self.errors} errors; output in {self.outdir}{where}"


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
#: Documents extracted so far by this run's processes (a shared counter, for the progress bar).
_counter: Any = None


def extractor() -> Extractor:
    """The process's :class:`Extractor`, built on the first call (before forking, the workers inherit it)."""
    global _extractor
    if _extractor is None:
        _extractor = Extractor()
    return _extractor


def extractions(items: Iterable[Item]) -> Iterator[tuple[SourceDocument, Extraction]]:
    """Each document extracted, a renamed duplicate id flagged: the one extraction path of
    ``tribrata extract`` and ``tribrata evaluate``."""
    extract = extractor()
    for doc, duplicate_of in items:
        extraction = extract(doc)
        if duplicate_of is not None:
            extraction.record.flags.append(flags.duplicate_id(duplicate_of, doc.id))
        if _counter is not None:
            with _counter.get_lock():
                _counter.value += 1
        yield doc, extraction


def extract_batch(batch: Batch) -> tuple[int, BatchRows]:
    """Extract one batch into its output rows (in a worker process, a Dask worker, or here)."""
    kill_point("worker")
    index, items = batch
    return index, batch_rows([(extraction, doc.text) for doc, extraction in extractions(items)])


class WorkerDied(RuntimeError):
    """A worker process died (killed by the system, e.g. out of memory) while extracting a batch."""


def in_order(submit: Callable[[Batch], Any], todo: Iterator[Batch], window: int) -> Iterator[tuple[int, BatchRows]]:
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


def _init_worker(fd: int | None, counter: Any) -> None:
    """In a worker process: count into the run's counter; forked, let go of the parent's
    output-folder lock, so that only the run holds it."""
    global _counter
    _counter = counter
    if fd is not None:
        os.close(fd)


def _local(todo: Iterator[Batch], workers: int, lock_fd: int, counter: Any) -> Iterator[tuple[int, BatchRows]]:
    """The batches extracted here, or by ``workers`` processes when there is more than one batch."""
    global _counter
    first = list(itertools.islice(todo, 2))
    todo = itertools.chain(first, todo)
    if workers <= 1 or len(first) < 2:
        _counter = counter
        try:
            yield from map(extract_batch, todo)
        finally:
            _counter = None
        return
    fork = "fork" in mp.get_all_start_methods()
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork" if fork else "spawn"),
                               initializer=_init_worker, initargs=(lock_fd if fork else None, counter))
    try:
        yield from in_order(lambda batch: pool.submit(extract_batch, batch), todo, 2 * workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Progress:
    """A tqdm bar on a terminal; plain log lines every ``every`` seconds otherwise; nothing when quiet.

    It advances per document: the processes extracting count each document in
    :attr:`counter`, which a thread reads every ``tick`` seconds (a Dask cluster's workers
    do not share it: there it advances per committed batch). Before the first document it
    says what the run is doing (:meth:`status`)."""

    def __init__(self, total: int | None, initial: int, quiet: bool, every: float = 10.0, tick: float = 0.25) -> None:
        self.quiet, self.every = quiet, every
        self.done, self.errors = initial, 0
        self.start = self.last = time.monotonic()
        self.initial, self.total = initial, total
        self.counter = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn").Value("q", 0)
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, unit="doc", dynamic_ncols=True, file=sys.stderr)
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, args=(tick,), daemon=True)
        self._ticker.start()

    def status(self, what: str) -> None:
        """Say what the run is doing (``loading the region index ...``, then ``extracting``)."""
        if self.bar is not None:
            self.bar.set_description_str(what, refresh=True)
        elif not self.quiet:
            log.info(what)

    def _tick(self, every: float) -> None:
        while not self._stop.wait(every):
            self._show(max(self.done, self.initial + self.counter.value))

    def _show(self, done: int) -> None:
        if self.bar is not None:
            if done > self.bar.n:
                self.bar.update(done - self.bar.n)
            return
        now = time.monotonic()
        if not self.quiet and now - self.last >= self.every:
            self.last = now
            rate = (done - self.initial) / max(now - self.start, 1e-9)
            of = f"/{self.total}" if self.total is not None else ""
            eta = f", ETA {int((self.total - done) / rate)}s" if self.total is not None and rate else ""
            log.info("%d%s documents, %.1f docs/s%s, %d errors", done, of, rate, eta, self.errors)

    def update(self, n: int, errors: int) -> None:
        """``n`` more documents committed, ``errors`` of them error records."""
        self.done += n
        self.errors += errors
        if self.bar is not None and errors:
            self.bar.set_postfix(errors=self.errors)
        self._show(self.done)

    def close(self) -> None:
        self._stop.set()
        self._ticker.join()
        if self.bar is not None:
            self.bar.close()


def _results(engine: str, todo: Iterator[Batch], workers: int, scheduler: str | None, lock_fd: int,
             progress: Progress) -> Iterator[tuple[int, BatchRows]]:
    if engine == "dask":
        from . import dask_engine

        yield from dask_engine.extract(todo, scheduler, workers, progress.status)
        return
    progress.status("loading the pipeline and region index ...")
    extractor()  # here, so that forked workers inherit it
    progress.status("extracting")
    yield from _local(todo, workers, lock_fd, progress.counter)


def run(inputs: list[str], outdir: str | Path, workers: int | None = None, batch_size: int = DEFAULT_BATCH,
        engine: str = "local", scheduler: str | None = None, resume: bool = False,
        quiet: bool = False) -> Summary:
    """Extract every document of ``inputs`` into ``outdir``."""
    workers = workers or os.cpu_count() or 1
    settings = {"inputs": [i if i == "-" else str(Path(i).resolve()) for i in inputs],
                "batch_size": batch_size, "version": __version__, "fingerprints": [fingerprint(i) for i in inputs]}
    with OutputWriter(outdir, settings, resume=resume, keep_partitions=engine == "dask") as writer:
        todo: Iterator[Batch] = iter(())
        if writer.stage == "running":  # else every batch is committed already
            todo = itertools.islice(batches(unique_ids(iter_documents(inputs)), batch_size), writer.next_batch, None)
        progress = Progress(count_documents(inputs), writer.totals["docs"], quiet)
        resumed_from = writer.totals["docs"]
        try:
            for index, rows in _results(engine, todo, workers, scheduler, writer.lock.fd, progress):
                writer.write(index, rows)
                progress.update(rows.size, rows.size - rows.ok)
            progress.status("writing the output files ...")
        finally:
            progress.close()
        totals = dict(writer.totals)
    return Summary(total=totals["docs"], ok=totals["ok"], errors=totals["errors"], outdir=str(outdir),
                   resumed_from=resumed_from)
