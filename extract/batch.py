"""Streaming batch extraction: input read lazily, documents extracted in order, output
written in batches, on one process or several.

Every input document gives exactly one record: unreadable input gives an error record
with its reason, duplicate ids are kept, made unique and flagged.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .ingest import iter_documents
from .io import OutputWriter
from .pipeline import Extractor
from .records import Extraction, Flag, SourceDocument

DEFAULT_BATCH = 256


@dataclass(slots=True)
class Summary:
    """What a run did: how many documents, how many ok and how many errors."""

    total: int = 0
    ok: int = 0
    errors: int = 0
    outdir: str = ""

    def line(self) -> str:
        where = f"; errors are the records with status \"error\" in {self.outdir}/documents.jsonl" if self.errors else ""
        return f"{self.total} documents: {self.ok} ok, {self.errors} errors; output in {self.outdir}{where}"


def unique_ids(documents: Iterable[SourceDocument]) -> Iterator[tuple[SourceDocument, str | None]]:
    """Documents with ids made unique (``a``, ``a~2``, ...), and the original id when it was a duplicate."""
    seen: dict[str, int] = {}
    for doc in documents:
        n = seen.get(doc.id, 0) + 1
        seen[doc.id] = n
        if n == 1:
            yield doc, None
        else:
            new_id = f"{doc.id}~{n}"
            while new_id in seen:
                n += 1
                new_id = f"{doc.id}~{n}"
            seen[new_id] = 1
            yield replace(doc, id=new_id), doc.id


_worker_extractor: Extractor | None = None


def _init_worker() -> None:
    global _worker_extractor
    _worker_extractor = Extractor()


def _extract_in_worker(item: tuple[SourceDocument, str | None]) -> tuple[Extraction, str]:
    assert _worker_extractor is not None
    return _extract(_worker_extractor, item), item[0].text


def _extract(extractor: Extractor, item: tuple[SourceDocument, str | None]) -> Extraction:
    doc, duplicate_of = item
    extraction = extractor(doc)
    if duplicate_of is not None:
        extraction.record.flags.append(
            Flag("duplicate_id", f"id '{duplicate_of}' was used by an earlier document; this one is '{doc.id}'"))
    return extraction


def extract_stream(documents: Iterable[SourceDocument], workers: int = 1) -> Iterator[tuple[Extraction, str]]:
    """(extraction, text) for every document, in input order, on ``workers`` processes."""
    items = unique_ids(documents)
    if workers <= 1:
        extractor = Extractor()
        for item in items:
            yield _extract(extractor, item), item[0].text
        return
    context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with context.Pool(workers, initializer=_init_worker) as pool:
        yield from pool.imap(_extract_in_worker, items, chunksize=16)


def run(inputs: list[str], outdir: str | Path, workers: int | None = None,
        batch_size: int = DEFAULT_BATCH) -> Summary:
    """Extract every document of ``inputs`` into ``outdir``."""
    workers = workers or os.cpu_count() or 1
    summary = Summary(outdir=str(outdir))
    stream = extract_stream(iter_documents(inputs), workers)
    with OutputWriter(outdir) as writer:
        while True:
            batch = list(itertools.islice(stream, batch_size))
            if not batch:
                break
            writer.write(batch)
            for extraction, _ in batch:
                summary.total += 1
                if extraction.record.status == "ok":
                    summary.ok += 1
                else:
                    summary.errors += 1
    return summary
