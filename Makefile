# eventwire: two commands do all the set-up — `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint clean help ui

help:
	@echo "make run   - create $(VENV), install eventwire, run the pipeline on seeds/ into data/"
	@echo "make test  - install the dev extra into $(VENV) and run the test suite"
	@echo "make lint  - ruff"
	@echo "make clean - remove data/ outputs (keeps the virtual environment)"
	@echo "make ui    - start a Prefect server and its UI at http://127.0.0.1:4200 (export PREFECT_API_URL=http://127.0.0.1:4200/api)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[dev]'
	@touch $@

run: $(VENV)/.installed
	$(BIN)/eventwire run

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check flows transforms tests benchmarks

ui: $(VENV)/.installed
	PREFECT_SERVER_ANALYTICS_ENABLED=false $(BIN)/prefect server start --host 127.0.0.1 --port 4200

clean:
	rm -rf data/lake data/*.duckdb data/*.wal data/*.lock data/*.lake data/report.html
