"""Load the text pipeline's data before the first submission, not during it.

Redaction (name lists from Faker, TextBlob's lexicon, wordfreq), the safeguarding rules
of every language and its model (trained once, then read from ``instance/``) and the
language detector (lingua, wordfreq's word lists) are loaded lazily, once per process:
2 to 5 s and about 260 MB. Without a warm-up the first answer
a worker takes pays that. ``wsgi.py`` and ``flask run`` call :func:`warm_up` when the app
is created for serving; under ``gunicorn --preload`` it runs once in the master and the
workers share the loaded data.
"""

from __future__ import annotations

import time


def warm_up() -> dict[str, float]:
    """Load everything the intake's text steps need; seconds taken per part."""
    from ..privacy.redaction import load_resources, redact
    from ..privacy.redaction.resources import LATIN_LANGUAGES, unaccented
    from ..safeguarding.detect import languages_with_rules, load_rules
    from . import language_id

    timings: dict[str, float] = {}

    def timed(part: str, load) -> None:
        start = time.perf_counter()
        load()
        timings[part] = round(time.perf_counter() - start, 2)

    timed("redaction", lambda: (load_resources(), redact("Jayden lives at 12 Elswick Road"),
                                [unaccented(code) for code in LATIN_LANGUAGES if code != "en"]))
    timed("safeguarding rules",
          lambda: [load_rules(code) for code in languages_with_rules()])
    timed("language identification", language_id.warm_up)
    timed("safeguarding model", _model)
    return timings


def _model() -> None:
    """Train the safeguarding model once if it is not kept yet, and read it."""
    from ..safeguarding.model import current

    current()
