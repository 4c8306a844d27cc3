# Carers Hub task runner. `make run` and `make test` work on a fresh machine: they install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEPS_STAMP := $(VENV)/.deps-installed
NODE_STAMP := node_modules/.deps-installed
CSS := carershub/static/dist/app.css
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` serves demonstration data from the embedded SQLite database.
DEMO_ENV := CARERSHUB_DEMO=true DEBUG=$${DEBUG:-false}

.PHONY: help setup pdf-libs browser run test suite test-fast lint fmt typecheck check-migrations bench css clean

help: ## List the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(DEPS_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else "Python 3.13 is required (see .python-version); found " + sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CSS): $(NODE_STAMP) $(shell find assets -type f 2>/dev/null)
	npm run --silent build

css: $(CSS) ## Build GOV.UK Frontend and MOJ Frontend styles and scripts

pdf-libs: ## Install Pango from Debian if it is missing (WeasyPrint lays out the PDFs with it)
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	  else echo "Install Pango first: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" >&2; exit 1; fi; }

setup: pdf-libs $(DEPS_STAMP) $(CSS) ## Install Python and npm dependencies and build the front end

run: setup ## Migrate the SQLite database, load the demo area and serve http://127.0.0.1:8000
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py createcachetable
	$(DEMO_ENV) $(PY) manage.py seed_demo --scale demo
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

browser: ## Install Debian's Chromium for the browser tests if it is missing (Playwright cannot download one here)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium first: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# The lint runs beside the tests, in a second job (it mostly fills the time one test worker waits for the other to
# migrate the database): `make test` fails if either fails.
test: setup browser ## Lint, type-check and run the whole suite (browser tests included)
	@$(MAKE) --no-print-directory --jobs=2 --output-sync=line suite lint

suite: setup browser
	$(BIN)/pytest -n 2 --create-db

test-fast: setup ## Run the suite without lint or browser tests
	$(BIN)/pytest -m "not browser"

lint: setup check-migrations typecheck ## ruff, formatting, import contracts, migrations, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

fmt: setup ## Fix what ruff can and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: setup ## mypy --strict with the django-stubs plugin, tests included
	$(BIN)/mypy carershub tests bench

check-migrations: setup ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=carershub.config.test_settings $(PY) manage.py makemigrations --check --dry-run

bench: setup ## Load county-scale data into PostgreSQL, serve with gunicorn, measure the hot paths
	$(PY) bench/run.py

clean: ## Remove installed dependencies and built files
	rm -rf $(VENV) node_modules carershub/static/dist staticfiles db.sqlite3
