"""One place that lists the blueprints, so create_app stays a short list of calls."""

from __future__ import annotations

from flask import Flask


def register_all(app: Flask) -> None:
    from .briefings.views import bp as briefings_bp
    from .collect.views import bp as collect_bp
    from .staff.accounts import bp as accounts_bp
    from .staff.audit_log import bp as audit_log_bp
    from .staff.links import bp as links_bp
    from .staff.quotes import bp as quotes_bp
    from .staff.results import bp as results_bp
    from .staff.safeguarding import bp as safeguarding_bp
    from .staff.sessions import bp as sessions_bp
    from .staff.views import bp as staff_bp

    for bp in (collect_bp, staff_bp, sessions_bp, links_bp, briefings_bp, safeguarding_bp,
               quotes_bp):
        app.register_blueprint(bp)
    for bp in (accounts_bp, audit_log_bp):
        app.register_blueprint(bp)
    app.register_blueprint(results_bp)
    from .staff.blocks import bp as blocks_bp
    from .staff.questionnaires import bp as questionnaires_bp
    from .staff.waves import bp as waves_bp

    for bp in (blocks_bp, questionnaires_bp, waves_bp):
        app.register_blueprint(bp)
