"""The event type, one row per kind of phrasing (releases written for the test): the type the
record chooses, and the scorer's distribution in ``doc.cats``."""

from __future__ import annotations

import pytest

from conftest import pipeline_of
from extract.pipeline import Extractor
from extract.records import SourceDocument


def _record(text: str):
    record = Extractor()(SourceDocument(id="t", text=text)).record
    assert record.status == "ok", record.error
    return record


@pytest.mark.parametrize("text, event_type", [
    # an apel for a task still to come: the task's words do not outvote it
    ("Polres Sukamaju menggelar apel gelar pasukan Operasi Lilin 2024 di lapangan Mapolres, Senin (23/12/2024). "
     "Personel nantinya akan mengamankan gereja dan ibadah Natal di seluruh wilayah.", "parade_briefing"),
    ("Polres Sukamaju menggelar apel pergeseran pasukan pengamanan TPS Pilkada 2024, Senin (25/11/2024). "
     "Sebanyak 300 personel akan ditempatkan di 500 TPS dan mengawal kotak suara serta surat suara.",
     "parade_briefing"),
    # the task reported after its apel is the event
    ("Personel Polsek Mekarsari mengawal kampanye pasangan calon bupati di Desa Sukaraja, Kamis (17/10/2024). "
     "Sebelum turun ke lokasi, personel melaksanakan apel kesiapan di Mapolsek. Kampanye berjalan aman.",
     "campaign_security"),
    ("Pengamanan ibadah Minggu di Gereja Sion diawali dengan apel kesiapan di Mapolsek Mekarsari. Usai apel, "
     "personel berjaga di gereja hingga ibadah selesai.", "religious_security"),
    # an appeal's words do not decide the type
    ("Polsek Mekarsari melaksanakan patroli malam di Pasar Baru, Sabtu (19/10/2024). Kapolsek mengimbau warga "
     "agar menjaga keamanan saat ibadah Natal dan tidak menggelar balap liar.", "patrol"),
    # a patrol boat is a vehicle, not a patrol
    ("Satpolairud Polres Sukamaju menggunakan kapal patroli untuk mengevakuasi warga korban banjir di Desa "
     "Sukaraja, Rabu (6/11/2024).", "disaster"),
    # the people involved do not decide the type
    ("Satreskrim Polres Sukamaju menangkap seorang remaja pelaku pencurian sepeda motor di Desa Sukaraja.",
     "law_enforcement"),
    # aid to disaster victims is disaster
    ("Polres Sukamaju menyalurkan bantuan sembako kepada warga korban banjir di Desa Sukaraja.", "disaster"),
    # illegal racing is traffic
    ("Polsek Mekarsari membubarkan aksi balap liar di Jalan Lingkar Selatan, Minggu dini hari.", "traffic"),
    # securing a football match is other
    ("Polres Sukamaju mengamankan pertandingan sepak bola antara Persisuka dan Persimeka di Stadion Sukamaju.",
     "other"),
    # the nomor urut draw is an election stage
    ("Polres Sukamaju mengamankan pengundian nomor urut pasangan calon bupati di kantor KPU Sukamaju.",
     "election_security"),
    # a talk at a school is community work
    ("Polsek Mekarsari memberikan sosialisasi bahaya narkoba kepada murid SMP Negeri 2 Mekarsari.", "community"),
])
def test_event_type(text, event_type) -> None:
    record = _record(text)
    assert record.event_type == event_type
    assert record.event_type_scores[0][0] == event_type


def test_scores_read_as_a_distribution() -> None:
    doc = pipeline_of("tribrata_event_type")(
        "Polres Sukamaju menggelar apel gelar pasukan dan patroli di Pasar Baru.")
    assert abs(sum(doc.cats.values()) - 1.0) < 1e-9
    assert doc.cats["parade_briefing"] > doc.cats["patrol"] > 0


def test_top_two_types_kept_with_their_scores() -> None:
    record = _record("Polres Sukamaju menggelar apel gelar pasukan dan patroli di Pasar Baru.")
    assert [code for code, _ in record.event_type_scores] == ["parade_briefing", "patrol"]
    assert record.event_type_scores[0][1] > record.event_type_scores[1][1]
