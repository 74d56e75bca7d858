# Relieve — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test smoke lint format install install-dev migrate demo serve bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the requirements change (stamp files).
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py load_demo

serve: install
	$(PY) manage.py runserver $(HOST):$(PORT)

## make run: install, migrate, load the demo content, serve on http://127.0.0.1:8000
run: demo serve

## make lint: style, formatting, and which way imports flow between the apps (pyproject.toml)
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## make test: install dev dependencies, lint, run the whole suite
test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

## make smoke: the production topology on loopback (gunicorn x3, task worker, PostgreSQL, Redis,
## osmem as the engine), proven over HTTP with faults and a bounded mixed load (needs wrk).
smoke: install-dev
	RELIEVE_PRODUCTION_SMOKE=1 $(PY) -m pytest tests/production -s $(PYTEST_ARGS)

bench: install-dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) var/relieve.sqlite3 var/staticfiles
