"""`flask briefing`: write a wave's briefing as an A4 PDF."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import db_session


@click.command("briefing")
@with_appcontext
@click.option("--wave", "wave", required=True, help="Wave code, e.g. 2026-autumn.")
@click.option("--school", "school", default=None,
              help="School code for one school's briefing; leave out for the partnership.")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              default=None, help="Where to write the PDF (default: a name in this folder).")
@click.option("--appendix", is_flag=True,
              help="Write the appendix (every chart and table) instead of the short briefing.")
def briefing_command(wave: str, school: str | None, out: Path | None, appendix: bool) -> None:
    """Write a steering group briefing PDF for a wave (partnership, or one school).

    The briefing is a few pages, findings first; its appendix holds the detail."""
    # Imported here so other `flask` commands start without matplotlib and WeasyPrint.
    from .build import build_briefing
    from .model import BriefingError
    from .pdf import render_pdf
    from .source import PARTNERSHIP_SCOPE, Request, rolls_for, summary_for
    from .views import school_name

    session = db_session()
    request = Request(wave, school or PARTNERSHIP_SCOPE)
    started = time.perf_counter()
    try:
        summary = summary_for(session, request, current_app.config)
        briefing = build_briefing(summary, school=request.school,
                                  rolls=rolls_for(session, summary), progress=_progress(),
                                  document="appendix" if appendix else "short",
                                  school_name=school_name(session, request.school))
    except BriefingError as exc:
        click.secho(str(exc), fg="red", err=True)
        sys.exit(1)
    click.echo("Laying out pages...", err=True)
    result = render_pdf(briefing)
    path = out or Path(briefing.filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(result.data)
    seconds = time.perf_counter() - started
    click.echo(f"Wrote {path} ({result.pages} pages, {len(result.data) // 1024} KiB) "
               f"in {seconds:.1f} s.")


def _progress():
    last = {"step": ""}

    def report(step: str, done: int, total: int) -> None:
        if step != last["step"]:
            click.echo(f"{step}...", err=True)
            last["step"] = step

    return report


@click.command("worker")
@with_appcontext
@click.option("--burst", is_flag=True, help="Stop once the queue is empty (for tests and cron).")
def worker_command(burst: bool) -> None:
    """Draw queued briefings: the RQ worker for WESTCC_REDIS_URL (several app instances)."""
    from .. import shared_redis
    from .jobs import QUEUE, run_worker

    redis = shared_redis.connection()
    if redis is None:
        click.secho("WESTCC_REDIS_URL is not set: without Redis each app process draws its "
                    "own briefings and no worker is needed.", fg="red", err=True)
        sys.exit(1)
    click.echo(f"Working the {QUEUE!r} queue; stop with Ctrl+C.", err=True)
    run_worker(redis, burst=burst)
