"""Which language a free-text answer is written in, among the languages the service offers.

Uses lingua (``lingua-language-detector``), a maintained detector that ships its own
language models in the wheel: nothing is downloaded. It is restricted to the offered
languages and built in low-accuracy mode (trigram models only: about 25 MB and a
twentieth of a second to start, against 300 MB for the full models), once per process.

Three things lingua cannot know, added on top of it:

- Kurdish Sorani is not among lingua's languages. It is written in the Arabic script
  with letters Arabic and Farsi do not use (ێ ۆ ڵ ڕ ە ڤ); an answer in that script with
  one of those letters is Sorani.
- Urdu written in Latin letters (Roman Urdu, how many parents type on a phone) looks to
  lingua like English or Polish. Two or more of its common function words ("mujhe",
  "nahi", "hai", "mera"...) in an answer make it Urdu.
- A short English answer ("a vet", "I love it here") can look Slovak or Romanian to it.
  So a Latin-script answer leaves English only with evidence: letters of that language
  that English words and borrowed names never use (ą ș ř..., not the é of "café"), or a
  third of its words among the 5,000 commonest of that language and not of English
  (word lists from ``wordfreq``, which ships them; Slovak is checked with the Czech
  list, its nearest, or by lingua being all but certain of it).

English is never set aside without that evidence: a one-word answer, or one where
English is close to the best guess, counts as English ("mam", "i lik my frends").
No Flask imports.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

__all__ = ["OFFERED", "detect", "languages_in"]

#: The languages the service offers, as ISO 639 codes (ckb: Kurdish Sorani).
OFFERED = ("en", "ar", "pl", "ur", "bn", "fa", "ckb", "ro", "cs", "sk")

_SORANI_LETTERS = set("ێۆڵڕەڤ")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_BENGALI_SCRIPT = re.compile(r"[\u0980-\u09ff]")
_LATIN_WORD = re.compile(r"[a-z]+")
_ROMAN_URDU = frozenset("""
mujhe mujhay mujh mein main mai mera meri mere hai hain hun hoon nahi nahin nhi kyun kyon
kya aur bohat bahut bhot lekin magar unhon usne wo woh yeh ye apne apni apna hamara hamari
ghar walid walida ammi abbu abu bhai behen karta karti karte raha rahi rahe jata jati
jaate mujhse humein hum tum aap bachay bachon bacha bachi sath saath kabhi hamesha
liye chahiye chahie hona honi hota hoti gaya gayi gaye wala wali wale bhi tha thi
lagta lagti zyada ziada acha achha achi ache kuch koi kiya kiye raat roz waqt abhi
""".split())
# English wins unless another language is this much more likely.
_ENGLISH_MARGIN = 0.25
_MIN_WORDS = 2
# Share of words that must be common in the other language (and not in English).
_EVIDENCE = 1 / 3
_COMMON_WORDS = 5000
# ...or lingua this sure of it (Slovak has no word list of its own), or this sure with
# a fifth of the words common in that language ("lubie matematyke i wf").
_SURE = 0.95
_SOME_EVIDENCE = 1 / 5
_WORDLIST_OF = {"pl": "pl", "ro": "ro", "cs": "cs", "sk": "cs"}

_LOCK = threading.Lock()
_DETECTOR: list = []


def _detector():
    if not _DETECTOR:
        with _LOCK:
            if not _DETECTOR:
                from lingua import Language, LanguageDetectorBuilder

                languages = [Language.ENGLISH, Language.ARABIC, Language.POLISH,
                             Language.URDU, Language.BENGALI, Language.PERSIAN,
                             Language.ROMANIAN, Language.CZECH, Language.SLOVAK]
                _DETECTOR.append(LanguageDetectorBuilder.from_languages(*languages)
                                 .with_low_accuracy_mode().build())
    return _DETECTOR[0]


_CODES = {"ENGLISH": "en", "ARABIC": "ar", "POLISH": "pl", "URDU": "ur", "BENGALI": "bn",
          "PERSIAN": "fa", "ROMANIAN": "ro", "CZECH": "cs", "SLOVAK": "sk"}


@lru_cache(maxsize=2048)
def detect(text: str) -> str:
    """The answer's language code (one of ``OFFERED``); "en" when in doubt."""
    if not isinstance(text, str) or not text.strip():
        return "en"
    if _BENGALI_SCRIPT.search(text):
        return "bn"
    if _ARABIC_SCRIPT.search(text):
        if _SORANI_LETTERS & set(text):
            return "ckb"
        return _best(text, among=("ar", "fa", "ur")) or "ar"
    words = _LATIN_WORD.findall(fold_accents(text))
    tally = _tally(words)
    if _count(tally, "ur", words) >= 2:
        return "ur"
    if len(words) < _MIN_WORDS:
        return "en"
    if _english_share(words, tally) >= _ENGLISH_MAJORITY:
        return "en"  # mostly English with a word or two of another ("i want to be piłkarz")
    values = _confidences(text)
    best = max(values, key=values.get)
    if best == "en" or values[best] - values.get("en", 0.0) < _ENGLISH_MARGIN:
        return "en"
    if (best not in _WORDLIST_OF or _foreign_letters(text, best)
            or _common_share(words, best) >= _EVIDENCE
            or (best == "sk" and values[best] >= _SURE)
            or (values[best] >= _SURE and _common_share(words, best) >= _SOME_EVIDENCE)):
        return best
    return "en"


def fold_accents(text: str) -> str:
    """Lower case without accents, as answers typed on an English keyboard are ("zolty" for
    "żółty")."""
    if text.isascii():
        return text.lower()  # nothing to take off, and no "ł"
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ł", "l")


#: Letters of each language that English words and borrowed names ("café") never use.
_OWN_LETTERS = {"pl": set("ąćęłńśźż"), "ro": set("ăâîșşțţ"), "cs": set("čďěňřšťůž"),
                "sk": set("äčďĺľňôŕšťž")}


def _foreign_letters(text: str, language: str) -> bool:
    return bool(_OWN_LETTERS[language] & set(text.casefold()))


@lru_cache(maxsize=8)
def _common_words(language: str) -> frozenset[str]:
    """Common words of a language that are not also common in English."""
    from wordfreq import top_n_list

    english = {fold_accents(w) for w in top_n_list("en", _COMMON_WORDS, wordlist="small")}
    return frozenset(fold_accents(w) for w in top_n_list(language, _COMMON_WORDS, wordlist="small")
                     if len(w) > 1) - english


#: An answer at least half of whose words are among English's commonest is English.
_ENGLISH_MAJORITY = 0.5


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """English's commonest words ("a", "my", "want", "like")."""
    from wordfreq import top_n_list

    return frozenset(fold_accents(w) for w in top_n_list("en", _COMMON_WORDS, wordlist="small"))


#: ``fold_accents`` of one word, remembered: answers repeat their words and each other's.
_fold_word = lru_cache(maxsize=65536)(fold_accents)


def _english_share(words: list[str], tally: int | None = None) -> float:
    if tally is not None:
        return _count(tally, "en", words) / len(words) if words else 0.0
    english = _english_words()
    return sum(1 for w in words if _fold_word(w) in english) / len(words) if words else 0.0


#: What ``detect`` and ``languages_in`` count of an answer's words (``_LATIN_WORD``,
#: accents folded): Roman Urdu function words, English's commonest words (as
#: ``_english_share``), and the common words of each word list. Each word's facts are
#: kept as one number with a digit per fact in base 2**``_DIGIT``, so that one sum()
#: over an answer's words counts every fact at once.
_FACTS = ("ur", "en", *sorted(set(_WORDLIST_OF.values())))
_DIGIT = 24
_FACTS_KEPT = 65536


class _WordFacts(dict):
    """word -> its facts (``_FACTS``) as one number, worked out on first sight;
    emptied when it reaches ``_FACTS_KEPT`` words."""

    def __missing__(self, word: str) -> int:
        value = sum(1 << (_DIGIT * i) for i, fact in enumerate(_facts_of(word)) if fact)
        if len(self) >= _FACTS_KEPT:
            self.clear()
        if len(word) <= 40:
            self[word] = value
        return value


def _facts_of(word: str) -> tuple[bool, ...]:
    """``word``'s facts, in the order of ``_FACTS``."""
    return (word in _ROMAN_URDU, _fold_word(word) in _english_words(),
            *(word in _common_words(wordlist) for wordlist in _FACTS[2:]))


_word_facts = _WordFacts()


def _tally(words: list[str]) -> int | None:
    """The facts of ``words`` counted (``_count`` reads them); None for an answer of
    too many words to count this way."""
    return sum(map(_word_facts.__getitem__, words)) if len(words) < 1 << _DIGIT else None


def _count(tally: int | None, fact: str, words: list[str]) -> int:
    """How many of ``words`` have ``fact`` (``tally``: ``_tally`` of them)."""
    at = _FACTS.index(fact)
    if tally is None:
        return sum(1 for word in words if _facts_of(word)[at])
    return (tally >> (_DIGIT * at)) & ((1 << _DIGIT) - 1)


def _common_share(words: list[str], language: str) -> float:
    common = _common_words(_WORDLIST_OF[language])
    folded = [_fold_word(w) for w in words]
    return sum(1 for w in folded if w in common) / len(folded)


def warm_up() -> None:
    """Load the detector and the word lists now rather than on the first answer."""
    _detector().compute_language_confidence_values("Mama pracuje w sklepie")  # loads models
    _english_words()
    for language in sorted(set(_WORDLIST_OF.values())):
        _common_words(language)


def _confidences(text: str) -> dict[str, float]:
    return {_CODES[c.language.name]: c.value
            for c in _detector().compute_language_confidence_values(text)}


#: A word off English's commonest list still counts as English when it is at least this
#: common in English (Zipf scale) and clearly commoner there than in any offered
#: Latin-script language: "footballer", "vet", "hairdresser", "plumber" are; "tata",
#: "mama", "doctor" (as common in Romanian), "omor" are not.
_ENGLISH_ZIPF = 3.0
_ENGLISH_LEAD = 0.5


@lru_cache(maxsize=65536)
def _english_word(word: str) -> bool:
    if word in _english_words():
        return True
    from wordfreq import zipf_frequency

    own = zipf_frequency(word, "en")
    return own >= _ENGLISH_ZIPF and all(
        own >= zipf_frequency(word, wordlist) + _ENGLISH_LEAD
        for wordlist in sorted(set(_WORDLIST_OF.values())))


def _in_doubt(words: list[str], tally: int | None = None) -> bool:
    """Fewer than half the words are common English ones, or at most half of the longer
    ones are English words ("vreau sa ma omor", "dokuczaja mi w szkole": "sa", "ma",
    "mi", "w" are on English's list too; "a vet or a footballer" is English).
    ``tally``: ``_tally(words)``, when known."""
    longer = [w for w in words if len(w) > 2]
    return (_english_share(words, tally) < _ENGLISH_MAJORITY
            or bool(longer) and sum(map(_english_word, longer)) / len(longer)
            <= _ENGLISH_MAJORITY)


def _best(text: str, among: tuple[str, ...]) -> str | None:
    values = {code: value for code, value in _confidences(text).items() if code in among}
    return max(values, key=values.get) if values else None


#: Words of another language that make a mostly-English answer worth reading with
#: that language's rules too ("tata mnie bije and i want to run away").
_MIXED_WORDS = 2


#: Offered languages written in Latin letters (Urdu as Roman Urdu).
_LATIN_LANGUAGES = ("pl", "ro", "cs", "sk", "ur")


def languages_in(text: str) -> list[str]:
    """The answer's language first, then any other it mixes in (Latin-script ones).

    When the answer was kept as English without most of its words being English ones
    ("ucitelia su dobri", "vreau sa ma omor", a Roman Urdu answer with few function
    words), every offered
    Latin-script language is listed too, so that each one's rules read it: a language
    told wrongly must not leave a disclosure unread.
    """
    found = [detect(text)]
    if not isinstance(text, str) or _ARABIC_SCRIPT.search(text) or _BENGALI_SCRIPT.search(text):
        return found
    words = _LATIN_WORD.findall(fold_accents(text))
    tally = _tally(words)
    if found == ["en"] and words and _in_doubt(words, tally):
        return [*found, *_LATIN_LANGUAGES]
    for language, wordlist in _WORDLIST_OF.items():
        if language in found:
            continue
        if _count(tally, wordlist, words) >= min(_MIXED_WORDS, len(words)):
            found.append(language)
    return found
