"""The officers recogniser alone: ranks written out or mistyped, names with abbreviations,
posts before and after the name (names invented); and the merged role of a record."""

from __future__ import annotations

import pytest

from extract.ingest import SourceDocument
from extract.pipeline import Extractor

from conftest import pipeline_of, spans_found


@pytest.mark.parametrize("text, span, name, rank, role", [
    # a rank written out with its abbreviation
    ("Kapolres Belu, Ajun Komisaris Besar Polisi (AKBP) Budi Santoso, S.I.K., mengatakan",
     "Kapolres Belu, Ajun Komisaris Besar Polisi (AKBP) Budi Santoso", "Budi Santoso", "AKBP", "Kapolres Belu"),
    ("kata Komisaris Polisi Budi Santoso di Atambua", "Komisaris Polisi Budi Santoso", "Budi Santoso",
     "Komisaris Polisi", None),
    # a one-letter typo of a rank before a capitalised name
    ("Kapolres Belu AKPB Budi Santoso, S.I.K., mengatakan", "Kapolres Belu AKPB Budi Santoso", "Budi Santoso",
     "AKBP", "Kapolres Belu"),
    ("Kapolda NTT Irjel Pol Drs. Budi Santoso didampingi", "Kapolda NTT Irjel Pol Drs. Budi Santoso",
     "Budi Santoso", "Irjen", "Kapolda NTT"),
    # a name abbreviation does not end the name
    ("personel termasuk Ipda Muh. Rahmat, S.H., bersama tim", "Ipda Muh. Rahmat", "Muh. Rahmat", "Ipda", None),
    # a post written after the name is the role, not part of the name
    ("kata AKP Sugeng Kasubag Humas Polres Belu, Senin", "AKP Sugeng", "Sugeng", "AKP", "Kasubag Humas Polres Belu"),
    # acting prefix written out; long form with its abbreviation
    ("Pelaksana Harian (Plh) Kapolsek Lasiolat, AKP Budi Santoso, menyampaikan",
     "Pelaksana Harian (Plh) Kapolsek Lasiolat, AKP Budi Santoso", "Budi Santoso", "AKP", "Plh Kapolsek Lasiolat"),
    ("Kepala Biro Operasi (Karo Ops) Polda NTT, Kombes Pol. Budi Santoso, mengatakan",
     "Kepala Biro Operasi (Karo Ops) Polda NTT, Kombes Pol. Budi Santoso", "Budi Santoso", "Kombes Pol.",
     "Karo Ops Polda NTT"),
    ("kata Kasubdit Kejahatan dan Kekerasan (Jatanras) Direktorat Reserse Kriminal Umum Polda NTT AKBP Budi Santoso, di",
     "Kasubdit Kejahatan dan Kekerasan (Jatanras) Direktorat Reserse Kriminal Umum Polda NTT AKBP Budi Santoso",
     "Budi Santoso", "AKBP", "Kasubdit Jatanras Direktorat Reserse Kriminal Umum Polda NTT"),
    # a long form written alone stays as written
    ("kata Kepala Bagian Operasi Polres Belu, Kompol Budi Santoso, di", "Kepala Bagian Operasi Polres Belu, Kompol "
     "Budi Santoso", "Budi Santoso", "Kompol", "Kepala Bagian Operasi Polres Belu"),
    ("kata Kepala Kepolisian Resor Belu AKBP Budi Santoso di", "Kepala Kepolisian Resor Belu AKBP Budi Santoso",
     "Budi Santoso", "AKBP", "Kepala Kepolisian Resor Belu"),
    # spacing and spelling variants of posts
    ("diikuti Waka Polres Belu Kompol Budi Santoso, S.I.K bersama", "Waka Polres Belu Kompol Budi Santoso",
     "Budi Santoso", "Kompol", "Waka Polres Belu"),
    ("melalui Kasubag Dal Ops AKP Budi Santoso saat dikonfirmasi", "Kasubag Dal Ops AKP Budi Santoso",
     "Budi Santoso", "AKP", "Kasubag Dal Ops"),
    ("melalui Kepala Satpolair Iptu Budi Santoso di Muntok", "Kepala Satpolair Iptu Budi Santoso", "Budi Santoso",
     "Iptu", "Kepala Satpolair"),
    # numbered posts keep their number; the higher places after the post's place
    ("oleh Polisi RW 05 Kelurahan Oebobo, Kecamatan Oebobo, Kota Kupang, Aipda Budi Santoso, kemarin",
     "Polisi RW 05 Kelurahan Oebobo, Kecamatan Oebobo, Kota Kupang, Aipda Budi Santoso", "Budi Santoso", "Aipda",
     "Polisi RW 05 Kelurahan Oebobo"),
    ("Dandim 1605/Belu Letkol Inf Budi Santoso hadir", "Dandim 1605/Belu Letkol Inf Budi Santoso", "Budi Santoso",
     "Letkol Inf", "Dandim 1605/Belu"),
    # a written-out rank whose start is another rank ("Brigadir Polisi" + "Satu")
    ("berjaga Brigadir Polisi Satu Budi Santoso di pos", "Brigadir Polisi Satu Budi Santoso", "Budi Santoso",
     "Brigadir Polisi Satu", None),
    # a post after the name introduced by "yang menjabat sebagai"
    ("Ipda Budi Santoso yang menjabat sebagai Kasi Humas Polres Belu mengatakan", "Ipda Budi Santoso",
     "Budi Santoso", "Ipda", "Kasi Humas Polres Belu"),
    # a deputy's long form keeps "Wakil"
    ("hadir Wakil Kepala Kepolisian Resor Belu Kompol Budi Santoso di lapangan",
     "Wakil Kepala Kepolisian Resor Belu Kompol Budi Santoso", "Budi Santoso", "Kompol",
     "Wakil Kepala Kepolisian Resor Belu"),
    ("hadir Wakil Kepala Satuan Lalu Lintas Polres Belu AKP Budi Santoso di lapangan",
     "Wakil Kepala Satuan Lalu Lintas Polres Belu AKP Budi Santoso", "Budi Santoso", "AKP",
     "Wakil Kepala Satuan Lalu Lintas Polres Belu"),
    # a line break inside the rank+name run
    ("kata Kapolres Belu AKBP Budi\nSantoso, S.I.K. kepada wartawan", "Kapolres Belu AKBP Budi\nSantoso",
     "Budi Santoso", "AKBP", "Kapolres Belu"),
    ("kata Kapolres Belu AKBP\nBudi Santoso kepada wartawan", "Kapolres Belu AKBP\nBudi Santoso",
     "Budi Santoso", "AKBP", "Kapolres Belu"),
    # not a new line that starts a sentence
    ("kata Kapolsek Lasiolat Iptu Budi Santoso\nPersonel kami berjaga", "Kapolsek Lasiolat Iptu Budi Santoso",
     "Budi Santoso", "Iptu", "Kapolsek Lasiolat"),
    ("kata Kapolsek Lasiolat Iptu Budi\nKami sangat berharap", "Kapolsek Lasiolat Iptu Budi",
     "Budi", "Iptu", "Kapolsek Lasiolat"),
    # a second post after "yang juga": the role is the first one
    ("ujar Kepala Satuan Tugas (Kasatgas) Wilayah Belu, yang juga Direktur Binmas Polda NTT, Kombes Pol. Budi Santoso, Senin",
     "Kepala Satuan Tugas (Kasatgas) Wilayah Belu, yang juga Direktur Binmas Polda NTT, Kombes Pol. Budi Santoso",
     "Budi Santoso", "Kombes Pol.", "Kasatgas Wilayah Belu"),
    ("kata Kasat Samapta Polres Belu yang juga menjabat Plh Kabag Ops, AKP Budi Santoso, Senin",
     "Kasat Samapta Polres Belu yang juga menjabat Plh Kabag Ops, AKP Budi Santoso", "Budi Santoso", "AKP",
     "Kasat Samapta Polres Belu"),
])
def test_officer(text: str, span: str, name: str, rank: str, role: str | None) -> None:
    found = spans_found(pipeline_of("tribrata_officers"), text, "OFFICER")
    assert len(found) == 1
    _, written, start, end, attrs = found[0]
    assert (written, text[start:end]) == (span, span)
    assert (attrs["name"], attrs["rank"], attrs["role"]) == (name, rank, role)


@pytest.mark.parametrize("text", [
    "berlangsung di lapangan Letkol Pol Budi Santoso, Kupang.",  # a venue named after a person
    "memasak dengan menggunakan Kompor dan tabung gas",  # a word one letter from a rank
])
def test_no_officer(text: str) -> None:
    assert spans_found(pipeline_of("tribrata_officers"), text, "OFFICER") == []


@pytest.mark.parametrize("text, role", [
    # a long form in one sentence, the abbreviation in another: the abbreviation with the unit
    ("Polres Belu mengamankan kampanye. Kepala Kepolisian Resor Belu AKBP Budi Santoso memimpin apel.\n"
     "Kapolres AKBP Budi Santoso mengatakan situasi aman.", "Kapolres Belu"),
    ("Wakil Kepala Kepolisian Resor Belu Kompol Budi Santoso hadir.\n"
     "Wakapolres Kompol Budi Santoso mengatakan situasi aman.", "Wakapolres Belu"),
    # the prefix and the unit written in another mention are kept
    ("Kasi Humas AKP Budi Santoso mengatakan situasi aman.\n"
     "Menurut PS. Kasi Humas Polres Belu, AKP Budi Santoso, personel siaga.", "PS. Kasi Humas Polres Belu"),
])
def test_merged_role(text: str, role: str) -> None:
    record = Extractor()(SourceDocument(id="t", text=text)).record
    assert [(o.name, o.role) for o in record.officers] == [("Budi Santoso", role)]


@pytest.mark.parametrize("text, role", [
    # a bare post gets the unit written after the same post elsewhere, without a person
    ("“Kami siaga,” ucap Kasubsipenmas Aipda Budi Santoso. Warga pulang. “Aman,” pungkas Kasubsipenmas Polres Belu. (*)",
     "Kasubsipenmas Polres Belu"),
    # not the unit of another officer with that post, nor one of two units
    ("ucap Kasubsipenmas Aipda Budi Santoso. Hadir pula Kasubsipenmas Polres Malaka Ipda Yohanes Bria.",
     "Kasubsipenmas"),
    ("kata Kasat Samapta AKP Budi Santoso. Kasat Samapta Polres Belu dan Kasat Samapta Polres Malaka hadir.",
     "Kasat Samapta"),
])
def test_unit_written_elsewhere(text: str, role: str) -> None:
    found = spans_found(pipeline_of("tribrata_officers"), text, "OFFICER")
    assert found[0][4]["role"] == role
