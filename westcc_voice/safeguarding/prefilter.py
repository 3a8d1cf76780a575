"""A cheap first pass for the safeguarding scan: which rules could match an answer at all.

Most answers match no rule, yet every rule's regular expression would be searched in
every answer's normalised text. So each rule's pattern is read once, when its rules are
compiled, for the literal strings a match must contain: for ``\\b{hit}\\s+{me}\\b`` one of
"hit", "hurt", "beat"...; for a pattern of several alternatives, one such string per
alternative. An answer's text is then looked at once for all the literals of its rule
set (:meth:`Prefilter.present`), and a rule none of whose literals is there is not
searched: its pattern cannot match, so the scan's result is the same.

A match must hold every part of a sequence, so for ``\\b{hit}\\s+{me}\\b`` a text needs
one of the "hit" words *and* one of the "me" words; and a pattern of top-level
alternatives needs all the parts of any one of them. So a rule whose words for "hit"
are in an answer about a game of cricket, but none of its other parts, is not searched
either (``required_clauses``): an ordinary sentence of twenty words keeps 3 of the 201
English rules, where the first word alone kept 28.

The literals come from the pattern's own syntax tree (Python's ``re`` parser), never from
hand-written lists, and only from what a match cannot avoid: an optional part, a
repeated part that may be absent, a character class or anything not understood here
ends a literal and is never required. A rule for which nothing is certain (or a pattern
that ignores case) has no literals and is always searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python before 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["Prefilter", "required_clauses", "required_literals"]

#: At most this many strings are kept for one run of fixed text ("hit" + "s"/"z"/...).
_MOST = 64
#: Character classes of at most this many single letters are expanded ("me[ae]").
_CLASS_MOST = 8
#: A literal one character longer is taken to be this many times rarer in answers.
_RARER = 4.0
#: Literals are indexed by their first this many characters.
_KEY = 3
#: Words remembered per rule set (``Prefilter.words``) before the memory starts afresh.
_WORDS_KEPT = 50_000
#: Longer words than this (a run of letters with no space) are not remembered.
_WORD_MOST = 40

_Strings = frozenset[str]
_ZERO_WIDTH = frozenset({""})


def _parse(pattern: re.Pattern[str]) -> list | None:
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        return list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except re.error:  # pragma: no cover - the pattern compiled already
        return None


def required_literals(pattern: re.Pattern[str]) -> _Strings | None:
    """Strings one of which every non-empty match of ``pattern`` contains, or None.

    None when nothing is certain (the rule must always be searched).
    """
    parsed = _parse(pattern)
    required = None if parsed is None else _sequence(parsed).required
    return required[0] if required else None


def required_clauses(pattern: re.Pattern[str]) -> tuple[_Clauses, ...] | None:
    """What every non-empty match of ``pattern`` contains, as alternatives: for at least
    one of them, one string of each of its sets. None when nothing is certain.

    A pattern of top-level alternatives ("a ... b|c ... d") gives one entry each
    (Python's parser moves what they all begin with, such as ``\\b``, in front of
    them); any other pattern one entry."""
    parsed = _parse(pattern)
    if parsed is None:
        return None
    branches = [i for i, (op, _av) in enumerate(parsed) if op is _c.BRANCH]
    if len(branches) == 1:
        at = branches[0]
        before, after = parsed[:at], parsed[at + 1:]
        alternatives = [_sequence([*before, *alt, *after]).required
                        for alt in parsed[at][1][1]]
    else:
        alternatives = [_sequence(parsed).required]
    if not all(alternatives):
        return None
    return tuple(dict.fromkeys(alternatives))


def _cost(strings: _Strings) -> float:
    """How likely a text holds one of ``strings``, roughly: each letter more, rarer."""
    return sum(_RARER ** -len(s) for s in strings)


def _usable(strings: _Strings | None) -> bool:
    return bool(strings) and "" not in strings


#: A requirement in conjunctive form: one string of each set is in every match.
_Clauses = tuple[_Strings, ...]
#: At most this many sets are kept for one requirement (the most selective).
_CLAUSES = 4


def _best(clauses: Iterable[_Strings]) -> _Clauses | None:
    """The usable sets, most selective first, at most ``_CLAUSES``; None if none. Past
    the first, a set holding a single letter is left out: nearly every text has one."""
    kept = sorted({c for c in clauses if _usable(c)}, key=lambda c: (_cost(c), sorted(c)))
    kept = kept[:1] + [c for c in kept[1:] if min(map(len, c)) > 1]
    return tuple(kept[:_CLAUSES]) or None


class _Parts:
    """What a piece of pattern promises about the text it matches."""

    __slots__ = ("exact", "required", "prefix", "suffix")

    def __init__(self, exact, required, prefix, suffix):
        self.exact: _Strings | None = exact  # every string it can match, if few
        self.required: _Clauses | None = required  # one of each set is in every match
        self.prefix: _Strings | None = prefix  # every match starts with one of these
        self.suffix: _Strings | None = suffix  # every match ends with one of these


def _sequence(items: Sequence[tuple]) -> _Parts:
    """A sequence of nodes: runs of fixed text joined, each part's requirements kept
    (every part of a sequence is in every match, so all of them hold at once)."""
    pieces: list[_Strings | None] = []
    clauses: list[_Strings] = []
    for op, av in items:
        item_pieces, required = _item(op, av)
        pieces.extend(item_pieces)
        clauses.extend(required or ())
    run: _Strings | None = _ZERO_WIDTH
    prefix: _Strings | None = None
    broken = False
    for piece in pieces:
        if piece is not None and run is not None and len(run) * len(piece) <= _MOST:
            run = frozenset(a + b for a in run for b in piece)
            continue
        if not broken:
            prefix, broken = run, True
        if run is not None:
            clauses.append(run)
        run = piece
    if run is not None:
        clauses.append(run)
    if not broken:
        return _Parts(run, _best(clauses), run, run)
    return _Parts(None, _best(clauses), prefix, run)


def _union(sets: list[_Strings | None]) -> _Strings | None:
    if any(s is None for s in sets) or sum(map(len, sets)) > _MOST:
        return None
    return frozenset().union(*sets)


def _item(op, av) -> tuple[list[_Strings | None], _Clauses | None]:
    """One node as pieces of fixed text (None: unknown text) and its requirements."""
    if op is _c.LITERAL:
        return [frozenset({chr(av)})], None
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return [_ZERO_WIDTH], None  # zero width: adds no text
    if op is _c.IN:
        if (len(av) <= _CLASS_MOST
                and all(kind is _c.LITERAL for kind, _ in av)):
            return [frozenset(chr(code) for _, code in av)], None
        return [None], None
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            return [None], None
        return _pieces(_sequence(list(sub)))
    if op is _c.BRANCH:
        _, alternatives = av
        parts = [_sequence(list(alternative)) for alternative in alternatives]
        exact = _union([p.exact for p in parts])
        required = None
        if all(p.required for p in parts):  # one alternative's best set, whichever matched
            required = _best([frozenset().union(*(p.required[0] for p in parts))])
        return _pieces(_Parts(exact, required, _union([p.prefix for p in parts]),
                              _union([p.suffix for p in parts])))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        parts = _sequence(list(sub))
        if low == 0:
            if high == 1 and parts.exact is not None:
                return [parts.exact | _ZERO_WIDTH], None
            return [None], None
        if low == high == 1:
            return _pieces(parts)
        # The first copy starts the match and the last ends it, unknown text between.
        return [parts.prefix, None, parts.suffix], parts.required
    return [None], None  # anything else: no promise


def _pieces(parts: _Parts) -> tuple[list[_Strings | None], _Clauses | None]:
    if parts.exact is not None:
        return [parts.exact], parts.required
    return [parts.prefix, None, parts.suffix], parts.required


@dataclass(frozen=True, eq=False)
class Prefilter:
    """The literals of one rule set's rules, indexed to find those in a text at once."""

    #: Per rule, in the rule set's order: literals one of which is in every match (the
    #: first set of each alternative), or None (always search).
    literals: tuple[_Strings | None, ...]
    #: Per rule: its alternatives' requirements (``required_clauses``), or None.
    clauses: tuple[tuple[_Clauses, ...] | None, ...]
    #: Literals by their first ``_KEY`` characters.
    index: dict[str, tuple[str, ...]]
    #: Literals shorter than ``_KEY``, looked for one by one.
    short: tuple[str, ...]
    #: For each literal of an alternative's first set: (rule position, the alternative's
    #: other sets) for every alternative whose first set holds it.
    alternatives_of: dict[str, tuple[tuple[int, _Clauses], ...]]
    #: Positions of the rules with no literals (searched in every text).
    always: frozenset[int]
    #: The keys of ``index``, as a set to intersect with a text's pieces.
    keys: frozenset[str] = frozenset()
    #: Literals that hold a space, each with its second word: the word after a space in
    #: any text that holds the literal starts with it.
    spaced: tuple[tuple[str, str], ...] = ()
    #: Each word -> (the literals without a space in it, the literals with a space whose
    #: second word it starts with), remembered: answers repeat their words and each
    #: other's. Emptied when it reaches ``_WORDS_KEPT``.
    words: dict[str, tuple[frozenset[str], tuple[str, ...]]] = field(
        default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, patterns: Iterable[re.Pattern[str]]) -> Prefilter:
        clauses = tuple(required_clauses(p) for p in patterns)
        literals = tuple(None if alts is None else frozenset().union(*(a[0] for a in alts))
                         for alts in clauses)
        alternatives_of: dict[str, list[tuple[int, _Clauses]]] = {}
        for position, alts in enumerate(clauses):
            for first, *rest in alts or ():
                for literal in first:
                    alternatives_of.setdefault(literal, []).append((position, tuple(rest)))
        every = sorted({lit for alts in clauses for alt in alts or () for clause in alt
                        for lit in clause})
        index: dict[str, list[str]] = {}
        for literal in every:
            if len(literal) >= _KEY:
                index.setdefault(literal[:_KEY], []).append(literal)
        return cls(literals, clauses, {key: tuple(v) for key, v in index.items()},
                   tuple(lit for lit in every if len(lit) < _KEY),
                   {lit: tuple(v) for lit, v in alternatives_of.items()},
                   frozenset(i for i, lits in enumerate(literals) if lits is None),
                   frozenset(index),
                   tuple((lit, lit.split(" ")[1]) for lit in every if " " in lit))

    @staticmethod
    def grams(text: str) -> frozenset[str]:
        """Every run of ``_KEY`` characters in ``text`` (what ``present`` looks up)."""
        return frozenset([text[i:i + _KEY] for i in range(len(text) - _KEY + 1)])

    def present(self, text: str, grams: frozenset[str] | None = None) -> set[str]:
        """Every literal of the rule set that occurs in ``text`` (``grams``: its
        ``Prefilter.grams``, when known).

        Without ``grams``, read word by word (words are what spaces part): a literal
        without a space occurs in the text exactly when it occurs in one of its words,
        and one with a space only where a word starts with its second word (``spaced``),
        so just those are looked for in the whole text. What each word holds is
        remembered (``words``).
        """
        if grams is not None:
            return self._present(text, grams)
        memo = self.words
        if len(memo) >= _WORDS_KEPT:
            memo.clear()
        found: set[str] = set()
        for word in set(text.split(" ")):
            held = memo.get(word)
            if held is None:
                held = self._held(word)
                if len(word) <= _WORD_MOST:
                    memo[word] = held
            found.update(held[0])
            for literal in held[1]:
                if literal in text:
                    found.add(literal)
        return found

    def _held(self, word: str) -> tuple[frozenset[str], tuple[str, ...]]:
        """(The literals without a space in ``word``, the literals with a space whose
        second word ``word`` starts with); ``word`` holds no space."""
        inside = frozenset(lit for lit in self._present(word, self.grams(word))
                           if " " not in lit)
        return inside, tuple(lit for lit, second in self.spaced if word.startswith(second))

    def _present(self, text: str, grams: frozenset[str]) -> set[str]:
        index = self.index
        found = {lit for lit in self.short if lit in text}
        for key in grams & self.keys:
            for literal in index[key]:
                if len(literal) == _KEY or literal in text:
                    found.add(literal)
        return found

    def candidates(self, text: str, grams: frozenset[str] | None = None) -> list[int]:
        """Positions of the rules that may match ``text``, in order; the others cannot:
        for none of their alternatives is one string of each required set in the text."""
        present = self.present(text, grams)
        kept = set(self.always)
        alternatives_of = self.alternatives_of
        for literal in present:
            for position, rest in alternatives_of.get(literal, ()):
                if position in kept:
                    continue
                for clause in rest:
                    if clause.isdisjoint(present):
                        break
                else:
                    kept.add(position)
        return sorted(kept)
