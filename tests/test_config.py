"""Settings come from defaults < instance/config.py < WESTCC_* environment; unsafe ones stop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from westcc_voice import PROJECT_DIR, create_app
from westcc_voice.config import DEFAULTS, ConfigError, from_environment


def test_environment_overrides_instance_config(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("SUPPRESSION_THRESHOLD = 12\nSECRET_KEY = 'from-file'\n")
    monkeypatch.setenv("WESTCC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("WESTCC_SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["SUPPRESSION_THRESHOLD"] == 12
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'westcc.sqlite'}"


def test_environment_values_take_the_defaults_types():
    parsed = from_environment({"WESTCC_SUPPRESSION_THRESHOLD": "15",
                               "WESTCC_LANGUAGES": "en, ar"})
    assert parsed == {"SUPPRESSION_THRESHOLD": 15, "LANGUAGES": ["en", "ar"]}
    with pytest.raises(ConfigError, match="WESTCC_SUPPRESSION_THRESHOLD='ten': expected int"):
        from_environment({"WESTCC_SUPPRESSION_THRESHOLD": "ten"})


def test_production_refuses_the_default_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("WESTCC_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("WESTCC_ENV", "production")
    monkeypatch.setenv("WESTCC_PUBLIC_URL", "https://voice.west.example")
    with pytest.raises(ConfigError, match="SECRET_KEY must be a random value"):
        create_app()
    monkeypatch.setenv("WESTCC_SECRET_KEY", "a-real-secret-from-the-vault-32-bytes-long")
    assert create_app().config["ENV"] == "production"


def test_suppression_threshold_can_never_go_below_five():
    with pytest.raises(ConfigError, match="at least 5"):
        create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "SUPPRESSION_THRESHOLD": 4})


def test_every_setting_is_documented_in_the_readme():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`WESTCC_([A-Z_]+)`", readme))
    assert set(DEFAULTS) - documented == set(), "document these settings in README.md"


def test_wsgi_serves_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("WESTCC_INSTANCE_PATH", str(tmp_path))
    source = (PROJECT_DIR / "wsgi.py").read_text()
    namespace: dict = {}
    exec(compile(source, str(Path("wsgi.py")), "exec"), namespace)  # noqa: S102 - our own file
    assert namespace["app"].name == "westcc_voice"
