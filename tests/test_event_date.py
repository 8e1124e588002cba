"""The event date of a record, one row per kind of phrasing (releases written for the test):
the chosen date and why it was chosen (``event_date_basis``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from extract.pipeline import Extractor
from extract.records import SourceDocument


def _record(text: str, published: str | None = None):
    record = Extractor()(SourceDocument(id="t", text=text, published=published)).record
    assert record.status == "ok", record.error
    return record


@pytest.mark.parametrize("text, date, basis", [
    # the activity's date wins over a statement date written before it
    ("Kapolres Sukamaju AKBP Dedi Santoso, Kamis (10/10/2024), mengatakan personel telah mengamankan "
     "kampanye pada Rabu (9/10/2024) di Desa Mekarsari.", "2024-10-09", "activity"),
    # a press-conference date dates the event when the activity has none; an incident's date does not
    ("Polres Sukamaju menyalurkan bantuan bagi warga korban banjir yang terjadi pada Senin (7/10/2024). "
     "Hal itu disampaikan Kasi Humas Iptu Rudi Hartono dalam siaran pers, Jumat (11/10/2024).",
     "2024-10-11", "statement"),
    # an incident told first loses to the arrest
    ("Peristiwa pencurian yang terjadi pada Minggu (13/10/2024) di Pasar Baru akhirnya terungkap. "
     "Satreskrim Polres Sukamaju menangkap dua pelaku, Selasa (15/10/2024).", "2024-10-15", "activity"),
    # the start of an operation's range is not the event date
    ("Operasi Zebra Sukamaju 2024 digelar sejak Senin (14/10/2024) hingga 27 Oktober 2024. Kasat Lantas AKP "
     "Yudi Pratama mengatakan, Rabu (16/10/2024), pelanggaran menurun.", "2024-10-16", "statement"),
    # a stage still to come is not the event date
    ("Polres Sukamaju menyiagakan 300 personel jelang pencoblosan 27 November 2024. Hal itu dikatakan "
     "Kapolres AKBP Dedi Santoso di Sukamaju, Senin (25/11/2024).", "2024-11-25", "statement"),
    # a page stamp above the lead counts in dates, not as the event date
    ("Patroli Malam Polsek Mekarsari\n\nSelasa, 19 November 2024 | 10:15 WIB\n\nSUKAMAJU - Polsek Mekarsari "
     "menggelar patroli, Senin (18/11/2024) malam, di pusat kota.", "2024-11-18", "activity"),
    # a weekday alone that dates the activity wins over the date of the report, wherever it stands
    ("Berita ini diterbitkan Senin (21/10/2024). Personel Polsek Mekarsari menggelar patroli pada hari "
     "Jumat kemarin di Pasar Baru.", "2024-10-18", "weekday_activity"),
    # a weekday alone next to a date still to come is the day before it (the statement's day)
    ("Polres Sukamaju akan mengamankan debat publik pada 20 November 2024 mendatang. Hal itu disampaikan "
     "Kapolres AKBP Dedi Santoso di Mapolres, Sabtu.", "2024-11-16", "weekday_statement"),
    # a word about what is to come dates only its own clause: the statement after it keeps its day
    ("Polres Sukamaju menyiagakan personel untuk debat yang akan digelar 20 November, kata Kapolres, "
     "Senin (18/11/2024).", "2024-11-18", "statement"),
    # a release with one date
    ("Polsek Mekarsari melaksanakan sambang ke Desa Sukaraja, Kamis (17/10/2024).", "2024-10-17", "only_date"),
    # a bare date after the dateline dash
    ("SUKAMAJU – 21/07/2025 Personel Polsek Mekarsari melaksanakan patroli di Pasar Baru.", "2025-07-21",
     "only_date"),
])
def test_event_date_and_its_basis(text, date, basis) -> None:
    record = _record(text)
    assert record.event_date == date
    assert record.event_date_basis["basis"] == basis
    start, end = record.event_date_basis["start"], record.event_date_basis["end"]
    assert text[start:end] == record.event_date_basis["text"]


def test_published_never_dates_the_event() -> None:
    record = _record("Kapolsek Mekarsari, Senin, mengatakan patroli digelar setiap malam.", published="2024-10-23")
    assert record.event_date is None and record.event_date_basis is None


def test_no_weekday_flag_where_the_weekday_matches_its_date(shared_corpus) -> None:
    """Over the whole development set: a weekday_mismatch only where the weekday written does
    not fall on the date it is written with (the first end of a range)."""
    extractor = Extractor()
    names = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6}
    for line in (shared_corpus / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        release = json.loads(line)
        extraction = extractor(SourceDocument(id=release["id"], text=release["text"]))
        dates = {(m.start, m.end): m.value for m in extraction.mentions if m.label == "DATE"}
        for flag in extraction.record.flags:
            if flag.code != "weekday_mismatch":
                continue
            span = flag.spans[0]
            written = names.get(span["text"].split()[0].strip(",").casefold())
            assert dt.date.fromisoformat(dates[(span["start"], span["end"])][0]).weekday() != written, (
                release["id"], span["text"])

