"""`flask safeguarding measure FILE`: the scan's recall and precision on labelled answers."""

from __future__ import annotations

import sys

import click

from . import measure as m


@click.command("measure")
@click.argument("labelled", type=click.Path(exists=True, dir_okay=False))
@click.option("--split", help="Only answers with this split (tune or holdout).")
def measure_command(labelled: str, split: str | None) -> None:
    """Urgent and concern recall, precision, misses and false alarms on a labelled file.

    Figures are given per split, language and audience. Misses and false alarms are
    listed by id for every split except holdout (see docs/redaction-and-safeguarding.md).
    """
    try:
        answers = m.read_labelled(labelled)
    except m.LabelledFileError as exc:
        click.secho(str(exc), fg="red", err=True)
        sys.exit(1)
    groups = m.by_split(answers, split)
    if not groups:
        click.secho(f"{labelled}: no answers with split {split!r}.", fg="red", err=True)
        sys.exit(1)
    for name, group in groups.items():
        for line in m.report(m.run(group), name, m.lists_errors(name)):
            click.echo(line)
    click.echo("Recall: labelled answers flagged at any severity (and flagged urgent); "
               "precision: flagged answers labelled concern or urgent.")
