"""Entry point for gunicorn: `gunicorn wsgi:app` (settings from WESTCC_* variables).

The text pipeline's data (redaction, safeguarding rules, language detection: a few
seconds and about 200 MB) are loaded here, before the worker takes its first request;
with `gunicorn --preload` they are loaded once and shared by the workers."""

from westcc_voice import create_app, warm_up_text_pipeline

app = create_app()
warm_up_text_pipeline(app)
