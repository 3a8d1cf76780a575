"""How each question type is posted by an HTML form, and how its template is found.

Form field names are ``a-<question id>`` (and ``a-<question id>-<item id>`` for grid
items): ids never contain a dash, so these cannot clash with each other or with the
form's own fields (``csrf_token``, ``action``, ``seen``). A type whose answer is not a
single value registers a decoder here; templates are found by type name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import babel
from babel.dates import format_date
from werkzeug.datastructures import MultiDict

from ..definitions.expressions import PREFER_NOT_TO_SAY
from ..definitions.question_types import date_bound
from . import language

Decoder = Callable[[dict[str, Any], MultiDict], Any]
DECODERS: dict[str, Decoder] = {}
TEMPLATE = "collect/questions/{}.html"


def field_name(qid: str, item: str | None = None) -> str:
    return f"a-{qid}" if item is None else f"a-{qid}-{item}"


def seen_name(qid: str, option: Any = None) -> str:
    """What the form's "seen" list holds for a conditional question the respondent was
    shown ("homework_help"), or for one conditional option of it ("homework_help:tutor")."""
    return qid if option is None else f"{qid}:{option}"


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


@decoder("ranking")
def _ranking(q: dict[str, Any], form: MultiDict) -> Any:
    """Each option's chosen place ({option: "2"}); the type turns it into the order."""
    if q.get("prefer_not_to_say") and form.get(field_name(q["id"], "pnts")):
        return PREFER_NOT_TO_SAY
    places = {}
    for option in q.get("options") or []:
        place = form.get(field_name(q["id"], option["value"]), "")
        if place != "":
            places[option["value"]] = place
    return places


def decode(questions: list[dict[str, Any]], form: MultiDict) -> dict[str, Any]:
    """Raw posted answers for the given questions, keyed by question id."""
    return {q["id"]: DECODERS.get(q["type"], _single)(q, form) for q in questions}


def posted_unknown(form: MultiDict, questions: list[dict[str, Any]]) -> list[str]:
    """Answer fields in the form that belong to no question on this page."""
    names = {field_name(q["id"]) for q in questions}
    names |= {field_name(q["id"], "pnts") for q in questions}
    names |= {field_name(q["id"], i["id"]) for q in questions for i in q.get("items") or []}
    names |= {field_name(q["id"], o["value"]) for q in questions if q["type"] == "ranking"
              for o in q.get("options") or []}
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


@encoder("short_text", "long_text", "number", "date")
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


@encoder("ranking")
def _encode_ranking(q: dict[str, Any], value: Any) -> dict[str, Any]:
    """A stored order (a list) or places just posted ({option: place}) as each option's
    place."""
    if value == PREFER_NOT_TO_SAY:
        return {field_name(q["id"], "pnts"): "1"}
    if isinstance(value, dict):
        return {field_name(q["id"], k): str(v) for k, v in value.items()}
    if isinstance(value, list):
        return {field_name(q["id"], v): str(i) for i, v in enumerate(value, start=1)}
    return {}


def encode(questions: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, Any]:
    """Form field name -> value (a string, or a set of strings for checkboxes)."""
    out: dict[str, Any] = {}
    for q in questions:
        value = answers.get(q["id"])
        if value is None or value == "" or value == [] or value == {}:
            continue
        out.update(ENCODERS.get(q["type"], _encode_single)(q, value))
    return out


# --- dates: the bounds a date input is given and how a date is said ------------------------


def date_limit(value: Any) -> str:
    """A date question's bound as its input's min or max attribute ("today" resolved)."""
    day = date_bound(value)
    return day.isoformat() if day else ""


def said_date(value: Any) -> str:
    """A date as the respondent's language writes it ("14 March 2026"), or ISO when the
    language has no date words in the service's locale data."""
    day = date_bound(value) if not isinstance(value, dt.date) else value
    if day is None:
        return ""
    lang = language.current()
    try:  # British English writes the day first, as the service's users do
        return format_date(day, format="long", locale="en_GB" if lang == "en" else lang)
    except (ValueError, LookupError, babel.UnknownLocaleError):
        return day.isoformat()


def ranked_options(q: dict[str, Any], values: dict[str, Any]) -> list[dict[str, Any]]:
    """A ranking's options in the order of the places given so far (unplaced last, in
    the questionnaire's order), so the page shows the order it will send."""
    def place(option: dict[str, Any]) -> int:
        given = str(values.get(field_name(q["id"], option["value"]), ""))
        return int(given) if given.isascii() and given.isdigit() else len(q["options"]) + 1

    return sorted(q.get("options") or [], key=place)
