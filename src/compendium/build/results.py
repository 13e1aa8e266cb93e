"""Each notebook's results file: every number it checked, as deterministic JSON written atomically."""
from __future__ import annotations

import json
import math
import os
import pathlib
from typing import Any

from .files import atomic_write


def _clean(value: Any) -> Any:
    """Plain JSON types; floats rounded to 10 significant digits so runs give byte-identical files."""
    try:
        import numpy as np
        import pandas as pd

        if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return None
        if isinstance(value, np.generic):
            value = value.item()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, pathlib.PurePath):
        return str(value)
    return value


def records(table) -> list[dict]:
    """A DataFrame's rows as dicts, missing values as None (for a results payload)."""
    return table.astype(object).where(table.notna(), None).to_dict("records")


def write(folder: str | os.PathLike, name: str, payload: dict) -> pathlib.Path:
    """Write ``folder/name.json``; a failure leaves any earlier file untouched."""
    text = json.dumps(_clean(payload), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return atomic_write(pathlib.Path(folder) / f"{name}.json",
                        lambda tmp: pathlib.Path(tmp).write_text(text, encoding="utf-8"))


def read(folder: str | os.PathLike, name: str) -> dict:
    return json.loads((pathlib.Path(folder) / f"{name}.json").read_text(encoding="utf-8"))
