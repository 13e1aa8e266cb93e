"""Each notebook's results file, results/<notebook>.json: every number it checked, typed (numbers as numbers,
no formatted text to parse back), written deterministically and atomically; and the colophon."""
from __future__ import annotations

import json
import math
import pathlib
from importlib import metadata
from typing import Any

import numpy as np
import pandas as pd

from .paths import atomic_write

PACKAGES = ("compendium", "pandas", "numpy", "matplotlib", "seaborn", "statsmodels", "frictionless", "papermill")


def plain(value: Any) -> Any:
    """JSON types only: NA as None, numpy scalars as Python ones, floats to 10 significant digits (so that runs
    give byte-identical files), tables as lists of records."""
    if isinstance(value, pd.DataFrame):
        return plain(value.to_dict("records"))
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


def write(folder: pathlib.Path, notebook: str, payload: dict) -> pathlib.Path:
    """Write ``folder/<notebook>.json``; a failure leaves an earlier file untouched."""
    content = json.dumps(plain({"notebook": notebook} | payload), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return atomic_write(pathlib.Path(folder) / f"{notebook}.json",
                        lambda tmp: pathlib.Path(tmp).write_text(content, encoding="utf-8"))


def read(folder: pathlib.Path, notebook: str) -> dict:
    path = pathlib.Path(folder) / f"{notebook}.json"
    if not path.is_file():
        raise FileNotFoundError(f"no results of {notebook} in {folder}: run that notebook first (make reproduce "
                                "runs every notebook in order)")
    return json.loads(path.read_text(encoding="utf-8"))


def colophon() -> None:
    """What the analysis ran on: the versions of the packages it used (no paths, no times)."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} not installed")
    print("Colophon: " + ", ".join(versions))
