"""Arbitrary Unicode never breaks the extractor, and evidence always points at its text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.events import build_record
from extract.nlp import analyse
from extract.spans import SPAN_KEY
from extract.normalize import normalize_doc
from extract.records import SourceDocument

# Release-like fragments mixed with arbitrary text, so the recognisers get real work.
FRAGMENTS = st.sampled_from([
    "Kapolres Belu, AKBP Benny Miniani Arief, S.I.K", "kamis (17/10/2024)", "Desa Maneikun", "151 (seratus",
    "lima puluh satu) personel", "Kelurahan Batu Plat, Oebobo", "Operasi Mantap Praja (OMP) Turangga 2024",
    "Paket ROMAN (Hironimus Mau Luma,S.Pd, MM danTheodorus", "BACA JUGA:", "pukul 14.30 wita", "Polsek ",
    "25 September hingga 24 Oktober 2024", ", ", "\n", "(", ")", "Kompol Okto", "Polres OKU Timur Polda Sumsel",
])
TEXTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=30).map("".join)


def extract_unguarded(text: str):
    """The stages without the pipeline's safety net, so a bug raises here."""
    doc = analyse(text, None, {"published": None})
    normalize_doc(doc)
    return doc, build_record(doc, SourceDocument(id="fuzz", text=text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_never_raises_and_evidence_points_at_its_text(text):
    doc, record = extract_unguarded(text)
    for ev in record.evidence:
        assert text[ev.start:ev.end] == ev.text
    for span in doc.spans[SPAN_KEY]:
        assert text[span.start_char:span.end_char] == span.text
    for flag in record.flags:
        for ref in flag.spans:
            assert text[ref["start"]:ref["end"]] == ref["text"]
