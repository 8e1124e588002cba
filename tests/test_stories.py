"""Reprints grouped into stories (extract/stories.py), and the reprint_conflict flag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract import stories
from extract.events import event_row
from extract.ingest import iter_documents
from extract.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds.jsonl"


def seed_texts() -> dict[str, str]:
    return {row["id"]: row["text"] for row in map(json.loads, SEEDS.read_text(encoding="utf-8").splitlines())}


def reprints_of_seed_001() -> list[dict]:
    """Five outlets' versions of seed-001: the original, another prefix and headline, a cut,
    paragraphs reordered, and one that writes 115 personnel instead of 151."""
    text = seed_texts()["seed-001"]
    title, _, *body = [p for p in text.split("\n\n") if p.strip()]
    lead = body[0].replace("Tribratanewskupangkota.com –", "KUPANG, NTT -")
    changed = [p.replace("151 (seratus lima puluh satu)", "115 (seratus lima belas)") for p in body]
    versions = {
        "r1-polresta": text,
        "r2-polda": "\n\n".join(["Satgas OMP Polresta Kupang Kota Amankan Kampanye di 11 Kelurahan", lead, *body[1:]]),
        "r3-cut": "\n\n".join([title, *body[:-3]]),
        "r4-reordered": "\n\n".join([title, body[0], body[2], body[1], *body[3:]]),
        "r5-changed": "\n\n".join(["Pengamanan Kampanye Pilkada Kota Kupang", *changed]),
    }
    return [{"id": key, "text": value} for key, value in versions.items()]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def group_docs(docs) -> dict[str, str]:
    signatures = {d.id: stories.signature(d.text, d.title) for d in docs}
    return stories.group(((k, s.minhash) for k, s in signatures.items()),
                         lambda k: signatures[k].shingle_array())


@pytest.fixture(scope="module")
def reprint_docs(tmp_path_factory) -> list:
    rows = reprints_of_seed_001() + [{"id": k, "text": v} for k, v in seed_texts().items() if k != "seed-001"]
    return list(iter_documents([str(write_jsonl(tmp_path_factory.mktemp("r") / "in.jsonl", rows))]))


def test_reprints_form_one_story_and_the_rest_stay_apart(reprint_docs) -> None:
    ids = group_docs(reprint_docs)
    reprints = {ids[d.id] for d in reprint_docs if d.id.startswith("r")}
    assert len(reprints) == 1
    others = [ids[d.id] for d in reprint_docs if d.id.startswith("seed")]
    assert len(set(others)) == len(others) and not reprints & set(others)
    assert reprints == {stories.story_id(["r1-polresta"])}


def test_story_ids_do_not_depend_on_the_order(reprint_docs) -> None:
    assert group_docs(reprint_docs) == group_docs(list(reversed(reprint_docs)))


def test_changed_count_is_a_reprint_conflict(reprint_docs) -> None:
    extractor = Extractor()
    events = [event_row(extractor(d).record) for d in reprint_docs if d.id.startswith("r")]
    conflicts = stories.reprint_conflicts(events)
    assert [c["fact"] for c in conflicts] == ["personnel_count"]
    assert conflicts[0]["values"] == [
        {"value": 151, "documents": ["r1-polresta", "r2-polda", "r3-cut", "r4-reordered"]},
        {"value": 115, "documents": ["r5-changed"]}]
    assert "personnel_count: 151 (r1-polresta" in stories.conflict_message(conflicts[0])


def test_cut_lists_do_not_conflict_but_other_names_do() -> None:
    rows = [{"doc_id": "a", "units": ["Polres Belu", "Polsek Lasiolat"]}, {"doc_id": "b", "units": ["Polres Belu"]}]
    assert stories.reprint_conflicts(rows) == []
    rows.append({"doc_id": "c", "units": ["Polres Malaka"]})
    assert [c["fact"] for c in stories.reprint_conflicts(rows)] == ["units"]


def test_empty_and_short_documents_are_stories_of_their_own() -> None:
    signatures = {"x": stories.signature(""), "y": stories.signature("Apel pagi."),
                  "z": stories.signature("Apel pagi.")}
    ids = stories.group(((k, s.minhash) for k, s in signatures.items()), lambda k: signatures[k].shingle_array())
    assert len(set(ids.values())) == 3
