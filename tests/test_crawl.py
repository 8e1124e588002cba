"""Crawled input (extract/crawl.py): HTML pages and WARC archives built here from the seed
releases, with the clutter of real news sites, give the records the JSONL input gives."""

from __future__ import annotations

import gzip
import html
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from extract.ingest import iter_documents  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from extract.records import SCHEMA_KEYS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds.jsonl"
#: The seeds whose text opens with a headline line (a page shows it as its <h1>).
WITH_HEADLINE = ("seed-000", "seed-001", "seed-002")
COMPARED = tuple(k for k in SCHEMA_KEYS if k != "id") + ("event_time", "region_code", "election")


def seed_rows() -> dict[str, dict]:
    return {row["id"]: row for row in map(json.loads, SEEDS.read_text(encoding="utf-8").splitlines())}


def news_page(title: str, paragraphs: list[str], date_line: str, canonical: str | None = None,
              meta_date: str | None = None) -> str:
    """A news site's article page: menus, share buttons, scripts, a 'Baca Juga' link in the
    article, tags, a related-link list and a footer around the release."""
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    body.insert(2, '<p><strong>Baca Juga:</strong> <a href="/berita/lain">Polres gelar apel kesiapan</a></p>')
    head = [f"<title>{html.escape(title)} - Tribrata News</title>", '<meta charset="utf-8">',
            '<script>window.dataLayer = []; var tpl = "<p>bukan teks</p>";</script>', "<style>p{margin:0}</style>"]
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if meta_date:
        head.append(f'<meta property="article:published_time" content="{meta_date}">')
    return f"""<!DOCTYPE html><html lang="id"><head>{''.join(head)}</head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/polda">Polda</a></li><li><a href="/polres">Polres</a></li>
<li><a href="/kontak">Kontak</a></li></ul></nav>
<header><div class="logo">Tribrata News</div><form><input name="q" placeholder="Cari berita"></form></header>
<main><article><h1 class="entry-title">{html.escape(title)}</h1>
<div class="post-meta"><span class="post-date">{date_line}</span> <span class="author">Humas</span></div>
<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> Bagikan</div>
<div class="entry-content">{''.join(body)}</div>
<div class="tags">Tags: <a href="/tag/pilkada">Pilkada</a> <a href="/tag/kamtibmas">Kamtibmas</a></div></article>
<aside class="related"><h3>Berita Terkait</h3><ul>
<li><a href="/berita/a">Kapolda tinjau pos pengamanan di perbatasan negara</a></li>
<li><a href="/berita/b">Polres gelar patroli skala besar jelang hari pemungutan suara</a></li>
<li><a href="/berita/c">Sat Lantas bagikan helm gratis kepada pengendara ojek</a></li></ul></aside></main>
<footer>Copyright 2024 Tribrata News. Hak cipta dilindungi.</footer><script>console.log("x")</script></body></html>"""


def seed_page(row: dict, **kwargs: str) -> str:
    title, *paragraphs = [p.strip() for p in row["text"].split("\n\n") if p.strip()]
    return news_page(title, paragraphs, "Kamis, 5/12/2024 10:15 WITA", **kwargs)


INDEX_PAGE = news_page("Berita Polres", [], "Senin, 7/10/2024").replace(
    '<div class="entry-content">', '<div class="entry-content">' + "".join(
        f'<div class="teaser"><h2><a href="/berita/{i}">Polres gelar pengamanan kegiatan ke-{i}</a></h2>'
        f'<p>Personel Polres melaksanakan pengamanan ... <a href="/berita/{i}">Selengkapnya</a></p></div>'
        for i in range(8)))


def fields(doc) -> dict:
    record = Extractor()(doc).record.to_dict()
    out = {key: record[key] for key in COMPARED}
    out["flags"] = sorted(flag["code"] for flag in record["flags"])
    return out


@pytest.fixture(scope="module")
def jsonl_fields() -> dict[str, dict]:
    return {doc.id: fields(doc) for doc in iter_documents([str(SEEDS)])}


def test_html_folder_gives_the_jsonl_records(tmp_path: Path, jsonl_fields: dict) -> None:
    rows = seed_rows()
    for seed in WITH_HEADLINE:
        (tmp_path / f"{seed}.html").write_text(seed_page(rows[seed]), encoding="utf-8")
    docs = list(iter_documents([str(tmp_path)]))
    assert [d.id for d in docs] == list(WITH_HEADLINE)
    for doc in docs:
        assert doc.error is None, doc.error
        assert "Berita Terkait" not in doc.text and "Bagikan" not in doc.text and "dataLayer" not in doc.text
        assert doc.published == "2024-12-05"  # the date line, day first
        assert fields(doc) == jsonl_fields[doc.id], doc.id


def warc_bytes(pages: list[tuple[str, str]], extra: bool = True) -> bytes:
    """A gzipped WARC: a warcinfo record, then per page a request and its response, plus an
    image response and a 404 when ``extra``."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))

    def response(url: str, payload: bytes, kind: str, status: str = "200 OK") -> None:
        http = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
        request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "example.id")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      http_headers=http))

    for url, page in pages:
        response(url, page.encode("utf-8"), "text/html; charset=utf-8")
    if extra:
        response("https://example.id/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        response("https://example.id/hilang", b"<html><body>Not found</body></html>", "text/html", "404 Not Found")
    return out.getvalue()


def test_warc_gives_the_jsonl_records_and_error_records(tmp_path: Path, jsonl_fields: dict) -> None:
    rows = seed_rows()
    pages = [(f"https://polres.example.id/berita/{seed}", seed_page(rows[seed])) for seed in WITH_HEADLINE]
    pages.append(("https://polres.example.id/tag/pilkada", INDEX_PAGE))
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(warc_bytes(pages))
    docs = list(iter_documents([str(archive)]))
    assert len(docs) == 6
    for doc, seed in zip(docs, WITH_HEADLINE):
        assert doc.url == f"https://polres.example.id/berita/{seed}"
        assert doc.id.startswith("crawl@") and doc.source == f"{archive}@{doc.id.split('@')[1]}"
        assert fields(doc) == jsonl_fields[seed], seed
    index, image, missing = docs[3:]
    assert "no article on the page" in index.error
    assert "not an HTML page (content type image/png)" in image.error
    assert "HTTP status 404" in missing.error


def test_broken_warc_keeps_what_came_before(tmp_path: Path) -> None:
    rows = seed_rows()
    whole = warc_bytes([(f"https://example.id/{s}", seed_page(rows[s])) for s in WITH_HEADLINE], extra=False)
    archive = tmp_path / "cut.warc.gz"
    # cut inside the last record's gzip member (the records' sizes vary with their WARC-Date and
    # ids, so a cut at a fixed share of the archive can fall between two members)
    archive.write_bytes(whole[:-40] + b"garbage, not gzip" * 40)
    docs = list(iter_documents([str(archive)]))
    assert docs[0].error is None and docs[-1].error is not None
    assert f"{archive} is broken" in docs[-1].error
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"this is not a WARC archive\n" * 10)
    (doc,) = iter_documents([str(garbage)])
    assert doc.error and "broken" in doc.error


def test_canonical_link_and_metadata_date(tmp_path: Path) -> None:
    row = seed_rows()["seed-001"]
    page = tmp_path / "page.htm"
    page.write_text(seed_page(row, canonical="https://tribratanews.example.id/berita/apel",
                              meta_date="2024-10-04T09:00:00+08:00"), encoding="utf-8")
    (doc,) = iter_documents([str(page)])
    assert doc.url == "https://tribratanews.example.id/berita/apel"
    assert doc.published == "2024-10-04"
    assert doc.source == str(page) and doc.title == row["text"].split("\n\n")[0]


def test_video_page_is_an_error_record(tmp_path: Path) -> None:
    page = tmp_path / "video.html"
    page.write_text(news_page("Video Apel Pasukan", ["Simak video apel pasukan berikut ini."], "1/2/2024"),
                    encoding="utf-8")
    (doc,) = iter_documents([str(page)])
    assert doc.text == "" and "no article on the page" in doc.error


def test_gzip_inputs_read_like_the_plain_files(tmp_path: Path) -> None:
    plain = list(iter_documents([str(SEEDS)]))
    jsonl = tmp_path / "seeds.jsonl.gz"
    jsonl.write_bytes(gzip.compress(SEEDS.read_bytes()))
    assert [(d.id, d.text) for d in iter_documents([str(jsonl)])] == [(d.id, d.text) for d in plain]
    csv_file = tmp_path / "seeds.csv.gz"
    lines = ["id,text"] + [f'{d.id},"{d.text.replace(chr(34), chr(34) * 2)}"' for d in plain]
    csv_file.write_bytes(gzip.compress("\n".join(lines).encode()))
    assert [d.text for d in iter_documents([str(csv_file)])] == [d.text for d in plain]
    text = tmp_path / "seed-001.txt.gz"
    text.write_bytes(gzip.compress(plain[1].text.encode()))
    (doc,) = iter_documents([str(text)])
    assert doc.id == "seed-001" and doc.text == plain[1].text
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(SEEDS.read_bytes())[:300])
    assert "is broken" in list(iter_documents([str(broken)]))[-1].error
