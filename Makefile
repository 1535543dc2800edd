# newsdesk — two commands on a fresh machine:
#   make run    set up .venv, load the demo corpus, build stories and pages, serve on :8000
#   make test   set up .venv with test extras, install Debian's chromium if missing, run pytest
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: install install-test run test bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(TSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TSTAMP)

install: $(STAMP)

install-test: $(TSTAMP)

run: install
	$(BIN)/newsdesk demo --serve

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "could not install chromium; browser tests will be skipped with a reason"; }

test: install-test chromium
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) newsdesk.db build *.egg-info src/*.egg-info
