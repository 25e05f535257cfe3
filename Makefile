# herenigd — the single entry point. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Every target here is development: allow the development keys and plain HTTP with DEBUG=false
# (production refuses to start with them; docs/operations.md).
export HERENIGD_INSECURE_DEV ?= true

.PHONY: install run test lint format bench demo clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "herenigd needs Python 3.11 (set PYTHON=python3.11)")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# The demo switches the second factor off (every page shows a warning banner); set
# HERENIGD_REQUIRE_2FA=true to try the real login with an authenticator app.
run: export HERENIGD_REQUIRE_2FA ?= false
run: install
	@mkdir -p var
	$(BIN)/herenigd migrate --no-input -v 0
	$(BIN)/herenigd demo
	@echo "herenigd: http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/herenigd runserver --insecure $(HOST):$(PORT)

# Tests run on all cores (pytest-xdist); PYTEST_ARGS adds options, e.g. PYTEST_ARGS="-n 0 -x".
test: install
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/herenigd makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: install
	$(BIN)/python bench/bench_rules.py
	$(BIN)/python bench/bench_import.py

clean:
	rm -rf $(VENV) var .pytest_cache
