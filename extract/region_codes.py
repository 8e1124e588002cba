"""Kemendagri codes and place-name keys: the dotted code form, levels, ancestry and the
most specific region of several codes; the key names are matched by. Shared by the region
index (:mod:`.gazetteer`) and place resolution (:mod:`.resolution`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .resources import load_yaml
from .text import fold

_DOTTED_CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
_NUMBER = re.compile(r"(?<=\s)(?:[IVX]+|\d+)$")
_PLAIN_CODE = re.compile(r"\d{2}(?:\d{2}(?:\d{2}(?:\d{4})?)?)?")


def name_number(name: str) -> str | None:
    """The number a place name ends with ("Sumber Jaya II": "II"), or None."""
    match = _NUMBER.search(name.strip())
    return match.group().upper() if match else None


_ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_NUMBER_WORD = re.compile(r"(?<!\S)(\w+)(?!\S)")


def roman_numbered(name: str) -> str:
    """The name with its number words and small numbers as Kemendagri writes them, in Roman
    numerals (``Kampung Satu Skip`` and ``Kampung 1 Skip`` give ``Kampung I Skip``)."""
    words = load_yaml("numbers.yaml")["units"]

    def roman(m: re.Match) -> str:
        value = words.get(m.group(1).casefold(), int(m.group(1)) if m.group(1).isdigit() else None)
        return _ROMAN[value] if value is not None and 0 < value < len(_ROMAN) else m.group(1)
    return _NUMBER_WORD.sub(roman, name)


def normalize_name(name: str) -> str:
    """The key place names are matched by: case-folded, without accents, punctuation or spaces."""
    return fold(name, spaces=False)


def normalize_code(code: str) -> str | None:
    """The dotted form of a Kemendagri code ("5304" and "53.04" give "53.04"), None if it is not one."""
    if not isinstance(code, str):
        return None
    c = code.strip()
    if _DOTTED_CODE.fullmatch(c):
        return c
    if _PLAIN_CODE.fullmatch(c):
        return ".".join(part for part in (c[:2], c[2:4], c[4:6], c[6:]) if part)
    return None


def most_specific_common(codes: Iterable[str]) -> str | None:
    """The most specific region consistent with all ``codes``, e.g. for an event's region.

    That is the deepest code every given code lies within or inside of: on one chain (``53``,
    ``53.04``, ``53.04.17.2002``) the deepest; otherwise the deepest common ancestor of the
    codes that have no descendant among them (``53.04.17.2002``, ``53.04.17.2007`` and ``53``
    give ``53.04.17``). None without valid codes or without a common province.
    """
    valid = {c for c in map(normalize_code, codes) if c}
    leaves = sorted(valid - {prefix for code in valid for prefix in ancestry(code)[:-1]})
    if not leaves:
        return None
    common = leaves[0].split(".")
    for code in leaves[1:]:
        parts = code.split(".")
        shared = 0
        while shared < min(len(parts), len(common)) and parts[shared] == common[shared]:
            shared += 1
        common = common[:shared]
    return ".".join(common) or None


def code_level(code: str) -> int:
    return code.count(".") + 1


def ancestry(code: str) -> list[str]:
    """The code's ancestors and itself, province first."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def is_inside(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def shared_depth(code: str, prefixes: set[str]) -> int:
    """The level of the deepest ancestor-or-self of ``code`` in ``prefixes`` (0: none)."""
    chain = ancestry(code)
    for depth in range(len(chain), 0, -1):
        if chain[depth - 1] in prefixes:
            return depth
    return 0


def prefix_set(codes: Iterable[str]) -> set[str]:
    return {prefix for code in codes for prefix in ancestry(code)}
