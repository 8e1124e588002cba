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
