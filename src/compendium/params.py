"""Checking notebook parameters: the one place where every parameter's rule lives.

papermill injects parameters without checking them. Each notebook's first code cell passes its parameters to
:func:`check`, which stops with one message naming the parameter, the value given and what is allowed.
"""
from __future__ import annotations

import dataclasses
import os
import pathlib
import tempfile
from typing import Any

from . import data as data_module
from .labels import LANGUAGES


class ParameterError(ValueError):
    """A notebook parameter has a value it cannot take."""

    def __init__(self, name: str, value: Any, allowed: str):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(f"parameter '{name}' got {value!r} ({type(value).__name__}); allowed: {allowed}")


@dataclasses.dataclass
class Params:
    values: dict[str, Any]
    pkg: data_module.DataPackage | None = None

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_list(name: str, value: Any) -> list[str]:
    """A list given as a list, a tuple, or a comma-separated string ('a,b', as papermill's -p passes it)."""
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",") if v.strip()]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise ParameterError(name, value, "a list of names, e.g. ['electronics', 'light_industry'], or a "
                             "comma-separated string 'electronics,light_industry' (papermill: -y \"categories: [a, b]\" "
                             "or -p categories a,b), or 'all'")
    if not all(isinstance(v, str) for v in items):
        raise ParameterError(name, value, "a list of strings")
    return items


def _writable_dir(name: str, value: Any) -> pathlib.Path:
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise ParameterError(name, value, "a folder path (string)")
    folder = pathlib.Path(value)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as err:
        raise ParameterError(name, value, f"a folder this process can create and write to ({err.strerror})") from None
    return folder


def _data_dir(name: str, value: Any) -> pathlib.Path:
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise ParameterError(name, value, "a folder path (string) holding datapackage.json")
    folder = pathlib.Path(value)
    if not (folder / data_module.DESCRIPTOR).is_file():
        raise ParameterError(name, value, f"a folder holding {data_module.DESCRIPTOR} (looked for "
                             f"{(folder / data_module.DESCRIPTOR).resolve()}); the compendium's own is ../data from notebooks/")
    return folder


def check(**given: Any) -> Params:
    """Validate a notebook's parameters; returns them (lists parsed, folders created) with the loaded data.

    Being the first call of every notebook, it also sets pandas to show full cell text (claims are sentences)."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.width", 200)
    known = {"first_year", "last_year", "categories", "lang", "data_dir", "figures_dir", "results_dir",
             "threshold_pct", "claim_ids", "sections", "top_n"}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ParameterError(unknown[0], given[unknown[0]], f"one of the known parameter names {sorted(known)}")
    out = dict(given)
    if "lang" in given and given["lang"] not in LANGUAGES:
        raise ParameterError("lang", given["lang"], " or ".join(repr(v) for v in LANGUAGES))
    pkg = None
    if "data_dir" in given:
        out["data_dir"] = _data_dir("data_dir", given["data_dir"])
        pkg = data_module.load(out["data_dir"])
    for name in ("figures_dir", "results_dir"):
        if name in given:
            out[name] = _writable_dir(name, given[name])
    if "categories" in given:
        out["categories"] = _categories(given["categories"], pkg)
    if "first_year" in given or "last_year" in given:
        out.update(_years(given.get("first_year"), given.get("last_year"), pkg))
    if "threshold_pct" in given:
        v = given["threshold_pct"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100:
            raise ParameterError("threshold_pct", v, "a number of percent between 0 and 100")
    if "sections" in given:
        v = given["sections"]
        items = ["all"] if v == "all" else parse_list("sections", v)
        if not items or not all(i == "all" or i.isdigit() for i in items):
            raise ParameterError("sections", v, "'all' or a list of article section numbers such as ['3', '5']")
    if "top_n" in given:
        v = given["top_n"]
        if not _is_int(v) or v < 1:
            raise ParameterError("top_n", v, "a whole number of at least 1")
    return Params(out, pkg)


def _categories(value: Any, pkg: data_module.DataPackage | None) -> list[str]:
    if pkg is None:
        raise ParameterError("categories", value, "categories can only be checked together with data_dir")
    table = pkg["categories"].sort_values("order")
    codes = list(table["code"])
    by_zh = dict(zip(table["name_zh"], table["code"]))
    allowed = "'all' or a list of codes " + ", ".join(codes) + " (or their Chinese names)"
    if value == "all" or value == ["all"]:
        return codes
    items = parse_list("categories", value)
    if not items:
        raise ParameterError("categories", value, "a non-empty selection: " + allowed)
    out = []
    for item in items:
        code = by_zh.get(item, item)
        if code not in codes:
            raise ParameterError("categories", value, f"{allowed}; '{item}' is not one of them")
        if code not in out:
            out.append(code)
    return out


def _years(first: Any, last: Any, pkg: data_module.DataPackage | None) -> dict[str, int]:
    from .spotchecks import available_years

    lo, hi = available_years(pkg) if pkg is not None else (1985, 2100)
    for name, value in (("first_year", first), ("last_year", last)):
        if value is None:
            continue
        if not _is_int(value):
            raise ParameterError(name, value, f"a whole year, e.g. {lo}, written without quotes (papermill: -p {name} {lo})")
        if not lo <= value <= hi:
            raise ParameterError(name, value, f"a year the data covers, {lo} to {hi}")
    if first is not None and last is not None and first > last:
        raise ParameterError("first_year", first, f"a year not after last_year ({last})")
    return {k: v for k, v in (("first_year", first), ("last_year", last)) if v is not None}


# For people: what each parameter means and which values it takes (the README's parameters table is generated
# from this and from each notebook's own `parameters` cell). name -> (allowed values, meaning). The allowed-values
# text may name {codes} (the category codes of data/categories.csv) and {first}/{last} (the years the data
# covers); compendium.readme fills them from the data package. A notebook parameter missing here stops
# `python -m compendium readme` with a message naming it.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "lang": (" or ".join(f"`{v}`" for v in LANGUAGES), "language of figure labels and generated text"),
    "first_year": ("a year from {first} to {last}, not after `last_year`", "first year shown and checked"),
    "last_year": ("a year from {first} to {last}, not before `first_year`", "last year shown and checked"),
    "categories": ("`all`, or a list of codes ({codes}) or their Chinese names", "product categories drawn"),
    "threshold_pct": ("a number of percent from 0 to 100", "non-conformity above which a product counts as high"),
    "sections": ("`all` or a list of article section numbers such as `[\"3\", \"5\"]`", "article sections whose claims are checked"),
    "section": ("the name of one of the section notebooks made from the template", "which article section the notebook shows"),
    "claim_ids": ("a list of claim ids from `data/claims.csv`", "claims to check"),
    "top_n": ("a whole number of at least 1", "how many recurring units to list"),
    "data_dir": ("a folder holding `datapackage.json`", "the data package read"),
    "figures_dir": ("a folder this process can create and write to", "where figures are written"),
    "results_dir": ("a folder this process can create and write to", "where the results JSON is written"),
}
