"""The dates recogniser alone, one row per kind of phrasing: the exact span and its parts."""

from __future__ import annotations

import pytest

from conftest import pipeline_of, spans_found


def _parts(attrs: dict) -> list[tuple[int, int, int | None, str]]:
    return [(p["day"], p["month"], p["year"], p["role"]) for p in attrs["parts"]]


@pytest.mark.parametrize("text, span, start, weekday, parts", [
    # a bare numeric date right after a dateline dash
    ("KAB. SUKAMAJU – 21/07/2025 Personel Polsek Mekarsari melaksanakan patroli.", "21/07/2025", 16, None,
     [(21, 7, 2025, "single")]),
    # a bare numeric date at the start of a line
    ("Laporan Humas\n05/03/2025 Polres Sukamaju menggelar razia.", "05/03/2025", 14, None,
     [(5, 3, 2025, "single")]),
    # a weekday with a part of the day before the date
    ("Patroli digelar Jumat malam (4/8/2023) di Pasar Baru.", "Jumat malam (4/8/2023)", 16, 4,
     [(4, 8, 2023, "single")]),
    ("Pelaku dibekuk Sabtu dini hari (3/2/2024) di rumahnya.", "Sabtu dini hari (3/2/2024)", 15, 5,
     [(3, 2, 2024, "single")]),
    # a range whose weekday belongs to its first end
    ("Kampanye berlangsung Rabu 25 September hingga 24 Oktober 2024.", "Rabu 25 September hingga 24 Oktober 2024",
     21, 2, [(25, 9, None, "range_start"), (24, 10, 2024, "range_end")]),
])
def test_dates_found(text, span, start, weekday, parts) -> None:
    found = spans_found(pipeline_of("tribrata_dates"), text, "DATE")
    assert [(f[1], f[2], f[3]) for f in found] == [(span, start, start + len(span))]
    assert found[0][4]["weekday"] == weekday
    assert _parts(found[0][4]) == parts


@pytest.mark.parametrize("text", [
    # a bare numeric date inside a sentence is a number, not a date
    "Sesuai surat nomor 12/05/2024 tentang pengamanan, personel disiagakan.",
    # a bare date without its year after a dash
    "SUKAMAJU - 21/07 Personel Polsek Mekarsari melaksanakan patroli.",
])
def test_no_date(text) -> None:
    assert spans_found(pipeline_of("tribrata_dates"), text, "DATE") == []
