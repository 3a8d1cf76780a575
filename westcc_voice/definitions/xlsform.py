"""XLSForm in and out: the spreadsheet form format of KoboToolbox, ODK, SurveyCTO and Ona.

``read_xlsform`` turns a form's survey, choices and settings sheets into a questionnaire
(the same data a file in surveys/ holds), naming by sheet, row and column whatever it
cannot convert, and listing what it converted only approximately. ``write_xlsform`` does
the reverse for a stored questionnaire, so it can be opened in XLSForm tools.

What maps to what is in docs/questionnaires.md ("XLSForm in and out").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .expressions import ExpressionError, evaluate, parse, references
from .question_types import check_pattern
from .text import ENGLISH_NAMES, LANGUAGE_NAMES, language_code

#: XLSForm types that carry no question for a respondent: left out, and listed.
METADATA_TYPES = {"start", "end", "today", "deviceid", "username", "phonenumber",
                  "simserial", "subscriberid", "audit", "calculate", "hidden", "email",
                  "start-geopoint", "background-audio", "xml-external", "csv-external"}
#: Types the questionnaire format cannot ask: an error, or left out with --leave-out.
UNSUPPORTED_TYPES = {"select_one_from_file", "select_multiple_from_file",
                     "select_one_external", "osm", "time", "datetime", "geopoint",
                     "geotrace", "geoshape", "image", "audio", "video", "file", "barcode",
                     "acknowledge", "background-geopoint"}
_METADATA_SQUASHED = {re.sub(r"[\s_-]", "", t) for t in METADATA_TYPES}
_SIMPLE_TYPES = {"text": "short_text", "integer": "number", "decimal": "number",
                 "note": "statement"}
#: Our own columns, which XLSForm tools ignore: they keep a round trip whole.
OWN_COLUMNS = ("westcc_type", "westcc_tags", "westcc_construct", "westcc_scale",
               "westcc_plausible", "westcc_prefer_not_to_say", "westcc_ranked",
               "westcc_report_by")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
MAX_ROWS = 5000


@dataclass
class Imported:
    """A questionnaire read from an XLSForm file, with what could not be carried over."""

    data: dict[str, Any] | None
    errors: list[str] = field(default_factory=list)
    approximations: list[str] = field(default_factory=list)


class _Sheet:
    """One sheet as a list of {column: value} rows, with the spreadsheet's row numbers."""

    def __init__(self, name: str, rows: list[tuple[int, dict[str, Any]]]):
        self.name = name
        self.rows = rows


_XPATH_WORDS = {"and", "or", "not", "true", "false", "div", "mod"}


def _fill_columns(expression: str, columns: dict[str, Any]) -> str:
    """A choice_filter with one choice's columns (bare words, outside ${...} and quotes)
    replaced by that choice's values, quoted; any other bare word is read as text, as
    forms write pastel=yes for pastel='yes'."""
    def column(match: re.Match) -> str:
        word = match.group(0)
        if word in _XPATH_WORDS:
            return word
        return "'" + str(columns.get(word, word)).replace("'", "") + "'"

    parts = re.split(r"(\$\{[^}]*\}|'[^']*'|\"[^\"]*\")", expression)
    return "".join(part if part.startswith(("${", "'", '"')) else
                   re.sub(r"(?<![\w.$])[A-Za-z_]\w*(?![\w(])", column, part) for part in parts)


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _squash(text: str) -> str:
    return re.sub(r"[\s_-]", "", text.lower())


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_sheets(path: Path) -> dict[str, _Sheet]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheets = {}
    try:
        for ws in book.worksheets:
            rows_iter = ws.iter_rows(values_only=True)
            header = next(rows_iter, None) or ()
            columns = [_normal_column(str(c)) if c is not None else "" for c in header]
            rows, empty = [], 0
            for number, values in enumerate(rows_iter, start=2):
                record = {col: _clean(v) for col, v in zip(columns, values, strict=False) if col}
                record = {k: v for k, v in record.items() if v is not None}
                if not record:
                    empty += 1
                    if empty > 200:  # a sheet formatted to its last row holds nothing more
                        break
                    continue
                empty = 0
                if len(rows) >= MAX_ROWS:
                    break
                rows.append((number, record))
            sheets[ws.title.strip().lower()] = _Sheet(ws.title, rows)
    finally:
        book.close()
    return sheets


def _normal_column(name: str) -> str:
    """Headers in any case, with spaces or one colon: 'Label::English (en)' and
    'label:English (en)' are both 'label::English (en)'; 'List Name' is 'list_name'."""
    base, lang = _column(name)
    return base if lang is None else f"{base}::{lang}"


def _column(name: str) -> tuple[str, str | None]:
    """'label::English (en)' -> ('label', 'English (en)'); 'label:english' (the old one-colon
    form) -> ('label', 'english'); 'Label' -> ('label', None)."""
    lowered = name.strip()
    for sep in ("::", ":"):
        if sep in lowered:
            base, _, lang = lowered.partition(sep)
            return base.strip().lower().replace(" ", "_"), lang.strip()
    return lowered.lower().replace(" ", "_"), None


class _Reader:
    def __init__(self, path: Path, *, audience: str, key: str | None, tags: list[str],
                 leave_out: bool, age: tuple[int, int] | None, year_groups: list[int],
                 answer_sets: dict):
        self.path = path
        self.answer_sets = answer_sets
        self.shown = path.name
        self.audience = audience
        self.key = key
        self.tags = tags
        self.leave_out = leave_out
        self.age = age
        self.year_groups = year_groups
        self.errors: list[str] = []
        self.approx: list[str] = []
        self.ids: dict[str, str] = {}  # XLSForm name -> questionnaire id
        self.last: dict | None = None  # the question read last

    # --- messages ------------------------------------------------------------------------
    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(f"{self.shown}: {sheet} sheet, row {row}, column {column}: {message}")

    def approximate(self, sheet: str, row: int, column: str, message: str) -> None:
        self.approx.append(f"{sheet} sheet, row {row}, column {column}: {message}")

    # --- languages -------------------------------------------------------------------------
    def languages(self, sheets: dict[str, _Sheet], default: str | None) -> None:
        """Work out the form's languages from its label columns; a language the service
        does not offer is left out, and said so."""
        found: dict[str | None, str | None] = {}
        for sheet in ("survey", "choices"):
            for _row, record in (sheets[sheet].rows if sheet in sheets else []):
                for col in record:
                    base, lang = _column(col)
                    if base in ("label", "hint", "low", "high") and lang not in found:
                        found[lang] = language_code(lang) if lang else None
        default_code = language_code(default) if default else None
        self.column_language: dict[str | None, str] = {}
        for raw, code in found.items():
            if raw is None:
                self.column_language[None] = default_code or "en"
            elif code in LANGUAGE_NAMES:
                self.column_language[raw] = code
            else:
                self.approx.append(f"survey sheet, row 1, column label::{raw}: the service does "
                                   f"not offer {raw}; its columns were left out")
        codes = list(dict.fromkeys(self.column_language.values()))
        source = default_code if default_code in codes else ("en" if "en" in codes else None)
        if source is None and codes:
            source = codes[0]
        self.langs = [source, *[c for c in codes if c != source]] if source else []

    def text(self, record: dict, base: str, sheet: str, row: int, *, required: bool):
        """A text field in every language of the form: a plain string for one language."""
        out = {}
        for col, value in record.items():
            name, raw = _column(col)
            if name == base and raw in self.column_language:
                out.setdefault(self.column_language[raw], str(value))
        if not out:
            if required:
                self.error(sheet, row, base, f"has no {base}: expected text in "
                           f"{', '.join(self.langs) or 'a language the service offers'}")
            return None
        missing = [lang for lang in self.langs if lang not in out]
        if missing:
            if required or base in ("low", "high"):
                self.error(sheet, row, base, f"has no {base} in {', '.join(missing)}: every "
                           "language of the form needs one")
            return None
        return out[self.langs[0]] if len(self.langs) == 1 else {
            lang: out[lang] for lang in self.langs}

    # --- names and conditions ------------------------------------------------------------
    def identifier(self, name: Any, sheet: str, row: int) -> str:
        raw = str(name)
        ident = re.sub(r"[^a-z0-9_]+", "_", raw.lower()).strip("_") or "q"
        if not ident[0].isalpha():
            ident = f"q_{ident}"
        if ident != raw:
            self.approximate(sheet, row, "name", f"{raw!r} became {ident!r} (ids are lower case "
                             "letters, digits and _)")
        return ident

    def condition(self, source: str, sheet: str, row: int, column: str) -> str | None:
        """An XLSForm relevant expression as a show_if, or None (and listed) if it uses more
        than show_if can say."""
        text = str(source).translate(_QUOTES)
        text = re.sub(r"selected\(\s*\$\{([\w.-]+)\}\s*,\s*(['\"])(.*?)\2\s*\)",
                      lambda m: f"'{m.group(3)}' in ${{{m.group(1)}}}", text)
        text = re.sub(r"\$\{([\w.-]+)\}\s*!=\s*(''|\"\")", r"${\1}", text)
        text = re.sub(r"\$\{([\w.-]+)\}\s*=\s*(''|\"\")", r"not ${\1}", text)
        text = re.sub(r"(?<![<>!=])=(?!=)", "==", text)
        text = re.sub(r"\bnot\s*\(", "not (", text)
        unknown = []

        def ref(match: re.Match) -> str:
            name = match.group(1)
            if name not in self.ids:
                unknown.append(name)
            return self.ids.get(name, name)

        text = re.sub(r"\$\{([\w.-]+)\}", ref, text)
        try:
            if unknown:
                raise ExpressionError(f"refers to {', '.join(unknown)}, which is not a question "
                                      "before it")
            parse(text)
        except ExpressionError as exc:
            self.approximate(sheet, row, column, f"{source!r} could not be converted ({exc}); "
                             "the question is always shown")
            return None
        return text

    def constraint(self, q: dict, constraint: Any, row: int, record: dict | None = None) -> None:
        """Bounds on a number or a date, a most number of choices, a longest text or a
        text's pattern (regex(., '...')), from an XLSForm constraint such as
        '. >= 0 and . <= 20'; anything else is listed, not kept."""
        text = str(constraint).strip().translate(_QUOTES)
        if q["type"] == "short_text":
            regex = re.search(r"regex\(\s*\.\s*,\s*'((?:[^'\\]|\\.)*)'\s*\)", text)
            problem = check_pattern(regex.group(1)) if regex else None
            if problem:
                self.approximate("survey", row, "constraint", f"the pattern "
                                 f"{regex.group(1)!r} was left out: it {problem}")
            elif regex:
                q["pattern"] = regex.group(1)
                message = self.text(record or {}, "constraint_message", "survey", row,
                                    required=False)
                q["pattern_message"] = message or self._same(
                    "Please check the answer: it does not look as asked.")
                if not message:
                    self.approximate("survey", row, "constraint_message", "no message for the "
                                     "pattern: the service's words were put in; write your own")
            if regex:
                text = re.sub(r"^(\s*and\s*)+|(\s*and\s*)+$", "", text.replace(
                    regex.group(0), ""))
                if not text:
                    return
                constraint = text
        if q["type"] == "date":
            for op, when in re.findall(r"\.\s*(>=|<=)\s*(today\(\)|date\(\s*'[0-9-]+'\s*\))",
                                       text):
                bound = "today" if when.startswith("today") else re.search(
                    r"[0-9]{4}-[0-9]{2}-[0-9]{2}", when).group()
                q["min" if op == ">=" else "max"] = bound
            rest = re.sub(r"\.\s*(>=|<=)\s*(today\(\)|date\(\s*'[0-9-]+'\s*\))", "", text)
            if re.sub(r"\s|and", "", rest):
                self.approximate("survey", row, "constraint", f"{constraint!r}: only a date's "
                                 "bounds (. >= date('2015-01-01') and . <= today()) convert")
            return
        limits = {
            "number": r"\.\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)",
            "multiple_choice": r"count-selected\(\s*\.\s*\)\s*(<=|<|>=|>)\s*(\d+)",
            "short_text": r"string-length\(\s*\.\s*\)\s*(<=|<)\s*(\d+)",
            "long_text": r"string-length\(\s*\.\s*\)\s*(<=|<)\s*(\d+)",
        }
        pattern = limits.get(q["type"])
        found = {}
        text = str(constraint).strip().translate(_QUOTES)
        if q["type"] == "multiple_choice":  # 'None of these' alone, as ODK forms write it
            alone = re.compile(r"not\(\s*selected\(\s*\.\s*,\s*'([^']+)'\s*\)\s+and\s+"
                               r"count-selected\(\s*\.\s*\)\s*>\s*1\s*\)")
            for value in alone.findall(text):
                for option in q.get("options") or []:
                    if option["value"] == value:
                        option["exclusive"] = True
            text = re.sub(r"^(\s*and\s*)+|(\s*and\s*)+$", "", alone.sub("", text))
            text = re.sub(r"(\s+and\s+)+", " and ", text)
            if not text:
                return
        for part in re.split(r"\s+and\s+", text):
            m = re.fullmatch(pattern, part.strip()) if pattern else None
            if not m:
                self.approximate("survey", row, "constraint", f"{constraint!r} left out: "
                                 "only a number's bounds (. >= 0 and . <= 20), "
                                 "count-selected(.) <= N and string-length(.) <= N convert")
                return
            op, number = m.group(1), _number(m.group(2))
            if op in (">", "<"):
                number = number + 1 if op == ">" else number - 1
            if q["type"] == "number":
                found["min" if op.startswith(">") else "max"] = number
            elif q["type"] == "multiple_choice":
                found["min_choices" if op.startswith(">") else "max_choices"] = number
            else:
                found["max_length"] = number
        q.update(found)

    def date_bounds(self, q: dict, row: int) -> None:
        """A date question needs both bounds; one the form does not give is put in, and
        listed to check."""
        for end, default in (("min", "2000-01-01"), ("max", "today")):
            if end not in q:
                q[end] = default
                self.approximate("survey", row, "constraint", f"no {end}imum date given: "
                                 f"{end}: {default} was put in; check it")

    def choice_filter(self, q: dict, source: Any, choices: list[dict], row: int) -> None:
        """A choice_filter as a show_if on each option: the choice's own columns (name,
        or any other, such as area) are put into the expression for each choice in turn,
        so 'area = ${district}' becomes "'west' == district" on a choice whose area is
        west. A choice the expression always offers gets no condition; one it can never
        offer is listed and kept without one."""
        text = str(source).translate(_QUOTES)
        done = 0
        written_here = any(c["columns"].get("westcc_show_if") for c in choices)
        for option, choice in zip(q["options"], choices, strict=False):
            own = choice["columns"].get("westcc_show_if")
            if written_here:  # by this service: each option's own condition, or none
                if own is None:
                    continue
                condition = self.condition(str(own), "choices", choice["row"], "westcc_show_if")
                if condition:
                    option["show_if"] = condition
                    done += 1
                continue
            columns = {k: v for k, v in choice["columns"].items()
                       if isinstance(k, str) and k != "list_name" and v is not None}
            filled = _fill_columns(text, columns)
            condition = self.condition(filled, "survey", row, "choice_filter")
            if condition is None:
                return
            tree = parse(condition)
            if not references(tree):  # the choice's own values only: always or never
                if evaluate(tree, {}):
                    continue
                condition = "false"
            option["show_if"] = condition
            done += 1
        if done:
            self.approximate("survey", row, "choice_filter", f"{source!r} became a condition on "
                             f"each of {done} options (check them)")

    # --- the sheets ----------------------------------------------------------------------
    def choices(self, sheet: _Sheet | None) -> dict[str, list[dict]]:
        lists: dict[str, list[dict]] = {}
        for row, record in (sheet.rows if sheet else []):
            list_name = record.get("list_name")
            name = record.get("name")
            if list_name is None or name is None:
                self.error("choices", row, "list_name" if list_name is None else "name",
                           "is empty: every choice needs a list_name and a name")
                continue
            options = lists.setdefault(str(list_name), [])
            label = self.text(record, "label", "choices", row, required=True)
            if label is None:
                continue
            options.append(
                {"name": str(name), "label": label, "row": row, "columns": record})
        return lists

    def options(self, list_name: str, lists: dict, row: int) -> list[dict] | None:
        found = lists.get(list_name)
        if found == []:
            return None  # its choices were each named as errors already
        if not found:
            self.error("survey", row, "type", f"choice list {list_name!r} is not on the "
                       "choices sheet")
            return None
        options = []
        for choice in found:
            value = choice["name"]
            code = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_") or "option"
            if not code[0].isalpha():
                code = f"a{code}"
            options.append({"value": code, "label": choice["label"]})
        return options

    def answer_set(self, options: list[dict]) -> str | None:
        """The shared answer set (surveys/answer-sets.yaml) with exactly these options."""
        def words(label: Any) -> dict:
            return label if isinstance(label, dict) else {self.langs[0]: label}

        wanted = [(o["value"], words(o["label"])) for o in options]
        for name, answer_set in self.answer_sets.items():
            if [(o["value"], {lang: o["label"].get(lang) for lang in self.langs})
                    for o in answer_set["options"]] == wanted:
                return name
        return None

    def note_renamed(self, q: dict, choices: list[dict]) -> None:
        """Say which choice names had to change to become answer codes."""
        for option, choice in zip(q.get("options") or [], choices, strict=False):
            if option["value"] != choice["name"] and str(option["value"]) != choice["name"]:
                self.approximate("choices", choice["row"], "name",
                                 f"{choice['name']!r} became {option['value']!r}")

    def survey(self, sheets: dict[str, _Sheet]) -> dict | None:
        if "survey" not in sheets:
            self.errors.append(f"{self.shown}: has no sheet named 'survey': expected the "
                               "survey, choices and settings sheets of an XLSForm")
            return None
        settings = dict(sheets["settings"].rows[0][1]) if sheets.get("settings") and \
            sheets["settings"].rows else {}
        self.languages(sheets, settings.get("default_language"))
        if not self.langs:
            self.errors.append(f"{self.shown}: survey sheet, row 1: no label column in a "
                               f"language the service offers ({', '.join(LANGUAGE_NAMES)})")
            return None
        lists = self.choices(sheets.get("choices"))
        pages: list[dict] = []
        groups: list[dict] = []  # open groups: {"page": page or None, "relevant": ..}
        loose: dict | None = None  # the page for questions outside any group

        def current_page(row: int) -> dict:
            nonlocal loose
            for group in reversed(groups):
                if group["page"] is not None:
                    return group["page"]
            if loose is None:
                loose = {"id": f"page_{len(pages) + 1}", "title": self.title_text(settings),
                         "questions": []}
                pages.append(loose)
            return loose

        for row, record in sheets["survey"].rows:
            raw_type = str(record.get("type", "")).strip()
            words = raw_type.replace("_", " ").split()
            kind = " ".join(words[:2]).lower() if words else ""
            if not raw_type:
                self.error("survey", row, "type", "is empty: expected a question type such "
                           "as text, integer, select_one LIST or begin_group")
                continue
            if kind in ("begin group", "begin repeat"):
                if kind == "begin repeat" and self.leave_out:
                    self.approximate("survey", row, "type", "a repeat became a group asked "
                                     "once")
                elif kind == "begin repeat":
                    self.error("survey", row, "type", "repeats cannot be converted: a "
                               "questionnaire asks each question once (run with --leave-out "
                               "to ask the repeat's questions once)")
                name = self.identifier(record.get("name") or f"group_{row}", "survey", row)
                relevant = record.get("relevant")
                condition = self.condition(relevant, "survey", row, "relevant") if relevant \
                    else None
                title = self.text(record, "label", "survey", row, required=False)
                nested = any(g["page"] is not None for g in groups)
                page = None
                if not nested:
                    page = {"id": name, "title": title or self.title_text(settings),
                            "questions": []}
                    intro = self.text(record, "hint", "survey", row, required=False)
                    if intro:
                        page["intro"] = intro
                    pages.append(page)
                    loose = None
                group = {"page": page, "show_if": condition, "id": name, "label": title,
                         "table": nested and "table-list" in str(record.get("appearance", "")),
                         "tags": str(record.get("westcc_tags") or "").split() or list(self.tags),
                         "construct": record.get("westcc_construct"), "row": row}
                if group["table"]:
                    group["start"] = len(current_page(row)["questions"])
                groups.append(group)
                continue
            if kind in ("end group", "end repeat"):
                if not groups:
                    self.error("survey", row, "type", f"{raw_type!r} has no matching begin")
                    continue
                group = groups.pop()
                if group["table"] and group["label"] is not None:
                    questions = current_page(row)["questions"]
                    grid = self.grid(group, questions[group["start"]:], row)
                    if grid is not None:
                        questions[group["start"]:] = [grid]
                        continue
                if group["page"] is None:
                    self.approximate("survey", group["row"], "type", f"group {group['id']!r} "
                                     "inside another group was merged into that group's page")
                continue
            question = self.question(record, row, raw_type, lists)
            if question is None:
                continue
            conditions = [g["show_if"] for g in groups if g["show_if"]]
            if question.get("show_if"):
                conditions.append(question["show_if"])
            if conditions:
                question["show_if"] = " and ".join(
                    f"({c})" if len(conditions) > 1 else c for c in conditions)
            current_page(row)["questions"].append(question)
        if groups:
            self.errors.append(f"{self.shown}: survey sheet: a group was begun and never ended")
        for page in pages:
            page["questions"] = _scale_blocks(page["questions"])
        pages = [p for p in pages if p["questions"]]
        if not pages:
            self.errors.append(f"{self.shown}: survey sheet: no question could be converted")
            return None
        key = self.key or re.sub(r"[^a-z0-9_-]+", "-", str(
            settings.get("form_id") or self.path.stem).lower()).strip("-")
        out: dict[str, Any] = {"key": key, "title": self.title_text(settings),
                               "audience": self.audience, "languages": self.langs}
        if self.audience == "pupil":
            low, high = self.age or (7, 11)
            out["age"] = {"min": low, "max": high}
            out["year_groups"] = self.year_groups or list(range(max(0, low - 4), high - 4 + 1))
        out["pages"] = pages
        return out

    def title_text(self, settings: dict) -> Any:
        title = settings.get("form_title") or settings.get("form_id") or self.path.stem
        return str(title) if len(self.langs) <= 1 else {lang: str(title) for lang in self.langs}

    def question(self, record: dict, row: int, raw_type: str, lists: dict) -> dict | None:
        parts = raw_type.split()
        base = parts[0].lower().replace("-", "_") if parts else ""
        if base in ("select", ) and len(parts) >= 4 and parts[2].lower() == "from":
            base, parts = f"select_{parts[1].lower()}", [f"select_{parts[1]}", parts[3], *parts[4:]]
        if _squash(raw_type) in _METADATA_SQUASHED:
            self.approximate("survey", row, "type", f"{raw_type!r} holds no question for a "
                             "respondent; left out")
            return None
        if base in UNSUPPORTED_TYPES or base == "range" and not self._is_0_10(record):
            message = f"type {raw_type!r} cannot be asked by this service"
            if self.leave_out:
                self.approximate("survey", row, "type", f"{message}; left out")
            else:
                self.error("survey", row, "type", f"{message} (run with --leave-out to import "
                           "the rest without it)")
            return None
        name = record.get("name")
        if name is None:
            self.error("survey", row, "name", "is empty: every question needs a name")
            return None
        if record.get("westcc_type") == "other_text" and self.last is not None:
            for option in self.last.get("options") or []:
                if name == f"{self.last['id']}_{option['value']}_text":
                    option["other_text"] = self.text(record, "label", "survey", row,
                                                     required=True) or True
                    self.ids[str(name)] = str(name)
                    return None
        qid = self.identifier(name, "survey", row)
        q: dict[str, Any] = {"id": qid}
        if base in _SIMPLE_TYPES:
            q["type"] = _SIMPLE_TYPES[base]
            if base == "text" and "multiline" in str(record.get("appearance", "")):
                q["type"] = "long_text"
            if base == "integer":
                q["integer"] = True
            if base == "decimal":
                q["integer"] = False
        elif base == "range":
            q["type"] = "scale_0_10"
        elif base == "date":
            q["type"] = "date"
        elif base in ("select_one", "select_multiple", "rank"):
            if len(parts) < 2:
                self.error("survey", row, "type", f"{raw_type!r} names no choice list: expected "
                           f"{base} LIST")
                return None
            options = self.options(parts[1], lists, row)
            if options is None:
                return None
            q["type"] = {"select_one": "single_choice", "rank": "ranking"}.get(
                base, "multiple_choice")
            q["options"] = options
            own = str(record.get("westcc_type") or "")
            if base == "select_one" and own in ("agreement", "faces", "yes_no"):
                if own != "yes_no" and not self.ordinal(q, lists[parts[1]], row):
                    return None
                q["type"] = own
            answer_set = self.answer_set(q["options"]) if base != "rank" else None
            if q["type"] == "faces":
                q["faces"] = len(q.pop("options"))
            elif answer_set:
                q["answers"] = answer_set  # the same words as a shared answer set: name it
                del q["options"]
            elif q["type"] == "yes_no":
                q["type"] = "single_choice"
            self.note_renamed(q, lists[parts[1]])
            if len(parts) > 2 and parts[2].lower() == "or_other":
                q["options"].append({"value": "other", "label": self._same("Other"),
                                     "other_text": True})
        else:
            self.error("survey", row, "type", f"unknown question type {raw_type!r}: expected "
                       "an XLSForm type such as text, integer, decimal, select_one LIST, "
                       "select_multiple LIST, note, range or begin_group")
            return None
        text = self.text(record, "label", "survey", row, required=True)
        if text is None:
            return None
        q["text"] = text
        hint = self.text(record, "hint", "survey", row, required=False)
        if hint:
            q["help"] = hint
        if q["type"] == "scale_0_10":
            for end, default in (("low", "Not at all"), ("high", "Completely")):
                q[end] = self.text(record, end, "survey", row, required=False) or \
                    self._same(default)
        if record.get("constraint") is not None:
            self.constraint(q, record["constraint"], row, record)
        if q["type"] == "date":
            self.date_bounds(q, row)
            if record.get("westcc_report_by") in ("month", "year"):
                q["report_by"] = record["westcc_report_by"]
        ranked = re.fullmatch(r"(\d*)\.\.(\d*)", str(record.get("westcc_ranked", "")))
        if q["type"] == "ranking" and ranked:
            q.update({end: int(v) for end, v in zip(("min_ranked", "max_ranked"),
                                                      ranked.groups(), strict=True) if v})
        if record.get("choice_filter") is not None and q.get("options"):
            self.choice_filter(q, record["choice_filter"], lists[parts[1]], row)
        if q["type"] == "number":
            unit = self.text(record, "unit", "survey", row, required=False)
            if unit:
                q["unit"] = unit
            plausible = re.fullmatch(r"(-?[\d.]*)\.\.(-?[\d.]*)",
                                     str(record.get("westcc_plausible", "")))
            if plausible:
                q["plausible"] = {end: _number(v) for end, v in zip(
                    ("min", "max"), plausible.groups(), strict=True) if v}
        if str(record.get("westcc_prefer_not_to_say", "")).lower() == "yes":
            q["prefer_not_to_say"] = True
        if record.get("westcc_scale"):
            q["_scale"] = str(record["westcc_scale"])
        if record.get("relevant") is not None:
            condition = self.condition(record["relevant"], "survey", row, "relevant")
            if condition:
                q["show_if"] = condition
        required = str(record.get("required", "")).strip().lower()
        if required in ("yes", "true", "true()", "1"):
            if self.audience == "pupil":
                self.approximate("survey", row, "required", "pupils can skip every question; "
                                 "'required' left out")
            elif q["type"] != "statement":
                q["required"] = True
        if record.get("choice_filter") is not None and not q.get("options"):
            self.approximate("survey", row, "choice_filter", "choice_filter left out: the "
                             "question's choices are a shared answer set")
        for column in ("calculation", "default", "repeat_count", "read_only",
                       "trigger", "parameters"):
            if record.get(column) is not None and not (column == "parameters"
                                                        and base == "range"):
                self.approximate("survey", row, column, f"{column} left out: the questionnaire "
                                 "format has no equivalent")
        if q["type"] != "statement":
            own = record.get("westcc_tags")
            q["tags"] = str(own).replace(",", " ").split() if own else list(self.tags)
            if record.get("westcc_construct"):
                q["construct"] = str(record["westcc_construct"])
        self.ids[str(name)] = qid
        self.last = q
        if len(parts) > 2 and parts[2].lower() == "or_other":
            self.approximate("survey", row, "type", "or_other became an 'Other' option with "
                             "its own 'please say' box")
        return q

    def ordinal(self, q: dict, choices: list[dict], row: int) -> bool:
        """Give an ordered scale its whole-number answer codes back (1 to 5, say)."""
        if not all(re.fullmatch(r"-?\d+", c["name"]) for c in choices):
            self.error("survey", row, "type", f"a {q['type']} question needs whole-number "
                       "choice names (1, 2, 3 ...)")
            return False
        for option, choice in zip(q["options"], choices, strict=True):
            option["value"] = int(choice["name"])
        return True

    def grid(self, group: dict, questions: list[dict], row: int) -> dict | None:
        """A table-list group whose questions share one list of ordered answers: a grid."""
        def scale(q: dict) -> tuple:
            return q.get("answers"), q.get("options")

        if not questions or any(q["type"] not in ("single_choice", "agreement")
                                or scale(q) != scale(questions[0])
                                or q.get("show_if") != questions[0].get("show_if")
                                for q in questions):
            return None
        answers, options = scale(questions[0])
        if options and not all(isinstance(o["value"], int) for o in options):
            return None
        prefix = f"{group['id']}__"
        for raw, qid in list(self.ids.items()):  # later conditions read grid.item
            if qid in {q["id"] for q in questions}:
                self.ids[raw] = f"{group['id']}.{qid.removeprefix(prefix)}"
        grid = {"id": group["id"], "type": "grid", "text": group["label"],
                "items": [{"id": q["id"].removeprefix(prefix), "text": q["text"]}
                          for q in questions],
                **({"answers": answers} if answers else {"options": options}),
                "tags": list(group["tags"] or questions[0]["tags"])}
        if group.get("construct"):
            grid["construct"] = group["construct"]
        if questions[0].get("show_if"):
            grid["show_if"] = questions[0]["show_if"]
        return grid

    def _same(self, english: str) -> Any:
        return english if len(self.langs) <= 1 else {lang: english for lang in self.langs}

    @staticmethod
    def _is_0_10(record: dict) -> bool:
        params = dict(re.findall(r"(\w+)\s*=\s*(-?[\d.]+)", str(record.get("parameters", ""))))
        return params.get("start", "0") in ("0", "0.0") and params.get("end") in ("10", "10.0") \
            and params.get("step", "1") in ("1", "1.0")


def read_xlsform(path: Path | str, *, audience: str = "community", key: str | None = None,
                 tags: list[str] | None = None, leave_out: bool = False,
                 age: tuple[int, int] | None = None,
                 year_groups: list[int] | None = None,
                 answer_sets: dict | None = None) -> Imported:
    """Read an XLSForm .xlsx into questionnaire data (see the module's docstring).
    ``answer_sets`` are the service's shared answer sets: options that match one exactly
    are written as ``answers: NAME``."""
    path = Path(path)
    reader = _Reader(path, audience=audience, key=key, tags=list(tags or []),
                     leave_out=leave_out, age=age, year_groups=list(year_groups or []),
                     answer_sets=answer_sets or {})
    try:
        sheets = _read_sheets(path)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        return Imported(None, [f"{path.name}: cannot be read as an .xlsx workbook: {exc}"])
    data = reader.survey(sheets)
    if reader.errors:
        data = None
    return Imported(data, reader.errors, reader.approx)


def to_yaml(data: dict, source: str, approximations: list[str]) -> str:
    head = [f"# Imported from {source} (XLSForm)."]
    if approximations:
        head.append("# Converted only approximately (check these):")
        head += [f"#   - {a}" for a in approximations]
    body = yaml.dump(_ordered(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100)
    return "\n".join(head) + "\n" + body


def _scale_blocks(questions: list[dict]) -> list[dict]:
    """Questions exported from a validated scale (westcc_scale: ons4.life_satisfaction) go
    back as one ``scale:`` block, so the scale's own wording, licence and scoring apply."""
    out: list[dict] = []
    for q in questions:
        tag = q.pop("_scale", None)
        if tag is None or "." not in tag:
            out.append(q)
            continue
        scale, item = tag.split(".", 1)
        prefix = q["id"][: -len(item)] if q["id"].endswith(item) else f"{scale}_"
        block = out[-1] if out and out[-1].get("scale") == scale else None
        if block is None:
            block = {"scale": scale, "items": [], "tags": q.get("tags", [])}
            if prefix != f"{scale}_":
                block["id_prefix"] = prefix
            for key in ("show_if", "prefer_not_to_say"):
                if q.get(key):
                    block[key] = q[key]
            out.append(block)
        block["items"].append(item)
    return out


class _Dumper(yaml.SafeDumper):
    """Writes every value out in full: no &anchors for repeated lists."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_ORDER = ("id", "key", "scale", "id_prefix", "type", "title", "intro", "text", "help", "low",
          "high", "show_if", "required", "integer", "min", "max", "faces", "answers",
          "options", "items", "value", "label", "tags", "construct", "audience", "languages",
          "age", "year_groups", "questions", "pages")


def _ordered(value: Any) -> Any:
    """Fields in the order the docs write them: id, type and text first."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: _ORDER.index(k) if k in _ORDER else len(_ORDER))
        return {k: _ordered(value[k]) for k in keys}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


# --- export --------------------------------------------------------------------------------


def _relevant(tree: list | None) -> str:
    """A show_if tree as an XLSForm relevant expression."""
    if not tree:
        return ""

    def value(node: list) -> str:
        if node[0] == "ref":
            return f"${{{_xls_name(node[1])}}}"
        if node[0] == "lit":
            if isinstance(node[1], bool):
                return "true()" if node[1] else "false()"
            return repr(node[1]) if isinstance(node[1], str) else str(node[1])
        return f"({walk(node)})"

    def walk(node: list) -> str:
        kind = node[0]
        if kind in ("and", "or"):
            return f" {kind} ".join(f"({walk(c)})" if c[0] in ("and", "or") else walk(c)
                                    for c in node[1:])
        if kind == "not":
            return f"not({walk(node[1])})"
        if kind == "answered":
            return f"${{{_xls_name(node[1])}}} != ''"
        if kind == "lit":
            return "true()" if node[1] else "false()"
        _, op, left, right = node
        if op in ("in", "not in"):
            if left[0] == "lit" and right[0] == "ref":
                text = f"selected(${{{_xls_name(right[1])}}}, {value(left)})"
            else:
                text = " or ".join(f"{value(left)} = {value(['lit', v])}" for v in right[1])
                text = f"({text})"
            return text if op == "in" else f"not({text})"
        return f"{value(left)} {'=' if op == '==' else op} {value(right)}"

    return walk(tree)


def _xls_name(ref: str) -> str:
    """A show_if reference as the exported form names it: a grid's item is the question
    <grid>__<item> of its table-list group."""
    return ref.replace(".", "__", 1)


def _choice_filter(q: dict) -> str | None:
    """Options with their own show_if as one XLSForm choice_filter, which reads each
    choice's name: (name != 'tutor' or (condition)) and ..."""
    parts = [f"(name != '{o['value']}' or ({_relevant(o['show_if_tree'])}))"
             for o in q.get("options") or [] if o.get("show_if_tree")]
    return " and ".join(parts) or None


def _constraint(q: dict) -> str | None:
    """The limits a question puts on its answer, as an XLSForm constraint."""
    parts = []
    if q["type"] == "date":
        parts += [f". >= {_xls_date(q.get('min'))}", f". <= {_xls_date(q.get('max'))}"]
    if q.get("pattern"):
        parts.append("regex(., '" + q["pattern"].replace("'", "\\'") + "')")
    if q["type"] == "number":
        parts += [f". >= {q['min']}" if q.get("min") is not None else None,
                  f". <= {q['max']}" if q.get("max") is not None else None]
    if q.get("max_choices"):
        parts.append(f"count-selected(.) <= {q['max_choices']}")
    if q.get("min_choices"):
        parts.append(f"count-selected(.) >= {q['min_choices']}")
    if q["type"] == "multiple_choice":
        parts += [f"not(selected(., '{o['value']}') and count-selected(.) > 1)"
                  for o in q.get("options") or [] if o.get("exclusive")]
    if q["type"] in ("short_text", "long_text") and q.get("max_length"):
        parts.append(f"string-length(.) <= {q['max_length']}")
    return " and ".join(p for p in parts if p) or None


def _xls_date(bound: Any) -> str:
    return "today()" if bound == "today" else f"date('{bound}')"


def write_xlsform(definition: dict, path: Path | str, *, version: str = "") -> list[str]:
    """Write a stored questionnaire as an XLSForm workbook; return what was approximated."""
    import openpyxl

    langs = definition["languages"]
    names = {code: f"{ENGLISH_NAMES.get(code, code)} ({code})" for code in langs}
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    text_cols = [f"{base}::{names[lang]}" for base in ("label", "hint") for lang in langs]
    end_cols = [f"{end}::{names[lang]}" for end in ("low", "high", "unit") for lang in langs]
    message_cols = [f"constraint_message::{names[lang]}" for lang in langs]
    header = ["type", "name", *text_cols, "required", "relevant", "constraint", "appearance",
              "parameters", *end_cols, *OWN_COLUMNS, "choice_filter", *message_cols]
    survey.append(header)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *[f"label::{names[lang]}" for lang in langs],
                    "westcc_show_if"])
    notes: list[str] = []
    lists: dict[str, str] = {}

    def cell(value: Any) -> Any:
        return value

    def row(**values: Any) -> None:
        survey.append([cell(values.get(col)) for col in header])

    def texts(base: str, text: dict | None) -> dict:
        return {f"{base}::{names[lang]}": (text or {}).get(lang) for lang in langs}

    def choice_list(qid: str, options: list[dict]) -> str:
        signature = repr([(o["value"], sorted(o["label"].items()), o.get("show_if"))
                          for o in options])
        if signature not in lists:
            lists[signature] = qid
            for option in options:
                choices.append([cell(qid), cell(str(option["value"])),
                                *[cell(option["label"].get(lang)) for lang in langs],
                                cell(option.get("show_if"))])
        return lists[signature]

    for page in definition["pages"]:
        row(type="begin_group", name=page["id"], **texts("label", page["title"]),
            **texts("hint", page.get("intro")), appearance="field-list")
        for q in page["questions"]:
            common = {"name": q["id"], **texts("label", q["text"]), **texts("hint", q.get("help")),
                      "relevant": _relevant(q.get("show_if_tree")),
                      "required": "yes" if q.get("required") else None,
                      "westcc_type": "other_text" if q.get("other_of") else q["type"],
                      "westcc_tags": " ".join(q.get("tags") or []),
                      "westcc_construct": q.get("construct"),
                      "westcc_scale": f"{q['scale']['id']}.{q['scale']['item']}"
                      if q.get("scale") else None,
                      "westcc_prefer_not_to_say": "yes" if q.get("prefer_not_to_say") else None,
                      "constraint": _constraint(q), "choice_filter": _choice_filter(q),
                      **texts("constraint_message", q.get("pattern_message"))}
            qtype = q["type"]
            if qtype == "statement":
                row(type="note", **common)
            elif qtype in ("short_text", "long_text"):
                row(type="text", appearance="multiline" if qtype == "long_text" else None,
                    **common)
            elif qtype == "number":
                plausible = q.get("plausible") or {}
                row(type="integer" if q.get("integer", True) else "decimal",
                    westcc_plausible=f"{plausible.get('min', '')}..{plausible.get('max', '')}"
                    if plausible else None, **texts("unit", q.get("unit")), **common)
            elif qtype == "scale_0_10":
                row(type="range", parameters="start=0 end=10 step=1",
                    **texts("low", q.get("low")), **texts("high", q.get("high")), **common)
            elif qtype == "date":
                row(type="date", westcc_report_by=q.get("report_by"), **common)
            elif qtype == "ranking":
                row(type=f"rank {choice_list(q['id'], q['options'])}",
                    westcc_ranked=f"{q.get('min_ranked', '')}..{q.get('max_ranked', '')}",
                    **common)
                if q.get("min_ranked", len(q["options"])) < len(q["options"]):
                    notes.append(f"{q['id']}: XLSForm tools ask for every option in order; "
                                 f"the partial ranking (min_ranked: {q['min_ranked']}) is kept "
                                 "in westcc_ranked for this service only")
            elif qtype == "grid":
                list_name = choice_list(q["id"], q["options"])
                row(type="begin_group", name=q["id"], appearance="table-list",
                    **{k: v for k, v in common.items() if k != "name"})
                for item in q["items"]:
                    row(type=f"select_one {list_name}", name=f"{q['id']}__{item['id']}",
                        westcc_type="agreement", westcc_tags=common["westcc_tags"],
                        **texts("label", item["text"]))
                row(type="end_group")
                notes.append(f"{q['id']}: the grid became a table-list group; its items are "
                             f"named {q['id']}__ITEM")
            elif q.get("options"):
                kind = "select_multiple" if qtype == "multiple_choice" else "select_one"
                row(type=f"{kind} {choice_list(q['id'], q['options'])}", **common)
                if qtype not in ("single_choice", "multiple_choice"):
                    notes.append(f"{q['id']}: a {qtype} question became {kind} (its answer "
                                 "codes are kept)")
            else:
                notes.append(f"{q['id']}: type {qtype} has no XLSForm equivalent; left out")
            if q.get("prefer_not_to_say"):
                notes.append(f"{q['id']}: 'prefer not to say' is the service's own answer; "
                             "XLSForm tools will not offer it")
        row(type="end_group")
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([cell(definition["title"].get(langs[0])), cell(definition["key"]),
                     cell(version), cell(names[langs[0]])])
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for c in line:
                if isinstance(c.value, str) and c.value.startswith("="):
                    c.data_type = "s"  # text that starts with '=' stays text, never a formula
    book.save(path)
    return notes


