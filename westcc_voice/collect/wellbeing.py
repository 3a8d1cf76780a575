"""When to show the extra help screen at the end: rules kept in the questionnaire data.

A question's ``help_if`` is a condition (the show_if language) that brings the screen on
its own: feeling unsafe at home, having no adult to talk to. A question's ``low_if`` marks
its answer as very low wellbeing (the lowest face, 0-10 at 2 or less); the screen is shown
when at least ``min_low`` of them hold, or when every low_if question answered holds (at
least one). The rules are read from the definition, so the thanks page, the JSON intake
and the offline tablet (which gets the same trees, :func:`help_rules`) agree.

Versions stored before these rules were written in the questionnaires carry no
``extra_help`` key: for them the rule that was in force, wellbeing-tagged faces and 0-10
questions at the bottom of their scale, is written as the same kind of ``low_if`` trees.
"""

from __future__ import annotations

from typing import Any

from ..definitions.expressions import evaluate
from . import flow

#: The rule before it was data: which questions counted, and where they were low.
LEGACY_TAGS = frozenset({"cc.wellbeing", "west.emotional_wellbeing"})
LEGACY_MIN_LOW = 2
LEGACY_SCALE_LOW_MAX = 2


def _higher_is_better(definition: dict[str, Any], q: dict[str, Any]) -> bool:
    scale = q.get("scale") or {}
    for item in (definition.get("scales", {}).get(scale.get("id")) or {}).get("items", []):
        if item.get("question_id") == q["id"]:
            return item.get("higher_is_better", True) is not False
    return True


def _legacy_low_tree(definition: dict[str, Any], q: dict[str, Any]) -> list | None:
    if not LEGACY_TAGS.intersection(q.get("tags") or []):
        return None
    up = _higher_is_better(definition, q)
    if q["type"] == "faces":
        values = [o["value"] for o in q.get("options") or []]
        lowest = min(values) if up else max(values)
        return ["cmp", "==", ["ref", q["id"]], ["lit", lowest]]
    if q["type"] == "scale_0_10":
        if up:
            return ["cmp", "<=", ["ref", q["id"]], ["lit", LEGACY_SCALE_LOW_MAX]]
        return ["cmp", ">=", ["ref", q["id"]], ["lit", 10 - LEGACY_SCALE_LOW_MAX]]
    return None


def help_rules(definition: dict[str, Any]) -> dict[str, Any]:
    """The survey's rules as plain JSON-ready data: ``help`` (trees, any one true is
    enough), ``low`` ([question id, tree] pairs) and ``min_low``."""
    rules: dict[str, Any] = {"help": [], "low": []}
    legacy = "extra_help" not in definition
    for q in flow.questions(definition):
        if q.get("help_if_tree") is not None:
            rules["help"].append(q["help_if_tree"])
        low = _legacy_low_tree(definition, q) if legacy else q.get("low_if_tree")
        if low is not None:
            rules["low"].append([q["id"], low])
    rules["min_low"] = LEGACY_MIN_LOW if legacy else definition["extra_help"]["min_low"]
    return rules


def needs_extra_help(definition: dict[str, Any], answers: dict[str, Any]) -> bool:
    """True when the answers call for the extra help screen."""
    rules = help_rules(definition)
    if any(evaluate(tree, answers) for tree in rules["help"]):
        return True
    answered = [tree for qid, tree in rules["low"] if evaluate(["answered", qid], answers)]
    low = sum(1 for tree in answered if evaluate(tree, answers))
    return low >= rules["min_low"] or (low >= 1 and low == len(answered))
