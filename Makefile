# Model Almanac: the two commands of the quick start, and a few more.
#   make serve   create .venv if needed, install, preview the sample site with live reload
#   make test    create .venv if needed, install, run every test
#   make build   build the site into site/ exactly as CI publishes it (strict)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Material prints a banner about MkDocs 2.0 on every run unless told not to.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check clean help

help:
	@echo "make serve   preview the site at http://127.0.0.1:8000 (live reload)"
	@echo "make test    run every test"
	@echo "make build   build the site into site/ (strict, as CI does)"
	@echo "make clean   remove site/ and .venv/"

# The virtual environment is made again when pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Model Almanac needs Python 3.11 or newer; set PYTHON=python3.x")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# One pytest process for each core; the tests go to them by groups (tests/conftest.py).
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup

clean:
	rm -rf site $(VENV)
