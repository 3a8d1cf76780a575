"""How well the safeguarding scan finds what people labelled, on a file of answers.

The file is YAML with a list ``answers``; each answer has ``id``, ``text``, optional
``split`` (tune / holdout), ``audience``, ``language`` and ``reference.safeguarding``
("none", "concern" or "urgent"), as in the blind development set (docs/
redaction-and-safeguarding.md). ``measure(answers)`` scans each answer with the
language it says it is in (and English, and the detected language, as the intake does)
and returns plain figures:

- urgent recall: urgent answers that were flagged at all; and, stricter, flagged urgent;
- concern recall: concern answers that were flagged at all;
- precision: flagged answers that people labelled concern or urgent;
- false alarms and misses, by id.

No Flask imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .detect import Concern, most_severe, scan

LEVELS = ("none", "concern", "urgent")


class LabelledFileError(ValueError):
    """The labelled file does not have the expected shape; names the answer and field."""


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    expected: str
    split: str | None
    language: str
    audience: str
    #: Each coder's own level, when the file has ``coder_a`` and ``coder_b``.
    coders: tuple[str | None, str | None] = (None, None)


@dataclass(frozen=True)
class Outcome:
    answer: Labelled
    found: str | None  # most severe concern found, or None
    concerns: tuple[Concern, ...]


@dataclass
class Figures:
    """Counts over one group of answers, and the ratios a DSL cares about."""

    answers: int = 0
    urgent: int = 0
    urgent_flagged: int = 0
    urgent_flagged_urgent: int = 0
    concern: int = 0
    concern_flagged: int = 0
    flagged: int = 0
    flagged_right: int = 0
    false_alarms: list[Outcome] = field(default_factory=list)
    misses: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.answers += 1
        expected = outcome.answer.expected
        if outcome.found:
            self.flagged += 1
            if expected != "none":
                self.flagged_right += 1
            else:
                self.false_alarms.append(outcome)
        if expected == "urgent":
            self.urgent += 1
            self.urgent_flagged += bool(outcome.found)
            self.urgent_flagged_urgent += outcome.found == "urgent"
        elif expected == "concern":
            self.concern += 1
            self.concern_flagged += bool(outcome.found)
        if expected != "none" and not outcome.found:
            self.misses.append(outcome)

    @property
    def urgent_recall(self) -> float | None:
        return _ratio(self.urgent_flagged, self.urgent)

    @property
    def urgent_as_urgent(self) -> float | None:
        return _ratio(self.urgent_flagged_urgent, self.urgent)

    @property
    def concern_recall(self) -> float | None:
        return _ratio(self.concern_flagged, self.concern)

    @property
    def precision(self) -> float | None:
        return _ratio(self.flagged_right, self.flagged)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def read_labelled(path: str | Path) -> list[Labelled]:
    """The answers of a labelled file; a clear error for a malformed one."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LabelledFileError(f"{path}: cannot read it: {exc}") from exc
    return read_labelled_text(text, str(path))


def read_labelled_text(text: str, path: str = "<text>") -> list[Labelled]:
    """The answers of a labelled file's text (see :func:`read_labelled`)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LabelledFileError(f"{path}: cannot read it as YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
        raise LabelledFileError(f"{path}: expected a mapping with a list under 'answers'")
    answers: list[Labelled] = []
    for i, item in enumerate(data["answers"], 1):
        where = f"{path}: answer {i}"
        if not isinstance(item, dict):
            raise LabelledFileError(f"{where}: expected a mapping")
        if item.get("id") is not None:
            where = f"{path}: answer {item['id']}"
        text = item.get("text")
        if not isinstance(text, str):
            raise LabelledFileError(f"{where}: field 'text' must be a string")
        reference = item.get("reference")
        level = reference.get("safeguarding") if isinstance(reference, dict) else None
        if level not in LEVELS:
            raise LabelledFileError(f"{where}: field 'reference.safeguarding' must be one "
                                    f"of {', '.join(LEVELS)}, not {level!r}")
        answers.append(Labelled(
            id=str(item.get("id", i)), text=text, expected=level,
            split=None if item.get("split") is None else str(item["split"]),
            language=str(item.get("language") or "en"),
            audience=str(item.get("audience") or "pupil"),
            coders=(_coder_level(item.get("coder_a")), _coder_level(item.get("coder_b"))),
        ))
    return answers


def _coder_level(coder: Any) -> str | None:
    level = coder.get("safeguarding") if isinstance(coder, dict) else None
    return level if level in LEVELS else None


def coders_kappa(answers: Iterable[Labelled]) -> tuple[float | None, int]:
    """Cohen's kappa between the two coders' levels (none/concern/urgent), and over how many."""
    pairs = [a.coders for a in answers if None not in a.coders]
    n = len(pairs)
    if not n:
        return None, 0
    observed = sum(x == y for x, y in pairs) / n
    chance = sum((sum(x == level for x, _ in pairs) / n) * (sum(y == level for _, y in pairs) / n)
                 for level in LEVELS)
    return (None if chance == 1 else (observed - chance) / (1 - chance)), n


def run(answers: Iterable[Labelled],
        scanner: Callable[[str, str], list[Concern]] | None = None) -> list[Outcome]:
    """Scan every answer the way the intake does."""
    scanner = scanner or (lambda text, language: scan(text, language=language))
    outcomes = []
    for answer in answers:
        concerns = tuple(scanner(answer.text, answer.language))
        outcomes.append(Outcome(answer, most_severe(concerns), concerns))
    return outcomes


def tally(outcomes: Iterable[Outcome],
          key: Callable[[Outcome], str] | None = None) -> Mapping[str, Figures]:
    """Figures for all outcomes ("all") or grouped by ``key``."""
    groups: dict[str, Figures] = {}
    for outcome in outcomes:
        name = key(outcome) if key else "all"
        groups.setdefault(name, Figures()).add(outcome)
    return dict(sorted(groups.items()))


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def summary_line(name: str, f: Figures) -> str:
    return (f"{name:<10} {f.answers:>5}  urgent {f.urgent_flagged}/{f.urgent} "
            f"({percent(f.urgent_recall)}; {percent(f.urgent_as_urgent)} as urgent)  "
            f"concern {f.concern_flagged}/{f.concern} ({percent(f.concern_recall)})  "
            f"precision {f.flagged_right}/{f.flagged} ({percent(f.precision)})")


def describe(outcome: Outcome) -> str:
    a = outcome.answer
    found = ", ".join(f"{c.severity}:{c.rule_id}" for c in outcome.concerns) or "nothing"
    return f"  {a.id} [{a.language}, {a.expected}] found {found}: {a.text!r}"


def report(outcomes: list[Outcome], name: str, list_errors: bool) -> list[str]:
    """The lines ``flask safeguarding measure`` prints for one split."""
    lines = [f"== {name}", summary_line("all", tally(outcomes)["all"])]
    kappa, pairs = coders_kappa(o.answer for o in outcomes)
    if pairs:
        shown = "-" if kappa is None else f"{kappa:.2f}"
        lines.append(f"coders' agreement on the level (Cohen's kappa): {shown} over {pairs} "
                     "answers; the reference is the agreed label")
    for language, figures in tally(outcomes, key=lambda o: o.answer.language).items():
        lines.append(summary_line(language, figures))
    for audience, figures in tally(outcomes, key=lambda o: o.answer.audience).items():
        lines.append(summary_line(audience, figures))
    overall = tally(outcomes)["all"]
    if list_errors:
        lines.append(f"misses ({len(overall.misses)}):")
        lines.extend(describe(o) for o in overall.misses)
        lines.append(f"false alarms ({len(overall.false_alarms)}):")
        lines.extend(describe(o) for o in overall.false_alarms)
    else:
        lines.append(f"misses: {len(overall.misses)}, false alarms: "
                     f"{len(overall.false_alarms)} (not listed: this split is held out)")
    return lines


def by_split(answers: list[Labelled], split: str | None) -> dict[str, list[Labelled]]:
    """Answers grouped by split (one split when ``split`` is given)."""
    groups: dict[str, list[Labelled]] = {}
    for answer in answers:
        name = answer.split or "all"
        if split is None or name == split:
            groups.setdefault(name, []).append(answer)
    return groups


def lists_errors(split_name: str) -> bool:
    """Only a split one may tune on has its misses and false alarms listed."""
    return split_name != "holdout"
