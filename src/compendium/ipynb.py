"""Running a notebook as make does, and keeping committed notebooks free of what changes from run to run.

``python -m compendium.ipynb SOURCE TARGET`` (each notebook's make recipe) executes SOURCE into TARGET with
papermill's documented Python API, asking jupyter_client for its ``ipc`` transport: each kernel then talks over
Unix sockets named after a connection file in a folder of its own, so kernels started at the same moment by separate make jobs cannot take the same TCP port
(jupyter_client#487), a choice papermill's command line does not offer. It then applies :func:`strip`, which removes
the timings and timestamps papermill and nbclient record and the Python patch version the kernel reports, so an
unchanged analysis gives an unchanged file. Ctrl-C and SIGTERM act as on papermill's own command line. JupyterLab
(`make lab`, Binder) saves through the same function: tools/jupyter_server_config.json, copied into the
environment by make and postBuild, names :func:`pre_save` as Jupyter Server's ``ContentsManager.pre_save_hook``,
so opening, running and saving an unchanged notebook leaves it as committed.
"""
from __future__ import annotations

import os
import sys
import tempfile

import nbformat

NOTEBOOK_KEYS = ("papermill", "widgets")
CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")


def strip(nb):
    for key in NOTEBOOK_KEYS:
        nb.metadata.pop(key, None)
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        for key in CELL_KEYS:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"   # papermill gives the cell it adds a new random id on every run
    return nb


def pre_save(model: dict, **_) -> None:
    """Jupyter Server's pre-save hook: a notebook about to be saved loses what :func:`strip` removes."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        model["content"] = strip(nbformat.from_dict(model["content"]))


def run(source: str, target: str) -> None:
    """Execute ``source`` into ``target`` with papermill (the default parameters, a python3 kernel), then strip it."""
    import papermill
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:   # a short path: a socket's must stay under 108 bytes
        kernel = {"transport": "ipc", "connection_file": os.path.join(sockets, "kernel.json")}
        papermill.execute_notebook(source, target, kernel_name="python3", progress_bar=False,
                                   config=Config({"KernelManager": kernel}))
    nbformat.write(strip(nbformat.read(target, as_version=4)), target)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m compendium.ipynb SOURCE TARGET (run SOURCE with papermill into TARGET, stripped)")
    run(*sys.argv[1:])
