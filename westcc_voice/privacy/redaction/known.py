"""The partnership's own schools and staff, and schools named in general.

The names come from the database (``School.name``, ``StaffUser.display_name``) as plain
strings in a :class:`Directory`; this module never imports Flask. The intake builds
one with :func:`directory_from_session` and passes it to ``redact``.

- A school of the partnership goes as ``[school]`` in the forms pupils write: "Westgate
  Hill Primary School", "westgate hill primary", "Westgate Hill school", and its own
  words alone ("westgate hill") unless those are a place name in ``not_names`` or a
  common English word.
- Any other school written as a name and a kind of school ("Benwell Primary", "St
  Cuthbert's High School", "Excelsior Academy") goes as ``[school]`` too, unless every
  word of the name is a common word ("Big School", "Sunday School", "Forest School").
- A member of staff goes as ``[name]``: the full name with or without title, first
  name and surname, a title and surname ("Mrs Khan" -> "Mrs [name]"), and the surname
  alone in any case when it is not an ordinary English word ("robson shouts").
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .address import CLOSED_TAGS, DETERMINERS
from .resources import Resources, load_resources, roman_urdu, zipf
from .result import (
    UNREAD,
    folds_to_ascii,
    holds_word,
    matches_at_words,
    read_words,
    replace_spans,
)

#: Words of a school's name that say what kind of school it is, not which.
_KIND_WORDS = frozenset({"primary", "academy", "school", "college", "infant", "infants",
                         "junior", "juniors", "nursery", "high", "secondary"})
#: The same as a pattern (the longer of two words first: "infants" before "infant").
_KIND_RE = "(?:" + "|".join(sorted(_KIND_WORDS, key=lambda w: (-len(w), w))) + ")"
# Kinds of school that follow ordinary words too ("Big School", "Forest School").
_PLAIN_KINDS = frozenset({"school", "nursery", "infants", "infant", "juniors", "junior",
                          "high", "secondary", "primary", "college"})
# Words that make "X School" a kind of school, never one school.
_GENERIC_SCHOOL = frozenset({
    "big", "little", "primary", "secondary", "high", "sunday", "summer", "holiday",
    "forest", "special", "grammar", "private", "boarding", "faith", "state", "free",
    "new", "old", "first", "middle", "infant", "junior", "nursery", "my", "our", "the",
    "this", "that", "his", "her", "their", "your", "a", "every", "local", "driving",
    "swimming", "dance", "drama", "football", "night", "after", "before", "sixth",
})
# Last words of a football club's name: "Newcastle United academy", "the Sunderland AFC
# academy" is where a club trains its young players, not a school.
_CLUB_WORDS = frozenset({"united", "utd", "city", "fc", "afc", "rovers", "athletic",
                         "wanderers", "albion", "hotspur", "villa", "rangers", "celtic",
                         "county", "argyle", "wednesday", "palace"})
# Words that put an academy on a football pitch ("a trial with the Sunderland academy").
_FOOTBALL = re.compile(r"\b(?:football|footy|trials?|scouted|scout|signed|club|"
                       r"under[\s-]?\d+s?|u\d+s?)\b", re.IGNORECASE)
_JOINERS = frozenset({"of", "the", "and", "&", "st", "st.", "saint", "c", "e", "rc", "ce"})
_WORD = r"[\w'’.&-]+"


@dataclass(frozen=True)
class Directory:
    """Names the redactor must remove wherever they appear: the partnership's schools
    and its staff, as plain strings."""

    schools: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()

    @classmethod
    def of(cls, schools: Any = (), staff: Any = ()) -> Directory:
        def clean(values: Any) -> tuple[str, ...]:
            return tuple(sorted({" ".join(str(v).split()) for v in values if str(v).strip()}))
        return cls(clean(schools), clean(staff))


#: How long a process trusts the names it read; a school or member of staff added by
#: another process (the CLI, another worker) is known to every process within this time.
DIRECTORY_TTL_SECONDS = 60.0
_directories: dict[str, tuple[float, int, Directory]] = {}
_generation = [0]


def directory_from_session(session: Any) -> Directory:
    """The partnership's school and staff names, read through a SQLAlchemy session.

    Read once per database and process, then kept: at most ``DIRECTORY_TTL_SECONDS``, and
    only until this process writes a school or a member of staff, so a submission does
    not pay two queries for names that rarely change."""
    from sqlalchemy import select

    from ...models import School, StaffUser

    _watch_writes()
    bind = session.get_bind()
    key = str(getattr(bind, "engine", bind).url)
    now = time.monotonic()
    kept = _directories.get(key)
    if kept and kept[1] == _generation[0] and now - kept[0] < DIRECTORY_TTL_SECONDS:
        return kept[2]
    directory = Directory.of(
        session.scalars(select(School.name)).all(),
        session.scalars(select(StaffUser.display_name)).all(),
    )
    _directories[key] = (now, _generation[0], directory)
    return directory


@lru_cache(maxsize=1)
def _watch_writes() -> None:
    """Forget the kept names whenever this process flushes a school or a staff account."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from ...models import School, StaffUser

    @event.listens_for(Session, "after_flush")
    def _names_changed(session, _context):  # pragma: no cover - SQLAlchemy hook
        touched = (*session.new, *session.dirty, *session.deleted)
        if any(isinstance(obj, School | StaffUser) for obj in touched):
            _generation[0] += 1


def _words_re(words: list[str]) -> str:
    parts = []
    for w in words:
        w = w.replace("’", "'")
        escaped = re.escape(w).replace("'", "['’]?").replace(r"\.", r"\.?")
        parts.append(escaped)
    return r"[\s-]*".join(parts)


def _distinctive(core: list[str], res: Resources) -> bool:
    """A school's own words say which school even without "Primary" ("Tyneview",
    "Elswick Riverside", "Bishop Harland"), unless they are a place or street in their
    own right ("Westgate Hill", "Cruddas Park", "Bentinck Road") or common words."""
    words = [w.casefold().strip(".'’") for w in core]
    distinctive = [w for w in words if w not in _JOINERS]
    if not distinctive or " ".join(words) in res.not_names or res.protected_phrases and (
        res.protected_phrases.fullmatch(" ".join(words))
    ):
        return False
    if words[-1] in res.strong_streets or words[-1] in res.weak_streets:
        return False
    if len(distinctive) == 1 and distinctive[0] in res.not_names:
        return False
    return not all(w in res.english or zipf(w) >= 3.5 for w in distinctive)


@dataclass(frozen=True)
class _Matchers:
    schools: re.Pattern[str] | None
    staff: re.Pattern[str] | None
    #: For each pattern, the leading letters (lower case ASCII) of the first word of every
    #: name it holds: an ASCII text without any of them cannot match it. None: no such
    #: test (a name starting otherwise).
    school_leads: tuple[str, ...] | None = None
    staff_leads: tuple[str, ...] | None = None


_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]+")


def _leads(first_words: list[str]) -> tuple[str, ...] | None:
    """The ASCII letters and digits each word starts with, in lower case: a pattern
    word made by ``_words_re`` matches them as they are, in any case (punctuation in a
    name may be left out, so only what comes before it counts)."""
    leads = set()
    for word in first_words:
        m = _ASCII_ALNUM.match(word.replace("’", "'"))
        if m is None:
            return None
        leads.add(m.group().lower())
    return tuple(sorted(leads))


def _may_match(leads: tuple[str, ...] | None, text: str) -> bool:
    if leads is None or not text.isascii():
        return True
    low = text.lower()
    return any(lead in low for lead in leads)


@lru_cache(maxsize=16)
def _matchers(directory: Directory) -> _Matchers:
    res = load_resources()
    school_alts: list[str] = []
    school_firsts: list[str] = []
    for name in directory.schools:
        words = name.split()
        core = [w for w in words if not re.fullmatch(_KIND_RE, w, re.I)
                and w.casefold() not in ("c", "of", "e", "rc", "ce", "church", "england",
                                         "catholic", "community", "federation", "trust")]
        school_alts.append(_words_re(words))
        school_firsts.append(words[0])
        if core:
            school_alts.append(_words_re(core) + rf"(?:[\s-]+{_KIND_RE})+")
            school_firsts.append(core[0])
            if _distinctive(core, res):
                school_alts.append(_words_re(core))
    staff_alts: list[str] = []
    staff_firsts: list[str] = []
    for name in directory.staff:
        words = [w for w in name.split() if w.casefold().strip(".") not in res.strong_titles
                 and w.casefold().strip(".") not in res.soft_titles]
        if not words:
            continue
        staff_alts.append(_words_re(words))
        staff_firsts.append(words[0])
        surname = words[-1]
        if len(words) > 1:
            staff_alts.append(_words_re([words[0], surname]))
        low = surname.casefold().strip(".")
        # Alone, a surname goes only if it is a name and not a word or an acronym
        # ("robson", not "Brown" or "DSL").
        if (len(low) > 2 and not surname.isupper() and low not in res.english
                and low not in res.not_names):
            staff_alts.append(_words_re([surname]))
            staff_firsts.append(surname)

    def compile_alts(alts: list[str]) -> re.Pattern[str] | None:
        if not alts:
            return None
        ordered = sorted(set(alts), key=len, reverse=True)
        return re.compile(r"(?<![\w'’])(?:" + "|".join(ordered) + r")(?![\w'’]|-\w)",
                          re.IGNORECASE)

    return _Matchers(compile_alts(school_alts), compile_alts(staff_alts),
                     _leads(school_firsts), _leads(staff_firsts))


@lru_cache(maxsize=4)
def _title_starts(titles: frozenset[str]) -> frozenset[str] | None:
    """The titles as whole words every match of ``_surnames_after_titles`` begins with
    (see ``matches_at_words``); None if a title is not one run of ``\\w`` or has a
    letter that matches an ASCII one in another case."""
    if not all(re.fullmatch(r"\w+", t) and t == t.lower() and not folds_to_ascii(t)
               for t in titles):
        return None
    return frozenset(t for t in titles if t.isascii())


@lru_cache(maxsize=16)
def _surnames_after_titles(directory: Directory) -> re.Pattern[str] | None:
    res = load_resources()
    surnames = {name.split()[-1] for name in directory.staff if name.split()}
    if not surnames:
        return None
    titles = sorted(res.strong_titles | res.soft_titles, key=len, reverse=True)
    return re.compile(
        r"\b(?:" + "|".join(re.escape(t) for t in titles) + r")\.?\s+(?P<s>"
        + "|".join(_words_re([s]) for s in sorted(surnames, key=len, reverse=True))
        + r")(?![\w'’])",
        re.IGNORECASE,
    )


# "Benwell Primary", "St Cuthbert's High School", "Excelsior Academy".
_ANY_SCHOOL = re.compile(
    r"(?<![\w'’])(?P<name>(?:(?:St\.?|Saint)\s+)?(?:[A-Z][\w'’-]*\s+){1,3})"
    rf"(?P<kind>(?i:{_KIND_RE})(?:\s+(?i:school|academy))?)\b"
)


_INFLECTED_VERBS = frozenset({"VBZ", "VBD", "VBN", "VBG", "VBP", "MD"})


def _not_in_name(word: str, res: Resources) -> bool:
    """A verb form or a small word: "SAID", "HAS", "THE", "OUR", "TO" are in no school's
    name ("of" is: "Church of England")."""
    low = word.casefold().strip(".'’")
    tag = res.english.get(low)
    return low in DETERMINERS or tag in _INFLECTED_VERBS or (
        tag in ("DT", "PRP", "PRP$", "TO", "IN") and low not in _JOINERS)


def _club_academy(text: str, start: int, words: list[str], res: Resources) -> bool:
    """A football club's academy: "Newcastle United academy" in any sentence, "the
    Sunderland academy" (a town's name after "the") when the sentence is about football;
    not "my son is at Walker Academy and plays football"."""
    last = words[-1].casefold().strip(".'’")
    if last in _CLUB_WORDS:
        return True
    if not re.search(r"\bthe\s+$", text[max(0, start - 8):start], re.IGNORECASE):
        return False
    sentence = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, start) for c in ".!?\n") if i >= 0]
    return all(w.casefold() in res.places or w.casefold() in res.not_names for w in words) and (
        _FOOTBALL.search(text, sentence, min(ends, default=len(text))) is not None)


def schools(text: str, res: Resources, directory: Directory | None,
            words: Any = UNREAD) -> tuple[str, int]:
    """``words``: ``words_of(text)`` if the caller has them."""
    n = 0
    caseless = text == text.upper()
    if directory is not None:
        matchers = _matchers(directory)
        if matchers.schools is not None and _may_match(matchers.school_leads, text):
            text, n = replace_spans(text, [m.span() for m in matchers.schools.finditer(text)],
                                    "school")
            if n:
                words = UNREAD
    spans = []
    # Urdu or Bengali in English letters ("Agar school chahe"): their words start no
    # school's name.
    roman_read: list[bool] = []

    def roman() -> bool:
        if not roman_read:
            roman_read.append(roman_urdu(re.findall(r"[^\W\d_]+", text.casefold()), res))
        return roman_read[0]

    # _ANY_SCHOOL ends in a kind, a whole word of _KIND_WORDS: a text without one cannot
    # match.
    kind = holds_word(read_words(text, words), _KIND_WORDS)
    for m in _ANY_SCHOOL.finditer(text) if kind else ():
        words = m.group("name").split()
        # Leading small words and sentence-initial capitals are not part of the name.
        start = m.start("name")
        offset = 0
        while words and (res.english.get(words[0].casefold()) in CLOSED_TAGS
                         or words[0].casefold() in DETERMINERS or words[0] in ("I", "We")
                         or (words[0].casefold() in res.roman_urdu_words and roman())):
            offset = m.group("name").index(words[0], offset) + len(words[0])
            words.pop(0)
        if caseless:
            # In capitals every word looks like a name: none before a verb or a small
            # word is part of one ("OFSTED SAID THE SCHOOL", "ADHD AND THE SCHOOL").
            cut = max((k + 1 for k, w in enumerate(words) if _not_in_name(w, res)), default=0)
            for w in words[:cut]:
                offset = m.group("name").index(w, offset) + len(w)
            words = words[cut:]
        if not words:
            continue
        distinctive = [w for w in words if w.casefold().strip(".") not in _JOINERS
                       and not re.fullmatch(_KIND_RE, w, re.I)]
        if not distinctive or any(w.casefold() in _GENERIC_SCHOOL for w in distinctive):
            continue
        if m.group("kind").casefold() == "academy" and _club_academy(
                m.string, m.start(), distinctive, res):
            continue
        # "Big School", "Sunday School": a school named only in common words is a kind of
        # school, unless its kind is one that only names a school ("West End Academy").
        if m.group("kind").split()[0].casefold() in _PLAIN_KINDS and all(
            zipf(w.casefold().strip(".'’")) >= 3.5 for w in distinctive
        ):
            continue
        name_part = m.group("name")[offset:]
        start = m.start("name") + offset + (len(name_part) - len(name_part.lstrip()))
        spans.append((start, m.end()))
    text, k = replace_spans(text, spans, "school")
    return text, n + k


def staff(text: str, res: Resources, directory: Directory | None,
          words: Any = UNREAD) -> tuple[str, int]:
    """``words``: ``words_of(text)`` if the caller has them."""
    if directory is None or not directory.staff:
        return text, 0
    titled = _surnames_after_titles(directory)
    n = 0
    if titled is not None:
        starts = _title_starts(res.strong_titles | res.soft_titles)
        found = matches_at_words(titled, text, starts, read_words(text, words) if starts else None)
        text, n = replace_spans(text, [m.span("s") for m in found], "name")
    matchers = _matchers(directory)
    pattern = matchers.staff
    if pattern is None or not _may_match(matchers.staff_leads, text):
        return text, n
    text, k = replace_spans(text, [m.span() for m in pattern.finditer(text)], "name")
    return text, n + k
