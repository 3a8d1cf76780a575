"""Words: tokens of an answer, whether a word is ordinary English, and misspellings.

Used by :mod:`.names`; the English lexicon and word frequencies come from
:mod:`.resources`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from .resources import COMMON_ZIPF, Resources, zipf
from .result import PLACEHOLDERS


def _mark_class() -> str:
    """Every combining mark (Unicode categories Mn, Mc, Me) as a character class.

    Python's ``\\w`` leaves them out, so a word of Bengali, Arabic or Devanagari script (or
    Latin letters with a combining accent) would fall apart into pieces at its vowel
    signs, and a piece could be taken for a name inside another word."""
    ranges: list[tuple[int, int]] = []
    for cp in (*range(0x300, 0x20000), *range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(cp))[0] == "M":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "[" + "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges) + "]"


# A word: letters and the combining marks within it, in any script; never part of one.
_LETTER = rf"(?:[^\W\d_]|{_mark_class()})"
_TOKEN = re.compile(rf"{_LETTER}+(?:['’]{_LETTER}+)*(?:-{_LETTER}+)*|&")
# The same for text of ASCII characters only (most answers), which has no marks: faster.
# (in ASCII, a letter is [A-Za-z] and there is no "’": a simpler pattern, found faster)
_ASCII_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*(?:-[A-Za-z]+)*|&")
_SENTENCE_END = frozenset(".!?\n")
_OPENERS = frozenset("\"'“‘([{*-•–—>")


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int
    low: str
    base: str  # lower-case without a possessive ending
    suffix_len: int  # length of the possessive ending in the original text
    initial: bool
    placeholder: bool


# What a scan back from a word passes over to find a sentence's end before it.
_GAP_CHARS = " \t\r" + "".join(_OPENERS)
# A word's lower-case form, base and possessive ending, remembered between answers (at
# most this many words, each of at most _FORMS_LONGEST letters; they depend on the word
# alone).
_FORMS_LIMIT = 20_000
_FORMS_LONGEST = 24
_forms: dict[str, tuple[str, str, int]] = {}


def _word_forms(word: str) -> tuple[str, str, int]:
    low = word.casefold().replace("’", "'")
    base, suffix = low, 0
    if low.endswith("'s") and len(low) > 3:
        base, suffix = low[:-2], 2
    elif low.endswith("s'") and len(low) > 3:
        base, suffix = low[:-1], 1
    forms = (low, base, suffix)
    if len(word) <= _FORMS_LONGEST:
        if len(_forms) >= _FORMS_LIMIT:
            _forms.clear()
        _forms[word] = forms
    return forms


def tokens(text: str) -> list[Tok]:
    toks: list[Tok] = []
    append = toks.append
    forms = _forms
    prev_end = 0  # where the gap before this word starts: the previous word's end
    for m in (_ASCII_TOKEN if text.isascii() else _TOKEN).finditer(text):
        word = m.group()
        start, end = m.span()
        placeholder = (
            word in PLACEHOLDERS and start > 0 and text[start - 1] == "["
            and text[end:end + 1] == "]"
        )
        # Back over spaces and openers to a sentence's end, the start of the answer, or
        # the previous word (whose last letter ends no sentence).
        gap = text[prev_end:start]
        if gap == " ":  # most words
            initial = prev_end == 0
        else:
            gap = gap.rstrip(_GAP_CHARS)
            initial = gap[-1] in _SENTENCE_END if gap else prev_end == 0
        low, base, suffix = forms.get(word) or _word_forms(word)
        append(Tok(word, start, end, low, base, suffix, initial, placeholder))
        prev_end = end
    return toks


# British spellings -> the American ones of the lexicon ("favourite", "realise", "centre").
_UK_US = (
    (re.compile(r"our(s|ed|ing|ite|ites|able|er|ers|ful)?$"), r"or\1"),
    (re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"ence(s)?$"), r"ense\1"),
)


def english_tag(english: Mapping[str, str], word: str,
                 first_names: frozenset[str] = frozenset()) -> str | None:
    """Tag of an ordinary English word, trying British spellings and simple endings.

    The lexicon lacks many inflected forms ("chokes", "starves"); a plural or third-person
    "-s" is always stripped, "-ed"/"-ing" only for words that are not first names (so
    "hamed" stays a name and is not taken for "ham" + "ed").
    """
    tag = english.get(word)
    if tag is not None or len(word) < 4:
        return tag
    for pattern, repl in _UK_US:
        us = pattern.sub(repl, word)
        if us != word and us in english:
            return english[us]
    if word in first_names:
        return None  # "james" is a name, not "jam" + "es"; "hamed" not "ham" + "ed"
    stems: list[str] = []
    if word.endswith("ies"):
        stems.append(word[:-3] + "y")
    if word.endswith("es"):
        stems.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        stems.append(word[:-1])
    if word.endswith("ied"):
        stems.append(word[:-3] + "y")
    if word.endswith("ed"):
        stems += [word[:-2], word[:-1]]
    if word.endswith("ing"):
        stems += [word[:-3], word[:-3] + "e"]
    for stem in stems:
        if len(stem) >= 3 and stem in english:
            return english[stem]
    return None


def is_title_case(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word.isupper())


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def misspelling(word: str, res: Resources) -> bool:
    """A rare name one letter away from a common English word ("cris" for "cries",
    "plummer" for "plumber"): in lower case without context it is read as the word.
    Names given to children in Britain and Ireland (Faker's en_GB and en_IE lists:
    "evie", "thea") and those of ``data/names.yaml`` ("rojin") are always names."""
    if word in res.own_names or word in res.uk_names or zipf(word) >= COMMON_ZIPF or (
        len(word) < 4
    ):
        return False
    splits = [(word[:k], word[k:]) for k in range(len(word) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    candidates |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    candidates |= {a + c + b for a, b in splits for c in _LETTERS}
    candidates.discard(word)
    return any(
        c in res.english and c not in res.first_names and zipf(c) >= 3.5
        for c in candidates
    )


# How children write a common word by its sound: "becos", "bcoz" (because), "wiv"
# (with), "fink" (think), "wen" (when), "wot" (what).
_SOUNDS = (("cos", "cause"), ("coz", "cause"), ("cuz", "cause"), ("kos", "cause"),
           ("oz", "ause"), ("os", "ause"), ("uz", "ause"), ("v", "th"), ("f", "th"),
           ("w", "wh"), ("o", "a"), ("z", "s"))


def sound_spelling(word: str, res: Resources) -> bool:
    """A common English word written as it sounds ("becos", "bcoz", "wiv"): one sound
    rewritten, and at most one letter more left out, gives a word wordfreq sees once in
    ten thousand words (Zipf 4) that is no first name."""
    if word in res.own_names or word in res.uk_names or len(word) < 3:
        return False
    for a, b in _SOUNDS:
        k = word.find(a)
        while k >= 0:
            c = word[:k] + b + word[k + len(a):]
            near = {c} | {c[:j] + x + c[j:] for j in range(len(c) + 1) for x in "aeiou"}
            if any(n in res.english and n not in res.first_names and zipf(n) >= 4.0
                   for n in near):
                return True
            k = word.find(a, k + 1)
    return False
