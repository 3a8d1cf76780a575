"""Answers typed without spaces: "mrsmithisthebestteacherever".

Children on a tablet sometimes type a whole answer as one word. Every rule of the other
modules looks for words, so a name, a title or a handle inside such a run is invisible
to them. Here a run of letters is split into the English words (and names) it is most
likely made of, by word frequency (wordfreq, as everywhere in redaction): "mr smith is
the best teacher ever". The other steps then read the spaced copy, and what they
replace in it is replaced at the same place in the answer as it was typed
("mr[name]isthebestteacherever"); an answer in which they find nothing is kept exactly
as written.

A handle in a run ("...myusernameiscoolkidXx") keeps its letters together: after the
words that announce a handle (:mod:`.contact`), the rest of the run is the handle.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .contact import HANDLE_CUES
from .resources import Resources, zipf
from .result import PLACEHOLDERS

# A run: letters only, at least this long, between spaces (sentence punctuation may
# follow). Shorter runs are ordinary long words; runs with digits, dots or "@" are
# handles, links and emails, which the other steps read as they are.
_MIN_RUN = 16
_RUN = re.compile(rf"(?<!\S)[A-Za-z]{{{_MIN_RUN},}}(?=[.,!?;:)'\"]*(?:\s|$))")
_LONGEST_WORD = 18
# Cost of a letter that belongs to no word, and of each word (so fewer, longer words win:
# "is the" over "i st he"); a word costs less the more common it is (Zipf up to 8).
_UNKNOWN_LETTER = 10.0
_WORD_COST = 8.0
# A word wordfreq has seen less often than this is no word for splitting ("isthe").
_MIN_ZIPF = 2.0
# Names go in whole even when rare in writing ("kacper"): they count as this common.
_NAME_ZIPF = 3.0
# A run is taken as words only if most of it is words: at least this many, and no more
# than this share of its letters left over.
_MIN_WORDS = 3
_MAX_UNKNOWN_SHARE = 0.2
_SINGLE_LETTER_WORDS = frozenset({"i", "a"})
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


def _word_zipf(word: str, res: Resources) -> float:
    if len(word) == 1:
        return zipf(word) if word in _SINGLE_LETTER_WORDS else 0.0
    z = zipf(word)
    if len(word) >= 4 and (word in res.first_names or word in res.surnames):
        z = max(z, _NAME_ZIPF)
    return z if z >= _MIN_ZIPF else 0.0


def _split(run: str, res: Resources) -> tuple[tuple[int, int], ...] | None:
    """Where the words of a lower-case run start and end, or None if it is no run of
    words (a long word, a name, a string of letters)."""
    n = len(run)
    best = [0.0] + [float("inf")] * n
    back: list[tuple[int, bool]] = [(0, False)] * (n + 1)
    for end in range(1, n + 1):
        # one unknown letter
        best[end] = best[end - 1] + _UNKNOWN_LETTER
        back[end] = (end - 1, False)
        for start in range(max(0, end - _LONGEST_WORD), end):
            z = _word_zipf(run[start:end], res)
            if z and best[start] + _WORD_COST - z < best[end]:
                best[end] = best[start] + _WORD_COST - z
                back[end] = (start, True)
    spans: list[tuple[int, int]] = []
    unknown = 0
    end = n
    while end > 0:
        start, is_word = back[end]
        if is_word:
            spans.append((start, end))
        else:
            unknown += 1
            spans.append((start, end))
        end = start
    spans.reverse()
    words = sum(1 for a, b in spans if _word_zipf(run[a:b], res))
    if words < _MIN_WORDS or unknown > _MAX_UNKNOWN_SHARE * n:
        return None
    return _merge_unknown(spans, run, res)


def _merge_unknown(spans: list[tuple[int, int]], run: str,
                   res: Resources) -> tuple[tuple[int, int], ...]:
    """Letters that are no word stay together ("xx jayden nufc", not "x x ...")."""
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and not _word_zipf(run[a:b], res) and not _word_zipf(
                run[merged[-1][0]:merged[-1][1]], res):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return tuple(merged)


def unglue(text: str, res: Resources) -> tuple[str, list[int]] | None:
    """The answer with its runs split into words, and for each character of it the
    index of the character of ``text`` it stands for (a space put in stands for the
    letter after it); None when the answer has no run."""
    runs = [(m, spans) for m in _RUN.finditer(text)
            if zipf(m.group().casefold()) == 0.0
            and (spans := _split(m.group().casefold(), res)) is not None]
    if not runs:
        return None
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for m, spans in runs:
        out.append(text[pos:m.start()])
        where.extend(range(pos, m.start()))
        spans = _keep_handles_whole(m, spans)
        for k, (a, b) in enumerate(spans):
            if k:
                out.append(" ")
                where.append(m.start() + a)
            out.append(m.group()[a:b])
            where.extend(range(m.start() + a, m.start() + b))
        pos = m.end()
    out.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(out), where


def _keep_handles_whole(m: re.Match[str], spans: tuple[tuple[int, int], ...]
                        ) -> list[tuple[int, int]]:
    """After the words announcing a handle ("my username is", "add me on snap"), the
    rest of the run is the handle."""
    spaced = " ".join(m.group()[a:b] for a, b in spans)
    starts = []
    offset = 0
    for a, b in spans:
        starts.append(offset)
        offset += b - a + 1
    for cue in HANDLE_CUES:
        for found in cue.finditer(spaced):
            begin = found.start("h")
            if begin in starts:
                k = starts.index(begin)
                return [*spans[:k], (spans[k][0], spans[-1][1])]
    return list(spans)


def reglue(text: str, spaced: str, where: list[int], redacted: str) -> str:
    """Put what redaction replaced in the spaced copy in the same place in ``text``."""
    pieces = _PLACEHOLDER.split(redacted)
    holders = _PLACEHOLDER.findall(redacted)
    pattern = "".join(
        re.escape(piece) + (f"(?P<g{k}>.+?)" if k < len(holders) else "")
        for k, piece in enumerate(pieces)
    )
    m = re.fullmatch(pattern, spaced, re.DOTALL)
    if m is None:  # cannot happen: redaction only replaces spans with placeholders
        return redacted
    out: list[str] = []
    pos = 0
    for k, holder in enumerate(holders):
        a, b = m.span(f"g{k}")
        start, end = where[a], where[b - 1] + 1
        out.append(text[pos:start])
        out.append(holder)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def redact_runs(text: str, res: Resources,
                redact_spaced: Callable[[str], tuple[str, dict[str, int]]]
                ) -> tuple[str, dict[str, int]] | None:
    """Redact an answer with runs: None when it has none (redact it as usual)."""
    unglued = unglue(text, res)
    if unglued is None:
        return None
    spaced, where = unglued
    redacted, counts = redact_spaced(spaced)
    if not counts:
        return text, {}
    return reglue(text, spaced, where, redacted), counts
