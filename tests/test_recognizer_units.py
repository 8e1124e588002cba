"""The units recogniser alone: where a written Polsek name ends (places real, releases invented)."""

from __future__ import annotations

import pytest

from extract.ingest import SourceDocument
from extract.pipeline import Extractor

from conftest import pipeline_of, spans_found


@pytest.mark.parametrize("text, span, place", [
    # kept as written beyond the kecamatan the gazetteer knows
    ("personel Polsek Lasiolat Raya melaksanakan patroli", "Polsek Lasiolat Raya", "Lasiolat Raya"),
    # ended at the unit's parent area, at digits, at a headline word
    ("personel Polsek Lasiolat Belu melaksanakan patroli", "Polsek Lasiolat", "Lasiolat"),
    ("Polsek Lasiolat 14 kasus selesai", "Polsek Lasiolat", "Lasiolat"),
    ("Polsek Lasiolat Amankan Kampanye Terbatas", "Polsek Lasiolat", "Lasiolat"),
    # a capitalised verb of a headline ends the name, also after a name longer than the kecamatan
    ("Polsek Lasiolat Distribusikan Logistik Pemilu, Ini Rinciannya", "Polsek Lasiolat", "Lasiolat"),
    ("Polsek Lasiolat Raya Bagikan Sembako ke Warga", "Polsek Lasiolat Raya", "Lasiolat Raya"),
    ("Polsek Lasiolat Raya Menyalurkan Bantuan", "Polsek Lasiolat Raya", "Lasiolat Raya"),
    # unless the gazetteer knows a name that runs through the word
    ("Polres Kepulauan Mentawai Gelar Apel", "Polres Kepulauan Mentawai", "Kepulauan Mentawai"),
])
def test_polsek_name_end(text: str, span: str, place: str) -> None:
    found = spans_found(pipeline_of("tribrata_units"), text, "UNIT")
    assert [(t, text[s:e], a["place"]) for _, t, s, e, a in found][:1] == [(span, span, place)]


@pytest.mark.parametrize("text, span, place", [
    # a compass word written in lower case stays in the name
    ("tidak jauh dari Mapolsek Kupang timur, warga", "Mapolsek Kupang timur", "Kupang timur"),
    ("Polres Halmahera tengah menggelar apel", "Polres Halmahera tengah", "Halmahera tengah"),
    # not where the name it makes is no such unit's area
    ("Polres Belu utara menggelar apel", "Polres Belu", "Belu"),
    # nor as the first word of the name
    ("Polsek timur menggelar apel", None, None),
])
def test_lower_case_compass_word(text: str, span: str | None, place: str | None) -> None:
    found = spans_found(pipeline_of("tribrata_units"), text, "UNIT")
    assert [(t, text[s:e], a["place"]) for _, t, s, e, a in found] == ([(span, span, place)] if span else [])


def test_lower_case_and_abbreviated_forms_are_one_unit() -> None:
    text = "Polres Halmahera tengah menggelar apel di lapangan Polres Halteng, Senin."
    assert Extractor()(SourceDocument(id="t", text=text)).record.units == ["Polres Halmahera Tengah"]


@pytest.mark.parametrize("text, spans", [
    # an official name with "dan" that the unit table knows, a reduplicated word in it
    ("dari 315 personel Polresta Pulau Ambon dan Pulau-Pulau Lease, serta", ["Polresta Pulau Ambon dan Pulau-Pulau Lease"]),
    # two units joined by "dan"
    ("personel Polsek Lasiolat dan Tasifeto Timur berjaga", ["Polsek Lasiolat", "Tasifeto Timur"]),
])
def test_names_with_dan(text: str, spans: list[str]) -> None:
    assert [t for _, t, _, _, _ in spans_found(pipeline_of("tribrata_units"), text, "UNIT")] == spans


@pytest.mark.parametrize("text, units", [
    # a headline form of the unit written in full in the body
    ("Polres Minahasa Gelar Patroli Malam di Lokasi TPS\nPolres Minahasa Utara menggelar patroli malam, Senin.",
     ["Polres Minahasa Utara"]),
    # a name cut short that is no such unit's area
    ("Polres Timor Tengah Utara menggelar apel. Sat Lantas Polres Timor akan dibantu instansi terkait.",
     ["Polres Timor Tengah Utara"]),
    # two units that both exist, written in the body, stay two
    ("Personel Polres Minahasa dan personel Polres Minahasa Utara berjaga. Keduanya hadir.",
     ["Polres Minahasa", "Polres Minahasa Utara"]),
])
def test_short_forms_are_one_unit(text: str, units: list[str]) -> None:
    assert Extractor()(SourceDocument(id="t", text=text)).record.units == units


@pytest.mark.parametrize("text, spans", [
    # a unit in parentheses right after a unit is its alias
    ("personel Polres Metro Jakarta Barat (Polres Jakbar) menggelar apel", ["Polres Metro Jakarta Barat"]),
    ("personel Polsek Lasiolat (Polsek Lasiolat Raya) berjaga", ["Polsek Lasiolat"]),
    # the spelled-out Brimob, with or without its short form in parentheses
    ("personel Satuan Brimob Polda NTT menggelar apel", ["Satuan Brimob Polda NTT"]),
    ("personel Satuan Brigade Mobil (Brimob) Polda NTT menggelar apel", ["Satuan Brigade Mobil (Brimob) Polda NTT"]),
])
def test_aliases_and_spelled_out_forms(text: str, spans: list[str]) -> None:
    assert [t for _, t, _, _, _ in spans_found(pipeline_of("tribrata_units"), text, "UNIT")] == spans


@pytest.mark.parametrize("text, units", [
    ("Personel Satuan Brigade Mobil (Brimob) Polda NTT menggelar apel.", ["Satbrimob Polda NTT"]),
    ("Kepolisian Resor Kota Kupang menggelar apel.", ["Polresta Kupang"]),
    ("Personel Polres Metro Jakarta Barat (Polres Jakbar) menggelar apel.", ["Polres Metro Jakarta Barat"]),
    # the place written out in parentheses after an abbreviated unit
    ("Personel Polres TTU (Timor Tengah Utara) menggelar apel.", ["Polres Timor Tengah Utara"]),
    ("Personel Polres Belu (Kabupaten Belu) menggelar apel.", ["Polres Belu"]),
])
def test_spelled_out_forms_map_to_the_unit(text: str, units: list[str]) -> None:
    assert Extractor()(SourceDocument(id="t", text=text)).record.units == units
