"""The output as a dataset: typed Parquet columns, places by level, no events for error records."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from conftest import run_cli


def test_parquet_columns_are_typed(seeds_output) -> None:
    schema = pq.read_schema(seeds_output / "events.parquet")
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("personnel_count").type == pa.int64()
    assert schema.field("units").type == pa.list_(pa.string())
    assert schema.field("flags").type == pa.list_(pa.string())
    assert pa.types.is_struct(schema.field("officers").type.value_type)
    events = pd.read_parquet(seeds_output / "events.parquet").set_index("doc_id")
    assert str(events.loc["seed-000", "event_date"]) == "2024-10-17"
    assert events.loc["seed-001", "personnel_count"] == 151 and pd.isna(events.loc["seed-000", "personnel_count"])
    db = sqlite3.connect(seeds_output / "tribrata.db")
    assert db.execute("SELECT event_date FROM events WHERE doc_id = 'seed-000'").fetchone() == ("2024-10-17",)


def test_places_by_level_from_the_region_code(seeds_output) -> None:
    events = pd.read_parquet(seeds_output / "events.parquet").set_index("doc_id")
    seed = events.loc["seed-000"]
    assert (seed["province"], seed["province_code"], seed["regency"], seed["regency_code"], seed["district"],
            seed["district_code"]) == ("Nusa Tenggara Timur", "53", "Kabupaten Belu", "53.04", "Lasiolat", "53.04.17")
    assert pd.isna(seed["village_code"]) and seed["village"] == "Mota'ain"  # region_code stops at the kecamatan


def test_province_is_filled_wherever_region_code_is_over_the_dev_set(dev_output) -> None:
    events = pd.read_parquet(dev_output / "events.parquet")
    with_code = events[events["region_code"].notna()]
    assert len(with_code) > 100
    assert with_code["province"].notna().all() and with_code["province_code"].notna().all()
    assert (with_code["province_code"] == with_code["region_code"].str[:2]).all()
    deep = with_code[with_code["region_code"].str.count(r"\.") >= 1]
    assert deep["regency_code"].notna().all()


def test_error_records_are_documents_not_events(tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "ok", "text": "Personel Polres Belu melaksanakan patroli di Desa Maneikun, "
                                  "Kamis (17/10/2024)."}) + "\n{broken\n", encoding="utf-8")
    run_cli("extract", str(source), "-o", str(tmp_path / "out"), "--workers", "1")
    db = sqlite3.connect(tmp_path / "out" / "tribrata.db")
    assert db.execute("SELECT id, status FROM documents ORDER BY rowid").fetchall() == [("ok", "ok"),
                                                                                        ("in-line2", "error")]
    assert db.execute("SELECT doc_id FROM events").fetchall() == [("ok",)]
    assert pd.read_parquet(tmp_path / "out" / "events.parquet")["doc_id"].tolist() == ["ok"]
