"""Notebooks executed for the tests with other parameters (a Chinese run, other spans), once per test process,
into a temporary folder: papermill's Python API with the python3 kernel, as a reader runs them. The committed
notebooks are never touched.

Also the text a reader sees of an executed notebook: every Markdown, HTML and plain-text output."""
from __future__ import annotations

import atexit
import functools
import html
import json
import pathlib
import re
import shutil
import tempfile

from tests.conftest import ROOT

_TMP = pathlib.Path(tempfile.mkdtemp(prefix="compendium-test-runs-"))
atexit.register(shutil.rmtree, _TMP, True)


@functools.cache
def run(name: str, **parameters) -> pathlib.Path:
    """``notebooks/<name>.ipynb`` executed with ``parameters`` (outputs into a temporary folder); the path of the
    executed copy and beside it ``results/<name>.json``."""
    import papermill

    tag = "-".join(f"{k}={v}" for k, v in sorted(parameters.items())) or "default"
    out = _TMP / name / re.sub(r"[^\w=.-]", "_", tag)
    out.mkdir(parents=True)
    papermill.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(out / f"{name}.ipynb"),
                               parameters={**parameters, "figures_dir": str(out / "figures"),
                                           "results_dir": str(out / "results")},
                               kernel_name="python3", cwd=str(ROOT / "notebooks"), progress_bar=False)
    return out / f"{name}.ipynb"


def results_of(executed: pathlib.Path) -> dict:
    return json.loads((executed.parent / "results" / f"{executed.stem}.json").read_text(encoding="utf-8"))


def outputs(path: pathlib.Path) -> list[tuple[str, str]]:
    """(mime type or 'stream', text) of every output of an executed notebook."""
    nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if "text" in out:
                found.append(("stream", "".join(out["text"])))
            for mime, data in out.get("data", {}).items():
                if mime in ("text/markdown", "text/html", "text/plain"):
                    found.append((mime, "".join(data) if isinstance(data, list) else data))
    return found


def readable(path: pathlib.Path) -> str:
    """All the text a reader of the notebook sees: Markdown as written, HTML without tags and entities."""
    parts = []
    for mime, text in outputs(path):
        if mime == "text/html":
            text = html.unescape(re.sub(r"<img\b[^>]*>", " ", text))
        parts.append(text)
    return "\n".join(parts)
