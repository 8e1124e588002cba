"""People across releases: the post and unit of a role, officer rows, persons and promotions."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.columns import load_tables
from extract.events import event_id
from extract.persons import officer_rows, persons, post_and_unit
from extract.pipeline import Extractor
from extract.records import SourceDocument

TABLES = load_tables()


@pytest.mark.parametrize("role, post, unit", [
    ("Kapolres Belu", "Kapolres", "Polres Belu"),
    ("Wakapolresta Kupang Kota", "Wakapolresta", "Polresta Kupang Kota"),
    ("Kapolsek Lasiolat", "Kapolsek", "Polsek Lasiolat"),
    ("Kasi Humas Polres OKU Timur", "Kasi Humas", "Polres OKU Timur"),
    ("Kabag Ops Polres Belu", "Kabag Ops", "Polres Belu"),
    ("Kasat Samapta", "Kasat Samapta", None),
    ("Kapolres", "Kapolres", None),
    ("Bhabinkamtibmas Desa Maneikun", "Bhabinkamtibmas Desa Maneikun", None),
    ("Dandim 1605/Belu", "Dandim 1605/Belu", None),
    # a long form written alone stays long in the role; its canonical post is the abbreviation
    ("Kepala Kepolisian Resor Belu", "Kapolres", "Polres Belu"),
    ("Kepala Kepolisian Resor Kota Kupang", "Kapolresta", "Polresta Kupang"),
    ("Kepala Bagian Operasi Polres Belu", "Kabagops", "Polres Belu"),
    (None, None, None),
])
def test_post_and_unit(role, post, unit) -> None:
    assert post_and_unit(role) == (post, unit)


def test_one_person_across_the_seeds_with_the_post_on_both_dates(seeds) -> None:
    extractor = Extractor()
    rows = []
    for seed in seeds:
        record = extractor(SourceDocument(id=seed["id"], text=seed["text"], title=seed.get("title"))).record
        rows += officer_rows(record, event_id(record.id))
    benny = [r for r in rows if r["name"] == "Benny Miniani Arief"]
    assert {(r["doc_id"], r["post"], r["unit"], r["event_date"]) for r in benny} == {
        ("seed-000", "Kapolres", "Polres Belu", "2024-10-17"), ("seed-004", "Kapolres", "Polres Belu", "2024-11-23")}
    people = {p["person_key"]: p for p in persons(rows)}
    person = people[benny[0]["person_key"]]
    assert len({r["person_key"] for r in benny}) == 1
    assert person["releases"] == 2 and person["ranks"] == [{"rank": "AKBP", "first_date": "2024-10-17",
                                                              "last_date": "2024-11-23"}]
    assert person["roles"] == [{"role": "Kapolres Belu", "post": "Kapolres", "unit": "Polres Belu",
                                "first_date": "2024-10-17", "last_date": "2024-11-23"}]


def _row(doc: str, key: str, rank: str, order: int, unit: str | None, date: str) -> dict:
    return {"doc_id": doc, "event_id": "e" + doc, "person_key": key, "name": "Yosef Mau", "rank": rank,
            "rank_order": order, "role": None, "post": "Kapolsek", "unit": unit, "event_date": date}


@pytest.mark.parametrize("later, linked", [
    (_row("d2", "k2", "AKP", 8, "Polsek Lasiolat", "2024-06-01"), True),      # promoted in the same unit
    (_row("d2", "k2", "AKP", 8, "Polsek Atambua", "2024-06-01"), False),      # another unit
    (_row("d2", "k2", "BRIPKA", 13, "Polsek Lasiolat", "2024-06-01"), False),  # a lower rank is no promotion
    (_row("d2", "k2", "AKP", 8, "Polsek Lasiolat", "2023-06-01"), False),     # the higher rank came first
])
def test_a_promotion_links_to_the_earlier_person(later, linked) -> None:
    earlier = _row("d1", "k1", "IPTU", 9, "Polsek Lasiolat", "2024-01-10")
    found = {p["person_key"]: p for p in persons([earlier, later])}
    assert found["k2"]["same_person_as"] == ("k1" if linked else None)
    assert found["k1"]["same_person_as"] is None


WHO_SQL = """
SELECT p.name, p.rank, json_extract(r.value, '$.first_date') AS seen_from, json_extract(r.value, '$.last_date') AS seen_to
FROM persons p, json_each(p.roles) r
WHERE json_extract(r.value, '$.post') = :post AND json_extract(r.value, '$.unit') = :unit
  AND :day BETWEEN json_extract(r.value, '$.first_date') AND json_extract(r.value, '$.last_date')
"""


def test_the_officers_and_persons_tables_of_the_seeds(seeds_output) -> None:
    officers = pd.read_parquet(seeds_output / "officers.parquet")
    benny = officers[officers["name"] == "Benny Miniani Arief"]
    assert sorted((r.doc_id, r.post, r.unit, str(r.event_date)) for r in benny.itertuples()) == [
        ("seed-000", "Kapolres", "Polres Belu", "2024-10-17"), ("seed-004", "Kapolres", "Polres Belu", "2024-11-23")]
    assert benny["person_key"].nunique() == 1 and (benny["rank_order"] == 6).all()
    persons = pd.read_parquet(seeds_output / "persons.parquet").set_index("person_key")
    assert persons.index.is_unique
    person = persons.loc[benny["person_key"].iloc[0]]
    assert person["releases"] == 2 and str(person["first_date"]) == "2024-10-17" and str(person["last_date"]) == "2024-11-23"
    assert [dict(r) for r in person["roles"]] == [{"role": "Kapolres Belu", "post": "Kapolres", "unit": "Polres Belu",
                                                   "first_date": dt.date(2024, 10, 17), "last_date": dt.date(2024, 11, 23)}]
    assert pq.read_schema(seeds_output / "persons.parquet").field("first_date").type == pa.date32()


def test_the_dates_in_the_persons_lists_are_dates_in_parquet_and_iso_text_in_sqlite(seeds_output) -> None:
    schema = pq.read_schema(seeds_output / "persons.parquet")
    for column, fields in (("ranks", ("rank",)), ("roles", ("role", "post", "unit"))):
        struct = schema.field(column).type.value_type
        assert pa.types.is_struct(struct), column
        assert {f.name: f.type for f in struct} == {**{name: pa.string() for name in fields},
                                                    "first_date": pa.date32(), "last_date": pa.date32()}, column
    assert schema == TABLES["persons"].arrow_schema().with_metadata(schema.metadata)
    ranks = pq.read_table(seeds_output / "persons.parquet").column("ranks").to_pylist()
    assert any(span["first_date"] == dt.date(2024, 10, 17) for spans in ranks for span in spans)
    db = sqlite3.connect(seeds_output / "tribrata.db")
    stored = [json.loads(r) for (r,) in db.execute("SELECT roles FROM persons")]
    assert {"first_date": "2024-10-17", "last_date": "2024-11-23"}.items() <= next(
        span for spans in stored for span in spans if span["role"] == "Kapolres Belu").items()
    types = json.loads((seeds_output / "metadata.json").read_text(encoding="utf-8"))["column_types"]["persons"]
    assert (types["ranks"], types["roles"]) == ("rank history", "role history")


def test_a_role_history_without_dates_is_null_dates_in_arrow() -> None:
    row = {"person_key": "k", "name": "Yosef Mau", "rank": None, "rank_order": None, "releases": 1,
           "ranks": [], "roles": [{"role": "Kapolsek", "post": "Kapolsek", "unit": None, "first_date": None,
                                   "last_date": None}], "first_date": None, "last_date": None, "units": [],
           "same_person_as": None}
    table = TABLES["persons"].arrow_table([row])
    assert table.column("roles").to_pylist() == [[{**row["roles"][0]}]]
    assert table.column("roles").type.value_type.field("first_date").type == pa.date32()


def test_who_held_a_post_on_a_date_in_sql_and_in_pandas(seeds_output) -> None:
    """The two queries of the README."""
    db = sqlite3.connect(seeds_output / "tribrata.db")
    found = db.execute(WHO_SQL, {"post": "Kapolres", "unit": "Polres Belu", "day": "2024-11-01"}).fetchall()
    assert found == [("Benny Miniani Arief", "AKBP", "2024-10-17", "2024-11-23")]
    assert db.execute(WHO_SQL, {"post": "Kapolres", "unit": "Polres Belu", "day": "2025-01-01"}).fetchall() == []
    officers = pd.read_parquet(seeds_output / "officers.parquet")
    held = (officers[(officers.post == "Kapolres") & (officers.unit == "Polres Belu")]
            .groupby(["person_key", "name"]).event_date.agg(["min", "max"]).reset_index())
    day = dt.date(2024, 11, 1)
    assert held[(held["min"] <= day) & (held["max"] >= day)]["name"].tolist() == ["Benny Miniani Arief"]
