"""The static report: pages for every document, escaped text, offline assets."""

from __future__ import annotations

import re

import pytest

from conftest import invoke
from extract.report import Mark, highlight, page_name


@pytest.fixture(scope="module")
def site(seeds_output):
    assert invoke("report", str(seeds_output)).exit_code == 0
    return seeds_output / "report"


def test_one_page_per_document_and_an_index(site, seeds):
    pages = sorted(p.name for p in (site / "docs").glob("*.html"))
    assert pages == sorted(page_name(s["id"]) for s in seeds)
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in pages:
        assert f'href="docs/{name}"' in index


def test_the_site_is_offline(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', html), page.name


def test_officers_and_villages_read_naturally_on_the_card(site):
    html = (site / "docs" / page_name("seed-000")).read_text(encoding="utf-8")
    assert "IPDA Agus Haryono (Kapolsek Lasiolat)" in html
    assert "Maneikun (desa)" in html


@pytest.mark.parametrize("doc_id", ["seed-000", "a/b", "../../etc/passwd", "<b>", "id with spaces", "é" * 100])
def test_page_names_are_safe_and_distinct(doc_id):
    name = page_name(doc_id)
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.html", name) and not name.startswith(".")
    assert page_name(doc_id + "x") != name


@pytest.mark.parametrize("text, marks, expected", [
    ("Polres Belu", [Mark(0, 11, "UNIT", "u")], '<mark class="ent ent-unit" id="t0-11" title="u">Polres Belu</mark>'),
    ("a <b> & c", [], "a &lt;b&gt; &amp; c"),
    ("Kapolres Belu AKBP X", [Mark(0, 20, "OFFICER", "o"), Mark(9, 13, "PLACE", "p")],
     '<mark class="ent ent-officer" id="t0-20" title="o">Kapolres <mark class="ent ent-place" id="t9-13" '
     'title="p">Belu</mark> AKBP X</mark>'),
    ("abcdef", [Mark(0, 4, "UNIT", "u"), Mark(2, 6, "PLACE", "p")],
     '<mark class="ent ent-unit" id="t0-4" title="u">ab<span class="anchor" id="t2-6"></span>cd</mark>ef'),
])
def test_highlight_nests_marks_and_escapes_text(text, marks, expected):
    assert highlight(text, marks) == expected


def test_report_without_extraction_is_a_clear_error(tmp_path):
    result = invoke("report", str(tmp_path))
    assert result.exit_code == 1
    assert "run `tribrata extract INPUT -o" in result.stderr
