"""The whole path, as a user runs it: `tribrata extract` on the seeds, then every output."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pandas as pd
import pytest

from conftest import invoke, read_jsonl
from extract.records import SCHEMA_KEYS


def test_outputs_exist_with_one_record_per_document(seeds_output, seeds):
    docs = read_jsonl(seeds_output / "documents.jsonl")
    assert [d["id"] for d in docs] == [s["id"] for s in seeds]
    assert len(pd.read_parquet(seeds_output / "events.parquet")) == len(seeds)
    assert len(pd.read_parquet(seeds_output / "mentions.parquet")) > 0
    assert (seeds_output / "tribrata.db").stat().st_size > 0
    assert not list(seeds_output.glob("*.part"))


def test_records_carry_every_schema_key(seeds_output):
    for doc in read_jsonl(seeds_output / "documents.jsonl"):
        for key in SCHEMA_KEYS + ("status", "error", "title", "url", "flags", "evidence"):
            assert key in doc, key
        assert doc["status"] == "ok"


def test_every_evidence_span_points_at_its_text(seeds_output, seeds):
    texts = {s["id"]: s["text"] for s in seeds}
    checked = 0
    for doc in read_jsonl(seeds_output / "documents.jsonl"):
        text = texts[doc["id"]]
        for ev in doc["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["text"]
            assert ev["text"] in ev["sentence"] or ev["sentence"] in text
            checked += 1
    for row in pd.read_parquet(seeds_output / "mentions.parquet").itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
    assert checked > 50


def _by_id(output):
    return {d["id"]: d for d in read_jsonl(output / "documents.jsonl")}


def test_seed_000_values(seeds_output):
    doc = _by_id(seeds_output)["seed-000"]
    officers = {(o["name"], o["rank"]) for o in doc["officers"]}
    assert ("Agus Haryono", "IPDA") in officers
    assert ("Benny Miniani Arief", "AKBP") in officers
    villages = {v["name"] for v in doc["villages"]}
    assert {"Maneikun", "Baudaok"} <= villages
    assert doc["event_date"] == "2024-10-17"
    assert {"Polsek Lasiolat", "Polsek Tasfieto Barat", "Polres Belu"} <= set(doc["units"])
    assert doc["operation"] == "Operasi Mantap Praja Turangga 2024"


def test_seed_001_values(seeds_output):
    doc = _by_id(seeds_output)["seed-001"]
    assert doc["personnel_count"] == 151
    assert doc["event_date"] == "2024-10-03"
    names = {o["name"]: o for o in doc["officers"]}
    assert names["Oktovianus Wadu Ere"]["rank"] == "KOMPOL"
    assert "Okto" not in names  # the short reference is merged into the full name


def test_sqlite_and_parquet_hold_the_same_rows(seeds_output):
    db = sqlite3.connect(seeds_output / "tribrata.db")
    db.row_factory = sqlite3.Row
    events = pd.read_parquet(seeds_output / "events.parquet")
    rows = [dict(r) for r in db.execute("SELECT * FROM events ORDER BY rowid")]
    assert len(rows) == len(events)
    for row, (_, expected) in zip(rows, events.iterrows()):
        for column, value in expected.items():
            got = row[column]
            if hasattr(value, "tolist"):
                value = value.tolist()
            if isinstance(value, list):
                assert json.loads(got) == [dict(v) if isinstance(v, dict) else v for v in value], column
            elif pd.isna(value) if not isinstance(value, (list, dict)) else False:
                assert got is None, column
            elif isinstance(value, dt.date):  # a date in Parquet, ISO text in SQLite
                assert got == value.isoformat(), column
            else:
                assert got == value, column
    mentions = pd.read_parquet(seeds_output / "mentions.parquet")
    db_mentions = pd.read_sql_query('SELECT doc_id, label, text, start, "end", sentence, value FROM mentions '
                                    "ORDER BY rowid", db)
    pd.testing.assert_frame_equal(mentions.reset_index(drop=True), db_mentions, check_dtype=False)
    docs = read_jsonl(seeds_output / "documents.jsonl")
    db_docs = [dict(r) for r in db.execute("SELECT id, event_type, event_date, units FROM documents ORDER BY rowid")]
    assert [(d["id"], d["event_type"], d["event_date"], d["units"]) for d in docs] == [
        (r["id"], r["event_type"], r["event_date"], json.loads(r["units"])) for r in db_docs]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_csv_matches_parquet(seeds_output):
    csv = pd.read_csv(seeds_output / "events.csv")
    events = pd.read_parquet(seeds_output / "events.parquet")
    assert list(csv["event_id"]) == list(events["event_id"])
    assert list(csv.columns) == list(events.columns)


def test_txt_folder_and_stdin_inputs(tmp_path, seeds):
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "kupang.txt").write_text(seeds[1]["text"], encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("extract", str(folder), "-", "-o", str(out), "--workers", "1",
                    input=json.dumps({"id": "from-stdin", "text": seeds[0]["text"]}) + "\n")
    assert result.exit_code == 0, result.stderr
    docs = read_jsonl(out / "documents.jsonl")
    assert [d["id"] for d in docs] == ["kupang", "from-stdin"]
    assert docs[0]["title"].startswith("Kampanye Pilkada di 6 Kecamatan")
    assert docs[0]["personnel_count"] == 151


def test_csv_input(tmp_path, seeds):
    import csv as csvlib

    path = tmp_path / "releases.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csvlib.DictWriter(f, fieldnames=["id", "text", "url"])
        writer.writeheader()
        writer.writerow({"id": "c1", "text": seeds[2]["text"], "url": "https://example.invalid/c1"})
    out = tmp_path / "out"
    assert invoke("extract", str(path), "-o", str(out), "--workers", "1").exit_code == 0
    doc = read_jsonl(out / "documents.jsonl")[0]
    assert doc["url"] == "https://example.invalid/c1"
    assert doc["units"][:2] == ["Polres Metro", "Polda Lampung"]


def test_missing_input_is_a_clear_error(tmp_path):
    result = invoke("extract", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "nope.jsonl: no such file or folder" in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["evaluate", "--help"], ["show", "--help"]])
def test_help_is_complete(args):
    out = invoke(*args).stdout
    assert "Usage:" in out
    if args == ["extract", "--help"]:
        for word in ("INPUT", "--output", "--workers", "Exit status", "standard input: JSON Lines when it starts",
                     "plain text (id \"stdin\")", "--overwrite", "finished run",
                     "3  another run (its PID is printed) is writing the output folder", "--resume refused"):
            assert word in out
    if args == ["--help"]:
        assert "show" in out and "docs/schema.md" in out
    if args == ["show", "--help"]:
        for word in ("FILE", "--json", "standard input", "officers", "flags", "docs/schema.md"):
            assert word in out


def test_version():
    assert invoke("--version").stdout.strip().startswith("tribrata, version ")
