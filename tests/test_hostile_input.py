"""Hostile input never stops a corpus: each bad document gets a record (an error, or ok with a
flag) and the run goes on to write every other one. Ids and text are what they say.

Every case is the reproduction of issue 21; the Hypothesis test drives the extractor and
the writer together, through a real run into a real folder.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import invoke, read_jsonl
from extract.batch import run

#: A title naming "Polres Belu-" and a body naming "Polres Belu": read as two forms of one unit,
#: the lead unit and the units table disagreed (FOREIGN KEY constraint failed ended the run).
GARBLED_UNIT_TITLE = "Polres Belu- gelar kegiatan"


def _line(**fields: str) -> str:
    """A JSON line written by hand, so that it can hold what json.dumps would not (lone surrogates)."""
    return "{" + ", ".join(f'"{k}": {v}' for k, v in fields.items()) + "}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, seeds) -> tuple[dict[str, dict], object, Path]:
    root = tmp_path_factory.mktemp("hostile")
    text = json.dumps(seeds[0]["text"])
    belu = seeds[4]["text"].split("\n")
    garbled = GARBLED_UNIT_TITLE + "\nPolres Belu melaksanakan kegiatan. " + "\n".join(belu[1:])
    (root / "records.jsonl").write_text("\n".join([
        _line(id='"sur-text"', text=text[:-1] + '\\ud800"'),
        _line(id='"sur-id\\udc00"', text=text),
        _line(id='"sur-title"', title='"Judul \\ud800"', url='"https://example.invalid/\\udfff"', text=text),
        "[" * 100_000 + "]" * 100_000,
        _line(id='"nul"', text=text[:-1] + '\\u0000 akhir"'),
        _line(id="7", text=text),
        _line(id='"7"', text=text),
        _line(id="[1, 2]", text=text),
        _line(id='"garbled"', title=json.dumps(GARBLED_UNIT_TITLE), text=json.dumps(garbled)),
        _line(id='"last"', text=json.dumps(seeds[1]["text"])),
    ]) + "\n", encoding="utf-8")
    long_text = (seeds[1]["text"] + "\n\n") * (250_000 // len(seeds[1]["text"]) + 1)
    with (root / "rows.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["id", "text"], ["csv-long", long_text], ["csv-after", seeds[2]["text"]]])
    (root / "long.jsonl").write_text(json.dumps({"id": "jsonl-long", "text": long_text}) + "\n", encoding="utf-8")
    folder = root / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text(seeds[3]["text"], encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"bad-\xff-name.txt"), "wb") as f:
        f.write(seeds[3]["text"].encode("utf-8"))
    out = root / "out"
    result = invoke("extract", str(root / "records.jsonl"), str(root / "rows.csv"), str(root / "long.jsonl"),
                    str(folder), "-o", str(out), "--workers", "1", "--quiet")
    return {d["id"]: d for d in read_jsonl(out / "documents.jsonl")}, result, out


def _warnings(doc: dict) -> list[str]:
    return [f["message"] for f in doc["flags"] if f["code"] == "input_warning"]


def test_the_run_goes_on_and_writes_every_record(hostile):
    docs, result, out = hostile
    assert result.exit_code == 0, result.stderr
    assert "15 documents: " in result.stderr
    assert len(docs) == 15 and "last" in docs and "csv-after" in docs
    db = sqlite3.connect(out / "tribrata.db")
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 15


@pytest.mark.parametrize("doc_id, field", [("sur-text", "text"), ("sur-id\ufffd", "id"), ("sur-title", "title"),
                                           ("sur-title", "url")])
def test_lone_surrogates_are_replaced_and_flagged(hostile, doc_id, field):
    doc = hostile[0][doc_id]
    assert doc["status"] == "ok", doc["error"]
    assert f"lone surrogates in '{field}' replaced by U+FFFD" in _warnings(doc)


def test_a_file_name_that_is_not_utf8_is_a_record_with_its_bytes_escaped(hostile):
    doc = hostile[0]["bad-\\xff-name"]
    assert doc["status"] == "ok" and doc["source"].endswith("bad-\\xff-name.txt")
    assert any("file name is not UTF-8" in w for w in _warnings(doc))


def test_a_csv_field_over_the_csv_limit_is_read_and_cut_like_jsonl(hostile):
    docs = hostile[0]
    assert docs["csv-long"]["status"] == "ok"
    for key in ("flags", "units", "officers", "event_date"):
        assert docs["csv-long"][key] == docs["jsonl-long"][key]
    assert "truncated" in [f["code"] for f in docs["csv-long"]["flags"]]


def test_deeply_nested_json_is_an_error_record(hostile):
    doc = hostile[0]["records-line4"]
    assert doc["status"] == "error" and "nested too deeply" in doc["error"]


def test_a_lead_unit_read_two_ways_is_one_of_the_units_and_the_document_written(hostile):
    docs, _, out = hostile
    doc = docs["garbled"]
    assert doc["status"] == "ok"
    db = sqlite3.connect(out / "tribrata.db")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    lead = db.execute("SELECT lead_unit FROM events WHERE doc_id = 'garbled'").fetchone()[0]
    assert lead in doc["units"]


def test_an_escaped_nul_is_removed_and_flagged_like_a_raw_one(hostile):
    doc = hostile[0]["nul"]
    assert "NUL bytes removed" in _warnings(doc)
    db = sqlite3.connect(hostile[2] / "tribrata.db")
    assert "\x00" not in db.execute("SELECT text FROM documents WHERE id = 'nul'").fetchone()[0]


def test_a_number_id_is_refused_and_cannot_collide_with_its_string(hostile):
    docs = hostile[0]
    assert docs["7"]["status"] == "ok" and not [f for f in docs["7"]["flags"] if f["code"] == "duplicate_id"]
    assert "7~2" not in docs
    assert docs["records-line6"]["status"] == "error" and "'id' is a int (7), not a string" in \
        docs["records-line6"]["error"]
    assert "'id' is a list" in docs["records-line8"]["error"]


def test_source_does_not_depend_on_how_the_path_is_spelled(tmp_path, seeds, monkeypatch):
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "text": seeds[0]["text"]}) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    sources = []
    for spelling, out in (("in.jsonl", "rel"), (str(tmp_path / "in.jsonl"), "abs"), ("./x/../in.jsonl", "dots")):
        (tmp_path / "x").mkdir(exist_ok=True)
        assert invoke("extract", spelling, "-o", out, "--workers", "1", "--quiet").exit_code == 0
        sources.append(read_jsonl(tmp_path / out / "documents.jsonl")[0]["source"])
    assert sources == [f"{tmp_path.resolve()}/in.jsonl:1"] * 3


# ---------------------------------------------------------------- extraction and writer together

UNIT_TEXT = st.sampled_from(["Polres Belu", "Polres Belu-", "POLRES-BELU", "Polsek Lasiolat", "Kapolres Belu",
                             "AKBP Benny Miniani Arief", "Desa Maneikun", "Kamis (17/10/2024)", "\n", ", ",
                             "melaksanakan pengamanan kampanye di ", "151 (seratus lima puluh) personel", "\x00"])
TEXT = st.lists(st.one_of(UNIT_TEXT, st.text(max_size=30)), max_size=25).map("".join)
RECORD = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=12), st.integers(), st.none()), "text": TEXT},
    optional={"title": st.one_of(TEXT, st.integers()), "url": st.text(max_size=20)})


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RECORD, min_size=1, max_size=6))
@example([{"id": "0\x850", "text": ""}, {"id": 7, "text": "Polres Belu-\nPolres Belu", "title": "Polres Belu-"}])
def test_any_records_are_extracted_and_every_one_is_written(records):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        summary = run([str(source)], Path(tmp) / "out", workers=1, batch_size=4, quiet=True)
        assert summary.total == len(records) and not summary.changed
        written = read_jsonl(Path(tmp) / "out" / "documents.jsonl")
        assert [d["source"] for d in written] == [f"{source}:{n}" for n in range(1, len(records) + 1)]
        db = sqlite3.connect(Path(tmp) / "out" / "tribrata.db")
        assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "events")] == \
            [len(records)] * 2
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        db.close()
