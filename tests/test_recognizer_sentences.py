"""The first two components alone: the document's state (clean) and the sentence bounds."""

from __future__ import annotations

import pytest

from conftest import pipeline_of
from extract.recognizers.sentences import INPUT
from extract.spans import sentence_at, sentence_starts, state


@pytest.mark.parametrize("text, starts", [
    ("Apel dipimpin Kapolres. Personel siaga.", [0, 24]),
    ("Kapolres Belu AKBP Benny Miniani Arief, S.I.K menuturkan hal itu.\nSelanjutnya patroli.", [0, 66]),
    ("“Kami netral,” kata Kompol Okto. Lalu apel.", [0, 33]),
    ("pukul 14.30 wita. kemudian personel bergerak", [0]),  # no capital after the dot
    ("Personel hadir! (Foto: Humas) Apel usai.", [0, 16]),
    ("Ia berkata: “Aman.” Warga senang.", [0, 20]),
    ("Judul\n\n\nIsi berita.", [0, 8]),
])
def test_sentence_starts(text: str, starts: list[int]) -> None:
    assert sentence_starts(text) == starts
    nlp = pipeline_of("tribrata_sentences")
    doc = nlp(text)
    assert state(doc).sentences == starts
    assert [t.idx for t in doc if t.is_sent_start] == [s for s in starts if s < len(text)]


def test_sentence_at_gives_the_sentence_of_a_span() -> None:
    doc = pipeline_of("tribrata_sentences")("Apel dipimpin Kapolres. Personel Polsek Lasiolat siaga.")
    assert sentence_at(doc, 33, 48) == "Personel Polsek Lasiolat siaga."


@pytest.mark.parametrize("text, title, masked_from", [
    ("Polsek Lasiolat Amankan Kampanye\n\nBaca juga: Polres Belu Gelar Apel\nPersonel berjaga.", None, 34),
    ("Isi berita.\nEditor: Redaksi", "Polsek Lasiolat", None),
])
def test_clean_starts_the_state_with_the_masked_text(text: str, title: str | None, masked_from: int | None) -> None:
    nlp = pipeline_of()
    doc = nlp.make_doc(text)
    doc._.set(INPUT, {"title": title, "meta": {"published": "2024-10-18"}})
    found = state(nlp(doc))
    assert found.text == text and len(found.masked) == len(text)
    assert found.meta == {"published": "2024-10-18"}
    if masked_from is not None:
        assert "Baca juga" not in found.masked and found.masked[:masked_from] == text[:masked_from]
    else:
        assert "Editor" not in found.masked and found.masked.startswith("Isi berita.")
