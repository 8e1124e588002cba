"""Stage 6: write the records, all from the same records so the outputs always agree.

In the output folder:

- ``documents.jsonl``: one line per input document (every SCHEMA key, status, evidence, flags);
- ``events.parquet`` and ``events.csv``: one row per event;
- ``mentions.parquet``: one row per entity mention;
- ``units.parquet``: one row per distinct police unit;
- ``tribrata.db``: SQLite with the tables ``documents``, ``events``, ``mentions`` and ``units``;
- ``metadata.json``: every table and column described, for Datasette.

The columns of every table come from ``data/columns.yaml`` (:mod:`extract.columns`).

Files are written in batches to ``*.part`` files (and per-batch Parquet files under
``.tribrata-run/``) and renamed into place only when the run completes, so a killed run never
leaves a truncated file that looks complete, and ``--resume`` goes on from the last committed
batch.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .columns import Table, load_tables
from .events import event_row
from .records import Extraction

OUTPUT_FILES = ("documents.jsonl", "events.parquet", "events.csv", "mentions.parquet", "units.parquet",
                "tribrata.db", "metadata.json")

TABLES = load_tables()
DOCUMENTS, EVENTS, MENTIONS, UNITS = (TABLES[name] for name in ("documents", "events", "mentions", "units"))
EVENT_SCHEMA, MENTION_SCHEMA, UNIT_SCHEMA = (t.arrow_schema() for t in (EVENTS, MENTIONS, UNITS))

#: The run's journal of committed batches, inside the unfinished ``tribrata.db.part`` (dropped at the end).
_BATCHES = ("batch", "docs", "ok", "errors", "jsonl_size", "csv_size")
SQL_SCHEMA = "".join(table.ddl() for table in TABLES.values()) + (
    "CREATE TABLE _batches (batch INTEGER PRIMARY KEY, docs INTEGER, ok INTEGER, errors INTEGER, "
    "jsonl_size INTEGER, csv_size INTEGER);\n")
_INSERT_BATCH = f"INSERT INTO _batches ({', '.join(_BATCHES)}) VALUES ({', '.join('?' * len(_BATCHES))})"


def dumps(value: Any) -> str:
    """The one JSON encoding used everywhere: UTF-8 text, keys in record order."""
    return json.dumps(value, ensure_ascii=False)


def _sql_value(value: Any) -> Any:
    return dumps(value) if isinstance(value, (list, dict)) else value


def _sql_row(table: Table, row: dict[str, Any]) -> tuple[Any, ...]:
    """``row`` as the values of an insert into ``table``, by column name."""
    return tuple(_sql_value(row[c]) for c in table.names)


def mention_row(mention: Any) -> dict[str, Any]:
    return {"doc_id": mention.doc_id, "label": mention.label, "text": mention.text, "start": mention.start,
            "end": mention.end, "sentence": mention.sentence,
            "value": None if mention.value is None else dumps(mention.value)}


def _csv_text(rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@dataclass(slots=True)
class BatchRows:
    """One batch of extractions as the lines and rows of every output file.

    Built by :func:`batch_rows` where the batch was extracted (a worker process or a Dask
    worker), so the one process that writes only writes, and what travels back from a
    worker is plain strings, tuples and Arrow tables rather than an object graph."""

    size: int
    ok: int
    jsonl: str
    csv: str
    events: pa.Table
    mentions: pa.Table
    document_rows: list[tuple[Any, ...]]
    unit_rows: list[tuple[Any, ...]]
    event_rows: list[tuple[Any, ...]]
    mention_rows: list[tuple[Any, ...]]


def batch_rows(batch: list[tuple[Extraction, str]]) -> BatchRows:
    """The output rows of a batch of (extraction, document text) pairs."""
    records = [extraction.record.to_dict() for extraction, _ in batch]
    events = [event_row(extraction.record) for extraction, _ in batch]
    mentions = [mention_row(m) for extraction, _ in batch for m in extraction.mentions]
    event_rows = [_sql_row(EVENTS, row) for row in events]
    return BatchRows(
        size=len(batch),
        ok=sum(r["status"] == "ok" for r in records),
        jsonl="".join(dumps(r) + "\n" for r in records),
        csv=_csv_text(event_rows),
        events=pa.Table.from_pylist(events, schema=EVENT_SCHEMA),
        mentions=pa.Table.from_pylist(mentions, schema=MENTION_SCHEMA),
        document_rows=[_sql_row(DOCUMENTS, {**r, "text": text}) for r, (_, text) in zip(records, batch)],
        unit_rows=[_sql_row(UNITS, d) for extraction, _ in batch for d in extraction.record.unit_details],
        event_rows=event_rows,
        mention_rows=[_sql_row(MENTIONS, row) for row in mentions],
    )


class RunMismatch(RuntimeError):
    """``--resume`` was asked for a folder whose unfinished run had other settings."""


WORK_DIR = ".tribrata-run"
PARTITIONS_DIR = "partitions"


def _atomic_parquet(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _sync(handle: Any) -> int:
    handle.flush()
    os.fsync(handle.fileno())
    return handle.tell()


class OutputWriter:
    """Writes numbered batches of extractions to the output folder; :meth:`close` publishes them.

    Batches are committed one at a time: the per-batch Parquet files are written first
    (temp file + rename), then the JSONL and CSV lines are appended and synced, then one
    SQLite transaction inserts the rows together with a ``_batches`` row recording the
    JSONL/CSV sizes. That transaction is the commit point, so a run killed anywhere
    (even SIGKILL) can be resumed exactly: parts written after the last committed batch
    are cut off and the run goes on with the next batch. Nothing appears under the final
    file names before :meth:`close`.
    """

    def __init__(self, outdir: Path | str, settings: dict[str, Any] | None = None, resume: bool = False,
                 keep_partitions: bool = False) -> None:
        self.outdir = Path(outdir)
        self.work = self.outdir / WORK_DIR
        self.keep_partitions = keep_partitions
        self._part = {name: self.outdir / f"{name}.part" for name in OUTPUT_FILES}
        manifest = self.work / "manifest.json"
        settings = dict(settings or {})
        self.resumed = resume and manifest.exists() and self._part["tribrata.db"].exists()
        if self.resumed:
            previous = json.loads(manifest.read_text(encoding="utf-8"))
            if previous != settings:
                raise RunMismatch(
                    f"{self.outdir}: the unfinished run there used other settings ({previous}); "
                    "run again without --resume to start over, or give the same inputs and options")
        else:
            self._start_fresh(settings)
        self._db = sqlite3.connect(self._part["tribrata.db"])
        self._db.execute("PRAGMA foreign_keys = ON")
        if not self.resumed:
            self._db.executescript(SQL_SCHEMA)
        self.next_batch, jsonl_size, csv_size, self.totals = self._committed()
        self._jsonl = self._reopen(self._part["documents.jsonl"], jsonl_size)
        self._csv_file = self._reopen(self._part["events.csv"], csv_size)
        self._part["metadata.json"].write_text(json.dumps(datasette_metadata(), indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
        if csv_size == 0:
            self._csv_file.write(_csv_text([EVENTS.names]))
        for stale in self.work.glob("*.parquet*"):
            if int(stale.name.split("-")[1].split(".")[0]) >= self.next_batch:
                stale.unlink()

    def _start_fresh(self, settings: dict[str, Any]) -> None:
        self.outdir.mkdir(parents=True, exist_ok=True)
        if self.work.exists():
            shutil.rmtree(self.work)
        self.work.mkdir()
        for path in self._part.values():
            path.unlink(missing_ok=True)
        (self.work / "manifest.json").write_text(dumps(settings), encoding="utf-8")

    def _committed(self) -> tuple[int, int, int, dict[str, int]]:
        row = self._db.execute(
            "SELECT MAX(batch), SUM(docs), SUM(ok), SUM(errors) FROM _batches").fetchone()
        if row[0] is None:
            return 0, 0, 0, {"docs": 0, "ok": 0, "errors": 0}
        sizes = self._db.execute("SELECT jsonl_size, csv_size FROM _batches WHERE batch = ?", (row[0],)).fetchone()
        return row[0] + 1, sizes[0], sizes[1], {"docs": row[1], "ok": row[2], "errors": row[3]}

    @staticmethod
    def _reopen(path: Path, size: int) -> Any:
        handle = path.open("a+b" if size else "wb")
        handle.truncate(size)
        handle.seek(size)
        return _TextAppender(handle)

    def write(self, batch_index: int, rows: BatchRows) -> None:
        """Commit batch number ``batch_index`` (batches come in order, from :attr:`next_batch`)."""
        if batch_index != self.next_batch:
            raise ValueError(f"batch {batch_index} written out of order: expected {self.next_batch}")
        _atomic_parquet(rows.events, self.work / f"events-{batch_index:06d}.parquet")
        _atomic_parquet(rows.mentions, self.work / f"mentions-{batch_index:06d}.parquet")
        self._jsonl.write(rows.jsonl)
        self._csv_file.write(rows.csv)
        jsonl_size, csv_size = self._jsonl.sync(), self._csv_file.sync()
        errors = rows.size - rows.ok
        with self._db:
            self._db.executemany(DOCUMENTS.insert(), rows.document_rows)
            self._db.executemany(UNITS.insert("INSERT OR IGNORE"), rows.unit_rows)
            self._db.executemany(EVENTS.insert(), rows.event_rows)
            self._db.executemany(MENTIONS.insert(), rows.mention_rows)
            self._db.execute(_INSERT_BATCH, (batch_index, rows.size, rows.ok, errors, jsonl_size, csv_size))
        self.next_batch += 1
        for key, value in (("docs", rows.size), ("ok", rows.ok), ("errors", errors)):
            self.totals[key] += value

    def _merge_parquet(self, kind: str, schema: pa.Schema) -> None:
        parts = sorted(self.work.glob(f"{kind}-*.parquet"))
        with pq.ParquetWriter(self._part[f"{kind}.parquet"], schema) as writer:
            for part in parts:  # one at a time, its memory handed back: flat whatever the number of batches
                writer.write_table(pq.read_table(part, schema=schema, use_threads=False))
                pa.default_memory_pool().release_unused()
        if self.keep_partitions:
            target = self.outdir / PARTITIONS_DIR / kind
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            for i, part in enumerate(parts):
                os.replace(part, target / f"part-{i:05d}.parquet")

    def close(self) -> None:
        """Finish every file and move it into place under its final name."""
        self._jsonl.close()
        self._csv_file.close()
        self._merge_parquet("events", EVENT_SCHEMA)
        self._merge_parquet("mentions", MENTION_SCHEMA)
        units = [dict(zip(UNITS.names, row))
                 for row in self._db.execute(f"SELECT {', '.join(UNITS.names)} FROM units ORDER BY rowid")]
        pq.write_table(pa.Table.from_pylist(units, schema=UNIT_SCHEMA), self._part["units.parquet"])
        with self._db:
            self._db.execute("DROP TABLE _batches")
        prepare_for_datasette(self._db)
        self._db.close()
        for name, part in self._part.items():
            os.replace(part, self.outdir / name)
        shutil.rmtree(self.work)

    def abort(self) -> None:
        """Close the files without publishing them; ``--resume`` can go on from here."""
        for closer in (self._jsonl.close, self._csv_file.close, self._db.close):
            try:
                closer()
            except Exception:  # already broken: the committed batches are safe on disk
                pass

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class _TextAppender:
    """UTF-8 text appended to a binary file handle, with its committed size."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, text: str) -> int:
        return self._handle.write(text.encode("utf-8"))

    def sync(self) -> int:
        return _sync(self._handle)

    def close(self) -> None:
        self._handle.close()


# ----------------------------------------------------------------- Datasette support

def prepare_for_datasette(db: sqlite3.Connection) -> None:
    """A full-text index on the documents' title and text (Datasette finds it by its
    ``content="documents"``), built once the documents are all in."""
    with db:
        db.execute('CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content="documents")')
        db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")


def datasette_metadata() -> dict[str, Any]:
    """``metadata.json`` for ``datasette tribrata.db -m metadata.json``: every table and column described."""
    return {
        "title": "tribrata-extract: Indonesian police press releases",
        "description": "Events, officers, units and places extracted from police press releases, "
                       "each value with its evidence in the text. Search the releases in the documents table.",
        "databases": {"tribrata": {"tables": {
            table.name: {"description": table.description,
                         "columns": {c.name: c.description for c in table.columns},
                         **({"fts_table": "documents_fts", "searchmode": "raw"} if table is DOCUMENTS else {})}
            for table in TABLES.values()
        }}},
    }
