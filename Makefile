# Two commands on a fresh machine with Python 3.11:  make demo  ·  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean browser postgres

PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt

$(BIN)/rasid: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/rasid
	$(PIP) -e '.[test]'
	touch $@

demo: $(BIN)/rasid  ## install, then ingest the bundled demo corpus into ./rasid.db and show what was found
	$(BIN)/rasid demo --db rasid.db
	@echo "(the rasid command is in $(BIN)/: run  . $(BIN)/activate  to use it directly)"

test: $(VENV)/.test-deps browser postgres lint  ## install with the test and training extras, lint, type-check, then run every test on SQLite and on a throwaway PostgreSQL (end-to-end ones read ../shared)
	$(BIN)/python -m pytest -q

lint: $(VENV)/.test-deps  ## ruff (pyflakes, bugbear, syntax, imports) over everything; mypy over the whole package
	$(BIN)/ruff check rasid tests bench training
	$(BIN)/mypy

browser:  ## Debian's Chromium and ChromeDriver for the browser tests, when missing (needs root and apt)
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || { command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "could not install chromium: browser tests will skip"; }

postgres:  ## Debian's PostgreSQL server binaries for the tests (each run starts its own cluster), when missing
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	  || echo "could not install postgresql: the PostgreSQL half of the tests will skip"; }

bench: $(VENV)/.test-deps  ## benchmarks (need ../shared); figures go to bench/RESULTS.md by hand
	$(BIN)/python bench/ingest_saudinewsnet.py
	$(BIN)/python bench/ner_eval.py
	$(BIN)/python bench/ner_speed.py
	$(BIN)/python bench/dates_numbers_eval.py
	$(BIN)/python bench/dates_numbers_eval.py --speed
	$(BIN)/python bench/corpus_saudinewsnet.py
	$(BIN)/python bench/lsh_scale.py

clean:
	rm -rf $(VENV) *.egg-info rasid.db rasid.db-wal rasid.db-shm .pytest_cache
