"""Stage 3: the spaCy pipeline that finds entity mentions.

One factory, :func:`build_nlp`, builds the ``Language``: blank Indonesian plus the
project's components, each registered with ``@Language.factory`` and driven by the data
files under ``extract/data/``. Components read the *masked* text from
:mod:`extract.clean` (same offsets as the original, boilerplate blanked) and add spans to
``doc.spans["tribrata"]``; each span carries its parsed parts in ``span._.attrs``.
:mod:`extract.normalize` later sets ``span._.value``.

Labels: ``UNIT``, ``OFFICER``, ``PLACE``, ``DATE``, ``TIME``, ``COUNT``, ``CANDIDATE``,
``PARTY``, ``OPERATION``. The last component scores the kinds of activity into ``doc.cats``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy
import regex
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .clean import CleanText, clean
from .gazetteer import get_gazetteer, normalize_name
from .resources import load_csv, load_yaml, compiled

SPAN_KEY = "tribrata"

def _extension_key(name: str, label: str, start: int, end: int) -> tuple[str, str, str, int, int]:
    return ("tribrata", name, label, start, end)


def span_attrs(span: Span) -> dict[str, Any] | None:
    """``span_attrs(span)``: the parts a recogniser read (read directly, without ``span._``)."""
    return span.doc.user_data.get(_extension_key("attrs", span.label_, span.start_char, span.end_char))


def span_value(span: Span) -> Any:
    """``span_value(span)``: the canonical value :mod:`extract.normalize` set."""
    return span.doc.user_data.get(_extension_key("value", span.label_, span.start_char, span.end_char))


def set_span_value(span: Span, value: Any) -> None:
    """``span._.value = value``, written directly."""
    span.doc.user_data[_extension_key("value", span.label_, span.start_char, span.end_char)] = value


def mentions(doc: Doc) -> list[Span]:
    """The spans of ``doc.spans["tribrata"]`` as one list of ``Span`` objects, kept beside the
    group by :func:`add_span` (iterating the group makes new ``Span`` objects every time)."""
    return doc.user_data.setdefault("tribrata.mentions", [])


def _span_extension(name: str) -> dict[str, Any]:
    """A span extension stored per (label, start, end): spaCy's default keys span data by
    offsets alone, which would mix up two mentions of different labels over the same text."""

    def key(span: Span) -> tuple[str, str, str, int, int]:
        return _extension_key(name, span.label_, span.start_char, span.end_char)

    return {"getter": lambda span: span.doc.user_data.get(key(span)),
            "setter": lambda span, value: span.doc.user_data.__setitem__(key(span), value)}


if not Doc.has_extension("clean"):
    Doc.set_extension("clean", default=None)
    Doc.set_extension("meta", default=None)
    Span.set_extension("attrs", **_span_extension("attrs"))
    Span.set_extension("value", **_span_extension("value"))


# ---------------------------------------------------------------------------- helpers

def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def source_text(doc: Doc) -> str:
    """The document's original text (``doc.text`` rebuilds it from the tokens on every call)."""
    text = doc.user_data.get("tribrata.text")
    if text is None:
        text = doc.user_data["tribrata.text"] = doc.text
    return text


def masked_text(doc: Doc) -> str:
    """The text recognisers read: boilerplate blanked, offsets unchanged."""
    text = doc.user_data.get("tribrata.masked")
    if text is None:
        cleaned: CleanText | None = doc._.clean
        text = doc.user_data["tribrata.masked"] = cleaned.text if cleaned is not None else source_text(doc)
    return text


def span_text(span: Span) -> str:
    """The text of a mention, sliced from the document (``span.text`` walks its tokens)."""
    return source_text(span.doc)[span.start_char:span.end_char]


def sentence_at(doc: Doc, start: int, end: int | None = None) -> str:
    """The sentence around the characters ``start:end``, stripped (no token walk)."""
    starts = doc.user_data["tribrata.sentences"]
    i = bisect.bisect_right(starts, start) - 1
    j = bisect.bisect_left(starts, end if end is not None else start + 1)
    text = source_text(doc)
    return text[starts[max(i, 0)]:starts[j] if j < len(starts) else len(text)].strip()


def add_span(doc: Doc, start: int, end: int, label: str, **attrs: Any) -> Span | None:
    """Add a mention to the document's span group; refuse spans that touch masked text."""
    if end <= start or masked_text(doc)[start:end] != source_text(doc)[start:end]:
        return None
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:  # no tokens
        return None
    key = _extension_key("attrs", label, span.start_char, span.end_char)
    if key in doc.user_data:  # the same mention twice
        return None
    doc.user_data[key] = attrs
    doc.spans[SPAN_KEY].append(span)
    mentions(doc).append(span)
    return span


def _in(span: tuple[int, int] | None, pos: int) -> bool:
    return span is not None and span[0] <= pos < span[1]


class _Word(NamedTuple):
    start: int
    end: int
    text: str
    comma_before: bool


#: A word (group 2) and the spaces and comma (group 1) before it.
_WORD = regex.compile(r"[^\S\n]*(,)?[^\S\n]*([^\s,()\[\]\"“”:;!?]+)")


def words_after(text: str, pos: int, limit: int = 12) -> list[_Word]:
    """The words that follow ``pos`` on the same line, noting commas between them."""
    out: list[_Word] = []
    match = _WORD.match
    while len(out) < limit:
        m = match(text, pos)
        if m is None:
            break
        start, pos = m.span(2)
        out.append(_Word(start, pos, m.group(2), m.start(1) >= 0))
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


def _trigger_slot(prefixes: tuple[str, ...]) -> int:
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
    found = doc.user_data.get("tribrata.triggers")
    if found is None or len(found) < len(_TRIGGER_SLOTS):
        found = [[] for _ in _TRIGGER_SLOTS]
        for m in _WORD_START.finditer(masked_text(doc).lower()):
            mask = _trigger_mask(m.group())
            while mask:
                bit = mask & -mask
                found[bit.bit_length() - 1].append(m.start())
                mask ^= bit
        doc.user_data["tribrata.triggers"] = found
    return found


class TriggeredPattern:
    """A pattern tried only where a match can start: at words that start with one of its
    leading prefixes, and at the ``characters`` given (``"("``). The same matches as
    ``finditer``, without trying every character of the text."""

    def __init__(self, pattern: regex.Pattern, prefixes: set[str] | None, characters: str = "") -> None:
        self.pattern = pattern
        # a word ends at a non-word character: a match of "jum'at" starts at the word "jum"
        words = {m.group() if m else "" for m in (_WORD_START.match(p.lower()) for p in prefixes or ())}
        self.slot = _trigger_slot(tuple(sorted(words))) if words and "" not in words else None
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


def _matched_group(m: regex.Match, *prefixes: str) -> tuple[str, int]:
    """The prefix and number N of the named group ``<prefix>N`` that matched."""
    groups = m.groups()
    return next((prefix, n) for number, prefix, n in _numbered_groups(m.re)
                if prefix in prefixes and groups[number - 1] is not None)


def _group_index(m: regex.Match, *prefixes: str) -> int:
    """The number N of the named group ``<prefix>N`` that matched."""
    return _matched_group(m, *prefixes)[1]


_DOTS_AND_SPACES = regex.compile(r"[.\s]")


@lru_cache(maxsize=65536)
def _title_key(word: str) -> str:
    return _DOTS_AND_SPACES.sub("", word).upper()


@lru_cache(maxsize=1)
def title_keys() -> dict[str, str]:
    """Title key (upper case, no dots) -> position (``before`` or ``after`` the name)."""
    return {row["key"]: row["position"] for row in load_csv("titles.csv")}


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


# ------------------------------------------------------------------- sentence bounds

@Language.factory("tribrata_sentences")
def make_sentences(nlp: Language, name: str) -> "SentenceSplitter":
    return SentenceSplitter()


class SentenceSplitter:
    """Sentences end at line breaks and at . ! ? (and closing quotes) before a capital letter.

    The sentence start offsets go to ``doc.user_data["tribrata.sentences"]`` (for
    :func:`sentence_at`) and onto the tokens' ``is_sent_start`` in one array write.
    """

    boundary = regex.compile(r"\n\s*|(?<=[.!?…][\"”’)]?)\s+(?=[\"“‘(]?\p{Lu})")

    def __call__(self, doc: Doc) -> Doc:
        text = source_text(doc)
        starts = [0] + [m.end() for m in self.boundary.finditer(text) if m.end() < len(text)]
        doc.user_data["tribrata.sentences"] = starts
        if len(doc):
            token_starts = doc.to_array([IDX])
            flags = numpy.full(len(doc), -1, dtype="int32")
            positions = numpy.searchsorted(token_starts, starts)
            flags[positions[positions < len(doc)]] = 1
            flags[0] = 1
            doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
        return doc


# ---------------------------------------------------------------------------- units

@Language.factory("tribrata_units")
def make_units(nlp: Language, name: str) -> "UnitRecognizer":
    return UnitRecognizer()


class UnitRecognizer:
    """Police command units: a unit word and the place after it (``Polres OKU Timur``,
    ``Mapolsek Lasiolat``, ``Kepolisian Resor (Polres) Aceh Besar``), or the spelled-out form
    (``Kepolisian Sektor Puriala``; when an abbreviation follows in parentheses, that one).

    The place is read word by word up to a stop word, a rank, a sentence end or a comma,
    then cut to its longest start the gazetteer knows as the area of such a unit; ``X dan Y``
    names two units when Y is a known area of that kind (and one when ``X dan Y`` is).
    """

    def __init__(self) -> None:
        data = load_yaml("units.yaml")
        self.types = [(t["type"], t["level"], t["named"]) for t in data["types"]]
        self.long_types = [t["type"] for t in data["long_forms"]]
        pattern = "|".join(f"(?P<t{i}>{t['pattern']})" for i, t in enumerate(data["types"]))
        longs = "|".join(f"(?P<l{i}>{t['pattern']})" for i, t in enumerate(data["long_forms"]))
        prefixes = set().union(*(leading_prefixes(t["pattern"]) or {""} for t in data["types"]))
        self.regex = TriggeredPattern(
            regex.compile(rf"\b(?:(?P<hq>Ma)?(?i:{pattern})\b\)?|(?i:{longs})\b(?=[^\S\n]+\p{{Lu}}))"),
            prefixes | {"ma" + p for p in prefixes} | {"kepolisian"})
        self.abbreviation = regex.compile(r"[^\S\n]*\((?:Ma)?(?:" + pattern.replace("?P<t", "?P<a") + r")[^\S\n]")
        self.stop = {w.casefold() for w in data["stop_words"]}
        self.generic = {w.casefold() for w in data["generic_names"]}
        self.level_words = {w.casefold() for w in data["leading_level_words"]}
        self.max_words = int(data["max_name_words"])
        ranks = load_yaml("ranks.yaml")
        self.rank_words = {w for r in ranks["ranks"] for v in r["variants"] for w in leading_prefixes(v) or ()}

    def place_words(self, text: str, pos: int) -> list[_Word]:
        words: list[_Word] = []
        for word in words_after(text, pos, self.max_words + 1):
            bare = word.text.rstrip(".")
            folded = bare.casefold()
            if word.comma_before or not bare or (not _is_capitalised(bare) and folded != "dan"):
                break
            if folded in self.rank_words or (folded in self.stop and not (folded == "dan" and words)):
                break
            if not words and folded in self.level_words:
                continue
            glued = compiled(r"([^-]+)-\p{Lu}").match(word.text)
            if glued:  # "Polda Aceh-Sebagai": the next sentence glued on by a hyphen
                words.append(_Word(word.start, word.start + len(glued.group(1)), glued.group(1), word.comma_before))
                break
            words.append(word)
            if word.text.endswith(".") and not (len(bare) <= 4 and bare[:1].isupper()):
                break  # a sentence ends here ("Polres Labuhanbatu Selatan. Hanya ...")
        while words and words[-1].text.rstrip(".").casefold() == "dan":
            words.pop()
        return words[:self.max_words]

    @staticmethod
    def _known(unit_type: str, place: str) -> bool:
        gazetteer = get_gazetteer()
        if unit_type in ("Polsek", "Polsekta"):
            return bool(gazetteer.codes(place, level=3))
        return gazetteer.unit_area(unit_type, place) is not None

    def units_of(self, unit_type: str, words: list[_Word]) -> list[list[_Word]]:
        """The unit names in the words after a unit word (one, two for ``X dan Y``, or none)."""
        names = [w.text.rstrip(".") for w in words]
        if "dan" in names and not self._known(unit_type, " ".join(names)):
            cut = names.index("dan")
            first, second = words[:cut], words[cut + 1:]
            out = [first] if first else []
            if second and self._known(unit_type, " ".join(w.text.rstrip(".") for w in second)):
                out.append(second)
            return [self._cut_to_known(unit_type, part) for part in out]
        return [self._cut_to_known(unit_type, words)]

    def _cut_to_known(self, unit_type: str, words: list[_Word]) -> list[_Word]:
        for k in range(len(words), 0, -1):
            if self._known(unit_type, " ".join(w.text.rstrip(".") for w in words[:k])):
                return words[:k]
        return words

    def __call__(self, doc: Doc) -> Doc:
        text = masked_text(doc)
        for m in self.regex.finditer(doc, text):
            kind, index = _matched_group(m, "t", "l")
            long_form = kind == "l"
            if long_form:
                unit_type = self.long_types[index]
                level = next(lv for t, lv, _ in self.types if t == unit_type)
            else:
                unit_type, level, named = self.types[index]
                if not named:
                    add_span(doc, m.start(), m.end(), "UNIT", type=unit_type, level=level, place=None,
                             headquarters=False)
                    continue
            words = self.place_words(text, m.end())
            if not words or words[0].text.casefold() in self.generic:
                continue
            if long_form and self.abbreviation.match(text, words[-1].end):
                # "Kepolisian Resor Padang Lawas (Polres Palas)": the abbreviation names the unit;
                # the spelled-out name is still no place
                doc.user_data.setdefault("tribrata.unit_names", []).append((m.start(), words[-1].end))
                continue
            for part in self.units_of(unit_type, words):
                if not part:
                    continue
                start = m.start() if part[0] is words[0] else part[0].start
                place = " ".join(w.text for w in part).rstrip(".")
                end = part[-1].end - (1 if part[-1].text.endswith(".") else 0)
                add_span(doc, start, end, "UNIT", type=unit_type, level=level, place=place,
                         headquarters=bool(m.group("hq")))
        return doc


# ------------------------------------------------------------------------- officers

@Language.factory("tribrata_officers")
def make_officers(nlp: Language, name: str) -> "OfficerRecognizer":
    return OfficerRecognizer()


class OfficerRecognizer:
    """Persons named with a rank (``Kapolres Belu, AKBP Benny Miniani Arief, S.I.K``).

    The rank anchors the mention; the post is read back from the words before the rank
    (or after the name: ``Ipda X sebagai Perwira Pengendali``), the name and titles forward
    from the rank.
    """

    def __init__(self) -> None:
        ranks = load_yaml("ranks.yaml")
        variants = [v for r in ranks["ranks"] for v in r["variants"]]
        qualifiers = _alternation(ranks["qualifiers"])
        self.rank = regex.compile(
            rf"(?<![\p{{L}}])(?:{_alternation(variants)})(?:\.?[^\S\n]+(?:{qualifiers}))*(?![\p{{L}}])\.?",
            regex.IGNORECASE,
        )
        self.rank_in_text = TriggeredPattern(self.rank, leading_prefixes(_alternation(variants)))
        posts = load_yaml("posts.yaml")
        heads = _alternation(posts["heads"])
        prefixes = _alternation(posts["prefixes"])
        self.role_head = regex.compile(rf"(?<![\p{{L}}])(?:(?:{prefixes})[^\S\n]+)?(?:{heads})(?![\p{{L}}])",
                                       regex.IGNORECASE)
        self.long_forms = {compiled(r"\s+").sub(" ", k).casefold(): v for k, v in posts["long_forms"].items()}
        self.role_tail = regex.compile(r"(?:[^\S\n]+(?:[\p{Lu}\d][\p{L}\d./'’\-]*|dan|PP\.?|Tim|[IVX]+))*")
        self.unit_word = regex.compile(r"(?:Ma)?(?:Polda|Polres|Polresta|Polrestabes|Polsek|Polsekta|Mabes)$")
        self.parent_unit = regex.compile(
            r"[^\S\n]*,?[^\S\n]*(?:Polda|Polres|Polresta)[^\S\n]+\p{Lu}[\p{L}]*(?:[^\S\n]+\p{Lu}[\p{L}]*)?[^\S\n]*,?[^\S\n]*")
        self.role_after = regex.compile(r"[^\S\n]*,?[^\S\n]*(?:sebagai|selaku)[^\S\n]+")
        units = load_yaml("units.yaml")
        self.stop = {w.casefold() for w in units["stop_words"]} - {w.casefold() for w in units["name_words"]}

    def _tail_words(self, text: str, start: int, end: int, commander: bool) -> int:
        """Where a post's own words end. A unit commander's post names its unit by place, so a
        unit after it is a parent (``Kapolsek Cikijing Polres Majalengka`` is ``Kapolsek
        Cikijing``); other posts keep their unit (``Wadanyon A Pelopor Brimob Polda NTT``)."""
        tail = self.role_tail.match(text, start, end)
        if tail is None:
            return start
        stop = start
        for word in compiled(r"\S+").finditer(text[start:tail.end()]):
            if commander and stop > start and self.unit_word.match(word.group()):
                break
            stop = start + word.end()
        return stop

    # -- the post before the rank
    def role_before(self, text: str, rank_start: int) -> tuple[int, int, str] | None:
        line_start = text.rfind("\n", 0, rank_start) + 1
        window_start = max(line_start, rank_start - 120)
        best = None
        for head in self.role_head.finditer(text, window_start, rank_start):
            end = self._tail_words(text, head.end(), rank_start, self.commands(head.group()))
            gap = text[end:rank_start]
            paren = compiled(r"[^\S\n]*\((?P<abbr>[^()]{2,25})\)(?P<rest>[^,()]{0,40}?)[^\S\n]*,?[^\S\n]*").fullmatch(gap)
            if paren:  # "Kepala Bagian Operasi (Kabag Ops) Polres Mamuju Tengah, AKP ..."
                long_form = compiled(r"\s+").sub(" ", text[head.start():end]).strip()
                abbreviation = paren.group("abbr").strip()
                if not self.role_head.fullmatch(abbreviation):  # a misspelt abbreviation: "(Kabagosp)"
                    abbreviation = self.long_forms.get(long_form.casefold(), abbreviation)
                rest = paren.group("rest").strip()
                if rest and not compiled(r"(?:\p{Lu}[\p{L}.]*[^\S\n]*){1,5}").fullmatch(rest):
                    rest = ""
                best = (head.start(), rank_start, f"{abbreviation} {rest}".strip())
            elif compiled(r"[^\S\n]*,?[^\S\n]*").fullmatch(gap) or self.parent_unit.fullmatch(gap):
                role = text[head.start():end].strip().rstrip(",")
                role = self.long_forms.get(compiled(r"\s+").sub(" ", role).casefold(), role)
                best = (head.start(), end, role)
        return best

    def role_following(self, text: str, pos: int) -> str | None:
        """A post given after the name: ``Ipda Samuel Leftew sebagai Perwira Pengendali``."""
        intro = self.role_after.match(text, pos)
        if intro is None:
            return None
        head = self.role_head.match(text, intro.end())
        if head is None:
            return None
        end = self._tail_words(text, head.end(), len(text), self.commands(head.group()))
        return text[head.start():end].strip().rstrip(".,")

    @staticmethod
    def commands(post: str) -> bool:
        """Whether a post is the command of a unit (Kapolres, Wakapolsek, ...)."""
        return "kapol" in post.casefold()

    # -- the name and titles after the rank
    def name_after(self, text: str, pos: int) -> tuple[list[_Word], list[str]]:
        keys = title_keys()
        words = words_after(text, pos, 14)
        name: list[_Word] = []
        titles: list[str] = []
        after_title = False
        i = 0
        while i < len(words):
            word = words[i]
            following = words[i + 1] if i + 1 < len(words) else None
            pair = _title_key(word.text + (following.text if following else ""))
            if following and not following.comma_before and keys.get(pair) == "after" and name:
                titles.append(f"{word.text} {following.text}")
                after_title = True
                i += 2
                continue
            key = _title_key(word.text)
            glued = compiled(r"(\p{L}{3,})\.(\p{Lu}.*)$").match(word.text)
            if not name and keys.get(key) == "before" and word.text.endswith("."):
                titles.append(word.text)
            elif name and keys.get(key) == "after" and len(key) > 1 and not (
                    following and not following.comma_before and self._name_word(following.text, False)
                    and keys.get(_title_key(following.text)) is None):
                titles.append(word.text)  # "S.P. Sembiring" goes on: there S.P. are initials
                after_title = True
            elif after_title or (word.comma_before and name):
                break
            elif glued and self._name_word(glued.group(1), first=not name):  # "Madangkara.S.S.Tr.K"
                name.append(_Word(word.start, word.start + len(glued.group(1)), glued.group(1), word.comma_before))
                titles.append(glued.group(2))
                break
            elif self._name_word(word.text, first=not name):
                name.append(word)
                if word.text.endswith(".") and len(word.text) > 3 and not (
                    following and len(following.text.rstrip(".")) == 1
                ):
                    break
            else:
                break
            i += 1
        return name, titles

    @lru_cache(maxsize=65536)  # one recogniser per process; a word's answer never changes
    def _name_word(self, word: str, first: bool) -> bool:
        bare = word.strip(".'’")
        if not bare or not compiled(r"\p{L}").match(bare) or bare.casefold() in self.stop:
            return False
        if self.rank.fullmatch(bare) or self.role_head.fullmatch(bare) or self.unit_word.match(bare):
            return False
        return bare[0].isupper() or (first and bare.isalpha() and len(bare) > 2)

    def __call__(self, doc: Doc) -> Doc:
        text = masked_text(doc)
        for rank in self.rank_in_text.finditer(doc, text):
            name, titles = self.name_after(text, rank.end())
            if not name:
                continue
            role = self.role_before(text, rank.start())
            start = role[0] if role else rank.start()
            end = name[-1].end - (1 if name[-1].text.endswith(".") and len(name[-1].text) > 2 else 0)
            name_text = " ".join(w.text for w in name)
            add_span(
                doc, start, end, "OFFICER",
                name=name_text, rank=rank.group(), role=role[2] if role else self.role_following(text, end),
                titles=titles, rank_start=rank.start(), rank_end=rank.end(),
            )
        return doc


# --------------------------------------------------------------------------- places

@Language.factory("tribrata_places")
def make_places(nlp: Language, name: str) -> "PlaceRecognizer":
    return PlaceRecognizer()


@lru_cache(maxsize=None)
def _names_at(*levels: int) -> frozenset[str]:
    """The normalized region names at any of ``levels`` (see ``Gazetteer.names_at_level``)."""
    gazetteer = get_gazetteer()
    return frozenset().union(*(gazetteer.names_at_level(level) for level in levels))


@lru_cache(maxsize=1)
def _name_prefixes() -> frozenset[str]:
    """Every start of a normalized province, regency or kecamatan name: a word sequence
    that is none of these can begin no such name."""
    return frozenset(name[:i] for name in _names_at(1, 2, 3) for i in range(1, len(name) + 1))


class PlaceRecognizer:
    """Places written with their level word (``Desa Maneikun``, ``kecamatan Lasiolat``,
    ``Kab. Kapuas``), lists that go on without repeating it (``Kelurahan Batu Plat, Oebobo``),
    and regency and province names written without it (``KPU Lombok Barat``, ``Pelalawan,
    Riau``) where the gazetteer knows them and the context is not a police or military unit.

    Regencies and provinces get their official Kemendagri name (``attrs["official"]``); a
    regency or province word followed by a name the gazetteer does not know is no place.
    """

    LEVEL_NUMBERS = {"province": 1, "regency": 2}

    def __init__(self) -> None:
        data = load_yaml("places.yaml")
        self.levels = [(lv["level"], lv["type"]) for lv in data["levels"]]
        pattern = "|".join(f"(?P<l{i}>{lv['pattern']})" for i, lv in enumerate(data["levels"]))
        self.regex = regex.compile(
            rf"(?<![\p{{L}}])(?i:{pattern})(?:(?![\p{{L}}])|(?<=\.))(?:[^\S\n]*(?i:{_alternation(data['list_openers'])}))?")
        self.in_text = TriggeredPattern(self.regex, leading_prefixes("|".join(lv["pattern"] for lv in data["levels"])))
        self.stop = {w.casefold() for w in data["stop_words"]}
        self.max_words = int(data["max_name_words"])
        ranks = load_yaml("ranks.yaml")
        self.stop |= {w for r in ranks["ranks"] for v in r["variants"] for w in leading_prefixes(v) or ()}
        self.continuation = regex.compile(
            r"[^\S\n]*(?:,[^\S\n]*(?:(?:dan|serta)[^\S\n]+)?|[^\S\n]+(?:dan|serta)[^\S\n]+)(?:di[^\S\n]+)?")
        capital, letter = "[A-ZÀ-ÖØ-Þ]", "[^\\W\\d_]"
        self.capitalised_word = re.compile(rf"{capital}(?:{letter}|['’-])*")
        self.cues = {w.casefold() for w in data["bare_name_cues"]}
        self.not_after = tuple(w.casefold() for w in data["bare_name_not_after"])
        self.district_cues = {w.casefold() for w in data["bare_district_cues"]}
        self.item_before = regex.compile(
            r"(?P<name>\p{Lu}[\p{L}'’\-]*(?:[^\S\n]+\p{Lu}[\p{L}'’\-]*){0,2})[^\S\n]*(?:,[^\S\n]*(?:dan[^\S\n]+)?|[^\S\n]+dan[^\S\n]+)?$")
        self.unit_gap = regex.compile(r"[^\S\n]*,[^\S\n]*")  # "Kepolisian Resor Buleleng, Bali"
        self.cue_kinds = {w.casefold(): kind for kind, words in data["bare_name_kinds"].items() for w in words}
        self.list_gap = regex.compile(r"[^\S\n]*(?:,|dan|,[^\S\n]*dan)[^\S\n]*")
        # searched backwards from the name: the word right before it, and a comma between
        self.previous_word = regex.compile(r"(?r)([\p{L}\d.]+)[^\S\n]*(,?)[^\S\n]*$")

    def name_words(self, text: str, pos: int, any_case: bool = False) -> list[_Word]:
        """The name after a level word: capitalised words (any words when the gazetteer will
        check them, as for ``kota metro``), up to a stop word, comma or sentence end."""
        words: list[_Word] = []
        for word in words_after(text, pos, self.max_words):
            bare = word.text.rstrip(".")
            if word.comma_before or not bare or bare.casefold() in self.stop or self.regex.match(word.text):
                break
            if not (any_case or _is_capitalised(bare) or compiled(r"[IVX]+|\d+").fullmatch(bare)):
                break
            glued = compiled(r"([^.]+)\.\p{L}").match(word.text)
            if glued:  # "Rakyat.seorang", "Puriala.Kapolsek": a sentence glued on after a dot
                words.append(_Word(word.start, word.start + len(glued.group(1)), glued.group(1), word.comma_before))
                break
            words.append(word)
            if word.text.endswith("."):
                break
        return words

    def cut_before_known(self, words: list[_Word], level: str, in_list: bool) -> list[_Word]:
        """Village and district names end where a regency or province name begins
        (``Tanjung Senang Bandar Lampung``); a name that is only such a name is none. In a
        list that goes on without level words, such a name ends the list even when a
        village or kecamatan has it too (``Kecamatan Pangkalan Kuras, Pelalawan, Riau``)."""
        gazetteer = get_gazetteer()
        higher = _names_at(1, 2)
        lower = frozenset() if in_list else gazetteer.names_at_level(3 if level == "district" else 4)
        for i in range(len(words)):
            tail = normalize_name(" ".join(w.text for w in words[i:]))
            if tail in higher and tail not in lower:
                return words[:i]
        return words

    @staticmethod
    def is_district(words: list[_Word]) -> bool:
        """A name the gazetteer knows as a kecamatan and not as a village."""
        gazetteer = get_gazetteer()
        key = normalize_name(" ".join(w.text for w in words))
        return key in gazetteer.names_at_level(3) and key not in gazetteer.names_at_level(4)

    def official(self, words: list[_Word], level: str, place_type: str) -> tuple[list[_Word], str] | None:
        """The longest start of ``words`` the gazetteer knows at that level, with its official name."""
        gazetteer = get_gazetteer()
        kind = place_type if place_type in ("kabupaten", "kota") else None
        for k in range(len(words), 0, -1):
            name = gazetteer.official_name(" ".join(w.text.rstrip(".") for w in words[:k]),
                                           self.LEVEL_NUMBERS[level], kind)
            if name is not None:
                return words[:k], name
        return None

    def _with_level_word(self, doc: Doc, text: str, dateline: tuple[int, int] | None) -> None:
        for m in self.in_text.finditer(doc, text):
            if _in(dateline, m.start()):
                continue
            level, place_type = self.levels[_group_index(m, "l")]
            pos = m.end()
            first = True
            while True:
                words = self.name_words(text, pos, any_case=level in self.LEVEL_NUMBERS)
                official = None
                if words and level in self.LEVEL_NUMBERS:
                    found = self.official(words, level, place_type)
                    words, official = found if found else ([], None)
                elif words:
                    words = self.cut_before_known(words, level, in_list=not first)
                    if len(words) == 1 and compiled(r"(?![IVX]+$)\p{Lu}{2,4}").fullmatch(words[0].text):
                        words = []  # an acronym ("Pilkades PAW"), not a village name
                    if words and not first and level == "village" and self.is_district(words):
                        level, place_type = "district", "kecamatan"  # "Desa Karangrowo, Undaan, Kudus"
                if not words:
                    break
                name = " ".join(w.text for w in words).rstrip(".")
                if compiled(r"[IVX]+|\d+").fullmatch(name):  # a numbered place keeps its level word: "Dusun II"
                    name = f"{place_type.title()} {name}"
                end = words[-1].end - (1 if words[-1].text.endswith(".") else 0)
                add_span(doc, m.start() if first else words[0].start, end, "PLACE", name=name, level=level,
                         type=place_type, level_word=m.group() if first else None, official=official)
                first = False
                cont = self.continuation.match(text, end)
                if level in self.LEVEL_NUMBERS or cont is None or self.regex.match(text, cont.end()):
                    break
                next_word = compiled(r"[\p{L}]+").match(text[cont.end():cont.end() + 30])
                if next_word and next_word.group().casefold().startswith(self.not_after):
                    break  # "Desa Maneikun dan Rumah Adat ...": a venue, not the next place
                pos = cont.end()

    def _bare_names(self, doc: Doc, text: str, dateline: tuple[int, int] | None) -> None:
        """Regency and province names without their level word."""
        gazetteer = get_gazetteer()
        known = {level: gazetteer.names_at_level(number) for level, number in self.LEVEL_NUMBERS.items()}
        taken = sorted([(s.start_char, s.end_char) for s in mentions(doc)]
                       + doc.user_data.get("tribrata.unit_names", []))
        districts = gazetteer.names_at_level(3)
        prefixes = _name_prefixes()
        areas: list[str] | None = None  # looked up only when a kecamatan name needs them
        found: list[tuple[int, int, str, str, str, bool]] = []
        words = [(m.start(), m.end()) for m in self.capitalised_word.finditer(text)]
        # normalized names drop spaces, so a name's key is its words' keys joined
        keys = [normalize_name(text[a:b]) for a, b in words]
        # run[i]: how many capitalised words go on from word i, separated by spaces alone
        run = [1] * len(words)
        for i in range(len(words) - 2, -1, -1):
            gap = text[words[i][1]:words[i + 1][0]]
            if gap.isspace() and "\n" not in gap:
                run[i] = run[i + 1] + 1
        i = 0
        while i < len(words):
            longest, key = 0, ""  # how many words from here can still begin a known name
            while longest < min(4, run[i]) and (key := key + keys[i + longest]) in prefixes:
                longest += 1
            for n in range(longest, 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                key = "".join(keys[i:i + n])
                level = "province" if key in known["province"] else "regency" if key in known["regency"] else None
                if level is None:
                    if key in districts:
                        areas = self._areas(doc) if areas is None else areas
                        if self._district_here(text, start, end, areas):
                            found.append((start, end, text[start:end], "district", "kecamatan", True))
                            i += n - 1
                            break
                    continue
                before = self.previous_word.search(text, max(0, start - 40), start)
                prev = before.group(1).casefold().rstrip(".") if before else ""
                kind = self.cue_kinds.get(prev)
                if kind is not None and gazetteer.official_name(text[start:end], 2, kind):
                    level = "regency"  # "Wakil Walikota Gorontalo" is the Kota, not the province
                name = gazetteer.official_name(text[start:end], self.LEVEL_NUMBERS[level],
                                               kind if level == "regency" else None)
                if name is None or _in(dateline, start) or any(a < end and start < b for a, b in taken):
                    continue
                if prev.startswith(self.not_after):
                    continue
                cued = n > 1 or prev in self.cues
                found.append((start, end, name, level, "provinsi" if level == "province" else
                              name.split()[0].casefold(), cued))
                i += n - 1
                break
            i += 1
        accepted = {f[:2] for f in found if f[5]} | {
            (s.start_char, s.end_char) for s in mentions(doc)
            if s.label_ == "PLACE" and span_attrs(s)["level"] != "village"}
        units = [(s.start_char, s.end_char) for s in mentions(doc) if s.label_ == "UNIT"]
        changed = True
        while changed:  # a single word next to an accepted place in a list ("Pelalawan, Riau")
            changed = False
            for f in found:
                if f[:2] in accepted:
                    continue
                if any(self.list_gap.fullmatch(text[b:f[0]] if b <= f[0] else text[f[1]:a])
                       for a, b in accepted if b <= f[0] or f[1] <= a) or any(
                        self.unit_gap.fullmatch(text[b:f[0]]) for a, b in units if b <= f[0]):
                    accepted.add(f[:2])
                    changed = True
        for start, end, name, level, place_type, _ in found:
            if (start, end) in accepted and not any(a < end and start < b for a, b in taken):
                add_span(doc, start, end, "PLACE", name=text[start:end], level=level, type=place_type,
                         level_word=None, official=name if level != "district" else None)

    @staticmethod
    def _areas(doc: Doc) -> list[str]:
        """Codes of the areas the document is about: its units' areas and its regencies."""
        gazetteer = get_gazetteer()
        codes = []
        for span in mentions(doc):
            attrs = span_attrs(span)
            if span.label_ == "UNIT" and attrs.get("place"):
                code = gazetteer.unit_area(attrs["type"], attrs["place"])
            elif span.label_ == "PLACE" and attrs["level"] == "regency" and attrs.get("official"):
                regions = gazetteer.codes(attrs["official"], level=2)
                code = regions[0] if len(regions) == 1 else None
            else:
                continue
            if code and len(code) >= 5:
                codes.append(code)
        return codes

    def _district_here(self, text: str, start: int, end: int, areas: list[str]) -> bool:
        """A kecamatan named alone after "di" ("di Manggar"), inside an area the document is about."""
        before = self.previous_word.search(text, max(0, start - 20), start)
        if not before or before.group(1).casefold() not in self.district_cues or not areas:
            return False
        gazetteer = get_gazetteer()
        return any(gazetteer.is_within(code, area)
                   for code in gazetteer.codes(text[start:end], level=3) for area in areas)

    def __call__(self, doc: Doc) -> Doc:
        text = masked_text(doc)
        dateline = doc._.clean.dateline if doc._.clean is not None else None
        self._with_level_word(doc, text, dateline)
        self._villages_before_districts(doc, text)
        self._bare_names(doc, text, dateline)
        return doc

    def _villages_before_districts(self, doc: Doc, text: str) -> None:
        """Villages listed without their level word right before their kecamatan
        (``warga Tulehu dan Tial Kecamatan Salahutu``): names the gazetteer knows as
        villages of that kecamatan."""
        gazetteer = get_gazetteer()
        for span in [s for s in mentions(doc) if s.label_ == "PLACE" and span_attrs(s)["level"] == "district"
                     and span_attrs(s)["level_word"]]:
            districts = gazetteer.codes(span_attrs(span)["name"], level=3)
            if not districts:
                continue
            line_start = text.rfind("\n", 0, span.start_char) + 1
            end = span.start_char
            while True:
                item = self.item_before.search(text, max(line_start, end - 60), end)
                if item is None:
                    break
                name = item.group("name")
                villages = [code for code in gazetteer.codes(name, level=4)
                            if any(code.startswith(d + ".") for d in districts)]
                if len(villages) != 1:
                    break
                kind = "kelurahan" if villages[0].split(".")[3].startswith("1") else "desa"
                add_span(doc, item.start("name"), item.end("name"), "PLACE", name=name, level="village",
                         type=kind, level_word=None, official=None)
                end = item.start("name")


# ---------------------------------------------------------------------- dates, times

@Language.factory("tribrata_dates")
def make_dates(nlp: Language, name: str) -> "DateRecognizer":
    return DateRecognizer()


class DateRecognizer:
    """Calendar dates (``kamis (17/10/2024)``, ``Rabu, 2 Oktober 2024``, ranges) and
    clock times (``pukul 14.30 wita``)."""

    def __init__(self) -> None:
        data = load_yaml("dates.yaml")
        self.month_of = {w.casefold(): int(n) for n, words in data["months"].items() for w in words}
        self.weekday_of = {w.casefold(): int(n) for n, words in data["weekdays"].items() for w in words}
        months = "|".join(sorted(self.month_of, key=len, reverse=True))
        weekdays = "|".join(sorted(self.weekday_of, key=len, reverse=True))
        ranges = _alternation(data["range_words"])
        wd = rf"(?:(?P<wd>{weekdays})[^\S\n]*,?[^\S\n]*(?:tanggal|tgl\.?)?[^\S\n]*)?"
        self.numeric = regex.compile(
            rf"(?i)(?<![\p{{L}}\d/]){wd}(?P<open>\()?[^\S\n]*(?P<d>\d{{1,2}})[/\-.](?P<m>\d{{1,2}})"
            rf"(?:[/\-.](?P<y>\d{{4}}|\d{{2}}))?[^\S\n]*(?P<close>\))?(?![\d/])"
        )
        self.textual = regex.compile(
            rf"(?i)(?<![\p{{L}}\d]){wd}(?:(?P<d1>\d{{1,2}})(?:[^\S\n]+(?P<m1>{months})\.?)?(?:[^\S\n]+(?P<y1>\d{{4}}))?"
            rf"[^\S\n]*(?:{ranges})[^\S\n]*)?(?P<d>\d{{1,2}})[^\S\n]+(?P<m>{months})\.?(?:[ \t,]+(?P<y>\d{{4}}))?(?![\p{{L}}\d])"
        )
        zones = "|".join(data["timezones"])
        self.time = regex.compile(
            rf"(?i)(?<![\p{{L}}])(?:pukul|pkl\.?|jam)[^\S\n]+(?P<h>\d{{1,2}})(?:[.:](?P<mi>\d{{2}}))?"
            rf"(?:[^\S\n]*(?P<tz>{zones})(?![\p{{L}}]))?"
        )
        digits = {str(d) for d in range(10)}
        self.textual_in_text = TriggeredPattern(self.textual, set(self.weekday_of) | digits)
        self.time_in_text = TriggeredPattern(self.time, {"pukul", "pkl", "jam"})
        # a numeric date starts at its weekday, its "(" or its day (spaces before the day
        # start a match only where it has neither, and such a match is not taken)
        self.numeric_in_text = TriggeredPattern(self.numeric, set(self.weekday_of) | digits, "(")

    def __call__(self, doc: Doc) -> Doc:
        text = masked_text(doc)
        taken: list[tuple[int, int]] = []
        for m in self.textual_in_text.finditer(doc, text):
            weekday = self.weekday_of.get(m.group("wd").casefold()) if m.group("wd") else None
            month = self.month_of[m.group("m").casefold()]
            year = int(m.group("y")) if m.group("y") else None
            parts = []
            if m.group("d1"):
                month1 = self.month_of[m.group("m1").casefold()] if m.group("m1") else month
                year1 = int(m.group("y1")) if m.group("y1") else None
                parts.append({"day": int(m.group("d1")), "month": month1, "year": year1, "role": "range_start",
                              "start": m.start("d1"), "end": m.end("y1") if m.group("y1") else m.end("m1") if m.group("m1") else m.end("d1")})
            parts.append({"day": int(m.group("d")), "month": month, "year": year,
                          "role": "range_end" if m.group("d1") else "single",
                          "start": m.start("d"), "end": m.end()})
            self._add(doc, m, weekday, parts)
            taken.append(m.span())
        for m in self.numeric_in_text.finditer(doc, text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            has_context = m.group("wd") or (m.group("open") and m.group("close"))
            if not has_context:
                continue
            weekday = self.weekday_of.get(m.group("wd").casefold()) if m.group("wd") else None
            year = m.group("y")
            parts = [{"day": int(m.group("d")), "month": int(m.group("m")),
                      "year": (int(year) + 2000 if len(year) == 2 else int(year)) if year else None,
                      "role": "single", "start": m.start("d"), "end": m.end()}]
            self._add(doc, m, weekday, parts)
        for m in self.time_in_text.finditer(doc, text):
            add_span(doc, m.start(), m.end(), "TIME", hour=int(m.group("h")),
                     minute=int(m.group("mi") or 0), zone=(m.group("tz") or "").upper() or None)
        return doc

    @staticmethod
    def _add(doc: Doc, m: regex.Match, weekday: int | None, parts: list[dict[str, Any]]) -> None:
        end = m.end()
        while end > m.start() and source_text(doc)[end - 1] in " \t\xa0":
            end -= 1
        add_span(doc, m.start(), end, "DATE", weekday=weekday,
                 weekday_text=m.group("wd"), parts=parts)


# --------------------------------------------------------------------------- counts

@Language.factory("tribrata_counts")
def make_counts(nlp: Language, name: str) -> "CountRecognizer":
    return CountRecognizer()


class CountRecognizer:
    """Numbers of personnel (``151 (seratus lima puluh satu) personel``, ``sebanyak 285
    personel``, ``ratusan personel``) and any number written with its words."""

    def __init__(self) -> None:
        data = load_yaml("numbers.yaml")
        words = set(data["units"]) | set(data["teens"]) | set(data["scales"]) | set(data["se_prefixed"])
        word = "|".join(sorted(words, key=len, reverse=True))
        number_words = rf"(?:{word})(?![\p{{L}}])(?:[^\S\n]+(?:{word})(?![\p{{L}}]))*"
        nouns = "|".join(sorted((n.replace(" ", r"[^\S\n]+") for n in data["personnel_nouns"]), key=len, reverse=True))
        vague = "|".join(data["vague"])
        approx = _alternation(data["approximate_words"])
        self.regex = regex.compile(
            rf"(?i)(?<![\p{{L}}\d.,])(?<!(?:{_alternation(data['not_after'])})[^\S\n]+)(?:(?P<approx>{approx})[^\S\n]+)?"
            rf"(?:(?P<num>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:[^\S\n]*\((?P<words>[^()]{{2,80}})\))?|(?P<wordsonly>{number_words})|(?P<vague>{vague}))"
            rf"(?:[^\S\n]+(?:orang[^\S\n]+)?(?P<noun>{nouns}|\p{{L}}+))?"
        )
        self.personnel = {compiled(r"\s+").sub(" ", n).casefold() for n in data["personnel_nouns"]}
        self.sebanyak = regex.compile(r"(?i)(sebanyak|berjumlah|total|jumlah)[^\S\n]*$")
        self.personnel_before = regex.compile(rf"(?i)(?<![\p{{L}}])({nouns})(?![\p{{L}}])")
        self.in_text = TriggeredPattern(
            self.regex, {str(d) for d in range(10)} | words | set(data["vague"]) | {"se"}
            | (leading_prefixes(approx) or set()))

    def __call__(self, doc: Doc) -> Doc:
        text = masked_text(doc)
        for m in self.in_text.finditer(doc, text):
            if not (m.group("num") or m.group("wordsonly") or m.group("vague")):
                continue
            noun = (m.group("noun") or "").casefold()
            is_personnel = noun in self.personnel
            if not is_personnel and m.group("num"):
                # "personel yang dikerahkan sebanyak 151 (seratus lima puluh satu)"
                before = text[max(0, m.start() - 80):m.start()]
                sentence_part = compiled(r"[.!?\n]").split(before)[-1]
                if self.sebanyak.search(sentence_part) and self.personnel_before.search(sentence_part):
                    is_personnel, noun = True, ""
            if not is_personnel and not m.group("words"):
                continue
            if (m.group("wordsonly") or m.group("vague")) and not is_personnel:
                continue
            end = m.end("noun") if is_personnel and m.group("noun") and noun else (
                m.end() if not m.group("noun") else m.start("noun"))
            while end > m.start() and text[end - 1] in " \t\xa0":
                end -= 1
            add_span(doc, m.start(), end, "COUNT",
                     digits=m.group("num"), words=m.group("words") or (m.group("wordsonly") or "").strip() or None,
                     vague=m.group("vague"), approximate=m.group("approx"), noun=noun or None,
                     personnel=is_personnel)
        return doc


# --------------------------------------------------------- candidates, parties, ops

@Language.factory("tribrata_politics")
def make_politics(nlp: Language, name: str) -> "PoliticsRecognizer":
    return PoliticsRecognizer()


class PoliticsRecognizer:
    """Election candidates named by their context (``Paket ROMAN (A dan B)``, ``pasangan A
    dan B``, ``nomor urut 1 (A-B)``, ``paslon nomor urut 2, A – B``) and political parties."""

    def __init__(self) -> None:
        rows = load_csv("parties.csv")
        self.party_names = [row["name"] for row in rows]
        variants = "|".join(f"(?P<p{i}>{row['variants']})" for i, row in enumerate(rows))
        self.parties = TriggeredPattern(regex.compile(rf"(?i)(?<![\p{{L}}])(?:{variants})(?![\p{{L}}])"),
                                        leading_prefixes("|".join(row["variants"] for row in rows)))
        data = load_yaml("politics.yaml")
        intro = _alternation(data["introducers"])
        connective = _alternation(data["connectives"])
        self.ticket = TriggeredPattern(
            regex.compile(rf"(?i)(?<![\p{{L}}])(?P<intro>{intro})(?![\p{{L}}])"
                          rf"(?:[^\S\n]*[,:]?[^\S\n]*(?:{connective})(?![\p{{L}}]))*[^\S\n]*[,:]?[^\S\n]*"
                          rf"(?:(?-i:\p{{Lu}}[\p{{Lu}}\d\-]+)[^\S\n]*(?=\())?"),
            leading_prefixes(intro))
        joiners = "|".join(regex.escape(j) if not j.isalpha() else rf"(?<![\p{{L}}]){j}(?=[^\S\n]|\p{{Lu}})"
                           for j in data["joiners"])
        self.joiner = regex.compile(rf"[^\S\n]*(?:{joiners})[^\S\n]*")
        self.not_names = {w.casefold() for w in data["not_names"]}
        self.alias = {w.casefold() for w in data["alias_words"]}

    def name_at(self, text: str, pos: int, end: int) -> tuple[int, int, str] | None:
        """A person's name starting at ``pos`` (titles before and after it skipped)."""
        keys = title_keys()
        words = [w for w in words_after(text, pos, 10) if w.end <= end]
        name: list[_Word] = []
        for i, word in enumerate(words):
            bare = word.text.strip(".")
            key = _title_key(word.text)
            if not name and keys.get(key) == "before":
                continue
            if name and (word.comma_before or keys.get(key) == "after" or bare.casefold() in self.alias):
                break
            if not bare or not bare[0].isupper() or bare.casefold() in self.not_names:
                break
            if "-" in word.text and compiled(r"-\p{Lu}").search(word.text):  # "Rouw-Darwis": a joiner inside
                name.append(_Word(word.start, word.start + word.text.index("-"), word.text.split("-")[0], False))
                break
            name.append(word)
        if not name:
            return None
        last = name[-1]
        stop = last.end - (1 if last.text.endswith(".") and len(last.text.strip(".")) > 1 else 0)
        return name[0].start, stop, text[name[0].start:stop]

    def ticket_names(self, text: str, pos: int, end: int) -> list[tuple[int, int, str]]:
        """One or two names joined by ``dan``, ``-``, ``&`` from ``pos`` on."""
        found = []
        for _ in range(2):
            name = self.name_at(text, pos, end)
            if name is None:
                break
            found.append(name)
            rest = compiled(r"(?:[^\S\n]*,[^\S\n]*[^\s,()]+)*").match(text[name[1]:end])  # titles after a comma
            joiner = self.joiner.match(text, name[1] + (rest.end() if rest else 0), end)
            if joiner is None:
                break
            pos = joiner.end()
        return found

    def __call__(self, doc: Doc) -> Doc:
        text = masked_text(doc)
        for m in self.ticket.finditer(doc, text):
            pos, end = m.end(), text.find("\n", m.end())
            end = len(text) if end < 0 else end
            if text.startswith("(", pos):
                close = text.find(")", pos)
                if close < 0:
                    continue
                pos, end = pos + 1, close
            elif m.group("intro").casefold() == "paket":
                continue  # "Paket Roman": the ticket's nickname, its names come in parentheses
            for start, stop, name in self.ticket_names(text, pos, end):
                add_span(doc, start, stop, "CANDIDATE", name=name)
        for m in self.parties.finditer(doc, text):
            add_span(doc, m.start(), m.end(), "PARTY", name=self.party_names[_group_index(m, "p")])
        return doc


@Language.factory("tribrata_operations")
def make_operations(nlp: Language, name: str) -> "OperationRecognizer":
    return OperationRecognizer()


class OperationRecognizer:
    """Named police operations (``Operasi Mantap Praja (OMP) Turangga 2024``, ``OMP
    Turangga 2024``), with the regional name and year that follow the base name."""

    def __init__(self) -> None:
        data = load_yaml("operations.yaml")
        self.ops = data["operations"]
        base = "|".join(f"(?P<o{i}>{_alternation(op['variants'])})" for i, op in enumerate(self.ops))
        abbr = "|".join(f"(?P<a{i}>{'|'.join(op.get('abbreviations', [])) or '(?!)'})" for i, op in enumerate(self.ops))
        intro = _alternation(data["introducers"])
        not_region = r"(?!(?i:tahun|polres|polresta|polda|polsek|di|dan|yang|untuk|guna|pada|dalam)\b)"
        tail = (rf"(?:[^\S\n]*\([^()]{{1,25}}\))?(?:[^\S\n]+{not_region}"
                r"(?P<region>\p{Lu}[\p{Ll}]+|\p{Ll}+(?=[^\S\n]*-?[^\S\n]*20\d\d)))?"
                r"(?:[^\S\n]*-?[^\S\n]*(?:(?i:tahun)[^\S\n]+)?(?P<year>20\d\d)(?!\d))?")
        self.regex = TriggeredPattern(regex.compile(
            rf"(?<![\p{{L}}])(?:(?i:{intro})[^\S\n]+(?i:{base})|(?:(?i:Satgas)[^\S\n]+)?(?i:{abbr}))(?![\p{{L}}]){tail}"
        ), leading_prefixes(intro) | {"satgas"} | {a.lower() for op in self.ops for a in op.get("abbreviations", [])})

    def __call__(self, doc: Doc) -> Doc:
        text = masked_text(doc)
        for m in self.regex.finditer(doc, text):
            index = _group_index(m, "o", "a")
            region = m.group("region")
            add_span(doc, m.start(), m.end(), "OPERATION", base=self.ops[index]["name"],
                     region=region[:1].upper() + region[1:] if region else None, year=m.group("year"))
        return doc


# ----------------------------------------------------------------------- event type

@Language.factory("tribrata_event_type")
def make_event_type(nlp: Language, name: str) -> "EventTypeScorer":
    return EventTypeScorer()


@dataclass(frozen=True, slots=True)
class _Cue:
    code: str
    weight: float
    pattern: regex.Pattern


class EventTypeScorer:
    """Scores the kinds of activity of ``event_types.yaml`` by their cues into ``doc.cats``
    (every type, in the file's order): the weights of the cues found, those in the title
    and lead counted ``lead_weight`` times. A cue is tried where a word equal to its first
    word starts."""

    _LEADING_WORD = regex.compile(r"(?:\\b)?([a-z]+)")
    _LETTERS = regex.compile(r"[\p{L}]+")

    def __init__(self) -> None:
        data = load_yaml("event_types.yaml")
        self.cues: dict[str, list[_Cue]] = {}
        for code, entries in data["types"].items():
            for pattern, weight in entries:
                for alternative in split_alternatives(pattern):
                    first = self._LEADING_WORD.match(alternative.lower())
                    if first is None:
                        raise ValueError(f"event_types.yaml: cue '{alternative}' of {code} must start with a word")
                    cue = _Cue(code, float(weight), regex.compile(rf"(?i)(?:{alternative})(?![\p{{L}}])"))
                    self.cues.setdefault(first.group(1), []).append(cue)
        self.types = list(data["types"])
        self.lead_weight = float(data["lead_weight"])
        self.lead_chars = int(data["lead_chars"])
        self.slot = _trigger_slot(tuple(sorted(self.cues)))

    def __call__(self, doc: Doc) -> Doc:
        text = masked_text(doc)
        title = doc._.clean.title if doc._.clean is not None else None
        lead_end = max((title[1] if title else 0) + 1, min(len(text), self.lead_chars))
        scores = dict.fromkeys(self.types, 0.0)
        for start in trigger_starts(doc)[self.slot]:
            word = self._LETTERS.match(text, start)
            for cue in self.cues.get(word.group().casefold(), ()) if word else ():
                if cue.pattern.match(text, start):
                    scores[cue.code] += cue.weight * (self.lead_weight if start < lead_end else 1.0)
        doc.cats = scores
        return doc


# -------------------------------------------------------------------------- factory

COMPONENTS = (
    "tribrata_sentences",
    "tribrata_units",
    "tribrata_officers",
    "tribrata_places",
    "tribrata_dates",
    "tribrata_counts",
    "tribrata_politics",
    "tribrata_operations",
    "tribrata_event_type",
)


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The project's one ``Language``: blank Indonesian plus the recognisers, built once per process."""
    nlp = spacy.blank("id")
    for component in COMPONENTS:
        nlp.add_pipe(component)
    return nlp


def analyse(text: str, title: str | None = None, meta: dict[str, Any] | None = None) -> Doc:
    """Clean ``text``, then run the pipeline on it; spans land in ``doc.spans["tribrata"]``."""
    nlp = build_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["tribrata.text"] = text
    doc._.clean = clean(text, title)
    doc.user_data["tribrata.masked"] = doc._.clean.text
    doc._.meta = meta or {}
    doc.spans[SPAN_KEY] = []
    doc.user_data["tribrata.mentions"] = []
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
