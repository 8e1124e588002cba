"""The pipeline keeps spaCy's contract: ``build_nlp()(text)`` and ``nlp.pipe`` work on any
string, components are factories with their config, and their order is checked."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy

from conftest import pipeline_of, spans_found
from extract.nlp import analyse, build_nlp
from extract.spans import SPAN_KEY, span_attrs

LEAD = "Kapolres Belu AKBP Benny Arief, S.I.K memimpin apel di Desa Maneikun, Kamis (17/10/2024)."


def test_nlp_called_on_a_string_gives_the_mentions() -> None:
    doc = build_nlp()(LEAD)
    assert [(s.label_, s.text) for s in doc.spans[SPAN_KEY]] == [
        ("OFFICER", "Kapolres Belu AKBP Benny Arief"), ("PLACE", "Desa Maneikun"), ("DATE", "Kamis (17/10/2024)")]
    assert doc.cats["parade_briefing"] > 0


def test_pipe_gives_the_same_docs_as_calls() -> None:
    nlp = build_nlp()
    texts = [LEAD, "Personel Polsek Lasiolat melaksanakan patroli.", ""]
    piped = [[(s.label_, s.start_char, s.end_char) for s in d.spans[SPAN_KEY]] for d in nlp.pipe(texts)]
    called = [[(s.label_, s.start_char, s.end_char) for s in nlp(t).spans[SPAN_KEY]] for t in texts]
    assert piped == called and piped[1] == [("UNIT", 9, 24)]


def test_analyse_hands_the_title_to_the_pipeline() -> None:
    doc = analyse("Polsek Lasiolat Amankan Kampanye\n\nPersonel Polsek Tasfieto Barat berjaga.",
                  title="Polsek Lasiolat Amankan Kampanye")
    units = [(s.text, span_attrs(s)["place"]) for s in doc.spans[SPAN_KEY] if s.label_ == "UNIT"]
    assert units == [("Polsek Lasiolat", "Lasiolat"), ("Polsek Tasfieto Barat", "Tasfieto Barat")]


def test_components_are_factories_with_their_config() -> None:
    nlp = build_nlp()
    assert nlp.pipe_names[:2] == ["tribrata_clean", "tribrata_sentences"]
    assert nlp.config["components"]["tribrata_units"]["gazetteer"] == {"@misc": "tribrata.gazetteer.v1"}
    for name in nlp.pipe_names:
        meta = nlp.get_pipe_meta(name)
        assert meta.assigns, name
    analysis = nlp.analyze_pipes()
    assert not analysis["problems"] or all(not p for p in analysis["problems"].values())


def test_a_recogniser_runs_alone_on_a_blank_pipeline() -> None:
    nlp = spacy.blank("id")
    nlp.add_pipe("tribrata_dates")
    assert [(s.label_, s.text) for s in nlp("Rabu, 2 Oktober 2024 pukul 09.00 WIB").spans[SPAN_KEY]] == [
        ("DATE", "Rabu, 2 Oktober 2024"), ("TIME", "pukul 09.00 WIB")]


def test_places_before_units_is_refused() -> None:
    with pytest.raises(ValueError, match="tribrata_places.*tribrata_units"):
        pipeline_of("tribrata_places", "tribrata_units")


def test_spans_found_helper_reports_exact_offsets() -> None:
    nlp = pipeline_of("tribrata_units")
    assert [(label, text, start, end) for label, text, start, end, _ in spans_found(nlp, "di Mapolres Belu.")] == [
        ("UNIT", "Mapolres Belu", 3, 16)]


def test_spacy_finds_the_components_without_importing_the_project() -> None:
    code = ("import spacy; nlp = spacy.blank('id'); nlp.add_pipe('tribrata_units'); "
            "print([s.text for s in nlp('apel di Mapolsek Lasiolat.').spans['tribrata']])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['Mapolsek Lasiolat']"
