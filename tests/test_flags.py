"""Consistency flags: each with a code, a readable message and the spans it concerns."""

from __future__ import annotations

import pytest

from conftest import read_jsonl
from extract.pipeline import Extractor
from extract.records import SourceDocument

LEAD = "Personel Polres Belu melaksanakan pengamanan kampanye calon Bupati dan Wakil Bupati Belu"


def flags_of(text: str, title: str | None = None, published: str | None = None) -> dict[str, list]:
    record = Extractor()(SourceDocument(id="t", text=text, title=title, published=published)).record
    assert record.status == "ok", record.error
    found: dict[str, list] = {}
    for flag in record.flags:
        assert flag.message
        for ref in flag.spans:
            assert text[ref["start"]:ref["end"]] == ref["text"]
        found.setdefault(flag.code, []).append(flag)
    return found


def test_seeds_carry_no_weekday_flag_and_seed_000_the_title_unit_flag(seeds_output):
    docs = {d["id"]: d for d in read_jsonl(seeds_output / "documents.jsonl")}
    for doc in docs.values():
        assert "weekday_mismatch" not in [f["code"] for f in doc["flags"]], doc["id"]
    flags = {f["code"]: f for f in docs["seed-000"]["flags"]}
    title_flag = flags["title_unit_mismatch"]
    assert "Polsek Lasiolat" in title_flag["message"] and "Polsek Tasfieto Barat" in title_flag["message"]
    assert {s["text"] for s in title_flag["spans"]} == {"Polsek Lasiolat", "Polsek Tasfieto Barat"}
    for doc_id in ("seed-001", "seed-002", "seed-003", "seed-004"):
        assert "title_unit_mismatch" not in [f["code"] for f in docs[doc_id]["flags"]]


@pytest.mark.parametrize("date, flagged", [
    ("Kamis (18/10/2024)", True), ("kamis (17/10/2024)", False), ("Sabtu (23/11/24)", False),
    ("Rabu, 2 Oktober 2024", False), ("Selasa, 2 Oktober 2024", True),
])
def test_weekday_that_does_not_match_the_date(date, flagged):
    flags = flags_of(f"{LEAD}, {date}.")
    assert ("weekday_mismatch" in flags) is flagged
    if flagged:
        assert flags["weekday_mismatch"][0].spans[0]["text"].startswith(date.split()[0].rstrip(","))


@pytest.mark.parametrize("count, flagged", [
    ("151 (seratus lima puluh satu)", False), ("151 (seratus lima puluh)", True),
    ("2.035 (dua ribu tiga puluh lima)", False), ("2 (dua)", False), ("12 (dua belas)", False), ("12 (tiga)", True),
])
def test_digits_and_words_of_a_count_disagree(count, flagged):
    flags = flags_of(f"{LEAD} dengan {count} personel, kamis (17/10/2024).")
    assert ("count_mismatch" in flags) is flagged


def test_title_naming_another_unit_than_the_body():
    text = "Polsek Lasiolat Amankan Kampanye\n\nPersonel Polsek Tasfieto Barat mengamankan kampanye, kamis (17/10/2024)."
    assert "title_unit_mismatch" in flags_of(text)
    same = "Polsek Lasiolat Amankan Kampanye\n\nPersonel Polsek Lasiolat mengamankan kampanye, kamis (17/10/2024)."
    assert "title_unit_mismatch" not in flags_of(same)


@pytest.mark.parametrize("day, date, flagged", [
    (23, "kamis (17/10/2024)", False), (23, "Jumat (18/10/2024)", True), (1, "Rabu (25/9/2024)", False),
])
def test_campaign_day_that_disagrees_with_the_date(day, date, flagged):
    text = f"Pengamanan hari ke {day} kampanye Pilkada 2024 oleh personel Polres Belu, {date}."
    assert ("campaign_day_mismatch" in flags_of(text)) is flagged


def test_pemilu_campaign_days_count_from_its_own_start():
    assert "campaign_day_mismatch" not in flags_of(
        "Pengamanan hari ke 1 kampanye Pemilu 2024 oleh personel Polres Metro, Selasa (28/11/2023).")


def test_event_after_publication():
    text = f"{LEAD}, kamis (17/10/2024)."
    assert "event_after_publication" in flags_of(text, published="2024-10-10")
    assert "event_after_publication" not in flags_of(text, published="2024-10-18T08:00:00+08:00")
