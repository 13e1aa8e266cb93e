import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# `make check VENV=.venv-3.11.7` (as .ci/run calls it) passes its command-line variables to every command below it
# twice: through MAKEFLAGS, and as environment variables, which the Makefile's `VENV ?= .venv` then takes. A test that
# runs `make` in a fresh clone would build `.venv-3.11.7` where the README's reader gets `.venv`. Tests run make as a
# reader types it; PYTHON stays, so the clone is built with the Python under test.
for _name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VENV", "SLOW", "JOBS", "LAB_ARGS"):
    os.environ.pop(_name, None)


@pytest.fixture(scope="session")
def pkg():
    from compendium.analysis import data

    return data.load(DATA)


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/ to damage; data/ itself is never touched by tests."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
