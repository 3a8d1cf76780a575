"""How well the codebooks code answers that people have coded: precision, recall, F1 and
Cohen's kappa, over (answer, theme) pairs.

A labelled file is YAML with a list ``answers``; each answer has ``text``, ``codebook``
(a codebook id) and either ``codes`` (one coder's theme ids) or ``coder_a`` and
``coder_b`` (two coders', given blind to each other), and may have ``split`` (for
example ``holdout``) and ``id``. With two coders the reference is the codes both gave,
and a pair on which they disagree counts neither for nor against the codebook; their
agreement with each other is reported too. Used by ``flask codebooks measure`` and the
tests in tests/analysis/test_theme_accuracy.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...definitions.errors import ErrorSink
from ...definitions.yamlsource import read_yaml
from .codebook import Codebook, CodebookError
from .themes import code_answers

Pair = tuple[str, str]


@dataclass
class Labelled:
    """One answer as people coded it."""

    id: str
    text: str
    codebook: str
    coders: list[frozenset[str]]
    split: str | None = None
    #: the themes the coders could give (the file's ``coded_themes``); a theme added to
    #: the codebook later is neither right nor wrong for them. None: every theme.
    known: frozenset[str] | None = None


@dataclass
class Accuracy:
    """The codebooks against people's codes, for one set of answers."""

    answers: int
    precision: float | None
    recall: float | None
    f1: float | None
    #: Cohen's kappa between the codebook and each coder
    kappa_codebook: list[float | None] = field(default_factory=list)
    #: Cohen's kappa between the two coders (None with one coder)
    kappa_coders: float | None = None
    #: pairs found by both coders / by the codebook too; pairs only the codebook found
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0


Fail = Callable[[tuple, str], CodebookError]


def read_answers(path: Path | str, display: str | None = None,
                 with_data: bool = False) -> tuple:
    """The ``answers`` list of a labelled file, and ``fail(at, message)``, which makes a
    CodebookError naming the file, the line of ``at`` and the field (and with
    ``with_data``, the whole parsed file third)."""
    path = Path(path)
    where = display or str(path)
    data, lines, errors = read_yaml(path, where)
    if errors:
        raise CodebookError(str(errors[0]))
    sink = ErrorSink(where, lines)

    def fail(at: tuple, message: str) -> CodebookError:
        sink.add(at, message)
        return CodebookError(str(sink.errors[-1]))

    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, list):
        raise fail(("answers",), "expected a list of answers")
    return (answers, fail, data) if with_data else (answers, fail)


def load_labelled(path: Path | str, books: dict[str, Codebook],
                  display: str | None = None) -> list[Labelled]:
    """Read a labelled file; any problem raises CodebookError naming the file, line and
    field (an unknown codebook or theme, a missing text, codes that are not a list)."""
    answers, fail, data = read_answers(path, display, with_data=True)
    known = _coded_themes(data.get("coded_themes"), books, fail)
    out: list[Labelled] = []
    for i, entry in enumerate(answers):
        at = ("answers", i)
        if not isinstance(entry, dict):
            raise fail(at, "expected a mapping with text, codebook and codes")
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip():
            raise fail((*at, "text"), "expected the answer's text")
        book = books.get(entry.get("codebook"))
        if book is None:
            raise fail((*at, "codebook"), f"expected one of {', '.join(sorted(books))}, "
                                          f"got {entry.get('codebook')!r}")
        keys = ["coder_a", "coder_b"] if "coder_a" in entry or "coder_b" in entry else ["codes"]
        coders = []
        for key in keys:
            codes = entry.get(key)
            if not isinstance(codes, list):
                raise fail((*at, key), "expected a list of theme ids ([] for none)")
            unknown = [c for c in codes if c not in book.themes]
            if unknown:
                raise fail((*at, key), f"{unknown[0]!r} is not a theme of codebook {book.id}")
            coders.append(frozenset(codes))
        if out and len(coders) != len(out[0].coders):
            first = "coder_a and coder_b" if len(out[0].coders) == 2 else "codes"
            raise fail(at, f"expected {first}, as the first answer has")
        split = entry.get("split")
        out.append(Labelled(str(entry.get("id", i + 1)), text, book.id, coders,
                            None if split is None else str(split), known.get(book.id)))
    return out


def _coded_themes(value: Any, books: dict[str, Codebook],
                  fail: Fail) -> dict[str, frozenset[str]]:
    """``coded_themes``: per codebook, the theme ids the coders had in their guide."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise fail(("coded_themes",), "expected a mapping of codebook id to theme ids")
    out = {}
    for book_id, themes in value.items():
        at = ("coded_themes", book_id)
        book = books.get(book_id)
        if book is None:
            raise fail(at, f"expected one of {', '.join(sorted(books))}, got {book_id!r}")
        if not isinstance(themes, list) or not themes:
            raise fail(at, "expected a list of theme ids")
        out[book_id] = frozenset(str(t) for t in themes)
    return out


def kappa(universe: set, first: set, second: set) -> float | None:
    """Cohen's kappa over every decision in ``universe`` (each either in a set or not)."""
    n = len(universe)
    if not n:
        return None
    agree = sum((u in first) == (u in second) for u in universe) / n
    p1, p2 = len(first & universe) / n, len(second & universe) / n
    chance = p1 * p2 + (1 - p1) * (1 - p2)
    return None if chance == 1 else (agree - chance) / (1 - chance)


def _ratio(x: int, n: int) -> float | None:
    return x / n if n else None


def measure(answers: Iterable[Labelled], books: dict[str, Codebook]) -> Accuracy:
    """Code each answer with its codebook and compare with the people's codes."""
    answers = list(answers)
    universe: set[Pair] = set()
    coded: set[Pair] = set()
    coders: list[set[Pair]] = [set(), set()]
    n_coders = max((len(a.coders) for a in answers), default=1)
    for a in answers:
        book = books[a.codebook]
        themes = set(book.themes) if a.known is None else set(book.themes) & a.known
        universe |= {(a.id, t) for t in themes}
        coded |= {(a.id, t) for t in code_answers([a.text], book).themes[0] if t in themes}
        for k, codes in enumerate(a.coders):
            coders[k] |= {(a.id, t) for t in codes}
    coders = coders[:n_coders]
    reference = set.intersection(*coders)
    disputed = set.union(*coders) - reference
    counted = coded - disputed
    tp, fp, fn = (len(counted & reference), len(counted - reference),
                  len(reference - counted))
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Accuracy(
        answers=len(answers), precision=precision, recall=recall, f1=f1,
        kappa_codebook=[kappa(universe, coded, c) for c in coders],
        kappa_coders=kappa(universe, coders[0], coders[1]) if len(coders) == 2 else None,
        true_positives=tp, false_positives=fp, false_negatives=fn,
    )


def describe(label: str, result: Accuracy) -> dict[str, Any]:
    """A row for printing: the label, n and each figure to two places ("-" if none)."""
    def f(v: float | None) -> str:
        return "-" if v is None else f"{v:.2f}"
    return {"set": label, "answers": result.answers, "precision": f(result.precision),
            "recall": f(result.recall), "F1": f(result.f1),
            "kappa vs coders": " / ".join(f(k) for k in result.kappa_codebook),
            "coders' kappa": f(result.kappa_coders)}
