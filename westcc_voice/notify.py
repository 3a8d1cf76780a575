"""Email to staff through the SMTP server the settings name (``SMTP_*``).

Used to tell designated safeguarding leads that a flag needs them. What goes in an email
is decided by its caller; this module only delivers it. Every message is sent on its own
connection-wide timeout (``SMTP_TIMEOUT``) so that a dead server costs one wait, and any
failure is raised as :class:`MailError` with the reason in plain words.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, Self

SECURITY_CHOICES = ("starttls", "ssl", "none")


class MailError(RuntimeError):
    """A message could not be handed to the SMTP server; the text says why."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    username: str
    password: str
    security: str
    sender: str
    timeout: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Self:
        return cls(host=config["SMTP_HOST"], port=int(config["SMTP_PORT"]),
                   username=config["SMTP_USERNAME"], password=config["SMTP_PASSWORD"],
                   security=config["SMTP_SECURITY"], sender=config["SMTP_FROM"],
                   timeout=int(config["SMTP_TIMEOUT"]))

    @property
    def configured(self) -> bool:
        return bool(self.host)


class Mailbox:
    """One SMTP connection for a batch of messages: ``with Mailbox(s) as box: box.send(...)``."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        s = self.settings
        if not s.configured:
            raise MailError("no SMTP server is set (WESTCC_SMTP_HOST)")
        try:
            if s.security == "ssl":
                self._smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                              context=ssl.create_default_context())
            else:
                self._smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    self._smtp.starttls(context=ssl.create_default_context())
            if s.username:
                self._smtp.login(s.username, s.password)
        except (OSError, smtplib.SMTPException) as exc:
            self._close()
            raise MailError(f"could not connect to the SMTP server {s.host}:{s.port}: "
                            f"{_describe(exc)}") from exc
        return self

    def send(self, to: str, subject: str, body: str) -> None:
        if self._smtp is None:
            raise MailError("the SMTP connection is closed")
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=self.settings.sender.rpartition("@")[2]
                                           .strip("> ") or None)
        message.set_content(body)
        try:
            self._smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"the SMTP server refused the message to {to}: "
                            f"{_describe(exc)}") from exc

    def __exit__(self, *_exc) -> None:
        self._close()

    def _close(self) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (OSError, smtplib.SMTPException):
            self._smtp.close()
        self._smtp = None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(
            exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {detail}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "recipient refused"
    return str(exc) or type(exc).__name__
