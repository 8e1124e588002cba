"""The input form does not change the answer: a release as .txt (with or without a headline
line) gives the record it gives as a JSONL line; plain text on stdin is one release."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke, read_jsonl
from extract.batch import extractions, unique_ids
from extract.ingest import iter_documents, text_title


def _records(inputs: list[str]) -> dict[str, dict]:
    out = {}
    for _, extraction in extractions(unique_ids(iter_documents(inputs))):
        record = extraction.record.to_dict()
        record.pop("source")
        out[record["id"]] = record
    return out


def _headline(release: dict) -> str:
    """A headline made here from the release's URL slug (written to the temp folder only)."""
    slug = (release.get("url") or "").rstrip("/").rsplit("/", 1)[-1].split(".")[0]
    return " ".join(w.capitalize() for w in slug.split("-") if w and not w.isdigit()) or "Kegiatan Polres"


@pytest.mark.parametrize("headline", [False, True], ids=["no headline", "headline line"])
def test_txt_and_jsonl_give_the_same_records_over_the_dev_set(shared_corpus, tmp_path, headline) -> None:
    folder, lines = tmp_path / "txt", []
    folder.mkdir()
    for release in read_jsonl(shared_corpus / "dev.jsonl"):
        text = f"{_headline(release)}\n\n{release['text']}" if headline else release["text"]
        (folder / f"{release['id']}.txt").write_text(text, encoding="utf-8")
        lines.append({"id": release["id"], "text": text, **({"title": _headline(release)} if headline else {})})
    jsonl = tmp_path / "dev.jsonl"
    jsonl.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    as_txt, as_jsonl = _records([str(folder)]), _records([str(jsonl)])
    assert len(as_txt) == len(as_jsonl) == len(lines)
    differ = sorted(doc_id for doc_id in as_jsonl if as_txt[doc_id] != as_jsonl[doc_id])
    assert differ == []


@pytest.mark.parametrize("text, title", [
    ("Polres Belu Amankan Kampanye\n\nPersonel Polres Belu ...", "Polres Belu Amankan Kampanye"),
    ("Personel Polres Belu mengamankan kampanye.\n\nKapolres ...", None),   # a sentence
    ("Polres Belu Amankan Kampanye\nPersonel Polres Belu ...", None),        # no blank line after it
    ("x" * 201 + "\n\nbody", None),                                          # too long
])
def test_the_first_line_of_a_txt_is_a_title_only_when_it_looks_like_one(text, title) -> None:
    assert text_title(text) == title


def test_plain_text_on_stdin_is_one_release(tmp_path: Path, seeds) -> None:
    result = invoke("extract", "-", "-o", str(tmp_path / "out"), "--workers", "1", "-q", input=seeds[0]["text"])
    assert result.exit_code == 0, result.output
    records = read_jsonl(tmp_path / "out" / "documents.jsonl")
    assert [r["status"] for r in records] == ["ok"] and records[0]["id"] == "stdin"
    assert "Benny Miniani Arief" in {o["name"] for o in records[0]["officers"]}
    assert "1 document: 1 ok, 0 errors" in result.output
