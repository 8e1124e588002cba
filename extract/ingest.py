"""Stage 1: read press releases from files into :class:`~extract.records.SourceDocument`.

Inputs are read lazily, one document at a time, so a corpus of any size streams through.
Accepted: a folder of ``.txt`` files (the first non-empty line is the title, the id is the
file name stem), a ``.txt`` file, a ``.jsonl`` file (``id``, ``text``, optional ``title``,
``url``, ``published``), a ``.csv`` file with the same columns, and ``-`` for JSONL on
standard input. A record that cannot be used still yields a document, with ``error`` set.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sys
from html.parser import HTMLParser
from dataclasses import replace
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from . import crawl
from .records import SourceDocument

TEXT_SUFFIXES = (".txt",)
BINARY_MAGIC = (b"%PDF-1.4", b"\x89PNG\r\n\x1a\n")
_HTML = re.compile(r"<(html|body|div|p|br|span|article|head)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "title"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}
OPTIONAL_FIELDS = ("title", "url", "published")
NUL_WARNING = "NUL bytes removed"
_SURROGATES = re.compile("[\ud800-\udfff]")
#: CSV fields may be as long as a JSON line's text (both are cut at the pipeline's MAX_CHARS, and flagged).
CSV_FIELD_LIMIT = 2**31 - 1


class InputError(ValueError):
    """An input path that cannot be read at all (missing, or of an unknown kind)."""


def decode(data: bytes) -> tuple[str, str | None, str | None]:
    """Decode file bytes as text.

    Returns ``(text, warning, error)``: UTF-8 (with or without BOM) is read as is; bytes that
    are not UTF-8 are decoded as cp1252 (a superset of Latin-1 for printable text) with a
    warning; binary data (many NUL bytes, or a known binary signature) gives an error and no
    text; a few stray NUL bytes are dropped with a warning.
    """
    nuls = data.count(b"\x00")
    if nuls and (nuls > len(data) // 20 or data[:8] in BINARY_MAGIC):
        return "", None, "binary data (NUL bytes): not a text document; give text, JSONL or CSV"
    warning = NUL_WARNING if nuls else None
    data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8-sig"), warning, None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not UTF-8: decoded as cp1252", None
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8: decoded as Latin-1", None


class _TextOfHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(text: str) -> tuple[str, str | None]:
    """The text of a raw HTML page (scripts and styles dropped), with a warning; other text as is."""
    if len(_HTML.findall(text[:20000])) < 2:
        return text, None
    parser = _TextOfHTML()
    parser.feed(text)
    parser.close()
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip() for line in "".join(parser.parts).splitlines())
    return "\n\n".join(line for line in lines if line), "raw HTML: its text was extracted from the markup"


def _text_document(doc_id: str, text: str, source: str, warnings: tuple[str, ...] = (), **extras: Any) -> SourceDocument:
    text, html_warning = html_to_text(text)
    if html_warning:
        warnings += (html_warning,)
    return SourceDocument(id=doc_id, text=text, source=source, warnings=warnings, **extras)


def path_text(path: Path) -> str:
    """A path as text that can always be written: the bytes of a name that is not UTF-8 as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_text_file(path: Path) -> SourceDocument:
    """A ``.txt`` release: the first non-empty line is its title; its id is the file name stem
    (a name that is not UTF-8 with its bytes written ``\\xNN``, and a warning)."""
    doc_id, source = path_text(Path(path.stem)), path_text(path)
    warnings = () if doc_id == path.stem else ("the file name is not UTF-8: its id has the bytes as \\xNN",)
    try:
        text, warning, error = decode(path.read_bytes())
    except OSError as exc:  # e.g. removed since the run started
        return SourceDocument(id=doc_id, text="", source=source, error=f"cannot read the file: {exc.strerror}")
    if error is not None:
        return SourceDocument(id=doc_id, text="", source=source, error=error)
    doc = _text_document(doc_id, text, source, warnings + ((warning,) if warning else ()))
    title = next((line.strip() for line in doc.text.splitlines() if line.strip()), None)
    return replace(doc, title=title[:500] if title else None)


def _clean(value: str, name: str, warnings: list[str]) -> str:
    """A string of the input without NUL characters (an escaped ``\\u0000`` is one) and with
    each lone surrogate (``\\ud800``, which no UTF-8 file can hold) replaced by U+FFFD."""
    if "\x00" in value:
        value = value.replace("\x00", "")
        warnings.append(NUL_WARNING)
    if _SURROGATES.search(value):
        value = _SURROGATES.sub("\ufffd", value)
        warnings.append(f"lone surrogates in '{name}' replaced by U+FFFD")
    return value


def _from_mapping(row: dict[str, Any], fallback_id: str, source: str) -> SourceDocument:
    """A document from a JSONL object or a CSV row, with a reason when it is unusable.

    An id must be a string: a number or a list is refused (an error record under the
    line's fallback id), so that ``7`` and ``"7"`` can never become one id."""
    warnings: list[str] = []
    raw_id = row.get("id")
    doc_id = _clean(raw_id.strip(), "id", warnings) if isinstance(raw_id, str) and raw_id.strip() else fallback_id
    extras = {k: (_clean(str(row[k]), k, warnings) if row.get(k) not in (None, "") else None)
              for k in OPTIONAL_FIELDS}
    text = row.get("text")
    error = None
    if raw_id not in (None, "") and not isinstance(raw_id, str):
        error = (f"'id' is a {type(raw_id).__name__} ({json.dumps(raw_id)[:40]}), not a string: "
                 "give every id as a JSON string")
        text = ""
    elif text is None:
        error = "record has no 'text' field: give each record a 'text' with the release's body"
        text = ""
    elif not isinstance(text, str):
        error = f"'text' is a {type(text).__name__}, not a string: give the release's body as a string"
        text = ""
    if error is not None:
        return SourceDocument(id=doc_id, text="", source=source, error=error, **extras)
    text = _clean(text, "text", warnings)
    return _text_document(doc_id, text, source, tuple(dict.fromkeys(warnings)), **extras)


def read_jsonl_stream(stream: IO[bytes], name: str) -> Iterator[SourceDocument]:
    """Documents from JSON Lines; a malformed line yields an error document, not an exception."""
    stem = Path(name).stem
    for number, raw in enumerate(stream, start=1):
        line, warning, error = decode(raw)
        if not line.strip() and error is None:
            continue
        source = f"{name}:{number}"
        fallback_id = f"{stem}-line{number}"
        if error is not None:
            yield SourceDocument(id=fallback_id, text="", source=source, error=error)
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceDocument(
                id=fallback_id, text="", source=source,
                error=f"malformed JSON on line {number}: {exc.msg} (column {exc.colno}); fix or remove the line",
            )
            continue
        except RecursionError:
            yield SourceDocument(id=fallback_id, text="", source=source,
                                 error=f"JSON on line {number} is nested too deeply to read; fix or remove the line")
            continue
        if not isinstance(row, dict):
            yield SourceDocument(
                id=fallback_id, text="", source=source,
                error=f"line {number} is a JSON {type(row).__name__}, not an object with 'id' and 'text'",
            )
            continue
        doc = _from_mapping(row, fallback_id, source)
        yield doc if warning is None else _with_warning(doc, warning)


def _with_warning(doc: SourceDocument, warning: str) -> SourceDocument:
    return replace(doc, warnings=doc.warnings + (warning,))


def read_csv_file(path: Path) -> Iterator[SourceDocument]:
    """Documents from a CSV file with a header row naming at least ``text``."""
    text, warning, error = decode(path.read_bytes())
    if error is not None:
        yield SourceDocument(id=path.stem, text="", source=str(path), error=error)
        return
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        yield SourceDocument(
            id=path.stem, text="", source=str(path),
            error="CSV has no 'text' column: the header must name id,text (and optionally title,url,published)",
        )
        return
    for number, row in enumerate(reader, start=2):
        source = f"{path_text(path)}:{number}"
        if None in row or any(value is None for value in row.values()):
            yield SourceDocument(
                id=str(row.get("id") or f"{path.stem}-row{number}"), text="", source=source,
                error=f"CSV row {number} has {'more' if None in row else 'fewer'} fields than the header",
            )
            continue
        doc = _from_mapping(row, f"{path.stem}-row{number}", source)
        yield doc if warning is None else _with_warning(doc, warning)


def text_files(folder: Path) -> list[Path]:
    """The releases of a folder input: its ``.txt`` files, in name order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)


JSONL_SUFFIXES = (".jsonl", ".ndjson")
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".zip")
_KINDS = {**dict.fromkeys(JSONL_SUFFIXES, "jsonl"), ".csv": "csv", **dict.fromkeys(TEXT_SUFFIXES, "txt")}


def input_kind(path_name: str) -> str:
    """What an INPUT argument is (``stdin``, ``folder``, ``jsonl``, ``csv``, ``txt``), checked:
    it exists, is of a known kind and can be read (a folder: it holds ``.txt`` files)."""
    if path_name == "-":
        return "stdin"
    path = Path(path_name)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    try:
        if crawl.reader_for(path) is not None:  # HTML, WARC, .gz (extract/crawl.py)
            return "crawl"
        if path.is_dir():
            if not text_files(path):
                raise InputError(f"{path}: folder has no .txt files; give a folder of .txt releases, "
                                 "a .jsonl or a .csv file")
            return "folder"
        suffix = path.suffix.lower()
        if suffix in _COMPRESSED:
            raise InputError(f"{path}: a compressed file ('{suffix}'); decompress it first (e.g. gunzip -k {path})")
        if suffix not in _KINDS:
            raise InputError(f"{path}: unknown input kind '{suffix}'; use a folder of .txt files, .txt, .jsonl, "
                             ".csv or -")
        path.open("rb").close()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); give a readable file or folder") from exc
    return _KINDS[suffix]


def iter_path(path_name: str) -> Iterator[SourceDocument]:
    """All documents of one INPUT argument, lazily."""
    kind = input_kind(path_name)
    path = Path(path_name).resolve()  # the records' source is the same however the path is spelled
    if kind == "stdin":
        yield from read_jsonl_stream(sys.stdin.buffer, "stdin")
    elif kind == "crawl":
        yield from crawl.reader_for(path)(path)
    elif kind == "folder":
        for file in text_files(path):
            yield read_text_file(file)
    elif kind == "jsonl":
        with path.open("rb") as stream:
            yield from read_jsonl_stream(stream, path_text(path))
    elif kind == "csv":
        yield from read_csv_file(path)
    else:
        yield read_text_file(path)


def iter_documents(inputs: Iterable[str]) -> Iterator[SourceDocument]:
    """All documents of all inputs, in the order given."""
    for name in inputs:
        yield from iter_path(name)


def check_inputs(inputs: Iterable[str]) -> None:
    """Fail early, before any work, on an input that is missing, of an unknown kind or unreadable."""
    for name in inputs:
        input_kind(name)


def count_documents(name: str) -> int | None:
    """How many documents an input holds (read as the run reads it), None for standard input and
    crawled input (counting would take a pass over every page)."""
    kind = input_kind(name)
    if kind in ("stdin", "crawl"):
        return None
    return len(text_files(Path(name))) if kind == "folder" else sum(1 for _ in iter_path(name))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(name: str) -> dict[str, Any] | None:
    """What tells whether an input changed: the size and SHA-256 of the file; for a folder
    input, the number of its ``.txt`` files and a SHA-256 of their names and contents (a file
    touched but not changed is the same input). None for standard input, which cannot be told."""
    if name == "-":
        return None
    path = Path(name)
    if not path.is_dir():
        return {"size": path.stat().st_size, "sha256": _sha256(path)}
    files = crawl.files_of(path) if crawl.reader_for(path) is not None else text_files(path)
    digest = hashlib.sha256()
    for file in files:
        digest.update(os.fsencode(file.relative_to(path).as_posix()) + b"\0" + _sha256(file).encode() + b"\0")
    return {"files": len(files), "sha256": digest.hexdigest()}
