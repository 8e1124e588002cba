"""The report's summary: its numbers are the events table's counts, each bar links to the
event list filtered on its value, and the index says which release each event comes from."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

import pandas as pd
import pytest

from conftest import invoke, run_cli
from extract.report_summary import FACETS, UNKNOWN, week_of


def bars(html: str) -> dict[str, dict[str, int]]:
    """The bars of the summary, by facet and value, with their counts."""
    found: dict[str, dict[str, int]] = {key: {} for key, _ in FACETS}
    for key, value, n in re.findall(r'<a href="#[^"]*" class="bar" data-facet="(\w+)" data-value="([^"]*)" '
                                    r'data-count="(\d+)">', html):
        found[key][unescape(value)] = int(n)
    return found


def table_counts(outdir) -> dict[str, dict[str, int]]:
    """The same counts, from events.parquet and units.parquet with pandas."""
    events = pd.read_parquet(outdir / "events.parquet")
    levels = pd.read_parquet(outdir / "units.parquet").set_index("name")["level"]
    columns = {
        "type": events["event_type"],
        "province": events["province"],
        "level": events["lead_unit"].map(levels),
        "week": events["event_date"].map(lambda d: None if pd.isna(d) else week_of(d)),
        "flag": events["flags"].map(lambda codes: sorted(set(codes))).explode(),
    }
    return {key: {str(k): int(n) for k, n in (column.fillna(UNKNOWN) if key != "flag" else column.dropna())
                  .value_counts().items()} for key, column in columns.items()}


def summary_of(outdir) -> str:
    assert invoke("report", str(outdir)).exit_code == 0
    return (outdir / "report" / "index.html").read_text(encoding="utf-8")


def test_the_summary_counts_are_the_events_tables(seeds_output):
    assert bars(summary_of(seeds_output)) == table_counts(seeds_output)
    assert sum(bars(summary_of(seeds_output))["type"].values()) == 5


def test_on_the_dev_corpus_too(shared_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("summary-dev")
    run_cli("extract", str(shared_corpus / "dev.jsonl"), "-o", str(out), "--quiet")
    found = bars(summary_of(out))
    assert found == table_counts(out)
    assert sum(found["type"].values()) == len(pd.read_parquet(out / "events.parquet"))


def test_every_bar_links_to_its_filter_and_every_row_carries_it(seeds_output):
    html = summary_of(seeds_output)
    for key, value in re.findall(r'<a href="#(\w+)=([^"]*)" class="bar"', html):
        value = unescape(unquote(value))
        rows = re.findall(rf'<tr class="[^"]*"[^>]* data-{key}="([^"]*)"', html)
        assert sum(value in r.split(" ") if key == "flag" else unescape(r) == value for r in rows) \
            == bars(html)[key][value]


@pytest.mark.parametrize("url, outlet", [("https://www.tribratanews.example/a/b", "tribratanews.example"),
                                         ("http://kupang.example:8080/x", "kupang.example"), (None, "")])
def test_the_index_shows_id_outlet_and_published_date(tmp_path, url, outlet):
    source = tmp_path / "one.jsonl"
    source.write_text('{"id": "r<1>", "title": "Apel <Pagi>", "url": %s, "published": "2024-10-04", '
                      '"text": "Kapolres Belu AKBP Benny Arief memimpin apel, Kamis (17/10/2024)."}\n'
                      % ("null" if url is None else f'"{url}"'), encoding="utf-8")
    run_cli("extract", str(source), "-o", str(tmp_path / "out"), "--workers", "1", "--quiet")
    html = summary_of(tmp_path / "out")
    row = re.search(r"<tbody>(.*?)</tbody>", html).group(1)
    assert "<td>r&lt;1&gt;</td>" in row and f"<td>{outlet}</td>" in row and "<td>2024-10-04</td>" in row
    assert "Apel &lt;Pagi&gt;" in row
