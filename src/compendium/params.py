"""Notebook parameters. Each notebook declares its parameters once, in its cell tagged ``parameters``, one line
each with the type, the default and a comment (what ``papermill --help-notebook`` prints). The next cell checks
them with the notebook's pydantic model below, ``p = params.Figure1.check(globals())``: a wrong value stops the
run with one line naming the parameter, the value and what is allowed. Checking loads no data; a rule that needs
the data (which category codes exist) is checked by the notebook right after it loads the data.

Each notebook has two committed copies (notebooks/en/, notebooks/zh/); the first cells of each name its language,
``COPY_LANGUAGE``, which is the default of ``lang``. A run writes its figures (in a folder per language) and its
results where its parameters say. Only a run with the defaults of the notebook's source (notebooks/NN_name.py),
in either language, writes into the committed figures/ and results/ of the compendium whose code it runs, and
only into those folders themselves; no run writes anywhere else inside a compendium but under its build/.
Folders are compared by identity (device and inode), so a link or a bind mount of a committed folder is that
folder. Every output folder is checked before anything is written: it is a folder, or can be made one, and can be
written.
"""
from __future__ import annotations

import ast
import difflib
import os
import pathlib
import types
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from . import paths, text

Folder = Annotated[pathlib.Path, AfterValidator(paths.resolve)]
Year = Annotated[int, Field(strict=True, ge=1990, le=2100)]
OUTPUTS = ("figures_dir", "results_dir")


class ParameterError(ValueError):
    """A parameter cannot take its value; IPython (and so papermill) shows this one message, no traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"ParameterError: {self}"]


def _names(value: Any) -> Any:
    """A list given as a comma-separated string (papermill's -p passes a list as text: -p categories a,b), a
    single number (-p sections 3 arrives as the integer 3, -p sections 5.1 as a float) or a list of them (-y)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, str) and value != "all":
        value = [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        value = [str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in value]
        return "all" if value == ["all"] else value
    return value


Names = Annotated[Literal["all"] | list[str], BeforeValidator(_names)]


class Common(BaseModel):
    """Every notebook's parameters. A field's description says which values it allows."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    notebook: ClassVar[str]

    lang: Literal["en", "zh"] = Field(description="'en' or 'zh'")
    data_dir: Folder = Field(description="a folder holding datapackage.json (a relative path is read from the "
                                         "compendium's top folder)")
    figures_dir: Folder = Field(description="a folder to write figures to")
    results_dir: Folder = Field(description="a folder to write the results file to")

    @classmethod
    def check(cls, namespace: dict[str, Any]) -> "Common":
        """The parameters found in a notebook's globals, checked; stops at the first that is wrong."""
        hidden = set(getattr(namespace.get("get_ipython", lambda: None)(), "user_ns_hidden", ()))
        given = {k: v for k, v in namespace.items() if not k.startswith("_") and k not in hidden and not k.isupper()
                 and not isinstance(v, (types.ModuleType, types.FunctionType, type))}   # COPY_LANGUAGE is no parameter
        for name in given:
            if name not in cls.model_fields:
                close = difflib.get_close_matches(name, cls.model_fields, n=1)
                raise ParameterError(f"'{name}' is not a parameter of {cls.notebook}; its parameters are "
                                     f"{', '.join(cls.model_fields)}" + (f" (did you mean '{close[0]}'?)" if close else ""))
        try:
            p = cls.model_validate(given)
        except ValidationError as err:
            first = err.errors(include_url=False)[0]
            name = str(first["loc"][0]) if first["loc"] else ""
            if name not in cls.model_fields:   # a rule over several parameters
                raise ParameterError(first["msg"].removeprefix("Value error, ")) from None
            allowed = cls.model_fields[name].description
            raise ParameterError(f"parameter '{name}' got {given.get(name)!r}: {first['msg'].lower()}; allowed: "
                                 f"{allowed}") from None
        p._check_outputs()
        return p

    def changed(self) -> dict[str, Any]:
        """The parameters, output folders and language aside, whose value differs from the default in the
        notebook's source (its cell tagged 'parameters', read by jupytext and papermill's own inspection). Both
        languages' copies are default runs: each writes its own figures, and results that do not depend on it."""
        defaults = source_defaults(self.notebook)
        default = type(self).model_validate(defaults | {k: getattr(self, k) for k in (*OUTPUTS, "lang")})
        return {k: getattr(self, k) for k in type(self).model_fields
                if k not in (*OUTPUTS, "lang") and getattr(self, k) != getattr(default, k)}

    @property
    def figure_folder(self) -> pathlib.Path:
        """Where this run's figures go: a folder per language in figures_dir."""
        return self.figures_dir / self.lang

    def _check_outputs(self) -> None:
        for name in OUTPUTS:
            folder = getattr(self, name)
            _writable(name, folder)
            inside = paths.committed_part(folder)
            if inside is None:
                continue
            tree, part, exact = inside
            here = paths.tree_of(pathlib.Path.cwd().resolve()) or tree   # the copy the notebook runs in
            allowed = {"figures_dir": "figures", "results_dir": "results"}[name]
            if part == "build" and tree == paths.ROOT:
                continue
            if part != allowed or not exact or tree != paths.ROOT or here != paths.ROOT:
                where = f"{part}/" if part else "the top folder"
                raise ParameterError(f"parameter '{name}' is {folder}, which is {'' if exact else 'inside '}{where} of the "
                                     f"compendium at {tree}, which this run may not change (its code is that of "
                                     f"{paths.ROOT}, it runs in {here}); give a folder outside the compendium, or "
                                     "under its build/")
            changed = self.changed()
            if changed:
                given = " ".join(f"-p {k} {','.join(v) if isinstance(v, list) else v}" for k, v in changed.items())
                raise ParameterError(
                    f"parameter '{name}' is the committed {part}/, which holds the default runs, but these parameters "
                    f"differ from the defaults: {', '.join(f'{k}={v!r}' for k, v in changed.items())}. Write this run "
                    f"elsewhere, e.g. papermill notebooks/{self.lang}/{self.notebook}.ipynb /tmp/{self.notebook}.ipynb "
                    f"{given} -p figures_dir /tmp/{self.notebook}/figures -p results_dir /tmp/{self.notebook}/results")

    def wrote(self) -> str:
        """Where this run wrote, as a sentence."""
        def shown(folder: pathlib.Path) -> str:
            root = paths.ROOT
            return f"{folder.relative_to(root)}/" if root and folder.is_relative_to(root) else str(folder)
        return text.t("outputs", self.lang, figures=shown(self.figure_folder), results=shown(self.results_dir))


def _writable(name: str, folder: pathlib.Path) -> None:
    """``folder`` is a folder this process can write, or can be made one: checked before anything is written."""
    existing = next(f for f in (folder, *folder.parents) if f.exists())
    if not existing.is_dir():
        raise ParameterError(f"parameter '{name}' is {folder}, but {existing} is {'not a folder' if existing == folder else 'a file, not a folder'}; give a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ParameterError(f"parameter '{name}' is {folder}, but {existing} cannot be written by this user; give a "
                             "folder you can write")


def source_defaults(notebook: str) -> dict[str, Any]:
    """The defaults of a notebook's cell tagged 'parameters' in its source, notebooks/<notebook>.py, but lang
    (whose default is the copy's language). jupytext and papermill are imported here, only when a run writes the
    committed folders: a third of a second a kernel need not spend otherwise."""
    import jupytext
    from papermill.translators import papermill_translators

    source = paths.ROOT / "notebooks" / f"{notebook}.py"
    cells = [c for c in jupytext.read(source, fmt="py:percent").cells if "parameters" in c.metadata.get("tags", [])]
    found = papermill_translators.find_translator("python3", "python").inspect(cells[0])
    return {p.name: ast.literal_eval(p.default) for p in found if p.name != "lang"}


class ClaimsLedger(Common):
    notebook: ClassVar[str] = "00_claims_ledger"
    verdicts_dir: Folder = Field(description="a folder holding the other notebooks' results files (by default the "
                                             "committed results/)")
    sections: Names = Field(description="'all', or article section numbers such as '3' or '5.1', as a list (papermill "
                                        "-y \"sections: ['3', '5.1']\") or separated by commas (-p sections 3,5.1)")


class YearSpan(Common):
    first_year: Year = Field(description="a year, written without quotes (-p first_year 2015), not after last_year")
    last_year: Year = Field(description="a year, written without quotes (-p last_year 2017), not before first_year")

    @model_validator(mode="after")
    def _ordered(self):
        if self.first_year > self.last_year:
            raise ValueError(f"first_year ({self.first_year}) is after last_year ({self.last_year}); give a first "
                             "year not after the last")
        return self


class Figure1(YearSpan):
    notebook: ClassVar[str] = "01_figure1_spot_checks"
    categories: Names = Field(description="'all', or category codes of data/categories.csv (or their Chinese names), "
                                          "as a list or separated by commas (-p categories electronics,light_industry)")


class Surveys(Common):
    notebook: ClassVar[str] = "04_quality_management_surveys"


class Milk(Common):
    notebook: ClassVar[str] = "02_raw_milk_cell_counts"


class Complaints(Common):
    notebook: ClassVar[str] = "03_consumer_complaints"


class International(Common):
    notebook: ClassVar[str] = "05_international_practice"


class Scenarios(Common):
    notebook: ClassVar[str] = "06_additive_manufacturing_scenarios"
    top_n: int = Field(strict=True, ge=1, description="a whole number of at least 1")


class LongSeries(Common):
    notebook: ClassVar[str] = "07_spot_checks_since_2018"
    first_year: Year = Field(description="a year, written without quotes (-p first_year 2015), not after last_year")
    last_year: Year | Literal["latest"] = Field(description="a year, written without quotes (-p last_year 2020), "
                                                            "or 'latest', the latest year in the data")

    @model_validator(mode="after")
    def _ordered(self):
        if self.last_year != "latest" and self.first_year > self.last_year:
            raise ValueError(f"first_year ({self.first_year}) is after last_year ({self.last_year}); give a first "
                             "year not after the last")
        return self


def selected(name: str, value, allowed: dict[str, str]) -> list[str]:
    """A selection (``value``: 'all', or names) checked against the data: ``allowed`` maps each code to itself
    and to its other names (a category's Chinese name); returns the codes, in the order of ``allowed``."""
    codes = list(dict.fromkeys(allowed.values()))
    if value == "all":
        return codes
    unknown = [v for v in value if v not in allowed]
    if unknown or not value:
        raise ParameterError(f"parameter '{name}' got {value!r}: " + (f"'{unknown[0]}' is not one of them" if unknown
                             else "an empty selection") + f"; allowed: 'all', or any of {', '.join(codes)}")
    chosen = {allowed[v] for v in value}
    return [c for c in codes if c in chosen]


def years_within(p, first: int, last: int) -> None:
    """The years a notebook is given lie within those its data covers."""
    for name in ("first_year", "last_year"):
        if not first <= getattr(p, name) <= last:
            raise ParameterError(f"parameter '{name}' got {getattr(p, name)}: outside the years the data covers; "
                                 f"allowed: a year from {first} to {last}")
