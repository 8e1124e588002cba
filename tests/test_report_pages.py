"""Report pages never collide and never spoof: a page per id however alike two ids are; bidi
controls and zero-width characters in ids and titles shown as their code points; long words
wrap."""

from __future__ import annotations

import hashlib
import itertools
import json

import pytest

from conftest import invoke
from extract.report import page_name

PREFIX = "berita-polres-" * 8  # a long common prefix, as crawled URLs give


def _colliding_ids() -> tuple[str, str]:
    """Two ids sharing PREFIX whose SHA-1 digests share their first 32 bits (the page names of
    issue 21's report: a slug of 60 characters and 8 hex digits), found by a birthday search."""
    seen: dict[str, str] = {}
    for n in itertools.count():
        doc_id = f"{PREFIX}{n}"
        short = hashlib.sha1(doc_id.encode()).hexdigest()[:8]
        if short in seen:
            return seen[short], doc_id
        seen[short] = doc_id
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def site(tmp_path_factory, seeds):
    root = tmp_path_factory.mktemp("report-pages")
    first, second = _colliding_ids()
    records = [{"id": first, "text": seeds[0]["text"]}, {"id": second, "text": seeds[1]["text"]},
               {"id": "foto-\u202egpj.exe", "title": "Judul\u200b dengan\u2066 kontrol", "text": seeds[2]["text"]}]
    (root / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = invoke("extract", str(root / "in.jsonl"), "-o", str(root / "out"), "--workers", "1", "--quiet")
    assert result.exit_code == 0
    assert invoke("report", str(root / "out")).exit_code == 0
    return root / "out" / "report", (first, second)


def test_two_ids_with_a_long_common_prefix_and_a_short_digest_collision_get_two_pages(site):
    report, (first, second) = site
    assert page_name(first) != page_name(second)
    pages = {p.name: p.read_text(encoding="utf-8") for p in (report / "docs").glob("*.html")}
    assert len(pages) == 3
    assert f"<code>{first}</code>" in pages[page_name(first)] and f"<code>{second}</code>" in pages[page_name(second)]


def test_bidi_and_zero_width_characters_in_ids_and_titles_are_shown(site):
    report, _ = site
    page = (report / "docs" / page_name("foto-\u202egpj.exe")).read_text(encoding="utf-8")
    index = (report / "index.html").read_text(encoding="utf-8")
    assert 'foto-<span class="invisible">U+202E</span>gpj.exe' in page
    assert 'Judul<span class="invisible">U+200B</span> dengan<span class="invisible">U+2066</span> kontrol' in page
    assert "<title>Judul[U+200B] dengan[U+2066] kontrol</title>" in page
    assert 'Judul<span class="invisible">U+200B</span>' in index
    for html in (page.split('<div class="text">')[0], index):
        assert not any(c in html for c in "\u202e\u200b\u2066")


def test_long_words_wrap(site):
    report, _ = site
    assert "body { overflow-wrap: anywhere;" in (report / "report.css").read_text(encoding="utf-8")
