# Two commands do everything: `make lab` (open the course) and `make test` (run the tests).
# Each creates .venv on first use and is quick when nothing changed.
# Windows users: see README.md for the plain `python -m ...` equivalents.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test test-fast release release-check bench system-packages clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/course lab

# System packages for the sandbox, browser and PostgreSQL tests (installed only as root with apt;
# elsewhere those tests are skipped with a reason, never in CI).
system-packages:
	@bash tools/system-packages.sh

test: $(STAMP) system-packages
	bash tools/run-tests.sh

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser and not postgres" -q

release: $(STAMP)
	$(BIN)/course release

release-check: $(STAMP)
	$(BIN)/course release --check

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) work .pytest_cache test-output
