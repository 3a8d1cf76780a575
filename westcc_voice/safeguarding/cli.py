"""`flask safeguarding measure FILE`: the scan's recall and precision on labelled answers."""

from __future__ import annotations

import sys

import click

from . import measure as m


@click.command("measure")
@click.argument("labelled", type=click.Path(exists=True, dir_okay=False))
@click.option("--split", help="Only answers with this split (tune or holdout).")
@click.option("--rules-only", is_flag=True,
              help="The rules alone, without the model's second reading for urgency.")
def measure_command(labelled: str, split: str | None, rules_only: bool) -> None:
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
    scanner = None
    if not rules_only:
        from .model import current, scan_as_intake

        if current() is None:
            click.echo("No model (see the log): the rules alone.")
        else:
            click.echo("The rules and the model's second reading for urgency, as the intake "
                       "scans (--rules-only for the rules alone).")
            scanner = scan_as_intake
    for name, group in groups.items():
        for line in m.report(m.run(group, scanner), name, m.lists_errors(name)):
            click.echo(line)
    click.echo("Recall: labelled answers flagged at any severity (and flagged urgent); "
               "precision: flagged answers labelled concern or urgent.")


@click.command("cross-check")
@click.option("--threshold", "thresholds", multiple=True, type=float,
              default=(0.3, 0.4, 0.5), show_default=True)
def cross_check_command(thresholds: tuple[float, ...]) -> None:
    """Each development set scored by a model trained on the others: urgent answers read
    as urgent by the rules alone and with the model at each threshold, and what the model
    adds on answers people called a concern or none (how THRESHOLD was chosen)."""
    from .model import leave_one_set_out

    totals: dict[str, dict[float, int]] = {"as_urgent": {}, "raised": {}, "new_flags": {}}
    urgent = rules = 0
    for held in leave_one_set_out(thresholds):
        urgent, rules = urgent + held.urgent, rules + held.rules
        cells = "  ".join(f"{t}: {held.as_urgent[t]}/{held.urgent} +{held.raised[t]} "
                          f"({held.new_flags[t]} new)" for t in thresholds)
        click.echo(f"{held.name:<24} rules {held.rules}/{held.urgent}  {cells}")
        for name, table in totals.items():
            for t in thresholds:
                table[t] = table.get(t, 0) + getattr(held, name)[t]
    click.echo(f"all: the rules alone read {rules}/{urgent} urgent answers as urgent")
    for t in thresholds:
        click.echo(f"threshold {t}: {totals['as_urgent'][t]}/{urgent} as urgent; "
                   f"{totals['raised'][t]} answers called a concern or none read as urgent, "
                   f"{totals['new_flags'][t]} of them called none and otherwise unflagged")
    click.echo("Each cell: urgent answers read as urgent, then +answers people called a "
               "concern or none that the model reads as urgent (new: called none, no rule "
               "fired). Sets the rules were written from show the model's cost, not its gain.")
