"""Question types, registered by name. A new type is a new class with ``@register``.

Each type knows three things: how to check and resolve its definition (``resolve``),
how to check one answer to it (``check_answer``, used by intake), and what kind of data
its answers are for analysis (``kind``: nominal, multi, ordinal, numeric, text, grid, none).
Templates are found by name: templates/collect/questions/<name>.html; ``height`` and
``phone_height`` say how tall that template is on a class tablet and on a phone, for the
loader's long-page warning (definitions/page_length.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import re._constants as _sre_constants
import re._parser as _sre_parser
import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar

from .birth_words import names_a_birth
from .errors import ErrorSink, Path_, check_fields
from .expressions import PREFER_NOT_TO_SAY, ExpressionError, parse
from .text import resolve_text

REGISTRY: dict[str, type[QuestionType]] = {}

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def register(cls: type[QuestionType]) -> type[QuestionType]:
    REGISTRY[cls.name] = cls
    return cls


def get(name: str) -> QuestionType | None:
    cls = REGISTRY.get(name)
    return cls() if cls else None


class AnswerError(ValueError):
    """An answer does not fit its question; the message says what was expected.

    ``reason`` and ``detail`` let a respondent's page say the same in their own words."""

    def __init__(self, message: str, reason: str = "", **detail: Any):
        super().__init__(message)
        self.reason = reason
        self.detail = detail


# --- what an answer may hold -------------------------------------------------------------

#: A whole number typed as text: ASCII digits, at most 15 of them (no superscripts,
#: no 10^400).
_ASCII_WHOLE = re.compile(r"-?[0-9]{1,15}", re.ASCII)
#: A number typed as text. Any script's decimal digits are accepted on purpose (a parent
#: may type ٣ on an Arabic keyboard or ৩ on a Bengali one); superscripts, fractions
#: and other number signs are not; at most 15 digits before and 6 after the point.
_TYPED_NUMBER = re.compile(r"-?\d{1,15}(?:[.,]\d{1,6})?")
#: The largest number a number question stores, whatever its own limits say.
LARGEST_NUMBER = 10**15
#: Control characters but tab and line breaks, and the 66 noncharacters.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
                         + "".join(chr(plane * 0x10000 + low) for plane in range(17)
                                   for low in (0xFFFE, 0xFFFF)) + "]")
_SURROGATES = re.compile("[\ud800-\udfff]")
#: Longest piece of a wrong answer repeated in an error message.
_SHOWN_LENGTH = 40


def shown_value(value: object, quoted: bool = True) -> str:
    """A wrong answer as an error message repeats it: short, printable, never huge."""
    try:
        text = repr(value) if quoted else str(value)
    except ValueError:  # an int too long to print (Python refuses past 4,300 digits)
        return "a number thousands of digits long"
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH - 1] + "…"


def clean_text(text: str) -> str:
    """Text every database can hold, in one normal form, keeping what the person wrote.

    NUL and other control characters (tabs and line breaks excepted) and Unicode
    noncharacters are removed; a lone surrogate (JSON ``"\\udfff"``), which no database
    driver can encode, becomes U+FFFD; the rest is put in NFC, so the same words typed
    on two keyboards are stored alike.
    """
    text = _SURROGATES.sub("\ufffd", _UNSTORABLE.sub("", text))
    return unicodedata.normalize("NFC", text)


def whole_number(value: Any) -> int:
    """A whole number from JSON or a form: an int (not true/false), or ASCII digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _ASCII_WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    raise AnswerError(f"expected a whole number, got {shown_value(value)}")


@dataclass
class Context:
    """What a type needs to resolve itself: the survey's languages and answer sets."""

    languages: list[str]
    answer_sets: dict[str, dict[str, Any]]
    sink: ErrorSink


@dataclass(frozen=True)
class Height:
    """How tall a type's template is on one screen size (a 768x1024 tablet: ``height``; a
    390x844 phone: ``phone_height``), in CSS px, as Chromium draws it with a read-aloud
    voice (tests/browser/test_page_length.py keeps these honest): ``base`` with one line
    of question text, plus ``per_option`` for each answer tile, or for each row of
    ``per_row`` tiles; a grid adds ``per_item`` for each of its statements and, where each
    statement's answers are stacked (a phone), ``per_item_option`` for each answer of each."""

    base: int
    per_option: int = 0
    per_row: int = 1
    per_item: int = 0
    per_item_option: int = 0


class QuestionType:
    name: ClassVar[str]
    kind: ClassVar[str]
    #: Fields this type accepts beyond the common ones.
    fields: ClassVar[set[str]] = set()
    answerable: ClassVar[bool] = True
    height: ClassVar[Height] = Height(base=200, per_option=90)
    phone_height: ClassVar[Height] = Height(base=250, per_option=100)

    def resolve(self, q: dict[str, Any], out: dict[str, Any], path: Path_, ctx: Context) -> None:
        """Check type-specific fields of ``q`` and copy their resolved form into ``out``."""

    def check_answer(self, q: dict[str, Any], value: Any) -> Any:
        """Return the answer in stored form, or raise AnswerError."""
        raise AnswerError("this question takes no answer")

    def wording(self, q: dict[str, Any], lang: str) -> dict[str, Any]:
        """The parts of the question whose change makes answers incomparable."""
        return {}


# --- helpers shared by choice-like types -----------------------------------------------


#: Fields an option and a grid item may have; anything else is a mistake worth naming.
OPTION_FIELDS = frozenset({"value", "label", "emoji", "exclusive", "other_text", "show_if"})
GRID_ITEM_FIELDS = frozenset({"id", "text"})


def _resolve_options(
    q: dict[str, Any], path: Path_, ctx: Context, *, default_set: str | None = None,
    ordinal: bool = False, exclusive_allowed: bool = False, conditions_allowed: bool = True,
) -> list[dict[str, Any]] | None:
    """Options come from ``options:`` or a named answer set in ``answers:``."""
    if "options" in q and "answers" in q:
        ctx.sink.add(path, "gives both 'options' and 'answers': expected one of them")
        return None
    if "options" in q:
        raw = q["options"]
        if not isinstance(raw, list) or len(raw) < 2:
            ctx.sink.add((*path, "options"), "expected a list of at least two options")
            return None
        options, seen = [], set()
        for i, opt in enumerate(raw):
            opath = (*path, "options", i)
            if not isinstance(opt, dict):
                ctx.sink.add(opath, "expected a mapping with 'value' and 'label'")
                continue
            check_fields(opt, OPTION_FIELDS, opath, ctx.sink, " on an option")
            value = opt.get("value")
            if ordinal and (not isinstance(value, int) or isinstance(value, bool)):
                ctx.sink.add((*opath, "value"), "expected a whole number for an ordered scale")
                continue
            if not ordinal and not (isinstance(value, str) and ID_PATTERN.match(value)):
                ctx.sink.add((*opath, "value"), "expected a short code such as 'football' "
                             "(lower case letters, digits and _)")
                continue
            if value in seen or value == PREFER_NOT_TO_SAY:
                ctx.sink.add((*opath, "value"), f"{value!r} is used twice or reserved")
                continue
            seen.add(value)
            label = resolve_text(opt.get("label"), (*opath, "label"), ctx.languages, ctx.sink)
            entry = {"value": value, "label": label or {}}
            if "emoji" in opt:
                entry["emoji"] = str(opt["emoji"])
            if opt.get("other_text") not in (None, False):
                entry["other_text"] = opt["other_text"]  # the loader makes its text question
            if opt.get("exclusive") is not None:
                if not exclusive_allowed or not isinstance(opt["exclusive"], bool):
                    ctx.sink.add((*opath, "exclusive"), "expected 'exclusive: true' on an option "
                                 "of a multiple_choice question only (an answer such as 'None "
                                 "of these' that cannot be chosen with others)")
                elif opt["exclusive"]:
                    entry["exclusive"] = True
            if opt.get("show_if") is not None:
                _option_condition(opt["show_if"], entry, (*opath, "show_if"), ctx,
                                  conditions_allowed)
            options.append(entry)
        return options
    set_name = q.get("answers", default_set)
    if set_name is None:
        ctx.sink.add(path, "needs 'options' (a list) or 'answers' (the name of an answer set)")
        return None
    answer_set = ctx.answer_sets.get(set_name)
    if answer_set is None:
        ctx.sink.add((*path, "answers"), f"unknown answer set {set_name!r}: expected one of "
                     f"{', '.join(sorted(ctx.answer_sets))}")
        return None
    missing = [lang for lang in ctx.languages if lang not in answer_set["languages"]]
    if missing:
        ctx.sink.add((*path, "answers"), f"answer set {set_name!r} has no text in "
                     f"{', '.join(missing)}: add it to surveys/answer-sets.yaml")
    return [
        {**opt, "label": {lang: opt["label"].get(lang, "") for lang in ctx.languages}}
        for opt in answer_set["options"]
    ]


def _option_condition(source: Any, entry: dict[str, Any], path: Path_, ctx: Context,
                      allowed: bool) -> None:
    """``show_if`` on one option: the option is offered only when the condition holds
    (the loader checks what it reads; pages and intake refuse it when hidden)."""
    if not allowed:
        ctx.sink.add(path, "a condition on one option is for single_choice and "
                     "multiple_choice questions only: here every option is always shown")
        return
    try:
        entry["show_if_tree"] = parse(source)
        entry["show_if"] = source
    except ExpressionError as exc:
        ctx.sink.add(path, f"{exc}")


def _option_values(q: dict[str, Any]) -> list[Any]:
    return [o["value"] for o in q.get("options") or []]


def _choice_answer(q: dict[str, Any], value: Any) -> Any:
    """One option's value: a whole number for an ordered scale (never true, false or
    3.0, which Python would take for 1, 0 and 3), else the option's code."""
    if value == PREFER_NOT_TO_SAY and q.get("prefer_not_to_say"):
        return value
    values = _option_values(q)

    def wrong(value: Any) -> AnswerError:
        shown = ", ".join(str(v) for v in values)
        return AnswerError(f"expected one of {shown}, got {shown_value(value)}")

    if isinstance(values[0], int):
        try:
            value = whole_number(value)
        except AnswerError:
            raise wrong(value) from None
    elif not isinstance(value, str):
        raise wrong(value)
    if value not in values:
        raise wrong(value)
    return value


def _options_wording(q: dict[str, Any], lang: str) -> list:
    return [[o["value"], o["label"].get(lang, "")] for o in q.get("options") or []]


# --- the types ---------------------------------------------------------------------------


@register
class Statement(QuestionType):
    name = "statement"
    height = Height(base=158)
    phone_height = Height(base=200)
    kind = "none"
    answerable = False


@register
class SingleChoice(QuestionType):
    name = "single_choice"
    height = Height(base=180, per_option=80, per_row=2)
    phone_height = Height(base=235, per_option=91)
    kind = "nominal"
    fields = {"options", "answers"}

    def resolve(self, q, out, path, ctx):
        out["options"] = _resolve_options(q, path, ctx)

    def check_answer(self, q, value):
        return _choice_answer(q, value)

    def wording(self, q, lang):
        return {"options": _options_wording(q, lang)}


@register
class YesNo(SingleChoice):
    name = "yes_no"
    height = Height(base=185)
    phone_height = Height(base=258, per_option=61)
    fields = {"answers"}

    def resolve(self, q, out, path, ctx):
        out["options"] = _resolve_options(q, path, ctx, default_set="yes_no")


@register
class MultipleChoice(QuestionType):
    name = "multiple_choice"
    height = Height(base=150, per_option=95)
    phone_height = Height(base=90, per_option=109)
    kind = "multi"
    fields = {"options", "answers", "max_choices", "min_choices"}

    def resolve(self, q, out, path, ctx):
        out["options"] = _resolve_options(q, path, ctx, exclusive_allowed=True)
        for field in ("min_choices", "max_choices"):
            limit = q.get(field)
            if limit is None:
                continue
            if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
                ctx.sink.add((*path, field), "expected a whole number of at least 1")
            elif out["options"] is not None and limit > len(out["options"]):
                ctx.sink.add((*path, field), f"is {limit}, but the question has only "
                             f"{len(out['options'])} options")
            else:
                out[field] = limit
        if out.get("min_choices", 0) > out.get("max_choices", out.get("min_choices", 0)):
            ctx.sink.add((*path, "min_choices"), "is more than max_choices")

    def check_answer(self, q, value):
        if value == PREFER_NOT_TO_SAY and q.get("prefer_not_to_say"):
            return value
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise AnswerError("expected a list of choices")
        allowed = _option_values(q)
        bad = [v for v in value if not isinstance(v, str) or v not in allowed]
        if bad:
            raise AnswerError(f"{shown_value(bad[0])} is not a choice: expected any of "
                              f"{', '.join(allowed)}")
        if len(set(value)) != len(value):
            raise AnswerError("a choice is given twice")
        alone = [o["value"] for o in q["options"] if o.get("exclusive")]
        clash = [v for v in value if v in alone]
        if clash and len(value) > 1:
            label = next(o["label"] for o in q["options"] if o["value"] == clash[0])
            raise AnswerError(f"{shown_value(clash[0])} cannot be chosen with other answers",
                              "exclusive", label=label)
        if q.get("max_choices") and len(value) > q["max_choices"]:
            raise AnswerError(f"at most {q['max_choices']} choices, got {len(value)}",
                              "max_choices", n=q["max_choices"])
        if q.get("min_choices") and len(value) < q["min_choices"] and not clash:
            raise AnswerError(f"at least {q['min_choices']} choices, got {len(value)}",
                              "min_choices", n=q["min_choices"])
        return [v for v in allowed if v in value]

    def wording(self, q, lang):
        wording = {"options": _options_wording(q, lang), "max": q.get("max_choices")}
        if q.get("min_choices"):
            wording["min"] = q["min_choices"]
        return wording


@register
class Agreement(SingleChoice):
    """An ordered (Likert) scale; agreement by default, any ordinal answer set allowed."""

    name = "agreement"
    height = Height(base=100, per_option=93)
    phone_height = Height(base=425, per_option=40)
    kind = "ordinal"
    fields = {"answers", "options"}

    def resolve(self, q, out, path, ctx):
        out["options"] = _resolve_options(q, path, ctx, default_set="agree5", ordinal=True,
                                          conditions_allowed=False)


@register
class Faces(SingleChoice):
    """Emoji faces, 3 or 5, each with words; higher values are happier."""

    name = "faces"
    height = Height(base=253)
    phone_height = Height(base=268, per_option=12)
    kind = "ordinal"
    fields = {"faces"}

    def resolve(self, q, out, path, ctx):
        count = q.get("faces", 5)
        if count not in (3, 5):
            ctx.sink.add((*path, "faces"), f"expected 3 or 5 faces, got {count!r}")
            return
        out["faces"] = count
        out["options"] = _resolve_options({}, path, ctx, default_set=f"faces{count}")


@register
class Scale0To10(QuestionType):
    name = "scale_0_10"
    height = Height(base=191)
    phone_height = Height(base=316)
    kind = "ordinal"
    fields = {"low", "high"}

    def resolve(self, q, out, path, ctx):
        for end in ("low", "high"):
            out[end] = resolve_text(q.get(end), (*path, end), ctx.languages, ctx.sink)

    def check_answer(self, q, value):
        if value == PREFER_NOT_TO_SAY and q.get("prefer_not_to_say"):
            return value
        try:
            number = whole_number(value)
        except AnswerError:
            number = None
        if number is None or not 0 <= number <= 10:
            raise AnswerError(f"expected a whole number from 0 to 10, got {shown_value(value)}")
        return number

    def wording(self, q, lang):
        return {"low": (q.get("low") or {}).get(lang), "high": (q.get("high") or {}).get(lang)}


@register
class Number(QuestionType):
    name = "number"
    height = Height(base=254)
    phone_height = Height(base=312)
    kind = "numeric"
    fields = {"min", "max", "integer", "unit", "plausible"}

    def resolve(self, q, out, path, ctx):
        for end in ("min", "max"):
            if end in q:
                if not isinstance(q[end], (int, float)) or isinstance(q[end], bool):
                    ctx.sink.add((*path, end), "expected a number")
                else:
                    out[end] = q[end]
        if "min" in out and "max" in out and out["min"] > out["max"]:
            ctx.sink.add((*path, "max"), f"is below min ({out['min']})")
        if "plausible" in q:
            self._plausible(q["plausible"], out, (*path, "plausible"), ctx)
        out["integer"] = bool(q.get("integer", True))
        if "unit" in q:
            out["unit"] = resolve_text(q["unit"], (*path, "unit"), ctx.languages, ctx.sink)

    def check_answer(self, q, value):
        if value == PREFER_NOT_TO_SAY and q.get("prefer_not_to_say"):
            return value
        number = _typed_number(value)
        if q.get("integer", True):
            if isinstance(number, float):
                if not number.is_integer():
                    raise AnswerError(f"expected a whole number, got {shown_value(value)}")
                number = int(number)
        if "min" in q and number < q["min"]:
            raise AnswerError(f"expected at least {q['min']}, got {number}")
        if "max" in q and number > q["max"]:
            raise AnswerError(f"expected at most {q['max']}, got {number}")
        return number

    @staticmethod
    def _plausible(spec, out, path, ctx):
        """``plausible: {min: 4, max: 12}``: answers outside are accepted (a respondent
        may type 0 or 13 hours of sleep) but left out of means and counted."""
        if not isinstance(spec, dict) or not spec or set(spec) - {"min", "max"}:
            ctx.sink.add(path, "expected {min: ..., max: ...}: the range of believable "
                         "answers, such as {min: 4, max: 12} for hours of sleep")
            return
        bounds = {}
        for end, value in spec.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                ctx.sink.add((*path, end), f"expected a number, got {value!r}")
                return
            bounds[end] = value
        if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
            ctx.sink.add((*path, "max"), f"is below min ({bounds['min']})")
            return
        out["plausible"] = bounds

    def wording(self, q, lang):
        return {"min": q.get("min"), "max": q.get("max"), "unit": (q.get("unit") or {}).get(lang)}


def _typed_number(value: Any) -> int | float:
    """A finite number no larger than LARGEST_NUMBER, from JSON or typed text."""
    if isinstance(value, str) and _TYPED_NUMBER.fullmatch(value.strip()):
        digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c
                         for c in value.strip().replace(",", "."))
        value = float(digits) if "." in digits else int(digits)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AnswerError(f"expected a number, got {shown_value(value)}")
    if isinstance(value, float) and not math.isfinite(value) or abs(value) > LARGEST_NUMBER:
        raise AnswerError(f"expected a number no larger than {LARGEST_NUMBER:,}, got "
                          f"{shown_value(value)}")
    return value


#: Longest text pattern a questionnaire may give (a postcode district needs about 20).
PATTERN_LENGTH = 200
#: Python-only regex syntax the browser's pattern attribute cannot read.
_NOT_IN_BROWSERS = re.compile(r"\(\?P|\(\?[aiLmsux-]|\\[AZz]|\(\?#")


def check_pattern(pattern: Any) -> str | None:
    """Why ``pattern`` cannot be a short_text's pattern, or None: it must compile, be
    short, read the same in a browser's pattern attribute, and never repeat a part that
    can read the same letters two ways (``(a+)+``, ``(a|aa)+``), which can take minutes
    on one answer."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "expected a regular expression in quotes, such as \"NE[0-9]{1,2}\""
    if len(pattern) > PATTERN_LENGTH:
        return f"is {len(pattern)} characters long: at most {PATTERN_LENGTH}"
    try:
        parsed = _sre_parser.parse(pattern, re.ASCII)
    except re.error as exc:
        return f"is not a regular expression: {exc}"
    if _NOT_IN_BROWSERS.search(pattern):
        return ("uses syntax only Python reads ((?P<name>...), (?i), \\A, \\Z): write it "
                "as a browser's pattern attribute reads it")
    if _nested_repeat(parsed, inside=False):
        return ("repeats a part that can read the same letters in more than one way, such "
                "as (a+)+ or (a|aa)+, which can take minutes on one answer: write it so "
                "each letter can be read only one way, such as a+")
    return None


def _distinct_starts(branches: list) -> bool:
    """Alternatives that each begin with their own letter, so only one can ever match."""
    starts = []
    for branch in branches:
        if not branch or branch[0][0] is not _sre_constants.LITERAL:
            return False
        starts.append(branch[0][1])
    return len(set(starts)) == len(starts)


_REPEATS = {_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT,
            getattr(_sre_constants, "POSSESSIVE_REPEAT", None)} - {None}


def _nested_repeat(parsed: Any, inside: bool) -> bool:
    for op, arg in parsed:
        if op in _REPEATS:
            low, high, body = arg
            repeats = high is _sre_constants.MAXREPEAT or high > 1
            if inside and high != low:  # a part of varying length, repeated
                return True
            if _nested_repeat(body, inside or repeats):
                return True
        elif op is _sre_constants.SUBPATTERN:
            if _nested_repeat(arg[-1], inside):
                return True
        elif op is _sre_constants.BRANCH:
            if inside and not _distinct_starts(arg[1]):
                return True  # (a|aa)+: two ways to read the same letters, repeated
            if any(_nested_repeat(branch, inside) for branch in arg[1]):
                return True
    return False


@register
class ShortText(QuestionType):
    name = "short_text"
    height = Height(base=250)
    phone_height = Height(base=329)
    kind = "text"
    fields = {"max_length", "pattern", "pattern_message"}
    default_length = 200

    def resolve(self, q, out, path, ctx):
        length = q.get("max_length", self.default_length)
        if not isinstance(length, int) or not 1 <= length <= 5000:
            ctx.sink.add((*path, "max_length"), "expected a whole number from 1 to 5000")
            length = self.default_length
        out["max_length"] = length
        if "pattern" not in q and "pattern_message" not in q:
            return
        problem = check_pattern(q.get("pattern"))
        if problem:
            ctx.sink.add((*path, "pattern"), problem)
        message = q.get("pattern_message")
        if message is None:
            ctx.sink.add((*path, "pattern_message"), "is missing: a pattern needs the words "
                         "a respondent sees when an answer does not fit it, in each of the "
                         "survey's languages, such as 'Please type the first part of your "
                         "postcode, such as NE4.'")
            return
        message = resolve_text(message, (*path, "pattern_message"), ctx.languages, ctx.sink)
        if not problem and message:
            out["pattern"] = q["pattern"]
            out["pattern_message"] = message

    def check_answer(self, q, value):
        if value == PREFER_NOT_TO_SAY and q.get("prefer_not_to_say"):
            return value
        if not isinstance(value, str):
            raise AnswerError("expected text")
        value = clean_text(value).strip()
        if len(value) > q.get("max_length", self.default_length):
            raise AnswerError(f"is longer than {q['max_length']} characters")
        if q.get("pattern") and value and not _compiled(q["pattern"]).fullmatch(value):
            raise AnswerError(f"does not fit the pattern {q['pattern']}", "pattern")
        return value

    def wording(self, q, lang):
        return {"pattern": q["pattern"]} if q.get("pattern") else {}


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    """A checked pattern, compiled once (ASCII classes, as a browser reads \\d and \\w)."""
    return re.compile(pattern, re.ASCII)


@register
class LongText(ShortText):
    name = "long_text"
    height = Height(base=400)
    phone_height = Height(base=474)
    fields = {"max_length"}
    default_length = 2000


@register
class Grid(QuestionType):
    """Several items answered on one shared scale; the answer is {item_id: value}."""

    name = "grid"
    height = Height(base=120, per_item=270)
    # On a phone each statement (its words and read-aloud button) stacks its answers as
    # slim 48 px tiles (survey.css), measured at 171 px a statement and 55 px an answer.
    phone_height = Height(base=127, per_item=171, per_item_option=55)
    kind = "grid"
    fields = {"items", "answers", "options"}

    def resolve(self, q, out, path, ctx):
        out["options"] = _resolve_options(q, path, ctx, default_set="agree5", ordinal=True,
                                          conditions_allowed=False)
        items = q.get("items")
        if not isinstance(items, list) or not items:
            ctx.sink.add((*path, "items"), "expected a list of items, each with 'id' and 'text'")
            return
        resolved, seen = [], set()
        for i, item in enumerate(items):
            ipath = (*path, "items", i)
            if not isinstance(item, dict):
                ctx.sink.add(ipath, "expected a mapping with 'id' and 'text'")
                continue
            check_fields(item, GRID_ITEM_FIELDS, ipath, ctx.sink, " on a grid item")
            iid = item.get("id")
            if not isinstance(iid, str) or not ID_PATTERN.match(iid) or iid in seen:
                ctx.sink.add((*ipath, "id"), "expected a unique id of lower case letters, "
                             "digits and _")
                continue
            seen.add(iid)
            text = resolve_text(item.get("text"), (*ipath, "text"), ctx.languages, ctx.sink)
            resolved.append({"id": iid, "text": text})
        out["items"] = resolved

    def check_answer(self, q, value):
        if not isinstance(value, dict) or not value:
            raise AnswerError("expected an answer for one or more items")
        items = {item["id"] for item in q["items"]}
        out = {}
        for iid, v in value.items():
            if iid not in items:
                raise AnswerError(f"unknown item {shown_value(iid)}: expected one of "
                                  f"{', '.join(sorted(items))}")
            if v in (None, ""):
                continue
            out[iid] = _choice_answer(q, v)
        return out

    def wording(self, q, lang):
        return {
            "options": _options_wording(q, lang),
            "items": [[i["id"], (i.get("text") or {}).get(lang)] for i in q.get("items") or []],
        }


# --- dates -------------------------------------------------------------------------------

#: The most months a date question may report month by month.
MOST_MONTHS = 36


def date_bound(value: Any, today: dt.date | None = None) -> dt.date | None:
    """A bound as the definition keeps it (ISO text or "today") as a date."""
    if value == "today":
        return today or dt.date.today()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def date_band(q: dict[str, Any], value: Any) -> str | None:
    """The month ("2026-03") or year ("2026") an answer is reported in; None if no date."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    return value[:7] if q.get("report_by") == "month" else value[:4]


def date_bands(q: dict[str, Any], today: dt.date | None = None) -> list[str]:
    """Every band between a date question's bounds, oldest first."""
    low, high = date_bound(q.get("min"), today), date_bound(q.get("max"), today)
    if low is None or high is None or low > high:
        return []
    if q.get("report_by") != "month":
        return [str(year) for year in range(low.year, high.year + 1)]
    months = range(low.year * 12 + low.month - 1, high.year * 12 + high.month)
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months]


@register
class Date(QuestionType):
    """A day, typed or picked in the browser's own date control, between two bounds.
    Stored as ISO text (2026-03-14); reported only by month or year, never the day."""

    name = "date"
    kind = "date"
    fields = {"min", "max", "report_by"}

    def resolve(self, q, out, path, ctx):
        for end in ("min", "max"):
            value = q.get(end)
            if isinstance(value, dt.datetime):
                value = value.date()
            if isinstance(value, dt.date):
                value = value.isoformat()
            if value is None:
                ctx.sink.add((*path, end), f"is missing: a date question needs its {end}imum "
                             "date, such as 2020-09-01, or 'today'")
            elif date_bound(value) is None:
                ctx.sink.add((*path, end), f"expected a date written 2020-09-01, or 'today', "
                             f"got {value!r}")
            else:
                out[end] = value
        low, high = date_bound(out.get("min")), date_bound(out.get("max"))
        if low and high and low > high:
            ctx.sink.add((*path, "max"), f"is before min ({out['min']})")
        report_by = q.get("report_by")
        if report_by is None and low and high:
            span = (high.year - low.year) * 12 + high.month - low.month + 1
            report_by = "month" if span <= 24 else "year"
        if report_by not in ("month", "year"):
            ctx.sink.add((*path, "report_by"), f"expected month or year, got {report_by!r}")
        elif low and high:
            out["report_by"] = report_by
            if report_by == "month" and len(date_bands(out)) > MOST_MONTHS:
                ctx.sink.add((*path, "report_by"), f"would report {len(date_bands(out))} "
                             f"months (at most {MOST_MONTHS}): use report_by: year")
        if names_a_birth(str(q.get("id", "")), {"text": out.get("text"),
                                                "help": out.get("help")}):
            ctx.sink.add((*path, "type"), "a date of birth identifies a person, and answers "
                         "here are anonymous: ask the age in years (a number question) or "
                         "the year group instead")

    def check_answer(self, q, value):
        if value == PREFER_NOT_TO_SAY and q.get("prefer_not_to_say"):
            return value
        day = None
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip(),
                                                   re.ASCII):
            try:
                day = dt.date.fromisoformat(value.strip())
            except ValueError:
                day = None
        low, high = date_bound(q.get("min")), date_bound(q.get("max"))
        if day is None:
            raise AnswerError(f"expected a date written 2026-03-14, got {shown_value(value)}",
                              "date", low=low, high=high)
        if (low and day < low) or (high and day > high):
            raise AnswerError(f"expected a date from {low} to {high}, got {day}",
                              "date", low=low, high=high)
        return day.isoformat()

    def wording(self, q, lang):
        return {"min": q.get("min"), "max": q.get("max")}


# --- ranking -----------------------------------------------------------------------------

#: Most options a ranking may have: more is too many to hold in mind and place.
MOST_RANKED = 10


@register
class Ranking(QuestionType):
    """Options put in order, first first. Without dragging: each option has a place to
    choose (and, with JavaScript, buttons to move it up or down). ``min_ranked`` and
    ``max_ranked`` allow a partial ranking ("your top 3"); the answer is the list of
    options placed, in order."""

    name = "ranking"
    kind = "ranking"
    fields = {"options", "answers", "min_ranked", "max_ranked"}

    def resolve(self, q, out, path, ctx):
        out["options"] = _resolve_options(q, path, ctx, conditions_allowed=False)
        for i, option in enumerate(out["options"] or []):
            if option.pop("other_text", None):
                ctx.sink.add((*path, "options", i, "other_text"), "a ranking's options take "
                             "no 'please say' box: give the option its own words")
        count = len(out["options"] or [])
        if out["options"] is not None and count > MOST_RANKED:
            ctx.sink.add((*path, "options"), f"has {count} options: a ranking takes at most "
                         f"{MOST_RANKED}, as more are too many to put in order")
        for field in ("min_ranked", "max_ranked"):
            limit = q.get(field, count)
            if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= count:
                ctx.sink.add((*path, field), f"expected a whole number from 1 to {count} "
                             "(the number of options)")
            else:
                out[field] = limit
        if out.get("min_ranked", 0) > out.get("max_ranked", count):
            ctx.sink.add((*path, "min_ranked"), "is more than max_ranked")

    def check_answer(self, q, value):
        if value == PREFER_NOT_TO_SAY and q.get("prefer_not_to_say"):
            return value
        allowed = _option_values(q)
        if isinstance(value, dict):  # a form: {option: place}
            value = self._from_places(value, len(allowed))
        if not isinstance(value, list) or not value:
            raise AnswerError("expected a list of options, first first")
        bad = [v for v in value if not isinstance(v, str) or v not in allowed]
        if bad:
            raise AnswerError(f"{shown_value(bad[0])} is not an option: expected any of "
                              f"{', '.join(allowed)}")
        if len(set(value)) != len(value):
            raise AnswerError("an option is placed twice", "rank_same")
        if len(value) < q.get("min_ranked", len(allowed)):
            raise AnswerError(f"at least {q['min_ranked']} options must be placed, got "
                              f"{len(value)}", "rank_min", n=q["min_ranked"])
        if len(value) > q.get("max_ranked", len(allowed)):
            raise AnswerError(f"at most {q['max_ranked']} options may be placed, got "
                              f"{len(value)}", "rank_max", n=q["max_ranked"])
        return list(value)

    @staticmethod
    def _from_places(places: dict, count: int) -> list:
        """{option: "2", ...} as the options in order of place; no two in one place."""
        placed = []
        for option, place in places.items():
            if place in (None, ""):
                continue
            try:
                number = whole_number(place)
            except AnswerError:
                number = 0
            if not 1 <= number <= count:
                raise AnswerError(f"the place of {shown_value(option)} is "
                                  f"{shown_value(place)}: expected 1 to {count}")
            placed.append((number, option))
        numbers = [n for n, _o in placed]
        if len(set(numbers)) != len(numbers):
            raise AnswerError("two options are given the same place", "rank_same")
        return [option for _n, option in sorted(placed)]

    def wording(self, q, lang):
        return {"options": _options_wording(q, lang), "min": q.get("min_ranked"),
                "max": q.get("max_ranked")}


def rank_places(q: dict[str, Any], answer: Any) -> dict[str, float] | None:
    """Each option's place in one ranking answer (1 = first). Options left unplaced in a
    partial ranking share the places left equally (placed 3 of 6: each of the other three
    is 5, the mean of 4, 5 and 6), so every option has a place from everyone who
    answered. None for no answer (or prefer not to say)."""
    if not isinstance(answer, list) or not answer:
        return None
    values = _option_values(q)
    placed = [v for v in answer if v in values]
    if not placed:
        return None
    rest = (len(placed) + 1 + len(values)) / 2
    return {v: float(placed.index(v) + 1) if v in placed else rest for v in values}
