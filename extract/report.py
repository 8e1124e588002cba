"""The fact-checking view: a static HTML site over an output folder.

``tribrata report OUTDIR`` reads ``OUTDIR/tribrata.db`` and writes ``OUTDIR/report/``:
``index.html`` (every event, sortable and filterable in the browser) and one page per
document under ``docs/`` with the text, every mention highlighted by label, the event card
whose fields link to their evidence in the text, and the document's flags. The site works
offline from the file system. Every piece of document text is HTML-escaped.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from .columns import load_tables
from .report_text import spelled, visible
from .report_summary import RELEASE_COLUMNS, release_cells, row_attributes, summary_section

#: Highlight colours of the mention labels (also the legend).
LABEL_COLOURS = {
    "UNIT": "#cfe2ff", "OFFICER": "#ffd6a5", "PLACE": "#caffbf", "DATE": "#fdffb6", "TIME": "#fdffb6",
    "COUNT": "#ffc6ff", "CANDIDATE": "#bdb2ff", "PARTY": "#a0c4ff", "OPERATION": "#9bf6ff",
}

#: Event card rows: (label, record field) — each links to the field's evidence.
CARD_FIELDS = (
    ("Event type", "event_type"), ("Date", "event_date"), ("Time", "event_time"), ("Units", "units"),
    ("Officers", "officers"), ("Villages", "villages"), ("Districts", "districts"), ("Regencies", "regencies"),
    ("Provinces", "provinces"), ("Personnel", "personnel_count"), ("Operation", "operation"),
    ("Candidates", "candidates"), ("Parties", "parties"), ("Region code", "region_code"),
)

#: The documents columns that hold JSON lists (by the output schema).
_JSON_COLUMNS = tuple(c.name for c in load_tables()["documents"].columns if c.type == "json")

INDEX_COLUMNS = ("Date", "Type", "Lead unit", "Commander", "Place", "Personnel", "Flags", "Release", *RELEASE_COLUMNS)


class ReportError(RuntimeError):
    """The output folder has no database to report on, or a damaged one."""


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    label: str
    title: str


def page_name(doc_id: str) -> str:
    """A safe file name for a document id (any characters): a slug, and a 128-bit digest of the
    whole id, so that two ids never share a page (however long their common prefix)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id).strip("-.")[:60] or "doc"
    return f"{slug}-{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:32]}.html"


def anchor(start: int, end: int) -> str:
    return f"t{start}-{end}"


def _asset(name: str) -> str:
    return resources.files("extract").joinpath("data", name).read_text(encoding="utf-8")


def _value_text(value: Any) -> str:
    if isinstance(value, dict) and "rank" in value:  # an officer
        person = " ".join(v for v in (value.get("rank"), value.get("name")) if v)
        return f"{person} ({value['role']})" if value.get("role") else person
    if isinstance(value, dict) and "type" in value:  # a village
        return f"{value['name']} ({value['type']})"
    if isinstance(value, dict):
        return ", ".join(f"{v}" for v in value.values() if v not in (None, "", []))
    if isinstance(value, list):
        return "; ".join(_value_text(v) for v in value)
    return "" if value is None else str(value)


def highlight(text: str, marks: list[Mark]) -> str:
    """The text as HTML with properly nested ``<mark>`` elements; a mark that crosses another
    one's boundary is left out (its anchor is kept as an empty element)."""
    marks = sorted({(m.start, m.end): m for m in marks if 0 <= m.start < m.end <= len(text)}.values(),
                   key=lambda m: (m.start, -m.end))
    out: list[str] = []
    stack: list[Mark] = []
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            out.append(escape(text[pos:top.end]))
            pos = top.end
            out.append("</mark>")

    for mark in marks:
        close_until(mark.start)
        if stack and mark.end > stack[-1].end:  # crosses the enclosing mark: keep only its anchor
            out.append(escape(text[pos:mark.start]))
            pos = mark.start
            out.append(f'<span class="anchor" id="{anchor(mark.start, mark.end)}"></span>')
            continue
        out.append(escape(text[pos:mark.start]))
        pos = mark.start
        out.append(f'<mark class="ent ent-{escape(mark.label.lower())}" id="{anchor(mark.start, mark.end)}" '
                   f'title="{escape(mark.title)}">')
        stack.append(mark)
    close_until(len(text))
    out.append(escape(text[pos:]))
    return "".join(out)


def _page(title: str, body: str, css: str, depth: int) -> str:
    prefix = "../" * depth
    return (f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(spelled(title))}</title><link rel=\"stylesheet\" href=\"{prefix}{css}\"></head>"
            f"<body>{body}<script src=\"{prefix}report.js\"></script></body></html>\n")


def _legend() -> str:
    items = "".join(f'<span class="ent ent-{label.lower()}">{label}</span>' for label in LABEL_COLOURS)
    return f'<div class="legend" aria-label="legend">{items}</div>'


def _flags_box(flags: list[dict[str, Any]]) -> str:
    if not flags:
        return '<section class="flags ok"><h2>Flags</h2><p>No inconsistency found.</p></section>'
    items = []
    for flag in flags:
        spans = " ".join(f'<a href="#{anchor(s["start"], s["end"])}">“{escape(s["text"])}”</a>'
                         for s in flag.get("spans", []))
        items.append(f'<li><code>{escape(flag["code"])}</code> {escape(flag["message"])}'
                     f'{"<br>" + spans if spans else ""}</li>')
    return f'<section class="flags" id="flags"><h2>Flags ({len(flags)})</h2><ul>{"".join(items)}</ul></section>'


def _fact_text(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _story_box(story: dict[str, Any] | None) -> str:
    """A story's members (linked, with outlet and date) and, side by side, what each member
    says where the reprints disagree."""
    if story is None or len(story["members"]) < 2:
        return ""
    members = story["members"]
    head = "".join(f'<th><a href="{page_name(m["doc_id"])}">{escape(m["outlet"] or m["doc_id"])}</a>'
                   f'<br><small>{escape(m["published"] or "")}</small></th>' for m in members)
    rows = []
    for conflict in story["conflicts"]:
        said = {doc: v["value"] for v in conflict["values"] for doc in v["documents"]}
        cells = "".join(f'<td>{escape(_fact_text(said[m["doc_id"]])) if m["doc_id"] in said else "–"}</td>'
                        for m in members)
        rows.append(f'<tr><th><code>{escape(conflict["fact"])}</code></th>{cells}</tr>')
    verdict = (f'<p class="error">The reprints disagree ({len(rows)} fact(s)):</p>' if rows
               else "<p>The reprints agree on the facts compared.</p>")
    return (f'<section class="story" id="story"><h2>Story: {len(members)} documents, {story["outlets"]} outlets</h2>'
            f'{verdict}<table><tr><th></th>{head}</tr>{"".join(rows)}</table></section>')


def _card(record: dict[str, Any]) -> str:
    evidence: dict[str, list[dict[str, Any]]] = {}
    for ev in record.get("evidence", []):
        evidence.setdefault(ev["field"], []).append(ev)
    rows = []
    for label, field in CARD_FIELDS:
        value = record.get(field)
        if value in (None, [], ""):
            continue
        links = " ".join(f'<a class="ev" href="#{anchor(ev["start"], ev["end"])}" '
                         f'title="{escape(ev["sentence"])}">{escape(ev["text"])}</a>'
                         for ev in evidence.get(field, [])[:6])
        rows.append(f'<tr><th>{escape(label)}</th><td>{escape(_value_text(value))}'
                    f'{"<div class=evidence>evidence: " + links + "</div>" if links else ""}</td></tr>')
    status = "" if record.get("status") == "ok" else f'<p class="error">Error: {escape(str(record.get("error")))}</p>'
    return f'<section class="card"><h2>Event</h2>{status}<table>{"".join(rows)}</table></section>'


def document_page(record: dict[str, Any], text: str, mentions: list[dict[str, Any]],
                  story: dict[str, Any] | None = None) -> str:
    """The page of one document: flags, its story's members and conflicts, event card, highlighted text."""
    marks = [Mark(m["start"], m["end"], m["label"], f'{m["label"]}: {_value_text(json.loads(m["value"]) if m["value"] else m["text"])}')
             for m in mentions]
    marks += [Mark(s["start"], s["end"], "FLAG", f'flag: {f["code"]}') for f in record.get("flags", [])
              for s in f.get("spans", []) if not any(m.start == s["start"] and m.end == s["end"] for m in marks)]
    title = record.get("title") or record["id"]
    link = (f'<p class="source"><a href="{escape(record["url"])}" rel="noopener noreferrer">source</a></p>'
            if record.get("url", "") and str(record["url"]).startswith(("http://", "https://")) else "")
    body = (f'<nav><a href="../index.html">← all events</a></nav><header><h1>{visible(title)}</h1>'
            f'<p class="meta">id <code>{visible(record["id"])}</code></p>{link}</header>'
            f'<div class="layout"><aside>{_flags_box(record.get("flags", []))}{_story_box(story)}{_card(record)}</aside>'
            f'<main><h2>Text</h2>{_legend()}<div class="text">{highlight(text, marks)}</div></main></div>')
    return _page(str(title), body, "report.css", 1)


def index_page(rows: list[dict[str, Any]], levels: dict[str, str] | None = None,
               stories: dict[str, dict[str, Any]] | None = None) -> str:
    """The summary of the corpus, then the table of all events, sortable (click a column) and
    filterable (type in the box, or click a bar of the summary); ``levels`` maps unit names
    to their level, ``stories`` are those of more than one document."""
    levels = levels or {}
    head = "".join(f'<th data-col="{i}" tabindex="0">{escape(c)}</th>' for i, c in enumerate(INDEX_COLUMNS))
    body = []
    for row in rows:
        place = next((row[k] for k in ("district", "regency", "province") if row.get(k)), "")
        flags = json.loads(row["flags"] or "[]")
        cells = [row["event_date"] or "", row["event_type"] or "", row["lead_unit"] or "",
                 " ".join(x for x in (row["commander_rank"], row["commander_name"]) if x), place,
                 "" if row["personnel_count"] is None else str(row["personnel_count"]), ", ".join(flags)]
        link = f'<a href="docs/{page_name(row["doc_id"])}">{visible(row["title"] or row["doc_id"])}</a>'
        body.append(f'<tr class="{"flagged" if flags else ""}"{row_attributes(row, levels)}>'
                    + "".join(f"<td>{escape(c)}</td>" for c in cells) + f"<td>{link}</td>{release_cells(row)}</tr>")
    content = (f'<header><h1>Police press releases: {len(rows)} events</h1>'
               f'<p>Click a column to sort; type to filter. Rows with flags are marked.</p></header>'
               f'{summary_section(rows, levels, stories or {})}<section id="list"><h2>Events</h2>'
               f'<input id="filter" type="search" placeholder="Filter events…" aria-label="filter">'
               f'<p id="active" hidden>Showing <span id="shown"></span> of {len(rows)} events: '
               f'<span id="facet"></span> <a href="#" id="clear">show all</a></p></section>'
               f'<table id="events"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    return _page("tribrata-extract report", content, "report.css", 0)


def _stories(db: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """The stories of more than one document, by id (none in a database written before stories)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'stories'").fetchone() is None:
        return {}
    rows = db.execute("SELECT story_id, outlets, members, conflicts FROM stories WHERE documents > 1")
    return {row[0]: {"outlets": row[1], "members": json.loads(row[2]), "conflicts": json.loads(row[3])}
            for row in rows}


def build_report(outdir: Path | str) -> Path:
    """Write ``OUTDIR/report/`` from ``OUTDIR/tribrata.db``; returns the index page."""
    outdir = Path(outdir)
    database = outdir / "tribrata.db"
    if not database.exists():
        raise ReportError(f"{database}: not found; run `tribrata extract INPUT -o {outdir}` first")
    try:
        return _write_site(outdir, sqlite3.connect(database))
    except sqlite3.DatabaseError as exc:
        raise ReportError(f"{database}: not a readable tribrata database ({exc}); run `tribrata extract` "
                          f"into {outdir} again") from exc


def _write_site(outdir: Path, db: sqlite3.Connection) -> Path:
    site = outdir / "report"
    if site.exists():
        shutil.rmtree(site)
    (site / "docs").mkdir(parents=True)
    (site / "report.css").write_text(_asset("report.css") + "".join(
        f".ent-{label.lower()} {{ background: {colour}; }}\n" for label, colour in LABEL_COLOURS.items()),
        encoding="utf-8")
    (site / "report.js").write_text(_asset("report.js"), encoding="utf-8")
    db.row_factory = sqlite3.Row
    columns = [c[1] for c in db.execute("PRAGMA table_info(documents)")]
    stories = _stories(db)
    for doc in db.execute("SELECT * FROM documents ORDER BY rowid"):
        record = {c: doc[c] for c in columns}
        for key in _JSON_COLUMNS:
            record[key] = json.loads(record[key]) if record[key] else []
        mentions = [dict(m) for m in db.execute(
            'SELECT label, text, start, "end", value FROM mentions WHERE doc_id = ? ORDER BY start', (doc["id"],))]
        (site / "docs" / page_name(doc["id"])).write_text(
            document_page(record, doc["text"] or "", mentions, stories.get(record.get("story_id"))),
            encoding="utf-8")
    rows = [dict(r) for r in db.execute("SELECT events.*, documents.published FROM events "
                                        "LEFT JOIN documents ON documents.id = events.doc_id ORDER BY events.rowid")]
    levels = dict(db.execute("SELECT name, level FROM units").fetchall())
    db.close()
    index = site / "index.html"
    index.write_text(index_page(rows, levels, stories), encoding="utf-8")
    return index
