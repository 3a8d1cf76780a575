"""Codebooks as data: phrases and patterns mapped to themes, read from surveys/codebooks/.

A codebook file has:

- ``id``, ``name``, ``applies_to`` (``questions``: question ids, and/or ``all_tags``:
  tags a question must all carry) or ``default: true`` (questions no other codebook
  claims);
- ``spellings``: children's spellings and shorthand to standard words ("frends":
  friends, "skool": school), applied word by word;
- ``dialect``: ordered substitutions ({pattern, replace}) for Geordie and slang
  ("canny good" is "quite good", "canny" alone is "good", "mint" is "great");
- ``nothing_to_add``: whole answers that say nothing ("nothing", "dunno");
- ``negation``: ``cues`` (not, never, don't...), ``window`` (how many words before a
  match a cue may stand) and ``breaks`` (words that end a negation's reach: "but");
- ``themes``: each with ``id``, ``label``, ``tags`` (cc.* / west.*), ``phrases`` (matched
  as whole words), ``patterns`` (regular expressions over the normalised text) and
  ``when_negated``: ``keep`` (a topic stays a topic: "no parks" is about parks),
  ``drop``, or another theme's id ("not safe" is ``feeling_unsafe``).

Matching runs over normalised text: lower case, curly quotes straightened, a letter
stretched three or more times cut to one where that makes a known word ("saaafe" ->
"safe") and otherwise to two ("sooooo" -> "soo"), spellings and dialect applied.
Phrases are indexed by their words, so coding an answer costs a few dictionary look-ups
per word whatever the number of themes. Matching is leftmost-longest: the words of a
longer phrase are used up ("swimming lessons" is not also "lessons"), so a phrase that
implies two themes is listed under both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...definitions.errors import ErrorSink, Path_, format_path
from ...definitions.yamlsource import read_yaml

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.!?,;:]")
REPEATS = re.compile(r"([a-z])\1{2,}")
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
KEEP, DROP = "keep", "drop"
CODEBOOK_DIR = Path(__file__).resolve().parents[3] / "surveys" / "codebooks"


class CodebookError(ValueError):
    """A codebook file is not valid; the message names the file and the field."""


@dataclass
class Theme:
    id: str
    label: str
    tags: list[str]
    phrases: list[str]
    patterns: list[str]
    when_negated: str = KEEP
    description: str = ""


@dataclass
class Match:
    theme: str
    #: first and one-past-last word of the match
    start: int
    end: int
    text: str
    negated: bool


@dataclass
class Codebook:
    id: str
    name: str
    themes: dict[str, Theme]
    spellings: dict[str, str] = field(default_factory=dict)
    dialect: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    nothing_to_add: set[str] = field(default_factory=set)
    cues: set[str] = field(default_factory=set)
    window: int = 3
    breaks: set[str] = field(default_factory=set)
    applies_to_questions: list[str] = field(default_factory=list)
    applies_to_tags: list[str] = field(default_factory=list)
    default: bool = False
    #: the theme an answer gets when it says something but no phrase matched (for
    #: questions where any answer is on topic, such as "what would you like to be")
    otherwise: str | None = None
    _regex: re.Pattern[str] | None = None
    _groups: dict[str, list[str]] = field(default_factory=dict)
    _phrases: dict[str, list[str]] = field(default_factory=dict)
    _longest: int = 1
    #: first word of a phrase -> the most words a phrase starting with it has
    _starts: dict[str, int] = field(default_factory=dict)
    _dialect_any: re.Pattern[str] = re.compile(r"(?!x)x")
    _vocabulary: set[str] = field(default_factory=set)

    # --- normalising ---------------------------------------------------------------------

    def tokens(self, text: str) -> list[str]:
        """Lower-case word tokens (and clause punctuation), spellings standardised.

        A letter stretched three or more times ("saaaafe", "sooooo") is cut to one
        when that makes a word the codebook knows, else to two ("soo")."""
        out: list[str] = []
        low = text.translate(QUOTES).lower()
        stretched = REPEATS.search(low) is not None
        for tok in WORD.findall(low):
            if stretched and REPEATS.search(tok):
                one = REPEATS.sub(r"\1", tok)
                tok = one if one in self.vocabulary else REPEATS.sub(r"\1\1", tok)
            std = self.spellings.get(tok)
            if std is None:
                out.append(tok)
            else:
                out.extend(std.split())
        return out

    @property
    def vocabulary(self) -> set[str]:
        """Every word of every phrase and standard spelling."""
        if not self._vocabulary:
            words = {w for t in self.themes.values() for p in t.phrases
                     for w in WORD.findall(p.lower())}
            words |= {w for v in self.spellings.values() for w in v.split()}
            words |= set(self.spellings) | {w for p in self.nothing_to_add for w in p.split()}
            self._vocabulary = words
        return self._vocabulary

    def normalise(self, text: str) -> str:
        norm = " ".join(self.tokens(text))
        if self.dialect and self._dialect_any.search(norm):
            for pattern, replace in self.dialect:
                norm = pattern.sub(replace, norm)
        return norm

    # --- matching ------------------------------------------------------------------------

    def compile(self) -> None:
        """Index the codebook: phrases by their normalised words, so matching is a few
        dictionary look-ups per word whatever the number of themes; patterns as one
        regular expression. A phrase listed under several themes codes all of them."""
        if self._phrases:
            return
        for theme in self.themes.values():
            for phrase in theme.phrases:
                norm = self.normalise(phrase)
                themes = self._phrases.setdefault(norm, [])
                if theme.id not in themes:
                    themes.append(theme.id)
                words = norm.split()
                self._longest = max(self._longest, len(words))
                if words:
                    self._starts[words[0]] = max(self._starts.get(words[0], 0), len(words))
        parts = []
        for theme in self.themes.values():
            for pattern in theme.patterns:
                name = f"p{len(parts)}"
                self._groups[name] = [theme.id]
                parts.append(f"(?P<{name}>{pattern})")
        self._regex = re.compile("|".join(parts)) if parts else None

    def matches(self, norm: str) -> list[Match]:
        """Phrases matched leftmost-longest: at each word the longest phrase starting
        there wins and its words are used up ("swimming lessons" is not also
        "lessons"). Patterns are matched over the same text independently."""
        self.compile()
        toks = norm.split()
        starts = self._starts
        phrases = self._phrases
        out = []
        end = 0
        for i, tok in enumerate(toks):
            longest = starts.get(tok)
            if longest is None or i < end:
                continue
            for k in range(min(longest, len(toks) - i), 0, -1):
                text = " ".join(toks[i:i + k]) if k > 1 else tok
                themes = phrases.get(text)
                if themes:
                    negated = self._negated(toks, i)
                    out.extend(Match(t, i, i + k, text, negated) for t in themes)
                    end = i + k
                    break
        if self._regex is not None:
            for m in self._regex.finditer(norm):
                start = norm.count(" ", 0, m.start())
                negated = self._negated(toks, start)
                out.extend(Match(t, start, start + len(m.group(0).split()), m.group(0),
                                 negated) for t in self._groups[m.lastgroup])
        return out

    def _negated(self, toks: list[str], start: int) -> bool:
        for tok in reversed(toks[max(0, start - self.window):start]):
            if tok in self.breaks:
                return False
            if tok in self.cues or tok.endswith("n't"):
                return True
        return False

    def is_nothing(self, norm: str) -> bool:
        bare = " ".join(t for t in norm.split() if t not in {".", ",", "!", "?", ";", ":"})
        return bare in self.nothing_to_add or not bare

    def code(self, text: str) -> tuple[set[str], str]:
        """The themes an answer is coded to, and its normalised text."""
        norm = self.normalise(text)
        themes: set[str] = set()
        for m in self.matches(norm):
            if not m.negated:
                themes.add(m.theme)
                continue
            rule = self.themes[m.theme].when_negated
            if rule == KEEP:
                themes.add(m.theme)
            elif rule != DROP:
                themes.add(rule)
        return themes, norm

    def applies_to(self, question_id: str, tags: list[str]) -> bool:
        if question_id in self.applies_to_questions:
            return True
        return bool(self.applies_to_tags) and all(t in tags for t in self.applies_to_tags)


class _Where:
    """Names a field of a codebook file as questionnaire errors do: "file:line: field"
    (without the line when the data did not come from a file)."""

    def __init__(self, file: str, lines: dict[Path_, int]):
        self.file = file
        self.sink = ErrorSink(file, lines) if lines else None

    def __call__(self, path: Path_) -> str:
        line = f":{self.sink.line_for(path)}" if self.sink is not None else ""
        return f"{self.file}{line}: {format_path(path)}"


def _need(data: dict, path: Path_, key: str, kind: type, at: _Where) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise CodebookError(f"{at((*path, key))}: '{key}' is missing or not a "
                            f"{kind.__name__}")
    return value


def _mapping(data: dict, key: str, at: _Where) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise CodebookError(f"{at((key,))}: expected a mapping, got {value!r}")
    return value


def _words(value: Any, path: Path_, at: _Where) -> list[str]:
    """A list of words, phrases or patterns. YAML reads a bare ``no``, ``yes``, ``on`` or
    ``off`` as true or false, which would silently turn the negation cue "no" into the
    word "False", so every item must be text."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise CodebookError(f"{at(path)}: expected a list of words in quotes, got {value!r}")
    for j, item in enumerate(value):
        _text(item, (*path, j), at)
    return value


def _text(value: Any, path: Path_, at: _Where) -> str:
    if not isinstance(value, str):
        raise CodebookError(
            f"{at(path)}: expected a word or phrase, got {value!r}: YAML reads a bare no, "
            'yes, on or off as true or false and a bare number as a number; put it in '
            'quotes ("no")')
    return value


def _regex(pattern: str, path: Path_, at: _Where) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise CodebookError(f"{at(path)}: pattern {pattern!r} is not a valid regex: "
                            f"{exc}") from None


def parse_codebook(data: Any, where: str, lines: dict[Path_, int] | None = None) -> Codebook:
    """A Codebook from parsed YAML; ``lines`` (data path -> line, as ``read_yaml`` gives)
    adds line numbers to the errors."""
    at = _Where(where, lines or {})
    if not isinstance(data, dict):
        raise CodebookError(f"{where}: expected a mapping with id, name and themes")
    themes: dict[str, Theme] = {}
    for i, raw in enumerate(_need(data, (), "themes", list, at)):
        path: Path_ = ("themes", i)
        if not isinstance(raw, dict):
            raise CodebookError(f"{at(path)}: expected a mapping")
        tid = _need(raw, path, "id", str, at)
        if tid in themes:
            raise CodebookError(f"{at((*path, 'id'))}: theme id {tid!r} is used twice")
        tags = _need(raw, path, "tags", list, at)
        if not any(str(t).split(".")[0] in ("cc", "west") for t in tags):
            raise CodebookError(f"{at((*path, 'tags'))}: theme {tid!r} needs a cc.* or "
                                "west.* tag")
        patterns = _words(raw.get("patterns"), (*path, "patterns"), at)
        for j, pattern in enumerate(patterns):
            _regex(pattern, (*path, "patterns", j), at)
        themes[tid] = Theme(
            id=tid, label=str(raw.get("label", tid)), tags=[str(t) for t in tags],
            phrases=_words(raw.get("phrases"), (*path, "phrases"), at), patterns=patterns,
            when_negated=str(raw.get("when_negated", KEEP)),
            description=str(raw.get("description", "")),
        )
    for i, theme in enumerate(themes.values()):
        if theme.when_negated not in (KEEP, DROP) and theme.when_negated not in themes:
            raise CodebookError(f"{at(('themes', i, 'when_negated'))}: theme {theme.id!r}: "
                                f"when_negated must be keep, drop or a theme id, got "
                                f"{theme.when_negated!r}")
    negation = _mapping(data, "negation", at)
    applies = _mapping(data, "applies_to", at)
    spellings = _mapping(data, "spellings", at)
    for key, value in spellings.items():
        _text(key, ("spellings", key), at)
        _text(value, ("spellings", key), at)
    window = negation.get("window", 3)
    if not isinstance(window, int) or isinstance(window, bool) or window < 1:
        raise CodebookError(f"{at(('negation', 'window'))}: expected a whole number of "
                            f"words (1 or more), got {window!r}")
    book = Codebook(
        id=_need(data, (), "id", str, at),
        name=str(data.get("name", data["id"])),
        themes=themes,
        spellings={k.lower(): v.lower() for k, v in spellings.items()},
        cues=set(_words(negation.get("cues"), ("negation", "cues"), at)),
        window=window,
        breaks=set(_words(negation.get("breaks"), ("negation", "breaks"), at)),
        applies_to_questions=[str(q) for q in applies.get("questions") or []],
        applies_to_tags=[str(t) for t in applies.get("all_tags") or []],
        default=bool(data.get("default", False)),
        otherwise=data.get("otherwise"),
    )
    if book.otherwise is not None and book.otherwise not in themes:
        raise CodebookError(f"{at(('otherwise',))}: expected the id of one of this "
                            f"codebook's themes, got {book.otherwise!r}")
    for j, rule in enumerate(data.get("dialect") or []):
        path = ("dialect", j)
        if not isinstance(rule, dict):
            raise CodebookError(f"{at(path)}: expected a mapping with pattern and replace")
        pattern = _text(rule.get("pattern"), (*path, "pattern"), at)
        replace = _text(rule.get("replace"), (*path, "replace"), at)
        book.dialect.append((_regex(pattern, (*path, "pattern"), at), replace))
    if book.dialect:
        book._dialect_any = re.compile("|".join(f"(?:{p.pattern})" for p, _r in book.dialect))
    book.nothing_to_add = {book.normalise(p) for p in
                           _words(data.get("nothing_to_add"), ("nothing_to_add",), at)}
    return book


def load_codebook(path: Path | str, display: str | None = None) -> Codebook:
    """A codebook file; errors name it as ``display`` (default: its path)."""
    path = Path(path)
    data, lines, errors = read_yaml(path, display)
    if errors:
        raise CodebookError(str(errors[0]))
    return parse_codebook(data, display or str(path), lines)


_LOADED: dict[tuple, dict[str, Codebook]] = {}


def load_codebooks(folder: Path | str = CODEBOOK_DIR) -> dict[str, Codebook]:
    """Every codebook in the folder, by id; read again only when a file changes."""
    paths = sorted(Path(folder).glob("*.yaml"))
    key = tuple((str(p), p.stat().st_mtime_ns) for p in paths)
    if key not in _LOADED:
        books = {}
        for path in paths:
            book = load_codebook(path)
            books[book.id] = book
        _LOADED.clear()
        _LOADED[key] = books
    return _LOADED[key]


def codebook_for(books: dict[str, Codebook], question_id: str,
                 tags: list[str]) -> Codebook | None:
    """The codebook that claims a question by its id or tags, else the default one."""
    for book in books.values():
        if book.applies_to(question_id, tags):
            return book
    return next((b for b in books.values() if b.default), None)
