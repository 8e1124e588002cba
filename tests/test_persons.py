"""People across releases: the post and unit of a role, officer rows, persons and promotions."""

from __future__ import annotations

import pytest

from extract.events import event_id
from extract.persons import officer_rows, persons, post_and_unit
from extract.pipeline import Extractor
from extract.records import SourceDocument


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
