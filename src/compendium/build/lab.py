"""JupyterLab saves a notebook as the runner writes it, so opening, running and saving an unchanged notebook
leaves the committed file as it was.

A kernel started in JupyterLab reports its ``language_info`` (with the Python patch version), JupyterLab puts it
into the notebook's metadata, marks the notebook modified and autosaves it. The committed notebooks carry no
patch version (it would differ between the Pythons the compendium supports), so that save changed them. The
server's documented ``pre_save_hook`` (``ContentsManager.pre_save_hook``) runs :func:`pre_save`, which removes
what the runner removes (:func:`compendium.build.runner.clean`) from every notebook before it is written.

``python -m compendium.build.lab`` writes the server setting into the environment's
``{sys.prefix}/etc/jupyter/jupyter_server_config.json``, keeping any other setting there (Jupyter Server reads
a ``jupyter_server_config.d`` folder for extensions only); make and Binder's ``postBuild`` run it.
"""
from __future__ import annotations

import json
import pathlib
import sys

HOOK = "compendium.build.lab.pre_save"


def pre_save(model: dict, path: str = "", contents_manager=None, **_) -> None:
    """Jupyter Server calls this with the model about to be saved: a notebook loses its volatile metadata."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    import nbformat

    from .runner import clean

    model["content"] = clean(nbformat.from_dict(model["content"]))


def config_path(prefix: str | pathlib.Path = sys.prefix) -> pathlib.Path:
    return pathlib.Path(prefix) / "etc" / "jupyter" / "jupyter_server_config.json"


def install(prefix: str | pathlib.Path = sys.prefix) -> pathlib.Path:
    """Set the server setting that runs :func:`pre_save` in the environment at ``prefix``."""
    path = config_path(prefix)
    config = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    config.setdefault("ContentsManager", {})["pre_save_hook"] = HOOK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"JupyterLab saves notebooks through {HOOK}: {install()}")
