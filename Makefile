# Model Almanac: the two commands of the quick start, and a few more.
#   make serve   create .venv if needed, install what the site needs, preview the sample site with live reload
#   make test    create .venv if needed, install the site's packages and the test tools, run every test
#   make build   build the site into site/ exactly as CI publishes it (strict)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# What is installed into .venv, each with its stamp: the site's packages (pyproject.toml's
# dependencies) for serve and build, and those with the test extras for test.
SITE   := $(VENV)/.installed-site
TESTS  := $(VENV)/.installed-test

# Material prints a banner about MkDocs 2.0 on every run unless told not to.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check clean help

help:
	@echo "make serve   preview the site at http://127.0.0.1:8000 (live reload)"
	@echo "make test    run every test"
	@echo "make build   build the site into site/ (strict, as CI does)"
	@echo "make clean   remove site/ and .venv/"

# One rule makes both stamps (`%` is `site` or `test`), again when pyproject.toml changes. A test
# install has the site's packages too, so it stamps the site as installed as well.
EXTRAS_site :=
EXTRAS_test := [test]
WHAT_site   := Model Almanac
WHAT_test   := Model Almanac and its test tools
$(VENV)/.installed-%: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Model Almanac needs Python 3.11 or newer; set PYTHON=python3.x")'
	@if [ -e $@ ]; then why="pyproject.toml changed"; else why="first run"; fi; \
	echo "Installing $(WHAT_$*) into $(VENV) ($$why, about a minute)…"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.$(EXTRAS_$*)'
	@touch $@$(if $(filter test,$*), $(SITE))

serve: $(SITE)
	$(BIN)/mkdocs serve --dirty

build: $(SITE)
	$(BIN)/mkdocs build --strict

# One pytest process for each core; the tests go to them by groups (tests/conftest.py).
test: $(TESTS)
	$(BIN)/python -m pytest -n auto --dist loadgroup

clean:
	rm -rf site $(VENV)
