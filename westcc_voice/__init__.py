"""westcc-voice: pupil, parent and community surveys for a Children's Community."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from . import config as settings

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults < instance/config.py < WESTCC_* environment < test_config."""
    instance_path = os.environ.get("WESTCC_INSTANCE_PATH") or str(PROJECT_DIR / "instance")
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(PROJECT_DIR / "templates"),
    )
    app.config.from_mapping(settings.DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_mapping(settings.from_environment())
    else:
        app.config.from_mapping(test_config)
    _derive_paths(app)
    settings.check(app.config)

    from . import cli, db, security
    from .extensions import init_extensions
    from .web import bp as web_bp

    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    db.init_app(app)
    init_extensions(app)
    security.init_app(app)
    app.register_blueprint(web_bp)
    _register_optional_blueprints(app)
    cli.init_app(app)
    if not app.testing and _serving_from_cli():
        warm_up_text_pipeline(app)
    return app


def warm_up_text_pipeline(app: Flask) -> None:
    """Load redaction, safeguarding and language data before the first submission.

    Called by ``wsgi.py`` and for ``flask run``; other CLI commands stay quick."""
    from .collect.warm_up import warm_up

    timings = warm_up()
    app.logger.info("Text pipeline loaded: %s", ", ".join(f"{k} {v} s" for k, v in timings.items()))


def _serving_from_cli() -> bool:
    """True while ``flask run`` builds the app (its reloader's child process too)."""
    import click

    context = click.get_current_context(silent=True)
    return context is not None and context.info_name == "run"


def _derive_paths(app: Flask) -> None:
    instance = Path(app.instance_path)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'westcc.sqlite'}"
    app.config["SQLALCHEMY_URL"] = app.config["DATABASE_URL"]
    app.config["SURVEYS_DIR"] = app.config["SURVEYS_DIR"] or str(PROJECT_DIR / "surveys")
    app.config["LICENSED_DIR"] = app.config["LICENSED_DIR"] or str(instance / "licensed")


def _register_optional_blueprints(app: Flask) -> None:
    """Blueprints for the respondent and staff sides register themselves here."""
    from .blueprints import register_all

    register_all(app)
