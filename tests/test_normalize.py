"""Normalizers: small pure functions, tested on real phrasing of police releases.
Garbage in gives None (or a flag later), never an exception."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from extract.normalize import (
    iso_time, is_short_reference, operation_name, parse_digits, parse_iso_date, parse_number_words,
    person_key, person_name, rank_code, rank_info, split_titles, unit_name, year_for,
)


@pytest.mark.parametrize("written, code", [
    ("AKBP", "AKBP"), ("akbp", "AKBP"), ("AKBP.", "AKBP"), ("Kombes Pol.", "KOMBES"), ("KOMBES POL", "KOMBES"),
    ("Kombespol", "KOMBES"), ("Kombes. Pol.", "KOMBES"), ("IPDA", "IPDA"), ("Ipda", "IPDA"), ("Kompol", "KOMPOL"),
    ("AKP", "AKP"), ("Iptu", "IPTU"), ("Aiptu", "AIPTU"), ("Aipda", "AIPDA"), ("Bripka", "BRIPKA"),
    ("Brigadir", "BRIGPOL"), ("Brigpol", "BRIGPOL"), ("Briptu", "BRIPTU"), ("Bripda", "BRIPDA"),
    ("Bharada", "BHARADA"), ("Irjen Pol", "IRJEN"), ("Brigjen Pol.", "BRIGJEN"), ("Komjen", "KOMJEN"),
    ("Jenderal Polisi", "JENDERAL"), ("Letkol Inf", "LETKOL"), ("Letkol Czi", "LETKOL"), ("Kapten Inf", "KAPTEN"),
    ("Serka", "SERKA"), ("Sertu", "SERTU"), ("Kopda", "KOPDA"), ("Pratu", "PRATU"), ("Jenderal TNI", "JENDERAL"),
    ("Brigjen TNI", "BRIGJEN"), ("Ajun Komisaris Besar Polisi", "AKBP"),
    ("", None), ("Kapolres", None), ("Irjel", None), ("???", None), (None, None),
])
def test_rank_codes(written, code):
    assert rank_code(written) == code


@pytest.mark.parametrize("written, force, tier, english", [
    ("AKBP", "Polri", "Pamen", "Police Adjunct Senior Commissioner"),
    ("IPDA", "Polri", "Pama", "Police Second Inspector"),
    ("Bripka", "Polri", "Bintara", "Police Chief Brigadier"),
    ("Letkol Inf", "TNI", "Pamen", "Lieutenant Colonel"),
    ("Brigjen TNI", "TNI", "Pati", "Brigadier General"),
])
def test_rank_force_tier_and_english(written, force, tier, english):
    info = rank_info(written)
    assert (info.force, info.tier, info.english) == (force, tier, english)


def test_ranks_sort_by_order():
    ranks = ["IPDA", "KOMBES", "BRIPDA", "AKBP", "AKP", "IRJEN"]
    assert sorted(ranks, key=lambda r: rank_info(r).order) == ["IRJEN", "KOMBES", "AKBP", "AKP", "IPDA", "BRIPDA"]


@pytest.mark.parametrize("written, name, titles", [
    ("Benny Miniani Arief, S.I.K", "Benny Miniani Arief", ["S.I.K"]),
    ("Aldinan R.J.H Manurung, S.H., S.I.K., M.Si", "Aldinan R.J.H Manurung", ["S.H.", "S.I.K.", "M.Si"]),
    ("heri Sulistyo Nugroho S.IK, M.IK", "Heri Sulistyo Nugroho", ["S.IK", "M.IK"]),
    ("H. SALIM. S, S.H.", "Salim S", ["H.", "S.H."]),
    ("Dr. Drs Aloysius Haleserens, MM", "Aloysius Haleserens", ["Dr.", "Drs", "MM"]),
    ("Hironimus Mau Luma,S.Pd, MM", "Hironimus Mau Luma", ["S.Pd", "MM"]),
    ("I Nengah Sutawinaya, SH", "I Nengah Sutawinaya", ["SH"]),
])
def test_names_without_titles_in_title_case(written, name, titles):
    assert person_name(written) == name
    assert split_titles(written)[1] == titles


@pytest.mark.parametrize("written", ["", "   ", ",", "S.H.", "123"])
def test_no_name_gives_none(written):
    assert person_name(written) is None


@pytest.mark.parametrize("short, full, same", [
    ("Okto", "Oktovianus Wadu Ere", True),
    ("Benny Arief", "Benny Miniani Arief", True),
    ("Benny", "Benny Miniani Arief", True),
    ("Agus", "Benny Miniani Arief", False),
    ("Oktovianus Wadu Ere", "Oktovianus Wadu Ere", False),
    ("Ok", "Oktovianus Wadu Ere", False),
    ("", "Oktovianus Wadu Ere", False),
])
def test_short_references(short, full, same):
    assert is_short_reference(short, full) is same


def test_person_key_is_stable_across_documents_and_spellings():
    assert person_key("Benny Miniani Arief", "AKBP") == person_key("BENNY MINIANI ARIEF", "AKBP")
    assert person_key("Benny Miniani Arief", "AKBP") != person_key("Benny Miniani Arief", "KOMBES")
    assert len(person_key("x", None)) == 16


@pytest.mark.parametrize("words, number", [
    ("seratus lima puluh satu", 151), ("dua ribu tiga puluh lima", 2035), ("sebelas", 11), ("seratus", 100),
    ("seribu", 1000), ("dua", 2), ("tujuh belas", 17), ("dua puluh", 20), ("seribu dua ratus", 1200),
    ("sembilan ratus sembilan puluh sembilan", 999), ("satu juta", 1000000),
    ("ratusan", None), ("ribuan", None), ("", None), ("lima apel", None), (None, None),
])
def test_number_words(words, number):
    assert parse_number_words(words) == number


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=1_000_000))
def test_number_words_agree_with_num2words(n):
    assert parse_number_words(num2words(n, lang="id")) == n


@pytest.mark.parametrize("digits, number", [
    ("151", 151), ("2.035", 2035), ("285", 285), ("18.792", 18792), ("1.2.3", None), ("abc", None), ("", None),
])
def test_digits(digits, number):
    assert parse_digits(digits) == number


@pytest.mark.parametrize("hour, minute, zone, iso", [
    (14, 30, "wita", "14:30+08:00"), (9, 0, "WITA", "09:00+08:00"), (20, 0, "WIB", "20:00+07:00"),
    (7, 15, "WIT", "07:15+09:00"), (14, 30, None, "14:30"), (25, 0, None, None), (12, 75, "WIB", None),
])
def test_times(hour, minute, zone, iso):
    assert iso_time(hour, minute, zone) == iso


@pytest.mark.parametrize("month, day, weekday, known, published, latest, year", [
    (11, 29, 4, [2024], None, None, 2024),          # "Jumat (29/11)" in a 2024 release
    (11, 7, 1, [], None, 2024, 2023),               # "Selasa (7/11)" in a Pemilu 2024 story: 2023-11-07
    (2, 13, 1, [], None, 2024, 2024),               # "Selasa (13/2)": 2024-02-13
    (10, 28, 0, [2024], None, None, 2024),          # "Senin (28/10)" with "Pilkada 2024"
    (11, 27, None, [], None, None, None),           # no year anywhere: unknown, never the clock
    (11, 27, 2, [], dt.date(2024, 12, 1), None, 2024),
])
def test_years_of_dates_written_without_one(month, day, weekday, known, published, latest, year):
    assert year_for(month, day, weekday, known, published, latest) == year


@pytest.mark.parametrize("text, date", [
    ("2024-11-24", dt.date(2024, 11, 24)), ("2024-11-24T07:34:44Z", dt.date(2024, 11, 24)),
    ("2024-13-01", None), ("kemarin", None), ("", None), (None, None),
])
def test_publication_dates(text, date):
    assert parse_iso_date(text) == date


@pytest.mark.parametrize("unit_type, place, name", [
    ("Polres", "Belu", "Polres Belu"), ("Polres", "BELU", "Polres Belu"), ("Polda", "NTT", "Polda NTT"),
    ("Polres", "OKU Timur", "Polres OKU Timur"), ("Polresta", "Kupang Kota", "Polresta Kupang Kota"),
    ("Polres", "KEPULAUAN SERIBU", "Polres Kepulauan Seribu"), ("Mabes Polri", None, "Mabes Polri"),
])
def test_unit_names(unit_type, place, name):
    assert unit_name(unit_type, place) == name


@pytest.mark.parametrize("base, region, year, name", [
    ("Mantap Praja", "Turangga", "2024", "Operasi Mantap Praja Turangga 2024"),
    ("Mantap Praja", "Musi", "2024", "Operasi Mantap Praja Musi 2024"),
    ("Ketupat", None, "2024", "Operasi Ketupat 2024"),
    ("Mantap Praja", None, None, "Operasi Mantap Praja"),
])
def test_operation_names(base, region, year, name):
    assert operation_name(base, region, year) == name
