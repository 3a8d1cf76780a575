"""Browser tests: Debian's Chromium driven by Playwright against a live local server.

The server is the real app under werkzeug's ``make_server`` in a thread, on a freshly
migrated SQLite file with the questionnaires loaded. Outside CI these tests skip (saying
why) when Chromium or Playwright is missing; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from westcc_voice import PROJECT_DIR, create_app, migrate
from westcc_voice.collect.catalogues import compile_catalogues
from westcc_voice.db import db_session
from westcc_voice.models import SafeguardingFlag

from .. import helpers

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True,
          "device_scale_factor": 1}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}
SHOTS = Path(os.environ.get("WESTCC_SCREENSHOTS", "/tmp/westcc-screenshots"))


def _missing(reason: str):
    if IN_CI:
        pytest.fail(f"CI runs the browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    if importlib.util.find_spec("playwright") is None:
        _missing("Python Playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        _missing(f"Debian's chromium is not at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's axe.min.js from a registry package, served to the page from disk."""
    spec = importlib.util.find_spec("axe_playwright_python")
    candidates = []
    if spec and spec.submodule_search_locations:
        candidates += [Path(p) / "axe.min.js" for p in spec.submodule_search_locations]
    candidates.append(PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js")
    for path in candidates:
        if path.is_file():
            return path
    _missing("axe-core is not installed (pip install axe-playwright-python, which ships "
             "axe.min.js)")


@dataclass
class Site:
    url: str
    app: object
    join_code: str
    young_code: str
    parent_token: str
    community_token: str
    admin_email: str = ""
    dsl_email: str = ""


def _closing(app):
    """The app as werkzeug's development server should call it: each body read whole and
    its file closed at once. When a test cuts the network, Chromium drops connections
    mid-response, and werkzeug's server can fail on the dropped socket before it closes
    the response, leaving a static file for the garbage collector to warn about in a
    later test (a harness artefact: gunicorn closes it)."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture(scope="session")
def site(tmp_path_factory, instance_dir):
    compile_catalogues()
    folder = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{folder / 'live.sqlite'}"
    migrate.upgrade(url)
    app = create_app({
        "TESTING": True, "SECRET_KEY": "browser-tests", "DATABASE_URL": url,
        "SURVEYS_DIR": str(PROJECT_DIR / "surveys"),
        "LICENSED_DIR": str(instance_dir / "licensed"),
    })
    app.instance_path = str(folder)
    with app.app_context():
        helpers.load_surveys(app)
        db = db_session()
        school = helpers.gen_school(db, name="Westgate Hill Primary")
        wave = helpers.gen_wave(db, starts_on=dt.date(2026, 9, 1))
        middle = helpers.gen_pupil_session(db, "pupils-7-11", school=school, wave=wave,
                                           year_group=5, class_label="5B", hours=12)
        young = helpers.gen_pupil_session(db, "pupils-5-7", school=school, wave=wave,
                                          year_group=1, class_label="1R", hours=12)
        parents = helpers.gen_answer_link(db, "parents", school=school, wave=wave)
        community = helpers.gen_answer_link(db, "community", wave=wave)
        admin = helpers.gen_staff(db, "admin")
        dsl = helpers.gen_staff(db, "dsl", school)
        db.add(SafeguardingFlag(school_id=school.id, class_session_id=middle.id,
                                survey_version_id=middle.survey_version_id,
                                question_id="anything_else", original_text="he hits me",
                                reasons=[{"category": "physical_harm", "phrase": "hits me"}],
                                flagged_on=dt.date(2026, 11, 2)))
        db.commit()
        codes = (middle.join_code, young.join_code, parents.token, community.token,
                 admin.email, dsl.email)
    server = make_server("127.0.0.1", 0, _closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.server_port}", app, *codes)
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    app.extensions["westcc_db"]["engine"].dispose()


@pytest.fixture
def tablet(chromium):
    context = chromium.new_context(**TABLET)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    return SHOTS


def serious_violations(page, axe_script: Path) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each.

    axe is evaluated through the browser's debugging protocol, which the page's
    Content-Security-Policy does not cover (a <script> tag added to the page would be
    refused, as an injected script should be).
    """
    page.evaluate(axe_script.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    assert len(result["passes"]) > 10, "axe-core ran too few checks to mean anything"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                    for n in v["nodes"][:3])
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def sign_in(page, site, email: str) -> None:
    """Sign in on the staff sign-in page as ``email`` (every test login's password)."""
    page.goto(f"{site.url}/staff/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(helpers.PASSWORD)
    press(page, "Sign in", tap=False)


def press(page, name: str, *, tap: bool = True) -> None:
    """Press a button that submits its form, and wait for the next page."""
    button = page.get_by_role("button", name=name, exact=True)
    with page.expect_navigation():
        button.tap() if tap else button.click()


def tap_answer(page, qid: str, word: str) -> None:
    """Tap the answer whose words are exactly ``word`` (emoji faces have words too)."""
    page.locator(f"#q-{qid} label:has(.option-word:text-is('{word}'))").tap()


@pytest.fixture(scope="session")
def older_code(site) -> str:
    """The join code of an open class session on the secondary pupils' questionnaire
    (pupils-11-16, written in English, Arabic and Polish)."""
    with site.app.app_context():
        db = db_session()
        session = helpers.gen_pupil_session(db, "pupils-11-16", year_group=9,
                                            class_label="9A", hours=12)
        db.commit()
        return session.join_code


def start_pupil(page, site, code: str, lang: str = "en") -> None:
    """Open a class session's start page in ``lang`` and tap the start button."""
    page.goto(f"{site.url}/join/{code}?lang={lang}")
    with page.expect_navigation():
        page.locator("form button.primary").first.tap()
