"""The string keys every stage compares by, and the one-edit test for spelling variants."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")


@lru_cache(maxsize=131072)
def fold(text: str, spaces: bool = True) -> str:
    """Case-, accent- and punctuation-insensitive key: ``Polres OKU-Timur`` -> ``polres oku timur``;
    without ``spaces`` the words are glued (``Air Gegas`` = ``Airgegas``), as place names are matched."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" " if spaces else "", text).strip().casefold()


def within_one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are equal or differ by one inserted, deleted or replaced character."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i:] == b[i + 1:] or a[i + 1:] == b[i:]
