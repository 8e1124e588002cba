"""The matching helpers every recogniser shares: words after a position, the leading
words of a pattern, patterns tried only where a match can start, titles of names.

A :class:`TriggeredPattern` is tried only at the words that start with one of its
leading prefixes (``leading_prefixes``): one pass over a document's words finds the
trigger words of every pattern at once (``trigger_starts``), so adding a pattern costs
little on a long release.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import regex
from spacy.tokens import Doc

from ..resources import compiled, load_csv
from ..spans import state


def alternation(patterns: list[str]) -> str:
    """One pattern matching any of ``patterns``."""
    return "|".join(f"(?:{p})" for p in patterns)


class Word(NamedTuple):
    """A word of the text with its offsets, and whether a comma stands before it."""

    start: int
    end: int
    text: str
    comma_before: bool


#: A word (group 2) and the spaces and comma (group 1) before it.
_WORD = regex.compile(r"[^\S\n]*(,)?[^\S\n]*([^\s,()\[\]\"“”:;!?]+)")


def words_after(text: str, pos: int, limit: int = 12) -> list[Word]:
    """The words that follow ``pos`` on the same line, noting commas between them."""
    out: list[Word] = []
    match = _WORD.match
    while len(out) < limit:
        m = match(text, pos)
        if m is None:
            break
        start, pos = m.span(2)
        out.append(Word(start, pos, m.group(2), m.start(1) >= 0))
    return out


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (``a|b(c|d)`` -> ``a``, ``b(c|d)``)."""
    parts, depth, current, escaped = [], 0, "", False
    for ch in pattern:
        if escaped:
            current, escaped = current + ch, False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += ch
    return parts + [current]


_LITERAL_START = regex.compile(r"(?:\\b)?([A-Za-z]+)")


def leading_prefixes(pattern: str) -> set[str] | None:
    """Lower-case letters every match of ``pattern`` starts with, per alternative; None when
    some alternative can start with anything (then the pattern must be tried everywhere)."""
    out: set[str] = set()
    for alternative in split_alternatives(pattern):
        alternative = alternative.removeprefix("\\b")
        literal = _LITERAL_START.match(alternative)
        if literal:
            out.add(literal.group(1).lower())
            continue
        if not alternative.startswith("("):
            return None
        depth, close = 0, -1
        for i, ch in enumerate(alternative):
            depth += (ch == "(") - (ch == ")")
            if depth == 0:
                close = i
                break
        inner = compiled(r"^\((?:\?[a-z]*:)?").sub("", alternative[:close])
        inner_prefixes = leading_prefixes(inner)
        if inner_prefixes is None:
            return None
        out |= inner_prefixes
        if alternative[close + 1:close + 2] in ("?", "*"):
            rest = leading_prefixes(alternative[close + 2:])
            if rest is None:
                return None
            out |= rest
    return out


_WORD_START = re.compile(r"[^\W_]+")

#: The prefix sets of the triggered patterns, each with its slot (a bit of a word's mask).
_TRIGGER_SLOTS: dict[tuple[str, ...], int] = {}


def trigger_slot(prefixes: tuple[str, ...]) -> int:
    slot = _TRIGGER_SLOTS.get(prefixes)
    if slot is None:
        slot = _TRIGGER_SLOTS[prefixes] = len(_TRIGGER_SLOTS)
        _trigger_mask.cache_clear()
    return slot


@lru_cache(maxsize=65536)
def _trigger_mask(word: str) -> int:
    """Bit N set when ``word`` starts with one of the prefixes of trigger slot N."""
    mask = 0
    for prefixes, slot in _TRIGGER_SLOTS.items():
        if word.startswith(prefixes):
            mask |= 1 << slot
    return mask


def trigger_starts(doc: Doc) -> list[list[int]]:
    """Per trigger slot, the start offsets of the words of the masked text (lower case)
    that start with one of the slot's prefixes, in text order: one pass over the words per
    document, whatever the number of patterns."""
    doc_state = state(doc)
    found = doc_state.triggers
    if found is None or len(found) < len(_TRIGGER_SLOTS):
        found = [[] for _ in _TRIGGER_SLOTS]
        for m in _WORD_START.finditer(doc_state.masked.lower()):
            mask = _trigger_mask(m.group())
            while mask:
                bit = mask & -mask
                found[bit.bit_length() - 1].append(m.start())
                mask ^= bit
        doc_state.triggers = found
    return found


class TriggeredPattern:
    """A pattern tried only where a match can start: at words that start with one of its
    leading prefixes, and at the ``characters`` given (``"("``). The same matches as
    ``finditer``, without trying every character of the text."""

    def __init__(self, pattern: regex.Pattern, prefixes: set[str] | None, characters: str = "") -> None:
        self.pattern = pattern
        # a word ends at a non-word character: a match of "jum'at" starts at the word "jum"
        words = {m.group() if m else "" for m in (_WORD_START.match(p.lower()) for p in prefixes or ())}
        self.slot = trigger_slot(tuple(sorted(words))) if words and "" not in words else None
        self.characters = characters

    def _starts(self, doc: Doc, text: str) -> list[int]:
        starts = trigger_starts(doc)[self.slot]
        if not self.characters:
            return starts
        found = set(starts)
        for ch in self.characters:
            pos = text.find(ch)
            while pos >= 0:
                found.add(pos)
                pos = text.find(ch, pos + 1)
        return sorted(found)

    def finditer(self, doc: Doc, text: str) -> Iterator[regex.Match]:
        if self.slot is None:
            yield from self.pattern.finditer(text)
            return
        end = 0
        for start in self._starts(doc, text):
            if start >= end:
                m = self.pattern.match(text, start)
                if m is not None:
                    end = m.end()
                    yield m


@lru_cache(maxsize=None)
def _numbered_groups(pattern: regex.Pattern) -> tuple[tuple[int, str, int], ...]:
    """(group number, prefix, N) of the groups of ``pattern`` named ``<prefix>N``, in order."""
    return tuple(sorted((number, name[0], int(name[1:])) for name, number in pattern.groupindex.items()
                        if name[1:].isdigit()))


def matched_group(m: regex.Match, *prefixes: str) -> tuple[str, int]:
    """The prefix and number N of the named group ``<prefix>N`` that matched."""
    groups = m.groups()
    return next((prefix, n) for number, prefix, n in _numbered_groups(m.re)
                if prefix in prefixes and groups[number - 1] is not None)


def group_index(m: regex.Match, *prefixes: str) -> int:
    """The number N of the named group ``<prefix>N`` that matched."""
    return matched_group(m, *prefixes)[1]


_DOTS_AND_SPACES = regex.compile(r"[.\s]")


@lru_cache(maxsize=65536)
def title_key(word: str) -> str:
    return _DOTS_AND_SPACES.sub("", word).upper()


@lru_cache(maxsize=1)
def title_keys() -> dict[str, str]:
    """Title key (upper case, no dots) -> position (``before`` or ``after`` the name)."""
    return {row["key"]: row["position"] for row in load_csv("titles.csv")}


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()
