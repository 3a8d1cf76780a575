"""First names and surnames, in any case, in children's writing.

The rules, applied to each word (the lists come from :mod:`.resources`):

* a first name of the area's communities that is not an ordinary English word
  ("jayden", "Kacper", "MOHAMMED", "rojin") is replaced in any case and position;
* a first name that is also an ordinary word ("will", "grace", "mark") is replaced only
  when it is capitalised and not at the start of a sentence ("I played with Will"), or
  in a name context: after a title ("Mrs May"), a naming verb ("a girl called Rose"), a
  relation ("my friend will"), in "X and me", or before an action verb ("grace hits
  me"). "will"/"may"/"can" followed by a verb stay verbs;
* after a title, a naming verb or a relation an unknown word is taken as a name too
  ("my friend Filsan"), but not a pet's name ("my dog is called biscit");
* a capitalised word in mid-sentence that is on no list is a name only if it is rare in
  English (wordfreq): "Asian", "Covid" and "Brexit" are kept, "Filsan" is not; nor after
  "the", nor as part of a place ("Elswick Park", "the Town Hall");
* contractions and pronouns are never names ("I'm", "i'd", "im", "arent");
* a capitalised surname (or a known surname) right after a name is taken with it;
* words and phrases in ``data/redaction.yaml`` ``not_names`` (days, months, local
  places, subjects, faiths, family words, brands) are never names by themselves.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from ...collect.language_id import fold_accents
from .address import CLOSED_TAGS as _CLOSED_TAGS
from .address import DETERMINERS as _DETERMINERS
from .resources import (
    COMMON_ZIPF,
    Resources,
    language_of,
    roman_urdu,
    zipf,
    zipf_any,
    zipf_in,
    zipf_unaccented,
)
from .result import replace_spans
from .words import Tok, english_tag, is_title_case, misspelling, sound_spelling, tokens

_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
# Modal verbs that are also first names: a name only when no verb follows.
_MODALS = frozenset({"will", "may", "can", "might"})
# Of those, the ones English speakers are named ("Will", "May").
_MODAL_NAMES = frozenset({"will", "may"})
_MODAL_FOLLOWERS = frozenset(
    {"not", "never", "always", "be", "have", "just", "still", "also", "really", "probably",
     "only", "definitely", "get", "go", "come", "help", "play", "do", "see", "try", "you",
     "i", "we", "they", "he", "she"}
)
_ME = frozenset({"me", "i", "us", "myself"})
_OBJECTS = frozenset({"me", "us", "him", "her", "them", "it", "my", "our", "his", "a", "the"})
_AND = frozenset({"and", "an", "n", "&", "with"})
_AND_ONLY = _AND - {"with"}
_NAMING = frozenset({"called", "named", "nicknamed", "calld", "cald", "caled", "namd",
                     # Arabic "his/her/my/your name (is)", "(s)he is called"; Persian
                     # "his/her name": the name follows ("اسمها مريم")
                     "اسمه", "اسمها", "اسمي", "اسمك", "اسمو", "يدعى", "تدعى", "يسمى",
                     "تسمى", "اسمش",
                     # "their names (are)": "اسمهم ليلى وسارة"
                     "اسمهم", "اسمهن", "اسماؤهم", "أسماؤهم", "اسمائهم"})
_RARE_ZIPF = 2.0
# A person's things after a possessive written without its apostrophe ("jacks birthday").
_PERSONS_THINGS = frozenset({"birthday", "bday", "party", "house", "home", "flat", "mam",
                             "mum", "mom", "dad", "nan", "nana", "nanna", "gran", "grandma",
                             "brother", "sister", "cousin", "sleepover", "mates", "friend"})
# Asking to be rung, texted or asked for by name.
_CONTACT = frozenset({"ring", "rin", "phone", "call", "text", "txt", "message", "msg", "dm",
                      "contact", "email", "whatsapp"})
_ASK = frozenset({"ask", "asking", "asks"})
_SPEAK = frozenset({"speak", "talk", "chat"})
# Seen less than once in a billion words: wordfreq has never met it as a word.
_UNSEEN_ZIPF = 1.0
_SAINTS = frozenset({"st", "saint"})
# Titles written short, whose full stop is no sentence's end ("Mr. Khan", "St. Anne's");
# after a title written in full ("... co mówi pani. Martwię się") the full stop ends one.
_ABBREVIATED = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "rev", "st", "fr"})
# Words before a place's name ("at Nunsmoor park", "near Leazes park").
_AT_PLACE = frozenset({"at", "in", "to", "near", "round", "from", "the", "by", "past",
                       "behind", "outside", "opposite"})
_CLASSES = frozenset({"class", "year", "form", "group", "team", "street", "school"})
_PLACE_BEFORE = frozenset({"from", "in", "visit", "visited", "visiting"})
_TRAVEL = frozenset({"went", "go", "going", "goes", "gone", "moved", "move", "flew", "fly",
                     "back", "been", "trip", "holiday", "came", "come", "travelled"})
_SUBJECTS = frozenset({"i", "you", "we", "they", "he", "she", "it", "really", "also",
                       "just", "do", "dont", "don't", "did", "would", "'d"})
# Endings of English contractions, and how common the contraction must be (wordfreq)
# for a word without its apostrophe to be read as one: "im", "arent", "hes", "thats".
_CONTRACTIONS = {"m": 4.0, "d": 4.0, "ve": 4.0, "ll": 4.0, "re": 4.0, "t": 4.0, "s": 5.0}


_EVERYDAY_ZIPF = 4.5
# Words whose English tag is remembered between answers, at most (a few MB).
_MEMO_LIMIT = 100_000
# In an answer in another language a capitalised word this common in it is a word
# (inflected forms are rarer than English ones: "Anglikami", "the English").
_OTHER_LANGUAGE_ZIPF = 2.5
# A word at a sentence's start in such an answer, this common in its language (once in
# a hundred thousand words) and this much commoner there than in English, is a word
# of it even where a list elsewhere has it as a name ("Ona" she, "Vara" in summer).
_LANGUAGE_WORD_ZIPF = 4.0
_COMMONER_THERE = 1.5
# Answers whose "ty" (you) before a word the lists do not know as a name calls someone
# that word ("ty Cyganko", "ty Cikáne"), as an insult does; a name given there is
# still a name ("ty Kacper").
_SLAVIC = frozenset({"pl", "cs", "sk"})
# Case endings a place's name takes in Polish, Czech, Slovak and Romanian ("v Elswicku",
# "w Londynie", "la Newcastleul"), longest first.
_CASE_ENDINGS = ("ului", "ach", "ami", "em", "om", "ie", "ul", "ou", "u", "a", "e", "y", "i")
# Languages close enough that one's word in the other's answer is a word: a Slovak answer
# typed without accents reads as Czech as often as not.
_SIBLINGS = {"cs": ("cs", "sk"), "sk": ("sk", "cs")}


_FAVOURITE = frozenset({"favourite", "favorite", "fav", "fave", "favourit", "favrite", "favrit",
                        "best"})
_ARTICLES = frozenset({"a", "an", "the", "another"})
# Before a name that is also a word, these make it the word: "so much Hope", "more Joy".
_QUANTITY = frozenset({"much", "more", "less", "such", "enough", "most", "plenty"})
_SUPPORT = frozenset({"support", "supports", "supported", "supporting"})
_IS = frozenset({"is", "are", "was", "=", "has", "would", "'s"})


# Verbs after which a capitalised word is a title, an app or a game, not a person:
# "watched Terrifier", "playing Greensleeves", "listening to Raye", "get on Sparx".
_WATCH = frozenset({"watch", "watched", "watching", "watches", "rewatched", "binged",
                    "playing", "play", "plays", "played"})
_LISTEN = frozenset({"listen", "listens", "listened", "listening"})
_GO_ON = frozenset({"get", "gets", "got", "getting", "go", "goes", "going", "went", "log",
                    "logged", "logging", "play", "plays", "playing", "played"})
# "drives for Eddie Stobart", "delivers for Amazon": a firm, named after its founder or not.
_DRIVE = frozenset({"drive", "drives", "drove", "driving", "driver", "drivers", "deliver",
                    "delivers", "delivering", "delivered"})
# Animals as story characters are named: "Dr Brown Bear", "Miss Rabbit", "Mr Fox".
_ANIMALS = frozenset({"bear", "pig", "sheep", "rabbit", "fox", "dog", "cat", "mouse", "owl",
                      "duck", "frog", "elephant", "zebra", "giraffe", "pony", "horse", "bull",
                      "cow", "goat", "wolf", "tiger", "lion", "monkey", "squirrel", "hedgehog",
                      "badger", "mole", "toad", "penguin", "panda", "kangaroo", "dinosaur",
                      "potato", "tortoise", "hamster", "gazelle", "hippo", "rhino", "crocodile",
                      "snail", "bunny", "kitty", "piggy", "croc", "dragon", "unicorn"})
# The end of an English place's name: "Nunsfield", "Benwell", "Fenham", "Kenton".
_TOPONYM = re.compile(r"(?:field|fields|ham|ton|burn|moor|wick|wich|ley|leigh|by|worth|side|"
                      r"dale|mouth|caster|chester|pool|ford|bridge|well|wood|hill|gate|bury|"
                      r"borough|brough|stead|thorpe|cliffe|haugh|dene|shaw|combe|port|minster)$")
# Every word before a title in ``title_spans``: "watch", "to" (listen), "on" (get), "for".
_TITLE_CUES = _WATCH | {"to", "on", "onto", "for"}
_KIN_TITLES = frozenset({"uncle", "aunty", "auntie", "aunt", "cousin"})
_COORD = frozenset({"and", "or", "&", "n"})
# Small words that start no title ("playing With Lily"); "The", "Hey", "My" may.
_NOT_IN_TITLE = frozenset({"IN", "TO", "CC", "PRP", "WDT", "WP", "WRB", "EX"})
# Words that start another clause between a role and "like" ("a rapper is X and I like").
_CLAUSE = frozenset({"is", "was", "are", "and", "or", "but", "i", "he", "she", "we", "they",
                     "me", "you", "'s"})
# After a second title, words that show it is one too ("watch Bluey and Vera with my nan").
_AFTER_TITLE = frozenset({"", "with", "at", "on", "in", "and", "or", "cos", "coz", "because",
                          "cause", "every", "all", "too", "as", "but", "when"})
# "X is from North Shields and look at him now": someone everyone knows made it.
_MADE_IT = re.compile(r"\blook\s+at\s+(?:him|her|them)\s+now\b", re.IGNORECASE)
_FROM = re.compile(r"\s+(?:is|was|comes|came|grew)\s+(?:from|up)\b", re.IGNORECASE)
# "I like Vera cos it's filmed here": what is called "it", and is filmed, set or shown,
# is no person ("I hate Jayden because it's not fair" still names one).
_IT_AFTER = re.compile(
    r"\s*,?\s+(?:cos|coz|cause|because|bc|as|since)\s+(?:it|its|it['’]s)\s+(?:is\s+|was\s+)?"
    r"(?:filmed|set|shot|about|made|based|a\s+(?:show|film|programme|series|game|song|book)"
    r"|on\s+(?:the\s+)?(?:tv|telly|netflix|bbc|itv|youtube|disney|iplayer|radio))\b",
    re.IGNORECASE)
# "get called freshie": an insult, not a name given.
_PASSIVE = frozenset({"get", "gets", "got", "getting", "been", "being"})
# Names that are also colours, as a rating: "attendance is on Amber", "he's on red".
_COLOURS = frozenset({"amber", "ruby", "scarlet", "jade", "violet", "rose", "olive", "hazel",
                      "indigo", "crimson", "sienna", "red", "green"})
_STATE = frozenset({"is", "was", "are", "were", "'s", "be", "been", "being", "now", "still",
                    "put", "went", "gone", "moved", "'re", "stays", "stayed"})
_TURNED = frozenset({"gone", "dropped", "fell", "fallen", "moved", "turned", "changed",
                     "slipped", "down", "up"})
# "say grace before tea": a name's ordinary use after these words.
_ORDINARY_USE = {"grace": frozenset({"say", "says", "said", "saying"})}
# A people named in Slovak, Czech, Polish or Romanian, in any inflection: "Rómovia",
# "Rómami", "Romové", "Romowie", "romii", "Cigáni" (not "Roman" or "Romek", names).
_PEOPLES = re.compile(
    r"(?:r?r[oó]m(?:ovia|ov|om|ami|och|ka|ky|ok|kam|kami|kach|ov[eé]|ů|ům|y|ech|owie|ów|"
    r"ach|ki|i|ii|ilor|ă|e|sk[yýaáeéiíoa]\w{0,3})|"
    r"(?:cig[aá]n|cik[aá]n|cygan|[tț]igan)\w{0,5})",
    re.IGNORECASE)


@lru_cache(maxsize=4)
def _best_in_the_world(roles: frozenset[str]) -> re.Pattern[str]:
    """"X is the best player in the world", "X IS THE GOAT", "X is the greatest rapper
    of all time" (not "X is the best teacher ever")."""
    words = "|".join(sorted((re.escape(r) for r in roles | {"player", "players"}),
                            key=len, reverse=True))
    return re.compile(
        r"\s+(?:is|was|are|'s|’s)\s+(?:the\s+|a\s+)?(?:(?:best|greatest)\s+"
        rf"(?:[\w-]+\s+)?(?:{words})\s+(?:in\s+the\s+world|of\s+all\s+time|"
        r"on\s+the\s+planet|alive)\b|goat\b)",
        re.IGNORECASE,
    )


_WORD = re.compile(r"\w+")


class _Derived:
    """Sets built once from a :class:`Resources` (not per answer): every pet word with
    "s" or "es" after it, and every story character's name."""

    __slots__ = ("pet_forms", "characters", "contractions", "span_words")

    def __init__(self, res: Resources):
        #: every word a protected span's loops start from: a protected phrase's first
        #: word, a public role, "like", a kind of work or a role before "like"
        self.span_words: frozenset[str] = (
            frozenset(res.protected_by_first) | res.public_roles | {"like"}
            | res.like_works | res.like_roles)
        #: word (lower case) -> whether it is a contraction, filled as answers are read
        self.contractions: dict[str, bool] = {}
        pets = res.pet_words
        self.pet_forms = pets | {p + "s" for p in pets} | {p + "es" for p in pets}
        self.characters: frozenset[str] = frozenset().union(*res.characters.values())


# Words whose facts are remembered between answers: at most this many, this long.
_WORD_MEMO_LIMIT = 20_000
_WORD_MEMO_LONGEST = 24
_derived_for: tuple[Resources | None, _Derived | None] = (None, None)


def _derived(res: Resources) -> _Derived:
    global _derived_for
    kept, derived = _derived_for
    if kept is not res or derived is None:
        derived = _Derived(res)
        _derived_for = (res, derived)
    return derived


class _NameFinder:
    def __init__(self, text: str, res: Resources):
        self.text = text
        self.res = res
        self.derived = _derived(res)
        self.toks = tokens(text)
        # Written all in capitals: it has cased letters and none in lower case.
        self.caseless = text != text.lower() and text == text.upper()
        # Tokens i and i + 1 are separated only by spaces (no punctuation, no line break).
        toks = self.toks
        gaps = [text[a.end:b.start] for a, b in zip(toks, toks[1:], strict=False)]
        bare = [gap.strip(" \t") for gap in gaps]
        self.adj = [len(gap) <= 3 and not b for gap, b in zip(gaps, bare, strict=True)]
        # Per token, read once: its lower-case form, the word before it allowing a full
        # stop after a title (``prev_raw``), and where its run of adjacent tokens starts
        # and ends (so ``prev`` and ``next`` need not look at every gap between).
        self._lows = [t.low for t in toks]
        self._raw = [""] + [
            a.low if not b or (b == "." and a.low in _ABBREVIATED) else ""
            for a, b in zip(toks, bare, strict=False)
        ]
        n = len(toks)
        first = list(range(n))
        last = list(range(n))
        for k, joined in enumerate(self.adj):
            if joined:
                first[k + 1] = first[k]
        for k in range(n - 2, -1, -1):
            if self.adj[k]:
                last[k] = last[k + 1]
        self._first = first
        self._last = last

    # What follows is read from the whole answer, but only when a word needs it: most
    # words are settled at once as plain English (``plain_english``), and an answer all
    # of such words never needs any of it.

    @cached_property
    def pets(self) -> bool:
        """A pet or toy word anywhere in the answer; without one no name is a pet's.

        In plain ASCII that is a whole word that is a pet word, or one with "s" or "es"
        after it: what ``pet_any`` finds, read from a set rather than a long pattern."""
        if not self.text.isascii():
            return self.res.pet_any.search(self.text) is not None
        return not self.derived.pet_forms.isdisjoint(_WORD.findall(self.text.lower()))

    @cached_property
    def _words(self) -> list[str]:
        return [t.low for t in self.toks if not t.placeholder and t.text != "&"]

    @cached_property
    def language(self) -> str:
        """An answer in Polish, Romanian, Czech or Slovak: "sam" there means "alone",
        "sie" is "się" and "Anglikami" is "the English"."""
        return language_of(self._words) if len(self._words) >= 4 else "en"

    @cached_property
    def roman_urdu(self) -> bool:
        return roman_urdu(self._words, self.res)

    @cached_property
    def characters(self) -> frozenset[str]:
        """The characters of a story the answer names ("Peppa Pig and George").
        A story that is also an everyday word ("frozen", "sonic") counts only
        capitalised ("we watched Frozen", not "the pipes were frozen").
        (A story's word must be in the folded text before its pattern is tried.)"""
        text, res = self.text, self.res
        folded = text.casefold()
        return frozenset().union(*(
            names for story, names in res.characters.items()
            if story in folded and (re.search(rf"(?<!\w){re.escape(story.capitalize())}", text)
                if res.english.get(story)
                else re.search(rf"(?<!\w){re.escape(story)}", text, re.IGNORECASE))))

    @cached_property
    def _span_starts(self) -> list[tuple[int, Tok]]:
        """The tokens the loops of ``protected_spans``, ``public_figure_spans`` and
        ``like_spans`` may start from (their lower-case form, base or first part is one of
        ``span_words``), in order: every other token is passed over by all three."""
        words = self.derived.span_words
        found = []
        for i, tok in enumerate(self.toks):
            low = tok.low
            if low in words or tok.base in words or (
                    ("'" in low or "-" in low)
                    and low.split("'", 1)[0].split("-", 1)[0] in words):
                found.append((i, tok))
        return found

    @cached_property
    def protected(self) -> list[tuple[int, int]]:
        """Where no word is a name: set phrases, famous people, titles of works."""
        return self.protected_spans() + self.public_figure_spans() + self.title_spans()

    def protected_spans(self) -> list[tuple[int, int]]:
        """Where a phrase that is never a name ("Elswick Park", "Harry Styles") stands:
        only phrases whose first word starts one of the answer's words are tried."""
        by_first = self.res.protected_by_first
        spans = []
        odd = by_first.get("")
        if odd is not None:
            spans = [m.span() for m in odd.finditer(self.text)]
        for _, tok in self._span_starts:
            key = tok.low
            if "'" in key or "-" in key:
                key = key.split("'", 1)[0].split("-", 1)[0]
            pattern = by_first.get(key)
            if pattern is not None and (m := pattern.match(self.text, tok.start)):
                spans.append(m.span())
        return spans

    def public_figure_spans(self) -> list[tuple[int, int]]:
        """Where a public figure is named: after "my favourite youtuber is", "a rapper
        like", or before "is the best player in the world" / "is the goat"."""
        toks, roles = self.toks, self.res.public_roles
        spans = []
        for i, tok in self._span_starts:
            if tok.low in roles or tok.base in roles:
                before = [self.prev(i, k) for k in (1, 2)]
                after = self.next(i)
                # "a footballer like X", "a footballer for Newcastle like X and Y"
                like = next((k for k in range(1, 6) if self.next(i, k) == "like"), 0)
                if any(b in _FAVOURITE for b in before) and after in _IS:
                    spans += self.name_words(i + 2, 1)
                elif like and not any(self.next(i, k) in _CLAUSE for k in range(1, like)):
                    spans += self.name_list(i + like + 1)
            elif tok.low == "like" and self.prev(i, 3) in ("play", "plays", "playing") and (
                    self.prev(i, 2) == "for"):
                spans += self.name_list(i + 1)  # "play for Barcelona like X and Y"
        spans += self.like_spans()
        # Each pattern below holds a word an ASCII answer must have for it to match
        # (in an answer of other letters, some match in other cases: "ſ" is "s").
        low = self.text.lower() if self.text.isascii() else None
        best = low is None or "best" in low or "greatest" in low or "goat" in low
        for m in _best_in_the_world(roles).finditer(self.text) if best else ():
            k = next((j for j, t in enumerate(toks) if t.start >= m.start()), len(toks))
            spans += self.name_words(k - 1, -1)
        for m in _MADE_IT.finditer(self.text) if low is None or "look" in low else ():
            sentence = max(self.text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
            for f in _FROM.finditer(self.text, sentence, m.start()):
                k = next((j for j, t in enumerate(toks) if t.start >= f.start()), len(toks))
                found = self.name_words(k - 1, -1)
                # Named in full, as the famous are ("Sam Fender"); "Jayden came from
                # Syria and look at him now" is about a child the writer knows.
                if len(found) >= 2 and all(
                        is_title_case(self.text[a:b]) for a, b in found):
                    spans += found
        return spans

    def like_spans(self) -> list[tuple[int, int]]:
        """A full name after a job or a sport and "like" ("a chef, like Gordon Ramsay",
        "Swimming like Adam Peaty", "jucător la Rapid, ca Cristiano Ronaldo"), a title
        after a kind of work and "like" ("a musical like Annie"): someone everyone knows,
        a character or a title (``like`` in data/redaction.yaml)."""
        toks, res = self.toks, self.res
        spans: list[tuple[int, int]] = []
        for i, tok in self._span_starts:
            work = tok.base in res.like_works and self.prev(i) in _ARTICLES | _DETERMINERS
            if not (work or tok.base in res.like_roles):
                continue
            for j in range(i + 1, min(i + 6, len(toks) - 1)):
                gap = self.text[toks[j - 1].end:toks[j].start]
                if any(c in gap for c in ".!?\n") or toks[j].low in _CLAUSE:
                    break
                if toks[j].low not in res.like_words:
                    continue
                if not self.adj[j]:
                    break
                run = self.title_run(j + 1) if work else self.full_name(j + 1)
                if run and toks[run[0]].base not in res.strong_titles | res.soft_titles:
                    spans.append((toks[run[0]].start, toks[run[-1]].end))
                break
        return spans

    def full_name(self, i: int) -> list[int]:
        """Token indexes of two or three capitalised words from i ("Adam Peaty"), none
        with a possessive ending ("Sam Smith's mum" is someone's mother)."""
        toks, run = self.toks, []
        while i < len(toks) and len(run) < 3 and not self.caseless and (
                is_title_case(toks[i].text) and not toks[i].placeholder):
            if toks[i].suffix_len:
                return []
            run.append(i)
            if not self.adj[i] if i < len(self.adj) else True:
                break
            i += 1
        return run if len(run) >= 2 else []

    def name_list(self, i: int) -> list[tuple[int, int]]:
        """Names from token i on, joined by "and", "or" or commas ("like Bruno and
        Anthony Gordon")."""
        spans: list[tuple[int, int]] = []
        while i < len(self.toks):
            found = self.name_words(i, 1)
            if not found:
                break
            at = [j for j, t in enumerate(self.toks) if (t.start, t.end) in found]
            if any(self.toks[j].suffix_len for j in at):
                break  # "a singer like Jayden's sister": someone the writer knows
            i = at[-1] + 1
            spans += found
            if i < len(self.toks) and self.toks[i].low in _COORD and self.adj[i - 1]:
                i += 1
            elif not (i < len(self.toks) and self.text[self.toks[i - 1].end:
                                                        self.toks[i].start].strip() == ","):
                break
        return spans

    def title_spans(self) -> list[tuple[int, int]]:
        """Capitalised words after "watch", "playing", "listen to" or "get on": a film,
        a show, a song, a game or an app ("watched Terrifier", "get on Sparx or Seneca",
        "watch Line of Duty"), and after "drives for" a firm ("Eddie Stobart"). A known
        first name after "watch" is a person still, and so is any word a verb follows
        ("I watched Kayden get hit")."""
        toks, lows, run_first = self.toks, self._lows, self._first
        spans: list[tuple[int, int]] = []
        for cued in range(1, len(toks)):
            # Most words follow no cue: settled from the word before, read once.
            if run_first[cued] == cued or lows[cued - 1] not in _TITLE_CUES:
                continue
            i = cued
            p1, p2 = self.prev(i), self.prev(i, 2)
            # "drives for X", "drives all over Europe for X"
            firm = p1 == "for" and any(self.prev(i, k) in _DRIVE for k in range(2, 8))
            cue = (p1 in _WATCH or (p1 == "to" and p2 in _LISTEN)
                   or (p1 in ("on", "onto") and p2 in _GO_ON))
            if not (firm or cue):
                continue
            first = True
            while i < len(toks):
                run = self.title_run(i)
                if not run:
                    break
                end = run[-1]
                after = self.next(end)
                person = bool(toks[end].suffix_len) or self.verb_after(end)
                if not firm and self.is_first(toks[i].base) and (
                        first or after not in _AFTER_TITLE):
                    break  # "watch Vera", "watch Bluey and Grace watches Peppa"
                if person or (firm and len(run) == 1 and self.is_first(toks[i].base)) or (
                        toks[i].base in self.res.strong_titles
                        or toks[i].base in self.res.soft_titles):
                    break  # "drives for Jayden's dad", "drives for Sarah", "for Mr Khan"
                spans.append((toks[i].start, toks[end].end))
                first = False
                if self.next(end) in _COORD and end + 2 < len(toks):
                    i = end + 2
                else:
                    break
        return spans

    def verb_after(self, i: int) -> bool:
        """A verb follows token i ("Kayden get hit", "Grace watches")."""
        after = self.next(i)
        if not after or after in ("is", "was", "'s"):
            return False
        if after in self.res.action_verbs or (self.english(after) or "")[:2] in ("VB", "MD"):
            return True
        return after.endswith("s") and (self.english(after[:-1]) or "").startswith("VB")

    def title_run(self, i: int) -> list[int]:
        """Token indexes of a capitalised title from i: "Line of Duty", "Blue Planet"."""
        toks = self.toks
        if self.caseless or not is_title_case(toks[i].text) or toks[i].placeholder or (
                self.english(toks[i].base) in _NOT_IN_TITLE):
            return []
        # Every word capitalised ("I Like Playing With Lily"): capitals tell nothing.
        capitals = sum(1 for t in toks if t.text[:1].isupper())
        if len(toks) >= 4 and capitals * 5 >= len(toks) * 4:
            return []
        run = [i]
        j = i + 1
        while j < len(toks) and self.adj[j - 1] and len(run) < 6:
            if is_title_case(toks[j].text) and not toks[j].placeholder and (
                    self.english(toks[j].base) not in _NOT_IN_TITLE):
                run.append(j)
            elif (toks[j].low in ("of", "the", "and", "in", "on") and j + 1 < len(toks)
                  and self.adj[j] and is_title_case(toks[j + 1].text)
                  and toks[j].low != "and"):
                run += [j, j + 1]
                j += 1
            else:
                break
            j += 1
        return run

    def name_words(self, i: int, step: int) -> list[tuple[int, int]]:
        """Up to three words from token i on (``step`` 1) or back (-1) that may be a
        name: not a small word, not an everyday word in lower case."""
        spans = []
        while 0 <= i < len(self.toks) and len(spans) < 3:
            tok = self.toks[i]
            if tok.placeholder or self.closed(tok.base) or (
                    tok.text.islower() and self.english(tok.base) is not None
                    and tok.base not in self.res.first_names):
                break
            spans.append((tok.start, tok.end))
            j = i + step
            if not 0 <= j < len(self.toks) or not self.adj[min(i, j)]:
                break
            i = j
        return spans

    def thing_or_team(self, i: int) -> bool:
        """A thing after an article ("a mercedes", "the new Porsche"), a team after
        "support" or "a fan of" ("i support chelsea"): no person is named so."""
        p1, p2 = self.prev(i), self.prev(i, 2)
        if p1 in _ARTICLES or (p2 in _ARTICLES and (self.english(p1) or "").startswith("JJ")):
            return True
        return p1 in _SUPPORT or (p1 == "of" and p2 in ("fan", "fans"))

    def urdu_word(self, word: str) -> bool:
        """An ordinary word of an answer typed in Roman Urdu ("bara", "sakti")."""
        return word in self.res.roman_urdu_words and self.roman_urdu

    # -- word classes --------------------------------------------------------------
    def english(self, word: str) -> str | None:
        """The word's part-of-speech tag if it is an ordinary English word, else None."""
        memo = self.res.memo
        if word in memo:
            return memo[word]
        tag = english_tag(self.res.english, word, self.res.first_names)
        if tag is None and "-" in word:
            tags = [self.res.english.get(part) for part in word.split("-")]
            if all(tags):
                tag = tags[-1]
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[word] = tag
        return tag

    def local(self, word: str) -> bool:
        """A first name of the area's communities (written in any case)."""
        if word in self.res.local_names:
            return True
        parts = word.split("-")
        return len(parts) > 1 and any(p in self.res.local_names for p in parts)

    def is_first(self, word: str) -> bool:
        """A known first name; "ellie-mae" counts when its parts are names."""
        if word in self.res.first_names:
            return True
        if "-" not in word:
            return False
        parts = word.split("-")
        first, surnames = self.res.first_names, self.res.surnames
        return any(p in first for p in parts) and all(
            p in first or p in surnames for p in parts
        )

    def foreign_word(self, tok: Tok) -> bool:
        """An unknown word that is not English: a candidate name in a name context."""
        w = tok.base
        return (
            len(w) >= 3 and w.isalpha() and self.english(w) is None
            and w not in self.res.not_names and not tok.placeholder
            and not self.urdu_word(w)
        )

    def closed(self, word: str) -> bool:
        """A small grammatical word, never a name ("will"/"may"/"can" are judged apart)."""
        if word in _MODALS:
            return False
        return self.english(word) in _CLOSED_TAGS or word in _DETERMINERS or word in _ME

    def in_protected(self, tok: Tok) -> bool:
        return any(s <= tok.start and tok.end <= e for s, e in self.protected)

    # -- helpers -------------------------------------------------------------------
    def adjacent(self, i: int, j: int) -> bool:
        """Tokens i and j = i + 1 are separated only by spaces."""
        return self.adj[i]

    def prev(self, i: int, k: int = 1) -> str:
        j = i - k
        if k >= 1 and 0 <= i < len(self._first):
            return self._lows[j] if j >= self._first[i] else ""
        if j < 0 or not (self.adj[j] if k == 1 else all(self.adj[j:i])):
            return ""
        return self.toks[j].low

    def next(self, i: int, k: int = 1) -> str:
        j = i + k
        if k >= 1 and 0 <= i < len(self._last):
            return self._lows[j] if j <= self._last[i] else ""
        if j >= len(self.toks) or not (self.adj[i] if k == 1 else all(self.adj[i:j])):
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
        if (p1 in self.res.strong_titles or p1 in self.res.soft_titles) and (
                tok.base in _ANIMALS or (
                    self.next(i) in _ANIMALS and is_title_case(self.toks[i + 1].text))):
            return False  # a story's animal: "Miss Rabbit", "Dr Brown Bear"
        if p1 in self.res.strong_titles:
            # "Mrs is always nice", "Mr said": a verb after a title is no surname
            verb = self.english(tok.base) in ("VBZ", "VBD", "VBP") and (
                tok.base not in self.res.surnames)
            return not (self.closed(tok.base) or verb or tok.base in self.res.relation_words)
        if p1 in self.res.soft_titles:
            if self.closed(tok.base) or tok.base in self.res.relation_words:
                return False
            if is_title_case(tok.text) and not self.caseless:
                return True
            if p1 in _KIN_TITLES and len(tok.base) == 2 and tok.base.isalpha() and (
                    self.english(tok.base) in (None, "NN")
                    and self.english(self.next(i)) in ("VBZ", "VBD")):
                return True  # "uncle mo gets", "aunty jo said": a short name, then a verb
            return (tok.base in self.res.first_names or tok.base in self.res.surnames) and (
                self.english(tok.base) is None
            )
        return False

    def prev_raw(self, i: int) -> str:
        """The previous word, allowing a full stop after it ("Mr. Smith")."""
        if 0 <= i < len(self._raw):
            return self._raw[i]
        if i == 0:
            return ""
        a, b = self.toks[i - 1], self.toks[i]
        gap = self.text[a.end:b.start]
        if gap.strip(" \t") == "" or (gap.strip(" \t") == "." and a.low in _ABBREVIATED):
            return a.low
        return ""

    def naming_context(self, i: int) -> bool:
        p1, p2 = self.prev(i), self.prev(i, 2)
        if p1 in _NAMING:
            # "I get called freshie": an insult, unless it is a known first name
            return p2 not in _PASSIVE or self.is_first(self.toks[i].base)
        if p1 in ("is", "was", "'s") and p2 in ("name", "names", "nickname"):
            return True
        return p1 == "name's"

    def contact_context(self, i: int) -> bool:
        """A capitalised name after asking to be rung or asked for ("Ring Ken on",
        "text Bev", "ask for Gaz"): a first name, or a short form no English list holds.
        Not an organisation ("ring Childline": settled before this is asked) or a word
        ("ask for Help")."""
        tok = self.toks[i]
        if not is_title_case(tok.text) or self.caseless:
            return False
        p1, p2 = self.prev(i), self.prev(i, 2)
        if not (p1 in _CONTACT or (p1 == "for" and p2 in _ASK)
                or (p1 == "to" and p2 in _SPEAK)):
            return False
        w = tok.base
        return self.is_first(w) or (self.english(w) is None and zipf(w) < _NICKNAME_ZIPF)

    def relation_context(self, i: int) -> bool:
        """After "friend", "brother"...; not when a verb follows ("my brother hitts me")."""
        if self.prev(i) not in self.res.relation_words:
            return False
        tok = self.toks[i]
        if is_title_case(tok.text) and not self.caseless:
            return True
        return self.next(i) not in _OBJECTS

    def with_me_context(self, i: int) -> bool:
        n1, n2 = self.next(i), self.next(i, 2)
        if n1 in _AND and n2 in _ME:
            p1 = self.prev(i)
            return p1 not in _DETERMINERS and self.english(p1) not in ("IN", "TO")
        p1, p2 = self.prev(i), self.prev(i, 2)
        return p1 in _AND and p2 in _ME and p1 != "with"

    def action_context(self, i: int) -> bool:
        n1 = self.next(i)
        if n1 in self.res.action_verbs:
            return self.prev(i) not in _DETERMINERS
        if n1 in ("is", "was", "'s") and self.next(i, 2) in ("my", "mine", "me"):
            return self.prev(i) not in _DETERMINERS
        # "rose in my class", "amir from my year": a person among the pupil's classmates.
        if (n1 in ("in", "from") and self.next(i, 2) in ("my", "our")
                and self.next(i, 3) in _CLASSES):
            return self.prev(i) not in _DETERMINERS
        return False

    # -- decision ------------------------------------------------------------------
    def is_name(self, i: int) -> bool:
        # A word in a protected span is no name. Every test of ``_is_name`` is pure, so
        # that is asked last, and only of a word the others would name: most answers
        # then never build their protected spans.
        return self._is_name(i) and not self.in_protected(self.toks[i])

    def _is_name(self, i: int) -> bool:
        """``is_name`` for a word in no protected span."""
        tok = self.toks[i]
        if tok.placeholder or tok.text == "&" or self.plain_english(i):
            return False
        w = tok.base
        res = self.res
        if self.closed_lower(tok):
            return False
        if w in res.strong_titles or w in res.soft_titles or w in res.relation_words:
            return False
        if self.contraction(tok) or w in res.public_figures or self.pet_context(i):
            return False
        if self.ordinary_use(i):
            return False
        if (i + 1 < len(self.toks) and self.adjacent(i, i + 1)
                and self.toks[i + 1].base in res.public_figures):
            return False  # "Bruno Guimaraes", "Kylian Mbappe": a famous surname's first name
        if self.title_context(i):
            return True
        first = self.is_first(w)
        english = self.english(w)
        if english is not None and first and zipf_any(w) < _UNSEEN_ZIPF:
            english = None  # a lexicon entry nobody writes ("hevin" as a verb): a name
        # In a name context a known name counts even if it is also a word, but only a
        # name common in English ("my friend will", not "my brother beat me").
        context_name = first and (english is None or self.word_name(w))
        explicit = self.naming_context(i) or self.relation_context(i)
        if explicit and not self.closed(w) and not self.modal_use(i):
            if context_name or self.unknown_name_after_relation(tok):
                return True
            if is_title_case(tok.text) and not self.caseless and (english is None or first):
                return True  # "my daughter Hope", "a boy called Will"
        # (no story's character is asked for the answer's stories)
        if w in self.derived.characters and w in self.characters and not (
                self.with_me_context(i) or self.action_context(i)):
            return False  # "Peppa Pig and George": a story's character, not a person
        if w in res.not_names or self.urdu_word(w) or self.thing_or_team(i) or (
                self.word_of_language(i)):
            return False
        if self.contact_context(i):
            return True  # "ring Ken on 07...", "ask for Gaz"
        if w in res.places and (w not in res.given_names or self.place_reading(i)):
            return False  # "Kenya"; "Jordan", "Amara" are names but "from Jordan" a place
        # "X and me", "X hits me": only a known name (children misspell so much that an
        # unknown word here is more often a word: "scool and i", "nobdy plays").
        weak = self.with_me_context(i) or self.action_context(i)
        if weak and context_name and not self.closed(w) and not self.modal_use(i):
            return True
        if self.part_of_place(i):
            return False
        if not first:
            return self.unknown_proper_noun(i)
        if english is None:
            if self.lower_word_of_language(i):
                return False
            return self.plain_name_shape(tok)
        # An ordinary word that is also a name: only capitalised mid-sentence, and only
        # for names common in English-speaking countries; never as a verb after "I".
        return (
            is_title_case(tok.text) and not tok.initial and not self.caseless
            and (self.word_name(w) or any(self.word_name(p) for p in w.split("-")))
            and self.prev(i) not in _DETERMINERS and self.prev(i) not in _QUANTITY
            and english not in _CLOSED_TAGS - {"MD"}
            and not self.modal_use(i)
            and self.prev(i) not in _SUBJECTS
        )

    def closed_lower(self, tok: Tok) -> bool:
        """A small grammatical word in lower case ("my", "us", "an"; not "will"/"may"/
        "can", nor one nobody writes, which ``is_name`` reads as a name's spelling): no
        rule below makes it a name. Each rule that can needs the word capitalised, or not
        ``closed``, or no English word, or (``unknown_proper_noun``) none of these."""
        w = tok.base
        return (not self.caseless and tok.text.islower() and "-" not in w
                and w not in _MODALS and self.english(w) in _CLOSED_TAGS
                and (w not in self.res.first_names or zipf_any(w) >= _UNSEEN_ZIPF))

    def ordinary_use(self, i: int) -> bool:
        """A name in one of its uses as a word or as no person: "say grace before tea",
        "attendance is on amber", "joy of joys", "I like Vera cos it's set here", a
        people in another language ("Rómovia", "Rómami")."""
        tok, w = self.toks[i], self.toks[i].base
        p1, p2 = self.prev(i), self.prev(i, 2)
        if p1 in _ORDINARY_USE.get(w, ()):
            return True
        if w in _COLOURS and not tok.suffix_len and (
                (p1 == "on" and p2 in _STATE) or (p1 in ("to", "into") and p2 in _TURNED)):
            return True  # "is on Amber", "has dropped to Amber"; not "pick on Amber"
        if self.next(i) == "of" and self.next(i, 2) in (w + "s", w + "es"):
            return True
        if not tok.suffix_len and _IT_AFTER.match(self.text, tok.end):
            return True
        return _PEOPLES.fullmatch(tok.low) is not None and self.language != "en"

    def word_of_language(self, i: int) -> bool:
        """A capitalised word at a sentence's start in an answer in Polish, Romanian, Czech
        or Slovak that is a common word of that language, far commoner there than in
        English, and no name given in it: "Ona" (she), "Vara" (in summer), which name
        lists elsewhere hold. "Maja", "Mihai", "Pawel", "Davida" (a name with a case
        ending) stay names, and so does a name given everywhere ("Anna", "Sam"), which
        is as common in English writing."""
        tok = self.toks[i]
        if not tok.initial or tok.suffix_len or self.language == "en":
            return False
        own = self.res.language_names.get(self.language, frozenset())
        w = tok.base
        bare = fold_accents(w)
        if w in own or bare in own or any(
                len(bare) - k >= 3 and bare[:-k] in own for k in (1, 2, 3)):
            return False
        common = max(zipf_unaccented(w, lang)
                     for lang in _SIBLINGS.get(self.language, (self.language,)))
        return common >= _LANGUAGE_WORD_ZIPF and common - zipf(w) >= _COMMONER_THERE

    def lower_word_of_language(self, i: int) -> bool:
        """A word in lower case in a Polish, Romanian, Czech or Slovak answer that is a
        common word there, typed with or without accents, and no name given in that
        language: "kluk rika" (a boy says), which a list of names elsewhere holds. A name
        of the language ("pavel", "ana") stays a name, and so does any name after "called"
        or "my friend" (settled before this is asked)."""
        tok = self.toks[i]
        if tok.text[:1].isupper() or tok.suffix_len or self.language == "en":
            return False
        own = self.res.language_names.get(self.language, frozenset())
        w = tok.base
        if w in own or fold_accents(w) in own:
            return False
        return max(zipf_unaccented(w, lang)
                   for lang in _SIBLINGS.get(self.language, (self.language,))
                   ) >= _LANGUAGE_WORD_ZIPF

    def plain_english(self, i: int) -> bool:
        """An ordinary English word that is no first name, in lower case, not after a
        title: none of the rules below can make it a name, so it is settled at once
        (most words of an answer are)."""
        tok = self.toks[i]
        w = tok.base
        if w in self.res.first_names or "-" in w:
            return False
        # A capital says nothing on the pronoun "I" or at a sentence's start ("The", "We"),
        # as long as the answer is not all in capitals.
        if tok.text[:1].isupper() and not (
                tok.text == "I" or (tok.initial and tok.text[1:].islower()
                                    and not self.caseless)):
            return False
        if self.english(w) is None:
            return False
        before = self.prev_raw(i)
        return before not in self.res.strong_titles and before not in self.res.soft_titles

    def unknown_name_after_relation(self, tok: Tok) -> bool:
        """A word on no list after "my friend": a name ("my frend rebin") unless it is a
        misspelt word children write ("my sister dosent", "mummys frend sez"): one that
        wordfreq has seen as often as once in ten million words."""
        if not self.foreign_word(tok) or misspelling(tok.base, self.res) or sound_spelling(
                tok.base, self.res):
            return False  # "my brothers becos", "my sister wiv"
        return (is_title_case(tok.text) and not self.caseless) or zipf(tok.base) < _RARE_ZIPF

    def word_name(self, word: str) -> bool:
        """A name that is also an English word and is given to children here: "Grace",
        "Jack", "Will", "Lily". Faker's American lists also hold "Council", "Friend",
        "Baby", "Love" and "Hope" as first names; an everyday word that common (Zipf 4.5
        and over) counts as a name only if British or Irish lists have it too. Lists of
        names given today only (``CORE_LOCALES``): "Harm", "Toy" or "Infant" are not."""
        res = self.res
        if word in _MODALS:
            return word in _MODAL_NAMES  # modal_use() tells the verb from the name
        if word not in res.core_names:
            return False
        return (word in res.uk_names or word in res.own_names or word in _MODALS
                or zipf(word) < _EVERYDAY_ZIPF)

    def contraction(self, tok: Tok) -> bool:
        """"I'm", "i'd", "they're", "aren't"; without the apostrophe "im", "arent"."""
        low = tok.low
        memo = self.derived.contractions
        known = memo.get(low)
        if known is None:
            known = self._contraction(low)
            if len(low) <= _WORD_MEMO_LONGEST:
                if len(memo) >= _WORD_MEMO_LIMIT:
                    memo.clear()
                memo[low] = known
        return known

    def _contraction(self, low: str) -> bool:
        if "'" in low:
            stem, _, end = low.rpartition("'")
            if end in _CONTRACTIONS and end != "s":
                return True
            return end == "s" and (stem in _SUBJECTS or self.closed(stem))
        for end, threshold in _CONTRACTIONS.items():
            if len(low) > len(end) + 1 and low.endswith(end):
                if end == "t":
                    if not low.endswith("nt"):
                        continue
                    candidate = low[:-2] + "n't"
                else:
                    candidate = low[: -len(end)] + "'" + end
                if zipf(candidate) >= threshold:
                    return True
        return low in ("im", "id", "ive")

    def place_reading(self, i: int) -> bool:
        """"from Jordan", "in Georgia", "went to Jordan": a place that is also a name."""
        p1 = self.prev(i)
        return p1 in _PLACE_BEFORE or (p1 == "to" and self.prev(i, 2) in _TRAVEL)

    def pet_context(self, i: int) -> bool:
        """A pet's or a toy's name, kept: "my dog is called biscit", "a hamster called
        Nugget", "My dog Buster", "2 dogs, Bella and Milo", "my teddy is called mr
        snuggles"."""
        if not self.pets:
            return False
        tok = self.toks[i]
        sentence = max(self.text.rfind(c, 0, tok.start) for c in ".!?\n") + 1
        return bool(self.res.pet_pattern.search(self.text, max(sentence, tok.start - 60),
                                                tok.start))

    def part_of_place(self, i: int) -> bool:
        """A capitalised word in a place's or organisation's name: "Elswick Park",
        "the Town Hall", "Love Hall", "Jubilee Pools"."""
        tok = self.toks[i]
        if self.street_or_saint(i):
            return True
        if self.signed(i):
            return False
        if not is_title_case(tok.text) or self.caseless:
            return False
        if self.joined_place(i):
            return True
        heads = self.res.place_heads | self.res.strong_streets
        j = i + 1
        while j < len(self.toks) and self.adjacent(j - 1, j) and j <= i + 3:
            nxt = self.toks[j]
            if not is_title_case(nxt.text):
                # "at Nunsmoor park", "to Exhibition park": a head in lower case after
                # a word no name list knows, where a place is named.
                return (nxt.base in self.res.place_heads and j == i + 1
                        and self.prev(i) in _AT_PLACE and tok.base not in self.res.first_names)
            if nxt.base in heads:
                return True
            j += 1
        if i > 0 and self.adjacent(i - 1, i):
            before = self.toks[i - 1]
            if is_title_case(before.text) and not before.placeholder and (
                    tok.base in heads  # "Elswick Park"
                    or before.base in heads):
                return True  # "Park Nunsmoor", as Polish and Romanian answers put it
        return False

    def joined_place(self, i: int) -> bool:
        """Capitalised words (common in English) joined by "and" or "&" right before a
        place's head, after "the" or "our": one place's name ("the Rose and
        Crown market", "our Friday Faith & Hope cafe"), not "Grace and Joy at the cafe"."""
        toks, heads = self.toks, self.res.place_heads

        def joins(k: int) -> bool:
            return not toks[k].placeholder and (
                toks[k].low in _COORD or is_title_case(toks[k].text))

        a = b = i
        while a > 0 and self.adj[a - 1] and joins(a - 1) and b - a < 6:
            a -= 1
        while b + 1 < len(toks) and self.adj[b] and joins(b + 1) and (
                toks[b + 1].base not in heads) and b - a < 6:
            b += 1
        if b + 1 >= len(toks) or not self.adj[b] or toks[b + 1].base not in heads:
            return False
        run = toks[a:b + 1]
        if any(t.suffix_len for t in run) or not any(t.low in _COORD for t in run[1:-1]):
            return False
        if any(self.is_first(t.base) and self.english(t.base) is None
               and t.base not in self.res.not_names and zipf(t.base) < COMMON_ZIPF
               for t in run):
            return False  # "the Jayden and Aisha club": names, not words
        return toks[a].low in _DETERMINERS or self.prev(a) in _DETERMINERS

    def signed(self, i: int) -> bool:
        """A first name and a surname that is also a place's head, signing off the answer
        after a comma, a dash or a line break ("..., message me, Dave Hall"): a person,
        not "Jubilee Hall"."""
        toks, j = self.toks, i + 1
        if j >= len(toks) or not self.adj[i] or not is_title_case(toks[j].text):
            return False
        tok = toks[i]
        if tok.base not in self.res.given_names or self.english(tok.base) is not None:
            return False
        if toks[j].base not in self.res.surnames or self.text[toks[j].end:].strip(" .!\n"):
            return False
        gap = self.text[toks[i - 1].end:tok.start] if i else ","
        return gap.strip() in (",", "-") or ("\n" in gap and gap.strip() in ("", ".", "!"))

    def street_or_saint(self, i: int) -> bool:
        """In any case, a word right before a street's type that is no verb or adjective
        ("adelaide terrace", "ADELAIDE TERRACE"; not "jayden close") or after "st" or
        "saint" ("st anne's church"): a street or a church, school or park named after
        someone, not a person. An address that places someone is replaced before."""
        toks = self.toks
        if self.prev_raw(i) in _SAINTS:
            return True
        if i + 1 >= len(toks) or not self.adj[i] or toks[i].suffix_len:
            return False
        street = toks[i + 1].low
        return street in self.res.strong_streets and (
            self.english(street) or "NN")[:2] not in ("VB", "JJ")

    def unknown_proper_noun(self, i: int) -> bool:
        """A capitalised word in mid-sentence that is on no list and rare in English.

        Names missing from the lists ("Rojin", "Filsan") are caught this way when written
        with a capital. A word wordfreq has seen once in ten million words ("Asian",
        "Covid", "Brexit", "Biryani", "Ofsted"; "Polsce", "Praha" in Polish or Czech) is
        kept, and so is one after "the" or "a" ("the Mencap group").
        """
        tok = self.toks[i]
        word = tok.text[: len(tok.text) - tok.suffix_len]
        parts = re.split(r"['’-]", word)
        if (tok.initial and not self.person_at_place(i)) or self.caseless or len(tok.base) < 3:
            return False
        if not all(p[:1].isupper() and p[1:].islower() for p in parts if len(p) > 1):
            return False
        w = tok.base
        if w in self.res.not_names or self.english(w) is not None:
            return False
        # A name no list knows is rare in writing too: a word wordfreq has seen once in
        # ten million words or more ("Biryani", "Ofsted", "Niqab", "Btec") is a word,
        # unless it is a surname ("Millar"), which only a common word outweighs.
        rare = COMMON_ZIPF if w in self.res.surnames else _RARE_ZIPF
        if zipf_any(w) >= rare or self.prev(i) in _DETERMINERS:
            return False
        if self.language != "en" and max(
                zipf_unaccented(w, lang) for lang in _SIBLINGS.get(self.language, (self.language,))
        ) >= _OTHER_LANGUAGE_ZIPF:
            return False
        if self.language in _SLAVIC and self.prev(i) == "ty":
            return False  # "ty Cyganko": you, called a word, not a name
        if self.language != "en" and self.inflected_place(w):
            return False  # "v Elswicku", "do Fenhamu": a place with a case ending
        if w.endswith("s") and (self.english(w[:-1]) is not None or w[:-1] in self.res.not_names):
            return False  # "Geordies", "Vikings"
        if w.endswith("s") and self.made_things(i):
            return False  # "old Carreras", "new Jordans": things of a make
        if w.endswith("s") and self.common_plural(w[:-1]):
            return False  # "Ferraris", "Teslas": a make's name, which no list has
        if not tok.suffix_len and self.place_reading(i):
            return False  # "from Northumbria", "went to Butlins"; not "went to Rojin's"
        if not tok.suffix_len and self.prev(i) in _AT_PLACE and w not in self.res.surnames and (
                _TOPONYM.search(w)):
            return False  # "football at Nunsfield": an English place's name by its ending
        return not self.listed_with_place(i)

    def person_at_place(self, i: int) -> bool:
        """At a sentence's start, a word as rare as a name on no list is in mid-sentence,
        before "at the" or "from the": someone at a place ("Rojdan at the youth club.
        She always listens"); not "Zumba at the community centre"."""
        if self.next(i) not in ("at", "from") or self.next(i, 2) not in ("the", "our"):
            return False
        return zipf_any(self.toks[i].base) < _RARE_ZIPF

    def inflected_place(self, word: str) -> bool:
        """A place the lists know with a case ending of Polish, Czech, Slovak or
        Romanian: "Elswicku", "Fenhamu", "Newcastlu"."""
        res = self.res
        for ending in _CASE_ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 4 and any(
                    s in res.places or (s in res.not_names and s not in res.first_names)
                    for s in (stem, stem + "e", stem + "a")):
                return True
        return False

    def made_things(self, i: int) -> bool:
        """A plural after an adjective or a number, ending its phrase ("old Carreras,
        scooters", "two new Jordans and a coat"), of a word common in writing (a make): a
        person's name takes no plural there ("poor Jaydens mum" is a possessive)."""
        tok, w = self.toks[i], self.toks[i].base
        before = self.english(self.prev(i)) or ""
        if tok.suffix_len or not (before.startswith("JJ") or before == "CD"):
            return False
        after = self.next(i)
        if after and after not in _COORD:
            return False
        return len(w) > 4 and zipf_any(w[:-1]) >= COMMON_ZIPF

    def common_plural(self, stem: str) -> bool:
        """"Ferrari" in "Ferraris" is common in writing (a brand, a make): as common as
        a capitalised word must be to be kept by itself, and for a surname as common
        as an everyday word. A first name's plural ("Jaydens") is a possessive."""
        res = self.res
        if len(stem) < 3 or stem in res.first_names:
            return False
        return zipf_any(stem) >= (COMMON_ZIPF if stem in res.surnames else _RARE_ZIPF)

    def listed_with_place(self, i: int) -> bool:
        """Joined by "and", "or" or a comma to a place, a shop or an organisation the
        lists know ("Blackpool and Butlins", "KFC or Maccies"): one of them too."""
        toks, res = self.toks, self.res
        for j, middle in ((i - 2, i - 1), (i + 2, i + 1), (i - 1, None), (i + 1, None)):
            if not 0 <= j < len(toks):
                continue
            a, b = sorted((i, j))
            if middle is None:
                if self.text[toks[a].end:toks[b].start].strip() != ",":
                    continue
            elif toks[middle].low not in ("and", "or", "&") or not (
                    self.adj[a] and self.adj[middle]):
                continue
            other = toks[j]
            if other.text[:1].isupper() and not other.placeholder and (
                    other.base in res.places or other.base in res.not_names
                    and other.base not in res.first_names):
                return True
        return False

    def plain_name_shape(self, tok: Tok) -> bool:
        """A known non-English first name: any case, except short all-caps acronyms."""
        word = tok.text[: len(tok.text) - tok.suffix_len]
        if (not is_title_case(word) or self.caseless) and (
            not self.local(tok.base) or misspelling(tok.base, self.res)
            or self.plain_word(tok.base)
            or (self.language != "en" and zipf_in(tok.base, self.language) >= COMMON_ZIPF)
        ):
            return False
        if len(tok.base) == 2:
            return is_title_case(word) and not self.caseless
        if word.isupper() and not self.caseless and len(word) <= 3:
            return False
        return True

    def plain_word(self, word: str) -> bool:
        """A name in Faker's lists that, in lower case and with no name context, is more
        likely a word: short ones ("imo", "irl", "cam", "del") and very common ones
        ("smith", "nick", "mike"), unless British, Irish or ``names.yaml`` lists have
        it ("sam", "ali", "oscar")."""
        res = self.res
        if word in res.uk_names or word in res.own_names:
            return False
        return len(word) <= 3 or zipf(word) >= _EVERYDAY_ZIPF - 0.5

    def surname_after(self, i: int) -> bool:
        j = i + 1
        if j >= len(self.toks) or not self.adjacent(i, j):
            return False
        tok = self.toks[j]
        if tok.placeholder or tok.text == "&":
            return False
        return self._surname(tok) and not self.in_protected(tok)  # that last: see is_name

    def _surname(self, tok: Tok) -> bool:
        w = tok.base
        if len(tok.text) == 1 and tok.text.isupper() and tok.text not in "IA" and (
                not self.caseless):
            return True  # a surname's initial ("Szymon W", "Amy T."), whatever "w" is
        tag = self.english(w)
        if w in self.res.not_names or self.closed(w) or tag in _VERB_TAGS:
            return False
        if is_title_case(tok.text) and not self.caseless:
            return True
        return w in self.res.surnames and tag is None and len(w) >= 3

    def plain_s_possessive(self, i: int) -> bool:
        """'jaydens' written without an apostrophe."""
        tok = self.toks[i]
        w = tok.low
        if tok.suffix_len or not w.endswith("s") or len(w) < 5:
            return False
        if w in self.res.not_names or tok.placeholder:
            return False
        # a word in a protected span is none, asked last (see is_name)
        return self._s_possessive(i, tok, w) and not self.in_protected(tok)

    def _s_possessive(self, i: int, tok: Tok, w: str) -> bool:
        stem = w[:-1]
        if (self.word_name(stem) and stem not in self.res.not_names
                and self.next(i) in _PERSONS_THINGS):
            return True  # "for jacks birthday", "at lilys house": a name that is a word
        if w in self.res.first_names or self.english(w) is not None:
            return False
        if stem in self.res.not_names:
            return False
        if not (stem in self.res.local_names and self.english(stem) is None):
            return False
        # "jaydens dad", "aishas house": a person's thing follows.
        nxt = self.next(i)
        tag = self.english(nxt) if nxt else None
        return bool(nxt) and (
            (tag or "").startswith("NN") or nxt in self.res.not_names
            or nxt in self.res.relation_words
        )

    def coordinated(self, i: int, named: list[bool]) -> bool:
        """An unknown word joined by "and" to a name: "Rayyan and [Hamza]"."""
        # Joined to a name first: most words are not, and the rest need not be asked.
        if named[i] or not (
                (i + 2 < len(self.toks) and named[i + 2] and self.next(i) in _AND_ONLY)
                or (i >= 2 and named[i - 2] and self.prev(i) in _AND_ONLY)):
            return False
        tok = self.toks[i]
        # an unknown word, or a name that is also a word ("jayden and lily"), not a verb
        if not (self.foreign_word(tok) or (
                self.word_name(tok.base) and not self.modal_use(i)
                and not (self.english(tok.base) or "").startswith(("VB", "MD", "RB", "JJ")))):
            return False
        return (self.caseless or tok.text[:1].isupper() or tok.text.islower()) and (
            not self.in_protected(tok))

    def spans(self) -> list[tuple[int, int]]:
        toks = self.toks
        n = len(toks)
        res = self.res
        first_names, memo, raw = res.first_names, res.memo, self._raw
        titles = (res.strong_titles, res.soft_titles)
        caseless = self.caseless
        named = [False] * n
        for i, tok in enumerate(toks):
            if tok.placeholder or tok.text == "&":
                continue
            # ``plain_english``, read here without a call for each of the many words it
            # settles; the rest go to ``is_name``.
            w = tok.base
            if w not in first_names and "-" not in w:
                text = tok.text
                if not text[:1].isupper() or text == "I" or (
                        tok.initial and text[1:].islower() and not caseless):
                    tag = memo[w] if w in memo else self.english(w)
                    if tag is not None and raw[i] not in titles[0] and raw[i] not in titles[1]:
                        continue
            named[i] = self.is_name(i)
        if any(named):  # a word is coordinated only with a name
            for i in range(n):
                if self.coordinated(i, named):
                    named[i] = True
        found: list[tuple[int, int]] = []
        i = 0
        while i < n:
            tok = self.toks[i]
            end_cut = 0
            if named[i]:
                end_cut = tok.suffix_len
            elif (not tok.suffix_len and len(tok.low) >= 5 and tok.low.endswith("s")
                  and self.plain_s_possessive(i)):
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


# Someone thanked or praised by where they help: "And Baz at the boxing gym who trains
# the lads", "Also Jo at the youth club, she knows every kid". A capitalised word before
# "at the" and a place where people help, with a person (who, she, he) in the rest of
# the sentence. Only a first name, or a word that is no English word (a short form:
# "Gav", "Tez"), is taken: not "Friday at the mosque".
_HELPER_AT = re.compile(
    r"(?<![\w'’@-])(?P<name>[A-Z][a-z]{1,14})\s+(?:(?:down|up|over)\s+)?(?:at|from)\s+"
    r"the\s+(?:[\w'’-]+\s+){0,2}?(?:project|pantry|club|centre|center|gym|mosque|church|"
    r"chapel|temple|gurdwara|library|shop|cafe|café|hub|garage|salon|chippy|surgery|"
    r"nursery|office|allotments?|market|hall|bank|stall|scheme|group)\b"
    r"(?P<rest>[^.!?\n]*)"
)
# Short forms ("Baz", "Gav", "Shaz") are no English words, but common enough online.
_NICKNAME_ZIPF = 3.5
_PERSON_AFTER = re.compile(r"\b(?:who|she|he|her|him|his|they)\b", re.IGNORECASE)
_NOT_HELPERS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                          "sunday", "christmas", "easter", "eid", "diwali", "ramadan",
                          "january", "february", "march", "april", "june", "july", "august",
                          "september", "october", "november", "december"})


def _helpers_at(text: str, res: Resources) -> list[tuple[int, int]]:
    spans = []
    for m in _HELPER_AT.finditer(text):
        word = m.group("name").casefold()
        if word in _NOT_HELPERS or word in res.not_names or word in res.places:
            continue
        if not _PERSON_AFTER.search(m.group("rest")):
            continue
        before = text[max(0, m.start() - 8):m.start()].split()
        if before and before[-1].casefold() in _ARTICLES | {"this", "that", "our", "your"}:
            continue  # "the Imam at the mosque who runs football": a role, not a name
        if word in res.given_names or word in res.first_names or (
                word not in res.english and zipf(word) < _NICKNAME_ZIPF):
            spans.append(m.span("name"))
    return spans


# Arabic titles that stand before a person's name: "الأستاذ خالد" (Mr/teacher Khalid),
# "الشيخ", "الدكتورة", "السيدة", "الآنسة", "مستر", "ميس". "المعلم"/"المعلمة" (the
# teacher) are left out: they as often stand before what is said of them.
AR_TITLES = ("الأستاذ", "الاستاذ", "الأستاذة", "الاستاذة", "أستاذ", "استاذ", "أستاذة", "استاذة",
              "الشيخ", "شيخ", "الشيخة", "الدكتور", "الدكتورة", "دكتور", "دكتورة", "السيد",
              "السيدة", "الآنسة", "الانسة", "آنسة", "انسة", "مستر", "ميس", "مس", "الحاج", "الحاجة",
              "حجي", "عمو", "خالو", "طنط",
              # Urdu's English titles, in its own letters: "مسز پٹیل" (Mrs Patel)
              "مسز", "مسٹر", "مِس")
_AR_TITLE = re.compile(r"(?<![\w])(?:و|ل|ب)?(?:" + "|".join(sorted(AR_TITLES, key=len,
                                                                      reverse=True))
                       + r")\s+(?P<name>[\u0621-\u064A\u0671-\u06D3]{2,})")
# What is said of the one titled, not a name: "الأستاذ طيب" (is kind), "الأستاذ ما".
_AR_NOT_NAMES = frozenset({
    "طيب", "طيبة", "لطيف", "جيد", "جيدة", "ممتاز", "ممتازة", "رائع", "رائعة", "كويس", "كويسة",
    "حلو", "حلوة", "شاطر", "شاطرة", "عصبي", "عصبية", "قاسي", "قاسية", "صارم", "صارمة", "كان",
    "كانت", "ما", "لا", "لم", "لن", "قد", "هو", "هي", "في", "من", "على", "عن", "مع", "اللي",
    "الذي", "التي", "بتاع", "تبع", "حق", "كثير", "كتير", "جدا", "دائما", "دايما", "أيضا",
    "ايضا", "يا", "و", "او", "أو", "بس", "لكن", "هذا", "هذه", "ده", "دي", "هاد", "هاي"})


def _arabic_titled(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _AR_TITLE.finditer(text):
        word = m.group("name")
        if word.startswith("ال") or word in _AR_NOT_NAMES:
            continue  # "الأستاذ الجديد": the new teacher
        spans.append(m.span("name"))
    return spans


# "ليلى وسارة" (Layla and Sara): "and" is a letter joined to the next name.
_AR_AND_NAME = re.compile(r"\s+و(?P<name>[\u0621-\u064A\u0671-\u06D3]{2,})")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")


_AR_NAMES_PLURAL = re.compile(r"(?:اسمهم|اسمهن|اسماؤهم|أسماؤهم|اسمائهم)\s+$")


def _with_arabic_and(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """After "their names (are)", a name in Arabic script followed by "و" and another
    word: that word is a name too ("اسمهم ليلى وسارة"). After "her name" the next "و"
    starts what is said ("اسمها مريم ونلعب معا": and we play)."""
    more = []
    for start, end in spans:
        if not _AR_NAMES_PLURAL.search(text, max(0, start - 12), start):
            continue
        at = end
        while _ARABIC_LETTER.match(text, at - 1) and (m := _AR_AND_NAME.match(text, at)):
            if m.group("name").startswith("ال") or m.group("name") in _AR_NOT_NAMES:
                break
            more.append(m.span("name"))
            at = m.end()
    return sorted(set(spans) | set(more))


def names(text: str, res: Resources) -> tuple[str, int]:
    """Replace first names (with a following surname) by ``[name]``."""
    spans = _NameFinder(text, res).spans()
    if not text.isascii():
        spans = sorted(spans + [s for s in _arabic_titled(text)
                                if not any(a < s[1] and s[0] < b for a, b in spans)])
        spans = _with_arabic_and(text, spans)
    if " at the " in text or " from the " in text:
        spans = sorted(spans + [s for s in _helpers_at(text, res)
                                if not any(a < s[1] and s[0] < b for a, b in spans)])
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and text[merged[-1][1]:start].strip(" \t") == "" and (
            start - merged[-1][1] <= 2
        ):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return replace_spans(text, [(a, b) for a, b in merged], "name")
