"""Crawled input: HTML pages, folders of them, WARC archives, and gzip-compressed files.

Each article page becomes one :class:`~extract.records.SourceDocument`:

- ``text``: the page's headline, a blank line, then the article text as trafilatura reads
  it (precision first: menus, related-link lists, share buttons and scripts stay out), one
  paragraph per line pair, like the project's ``.txt`` releases. The project's own
  boilerplate masking (:mod:`extract.clean`) still runs on it (trafilatura keeps in-article
  ``Baca Juga`` lines, a repeated headline is masked there);
- ``title``: the page's headline; ``url``: the WARC record's target URI, else the page's
  canonical link;
- ``published``: from the page's metadata (htmldate), else its own date line read by
  dateparser in Indonesian and English, day first (``3/10/2024`` is 3 October);
- ``source``: the file, and for a WARC record ``file@offset`` (the record's byte offset).

A page without an article (an index or tag listing, a one-line video page), a WARC record
that is not an HTML page, an HTTP error, a broken archive or a broken gzip file gives a
document with ``error`` set to the reason, and reading goes on (a broken archive stops at
the break: the records before it are kept). WARC archives are streamed one record at a
time, so memory does not grow with the archive. ``warcinfo``, ``request`` and ``metadata``
records are not pages and are passed over.

trafilatura is not given a target language: many Indonesian sites declare
``lang="en-US"`` (a WordPress default), and its language filter would drop their
releases; the extractor's own check (:func:`extract.pipeline.not_indonesian`) gives
non-Indonesian text an error record with its reason.

Needs the ``[crawl]`` extra (trafilatura, htmldate, warcio) for HTML and WARC input;
``.jsonl.gz``, ``.csv.gz`` and ``.txt.gz`` are read with the standard library.
"""

from __future__ import annotations

import copy
import gzip
import zlib
from dataclasses import replace
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import regex

from .records import SourceDocument

HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
GZIP_SUFFIXES = (".jsonl.gz", ".csv.gz", ".txt.gz")
#: Fewer words than this in the extracted article: the page holds no release.
MIN_ARTICLE_WORDS = 40
#: A WARC record larger than this is not read (no press release page is this large).
MAX_RECORD_BYTES = 8_000_000

_DATE_IN_LINE = regex.compile(
    r"\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{1,2}\s+\p{L}{3,}\.?,?\s+\d{4}|\p{L}{3,}\.?\s+\d{1,2},?\s+\d{4})\b")
_DATE_CLASS = regex.compile(r"date|time|tanggal|waktu|publish|posted|byline|meta", regex.IGNORECASE)
_BROKEN = (OSError, EOFError, zlib.error, ValueError)


def _crawl_modules() -> tuple[Any, Any]:
    try:
        import htmldate
        import trafilatura
    except ImportError as exc:
        from .ingest import InputError

        raise InputError("HTML and WARC input needs the crawl extra: pip install 'tribrata-extract[crawl]'") from exc
    return trafilatura, htmldate


def suffix_of(path: Path) -> str:
    """The input kind of a file name: ``.warc.gz`` and the other ``.gz`` kinds count as one suffix."""
    name = path.name.lower()
    return next((s for s in WARC_SUFFIXES[1:] + GZIP_SUFFIXES if name.endswith(s)), path.suffix.lower())


def _date_line(tree: Any) -> str | None:
    """The publication date written on the page (a short element whose class names a date), day first."""
    import dateparser

    for element in tree.iter():
        marker = f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}"
        if element.tag != "time" and not _DATE_CLASS.search(marker):
            continue
        line = " ".join(element.itertext()).strip()
        found = _DATE_IN_LINE.search(line) if len(line) <= 200 else None
        if found is None:
            continue
        parsed = dateparser.parse(found.group(), languages=["id", "en"],
                                  settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]})
        if parsed is not None:
            return parsed.date().isoformat()
    return None


def _published(htmldate: Any, tree: Any) -> str | None:
    """The page's publication date: its metadata (htmldate, on a copy: it prunes the tree), else its date line."""
    found = htmldate.find_date(copy.deepcopy(tree), original_date=True, extensive_search=False,
                               outputformat="%Y-%m-%d")
    return found or _date_line(tree)


def page_document(page: bytes | str, doc_id: str, source: str, url: str | None = None) -> SourceDocument:
    """The release on one HTML page, or a document with the reason it holds none."""
    trafilatura, htmldate = _crawl_modules()
    tree = trafilatura.load_html(page)
    if tree is None:
        return SourceDocument(id=doc_id, text="", source=source, url=url,
                              error="not an HTML page (no markup could be parsed); give the article pages of the crawl")
    published = _published(htmldate, tree)
    result = trafilatura.bare_extraction(tree, url=url, favor_precision=True, with_metadata=True,
                                         include_comments=False, deduplicate=False)
    lines = [line.strip() for line in (result.text or "").splitlines() if line.strip()] if result else []
    words = sum(len(line.split()) for line in lines)
    url = url or (result.url if result else None)
    if words < MIN_ARTICLE_WORDS:
        return SourceDocument(
            id=doc_id, text="", source=source, url=url, published=published,
            error=(f"no article on the page ({words} words of article text, {len(lines)} lines): an index, tag "
                   "listing or video page? Give the pages of the releases themselves"))
    title = result.title.strip() if result.title else None
    text = "\n\n".join(([title] if title else []) + lines)
    return SourceDocument(id=doc_id, text=text, title=title, url=url, published=published, source=source)


def read_html_file(path: Path, doc_id: str | None = None) -> SourceDocument:
    """One ``.html``/``.htm`` file; its id is the file name stem unless ``doc_id`` is given."""
    return page_document(path.read_bytes(), doc_id or path.stem, str(path))


def _record_document(record: Any, doc_id: str, source: str) -> SourceDocument | None:
    """The document of one WARC record; None for records that are not pages (warcinfo, request, ...)."""
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    http = record.http_headers
    status = http.get_statuscode() if http is not None else "200"
    kind = (http.get_header("Content-Type") if http is not None
            else record.rec_headers.get_header("Content-Type")) or "unknown"
    reason = None
    if status != "200":
        reason = f"WARC record for {url} has HTTP status {status}, not a page (200)"
    elif "html" not in kind.lower():
        reason = f"WARC record for {url} is not an HTML page (content type {kind})"
    if reason is None:
        payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
        if len(payload) <= MAX_RECORD_BYTES:
            return page_document(payload, doc_id, source, url=url)
        reason = f"WARC record for {url} is larger than {MAX_RECORD_BYTES} bytes: not a press release page"
    return SourceDocument(id=doc_id, text="", source=source, url=url, error=reason)


def read_warc(path: Path) -> Iterator[SourceDocument]:
    """Every page record of a ``.warc``/``.warc.gz`` archive, streamed; ids are ``stem@offset``."""
    _crawl_modules()
    from warcio.archiveiterator import ArchiveIterator

    stem = path.name[:len(path.name) - len(suffix_of(path))]
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.format != "warc":  # warcio reads any line-based text as an old ARC file
                raise ValueError(f"no WARC record header at byte {records.get_record_offset()}")
            doc = _record_document(record, stem, str(path))
            if doc is not None:  # the offset is known once the record is read
                offset = records.get_record_offset()
                yield replace(doc, id=f"{stem}@{offset}", source=f"{path}@{offset}")


class _Gunzipped(type(Path())):  # type: ignore[misc]
    """A ``.gz`` path read as the file it compresses, for the plain-file readers of :mod:`extract.ingest`."""

    @property
    def stem(self) -> str:
        return Path(self.name[:-3]).stem

    def read_bytes(self) -> bytes:
        return gzip.decompress(super().read_bytes())


def _read_gzip(path: Path) -> Iterator[SourceDocument]:
    from .ingest import read_csv_file, read_jsonl_stream, read_text_file

    kind = suffix_of(path)
    if kind == ".jsonl.gz":
        with gzip.open(path, "rb") as stream:
            yield from read_jsonl_stream(stream, str(path))
    elif kind == ".csv.gz":
        yield from read_csv_file(_Gunzipped(path))
    else:
        yield read_text_file(_Gunzipped(path))


def _guarded(read: Callable[[Path], Iterator[SourceDocument]], path: Path) -> Iterator[SourceDocument]:
    """``read(path)``, with a broken archive or gzip stream turned into one last error document."""
    count = 0
    try:
        for count, doc in enumerate(read(path), start=1):
            yield doc
    except _BROKEN + (_archive_error(),) as exc:
        yield SourceDocument(
            id=f"{path.name}-broken", text="", source=str(path),
            error=(f"{path} is broken after {count} document(s): {type(exc).__name__}: {exc}; "
                   "the documents before the break were read, re-fetch or repair the file for the rest"))


def _archive_error() -> type[Exception]:
    try:
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:  # pragma: no cover - without the crawl extra there is no WARC reading
        return ValueError
    return ArchiveLoadFailed


def files_of(folder: Path) -> list[Path]:
    """The files of a folder that crawl input reads (recursively, in path order)."""
    kinds = HTML_SUFFIXES + WARC_SUFFIXES + GZIP_SUFFIXES + (".txt",)
    return sorted(p for p in folder.rglob("*") if p.is_file() and suffix_of(p) in kinds)


def _read_folder(folder: Path) -> Iterator[SourceDocument]:
    """Every page, archive and text file under ``folder`` (recursively, in path order); an HTML
    file's id is its path under the folder without the suffix (mirrors hold many ``index.html``)."""
    for file in files_of(folder):
        if suffix_of(file) in HTML_SUFFIXES:
            yield read_html_file(file, file.relative_to(folder).with_suffix("").as_posix())
        else:
            yield from _reader_of_file(file)(file)


def _one_html(path: Path) -> Iterator[SourceDocument]:
    yield read_html_file(path)


def _reader_of_file(path: Path) -> Callable[[Path], Iterator[SourceDocument]]:
    kind = suffix_of(path)
    if kind in HTML_SUFFIXES:
        return _one_html
    if kind in WARC_SUFFIXES:
        return lambda p: _guarded(read_warc, p)
    if kind in GZIP_SUFFIXES:
        return lambda p: _guarded(_read_gzip, p)
    from .ingest import read_text_file

    return lambda p: iter([read_text_file(p)])


def reader_for(path: Path) -> Callable[[Path], Iterator[SourceDocument]] | None:
    """The reader of a crawl input (an HTML, WARC or ``.gz`` file, or a folder holding HTML or
    WARC files), or None when ``path`` is another kind of input."""
    if path.is_dir():
        crawled = HTML_SUFFIXES + WARC_SUFFIXES + GZIP_SUFFIXES
        return _read_folder if any(suffix_of(p) in crawled for p in files_of(path)) else None
    if suffix_of(path) in HTML_SUFFIXES + WARC_SUFFIXES + GZIP_SUFFIXES:
        return _reader_of_file(path)
    return None
