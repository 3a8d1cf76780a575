"""How each question type is posted by an HTML form, and how its template is found.

Form field names are ``a-<question id>`` (and ``a-<question id>-<item id>`` for grid
items): ids never contain a dash, so these cannot clash with each other or with the
form's own fields (``csrf_token``, ``action``, ``seen``). A type whose answer is not a
single value registers a decoder here; templates are found by type name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.datastructures import MultiDict

from ..definitions.expressions import PREFER_NOT_TO_SAY

Decoder = Callable[[dict[str, Any], MultiDict], Any]
DECODERS: dict[str, Decoder] = {}
TEMPLATE = "collect/questions/{}.html"


def field_name(qid: str, item: str | None = None) -> str:
    return f"a-{qid}" if item is None else f"a-{qid}-{item}"


def decoder(*type_names: str) -> Callable[[Decoder], Decoder]:
    def register(fn: Decoder) -> Decoder:
        for name in type_names:
            DECODERS[name] = fn
        return fn

    return register


def _single(q: dict[str, Any], form: MultiDict) -> Any:
    value = form.get(field_name(q["id"]), "")
    if q.get("prefer_not_to_say") and form.get(field_name(q["id"], "pnts")):
        return PREFER_NOT_TO_SAY
    return value


@decoder("multiple_choice")
def _multi(q: dict[str, Any], form: MultiDict) -> Any:
    chosen = form.getlist(field_name(q["id"]))
    if q.get("prefer_not_to_say") and PREFER_NOT_TO_SAY in chosen:
        return PREFER_NOT_TO_SAY
    return chosen


@decoder("grid")
def _grid(q: dict[str, Any], form: MultiDict) -> Any:
    out = {}
    for item in q.get("items") or []:
        value = form.get(field_name(q["id"], item["id"]), "")
        if value != "":
            out[item["id"]] = value
    return out


def decode(questions: list[dict[str, Any]], form: MultiDict) -> dict[str, Any]:
    """Raw posted answers for the given questions, keyed by question id."""
    return {q["id"]: DECODERS.get(q["type"], _single)(q, form) for q in questions}


def posted_unknown(form: MultiDict, questions: list[dict[str, Any]]) -> list[str]:
    """Answer fields in the form that belong to no question on this page."""
    names = {field_name(q["id"]) for q in questions}
    names |= {field_name(q["id"], "pnts") for q in questions}
    names |= {field_name(q["id"], i["id"]) for q in questions for i in q.get("items") or []}
    return sorted(k[2:] for k in form if k.startswith("a-") and k not in names)


def template_for(type_name: str) -> str:
    return TEMPLATE.format(type_name)


# --- the reverse: stored or posted answers back into form values -------------------------

Encoder = Callable[[dict[str, Any], Any], dict[str, Any]]
ENCODERS: dict[str, Encoder] = {}


def encoder(*type_names: str) -> Callable[[Encoder], Encoder]:
    def register(fn: Encoder) -> Encoder:
        for name in type_names:
            ENCODERS[name] = fn
        return fn

    return register


def _encode_single(q: dict[str, Any], value: Any) -> dict[str, Any]:
    return {field_name(q["id"]): str(value)}


@encoder("short_text", "long_text", "number")
def _encode_typed(q: dict[str, Any], value: Any) -> dict[str, Any]:
    if value == PREFER_NOT_TO_SAY and q.get("prefer_not_to_say"):
        return {field_name(q["id"], "pnts"): "1"}
    return {field_name(q["id"]): str(value)}


@encoder("multiple_choice")
def _encode_multi(q: dict[str, Any], value: Any) -> dict[str, Any]:
    values = value if isinstance(value, list) else [value]
    return {field_name(q["id"]): {str(v) for v in values}}


@encoder("grid")
def _encode_grid(q: dict[str, Any], value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    return {field_name(q["id"], item): str(v) for item, v in value.items()}


def encode(questions: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, Any]:
    """Form field name -> value (a string, or a set of strings for checkboxes)."""
    out: dict[str, Any] = {}
    for q in questions:
        value = answers.get(q["id"])
        if value is None or value == "" or value == [] or value == {}:
            continue
        out.update(ENCODERS.get(q["type"], _encode_single)(q, value))
    return out
