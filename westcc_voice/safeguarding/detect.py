"""Possible-disclosure detection in children's free text, for the school's DSL queue.

``scan(text)`` takes the ORIGINAL answer (before redaction: the intake keeps the
original text only for flagged answers) and returns a list of :class:`Concern`, one per
rule that matched, in the order they appear in the text::

    >>> [(c.category, c.phrase) for c in scan("me dad hitts me and i wanna die")]
    [('physical_harm', 'me dad hitts'), ('physical_harm', 'hitts me'), ('self_harm', 'wanna die')]

The rules are data, in ``rules.yaml`` beside this module: regular expressions with ids,
categories and notes, loaded and compiled once per process (:func:`load_rules`). The
text is normalised first (lower case, apostrophes dropped, stretched letters squeezed,
children's spellings rewritten) so that one pattern covers "don't", "dont" and "DONT",
"hurtin" and "hurting", "wanna" and "want to". Negation never suppresses a flag: a
missed disclosure costs far more than a false alarm. See
docs/redaction-and-safeguarding.md for what flags, why, and the measured accuracy.

No Flask imports; no state between calls.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

__all__ = ["Concern", "Rule", "RuleSet", "load_rules", "normalise", "scan"]

_RULES_FILE = "rules.yaml"
_FRAGMENT = re.compile(r"\{([a-z_]+)\}")
_APOSTROPHES = "'’‘`´ʼ"
_WORD = re.compile(r"[^\W_]+(?:[" + _APOSTROPHES + r"][^\W_]+)*|[.!?\n]")
_STRETCH = re.compile(r"([^\W\d_])\1{2,}")


@dataclass(frozen=True)
class Concern:
    """One possible disclosure: its category, the phrase as the child wrote it, the rule."""

    category: str
    phrase: str
    rule_id: str


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    pattern: re.Pattern[str]
    unless: tuple[re.Pattern[str], ...]
    note: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class RuleSet:
    version: int
    categories: Mapping[str, str]
    spellings: Mapping[str, tuple[str, ...]]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class _Normalised:
    text: str
    # for each normalised word: (start, end) in ``text`` and (start, end) in the original
    spans: tuple[tuple[int, int, int, int], ...]


_LOCK = threading.Lock()
_CACHE: dict[str, RuleSet] = {}


def _expand(pattern: str, fragments: Mapping[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            raise ValueError(f"{_RULES_FILE}: {where} uses unknown fragment {{{name}}}")
        return f"(?:{fragments[name]})"

    return _FRAGMENT.sub(sub, pattern)


def _compile(pattern: str, fragments: Mapping[str, str], where: str) -> re.Pattern[str]:
    try:
        return re.compile(_expand(str(pattern), fragments, where))
    except re.error as exc:
        raise ValueError(f"{_RULES_FILE}: {where}: bad pattern: {exc}") from exc


def parse_rules(data: Any) -> RuleSet:
    """Validate and compile the rules data (as loaded from YAML)."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ValueError(f"{_RULES_FILE}: expected a mapping with a list of rules")
    categories = {str(k): str(v) for k, v in (data.get("categories") or {}).items()}
    fragments: dict[str, str] = {}
    for name, value in (data.get("fragments") or {}).items():
        # Fragments may use earlier fragments.
        fragments[str(name)] = _expand(str(value), fragments, f"fragment {name}")
    spellings = {
        str(k).casefold(): tuple(str(v).casefold().split())
        for k, v in (data.get("spellings") or {}).items()
    }
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, item in enumerate(data["rules"]):
        if not isinstance(item, dict):
            raise ValueError(f"{_RULES_FILE}: rule {i} is not a mapping")
        rule_id = str(item.get("id") or "")
        category = str(item.get("category") or "")
        if not rule_id or rule_id in seen:
            raise ValueError(f"{_RULES_FILE}: rule {i} has a missing or repeated id {rule_id!r}")
        if category not in categories:
            raise ValueError(f"{_RULES_FILE}: rule {rule_id} has unknown category {category!r}")
        if not item.get("pattern"):
            raise ValueError(f"{_RULES_FILE}: rule {rule_id} has no pattern")
        seen.add(rule_id)
        rules.append(Rule(
            id=rule_id,
            category=category,
            pattern=_compile(item["pattern"], fragments, f"rule {rule_id}"),
            unless=tuple(_compile(u, fragments, f"rule {rule_id} unless")
                         for u in item.get("unless") or ()),
            note=str(item.get("note") or ""),
            examples=tuple(str(e) for e in item.get("examples") or ()),
        ))
    return RuleSet(
        version=int(data.get("version", 1)),
        categories=categories,
        spellings=spellings,
        rules=tuple(rules),
    )


def load_rules() -> RuleSet:
    """The packaged rules, loaded and compiled once per process."""
    cached = _CACHE.get("rules")
    if cached is not None:
        return cached
    with _LOCK:
        cached = _CACHE.get("rules")
        if cached is None:
            text = resources.files(__package__).joinpath(_RULES_FILE).read_text("utf-8")
            cached = parse_rules(yaml.safe_load(text))
            _CACHE["rules"] = cached
        return cached


def _normalise(text: str, spellings: Mapping[str, tuple[str, ...]]) -> _Normalised:
    text = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    pos = 0
    last_was_stop = True
    for m in _WORD.finditer(text):
        token = m.group()
        if token in ".!?\n":
            if not last_was_stop:
                parts.append(".")
                pos += 2
                last_was_stop = True
            continue
        word = token.casefold()
        for ch in _APOSTROPHES:
            word = word.replace(ch, "")
        word = _STRETCH.sub(r"\1", word)
        for out in spellings.get(word, (word,)):
            start = pos
            parts.append(out)
            pos += len(out) + 1
            spans.append((start, start + len(out), m.start(), m.end()))
        last_was_stop = False
    return _Normalised(" ".join(parts), tuple(spans))


def normalise(text: str) -> str:
    """The text as the rules see it (for tests and for writing rules)."""
    return _normalise(text, load_rules().spellings).text


_WINDOW_WORDS = 6


def _window(norm: str, start: int, end: int) -> str:
    """The match with up to six words either side, within its sentence.

    ``unless`` patterns look only here, so an innocent phrase elsewhere in a long,
    unpunctuated answer cannot hide a disclosure.
    """
    left = norm.rfind(" . ", 0, start)
    right = norm.find(" . ", end)
    sent_start = left + 3 if left >= 0 else 0
    sent_end = right if right >= 0 else len(norm)
    before = norm[sent_start:start].split()[-_WINDOW_WORDS:]
    after = norm[end:sent_end].split()[:_WINDOW_WORDS]
    return " ".join([*before, norm[start:end], *after])


def _original(norm: _Normalised, original: str, start: int, end: int) -> str:
    covered = [s for s in norm.spans if s[0] < end and s[1] > start]
    if not covered:
        return original[start:end]
    return original[covered[0][2]:covered[-1][3]]


def scan(text: str) -> list[Concern]:
    """Possible disclosures in one free-text answer (raw, unredacted); [] if none."""
    if not isinstance(text, str):
        raise TypeError(f"scan() takes a str, not {type(text).__name__}")
    if not text.strip():
        return []
    ruleset = load_rules()
    norm = _normalise(text, ruleset.spellings)
    found: list[tuple[int, Concern]] = []
    for rule in ruleset.rules:
        for m in rule.pattern.finditer(norm.text):
            if m.end() == m.start():
                continue
            window = _window(norm.text, m.start(), m.end())
            if any(u.search(window) for u in rule.unless):
                continue
            phrase = _original(norm, text, m.start(), m.end()).strip()
            found.append((m.start(), Concern(rule.category, phrase, rule.id)))
            break  # one concern per rule is enough for the DSL queue
    found.sort(key=lambda item: item[0])
    return [concern for _, concern in found]
