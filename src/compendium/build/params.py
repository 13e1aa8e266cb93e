"""Notebook parameters: the one place that says which parameters each notebook declares, their defaults and
their rules.

papermill injects whatever it is given, without checking (a misspelled name only draws a warning). Each
notebook's first code cell is therefore ``p = params.check("<source>", globals())``: it compares the notebook's
globals after papermill's injected cell with :data:`DECLARED`, refuses a name the notebook does not declare,
checks every value, and stops with one message naming the parameter, the value given and what is allowed.

A run whose analysis parameters differ from the defaults but whose output folders are still the committed
``../figures`` and ``../results`` is redirected to ``build/params/<notebook>/<parameters>/``, so that running a
notebook with papermill directly never rewrites the committed outputs of the default run.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pathlib
import re
import tempfile
import types
from typing import Any

from ..analysis import data as data_module
from ..analysis.figure1 import ARTICLE_YEARS
from ..presentation.labels import LANGUAGES


class ParameterError(ValueError):
    """A notebook parameter has a value it cannot take."""

    def __init__(self, name: str, value: Any, allowed: str):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(f"parameter '{name}' got {value!r} ({type(value).__name__}); allowed: {allowed}")


# ---------------------------------------------------------------------------------------------------------
# What each notebook declares: name -> default. The keys are the notebooks' sources (paths under notebooks/
# without .ipynb); a test checks that each source's cell tagged 'parameters' declares exactly these, with these
# defaults. OUTPUT_PARAMETERS say where a run writes; every other parameter changes the analysis.
# ---------------------------------------------------------------------------------------------------------
_COMMON = {"lang": "en", "data_dir": "../data", "figures_dir": "../figures", "results_dir": "../results"}
DECLARED: dict[str, dict[str, Any]] = {
    "00_claims_ledger": {"sections": "all", **_COMMON},
    "01_figure1_spot_checks": {"first_year": ARTICLE_YEARS[0], "last_year": ARTICLE_YEARS[1], "categories": "all", **_COMMON},
    "02_raw_milk_cell_counts": dict(_COMMON),
    "03_consumer_complaints": dict(_COMMON),
    "04_quality_management_surveys": dict(_COMMON),
    "05_international_practice": dict(_COMMON),
    "06_additive_manufacturing_scenarios": {**_COMMON, "top_n": 5},
    "07_spot_checks_since_2018": {"first_year": ARTICLE_YEARS[0], "last_year": 2024, **_COMMON},
}
OUTPUT_PARAMETERS = ("figures_dir", "results_dir")
BUILD_DIR = "build/params"   # under the repository root: where runs with non-default parameters write


@dataclasses.dataclass
class Params:
    notebook: str                 # the source checked (a key of DECLARED)
    values: dict[str, Any]
    pkg: data_module.DataPackage | None = None
    changed: dict[str, Any] = dataclasses.field(default_factory=dict)   # analysis parameters that differ from defaults
    redirected_to: pathlib.Path | None = None                           # set when outputs were moved under build/

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _plain(value: Any) -> bool:
    """A value papermill can inject (what a YAML or -p value becomes)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def injected_names(namespace: dict[str, Any]) -> set[str]:
    """Names in a notebook's globals that could have been set by papermill: public names holding plain values
    (IPython's own names, modules, functions and objects are left out)."""
    hidden: set[str] = set()
    try:
        hidden = set(get_ipython().user_ns_hidden)  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        pass
    return {k for k, v in namespace.items()
            if not k.startswith("_") and k not in hidden and not isinstance(v, types.ModuleType) and _plain(v)}


def parse_list(name: str, value: Any, example: str = "['electronics', 'light_industry']") -> list[str]:
    """A list given as a list, a tuple, or a comma-separated string ('a,b', as papermill's -p passes it)."""
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",") if v.strip()]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise ParameterError(name, value, f"a list of names, e.g. {example}, or a comma-separated string "
                             f"(papermill: -y \"{name}: [a, b]\" or -p {name} a,b), or 'all'")
    if not all(isinstance(v, str) for v in items):
        raise ParameterError(name, value, f"a list of strings, e.g. {example}")
    return items


def parse_cli_value(name: str, text: str) -> Any:
    """A command-line value read as YAML (numbers, lists '[a, b]', strings), as papermill's -y would; a value
    that is not YAML is refused with the parameter's name instead of a parser traceback."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        at = f" at column {where.column + 1}" if where is not None else ""
        raise ParameterError(name, text, f"a YAML value (a number, a string, or a list written [a, b]); "
                             f"this one does not parse{at}: {getattr(err, 'problem', None) or err}") from None


def _creatable(name: str, folder: pathlib.Path) -> None:
    """Refuse a folder that cannot be created or written, before anything is created."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise ParameterError(name, str(folder), f"a folder this process can create and write to ({existing} is "
                             f"{'not a folder' if not existing.is_dir() else 'not writable'})")


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


def check(notebook: str, namespace: dict[str, Any]) -> Params:
    """Validate the parameters of ``notebook`` (a key of :data:`DECLARED`) as found in its globals.

    Returns them (lists parsed, folders created) with the loaded data. Being the first call of every notebook,
    it also sets pandas to show full cell text (claims are sentences)."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.width", 200)
    if notebook not in DECLARED:
        raise ValueError(f"no parameters declared for notebook {notebook!r}; known: {sorted(DECLARED)}")
    declared = DECLARED[notebook]
    unknown = sorted(injected_names(namespace) - set(declared))
    if unknown:
        raise ParameterError(unknown[0], namespace[unknown[0]], f"a parameter this notebook declares: "
                             f"{', '.join(declared)} (check the spelling)")
    missing = [k for k in declared if k not in namespace]
    if missing:
        raise ParameterError(missing[0], None, "a value; the cell tagged 'parameters' must set every declared "
                             f"parameter ({', '.join(declared)})")
    return validate(notebook, {k: namespace[k] for k in declared})


def validate(notebook: str, given: dict[str, Any]) -> Params:
    """Check each value of ``given`` (every parameter ``notebook`` declares) against its rule."""
    out = dict(given)
    if given["lang"] not in LANGUAGES:
        raise ParameterError("lang", given["lang"], " or ".join(repr(v) for v in LANGUAGES))
    out["data_dir"] = _data_dir("data_dir", given["data_dir"])
    for name in OUTPUT_PARAMETERS:
        if not isinstance(given[name], (str, os.PathLike)) or not str(given[name]):
            raise ParameterError(name, given[name], "a folder path (string)")
    pkg = data_module.load(out["data_dir"])
    if "categories" in given:
        out["categories"] = _categories(given["categories"], pkg)
    if "first_year" in given:
        out.update(_years(notebook, given["first_year"], given["last_year"], out.get("categories"), pkg))
    if "sections" in given:
        out["sections"] = _sections(given["sections"], pkg)
    if "top_n" in given:
        v = given["top_n"]
        if not _is_int(v) or v < 1:
            raise ParameterError("top_n", v, "a whole number of at least 1")
    p = Params(notebook, out, pkg)
    p.changed = _changed(notebook, out, pkg)
    _outputs(p, given)
    return p


# ---------------------------------------------------------------------------------------------------------
# Rules of single parameters
# ---------------------------------------------------------------------------------------------------------
def _categories(value: Any, pkg: data_module.DataPackage) -> list[str]:
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


def year_range(notebook: str, pkg: data_module.DataPackage, categories: list[str] | None = None) -> tuple[int, int, list[int]]:
    """The years a notebook accepts: (lowest, highest, years that must meet the selection).

    Notebook 07 follows the national series: any year the data speaks of. Figure 1 draws categories: the
    selection must include at least one year in which a selected category has a known (printed or derived) rate."""
    from ..analysis.spotchecks import MISSING, available_years, rate_grid

    lo, hi = available_years(pkg)
    if notebook != "01_figure1_spot_checks":
        return lo, hi, list(range(lo, hi + 1))
    grid = rate_grid(pkg, lo, hi, categories or list(pkg["categories"]["code"]))
    known = sorted({int(y) for y in grid.loc[grid["status"] != MISSING, "year"]})
    return lo, hi, known


def _span(years: list[int]) -> str:
    return f"{years[0]} to {years[-1]}" if years == list(range(years[0], years[-1] + 1)) else ", ".join(map(str, years))


def _years(notebook: str, first: Any, last: Any, categories, pkg: data_module.DataPackage) -> dict[str, int]:
    lo, hi, needed = year_range(notebook, pkg, categories)
    for name, value in (("first_year", first), ("last_year", last)):
        if not _is_int(value):
            raise ParameterError(name, value, f"a whole year from {lo} to {hi}, written without quotes "
                                 f"(papermill: -p {name} {lo})")
        if not lo <= value <= hi:
            raise ParameterError(name, value, f"a year the data covers, {lo} to {hi}")
    if first > last:
        raise ParameterError("first_year", first, f"a year not after last_year ({last}); the data covers {lo} to {hi}")
    if not any(first <= y <= last for y in needed):
        raise ParameterError("last_year" if last < needed[0] else "first_year", last if last < needed[0] else first,
                             f"a span {first}-{last} that includes a year with a known category rate for Figure 1 "
                             f"({_span(needed)}); otherwise every category line would be empty")
    return {"first_year": first, "last_year": last}


def _sections(value: Any, pkg: data_module.DataPackage) -> list[str] | None:
    """'all' (None: every section) or article section numbers; each must match a section of the ledger."""
    present = sorted(pkg["claims"]["section"].unique(), key=lambda s: [int(x) for x in s.split(".") if x.isdigit()])
    tops = sorted({s.split(".")[0] for s in present}, key=int)
    allowed = (f"'all' or a list of article section numbers, each a top-level section ({', '.join(tops)}) or a "
               f"subsection ({', '.join(present)}) of the ledger; e.g. -y \"sections: ['3', '5']\" or -p sections 3,5")
    if value == "all" or value == ["all"]:
        return None
    if _is_int(value):
        value = str(value)
    if isinstance(value, list):
        value = [str(v) if _is_int(v) or isinstance(v, float) else v for v in value]
    if isinstance(value, float):
        value = str(value)
    if not isinstance(value, (str, list, tuple)):
        raise ParameterError("sections", value, allowed)
    items = parse_list("sections", value, "['3', '5']")
    if not items:
        raise ParameterError("sections", value, "a non-empty selection: " + allowed)
    out = []
    for item in items:
        match = [s for s in present if s == item or s.split(".")[0] == item]
        if not match:
            raise ParameterError("sections", value, f"{allowed}; '{item}' matches no section")
        out += [s for s in match if s not in out]
    return out


# ---------------------------------------------------------------------------------------------------------
# Where a run writes
# ---------------------------------------------------------------------------------------------------------
def _changed(notebook: str, out: dict[str, Any], pkg) -> dict[str, Any]:
    """Analysis parameters whose (checked) value differs from the notebook's default."""
    defaults = DECLARED[notebook]
    changed = {}
    for name, default in defaults.items():
        if name in OUTPUT_PARAMETERS:
            continue
        given = out[name]
        if name == "data_dir":
            same = pathlib.Path(given).resolve() == pathlib.Path(default).resolve()
        elif name == "categories":
            same = given == _categories(default, pkg)
        elif name == "sections":
            same = given == _sections(default, pkg)
        else:
            same = given == default and type(given) is type(default)
        if not same:
            changed[name] = given
    return changed


def _committed(folder: pathlib.Path) -> bool:
    """Is ``folder`` the committed figures/ or results/ of a compendium checkout (a folder holding
    pyproject.toml and data/datapackage.json)? A runner's staging tree has neither pyproject.toml nor .git."""
    folder = folder.resolve()
    root = folder.parent
    return (folder.name in ("figures", "results") and (root / "pyproject.toml").is_file()
            and (root / "data" / data_module.DESCRIPTOR).is_file())


def run_folder(notebook: str, changed: dict[str, Any]) -> str:
    """``<notebook>/<name=value,...>`` for a run with non-default parameters (long values shortened by hash)."""
    name = notebook.split("/")[-1]
    parts = []
    for k, v in sorted(changed.items()):
        text = ",".join(map(str, v)) if isinstance(v, (list, tuple)) else str(pathlib.Path(v).name if k == "data_dir" else v)
        text = re.sub(r"[^A-Za-z0-9_.,\-]+", "_", text)
        if len(text) > 40 or k == "data_dir":
            text = text[:20] + "-" + hashlib.sha256(str(v).encode()).hexdigest()[:8]
        parts.append(f"{k}={text}")
    return f"{name}/{'_'.join(parts)}"


def _outputs(p: Params, given: dict[str, Any]) -> None:
    """Create the output folders; move them under build/ when the analysis is not the default one but the
    folders are still the committed ones."""
    folders = {name: pathlib.Path(given[name]) for name in OUTPUT_PARAMETERS}
    if p.changed and any(_committed(f) for f in folders.values()):
        root = next(f for f in folders.values() if _committed(f)).resolve().parent
        base = root / BUILD_DIR / run_folder(p.notebook, p.changed)
        for name, folder in folders.items():
            if _committed(folder):
                folders[name] = base / folder.resolve().name
        p.redirected_to = base
    for name, folder in folders.items():
        _creatable(name, folder)
    created = [f for folder in folders.values() for f in (folder.absolute(), *folder.absolute().parents) if not f.exists()]
    try:
        for name, folder in folders.items():
            p.values[name] = _writable_dir(name, folder)
    except ParameterError:
        for f in sorted(set(created), key=lambda f: -len(f.parts)):   # a refused run leaves no empty folder behind
            with contextlib.suppress(OSError):
                f.rmdir()
        raise
    if p.redirected_to is not None:
        where = p.redirected_to.relative_to(root)
        print(f"Parameters differ from the defaults ({', '.join(f'{k}={v!r}' for k, v in p.changed.items())}): "
              f"figures and results go to {where}/ in {root.name}/, so the committed figures/ and results/ keep the "
              "default run.")


# For people: what each parameter means and which values it takes (the README's parameters table is generated
# from this and from each notebook's own `parameters` cell). name -> (allowed values, meaning). The allowed-values
# text may name {codes} (the category codes of data/categories.csv) and {first}/{last} (the years the data
# covers); compendium.build.readme fills them from the data package. A notebook parameter missing here stops
# `python -m compendium readme` with a message naming it.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "lang": (" or ".join(f"`{v}`" for v in LANGUAGES), "language of figure labels and generated text"),
    "first_year": ("a year from {first} to {last}, not after `last_year` (Figure 1: the span must include a year "
                   "with a known category rate)", "first year shown and checked"),
    "last_year": ("a year from {first} to {last}, not before `first_year`", "last year shown and checked"),
    "categories": ("`all`, or a list of codes ({codes}) or their Chinese names", "product categories drawn"),
    "sections": ("`all` or a list of article sections or subsections that the ledger holds, such as `[\"3\", \"5.1\"]`",
                 "article sections whose claims are checked"),
    "top_n": ("a whole number of at least 1", "how many recurring units to list"),
    "data_dir": ("a folder holding `datapackage.json`", "the data package read"),
    "figures_dir": ("a folder this process can create and write to", "where figures are written"),
    "results_dir": ("a folder this process can create and write to", "where the results JSON is written"),
}
