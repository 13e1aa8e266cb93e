# Research compendium: make help lists the targets. Each target creates .venv when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
STAMP  := $(VENV)/.installed
LAB_ARGS ?= $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)   # Jupyter refuses root unless told

.PHONY: help reproduce test check html clean datapackage bench lab readme

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,lab,site]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	touch $(STAMP)

reproduce: $(STAMP)  ## execute every notebook (papermill, in parallel) and update notebooks/, figures/, results/
	$(BIN)/python -m compendium reproduce --jobs $(JOBS)

test: $(STAMP)  ## run the test suite (data against sources and schema, library, notebooks)
	$(BIN)/python -m pytest

check: $(STAMP)  ## fail if committed outputs are stale; then the slow robustness tests (dead kernel, interrupt, offline, papermill in zh)
	$(BIN)/python -m compendium check --jobs $(JOBS)
	$(BIN)/python -m compendium readme --check
	$(BIN)/python -m pytest -m slow

readme: $(STAMP)  ## rewrite README.md's generated blocks (Binder links, notebooks, parameters, findings, figures)
	$(BIN)/python -m compendium readme

lab: $(STAMP)  ## open the notebooks in JupyterLab (the project's .venv and its python3 kernel)
	$(BIN)/jupyter lab $(LAB_ARGS)

datapackage: $(STAMP)  ## record the sha256 of data files after a deliberate, sourced edit
	$(BIN)/python -m compendium datapackage

html: $(STAMP)  ## render the executed notebooks to a static site in site/ (open site/index.html)
	$(BIN)/python -m compendium html --out site

clean:  ## remove the virtual environment and caches (committed outputs stay)
	rm -rf $(VENV) .pytest_cache build .staging-*
	find . -name __pycache__ -prune -exec rm -rf {} +

bench: $(STAMP)  ## time the floor (imports), make reproduce and make test; --setup times a fresh install
	$(BIN)/python benchmarks/run.py --runs 3 --setup
