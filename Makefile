# Two commands for a new user: `make run` and `make test`. Everything else is a building block.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup lock run site site-zensical serve app test lint format check bench screenshots clean migration migration-check messages

setup: $(STAMP)

# Exact versions from the lock file, then the project itself without resolving again.
$(STAMP): pyproject.toml requirements-dev.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## lock: refresh the lock files after changing dependencies in pyproject.toml
## (requirements.lock: what the app needs, for the container; requirements-dev.lock: + tests)
LOCK_FLAGS := --quiet --strip-extras --no-emit-index-url --no-emit-trusted-host --no-emit-find-links
lock:
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile $(LOCK_FLAGS) -o requirements.lock pyproject.toml
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra dev -o requirements-dev.lock pyproject.toml
	# the dev extra names the project's own extras: drop the path pip-compile records for it
	sed -i '/^nis2-aws-kb @ /,+1d' requirements-dev.lock

## run: build the site (English, German, French), serve it on :8000 and start the app on :8501;
## Ctrl-C stops both
run: setup
	$(BIN)/python -m generator check
	bash scripts/run.sh

## serve: the English site with live reload on :8000 for editing data/ and content/ (mkdocs serve)
serve: setup
	$(BIN)/python -m generator check
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## site: build the static site into site/ for hosting (MkDocs + Material, from the staged tree)
site: setup
	$(BIN)/python -m generator check
	$(BIN)/python -m generator site --out site

## site-zensical: build the same staged docs tree with Zensical into site-zensical/
site-zensical: setup
	$(BIN)/python -m generator check
	$(BIN)/python -m generator site --builder zensical --out site-zensical

## check: validate data/ only
check: setup
	$(BIN)/python -m generator check

## test: the whole suite
test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: measure generator, site, store, exports and app; writes bench/REPORT.md
bench: setup
	$(BIN)/python -m bench

## screenshots: refresh the README pictures from the browser tests
screenshots: setup
	NIS2_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/browser -m browser -k screenshot

clean:
	rm -rf site site-zensical build var/test-* .pytest_cache

## migration: write a new Alembic revision from the tables' changes, e.g. make migration MSG="people: language"
migration: setup
	@test -n "$(MSG)" || { echo 'usage: make migration MSG="what the revision changes"'; exit 2; }
	$(BIN)/python -m quiz_app.store.alembic revision -m "$(MSG)"

## migration-check: fail if the tables differ from the schema the revisions make (alembic check)
migration-check: setup
	$(BIN)/python -m quiz_app.store.alembic check

## messages: extract the app's interface strings and update the German and French catalogues
## (quiz_app/locale/*/LC_MESSAGES/messages.po); then translate the new or fuzzy entries
messages: setup
	$(BIN)/pybabel extract --no-location --sort-output -F quiz_app/locale/babel.cfg \
		-k N_ -k tr -o quiz_app/locale/messages.pot quiz_app
	$(BIN)/pybabel update --ignore-obsolete -i quiz_app/locale/messages.pot \
		-d quiz_app/locale -D messages
