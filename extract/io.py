"""Stage 6: write the records, all from the same records so the outputs always agree.

In the output folder:

- ``documents.jsonl``: one line per input document (every SCHEMA key, status, evidence, flags);
- ``events.parquet`` and ``events.csv``: one row per event;
- ``mentions.parquet``: one row per entity mention;
- ``tribrata.db``: SQLite with the tables ``documents``, ``events`` and ``mentions``.

Files are written in batches to ``*.part`` files and renamed into place only when the run
completes, so a killed run never leaves a truncated file that looks complete.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .events import event_row
from .records import Extraction

OUTPUT_FILES = ("documents.jsonl", "events.parquet", "events.csv", "mentions.parquet", "tribrata.db")

_OFFICER = pa.struct([("name", pa.string()), ("rank", pa.string()), ("role", pa.string()),
                      ("person_key", pa.string())])
_STRINGS = pa.list_(pa.string())

EVENT_SCHEMA = pa.schema([
    ("event_id", pa.string()), ("doc_id", pa.string()), ("status", pa.string()), ("event_type", pa.string()),
    ("event_date", pa.string()), ("event_time", pa.string()), ("lead_unit", pa.string()), ("units", _STRINGS),
    ("commander_name", pa.string()), ("commander_rank", pa.string()), ("commander_role", pa.string()),
    ("officers", pa.list_(_OFFICER)), ("villages", _STRINGS), ("district", pa.string()),
    ("regency", pa.string()), ("province", pa.string()), ("region_code", pa.string()),
    ("personnel_count", pa.int64()), ("candidates", _STRINGS), ("parties", _STRINGS),
    ("operation", pa.string()), ("election", pa.string()), ("flags", _STRINGS),
    ("source_url", pa.string()), ("title", pa.string()),
])

MENTION_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("label", pa.string()), ("text", pa.string()), ("start", pa.int64()),
    ("end", pa.int64()), ("sentence", pa.string()), ("value", pa.string()),
])

#: Columns of the SQLite ``documents`` table besides the JSON of the record.
_DOC_SCALARS = ("title", "url", "published", "source", "status", "error", "event_type", "event_date",
                "event_time", "personnel_count", "operation", "election", "region_code")
_DOC_LISTS = ("dates", "units", "officers", "villages", "districts", "regencies", "provinces",
              "candidates", "parties", "flags", "evidence")

SQL_SCHEMA = f"""
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    {", ".join(f'"{c}" {"INTEGER" if c == "personnel_count" else "TEXT"}' for c in _DOC_SCALARS)},
    {", ".join(f'"{c}" TEXT' for c in _DOC_LISTS)},
    "text" TEXT
);
CREATE TABLE events (
    {", ".join(f'"{f.name}" {"INTEGER" if pa.types.is_integer(f.type) else "TEXT"}'
               + (" PRIMARY KEY" if f.name == "event_id" else "")
               + (" NOT NULL REFERENCES documents(id)" if f.name == "doc_id" else "")
               for f in EVENT_SCHEMA)}
);
CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    label TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    sentence TEXT, value TEXT,
    PRIMARY KEY (doc_id, start, "end", label)
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX mentions_label ON mentions(label);
"""


def dumps(value: Any) -> str:
    """The one JSON encoding used everywhere: UTF-8 text, keys in record order."""
    return json.dumps(value, ensure_ascii=False)


def _sql_value(value: Any) -> Any:
    return dumps(value) if isinstance(value, (list, dict)) else value


def mention_row(mention: Any) -> dict[str, Any]:
    return {"doc_id": mention.doc_id, "label": mention.label, "text": mention.text, "start": mention.start,
            "end": mention.end, "sentence": mention.sentence,
            "value": None if mention.value is None else dumps(mention.value)}


class OutputWriter:
    """Writes batches of extractions to the output folder; :meth:`close` publishes them.

    Use as a context manager: on an exception the partial files are left as ``*.part``
    (never under the final names).
    """

    def __init__(self, outdir: Path | str) -> None:
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self._part = {name: self.outdir / f"{name}.part" for name in OUTPUT_FILES}
        for path in self._part.values():
            path.unlink(missing_ok=True)
        self._jsonl = self._part["documents.jsonl"].open("w", encoding="utf-8", newline="\n")
        self._csv_file = self._part["events.csv"].open("w", encoding="utf-8", newline="")
        self._csv = csv.DictWriter(self._csv_file, fieldnames=EVENT_SCHEMA.names)
        self._csv.writeheader()
        self._events = pq.ParquetWriter(self._part["events.parquet"], EVENT_SCHEMA)
        self._mentions = pq.ParquetWriter(self._part["mentions.parquet"], MENTION_SCHEMA)
        self._db = sqlite3.connect(self._part["tribrata.db"])
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.executescript(SQL_SCHEMA)
        self.count = 0

    def write(self, batch: Iterable[tuple[Extraction, str]]) -> None:
        """Write one batch of (extraction, document text) in order, in one SQLite transaction."""
        batch = list(batch)
        if not batch:
            return
        events, mentions = [], []
        with self._db:
            for extraction, text in batch:
                record = extraction.record.to_dict()
                self._jsonl.write(dumps(record) + "\n")
                row = event_row(extraction.record)
                events.append(row)
                self._csv.writerow({k: _sql_value(v) for k, v in row.items()})
                rows = [mention_row(m) for m in extraction.mentions]
                mentions += rows
                columns = ("id",) + _DOC_SCALARS + _DOC_LISTS + ("text",)
                values = [record["id"]] + [_sql_value(record[c]) for c in _DOC_SCALARS + _DOC_LISTS] + [text]
                self._db.execute(
                    f"INSERT INTO documents ({', '.join(repr(c) for c in columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})", values)
                self._db.execute(
                    f"INSERT INTO events VALUES ({', '.join('?' * len(row))})",
                    [_sql_value(v) for v in row.values()])
                self._db.executemany(
                    "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [tuple(r.values()) for r in rows])
        self._events.write_table(pa.Table.from_pylist(events, schema=EVENT_SCHEMA))
        if mentions:
            self._mentions.write_table(pa.Table.from_pylist(mentions, schema=MENTION_SCHEMA))
        self._jsonl.flush()
        self.count += len(batch)

    def close(self) -> None:
        """Finish every file and move it into place under its final name."""
        self._jsonl.close()
        self._csv_file.close()
        self._events.close()
        self._mentions.close()
        self._db.close()
        for name, part in self._part.items():
            os.replace(part, self.outdir / name)

    def abort(self) -> None:
        """Close the files without publishing them."""
        for closer in (self._jsonl.close, self._csv_file.close, self._events.close, self._mentions.close,
                       self._db.close):
            try:
                closer()
            except Exception:  # already broken: nothing more to save
                pass

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
