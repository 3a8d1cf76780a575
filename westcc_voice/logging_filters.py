"""Keep tokens, join codes, answers and addresses out of every log line.

A parent link's token or a class's join code in a URL is a key to a survey, and an
IP address is an identifier the anonymity model forbids. Access logs (werkzeug's
development server, gunicorn) and Flask's "Exception on <path>" lines all carry the
request path, so one filter rewrites every record before any handler sees it:

- ``/s/<token>`` becomes ``/s/…``, ``/join/<code>`` becomes ``/join/…``;
- query strings are dropped (``?lang=ar&letter_code=...``);
- IPv4 and IPv6 addresses become ``-``;
- SQL parameters in database errors (which would hold answers) are hidden, and so is
  the message of every exception in a traceback (a parsing error can quote an answer):
  the type, files and lines stay, which is what is needed to find the fault;
- access-log lines for respondents' pages (everything outside /staff/ and /static/) are
  dropped unless the answer was a server error: response ids are sequential, so a line
  giving the time of "POST /s/…" to the second, which any log collector adds, would tell
  which response was sent when.

Request bodies are never logged by this service. For gunicorn, use
``GUNICORN_ACCESS_LOG_FORMAT`` (no remote address, no query string, no referrer or
user agent, no time and no duration) and the filter as a second line of defence.
"""

from __future__ import annotations

import logging
import re

#: Loggers whose records may carry a request path.
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "westcc_voice", "flask.app")

#: Loggers that write one line per request.
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access")

#: gunicorn ``access_log_format`` without %(h)s, %(q)s, %(f)s, %(a)s, %(t)s or timings.
GUNICORN_ACCESS_LOG_FORMAT = '"%(m)s %(U)s" %(s)s %(b)s'

#: Paths whose access lines are kept (staff pages, static files, the health check).
_KEPT_PATHS = ("/staff/", "/static/", "/healthz")
_ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
_REQUEST_LINE = re.compile(r'"[A-Z]+ (/[^\s"]*)[^"]*" (\d{3})')

_SECRET_PATHS = re.compile(r"(/(?:s|join)/)[^\s/?\"']+")
_QUERY = re.compile(r"\?[^\s\"']*")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_HEX = r"[0-9a-fA-F]{1,4}"
#: Full eight-group addresses, and compressed ones (with "::"); not times like 19:36:01.
_IPV6 = re.compile(
    rf"(?<![\w:])(?:(?:{_HEX}:){{7}}{_HEX}|(?:{_HEX}(?::{_HEX})*)?::(?:{_HEX}(?::{_HEX})*)?)"
    r"(?![\w:])"
)
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL)


def scrub(text: str) -> str:
    """The same text with tokens, codes, query strings, addresses and SQL values removed."""
    text = _SECRET_PATHS.sub(r"\1…", text)
    text = _QUERY.sub("", text)
    text = _SQL_PARAMETERS.sub("[parameters hidden]", text)
    text = _IPV6.sub("-", text)
    return _IPV4.sub("-", text)


def is_respondent_access_line(message: str) -> bool:
    """Whether an access-log line is a respondent's request answered without server error."""
    match = _REQUEST_LINE.search(_ANSI_COLOUR.sub("", message))
    if not match:
        return False
    path, status = match.group(1), int(match.group(2))
    return status < 500 and not path.startswith(_KEPT_PATHS)


_CHAIN_LINES = ("Traceback (most recent call last):",
                "The above exception was the direct cause of the following exception:",
                "During handling of the above exception, another exception occurred:")


def hide_exception_messages(traceback_text: str) -> str:
    """A formatted traceback with each exception's message replaced by a note.

    Frame lines are indented; the unindented lines after them are the exception's type
    and message (over several lines for some database errors): the type is kept.
    """
    out: list[str] = []
    in_message = False
    for line in traceback_text.split("\n"):
        if not line or line.startswith((" ", "\t")) or line in _CHAIN_LINES:
            in_message = False
            out.append(line)
        elif not in_message:
            in_message = True
            kind = line.split(": ", 1)[0] if ": " in line else line
            out.append(f"{kind}: [message hidden]" if ": " in line else kind)
    return "\n".join(out)


class ScrubFilter(logging.Filter):
    """Drops respondents' access lines; rewrites the rest (and tracebacks) with ``scrub``."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed format string: keep the template only
            message = str(record.msg)
        if record.name in ACCESS_LOGGERS and is_respondent_access_line(message):
            return False
        # The development server's own banner (" * Running on http://127.0.0.1:5000") is
        # no one's identity and tells the person who started it where to go.
        record.msg = _scrub_keeping_banner(message) if record.name == "werkzeug" \
            else scrub(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(hide_exception_messages(record.exc_text))
        return True


def _scrub_keeping_banner(message: str) -> str:
    """Scrub every line except the development server's " * ..." start-up lines."""
    return "\n".join(
        line if line.lstrip("\x1b[0-9;m").startswith(" * ") else scrub(line)
        for line in message.split("\n")
    )


_FILTER = ScrubFilter()


def install(extra_loggers: tuple[str, ...] = ()) -> None:
    """Attach the filter to every logger that can carry a request path (idempotent)."""
    for name in (*LOGGERS, *extra_loggers):
        logger = logging.getLogger(name)
        if not any(isinstance(f, ScrubFilter) for f in logger.filters):
            logger.addFilter(_FILTER)
