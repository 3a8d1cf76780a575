"""Demo data: seven fictional schools, two waves, staff logins, and believable responses.

Answers are generated from each survey's own definition (so they always fit it), with a
per-school and per-wave "mood" so that comparisons and trends have something to show.
Every response goes through the same intake pipeline as a real one: validated, redacted,
scanned for safeguarding concerns.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from . import demo_text as T
from .definitions import question_types
from .definitions.expressions import PREFER_NOT_TO_SAY, evaluate
from .definitions.store import latest_versions
from .models import ClassSession, Link, Response, School, StaffUser, SurveyVersion, Wave
from .staff.codes import new_link_token

DEMO_PASSWORD = "west-demo-2026"
DEMO_STAFF = [
    ("admin@west.example", "Alex Admin", "admin", None),
    ("steering@west.example", "Sam Steering", "steering", None),
    ("lead@tyneview.example", "Lee Lead", "school_lead", "tyneview"),
    ("teacher@tyneview.example", "Terry Teacher", "teacher", "tyneview"),
    ("dsl@tyneview.example", "Dana DSL", "dsl", "tyneview"),
    ("safeguarding@west.example", "Pat Partnership", "partnership_dsl", None),
]
#: Fictional schools; any likeness to a real school's name is accidental.
DEMO_SCHOOLS = [
    ("tyneview", "Tyneview Primary", "primary", 0.3),
    ("cruddas", "Cruddas Park Primary", "primary", -0.2),
    ("hadrian", "Hadrian Fields Primary", "primary", 0.1),
    ("bentinck", "Bentinck Road Primary", "primary", -0.4),
    ("scotswood", "Scotswood Village Primary", "primary", 0.0),
    ("riverside", "Elswick Riverside Primary", "primary", 0.2),
    ("westend", "West End Academy", "secondary", -0.1),
]
DEMO_WAVES = [
    ("2025-summer", "Summer 2025", dt.date(2025, 6, 2), dt.date(2025, 7, 11), -0.15),
    ("2026-autumn", "Autumn 2026", dt.date(2026, 10, 5), dt.date(2026, 12, 11), 0.0),
]


@dataclass
class SeedResult:
    created: bool
    responses: int = 0
    flags: int = 0
    join_codes: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)

    def describe(self) -> str:
        if not self.created:
            return "Demo data is already there; nothing added."
        return (f"Demo data: {len(DEMO_SCHOOLS)} schools, {len(DEMO_WAVES)} waves, "
                f"{self.responses} responses ({self.flags} safeguarding "
                f"flag{'' if self.flags == 1 else 's'}), "
                f"{len(DEMO_STAFF)} staff logins (password {DEMO_PASSWORD}).")


def seed_demo(session: Session, *, secret: str, responses: int = 600, seed: int = 2026,
              if_empty: bool = False, today: dt.date | None = None) -> SeedResult:
    """Add the demo partnership; with ``if_empty``, do nothing when responses exist.

    ``secret`` is the app's secret key, which the intake pipeline uses for receipts.
    """
    if if_empty and session.scalar(select(func.count(Response.id))):
        return SeedResult(created=False)
    rng = random.Random(seed)
    today = today or dt.date.today()
    schools = _schools(session)
    waves = _waves(session)
    staff = _staff(session, schools)
    surveys = {v.key: v for v in latest_versions(session)}
    if not surveys:
        raise RuntimeError("Load the questionnaires first: flask --app westcc_voice surveys load")
    result = SeedResult(created=True)
    plan = _plan(surveys, schools, waves, responses)
    session.add_all({id(item[5]): item[5] for item in plan if item[5] is not None}.values())
    session.flush()
    from .collect.intake import IntakeEnv, Submission, run

    envs = {key: IntakeEnv(session=session, definition=s.definition, secret=secret)
            for key, s in surveys.items()}
    # The demo's DSL has a flag to read: one pupil at their school, this wave, writes one.
    current_wave = waves[-1][0]
    dsl_item = next((i for i in reversed(range(len(plan)))
                     if plan[i][0].audience == "pupil" and plan[i][2][0] is current_wave
                     and plan[i][1] is not None
                     and plan[i][1].id == staff["dsl"].school_id), None)
    for index, item in enumerate(plan):
        survey, school, wave, year_group, mood, link = item
        answers = generate_answers(survey.definition, rng, mood, flag_rng=rng)
        if index == dsl_item:
            _write_disclosure(survey.definition, answers, T.DISCLOSURES[0])
        lang = rng.choice(survey.definition["languages"]) if rng.random() < 0.2 \
            else survey.definition["languages"][0]
        day = wave[0].starts_on + dt.timedelta(
            days=rng.randrange(max(1, (wave[0].ends_on - wave[0].starts_on).days)))
        submission = Submission(
            submission_id=str(uuid.UUID(int=rng.getrandbits(128))), answers=answers,
            language=lang, survey_version_id=survey.id, wave_id=wave[0].id,
            audience=survey.audience, submitted_on=day,
            school_id=school.id if school else None, year_group=year_group,
            link_id=link.id if link else None)
        outcome = run(submission, envs[survey.key])
        result.responses += 1
        result.flags += len(outcome.flags)
    # Something open to try today: a class session and links for the current wave.
    result.join_codes = _open_sessions(session, surveys, schools, current_wave, staff, today)
    result.links = _open_links(session, surveys, schools, current_wave, staff, today)
    session.flush()
    return result


def _schools(session: Session) -> dict[str, School]:
    out = {}
    for code, name, phase, _mood in DEMO_SCHOOLS:
        school = session.scalar(select(School).where(School.code == code))
        if school is None:
            roll = ({str(y): 55 + (sum(map(ord, code)) + y) % 10 for y in range(0, 7)}
                    if phase == "primary" else {str(y): 150 + y for y in range(7, 12)})
            school = School(code=code, name=name, roll=roll)
            session.add(school)
        out[code] = school
    session.flush()
    return out


def _waves(session: Session) -> list[tuple[Wave, float]]:
    out = []
    for code, name, starts, ends, shift in DEMO_WAVES:
        wave = session.scalar(select(Wave).where(Wave.code == code))
        if wave is None:
            wave = Wave(code=code, name=name, starts_on=starts, ends_on=ends)
            session.add(wave)
        out.append((wave, shift))
    session.flush()
    return out


def _staff(session: Session, schools: dict[str, School]) -> dict[str, StaffUser]:
    out = {}
    for email, name, role, school_code in DEMO_STAFF:
        user = session.scalar(select(StaffUser).where(StaffUser.email == email))
        if user is None:
            user = StaffUser(email=email, display_name=name, role=role,
                             school_id=schools[school_code].id if school_code else None,
                             password_hash=generate_password_hash(DEMO_PASSWORD))
            session.add(user)
        out[role] = user
    session.flush()
    return out


def _plan(surveys, schools, waves, total: int) -> list[tuple]:
    """Who answers what: pupils by year group, parents per school, community overall."""
    phase = {code: p for code, _n, p, _m in DEMO_SCHOOLS}
    school_mood = {code: m for code, _n, _p, m in DEMO_SCHOOLS}
    groups: list[tuple] = []
    for wave, shift in waves:
        for code, school in schools.items():
            mood = school_mood[code] + shift
            pupil_keys = ["pupils-5-7", "pupils-7-11"] if phase[code] == "primary" \
                else ["pupils-11-16"]
            for key in pupil_keys:
                survey = surveys.get(key)
                if survey is None:
                    continue
                for year in survey.definition["year_groups"]:
                    groups.append((survey, school, (wave, shift), year, mood, None, 3.0))
            if "parents" in surveys:
                groups.append((surveys["parents"], school, (wave, shift), None, mood, "link", 4.0))
        if "community" in surveys:
            groups.append((surveys["community"], None, (wave, shift), None, shift, "link", 6.0))
    weight = sum(g[-1] for g in groups) or 1
    plan = []
    for survey, school, wave, year, mood, link, w in groups:
        count = max(4, round(total * w / weight))
        link_row = None
        if link:
            link_row = Link(token=new_link_token(), survey_version_id=survey.id,
                            wave_id=wave[0].id, school_id=school.id if school else None,
                            audience=survey.audience, label=f"Demo {survey.key} link",
                            opens_on=wave[0].starts_on, closes_on=wave[0].ends_on)
        plan += [(survey, school, wave, year, mood, link_row)] * count
    return plan


def _open_sessions(session, surveys, schools, wave, staff, today) -> list[tuple[str, str]]:
    from .staff.sessions import unused_join_code

    out = []
    now = dt.datetime.combine(today, dt.time(9, 0))
    for key, year in (("pupils-7-11", 5), ("pupils-5-7", 1)):
        if key not in surveys:
            continue
        code = unused_join_code(session)
        session.add(ClassSession(
            join_code=code, survey_version_id=surveys[key].id, wave_id=wave.id,
            school_id=schools["tyneview"].id, year_group=year, class_label=f"{year}R (demo)",
            starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=60),
            created_by_id=staff["teacher"].id))
        out.append((key, code))
    return out


def _open_links(session, surveys, schools, wave, staff, today) -> list[tuple[str, str]]:
    out = []
    for key, school in (("parents", schools["tyneview"]), ("community", None)):
        if key not in surveys:
            continue
        token = new_link_token()
        session.add(Link(token=token, survey_version_id=surveys[key].id, wave_id=wave.id,
                         school_id=school.id if school else None, audience=surveys[key].audience,
                         label=f"Demo {key} link", opens_on=today - dt.timedelta(days=7),
                         closes_on=today + dt.timedelta(days=60),
                         created_by_id=staff["admin"].id))
        out.append((key, token))
    return out


# --- answers ------------------------------------------------------------------------------


def _pool(definition: dict, q: dict) -> list[str]:
    audience = definition["audience"]
    if audience == "pupil":
        max_age = definition["age"]["max"]
        pools = T.PUPIL_YOUNG if max_age <= 7 else T.PUPIL_MIDDLE if max_age <= 11 \
            else T.PUPIL_OLDER
    else:
        pools = T.PARENT if audience == "parent" else T.COMMUNITY
    qid = q["id"]
    if "west.aspirations" in q["tags"] or any(w in qid for w in ("future", "job", "older",
                                                                 "grow", "career", "hope")):
        return pools.get("aspiration") or pools["general"]
    if "where" in qid and "safety" in pools:
        return pools["safety"]
    if any(w in qid for w in ("help", "change", "improve", "better", "wish", "need")):
        return pools.get("help") or pools["general"]
    if any(w in qid for w in ("offer", "volunteer", "skill")):
        return pools.get("offer") or pools["general"]
    return pools["general"]


def _ordinal(values: list, rng: random.Random, mood: float) -> Any:
    """Pick from ordered values, leaning up for a good mood: a discretised normal."""
    n = len(values)
    centre = (n - 1) * (0.68 + 0.18 * mood)
    index = round(rng.gauss(centre, n / 4.5))
    return values[min(n - 1, max(0, index))]


def generate_answers(definition: dict, rng: random.Random, mood: float,
                     flag_rng: random.Random | None = None) -> dict[str, Any]:
    """Plausible answers to one survey, skipping a few and honouring show_if."""
    shift, circumstances = _circumstances(definition, rng)
    person = mood + shift + rng.gauss(0, 0.6)
    answers: dict[str, Any] = {}
    for page in definition["pages"]:
        for q in page["questions"]:
            qtype = question_types.get(q["type"])
            if not qtype.answerable:
                continue
            if q.get("show_if_tree") and not evaluate(q["show_if_tree"], answers):
                continue
            if q["id"] in circumstances:
                if circumstances[q["id"]] is not None:
                    answers[q["id"]] = circumstances[q["id"]]
                continue
            if rng.random() < (0.35 if q["kind"] == "text" else 0.04):
                continue
            if q.get("prefer_not_to_say") and rng.random() < 0.03:
                answers[q["id"]] = PREFER_NOT_TO_SAY
                continue
            value = _answer(definition, q, rng, person)
            if value is not None:
                answers[q["id"]] = value
    if definition["audience"] == "pupil" and flag_rng and flag_rng.random() < 0.004:
        _write_disclosure(definition, answers, flag_rng.choice(T.DISCLOSURES))
    return answers


#: Known gaps in the demo, so its equity tables have something to show: the mood shift
#: of a pupil who goes hungry, of a young carer, and of a parent whose household is
#: struggling. Speaking another language at home shifts nothing (no gap to find).
DEMO_GAPS = {"hungry": -0.9, "young_carer": -0.5, "managing_money": -0.8}


def _circumstances(definition: dict, rng: random.Random) -> tuple[float, dict[str, Any]]:
    """Answers to the equity questions a survey asks, drawn first, and how much they
    shift the rest of the person's answers (``DEMO_GAPS``). Nobody skips them here: in
    so small a demo, a handful who did not say would be a small group of its own, and
    protecting it would hide most groups' figures (as it should)."""
    asked = {q["id"] for p in definition["pages"] for q in p["questions"]}
    shift, out = 0.0, {}

    def skip() -> bool:
        return False

    if "hungry" in asked:
        hungry = rng.random() < 0.35
        shift += DEMO_GAPS["hungry"] if hungry else 0.0
        out["hungry"] = None if skip() else (rng.choice([2, 2, 2, 3, 4]) if hungry else 1)
    if "young_carer" in asked:
        carer = rng.random() < 0.3
        shift += DEMO_GAPS["young_carer"] if carer else 0.0
        out["young_carer"] = None if skip() else ("yes" if carer else "no")
    if "home_language" in asked:
        out["home_language"] = None if skip() else rng.choice(
            ["english_only"] * 3 + ["english_and_other"] * 2 + ["other_only"])
    if "managing_money" in asked:
        struggling = rng.random() < 0.4
        shift += DEMO_GAPS["managing_money"] if struggling else 0.0
        out["managing_money"] = None if skip() else (
            rng.choice([1, 2, 3, 3]) if struggling else rng.choice([4, 4, 5]))
    return shift, out


def _write_disclosure(definition: dict, answers: dict[str, Any], text: str) -> None:
    """Put ``text`` in the survey's last free-text question (always shown)."""
    texts = [q for p in definition["pages"] for q in p["questions"]
             if q["kind"] == "text" and not q.get("show_if_tree")]
    if texts:
        answers[texts[-1]["id"]] = text


def _answer(definition: dict, q: dict, rng: random.Random, person: float) -> Any:
    kind = q["kind"]
    values = [o["value"] for o in q.get("options") or []]
    if q["type"] == "scale_0_10":
        values = list(range(11))
    if q["scale"] and q["scale"]["item"] == "anxiety":
        return _ordinal(list(reversed(range(11))), rng, person - 0.4)
    if kind == "ordinal":
        construct = (definition.get("constructs") or {}).get(q.get("construct") or "", {})
        if construct.get("better") == "lower":   # feeling lonely: a good mood says less
            return _ordinal(list(reversed(values)), rng, person)
        return _ordinal(values, rng, person)
    if q["type"] == "yes_no":
        return "yes" if rng.random() < 0.75 + 0.1 * person else "no"
    if kind == "nominal":
        weights = [1.0 / (i + 1) ** 0.6 for i in range(len(values))]
        return rng.choices(values, weights)[0]
    if kind == "multi":
        limit = q.get("max_choices") or len(values)
        k = max(1, min(limit, int(rng.expovariate(0.8)) + 1))
        chosen = set(rng.sample(values, min(k, len(values))))
        alone = {o["value"] for o in q["options"] if o.get("exclusive")}
        if len(chosen) > 1:  # "None of these" stands alone
            chosen -= alone
        return [v for v in values if v in chosen]
    if kind == "grid":
        return {item["id"]: _ordinal(values, rng, person + rng.gauss(0, 0.3))
                for item in q["items"] if rng.random() > 0.03}
    if kind == "numeric":
        lo, hi = q.get("min", 0), q.get("max", 10)
        return int(min(hi, max(lo, round(rng.gauss((lo + hi) / 2 + person, (hi - lo) / 5)))))
    if kind == "text":
        text = rng.choice(_pool(definition, q))
        return text[: q.get("max_length", 200)]
    return None


def demo_addresses(session: Session, base_url: str) -> list[str]:
    """Lines telling a newcomer where to go after `make run`."""
    lines = [f"WEST voice is running at {base_url}/", ""]
    sessions = session.scalars(
        select(ClassSession).where(ClassSession.closed_at.is_(None))
        .order_by(ClassSession.id.desc())
    ).all()
    for cs in sessions[:2]:
        lines.append(f"  Pupils ({cs.survey_version.key}, Year {cs.year_group}): "
                     f"{base_url}/join  code {cs.join_code}")
    links = session.scalars(select(Link).order_by(Link.id.desc())).all()
    shown = set()
    for link in links:
        still_open = link.closes_on is not None and link.closes_on >= dt.date.today()
        if link.survey_version.key in shown or not still_open:
            continue
        shown.add(link.survey_version.key)
        lines.append(f"  {link.audience.capitalize():9}: {base_url}/s/{link.token}")
    lines += ["", f"  Staff: {base_url}/staff/login"]
    for email, _name, role, school in DEMO_STAFF:
        lines.append(f"    {role:15} {email:28} {'(' + school + ')' if school else ''}")
    lines.append(f"    password for every demo login: {DEMO_PASSWORD}")
    return lines


__all__ = ["DEMO_PASSWORD", "SeedResult", "demo_addresses", "generate_answers", "seed_demo",
           "SurveyVersion"]
