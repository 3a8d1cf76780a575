"""Results in the browser and their exports: the briefing's Summary, charts and
suppression on a staff page, filtered by wave, school, audience and construct.

The page is made from the Summary the briefings use, cut into the appendix's parts (so
its figures and hidden cells are the briefing's). It comes back without waiting for a
chart: each chart is an image at its own address (``/staff/results/chart/...``), drawn
the first time anyone asks for it and kept on disk under the instance folder, named by
a hash of everything the chart shows (its title, alt text, n and notes), so a new
response or a changed wave makes new names and an old drawing is never shown for new
figures. The Summary and the page's parts are kept in the process for as long as the
wave's responses, schools and questionnaires are unchanged (``data_version``). A
filtered view removes parts of the Summary, never adds any, so it can hide more than the
briefing but never show a cell the briefing hides.

Who sees what follows the briefings: steering and admin users see the partnership and
every school; a school lead or teacher sees their own school set against the
partnership, as that school's briefing does. Aggregated exports hold exactly the page's
groups; the row-level export is for admins only and is written to the audit trail.

The page is a list of sections (``RESULTS_SECTIONS``), each rendered by including its
template; ``register_section`` adds one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..analysis.summary import Summary
from ..audit import record
from ..briefings import PARTNERSHIP_SCOPE
from ..briefings.model import AUDIENCE_ORDER, BriefingContext, Chart, audience_title
from ..briefings.sections import APPENDIX, SECTIONS, SHORT, SectionView
from ..db import db_session
from ..models import Response as Answered
from ..models import School, SurveyVersion, Wave
from .roles import can, requires

bp = Blueprint("staff_results", __name__, url_prefix="/staff/results")
#: Folder under the instance path where drawn charts are kept, one file per chart.
CHART_DIR = "results-charts"
#: Views and charts kept in each process (the newest, by filters and data version).
VIEWS_KEPT, CHARTS_KEPT = 24, 3000
AUDIENCES = {a: audience_title(a) for a in AUDIENCE_ORDER}


# --- sections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsSection:
    """One part of the results page: ``views(ctx)`` gives what to show (each a
    ``SectionView`` naming the template the page includes)."""

    key: str
    views: Callable[[BriefingContext], list[SectionView]]


RESULTS_SECTIONS: list[ResultsSection] = []


def register_section(section: ResultsSection, *, before: str | None = None) -> ResultsSection:
    """Add a section to the results page, at the end or before the section ``before``."""
    if any(s.key == section.key for s in RESULTS_SECTIONS):
        raise ValueError(f"a results section {section.key!r} is registered already")
    keys = [s.key for s in RESULTS_SECTIONS]
    RESULTS_SECTIONS.insert(keys.index(before) if before in keys else len(keys), section)
    return section


def briefing_section(key: str) -> ResultsSection:
    """A section of the briefing's appendix, shown as the briefing shows it."""

    def views(ctx: BriefingContext) -> list[SectionView]:
        from ..briefings.sections import _load_builtin

        _load_builtin()
        return [view for cls in SECTIONS if cls.key == key for view in cls.views(ctx)]

    return ResultsSection(key, views)


# "left_out" last: it lists, once, each question the sections before it had nothing
# publishable to draw, so a question hidden whole is said to be hidden, never just absent.
for _key in ("participation", "domain", "theme", "aspirations", "scales", "side_by_side",
             "equity", "change", "left_out"):
    register_section(briefing_section(_key))


# --- filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    wave: str
    scope: str
    audience: str = ""
    construct: str = ""

    @property
    def school(self) -> str | None:
        return None if self.scope == PARTNERSHIP_SCOPE else self.scope

    def args(self) -> dict[str, str]:
        return {k: v for k, v in (("wave", self.wave), ("school", self.scope),
                                  ("audience", self.audience),
                                  ("construct", self.construct)) if v}


def constructs_in(summary: Summary) -> dict[str, str]:
    """What a view can be narrowed to: each construct a question names, and each score."""
    out: dict[str, str] = {}
    for survey in summary.surveys:
        for item in survey.items:
            if item.construct:
                out.setdefault(item.construct, item.construct_name or item.construct)
    for score in summary.scores:
        out.setdefault(score.score_id, score.name)
    return dict(sorted(out.items(), key=lambda kv: kv[1].lower()))


def narrowed(summary: Summary, *, audience: str = "", construct: str = "") -> Summary:
    """The Summary with only one audience's and/or one construct's parts. Parts are only
    removed, never recomputed, so every figure left is the one the briefing shows.
    Questionnaires stay (with no questions when narrowed to a construct) so who took
    part is still shown; written answers name no construct and go."""
    if not audience and not construct:
        return summary
    surveys = []
    for survey in summary.surveys:
        if audience and survey.audience != audience:
            continue
        if construct:
            survey = replace(survey, items=[i for i in survey.items if i.construct == construct],
                             texts=[])
        surveys.append(survey)
    scores = [s for s in summary.scores if (not audience or s.audience == audience)
              and (not construct or s.score_id == construct)]
    shared = [] if audience else [s for s in summary.shared if not construct
                                  or construct in (s.construct, s.indicator)]
    scope = replace(summary.scope, audiences=[a for a in summary.scope.audiences
                                              if not audience or a == audience])
    return replace(summary, surveys=surveys, scores=scores, shared=shared, scope=scope)


def narrowed_context(base: BriefingContext, filters: Filters) -> BriefingContext:
    """A fresh context over the briefing's own (already scoped) Summary, narrowed."""
    ctx = BriefingContext(narrowed(base.summary, audience=filters.audience,
                                   construct=filters.construct),
                          base.school,
                          # pupil response rates only where pupils are shown
                          {} if filters.audience not in ("", "pupil") else dict(base.rolls))
    ctx.wave_surveys = [s for s in base.wave_surveys
                        if not filters.audience or s.audience == filters.audience]
    ctx.cache["document"] = APPENDIX  # the page shows the appendix's parts
    return ctx


def build_views(ctx: BriefingContext) -> list[SectionView]:
    from ..briefings.build import drop_dangling

    return drop_dangling([v for section in RESULTS_SECTIONS for v in section.views(ctx)])


# --- requests -----------------------------------------------------------------------------


class BadFilter(ValueError):
    """A filter value that is not one of the choices, with the choices in its message."""


def read_filters(args, waves: list[str], scopes: list[str]) -> Filters:
    """The filters asked for, defaulting to the newest wave and the widest scope the
    person may see. Unknown values are refused with the choices."""
    wave = args.get("wave") or (waves[0] if waves else "")
    if wave not in waves:
        raise BadFilter(f"There is no wave {wave!r}. Choose one of: {', '.join(waves)}.")
    scope = args.get("school") or scopes[0]
    if scope not in scopes:
        abort(403)
    audience = args.get("audience", "")
    if audience and audience not in AUDIENCES:
        raise BadFilter(f"There is no audience {audience!r}. Choose one of: "
                        f"{', '.join(AUDIENCES)}.")
    return Filters(wave, scope, audience, args.get("construct", ""))


def _choices():
    from ..briefings.source import waves
    from ..briefings.views import _scopes

    return [w for w in waves(db_session())], _scopes()


def _page(status: int = 200, **context):
    waves, scopes = _choices()
    context.setdefault("filters", None)
    context.setdefault("constructs", {})
    return render_template("staff/results/index.html", waves=waves, scopes=scopes,
                           audiences=AUDIENCES, **context), status


def _filters_or_error():
    waves, scopes = _choices()
    if not waves:
        return None, _page(error="No wave has been set up yet, so there are no results.")
    try:
        return read_filters(request.args, [w.code for w in waves],
                            [code for code, _ in scopes]), None
    except BadFilter as exc:
        return None, _page(400, error=str(exc))


def _check_construct(filters: Filters, summary: Summary):
    choices = constructs_in(summary)
    if filters.construct and filters.construct not in choices:
        return choices, _page(400, filters=filters, constructs=choices, error=(
            f"Nothing in these results measures {filters.construct!r}. Choose one of: "
            f"{', '.join(choices)}."))
    return choices, None


# --- the Summary and the page's parts, kept while the data is unchanged ---------------------

_KEPT: OrderedDict[tuple, object] = OrderedDict()
_CHARTS: OrderedDict[tuple[str, str, str], Chart] = OrderedDict()
_KEPT_LOCK = threading.Lock()


def _keep(store: OrderedDict, key, value, limit: int):
    with _KEPT_LOCK:
        store[key] = value
        store.move_to_end(key)
        while len(store) > limit:
            store.popitem(last=False)
    return value


def _kept(store: OrderedDict, key):
    with _KEPT_LOCK:
        value = store.get(key)
        if value is not None:
            store.move_to_end(key)
        return value


def data_version(session, wave_code: str, config) -> str:
    """A short hash of everything a wave's results are made from that can change while
    the service runs: the wave itself (its dates close it), its responses (one arriving
    or being deleted), the schools (names, rolls) and the questionnaires loaded."""
    wave = session.scalar(select(Wave).where(Wave.code == wave_code))
    answered = session.execute(select(func.count(Answered.id), func.max(Answered.id))
                               .where(Answered.wave_id == wave.id)).one()
    schools = session.execute(select(School.code, School.name, School.roll)
                              .order_by(School.code)).all()
    versions = session.execute(select(func.count(SurveyVersion.id),
                                      func.max(SurveyVersion.id))).one()
    parts = [wave.code, wave.name, wave.starts_on, wave.ends_on, list(answered),
             [list(r) for r in schools], list(versions),
             config.get("SUPPRESSION_THRESHOLD"), str(config.get("SURVEYS_DIR"))]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:24]


def base_context(filters: Filters) -> BriefingContext:
    """The Summary at the filters' wave and scope, as the appendix briefing sees it (no
    section made, no chart drawn), kept while ``data_version`` is unchanged."""
    from ..briefings.build import briefing_context
    from ..briefings.source import Request, rolls_for, summary_for
    from ..briefings.views import school_name

    session = db_session()
    version = data_version(session, filters.wave, current_app.config)
    key = ("base", version, filters.wave, filters.scope)
    found = _kept(_KEPT, key)
    if found is None:
        summary = summary_for(session, Request(filters.wave, filters.scope), current_app.config)
        found = briefing_context(summary, school=filters.school,
                                 rolls=rolls_for(session, summary), document=APPENDIX,
                                 school_name=school_name(session, filters.school))
        found.cache["data_version"] = version
        _keep(_KEPT, key, found, VIEWS_KEPT)
    return found


def page_views(base: BriefingContext, filters: Filters) -> list[SectionView]:
    """The page's sections for these filters, made once per Summary and kept; each chart
    is registered so its own address can draw it."""
    key = ("views", base.cache["data_version"], filters)
    found = _kept(_KEPT, key)
    if found is None:
        ctx = narrowed_context(base, filters)
        found = _keep(_KEPT, key, (build_views(ctx), ctx.charts), VIEWS_KEPT)
    views, charts = found
    folder = chart_folder(filters)
    for chart in charts:
        name = chart_key(chart)
        _keep(_CHARTS, (filters.wave, filters.scope, name), chart, CHARTS_KEPT)
        if not chart.svg and (folder / f"{name}.svg").is_file():
            chart.svg, chart.draw = (folder / f"{name}.svg").read_text(encoding="utf-8"), None
    return views


# --- charts at their own addresses ------------------------------------------------------------


def chart_key(chart: Chart) -> str:
    """The chart's name: a hash of all it shows (its alt text reads out every figure)."""
    shown = json.dumps([chart.title, chart.alt, chart.n_note, list(chart.notes)])
    return hashlib.sha256(shown.encode()).hexdigest()[:32]


def chart_folder(filters: Filters) -> Path:
    """Where one wave's and scope's drawn charts are kept (codes are checked choices)."""
    for code in (filters.wave, filters.scope):
        if not re.fullmatch(r"[A-Za-z0-9_-]+", code):
            raise ValueError(f"a wave or school code {code!r} cannot name a folder")
    return Path(current_app.instance_path) / CHART_DIR / filters.wave / filters.scope


def chart_size(chart: Chart) -> tuple[int, int] | None:
    """A drawn chart's width and height in CSS pixels (its SVG's points, 96/72 each)."""
    head = chart.svg[:600]
    found = [re.search(rf'\b{side}="([\d.]+)pt"', head) for side in ("width", "height")]
    if not all(found):
        return None
    return tuple(round(float(m.group(1)) * 4 / 3) for m in found)


class ChartSource:
    """What the page's templates call for each chart: its address, and its size once
    drawn (so the page keeps its place while the images arrive)."""

    def __init__(self, filters: Filters) -> None:
        self.filters = filters

    def __call__(self, chart: Chart) -> str:
        return url_for("staff_results.chart", key=chart_key(chart), **self.filters.args())

    def size(self, chart: Chart) -> tuple[int, int] | None:
        return chart_size(chart) if chart.svg else None


def _store(path: Path, svg: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    part.write_text(svg, encoding="utf-8")
    os.replace(part, path)


@bp.get("/chart/<key>.svg")
@requires("view_results")
def chart(key: str):
    """One chart of a results page, drawn the first time it is asked for, then read from
    the instance folder. Another process (or this one after a restart) that never made
    the page makes its parts from the same filters to find the chart."""
    if not re.fullmatch(r"[0-9a-f]{32}", key):
        abort(404)
    filters, error = _filters_or_error()
    if error:
        return error
    path = chart_folder(filters) / f"{key}.svg"
    if path.is_file():
        svg = path.read_text(encoding="utf-8")
    else:
        found = _kept(_CHARTS, (filters.wave, filters.scope, key))
        if found is None:
            page_views(base_context(filters), filters)
            found = _kept(_CHARTS, (filters.wave, filters.scope, key))
        if found is None:
            abort(404)
        found.render()
        svg = found.svg
        _store(path, svg)
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=86400"})


# --- the page ---------------------------------------------------------------------------------


def _charts_in(value) -> list[Chart]:
    if isinstance(value, Chart):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [c for inner in value for c in _charts_in(inner)]
    return []


def outline(section: SectionView) -> str:
    """What a closed section holds, said beside its heading: its charts and the largest
    n among them, or how many questions it lists as not shown."""
    if section.key == "left_out":
        count = sum(len(r.get("what", ())) for r in section.data.get("reasons", ()))
        return f"{count} not shown" if count else ""
    charts = _charts_in(section.data)
    if not charts:
        return ""
    ns = [int(n.replace(",", "")) for c in charts
          for n in re.findall(r"n = ([\d,]+)", c.n_note)]
    most = f", n up to {max(ns):,}" if ns else ""
    return f"{len(charts)} chart{'s' if len(charts) != 1 else ''}{most}"


@bp.get("/")
@requires("view_results")
def index():
    filters, error = _filters_or_error()
    if error:
        return error
    base = base_context(filters)
    constructs, error = _check_construct(filters, base.summary)
    if error:
        return error
    if base.is_empty:
        return _page(filters=filters, constructs=constructs, empty=True,
                     scope_label=base.scope_label, wave_name=base.wave_name)
    views = page_views(base, filters)
    briefing_link = url_for("briefings.view", wave=filters.wave, scope=filters.scope,
                            document=SHORT) \
        if can(current_user, "download_briefing") else None
    return _page(filters=filters, constructs=constructs, sections=views,
                 outlines={v.anchor: outline(v) for v in views},
                 open_all=request.args.get("open") == "all",
                 # the sections' templates ask which document they are in
                 briefing={"document": APPENDIX},
                 chart_src=ChartSource(filters), briefing_link=briefing_link,
                 scope_label=base.scope_label, wave_name=base.wave_name,
                 method=base.summary.method)


def _download(body: bytes | str, filename: str, mimetype: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})


@bp.get("/export.<fmt>")
@requires("view_results")
def export(fmt: str):
    from . import exports

    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters, error = _filters_or_error()
    if error:
        return error
    base = base_context(filters)
    constructs, error = _check_construct(filters, base.summary)
    if error:
        return error
    ctx = narrowed_context(base, filters)
    session = db_session()
    keys = {s.key: s.versions for s in ctx.summary.surveys}
    versions = [v for v in session.scalars(select(SurveyVersion).order_by(
        SurveyVersion.key, SurveyVersion.version)) if v.version in keys.get(v.key, ())]
    names = {cid: c.get("name", cid) for v in versions
             for cid, c in (v.definition.get("constructs") or {}).items()
             if isinstance(c, dict)} or constructs
    labels = {"audience": AUDIENCES.get(filters.audience, ""),
              "construct": constructs.get(filters.construct, "")}
    tables = exports.aggregated(ctx, labels, versions, names)
    record(session, current_user, "results.export", target=f"results:{filters.wave}:"
           f"{filters.scope}", format=fmt, **{k: v for k, v in labels.items() if v})
    session.commit()
    stem = f"westcc-results-{filters.wave}-{filters.scope}" + "".join(
        f"-{v}" for v in (filters.audience, filters.construct) if v)
    if fmt == "csv":
        notes = exports.notes_table(ctx)
        return _download(exports.to_csv([*tables[1:4], *([notes] if notes.rows else [])]),
                         f"{stem}.csv", "text/csv")
    return _download(exports.to_xlsx(tables), f"{stem}.xlsx", "application/vnd."
                     "openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/responses.csv")
@requires("export_data")
def responses():
    """Every response of a wave, one anonymised row each (admins only, audited)."""
    from ..models import Response as Answered
    from ..models import Wave
    from . import exports

    filters, error = _filters_or_error()
    if error:
        return error
    session = db_session()
    wave = session.scalar(select(Wave).where(Wave.code == filters.wave))
    query = select(Answered).where(Answered.wave_id == wave.id)
    if filters.school:
        query = query.join(School, School.id == Answered.school_id).where(
            School.code == filters.school)
    if filters.audience:
        query = query.where(Answered.audience == filters.audience)
    answered = list(session.scalars(query))
    versions = {v.id: v for v in session.scalars(select(SurveyVersion))}
    schools = dict(session.execute(select(School.id, School.code)).all())
    table = exports.response_rows(answered, versions, wave=filters.wave, schools=schools)
    record(session, current_user, "results.export_rows", target=f"results:{filters.wave}:"
           f"{filters.scope}", rows=len(table.rows), audience=filters.audience)
    session.commit()
    stem = f"westcc-responses-{filters.wave}-{filters.scope}" + (
        f"-{filters.audience}" if filters.audience else "")
    return _download(exports.to_csv([table]), f"{stem}.csv", "text/csv")
