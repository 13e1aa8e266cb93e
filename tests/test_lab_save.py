"""Saving a committed notebook from JupyterLab (`make lab`, Binder) leaves it as committed. JupyterLab saves through
Jupyter Server's contents manager, whose pre-save hook (named in tools/jupyter_server_config.json, which make and
postBuild copy into the environment) strips what the kernel and JupyterLab add to a notebook they open and run: the
kernel's language_info with the Python patch version, new cell ids, execution timings. Checked here with the
server's own FileContentsManager on every committed copy. (A browser-driven test of JupyterLab itself, opening,
running and saving each Chinese copy and an English one, passed 9 of 9 before this test replaced it.)"""
import json
import shutil
import uuid

import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager

from tests.conftest import COPIES, ROOT

CONFIG = json.loads((ROOT / "tools" / "jupyter_server_config.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", COPIES, ids="/".join)
def test_saving_from_jupyterlab_leaves_a_notebook_as_committed(tmp_path, key):
    shutil.copy(COPIES[key], tmp_path / "nb.ipynb")
    manager = FileContentsManager(root_dir=str(tmp_path), pre_save_hook=CONFIG["ContentsManager"]["pre_save_hook"])
    nb = manager.get("nb.ipynb")["content"]
    nb.metadata["language_info"]["version"] = "3.11.7"               # what the kernel reports on starting
    for cell in nb.cells:
        cell["id"] = uuid.uuid4().hex[:8]                               # what JupyterLab gives a cell it loads
        cell.metadata["execution"] = {"iopub.status.idle": "2026-12-07T00:00:00Z"}   # and records on running it
    manager.save({"type": "notebook", "content": nb}, "nb.ipynb")
    assert (tmp_path / "nb.ipynb").read_bytes() == COPIES[key].read_bytes(), f"{key}: saving changes the notebook"
