# Two commands on a fresh machine with Python 3.11:  make demo  ·  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench clean

$(BIN)/rasid: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

demo: $(BIN)/rasid  ## install, then ingest the bundled demo corpus into ./rasid.db and show what was found
	$(BIN)/rasid demo --db rasid.db
	@echo "(the rasid command is in $(BIN)/: run  . $(BIN)/activate  to use it directly)"

test: $(BIN)/rasid  ## install, then run every test (end-to-end ones read ../shared)
	$(BIN)/python -m pytest -q

bench: $(BIN)/rasid  ## ingest throughput and memory on SaudiNewsNet (needs ../shared)
	$(BIN)/python bench/ingest_saudinewsnet.py

clean:
	rm -rf $(VENV) *.egg-info rasid.db rasid.db-wal rasid.db-shm .pytest_cache
