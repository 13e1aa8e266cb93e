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
    """params.check as a notebook calls it (from notebooks/): its declared defaults, then papermill's injected
    values; output folders in tmp_path."""
    from tests.conftest import ROOT

    namespace = {**params.DECLARED[source], "figures_dir": str(tmp_path / "f"), "results_dir": str(tmp_path / "r"),
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
    ({"first_year": 2018, "last_year": 2016}, "first_year", "not after last_year"),
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


def test_the_default_run_writes_where_asked_and_is_not_redirected(tmp_path):
    p = _check(tmp_path, "01_figure1_spot_checks")
    assert p.changed == {} and p.redirected_to is None and p.figures_dir == tmp_path / "f"


def test_non_default_parameters_move_committed_output_folders_under_build(tmp_path, monkeypatch):
    """A compendium checkout in tmp_path: ../figures seen from its notebooks/ is its committed folder."""
    from tests.conftest import DATA

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "data").symlink_to(DATA)
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    ns = {**params.DECLARED["07_spot_checks_since_2018"], "last_year": 2016}
    p = params.check("07_spot_checks_since_2018", ns)
    assert p.changed == {"last_year": 2016}
    assert p.figures_dir == tmp_path / "build" / "params" / "07_spot_checks_since_2018" / "last_year=2016" / "figures"
    assert p.results_dir.parent == p.figures_dir.parent and not (tmp_path / "figures").exists()
    # the same values with defaults are not moved
    q = params.check("07_spot_checks_since_2018", {**ns, "last_year": params.DECLARED["07_spot_checks_since_2018"]["last_year"]})
    assert q.redirected_to is None and q.figures_dir == pathlib.Path("../figures")
