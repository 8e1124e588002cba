"""One output schema: every table's columns come from data/columns.yaml, in every output."""

from __future__ import annotations

import copy
import json
import re
import sqlite3

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from conftest import ROOT
from extract.columns import TYPES, SchemaError, load_tables

TABLES = load_tables()


@pytest.mark.parametrize("table", ["events", "mentions", "units"])
def test_parquet_files_have_the_schema_columns_and_types(seeds_output, table):
    schema = pq.read_schema(seeds_output / f"{table}.parquet")
    assert schema.names == list(TABLES[table].names)
    assert [schema.field(c.name).type for c in TABLES[table].columns] == [TYPES[c.type][0] for c in TABLES[table].columns]


def test_csv_header_is_the_events_columns(seeds_output):
    header = (seeds_output / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(TABLES["events"].names)


@pytest.mark.parametrize("table", ["documents", "events", "mentions", "units"])
def test_sqlite_tables_have_the_schema_columns_and_types(seeds_output, table):
    db = sqlite3.connect(seeds_output / "tribrata.db")
    info = [(row[1], row[2], bool(row[3])) for row in db.execute(f"PRAGMA table_info({table})")]
    assert info == [(c.name, TYPES[c.type][1], c.required) for c in TABLES[table].columns]
    keys = [row[1] for row in sorted(db.execute(f"PRAGMA table_info({table})"), key=lambda r: r[5]) if row[5]]
    assert tuple(keys) == TABLES[table].primary_key


def test_metadata_descriptions_are_the_schema_descriptions(seeds_output):
    metadata = json.loads((seeds_output / "metadata.json").read_text())["databases"]["tribrata"]["tables"]
    assert list(metadata) == list(TABLES)
    for name, table in TABLES.items():
        assert metadata[name]["description"] == table.description
        assert metadata[name]["columns"] == {c.name: c.description for c in table.columns}


def test_readme_table_of_files_lists_the_schema_columns():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table, row_start in (("events", "| `events.parquet`, `events.csv` |"), ("mentions", "| `mentions.parquet` |"),
                             ("units", "| `units.parquet` |"), ("stories", "| `stories.parquet` |")):
        row = next(line for line in readme.splitlines() if line.startswith(row_start))
        listed = re.findall(r"`([^`]+)`", row.split("|")[3])
        assert tuple(listed) == TABLES[table].names, table


def test_inserts_name_their_columns(seeds_output):
    """A table whose columns stand in another order still gets every value in its column."""
    events = TABLES["events"]
    source = sqlite3.connect(seeds_output / "tribrata.db")
    rows = source.execute(f"SELECT {', '.join(f'[{c}]' for c in events.names)} FROM events").fetchall()
    target = sqlite3.connect(":memory:")
    target.execute(f"CREATE TABLE events ({', '.join(f'[{c}]' for c in reversed(events.names))})")
    target.executemany(events.insert(), rows)
    target.row_factory = sqlite3.Row
    got = [dict(r) for r in target.execute("SELECT * FROM events")]
    assert [tuple(r[c] for c in events.names) for r in got] == rows
    assert pd.read_parquet(seeds_output / "events.parquet")["event_id"].tolist() == [r["event_id"] for r in got]


GOOD = {"t": {"description": "A table.", "primary_key": ["a"],
              "columns": {"a": {"type": "text", "description": "A."},
                          "b": {"type": "integer", "description": "B.", "references": "t.a"}}}}


@pytest.mark.parametrize("change, entry, problem", [
    (lambda d: d["t"]["columns"]["b"].update(type="number"), "t.b", "type 'number' is not one of"),
    (lambda d: d["t"]["columns"]["a"].pop("description"), "t.a", "no description"),
    (lambda d: d["t"]["columns"]["a"].update(colour="red"), "t.a", "unknown key(s) ['colour']"),
    (lambda d: d["t"]["columns"].update(c="a string"), "t.c", "expected a mapping"),
    (lambda d: d["t"]["columns"]["b"].update(references="u.a"), "t.b", "references 'u.a'"),
    (lambda d: d["t"].update(primary_key=["z"]), "t.primary_key", "must be a list of columns of t"),
    (lambda d: d["t"].pop("columns"), "t", "non-empty 'columns' mapping"),
])
def test_a_malformed_columns_file_names_the_file_and_the_entry(tmp_path, change, entry, problem):
    data = copy.deepcopy(GOOD)
    good, path = tmp_path / "good.yaml", tmp_path / "columns.yaml"
    good.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert load_tables(good)["t"].names == ("a", "b")
    change(data)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_tables(path)
    assert str(info.value).startswith(f"{path}: {entry}: ") and problem in str(info.value)


def test_a_columns_file_that_is_no_yaml_is_named(tmp_path):
    path = tmp_path / "columns.yaml"
    path.write_text("events: {columns: [", encoding="utf-8")
    with pytest.raises(SchemaError, match=re.escape(f"{path}: not valid YAML")):
        load_tables(path)
