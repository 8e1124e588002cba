"""One release, for a person checking it: the event, who, where, how many, what to check,
and where each value was read (``tribrata show``)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

WIDTH = 100


def _where(record: Mapping[str, Any], field: str, value: Any) -> str:
    """Where a value was read: its text and offsets, from the record's evidence."""
    for ev in record.get("evidence") or ():
        if ev["field"] == field and ev["value"] == value:
            return f'  ← "{ev["text"]}" [{ev["start"]}:{ev["end"]}]'
    return ""


def _officer(record: Mapping[str, Any], officer: Mapping[str, Any]) -> str:
    rank = f'{officer["rank"]} ' if officer.get("rank") else ""
    role = f' — {officer["role"]}' if officer.get("role") else ""
    return f"{rank}{officer['name']}{role}{_where(record, 'officers', officer['name'])}"


def _places(record: Mapping[str, Any]) -> list[str]:
    lines = []
    for place in record.get("places") or ():
        code = place.get("code") or place.get("status") or "unresolved"
        field = {"village": "villages", "district": "districts", "regency": "regencies",
                 "province": "provinces"}[place["level"]]
        name = place["name"] if place["level"] in ("regency", "province") else f'{place["type"]} {place["name"]}'
        lines.append(f'{name} ({code}){_where(record, field, place["name"])}')
    return lines


def _flags(record: Mapping[str, Any]) -> list[str]:
    lines = []
    sentences = {(ev["start"], ev["end"]): ev["sentence"] for ev in record.get("evidence") or ()}
    for flag in record.get("flags") or ():
        lines.append(f'{flag["code"]}: {flag["message"]}')
        for span in flag.get("spans") or ():
            sentence = sentences.get((span["start"], span["end"]))
            quoted = textwrap.shorten(sentence or span["text"], WIDTH - 20, placeholder=" …")
            lines.append(f'  at [{span["start"]}:{span["end"]}] "{quoted}"')
    return lines


def _section(title: str, lines: list[str]) -> list[str]:
    """A titled block; a line starting with spaces continues the one before it."""
    if not lines:
        return [f"{title}: none"]
    return [f"{title}:"] + [f"  {line}" if line.startswith(" ") else
                            "  " + textwrap.shorten(line, WIDTH - 2, placeholder=" …") for line in lines]


def render(record: Mapping[str, Any]) -> str:
    """The record as a short text: one block per kind of value, each value with its source."""
    if record.get("status") == "error":
        return f'{record["id"]}: not extracted: {record.get("error")}'
    date = record.get("event_date") or "no date"
    basis = record.get("event_date_basis")
    basis = basis.get("basis") if isinstance(basis, Mapping) else basis
    head = [f'{record["id"]}: {record.get("event_type")} on {date}' + (f" ({basis})" if basis else "")
            + _where(record, "event_date", record.get("event_date"))]
    if record.get("title"):
        head.append(f'title: {textwrap.shorten(record["title"], WIDTH - 7, placeholder=" …")}')
    count = record.get("personnel_count")
    lines = head + _section("units", [f"{u}{_where(record, 'units', u)}" for u in record.get("units") or ()])
    lines += _section("officers", [_officer(record, o) for o in record.get("officers") or ()])
    lines += _section("places", _places(record))
    lines += _section("candidates", [f"{c}{_where(record, 'candidates', c)}" for c in record.get("candidates") or ()])
    lines += [f"personnel: {count}{_where(record, 'personnel_count', count)}" if count is not None
              else "personnel: not given",
              f"operation: {record.get('operation') or 'none'}{_where(record, 'operation', record.get('operation'))}"]
    lines += _section("flags", _flags(record))
    return "\n".join(lines)
