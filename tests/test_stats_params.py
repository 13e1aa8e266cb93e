import math
import os
import pathlib

import pytest

from compendium.build import params
from compendium.analysis import stats


def test_wilson_textbook_value():
    # Wilson 95% interval for 10 of 100 (Newcombe 1998, Table I style): 0.0552 to 0.1744
    lo, hi = stats.wilson(10, 100)
    assert lo == pytest.approx(5.52, abs=0.01) and hi == pytest.approx(17.44, abs=0.01)


def test_wilson_from_rate_matches_counts():
    assert stats.wilson_from_rate(10.0, 100) == pytest.approx(stats.wilson(10, 100))


# Noise-free rates are fitted exactly; statsmodels calls that "perfect prediction" and warns. Expected here.
@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.PerfectSeparationWarning")
def test_glm_recovers_a_known_logistic_slope():
    years = [2014, 2015, 2016, 2017, 2018]
    rates = [100 / (1 + math.exp(-(-2.0 + 0.25 * (y - 2016)))) for y in years]
    t = stats.glm_trend("x", years, rates, [1000] * 5)
    assert t.slope_logit == pytest.approx(0.25, abs=1e-6) and t.direction == "rising"


def test_glm_needs_three_years():
    with pytest.raises(ValueError, match="three"):
        stats.glm_trend("x", [2014, 2015], [5, 6])


def _check(tmp_path, source, **overrides):
    """params.check as a notebook calls it (from notebooks/): the defaults of its parameters cell, then papermill's
    injected values; output folders in tmp_path."""
    from tests.conftest import ROOT

    namespace = {**params.declared(source), "figures_dir": str(tmp_path / "f"), "results_dir": str(tmp_path / "r"),
                 **overrides}
    here = os.getcwd()
    os.chdir(ROOT / "notebooks")
    try:
        return params.check(source, namespace)
    finally:
        os.chdir(here)


@pytest.mark.parametrize("kwargs,name,allowed", [
    ({"categories": ["toys"]}, "categories", "electronics"),
    ({"categories": []}, "categories", "non-empty"),
    ({"first_year": 2009}, "first_year", "2013 to"),
    ({"first_year": "2016"}, "first_year", "whole year"),
    ({"first_year": 2018, "last_year": 2016}, "first_year", "later than last_year (2016)"),
    ({"lang": "fr"}, "lang", "'en' or 'zh'"),
    ({"figures_dir": "/proc/nonexistent/figures"}, "figures_dir", "write"),
    ({"colour": "red"}, "colour", "declares: first_year, last_year"),
])
def test_bad_parameters_name_the_parameter_and_allowed_values(tmp_path, kwargs, name, allowed):
    with pytest.raises(params.ParameterError) as err:
        _check(tmp_path, "01_figure1_spot_checks", **kwargs)
    assert err.value.name == name and allowed in str(err.value)


def test_categories_accept_a_comma_string_and_chinese_names(tmp_path):
    p = _check(tmp_path, "01_figure1_spot_checks", categories="electronics, 轻工产品")
    assert p.categories == ["electronics", "light_industry"]


def test_ipython_names_modules_and_objects_are_not_parameters():
    import types

    ns = {"_i1": "x", "np": types.ModuleType("np"), "fig": object(), "paths": [object()], "lang": "en"}
    assert params.injected_names(ns) == {"lang"}


def test_check_returns_typed_values_and_loads_nothing_for_the_notebook(tmp_path):
    """The checked parameters only: no data package, no folder created, pandas options untouched."""
    import pandas as pd

    width = pd.get_option("display.max_colwidth")
    p = _check(tmp_path, "07_spot_checks_since_2018")
    assert p.changed == {} and p.figures_dir == tmp_path / "f" and p.data_dir == pathlib.Path("../data")
    assert not hasattr(p, "pkg") and not (tmp_path / "f").exists()
    assert pd.get_option("display.max_colwidth") == width


def test_what_differs_from_the_defaults(tmp_path):
    """Values are compared after checking: the same selection written otherwise is the default."""
    from tests.conftest import DATA

    assert _check(tmp_path, "01_figure1_spot_checks", categories="all").changed == {}
    assert _check(tmp_path, "01_figure1_spot_checks", data_dir=str(DATA)).changed == {}
    assert _check(tmp_path, "01_figure1_spot_checks", categories="electronics", last_year=2017).changed == \
        {"last_year": 2017, "categories": "electronics"}


def test_defaults_live_in_the_parameters_cells_only():
    """Each notebook's cell tagged 'parameters' declares exactly its model's fields, each with a type and a help
    comment, and params reads the same defaults from it as papermill does."""
    import ast

    import papermill

    from compendium.build import notebooks
    from tests.conftest import ROOT

    for source in {nb.source_path for nb in notebooks.NOTEBOOKS}:
        key = source.removesuffix(".ipynb")
        cell = papermill.inspect_notebook(str(ROOT / "notebooks" / source))
        assert list(cell) == list(params.declared(key)), source
        assert set(cell) == set(params.model_for(key).model_fields), source
        assert {k: ast.literal_eval(v["default"]) for k, v in cell.items()} == params.declared(key), source
        assert all(v["inferred_type_name"] not in (None, "None") and v["help"] for v in cell.values()), source
        assert all(f.is_required() for f in params.model_for(key).model_fields.values()), "no default typed in Python"


def test_a_default_changed_in_the_cell_is_the_default(tmp_path, monkeypatch):
    """Read from the notebook file: a copy of notebook 07 whose cell says last_year = 2016 runs 2016 as its default."""
    import json

    from tests.conftest import ROOT

    nb = json.loads((ROOT / "notebooks" / "07_spot_checks_since_2018.ipynb").read_text())
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    cell["source"] = "".join(cell["source"]).replace("last_year: int = 2024", "last_year: int = 2016")
    copy = tmp_path / "07.ipynb"
    copy.write_text(json.dumps(nb))
    monkeypatch.setattr(params, "source_file", lambda notebook: copy)
    p = _check(tmp_path, "07_spot_checks_since_2018", last_year=2016)
    assert p.changed == {} and params.declared("07_spot_checks_since_2018", copy)["last_year"] == 2016
