# Research compendium. `make help` lists the targets; the first target you run creates .venv from requirements.lock.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The stamp names the Python that made the environment: a .venv made by another Python is made again.
STAMP  := $(VENV)/.installed-python-$(shell $(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null)
JOBS   ?= 4
SLOW   ?= slow
# matplotlib's cache in build/, whatever the environment says (a folder it cannot write would make it warn into the
# notebooks)
export MPLCONFIGDIR := $(CURDIR)/build/matplotlib
LAB_ARGS ?= $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)   # Jupyter refuses root unless told

# Each notebook has one source, notebooks/NN_name.py (jupytext's py:percent), and two executed copies, one per
# language, each a make target: notebooks/en/NN_name.ipynb and notebooks/zh/NN_name.ipynb.
LANGS     := en zh
SOURCES   := $(sort $(wildcard notebooks/[0-9][0-9]_*.py))
COPIES    := $(foreach lang,$(LANGS),$(patsubst notebooks/%.py,notebooks/$(lang)/%.ipynb,$(SOURCES)))
LEDGER    := $(LANGS:%=notebooks/%/00_claims_ledger.ipynb)
LIBRARY   := $(wildcard src/compendium/*.py src/compendium/text.csv src/compendium/fonts/*)
DATA      := $(wildcard data/datapackage.json data/*.csv data/schemas/*.json)
# The runner dies with make: setpriv (util-linux) asks the kernel to send it SIGTERM when its parent, make, ends.
RUN       := setpriv --pdeathsig TERM $(BIN)/python -m compendium.ipynb

# A copy is run into build/ (its figures and results are written, each file renamed into place, by the notebook);
# the notebook is moved into place last, so an interrupted run leaves an old target, which the next run redoes.
# Every load checks the whole data package, so every copy depends on all of data/.
notebooks/en/%.ipynb: notebooks/%.py $(LIBRARY) $(DATA) $(STAMP) | build/en notebooks/en
	$(RUN) $< en build/en/$*.ipynb
	mv build/en/$*.ipynb $@
notebooks/zh/%.ipynb: notebooks/%.py $(LIBRARY) $(DATA) $(STAMP) | build/zh notebooks/zh
	$(RUN) $< zh build/zh/$*.ipynb
	mv build/zh/$*.ipynb $@
$(LEDGER): $(filter-out $(LEDGER),$(COPIES))   # the ledger collects the verdicts the others wrote to results/
build/en build/zh notebooks/en notebooks/zh:
	mkdir -p $@

.PHONY: help reproduce outputs test check fresh lab html datapackage readme lock r-check bench mutations clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(STAMP): requirements.lock pyproject.toml tools/jupyter_server_config.json tools/ipython_kernel_config.json
	@[ ! -e $(VENV) ] || [ "$$(cat $(VENV)/.compendium 2>/dev/null)" = "$$(pwd -P)" ] || { echo "error: $(VENV) exists but \
	  was not made by this compendium's Makefile ($$(pwd -P)); nothing was removed: give another VENV=" >&2; exit 1; }
	@[ ! -e $(VENV) ] || [ -O $(VENV) ] || { echo "error: $(VENV) belongs to another user; nothing was removed: give \
	  another VENV=" >&2; exit 1; }
	@other=$$(ls $(VENV)/.installed-python-* 2>/dev/null | grep -vx '$(STAMP)'); [ -z "$$other" ] || { echo "error: \
	  $(VENV) was made with Python $${other##*-}, not $(patsubst $(VENV)/.installed-python-%,%,$(STAMP)) ($(PYTHON)); \
	  nothing was removed: remove it (rm -rf $(VENV)) or give another VENV=" >&2; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	pwd -P > $(VENV)/.compendium
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	install -D -m 644 tools/jupyter_server_config.json $(VENV)/etc/jupyter/jupyter_server_config.json
	install -D -m 644 tools/ipython_kernel_config.json $(VENV)/etc/ipython/ipython_kernel_config.json
	touch $@

reproduce: $(STAMP) | build/en  ## run every notebook copy whose inputs changed (papermill, JOBS at once); updates notebooks/, figures/, results/
	@flock --nonblock build/reproduce.lock true || echo "make: another make reproduce is running in this tree; waiting for it" >&2
	@flock --no-fork build/reproduce.lock setpriv --pdeathsig TERM $(MAKE) --no-print-directory -j$(JOBS) outputs

outputs: $(COPIES)

test: $(STAMP)  ## the fast tests: data against sources and schema, the library, the committed results
	$(BIN)/python -m pytest -n auto --dist loadfile

check: fresh $(STAMP)  ## `make fresh`, the README's generated blocks current, then the slow tests
	$(BIN)/python -m compendium.readme --check
	$(BIN)/python -m pytest -m "$(SLOW)"

fresh: $(STAMP)  ## run every notebook again; fail on any committed output that differs, is missing or is stray
	@touch src/compendium/__init__.py && $(MAKE) --no-print-directory reproduce
	@git status --porcelain --untracked-files=all -- notebooks figures results | { ! grep . ; } || \
	  { echo "error: the outputs above differ from a fresh run, are missing or are written by no notebook" >&2; exit 1; }

lab: $(STAMP)  ## open the notebooks in JupyterLab (saving a notebook strips what a re-run would change)
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks

html: $(STAMP)  ## both languages' copies as a static site in site/ (en/, zh/), with a font subset for their Chinese text
	rm -rf site && mkdir -p site/fonts build
	for lang in $(LANGS); do $(BIN)/jupyter nbconvert --to html --template compendium \
	  --TemplateExporter.extra_template_basedirs=tools/nbconvert --output-dir site/$$lang notebooks/$$lang/*.ipynb || exit 1; done
	printf '%s\n' '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Compendium · 汇编</title></head><body>' \
	  '<h1>《中国制造业产品质量提升策略研究》</h1><ul><li><a href="en/00_claims_ledger.html">The claims ledger (English)</a></li>' \
	  '<li><a href="zh/00_claims_ledger.html">论断核查总表（中文）</a></li></ul></body></html>' > site/index.html
	cp -r data site/data
	cat site/*/*.html site/index.html > build/site-text.html
	$(BIN)/pyftsubset src/compendium/fonts/NotoSansCJKsc-Regular-subset.otf --text-file=build/site-text.html \
	  --flavor=woff --output-file=site/fonts/site.woff

datapackage: $(STAMP)  ## validate data/ and record its hashes; restate the second entry; record verification/'s hashes
	$(BIN)/python -m compendium.data data
	$(BIN)/python tools/restate_second_entry.py
	$(BIN)/python tools/make_manifest.py

readme: $(STAMP)  ## rewrite the generated blocks of README.md, README.zh.md and verification/'s READMEs
	$(BIN)/python -m compendium.readme

lock: $(STAMP)  ## re-resolve requirements.lock from pyproject.toml (uv, hashes, [tool.uv] exclusions) and environment.yml from it
	$(BIN)/python -m pip install --quiet --target $(VENV)/uv uv==0.13.9
	@mkdir -p build
	$(VENV)/uv/bin/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11.5 --no-python-downloads \
	  --generate-hashes --custom-compile-command "make lock" -o requirements.lock
	@# environment.yml (Binder, conda): the lock's pins for Linux and Python 3.11, under a fixed header (--no-deps:
	@# the lock is filtered by its markers, nothing is resolved again).
	$(VENV)/uv/bin/uv pip compile requirements.lock --no-deps --python-version 3.11.5 --python-platform x86_64-unknown-linux-gnu \
	  --no-python-downloads --no-header --no-annotate --quiet > build/binder-pins.txt
	{ echo '# Generated from requirements.lock by `make lock` (uv pip compile --no-deps: its pins for Linux and Python 3.11).'; \
	  echo '# Do not edit. Binder (repo2docker) and conda users: conda supplies Python and pip; pip installs every locked'; \
	  echo '# package at its locked version. postBuild installs the compendium itself (--no-deps) and removes rfc3987-syntax,'; \
	  echo '# which pip adds back for jsonschema[format-nongpl] (see postBuild).'; \
	  printf '%s\n' 'name: china-quality-compendium' 'channels:' '  - conda-forge' 'dependencies:' '  - python=3.11' '  - pip' '  - pip:'; \
	  sed 's/^/      - /' build/binder-pins.txt; } > environment.yml

r-check: $(STAMP)  ## R's fits of the current results' series (build/r/) beside statsmodels': needs Rscript (R is not installed by make)
	$(BIN)/python tools/r_fixtures.py build/r
	Rscript tests/r/glm_trend.R build/r > build/r/glm_trend.Rout
	$(BIN)/python tests/r/compare.py build/r

bench: $(STAMP)  ## time a no-op run, one data file, one notebook, a full run, the floor and papermill's loop
	$(BIN)/python benchmarks/run.py

mutations: $(STAMP)  ## apply each mutation of tools/mutations.csv to a scratch copy; fail unless its test catches it
	$(BIN)/python tools/mutations.py

clean:  ## remove the virtual environment, build/ and caches (committed outputs stay)
	rm -rf $(VENV) build site .pytest_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
