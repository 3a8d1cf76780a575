"""Sign-in and responses that hold: own-path redirects, cookies, headers, idle sign-out,
printed addresses from PUBLIC_URL, production settings, and staff forms past their token."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from westcc_voice import PROJECT_DIR, create_app, security
from westcc_voice.config import ConfigError

from .. import helpers
from ..collect.test_csrf import expired_token

GOOD_KEY = "k" * 32
PUBLIC = "https://voice.west.example"


def _app(**config):
    return create_app({"SECRET_KEY": GOOD_KEY, "DATABASE_URL": "sqlite://",
                       "PUBLIC_URL": PUBLIC, **config})


@pytest.mark.parametrize("env", ["production", "Production", "PROD", " live "])
def test_every_spelling_of_production_refuses_the_public_default_key(env):
    with pytest.raises(ConfigError, match="SECRET_KEY must be a random value of at least 32"):
        _app(ENV=env, SECRET_KEY="dev-only-not-secret")


def test_production_refuses_a_short_key_and_a_missing_public_address():
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        _app(ENV="production", SECRET_KEY="k" * 31)
    with pytest.raises(ConfigError, match="PUBLIC_URL must be the address"):
        _app(ENV="production", PUBLIC_URL="")
    assert _app(ENV="production").config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("env", ["development", "Dev", "TEST"])
def test_development_names_start_with_the_default_key(env):
    app = _app(ENV=env, SECRET_KEY="dev-only-not-secret", PUBLIC_URL="")
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_production_cookies_are_secure_httponly_lax_and_not_kept_for_a_month():
    app = _app(ENV="production")
    page = app.test_client().get("/staff/login")
    cookie = page.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.permanent_session_lifetime.total_seconds() == 12 * 3600


@pytest.mark.parametrize("target", [
    "/%09/evil.example", "/\t/evil.example", "//evil.example", "/\\evil.example",
    "https://evil.example/staff/", "javascript:alert(1)", "/no/such/page", " /staff/",
])
def test_sign_in_never_sends_anyone_off_the_service(client, world, target):
    response = client.post("/staff/login", query_string={"next": target},
                           data={"email": world.teacher.email, "password": helpers.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"


def test_sign_in_returns_to_the_staff_page_asked_for(client, world):
    response = client.post("/staff/login?next=/staff/sessions/new",
                           data={"email": world.teacher.email, "password": helpers.PASSWORD})
    assert response.headers["Location"] == "/staff/sessions/new"


@pytest.mark.parametrize("path", ["/", "/staff/login", "/join"])
def test_every_page_carries_the_security_headers(client, db, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "http" not in csp  # no third-party origin
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_no_template_carries_inline_script_or_style():
    """The policy refuses them, so a page that had one would silently lose it."""
    offenders = []
    for path in sorted((PROJECT_DIR / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\son[a-z]+=\"",
                        r"<[a-z][^>{]*\sstyle=\"", r"javascript:"):
            if re.search(pattern, text):
                offenders.append(f"{Path(path).relative_to(PROJECT_DIR)}: {pattern}")
    assert offenders == []


def test_a_sign_in_ends_after_three_idle_hours(client, actions, world, monkeypatch):
    actions.login(world.teacher)
    assert client.get("/staff/").status_code == 200
    start = time.time()
    monkeypatch.setattr(security.time, "time", lambda: start + 179 * 60)
    assert client.get("/staff/").status_code == 200  # in use: the clock starts again
    monkeypatch.setattr(security.time, "time", lambda: start + (179 + 181) * 60)
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "not used for 3 hours" in page


def test_printed_addresses_come_from_public_url_not_the_host_header(
        app, client, actions, db, world, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    forged = {"Host": "evil.example"}
    client.post("/staff/login", headers=forged,
                data={"email": world.teacher.email, "password": helpers.PASSWORD})
    page = client.get(f"/staff/sessions/{cs.id}/show", headers=forged).get_data(as_text=True)
    assert "voice.west.example/join" in page
    assert "evil.example" not in page.replace("voice.west.example", "")


def test_the_withdrawal_address_shown_to_a_pupil_comes_from_public_url(app, client, db,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    page = app.jinja_env.from_string(
        "{{ public_url(url_for('collect.withdraw')) }}")
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        assert page.render() == f"{PUBLIC}/withdraw"


def _staff_signed_in(csrf_app, actions, user):
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    actions.login(user)
    csrf_app.config["WTF_CSRF_ENABLED"] = True


def test_a_session_form_past_its_token_comes_back_with_what_was_typed(
        csrf_app, client, actions, db, world):
    _staff_signed_in(csrf_app, actions, world.teacher)
    client.get("/staff/sessions/new")
    response = client.post("/staff/sessions/new", data={
        "csrf_token": expired_token(client, csrf_app), "survey_id": world.pupils.id,
        "school_id": world.school.id, "wave_id": world.wave.id, "year_group": 5,
        "class_label": "Class 5 Hawthorn", "duration": 60})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bad Request" not in page
    assert "open for more than 60 minutes" in page
    assert 'value="Class 5 Hawthorn"' in page
    fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert fresh


def test_a_triage_note_past_its_token_is_shown_and_can_be_sent_again(
        csrf_app, client, actions, db, world):
    from .conftest import gen_flag

    flag = gen_flag(db, world.school, "words at canny primary")
    _staff_signed_in(csrf_app, actions, world.dsl)
    client.get(f"/staff/safeguarding/{flag.id}")
    note = "Spoke to class teacher, will check in tomorrow"
    response = client.post(f"/staff/safeguarding/{flag.id}/notes",
                           data={"csrf_token": expired_token(client, csrf_app), "note": note})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and note in page and "Send again" in page
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    again = client.post(f"/staff/safeguarding/{flag.id}/notes",
                        data={"csrf_token": fresh, "note": note})
    assert again.status_code == 302
    assert note in client.get(f"/staff/safeguarding/{flag.id}").get_data(as_text=True)
