# Research compendium: make help lists the targets. Each target creates .venv when it is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# The version of the Python asked for (e.g. 3.11.7). The stamp names it, so a .venv made by another Python
# (or by an older lock) is removed and made again instead of being reused.
PYVER  := $(shell $(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null)
STAMP  := $(VENV)/.installed-python-$(PYVER)
UV     := uv==0.13.9

.PHONY: help reproduce test check html clean datapackage bench lock

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYVER)" || { echo "error: '$(PYTHON)' does not run; give a Python 3.11.5 or newer, e.g. make PYTHON=python3.12" >&2; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	touch $(STAMP)

lock: $(STAMP)  ## re-resolve requirements.lock from pyproject.toml (uv; every Python it allows; hashes) and regenerate environment.yml
	$(BIN)/python -m pip install --quiet --target $(VENV)/uv "$(UV)"
	$(VENV)/uv/bin/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11.5 --no-python-downloads \
	  --generate-hashes --custom-compile-command "make lock" $(UPGRADE) -o requirements.lock
	$(BIN)/python -m compendium.lockfile > environment.yml

reproduce: $(STAMP)  ## execute every notebook (papermill, in parallel) and update notebooks/, figures/, results/
	$(BIN)/python -m compendium reproduce --jobs $(JOBS)

test: $(STAMP)  ## run the test suite (data against sources and schema, library, notebooks)
	$(BIN)/python -m pytest

check: $(STAMP)  ## fail if committed outputs are stale; then the slow robustness tests (dead kernel, interrupt, offline, papermill in zh)
	$(BIN)/python -m compendium check --jobs $(JOBS)
	$(BIN)/python -m pytest -m slow

datapackage: $(STAMP)  ## record the sha256 of data files after a deliberate, sourced edit
	$(BIN)/python -m compendium datapackage

html: $(STAMP)  ## render the executed notebooks to a static site in site/ (open site/index.html)
	$(BIN)/python -m compendium html --out site

clean:  ## remove the virtual environment and caches (committed outputs stay)
	rm -rf $(VENV) .pytest_cache build .staging-*
	find . -name __pycache__ -prune -exec rm -rf {} +

bench: $(STAMP)  ## time the floor (imports), make reproduce and make test; --setup times a fresh install
	$(BIN)/python benchmarks/run.py --runs 3 --setup
