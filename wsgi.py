"""Entry point for gunicorn: `gunicorn wsgi:app` (settings from WESTCC_* variables)."""

from westcc_voice import create_app

app = create_app()
