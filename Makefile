# Relieve — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test smoke lint format install install-dev migrate demo serve bench mutation screenshots clean

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
	$(PY) manage.py load_demo --site-url http://$(HOST):$(PORT)

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

## make screenshots: the README's screenshots (docs/screenshots/), taken by the journey browser tests on the demo content
screenshots: install-dev
	RELIEVE_SCREENSHOTS=docs/screenshots CI=true $(PY) -m pytest -m browser tests/browser/test_journeys.py $(PYTEST_ARGS)

# The core rules, by mutant name (module.x_function / module.xǁClassǁmethod): the query model, the
# listing rule, the availability (staleness) rule, the restriction rule, and the text layer's
# stems, stop words, phrase matching, synonym and typo resolution (search/words.py, search/text.py).
# mutmut 3 leaves decorated functions alone (word_key is lru_cached: its rule is canonical_spelling;
# Phrase.priority is a property). Each file's closest tests are listed in pyproject.toml [tool.mutmut].
MUTANTS ?= \
	'search.query.*' \
	'search.words.x_tokens__*' 'search.words.x_canonical_spelling__*' \
	'search.words.x_is_stop_word__*' 'search.words.x_content_keys__*' \
	'search.text.x_normalize__*' 'search.text.xǁVocabularyǁterms_mentioning__*' \
	'search.text.xǁVocabularyǁphrases_within__*' 'search.text.x__phrase_index__*' \
	'search.text.x_correct_word__*' 'search.text.x__window__*' 'search.text.x_understand__*' \
	'search.text.x_split_text__*' 'search.text.x_resolve__*' \
	'directory.models.x_listing_q__*' 'directory.models.xǁTherapistPageQuerySetǁlisted__*' \
	'directory.models.xǁRegistrationǁis_expired__*' \
	'directory.models.xǁRestrictionQuerySetǁin_force__*' 'directory.models.xǁRegistrationRestrictionǁis_in_force__*' \
	'directory.availability.x_stale_after_days__*' 'directory.availability.x_fresh_since__*' \
	'directory.availability.x_is_fresh__*' 'directory.availability.x_fresh_accepting_q__*'
# A PostgreSQL URL here (e.g. postgres://postgres@127.0.0.1:5432/relieve_mutation) keeps the test
# database between mutants (--reuse-db); the default, SQLite in memory, builds it for each one.
MUTATION_DATABASE_URL ?=

## make mutation: mutation testing of the core rules against their closest tests (slow: minutes)
mutation: install-dev
	rm -rf mutants
	$(if $(MUTATION_DATABASE_URL),DATABASE_URL=$(MUTATION_DATABASE_URL)) $(VENV)/bin/mutmut run --max-children 1 $(MUTANTS)
	$(PY) -m bench._mutation mutants

clean:
	rm -rf $(VENV) var/relieve.sqlite3 var/staticfiles
