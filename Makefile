# floortrack — `make help` lists the targets.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

.PHONY: help venv run demo test check lint format bench screenshots clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

venv: $(STAMP) ## Create .venv and install floortrack with its dev tools

run: $(STAMP) ## Create .venv, install, and launch the app on your data
	$(VENV)/bin/floortrack

demo: $(STAMP) ## Launch the app on a throwaway copy of sample data
	$(VENV)/bin/floortrack --demo

test: $(STAMP) ## Create .venv, install, and run the whole test suite
	$(PY) -m pytest -n 2 --dist loadgroup

check: $(STAMP) ## The gate for every change: ruff, format check, mypy (strict), import contracts
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports

lint: check ## Same as check

format: $(STAMP) ## Apply ruff formatting and safe fixes
	$(VENV)/bin/ruff check --fix src tests benchmarks
	$(VENV)/bin/ruff format src tests benchmarks

bench: $(STAMP) ## Print the performance ratios (storage, CLI, first paint)
	$(PY) benchmarks/run.py

screenshots: $(STAMP) ## Write one SVG per screen into screenshots/ from demo data
	$(PY) -m floortrack.tui.screenshots screenshots

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache .grimp_cache build src/*.egg-info
