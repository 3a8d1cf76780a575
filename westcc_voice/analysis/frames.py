"""Responses to a pandas frame: one query, only the needed columns, answers expanded in bulk.

A ``ResponseFrame`` holds one row per response with its context (survey, wave, school,
audience, year group) and one column per answered question: choice and ordered answers
as categoricals (their categories are the option values, then "prefer_not_to_say"),
numbers as floats, tick-all-that-apply as lists, free text as strings, and a grid as
one column per item (``<question>.<item>``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Text, cast, select

from ..definitions.question_types import date_band, date_bands, rank_places
from ..models import QuoteApproval, Response, School, SurveyVersion, Wave
from .summary import PREFER_NOT_TO_SAY

CHOICE_KINDS = ("nominal", "ordinal")

#: Year groups to the bands quotes and tables are attributed by.
YEAR_BANDS: tuple[tuple[str, range], ...] = (
    ("Reception to Year 2", range(0, 3)),
    ("Years 3 to 6", range(3, 7)),
    ("Years 7 to 9", range(7, 10)),
    ("Years 10 and 11", range(10, 12)),
    ("Years 12 and 13", range(12, 14)),
)


def options_of(q: dict[str, Any]) -> list[dict[str, Any]]:
    """A question's answer options; a 0-10 scale's are the numbers 0 to 10, with its
    end labels on 0 and 10."""
    if q.get("options"):
        return q["options"]
    if q.get("type") == "date":
        return [{"value": band, "label": {"en": _band_label(band)}} for band in date_bands(q)]
    if q.get("type") == "scale_0_10":
        out = []
        for i in range(11):
            end = q.get("low") if i == 0 else q.get("high") if i == 10 else None
            label = {lang: f"{i} ({text})" for lang, text in (end or {}).items()} or {
                "en": str(i)}
            out.append({"value": i, "label": label})
        return out
    return []


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _band_label(band: str) -> str:
    """ "2026-03" as "Mar 2026"; a year as itself."""
    return f"{_MONTHS[int(band[5:]) - 1]} {band[:4]}" if len(band) == 7 else band


def year_band(year_group: int | None) -> str | None:
    if year_group is None:
        return None
    for label, years in YEAR_BANDS:
        if year_group in years:
            return label
    return None


@dataclass
class Column:
    """One analysable column of the frame and the question it came from."""

    name: str
    question_id: str
    kind: str
    question: dict[str, Any]
    item: str | None = None
    categories: list[Any] = field(default_factory=list)
    #: the surveys whose answers this column holds (an id that means something else in
    #: another survey gets a column of its own there)
    survey_keys: list[str] = field(default_factory=list)
    #: another survey uses the same id for another kind of question, so rows of other
    #: surveys must be blanked when this column is read
    masked: bool = False

    @property
    def answer_id(self) -> str:
        """The question id as respondents' answers and the Summary name it."""
        return f"{self.question_id}.{self.item}" if self.item else self.question_id


@dataclass
class SurveyInfo:
    key: str
    title: str
    audience: str
    versions: dict[int, int]
    #: question id -> the question as in the newest version
    questions: dict[str, dict[str, Any]]
    #: question id -> wording hashes seen across this frame's versions
    hashes: dict[str, set[str]]
    scales: dict[str, dict[str, Any]]
    #: version id -> that version's scales (question ids can differ between versions)
    version_scales: dict[int, dict[str, dict[str, Any]]]
    order: list[str]
    #: version id -> {question id: wording hash}
    version_hashes: dict[int, dict[str, str]] = field(default_factory=dict)
    #: answer id (question id, or "<grid>.<item>") -> frame column name
    column_names: dict[str, str] = field(default_factory=dict)
    #: construct id -> its definition (name, tags, better), from any version
    constructs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: version id -> {question id: construct id} for questions that name one
    version_constructs: dict[int, dict[str, str]] = field(default_factory=dict)
    #: year groups the survey is for (pupil surveys; any version)
    year_groups: list[int] = field(default_factory=list)


@dataclass
class ResponseFrame:
    data: pd.DataFrame
    columns: dict[str, Column]
    surveys: dict[str, SurveyInfo]
    schools: dict[str, str]
    waves: dict[str, str]

    def __len__(self) -> int:
        return len(self.data)

    def numeric(self, name: str) -> np.ndarray:
        """A column as floats: the answer value, NaN for no answer or prefer not to say."""
        col = self.columns[name]
        series = self.data[name]
        if col.kind in CHOICE_KINDS:
            values = [c if isinstance(c, (int, float)) and not isinstance(c, bool) else np.nan
                      for c in series.cat.categories]
            lookup = np.append(np.asarray(values, dtype=float), np.nan)
            return lookup[series.cat.codes.to_numpy()]
        return series.to_numpy(dtype=float, na_value=np.nan)


def _resolve_ids(conn, model, codes: Iterable[str] | None) -> dict[int, tuple[str, str]]:
    stmt = select(model.id, model.code, model.name)
    if codes is not None:
        stmt = stmt.where(model.code.in_(list(codes)))
    return {row[0]: (row[1], row[2]) for row in conn.execute(stmt)}


def _execute(source):
    """A Connection to run Core queries on: a Session lends its own (Core results skip
    the ORM's per-row work), a Connection is used as it is, an Engine lends one that
    the caller closes (returned second)."""
    if hasattr(source, "connection") and hasattr(source, "scalars"):
        return source.connection(), None
    if hasattr(source, "execute"):
        return source, None
    conn = source.connect()
    return conn, conn


def load_frame(
    source,
    *,
    waves: str | Sequence[str],
    schools: Sequence[str] | None = None,
    audience: str | Sequence[str] | None = None,
    survey_keys: Sequence[str] | None = None,
) -> ResponseFrame:
    """Load responses into a ResponseFrame with one query for the responses.

    ``source`` is a SQLAlchemy Session, Connection or Engine. ``waves`` are wave codes;
    ``schools`` school codes (None: all, including partnership-wide responses);
    ``audience`` one or more of pupil, parent, community; ``survey_keys`` survey keys.
    """
    conn, owned = _execute(source)
    try:
        wave_codes = [waves] if isinstance(waves, str) else list(waves)
        wave_ids = _resolve_ids(conn, Wave, wave_codes)
        school_ids = _resolve_ids(conn, School, None)
        audiences = [audience] if isinstance(audience, str) else audience
        vstmt = select(SurveyVersion.id, SurveyVersion.key, SurveyVersion.version,
                       SurveyVersion.title, SurveyVersion.audience, SurveyVersion.definition)
        if survey_keys is not None:
            vstmt = vstmt.where(SurveyVersion.key.in_(list(survey_keys)))
        if audiences is not None:
            vstmt = vstmt.where(SurveyVersion.audience.in_(list(audiences)))
        versions = {row[0]: row for row in conn.execute(vstmt)}
        stmt = select(
            Response.id, Response.survey_version_id, Response.wave_id, Response.school_id,
            Response.audience, Response.year_group, Response.language,
            cast(Response.answers, Text),
        ).where(Response.wave_id.in_(list(wave_ids)),
                Response.survey_version_id.in_(list(versions)))
        if schools is not None:
            wanted = [i for i, (code, _n) in school_ids.items() if code in set(schools)]
            stmt = stmt.where(Response.school_id.in_(wanted))
        rows = conn.execute(stmt.order_by(Response.id)).all()
    finally:
        if owned is not None:
            owned.close()
    return frame_from_rows(rows, versions, wave_ids, school_ids)


def approved_quotes(source, *, waves: str | Sequence[str]) -> set[tuple[int, str]]:
    """(response_id, question_id) pairs a person approved for quoting, in the waves."""
    conn, owned = _execute(source)
    try:
        wave_codes = [waves] if isinstance(waves, str) else list(waves)
        stmt = (
            select(QuoteApproval.response_id, QuoteApproval.question_id)
            .join(Response, Response.id == QuoteApproval.response_id)
            .join(Wave, Wave.id == Response.wave_id)
            .where(QuoteApproval.decision == "approved", Wave.code.in_(wave_codes))
        )
        return {(r[0], r[1]) for r in conn.execute(stmt)}
    finally:
        if owned is not None:
            owned.close()


def _survey_infos(versions: dict[int, Any]) -> dict[str, SurveyInfo]:
    infos: dict[str, SurveyInfo] = {}
    for vid, (_id, key, number, title, audience, definition) in sorted(
        versions.items(), key=lambda kv: (kv[1][1], kv[1][2])
    ):
        info = infos.setdefault(key, SurveyInfo(key, title, audience, {}, {}, {}, {}, {}, []))
        info.versions[vid] = number
        info.title = title
        for page in definition["pages"]:
            for q in page["questions"]:
                if q.get("kind", "none") == "none":
                    continue
                if q["id"] not in info.questions:
                    info.order.append(q["id"])
                info.questions[q["id"]] = q
                info.hashes.setdefault(q["id"], set()).add(q.get("wording_hash", ""))
                info.version_hashes.setdefault(vid, {})[q["id"]] = q.get("wording_hash", "")
                if q.get("construct"):
                    info.version_constructs.setdefault(vid, {})[q["id"]] = q["construct"]
        info.constructs.update(definition.get("constructs") or {})
        info.year_groups = sorted(set(info.year_groups) | set(definition.get("year_groups")
                                                              or []))
        info.scales.update(definition.get("scales") or {})
        info.version_scales[vid] = definition.get("scales") or {}
    return infos


def _columns(infos: dict[str, SurveyInfo]) -> dict[str, Column]:
    """One column per answer id, shared by the surveys that ask it; where two surveys
    use one id for different kinds of question, the later gets "<survey>:<id>"."""
    cols: dict[str, Column] = {}

    def add(info: SurveyInfo, name: str, qid: str, kind: str, q: dict, item, cats) -> None:
        existing = cols.get(name)
        if existing is not None and existing.kind != kind:
            existing.masked = True
            name = f"{info.key}:{name}"
            cols[name] = Column(name, qid, kind, q, item, cats, [info.key], masked=True)
        elif existing is not None:
            existing.categories += [c for c in cats if c not in existing.categories]
            existing.survey_keys.append(info.key)
        else:
            cols[name] = Column(name, qid, kind, q, item, cats, [info.key])
        info.column_names[f"{qid}.{item}" if item else qid] = name

    for info in infos.values():
        for qid in info.order:
            q = info.questions[qid]
            kind = q["kind"]
            cats = [o["value"] for o in options_of(q)] + [PREFER_NOT_TO_SAY]
            if kind == "ranking":  # who put each option first; each option's mean place
                add(info, qid, qid, "nominal", q, None, cats)
                for option in q.get("options") or []:
                    add(info, f"{qid}.{option['value']}", qid, "numeric", q, option["value"], [])
                continue
            if kind == "date":  # reported by month or year, never the day
                add(info, qid, qid, "nominal", q, None, cats)
                continue
            if kind == "grid":
                for item in q.get("items") or []:
                    add(info, f"{qid}.{item['id']}", qid, "ordinal", q, item["id"], list(cats))
                continue
            if kind not in CHOICE_KINDS and kind != "multi":
                cats = []
            add(info, qid, qid, kind, q, None, cats)
    for col in cols.values():
        if PREFER_NOT_TO_SAY in col.categories:
            col.categories = [c for c in col.categories if c != PREFER_NOT_TO_SAY]
            col.categories.append(PREFER_NOT_TO_SAY)
    return cols


def _number(value: Any) -> float:
    # numpy's integers too: a column every respondent answered with a whole number
    # comes out of pandas as int64, whose values are not Python ints
    if isinstance(value, (int, float, np.integer, np.floating)) and \
            not isinstance(value, (bool, np.bool_)):
        return float(value)
    return np.nan


def _parse_answers(answers: Sequence[Any]) -> list[dict[str, Any]]:
    """JSON text parsed in one call (one array), which is faster than one call per
    response; answers a driver already parsed are used as they are."""
    if answers and all(isinstance(a, str) for a in answers):
        return json.loads("[" + ",".join(answers) + "]")
    return [json.loads(a) if isinstance(a, str) else (a or {}) for a in answers]


def _ranking_values(col: Column, raw: Sequence[Any]) -> list[Any]:
    """A ranking's answers as the option put first (its own column), or as one option's
    place (1 = first; a partial ranking's unplaced options share the places left)."""
    if col.item is None:
        return [v[0] if isinstance(v, list) and v else
                (PREFER_NOT_TO_SAY if v == PREFER_NOT_TO_SAY else None) for v in raw]
    out = []
    for v in raw:
        places = rank_places(col.question, v)
        out.append(None if places is None else places.get(col.item))
    return out


def frame_from_rows(rows: Sequence[Sequence[Any]], versions: dict[int, Any],
                    wave_ids: dict[int, tuple[str, str]],
                    school_ids: dict[int, tuple[str, str]]) -> ResponseFrame:
    """Build the frame from result rows (id, version, wave, school, audience, year group,
    language, answers), expanding the answers column by column."""
    infos = _survey_infos(versions)
    columns = _columns(infos)
    if rows:
        ids, vids, wids, sids, auds, years, langs, answers = zip(*rows, strict=True)
    else:
        ids = vids = wids = sids = auds = years = langs = answers = ()
    answers = _parse_answers(answers)
    key_of = {vid: row[1] for vid, row in versions.items()}
    school_codes = [code for _id, (code, _name) in sorted(school_ids.items())]
    school_code_of = {sid: code for sid, (code, _name) in school_ids.items()}
    wave_code_of = {wid: code for wid, (code, _name) in wave_ids.items()}
    year_arr = np.array([np.nan if y is None else y for y in years], dtype=float)
    data: dict[str, Any] = {
        "response_id": np.asarray(ids, dtype=np.int64),
        "survey_version_id": np.asarray(vids, dtype=np.int64),
        "survey_key": pd.Categorical([key_of[v] for v in vids], categories=sorted(infos)),
        "wave": pd.Categorical([wave_code_of[w] for w in wids],
                               categories=sorted(wave_code_of.values())),
        "school": pd.Categorical([school_code_of.get(s) for s in sids],
                                 categories=school_codes),
        "audience": pd.Categorical(auds, categories=["pupil", "parent", "community"]),
        "year_group": year_arr,
        "year_band": pd.Categorical([year_band(y) for y in years],
                                    categories=[b for b, _r in YEAR_BANDS]),
        "language": pd.Categorical(langs),
    }
    wide = pd.DataFrame.from_records(answers) if answers else pd.DataFrame()
    missing = np.full(len(answers), None, dtype=object)
    keys = data["survey_key"].to_numpy()
    for name, col in columns.items():
        if col.question.get("type") == "ranking":
            raw = wide[col.question_id].to_numpy() if col.question_id in wide else missing
            values = _ranking_values(col, raw)
        elif col.item is not None:
            raw = wide[col.question_id].to_numpy() if col.question_id in wide else missing
            values = [r.get(col.item) if isinstance(r, dict) else None for r in raw]
        else:
            values = wide[col.question_id].to_numpy() if col.question_id in wide else missing
        if col.question.get("type") == "date":
            values = [v if v == PREFER_NOT_TO_SAY else date_band(col.question, v)
                      for v in values]
        if col.masked:
            mine = np.isin(keys, col.survey_keys)
            if not mine.all():
                values = [v if m else None for v, m in zip(values, mine, strict=True)]
        if col.kind in CHOICE_KINDS:
            data[name] = pd.Categorical(values, categories=col.categories)
        elif col.kind == "numeric":
            data[name] = np.fromiter((_number(v) for v in values), dtype=float,
                                     count=len(values))
        elif col.kind == "multi":
            data[name] = pd.Series(
                [v if isinstance(v, list) else (PREFER_NOT_TO_SAY if v == PREFER_NOT_TO_SAY
                                                else None) for v in values],
                dtype=object,
            )
        elif col.kind == "text":
            # inline rather than a call per value: this runs for every text column
            data[name] = pd.Series(
                [v if v.__class__ is str and v != PREFER_NOT_TO_SAY and v.strip() else None
                 for v in values], dtype=object)
    frame = pd.DataFrame(data)
    return ResponseFrame(
        data=frame,
        columns=columns,
        surveys=infos,
        schools={code: name for _id, (code, name) in school_ids.items()},
        waves={code: name for _id, (code, name) in wave_ids.items()},
    )
