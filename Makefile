# newsframes — `make` alone lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CONFIG ?= config/seed.yml
ARGS ?=
STAMP := $(VENV)/.installed

.PHONY: help env report test test-fast lab lint format screenshots benchmark clean

help: ## Show this help
	@echo "newsframes — compare how news sources cover the same story"
	@echo
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'
	@echo
	@echo "Variables: CONFIG=$(CONFIG)  ARGS='extra runner arguments'  PYTHON=$(PYTHON)  VENV=$(VENV)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

env: $(STAMP) ## Create the virtual environment in .venv and install the project
	@echo "environment ready: $(VENV)"

# make exits with 2 whenever the runner fails; cron and CI call `python -m helpers run` for its own exit codes.
report: $(STAMP) ## Run every notebook on CONFIG (default: the seed corpus) into reports/<name>/
	$(PY) -m helpers run --config $(CONFIG) $(ARGS)

test: $(STAMP) ## Run the tests (unit tests and notebooks through papermill)
	$(PY) -m pytest $(ARGS)

test-fast: $(STAMP) ## Run the tests without the notebook executions (seconds; for the edit loop)
	$(PY) -m pytest -m "not slow" $(ARGS)

lab: $(STAMP) ## Open JupyterLab with a kernel registered for this project
	$(PY) -m ipykernel install --user --name newsframes --display-name "Python (newsframes)"
	cd notebooks && ../$(PY) -m jupyter lab

lint: $(STAMP) ## Check style with ruff (code and notebooks)
	$(PY) -m ruff check src tests benchmarks notebooks
	$(PY) -m ruff format --check src tests benchmarks

format: $(STAMP) ## Reformat the code with ruff
	$(PY) -m ruff format src tests benchmarks
	$(PY) -m ruff check --fix src tests benchmarks

screenshots: $(STAMP) ## Open the seed report in headless Chromium, check it, save PNGs in reports/screenshots/
	@test -f reports/seed/index.html || $(PY) -m helpers run --config $(CONFIG)
	$(PY) -m helpers screenshots reports/$$(basename $(CONFIG) .yml)

clean: ## Remove generated reports and caches (never data/)
	rm -rf reports/* .cache .pytest_cache .ruff_cache
