"""Results in the browser and their exports: the briefing's figures, its suppression, and
who may see which school."""

from __future__ import annotations

import csv
import io
import re
import shutil
from html import unescape

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from westcc_voice import PROJECT_DIR
from westcc_voice.analysis.stats import wilson_interval
from westcc_voice.models import AuditEvent
from westcc_voice.privacy.suppression import format_percent
from westcc_voice.staff.exports import neutralise

from .. import helpers

#: A name a spreadsheet would run as a formula if it were written as it is.
HOSTILE = "=HYPERLINK(\"http://evil.example\",\"click\")"


pytestmark = pytest.mark.usefixtures("fresh_briefing_jobs")


@pytest.fixture(autouse=True)
def nothing_kept():
    """Each test's database is new: forget the pages made from the one before."""
    from westcc_voice.staff import results

    results._KEPT.clear()
    results._CHARTS.clear()


@pytest.fixture
def answered(db, world):
    """30 pupils at Canny Primary, 25 at Third Primary and 4 at Other Academy (a group too
    small to show, so one more is hidden to protect it)."""
    pupils = helpers.survey(db, "pupils-7-11")
    third = helpers.gen_school(db, name="Third Primary")
    for school, count in ((world.school, 30), (third, 25), (world.other_school, 4)):
        for i in range(count):
            db.add(helpers.gen_response(
                db, survey_version_id=pupils.id, wave_id=world.wave.id, school_id=school.id,
                year_group=5, answers={"school_feel": 1 + i % 3, "belong": 1 + i % 5,
                                       "anything_else": HOSTILE if i == 0 else "more clubs"}))
    db.flush()
    return pupils


def page(client, url):
    """The results page: it comes back at once, each chart an image at its own address."""
    response = client.get(url)
    assert b"http-equiv=\"refresh\"" not in response.data
    return response


def chart_addresses(html: str) -> list[str]:
    return [unescape(src) for src in re.findall(r'<img src="(/staff/results/chart/[^"]+)"', html)]


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


def test_steering_sees_the_partnership_with_charts_n_and_small_groups_hidden(
        client, actions, world, answered):
    actions.login(world.steering)
    response = page(client, f"/staff/results/?wave={world.wave.code}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    charts = chart_addresses(html)
    assert len(charts) >= 2
    drawn = client.get(charts[0])
    assert drawn.status_code == 200 and drawn.mimetype == "image/svg+xml"
    assert drawn.data.startswith(b"<svg") and b"</text>" in drawn.data
    # Other Academy's 4 pupils are left out of the partnership's figures, and it says so
    assert "Base: All WEST schools: n = 55" in html
    assert "leave out one group with fewer than 10 responses (Other Academy)" in html
    assert "Canny Primary" in html and "Other Academy" in html
    # Other Academy's 4 pupils: its column says so and shows no count
    assert "fewer than 10" in html
    assert "Who took part" in html and "Change since the last wave" in html
    assert "Reducing inequality: how groups compare" in html  # the equity section
    assert f'href="/staff/briefings/{world.wave.code}/partnership/"' in html


def test_a_school_lead_sees_their_school_and_the_partnership_only(
        client, actions, world, answered):
    actions.login(world.lead)
    response = page(client, f"/staff/results/?wave={world.wave.code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Results: Canny Primary" in html
    assert "Other Academy" not in html
    assert "All WEST schools" in html  # the partnership figures the briefing shows
    other = world.other_school.code
    wave = world.wave.code
    assert client.get(f"/staff/results/?wave={wave}&school={other}").status_code == 403
    assert client.get(f"/staff/results/?wave={wave}&school=partnership").status_code == 403
    assert client.get(f"/staff/results/export.csv?wave={wave}&school={other}").status_code == 403


def test_a_teacher_sees_their_school_without_a_briefing_link(client, actions, world, answered):
    actions.login(world.teacher)
    html = page(client, f"/staff/results/?wave={world.wave.code}").get_data(as_text=True)
    assert "Results: Canny Primary" in html and "Other Academy" not in html
    assert "/staff/briefings/" not in html


def test_filters_narrow_the_page_and_refuse_unknown_values(client, actions, world, answered):
    # narrowed to "belong", whose chart is drawn ("How do you feel about school?" has no
    # figure that can be shown with these answers: see the next test)
    actions.login(world.steering)
    everything = page(client, f"/staff/results/?wave={world.wave.code}").get_data(as_text=True)
    narrowed = page(client, f"/staff/results/?wave={world.wave.code}&construct=belong_at_school")
    html = narrowed.get_data(as_text=True)
    assert html.count("<img") < everything.count("<img")
    assert "I feel I belong at my school." in html
    assert "How do you feel about school?" not in html
    parents = page(client, f"/staff/results/?wave={world.wave.code}&audience=parent")
    assert "I feel I belong at my school." not in parents.get_data(as_text=True)
    bad = client.get(f"/staff/results/?wave={world.wave.code}&construct=nonsense")
    assert bad.status_code == 400 and b"Nothing in these results measures" in bad.data
    assert client.get("/staff/results/?wave=no-such-wave").status_code == 400
    assert client.get("/staff/results/?audience=aliens").status_code == 400


def test_a_question_with_nothing_to_show_is_listed_as_not_shown_not_left_off(
        client, actions, world, answered):
    """With Other Academy left out, Third Primary's 25 answers to "How do you feel about
    school?" fall 9, 8 and 8 on three faces (and nobody on the other two): every figure
    of it would give a small group away, so it has no chart. Narrowed to it, the page
    says it is not shown and why, rather than showing nothing."""
    actions.login(world.steering)
    wave = world.wave.code
    for url in (f"/staff/results/?wave={wave}",
                f"/staff/results/?wave={wave}&construct=happy_at_school"):
        html = page(client, url).get_data(as_text=True)
        listed = html.split("Not shown, and why", 1)[-1]
        assert "Not shown, and why" in html and "How do you feel about school?" in listed
        assert "How do you feel about school?</h3>" not in html  # no chart of its own


def test_the_csv_hides_exactly_what_the_page_hides(client, actions, world, answered):
    actions.login(world.steering)
    html = page(client, f"/staff/results/?wave={world.wave.code}").get_data(as_text=True)
    data = client.get(f"/staff/results/export.csv?wave={world.wave.code}")
    assert data.status_code == 200 and "attachment" in data.headers["Content-Disposition"]
    rows = rows_of(data.data)
    header = rows[1]
    answers = [dict(zip(header, r, strict=False)) for r in rows[2:] if len(r) == len(header)]
    # Other Academy's 4 pupils are left out of the partnership's figures, on the page
    # and in the file: no row of figures is theirs, and the file's notes say so as the
    # page does
    assert answers and not [r for r in answers if "Other Academy" in r["group"]]
    assert "Base: All WEST schools: n = 55" in html
    assert {r["n"] for r in answers if r["group"] == "All WEST schools"
            and r["question id"] == "belong"} == {"55"}
    note = ("the partnership's figures leave out one group with fewer than 10 responses "
            "(Other Academy), so that no total gives them away.")
    assert note in unescape(html)
    notes = rows[rows.index(["Notes"]) + 2:]
    assert any(r and r[0].endswith(note) for r in notes)
    # each school's n in the file is the n the page prints for it, shown or hidden
    shown = 0
    for name in ("Canny Primary", "Third Primary"):
        (n,) = {r["n"] for r in answers if r["group"] == name and r["question id"] == "belong"}
        if n.isdigit():
            shown += 1
            assert f"{name}<br><span class=\"muted\">n = {n}</span>" in html
        else:
            assert f"{name} ({n})" in html
    assert shown >= 1


def test_the_spreadsheet_has_the_tables_and_a_data_dictionary(client, actions, db, world,
                                                              answered):
    actions.login(world.steering)
    data = client.get(f"/staff/results/export.xlsx?wave={world.wave.code}")
    assert data.status_code == 200
    book = load_workbook(io.BytesIO(data.data))
    assert book.sheetnames == ["About", "Answers", "Averages", "Change", "Data dictionary"]
    sheet = book["Data dictionary"]
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["questionnaire", "version", "version hash", "question id",
                          "construct", "type", "wording", "answer codes"]
    rows = {r[3]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    feel = rows["school_feel"]
    assert feel[0] == "pupils-7-11" and feel[2] == answered.content_hash
    assert feel[4].startswith("happy_at_school") and feel[6] == "How do you feel about school?"
    assert "1 = " in feel[7]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "results.export"))
    assert event.actor_id == world.steering.id and event.detail["format"] == "xlsx"


def test_every_formula_start_is_neutralised():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(f"{start}1+2") == f"'{start}1+2"
    assert neutralise("more clubs") == "more clubs"
    assert neutralise(-3.5) == -3.5 and neutralise(12) == 12
    assert neutralise("bell\x07") == "bell"


def test_row_level_export_is_for_admins_anonymised_audited_and_formula_safe(
        client, actions, db, world, answered):
    actions.login(world.steering)
    assert client.get(f"/staff/results/responses.csv?wave={world.wave.code}").status_code == 403
    actions.logout()
    actions.login(world.admin)
    html = page(client, f"/staff/results/?wave={world.wave.code}").get_data(as_text=True)
    assert "Every response, anonymised" in html
    data = client.get(f"/staff/results/responses.csv?wave={world.wave.code}")
    assert data.status_code == 200
    rows = rows_of(data.data)
    header, body = rows[0], rows[1:]
    assert len(body) == 59
    assert "year group band" in header and "submitted_on" not in header
    assert not any("2026-11-02" in cell for row in body for cell in row)
    assert not any(cell.startswith("=") for row in body for cell in row)
    text = [row[header.index("anything_else")] for row in body]
    assert "'" + HOSTILE in text
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "results.export_rows"))
    assert event.actor_id == world.admin.id and event.detail["rows"] == 59


def test_a_school_name_cannot_become_a_formula_in_the_spreadsheet(client, actions, db, world,
                                                                  answered):
    world.school.name = HOSTILE
    db.flush()
    actions.login(world.steering)
    data = client.get(f"/staff/results/export.xlsx?wave={world.wave.code}")
    book = load_workbook(io.BytesIO(data.data))
    groups = {c.value for c in book["Answers"]["F"]}
    assert "'" + HOSTILE in groups and HOSTILE not in groups
    assert all(c.data_type != "f" for row in book["Answers"].iter_rows() for c in row)


def test_a_filtered_export_holds_only_rows_the_whole_export_holds(client, actions, world,
                                                                   answered):
    """Filtering removes parts; it never recomputes a figure, so it can reveal nothing."""
    actions.login(world.steering)
    wave = world.wave.code
    whole = {tuple(r) for r in rows_of(client.get(f"/staff/results/export.csv?wave={wave}").data)}
    narrow = rows_of(client.get(
        f"/staff/results/export.csv?wave={wave}&audience=pupil&construct=happy_at_school").data)
    figures = [r for r in narrow if len(r) > 3 and r[0] == "pupils-7-11"]
    assert figures and all(r[2] == "school_feel" for r in figures)
    assert {tuple(r) for r in figures} <= whole


def test_another_instance_draws_a_chart_of_a_page_it_never_made(
        app, client, actions, world, answered, tmp_path):
    """Behind a proxy the chart's address may reach a process that never made the page
    (or one restarted since): it makes the page's parts from the address's filters, and
    keeps the drawing on disk, named by what the chart shows."""
    from westcc_voice.staff import results

    actions.login(world.steering)
    html = page(client, f"/staff/results/?wave={world.wave.code}").get_data(as_text=True)
    address = chart_addresses(html)[0]
    results._KEPT.clear()
    results._CHARTS.clear()
    app.instance_path = str(tmp_path)  # nothing drawn on this instance's disk either
    drawn = client.get(address)
    assert drawn.status_code == 200 and b"<svg" in drawn.data
    key = address.split("/chart/", 1)[1].split(".svg", 1)[0]
    kept = tmp_path / results.CHART_DIR / world.wave.code / "partnership" / f"{key}.svg"
    assert kept.read_bytes() == drawn.data
    # the next page names it with its size, so the page does not move as it arrives
    html = page(client, f"/staff/results/?wave={world.wave.code}").get_data(as_text=True)
    assert re.search(rf'{re.escape(key)}[^>]* width="\d+" height="\d+"', html)


def test_a_new_response_makes_new_charts_and_a_school_lead_cannot_read_another_scope(
        client, actions, db, world, answered):
    actions.login(world.steering)
    url = f"/staff/results/?wave={world.wave.code}"
    before = set(chart_addresses(page(client, url).get_data(as_text=True)))
    for i in range(12):
        db.add(helpers.gen_response(
            db, survey_version_id=answered.id, wave_id=world.wave.id,
            school_id=world.school.id, year_group=5,
            answers={"school_feel": 1 + i % 5, "belong": 1 + i % 5}))
    db.flush()
    html = page(client, url).get_data(as_text=True)
    after = set(chart_addresses(html))
    assert "Base: All WEST schools: n = 67" in html
    assert after - before, "the charts of the new figures have new addresses"
    actions.logout()
    actions.login(world.lead)
    assert client.get(sorted(after)[0]).status_code == 403
    assert client.get("/staff/results/chart/not-a-chart.svg").status_code == 404


def test_sections_start_closed_with_what_they_hold_and_open_on_request(
        client, actions, world, answered):
    actions.login(world.steering)
    html = page(client, f"/staff/results/?wave={world.wave.code}").get_data(as_text=True)
    closed = html.count('<details class="results-details">')
    assert closed >= 3 and html.count('<details class="results-details" open>') == 1
    assert re.search(r"<summary>.*?\d+ charts?, n up to \d+", html)
    assert "Open every section" in html
    every = page(client, f"/staff/results/?wave={world.wave.code}&open=all")
    assert '<details class="results-details">' not in every.get_data(as_text=True)


#: Who each parent put first, at Canny Primary: buses 14, parks 11, libraries 3 (too few
#: to show), youth clubs nobody.
FIRST_CHOICES = ([["buses", "parks"]] * 14 + [["parks", "buses", "libraries"]] * 11
                 + [["libraries", "buses"]] * 3)


@pytest.fixture
def ranked(db, world, tmp_path):
    """28 parents at Canny Primary answered a ranking."""
    surveys = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    shutil.copy(PROJECT_DIR / "tests" / "data" / "questionnaires" / "parents-new-types.yaml",
                surveys)
    link, _definition = helpers.gen_link_to_file(db, surveys, "parents-new-types")
    for order in FIRST_CHOICES:
        db.add(helpers.gen_response(db, survey_version_id=link.survey_version_id,
                                    wave_id=world.wave.id, school_id=world.school.id,
                                    audience="parent", year_group=None,
                                    answers={"priorities": order}))
    db.flush()


def _with_interval(count: int, n: int) -> str:
    low, high = wilson_interval(count, n)
    return (f"{format_percent(100 * count / n)} ({format_percent(100 * low)} to "
            f"{format_percent(100 * high)})")


def _ranking_rows(html: str) -> dict[str, list[str]]:
    block = html[html.index('class="block block-ranking"'):]
    block = block[:block.index("</article>")]
    return {unescape(label): [unescape(c) for c in re.findall(r"<td>(.*?)</td>", cells)]
            for label, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', block)}


def test_the_share_putting_each_option_first_shows_its_interval_unless_too_few(
        client, actions, world, ranked):
    n = len(FIRST_CHOICES)
    buses, parks = _with_interval(14, n), _with_interval(11, n)
    actions.login(world.steering)
    html = page(client, f"/staff/results/?wave={world.wave.code}&open=all").get_data(
        as_text=True)
    # the partnership, then each school (here one: the same figures)
    assert _ranking_rows(html) == {"Safer parks": [parks] * 2,
                                   "Youth clubs": ["fewer than 10"] * 2,
                                   "Cheaper buses": [buses] * 2,
                                   "Longer library hours": ["fewer than 10"] * 2}
    # the chart beside the table draws the same intervals, and nothing of the small ones
    [chart] = re.findall(r'block-ranking".*?<img src="(/staff/results/chart/[^"]+)"', html, re.S)
    svg = client.get(unescape(chart)).get_data(as_text=True)
    assert f"{buses} · n = {n}" in unescape(svg)
    assert "share 50%" in html and "Longer library hours: fewer than 10, not drawn" in html
    # a school lead sees their school beside the partnership, each with its interval
    actions.logout()
    actions.login(world.lead)
    html = page(client, f"/staff/results/?wave={world.wave.code}&open=all").get_data(
        as_text=True)
    assert _ranking_rows(html)["Cheaper buses"] == [buses, buses]
