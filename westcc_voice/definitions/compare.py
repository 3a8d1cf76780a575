"""Which questions changed wording between two versions of a questionnaire.

Plain data in, plain data out: two resolved definitions (``SurveyVersion.definition``)
and a language give one ``QuestionChange`` per question id, in the newer version's
order with removed questions after. A question's wording is what its ``wording_hash``
covers (its text and, for choice questions, its answers), so "reworded" here means
exactly "answers are not comparable across these versions".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import question_types
from .text import pick

#: What happened to a question between the older and the newer version.
KINDS = ("added", "removed", "reworded", "unchanged")


@dataclass(frozen=True)
class QuestionChange:
    question_id: str
    kind: str
    old_text: str
    new_text: str
    #: Answer wordings that differ: (value, old label or "", new label or "").
    answers: tuple[tuple[str, str, str], ...] = ()


def questions_by_id(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for page in definition.get("pages") or [] for q in page["questions"]}


def _answer_labels(q: dict[str, Any], lang: str) -> dict[str, str]:
    wording = question_types.get(q["type"]).wording(q, lang)
    return {str(value): label for value, label in wording.get("options") or []}


def _changed_answers(old: dict[str, Any] | None, new: dict[str, Any] | None,
                     lang: str) -> tuple[tuple[str, str, str], ...]:
    before = _answer_labels(old, lang) if old else {}
    after = _answer_labels(new, lang) if new else {}
    order = list(after) + [v for v in before if v not in after]
    return tuple((v, before.get(v, ""), after.get(v, "")) for v in order
                 if before.get(v) != after.get(v))


def wording_changes(older: dict[str, Any], newer: dict[str, Any],
                    lang: str | None = None) -> list[QuestionChange]:
    """Every question of either version and what happened to its wording."""
    lang = lang or newer.get("source_language") or "en"
    before, after = questions_by_id(older), questions_by_id(newer)
    changes = []
    for qid in list(after) + [q for q in before if q not in after]:
        old, new = before.get(qid), after.get(qid)
        old_text = pick(old.get("text"), lang) if old else ""
        new_text = pick(new.get("text"), lang) if new else ""
        if old is None:
            kind = "added"
        elif new is None:
            kind = "removed"
        elif old.get("wording_hash") != new.get("wording_hash"):
            kind = "reworded"
        else:
            kind = "unchanged"
        answers = _changed_answers(old, new, lang) if kind == "reworded" else ()
        changes.append(QuestionChange(qid, kind, old_text, new_text, answers))
    return changes


def summary(changes: list[QuestionChange]) -> dict[str, int]:
    """How many questions of each kind: {"added": 1, "removed": 0, ...}."""
    return {kind: sum(1 for c in changes if c.kind == kind) for kind in KINDS}
