"""Results in the browser and their exports: the briefing's Summary, charts and
suppression on a staff page, filtered by wave, school, audience and construct.

The page is made from the same appendix briefing job the briefing pages use (so its
figures, charts and hidden cells are the briefing's, and the work is shared with them):
while the job draws, the page says so and refreshes itself (a meta refresh, no
JavaScript). A filtered view removes parts of the Summary, never adds any, so it can
hide more than the briefing but never show a cell the briefing hides; charts whose data
did not change are reused from the job, the rest are drawn here.

Who sees what follows the briefings: steering and admin users see the partnership and
every school; a school lead or teacher sees their own school set against the
partnership, as that school's briefing does. Aggregated exports hold exactly the page's
groups; the row-level export is for admins only and is written to the audit trail.

The page is a list of sections (``RESULTS_SECTIONS``), each rendered by including its
template; ``register_section`` adds one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..analysis.summary import Summary
from ..audit import record
from ..briefings import PARTNERSHIP_SCOPE
from ..briefings.html import chart_data_url
from ..briefings.model import AUDIENCE_ORDER, BriefingContext, audience_title
from ..briefings.sections import APPENDIX, SECTIONS, SHORT, SectionView
from ..db import db_session
from ..models import School, SurveyVersion
from .roles import can, requires

bp = Blueprint("staff_results", __name__, url_prefix="/staff/results")
REFRESH_SECONDS = 2
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


def reuse_charts(ctx: BriefingContext, drawn: list) -> None:
    """Take the SVG of every chart the briefing job already drew with the same data (its
    title, alt text and notes read out every figure); draw only the others."""
    by_content = {(c.title, c.alt, c.n_note, tuple(c.notes)): c.svg for c in drawn if c.svg}
    for chart in ctx.charts:
        svg = by_content.get((chart.title, chart.alt, chart.n_note, tuple(chart.notes)))
        if svg:
            chart.svg, chart.draw = svg, None
        chart.render()


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


def _job(filters: Filters):
    from ..briefings.source import Request
    from ..briefings.views import _start

    return _start(Request(filters.wave, filters.scope), want_pdf=False, document=APPENDIX)


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


@bp.get("/")
@requires("view_results")
def index():
    filters, error = _filters_or_error()
    if error:
        return error
    job = _job(filters)
    if job.status != "done" or job.briefing is None:
        return render_template("staff/results/preparing.html", job=job, filters=filters,
                               refresh=None if job.status == "failed" else REFRESH_SECONDS), \
            500 if job.status == "failed" else 200
    base = job.briefing.context
    constructs, error = _check_construct(filters, base.summary)
    if error:
        return error
    if job.briefing.is_empty:
        return _page(filters=filters, constructs=constructs, empty=True,
                     scope_label=base.scope_label, wave_name=base.wave_name)
    ctx = narrowed_context(base, filters)
    views = build_views(ctx)
    reuse_charts(ctx, job.briefing.charts)
    briefing_link = url_for("briefings.view", wave=filters.wave, scope=filters.scope,
                            document=SHORT) \
        if can(current_user, "download_briefing") else None
    return _page(filters=filters, constructs=constructs, sections=views, chart_src=chart_data_url,
                 briefing=job.briefing,
                 briefing_link=briefing_link, scope_label=base.scope_label,
                 wave_name=base.wave_name, method=base.summary.method)


def _export_context(filters: Filters) -> BriefingContext:
    """The page's context for an export: from the briefing job when it is ready, else
    from a fresh Summary built the same way (no charts are drawn for a file)."""
    from ..briefings.build import build_briefing
    from ..briefings.sections import EMPTY
    from ..briefings.source import Request, rolls_for, summary_for
    from ..briefings.views import jobs, school_name

    job = jobs().find((filters.wave, filters.scope, APPENDIX))
    if job is not None and job.status == "done" and job.briefing is not None:
        return job.briefing.context
    session = db_session()
    summary = summary_for(session, Request(filters.wave, filters.scope), current_app.config)
    # The one-page "no responses" document draws no charts: only its context is wanted.
    return build_briefing(summary, school=filters.school, rolls=rolls_for(session, summary),
                          document=EMPTY, school_name=school_name(session,
                                                                  filters.school)).context


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
    base = _export_context(filters)
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
