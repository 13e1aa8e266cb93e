"""Each notebook's one source and its two executed copies, and keeping committed notebooks free of what changes
from run to run or belongs to one machine.

A notebook's source is ``notebooks/NN_name.py`` (jupytext's py:percent format). A cell tagged ``en`` or ``zh``
belongs to that language's copy only (its prose, and the one-line cell naming the copy's language); every other
cell (the code) belongs to both. :func:`copy_of` reads the source with jupytext and drops the other language's
cells with nbconvert's ``TagRemovePreprocessor``.

``python -m compendium.ipynb SOURCE LANG TARGET`` (make's recipe) executes that copy into TARGET with papermill's
documented Python API, asking jupyter_client for its ``ipc`` transport (each kernel on Unix sockets of its own,
so kernels started at the same moment by separate make jobs cannot take the same TCP port, jupyter_client#487;
papermill's command line cannot choose the transport). It then applies :func:`strip` (papermill's timings, the
Python patch version, jupytext's metadata) and refuses, naming the cell, a notebook that holds a stderr stream
or a path of this machine (:func:`leaks`): those would be committed. Ctrl-C ends it with one line.

JupyterLab (`make lab`, Binder) saves through :func:`pre_save` (tools/jupyter_server_config.json names it as
Jupyter Server's ``ContentsManager.pre_save_hook``), so opening, running and saving a committed notebook with its
defaults leaves it as committed.
"""
from __future__ import annotations

import os
import re
import sys

LANGUAGES = ("en", "zh")
NOTEBOOK_KEYS = ("papermill", "widgets", "jupytext")
CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:tmp|root|home|work|Users|var|private|opt|mnt)/[^\s'\"]+")


def strip(nb):
    for key in NOTEBOOK_KEYS:
        nb.metadata.pop(key, None)
    nb.metadata.get("language_info", {}).pop("version", None)
    for i, cell in enumerate(nb.cells):
        for key in CELL_KEYS:
            cell.metadata.pop(key, None)
        # nbformat gives a cell read from a source, and papermill the cell it adds, a new random id on every run
        cell["id"] = "injected-parameters" if "injected-parameters" in cell.metadata.get("tags", []) else f"cell-{i}"
    return nb


def leaks(nb) -> list[str]:
    """What a committed notebook must not hold: output written to stderr (a warning, a log line) and paths of
    the machine that ran it; one line per cell, saying which."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            shown = out.get("text", "") if out.get("output_type") == "stream" else \
                "".join(str(v) for k, v in out.get("data", {}).items() if k.startswith("text/"))
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"cell {i} wrote to stderr: {shown.strip()[:160]!r}")
            elif MACHINE_PATH.search(shown):
                found.append(f"cell {i} shows a path of this machine: {MACHINE_PATH.search(shown).group(0)!r}")
    return found


def pre_save(model: dict, **_) -> None:
    """Jupyter Server's pre-save hook: a notebook about to be saved loses what :func:`strip` removes."""
    import nbformat

    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        model["content"] = strip(nbformat.from_dict(model["content"]))


def copy_of(source: str | os.PathLike, lang: str):
    """The ``lang`` copy of a notebook's source: every cell but those tagged with the other language."""
    import jupytext
    from nbconvert.preprocessors import TagRemovePreprocessor

    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: allowed: {', '.join(LANGUAGES)}")
    nb = jupytext.read(source, fmt="py:percent")
    other = set(LANGUAGES) - {lang}
    nb, _ = TagRemovePreprocessor(enabled=True, remove_cell_tags=other).preprocess(nb, {})
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def run(source: str, lang: str, target: str) -> None:
    """Execute the ``lang`` copy of ``source`` into ``target`` (its defaults, a python3 kernel), then strip it;
    refuse a result that holds what a committed notebook must not."""
    import tempfile

    import nbformat
    import papermill
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:   # a short path: a socket's must stay under 108 bytes
        kernel = {"transport": "ipc", "connection_file": os.path.join(sockets, "kernel.json")}
        papermill.execute_notebook(copy_of(source, lang), target, kernel_name="python3", progress_bar=False,
                                   config=Config({"KernelManager": kernel}))
    nb = strip(nbformat.read(target, as_version=4))
    found = leaks(nb)
    if found:
        os.remove(target)
        raise SystemExit(f"error: {source} ({lang}) is not committed: " + "; ".join(found) + ". A committed notebook "
                         "holds only what the compendium prints: silence the warning or remove the path at its source")
    nbformat.write(nb, target)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: python -m compendium.ipynb SOURCE LANG TARGET (run SOURCE's LANG copy with papermill into "
                 "TARGET, stripped)")
    # Ctrl-C can come at any moment: this module imports only small standard-library modules at its top,
    # so that the long imports (nbformat, papermill) happen inside the try below and end with its one line. On an
    # error or Ctrl-C, asyncio would add, at exit, the traceback of the cell whose kernel the interrupt ended ("Task
    # exception was never retrieved"): papermill no longer awaits it.
    try:
        run(*sys.argv[1:])
    except KeyboardInterrupt:
        import logging
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        sys.exit(f"interrupted: {sys.argv[1]} ({sys.argv[2]}); its copy is not put in place: the next make reproduce runs it again")
    except Exception as err:   # papermill's PapermillExecutionError names the cell and the error
        import logging
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        sys.exit(f"error: {sys.argv[1]} ({sys.argv[2]}): {str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__}"
                 f" (the executed copy with its error output: {sys.argv[3]})")
