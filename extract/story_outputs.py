"""Stories in the outputs: signatures kept with the batches, groups formed when the run closes.

While a run goes on, every committed batch also stores its documents' signatures
(:func:`extract.stories.signature`, computed where the batch was extracted) in the
``_signatures`` table of the unfinished database, in the batch's own transaction, so
``--resume`` has them too. When the run closes, :func:`finish` groups all documents at
once (:func:`extract.stories.group`, the shingles read back from the database one
candidate at a time) and, in one transaction:

- writes ``story_id`` into the ``documents`` and ``events`` tables;
- fills the ``stories`` table (one row per story);
- gives every member of a story whose reprints disagree a ``reprint_conflict`` flag per
  fact (``documents.flags``, ``events.flags``).

:func:`rewrite_jsonl`, :func:`write_events_csv` and :func:`events_part` then put the same
values into ``documents.jsonl``, ``events.csv`` and the events Parquet parts, one line or
part at a time. Every step can be redone (a run killed while closing is closed again by
``--resume``): it gives the same result the second time.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from . import stories
from .io import EVENTS, STORIES, STORY_SCHEMA, csv_text, dumps

CONFLICT = "reprint_conflict"


@dataclass(slots=True)
class Stories:
    """What closing the run decided: every document's story, the members' conflict flags,
    and the rows of ``stories.parquet``."""

    story_of: dict[str, str] = field(default_factory=dict)
    #: doc id -> the reprint_conflict flags ({code, message, spans}) of its story.
    flags_of: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    table: pa.Table | None = None


def _group(db: sqlite3.Connection) -> dict[str, str]:
    def shingles_of(doc_id: str) -> np.ndarray:
        row = db.execute("SELECT shingles FROM _signatures WHERE doc_id = ?", (doc_id,)).fetchone()
        return np.frombuffer(row[0], dtype=np.uint32)

    # error records have no event: they belong to no story
    return stories.group(db.execute("SELECT s.doc_id, s.minhash FROM _signatures s JOIN documents d ON d.id = s.doc_id "
                                    "WHERE d.status = 'ok'"), shingles_of)


def _members(db: sqlite3.Connection) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Every story with its members' events rows (lists decoded) and publication dates."""
    cursor = db.execute("SELECT e.*, d.published FROM events e JOIN documents d ON d.id = e.doc_id "
                        "ORDER BY e.story_id, e.doc_id")
    names = [c[0] for c in cursor.description]
    for story, members in groupby((dict(zip(names, row)) for row in cursor), key=lambda r: r["story_id"]):
        members = list(members)
        for member in members:
            for key in ("units", "villages"):
                member[key] = json.loads(member[key]) if member[key] else []
        yield story, members


def _without_conflicts(flags: list[Any]) -> list[Any]:
    return [f for f in flags if (f["code"] if isinstance(f, dict) else f) != CONFLICT]


def _flag_members(db: sqlite3.Connection, flags_of: dict[str, list[dict[str, Any]]]) -> None:
    for doc_id, flags in flags_of.items():
        old = db.execute("SELECT flags FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        db.execute("UPDATE documents SET flags = ? WHERE id = ?",
                   (dumps(_without_conflicts(json.loads(old or "[]")) + flags), doc_id))
        codes = db.execute("SELECT flags FROM events WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        db.execute("UPDATE events SET flags = ? WHERE doc_id = ?",
                   (dumps(_without_conflicts(json.loads(codes or "[]")) + [CONFLICT]), doc_id))


def _decided(db: sqlite3.Connection) -> Stories:
    """What an earlier :func:`finish` of this run wrote into ``db`` (closing redone after the
    signatures were dropped)."""
    found = Stories(story_of=dict(db.execute("SELECT id, story_id FROM documents")))
    for doc_id, flags in db.execute("SELECT id, flags FROM documents"):
        conflicts = [f for f in json.loads(flags or "[]") if f["code"] == CONFLICT]
        if conflicts:
            found.flags_of[doc_id] = conflicts
    cursor = db.execute(f"SELECT {', '.join(STORIES.names)} FROM stories ORDER BY story_id")
    rows = [dict(zip(STORIES.names, row)) for row in cursor]
    for row in rows:
        row["members"], row["flags"] = json.loads(row["members"]), json.loads(row["flags"])
    found.table = pa.Table.from_pylist(rows, schema=STORY_SCHEMA)
    return found


def finish(db: sqlite3.Connection) -> Stories:
    """Group every document of the run into stories and write them into ``db`` (see the module)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = '_signatures'").fetchone() is None:
        return _decided(db)
    found = Stories(story_of=_group(db))
    rows = []
    with db:
        db.execute("PRAGMA defer_foreign_keys = ON")  # story ids go in before their stories
        for table, key in (("documents", "id"), ("events", "doc_id")):
            db.executemany(f"UPDATE {table} SET story_id = ? WHERE {key} = ?",
                           ((s, d) for d, s in found.story_of.items()))
        for story, members in _members(db):
            row = stories.story_row(story, members)
            rows.append(row)
            for conflict in row["conflicts"]:
                flag = {"code": CONFLICT, "message": stories.conflict_message(conflict), "spans": []}
                for member in members:
                    found.flags_of.setdefault(member["doc_id"], []).append(flag)
        db.executemany(STORIES.insert("INSERT OR REPLACE"),
                       (tuple(dumps(row[c]) if isinstance(row[c], (list, dict)) else row[c] for c in STORIES.names)
                        for row in rows))
        _flag_members(db, found.flags_of)
    found.table = pa.Table.from_pylist([row | {"conflicts": dumps(row["conflicts"])} for row in rows],
                                       schema=STORY_SCHEMA)
    return found


def _replace_with(path: Path, lines: Iterator[str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        out.writelines(lines)
    os.replace(tmp, path)


_ID_FIRST, _NO_STORY = '{"id": ', '"story_id": null'
_decode = json.JSONDecoder().raw_decode


def rewrite_jsonl(path: Path, found: Stories) -> None:
    """``documents.jsonl`` with every record's story id and conflict flags. A line without
    conflicts and with no story id yet only has its ``"story_id": null`` replaced (a key of
    the record alone: a quote inside a JSON string is escaped); the others are decoded."""
    def lines() -> Iterator[str]:
        with path.open(encoding="utf-8") as source:
            for line in source:
                doc_id = _decode(line, len(_ID_FIRST))[0] if line.startswith(_ID_FIRST) else None
                if doc_id is not None and doc_id not in found.flags_of and _NO_STORY in line:
                    yield line.replace(_NO_STORY, '"story_id": ' + dumps(found.story_of.get(doc_id)), 1)
                    continue
                record = json.loads(line)
                record["story_id"] = found.story_of.get(record["id"])
                record["flags"] = _without_conflicts(record["flags"]) + found.flags_of.get(record["id"], [])
                yield dumps(record) + "\n"

    _replace_with(path, lines())


def write_events_csv(db: sqlite3.Connection, path: Path) -> None:
    """``events.csv`` from the events table as it now is, in the order it was written."""
    columns = ", ".join(f'"{c}"' for c in EVENTS.names)
    rows = db.execute(f"SELECT {columns} FROM events ORDER BY rowid")
    _replace_with(path, (csv_text([row]) for row in itertools.chain([EVENTS.names], rows)))


def events_part(table: pa.Table, found: Stories) -> pa.Table:
    """One batch's events table with its story ids and conflict flag codes."""
    doc_ids = table.column("doc_id").to_pylist()
    flags = [codes + [CONFLICT] if doc in found.flags_of else codes
             for doc, codes in zip(doc_ids, table.column("flags").to_pylist())]
    table = table.set_column(table.schema.get_field_index("flags"), "flags",
                             pa.array(flags, type=table.schema.field("flags").type))
    return table.set_column(table.schema.get_field_index("story_id"), "story_id",
                            pa.array([found.story_of[d] for d in doc_ids], type=pa.string()))
