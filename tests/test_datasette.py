"""tribrata.db is ready for Datasette: described tables, full-text search on the releases."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

datasette_app = pytest.importorskip("datasette.app")


def query(outdir, path):
    ds = datasette_app.Datasette([str(outdir / "tribrata.db")],
                                 metadata=json.loads((outdir / "metadata.json").read_text()))
    return asyncio.run(ds.client.get(path))


def test_events_table_through_datasette(seeds_output):
    response = query(seeds_output, "/tribrata/events.json?_shape=array&event_date=2024-10-17")
    assert response.status_code == 200
    rows = response.json()
    assert [r["doc_id"] for r in rows] == ["seed-000"]
    assert json.loads(rows[0]["units"])[0] == "Polsek Lasiolat"


def test_full_text_search_finds_the_release(seeds_output):
    response = query(seeds_output, "/tribrata/documents.json?_search=Maneikun&_shape=array&_col=id")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == ["seed-000"]


def test_metadata_describes_every_table_and_column(seeds_output):
    metadata = json.loads((seeds_output / "metadata.json").read_text())["databases"]["tribrata"]["tables"]
    db = sqlite3.connect(seeds_output / "tribrata.db")
    for table in ("documents", "events", "mentions", "units"):
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        assert set(columns) == set(metadata[table]["columns"]), table
        assert metadata[table]["description"]
    assert metadata["documents"]["fts_table"] == "documents_fts"


def test_foreign_keys_hold(seeds_output):
    db = sqlite3.connect(seeds_output / "tribrata.db")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = {row[2] for table in ("events", "mentions") for row in db.execute(f"PRAGMA foreign_key_list({table})")}
    assert fks == {"documents", "units", "stories"}
    story_fks = {row[2] for row in db.execute("PRAGMA foreign_key_list(stories)")}
    assert story_fks == {"documents", "events"}
