import math

import pytest

from compendium import params, stats


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


@pytest.mark.parametrize("kwargs,name,allowed", [
    ({"categories": ["toys"]}, "categories", "electronics"),
    ({"categories": []}, "categories", "non-empty"),
    ({"first_year": 2009}, "first_year", "2013 to"),
    ({"first_year": "2016"}, "first_year", "whole year"),
    ({"first_year": 2018, "last_year": 2016}, "first_year", "not after last_year"),
    ({"lang": "fr"}, "lang", "'en' or 'zh'"),
    ({"figures_dir": "/proc/nonexistent/figures"}, "figures_dir", "write"),
    ({"colour": "red"}, "colour", "known parameter names"),
])
def test_bad_parameters_name_the_parameter_and_allowed_values(kwargs, name, allowed):
    from tests.conftest import DATA

    with pytest.raises(params.ParameterError) as err:
        params.check(data_dir=str(DATA), **kwargs)
    assert err.value.name == name and allowed in str(err.value)


def test_categories_accept_a_comma_string_and_chinese_names():
    from tests.conftest import DATA

    p = params.check(data_dir=str(DATA), categories="electronics, 轻工产品")
    assert p.categories == ["electronics", "light_industry"]
