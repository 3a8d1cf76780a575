"""`flask redaction measure FILE`: how well redaction does on labelled answers."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from .db import db_session

redaction_cli = AppGroup("redaction", help="Redaction of identifiers in free text.")


@redaction_cli.command("measure")
@click.argument("labelled", type=click.Path(exists=True, dir_okay=False))
@click.option("--split", help="Only answers with this split (for example holdout).")
def redaction_measure(labelled: str, split: str | None) -> None:
    """Answers without identifiers that redaction changed, and identifiers it removed by
    kind, per split; ids and texts for the tune split (see
    docs/redaction-and-safeguarding.md). The partnership's schools and staff are read
    from the database, as at intake."""
    from .privacy.redaction import Directory, directory_from_session, redact
    from .privacy.redaction.measure import MeasureError, load_labelled, measure, report

    try:
        answers = load_labelled(labelled)
    except MeasureError as exc:
        click.secho(str(exc), fg="red", err=True)
        sys.exit(1)
    if split is not None:
        answers = [a for a in answers if a.split == split]
        if not answers:
            click.secho(f"{labelled}: no answers with split {split!r}.", fg="red", err=True)
            sys.exit(1)
    try:
        directory = directory_from_session(db_session())
    except SQLAlchemyError:
        directory = Directory()
        click.echo("No database to read schools and staff from: measuring without them.")
    click.echo(f"{labelled}: {len(answers)} answers; the database's "
               f"{len(directory.schools)} schools and {len(directory.staff)} staff names.")
    results = measure(answers, lambda text: redact(text, directory).text, directory.schools)
    for line in report(results):
        click.echo(line)
