"""Bad input is never fatal and never lost: each gets one record with a clear reason."""

from __future__ import annotations

import json

import pytest

from conftest import invoke, read_jsonl

ENGLISH = ("The police department announced on Monday that officers will patrol the city streets "
           "throughout the holiday weekend, and residents were asked to report anything unusual "
           "to the nearest station as soon as possible, the spokesperson said in a statement. ") * 3


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, seeds) -> tuple[dict[str, dict], str]:
    """A folder and JSONL/CSV files full of bad documents around good ones."""
    root = tmp_path_factory.mktemp("bad")
    folder = root / "folder"
    folder.mkdir()
    good = seeds[0]["text"]
    (folder / "a_good.txt").write_text(good, encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_blank.txt").write_text(" \n\t\n  ", encoding="utf-8")
    (folder / "d_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (folder / "e_nul.txt").write_bytes(good.encode("utf-8").replace(b"Kapolres", b"Kapol\x00res", 1))
    (folder / "f_cp1252.txt").write_bytes(seeds[1]["text"].replace("–", "—").encode("cp1252", errors="replace")
                                          .replace(b"Kota", b"Kot\xe0", 1))
    (folder / "g_huge.txt").write_text((good + "\n\n") * 2200, encoding="utf-8")  # ~5 MB
    (folder / "h_longline.txt").write_text("x" * 1_000_000, encoding="utf-8")
    (folder / "i_html.txt").write_text(
        "<html><head><script>alert(1)</script></head><body><p>" + seeds[2]["text"].replace("\n", "</p><p>")
        + "</p></body></html>", encoding="utf-8")
    (folder / "j_english.txt").write_text(ENGLISH, encoding="utf-8")
    jsonl = root / "records.jsonl"
    jsonl.write_text("\n".join([
        json.dumps({"id": "ok-1", "text": seeds[3]["text"]}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "no-text", "title": "Judul saja"}),
        json.dumps({"id": "not-string", "text": ["a", "list"]}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "ok-1", "text": seeds[4]["text"]}),
    ]) + "\n", encoding="utf-8")
    csv = root / "rows.csv"
    csv.write_text('id,text,url\ncsv-ok,"' + seeds[1]["text"].replace('"', '""') + '",https://example.invalid\n'
                   'csv-short,only an id\n', encoding="utf-8")
    out = root / "out"
    result = invoke("extract", str(folder), str(jsonl), str(csv), "-o", str(out), "--workers", "2", "--quiet")
    assert result.exit_code == 0, result.stderr
    return {d["id"]: d for d in read_jsonl(out / "documents.jsonl")}, result.stderr


def test_documents_in_equal_records_out(bad_run):
    docs, summary = bad_run
    assert len(docs) == 10 + 6 + 2
    assert "18 documents:" in summary and "errors are the records" in summary


@pytest.mark.parametrize("doc_id, status, reason", [
    ("b_empty", "error", "empty text"),
    ("c_blank", "error", "empty text"),
    ("d_binary", "error", "binary data"),
    ("h_longline", "ok", None),
    ("j_english", "error", "does not read as Indonesian"),
    ("records-line2", "error", "malformed JSON on line 2"),
    ("no-text", "error", "no 'text' field"),
    ("not-string", "error", "'text' is a list"),
    ("records-line5", "error", "not an object"),
    ("csv-short", "error", "fewer fields than the header"),
])
def test_each_bad_input_has_its_reason(bad_run, doc_id, status, reason):
    doc = bad_run[0][doc_id]
    assert doc["status"] == status
    if reason:
        assert reason in doc["error"]


@pytest.mark.parametrize("doc_id, flag", [
    ("e_nul", "NUL bytes removed"),
    ("f_cp1252", "decoded as cp1252"),
    ("g_huge", "only the first 200,000 were read"),
    ("i_html", "raw HTML"),
    ("ok-1~2", "was used by an earlier document"),
])
def test_usable_oddities_are_extracted_and_flagged(bad_run, doc_id, flag):
    doc = bad_run[0][doc_id]
    assert doc["status"] == "ok", doc["error"]
    assert any(flag in f["message"] for f in doc["flags"]), doc["flags"]
    assert doc["units"] or doc["officers"]


def test_good_documents_around_bad_ones_are_extracted(bad_run):
    docs = bad_run[0]
    assert docs["a_good"]["event_date"] == "2024-10-17"
    assert docs["e_nul"]["event_date"] == "2024-10-17"
    assert docs["ok-1"]["units"][:2] == ["Polres OKU Timur", "Polda Sumsel"]
    assert docs["csv-ok"]["personnel_count"] == 151
    assert docs["f_cp1252"]["personnel_count"] == 151
    assert "alert(1)" not in json.dumps(docs["i_html"])
    assert "Polres Metro" in docs["i_html"]["units"]
