"""Committed notebooks hold what a run shows, not when or on which Python it ran: :func:`strip` removes the
timings and timestamps papermill and nbclient record and the Python patch version the kernel reports, so an
unchanged analysis gives an unchanged file.

make runs ``python -m compendium.ipynb FILE`` on each executed notebook before moving it into place. JupyterLab
(`make lab`, Binder) saves through the same function: tools/jupyter_server_config.json, copied into the
environment by make and postBuild, names :func:`pre_save` as Jupyter Server's ``ContentsManager.pre_save_hook``,
so opening, running and saving an unchanged notebook leaves it as committed.
"""
from __future__ import annotations

import sys

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


if __name__ == "__main__":
    for path in sys.argv[1:]:
        nbformat.write(strip(nbformat.read(path, as_version=4)), path)
