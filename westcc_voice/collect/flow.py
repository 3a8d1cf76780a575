"""Which questions and pages a respondent sees, given the answers so far.

Plain functions over a resolved definition (``SurveyVersion.definition``), shared by the
page flow and by intake so that the browser, the pages and the server agree on what
``show_if`` hid.
"""

from __future__ import annotations

from typing import Any

from ..definitions import question_types
from ..definitions.expressions import evaluate


def questions(definition: dict[str, Any]) -> list[dict[str, Any]]:
    """Every question in order, statements included."""
    return [q for page in definition["pages"] for q in page["questions"]]


def is_answerable(q: dict[str, Any]) -> bool:
    qtype = question_types.get(q["type"])
    return bool(qtype and qtype.answerable)


def is_shown(q: dict[str, Any], answers: dict[str, Any]) -> bool:
    tree = q.get("show_if_tree")
    return tree is None or evaluate(tree, answers)


def hidden_options(q: dict[str, Any], answers: dict[str, Any]) -> set[Any]:
    """Values of the options whose own show_if does not hold for these answers."""
    return {o["value"] for o in q.get("options") or []
            if o.get("show_if_tree") is not None and not evaluate(o["show_if_tree"], answers)}


def offered_conditional_options(q: dict[str, Any], answers: dict[str, Any]) -> list[Any]:
    """Values of the options with their own show_if that hold for these answers."""
    return [o["value"] for o in q.get("options") or []
            if o.get("show_if_tree") is not None and evaluate(o["show_if_tree"], answers)]


def unoffered_choice(q: dict[str, Any], value: Any, answers: dict[str, Any]) -> Any:
    """The first chosen option that was hidden by its condition, or None."""
    hidden = hidden_options(q, answers)
    chosen = value if isinstance(value, list) else [value]
    return next((v for v in chosen if v in hidden), None) if hidden else None


def prune_hidden(definition: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers without those to questions that are now hidden (in question order).

    Used when a respondent goes back and changes an answer that a later condition reads.
    """
    kept: dict[str, Any] = {}
    for q in questions(definition):
        if q["id"] in answers and is_shown(q, kept):
            value = answers[q["id"]]
            hidden = hidden_options(q, kept)
            if hidden and isinstance(value, list):
                value = [v for v in value if v not in hidden]
            elif hidden and isinstance(value, str | int) and value in hidden:
                value = None
            if value not in (None, []):
                kept[q["id"]] = value
    return kept


def visible_ids(definition: dict[str, Any], answers: dict[str, Any]) -> set[str]:
    return {q["id"] for q in questions(definition) if is_shown(q, answers)}


def page_numbers(definition: dict[str, Any], answers: dict[str, Any]) -> list[int]:
    """1-based numbers of the pages that have at least one visible question."""
    shown = visible_ids(definition, answers)
    return [
        number
        for number, page in enumerate(definition["pages"], start=1)
        if any(q["id"] in shown for q in page["questions"])
    ]


def neighbour(definition: dict[str, Any], answers: dict[str, Any], number: int,
              step: int) -> int | None:
    """The next (step=1) or previous (step=-1) visible page, or None at either end."""
    candidates = page_numbers(definition, answers)
    if step > 0:
        later = [n for n in candidates if n > number]
        return later[0] if later else None
    earlier = [n for n in candidates if n < number]
    return earlier[-1] if earlier else None
