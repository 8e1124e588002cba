"""The corpus at a glance: the summary at the top of the report's index.

Counts of the events table by type, by province, by level of the lead unit, per week and
by flag, drawn as inline SVG bars (no script or font from outside). Each bar links to the
event list filtered on its value: the filter lives in the URL hash (``#type=patrol``), so
it survives Back and can be bookmarked; ``report.js`` applies it to the rows' ``data-``
attributes, which :func:`row_attributes` writes from the same :func:`facets` the counts
come from. Every value shown is HTML-escaped.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from html import escape
from typing import Any
from urllib.parse import quote

from .report_text import visible
from .stories import outlet

#: The facets of an event: (key in the URL hash and the rows' data- attributes, chart title).
FACETS = (("type", "Events by type"), ("province", "Events by province"), ("level", "Events by level of the lead unit"),
          ("week", "Events per week (weeks with events, by their Monday)"), ("flag", "Events by flag"))

#: The value of a facet an event has none of.
UNKNOWN = "(unknown)"

#: The index columns that say which release an event comes from (after the release's title).
RELEASE_COLUMNS = ("Id", "Outlet", "Published")

BAR_HEIGHT, LABEL_WIDTH, BAR_WIDTH = 22, 200, 280


def week_of(event_date: Any) -> str:
    """The Monday of an ISO date's week (ISO text), or :data:`UNKNOWN`."""
    try:
        day = date.fromisoformat(str(event_date)[:10])
    except ValueError:
        return UNKNOWN
    return (day - timedelta(days=day.weekday())).isoformat()


def facets(row: Mapping[str, Any], levels: Mapping[str, str]) -> dict[str, list[str]]:
    """The values of one events row by facet: one each, any number of flags (each once)."""
    flags = row["flags"] if isinstance(row["flags"], list) else json.loads(row["flags"] or "[]")
    return {"type": [row["event_type"] or UNKNOWN], "province": [row["province"] or UNKNOWN],
            "level": [levels.get(row["lead_unit"] or "") or UNKNOWN], "week": [week_of(row["event_date"])],
            "flag": sorted(set(flags))}


def counts(rows: Iterable[Mapping[str, Any]], levels: Mapping[str, str]) -> dict[str, Counter]:
    """How many events have each value of each facet."""
    out: dict[str, Counter] = {key: Counter() for key, _ in FACETS}
    for row in rows:
        for key, values in facets(row, levels).items():
            out[key].update(values)
    return out


def row_attributes(row: Mapping[str, Any], levels: Mapping[str, str]) -> str:
    """The ``data-`` attributes of an index row that the filter reads (flags space-separated)."""
    return "".join(f' data-{key}="{escape(" ".join(values))}"' for key, values in facets(row, levels).items())


def release_cells(row: Mapping[str, Any]) -> str:
    """The index cells of the release's id, outlet (host of its URL) and publication date."""
    cells = (row["doc_id"], outlet(row.get("source_url")) or "", row.get("published") or "")
    return "".join(f"<td>{visible(str(c))}</td>" for c in cells)


def _link(key: str, value: str) -> str:
    return f"#{key}={quote(value, safe='')}"


def bar_chart(key: str, counter: Counter, by_label: bool = False) -> str:
    """Horizontal bars, largest first (or in label order), each a link to the filtered list."""
    items = sorted(counter.items(), key=(lambda kv: (kv[0] == UNKNOWN, kv[0])) if by_label else (lambda kv: (-kv[1], kv[0])))
    if not items:
        return '<p class="none">none</p>'
    top = max(n for _, n in items)
    bars = []
    for i, (value, n) in enumerate(items):
        y, width = i * BAR_HEIGHT, max(1.0, BAR_WIDTH * n / top)
        bars.append(f'<a href="{escape(_link(key, value))}" class="bar" data-facet="{key}" data-value="{escape(value)}" '
                    f'data-count="{n}"><title>{escape(value)}: {n}</title>'
                    f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(value[:34])}</text>'
                    f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="{BAR_HEIGHT - 6}"></rect>'
                    f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + 15}" class="n">{n}</text></a>')
    total_width = LABEL_WIDTH + BAR_WIDTH + 40
    return (f'<svg class="chart" role="img" width="{total_width}" height="{len(items) * BAR_HEIGHT}" '
            f'viewBox="0 0 {total_width} {len(items) * BAR_HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
            f'{"".join(bars)}</svg>')


def _stories_line(rows: list[Mapping[str, Any]], stories: Mapping[str, Mapping[str, Any]]) -> str:
    distinct = len({r["story_id"] or r["doc_id"] for r in rows})
    conflicting = sum(bool(s["conflicts"]) for s in stories.values())
    return (f'<p class="stories">{len(rows)} events in {distinct} stories; {len(stories)} stories reprinted by '
            f'more than one document, {conflicting} of them with conflicting facts.</p>')


def summary_section(rows: list[Mapping[str, Any]], levels: Mapping[str, str],
                    stories: Mapping[str, Mapping[str, Any]]) -> str:
    """The summary: the stories line and one chart per facet, each bar linking to the filtered list."""
    counted = counts(rows, levels)
    charts = "".join(f'<figure class="facet" id="chart-{key}"><figcaption>{escape(title)}</figcaption>'
                     f'{bar_chart(key, counted[key], by_label=key == "week")}</figure>'
                     for key, title in FACETS)
    return (f'<section id="summary" aria-label="summary"><h2>At a glance</h2>{_stories_line(rows, stories)}'
            f'<p>Click a bar to list its events.</p><div class="charts">{charts}</div></section>')
