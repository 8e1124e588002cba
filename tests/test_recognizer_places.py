"""The places recogniser alone on a blank pipeline (after the units it reads), one row per kind
of phrasing; and the linking of places to Kemendagri codes through the whole extractor.

The sentences are written for these tests in the style of the releases; the place names are
Kemendagri's."""

from __future__ import annotations

import pytest

from conftest import pipeline_of, spans_found
from extract.clean import clean
from extract.pipeline import Extractor
from extract.records import SourceDocument


@pytest.fixture(scope="module")
def nlp():
    return pipeline_of("tribrata_units", "tribrata_places")


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def found(nlp, text: str) -> list[tuple[str, int, int, str, str, str | None]]:
    """(text, start, end, level, name, official) of every place, by position."""
    return sorted((t, start, end, a["level"], a["name"], a["official"])
                  for _, t, start, end, a in spans_found(nlp, text, "PLACE"))


@pytest.mark.parametrize("kind, text, places", [
    ("address chain: a kecamatan before its regency",
     "Personel Polres Cilacap melaksanakan pengamanan di Hotel Griya Asri, Wanareja, Kabupaten Cilacap.",
     [("Kabupaten Cilacap", 79, 96, "regency", "Cilacap", "Kabupaten Cilacap"),
      ("Wanareja", 69, 77, "district", "Wanareja", None)]),
    ("a bare item after Desa X that is the kecamatan of X",
     "Kebakaran terjadi di Desa Maneikun, Lasiolat, pada Senin malam.",
     [("Desa Maneikun", 21, 34, "village", "Maneikun", None), ("Lasiolat", 36, 44, "district", "Lasiolat", None)]),
    ("a bare village after a cue, inside the unit's area",
     "Personel Polres Belu berpatroli di Maneikun pada malam hari.",
     [("Maneikun", 35, 43, "village", "Maneikun", None)]),
    ("places inside civilian bodies",
     "Aksi unjuk rasa Aliansi Mahasiswa NTB berlangsung di depan kantor DPRD NTB.",
     [("NTB", 34, 37, "province", "NTB", "Nusa Tenggara Barat"),
      ("NTB", 71, 74, "province", "NTB", "Nusa Tenggara Barat")]),
    ("never inside a police or military unit or post",
     "Apel diikuti personel Brimob Kompi Belu dan Kodim 1605/Belu.", []),
    ("never inside a Brimob company, also with a name of several words",
     "Apel diikuti personel Brimob Kompi Timor Tengah Utara.", []),
    ("football clubs named after their towns; Kota or Kabupaten by the unit's area",
     "Polres Jayapura Kota mengamankan laga Persipura Jayapura melawan PSM Makassar.",
     [("Jayapura", 48, 56, "regency", "Jayapura", "Kota Jayapura"),
      ("Makassar", 69, 77, "regency", "Makassar", "Kota Makassar")]),
    ("a name of a Kota and a Kabupaten in the Polda's province: the Kota, its seat",
     "Polda Papua mengirim logistik ke distrik, kata Kabid Humas di Jayapura, Senin.",
     [("Jayapura", 62, 70, "regency", "Jayapura", "Kota Jayapura")]),
    ("a Polres of a Kabupaten: the Kabupaten",
     "Personel Polres Kupang berpatroli, kata Kapolres di Kupang, Rabu.",
     [("Kupang", 52, 58, "regency", "Kupang", "Kabupaten Kupang")]),
    ("words that begin like a club's are no cue",
     "Persiapan Kupang dimulai. Sebanyak 50 persen Jayapura.", []),
    ("kota X where Kemendagri has no Kota X: the Kabupaten",
     "Personel berpatroli di seputaran kota Manokwari.",
     [("kota Manokwari", 33, 47, "regency", "Manokwari", "Kabupaten Manokwari")]),
    ("a unit written Kepolisian Resor Kota X names no place",
     "Kepolisian Resor Kota Kupang menggelar patroli.", []),
    ("a bare village after a village head's title, inside the unit's area",
     "Polres Belu sudah berkoordinasi dengan pejabat Maneikun dan Lurah Umanen.",
     [("Maneikun", 47, 55, "village", "Maneikun", None), ("Umanen", 66, 72, "village", "Umanen", None)]),
    ("a person after a village head's title is no village",
     "Polres Belu berkoordinasi dengan Lurah Yohanes.", []),
    ("a list of bare villages after a list opener, to the sentence's end, streets and venues skipped",
     "Polres Belu berpatroli dengan rute meliputi Jalan Hj. Sukardi, Maneikun, Pasar Baru dan Umanen. "
     "Kapolres, Lasiolat, hadir.",
     [("Maneikun", 63, 71, "village", "Maneikun", None), ("Umanen", 88, 94, "village", "Umanen", None)]),
    ("a capitalised name with a lower-case compass word, outside a level word",
     "Polres Sinjai berpatroli di Sinjai utara dan di Sulawesi selatan.",
     [("Sinjai utara", 28, 40, "district", "Sinjai Utara", None),
      ("Sulawesi selatan", 48, 64, "province", "Sulawesi selatan", "Sulawesi Selatan")]),
    ("a lower-case qualifier that makes no known name is no part of one",
     "Personel Polres Belu baru saja tiba di Belu utara.",
     [("Belu", 39, 43, "regency", "Belu", "Kabupaten Belu")]),
    ("an address run without commas, split by the gazetteer's hierarchy",
     "Pelaku merupakan warga Maneikun Lasiolat Kabupaten Belu.",
     [("Kabupaten Belu", 41, 55, "regency", "Belu", "Kabupaten Belu"),
      ("Lasiolat", 32, 40, "district", "Lasiolat", None), ("Maneikun", 23, 31, "village", "Maneikun", None)]),
    ("a venue's words before a kecamatan, without commas, are no chain",
     "Acara digelar di Puri Agung Lasiolat Kabupaten Belu.",
     [("Kabupaten Belu", 37, 51, "regency", "Belu", "Kabupaten Belu")]),
    ("a bare kecamatan after polling stations, inside the unit's area",
     "Polres Belu mengamankan pemungutan suara ulang di TPS 1 dan 2 Lasiolat.",
     [("Lasiolat", 62, 70, "district", "Lasiolat", None)]),
    ("a list of bare kecamatan after a cue, inside the unit's area",
     "Polres Belu berpatroli di Lasiolat, Lamaknen dan Raihat.",
     [("Lasiolat", 26, 34, "district", "Lasiolat", None), ("Lamaknen", 36, 44, "district", "Lamaknen", None),
      ("Raihat", 49, 55, "district", "Raihat", None)]),
    ("a list of bare kecamatan without a cue is none",
     "Polres Belu berpatroli. Lasiolat, Lamaknen dan Raihat aman.", []),
    ("a number word in a village name: Kemendagri's Roman numeral",
     "Personel Polres Tarakan berjaga di TPS 04 Kampung 1 Skip.",
     [("Kampung 1 Skip", 42, 56, "village", "Kampung 1 Skip", None)]),
    ("all lower case, resolved inside the unit's area",
     "Polres Belu mengamankan kampanye di kecamatan lasiolat.",
     [("kecamatan lasiolat", 36, 54, "district", "Lasiolat", None)]),
    ("a compass word in lower case belongs to the name",
     "Pencurian ternak terjadi di kecamatan Kupang timur.",
     [("kecamatan Kupang timur", 28, 50, "district", "Kupang Timur", None)]),
    ("shared heads left out in a list",
     "Diantaranya Kecamatan Sinjai Timur, Selatan dan Utara.",
     [("Kecamatan Sinjai Timur", 12, 34, "district", "Sinjai Timur", None),
      ("Selatan", 36, 43, "district", "Sinjai Selatan", None), ("Utara", 48, 53, "district", "Sinjai Utara", None)]),
    ("a TPS label is no item of a list",
     "Pengamanan di TPS 01 Desa Maneikun, TPS 02 Desa Baudaok.",
     [("Desa Baudaok", 43, 55, "village", "Baudaok", None), ("Desa Maneikun", 21, 34, "village", "Maneikun", None)]),
    ("a month is no item of a list",
     "Kejadian serupa terjadi di desa Maneikun, Januari 2025.",
     [("desa Maneikun", 27, 40, "village", "Maneikun", None)]),
    ("a venue after the connector ends the list",
     "Pertemuan digelar di Balai Desa Maneikun, Kecamatan Lasiolat dan Pura Dalem.",
     [("Desa Maneikun", 27, 40, "village", "Maneikun", None),
      ("Kecamatan Lasiolat", 42, 60, "district", "Lasiolat", None)]),
    ("termasuk joins a list",
     "Patroli menyasar Kecamatan Lasiolat, Raihat termasuk Tasifeto Timur.",
     [("Kecamatan Lasiolat", 17, 35, "district", "Lasiolat", None), ("Raihat", 37, 43, "district", "Raihat", None),
      ("Tasifeto Timur", 53, 67, "district", "Tasifeto Timur", None)]),
    ("Desa dan Kecamatan X names both",
     "Pelaku adalah warga Desa dan Kecamatan Lasiolat.",
     [("Kecamatan Lasiolat", 29, 47, "district", "Lasiolat", None), ("Lasiolat", 39, 47, "village", "Lasiolat", None)]),
    ("a level word inside the name",
     "Pengamanan PSU di Kecamatan Kota Maba, Halmahera Timur.",
     [("Halmahera Timur", 39, 54, "regency", "Halmahera Timur", "Kabupaten Halmahera Timur"),
      ("Kecamatan Kota Maba", 18, 37, "district", "Kota Maba", None)]),
    ("a programme after a level word is no place",
     "Polres Belu meresmikan Kampung Tangguh Bebas Narkoba.", []),
    ("a regional village word",
     "Pengamanan di Negeri Tulehu, Kecamatan Salahutu.",
     [("Kecamatan Salahutu", 29, 47, "district", "Salahutu", None), ("Negeri Tulehu", 14, 27, "village", "Tulehu", None)]),
    ("a regency name inside a longer district name",
     "Gangguan keamanan di kecamatan Poso Pesisir Selatan masih diwaspadai.",
     [("kecamatan Poso Pesisir Selatan", 21, 51, "district", "Poso Pesisir Selatan", None)]),
    ("a bare village after a TPS number, typed by its province",
     "Polres Pesisir Selatan memantau TPS 03 Batu Hampa dan TPS 02 Batu Hampa Induk.",
     [("Batu Hampa", 39, 49, "village", "Batu Hampa", None)]),
    ("a province inside another entity's name is none",
     "Petugas menyita bendera Federasi Papua Barat di Manokwari.",
     [("Manokwari", 48, 57, "regency", "Manokwari", "Kabupaten Manokwari")]),
    ("a regency word inside a kecamatan name names no regency",
     "Patroli di Kelurahan Dufa-Dufa, Kecamatan Kota Ternate Utara.",
     [("Kecamatan Kota Ternate Utara", 32, 60, "district", "Kota Ternate Utara", None),
      ("Kelurahan Dufa-Dufa", 11, 30, "village", "Dufa-Dufa", None)]),
    ("a level word that belongs to the official name",
     "Polresta Bandar Lampung memantau TPS 05 Negeri Olok Gading.",
     [("Negeri Olok Gading", 40, 58, "village", "Negeri Olok Gading", None)]),
    ("a person's name after a village is no item of a list",
     "Ketua RT Desa Maneikun, Yohanes membenarkan kejadian itu.",
     [("Desa Maneikun", 9, 22, "village", "Maneikun", None)]),
    ("a lower-case village after a place-like cue, inside the unit's area, in its official form",
     "Polres Belu menerima laporan dari warga baudaok.",
     [("baudaok", 40, 47, "village", "Baudaok", None)]),
    ("a bare kecamatan inside a regency named alone before it",
     "Personel Polda Bali berjaga di Badung dan mengamankan gereja di Kuta.",
     [("Badung", 31, 37, "regency", "Badung", "Kabupaten Badung"), ("Kuta", 64, 68, "district", "Kuta", None)]),
    ("a kecamatan named like its regency, alone, is the town (the unit's Kota): no kecamatan",
     "Polresta Sorong Kota menggelar sosialisasi di Sorong.",
     [("Sorong", 46, 52, "regency", "Sorong", "Kota Sorong")]),
    ("a dateline with an abbreviated level word and a date",
     "KAB. BELU – 21/07/2025 Polres Belu menggelar patroli di Desa Maneikun.",
     [("Desa Maneikun", 56, 69, "village", "Maneikun", None)]),
])
def test_places(nlp, kind, text, places):
    assert found(nlp, text) == sorted(places), kind


@pytest.mark.parametrize("text, name, place_type", [
    ("Polres Pesisir Selatan memantau TPS 03 Batu Hampa.", "Batu Hampa", "nagari"),  # Sumatera Barat
    ("Polres Biak Numfor berpatroli di Mandouw.", "Mandouw", "kampung"),  # Papua
    ("Polres Belu berpatroli di Maneikun.", "Maneikun", "desa"),
])
def test_a_bare_village_is_typed_by_its_province(nlp, text, name, place_type):
    assert [(a["name"], a["type"]) for *_, a in spans_found(nlp, text, "PLACE") if a["level"] == "village"] == [
        (name, place_type)]


@pytest.mark.parametrize("text, dateline", [
    ("JAWA BARAT\nKAB. CIREBON – 13/08/2025 Polsek Pabedilan menggelar patroli.", "JAWA BARAT\nKAB. CIREBON"),
    ("Judul berita\nKeterangan foto.\nSUMBERNEWS.COM, MAMUJU TENGAH - Polres Mamuju Tengah siaga.",
     "SUMBERNEWS.COM, MAMUJU TENGAH"),
    ("Beritaku.id | Kupang — Polres Kupang menggelar patroli.", "Beritaku.id | Kupang"),
    ("Beritaku.id | Polres Kupang menggelar patroli di Desa Oesao, Kupang - Timor.", "Beritaku.id"),
])
def test_datelines_in_more_shapes(text, dateline):
    start, end = clean(text).dateline
    assert text[start:end] == dateline


@pytest.mark.parametrize("text, name, code, status", [
    ("Polres Belu mengamankan kampanye di Desa Maneikun, Kecamatan Lasiolat.", "Maneikun", "53.04.17.2002",
     "resolved"),
    ("Polres Belu menggelar patroli di Desa Manekun, Kecamatan Lasiolat.", "Manekun", "53.04.17.2002", "near"),
    # one letter off, but never across numbered names: Kemendagri has only Kopandakan II there
    ("Polres Bolaang Mongondow mengamankan pemungutan suara di Desa Kopandakan I, Kecamatan Lolayan.",
     "Kopandakan I", None, "unknown"),
    # the one village of the area named with its kecamatan's word: Maba Sangaji, not the Sangaji of Tidore
    ("Polres Halmahera Timur mengamankan PSU di TPS 01 Desa Sangaji, Kecamatan Kota Maba.", "Sangaji",
     "82.06.10.2005", "near"),
    ("JAWA BARAT\nKAB. CIREBON – 13/08/2025 Polsek Pabedilan berpatroli di Desa Pabedilan Kulon.",
     "Pabedilan Kulon", "32.09.04.2003", "resolved"),
    # the common spelling variants inside the area: vowels (Lililef Waibulan)
    ("Polres Halmahera Tengah memburu pelaku di Desa Lililef Woibulon.", "Lililef Woibulon", "82.02.07.2001",
     "near"),
    # the one kecamatan of the area whose name holds the name written: Gentuma Raya
    ("Polres Gorontalo Utara berpatroli di Kecamatan Gentuma.", "Gentuma", "75.05.06", "near"),
    # inside a regency the release names, in another province than its units'
    ("Polres Serang menangkap pengedar yang membeli sabu di daerah Kebon Jeruk, Jakarta Barat.", "Kebon Jeruk",
     "31.73.05", "resolved"),
    # a number written as a word where Kemendagri writes a Roman numeral
    ("Personel Polres Tarakan berjaga di Kampung Satu Skip.", "Kampung Satu Skip", "65.71.02.1001", "resolved"),
    # a kecamatan Kemendagri has only as a village of the named regency
    ("Polres Tarakan menangkap dua pelaku di Kecamatan Bebatu, Kabupaten Tana Tidung.", "Bebatu",
     "65.04.02.2003", "near"),
])
def test_linking(extractor, text, name, code, status):
    places = {p["name"]: p for p in extractor(SourceDocument(id="t", text=text)).record.places}
    assert (places[name]["code"], places[name]["status"]) == (code, status)


def test_a_place_named_only_in_the_dateline_is_not_annotated(extractor):
    record = extractor(SourceDocument(id="t", text="JAWA BARAT\nKAB. CIREBON – 13/08/2025 Polsek Pabedilan "
                                                       "berpatroli di Desa Pabedilan Kulon.")).record
    assert record.regencies == [] and record.provinces == []


def test_a_place_written_again_another_way_is_listed_once(extractor):
    record = extractor(SourceDocument(id="t", text="Personel Polres Tarakan berjaga di Kampung Satu Skip. "
                                                       "Rekapitulasi di PPS Kampung 1 Skip selesai.")).record
    assert [(v.name, v.code) for v in record.villages] == [("Kampung Satu Skip", "65.71.02.1001")]
    assert [p["name"] for p in record.places] == ["Kampung Satu Skip"]
