# Everyday commands. `make run` and `make test` set everything up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export FLASK_APP := app

.PHONY: run test test-sqlite test-postgres install lint format bench bench-quick loadtest i18n clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

## Run the application with the demo dossier on http://127.0.0.1:5000 (SQLite in instance/).
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## Every test: on SQLite, then on the PostgreSQL of PG_URL when it answers (CI requires it).
test: install test-sqlite test-postgres

test-sqlite: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

test-postgres: install
	@if $(BIN)/python -m tests.pg_available "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest -m "not browser"; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then echo "PostgreSQL at $(PG_URL) does not answer" >&2; exit 1; \
	else echo "PostgreSQL at $(PG_URL) does not answer: its run is skipped."; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench

bench-quick: install
	$(BIN)/python -m bench --quick

## 50 simulated users for 60 s against gunicorn and the PostgreSQL of PG_URL's server (loadtest/README.md).
loadtest: install
	$(BIN)/python -m loadtest.run --database-url "$(PG_URL)"

## Extract the messages and update the English catalogues (the French text is the source).
i18n: install
	$(BIN)/python -m tools.i18n

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts
