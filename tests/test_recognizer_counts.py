"""The counts recogniser alone (whose a count is, per-site figures, typos of number words),
and the personnel total a record builds from them (releases invented)."""

from __future__ import annotations

import pytest

from extract.ingest import SourceDocument
from extract.pipeline import Extractor

from conftest import pipeline_of, spans_found


def counts(text: str) -> list[tuple[str, int, int, dict]]:
    return [(t, s, e, a) for _, t, s, e, a in spans_found(pipeline_of("tribrata_counts"), text, "COUNT")]


@pytest.mark.parametrize("text, span, force", [
    ("terdiri dari 360 personel Polda NTT, serta", "360 personel", "police"),
    ("serta 60 personel BKO TNI yang", "60 personel", "other"),
    ("terdiri dari anggota Polri 280 orang, TNI", "280 orang", "police"),
    ("TNI 130 orang, Satpol PP 50 orang", "130 orang", "other"),
    ("mengerahkan 380 personel gabungan TNI/Polri di", "380 personel", None),  # joint: no one force
    ("yang mana 250 orang personil merupakan personil Polres Belu dan", "250 orang personil", "police"),
    # a joint total or the total of a list, whatever unit the clause before it names
    ("Polres Belu menerjunkan 500 personel gabungan terdiri dari", "500 personel", None),
    ("Polres Belu menurunkan 250 personel, yakni 200 personel", "250 personel", None),
    ("Polres Belu menurunkan 250 personel dengan rincian", "250 personel", None),
])
def test_force_of_a_count(text: str, span: str, force: str | None) -> None:
    found = [(t, a["force"]) for t, _, _, a in counts(text)]
    assert found[0] == (span, force)


def test_a_typo_of_a_number_word_before_its_noun() -> None:
    text = "BKO Polres Belu delaoan personel, dan"
    assert [(t, s, e, a["words"]) for t, s, e, a in counts(text)] == [("delaoan personel", 16, 32, "delapan")]


@pytest.mark.parametrize("text, per_site", [
    ("setiap TPS dijaga 2 personel", True),
    ("saat ini masing-masing TPS terdapat 17 personel.", True),
    ("ditempatkan 2 personel di setiap TPS", True),
    ("menurunkan 150 personel untuk", False),
])
def test_per_site_figures(text: str, per_site: bool) -> None:
    assert [a["per_site"] for *_, a in counts(text)] == [per_site]


@pytest.mark.parametrize("text, per_site", [
    # a count that refers back to a per-site figure ("itu", "tersebut") is one too
    ("Di setiap TPS terdapat 12 personel. \"12 personel itu dibantu anggota Polsek,\" ujarnya.", [True, True]),
    ("Di setiap TPS terdapat 12 personel. Kemudian 12 personel tersebut berjaga.", [True, True]),
    # not a new count of the same number, nor a reference to a total
    ("Di setiap TPS terdapat 12 personel. Polres menurunkan 12 personel lain.", [True, False]),
    ("Polres menurunkan 80 personel. Kemudian 80 personel itu berjaga di pos.", [False, False]),
])
def test_a_reference_to_a_count(text: str, per_site: list[bool]) -> None:
    assert [a["per_site"] for *_, a in counts(text) if a["personnel"]] == per_site


@pytest.mark.parametrize("text", [
    "Sekitar 30 persen di antaranya dipicu kelalaian.",  # the noun list does not match inside persen
    "hingga waktu pencoblosan Rabu (14/2) 2024 anggota Polres",  # the year of a date
])
def test_not_personnel(text: str) -> None:
    assert [t for t, _, _, a in counts(text) if a["personnel"]] == []


@pytest.mark.parametrize("text, total", [
    # the police share of a joint total, the share written after it
    ("Sebanyak 500 personel gabungan diterjunkan.\nPersonel itu terdiri dari Polri 320 orang, TNI 110 orang dan "
     "Satpol PP 70 orang.", 320),
    ("Sebanyak 650 personel gabungan diterjunkan. Rinciannya 300 personel Polda NTT, 250 personel Polres Belu, "
     "serta 100 personel TNI.", 550),
    ("melibatkan 360 personel gabungan, yakni dari Polri sebanyak 250 personel, selebihnya dari TNI.", 250),
    # a unit deploys the joint total
    ("Polres Belu menerjunkan 500 personel gabungan terdiri dari Polri 320 orang, TNI 110 orang dan Satpol PP "
     "70 orang.", 320),
    ("Polres Belu menurunkan 250 personel, yakni 200 personel Polres dan 50 personel Polsek jajaran.", 250),
    # only parts: their sum
    ("Personel yang terlibat yaitu Polsek Lasiolat 12 personel, BKO Polres Belu delapan personel dan BKO Polda NTT "
     "20 personel.", 40),
    # a count added to the total
    ("Polres Belu menurunkan 60 personel. Ditambah personel Ops Lilin sebanyak 90 personel.", 150),
    # parts that reach the total leave it
    ("Apel diikuti 316 personel yang terdiri dari 222 personel Polres Belu dan 96 personel BKO Polda NTT.", 316),
    # police parts of a total written elsewhere do not replace it
    ("Polda NTT menerjunkan 1.800 personel. Dari Polda sebanyak 300 personel, dari Polres jajaran sebanyak "
     "900 personel.", 1800),
    # approximations, per-site figures, other organisations
    ("Sekitar 150 lebih personel disiagakan.", 150),
    ("Setiap TPS dijaga 2 personel.", None),
    ("Sebanyak 40 personel Satpol PP membantu. Polres Belu menerjunkan 120 personel.", 120),
])
def test_personnel_total(text: str, total: int | None) -> None:
    assert Extractor()(SourceDocument(id="t", text=text)).record.personnel_count == total


@pytest.mark.parametrize(("text", "basis", "counted"), [
    ("Pengamanan melibatkan 120 personel Polres Belu.", "total", ["120 personel"]),
    ("Sebanyak 400 personel gabungan diterjunkan, terdiri dari Polri 250 personel, TNI 100 personel dan "
     "Satpol PP 50 personel.", "police_share", ["250 personel"]),
    ("Personel yang terlibat yaitu Polsek Lasiolat 12 personel, BKO Polres Belu delapan personel dan BKO Polda NTT "
     "20 personel.", "sum_of_parts", ["12 personel", "delapan personel", "20 personel"]),
    ("Polres Belu menurunkan 60 personel. Ditambah personel Ops Lilin sebanyak 90 personel.", "sum_of_parts",
     ["60 personel", "90 personel"]),
    ("Apel diikuti 316 personel yang terdiri dari 222 personel Polres Belu dan 94 personel BKO Polda NTT.", "total",
     ["316 personel"]),
    ("Setiap TPS dijaga 2 personel.", None, []),
])
def test_personnel_basis(text: str, basis: str | None, counted: list[str]) -> None:
    record = Extractor()(SourceDocument(id="t", text=text)).record
    found = record.personnel_basis or {"basis": None, "spans": []}
    assert found["basis"] == basis
    assert [s["text"] for s in found["spans"]] == counted
    assert all(text[s["start"]:s["end"]] == s["text"] for s in found["spans"])


@pytest.mark.parametrize(("text", "total"), [
    ("Apel diikuti 316 personel yang terdiri dari 222 personel Polres Belu dan 96 personel BKO Polda NTT.",
     "316 personel"),
    ("Apel diikuti 316 personel yang terdiri dari 222 personel Polres Belu dan 94 personel BKO Polda NTT.", None),
    ("Sebanyak 400 personel gabungan diterjunkan, terdiri dari Polri 250 personel dan TNI 100 personel.",
     "400 personel"),
    # one part written, the rest not counted: nothing to add up
    ("melibatkan 360 personel gabungan, yakni dari Polri sebanyak 250 personel, selebihnya dari TNI.", None),
])
def test_parts_that_do_not_add_up_to_the_total(text: str, total: str | None) -> None:
    flags = [f for f in Extractor()(SourceDocument(id="t", text=text)).record.flags if f.code == "parts_mismatch"]
    assert [f.spans[0]["text"] for f in flags] == ([total] if total else [])
