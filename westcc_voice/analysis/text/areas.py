"""Theme coding measured by outcome area: the five Children's Community domains and the
WEST priority themes, as a steering group reads them.

A development-set file (tests/data/blind_dev_set.yaml) gives each answer the areas two
coders agreed on (``reference.areas``) and the areas they disagreed on
(``reference.areas_disputed``, counted neither for nor against the codebooks). Each
answer is coded with the codebook that claims its question; a theme speaks to the areas
its framework tags name (``AREA_TAGS``). Answers not in English are set aside for a
person, as the Summary does, and reported as a count, not coded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .accuracy import read_answers
from .codebook import Codebook, CodebookError, codebook_for
from .language import is_english
from .themes import code_answers

#: Each area and the framework tags (surveys/frameworks/) whose themes speak to it.
AREA_TAGS: dict[str, tuple[str, ...]] = {
    "wellbeing": ("cc.wellbeing", "west.emotional_wellbeing"),
    "learning": ("cc.learning",),
    "social_relations": ("cc.social",),
    "employment": ("cc.employment",),
    "community": ("cc.community", "west.tolerant_community"),
    "aspirations": ("west.aspirations",),
    "inequality": ("west.inequality",),
    "transitions": ("west.early_transitions",),
}
AREAS = tuple(AREA_TAGS)


@dataclass
class AreaLabelled:
    id: str
    text: str
    question: str
    language: str
    split: str | None
    areas: frozenset[str]
    disputed: frozenset[str]


@dataclass
class AreaScore:
    area: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float | None:
        n = self.true_positives + self.false_positives
        return self.true_positives / n if n else None

    @property
    def recall(self) -> float | None:
        n = self.true_positives + self.false_negatives
        return self.true_positives / n if n else None

    @property
    def f1(self) -> float | None:
        """None where the area was neither in the reference nor coded; a miss is 0."""
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None


@dataclass
class AreaAccuracy:
    answers: int
    set_aside: int
    scores: dict[str, AreaScore]
    #: answers people gave an area that the codebooks gave none
    no_theme: int
    with_area: int
    #: per answer: (id, areas coded, reference areas) where they differ
    wrong: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def macro_f1(self) -> float | None:
        f1s = [s.f1 for s in self.scores.values() if s.f1 is not None]
        return sum(f1s) / len(f1s) if f1s else None

    @property
    def no_theme_share(self) -> float | None:
        return self.no_theme / self.with_area if self.with_area else None


def is_area_file(data: Any) -> bool:
    """A development-set file: answers carry ``reference`` rather than ``codebook``."""
    answers = data.get("answers") if isinstance(data, dict) else None
    return bool(answers) and isinstance(answers[0], dict) and "reference" in answers[0]


def load_area_labelled(path: Path | str, display: str | None = None) -> list[AreaLabelled]:
    """Read a development-set file; a problem raises CodebookError with file, line, field."""
    answers, fail = read_answers(path, display)
    out = []
    for i, entry in enumerate(answers):
        at = ("answers", i)
        if not isinstance(entry, dict):
            raise fail(at, "expected a mapping with id, text, question and reference")
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip():
            raise fail((*at, "text"), "expected the answer's text")
        ref = entry.get("reference")
        if not isinstance(ref, dict):
            raise fail((*at, "reference"), "expected a mapping with areas")
        sets = []
        for key in ("areas", "areas_disputed"):
            value = ref.get(key, [])
            if not isinstance(value, list):
                raise fail((*at, "reference", key), "expected a list of areas ([] for none)")
            unknown = [a for a in value if a not in AREA_TAGS]
            if unknown:
                raise fail((*at, "reference", key),
                           f"{unknown[0]!r} is not an area; expected one of {', '.join(AREAS)}")
            sets.append(frozenset(value))
        question = entry.get("question")
        if not isinstance(question, str) or not question:
            raise fail((*at, "question"), "expected the question id the answer was given to")
        split = entry.get("split")
        out.append(AreaLabelled(str(entry.get("id", i + 1)), text, question,
                                str(entry.get("language", "en")),
                                None if split is None else str(split), sets[0], sets[1]))
    return out


def theme_areas(book: Codebook, themes: Iterable[str]) -> frozenset[str]:
    """The areas a set of a codebook's themes speaks to, through their framework tags."""
    tags = {t for theme in themes for t in book.themes[theme].tags}
    return frozenset(a for a, wanted in AREA_TAGS.items() if tags & set(wanted))


def measure_areas(answers: Iterable[AreaLabelled],
                  books: dict[str, Codebook]) -> AreaAccuracy:
    """Code each English answer with its question's codebook; compare areas per area."""
    scores = {a: AreaScore(a) for a in AREAS}
    counted = set_aside = no_theme = with_area = 0
    wrong = []
    for a in answers:
        if a.language != "en" or not is_english(a.text):
            set_aside += 1
            continue
        book = codebook_for(books, a.question, [])
        if book is None:
            raise CodebookError(f"no codebook claims question {a.question!r} and none is "
                                "the default")
        counted += 1
        themes = code_answers([a.text], book).themes[0]
        coded = theme_areas(book, themes)
        if a.areas:
            with_area += 1
            if not themes:
                no_theme += 1
        for area in AREAS:
            if area in a.disputed:
                continue
            got, want = area in coded, area in a.areas
            score = scores[area]
            score.true_positives += got and want
            score.false_positives += got and not want
            score.false_negatives += want and not got
        if (coded - a.disputed) != a.areas:
            wrong.append((a.id, sorted(coded), sorted(a.areas)))
    return AreaAccuracy(counted, set_aside, scores, no_theme, with_area, wrong)


def describe_areas(result: AreaAccuracy) -> list[dict[str, str]]:
    """Rows for printing: one per area, then the macro average."""
    def f(v: float | None) -> str:
        return "-" if v is None else f"{v:.2f}"
    rows = [{"area": s.area, "precision": f(s.precision), "recall": f(s.recall),
             "F1": f(s.f1), "in reference": str(s.true_positives + s.false_negatives)}
            for s in result.scores.values()]
    rows.append({"area": "macro average", "precision": "", "recall": "",
                 "F1": f(result.macro_f1), "in reference": ""})
    return rows
