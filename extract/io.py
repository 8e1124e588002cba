"""Stage 6: write the records, all from the same records so the outputs always agree.

In the output folder:

- ``documents.jsonl``: one line per input document (every SCHEMA key, status, evidence, flags);
- ``events.parquet`` and ``events.csv``: one row per event;
- ``mentions.parquet``: one row per entity mention;
- ``units.parquet``: one row per police unit, under its canonical name;
- ``officers.parquet``: one row per officer of each release; ``persons.parquet``: one per person;
- ``stories.parquet``: one row per story (a release and its reprints), built when the run
  closes (:mod:`extract.story_outputs`), which also fills every ``story_id``;
- ``tribrata.db``: SQLite with the tables ``documents``, ``events``, ``mentions``, ``units``,
  ``officers``, ``persons`` and ``stories``;
- ``metadata.json``: every table and column described, for Datasette, and the run's provenance;
- ``README.md``: the data dictionary of the folder.

The columns of every table come from ``data/columns.yaml`` (:mod:`extract.columns`).

This module turns a batch of extractions into the lines and rows of every file;
:mod:`extract.writer` commits them to the output folder.
"""

from __future__ import annotations

import csv
import io
import json
from json.encoder import encode_basestring
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from . import stories
from .columns import Table, load_tables
from .events import event_id, event_row
from .persons import officer_rows, persons, post_units
from .records import Extraction
from .units import unit_rows, upsert_sql

OUTPUT_FILES = ("documents.jsonl", "events.parquet", "events.csv", "mentions.parquet", "units.parquet",
                "officers.parquet", "persons.parquet", "stories.parquet", "tribrata.db", "metadata.json",
                "README.md")

TABLES = load_tables()
DOCUMENTS, EVENTS, MENTIONS, UNITS, STORIES = (TABLES[name] for name in
                                                ("documents", "events", "mentions", "units", "stories"))
OFFICERS, PERSONS = TABLES["officers"], TABLES["persons"]
#: A units row written: the first form of a unit stays, its ``named_as`` rises (extract/units.py).
UNIT_UPSERT = upsert_sql(UNITS.insert())
EVENT_SCHEMA, MENTION_SCHEMA, UNIT_SCHEMA, STORY_SCHEMA = (t.arrow_schema() for t in (EVENTS, MENTIONS, UNITS, STORIES))

#: The run's journal of committed batches, inside the unfinished ``tribrata.db.part`` (dropped at the end).
_BATCHES = ("batch", "docs", "ok", "errors", "jsonl_size", "csv_size")
SQL_SCHEMA = "".join(table.ddl() for table in TABLES.values()) + (
    "CREATE TABLE _batches (batch INTEGER PRIMARY KEY, docs INTEGER, ok INTEGER, errors INTEGER, "
    "jsonl_size INTEGER, csv_size INTEGER);\n"
    # every document's story signature (extract/stories.py), grouped when the run closes (dropped then)
    "CREATE TABLE _signatures (doc_id TEXT PRIMARY KEY, shingles BLOB NOT NULL, minhash BLOB NOT NULL);\n")
_INSERT_BATCH = f"INSERT INTO _batches ({', '.join(_BATCHES)}) VALUES ({', '.join('?' * len(_BATCHES))})"


#: ``json.dumps(value, ensure_ascii=False)`` without making an encoder on every call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def dumps(value: Any) -> str:
    """The one JSON encoding used everywhere: UTF-8 text, keys in record order."""
    return _ENCODE(value)


def _encoded(record: dict[str, Any]) -> dict[str, str]:
    """The JSON text of each list or object value of ``record``, encoded once for the
    document's JSONL line and its SQLite row."""
    return {key: dumps(value) for key, value in record.items() if isinstance(value, (list, dict))}


def jsonl_line(record: dict[str, Any], encoded: dict[str, str]) -> str:
    """``dumps(record) + "\\n"``, built from the values already ``encoded``."""
    return "{" + ", ".join(f"{encode_basestring(key)}: {encoded[key] if key in encoded else dumps(value)}"
                           for key, value in record.items()) + "}\n"


def _sql_value(value: Any) -> Any:
    return dumps(value) if isinstance(value, (list, dict)) else value


def sql_row(table: Table, row: dict[str, Any]) -> tuple[Any, ...]:
    """``row`` as the values of an insert into ``table``, by column name."""
    return tuple(_sql_value(row[c]) for c in table.names)


def mention_row(mention: Any) -> dict[str, Any]:
    return {"doc_id": mention.doc_id, "label": mention.label, "text": mention.text, "start": mention.start,
            "end": mention.end, "sentence": mention.sentence,
            "value": None if mention.value is None else dumps(mention.value)}


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
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
    officers: pa.Table
    document_rows: list[tuple[Any, ...]]
    unit_rows: list[tuple[Any, ...]]
    event_rows: list[tuple[Any, ...]]
    mention_rows: list[tuple[Any, ...]]
    officer_rows: list[tuple[Any, ...]]
    #: ``(doc id, shingles, minhash)`` of every document (:func:`extract.stories.signature`).
    signature_rows: list[tuple[str, bytes, bytes]]


def _signature_row(record: dict[str, Any], text: str, cleaned: Any) -> tuple[str, bytes, bytes]:
    ok = record["status"] == "ok"
    signature = stories.signature(text if ok else "", record["title"], cleaned=cleaned if ok else None)
    return record["id"], signature.shingles, signature.minhash


def batch_rows(batch: list[tuple[Extraction, str]]) -> BatchRows:
    """The output rows of a batch of (extraction, document text) pairs."""
    records = [extraction.record.to_dict() for extraction, _ in batch]
    encoded = [_encoded(r) for r in records]
    events = [event_row(extraction.record) for extraction, _ in batch if extraction.record.status == "ok"]
    mentions = [mention_row(m) for extraction, _ in batch for m in extraction.mentions]
    officers = [row for extraction, _ in batch for row in officer_rows(extraction.record, event_id(extraction.record.id))]
    event_rows = [sql_row(EVENTS, row) for row in events]
    return BatchRows(
        size=len(batch),
        ok=sum(r["status"] == "ok" for r in records),
        jsonl="".join(map(jsonl_line, records, encoded)),
        csv=csv_text(event_rows),
        events=EVENTS.arrow_table(events),
        mentions=MENTIONS.arrow_table(mentions),
        officers=OFFICERS.arrow_table(officers),
        document_rows=[tuple(text if c == "text" else e[c] if c in e else r[c] for c in DOCUMENTS.names)
                       for r, e, (_, text) in zip(records, encoded, batch)],
        unit_rows=[sql_row(UNITS, d) for extraction, _ in batch
                   for d in unit_rows(extraction.record.unit_details, post_units(extraction.record))],
        event_rows=event_rows,
        mention_rows=[sql_row(MENTIONS, row) for row in mentions],
        officer_rows=[sql_row(OFFICERS, row) for row in officers],
        signature_rows=[_signature_row(r, text, e.cleaned) for r, (e, text) in zip(records, batch)],
    )


def person_rows(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """The persons table, from the officers table of a finished run's database."""
    db.row_factory = sqlite3.Row
    try:
        officers = [dict(row) for row in db.execute("SELECT * FROM officers ORDER BY rowid")]
    finally:
        db.row_factory = None
    return persons(officers)


# ----------------------------------------------------------------- Datasette support

def prepare_for_datasette(db: sqlite3.Connection) -> None:
    """A full-text index on the documents' title and text (Datasette finds it by its
    ``content="documents"``), built once the documents are all in (again, if a run was
    killed while building it)."""
    with db:
        db.execute('CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(title, text, content="documents")')
        db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")


def datasette_metadata(provenance: dict[str, Any] | None = None) -> dict[str, Any]:
    """``metadata.json`` for ``datasette tribrata.db -m metadata.json``: every table and column
    described; with the run's ``provenance`` and every column's type (from ``columns.yaml``)."""
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
        "column_types": {table.name: {c.name: c.type for c in table.columns} for table in TABLES.values()},
        "provenance": provenance,
    }
