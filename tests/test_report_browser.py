"""The report in a real headless Chromium: listing, navigation, highlights, flags, and no
script from a release ever runs. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium for the browser tests (.ci/run installs it)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def seeds_report(seeds_output) -> Path:
    run_cli("report", str(seeds_output))
    return seeds_output / "report"


def test_index_lists_the_seed_events_and_leads_to_a_document(browser, seeds_report):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((seeds_report / "index.html").as_uri())
    rows = page.locator("#events tbody tr")
    assert rows.count() == 5
    assert "2024-10-17" in rows.nth(0).inner_text()
    page.screenshot(path=str(ARTIFACTS / "report-index.png"), full_page=True)

    page.locator("#events th", has_text="Date").click()
    dates = [rows.nth(i).locator("td").nth(0).inner_text() for i in range(5)]
    assert dates == sorted(dates)
    page.fill("#filter", "Lasiolat")
    assert page.locator("#events tbody tr:visible").count() == 1
    page.locator("#events tbody tr:visible a").click()

    assert page.locator("h1").inner_text().startswith("Turun di Dua Desa, Polsek Lasiolat")
    assert page.locator("mark.ent-unit", has_text="Polsek Lasiolat").count() >= 1
    assert page.locator("mark.ent-officer").count() >= 2
    assert page.locator(".legend .ent").count() >= 8
    flags = page.locator("section.flags")
    assert flags.is_visible()
    assert "title_unit_mismatch" in flags.inner_text()
    assert "Polsek Tasfieto Barat" in flags.inner_text()
    evidence = page.locator(".card a.ev").first
    target = evidence.get_attribute("href")
    evidence.click()
    assert page.evaluate("location.hash") == target
    page.screenshot(path=str(ARTIFACTS / "report-seed-000.png"), full_page=True)
    page.close()


def test_injected_html_shows_as_text_and_never_runs(browser, tmp_path):
    text = ('Kapolres Belu, AKBP Benny Miniani Arief menuturkan <script>window.pwned = 1</script> '
            'pengamanan di Desa <img src=x onerror="window.pwned = 2"> Maneikun & sekitarnya, kamis (17/10/2024) < 3 > 2.')
    source = tmp_path / "inject.jsonl"
    source.write_text(json.dumps({"id": "<b>x</b>\"'", "title": "<script>window.pwned = 3</script>",
                                  "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_cli("extract", str(source), "-o", str(out), "--workers", "1", "--quiet")
    run_cli("report", str(out))
    page = browser.new_page()
    page.goto((out / "report" / "index.html").as_uri())
    assert page.evaluate("window.pwned === undefined")
    assert "<script>window.pwned = 3</script>" in page.locator("#events tbody").inner_text()
    page.locator("#events tbody a").click()
    assert page.evaluate("window.pwned === undefined")
    shown = page.locator(".text").inner_text()
    assert "<script>window.pwned = 1</script>" in shown
    assert '<img src=x onerror="window.pwned = 2">' in shown
    assert "& sekitarnya" in shown and "< 3 > 2" in shown
    assert page.locator(".text script, .text img").count() == 0
    page.screenshot(path=str(ARTIFACTS / "report-injection.png"), full_page=True)
    page.close()


def test_summary_bars_filter_the_list_and_the_filter_survives_back(browser, seeds_report):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((seeds_report / "index.html").as_uri())
    shot = ARTIFACTS / "report-summary.png"
    page.locator("#summary").screenshot(path=str(shot))
    print(f"screenshot of the summary page: {shot}")
    assert page.locator("#summary svg a.bar").count() >= 5

    bar = page.locator('#chart-type a.bar[data-value="campaign_security"]')
    bar.click()
    assert page.evaluate("location.hash") == "#type=campaign_security"
    visible = page.locator("#events tbody tr:visible")
    assert visible.count() == int(bar.get_attribute("data-count")) == 4
    assert "type = campaign_security" in page.locator("#active").inner_text()
    visible.first.locator("a").click()
    assert "/docs/" in page.url
    page.go_back()
    assert page.evaluate("location.hash") == "#type=campaign_security"
    assert page.locator("#events tbody tr:visible").count() == 4

    page.locator("#clear").click()
    assert page.locator("#events tbody tr:visible").count() == 5
    page.fill("#filter", "Belu")
    belu = page.locator("#events tbody tr:visible").count()
    assert 0 < belu < 5
    page.locator("#events tbody tr:visible a").first.click()
    page.go_back()
    assert page.input_value("#filter") == "Belu"
    assert page.locator("#events tbody tr:visible").count() == belu
    page.close()


def test_a_story_shows_its_outlets_and_conflicting_facts_side_by_side(browser, tmp_path):
    from test_stories import reprints_of_seed_001

    rows = [row | {"url": f"https://{row['id']}.example/berita", "published": f"2024-10-0{i + 3}"}
            for i, row in enumerate(reprints_of_seed_001())]
    source = tmp_path / "reprints.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    run_cli("extract", str(source), "-o", str(out), "--workers", "1", "--quiet")
    run_cli("report", str(out))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((out / "report" / "index.html").as_uri())
    assert "1 stories reprinted by more than one document, 1 of them with conflicting facts" in \
        page.locator("#summary").inner_text()
    assert page.locator("#events tbody td", has_text="r5-changed.example").count() == 1
    page.locator("#events tbody tr", has_text="r5-changed").locator("a").click()
    story = page.locator("section.story")
    for row in rows:
        assert f"{row['id']}.example" in story.locator("tr").first.inner_text()
    counts = story.locator("tr", has_text="personnel_count").inner_text()
    assert "151" in counts and "115" in counts
    page.screenshot(path=str(ARTIFACTS / "report-story.png"), full_page=True)
    page.close()
