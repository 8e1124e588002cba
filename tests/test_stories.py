"""Reprints grouped into stories (extract/stories.py), and the reprint_conflict flag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
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


def test_story_row_canonical_outlets_and_members() -> None:
    def event(doc_id: str, url: str | None, published: str | None, **more) -> dict:
        return {"event_id": f"evt-{doc_id}", "doc_id": doc_id, "status": "ok", "event_type": "patrol",
                "event_date": "2024-10-03", "source_url": url, "published": published, "title": doc_id,
                "personnel_count": None, **more}

    members = [event("b", "https://www.polda.example.id/x", "2024-10-04"),
               event("a", "https://polres.example.id/y", None, personnel_count=151),
               event("c", "https://polda.example.id/z", "2024-10-03T08:00:00+08:00")]
    row = stories.story_row("story-1", members)
    assert row["canonical_doc_id"] == "c"  # the earliest published
    assert row["outlets"] == 2 and row["documents"] == 3
    assert [m["outlet"] for m in row["members"]] == ["polres.example.id", "polda.example.id", "polda.example.id"]
    assert row["flags"] == [] and row["personnel_count"] is None
    undated = [dict(m, published=None) for m in members]
    assert stories.story_row("story-1", undated)["canonical_doc_id"] == "a"  # the most complete


# ----------------------------------------------------------------- in the outputs of a run

@pytest.fixture(scope="module")
def reprint_corpus(tmp_path_factory) -> Path:
    """The five reprints of seed-001 spread over the batches, among the other seeds."""
    others = [{"id": k, "text": v} for k, v in seed_texts().items() if k != "seed-001"]
    reprints = reprints_of_seed_001()
    rows = [row for pair in zip(reprints, others + [others[0] | {"id": "seed-000-again"}]) for row in pair]
    return write_jsonl(tmp_path_factory.mktemp("stories") / "reprints.jsonl", rows)


def story_outputs(outdir: Path) -> dict:
    """Every place story ids and story rows appear in an output folder."""
    import sqlite3

    import pandas as pd

    db = sqlite3.connect(outdir / "tribrata.db")
    records = [json.loads(line) for line in (outdir / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return {
        "documents.jsonl": {r["id"]: r["story_id"] for r in records},
        "events.parquet": dict(pd.read_parquet(outdir / "events.parquet")[["doc_id", "story_id"]].values.tolist()),
        "events.csv": dict(pd.read_csv(outdir / "events.csv")[["doc_id", "story_id"]].values.tolist()),
        "db.documents": dict(db.execute("SELECT id, story_id FROM documents").fetchall()),
        "db.stories": db.execute("SELECT * FROM stories ORDER BY story_id").fetchall(),
        "stories.parquet": pd.read_parquet(outdir / "stories.parquet").to_json(),
    }


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory, reprint_corpus) -> Path:
    out = tmp_path_factory.mktemp("ref")
    run_cli("extract", str(reprint_corpus), "-o", str(out), "--workers", "1", "--batch-size", "3", "--quiet")
    return out


def test_reprints_are_one_story_with_a_conflict_in_every_output(reference_run) -> None:
    found = story_outputs(reference_run)
    ids = found["documents.jsonl"]
    assert all(found[name] == ids for name in ("events.parquet", "events.csv", "db.documents"))
    story = stories.story_id(["r1-polresta"])
    assert sorted(k for k, v in ids.items() if v == story) == [
        "r1-polresta", "r2-polda", "r3-cut", "r4-reordered", "r5-changed"]
    assert ids["seed-000"] == ids["seed-000-again"] != story  # the same text twice is one story too
    assert len(set(ids.values())) == 5
    import pandas as pd

    rows = pd.read_parquet(reference_run / "stories.parquet").set_index("story_id")
    row = rows.loc[story]
    assert row["documents"] == 5 and row["flags"].tolist() == ["reprint_conflict"]
    conflicts = json.loads(row["conflicts"])
    assert [c["fact"] for c in conflicts] == ["personnel_count"]
    assert conflicts[0]["values"][1] == {"value": 115, "documents": ["r5-changed"]}
    records = {json.loads(line)["id"]: json.loads(line) for line in
               (reference_run / "documents.jsonl").read_text(encoding="utf-8").splitlines()}
    flagged = {k for k, r in records.items() if any(f["code"] == "reprint_conflict" for f in r["flags"])}
    assert flagged == {"r1-polresta", "r2-polda", "r3-cut", "r4-reordered", "r5-changed"}


def test_same_story_ids_with_two_workers_and_with_dask(tmp_path: Path, reprint_corpus, reference_run) -> None:
    two = tmp_path / "two"
    run_cli("extract", str(reprint_corpus), "-o", str(two), "--workers", "2", "--batch-size", "3", "--quiet")
    assert story_outputs(two) == story_outputs(reference_run)
    pytest.importorskip("distributed")
    dask = tmp_path / "dask"
    run_cli("extract", str(reprint_corpus), "-o", str(dask), "--engine", "dask", "--workers", "2",
            "--batch-size", "3", "--quiet")
    assert story_outputs(dask) == story_outputs(reference_run)


def test_same_story_ids_after_resume(tmp_path: Path, reprint_corpus, reference_run, monkeypatch) -> None:
    from extract import batch
    from extract.ingest import iter_path as read_all

    def interrupted(name):
        for n, doc in enumerate(read_all(name)):
            if n == 7:
                raise KeyboardInterrupt
            yield doc

    out = tmp_path / "resumed"
    monkeypatch.setattr(batch, "iter_path", interrupted)
    with pytest.raises(KeyboardInterrupt):
        batch.run([str(reprint_corpus)], out, workers=1, batch_size=3, quiet=True)
    assert not (out / "stories.parquet").exists()
    monkeypatch.setattr(batch, "iter_path", read_all)
    summary = batch.run([str(reprint_corpus)], out, workers=1, batch_size=3, quiet=True, resume=True)
    assert summary.resumed_from == 6
    assert story_outputs(out) == story_outputs(reference_run)


def test_report_shows_the_conflicting_reprints_side_by_side(reference_run) -> None:
    from extract.report import build_report, page_name

    build_report(reference_run)
    page = (reference_run / "report" / "docs" / page_name("r5-changed")).read_text(encoding="utf-8")
    story = page[page.index('<section class="story"'):]
    story = story[:story.index("</section>")]
    assert "Story: 5 documents" in story and "The reprints disagree (1 fact(s))" in story
    row = story[story.index("<code>personnel_count</code>"):]
    assert row.count("<td>151</td>") == 4 and row.count("<td>115</td>") == 1
    assert all(page_name(d) in story for d in ("r1-polresta", "r2-polda", "r3-cut"))


def test_killed_while_closing_then_resumed_gives_the_same_stories(tmp_path: Path, reprint_corpus,
                                                                   reference_run) -> None:
    """Killed after the stories were written and the signatures dropped: closing is redone
    from what the database holds."""
    import os
    import subprocess
    import sys

    from extract.rundir import KILL_ENV

    out = tmp_path / "killed"
    args = ["extract", str(reprint_corpus), "-o", str(out), "--workers", "1", "--batch-size", "3", "--quiet"]
    killed = subprocess.run([sys.executable, "-m", "extract.cli", *args], cwd=ROOT, capture_output=True,
                            env={**os.environ, KILL_ENV: "grouped"})
    assert killed.returncode < 0 and not (out / "stories.parquet").exists()
    run_cli(*args, "--resume")
    assert story_outputs(out) == story_outputs(reference_run)
    assert (out / "documents.jsonl").read_bytes() == (reference_run / "documents.jsonl").read_bytes()
