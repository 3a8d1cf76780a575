"""Extensions created once and wired with init_app."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.login_message = "Please sign in to see staff pages."


def init_extensions(app: Flask) -> None:
    from . import attempts
    from .collect.language import select_locale

    csrf.init_app(app)
    attempts.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)

    @login_manager.user_loader
    def _load_user(user_id: str):
        from .db import db_session
        from .models import StaffUser
        ident, _, version = user_id.partition(":")
        if not (ident.isdigit() and version.isdigit()):
            return None  # a cookie from before session versions: sign in again
        user = db_session().get(StaffUser, int(ident))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user
