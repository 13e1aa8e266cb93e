import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


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
