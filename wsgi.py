"""Entry point for gunicorn: `gunicorn wsgi:app` (settings from WESTCC_* variables).

The text pipeline's data (redaction, safeguarding rules, language detection: a few
seconds and about 200 MB) are loaded here, as each worker starts, before it takes its
first request."""

from westcc_voice import create_app, warm_up_text_pipeline

app = create_app()
warm_up_text_pipeline(app)
