"""Each notebook's results file, results/<notebook>.json: every number it checked, typed (numbers as numbers,
no formatted text to parse back), its sentences in both languages, and the identity of the data package it was
computed from (the sha256 of its datapackage.json, which records every file's hash); written deterministically
and atomically, the same file whichever language ran the notebook. And the colophon."""
from __future__ import annotations

import dataclasses
import json
import math
import pathlib
from importlib import metadata
from typing import Any

import numpy as np
import pandas as pd

from . import text
from .paths import atomic_write
from .relations import Relation

PACKAGES = ("compendium", "pandas", "numpy", "matplotlib", "seaborn", "statsmodels", "frictionless", "papermill")


def plain(value: Any) -> Any:
    """JSON types only: NA as None, numpy scalars as Python ones, floats to 10 significant digits (so that runs
    give byte-identical files), tables as lists of records."""
    if isinstance(value, pd.DataFrame):
        return plain(value.to_dict("records"))
    if isinstance(value, Relation):
        return plain(value.record())
    if isinstance(value, text.Said):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, pathlib.PurePath):
        return str(value)
    return value


class ResultsError(ValueError):
    """Results that cannot be used: missing, or computed from another data package. One line, no traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"ResultsError: {self}"]


def write(folder: pathlib.Path, notebook: str, package, payload: dict) -> pathlib.Path:
    """Write ``folder/<notebook>.json`` (``package``: the data.Package the numbers come from); a failure leaves an
    earlier file untouched."""
    content = json.dumps(plain({"notebook": notebook, "data_package": {"sha256": package.sha256}} | payload),
                         ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return atomic_write(pathlib.Path(folder) / f"{notebook}.json",
                        lambda tmp: pathlib.Path(tmp).write_text(content, encoding="utf-8"))


def read(folder: pathlib.Path, notebook: str, package) -> dict:
    """The results of ``notebook`` in ``folder``, refused unless computed from ``package``."""
    path = pathlib.Path(folder) / f"{notebook}.json"
    if not path.is_file():
        raise ResultsError(f"no results of {notebook} in {folder}: run that notebook with its results_dir there, "
                           "or read the committed results/ (the default)")
    found = json.loads(path.read_text(encoding="utf-8"))
    theirs = found.get("data_package", {}).get("sha256", "none recorded")
    if theirs != package.sha256:
        raise ResultsError(f"{path} was computed from another data package (datapackage.json sha256 {theirs[:12]}), not "
                           f"from {package.folder} ({package.sha256[:12]}): run {notebook} on this data first "
                           "(make reproduce), or give the folder of results made from it")
    return found


def colophon(lang: str = "en") -> None:
    """What the analysis ran on: the versions of the packages it used (no paths, no times)."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} not installed")
    print(text.t("colophon", lang, versions=", ".join(versions)))
