"""What a redaction returns, the placeholders, and the one way spans are replaced."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Every kind of detail replaced, in the order the steps run.
KINDS: tuple[str, ...] = (
    "email", "link", "handle", "phone", "postcode", "school", "address", "name",
)
#: The placeholder written for each kind.
PLACEHOLDERS: Mapping[str, str] = {kind: f"[{kind}]" for kind in KINDS}


@dataclass(frozen=True)
class Redaction:
    """The redacted text and how many details of each kind were replaced.

    ``counts`` holds only kinds that were replaced at least once (so an answer with
    nothing identifying has ``counts == {}``); ``total`` adds them up.
    """

    text: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.counts)


def replace_spans(text: str, spans: Iterable[tuple[int, int]], kind: str) -> tuple[str, int]:
    """Replace each (start, end) span with the kind's placeholder; overlaps are skipped."""
    ordered = sorted(spans)
    if not ordered:
        return text, 0  # most answers, for most kinds: nothing to build
    out: list[str] = []
    pos = 0
    n = 0
    for start, end in ordered:
        if start < pos or start >= end:
            continue
        out.append(text[pos:start])
        out.append(PLACEHOLDERS[kind])
        pos = end
        n += 1
    out.append(text[pos:])
    return "".join(out), n


def sub_count(pattern: re.Pattern[str], text: str, kind: str, group: str | None = None,
              keep: Callable[[re.Match[str]], bool] | None = None) -> tuple[str, int]:
    """Replace every match (or one named group of it) unless ``keep(match)`` says no."""
    spans = [
        m.span(group) if group else m.span()
        for m in pattern.finditer(text)
        if keep is None or not keep(m)
    ]
    return replace_spans(text, spans, kind)


# Cheap tests a kind of identifier runs first: a text that fails one cannot hold that kind,
# so its costlier patterns are not tried (the output is the same either way).

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")


def has_digit(text: str) -> bool:
    """A decimal digit in any script (what ``\\d`` matches)."""
    return _DIGIT.search(text) is not None


def words_of(text: str) -> set[str] | None:
    """The whole words (runs of ``\\w``) of an ASCII text, in lower case, for
    :func:`holds_word`; None for any other text, which is always worth trying:
    case-insensitive patterns fold some letters outside ASCII differently from
    ``str.lower`` (the Kelvin sign, a dotted capital I)."""
    return set(_WORD.findall(text.lower())) if text.isascii() else None


#: A step's ``words`` argument when the caller has not read them: the step reads them.
UNREAD: Any = object()


def read_words(text: str, words: Any) -> set[str] | None:
    """``words`` as given, or ``words_of(text)`` if they are ``UNREAD``."""
    return words_of(text) if words is UNREAD else words


def holds_word(words: set[str] | None, wanted: frozenset[str]) -> bool:
    """False only when none of ``wanted`` (lower case, letters and digits only) is a
    whole word of the text whose ``words_of`` are ``words``: one reading of a text
    serves several tests."""
    return words is None or not wanted.isdisjoint(words)


def folds_to_ascii(word: str) -> bool:
    """A letter outside ASCII in ``word`` that a case-insensitive pattern matches to an
    ASCII letter (the Kelvin sign to "k", the long s to "s")."""
    return any(
        not c.isascii() and any(re.fullmatch(re.escape(c), chr(a), re.IGNORECASE)
                                for a in range(128))
        for c in word)


def matches_at_words(pattern: re.Pattern[str], text: str, starts: frozenset[str] | None,
                     words: set[str] | None) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, for a pattern each of whose matches begins
    with a whole word (a run of ``\\w``, in any case) of ``starts`` (lower case ASCII,
    and no other word of the pattern there matches ASCII letters): in an ASCII text the
    pattern is tried only where such a word stands. ``words`` are ``words_of(text)``;
    ``starts`` None makes no such claim."""
    if starts is None or words is None:
        yield from pattern.finditer(text)
        return
    present = starts & words
    if not present:
        return
    low = text.lower()
    size = len(low)
    at_words = []
    for word in present:
        k = low.find(word)
        while k >= 0:
            end = k + len(word)
            if (k == 0 or not _word_char(low[k - 1])) and (
                    end == size or not _word_char(low[end])):
                at_words.append(k)
            k = low.find(word, k + 1)
    at_words.sort()
    pos = 0
    for at in at_words:
        if at >= pos:
            m = pattern.match(text, at)
            if m is not None:
                yield m
                pos = m.end()


def _word_char(c: str) -> bool:
    """What ``\\w`` matches, for an ASCII character."""
    return c.isalnum() or c == "_"
