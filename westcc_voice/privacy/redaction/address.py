"""Addresses and street names.

- A house number, a street name and a street type: "12 Elswick Road", "flat 3, 45
  Westmorland Rd", "7 Rye Hill", "number 9 on Elswick Road". "Strong" street types
  (road, street, terrace...) make an address in any case; "weak" ones that are also
  ordinary words (park, hill, green) need the street name capitalised.
- A street named without a number where the sentence ties it to someone: where they
  live, stay or work, or "my"/"our" ("we live on Elswick Road", "my nan's house is on
  Stanhope St", "I run a shop on Westgate Road"), or in lower case right after "live
  on", "lives at", "moved to" ("i live on westmorland road").
  A street named as a public place identifies nobody and is kept: "the mosque on
  Elswick Rd", "a crossing on the West Road".
- A street followed by words that place someone by it: "the church on X Road, we're
  two doors down from it", "behind X Street ... I think they're in the end house".
- A house or flat number on its own, where it is someone's home: "flat 3 in our block",
  "the man next door at number 41", "she lives at no. 7".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .resources import Resources
from .result import UNREAD, has_digit, holds_word, read_words, replace_spans, words_of

# Part-of-speech tags (Penn Treebank, as in TextBlob's lexicon) of closed-class words.
CLOSED_TAGS = frozenset(
    {"DT", "IN", "CC", "PRP", "PRP$", "MD", "TO", "WDT", "WP", "WP$", "WRB", "EX", "PDT",
     "RP", "UH", "CD", "LS", "POS", "SYM", "RB", "RBR", "RBS"}
)
DETERMINERS = frozenset(
    {"the", "a", "an", "my", "your", "his", "her", "their", "our", "this", "that", "these",
     "those", "its", "some", "any", "no", "every", "each"}
)
# A street-name word is never one of these small words ("3 goals in the park").
_NOT_SMALL = (
    r"(?!(?:and|the|in|at|on|to|of|a|an|my|our|near|by|with|from|for|or|but|is|was|"
    r"are|i|we|me|it|up|down|off|over|next|round|around|into|onto|this|that)\b)"
)
# Streets every town has: naming one identifies nobody.
_GENERIC_STREETS = frozenset({"high street", "main road", "main street", "high st"})
# Street types that are never ordinary words after a capitalised word: only these name a
# street without a house number ("Close", "Drive" or "Court" would catch "We Are Close").
_UNAMBIGUOUS = frozenset({"road", "rd", "street", "terrace", "terr", "tce", "avenue", "ave",
                          "grove", "lane", "crescent", "cres", "gdns", "lonnen"})


@lru_cache(maxsize=4)
def _street_types(strong: frozenset[str], weak: frozenset[str]) -> frozenset[str]:
    return strong | weak


@lru_cache(maxsize=4)
def _unambiguous_types(strong: frozenset[str]) -> frozenset[str]:
    return strong & _UNAMBIGUOUS


# The words "lived" (below) starts with, each a whole word: a text without one cannot
# match it.
_LIVED_WORDS = frozenset({"live", "lives", "lived", "living", "stay", "stays", "staying",
                          "moved", "house", "home", "flat"})


@lru_cache(maxsize=4)
def _patterns(strong: frozenset[str], weak: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    types = "|".join(sorted((re.escape(t) for t in strong | weak), key=len, reverse=True))
    strong_types = "|".join(
        sorted((re.escape(t) for t in strong & _UNAMBIGUOUS), key=len, reverse=True)
    )
    numbered = re.compile(
        # "flat 3, 12 Elswick Road"; "Flat 3 Denton Court" (the flat's word goes too)
        r"(?P<flat>\b(?:flat|apartment|apt|unit)\s*(?:no\.?\s*|number\s+)?"
        r"(?:\d{1,4}[a-z]?\s*,?\s*)?)?"
        r"(?<![\w/.:-])(?P<num>\d{1,4}[a-z]?)(?![\w/.:])\s*,?\s+"
        rf"(?P<street>(?:{_NOT_SMALL}[^\W\d_][\w'’-]*\.?\s+){{1,3}})"
        rf"(?P<type>{types})\b\.?",
        re.IGNORECASE,
    )
    lived = re.compile(
        r"\b(?:live|lives|lived|living|stay|stays|staying|moved|house|home|flat)\s+"
        r"(?:on|at|in|to)\s+"
        rf"(?P<street>(?:{_NOT_SMALL}[^\W\d_][\w'’-]*\s+){{1,3}})"
        rf"(?P<type>{types})\b\.?",
        re.IGNORECASE,
    )
    # A street in lower case after "on", "at"...: tied to someone and not plain English.
    lower = re.compile(
        rf"\b(?:on|at|along|down|up|near|off|by)\s+(?P<street>(?:{_NOT_SMALL}[a-z][\w'’-]*\s+){{1,2}})"
        rf"(?P<type>{strong_types})\b\.?"
    )
    # A capitalised street name: one to three capitalised words and a strong type.
    named = re.compile(
        rf"(?<![\w'’-])(?P<street>(?:[A-Z][\w'’-]*\.?\s+){{1,3}})"
        rf"(?P<type>(?i:{strong_types}))\b\.?"
    )
    # "number 9 on Adelaide Terrace", "no. 31 on rothbury terrace": the number goes with
    # the street it is on, in any case.
    number_on = re.compile(
        r"\b(?:number|no\.?|num)\s*(?P<num>\d{1,4}[a-z]?)(?![\w/.:])\s*,?\s+"
        r"(?:on|in|at|of|along|down|up)\s+"
        rf"(?P<street>(?:{_NOT_SMALL}[^\W\d_][\w'’-]*\.?\s+){{1,3}})"
        rf"(?P<type>{types})\b\.?",
        re.IGNORECASE,
    )
    return numbered, lived, named, lower, number_on


def _street_ok(m: re.Match[str], res: Resources) -> bool:
    words = m.group("street").split()
    street_type = m.group("type").casefold()
    if not words:
        return False
    for word in words:
        w = word.strip(".").casefold()
        if res.english.get(w) in CLOSED_TAGS or w in DETERMINERS:
            return False
    if street_type in res.strong_streets:
        return True
    return all(w[0].isupper() for w in words) and m.group("type")[0].isupper()


# Words that tie a street to someone, looked for earlier in the sentence: where they
# live or work, or a person the street places ("shouting at her from cars on X Road",
# "following me home from the bus stop on X Road"). "My" or "our" only close by: "my
# mam's in a wheelchair and half the dropped kerbs on Westgate Road are blocked" places
# nobody.
_RESIDENCE = re.compile(
    r"\b(?:liv(?:e|es|ed|ing)|moved?|stay(?:s|ed|ing)?|houses?|home|flats?|address|"
    r"next\s+door|neighbou?rs?|work(?:s|ed|ing)?|run(?:s|ning)?|me|him|her|us|"
    # "we live" in the answer's own language: Slovak, Czech, Polish, Romanian
    r"býv(?:am|ame|a|ajú)|byvame|bydl(?:ím|íme|í|i|ime)|mieszka(?:m|my|ją)?|"
    r"locu(?:iesc|im|iește|ieste|iesc))\b",
    re.IGNORECASE,
)
# Abbreviated street types, whose full stop belongs to them ("Elswick Rd."); after a full
# word ("Adelaide Terrace.") the full stop ends the sentence and stays.
_ABBREVIATED = frozenset({"rd", "st", "ave", "tce", "terr", "cres", "gdns", "ln", "dr", "cl",
                          "sq", "pl", "ct", "gr"})


_OWNER = re.compile(r"\b(?:my|our)\b", re.IGNORECASE)
_OWN_SOMEDAY = re.compile(r"\s+own\b", re.IGNORECASE)
_WISH = re.compile(r"\b(?:want|wanna|wants|like\s+to|love\s+to|hope|hoping|dream|"
                   r"one\s+day|some\s*day|would|i'd|id|gonna|going\s+to)\b", re.IGNORECASE)


# A home, not a place of work: after "off" only these tie a street to someone.
_HOME = re.compile(
    r"\b(?:liv(?:e|es|ed|ing)|moved?|stay(?:s|ed|ing)?|houses?|home|flats?|address|"
    r"next\s+door|neighbou?rs?)\b",
    re.IGNORECASE,
)
_OFF = re.compile(r"\b(?:just\s+)?off\s+$", re.IGNORECASE)


def _where_someone_lives(text: str, start: int) -> bool:
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    if _OFF.search(text, max(sentence_start, start - 10), start) or re.match(
            r"off\s", text[start:start + 4], re.IGNORECASE):
        # "a garage off Scotswood Road", "a chippy just off the West Road": a street
        # that says where a business is, near it, places nobody; "we live off X" does.
        return bool(_HOME.search(text, max(sentence_start, start - 60), start))
    if _RESIDENCE.search(text, max(sentence_start, start - 60), start):
        return True
    # "my"/"our" only close by: "my nan's on Stanhope St", "our flat on Rye Hill"; not a
    # place still to come ("want my own salon one day on Westgate Road").
    owner = _OWNER.search(text, max(sentence_start, start - 30), start)
    return bool(owner) and not (_OWN_SOMEDAY.match(text, owner.end())
                                and _WISH.search(text, sentence_start, start))


# Words after a street that place someone by it, read to the end of the next sentence:
# "the church on X Road, we're only two doors down from it", "the back lane behind X
# Street ... I think they're in the end house", "the shop on X Road, we live opposite".
_PLACED_AFTER = re.compile(
    r"\b(?:(?:we|they|he|she|i)(?:'re|’re|'m|’m|'s|’s|\s+are|\s+am|\s+is|\s+live|\s+lives)"
    r"\s+(?:only\s+|just\s+|right\s+)?(?:(?:\w+\s+)?doors?\s+(?:down|up|along|away)|"
    r"opposite|next\s+door|above|below|round\s+the\s+corner|across\s+the\s+road|"
    r"over\s+the\s+road|in\s+the\s+(?:end|corner|first|last)\s+house|"
    r"at\s+(?:the\s+end|number\s+\d))|"
    r"(?:we|they|he|she|i)\s+live\s+(?:on|in|at|off)\s+(?:it|there|that\s+street)\b)",
    re.IGNORECASE,
)


def _placed_after(text: str, end: int) -> bool:
    stops = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    first = min(stops, default=len(text))
    later = [i for i in (text.find(c, first + 1) for c in ".!?\n") if i >= 0]
    return bool(_PLACED_AFTER.search(text, end, min(later, default=len(text))))


# A child hurt in the street's sentence: the street places that child ("saw a man drag a
# girl by the arm along X Street and slap her"). A crime with no one described ("a
# stabbing near the shops on X Terrace") places nobody.
_CHILD = re.compile(r"\b(?:boy|girl|child|kid|kiddie|bairn|toddler|baby|lad|lass|"
                    r"son|daughter)s?\b", re.IGNORECASE)
_HARM = re.compile(r"\b(?:hit|hits|hitting|slap\w*|drag\w*|kick\w*|punch\w*|beat|beats|"
                   r"beating|batter\w*|smack\w*|thump\w*|shak(?:e|es|ing)|shook|"
                   r"hurt\w*|grab\w*|strangl\w*|chok(?:e|ed|ing))\b", re.IGNORECASE)

# The child is the one harmed: "drag a little boy", "slapping her toddler"; not "kids
# kick footballs at cars".
_HARMED = re.compile(_HARM.pattern + r"\s+(?:(?:a|an|the|his|her|their|this|that|some|"
                     r"little|small|young|wee|tiny|poor|\w+'s|\w+’s)\s+){0,3}", re.IGNORECASE)


def _hurt_child(text: str, start: int, end: int) -> bool:
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    stops = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    sentence = text[sentence_start:min(stops, default=len(text))]
    return any(_CHILD.match(sentence, m.end()) for m in _HARMED.finditer(sentence))


# "I'm a hairdresser on X Road", "I'm the lollipop man on X Street": the writer's work
# places them, as "I work on" does.
_I_AM_A = re.compile(r"\bI(?:'m|’m|\s+am)\s+(?:a|an|the)\s+(?P<job>(?:\w+\s+)?\w+)\s+"
                     r"(?:on|at|in)\s+$", re.IGNORECASE)


def _writer_works(text: str, start: int, res: Resources) -> bool:
    m = _I_AM_A.search(text, max(0, start - 50), start)
    return bool(m) and (res.english.get(m.group("job").split()[-1].casefold()) or ""
                        ).startswith("NN")


# A house or flat number on its own, where it is someone's home.
_FLAT_NUMBER = re.compile(r"\b(?:flat|apartment|apt)\s+(?:no\.?\s*|number\s+)?\d{1,4}[a-z]?"
                          r"(?![\w/.:%])", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"\b(?:(?:house|door)\s+(?:number|no\.?|num)\s*(?:is\s+)?|"
                          r"(?:number|no\.|num)\s*)\d{1,4}[a-z]?"
                          r"(?![\w/.:%])", re.IGNORECASE)
_AT_HOME = re.compile(
    r"\b(?:liv(?:e|es|ed|ing)|stay(?:s|ed|ing)?|houses?|home|next\s+door|neighbou?rs?|"
    r"moved?)\b[^.!?\n]{0,25}\b(?:at|to|in|from)\s+(?:(?:house|door)\s+)?$",
    re.IGNORECASE,
)


def house_numbers(text: str) -> tuple[str, int]:
    """"flat 3 in our block", "the man next door at number 41": a home's number."""
    if not has_digit(text):
        return text, 0  # both patterns end in the number
    spans = [(m.start(), m.end()) for m in _FLAT_NUMBER.finditer(text)]
    for m in _BARE_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        sentence_start = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        if m.group().casefold().startswith(("house", "door")) or _AT_HOME.search(
                text, max(sentence_start, m.start() - 60), m.start()):
            spans.append((m.start(), m.end()))
    return replace_spans(text, sorted(spans), "address")


def _known_area(m: re.Match[str], res: Resources) -> bool:
    """"lived in Arthur's Hill 40 years": a district of the city the lists know, which
    places nobody, though its last word is a street type."""
    words = m.group("street").split() + [m.group("type").strip(".")]
    phrase = " ".join(words).casefold().replace("’", "'")
    known = res.protected_phrases
    return known is not None and any(known.fullmatch(p)
                                     for p in (phrase, phrase.replace("'", "")))


# Homes named after the street they stand on ("the Whitehouse Road flats").
_HOMES_AFTER = re.compile(r"\s+(?:flats|flat|houses|estate|maisonettes|high\s*rise)\b",
                          re.IGNORECASE)


def _named_street_ok(m: re.Match[str], res: Resources) -> bool:
    if _known_area(m, res):
        return False
    if not (_where_someone_lives(m.string, m.start())
            or _HOMES_AFTER.match(m.string, _end(m))
            or _writer_works(m.string, m.start(), res)
            or _placed_after(m.string, _end(m))
            or _hurt_child(m.string, m.start(), _end(m))
            or _names_someone(m.string, m.start(), res)):
        return False
    words = [w.strip(".").casefold() for w in m.group("street").split()]
    # Drop leading words that are small or sentence-initial capitals ("The", "On").
    while words and (res.english.get(words[0]) in CLOSED_TAGS or words[0] in DETERMINERS
                     or words[0] in ("i", "we")):
        words.pop(0)
    if not words:
        return False
    phrase = " ".join(words + [m.group("type").casefold().strip(".")])
    return phrase not in _GENERIC_STREETS


def _end(m: re.Match[str]) -> int:
    """Where the street ends: a sentence's full stop after "Road" is not part of it."""
    end = m.end()
    if m.string[end - 1] == "." and m.group("type").casefold() not in _ABBREVIATED:
        end -= 1
    return end


def _lower_lived_ok(m: re.Match[str], res: Resources) -> bool:
    """"i live on westmorland road", "our flat on rye hill": a street in lower case
    after "live on"; not "stay in one place", "live in quiet place" (a small word, or
    an adjective before a type that is also an everyday word)."""
    if not m.group("street").islower():
        return False
    words = m.group("street").split()
    if any(res.english.get(w) in CLOSED_TAGS or w in DETERMINERS for w in words):
        return False
    return m.group("type").casefold().strip(".") in res.strong_streets or not any(
        (res.english.get(w) or "").startswith("JJ") for w in words)


def _names_someone(text: str, start: int, res: Resources) -> bool:
    """A person named in the sentence of ``start``: a street there places them ("a
    youth worker like Sam at the project on Adelaide Terrace")."""
    from .names import names  # names reads this module's word classes

    ends = [i for i in (text.find(c, start) for c in ".!?\n") if i >= 0]
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    return names(text[sentence_start:min(ends, default=len(text))], res)[1] > 0


def _lower_street_ok(m: re.Match[str], res: Resources) -> bool:
    words = [w.casefold() for w in m.group("street").split()]
    if any(res.english.get(w) in CLOSED_TAGS or w in DETERMINERS for w in words):
        return False
    phrase = " ".join(words + [m.group("type").casefold().strip(".")])
    # "on the main road", "down our street": a street's own name is no plain English.
    # As with a capitalised street, a sentence that names a person places them there
    # ("me and my friend Rojin, and the man at the chippy on adelaide terrace").
    return (phrase not in _GENERIC_STREETS and any(w not in res.english for w in words)
            and (_where_someone_lives(m.string, m.start())
                 or _names_someone(m.string, m.start(), res)))


def addresses(text: str, res: Resources, words: Any = UNREAD) -> tuple[str, int]:
    """``words``: ``words_of(text)`` if the caller has them."""
    words = read_words(text, words)
    if not holds_word(words, _street_types(res.strong_streets, res.weak_streets)):
        # every street pattern ends in a street type ("road", "terrace")
        return house_numbers(text)
    text, h = _addresses(text, res, words)
    text, n = house_numbers(text)
    return text, h + n


def _addresses(text: str, res: Resources, words: set[str] | None) -> tuple[str, int]:
    """``words`` are ``words_of(text)``. A pattern is tried only on a text that may match
    it: "numbered" and "number_on" hold a digit, "lived" one of ``_LIVED_WORDS``, "lower"
    and "named" a whole word that is an unambiguous strong street type."""
    numbered, lived, named, lower, number_on = _patterns(res.strong_streets, res.weak_streets)
    unambiguous = _unambiguous_types(res.strong_streets)
    spans = []
    if has_digit(text):
        spans = [(m.start(), _end(m)) for m in numbered.finditer(text) if _street_ok(m, res)]
        spans += [(m.start(), _end(m)) for m in number_on.finditer(text)
                  if _street_ok(m, res) and not any(a <= m.start() < b for a, b in spans)]
    text, n = replace_spans(text, spans, "address")
    if n:
        words = words_of(text)
    spans = []
    if holds_word(words, _LIVED_WORDS):
        spans = [(m.start("street"), _end(m)) for m in lived.finditer(text)
                 if (_street_ok(m, res) or _lower_lived_ok(m, res)) and not _known_area(m, res)]
    if holds_word(words, unambiguous):
        spans += [(m.start("street"), _end(m)) for m in lower.finditer(text)
                  if _lower_street_ok(m, res)]
    text, k = replace_spans(text, sorted(set(spans)), "address")
    if k:
        words = words_of(text)
    spans = []
    for m in named.finditer(text) if holds_word(words, unambiguous) else ():
        if not _named_street_ok(m, res):
            continue
        # Start the span at the first word that is part of the name ("On Elswick Road").
        start = m.start("street")
        for word in re.finditer(r"\S+", m.group("street")):
            w = word.group().strip(".").casefold()
            if res.english.get(w) in CLOSED_TAGS or w in DETERMINERS or w in ("i", "we"):
                start = m.start("street") + word.end()
                while start < len(text) and text[start].isspace():
                    start += 1
            else:
                break
        spans.append((start, _end(m)))
    text, j = replace_spans(text, spans, "address")
    return text, n + k + j
