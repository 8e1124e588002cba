"""The recognisers on real phrasing (from the seeds or written in their style), field by field,
and `tribrata evaluate` on the shared development set against the quality targets."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, run_cli
from extract.pipeline import Extractor
from extract.records import SourceDocument


def extract(text: str, title: str | None = None):
    record = Extractor()(SourceDocument(id="t", text=text, title=title)).record
    assert record.status == "ok", record.error
    for ev in record.evidence:
        assert text[ev.start:ev.end] == ev.text
    return record


@pytest.mark.parametrize("text, name, rank, role", [
    ("Kapolres Belu, AKBP Benny Miniani Arief, S.I.K menuturkan", "Benny Miniani Arief", "AKBP", "Kapolres Belu"),
    ("Kapolresta Kupang Kota Kombes Pol. Aldinan R.J.H Manurung, S.H., S.I.K., M.Si melalui",
     "Aldinan R.J.H Manurung", "KOMBES", "Kapolresta Kupang Kota"),
    ("Kapolres Metro AKBP heri Sulistyo Nugroho S.IK, M.IK saat di temui", "Heri Sulistyo Nugroho", "AKBP",
     "Kapolres Metro"),
    ("di dampingi KBO Ipda H. SALIM. S, S.H. dan Personil lainnya", "Salim S", "IPDA", "KBO"),
    ("yang dipimpin Kasat Samapta AKP Rudi M Siregar SH di lapangan", "Rudi M Siregar", "AKP", "Kasat Samapta"),
    ("melalui Kepala Bagian Operasi (Kabag Ops) Polres Belu, AKP I Nengah Sutawinaya, SH mengatakan",
     "I Nengah Sutawinaya", "AKP", "Kabag Ops Polres Belu"),
    ("Kasi Humas Polres OKU Timur AKP Edi Arianto yang juga menjabat", "Edi Arianto", "AKP",
     "Kasi Humas Polres OKU Timur"),
    ("Dandim 1605/Belu Letkol Inf Budi Santoso hadir", "Budi Santoso", "LETKOL", "Dandim 1605/Belu"),
    ("apel dipimpin IPTU Yohanes Seran sebagai Perwira Pengendali.", "Yohanes Seran", "IPTU", "Perwira Pengendali"),
    ("Bhabinkamtibmas Desa Maneikun Bripka Yosef Mau menyampaikan", "Yosef Mau", "BRIPKA",
     "Bhabinkamtibmas Desa Maneikun"),
    ("Kapolsek Lasiolat Polres Belu IPDA Agus Haryono, SH memimpin", "Agus Haryono", "IPDA", "Kapolsek Lasiolat"),
])
def test_officers(text, name, rank, role):
    officers = {o.name: o for o in extract(text).officers}
    assert name in officers, officers
    assert (officers[name].rank, officers[name].role) == (rank, role)


def test_short_reference_is_merged_under_the_fuller_name():
    record = extract("Kepala Bagian Operasi (Kabagops) Kompol Oktovianus Wadu Ere, S.H mengatakan aman. "
                     "\n\n“Kami netral,” kata Kompol Okto.")
    assert [(o.name, o.rank, o.role) for o in record.officers] == [("Oktovianus Wadu Ere", "KOMPOL", "Kabagops")]


@pytest.mark.parametrize("text, units", [
    ("Personel Polsek Tasfieto Barat yang terlibat dalam Satgas Preventif OMP Polres Belu, kembali",
     ["Polsek Tasfieto Barat", "Polres Belu"]),
    ("Polres Metro Polda Lampung, Demi mensukseskan", ["Polres Metro", "Polda Lampung"]),
    ("apel kesiapan di lapangan apel Mapolres Belu pukul 14.30 wita", ["Polres Belu"]),
    ("Kepolisian Resor Belu (Polres Belu) menggelar rapat", ["Polres Belu"]),
    ("Kepolisian Sektor Lasiolat menggelar patroli", ["Polsek Lasiolat"]),
    ("personel Polsek Lasiolat dan Tasifeto Barat", ["Polsek Lasiolat", "Polsek Tasifeto Barat"]),
    ("anggota Polres jajaran dan Polsek setempat", []),
    ("Polres OKU Timur AKP Edi Arianto", ["Polres OKU Timur"]),
    ("POLRES BELU TURUNKAN PERSONEL", ["Polres Belu"]),
])
def test_units(text, units):
    assert extract(text).units == units


@pytest.mark.parametrize("text, villages, districts, regencies, provinces", [
    ("di Rumah Hendrik Berek, Dusun Mota'ain, Desa Maneikun dan Rumah Adat Bapak Yun Mau di Dusun Fatubesi, Desa Baudaok.",
     [("Mota'ain", "dusun"), ("Maneikun", "desa"), ("Fatubesi", "dusun"), ("Baudaok", "desa")], [], [], []),
    ("di 14 lokasi pada 11 kelurahan, yakni Kelurahan Batu Plat, Oebobo, Naikolan dan Oepura.",
     [("Batu Plat", "kelurahan"), ("Oebobo", "kelurahan"), ("Naikolan", "kelurahan"), ("Oepura", "kelurahan")],
     [], [], []),
    ("di 2 (dua) desa di kecamatan Lasiolat, kabupaten Belu", [], ["Lasiolat"], ["Kabupaten Belu"], []),
    ("pengamanan di Jalan Raya Belitang, Desa Bantan, Kecamatan Buay Pemuka Peliung.",
     [("Bantan", "desa")], ["Buay Pemuka Peliung"], [], []),
    ("calon Gubernur dan Wakil Gubernur Sumatera Selatan serta calon Bupati Kab. OKU Timur",
     [], [], ["Kabupaten Ogan Komering Ulu Timur"], ["Sumatera Selatan"]),
    ("pleno KPU Kota Kupang di Provinsi NTT", [], [], ["Kota Kupang"], ["Nusa Tenggara Timur"]),
    ("warga Dusun II, Desa Trans Pir Unit IV, Kecamatan Huraraja Tinggi",
     [("Dusun II", "dusun"), ("Trans Pir Unit IV", "desa")], ["Huraraja Tinggi"], [], []),
    ("Kapolres Belu dan personel Polres Belu di Lapangan Wandaka", [], [], [], []),
])
def test_places(text, villages, districts, regencies, provinces):
    record = extract(text)
    assert [(v.name, v.type) for v in record.villages] == villages
    assert (record.districts, record.regencies, record.provinces) == (districts, regencies, provinces)


@pytest.mark.parametrize("text, dates, event_date", [
    ("kegiatan kampanye calon Bupati Belu tahun 2024, kamis (17/10/2024).", ["2024-10-17"], "2024-10-17"),
    ("rapat koordinasi di Aula Polres Belu, Sabtu (23/11/24), Pukul 09.00 WITA.", ["2024-11-23"], "2024-11-23"),
    ("ungkapnya pada Rabu, 2 Oktober 2024.", ["2024-10-02"], "2024-10-02"),
    ("tahapan kampanye yang di mulai pada rabu 25 September hingga 24 Oktober 2024 nanti",
     ["2024-09-25", "2024-10-24"], "2024-09-25"),
    ("pengamanan kampanye Pilkada 2024 di Kota Kupang, Jumat (29/11)", ["2024-11-29"], "2024-11-29"),
    ("pengamanan logistik Pemilu 2024 di gudang KPU, Selasa (7/11)", ["2023-11-07"], "2023-11-07"),
    ("Kapolres Belu, Senin, mengatakan kampanye dimulai Rabu, 25 September 2024.", ["2024-09-25"], "2024-09-23"),
    ("pengamanan pada 5 Jan 2025 dan 30/2/2024 tidak ada", ["2025-01-05"], "2025-01-05"),
])
def test_dates(text, dates, event_date):
    record = extract(text)
    assert (record.dates, record.event_date) == (dates, event_date)


@pytest.mark.parametrize("text, count", [
    ("personel yang dikerahkan sebanyak 151 (seratus lima puluh satu), untuk mengamankan", 151),
    ("Polres Belu menerjunkan sebanyak 285 personel gabungan", 285),
    ("melibatkan 2.035 personel TNI-Polri", 2035),
    ("di 14 lokasi pada 11 kelurahan dalam 6 kecamatan", None),
    ("ratusan personel dikerahkan", None),
    ("kurang lebih 200 personil disiagakan", 200),
    ("melibatkan 360 personel gabungan, yakni dari Polri sebanyak 250 personel, selebihnya TNI", 250),
    ("dengan melibatkan sembilan personel", 9),
    ("salah satu anggota Polsek Lasiolat", None),
])
def test_personnel_counts(text, count):
    assert extract(text).personnel_count == count


@pytest.mark.parametrize("text, operation", [
    ("Satgas Preventif Operasi Mantap Praja (OMP) Turangga 2024 Polres Belu", "Operasi Mantap Praja Turangga 2024"),
    ("tergabung dalam Satuan Tugas Operasi Mantap Praja (Satgas OMP) Turangga 2024, melakukan",
     "Operasi Mantap Praja Turangga 2024"),
    ("bagian dari operasi Mantap Praja Musi 2024, yang digelar", "Operasi Mantap Praja Musi 2024"),
    ("personel Satgas OMP Turangga 2024 turun", "Operasi Mantap Praja Turangga 2024"),
    ("pengamanan Operasi Ketupat 2024 di pos", "Operasi Ketupat 2024"),
    ("kegiatan operasi cipta kondisi dan KRYD", None),
])
def test_operations(text, operation):
    assert extract(text).operation == operation


@pytest.mark.parametrize("text, candidates", [
    ("pengamanan kampanye dari Paket ROMAN (Hironimus Mau Luma,S.Pd, MM danTheodorus Frederikus Seran Tefa, SM) di",
     ["Hironimus Mau Luma", "Theodorus Frederikus Seran Tefa"]),
    ("diikuti dua pasangan calon, yakni pasangan Yohanes Bria dan Maria Seran. Pasangan Agus Taek dan H. Umar Ali.",
     ["Yohanes Bria", "Maria Seran", "Agus Taek", "Umar Ali"]),
    ("debat paslon nomor urut 1 (Yohanes Bria-Maria Seran) dan nomor urut 2, Agus Taek – Umar Ali.",
     ["Yohanes Bria", "Maria Seran", "Agus Taek", "Umar Ali"]),
    ("kampanye Paslon Bupati dan Wakil Bupati Belu, Paket Roman.", []),
    ("pengamanan paslon nomor urut 1 di lapangan", []),
])
def test_candidates(text, candidates):
    assert extract(text).candidates == candidates


@pytest.mark.parametrize("text, parties", [
    ("kegiatan partai Nasdem pelatihan saksi", ["NasDem"]),
    ("kantor DPC PDI Perjuangan dan Partai Golkar", ["PDI Perjuangan", "Golkar"]),
    ("demokrasi berjalan damai", []),
])
def test_parties(text, parties):
    assert extract(text).parties == parties


@pytest.mark.parametrize("text, event_type", [
    ("Polres Belu menggelar apel gelar pasukan Operasi Mantap Praja 2024 di lapangan Mapolres.", "parade_briefing"),
    ("Personel Polsek Lasiolat mengamankan kampanye pertemuan terbatas paslon di Desa Maneikun.", "campaign_security"),
    ("Polres Belu mengawal distribusi logistik Pilkada dan kotak suara ke TPS.", "election_security"),
    ("Polres Belu menggelar rapat koordinasi bersama KPU dan Bawaslu.", "coordination_meeting"),
    ("Satlantas Polres Belu menggelar Operasi Zebra dan menilang pengendara tanpa helm.", "traffic"),
    ("Satreskrim Polres Belu menangkap tersangka pencurian dan menyita barang bukti.", "law_enforcement"),
    ("Personel Polsek membantu evakuasi warga korban banjir di Desa Maneikun.", "disaster"),
    ("Polres Belu mengamankan ibadah misa malam Natal di gereja.", "religious_security"),
    ("Polres Belu mengamankan aksi unjuk rasa mahasiswa di depan kantor DPRD.", "demonstration_security"),
])
def test_event_types(text, event_type):
    assert extract(text).event_type == event_type


@pytest.mark.parametrize("text, masked", [
    ("Polres Belu mengamankan kampanye.\nBACA JUGA: Polres Metro Amankan Pilkada\nselesai.", "Polres Metro"),
    ("Belu.Spektrum-ntt.com || Dalam rangka kesiapan Polres Belu", "Spektrum"),
    ("LoadingOKU TIMUR - Polres OKU Timur terus melaksanakan", "Loading"),
    ("Polres Belu mengamankan kampanye.\nEditor: Polres Kupang\n", "Polres Kupang"),
])
def test_nothing_is_extracted_from_boilerplate(text, masked):
    record = extract(text)
    assert all(masked not in e.text for e in record.evidence)
    assert not any(masked in u for u in record.units)


def test_evaluate_on_the_development_set_meets_the_targets():
    if not (SHARED / "dev.jsonl").exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    out = run_cli("evaluate", "--json", "--gold", str(SHARED / "dev_gold.jsonl"), str(SHARED / "dev.jsonl")).stdout
    report = json.loads(out)
    fields = report["fields"]
    assert report["overall"] >= 0.97
    assert report["officer_rank"]["accuracy"] >= 0.98
    assert report["officer_role"]["accuracy"] >= 0.95
    for name in ("dates", "units", "officers", "villages", "districts", "regencies", "provinces", "candidates",
                 "parties"):
        assert fields[name]["f1"] >= 0.93, name
    for name in ("event_type", "event_date", "personnel_count", "operation"):
        assert fields[name]["accuracy"] >= 0.93, name
