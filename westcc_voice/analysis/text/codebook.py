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

from ...definitions.errors import Path_, format_path
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


def _need(data: dict, key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise CodebookError(f"{where}: '{key}' is missing or not a {kind.__name__}")
    return value


def _check_words(data: dict, where: str, lines: dict[Path_, int]) -> None:
    """Every word, phrase and pattern must be text. YAML reads a bare ``no``, ``yes``,
    ``on`` or ``off`` as true or false (and ``null`` or ``~`` as nothing), which would
    silently turn the negation cue "no" into the word "False"."""
    lists: list[Path_] = [("nothing_to_add",), ("negation", "cues"), ("negation", "breaks")]
    for i, theme in enumerate(data.get("themes") or []):
        if isinstance(theme, dict):
            lists += [("themes", i, "phrases"), ("themes", i, "patterns")]
    values: list[tuple[Path_, Any]] = []
    for path in lists:
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else (
                node[part] if isinstance(node, list) and part < len(node) else None)
        if node is None:
            continue
        if not isinstance(node, list):
            raise CodebookError(f"{_at(where, lines, path)}: expected a list of words in "
                                f"quotes, got {node!r}")
        values += [((*path, j), v) for j, v in enumerate(node)]
    spellings = data.get("spellings") or {}
    if isinstance(spellings, dict):
        for key, value in spellings.items():
            values += [(("spellings", key), key), (("spellings", key), value)]
    for path, value in values:
        if not isinstance(value, str):
            raise CodebookError(
                f"{_at(where, lines, path)}: expected a word or phrase, got {value!r}: YAML "
                "reads a bare no, yes, on or off as true or false and a bare number as a "
                'number; put it in quotes ("no")')


def _at(where: str, lines: dict[Path_, int], path: Path_) -> str:
    """"file:line: field" for a field of the file, as questionnaire errors are given."""
    line = next((lines[path[:k]] for k in range(len(path), -1, -1) if path[:k] in lines),
                None)
    return f"{where}:{line}: {format_path(path)}" if line else f"{where}: {format_path(path)}"


def parse_codebook(data: Any, where: str, lines: dict[Path_, int] | None = None) -> Codebook:
    """A Codebook from parsed YAML; ``lines`` (data path -> line) adds line numbers to
    the errors."""
    if not isinstance(data, dict):
        raise CodebookError(f"{where}: expected a mapping with id, name and themes")
    _check_words(data, where, lines or {})
    themes: dict[str, Theme] = {}
    for i, raw in enumerate(_need(data, "themes", list, where)):
        at = f"{where}: themes[{i}]"
        if not isinstance(raw, dict):
            raise CodebookError(f"{at}: expected a mapping")
        tid = _need(raw, "id", str, at)
        if tid in themes:
            raise CodebookError(f"{at}: theme id {tid!r} is used twice")
        tags = _need(raw, "tags", list, at)
        if not any(str(t).split(".")[0] in ("cc", "west") for t in tags):
            raise CodebookError(f"{at}: theme {tid!r} needs a cc.* or west.* tag")
        patterns = [str(p) for p in raw.get("patterns") or []]
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise CodebookError(f"{at}: pattern {p!r} is not a valid regex: {exc}") from None
        themes[tid] = Theme(
            id=tid, label=str(raw.get("label", tid)), tags=[str(t) for t in tags],
            phrases=[str(p) for p in raw.get("phrases") or []], patterns=patterns,
            when_negated=str(raw.get("when_negated", KEEP)),
            description=str(raw.get("description", "")),
        )
    for theme in themes.values():
        if theme.when_negated not in (KEEP, DROP) and theme.when_negated not in themes:
            raise CodebookError(f"{where}: theme {theme.id!r}: when_negated must be keep, "
                                f"drop or a theme id, got {theme.when_negated!r}")
    negation = data.get("negation") or {}
    book = Codebook(
        id=_need(data, "id", str, where),
        name=str(data.get("name", data["id"])),
        themes=themes,
        spellings={str(k).lower(): str(v).lower()
                   for k, v in (data.get("spellings") or {}).items()},
        cues={str(c) for c in negation.get("cues") or []},
        window=int(negation.get("window", 3)),
        breaks={str(b) for b in negation.get("breaks") or []},
        applies_to_questions=[str(q) for q in (data.get("applies_to") or {}).get(
            "questions") or []],
        applies_to_tags=[str(t) for t in (data.get("applies_to") or {}).get("all_tags") or []],
        default=bool(data.get("default", False)),
    )
    book.dialect = [(re.compile(str(d["pattern"])), str(d["replace"]))
                    for d in data.get("dialect") or []]
    if book.dialect:
        book._dialect_any = re.compile("|".join(f"(?:{p.pattern})" for p, _r in book.dialect))
    book.nothing_to_add = {book.normalise(str(p)) for p in data.get("nothing_to_add") or []}
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
