# wbl-tui — `make run` starts the TUI (`make run ARGS="open FILE"` passes arguments), `make test` runs every test (both create .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench clean fmt

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/wbl-tui $(ARGS)

test: $(TEST_STAMP) lint
	$(BIN)/python -m pytest -n 2 -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check wbl_tui tests bench
	$(BIN)/ruff format --check wbl_tui tests bench
	$(BIN)/mypy

fmt: $(TEST_STAMP)
	$(BIN)/ruff format wbl_tui tests bench
	$(BIN)/ruff check --fix wbl_tui tests bench

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
