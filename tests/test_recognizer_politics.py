"""The politics recogniser alone: candidates named by their context, in the phrasings of the
releases (names invented), and parties."""

from __future__ import annotations

import pytest

from extract.ingest import SourceDocument
from extract.pipeline import Extractor

from conftest import pipeline_of, spans_found


@pytest.mark.parametrize("text, names", [
    # the office and its regency before the ticket
    ("mengawal Paslon Bupati dan Wakil Bupati Belu Yosef Manek-Maria Bete di lapangan.",
     ["Yosef Manek", "Maria Bete"]),
    # titles glued on after commas, the ticket joined by a dash
    ("kampanye pasangan calon Bupati dan Wakil Bupati Belu Yosef Manek, S.STP., MM - Maria Bete, S.S., M.Si di desa.",
     ["Yosef Manek", "Maria Bete"]),
    # a province, a comma, then the names and a nickname phrase
    ("pasangan Calon Gubernur dan Wakil Gubernur Sulawesi Tenggara, Andi Baso dan Yusuf Lamba yang dikenal dengan julukan Bersatu.",
     ["Andi Baso", "Yusuf Lamba"]),
    # a list of tickets, titles without dots
    ("Tiga pasangan calon dimaksud adalah Budi Santoso SH-Rahmat Hidayat SAg, Joko Susilo SP-Agus Wibowo ST MT, dan Dedi Kurnia-Eko Prasetyo.",
     ["Budi Santoso", "Rahmat Hidayat", "Joko Susilo", "Agus Wibowo", "Dedi Kurnia", "Eko Prasetyo"]),
    ("pasangan Nomor Urut 1 Budi Santoso berpasangan dengan Rahmat Hidayat menggelar kampanye.",
     ["Budi Santoso", "Rahmat Hidayat"]),
    ("kampanye pasangan petahana Budi Santoso-Rahmat Hidayat di balai desa.", ["Budi Santoso", "Rahmat Hidayat"]),
    ("kampanye paslon nomor urut dua (2), Budi Santoso dan Rahmat Hidayat di lapangan.",
     ["Budi Santoso", "Rahmat Hidayat"]),
    ("Paslon yang hadir adalah nomor urut 1 (Budi Santoso-Rahmat Hidayat), nomor urut 2 (Joko Susilo alias Pak JS-Agus Wibowo).",
     ["Budi Santoso", "Rahmat Hidayat", "Joko Susilo", "Agus Wibowo"]),
    # legislative candidates
    ("kampanye caleg Partai Golkar Budi Santoso di desa.", ["Budi Santoso"]),
    ("dihadiri dua calon legislatif DPRD Belu, Budi Santoso dari Partai Golkar dan Rahmat Hidayat dari Partai Gerindra.",
     ["Budi Santoso", "Rahmat Hidayat"]),
    ("tatap muka oleh calon anggota DPD RI Dapil Bengkulu Sri Wahyuni, S.Apt di rumah warga.", ["Sri Wahyuni"]),
    ("kampanye calon anggota DPRD Kabupaten Belu Dapil 2 Budi Santoso, S.Pd di rumah warga.", ["Budi Santoso"]),
    ("Acara dihadiri oleh Budi Santoso, S.Sos, calon legislatif DPRD dari Partai Golkar.", ["Budi Santoso"]),
    # a place the gazetteer does not know, ended by the ticket number
    ("kampanye Calon Wali Kota Sukamaju nomor urut 2, Budi Santoso di pasar.", ["Budi Santoso"]),
    # no names: a ticket number, a date after the place, a ticket word in parentheses
    ("pengamanan paslon nomor urut 1 di lapangan", []),
    ("Kampanye Calon Bupati No Urut 01 Kabupaten Belu, Kamis (24/10/2024) sore.", []),
    ("pencabutan nomor urut Pasangan Calon (Paslon) Pemilihan Kepala Daerah di gedung.", []),
    ("Polisi Amankan Kampanye Dialogis Paslon Cagub Sulteng di Pasar", []),
    # a headline fragment is no name: a verb after the office, or after a single capitalised word
    ("Paslon Bupati Belu Lancar Sampaikan Visi Misi di Atambua", []),
    ("Calon Bupati Belu Hadiri Debat Publik Perdana", []),
    # a Pilkades: the village head's candidates
    ("persaingan calon kepala desa Budi Santoso dan Rahmat Hidayat berjalan damai.", ["Budi Santoso", "Rahmat Hidayat"]),
    # a name ends before a headline verb
    ("Cabup Budi Santoso Sampaikan Visi Misi di Atambua", ["Budi Santoso"]),
    ("Paslon Budi Santoso-Rahmat Hidayat Hadiri Debat Publik", ["Budi Santoso", "Rahmat Hidayat"]),
])
def test_candidates(text: str, names: list[str]) -> None:
    found = spans_found(pipeline_of("tribrata_politics"), text, "CANDIDATE")
    assert [t for _, t, _, _, _ in found] == names
    assert all(text[start:end] == span for _, span, start, end, _ in found)


@pytest.mark.parametrize("text, names", [
    # one-word names only in the headline are a slogan
    ("Kampanye Akbar Paslon Nomor Urut 2 Meriah dan Aman\nPolres Belu mengamankan kampanye akbar.", []),
    # kept when the body names them too, or when the headline is a sentence
    ("Kampanye Paslon Nomor Urut 2 Budi dan Rahmat\nBudi dan Rahmat berkampanye di lapangan.", ["Budi", "Rahmat"]),
    ("Polres mengamankan kampanye paslon Budi dan Rahmat. Situasi aman.\nPersonel siaga.", ["Budi", "Rahmat"]),
    # a name ends at a sentence end
    ("kampanye paslon Budi Santoso dan Rahmat Hidayat. Situasi aman.", ["Budi Santoso", "Rahmat Hidayat"]),
])
def test_headline_fragments(text: str, names: list[str]) -> None:
    found = spans_found(pipeline_of("tribrata_politics"), text, "CANDIDATE")
    assert [t for _, t, _, _, _ in found] == names


def test_candidate_span_offsets() -> None:
    text = "kampanye paslon Bupati Belu Yosef Manek-Maria Bete."
    assert spans_found(pipeline_of("tribrata_politics"), text, "CANDIDATE") == [
        ("CANDIDATE", "Yosef Manek", 28, 39, {"name": "Yosef Manek"}),
        ("CANDIDATE", "Maria Bete", 40, 50, {"name": "Maria Bete"}),
    ]


def test_a_candidate_repeated_is_one_candidate() -> None:
    text = ("Polres Belu Kawal Kampanye Paslon Yosef Manek-Maria Bete\n"
            "Personel mengamankan kampanye pasangan calon Bupati Belu Yosef Manek, S.H - Maria Bete di lapangan.")
    record = Extractor()(SourceDocument(id="t", text=text)).record
    assert record.candidates == ["Yosef Manek", "Maria Bete"]


@pytest.mark.parametrize("text, parties", [
    ("kegiatan partai Nasdem pelatihan saksi", ["NasDem"]),
    ("kampanye PDI-P dan Partai Golkar", ["PDI Perjuangan", "Golkar"]),
])
def test_parties(text: str, parties: list[str]) -> None:
    found = spans_found(pipeline_of("tribrata_politics"), text, "PARTY")
    assert [a["name"] for *_, a in found] == parties
