"""Notebook parameters: declared once, in each notebook's cell tagged ``parameters``; checked by one pydantic
model per notebook.

The cell is the only place a parameter's name, type, default and help live, one line each, as papermill reads
them (``papermill --help-notebook``)::

    first_year: int = 2014   # first year shown and checked

The models below hold the rules and nothing else: their fields have no defaults (the values come from the
notebook's globals, where the cell and papermill's injected cell put them), and each field's ``description`` says
which values are allowed. Rules that depend on the data (the years a notebook can show, the category codes and
their Chinese names, the ledger's sections) read the data package given in the validation context.

The first code cell of every notebook is ``p = params.check("<notebook>", globals())``. It validates and
returns the model. It loads the data package only when a rule needs it, and keeps nothing of it; it sets no
option and creates no folder. Where a run writes: the folders the parameters name, and nowhere in a copy of the
compendium but its ``figures/`` and ``results/`` (for the default run of its own notebooks) and ``build/``; a
run whose other parameters differ from the notebook's defaults and whose folders are still the committed ones is
refused, with the papermill command that runs it into scratch folders (see :func:`where_it_writes`).
"""
from __future__ import annotations

import ast
import difflib
import functools
import json
import os
import pathlib
import shlex
import sys
import tempfile
import types
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, Strict, TypeAdapter,
                      ValidationError, ValidationInfo, model_validator)
from pydantic_core import PydanticCustomError

from ..analysis import data as data_module
from ..presentation.text import LANGUAGES
from .files import unwritable

OUTPUT_PARAMETERS = ("figures_dir", "results_dir")
WRITABLE_PARTS = ("figures", "results", "build")   # what a run may write inside a copy of the compendium


class ParameterError(ValueError):
    """A notebook parameter has a value it cannot take. In a notebook (and so through papermill) it shows as
    this one message, without a traceback: IPython calls :meth:`_render_traceback_`."""

    def __init__(self, name: str, value: Any, allowed: str, problem: str = "", hint: str = ""):
        self.name, self.value, self.allowed, self.problem, self.hint = name, value, allowed, problem, hint
        super().__init__(f"parameter '{name}' got {value!r} ({type(value).__name__})" + (f": {problem}" if problem else "")
                         + f"; allowed: {allowed}" + (f". {hint}" if hint else ""))

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


def _refuse(problem: str, name: str | None = None, value: Any = None, hint: str = "") -> PydanticCustomError:
    """A rule's refusal inside a validator: what is wrong with the value (the message adds the field's allowed
    values); ``name`` and ``value`` for a rule over several parameters."""
    return PydanticCustomError("parameter", "{problem}", {"problem": problem, "name": name, "value": value, "hint": hint})


# ---------------------------------------------------------------------------------------------------------
# Values the rules (and their descriptions) name, read from the data package of the validation context
# ---------------------------------------------------------------------------------------------------------
def _pkg(info: ValidationInfo) -> data_module.DataPackage:
    return (info.context or {})["pkg"]


def data_fields(pkg: data_module.DataPackage | None) -> dict[str, str]:
    """What the descriptions' placeholders stand for: {first}/{last} (the years the data covers), {codes} and
    {names} (the categories of data/categories.csv), {sections} (the ledger's top-level article sections)."""
    if pkg is None:
        return {}
    from ..analysis.spotchecks import available_years

    first, last = available_years(pkg)
    table = pkg["categories"].sort_values("order")
    return {"first": str(first), "last": str(last), "codes": ", ".join(table["code"]), "names": "、".join(table["name_zh"]),
            "sections": ", ".join(_top_sections(pkg))}


def _sections_present(pkg) -> list[str]:
    return sorted(pkg["claims"]["section"].unique(), key=lambda s: [int(x) for x in s.split(".") if x.isdigit()])


def _top_sections(pkg) -> list[str]:
    return sorted({s.split(".")[0] for s in _sections_present(pkg)}, key=int)


# ---------------------------------------------------------------------------------------------------------
# Rules of single parameters
# ---------------------------------------------------------------------------------------------------------
def _text_path(value: Any) -> pathlib.Path:
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise _refuse("not a folder path")
    return pathlib.Path(value)


def _data_dir(folder: pathlib.Path) -> pathlib.Path:
    descriptor = folder / data_module.DESCRIPTOR
    if not descriptor.is_file():
        # A relative path is read from the kernel's folder, which the runner stages in a temporary tree: name the
        # path as given, never the folder it resolved to.
        raise _refuse(f"no {descriptor}" + ("" if folder.is_absolute() else ", read from the folder the notebook runs in"))
    return folder


def clone_part(folder: pathlib.Path) -> tuple[pathlib.Path, str] | None:
    """(root, part) when ``folder`` lies inside a copy of the compendium (a folder holding pyproject.toml and
    data/datapackage.json): ``part`` is the top folder it lies in ('figures', 'data', ...; '' for the root)."""
    folder = folder.resolve()
    for root in (folder, *folder.parents):
        if (root / "pyproject.toml").is_file() and (root / "data" / data_module.DESCRIPTOR).is_file():
            parts = folder.relative_to(root).parts
            return root, parts[0] if parts else ""
    return None


def _output_dir(folder: pathlib.Path) -> pathlib.Path:
    inside = clone_part(folder)
    if inside and inside[1] not in WRITABLE_PARTS:
        root, part = inside
        raise _refuse(f"that is {'the ' + part + '/ folder of' if part else 'the root folder of'} a copy of the "
                      f"compendium ({root}), whose committed files no run may change")
    problem = unwritable(folder)
    if problem:
        raise _refuse(problem)
    return folder


def _strings(name: str, value: Any, example: str) -> list[str]:
    """A list given as a list, a tuple, or a comma-separated string ('a,b', as papermill's -p passes it)."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) for v in value):
            raise _refuse(f"not a list of strings such as {example}")
        return [v.strip() for v in value]
    raise _refuse(f"not a list of names such as {example}, nor names separated by commas (papermill: -p {name} a,b)")


def _list_hint(name: str, value: Any) -> str:
    """What a reader most likely meant by a selection that is refused."""
    items = [value] if isinstance(value, str) else value if isinstance(value, (list, tuple)) else []
    text = " ".join(v for v in items if isinstance(v, str))
    if any(c in text for c in "，、；"):
        return "Hint: separate names with an ASCII comma ','; the value holds a full-width '，' or '、'"
    if text.startswith("["):
        return (f"Hint: papermill's -p passes [a, b] as text; give a,b with -p, or a list with -y "
                f"(papermill -y \"{name}: [a, b]\")")
    return ""


def _categories(value: Any, info: ValidationInfo) -> list[str]:
    table = _pkg(info)["categories"].sort_values("order")
    codes = list(table["code"])
    by_zh = dict(zip(table["name_zh"], table["code"]))
    if value in ("all", ["all"]):
        return codes
    items = _strings("categories", value, "['electronics', 'light_industry']")
    if not items:
        raise _refuse("an empty selection; a non-empty one is needed")
    out = []
    for item in items:
        code = by_zh.get(item, item)
        if code not in codes:
            raise _refuse(f"'{item}' is not a category code or Chinese name", hint=_list_hint("categories", value))
        if code not in out:
            out.append(code)
    return out


def _sections(value: Any, info: ValidationInfo) -> list[str] | None:
    """None (every section) for 'all', else the ledger's sections that the article section numbers name."""
    if value in ("all", ["all"]):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str, list, tuple)):
        raise _refuse("not article section numbers")
    if isinstance(value, (int, float)):         # papermill's -p reads 3 as a number, 3.3 as a decimal one
        value = str(value)
    if isinstance(value, (list, tuple)):
        value = [str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in value]
    items = _strings("sections", value, "['3', '5']")
    if not items:
        raise _refuse("an empty selection; a non-empty one is needed")
    present = _sections_present(_pkg(info))
    out = []
    for item in items:
        match = [s for s in present if s == item or s.split(".")[0] == item]
        if not match:
            raise _refuse(f"'{item}' matches no section of the ledger", hint=_list_hint("sections", value))
        out += [s for s in match if s not in out]
    return out


def year_range(notebook: str, pkg: data_module.DataPackage, categories: list[str] | None = None) -> tuple[int, int, list[int]]:
    """The years a notebook accepts: (lowest, highest, years of which the selection must include one).

    Notebook 07 follows the national series: any year the data speaks of. Figure 1 draws categories: the span
    must include a year in which a selected category has a known (printed or derived) rate."""
    from ..analysis.spotchecks import MISSING, available_years, rate_grid

    lo, hi = available_years(pkg)
    if notebook != "01_figure1_spot_checks":
        return lo, hi, list(range(lo, hi + 1))
    grid = rate_grid(pkg, lo, hi, categories or list(pkg["categories"]["code"]))
    return lo, hi, sorted({int(y) for y in grid.loc[grid["status"] != MISSING, "year"]})


def _year(value: int, info: ValidationInfo) -> int:
    from ..analysis.spotchecks import available_years

    lo, hi = available_years(_pkg(info))
    if not lo <= value <= hi:
        raise _refuse(f"outside the years the data covers, {lo} to {hi}")
    return value


def _span(years: list[int]) -> str:
    return f"{years[0]} to {years[-1]}" if years == list(range(years[0], years[-1] + 1)) else ", ".join(map(str, years))


# ---------------------------------------------------------------------------------------------------------
# The models: one per notebook, sharing Common. A field's description is its allowed values (the README's
# parameters table shows them; {placeholders} are filled from the data package, see data_fields).
# ---------------------------------------------------------------------------------------------------------
Folder = Annotated[pathlib.Path, BeforeValidator(_text_path)]
DataDir = Annotated[Folder, AfterValidator(_data_dir)]
OutputDir = Annotated[Folder, AfterValidator(_output_dir)]
Year = Annotated[int, Strict(), AfterValidator(_year)]
OUTPUT_ALLOWED = ("a folder path (string) this process can create and write to, outside the data/ and notebooks/ of every "
                  "copy of the compendium (and outside its figures/ and results/ when other parameters differ from the "
                  "defaults)")


class Common(BaseModel):
    """Every notebook's parameters."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    needs_data: ClassVar[bool] = False            # do the rules read the data package?

    lang: Literal[LANGUAGES] = Field(description=" or ".join(f"'{v}'" for v in LANGUAGES))
    data_dir: DataDir = Field(description="a folder path (string) holding datapackage.json, absolute or relative to "
                                          "the folder the notebook runs in (the compendium's own: ../data from "
                                          "notebooks/, where papermill is run)")
    figures_dir: OutputDir = Field(description=OUTPUT_ALLOWED)
    results_dir: OutputDir = Field(description=OUTPUT_ALLOWED)

    _changed: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def changed(self) -> dict[str, Any]:
        """The parameters (other than output folders) whose checked value differs from the notebook's default."""
        return dict(self._changed)


class YearSpan(Common):
    needs_data: ClassVar[bool] = True
    first_year: Year = Field(description="a whole year from {first} to {last}, not after last_year, written without "
                                         "quotes (papermill: -p first_year {first})")
    last_year: Year = Field(description="a whole year from {first} to {last}, not before first_year, written without "
                                        "quotes (papermill: -p last_year {last})")

    @model_validator(mode="after")
    def _ordered(self) -> YearSpan:
        if self.first_year > self.last_year:
            raise _refuse(f"later than last_year ({self.last_year})", "first_year", self.first_year)
        return self


class ClaimsLedger(Common):
    needs_data: ClassVar[bool] = True
    sections: Annotated[list[str] | None, BeforeValidator(_sections)] = Field(
        description="'all', or a list of article section numbers, each a top-level section ({sections}) or one of its "
                    "subsections that the ledger holds, e.g. -y \"sections: ['3', '5.1']\" or -p sections 3,5")


class Figure1(YearSpan):
    categories: Annotated[list[str], BeforeValidator(_categories)] = Field(
        description="'all', or category codes ({codes}) or their Chinese names ({names}), as a list or separated by "
                    "commas")

    @model_validator(mode="after")
    def _drawable(self, info: ValidationInfo) -> Figure1:
        _, _, known = year_range("01_figure1_spot_checks", _pkg(info), self.categories)
        if not any(self.first_year <= y <= self.last_year for y in known):
            name = "last_year" if self.last_year < known[0] else "first_year"
            raise _refuse(f"the span {self.first_year}-{self.last_year} holds no year with a known category rate "
                          f"for Figure 1 ({_span(known)}), so every category line would be empty", name, getattr(self, name))
        return self


class Scenarios(Common):
    top_n: Annotated[int, Strict(), Field(ge=1)] = Field(description="a whole number of at least 1")


# A notebook of the registry without a model of its own takes Common's.
MODELS: dict[str, type[Common]] = {
    "00_claims_ledger": ClaimsLedger,
    "01_figure1_spot_checks": Figure1,
    "06_additive_manufacturing_scenarios": Scenarios,
    "07_spot_checks_since_2018": YearSpan,
}


def model_for(notebook: str) -> type[Common]:
    source_path(notebook)   # refuses a notebook the registry does not know
    return MODELS.get(notebook, Common)


# ---------------------------------------------------------------------------------------------------------
# The defaults: read from the notebook's own cell tagged 'parameters'
# ---------------------------------------------------------------------------------------------------------
def source_path(notebook: str) -> str:
    """The file under notebooks/ that papermill runs for ``notebook`` (a registry name, or a source without .ipynb)."""
    from . import notebooks

    for nb in notebooks.NOTEBOOKS:
        if notebook in (nb.name, nb.source_path.removesuffix(".ipynb")):
            return nb.source_path
    raise ValueError(f"no notebook {notebook!r} in the registry (compendium.build.notebooks); known: {notebooks.names()}")


def source_file(notebook: str) -> pathlib.Path:
    """The notebook file the defaults are read from: in the copy of the compendium the code runs from (an
    editable install), else in the one around the current folder (the kernel's folder is the notebook's), else in
    the one whose data/ the folder beside it links to (the runner's staging tree, with an installed package)."""
    from ..paths import PACKAGE_DIR

    relative = pathlib.Path("notebooks") / source_path(notebook)
    candidates = [PACKAGE_DIR.parents[1] / relative]
    here = pathlib.Path.cwd().resolve()
    candidates += [folder / relative for folder in (here, *here.parents)]
    candidates.append((here.parent / "data").resolve().parent / relative)
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"cannot read the defaults of {notebook}: notebooks/{source_path(notebook)} is neither in "
                            f"{PACKAGE_DIR.parents[1]} nor at or above {here}")


def parameters_cell(path: pathlib.Path) -> str:
    """The source of the cell tagged 'parameters' of the notebook at ``path``."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return "".join(cell["source"])
    raise ValueError(f"{path} has no cell tagged 'parameters'")


@functools.lru_cache(maxsize=32)
def _declared(path: str, mtime_ns: int) -> types.MappingProxyType:
    out = {}
    for node in ast.parse(parameters_cell(pathlib.Path(path))).body:
        target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(target, ast.Name) and node.value is not None:
            out[target.id] = ast.literal_eval(node.value)
    return types.MappingProxyType(out)


def declared(notebook: str, path: pathlib.Path | None = None) -> dict[str, Any]:
    """Each parameter of ``notebook`` and its default, in the order of its cell tagged 'parameters'."""
    path = path or source_file(notebook)
    return dict(_declared(str(path), path.stat().st_mtime_ns))


# ---------------------------------------------------------------------------------------------------------
# Checking a notebook's globals
# ---------------------------------------------------------------------------------------------------------
def _plain(value: Any) -> bool:
    """A value papermill can inject (what a -p, -y or -f value becomes)."""
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


def allowed_values(model: type[Common], name: str, fields: dict[str, str]) -> str:
    """The allowed values of parameter ``name`` (its field's description), with the values of the data package
    (:func:`data_fields`) filled in."""
    field = model.model_fields.get(name)
    text = field.description if field is not None and field.description else "a value"
    return text.format_map(fields) if fields else text


def _error(model: type[Common], err: ValidationError, fields: dict[str, str], name: str | None = None) -> ParameterError:
    """The first refusal of a validation, as one ParameterError naming the parameter, the value and what is allowed."""
    first = err.errors(include_url=False)[0]
    ctx = first.get("ctx") or {}
    name = ctx.get("name") or (str(first["loc"][0]) if first["loc"] else name)
    value = ctx["value"] if ctx.get("name") else first["input"]
    return ParameterError(name, value, allowed_values(model, name, fields), ctx.get("problem", ""), ctx.get("hint", ""))


def check(notebook: str, namespace: dict[str, Any]) -> Common:
    """Validate the parameters of ``notebook`` (a name of the registry) as found in its globals and return them.

    Reads the defaults from the notebook's own cell tagged 'parameters'; reads the data package only when a
    rule needs it (and keeps nothing of it). Stops with one :class:`ParameterError` at the first refusal."""
    model = model_for(notebook)
    path = source_file(notebook)
    defaults = declared(notebook, path)
    given = {k: namespace[k] for k in injected_names(namespace)}
    names = list(defaults) + [k for k in model.model_fields if k not in defaults]
    unknown = sorted(set(given) - set(model.model_fields))
    if unknown:
        close = difflib.get_close_matches(unknown[0], names, n=1)
        raise ParameterError(unknown[0], given[unknown[0]], f"a parameter this notebook declares: {', '.join(names)}",
                             "no parameter of that name", f"Did you mean '{close[0]}'?" if close else "Check the spelling.")
    missing = [k for k in model.model_fields if k not in given]
    if missing:
        raise ParameterError(missing[0], None, f"a value for each of {', '.join(names)}", "no value: the cell tagged "
                             "'parameters' must set every parameter")
    context = {"notebook": notebook}
    if not model.needs_data:
        p = _validate(model, given, context)
    else:
        try:
            folder = TypeAdapter(DataDir).validate_python(given["data_dir"])
        except ValidationError as err:
            raise _error(model, err, {}, "data_dir") from None
        # The rules read the tables unverified (a fifth of a verified load's time): the notebook's own
        # data.load(p.data_dir), its next step, verifies them. Should damaged data break a rule, that load says why.
        context["pkg"] = data_module.load(folder, verify=False)
        try:
            p = _validate(model, given, context)
        except ParameterError:
            raise
        except Exception:
            data_module.load(folder)
            raise
    where_it_writes(p, notebook, path, given, defaults, context)
    return p


def _validate(model: type[Common], given: dict[str, Any], context: dict) -> Common:
    try:
        return model.model_validate(given, context=context)
    except ValidationError as err:
        raise _error(model, err, data_fields(context.get("pkg"))) from None


# ---------------------------------------------------------------------------------------------------------
# Where a run writes
# ---------------------------------------------------------------------------------------------------------
def changed(p: Common, given: dict[str, Any], defaults: dict[str, Any], context: dict) -> dict[str, Any]:
    """The parameters (output folders aside) whose checked value differs from the checked default,
    each with the value given. A value given as written in the cell is the default; another is checked by its
    field's rules and compared (so categories ["all"] and "all", or ../data and its absolute path, are the same)."""
    model = type(p)
    out = {}
    for name in model.model_fields:
        if name in OUTPUT_PARAMETERS:
            continue
        if type(given[name]) is type(defaults.get(name)) and given[name] == defaults[name]:
            continue
        try:
            default = _field_adapter(model, name).validate_python(defaults.get(name), context=context)
        except ValidationError:   # a default the given data package does not allow
            out[name] = given[name]
            continue
        mine = getattr(p, name)
        if name == "data_dir":
            mine, default = mine.resolve(), default.resolve()
        if mine != default:
            out[name] = given[name]
    return out


@functools.cache
def _field_adapter(model: type[Common], name: str) -> TypeAdapter:
    """Validates one field of ``model`` on its own, with its rules."""
    field = model.model_fields[name]
    return TypeAdapter(Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation)


def _cli_value(value: Any) -> str:
    """A value as papermill's -p gives it back (a list as a,b)."""
    return shlex.quote(",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value))


def scratch_command(notebook: str, changed: dict[str, Any]) -> str:
    """The papermill command (run from notebooks/) that runs ``notebook`` with ``changed`` into scratch folders."""
    base = pathlib.Path(tempfile.gettempdir()) / "compendium" / notebook.split("/")[-1]
    args = [f"-p {k} {_cli_value(v)}" for k, v in changed.items()]
    args += [f"-p {k} {shlex.quote(str(base / k.removesuffix('_dir')))}" for k in OUTPUT_PARAMETERS]
    out = pathlib.Path(tempfile.gettempdir()) / f"compendium-{notebook.split('/')[-1]}.ipynb"   # in a folder that exists
    papermill = [shlex.quote(os.path.normpath(os.path.abspath(sys.executable))), "-m", "papermill"]   # this environment's
    return " ".join([*papermill, shlex.quote(source_path(notebook)), shlex.quote(str(out)), *args])


def where_it_writes(p: Common, notebook: str, source: pathlib.Path, given: dict[str, Any], defaults: dict[str, Any],
                    context: dict) -> None:
    """Record what differs from the defaults (``p.changed``), and refuse output folders that are a copy's
    committed figures/ or results/ when the run is not the default one, or when that copy is not the one whose
    notebook runs. Folders inside data/, notebooks/ or elsewhere in a copy were refused by the field rule."""
    p._changed = changed(p, given, defaults, context)
    own = source.resolve().parents[1]
    for name in OUTPUT_PARAMETERS:
        inside = clone_part(getattr(p, name))
        if not inside or inside[1] not in ("figures", "results"):
            continue
        root, part = inside
        if p._changed:
            differ = ", ".join(f"{k}={v!r}" for k, v in p._changed.items())
            raise ParameterError(name, given[name], "a folder outside the compendium's committed folders",
                                 f"the committed {part}/ keeps the default run, and these parameters differ from the "
                                 f"defaults: {differ}", f"Run it into scratch folders, from notebooks/: "
                                 f"{scratch_command(notebook, p._changed)} (in JupyterLab: set figures_dir and "
                                 "results_dir in the parameters cell)")
        if root != own:
            raise ParameterError(name, given[name], allowed_values(type(p), name, {}),
                                 f"the {part}/ folder of another copy of the compendium ({root}), while this "
                                 f"notebook and its code are those of {own}")


# ---------------------------------------------------------------------------------------------------------
# Values from the command line
# ---------------------------------------------------------------------------------------------------------
def parse_cli_value(text: str) -> Any:
    """A -p value exactly as papermill's own -p reads it: True, False, None, a whole number, a decimal number,
    else the text itself (so '010' is 10, 'no' is 'no', '2015-01-01' and '[a, b]' stay text)."""
    from papermill.cli import _resolve_type

    return _resolve_type(text)
