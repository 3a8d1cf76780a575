"""Flask commands: `flask --app westcc_voice <group> <command>`; each says what it did."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from . import migrate
from .analysis.text import accuracy, areas
from .analysis.text.codebook import CodebookError, load_codebook
from .db import db_session, engine
from .definitions import load_catalogue
from .definitions.loader import display_path, load_survey
from .definitions.serving import move_to_newest, open_waves, sessions_on_older_versions
from .definitions.store import latest_versions, store_catalogue
from .definitions.xlsform import read_xlsform, to_yaml, write_xlsform
from .definitions.yamlsource import read_yaml
from .models import NO_SCHOOL_ROLES, ROLES, SCHOOL_ROLES, School, StaffUser, Wave

db_cli = AppGroup("db", help="Create and migrate the database.")
surveys_cli = AppGroup("surveys", help="Validate and load the questionnaires in surveys/.")
schools_cli = AppGroup("schools", help="The partnership's schools.")
waves_cli = AppGroup("waves", help="Survey waves (rounds of data collection).")
staff_cli = AppGroup("staff", help="Staff accounts.")
demo_cli = AppGroup("demo", help="Demonstration data for a populated service.")
retention_cli = AppGroup("retention", help="Delete what is past its retention period.")
codebooks_cli = AppGroup("codebooks", help="The codebooks that code free-text answers.")


def init_app(app: Flask) -> None:
    from .briefings.cli import briefing_command, worker_command
    from .redaction_cli import redaction_cli
    from .safeguarding.cli import cross_check_command, measure_command
    from .staff.safeguarding import bp as safeguarding_bp

    for group in (db_cli, surveys_cli, schools_cli, waves_cli, staff_cli, demo_cli,
                  retention_cli, codebooks_cli, redaction_cli):
        app.cli.add_command(group)
    app.cli.add_command(briefing_command)
    app.cli.add_command(worker_command)
    # `flask safeguarding ...`: the DSL's digest (the queue's blueprint) and the scan's
    # measure, in one group
    safeguarding_bp.cli.add_command(measure_command)
    safeguarding_bp.cli.add_command(cross_check_command)


def _fail(message: str) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


# --- db ----------------------------------------------------------------------------------


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    migrate.upgrade(current_app.config["SQLALCHEMY_URL"], revision)
    click.echo(f"Database at revision {migrate.current_revision(engine())}.")


@db_cli.command("downgrade")
@click.argument("revision", default="base")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (default: empty)."""
    migrate.downgrade(current_app.config["SQLALCHEMY_URL"], revision)
    click.echo(f"Database at revision {migrate.current_revision(engine()) or 'base (empty)'}.")


@db_cli.command("current")
def db_current() -> None:
    """Show the database's revision and the newest one available."""
    url = current_app.config["SQLALCHEMY_URL"]
    click.echo(f"current: {migrate.current_revision(engine()) or 'base (empty)'}")
    click.echo(f"newest:  {migrate.head_revision(url)}")


# --- surveys -----------------------------------------------------------------------------


def _catalogue(directory: str | None):
    return load_catalogue(
        directory or current_app.config["SURVEYS_DIR"], current_app.config["LICENSED_DIR"]
    )


def _report_errors(errors: list) -> None:
    """Print every error ("file:line: field: message") and exit 1."""
    for error in errors:
        click.secho(str(error), fg="red", err=True)
    files = len({str(e).split(":", 1)[0] for e in errors})
    _fail(f"{len(errors)} error(s) in {files} file(s); nothing was loaded.")


def _report_warnings(warnings: list) -> None:
    """Print what loads but should be looked at ("file:line: field: message"); no exit."""
    for warning in warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)


@surveys_cli.command("validate")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Folder to check.")
def surveys_validate(directory: str | None) -> None:
    """Check every questionnaire, scale, framework, answer-set and codebook file."""
    cat = _catalogue(directory)
    books, book_errors = _codebooks(Path(directory or current_app.config["SURVEYS_DIR"]))
    if cat.errors or book_errors:
        _report_errors(cat.errors + book_errors)
    _report_warnings(cat.warnings)
    for survey in cat.surveys:
        questions = sum(len(p["questions"]) for p in survey.definition["pages"])
        click.echo(f"ok  {survey.path}: {survey.key} ({survey.audience}, {questions} questions, "
                   f"{'/'.join(survey.definition['languages'])})")
    for path, book in books:
        click.echo(f"ok  {path}: codebook {book.id} ({len(book.themes)} themes)")
    click.echo(f"{len(cat.surveys)} questionnaire(s), {len(cat.scales)} scale(s), "
               f"{len(cat.frameworks)} framework(s), {len(cat.constructs)} construct(s), "
               f"{len(books)} codebook(s): no errors"
               + (f", {len(cat.warnings)} warning(s)." if cat.warnings else "."))


def _codebooks(surveys_dir: Path) -> tuple[list, list[str]]:
    """Every codebook in <surveys>/codebooks, and the errors of those that are not valid."""
    books, errors = [], []
    for path in sorted((surveys_dir / "codebooks").glob("*.yaml")):
        shown = display_path(path, surveys_dir)
        try:
            books.append((shown, load_codebook(path, shown)))
        except CodebookError as exc:
            errors.append(str(exc))
    return books, errors


@surveys_cli.command("load")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Folder to load.")
@click.option("--during-wave", is_flag=True,
              help="Store new versions even though a wave is open (see docs/questionnaires.md).")
def surveys_load(directory: str | None, during_wave: bool) -> None:
    """Validate, then store a new immutable version of every changed questionnaire."""
    cat = _catalogue(directory)
    if cat.errors:
        _report_errors(cat.errors)
    _report_warnings(cat.warnings)
    session = db_session()
    outcomes = store_catalogue(session, cat)
    replacing = [o for o in outcomes if o.changes is not None]
    waves = open_waves(session)
    if replacing and waves and not during_wave:
        session.rollback()
        for o in replacing:
            _echo_changes(o)
        _fail(f"Nothing was loaded: {', '.join(w.name for w in waves)} is open, and a new "
              "version during a wave means the wave is answered on two versions (see "
              "docs/questionnaires.md, 'Versions during a wave'). Load between waves, or run "
              "again with --during-wave to go on.")
    session.commit()
    for o in outcomes:
        click.echo(f"{o.status:9} {o.key} v{o.version}  ({o.path})")
        if o.changes is not None:
            _echo_changes(o)
    for o in replacing:
        older = sessions_on_older_versions(session, o.key)
        if older:
            click.echo(f"  {len(older)} open session(s) or link(s) still serve an earlier "
                       f"version of {o.key}: move them with "
                       f"`flask --app westcc_voice surveys serve-newest {o.key}`")


def _echo_changes(o) -> None:
    changes = o.changes
    if not changes:
        click.echo(f"  {o.key} v{o.version}: no question's wording changed; every trend "
                   "continues")
        return
    if changes.reworded:
        click.secho(f"  {o.key} v{o.version}: wording changed, so these trends break: "
                    f"{', '.join(changes.reworded)}", fg="yellow")
    if changes.added:
        click.echo(f"  {o.key} v{o.version}: new questions: {', '.join(changes.added)}")
    if changes.removed:
        click.echo(f"  {o.key} v{o.version}: questions no longer asked: "
                   f"{', '.join(changes.removed)}")


@surveys_cli.command("serve-newest")
@click.argument("key")
def surveys_serve_newest(key: str) -> None:
    """Move the open class sessions and links of one questionnaire to its newest version."""
    session = db_session()
    moved = move_to_newest(session, key)
    if moved is None:
        _fail(f"No questionnaire {key!r} is loaded: expected one of "
              f"{', '.join(v.key for v in latest_versions(session))}")
    session.commit()
    click.echo(f"{moved} open session(s) and link(s) of {key} now serve its newest version.")


@surveys_cli.command("import-xlsform")
@click.argument("xlsx", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out", type=click.Path(dir_okay=False),
              help="Questionnaire file to write (default: surveys/FORM_ID.yaml).")
@click.option("--audience", type=click.Choice(["pupil", "parent", "community"]),
              default="community", show_default=True, help="Who answers it.")
@click.option("--key", help="The questionnaire's key (default: the form_id setting).")
@click.option("--tag", "tags", multiple=True,
              help="A tag for every question (cc.* or west.*); repeat for several.")
@click.option("--age", help="For pupils: the age range, such as 7-11.")
@click.option("--leave-out", is_flag=True,
              help="Leave out question types this service cannot ask, instead of stopping.")
def surveys_import_xlsform(xlsx, out, audience, key, tags, age, leave_out) -> None:
    """Write a questionnaire file from an XLSForm (.xlsx) form, then validate it."""
    span = None
    if age:
        try:
            low, high = (int(x) for x in age.split("-"))
            span = (low, high)
        except ValueError:
            _fail(f"--age {age!r}: expected a range such as 7-11")
    catalogue = _catalogue(None)  # read before the new file is there, to check it against
    imported = read_xlsform(Path(xlsx), audience=audience, key=key, tags=list(tags),
                            leave_out=leave_out, age=span, answer_sets=catalogue.answer_sets)
    if imported.errors:
        for error in imported.errors:
            click.secho(error, fg="red", err=True)
        _fail(f"{len(imported.errors)} error(s): nothing was written.")
    surveys_dir = Path(current_app.config["SURVEYS_DIR"])
    target = Path(out) if out else surveys_dir / f"{imported.data['key']}.yaml"
    if target.exists():
        _fail(f"{target} exists already: give --out for a new file, or --key for a new key.")
    target.write_text(to_yaml(imported.data, Path(xlsx).name, imported.approximations),
                      encoding="utf-8")
    pages = imported.data["pages"]
    click.echo(f"wrote {target}: {sum(len(p['questions']) for p in pages)} questions on "
               f"{len(pages)} pages, in {', '.join(imported.data['languages'])}")
    if imported.approximations:
        click.echo("Converted only approximately (also listed at the top of the file):")
        for line in imported.approximations:
            click.echo(f"  - {line}")
    known = len(catalogue.errors)
    load_survey(target, str(target), catalogue)
    problems = catalogue.errors[known:]
    if problems:
        click.echo(f"Before it can be loaded, fix these in {target} "
                   "(`flask surveys validate` lists them again):")
        for problem in problems:
            click.echo(f"  {problem}")
    else:
        click.echo("It validates: load it with `flask --app westcc_voice surveys load`.")


@surveys_cli.command("export-xlsform")
@click.argument("key")
@click.argument("xlsx", type=click.Path(dir_okay=False))
def surveys_export_xlsform(key: str, xlsx: str) -> None:
    """Write the newest stored version of a questionnaire as an XLSForm (.xlsx)."""
    versions = {v.key: v for v in latest_versions(db_session())}
    if key not in versions:
        _fail(f"No questionnaire {key!r} is loaded: expected one of {', '.join(versions)}")
    version = versions[key]
    notes = write_xlsform(version.definition, Path(xlsx), version=str(version.version))
    click.echo(f"wrote {xlsx}: {key} v{version.version} as an XLSForm")
    for note in notes:
        click.echo(f"  - {note}")


@surveys_cli.command("list")
def surveys_list() -> None:
    """List the newest version of each loaded questionnaire."""
    for v in latest_versions(db_session()):
        click.echo(f"{v.key:16} v{v.version}  {v.audience:9} {v.content_hash[:12]}  {v.title}")


@codebooks_cli.command("measure")
@click.argument("labelled", type=click.Path(exists=True, dir_okay=False))
@click.option("--split", help="Only answers with this split (for example holdout).")
@click.option("--dir", "directory", type=click.Path(file_okay=False),
              help="Surveys folder whose codebooks/ to measure (default: the service's).")
def codebooks_measure(labelled: str, split: str | None, directory: str | None) -> None:
    """How well the codebooks code answers people have coded (see docs/analysis.md)."""
    surveys_dir = Path(directory or current_app.config["SURVEYS_DIR"])
    books, errors = _codebooks(surveys_dir)
    if errors:
        for error in errors:
            click.secho(error, fg="red", err=True)
        _fail("Fix the codebooks first (flask surveys validate).")
    by_id = {book.id: book for _path, book in books}
    if areas.is_area_file(read_yaml(Path(labelled), labelled)[0]):
        _measure_areas(labelled, split, by_id)
        return
    try:
        answers = accuracy.load_labelled(labelled, by_id)
    except CodebookError as exc:
        _fail(str(exc))
    if split is not None:
        answers = [a for a in answers if a.split == split]
        if not answers:
            _fail(f"{labelled}: no answers with split {split!r}.")
    rows = [accuracy.describe(f"all{f' ({split})' if split else ''}",
                              accuracy.measure(answers, by_id))]
    for book_id in sorted({a.codebook for a in answers}):
        mine = [a for a in answers if a.codebook == book_id]
        rows.append(accuracy.describe(f"codebook {book_id}", accuracy.measure(mine, by_id)))
    _print_rows(rows)
    two = rows[0]["coders' kappa"] != "-"
    click.echo("Pairs of (answer, theme); reference: "
               + ("the codes both coders gave (pairs they disagree on are left out)."
                  if two else "the coder's codes."))


def _measure_areas(labelled: str, split: str | None, books: dict) -> None:
    """A development-set file: F1 per outcome area, the answers left with no theme."""
    try:
        answers = areas.load_area_labelled(labelled)
    except CodebookError as exc:
        _fail(str(exc))
    splits = [split] if split else sorted({a.split or "all" for a in answers})
    for name in splits:
        mine = [a for a in answers if (a.split or "all") == name]
        if not mine:
            _fail(f"{labelled}: no answers with split {name!r}.")
        result = areas.measure_areas(mine, books)
        click.echo(f"split {name}: {result.answers} answers in English coded, "
                   f"{result.set_aside} in other languages set aside for a person")
        _print_rows(areas.describe_areas(result))
        share = result.no_theme_share
        click.echo(f"no theme: {result.no_theme} of {result.with_area} answers people gave an "
                   f"area ({'-' if share is None else f'{share:.0%}'})")
        if name == "tune" or split == "tune":
            for aid, got, want in result.wrong:
                click.echo(f"  {aid}: coded {', '.join(got) or '-'}; "
                           f"people {', '.join(want) or '-'}")
    click.echo("Reference: the areas both coders gave (areas they disagree on are left out).")


def _print_rows(rows: list[dict]) -> None:
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in rows[0]}
    click.echo("  ".join(k.ljust(w) for k, w in widths.items()).rstrip())
    for row in rows:
        click.echo("  ".join(str(row[k]).ljust(w) for k, w in widths.items()).rstrip())


# --- schools, waves ----------------------------------------------------------------------


@schools_cli.command("add")
@click.argument("code")
@click.argument("name")
def schools_add(code: str, name: str) -> None:
    """Add a school with a short CODE and its NAME."""
    session = db_session()
    if session.scalar(select(School).where(School.code == code)):
        _fail(f"A school with code {code!r} already exists.")
    session.add(School(code=code, name=name, roll={}))
    session.commit()
    click.echo(f"Added school {code}: {name}.")


@schools_cli.command("list")
def schools_list() -> None:
    """List the schools, with pupils on roll where set."""
    for school in db_session().scalars(select(School).order_by(School.code)):
        roll = sum(int(n) for n in (school.roll or {}).values())
        click.echo(f"{school.code:12} {school.name}" + (f"  ({roll} on roll)" if roll else ""))


@schools_cli.command("roll")
@click.argument("code")
@click.argument("counts", nargs=-1, required=True)
def schools_roll(code: str, counts: tuple[str, ...]) -> None:
    """Set pupils on roll by year group, for response rates: CODE 0=30 1=28 ... 6=30
    (0 is Reception). Year groups not given keep what they had; N=0 removes one."""
    session = db_session()
    school = session.scalar(select(School).where(School.code == code))
    if school is None:
        _fail(f"No school with code {code!r}; `schools list` shows them.")
    roll = dict(school.roll or {})
    for item in counts:
        year, _eq, number = item.partition("=")
        if not (year.isdigit() and 0 <= int(year) <= 13 and number.isdigit()):
            _fail(f"{item!r}: expected YEAR=PUPILS with a year group 0 (Reception) to 13 "
                  f"and a whole number of pupils, e.g. 5=58.")
        if int(number):
            roll[str(int(year))] = int(number)
        else:
            roll.pop(str(int(year)), None)
    school.roll = roll
    session.commit()
    described = ", ".join(f"Year {y}: {n}" if y != "0" else f"Reception: {n}"
                          for y, n in sorted(roll.items(), key=lambda kv: int(kv[0])))
    click.echo(f"{school.name} on roll: {described or 'none'}.")


@waves_cli.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--starts", type=click.DateTime(["%Y-%m-%d"]), help="First day, YYYY-MM-DD.")
@click.option("--ends", type=click.DateTime(["%Y-%m-%d"]), help="Last day, YYYY-MM-DD.")
def waves_add(code: str, name: str, starts, ends) -> None:
    """Add a wave with a short CODE and NAME, e.g. 2026-autumn "Autumn 2026"."""
    session = db_session()
    if session.scalar(select(Wave).where(Wave.code == code)):
        _fail(f"A wave with code {code!r} already exists.")
    starts_on = starts.date() if starts else None
    ends_on = ends.date() if ends else None
    if starts_on and ends_on and ends_on < starts_on:
        _fail(f"--ends {ends_on} is before --starts {starts_on}.")
    session.add(Wave(code=code, name=name, starts_on=starts_on, ends_on=ends_on))
    session.commit()
    click.echo(f"Added wave {code}: {name}.")


# --- staff -------------------------------------------------------------------------------


@staff_cli.command("add")
@click.argument("email")
@click.option("--name", "display_name", required=True, help="Name shown on staff pages.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--school", "school_code", help=f"School code; needed for {', '.join(SCHOOL_ROLES)}.")
@click.password_option(help="Asked for when not given.")
def staff_add(email: str, display_name: str, role: str, school_code: str | None,
              password: str) -> None:
    """Create a staff account."""
    session = db_session()
    email = email.strip().lower()
    if session.scalar(select(StaffUser).where(StaffUser.email == email)):
        _fail(f"A staff account for {email} already exists.")
    school = None
    if school_code:
        school = session.scalar(select(School).where(School.code == school_code))
        if school is None:
            _fail(f"No school with code {school_code!r} (see `flask schools list`).")
    if role in SCHOOL_ROLES and school is None:
        _fail(f"The role {role!r} is limited to one school: give --school CODE.")
    if role in NO_SCHOOL_ROLES and school is not None:
        _fail(f"The role {role!r} belongs to no school: leave out --school.")
    from .staff.forms import MIN_PASSWORD_LENGTH

    if len(password) < MIN_PASSWORD_LENGTH:
        _fail(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    session.add(StaffUser(email=email, display_name=display_name, role=role,
                          school_id=school.id if school else None,
                          password_hash=generate_password_hash(password)))
    session.commit()
    click.echo(f"Added {role} {email}" + (f" at {school.code}." if school else "."))


# --- demo --------------------------------------------------------------------------------


@demo_cli.command("seed")
@click.option("--responses", default=600, show_default=True, help="Roughly how many.")
@click.option("--seed", "rng_seed", default=2026, show_default=True, help="Random seed.")
@click.option("--if-empty", is_flag=True, help="Do nothing if there are responses already.")
def demo_seed(responses: int, rng_seed: int, if_empty: bool) -> None:
    """Seven demo schools, two waves, staff logins and realistic responses."""
    from .demo import seed_demo

    result = seed_demo(db_session(), secret=current_app.config["SECRET_KEY"],
                       responses=responses, seed=rng_seed, if_empty=if_empty,
                       today=dt.date.today())
    db_session().commit()
    click.echo(result.describe())


@demo_cli.command("info")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
def demo_info(base_url: str) -> None:
    """Print the addresses to open and the demo staff logins."""
    from .demo import demo_addresses

    click.echo("\n".join(demo_addresses(db_session(), base_url.rstrip("/"))))


# --- retention ------------------------------------------------------------------------------


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Apply as on this date (default: today).")
def retention_run(dry_run: bool, today: dt.datetime | None) -> None:
    """Delete responses, reviewed safeguarding flags and stale drafts past their retention."""
    from .privacy.retention import apply_retention

    config = current_app.config
    session = db_session()
    result = apply_retention(session, today=(today or dt.datetime.now()).date(),
                             response_days=config["RESPONSE_RETENTION_DAYS"],
                             flag_days=config["SAFEGUARDING_RETENTION_DAYS"], dry_run=dry_run)
    session.commit()
    click.echo(result.describe())
    _remove_legacy_drafts(Path(current_app.instance_path) / "drafts", dry_run)


def _remove_legacy_drafts(folder: Path, dry_run: bool) -> None:
    """Earlier versions kept long drafts, unredacted, as files in instance/drafts/; drafts
    now live sealed in the database or Redis, so any such file left behind is deleted."""
    if not folder.is_dir():
        return
    files = [p for p in folder.iterdir() if p.is_file()]
    if not dry_run:
        for path in files:
            path.unlink()
        if not any(folder.iterdir()):
            folder.rmdir()
    click.echo(f"{'Would delete' if dry_run else 'Deleted'} {len(files)} draft file(s) left "
               f"in {folder} by an earlier version.")
