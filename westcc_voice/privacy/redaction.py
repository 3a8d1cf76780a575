"""Redaction of identifying details in free-text answers, run at intake on every answer.

``redact(text)`` returns a :class:`Redaction`: the text with each identifying detail
replaced by a bracketed placeholder, and how many of each kind were replaced::

    >>> r = redact("jayden pushed me at 12 Elswick Road, NE4 6SB")
    >>> r.text
    '[name] pushed me at [address], [postcode]'
    >>> r.counts
    {'postcode': 1, 'address': 1, 'name': 1}

Kinds, in the order they are applied: ``email``, ``link``, ``handle``, ``phone``,
``postcode``, ``address``, ``name``. Each step works on the output of the one before,
so a later step never sees what an earlier one replaced.

Names come from a maintained package, not a hand-typed list: the first names (and
surnames) of every Latin-script locale of Faker's person providers. Whether a name is
also an ordinary English word ("will", "grace", "mark") comes from the English lexicon
that ships with TextBlob (lower-case entries that are not proper nouns). The rules:

* a name that is not an ordinary word ("jayden", "Kacper", "MOHAMMED") is replaced in
  any case and position;
* a name that is also an ordinary word is replaced only when it is capitalised and not
  at the start of a sentence ("I played with Will"), or in a name context: after a
  title ("Mrs May"), a naming verb ("a girl called Rose"), a relation ("my friend
  will"), in "X and me", or before an action verb ("grace hits me"). "will"/"may"/"can"
  followed by a verb ("my friend will help me") stay modal verbs;
* in those name contexts an unknown non-English word is taken as a name too
  ("me and rojin" -> "me and [name]");
* a capitalised surname (or a known surname) right after a name is taken with it;
* words and phrases in ``data/redaction.yaml`` ``not_names`` (days, months, local
  places, subjects, faiths, family words, brands) are never names by themselves.

Everything is loaded once, lazily, and cached (:func:`load_resources`). The module has
no Flask imports and keeps no state between calls.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml

__all__ = ["KINDS", "PLACEHOLDERS", "Redaction", "load_resources", "redact"]

#: Every kind of detail replaced, in the order the steps run.
KINDS: tuple[str, ...] = ("email", "link", "handle", "phone", "postcode", "address", "name")
#: The placeholder written for each kind.
PLACEHOLDERS: Mapping[str, str] = {kind: f"[{kind}]" for kind in KINDS}

_DATA_FILE = "redaction.yaml"
# Part-of-speech tags (Penn Treebank, as in TextBlob's lexicon) of closed-class words:
# never a surname, never a name after a title.
_CLOSED_TAGS = frozenset(
    {"DT", "IN", "CC", "PRP", "PRP$", "MD", "TO", "WDT", "WP", "WP$", "WRB", "EX", "PDT",
     "RP", "UH", "CD", "LS", "POS", "SYM", "RB", "RBR", "RBS"}
)
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
# Modal verbs that are also first names: a name only when no verb follows.
_MODALS = frozenset({"will", "may", "can", "might"})
_MODAL_FOLLOWERS = frozenset(
    {"not", "never", "always", "be", "have", "just", "still", "also", "really", "probably",
     "only", "definitely", "get", "go", "come", "help", "play", "do", "see", "try", "you",
     "i", "we", "they", "he", "she"}
)
_DETERMINERS = frozenset(
    {"the", "a", "an", "my", "your", "his", "her", "their", "our", "this", "that", "these",
     "those", "its", "some", "any", "no", "every", "each"}
)
_ME = frozenset({"me", "i", "us", "myself"})
_OBJECTS = frozenset({"me", "us", "him", "her", "them", "it", "my", "our", "his", "a", "the"})
_AND = frozenset({"and", "an", "n", "&", "with"})
_NAMING = frozenset({"called", "named", "nicknamed"})
# Platforms after which a user name follows.
_PLATFORM = (
    r"(?:snap\s?chat|snap|sc|insta(?:gram)?|ig|tik\s?tok|twitter|discord|roblox|fortnite|"
    r"xbox(?:\s?live)?|psn|playstation|ps[345]|steam|twitch|you\s?tube|yt|kik|facebook|fb|"
    r"whats\s?app|telegram|minecraft|epic|threads|bereal|pinterest|gamer\s?tag|gamertag)"
)
_HANDLE_CHARS = r"[\w.#-]"
# A street-name word is never one of these small words ("3 goals in the park").
_NOT_SMALL = (
    r"(?!(?:and|the|in|at|on|to|of|a|an|my|our|near|by|with|from|for|or|but|is|was|"
    r"are|i|we|me|it|up|down|off|over|next|round|around|into|onto|this|that)\b)"
)


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


@dataclass(frozen=True)
class _Resources:
    first_names: frozenset[str]
    core_names: frozenset[str]
    surnames: frozenset[str]
    english: Mapping[str, str]
    not_names: frozenset[str]
    protected_phrases: re.Pattern[str] | None
    strong_titles: frozenset[str]
    soft_titles: frozenset[str]
    relation_words: frozenset[str]
    action_verbs: frozenset[str]
    postcode_areas: frozenset[str]
    postcode_exceptions: frozenset[str]
    strong_streets: frozenset[str]
    weak_streets: frozenset[str]
    address_re: re.Pattern[str]
    street_only_re: re.Pattern[str]
    source: str


_LOCK = threading.Lock()
_CACHE: dict[str, _Resources] = {}

# Locales whose names count as "English" first names: a name that is also an ordinary
# word is redacted on capitalisation alone only when it is one of these.
_CORE_LOCALES = ("en", "en_GB", "en_IE", "en_US", "en_NZ", "en_AU", "en_CA")


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


def _faker_names() -> tuple[set[str], set[str], set[str], str]:
    """First names, core (English-locale) first names and surnames from Faker."""
    import faker
    import faker.providers.person as person

    first: set[str] = set()
    core: set[str] = set()
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
                        first.add(key)
                        if info.name in _CORE_LOCALES:
                            core.add(key)
    finally:
        # The providers hold far more than names (addresses, jobs): drop the modules we
        # imported so that only the sets stay in memory.
        for mod in set(sys.modules) - before:
            if mod.startswith("faker.providers."):
                del sys.modules[mod]
                parent, _, child = mod.rpartition(".")
                if parent in sys.modules and hasattr(sys.modules[parent], child):
                    delattr(sys.modules[parent], child)
    return first, core, last, f"Faker {faker.VERSION}"


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


def _load_data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data").joinpath(_DATA_FILE).read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{_DATA_FILE}: expected a mapping at the top level")
    return data


def _lower_set(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(v).casefold() for v in values)


def load_resources() -> _Resources:
    """Load (once per process) the names, the English lexicon and the redaction data."""
    cached = _CACHE.get("r")
    if cached is not None:
        return cached
    with _LOCK:
        cached = _CACHE.get("r")
        if cached is not None:
            return cached
        data = _load_data()
        first, core, last, source = _faker_names()
        english = _english_lexicon()
        for word in data.get("common_words", []):
            english.setdefault(str(word).casefold(), "NN")
        for word in data.get("names_not_words", []):
            english.pop(str(word).casefold(), None)
        not_names_all = _lower_set(data.get("not_names", []))
        phrases = sorted((p for p in not_names_all if " " in p), key=len, reverse=True)
        protected = (
            re.compile(r"(?<!\w)(?:" + "|".join(
                r"\s+".join(re.escape(w) for w in p.split()) for p in phrases
            ) + r")(?!\w)", re.IGNORECASE)
            if phrases else None
        )
        streets = data.get("street_types", {})
        strong = _lower_set(streets.get("strong", []))
        weak = _lower_set(streets.get("weak", []))
        types = "|".join(sorted((re.escape(t) for t in strong | weak), key=len, reverse=True))
        address_re = re.compile(
            r"(?P<flat>\b(?:flat|apartment|apt|unit)\s*(?:no\.?\s*)?\d{1,4}[a-z]?\s*,?\s*)?"
            r"(?<![\w/.:-])(?P<num>\d{1,4}[a-z]?)(?![\w/.:])\s*,?\s+"
            rf"(?P<street>(?:{_NOT_SMALL}[^\W\d_][\w'’-]*\.?\s+){{1,3}})"
            rf"(?P<type>{types})\b\.?",
            re.IGNORECASE,
        )
        street_only_re = re.compile(
            r"\b(?:live|lives|living|stay|stays|staying|moved)\s+(?:on|at|in|to)\s+"
            rf"(?P<street>(?:{_NOT_SMALL}[^\W\d_][\w'’-]*\s+){{1,3}})"
            rf"(?P<type>{types})\b\.?",
            re.IGNORECASE,
        )
        res = _Resources(
            first_names=frozenset(first),
            core_names=frozenset(core),
            surnames=frozenset(last),
            english=english,
            not_names=frozenset(p for p in not_names_all if " " not in p),
            protected_phrases=protected,
            strong_titles=_lower_set(data.get("strong_titles", [])),
            soft_titles=_lower_set(data.get("soft_titles", [])),
            relation_words=_lower_set(data.get("relation_words", [])),
            action_verbs=_lower_set(data.get("action_verbs", [])),
            postcode_areas=_lower_set(data.get("postcode_areas", [])),
            postcode_exceptions=_lower_set(data.get("postcode_exceptions", [])),
            strong_streets=strong,
            weak_streets=weak,
            address_re=address_re,
            street_only_re=street_only_re,
            source=source,
        )
        _CACHE["r"] = res
        return res


# ---------------------------------------------------------------------------------------
# Pattern steps: email, link, handle, phone, postcode, address

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b", re.IGNORECASE
)
_EMAIL_SPOKEN = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s*(?:@|\(at\)|\[at\]|\bat\b)\s*"
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|icloud|live|btinternet|aol|msn|"
    r"protonmail|proton|sky|virginmedia|talktalk|ntlworld|mail)\s*(?:\.|\bdot\b)\s*"
    r"(?:com|net|org|co\s*(?:\.|\bdot\b)\s*uk|uk)\b",
    re.IGNORECASE,
)
_TLDS = (
    r"(?:com|net|org|uk|io|tv|gg|me|app|ly|be|xyz|info|co|biz|online|site|link|fm|live|"
    r"store|shop|ai|dev)"
)
_URL = re.compile(
    r"(?:\bhttps?://|\bwww\.)[^\s<>\"']+"
    r"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+" + _TLDS
    + r"(?![\w-])(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
_PLATFORM_HANDLE = re.compile(
    rf"\b{_PLATFORM}(?:\s+(?:user\s?name|name|handle|account|id|tag|code))?"
    rf"(?:\s*[:=]\s*|\s+-\s+|\s+is\s+|\s*-\s*|\s+@|\s+(?=[\w.]*[\d_.][\w.]*[\w]))"
    rf"@?(?P<h>{_HANDLE_CHARS}{{2,32}})",
    re.IGNORECASE,
)
_ADD_ME = re.compile(
    rf"\b(?:add|follow|message|msg|dm|find|friend)\s+me\s+(?:on|at)\s+{_PLATFORM}"
    rf"\s*(?:[:=-]\s*|\bat\s+|\bas\s+)?@?(?P<h>{_HANDLE_CHARS}{{2,32}})",
    re.IGNORECASE,
)
_MY_USERNAME = re.compile(
    rf"\bmy\s+(?:user\s?name|gamer\s?tag|handle|account|insta|snap)\s*(?:is\s+|[:=-]\s*)"
    rf"@?(?P<h>{_HANDLE_CHARS}{{2,32}})",
    re.IGNORECASE,
)
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d\s\-.()]{6,20}\d(?!\w)")
_PHONE_CONTEXT = re.compile(
    r"\b(?:number|phone|mobile|mob|tel|telephone|call|ring|text|whatsapp|contact)\b"
    r"[^\d\n]{0,20}?(?P<num>\d(?:[\s-]?\d){5,10})(?!\w)",
    re.IGNORECASE,
)
_FULL_POSTCODE = re.compile(r"\b(?P<out>[a-z]{1,2}\d[a-z\d]?)\s*(?P<in>\d[a-z]{2})\b", re.I)
_OUTWARD = re.compile(r"\b(?P<out>(?P<area>[a-z]{1,2})\d{1,2}[a-z]?)\b", re.IGNORECASE)
_POSTCODE_CONTEXT = re.compile(
    r"(?:post\s?code|live\s+in|lives\s+in|living\s+in|moved\s+to|from|area)\W*(?:\w+\W+)?$",
    re.IGNORECASE,
)
_INWARD_BAD_LETTERS = frozenset("cikmov")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")


def _sub_count(pattern: re.Pattern[str], text: str, placeholder: str,
               group: str | None = None, keep=None) -> tuple[str, int]:
    """Replace every match (or one named group of it) with ``placeholder``."""
    out: list[str] = []
    pos = 0
    n = 0
    for m in pattern.finditer(text):
        start, end = (m.span(group) if group else m.span())
        if start < pos or (keep is not None and keep(m)):
            continue
        out.append(text[pos:start])
        out.append(placeholder)
        pos = end
        n += 1
    out.append(text[pos:])
    return "".join(out), n


def _trim_url(text: str) -> tuple[str, int]:
    out: list[str] = []
    pos = 0
    n = 0
    for m in _URL.finditer(text):
        start, end = m.span()
        url = m.group()
        while url and url[-1] in ".,;:!?)]}'\"":
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
            end -= 1
        if start < pos or not url:
            continue
        out.append(text[pos:start])
        out.append(PLACEHOLDERS["link"])
        pos = end
        n += 1
    out.append(text[pos:])
    return "".join(out), n


def _handles(text: str, res: _Resources) -> tuple[str, int]:
    text, n = _sub_count(_AT_HANDLE, text, PLACEHOLDERS["handle"])

    def ordinary(m: re.Match[str]) -> bool:
        handle = m.group("h")
        if handle.startswith("[") or handle.casefold() in ("is", "me", "on", "at", "and"):
            return True
        plain = handle.strip(".-#").casefold()
        explicit = re.search(r"[:=@]\s*@?$", m.group()[: m.start("h") - m.start()])
        looks_like_handle = bool(re.search(r"[\d_.#]", handle))
        return not looks_like_handle and not explicit and plain in res.english

    for pattern in (_MY_USERNAME, _ADD_ME, _PLATFORM_HANDLE):
        text, k = _sub_count(pattern, text, PLACEHOLDERS["handle"], group="h", keep=ordinary)
        n += k
    return text, n


def _valid_phone_digits(digits: str) -> bool:
    if digits.startswith("0044"):
        digits = "0" + digits[4:].removeprefix("0")
    elif digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    if not digits.startswith("0") or len(digits) not in (10, 11):
        return False
    if digits.startswith(("080", "0500")):
        return False  # freephone: helplines such as Childline, never a family's number
    return digits[1] in "123578" and not digits.startswith("00")


def _phones(text: str) -> tuple[str, int]:
    out: list[str] = []
    pos = 0
    n = 0
    for m in _PHONE_CANDIDATE.finditer(text):
        cand = m.group()
        start = m.start()
        if start < pos:
            continue
        # Try the longest run of digit groups that makes a valid UK number.
        groups = list(re.finditer(r"\d+", cand))
        best_end = None
        digits = ""
        for g in groups:
            digits += g.group()
            if len(digits) > 14:
                break
            if _valid_phone_digits(digits):
                best_end = g.end()
        lead_ok = cand.startswith(("+", "0", "(")) or cand.startswith("44")
        if best_end is None or not lead_ok:
            continue
        out.append(text[pos:start])
        out.append(PLACEHOLDERS["phone"])
        pos = start + best_end
        n += 1
    out.append(text[pos:])
    text = "".join(out)
    text, k = _sub_count(_PHONE_CONTEXT, text, PLACEHOLDERS["phone"], group="num",
                         keep=lambda m: re.sub(r"\D", "", m.group("num")).startswith("080"))
    return text, n + k


def _postcodes(text: str, res: _Resources) -> tuple[str, int]:
    def not_full(m: re.Match[str]) -> bool:
        out, inward = m.group("out"), m.group("in")
        area = re.match(r"[a-z]+", out, re.I).group().casefold()
        if area not in res.postcode_areas:
            return True
        if set(inward[1:].casefold()) & _INWARD_BAD_LETTERS:
            return True
        spaced = m.group()[len(out):len(out) + 1].isspace()
        return bool(spaced and inward.islower() and _ORDINAL.match(inward))

    text, n = _sub_count(_FULL_POSTCODE, text, PLACEHOLDERS["postcode"], keep=not_full)

    def not_outward(m: re.Match[str]) -> bool:
        out, area = m.group("out"), m.group("area").casefold()
        if area not in res.postcode_areas or out.casefold() in res.postcode_exceptions:
            return True
        if not (out.isupper() or out.islower()):
            return True
        if len(area) == 1:
            return not _POSTCODE_CONTEXT.search(m.string[max(0, m.start() - 30):m.start()])
        return False

    text, k = _sub_count(_OUTWARD, text, PLACEHOLDERS["postcode"], keep=not_outward)
    return text, n + k


def _street_ok(m: re.Match[str], res: _Resources) -> bool:
    words = m.group("street").split()
    street_type = m.group("type").casefold()
    if not words:
        return False
    for word in words:
        w = word.strip(".").casefold()
        if res.english.get(w) in _CLOSED_TAGS or w in _DETERMINERS:
            return False
    if street_type in res.strong_streets:
        return True
    return all(w[0].isupper() for w in words) and m.group("type")[0].isupper()


def _addresses(text: str, res: _Resources) -> tuple[str, int]:
    text, n = _sub_count(res.address_re, text, PLACEHOLDERS["address"],
                         keep=lambda m: not _street_ok(m, res))

    def keep_street(m: re.Match[str]) -> bool:
        return not _street_ok(m, res)

    out: list[str] = []
    pos = 0
    k = 0
    for m in res.street_only_re.finditer(text):
        if keep_street(m) or m.start("street") < pos:
            continue
        out.append(text[pos:m.start("street")])
        out.append(PLACEHOLDERS["address"])
        pos = m.end()
        k += 1
    out.append(text[pos:])
    return "".join(out), n + k


# ---------------------------------------------------------------------------------------
# Names

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*|&")
_SENTENCE_END = frozenset(".!?\n")
_OPENERS = frozenset("\"'“‘([{*-•–—>")


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    low: str
    base: str  # lower-case without a possessive ending
    suffix_len: int  # length of the possessive ending in the original text
    initial: bool
    placeholder: bool


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        start, end = m.span()
        placeholder = (
            start > 0 and text[start - 1] == "[" and text[end:end + 1] == "]"
            and word in PLACEHOLDERS
        )
        j = start - 1
        while j >= 0 and (text[j] in " \t\r" or text[j] in _OPENERS):
            j -= 1
        initial = j < 0 or text[j] in _SENTENCE_END
        low = word.casefold().replace("’", "'")
        base, suffix = low, 0
        if low.endswith("'s") and len(low) > 3:
            base, suffix = low[:-2], 2
        elif low.endswith("s'") and len(low) > 3:
            base, suffix = low[:-1], 1
        toks.append(_Tok(word, start, end, low, base, suffix, initial, placeholder))
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


def _english_tag(english: Mapping[str, str], word: str,
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
    stems: list[str] = []
    if word.endswith("ies"):
        stems.append(word[:-3] + "y")
    if word.endswith("es"):
        stems.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        stems.append(word[:-1])
    if word not in first_names:
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


def _is_title_case(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word.isupper())


class _NameFinder:
    def __init__(self, text: str, res: _Resources):
        self.text = text
        self.res = res
        self.toks = _tokens(text)
        cased = [c for c in text if c.isupper() or c.islower()]
        self.caseless = bool(cased) and not any(c.islower() for c in cased)
        self.protected: list[tuple[int, int]] = []
        if res.protected_phrases is not None:
            self.protected = [m.span() for m in res.protected_phrases.finditer(text)]

    # -- word classes --------------------------------------------------------------
    def english(self, word: str) -> str | None:
        """The word's part-of-speech tag if it is an ordinary English word, else None."""
        tag = _english_tag(self.res.english, word, self.res.first_names)
        if tag is None and "-" in word:
            tags = [self.res.english.get(part) for part in word.split("-")]
            if all(tags):
                return tags[-1]
        return tag

    def is_first(self, word: str) -> bool:
        """A known first name; "ellie-mae" counts when its parts are names."""
        if word in self.res.first_names:
            return True
        if "-" not in word:
            return False
        parts = word.split("-")
        known = self.res.first_names | self.res.surnames
        return any(p in self.res.first_names for p in parts) and all(
            p in known or p in self.res.first_names for p in parts
        )

    def foreign_word(self, tok: _Tok) -> bool:
        """An unknown word that is not English: a candidate name in a name context."""
        w = tok.base
        return (
            len(w) >= 3 and w.isalpha() and self.english(w) is None
            and w not in self.res.not_names and not tok.placeholder
        )

    def closed(self, word: str) -> bool:
        """A small grammatical word, never a name ("will"/"may"/"can" are judged apart)."""
        if word in _MODALS:
            return False
        return self.english(word) in _CLOSED_TAGS or word in _DETERMINERS or word in _ME

    def in_protected(self, tok: _Tok) -> bool:
        return any(s <= tok.start and tok.end <= e for s, e in self.protected)

    # -- helpers -------------------------------------------------------------------
    def adjacent(self, i: int, j: int) -> bool:
        """Tokens i < j are separated only by spaces (no punctuation, no line break)."""
        a, b = self.toks[i], self.toks[j]
        gap = self.text[a.end:b.start]
        return gap.strip(" \t") == "" and len(gap) <= 3

    def prev(self, i: int, k: int = 1) -> str:
        j = i - k
        if j < 0:
            return ""
        for m in range(j, i):
            if not self.adjacent(m, m + 1):
                return ""
        return self.toks[j].low

    def next(self, i: int, k: int = 1) -> str:
        j = i + k
        if j >= len(self.toks):
            return ""
        for m in range(i, j):
            if not self.adjacent(m, m + 1):
                return ""
        return self.toks[j].low

    def modal_use(self, i: int) -> bool:
        """'will'/'may'/'can' used as a verb: followed by a verb or an adverb."""
        tok = self.toks[i]
        if tok.base not in _MODALS:
            return False
        nxt = self.next(i)
        if not nxt:
            return False
        if nxt in _MODAL_FOLLOWERS:
            return True
        tag = self.english(nxt)
        if tag in ("VB", "VBP"):
            return True
        return tag == "VBD" and not nxt.endswith("ed")

    # -- contexts ------------------------------------------------------------------
    def title_context(self, i: int) -> bool:
        tok = self.toks[i]
        p1 = self.prev_raw(i)
        if not p1:
            return False
        if p1 in self.res.strong_titles:
            return not self.closed(tok.base) and tok.base not in self.res.relation_words
        if p1 in self.res.soft_titles:
            if self.closed(tok.base) or tok.base in self.res.relation_words:
                return False
            if _is_title_case(tok.text) and not self.caseless:
                return True
            return (tok.base in self.res.first_names or tok.base in self.res.surnames) and (
                self.english(tok.base) is None
            )
        return False

    def prev_raw(self, i: int) -> str:
        """The previous word, allowing a full stop after it ("Mr. Smith")."""
        if i == 0:
            return ""
        a, b = self.toks[i - 1], self.toks[i]
        gap = self.text[a.end:b.start]
        if gap.strip(" \t") in ("", "."):
            return a.low
        return ""

    def naming_context(self, i: int) -> bool:
        p1, p2 = self.prev(i), self.prev(i, 2)
        if p1 in _NAMING:
            return True
        if p1 in ("is", "was", "'s") and p2 in ("name", "names", "nickname"):
            return True
        return p1 == "name's"

    def relation_context(self, i: int) -> bool:
        """After "friend", "brother"...; not when a verb follows ("my brother hitts me")."""
        if self.prev(i) not in self.res.relation_words:
            return False
        tok = self.toks[i]
        if _is_title_case(tok.text) and not self.caseless:
            return True
        return self.next(i) not in _OBJECTS

    def with_me_context(self, i: int) -> bool:
        n1, n2 = self.next(i), self.next(i, 2)
        if n1 in _AND and n2 in _ME:
            return self.prev(i) not in _DETERMINERS
        p1, p2 = self.prev(i), self.prev(i, 2)
        return p1 in _AND and p2 in _ME and p1 != "with"

    def action_context(self, i: int) -> bool:
        n1 = self.next(i)
        if n1 in self.res.action_verbs:
            return self.prev(i) not in _DETERMINERS
        if n1 in ("is", "was", "'s") and self.next(i, 2) in ("my", "mine", "me"):
            return self.prev(i) not in _DETERMINERS
        return False

    # -- decision ------------------------------------------------------------------
    def is_name(self, i: int) -> bool:
        tok = self.toks[i]
        if tok.placeholder or tok.text == "&" or self.in_protected(tok):
            return False
        w = tok.base
        res = self.res
        if w in res.strong_titles or w in res.soft_titles or w in res.relation_words:
            return False
        if self.title_context(i):
            return True
        first = self.is_first(w)
        english = self.english(w)
        # In a name context a known name counts even if it is also a word, but only a
        # name common in English ("my friend will", not "my brother beat me").
        context_name = first and (english is None or w in res.core_names)
        explicit = self.naming_context(i) or self.relation_context(i)
        if explicit and not self.closed(w) and not self.modal_use(i):
            if context_name or self.foreign_word(tok):
                return True
            if _is_title_case(tok.text) and not self.caseless and english is None:
                return True
        if w in res.not_names:
            return False
        weak = self.with_me_context(i) or self.action_context(i)
        if weak and not self.closed(w) and not self.modal_use(i):
            if context_name or self.foreign_word(tok):
                return True
        if not first:
            return self.unknown_proper_noun(tok)
        if english is None:
            return self.plain_name_shape(tok)
        # An ordinary word that is also a name: only capitalised mid-sentence, and only
        # for names common in English-speaking countries.
        return (
            _is_title_case(tok.text) and not tok.initial and not self.caseless
            and (w in res.core_names or any(p in res.core_names for p in w.split("-")))
            and english not in _CLOSED_TAGS - {"MD"}
            and not self.modal_use(i)
        )

    def unknown_proper_noun(self, tok: _Tok) -> bool:
        """A capitalised word in mid-sentence that is not English and not on any list.

        Names missing from the package's lists ("Rojin", "Filsan") are caught this way
        when written with a capital; so are places and brands not in ``not_names``,
        which is the safe way to be wrong.
        """
        word = tok.text[: len(tok.text) - tok.suffix_len]
        parts = re.split(r"['’-]", word)
        if tok.initial or self.caseless or len(tok.base) < 3:
            return False
        if not all(p[:1].isupper() and p[1:].islower() for p in parts if len(p) > 1):
            return False
        w = tok.base
        if w in self.res.not_names or self.english(w) is not None:
            return False
        return not (w.endswith("s") and self.english(w[:-1]) is not None)

    def plain_name_shape(self, tok: _Tok) -> bool:
        """A known non-English first name: any case, except short all-caps acronyms."""
        word = tok.text[: len(tok.text) - tok.suffix_len]
        if len(tok.base) == 2:
            return _is_title_case(word) and not self.caseless
        if word.isupper() and not self.caseless and len(word) <= 3:
            return False
        return True

    def surname_after(self, i: int) -> bool:
        j = i + 1
        if j >= len(self.toks) or not self.adjacent(i, j):
            return False
        tok = self.toks[j]
        if tok.placeholder or tok.text == "&" or self.in_protected(tok):
            return False
        w = tok.base
        tag = self.english(w)
        if w in self.res.not_names or self.closed(w) or tag in _VERB_TAGS:
            return False
        if _is_title_case(tok.text) and not self.caseless:
            return True
        return w in self.res.surnames and tag is None and len(w) >= 3

    def plain_s_possessive(self, i: int) -> bool:
        """'jaydens' written without an apostrophe."""
        tok = self.toks[i]
        w = tok.low
        if tok.suffix_len or not w.endswith("s") or len(w) < 5:
            return False
        if w in self.res.not_names or tok.placeholder or self.in_protected(tok):
            return False
        if w in self.res.first_names or self.english(w) is not None:
            return False
        stem = w[:-1]
        return stem in self.res.first_names and self.english(stem) is None and (
            stem not in self.res.not_names
        )

    def coordinated(self, i: int, named: list[bool]) -> bool:
        """An unknown word joined by "and" to a name: "Rayyan and [Hamza]"."""
        tok = self.toks[i]
        if named[i] or not self.foreign_word(tok) or self.in_protected(tok):
            return False
        if self.caseless or tok.text[:1].isupper() or tok.text.islower():
            n1 = self.next(i)
            if n1 in _AND - {"with"} and i + 2 < len(self.toks) and named[i + 2]:
                return True
            p1 = self.prev(i)
            return p1 in _AND - {"with"} and i >= 2 and named[i - 2]
        return False

    def spans(self) -> list[tuple[int, int]]:
        named = [self.is_name(i) for i in range(len(self.toks))]
        for i in range(len(self.toks)):
            if self.coordinated(i, named):
                named[i] = True
        found: list[tuple[int, int]] = []
        i = 0
        n = len(self.toks)
        while i < n:
            tok = self.toks[i]
            end_cut = 0
            if named[i]:
                end_cut = tok.suffix_len
            elif self.plain_s_possessive(i):
                end_cut = 1
            else:
                i += 1
                continue
            start, end = tok.start, tok.end - end_cut
            j = i
            if not end_cut and self.surname_after(i):
                j = i + 1
                end = self.toks[j].end - self.toks[j].suffix_len
            found.append((start, end))
            i = j + 1
        return found


def _names(text: str, res: _Resources) -> tuple[str, int]:
    spans = _NameFinder(text, res).spans()
    if not spans:
        return text, 0
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and text[merged[-1][1]:start].strip(" \t") == "" and (
            start - merged[-1][1] <= 2
        ):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    out: list[str] = []
    pos = 0
    for start, end in merged:
        out.append(text[pos:start])
        out.append(PLACEHOLDERS["name"])
        pos = end
    out.append(text[pos:])
    return "".join(out), len(merged)


# ---------------------------------------------------------------------------------------


def redact(text: str) -> Redaction:
    """Replace identifying details in one free-text answer; see the module docstring."""
    if not isinstance(text, str):
        raise TypeError(f"redact() takes a str, not {type(text).__name__}")
    if not text.strip():
        return Redaction(text, {})
    res = load_resources()
    counts: dict[str, int] = {}

    def step(kind: str, result: tuple[str, int]) -> str:
        new_text, n = result
        if n:
            counts[kind] = counts.get(kind, 0) + n
        return new_text

    text = step("email", _sub_count(_EMAIL, text, PLACEHOLDERS["email"]))
    text = step("email", _sub_count(_EMAIL_SPOKEN, text, PLACEHOLDERS["email"]))
    text = step("link", _trim_url(text))
    text = step("handle", _handles(text, res))
    text = step("phone", _phones(text))
    text = step("postcode", _postcodes(text, res))
    text = step("address", _addresses(text, res))
    text = step("name", _names(text, res))
    return Redaction(text, counts)
