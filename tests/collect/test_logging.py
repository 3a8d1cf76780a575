"""No log line carries a link token, a join code, an answer or an address."""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.request

import pytest
from werkzeug.serving import make_server

from westcc_voice import create_app, migrate
from westcc_voice.logging_filters import GUNICORN_ACCESS_LOG_FORMAT, ScrubFilter, scrub


def test_scrub_hides_tokens_codes_queries_addresses_and_sql_values():
    line = ('127.0.0.1 - - [05/Oct/2026 09:31:02] "GET /s/Zq3-xY_9?lang=ar&letter_code=CDF4H7KM '
            'HTTP/1.1" 200 - and "POST /join/CDF4H7 HTTP/1.1" from 2001:db8::7\n'
            "[parameters: ('{\"anything_else\": \"my uncle hits me\"}',)]")
    out = scrub(line)
    for secret in ("Zq3-xY_9", "CDF4H7", "lang=ar", "127.0.0.1", "2001:db8::7", "uncle"):
        assert secret not in out
    assert "/s/…" in out and "/join/…" in out and "09:31:02" in out


def test_gunicorn_access_format_leaves_out_address_query_referrer_agent_and_timing():
    for atom in ("%(h)s", "%(q)s", "%(f)s", "%(a)s", "%(r)s", "%(t)s", "%(T)s", "%(D)s",
                 "%(M)s", "%(L)s"):
        assert atom not in GUNICORN_ACCESS_LOG_FORMAT


@pytest.fixture
def live_app(tmp_path, instance_dir):
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    migrate.upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "log-test", "DATABASE_URL": url,
                      "WTF_CSRF_ENABLED": False,
                      "LICENSED_DIR": str(instance_dir / "licensed")})
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    app.extensions["westcc_db"]["engine"].dispose()


def _get(url: str) -> None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        exc.close()


def test_access_log_lines_of_the_real_server_carry_no_token_code_or_address(live_app, caplog):
    """Respondents' requests leave no line (its time would date a response); staff's do."""
    caplog.set_level(logging.INFO, logger="werkzeug")
    _get(f"{live_app}/s/SECRETtoken123?lang=ar")
    _get(f"{live_app}/join/CDF4H7")
    _get(f"{live_app}/withdraw?receipt=AAAA-BBBB-CCCC")
    _get(f"{live_app}/staff/login?next=/staff/sessions/")
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    joined = "\n".join(lines)
    for secret in ("SECRETtoken123", "CDF4H7", "AAAA-BBBB", "127.0.0.1", "lang=ar", "next="):
        assert secret not in joined
    assert "/s/" not in joined and "/join" not in joined and "/withdraw" not in joined
    assert '"GET /staff/login HTTP/1.1" 200' in joined


def test_a_traceback_keeps_its_frames_and_types_but_no_message(caplog):
    from westcc_voice import logging_filters

    logging_filters.install()
    logger = logging.getLogger("westcc_voice")
    caplog.set_level(logging.ERROR, logger="westcc_voice")
    answer, detail = "my uncle hits me", "DETAIL: (my uncle hits me) already exists"
    try:
        try:
            int(answer)
        except ValueError as exc:
            raise RuntimeError("duplicate key\n" + detail) from exc
    except RuntimeError:
        logger.exception("Exception on /s/tok123/x [POST]")
    text = caplog.records[-1].exc_text
    assert "uncle" not in text and "DETAIL" not in text
    assert "ValueError: [message hidden]" in text and "RuntimeError: [message hidden]" in text
    assert "test_logging.py" in text and "int(answer)" in text


def test_an_error_log_line_is_scrubbed_too(caplog):
    logger = logging.getLogger("westcc_voice")
    caplog.set_level(logging.ERROR, logger="westcc_voice")
    assert any(isinstance(f, ScrubFilter) for f in logger.filters) or logger.addFilter(
        ScrubFilter()) is None
    try:
        raise ValueError("[parameters: ('my answer',)]")
    except ValueError:
        logger.exception("Exception on /s/tok123/x [POST] from 10.1.2.3")
    record = caplog.records[-1]
    assert "tok123" not in record.getMessage() and "10.1.2.3" not in record.getMessage()
    assert "my answer" not in (record.exc_text or "")


def test_the_development_servers_banner_still_says_where_to_go():
    import logging

    from westcc_voice.logging_filters import ScrubFilter

    banner = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               " * Running on http://127.0.0.1:5000", (), None)
    access = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               '127.0.0.1 - - "GET /join/CDF4H7 HTTP/1.1" 200 -', (), None)
    staff = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                              '127.0.0.1 - - "GET /staff/ HTTP/1.1" 200 -', (), None)
    assert ScrubFilter().filter(banner) and ScrubFilter().filter(staff)
    assert banner.getMessage() == " * Running on http://127.0.0.1:5000"
    assert ScrubFilter().filter(access) is False
    assert staff.getMessage() == '- - - "GET /staff/ HTTP/1.1" 200 -'
