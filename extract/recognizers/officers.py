"""Officers: persons named with a rank (``Kapolres Belu, AKBP Benny Miniani Arief, S.I.K``),
with the post read before the rank or after the name. Ranks are in ``ranks.yaml``, posts
in ``posts.yaml``, titles in ``titles.csv``, the words that end a name in ``units.yaml``.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import compiled, load_yaml
from ..spans import add_span
from .base import ASSIGNS, REQUIRES, Recognizer
from .matching import TriggeredPattern, Word, alternation, leading_prefixes, title_key, title_keys, words_after


@Language.factory("tribrata_officers", assigns=ASSIGNS, requires=REQUIRES,
                  default_config={"ranks": "ranks.yaml", "posts": "posts.yaml", "units": "units.yaml"})
def make_officers(nlp: Language, name: str, ranks: str, posts: str, units: str) -> "OfficerRecognizer":
    return OfficerRecognizer(name, ranks, posts, units)


class OfficerRecognizer(Recognizer):
    """Persons named with a rank (``Kapolres Belu, AKBP Benny Miniani Arief, S.I.K``).

    The rank anchors the mention; the post is read back from the words before the rank
    (or after the name: ``Ipda X sebagai Perwira Pengendali``), the name and titles forward
    from the rank.
    """

    labels = ("OFFICER",)

    def __init__(self, name: str, ranks: str, posts: str, units: str) -> None:
        super().__init__(name)
        rank_data = load_yaml(ranks)
        # longest first: "Brigadir Polisi Satu" is Briptu, not "Brigadir Polisi" and a name "Satu ..."
        variants = sorted((v for r in rank_data["ranks"] for v in r["variants"]), key=len, reverse=True)
        qualifiers = alternation(rank_data["qualifiers"])
        self.rank = regex.compile(
            rf"(?<![\p{{L}}])(?:{alternation(variants)})(?:\.?[^\S\n]+(?:{qualifiers}))*(?![\p{{L}}])\.?"
            rf"(?P<abbr>[^\S\n]*\((?:{alternation(variants)})\.?\))?",
            regex.IGNORECASE,
        )
        self.rank_in_text = TriggeredPattern(self.rank, leading_prefixes(alternation(variants)))
        self.typo_ranks = _typos(rank_data["typo_ranks"])
        self.typo_in_text = TriggeredPattern(
            regex.compile(rf"(?<![\p{{L}}])(?P<word>\p{{L}}{{4,7}})(?![\p{{L}}])(?:\.?[^\S\n]+(?:{qualifiers}))*\.?"
                          rf"(?=[^\S\n]+(?-i:\p{{Lu}}))", regex.IGNORECASE),
            {word[0].lower() for word in self.typo_ranks})
        self.name_abbreviations = {w.casefold() for w in rank_data["name_abbreviations"]}
        post_data = load_yaml(posts)
        heads = alternation(post_data["heads"])
        prefixes = alternation(post_data["prefixes"])
        self.role_head = regex.compile(rf"(?<![\p{{L}}])(?:(?:{prefixes})[^\S\n]+)?(?:{heads})(?![\p{{L}}])",
                                       regex.IGNORECASE)
        self.long_prefixes = [(compiled(rf"(?i)^{k}"), v) for k, v in post_data["prefix_long_forms"].items()]
        self.long_forms = {compiled(r"\s+").sub(" ", k).casefold(): v for k, v in post_data["long_forms"].items()}
        self.command_marker = post_data["command_marker"].casefold()
        self.role_tail = regex.compile(r"(?:[^\S\n]+(?:[\p{Lu}\d][\p{L}\d./'’\-]*|dan|PP\.?|Tim|[IVX]+))*")
        unit_data = load_yaml(units)
        self.unit_words = rf"(?:Ma)?(?:{'|'.join(unit_data['unit_words'])})"
        self.unit_word = regex.compile(rf"{self.unit_words}$")
        self.parent_unit = regex.compile(
            rf"[^\S\n]*,?[^\S\n]*(?:{'|'.join(unit_data['parent_unit_words'])})[^\S\n]+\p{{Lu}}[\p{{L}}]*"
            r"(?:[^\S\n]+\p{Lu}[\p{L}]*)?[^\S\n]*,?[^\S\n]*")
        self.higher_places = regex.compile(  # "Polisi RW 04 Kelurahan X, Kecamatan Y, Kota Z, Aipda ..."
            rf"(?:[^\S\n]*,[^\S\n]*(?:{alternation(post_data['higher_place_words'])})[^\S\n]+\p{{Lu}}[\p{{L}}]*"
            r"(?:[^\S\n]+\p{Lu}[\p{L}]*){0,2})+[^\S\n]*,?[^\S\n]*")
        self.second_post = regex.compile(rf"[^\S\n]*,?[^\S\n]*(?:{post_data['second_post']})[^\S\n]+", regex.I)
        self.role_after = regex.compile(rf"[^\S\n]*,?[^\S\n]*(?:(?:{alternation(post_data['role_after'])})[^\S\n]+)?")
        venues = "|".join(compiled(r"\s+").sub(r"[^\\S\\n]+", w) for w in post_data["venue_words"])
        self.venue = regex.compile(rf"(?i)(?<![\p{{L}}])(?:{venues})\.?[^\S\n]+$")
        self.stop = ({w.casefold() for w in unit_data["stop_words"]}
                     - {w.casefold() for w in unit_data["name_words"]})

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
            paren = compiled(r"[^\S\n]*\((?P<abbr>[^()]{2,25})\)(?P<rest>[^,()]{0,60}?)[^\S\n]*,?[^\S\n]*").fullmatch(gap)
            if paren:  # "Kepala Bagian Operasi (Kabag Ops) Polres Mamuju Tengah, AKP ..."
                long_form = compiled(r"\s+").sub(" ", text[head.start():end]).strip()
                abbreviation = self.abbreviated(long_form, paren.group("abbr").strip())
                rest = paren.group("rest").strip()
                if rest and not compiled(r"(?:\p{Lu}[\p{L}.]*[^\S\n]*){1,8}").fullmatch(rest):
                    rest = ""
                best = (head.start(), rank_start, self.short_prefix(f"{abbreviation} {rest}".strip()))
            elif compiled(r"[^\S\n]*,?[^\S\n]*").fullmatch(gap) or self.parent_unit.fullmatch(gap) \
                    or self.higher_places.fullmatch(gap):
                best = (head.start(), end, self.short_prefix(text[head.start():end].strip().rstrip(",")))
        second = [m for m in self.second_post.finditer(text, window_start, rank_start) if best and m.end() <= best[0]]
        return (self.role_before(text, second[-1].start()) or best) if second else best

    def abbreviated(self, long_form: str, abbreviation: str) -> str:
        """The post a long form and the abbreviation in brackets after it give: the abbreviation
        when it is a post; the long form's abbreviation when the bracket is misspelt
        (``(Kabagosp)``); else the abbreviated head with the bracket (``Kasubdit Kejahatan dan
        Kekerasan (Jatanras)`` is ``Kasubdit Jatanras``)."""
        first_word = long_form.split()[0]
        if self.role_head.fullmatch(abbreviation):
            return abbreviation
        if long_form.casefold() in self.long_forms:
            return self.long_forms[long_form.casefold()]
        return f"{first_word} {abbreviation}" if self.role_head.fullmatch(first_word) else abbreviation

    def role_following(self, text: str, pos: int) -> str | None:
        """A post given after the name: ``Ipda Markus Tanone sebagai Perwira Pengendali``,
        ``AKP Budi Kasubag Humas Polres X``."""
        intro = self.role_after.match(text, pos)
        if intro is None:
            return None
        head = self.role_head.match(text, intro.end())
        if head is None:
            return None
        end = self._tail_words(text, head.end(), len(text), self.commands(head.group()))
        return compiled(r"\.\s").split(text[head.start():end])[0].strip().rstrip(".,")

    def unit_elsewhere(self, text: str, role: str) -> str:
        """A bare post (``Kasubsipenmas``) with the unit the text writes after the same post
        elsewhere (``... pungkas Kasubsipenmas Polres X``), when it writes one unit there."""
        if not self.role_head.fullmatch(role):
            return role
        forms = set()
        for m in self.post_with_unit(role).finditer(text):
            form = compiled(r"\.\s").split(text[m.start():self._tail_words(text, m.end(), len(text), False)])[0]
            after = compiled(r"[^\S\n]*,?[^\S\n]*").match(text, m.start() + len(form)).end()
            if not self.rank.search(form) and not self.rank.match(text, after):  # not another officer's
                forms.add(form.strip().rstrip(".,"))
        return forms.pop() if len(forms) == 1 else role  # one unit, written without a person

    def post_with_unit(self, role: str) -> regex.Pattern:
        return compiled(rf"(?i:(?<![\p{{L}}]){regex.escape(role)})(?=[^\S\n]+{self.unit_words}[^\S\n]+\p{{Lu}})")

    def short_prefix(self, role: str) -> str:
        """A role whose acting prefix is written out gets the abbreviation (``Pelaksana Harian
        (Plh) Kapolsek X`` is ``Plh Kapolsek X``)."""
        for pattern, short in self.long_prefixes:
            role = pattern.sub(short, role)
        return role

    def commands(self, post: str) -> bool:
        """Whether a post is the command of a unit (Kapolres, Wakapolsek, ...)."""
        return self.command_marker in post.casefold()

    # -- the name and titles after the rank
    def name_after(self, text: str, pos: int) -> tuple[list[Word], list[str]]:
        keys = title_keys()
        words = self.run_words(text, pos)
        name: list[Word] = []
        titles: list[str] = []
        after_title = False
        i = 0
        while i < len(words):
            word = words[i]
            following = words[i + 1] if i + 1 < len(words) else None
            pair = title_key(word.text + (following.text if following else ""))
            if following and not following.comma_before and keys.get(pair) == "after" and name:
                titles.append(f"{word.text} {following.text}")
                after_title = True
                i += 2
                continue
            key = title_key(word.text)
            glued = compiled(r"(\p{L}{3,})\.(\p{Lu}.*)$").match(word.text)
            if not name and keys.get(key) == "before" and word.text.endswith("."):
                titles.append(word.text)
            elif name and keys.get(key) == "after" and len(key) > 1 and not (
                    following and not following.comma_before and self._name_word(following.text, False)
                    and keys.get(title_key(following.text)) is None):
                titles.append(word.text)  # "S.P. Sembiring" goes on: there S.P. are initials
                after_title = True
            elif after_title or (word.comma_before and name):
                break
            elif glued and self._name_word(glued.group(1), first=not name):  # "Madangkara.S.S.Tr.K"
                name.append(Word(word.start, word.start + len(glued.group(1)), glued.group(1), word.comma_before))
                titles.append(glued.group(2))
                break
            elif self._name_word(word.text, first=not name):
                name.append(word)
                if word.text.endswith(".") and len(word.text) > 3 and not (
                    following and len(following.text.rstrip(".")) == 1
                ) and word.text.rstrip(".").casefold() not in self.name_abbreviations:
                    break
            else:
                break
            i += 1
        return name, titles

    def run_words(self, text: str, pos: int) -> list[Word]:
        """The words after a rank, across a line break inside the rank+name run: after a rank
        ending its line, or a name word ending it when the next line's first words end at a comma
        (``AKBP Budi`` / ``Santoso, S.I.K.``)."""
        words = words_after(text, pos, 14)
        line_end = compiled(r"[^\S\n]*\n(?=[^\S\n]*\p{Lu})").match(text, words[-1].end if words else pos)
        if line_end is None or len(words) > 2 or (words and not (
                compiled(r"\p{L}+").fullmatch(words[-1].text) and compiled(
                    r"[^\S\n]*(?:\p{Lu}[\p{L}'’]*[^\S\n]+){0,2}\p{Lu}[\p{L}'’]*,").match(text, line_end.end()))):
            return words
        return words + words_after(text, line_end.end(), 14 - len(words))

    @lru_cache(maxsize=65536)  # one recogniser per process; a word's answer never changes
    def _name_word(self, word: str, first: bool) -> bool:
        bare = word.strip(".'’")
        if not bare or not compiled(r"\p{L}").match(bare) or bare.casefold() in self.stop:
            return False
        if self.rank.fullmatch(bare) or self.role_head.fullmatch(bare) or self.unit_word.match(bare):
            return False
        return bare[0].isupper() or (first and bare.isalpha() and len(bare) > 2)

    def ranks_in(self, doc: Doc, text: str) -> list[tuple[int, int, str]]:
        """(start, end, rank as written) of every rank of the text, a rank written out with its
        abbreviation (``Ajun Komisaris Besar Polisi (AKBP)``) by the abbreviation, and the
        one-letter typos of the ``typo_ranks`` before a name (``AKPB Budi`` is ``AKBP``)."""
        found = [(m.start(), m.end(), (m.group("abbr") or m.group()).strip(" ()"))
                 for m in self.rank_in_text.finditer(doc, text)]
        written = {start for start, _, _ in found}
        found += [(m.start(), m.end(), self.typo_ranks[m.group("word").casefold()])
                  for m in self.typo_in_text.finditer(doc, text)
                  if m.group("word").casefold() in self.typo_ranks and m.start() not in written]
        return sorted(found)

    def recognize(self, doc: Doc, text: str) -> None:
        for rank_start, rank_end, rank in self.ranks_in(doc, text):
            name, titles = self.name_after(text, rank_end)
            if not name or self.venue.search(text, max(0, rank_start - 30), rank_start):
                continue
            role = self.role_before(text, rank_start)
            start = role[0] if role else rank_start
            end = name[-1].end - (1 if name[-1].text.endswith(".") and len(name[-1].text) > 2 else 0)
            name_text = " ".join(w.text for w in name)
            post = role[2] if role else self.role_following(text, end)
            add_span(
                doc, start, end, "OFFICER",
                name=name_text, rank=rank, role=post and self.unit_elsewhere(text, post),
                titles=titles, rank_start=rank_start, rank_end=rank_end,
            )


def _typos(ranks: list[str]) -> dict[str, str]:
    """Case-folded one-letter typos (a letter replaced, two adjacent letters swapped) of each
    rank -> the rank; words that are themselves a rank of the list are left out."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out: dict[str, str] = {}
    for rank in ranks:
        word = rank.casefold()
        typos = {word[:i] + c + word[i + 1:] for i in range(1, len(word)) for c in letters}
        typos |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1)}
        for typo in typos - {word}:
            out.setdefault(typo, rank)
    return {typo: rank for typo, rank in out.items() if typo not in {r.casefold() for r in ranks}}
