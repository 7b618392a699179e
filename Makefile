# Every target bootstraps .venv on a fresh machine first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
N ?= 1000

.PHONY: help venv validate test build serve offline bench browser-deps lint clean

help:
	@echo "make serve     set up, build, index and serve the hub at http://127.0.0.1:$(PORT)"
	@echo "make test      set up, then run every test (browser tests included)"
	@echo "make validate  check every record under data/"
	@echo "make build     write the site to site/ (with the Pagefind index)"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

validate: $(STAMP)
	$(BIN)/wpshub validate

browser-deps:
	@bash scripts/ensure-chromium.sh

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check wpshub hooks scripts tests

clean:
	rm -rf site dist .pytest_cache
