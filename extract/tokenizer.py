"""The pipeline's tokenizer: words, numbers and single punctuation marks, in one regex pass.

The recognisers read characters, not tokens: all a ``Doc`` needs is boundaries that every
mention's start and end fall on. Splitting at every change between a run of letters and
digits and anything else gives exactly that (``Sulsel,”ujar`` is ``Sulsel`` ``,`` ``”``
``ujar``), costs a fraction of spaCy's rule-based Indonesian tokenizer, and needs none of
its 15,963 special cases, so a pipeline starts in a fraction of the time.

Registered as ``tribrata.tokenizer.v1`` (``[nlp.tokenizer]`` of ``extract/data/pipeline.cfg``).
"""

from __future__ import annotations

from collections.abc import Callable

import regex
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

#: A word (a run of letters, marks and digits, or one other visible character) with the one
#: space after it, or a run of white space.
#: Where a ``Doc`` of this tokenizer keeps the text it was made from (``doc.text`` joins
#: its tokens again on every call).
TEXT_KEY = "tribrata.text"

_TOKEN = regex.compile(r"([\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}])( ?)|(\s+)")


def words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """spaCy's ``words``/``spaces`` for ``text``: one space after a token is its trailing
    space, any other white space is a token of its own; ``"".join`` gives ``text`` back."""
    found = _TOKEN.findall(text)
    return [word or white for word, _, white in found], [space == " " for _, space, _ in found]


class Tokenizer:
    """``Doc`` from text by :func:`words_and_spaces` (picklable, so worker processes get it)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        #: The words already in the vocabulary: a ``Doc`` of unknown words makes a lexeme per
        #: word and document; added once, the next documents find them (as spaCy's own
        #: tokenizer keeps its cache).
        self._known: set[str] = set()

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(text)
        new = set(words).difference(self._known)
        if new:
            for word in new:
                self.vocab[word]  # noqa: B018  (adds the lexeme)
            self._known.update(new)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):  # noqa: ANN001, ANN201  (spaCy's signature)
        for text in texts:
            yield self(text)

    # spaCy saves and loads a pipeline's tokenizer with these; this one has no state.
    def to_bytes(self, **kwargs) -> bytes:  # noqa: ANN003
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> Tokenizer:  # noqa: ANN003
        return self

    def to_disk(self, path, **kwargs) -> None:  # noqa: ANN001, ANN003
        return None

    def from_disk(self, path, **kwargs) -> Tokenizer:  # noqa: ANN001, ANN003
        return self


@spacy.registry.tokenizers("tribrata.tokenizer.v1")
def create_tokenizer() -> Callable[[spacy.Language], Tokenizer]:
    def make(nlp: spacy.Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return make
