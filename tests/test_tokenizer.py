"""The pipeline's tokenizer: every mention bound is a token bound, and the text comes back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st
from spacy.vocab import Vocab

from extract.nlp import build_nlp
from extract.spans import SPAN_KEY
from extract.tokenizer import Tokenizer, words_and_spaces

VOCAB = Vocab()


@pytest.mark.parametrize("text, words, spaces", [
    ("Sulsel,”ujar Kapolres.", ["Sulsel", ",", "”", "ujar", "Kapolres", "."], [False, False, False, True, False, False]),
    ("Kamis (17/10/2024)", ["Kamis", "(", "17", "/", "10", "/", "2024", ")"], [True] + [False] * 7),
    ("S.I.K, M.Si", ["S", ".", "I", ".", "K", ",", "M", ".", "Si"], [False] * 5 + [True] + [False] * 3),
    ("a  b\n\nc ", ["a", " ", "b", "\n\n", "c"], [True, False, False, False, True]),
    ("  Polres", ["  ", "Polres"], [False, False]),
    ("", [], []),
])
def test_words_and_spaces(text: str, words: list[str], spaces: list[bool]) -> None:
    assert words_and_spaces(text) == (words, spaces)


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9 ,.\n\t”(/-é\u0301")), max_size=60))
def test_the_tokens_give_the_text_back(text: str) -> None:
    assert Tokenizer(VOCAB)(text).text == text


def test_a_mention_never_drags_in_the_punctuation_next_to_it() -> None:
    text = "Hal itu disampaikan Kapolres Belu AKBP Benny Arief, S.I.K.(red) di Mapolres Belu”pungkas dia."
    found = [(s.label_, s.text) for s in build_nlp()(text).spans[SPAN_KEY]]
    assert ("UNIT", "Polres Belu") in found or ("UNIT", "Mapolres Belu") in found
    assert all(not t.endswith(("”", "(", ".(red)")) and "pungkas" not in t for _, t in found)
