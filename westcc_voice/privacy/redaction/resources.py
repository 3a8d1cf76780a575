"""Everything the redactor knows, loaded once per process from maintained packages.

- First names and surnames: the person providers of Faker (every locale written in
  Latin script), plus ``data/names.yaml`` for the communities Faker covers thinly
  (Arabic, Kurdish, Somali, South Asian, Romanian, Czech and Slovak names as they are
  written in English letters).
- Whether a word is an ordinary English word, and which part of speech: the English
  lexicon that ships inside TextBlob (lower-case entries that are not proper nouns).
- How common a word is: wordfreq's frequency data (shipped in its wheel), in English
  and in the service's other languages written in Latin letters. A capitalised word
  that is common ("Asian", "Covid", "Brexit"; "Polsce" in a Polish answer) is never a
  name by itself unless a name list knows it.
- Places: countries, states, counties and cities from Faker's address providers
  ("Kenya", "Virginia", "Galway", "Kraków" are never names on their own).
- Local knowledge no package can have: ``data/redaction.yaml``.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml

_DATA_FILES = ("redaction.yaml", "names.yaml")

# Locales whose names count as "English" first names: a name that is also an ordinary
# word is redacted on capitalisation alone only when it is one of these.
# Only lists of names people are given now count: Faker's "en" locale is a historical
# list of 6,824 American names that holds everyday words ("Harm", "Wash", "Toy",
# "Colonel", "Infant") and countries ("Kenya", "Israel"), so a word only it knows as a
# name stays a word when capitalised.
CORE_LOCALES = frozenset({"en_GB", "en_IE", "en_US", "en_NZ", "en_AU", "en_CA"})
# Names given to children in Britain and Ireland.
UK_LOCALES = frozenset({"en_GB", "en_IE", "own"})
# Locales of the families of the partnership's area (with the English ones): only
# their first names are redacted in lower case without any context, so that a word
# that happens to be a first name in Iceland ("arent") stays a word.
LOCAL_LOCALES = CORE_LOCALES | frozenset({
    "en", "en_IN", "en_PK", "en_KE", "en_NG", "en_BD", "ha_NG", "yo_NG", "ig_NG", "tw_GH", "sw",
    "pl_PL", "ro_RO", "cs_CZ", "sk_SK", "tr_TR", "fr_DZ", "id_ID", "de_DE", "de_CH",
})

#: A word this common in English (wordfreq's Zipf scale: 3 is once per million words)
#: is an ordinary word when capitalised, unless a list knows it as a first name.
COMMON_ZIPF = 3.0


@dataclass(frozen=True)
class Resources:
    first_names: frozenset[str]
    local_names: frozenset[str]
    own_names: frozenset[str]
    uk_names: frozenset[str]
    core_names: frozenset[str]
    #: first names of any list of names given today (all but Faker's historical "en")
    given_names: frozenset[str]
    surnames: frozenset[str]
    english: Mapping[str, str]
    not_names: frozenset[str]
    protected_phrases: re.Pattern[str] | None
    #: the same phrases grouped by the letters their first word starts with, so that an
    #: answer is searched only for phrases that begin with one of its words
    protected_by_first: Mapping[str, re.Pattern[str]]
    public_figures: frozenset[str]
    places: frozenset[str]
    pet_words: frozenset[str]
    pet_pattern: re.Pattern[str]
    pet_any: re.Pattern[str]
    place_heads: frozenset[str]
    strong_titles: frozenset[str]
    soft_titles: frozenset[str]
    relation_words: frozenset[str]
    action_verbs: frozenset[str]
    postcode_areas: frozenset[str]
    postcode_exceptions: frozenset[str]
    strong_streets: frozenset[str]
    weak_streets: frozenset[str]
    source: str
    #: word -> its English tag or None, filled as answers are read (see names.py)
    memo: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    #: words naming what a public figure is ("youtuber", "rapper"): a name they
    #: announce is kept
    public_roles: frozenset[str] = frozenset()
    #: jobs, sports and kinds of work ("chef", "swimming", "a musical") and the words for
    #: "like" in the service's languages: "a chef like Gordon Ramsay" names someone
    #: everyone knows by a full name, "a musical like Annie" a title
    like_roles: frozenset[str] = frozenset()
    like_works: frozenset[str] = frozenset()
    like_words: frozenset[str] = frozenset()
    #: Urdu typed in English letters: words that mark an answer as written in it, and
    #: its ordinary words, which are never names by themselves in such an answer
    roman_urdu_markers: frozenset[str] = frozenset()
    roman_urdu_words: frozenset[str] = frozenset()
    #: a story's word ("peppa", "paw patrol") -> its characters' names, kept in an
    #: answer that names the story ("Peppa Pig and George")
    characters: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: a language of :data:`LATIN_LANGUAGES` other than English -> the first names given
    #: in it (Faker's lists of its countries and ``names.yaml``'s group), also written
    #: without accents: "Paweł" and "Pawel" are names of a Polish answer, "Ona" not
    language_names: Mapping[str, frozenset[str]] = field(default_factory=dict)


def zipf(word: str) -> float:
    """How common ``word`` is in English (wordfreq's Zipf scale, 0 = unknown)."""
    return zipf_in(word, "en")


#: The service's languages written in Latin letters, whose word lists wordfreq ships.
LATIN_LANGUAGES = ("en", "pl", "ro", "cs", "sk")


_PLAIN_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=131072)
def zipf_in(word: str, language: str) -> float:
    """How common ``word`` is in one of :data:`LATIN_LANGUAGES` (Zipf, 0 = unknown).

    A word of plain letters a-z is looked up in wordfreq's table directly, as
    ``zipf_frequency`` would after tokenising it to itself (rounded the same way, to
    three significant digits, then to hundredths of a Zipf unit); other words go
    through ``zipf_frequency``, which tokenises them."""
    from wordfreq import get_frequency_dict, zipf_frequency

    if not _PLAIN_WORD.fullmatch(word):
        return zipf_frequency(word, language)
    freq = get_frequency_dict(language, "best").get(word, 0.0)  # the key wordfreq uses
    if freq <= 0.0:
        return 0.0
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


@lru_cache(maxsize=131072)
def zipf_each(word: str) -> tuple[float, ...]:
    """How common ``word`` is in each of :data:`LATIN_LANGUAGES`, in that order."""
    return tuple(zipf_in(word, lang) for lang in LATIN_LANGUAGES)


#: A word rarer than this in its language (Zipf 2.5, the least a capitalised word of an
#: answer in another language needs to be kept as a word: names.py) is not looked up
#: without its accents.
_FOLDED_FLOOR = 10 ** (2.5 - 9)


@lru_cache(maxsize=len(LATIN_LANGUAGES))
def unaccented(language: str) -> dict[str, float]:
    """wordfreq's words of ``language`` written without their accents ("vic" for "víc",
    "romovia" for "rómovia"), with the frequency of the commonest word each stands for."""
    from wordfreq import get_frequency_dict

    from ...collect.language_id import fold_accents

    table: dict[str, float] = {}
    for word, freq in get_frequency_dict(language, "best").items():
        if freq < _FOLDED_FLOOR:
            continue
        bare = fold_accents(word)
        if bare != word and freq > table.get(bare, 0.0):
            table[bare] = freq
    return table


def zipf_unaccented(word: str, language: str) -> float:
    """How common ``word`` is in ``language``, also as that language's word typed without
    accents, as answers from English keyboards are ("Romovia nemali sancu")."""
    own = zipf_in(word, language)
    if language == "en":
        return own
    freq = unaccented(language).get(word, 0.0)
    return max(own, round(math.log(freq, 10) + 9, 2)) if freq > 0.0 else own


def zipf_any(word: str) -> float:
    """How common ``word`` is in the most common of the service's Latin-script languages:
    "Polsce", "Anglii", "Praha" are ordinary words of a Polish or Czech answer."""
    return max(zipf_each(word))


def language_of(words: list[str]) -> str:
    """The Latin-script language whose words these are most like (by word frequency)."""
    if not words:
        return "en"
    totals = [sum(column) for column in zip(*map(zipf_each, words), strict=True)]
    scores = dict(zip(LATIN_LANGUAGES, totals, strict=True))
    return max(scores, key=lambda lang: (scores[lang], lang == "en"))


def _is_latin_word(word: str) -> bool:
    return bool(word) and all(
        ch in "'-" or unicodedata.name(ch, "").startswith("LATIN") for ch in word
    )


def _string_items(value: Any) -> Iterable[str]:
    if isinstance(value, Mapping):
        value = list(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            if isinstance(item, str):
                yield item


def _faker_names() -> tuple[dict[str, set[str]], set[str], str]:
    """First names (name -> locales) and surnames from Faker's person providers."""
    import faker
    import faker.providers.person as person

    first: dict[str, set[str]] = {}
    last: set[str] = set()
    before = set(sys.modules)
    try:
        for info in pkgutil.iter_modules(person.__path__):
            module = importlib.import_module(f"{person.__name__}.{info.name}")
            provider = getattr(module, "Provider", None)
            if provider is None:
                continue
            for attr in ("first_names", "first_names_male", "first_names_female",
                         "first_names_nonbinary", "last_names"):
                for name in _string_items(vars(provider).get(attr)):
                    name = name.strip()
                    if " " in name or not _is_latin_word(name) or len(name) < 2:
                        continue
                    key = name.casefold()
                    if attr == "last_names":
                        last.add(key)
                    else:
                        first.setdefault(key, set()).add(info.name)
    finally:
        # The providers hold far more than names (addresses, jobs): drop the modules we
        # imported so that only the sets stay in memory.
        for mod in set(sys.modules) - before:
            if mod.startswith("faker.providers."):
                del sys.modules[mod]
                parent, _, child = mod.rpartition(".")
                if parent in sys.modules and hasattr(sys.modules[parent], child):
                    delattr(sys.modules[parent], child)
    return first, last, f"Faker {faker.VERSION}"


# Faker's address providers whose lists are places, not people: countries, states,
# counties, provinces and cities ("Kenya", "Virginia", "Galway", "Kraków").
_PLACE_LISTS = (("en", "countries"), ("en_US", "states"), ("en_CA", "provinces"),
                ("en_GB", "counties"), ("en_IE", "counties"), ("en_AU", "states"),
                ("pl_PL", "cities"), ("ro_RO", "cities"), ("cs_CZ", "cities"))


def _faker_places() -> set[str]:
    """Names of places from Faker's address providers, lower case."""
    places: set[str] = set()
    for locale, attr in _PLACE_LISTS:
        module = importlib.import_module(f"faker.providers.address.{locale}")
        for name in _string_items(vars(module.Provider).get(attr)):
            places.add(" ".join(name.casefold().split()))
    return places


def _english_lexicon() -> dict[str, str]:
    """Lower-case ordinary English words -> part-of-speech tag, from TextBlob's lexicon.

    Read from the installed package's data file without importing TextBlob (which would
    import NLTK).
    """
    spec = find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("textblob is not installed: it provides the English lexicon")
    path = Path(next(iter(spec.submodule_search_locations))) / "en" / "en-lexicon.txt"
    words: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(";;;"):
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            word, tag = parts[0], parts[1]
            if word.islower() and word.isalpha() and tag not in ("NNP", "NNPS"):
                words[word] = tag
    return words


def _load_data(name: str) -> dict[str, Any]:
    text = resources.files("westcc_voice.privacy").joinpath("data", name).read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"westcc_voice/privacy/data/{name}: expected a mapping at the top")
    return data


def lower_set(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(v).casefold() for v in values)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(phrases, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(
        r"\s+".join(re.escape(w) for w in p.split()) for p in ordered
    ) + r")(?!\w)", re.IGNORECASE)


_LEADING_LETTERS = re.compile(r"[^\W\d_]+")


def _phrases_by_first(phrases: Iterable[str]) -> dict[str, re.Pattern[str]]:
    """Phrases grouped by the letters their first word starts with ("st" for "St.
    James' Park"), each group as one pattern; phrases starting otherwise go under ""."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        m = _LEADING_LETTERS.match(phrase)
        groups.setdefault(m.group() if m else "", []).append(phrase)
    return {key: pattern for key, group in groups.items()
            if (pattern := _phrase_pattern(group)) is not None}


def _pet_pattern(pets: frozenset[str]) -> re.Pattern[str]:
    """A pet word, then "is called", "named", "his name is" or a list of names, ending
    where the name being judged starts (searched in the text before it). A title
    ("my hamster is called Mr Whiskers") only after a naming word: in "the club Mr X
    runs" Mr X is a person."""
    words = "|".join(sorted((re.escape(p) for p in pets), key=len, reverse=True))
    verbs = (r"(?:\s+(?:is|was|are|were|(?:his|her|their|its)\s+names?\s+(?:is|are|was)|"
             r"call?e?d|cald|namd|named|nicknamed))")
    # "2 cats there called biscuit and luna": children's "they're" between the two.
    filler = r"(?:\s+(?:there|they're|they’re|theyre|their|that\s+are|which\s+are))?"
    return re.compile(
        rf"\b(?:{words})(?:s|es)?\b{filler}"
        rf"(?:{verbs}*\s+(?:call?e?d|cald|namd|named|nicknamed|names?\s+(?:is|are|was))"
        r"[\s,:-]*(?:mr\.?\s+|mrs\.?\s+|miss\s+|sir\s+|lady\s+|dr\.?\s+)"
        rf"|{verbs}*[\s,:-]*)"
        r"(?:[\w'’-]+\s*(?:,|\band\b|&)\s*){0,3}$",
        re.IGNORECASE,
    )


def _pet_any(pets: frozenset[str]) -> re.Pattern[str]:
    """Any pet or toy word: an answer without one names no pet."""
    words = "|".join(sorted((re.escape(p) for p in pets), key=len, reverse=True))
    return re.compile(rf"\b(?:{words})(?:s|es)?\b", re.IGNORECASE)


def roman_urdu(words: list[str], res: Resources) -> bool:
    """An answer typed in Urdu (or Bengali) with English letters: three different marker
    words that make up a fifth of its words or more."""
    markers = [w for w in words if w in res.roman_urdu_markers]
    return len(set(markers)) >= 3 and len(markers) * 5 >= len(words)


# Where the first names given in each language come from: Faker's locales, names.yaml's
# groups. Czech and Slovak names are shared (a Slovak answer may read as Czech).
_LANGUAGE_NAMES = {"pl": (("pl_PL",), ("polish",)), "ro": (("ro_RO",), ("romanian",)),
                   "cs": (("cs_CZ", "sk_SK"), ("czech_slovak",)),
                   "sk": (("sk_SK", "cs_CZ"), ("czech_slovak",))}


def _language_names(first: Mapping[str, set[str]], own: Mapping[str, Any]
                    ) -> dict[str, frozenset[str]]:
    from ...collect.language_id import fold_accents

    table = {}
    for language, (locales, groups) in _LANGUAGE_NAMES.items():
        names = {n for n, locs in first.items() if locs & set(locales)}
        names |= {str(n).casefold() for g in groups for n in own.get(g, [])}
        table[language] = frozenset(names | {fold_accents(n) for n in names})
    return table


@cache
def load_resources() -> Resources:
    """Load (once per process) the names, the English lexicon and the redaction data.

    Two threads arriving together may both load; one result is kept, both are equal.
    """
    data = _load_data(_DATA_FILES[0])
    own = _load_data(_DATA_FILES[1])
    for language in LATIN_LANGUAGES:  # read wordfreq's lists now, not in the first answer
        zipf_in("the", language)
    places = _faker_places()
    first, last, source = _faker_names()
    own_first = {str(n).casefold() for group in own.get("first_names", {}).values()
                 for n in group}
    for name in own_first:
        first.setdefault(name, set()).add("own")
    english = _english_lexicon()
    for word in data.get("common_words", []):
        english.setdefault(str(word).casefold(), "NN")
    for word in data.get("names_not_words", []):
        english.pop(str(word).casefold(), None)
    not_names_all = lower_set(data.get("not_names", []))
    figures = lower_set(data.get("public_figures", []))
    streets = data.get("street_types", {})
    protected = sorted(p for p in not_names_all | figures | places if " " in p)
    res = Resources(
        first_names=frozenset(first),
        local_names=frozenset(
            n for n, locs in first.items() if locs & (LOCAL_LOCALES | {"own"})
        ),
        own_names=frozenset(own_first),
        uk_names=frozenset(n for n, locs in first.items() if locs & UK_LOCALES),
        core_names=frozenset(n for n, locs in first.items() if locs & CORE_LOCALES),
        given_names=frozenset(n for n, locs in first.items() if locs - {"en"}),
        surnames=frozenset(last) | lower_set(own.get("surnames", [])),
        english=english,
        not_names=frozenset(p for p in not_names_all if " " not in p),
        protected_phrases=_phrase_pattern(protected),
        protected_by_first=_phrases_by_first(protected),
        places=frozenset(p for p in places if " " not in p),
        public_figures=frozenset(p for p in figures if " " not in p),
        pet_words=lower_set(data.get("pet_words", [])),
        pet_pattern=_pet_pattern(lower_set(data.get("pet_words", []))),
        pet_any=_pet_any(lower_set(data.get("pet_words", []))),
        place_heads=lower_set(data.get("place_heads", [])),
        strong_titles=lower_set(data.get("strong_titles", [])),
        soft_titles=lower_set(data.get("soft_titles", [])),
        relation_words=lower_set(data.get("relation_words", [])),
        action_verbs=lower_set(data.get("action_verbs", [])),
        postcode_areas=lower_set(data.get("postcode_areas", [])),
        postcode_exceptions=lower_set(data.get("postcode_exceptions", [])),
        strong_streets=lower_set(streets.get("strong", [])),
        weak_streets=lower_set(streets.get("weak", [])),
        source=source,
        public_roles=lower_set(data.get("public_roles", [])),
        like_roles=lower_set(data.get("like", {}).get("roles", [])),
        like_works=lower_set(data.get("like", {}).get("works", [])),
        like_words=lower_set(data.get("like", {}).get("words", [])),
        roman_urdu_markers=lower_set(data.get("roman_urdu", {}).get("markers", [])),
        roman_urdu_words=lower_set(data.get("roman_urdu", {}).get("words", [])),
        characters={story.casefold(): lower_set(names)
                    for story, names in (data.get("characters") or {}).items()},
        language_names=_language_names(first, own.get("first_names", {})),
    )
    return res
