# Quickstart: `make report` (set up and run on seeds/) and `make test` (set up and run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium

.PHONY: report test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# stamps: reinstall only when pyproject.toml changes
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

report: $(VENV)/.installed
	$(BIN)/claimcheck run seeds/ --out reports/

test: $(VENV)/.installed-test
	@if [ -x "$(CHROMIUM)" ]; then echo "browser tests: using $(CHROMIUM)"; \
	elif [ -n "$$CI" ]; then echo "browser tests: $(CHROMIUM) missing and CI is set: they will fail"; \
	else echo "browser tests: SKIPPED — no Chromium at $(CHROMIUM) (apt-get install -y chromium to run them)"; fi
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check checker tests bench
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_numbers.py

clean:
	rm -rf $(VENV) reports/*.csv reports/*.json reports/*.html reports/*.sqlite reports/current reports/runs
