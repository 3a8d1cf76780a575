"""Filtered questions: who was asked, and that in words.

A question with ``show_if`` is shown only after certain answers ("What would you like to
do?" only to pupils who said there is a club they cannot join). Its figures are of those
asked: the same rule the respondent pages applied (``definitions.expressions.evaluate``)
is applied again to each response's answers, and the label says who that was.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..definitions.expressions import evaluate, references
from .frames import CHOICE_KINDS, ResponseFrame, options_of


def _answers(frame: ResponseFrame, survey_key: str, qid: str, rows: np.ndarray) -> list:
    """One question's answers on ``rows`` as the respondent pages held them (None when
    not answered)."""
    name = frame.surveys[survey_key].column_names.get(qid)
    if name is None:
        return [None] * len(rows)
    series = frame.data[name]
    kind = frame.columns[name].kind
    if kind in CHOICE_KINDS:
        cats = list(series.cat.categories) + [None]
        codes = series.cat.codes.to_numpy()[rows]
        return [cats[c] if c >= 0 else None for c in codes]
    values = series.to_numpy()[rows]
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else v
            for v in values]


def asked_mask(frame: ResponseFrame, survey_key: str, question: dict[str, Any],
               rows: np.ndarray) -> np.ndarray | None:
    """True for each of ``rows`` that was shown ``question``; None when every row was."""
    tree = question.get("show_if_tree")
    if not tree:
        return None
    refs = list(dict.fromkeys(references(tree)))
    columns = {r: _answers(frame, survey_key, r, rows) for r in refs}
    return np.fromiter((evaluate(tree, {r: columns[r][i] for r in refs})
                        for i in range(len(rows))), dtype=bool, count=len(rows))


def _option_label(q: dict[str, Any], value: Any, lang: str) -> str:
    for o in options_of(q):
        if o["value"] == value:
            label = o.get("label")
            if isinstance(label, dict):
                return label.get(lang) or next(iter(label.values()), str(value))
            return str(label or value)
    return str(value)


def _text(q: dict[str, Any], lang: str) -> str:
    text = q.get("text")
    if isinstance(text, dict):
        return text.get(lang) or next(iter(text.values()), q.get("id", ""))
    return str(text or q.get("id", ""))


def _condition(tree: list, questions: dict[str, dict], lang: str) -> str | None:
    kind = tree[0]
    if kind in ("and", "or"):
        parts = [_condition(t, questions, lang) for t in tree[1:]]
        if any(p is None for p in parts):
            return None
        return f" {kind} ".join(parts)
    if kind == "answered" and tree[1] in questions:
        return f"answered ‘{_text(questions[tree[1]], lang)}’"
    if kind != "cmp":
        return None
    _, op, left, right = tree
    if left[0] == "ref" and right[0] in ("lit", "list") and left[1] in questions \
            and op in ("==", "in"):
        q = questions[left[1]]
        values = right[1] if right[0] == "list" else [right[1]]
    elif left[0] == "lit" and right[0] == "ref" and right[1] in questions and op == "in":
        q = questions[right[1]]
        values = [left[1]]
    else:
        return None
    said = " or ".join(f"‘{_option_label(q, v, lang)}’" for v in values)
    verb = "chose" if right[0] == "ref" else "answered"
    return f"{verb} {said} to ‘{_text(q, lang)}’"


def asked_of(question: dict[str, Any], questions: dict[str, dict], noun: str,
             lang: str = "en") -> str:
    """Who was asked a filtered question, in words: "pupils who answered ‘Yes’ to ‘Is
    there a club...?’"; "" for a question everyone was asked."""
    tree = question.get("show_if_tree")
    if not tree:
        return ""
    words = _condition(tree, questions, lang)
    return f"{noun} who {words}" if words else f"{noun} whose earlier answers led to it"
