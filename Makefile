# The two commands: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app westcc_voice
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Debian packages: WeasyPrint's text layout and fonts (Arabic included) for PDF briefings.
RUN_DEBS  := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core
# ...and for the tests: Chromium for browser tests (with colour emoji for the faces),
# poppler for reading PDFs back, wrk for the submission benchmark's smoke test.
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils fonts-noto-color-emoji wrk

.PHONY: run test install translations system-packages-run system-packages-test setup lint clean

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The service's own words in each language: .po files are the source, .mo are built.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d westcc_voice/translations

install: $(VENV)/.installed translations

# Installs missing Debian packages when running as root; otherwise says what is missing.
system-packages-run:
	@sh bin/system-packages $(RUN_DEBS)

system-packages-test:
	@sh bin/system-packages $(TEST_DEBS)

setup: install system-packages-run
	$(FLASK) db upgrade
	$(FLASK) surveys load
	$(FLASK) demo seed --if-empty

run: setup
	@$(FLASK) demo info --base-url http://$(HOST):$(PORT)
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install system-packages-test
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check westcc_voice tests bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
