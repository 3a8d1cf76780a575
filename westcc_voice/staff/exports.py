"""Results as files: aggregated tables (CSV, XLSX) and the admins' row-level export.

Aggregated tables are read from the same briefing context the results page shows, so
they hold exactly the groups the page shows and every cell the Summary hid stays hidden
(its words, "fewer than 10" or "not shown", take the number's place). The row-level
export is built from stored responses, which hold no names, no times and only redacted
free text; it carries no response id and no date, and its rows are shuffled so their
order says nothing about when anyone answered.

Every cell that leaves here goes through ``neutralise``: a spreadsheet would run text
beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so
such text is written with a leading apostrophe. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..analysis.frames import year_band
from ..analysis.summary import PREFER_NOT_TO_SAY
from ..briefings.model import BriefingContext, audience_noun
from ..definitions.question_types import date_band
from ..privacy.suppression import Cell

#: First characters a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Control characters an XLSX file cannot hold (openpyxl refuses them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value: Any) -> Any:
    """A cell safe to open in a spreadsheet: formula-like text gets a leading apostrophe,
    characters a workbook cannot hold are dropped, numbers and None pass unchanged."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    text = _ILLEGAL.sub("", str(value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


@dataclass
class Table:
    """One sheet: a name (31 characters at most, for XLSX), its columns and rows."""

    name: str
    columns: list[str]
    rows: list[list[Any]]


def figure(cell: Cell | None) -> Any:
    """A published number, or the words that stand for a hidden one."""
    if cell is None:
        return ""
    return cell.value if cell.shown else cell.display


# --- aggregated tables --------------------------------------------------------------------

ANSWER_COLUMNS = ["questionnaire", "audience", "question id", "question", "construct",
                  "group", "n", "answer code", "answer", "count", "percent", "95% low",
                  "95% high"]
MEAN_COLUMNS = ["measure", "id", "audience", "group", "n", "mean", "sd", "95% low",
                "95% high"]
TREND_COLUMNS = ["measure", "id", "audience", "compared with", "rule", "label",
                 "difference", "95% low", "95% high", "note"]


def answer_table(ctx: BriefingContext) -> Table:
    rows = []
    for survey in ctx.summary.surveys:
        for item in survey.items:
            for dist in ctx.ordered(item.distributions):
                for cat in dist.categories:
                    rows.append([survey.key, survey.audience, item.question_id, item.text,
                                 item.construct, ctx.group_label(dist.group), figure(dist.n),
                                 cat.value, cat.label, figure(cat.count),
                                 figure(cat.percent), figure(cat.ci_low),
                                 figure(cat.ci_high)])
    return Table("Answers", ANSWER_COLUMNS, rows)


def mean_table(ctx: BriefingContext) -> Table:
    rows = []

    def add(name: str, ref: str, audience: str, estimates: Iterable) -> None:
        for e in ctx.ordered(estimates):
            rows.append([name, ref, audience, ctx.group_label(e.group), figure(e.n),
                         figure(e.mean), figure(e.sd), figure(e.ci_low), figure(e.ci_high)])

    for score in ctx.summary.scores:
        add(score.name, score.ref, score.audience, score.estimates)
    for survey in ctx.summary.surveys:
        for item in survey.items:
            add(item.text, item.ref, survey.audience, item.estimates)
    return Table("Averages", MEAN_COLUMNS, rows)


def trend_table(ctx: BriefingContext) -> Table:
    """Change since the last wave, for the partnership (as the page's change section)."""
    rows = []
    measures = [(s.name, s.ref, s.audience, s.trend) for s in ctx.summary.scores]
    measures += [(i.text, i.ref, survey.audience, i.trend) for survey in ctx.summary.surveys
                 for i in survey.items]
    for name, ref, audience, trend in measures:
        if trend is None:
            continue
        if not trend.comparable:
            rows.append([name, ref, audience, trend.previous_wave_name, "", "not compared",
                         "", "", "", trend.reason])
            continue
        for comp in trend.comparisons:
            rows.append([name, ref, audience, trend.previous_wave_name, comp.rule, comp.label,
                         figure(comp.difference), figure(comp.ci_low), figure(comp.ci_high),
                         "; ".join([comp.reason, *comp.warnings]).strip("; ")])
    return Table("Change", TREND_COLUMNS, rows)


def about_table(ctx: BriefingContext, filters: dict[str, str]) -> Table:
    scope = ctx.summary.scope
    rows = [["wave", scope.wave_name], ["scope", ctx.scope_label],
            *[[k, v] for k, v in filters.items() if v],
            ["made on", scope.generated_on],
            ["small groups", f"Groups of fewer than {ctx.summary.method.threshold} are not "
                             "shown, and some other figures are hidden so that they cannot "
                             "be worked out by subtraction."],
            ["comparison rule", ctx.summary.method.comparison_rule_text],
            *[["note", note] for note in ctx.summary.warnings]]
    return Table("About", ["", ""], rows)


def notes_table(ctx: BriefingContext) -> Table:
    """The notes the page prints under who took part (a group left out of the
    partnership's figures, and why), for a file that carries no About sheet."""
    return Table("Notes", ["note"], [[note] for note in ctx.summary.warnings])


DICTIONARY_COLUMNS = ["questionnaire", "version", "version hash", "question id", "construct",
                      "type", "wording", "answer codes", "wording hash"]


def dictionary_table(versions: Sequence[Any], constructs: dict[str, str]) -> Table:
    """Every question of the questionnaire versions used: what each column means.

    ``versions``: SurveyVersion-like objects (key, version, content_hash, definition);
    ``constructs``: construct id -> its name.
    """
    rows = []
    for v in versions:
        for page in v.definition.get("pages") or []:
            for q in page.get("questions") or []:
                if q.get("type") == "statement":
                    continue
                construct = q.get("construct") or ""
                named = f"{construct} ({constructs[construct]})" if construct in constructs \
                    else construct
                codes = answer_codes(q)
                subs = q.get("items") or []
                if not subs:
                    rows.append([v.key, v.version, v.content_hash, q["id"], named, q["type"],
                                 _en(q.get("text")), codes, q.get("wording_hash", "")])
                for sub in subs:
                    rows.append([v.key, v.version, v.content_hash, f"{q['id']}.{sub['id']}",
                                 named, q["type"], f"{_en(q.get('text'))} {_en(sub.get('text'))}",
                                 codes, sub.get("wording_hash") or q.get("wording_hash", "")])
    return Table("Data dictionary", DICTIONARY_COLUMNS, rows)


def _en(text: Any) -> str:
    if isinstance(text, dict):
        return str(text.get("en") or next(iter(text.values()), ""))
    return "" if text is None else str(text)


def answer_codes(q: dict[str, Any]) -> str:
    """'1 = Never; 2 = Sometimes ...', a number's range, or what free text holds."""
    options = q.get("options") or []
    codes = [f"{o['value']} = {_en(o.get('label'))}" for o in options]
    if q.get("type") == "ranking":
        return "the options placed, first first, separated by '; ': " + "; ".join(codes)
    if q.get("prefer_not_to_say"):
        codes.append("prefer_not_to_say = Prefer not to say")
    if codes:
        return "; ".join(codes)
    if q.get("type") == "scale_0_10":
        return f"0 to 10 (0 = {_en(q.get('low'))}; 10 = {_en(q.get('high'))})"
    if q.get("kind") == "text" or str(q.get("type", "")).endswith("_text"):
        return "free text, redacted when it was sent"
    if q.get("type") == "date":
        return (f"a date from {q.get('min')} to {q.get('max')}, given as its "
                f"{q.get('report_by', 'year')} only (2026-03 or 2026), never the day")

    low, high = q.get("min"), q.get("max")
    if low is not None or high is not None:
        return f"a number from {low if low is not None else '…'} to " \
               f"{high if high is not None else '…'}"
    return ""


def aggregated(ctx: BriefingContext, filters: dict[str, str], versions: Sequence[Any],
               constructs: dict[str, str]) -> list[Table]:
    return [about_table(ctx, filters), answer_table(ctx), mean_table(ctx), trend_table(ctx),
            dictionary_table(versions, constructs)]


# --- row-level ----------------------------------------------------------------------------

ROW_FIXED = ["questionnaire", "version", "wave", "school", "audience", "year group band",
             "language"]


def response_rows(responses: Iterable[Any], versions: dict[int, Any], *, wave: str,
                  schools: dict[int, str], rng: random.Random | None = None) -> Table:
    """One row per response, anonymised: no id, no date, year groups as bands, rows in a
    random order. Answers are as stored (free text was redacted when it was sent)."""
    columns: list[str] = []
    rows: list[dict[str, Any]] = []
    dates_of: dict[int, dict[str, dict[str, Any]]] = {}
    for r in responses:
        version = versions[r.survey_version_id]
        row = {"questionnaire": version.key, "version": version.version, "wave": wave,
               "school": schools.get(r.school_id, "") if r.school_id else "",
               "audience": audience_noun(r.audience), "year group band":
               year_band(r.year_group) or "", "language": r.language}
        dates = dates_of.get(r.survey_version_id)
        if dates is None:
            dates = dates_of[r.survey_version_id] = _date_questions(version.definition)
        for qid, value in (r.answers or {}).items():
            if qid in dates and value != PREFER_NOT_TO_SAY:
                value = date_band(dates[qid], value) or ""
            for key, cell in _flatten(qid, value):
                if key not in columns:
                    columns.append(key)
                row[key] = cell
        rows.append(row)
    (rng or random.SystemRandom()).shuffle(rows)
    all_columns = ROW_FIXED + columns
    return Table("Responses", all_columns, [[row.get(c, "") for c in all_columns]
                                            for row in rows])


def _date_questions(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A version's date questions: their answers leave only as a month or a year."""
    return {q["id"]: q for page in definition.get("pages") or []
            for q in page.get("questions") or [] if q.get("type") == "date"}


def _flatten(qid: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [(f"{qid}.{k}", v) for k, v in value.items()]
    if isinstance(value, list):
        return [(qid, "; ".join(str(v) for v in value))]
    return [(qid, value)]


# --- writers ------------------------------------------------------------------------------


def to_csv(tables: Sequence[Table]) -> str:
    """Tables one under another, each headed by its name, with a blank line between."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for i, table in enumerate(tables):
        if len(tables) > 1:
            if i:
                writer.writerow([])
            writer.writerow([neutralise(table.name)])
        writer.writerow([neutralise(c) for c in table.columns])
        for row in table.rows:
            writer.writerow([neutralise(c) for c in row])
    return out.getvalue()


def to_xlsx(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append([neutralise(c) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([neutralise(c) for c in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":  # never a formula, whatever the text
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
