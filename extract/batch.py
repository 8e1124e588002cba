"""Streaming batch extraction: input read lazily, documents extracted in numbered batches,
output committed batch by batch, on one process, several, or a Dask cluster.

Every input document gives exactly one record: unreadable input gives an error record
with its reason, duplicate ids are kept, made unique and flagged. The output does not
depend on the engine or the number of workers: batches are numbered by input order and
written in that order.
"""

from __future__ import annotations

import errno
import itertools
import logging
import multiprocessing as mp
import os
import shlex
import signal
import sqlite3
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, flags
from .ingest import count_documents, fingerprint, iter_path
from .records import Extraction, SourceDocument
from .rundir import kill_point

if TYPE_CHECKING:  # the output modules (pyarrow) are imported where a run writes: `tribrata show` starts faster
    from .io import BatchRows
    from .nlp import Models
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
    #: Inputs that changed while they were read: (name, documents counted at the start, documents read).
    changed: list[tuple[str, int, int]] = field(default_factory=list)

    def line(self) -> str:
        where = (f"; the errors are the records with \"status\": \"error\" in {self.outdir}/documents.jsonl"
                 if self.errors else "")
        resumed = f" ({self.resumed_from} done before the resume)" if self.resumed_from else ""
        warning = "".join(f"\nWarning: {name} had {counted} documents when the run started but {read} were read: "
                          "it changed during the run, so the output may not match it; run again when it is "
                          "complete" for name, counted, read in self.changed)
        return (f"{_count(self.total, 'document')}{resumed}: {self.ok} ok, {_count(self.errors, 'error')}; "
                f"output in {self.outdir}{where}{warning}")


def _count(n: int, noun: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _read_counting(inputs: list[str], read: Counter[str]) -> Iterator[SourceDocument]:
    """Every document of the inputs, counted per input in ``read``."""
    for name in inputs:
        for doc in iter_path(name):
            read[name] += 1
            yield doc


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
_models: Models | None = None
#: Documents extracted so far by this run's processes (a shared counter, for the progress bar).
_counter: Any = None


def extractor(models: Models | None = None) -> Extractor:
    """The process's :class:`Extractor` with ``models``, built on the first call (before
    forking, so that the workers inherit it)."""
    global _extractor, _models
    if _extractor is None or models != _models:
        from .pipeline import Extractor

        _extractor, _models = Extractor(models), models
    return _extractor


def extractions(items: Iterable[Item], models: Models | None = None) -> Iterator[tuple[SourceDocument, Extraction]]:
    """Each document extracted (with the trained ``models``, none by default), a renamed
    duplicate id flagged: the one extraction path of ``tribrata extract`` and ``tribrata evaluate``."""
    extract = extractor(models)
    for doc, duplicate_of in items:
        extraction = extract(doc)
        if duplicate_of is not None:
            extraction.record.flags.append(flags.duplicate_id(duplicate_of, doc.id))
        if _counter is not None:
            with _counter.get_lock():
                _counter.value += 1
        yield doc, extraction


def extract_batch(batch: Batch, models: Models | None = None) -> tuple[int, BatchRows]:
    """Extract one batch into its output rows (in a worker process, a Dask worker, or here)."""
    from .io import batch_rows

    kill_point("worker")
    index, items = batch
    return index, batch_rows([(extraction, doc.text) for doc, extraction in extractions(items, models)])


class WorkerDied(RuntimeError):
    """A worker process died (killed by the system, e.g. out of memory) while extracting a batch."""


class DiskFull(RuntimeError):
    """The output folder's disk (or the file size limit) is full; committed batches are kept."""


@contextmanager
def _disk_full_said(outdir: str | Path) -> Iterator[None]:
    """A full disk (OSError ENOSPC, EDQUOT or EFBIG, SQLite's SQLITE_FULL, Arrow's message of it)
    as :class:`DiskFull` with what to do."""
    try:
        yield
    except (OSError, sqlite3.Error) as exc:
        if (getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
                or getattr(exc, "sqlite_errorname", None) == "SQLITE_FULL" or "No space left on device" in str(exc)):
            raise DiskFull(f"no space left on {outdir}; free space and run again with --resume") from exc
        raise


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


def _worker_start(fd: int | None, counter: Any) -> None:
    """In a worker process: Ctrl-C is the run's to handle (the worker finishes its batch and is
    stopped, without a traceback of its own); documents are counted into the run's counter; a
    forked worker lets go of the parent's output-folder lock, so that only the run holds it."""
    global _counter
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _counter = counter
    if fd is not None:
        os.close(fd)


def _local(todo: Iterator[Batch], workers: int, lock_fd: int, models: Models | None,
           counter: Any) -> Iterator[tuple[int, BatchRows]]:
    """The batches extracted here, or by ``workers`` processes when there is more than one batch."""
    global _counter
    work = partial(extract_batch, models=models)
    first = list(itertools.islice(todo, 2))
    todo = itertools.chain(first, todo)
    if workers <= 1 or len(first) < 2:
        _counter = counter
        try:
            yield from map(work, todo)
        finally:
            _counter = None
        return
    fork = "fork" in mp.get_all_start_methods()
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork" if fork else "spawn"),
                               initializer=_worker_start, initargs=(lock_fd if fork else None, counter))
    try:
        yield from in_order(lambda batch: pool.submit(work, batch), todo, 2 * workers)
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
             models: Models | None, progress: Progress) -> Iterator[tuple[int, BatchRows]]:
    if engine == "dask":
        from . import dask_engine

        yield from dask_engine.extract(todo, scheduler, workers, models, progress.status)
        return
    progress.status("loading the pipeline and region index ...")
    extractor(models)  # here, so that forked workers inherit it
    progress.status("extracting")
    yield from _local(todo, workers, lock_fd, models, progress.counter)


def run(inputs: list[str], outdir: str | Path, workers: int | None = None, batch_size: int = DEFAULT_BATCH,
        engine: str = "local", scheduler: str | None = None, resume: bool = False,
        quiet: bool = False, models: Models | None = None, command: str | None = None,
        overwrite: bool = False) -> Summary:
    """Extract every document of ``inputs`` into ``outdir`` (with the trained ``models``, if any);
    ``command`` is recorded as the command line that made it (default: this process's)."""
    from .nlp import Models
    from .provenance import now
    from .writer import OutputWriter

    workers = workers or os.cpu_count() or 1
    settings = lambda: {"inputs": [i if i == "-" else str(Path(i).resolve()) for i in inputs],  # noqa: E731
                        "batch_size": batch_size, "version": __version__,
                        "fingerprints": [fingerprint(i) for i in inputs],
                        **({"models": trained} if (trained := (models or Models()).describe()) else {})}
    run_info = {"command": shlex.join(["tribrata", *sys.argv[1:]]) if command is None else command,
                "started": now()}
    read: Counter[str] = Counter()
    with _disk_full_said(outdir), OutputWriter(outdir, settings, resume=resume, keep_partitions=engine == "dask",
                                               run_info=run_info, overwrite=overwrite) as writer:
        counted = {name: count_documents(name) for name in inputs}
        reading = writer.stage == "running"  # else every batch is committed already
        todo: Iterator[Batch] = iter(())
        if reading:
            todo = itertools.islice(batches(unique_ids(_read_counting(inputs, read)), batch_size),
                                    writer.next_batch, None)
        known = None if None in counted.values() else sum(n for n in counted.values() if n is not None)
        progress = Progress(known, writer.totals["docs"], quiet)
        resumed_from = writer.totals["docs"]
        try:
            for index, rows in _results(engine, todo, workers, scheduler, writer.lock.fd, models, progress):
                writer.write(index, rows)
                progress.update(rows.size, rows.size - rows.ok)
            progress.status("writing the output files ...")
        finally:
            progress.close()
        totals = dict(writer.totals)
    changed = [(name, n, read[name]) for name, n in counted.items() if reading and n is not None and read[name] != n]
    return Summary(total=totals["docs"], ok=totals["ok"], errors=totals["errors"], outdir=str(outdir),
                   resumed_from=resumed_from, changed=changed)
