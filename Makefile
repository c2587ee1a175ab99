# The two commands of the README: `make run` (set up, index, serve) and `make test` (set up, test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCAL_STAMP := $(VENV)/.installed-local

.PHONY: setup setup-test index run test lint eval bench clean

setup: $(STAMP)

# Reinstalls only when pyproject.toml changes. torch is pinned first: an unpinned one pulls a CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The tests also drive a real llama.cpp server (the [local] extra; compiled once, then cached by pip)
# and headless Chromium from Debian (skipped with a reason where it cannot be installed).
$(LOCAL_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,local]'
	command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
		|| echo "chromium could not be installed: the browser test will be skipped"
	touch $(LOCAL_STAMP)

setup-test: $(LOCAL_STAMP)

# The package's bytecode is written here, where the app and the CLI start from it: a shell with
# PYTHONDONTWRITEBYTECODE set (this machine's) would otherwise compile it anew at every start (0.35 s);
# a checkout it cannot write to only starts slower.
index: setup
	-$(PY) -m compileall -q bot
	$(VENV)/bin/career-mentor index

run: index
	$(PY) app.py

test: setup-test
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

eval: index
	$(VENV)/bin/career-mentor eval

bench: index
	$(PY) bench/retrieval.py

clean:
	rm -rf $(VENV) .career_mentor
