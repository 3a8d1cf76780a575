"""When to show the extra help screen at the end: a data-driven rule, not a diagnosis.

A question counts when it is tagged as a wellbeing question and its type has a "low"
test below. The screen is shown when at least ``min_low`` counted answers are low, or
when every counted answer given is low (at least one). Faces are low at their lowest
face; 0-10 items at ``scale_low_max`` or below, except items where a higher score is
worse (ONS anxiety), which are low at ``10 - scale_low_max`` or above.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import flow


@dataclass(frozen=True)
class LowWellbeingRule:
    tags: frozenset[str] = frozenset({"cc.wellbeing", "west.emotional_wellbeing"})
    min_low: int = 2
    scale_low_max: int = 2
    #: Question type name -> test(question, answer, rule, higher_is_better) -> bool.
    tests: dict[str, Callable[..., bool]] = field(default_factory=dict)


def _lowest_option(q: dict[str, Any], value: Any, rule: LowWellbeingRule, up: bool) -> bool:
    values = [o["value"] for o in q.get("options") or []]
    if not values or not isinstance(value, int):
        return False
    return value == (min(values) if up else max(values))


def _scale_low(q: dict[str, Any], value: Any, rule: LowWellbeingRule, up: bool) -> bool:
    if not isinstance(value, int):
        return False
    return value <= rule.scale_low_max if up else value >= 10 - rule.scale_low_max


DEFAULT_RULE = LowWellbeingRule(tests={"faces": _lowest_option, "scale_0_10": _scale_low})


def _higher_is_better(definition: dict[str, Any], q: dict[str, Any]) -> bool:
    scale = q.get("scale") or {}
    for item in (definition.get("scales", {}).get(scale.get("id")) or {}).get("items", []):
        if item.get("question_id") == q["id"]:
            return item.get("higher_is_better", True) is not False
    return True


def shows_low_wellbeing(definition: dict[str, Any], answers: dict[str, Any],
                        rule: LowWellbeingRule = DEFAULT_RULE) -> bool:
    """True when the answers call for the extra help screen."""
    counted = low = 0
    for q in flow.questions(definition):
        test = rule.tests.get(q["type"])
        if test is None or not rule.tags.intersection(q.get("tags") or []):
            continue
        if q["id"] not in answers:
            continue
        counted += 1
        if test(q, answers[q["id"]], rule, _higher_is_better(definition, q)):
            low += 1
    return low >= rule.min_low or (low >= 1 and low == counted)
