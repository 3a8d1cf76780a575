"""Is an answer in English? A simple, honest heuristic, not a language model.

Answers not in English are counted and set aside for a person to read; they are never
coded or scored. The test is deliberately plain, so its mistakes are predictable:

1. script: if more than half the letters are outside the Latin script (Arabic, Urdu,
   Farsi, Sorani Kurdish, Bengali...), the answer is not English;
2. letters with diacritics that English does not use (Polish ą ł ż, Romanian ș ț, Czech
   and Slovak č ř ů ú ý ľ...) in a fifth or more of the words: not English;
3. function words: with three or more words, if the share of common words from the
   partnership's likely Latin-script languages (Polish, Romanian, Czech, Slovak, Somali)
   is at least a quarter and above the share of common English words: not English.

4. the service's language detector (``collect.language_id.detect``: lingua, restricted to
   the offered languages, with its guards for short English answers): an answer it
   places in another offered language is not English. This catches Polish, Romanian,
   Czech and Slovak typed without diacritics, and Urdu in Latin letters.

Anything else counts as English, so a misspelt child's answer ("i lik my frends") stays
in; a one-word answer in another Latin-script language may still be kept as English
(a known miss, stated in docs/analysis.md).
"""

from __future__ import annotations

import re
import unicodedata

from ...collect.language_id import detect

LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
FOREIGN_DIACRITICS = set("ąćęłńśźżăâîșşțţčďěňřšťůúýžľĺŕőűøåæ")

ENGLISH_WORDS = set("""
a about all also always am an and any are around as at away bad be because been best
better big but by can can't could day do does don't down every everyone family feel for
friend friends from fun get go going good got great had happy has have he help her here
him his home how i i'd i'll i'm if in is it it's just kind know learn like lot love make
many me more most much my near need never new nice no not nothing of on one only or our
out park people place places play really safe sad school see she so some street than
that the their them there they things think this time to too up us very want was way we
well were what when where which who why will with work would yes you your
""".split())

FOREIGN_WORDS = set("""
jest nie się że jak mam moje mój bardzo dla szkoła szkole dzieci dziecko lubię tak
czy są ale też jestem moja mamy nasze
este și nu în pentru copii copilul foarte bine mai că sunt care cu îmi place școala
școală eu noi avem
je jsem jsou děti dítě velmi dobře škola škole mám rád ráda taky
som sú deti veľmi dobre škola mám rád páči
waa iyo ka ku caruurta waxaan aad wanaagsan dugsiga
""".split())


def _latin(ch: str) -> bool:
    return ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF


def is_english(text: str) -> bool:
    return language_reason(text) is None


def language_reason(text: str) -> str | None:
    """None when the answer counts as English, else why it does not."""
    reason = _hand_rules(text)
    if reason is None and detect(text) != "en":
        return "another offered language (detected)"
    return reason


def _hand_rules(text: str) -> str | None:
    if text.isascii():
        words = text.lower().split()
        if len(words) < 3 or not FOREIGN_WORDS.intersection(words):
            return None
        return _function_words([w.strip(".,!?;:'\"()") for w in words])
    text = unicodedata.normalize("NFC", text or "")
    letters = LETTERS.findall(text)
    if not letters:
        return None
    non_latin = sum(1 for ch in letters if not _latin(ch))
    if non_latin / len(letters) > 0.5:
        return "not in the Latin script"
    words = [w.lower() for w in WORDS.findall(text)]
    if not words:
        return None
    marked = sum(1 for w in words if FOREIGN_DIACRITICS & set(w))
    if marked and marked / len(words) >= 0.2:
        return "letters English does not use"
    return _function_words(words)


def _function_words(words: list[str]) -> str | None:
    if len(words) >= 3:
        english = sum(1 for w in words if w in ENGLISH_WORDS) / len(words)
        foreign = sum(1 for w in words if w in FOREIGN_WORDS) / len(words)
        if foreign >= 0.25 and foreign > english:
            return "common words of another language"
    return None
