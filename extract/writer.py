"""Committing batches to the output folder, and publishing its files when the run is done.

Batches are committed one at a time: the batch's Parquet files are written first (temp
file + rename), then its JSONL and CSV lines are appended and synced, then one SQLite
transaction inserts its rows together with a ``_batches`` row recording the JSONL/CSV
sizes. That transaction is the commit point: a run killed anywhere (even by SIGKILL) is
resumed exactly, since what was written after the last committed batch is cut off.

When every batch is in, the run is closed in two recorded steps, each one redone by
``--resume`` when the run is killed inside it:

1. ``closing.json`` records the totals; then the documents are grouped into stories
   (:mod:`extract.story_outputs`: story ids and conflict flags into the database, the
   JSONL and the CSV, ``stories.parquet``), the Parquet parts are merged, ``units.parquet``
   and the persons table (from every officer row) are written and the database finished
   (journal tables dropped, full-text index built), all under the ``*.part`` names;
2. ``publishing.json`` records that every ``*.part`` file is complete; then each one is
   renamed to its final name and the journal folder is removed.

Nothing appears under a final file name before step 2, and one run at a time writes a
folder (:class:`~extract.rundir.FolderLock`).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from . import story_outputs
from .io import (EVENT_SCHEMA, EVENTS, MENTION_SCHEMA, MENTIONS, DOCUMENTS, OFFICERS, OUTPUT_FILES, PERSONS, SQL_SCHEMA,
                 TABLES, UNIT_SCHEMA, UNIT_UPSERT, UNITS, BatchRows, csv_text, datasette_metadata, dumps, person_rows, prepare_for_datasette,
                 sql_row)
from .provenance import data_dictionary, fixed_part, now
from .rundir import FolderFinished, FolderLock, ResumeRefused, check_same_settings, kill_point

WORK_DIR = ".tribrata-run"
PARTITIONS_DIR = "partitions"
MANIFEST, CLOSING, PUBLISHING, RUN_INFO = "manifest.json", "closing.json", "publishing.json", "run.json"
_INSERT_BATCH = "INSERT INTO _batches (batch, docs, ok, errors, jsonl_size, csv_size) VALUES (?, ?, ?, ?, ?, ?)"
_INSERT_SIGNATURE = "INSERT INTO _signatures (doc_id, shingles, minhash) VALUES (?, ?, ?)"


def _atomic_write(path: Path, write: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


class OutputWriter:
    """Writes numbered batches of rows to the output folder; :meth:`close` publishes them.

    ``stage`` is how far the run has got: ``running`` (batches are written), ``closing``
    (every batch is in, the files are being finished) or ``publishing``.
    """

    def __init__(self, outdir: Path | str, settings: Callable[[], dict[str, Any]] = dict, resume: bool = False,
                 keep_partitions: bool = False, run_info: dict[str, Any] | None = None,
                 overwrite: bool = False) -> None:
        """``settings`` gives what the output depends on (inputs and their fingerprints, options),
        asked for once the folder is locked; ``run_info`` (command, start) goes to the provenance."""
        self.outdir = Path(outdir)
        self.overwrite = overwrite
        self.run_info = dict(run_info or {})
        self.work = self.outdir / WORK_DIR
        self.keep_partitions = keep_partitions
        self._part = {name: self.outdir / f"{name}.part" for name in OUTPUT_FILES}
        self._staged = self.outdir / f"{PARTITIONS_DIR}.part"
        self._jsonl: _TextAppender | None = None
        self._csv_file: _TextAppender | None = None
        self._db: sqlite3.Connection | None = None
        self.lock = FolderLock(self.outdir)
        try:
            self.stage = self._open(settings(), resume)
        except BaseException:
            self.abort()
            raise
        kill_point("started")

    def _unfinished(self) -> str | None:
        """The stage of the folder's unfinished run, None when there is none."""
        if (self.work / PUBLISHING).exists():
            return "publishing"
        if (self.work / CLOSING).exists():
            return "closing"
        if (self.work / MANIFEST).exists() and self._part["tribrata.db"].exists():
            return "running"
        return None

    def _open(self, settings: dict[str, Any], resume: bool) -> str:
        if not self.overwrite and not resume and (self.outdir / "documents.jsonl").exists():
            raise FolderFinished(
                f"{self.outdir}: holds the output of a finished run; give --overwrite to replace it, or "
                "another output folder")
        stage = self._unfinished() if resume else None
        self.resumed = stage is not None
        if resume and stage is None and (self.outdir / "documents.jsonl").exists():
            raise ResumeRefused(f"{self.outdir}: the run there is finished: there is nothing to resume. Run again "
                                "without --resume to redo it")
        if stage is None:
            self._start_fresh(settings)
            stage = "running"
        else:
            check_same_settings(self.outdir, self._read_json(MANIFEST), settings)
            self._note_resume()
        if stage != "running":
            totals = self._read_json(CLOSING)
            self.next_batch = totals.pop("batches")
            self.totals = totals
        if stage == "publishing":
            return stage
        self._db = sqlite3.connect(self._part["tribrata.db"])
        self._db.execute("PRAGMA foreign_keys = ON")
        # the schema in one transaction: a disk that fills while it is made leaves none, and
        # a resume then makes it (no batch was committed without it)
        if not self.resumed or not self._has_schema():
            self._db.executescript(f"BEGIN;\n{SQL_SCHEMA}COMMIT;\n")
        self._part["metadata.json"].write_text(json.dumps(datasette_metadata(), indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
        if stage == "running":
            self._reopen_batches()
        return stage

    def _start_fresh(self, settings: dict[str, Any]) -> None:
        for folder in (self.work, self._staged):
            if folder.exists():
                shutil.rmtree(folder)
        self.work.mkdir()
        for path in self._part.values():
            path.unlink(missing_ok=True)
        self._write_json(MANIFEST, settings)
        self._write_json(RUN_INFO, self.run_info)

    def _note_resume(self) -> None:
        """The command and start of the first run kept, this resume's time added."""
        first = self._read_json(RUN_INFO) if (self.work / RUN_INFO).exists() else dict(self.run_info)
        first["resumed"] = first.get("resumed", []) + [self.run_info.get("started")]
        self.run_info = first
        self._write_json(RUN_INFO, first)

    def _read_json(self, name: str) -> dict[str, Any]:
        path = self.work / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ResumeRefused(f"{path}: the journal of the unfinished run is damaged ({exc}); "
                                "run again without --resume to start over") from exc

    def _write_json(self, name: str, value: dict[str, Any]) -> None:
        _atomic_write(self.work / name, lambda tmp: tmp.write_text(dumps(value), encoding="utf-8"))

    def _damaged(self, exc: sqlite3.DatabaseError) -> ResumeRefused:
        return ResumeRefused(f"{self._part['tribrata.db']}: the journal of the unfinished run is damaged "
                             f"({exc}); run again without --resume to start over")

    def _has_schema(self) -> bool:
        assert self._db is not None
        try:
            return self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone() is not None
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from exc

    def _reopen_batches(self) -> None:
        """Go on after the last committed batch: its JSONL and CSV sizes, cut what came after."""
        try:
            self.next_batch, jsonl_size, csv_size, self.totals = self._committed()
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from exc
        for name, size in (("documents.jsonl", jsonl_size), ("events.csv", csv_size)):
            if size and (not self._part[name].exists() or self._part[name].stat().st_size < size):
                raise ResumeRefused(f"{self._part[name]}: shorter than its {size} committed bytes, or missing; "
                                    "run again without --resume to start over")
        self._jsonl = _TextAppender.reopen(self._part["documents.jsonl"], jsonl_size)
        self._csv_file = _TextAppender.reopen(self._part["events.csv"], csv_size)
        if csv_size == 0:
            self._csv_file.write(csv_text([EVENTS.names]))
        for stale in self.work.glob("*.parquet*"):
            if int(stale.name.split("-")[1].split(".")[0]) >= self.next_batch:
                stale.unlink()

    def _committed(self) -> tuple[int, int, int, dict[str, int]]:
        assert self._db is not None
        row = self._db.execute("SELECT MAX(batch), SUM(docs), SUM(ok), SUM(errors) FROM _batches").fetchone()
        if row[0] is None:
            return 0, 0, 0, {"docs": 0, "ok": 0, "errors": 0}
        sizes = self._db.execute("SELECT jsonl_size, csv_size FROM _batches WHERE batch = ?", (row[0],)).fetchone()
        return row[0] + 1, sizes[0], sizes[1], {"docs": row[1], "ok": row[2], "errors": row[3]}

    def write(self, batch_index: int, rows: BatchRows) -> None:
        """Commit batch number ``batch_index`` (batches come in order, from :attr:`next_batch`)."""
        if self.stage != "running" or batch_index != self.next_batch:
            raise ValueError(f"batch {batch_index} written out of order: expected {self.next_batch}")
        assert self._db is not None and self._jsonl is not None and self._csv_file is not None
        for kind, table in (("events", rows.events), ("mentions", rows.mentions), ("officers", rows.officers)):
            _atomic_write(self.work / f"{kind}-{batch_index:06d}.parquet", lambda tmp: pq.write_table(table, tmp))
        kill_point("batch-parquet")
        self._jsonl.write(rows.jsonl)
        self._csv_file.write(rows.csv)
        jsonl_size, csv_size = self._jsonl.sync(), self._csv_file.sync()
        kill_point("batch-lines")
        errors = rows.size - rows.ok
        with self._db:
            self._db.executemany(DOCUMENTS.insert(), rows.document_rows)
            self._db.executemany(UNIT_UPSERT, rows.unit_rows)
            self._db.executemany(EVENTS.insert(), rows.event_rows)
            self._db.executemany(MENTIONS.insert(), rows.mention_rows)
            self._db.executemany(OFFICERS.insert(), rows.officer_rows)
            self._db.executemany(_INSERT_SIGNATURE, rows.signature_rows)
            self._db.execute(_INSERT_BATCH, (batch_index, rows.size, rows.ok, errors, jsonl_size, csv_size))
        kill_point("batch-committed")
        self.next_batch += 1
        for key, value in (("docs", rows.size), ("ok", rows.ok), ("errors", errors)):
            self.totals[key] += value

    def _merge_parquet(self, kind: str, schema: pa.Schema, found: story_outputs.Stories,
                       stamp: dict[bytes, bytes]) -> None:
        with pq.ParquetWriter(self._part[f"{kind}.parquet"], schema.with_metadata(stamp)) as writer:
            for part in sorted(self.work.glob(f"{kind}-*.parquet")):  # one at a time, its memory handed back
                writer.write_table(self._final_part(kind, part, found))
                pa.default_memory_pool().release_unused()

    @staticmethod
    def _final_part(kind: str, part: Path, found: story_outputs.Stories) -> pa.Table:
        """A batch's Parquet part as published: events with their story ids and conflict flags."""
        table = pq.ParquetFile(part).read(use_threads=False)  # read_table would import pandas
        return story_outputs.events_part(table, found) if kind == "events" else table

    def _write_persons(self, stamp: dict[bytes, bytes]) -> None:
        """The persons table, from every officer row (in the database and ``persons.parquet``;
        redone from scratch when a killed close is resumed)."""
        assert self._db is not None
        people = person_rows(self._db)
        with self._db:
            self._db.execute("DELETE FROM persons")
            self._db.executemany(PERSONS.insert(), [sql_row(PERSONS, person) for person in people])
        pq.write_table(PERSONS.arrow_table(people).replace_schema_metadata(stamp), self._part["persons.parquet"])

    def _stage_partitions(self, found: story_outputs.Stories) -> None:
        """The per-batch Parquet files as ``partitions.part/KIND/part-N.parquet`` (hard links;
        the events parts are written again with their story ids)."""
        if self._staged.exists():
            shutil.rmtree(self._staged)
        for kind in ("events", "mentions"):
            (self._staged / kind).mkdir(parents=True)
            for i, part in enumerate(sorted(self.work.glob(f"{kind}-*.parquet"))):
                target = self._staged / kind / f"part-{i:05d}.parquet"
                if kind == "events":
                    pq.write_table(self._final_part(kind, part, found), target)
                else:
                    os.link(part, target)

    def _finish_parts(self) -> None:
        """Every file complete under its ``.part`` name (step 1 of closing; may be redone)."""
        assert self._db is not None
        found = story_outputs.finish(self._db)
        story_outputs.rewrite_jsonl(self._part["documents.jsonl"], found)
        story_outputs.write_events_csv(self._db, self._part["events.csv"])
        pq.write_table(found.table, self._part["stories.parquet"])
        fixed = fixed_part(self._read_json(MANIFEST)["inputs"])
        stamp = {b"tribrata": dumps(fixed).encode("utf-8")}
        self._merge_parquet("events", EVENT_SCHEMA, found, stamp)
        self._merge_parquet("mentions", MENTION_SCHEMA, found, stamp)
        self._merge_parquet("officers", OFFICERS.arrow_schema(), found, stamp)
        units = [dict(zip(UNITS.names, row))
                 for row in self._db.execute(f"SELECT {', '.join(UNITS.names)} FROM units ORDER BY rowid")]
        pq.write_table(pa.Table.from_pylist(units, schema=UNIT_SCHEMA.with_metadata(stamp)),
                       self._part["units.parquet"])
        self._write_persons(stamp)
        provenance = {**fixed, **self.run_info, "finished": now()}
        self._part["metadata.json"].write_text(
            json.dumps(datasette_metadata(provenance), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self._part["README.md"].write_text(data_dictionary(TABLES, provenance), encoding="utf-8")
        with self._db:
            self._db.execute("DROP TABLE IF EXISTS _batches")
            self._db.execute("DROP TABLE IF EXISTS _signatures")
        kill_point("grouped")
        prepare_for_datasette(self._db)
        self._db.close()
        self._db = None
        if self.keep_partitions:
            self._stage_partitions(found)

    def _publish(self) -> None:
        """Every ``.part`` file renamed into place (step 2 of closing; goes on where it stopped)."""
        for name, part in self._part.items():
            if part.exists():
                os.replace(part, self.outdir / name)
                kill_point("publishing")
        if self._staged.exists():
            final = self.outdir / PARTITIONS_DIR
            if final.exists():
                shutil.rmtree(final)
            os.replace(self._staged, final)

    def close(self) -> None:
        """Finish every file and move it into place under its final name."""
        try:
            self._close()
        finally:
            self.lock.release()

    def _close(self) -> None:
        if self.stage == "running":
            assert self._jsonl is not None and self._csv_file is not None
            self._jsonl.close()
            self._csv_file.close()
            self._write_json(CLOSING, {"batches": self.next_batch, **self.totals})
            self.stage = "closing"
            kill_point("closing")
        if self.stage == "closing":
            self._finish_parts()
            self._write_json(PUBLISHING, {})
            self.stage = "publishing"
            kill_point("merged")
        self._publish()
        kill_point("published")
        shutil.rmtree(self.work)

    def abort(self) -> None:
        """Close the files without publishing them; ``--resume`` can go on from here."""
        for handle in (self._jsonl, self._csv_file, self._db):
            try:
                if handle is not None:
                    handle.close()
            except Exception:  # already broken: the committed batches are safe on disk
                pass
        self.lock.release()

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

    @classmethod
    def reopen(cls, path: Path, size: int) -> _TextAppender:
        """``path`` cut to ``size`` bytes (its committed part), to append to."""
        handle = path.open("a+b" if size else "wb")
        handle.truncate(size)
        handle.seek(size)
        return cls(handle)

    def write(self, text: str) -> int:
        return self._handle.write(text.encode("utf-8"))

    def sync(self) -> int:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        return self._handle.tell()

    def close(self) -> None:
        self._handle.close()
