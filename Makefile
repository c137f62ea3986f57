# eventwire: two commands do all the set-up — `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test test-fast lint clean help ui docs docs-serve

help:
	@echo "make run   - create $(VENV), install eventwire, run the pipeline on seeds/ into data/"
	@echo "make test  - install the dev extra into $(VENV) and run the test suite"
	@echo "make test-fast - the unit tests only (no Prefect servers, flow runs, browsers, S3 or Dask), for the edit loop"
	@echo "make lint  - ruff"
	@echo "make clean - remove data/ outputs (keeps the virtual environment)"
	@echo "make docs  - install the docs extra into $(VENV), regenerate docs/tables.md and docs/configuration.md, build the site offline into site/"
	@echo "make docs-serve - serve the docs at http://127.0.0.1:8000 (rebuilt on edits)"
	@echo "make ui    - start a Prefect server and its UI at http://127.0.0.1:4200 (export PREFECT_API_URL=http://127.0.0.1:4200/api)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[dev]'
	@touch $@

$(VENV)/.installed-docs: $(VENV)/.installed
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[docs]'
	@touch $@

run: $(VENV)/.installed
	$(BIN)/eventwire run

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m "not e2e"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check flows transforms tests benchmarks tools

# Offline: mkdocs.yml turns off Google Fonts and uses no plugin that fetches anything.
docs: $(VENV)/.installed-docs
	$(BIN)/python tools/build_docs.py
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict

docs-serve: $(VENV)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs serve

ui: $(VENV)/.installed
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/prefect server start --host 127.0.0.1 --port 4200

clean:
	rm -rf data/lake data/*.duckdb data/*.wal data/*.lock data/*.lake data/report.html
