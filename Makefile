# The two commands of the README: `make run` (set up, index, serve) and `make test` (set up, test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup index run test lint bench clean

setup: $(STAMP)

# Reinstalls only when pyproject.toml changes. torch is pinned first: an unpinned one pulls a CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

index: setup
	$(VENV)/bin/career-mentor index

run: index
	$(PY) app.py

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: index
	$(PY) bench/retrieval.py

clean:
	rm -rf $(VENV) .career_mentor
