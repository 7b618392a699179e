# Every target bootstraps .venv on a fresh machine first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
N ?= 1000

export NO_MKDOCS_2_WARNING := 1

.PHONY: help venv validate test test-all build serve offline bench browser-deps lint lock clean

help:
	@echo "make serve     set up, build, index and serve the hub at http://127.0.0.1:$(PORT)"
	@echo "make test      set up, then run the tests (browser tests included; not the slow ones)"
	@echo "make test-all  every test, the slow scale and benchmark tests too (nightly CI)"
	@echo "make validate  check every record under data/"
	@echo "make build     write the site to site/ (with the Pagefind index and the offline zip)"
	@echo "make offline   write dist/wps-hub-offline-<date>.zip, readable from disk"
	@echo "make bench     measure validate, build, index, offline zip and reader bytes (N=1000)"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

validate: $(STAMP)
	$(BIN)/wpshub validate

offline: $(STAMP)
	$(BIN)/wpshub offline

# The online site offers the offline zip for download, so it is built first.
build: offline
	$(BIN)/wpshub build

serve: offline
	@echo "Building, indexing and serving the hub at http://127.0.0.1:$(PORT) (Ctrl-C stops it)"
	$(BIN)/mkdocs serve --strict --dirty --livereload --dev-addr 127.0.0.1:$(PORT)

browser-deps:
	@bash scripts/ensure-chromium.sh

# the slow tests (a 1,500-record build, the benchmark) run in make test-all and nightly
test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q -m "not slow"

test-all: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q

# make bench N=10000, or SIZES=1000,3000,10000 for the growth exponent
bench: $(STAMP) browser-deps
	$(BIN)/python scripts/bench.py --sizes $(or $(SIZES),$(N)) --out bench-results.json

# requirements/deploy.txt: the deploy's exact versions with their hashes, from requirements/deploy.in
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile requirements/deploy.in --generate-hashes --universal --python-version 3.11 --no-header -o requirements/deploy.txt

lint: $(STAMP)
	$(BIN)/ruff check wpshub hooks scripts tests

clean:
	rm -rf site dist .pytest_cache
