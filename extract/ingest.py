"""Stage 1: read press releases from files into :class:`~extract.records.SourceDocument`.

Inputs are read lazily, one document at a time, so a corpus of any size streams through.
Accepted: a folder of ``.txt`` files (the id is the file name stem; the first line is
the title when it looks like one: :func:`text_title`), a ``.txt`` file, a ``.jsonl`` file
(``id``, ``text``, optional ``title``, ``url``, ``published``), a ``.csv`` file with the
same columns, and ``-`` for standard input (JSONL, or one release as plain text). A
record that cannot be used still yields a document, with ``error`` set.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import re
import sys
from html.parser import HTMLParser
from dataclasses import replace
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .records import SourceDocument

TEXT_SUFFIXES = (".txt",)
BINARY_MAGIC = (b"%PDF-1.4", b"\x89PNG\r\n\x1a\n")
_HTML = re.compile(r"<(html|body|div|p|br|span|article|head)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "title"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}
OPTIONAL_FIELDS = ("title", "url", "published")


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
    warning = "NUL bytes removed" if nuls else None
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


#: A ``.txt`` file's first line is its title only when it looks like one: at most this long,
#: no sentence end, and a blank line after it.
TITLE_MAX_CHARS = 200
_TITLE_LINE = re.compile(r"\A[^\S\n]*(?P<title>[^\n]*\S)[^\S\n]*\r?\n[^\S\n]*\r?\n")


def text_title(text: str) -> str | None:
    """The title of a ``.txt`` release: its first line when it is short, does not end a
    sentence and is followed by a blank line; otherwise None (the release has no title, as
    the same text given in JSONL without one)."""
    found = _TITLE_LINE.match(text)
    if found is None:
        return None
    title = found["title"]
    return title if len(title) <= TITLE_MAX_CHARS and title[-1] not in ".!?…:;,\"'”’" else None


def plain_release(doc_id: str, data: bytes, source: str) -> SourceDocument:
    """One release given as plain text, with its title when its first line looks like one
    (:func:`text_title`)."""
    text, warning, error = decode(data)
    if error is not None:
        return SourceDocument(id=doc_id, text="", source=source, error=error)
    doc = _text_document(doc_id, text, source, (warning,) if warning else ())
    return replace(doc, title=text_title(doc.text))


def read_text_file(path: Path) -> SourceDocument:
    """A ``.txt`` release (:func:`plain_release`)."""
    return plain_release(path.stem, path.read_bytes(), str(path))


def read_stdin(stream: IO[bytes]) -> Iterator[SourceDocument]:
    """Standard input: JSON Lines when its first non-blank character is ``{``, else one
    plain-text release with the id ``stdin``."""
    head = []
    for raw in stream:
        head.append(raw)
        if raw.strip():
            break
    if b"".join(head).lstrip().startswith((b"{", b"\xef\xbb\xbf{")):
        yield from read_jsonl_stream(itertools.chain(head, stream), "stdin")
    elif head:
        yield plain_release("stdin", b"".join(head) + stream.read(), "stdin")


def _from_mapping(row: dict[str, Any], fallback_id: str, source: str) -> SourceDocument:
    """A document from a JSONL object or a CSV row, with a reason when it is unusable."""
    raw_id = row.get("id")
    doc_id = str(raw_id).strip() if raw_id not in (None, "") else fallback_id
    extras = {k: (str(row[k]) if row.get(k) not in (None, "") else None) for k in OPTIONAL_FIELDS}
    text = row.get("text")
    error = None
    if text is None:
        error = "record has no 'text' field: give each record a 'text' with the release's body"
        text = ""
    elif not isinstance(text, str):
        error = f"'text' is a {type(text).__name__}, not a string: give the release's body as a string"
        text = ""
    if error is not None:
        return SourceDocument(id=doc_id, text="", source=source, error=error, **extras)
    return _text_document(doc_id, text, source, **extras)


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
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        yield SourceDocument(
            id=path.stem, text="", source=str(path),
            error="CSV has no 'text' column: the header must name id,text (and optionally title,url,published)",
        )
        return
    for number, row in enumerate(reader, start=2):
        source = f"{path}:{number}"
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


def iter_path(path_name: str) -> Iterator[SourceDocument]:
    """All documents of one INPUT argument, lazily."""
    if path_name == "-":
        yield from read_stdin(sys.stdin.buffer)
        return
    path = Path(path_name)
    if path.is_dir():
        files = text_files(path)
        if not files:
            raise InputError(f"{path}: folder has no .txt files; give a folder of .txt releases, a .jsonl or a .csv file")
        for file in files:
            yield read_text_file(file)
        return
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with path.open("rb") as stream:
            yield from read_jsonl_stream(stream, str(path))
    elif suffix == ".csv":
        yield from read_csv_file(path)
    elif suffix in TEXT_SUFFIXES:
        yield read_text_file(path)
    else:
        raise InputError(f"{path}: unknown input kind '{suffix}'; use a folder of .txt files, .txt, .jsonl, .csv or -")


def iter_documents(inputs: Iterable[str]) -> Iterator[SourceDocument]:
    """All documents of all inputs, in the order given."""
    for name in inputs:
        yield from iter_path(name)


def check_inputs(inputs: Iterable[str]) -> None:
    """Fail early, before any work, on an input path that does not exist."""
    for name in inputs:
        if name != "-" and not Path(name).exists():
            raise InputError(f"{name}: no such file or folder")


def count_documents(inputs: Iterable[str]) -> int | None:
    """How many documents the inputs hold (a cheap pre-pass for the progress bar), None for stdin."""
    total = 0
    for name in inputs:
        path = Path(name)
        if name == "-":
            return None
        if path.is_dir():
            total += len(text_files(path))
        elif path.suffix.lower() in (".jsonl", ".ndjson"):
            with path.open("rb") as stream:
                total += sum(1 for line in stream if line.strip())
        elif path.suffix.lower() == ".csv":
            total += sum(1 for _ in read_csv_file(path))
        else:
            total += 1
    return total


def fingerprint(name: str) -> str | None:
    """What tells whether an input changed: size and modification time of the file, or of every
    file a folder input reads (a digest of them); None for standard input, which cannot be told."""
    if name == "-":
        return None
    path = Path(name)
    if not path.is_dir():
        stat = path.stat()
        return f"{stat.st_size}:{stat.st_mtime_ns}"
    stats = [(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in text_files(path)]
    return f"{len(stats)} files:" + hashlib.sha256(repr(stats).encode()).hexdigest()[:16]
