"""Notebook parameters. Each notebook declares its parameters once, in its cell tagged ``parameters``, one line
each with the type, the default and a comment (what ``papermill --help-notebook`` prints). The next cell checks
them with the notebook's pydantic model below, ``p = params.Figure1.check(globals())``: a wrong value stops the
run with one line naming the parameter, the value and what is allowed. Checking loads no data; a rule that needs
the data (which category codes exist) is checked by the notebook right after it loads the data.

A run writes its figures and results where its parameters say. Only the default run of a tree's own notebooks
writes into that tree's committed figures/ and results/; no run writes into any tree's data/ or notebooks/.
"""
from __future__ import annotations

import ast
import difflib
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
    """A list given as a comma-separated string (papermill's -p passes a list as text: -p categories a,b)."""
    return [v.strip() for v in value.split(",") if v.strip()] if isinstance(value, str) and value != "all" else value


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
        given = {k: v for k, v in namespace.items() if not k.startswith("_") and k not in hidden
                 and not isinstance(v, (types.ModuleType, types.FunctionType, type))}
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
        """The parameters, output folders aside, whose value differs from the default in this tree's notebook
        (read by papermill's own inspection of its cell tagged 'parameters'). papermill is imported here, only
        when a run writes the committed folders: a third of a second a kernel need not spend otherwise."""
        from papermill import inspect_notebook

        source = paths.ROOT / "notebooks" / f"{self.notebook}.ipynb"
        defaults = {k: ast.literal_eval(v["default"]) for k, v in inspect_notebook(str(source)).items()}
        default = type(self).model_validate(defaults)
        return {k: getattr(self, k) for k in type(self).model_fields
                if k not in OUTPUTS and getattr(self, k) != getattr(default, k)}

    def _check_outputs(self) -> None:
        for name in OUTPUTS:
            inside = paths.committed_part(getattr(self, name))
            if inside is None:
                continue
            tree, part = inside
            here = paths.tree_of(pathlib.Path.cwd().resolve()) or tree   # the copy the notebook runs in
            if part in ("data", "notebooks") or tree != paths.ROOT or here != paths.ROOT:
                raise ParameterError(f"parameter '{name}' is {getattr(self, name)}, inside {part}/ of the compendium "
                                     f"at {tree}, which this run may not change (its code is that of {paths.ROOT}, "
                                     f"it runs in {here}); give another folder")
            changed = self.changed()
            if changed:
                given = " ".join(f"-p {k} {','.join(v) if isinstance(v, list) else v}" for k, v in changed.items())
                raise ParameterError(
                    f"parameter '{name}' is the committed {part}/, which holds the default run, but these parameters "
                    f"differ from the defaults: {', '.join(f'{k}={v!r}' for k, v in changed.items())}. Write this run "
                    f"elsewhere, e.g. papermill notebooks/{self.notebook}.ipynb /tmp/{self.notebook}.ipynb {given} "
                    f"-p figures_dir /tmp/{self.notebook}/figures -p results_dir /tmp/{self.notebook}/results")

    def wrote(self) -> str:
        """Where this run wrote, as a sentence."""
        def shown(folder: pathlib.Path) -> str:
            root = paths.ROOT
            return f"{folder.relative_to(root)}/" if root and folder.is_relative_to(root) else str(folder)
        return text.t("outputs", self.lang, figures=shown(self.figures_dir), results=shown(self.results_dir))


class ClaimsLedger(Common):
    notebook: ClassVar[str] = "00_claims_ledger"
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


class LongSeries(YearSpan):
    notebook: ClassVar[str] = "07_spot_checks_since_2018"


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
