"""Linking places and units to Kemendagri codes: the seeds, the units table, the area flag."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import read_jsonl
from extract.pipeline import Extractor
from extract.records import SourceDocument


@pytest.fixture(scope="module")
def seed_records(seeds_output):
    return {d["id"]: d for d in read_jsonl(seeds_output / "documents.jsonl")}


@pytest.mark.parametrize("doc_id, name, code", [
    ("seed-000", "Maneikun", "53.04.17.2002"),
    ("seed-000", "Baudaok", "53.04.17.2007"),
    ("seed-000", "Lasiolat", "53.04.17"),
    ("seed-000", "Kabupaten Belu", "53.04"),
    ("seed-001", "Batu Plat", "53.71.01.1009"),
    ("seed-001", "Oebobo", "53.71.04.1001"),  # in Kota Kupang, not the Oebobo in Timor Tengah Selatan
    ("seed-001", "Kota Kupang", "53.71"),
    ("seed-002", "Metro", "18.72.01.1001"),
    ("seed-002", "Metro Pusat", "18.72.01"),
    ("seed-002", "Kota Metro", "18.72"),
    ("seed-003", "Bantan", "16.08.05.2010"),
    ("seed-003", "Buay Pemuka Peliung", "16.08.05"),
    ("seed-003", "Kabupaten Ogan Komering Ulu Timur", "16.08"),
    ("seed-003", "Sumatera Selatan", "16"),
])
def test_seed_places_resolve_to_their_codes(seed_records, doc_id, name, code):
    places = {p["name"]: p for p in seed_records[doc_id]["places"]}
    assert places[name]["code"] == code
    assert places[name]["status"] == "resolved"
    assert places[name]["path"]


def test_every_seed_gold_place_is_linked(seed_records, seeds_gold):
    for doc_id, gold in seeds_gold.items():
        places = {p["name"]: p for p in seed_records[doc_id]["places"]}
        for name in [v["name"] for v in gold["villages"] if v["type"] != "dusun"] + gold["districts"] + gold["regencies"]:
            assert places[name]["code"], (doc_id, name)


def test_hamlets_are_reported_unresolved_never_guessed(seed_records):
    places = {p["name"]: p for p in seed_records["seed-000"]["places"]}
    assert places["Mota'ain"]["code"] is None and places["Mota'ain"]["status"] == "unknown"
    villages = {v["name"]: v["code"] for v in seed_records["seed-000"]["villages"]}
    assert villages == {"Mota'ain": None, "Maneikun": "53.04.17.2002", "Fatubesi": None, "Baudaok": "53.04.17.2007"}


@pytest.mark.parametrize("doc_id, region_code", [
    ("seed-000", "53.04.17"), ("seed-001", "53.71"), ("seed-003", "16.08.05.2010"), ("seed-004", "53.04"),
])
def test_region_code_is_the_most_specific_consistent_code(seed_records, doc_id, region_code):
    assert seed_records[doc_id]["region_code"] == region_code


@pytest.mark.parametrize("unit, area, polda", [
    ("Polres Belu", "53.04", "Polda Nusa Tenggara Timur"),
    ("Polresta Kupang Kota", "53.71", "Polda Nusa Tenggara Timur"),
    ("Polres Ogan Komering Ulu Timur", "16.08", "Polda Sumatera Selatan"),  # Polres OKU Timur, written out
    ("Polres Metro", "18.72", "Polda Lampung"),
    ("Polsek Lasiolat", "53.04.17", "Polda Nusa Tenggara Timur"),
    ("Polda Nusa Tenggara Timur", "53", None),  # Polda NTT, under its canonical name
])
def test_units_table_has_the_hierarchy(seeds_output, unit, area, polda):
    units = pd.read_parquet(seeds_output / "units.parquet").set_index("name")
    assert units.loc[unit, "area_code"] == area
    assert (units.loc[unit, "polda"] if pd.notna(units.loc[unit, "polda"]) else None) == polda
    assert units.index.is_unique


def test_a_place_outside_the_reporting_units_area_is_flagged():
    text = ("Personel Polres Belu melaksanakan pengamanan kampanye di Desa Maneikun, Kecamatan Lasiolat, "
            "kamis (17/10/2024). Sementara itu patroli juga dilakukan di Kelurahan Batu Plat, Kota Kupang.")
    record = Extractor()(SourceDocument(id="t", text=text)).record
    flags = [f for f in record.flags if f.code == "place_outside_unit_area"]
    assert {f.spans[0]["text"] for f in flags} >= {"Kota Kupang"}
    assert all("Polres Belu" in f.message for f in flags)
    assert not any("Maneikun" in f.message for f in flags)
