# Research compendium: make help lists the targets. Each target creates .venv when it is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The slow tests make check runs (CI gives 'slow and not once' on its second Python).
SLOW   ?= slow
JOBS   ?=   # notebooks run at once; empty: the runner's default (twice the cores)
# The version of the Python asked for (e.g. 3.11.7). The stamp names it, so a .venv made by another Python
# (or by an older lock) is removed and made again instead of being reused.
PYVER  := $(shell $(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null)
STAMP  := $(VENV)/.installed-python-$(PYVER)
UV     := uv==0.13.9
# The oldest Python the lock serves, read from pyproject.toml's requires-python.
MINPY  := $(shell sed -n 's/^requires-python = ">=\([0-9.]*\)".*/\1/p' pyproject.toml)
# Another Python on PATH that is new enough, named when PYTHON is not (expanded only then).
OTHERPY = $(shell for p in python3.14 python3.13 python3.12 python3.11 python3; do [ "$$p" = "$(PYTHON)" ] && continue; \
  "$$p" -c 'import sys; sys.exit(sys.version_info < tuple(map(int, "$(MINPY)".split("."))))' 2>/dev/null && { echo $$p; break; }; done)
comma  := ,
# JupyterLab's server setting that saves notebooks as the runner writes them (compendium.build.lab).
LABCONF := $(VENV)/etc/jupyter/jupyter_server_config.json

LAB_ARGS ?= $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)   # Jupyter refuses root unless told

.PHONY: help reproduce test check html clean datapackage bench lab readme lock mutations

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < tuple(map(int, "$(MINPY)".split("."))))' 2>/dev/null || \
	  { echo "error: PYTHON=$(PYTHON) is not a Python $(MINPY) or newer ($(or $(PYVER),it does not run)); $(if $(OTHERPY),give one$(comma) e.g. make PYTHON=$(OTHERPY) (found on PATH),install one and give its path$(comma) e.g. make PYTHON=/usr/local/bin/python3.12)" >&2; exit 1; }
	@# Only an environment of this compendium is removed: one inside it, or one it made elsewhere (marked).
	@if [ -e "$(VENV)" ] && [ "$$(cat "$(VENV)/.compendium-tree" 2>/dev/null)" != "$$(pwd -P)" ] && \
	  case "$$(cd "$(VENV)" && pwd -P)/" in "$$(pwd -P)"/*) false;; *) true;; esac; then \
	  echo "error: VENV=$(VENV) is not an environment of this compendium ($$(pwd -P)) but make would delete and rebuild it. Leave VENV unset (this compendium's .venv), or give a new folder; nothing was removed." >&2; exit 1; fi
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	pwd -P > $(VENV)/.compendium-tree
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	touch $(STAMP)

lock: $(STAMP)  ## re-resolve requirements.lock from pyproject.toml (uv; every Python it allows; hashes; [tool.uv] excludes) and regenerate environment.yml
	$(BIN)/python -m pip install --quiet --target $(VENV)/uv "$(UV)"
	$(VENV)/uv/bin/uv pip compile pyproject.toml --all-extras --universal --python-version $(MINPY) --no-python-downloads \
	  --generate-hashes --custom-compile-command "make lock" $(UPGRADE) -o requirements.lock
	@# environment.yml (Binder, conda): the lock's pins that apply to Linux and the oldest Python the lock serves, as
	@# name==version under a fixed header (--no-deps: the lock is filtered by its markers, nothing is resolved again).
	$(VENV)/uv/bin/uv pip compile requirements.lock --no-deps --python-version $(MINPY) --python-platform x86_64-unknown-linux-gnu \
	  --no-python-downloads --no-header --no-annotate --quiet > $(VENV)/binder-pins.txt
	py=$$(echo "$(MINPY)" | cut -d. -f1-2); { \
	  echo '# Generated from requirements.lock by `make lock` (uv pip compile --no-deps: its pins for Linux and Python '"$$py"').'; \
	  echo '# Do not edit. Binder (repo2docker) and conda users: conda supplies Python and pip; pip installs every locked'; \
	  echo '# package at its locked version. postBuild installs the compendium itself (--no-deps) and removes rfc3987-syntax,'; \
	  echo '# which pip adds back for jsonschema[format-nongpl] (see postBuild).'; \
	  printf '%s\n' 'name: china-quality-compendium' 'channels:' '  - conda-forge' 'dependencies:' "  - python=$$py" '  - pip' '  - pip:'; \
	  sed 's/^/      - /' $(VENV)/binder-pins.txt; } > environment.yml

reproduce: $(STAMP)  ## execute every notebook (papermill, in parallel) and update notebooks/, figures/, results/
	$(BIN)/python -m compendium reproduce $(if $(JOBS),--jobs $(JOBS))

test: $(STAMP)  ## run the test suite (data against sources and schema, library, notebooks), one test file per core
	$(BIN)/python -m pytest -n auto --dist loadfile

$(LABCONF): $(STAMP) src/compendium/build/lab.py
	$(BIN)/python -m compendium.build.lab > /dev/null

check: $(STAMP) $(LABCONF)  ## fail unless every committed output is byte for byte a fresh run's; then the slow tests (many kernels, dead kernel, interrupt, offline, ...)
	$(BIN)/python -m compendium check $(if $(JOBS),--jobs $(JOBS))
	$(BIN)/python -m compendium readme --check
	$(BIN)/python -m pytest -m "$(SLOW)"

readme: $(STAMP)  ## rewrite README.md's generated blocks (Binder links, notebooks, parameters, findings, figures)
	$(BIN)/python -m compendium readme

lab: $(STAMP) $(LABCONF)  ## open the notebooks in JupyterLab (the project's .venv and its python3 kernel)
	$(BIN)/jupyter lab $(LAB_ARGS)

datapackage: $(STAMP)  ## validate data/ (Frictionless and the compendium's rules), then record each file's sha256
	$(BIN)/python -m compendium datapackage

mutations: $(STAMP) $(LABCONF)  ## apply each mutation of tools/mutations.csv in a scratch copy; fail unless its test file catches it
	$(BIN)/python tools/mutations.py

html: $(STAMP)  ## render the executed notebooks to a static site in site/ (open site/index.html)
	$(BIN)/python -m compendium html --out site

clean:  ## remove the virtual environment and caches (committed outputs stay)
	rm -rf $(VENV) .venv-* .pytest_cache build .staging-*
	find . -name __pycache__ -prune -exec rm -rf {} +

bench: $(STAMP)  ## time the floor (imports), make reproduce, make test, and a fresh clone through both; writes benchmarks/results.*
	PYTHON=$(PYTHON) $(BIN)/python benchmarks/run.py --runs 3 --setup
