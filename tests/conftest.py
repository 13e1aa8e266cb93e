import json
import os
import pathlib
import shutil
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
LANGS = ("en", "zh")
# Every notebook is found by what exists: its source, notebooks/NN_name.py, and a copy per language.
SOURCES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
COPIES = {(lang, s.stem): ROOT / "notebooks" / lang / f"{s.stem}.ipynb" for lang in LANGS for s in SOURCES}
# What the environment's stamp depends on (the Makefile's `$(STAMP):` rule): a clone sharing this environment makes them old.
STAMP_INPUTS = next(l for l in (ROOT / "Makefile").read_text().splitlines() if l.startswith("$(STAMP):")).split(":")[1].split()

# `make check VENV=.venv-3.11.7` (as .ci/run calls it) passes its variables to every command below it, through
# MAKEFLAGS and as environment variables; a test that runs make in a fresh clone must run it as a reader types it.
for _name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VENV", "SLOW", "JOBS", "LAB_ARGS"):
    os.environ.pop(_name, None)
# Tests write nothing in the tree: matplotlib's cache goes to the system's temporary folder.
os.environ["MPLCONFIGDIR"] = os.path.join(tempfile.gettempdir(), f"compendium-matplotlib-{os.getuid()}")


@pytest.fixture(scope="session")
def pkg():
    from compendium import data

    return data.load(DATA)


@pytest.fixture(scope="session")
def results():
    """The committed results files, by notebook name."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "results").glob("*.json"))}


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/ to damage; data/ itself is never touched by tests."""
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"
