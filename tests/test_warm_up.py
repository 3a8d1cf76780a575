"""The first submission a worker takes does not pay for loading the text pipeline."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from flask.cli import cli

from westcc_voice import PROJECT_DIR

FIRST_ANSWER = """
import time, wsgi
from westcc_voice.privacy.redaction import redact
from westcc_voice.safeguarding.detect import scan
start = time.perf_counter()
redact("me and my frend amira live on hugh gardens")
scan("moj tata mnie bije i boje sie wracac do domu")
print(time.perf_counter() - start)
"""


def test_a_worker_built_from_wsgi_answers_its_first_submission_without_loading(tmp_path):
    env = {**os.environ, "WESTCC_INSTANCE_PATH": str(tmp_path),
           "PYTHONPATH": str(PROJECT_DIR)}
    done = subprocess.run([sys.executable, "-c", FIRST_ANSWER], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    seconds = float(done.stdout.strip().splitlines()[-1])
    # Loading takes 2 to 5 s; redacting and scanning a loaded answer takes milliseconds.
    assert seconds < 0.5, f"the first answer took {seconds:.2f} s"


@pytest.mark.parametrize(("command", "warmed"), [(["run"], True), (["routes"], False)])
def test_flask_run_loads_the_text_pipeline_and_other_commands_stay_quick(
        command, warmed, monkeypatch, tmp_path, caplog):
    import flask.cli

    served = []  # the server is not started: only what happens before it
    monkeypatch.setattr(flask.cli, "run_simple", lambda *a, **k: served.append(a))
    monkeypatch.setenv("WESTCC_INSTANCE_PATH", str(tmp_path))
    caplog.set_level(logging.INFO, logger="westcc_voice")
    result = CliRunner().invoke(cli, ["--app", "westcc_voice", *command])
    assert result.exit_code == 0, result.output
    loaded = [r.getMessage() for r in caplog.records if "Text pipeline loaded" in r.getMessage()]
    assert bool(loaded) is warmed
    if warmed:
        assert served, "flask run should go on to serve"
        assert all(part in loaded[0] for part in
                   ("redaction", "safeguarding rules", "language identification"))
