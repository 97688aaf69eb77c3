# Tasks for paperkb. `make help` lists them. Everything installs what it needs first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000

.PHONY: help site site-offline test lint validate format serve browser-deps clean

help: ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

site: $(STAMP) ## build the site from papers.yaml into site/
	$(BIN)/python build_site.py

site-offline: $(STAMP) ## build a site to open from disk (site/index.html, file://)
	$(BIN)/python build_site.py --offline

test: $(STAMP) browser-deps ## run the whole test suite
	$(BIN)/python -m pytest -n 2

lint: $(STAMP) ## ruff check, ruff format --check and mypy --strict on the package
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

validate: $(STAMP) ## check papers.yaml; warnings fail too
	$(BIN)/paperkb validate --strict papers.yaml

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

serve: $(STAMP) ## preview with live reload at http://127.0.0.1:8000 (another port: make serve PORT=8001)
	$(BIN)/mkdocs serve -a 127.0.0.1:$(PORT)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

browser-deps: ## install Debian's chromium for the browser tests
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium.sh

clean: ## remove the built site and caches
	rm -rf site .pytest_cache .ruff_cache
