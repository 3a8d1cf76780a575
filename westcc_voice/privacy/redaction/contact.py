"""Emails, links and social-media handles."""

from __future__ import annotations

import re
from typing import Any

from .resources import Resources
from .result import UNREAD, matches_at_words, read_words, replace_spans, sub_count, words_of

# Platforms after which a user name follows.
_PLATFORM = (
    r"(?:snap\s?chat|snap|sc|insta(?:gram)?|ig|tik\s?tok|twitter|discord|roblox|fortnite|"
    r"xbox(?:\s?live)?|psn|playstation|ps[345]|steam|twitch|you\s?tube|yt|kik|facebook|fb|"
    r"whats\s?app|telegram|minecraft|epic|threads|bereal|pinterest|gamer\s?tag|gamertag|"
    r"sound\s?cloud|spotify|reddit|github|yubo|wattpad|deviantart|"
    r"linked\s?in|tumblr|vsco|likee|triller)"
)
_HANDLE_CHARS = r"[\w.#-]"

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
# Every web address has "://" or a dot between a letter or digit and a letter.
_MAYBE_URL = re.compile(r"://|[a-z0-9]\.[a-z]", re.IGNORECASE)
_AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
_PLATFORM_HANDLE = re.compile(
    rf"\b{_PLATFORM}(?:\s+(?:user\s?name|name|handle|account|id|tag|code))?"
    rf"(?:\s*[:=]\s*|\s+-\s+|\s+(?:is|it'?s|it\s+is)\s+|\s*-\s*|\s+@|"
    rf"\s+\(\s*(?=@?[\w.]*[\d_.][\w.]*[\w]\s*\))|"
    rf"\s+(?=[\w.]*[\d_.][\w.]*[\w]))"
    rf"@?(?P<h>{_HANDLE_CHARS}{{2,32}})",
    re.IGNORECASE,
)
_ADD_ME = re.compile(
    rf"\b(?:add|follow|message|msg|dm|find|friend)\s+me\s+(?:on|at)\s+{_PLATFORM}"
    rf"\s*(?:[:=-]\s*|\bat\s+|\bas\s+|\bit'?s\s+|\bit\s+is\s+)?@?(?P<h>{_HANDLE_CHARS}{{2,32}})",
    re.IGNORECASE,
)
_MY_USERNAME = re.compile(
    rf"\bmy\s+(?:{_PLATFORM}\s+)?(?:user\s?name|gamer\s?tag|handle|account|insta|snap|"
    rf"channel|page|tag|profile|{_PLATFORM})\s*(?:is\s+|['’]s\s+|it'?s\s+|[:=-]\s*)"
    rf"@?(?P<h>{_HANDLE_CHARS}{{2,32}})",
    re.IGNORECASE,
)


#: The patterns of a handle announced in words, each with the handle as group "h".
HANDLE_CUES = (_MY_USERNAME, _ADD_ME, _PLATFORM_HANDLE)

#: A platform's name is a whole word (or its first word) wherever ``_PLATFORM_HANDLE``
#: matches: a word boundary before it and a space, ":", "=" or "-" after it. So an answer
#: holding none of these words cannot match, and that costly pattern is not tried.
_PLATFORM_WORDS = frozenset({
    "snap", "snapchat", "sc", "insta", "instagram", "ig", "tik", "tiktok", "twitter",
    "discord", "roblox", "fortnite", "xbox", "xboxlive", "psn", "playstation", "ps3", "ps4",
    "ps5", "steam", "twitch", "you", "youtube", "yt", "kik", "facebook", "fb", "whats",
    "whatsapp", "telegram", "minecraft", "epic", "threads", "bereal", "pinterest", "gamer",
    "gamertag", "sound", "soundcloud", "spotify", "reddit", "github", "yubo", "wattpad",
    "deviantart", "linked", "linkedin", "tumblr", "vsco", "likee", "triller",
})


#: Every provider of ``_EMAIL_SPOKEN`` holds one of these: an ASCII answer without one
#: (or without a "." or "dot" after it) cannot match that pattern.
_PROVIDER_PARTS = ("mail", "yahoo", "outlook", "icloud", "live", "btinternet", "aol", "msn",
                   "proton", "sky", "virginmedia", "talktalk", "ntlworld")


def _may_be_spoken_email(text: str) -> bool:
    if not text.isascii():
        return True
    low = text.lower()
    return ("." in low or "dot" in low) and any(p in low for p in _PROVIDER_PARTS)


def emails(text: str) -> tuple[str, int]:
    text, n = sub_count(_EMAIL, text, "email") if "@" in text else (text, 0)
    if not _may_be_spoken_email(text):
        return text, n
    text, k = sub_count(_EMAIL_SPOKEN, text, "email")
    return text, n + k


def links(text: str) -> tuple[str, int]:
    """Web addresses; a full stop or bracket closing the sentence stays outside."""
    if not _MAYBE_URL.search(text):
        return text, 0
    spans = []
    for m in _URL.finditer(text):
        start, end = m.span()
        url = m.group()
        while url and url[-1] in ".,;:!?)]}'\"":
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
            end -= 1
        if url:
            spans.append((start, end))
    return replace_spans(text, spans, "link")


#: The whole words each of ``HANDLE_CUES``' matches begins with, in the same order (see
#: ``matches_at_words``): "my", the verb of "add me on", the platform's name (or its
#: first word).
_CUE_STARTS = (
    frozenset({"my"}),
    frozenset({"add", "follow", "message", "msg", "dm", "find", "friend"}),
    _PLATFORM_WORDS,
)


def handles(text: str, res: Resources, words: Any = UNREAD) -> tuple[str, int]:
    """``words``: ``words_of(text)`` if the caller has them."""
    n = 0
    if "@" in text:
        text, n = sub_count(_AT_HANDLE, text, "handle")
        if n:
            words = UNREAD

    def ordinary(m: re.Match[str]) -> bool:
        handle = m.group("h")
        if handle.startswith("[") or handle.casefold() in ("is", "me", "on", "at", "and"):
            return True
        plain = handle.strip(".-#").casefold()
        explicit = re.search(r"[:=@]\s*@?$", m.group()[: m.start("h") - m.start()])
        looks_like_handle = bool(re.search(r"[\d_.#]", handle))
        return not looks_like_handle and not explicit and plain in res.english

    words = read_words(text, words)
    for pattern, starts in zip(HANDLE_CUES, _CUE_STARTS, strict=True):
        # a full stop after a handle ends the sentence: "my snap is kez_x. it's..."
        spans = [(m.start("h"), m.start("h") + len(m.group("h").rstrip(".")))
                 for m in matches_at_words(pattern, text, starts, words)
                 if not ordinary(m)]
        text, k = replace_spans(text, spans, "handle")
        if k:
            words = words_of(text)
        n += k
    return text, n
