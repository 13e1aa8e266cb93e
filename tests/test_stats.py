"""Statistics checked against an independent implementation: R's quasi-binomial GLM (t with the residual degrees of
freedom, `summary(glm(..., family = quasibinomial))`) and R's Wilson intervals, fitted to the same series the
notebooks use. tests/r/glm_trend.R made tests/r/glm_trend.Rout (R 4.2.2; `Rscript glm_trend.R > glm_trend.Rout`)."""
import re

import pytest

from compendium import stats
from tests.conftest import ROOT

ROUT = (ROOT / "tests" / "r" / "glm_trend.Rout").read_text(encoding="utf-8")
R = {m.group(1): {k: v for k, v in re.findall(r"(\w+)=(\S+)", m.group(0))}
     for m in re.finditer(r"^series=(\S+) .*$", ROUT, re.M)}
WILSON = [dict(re.findall(r"(\w+)=(\S+)", line)) for line in re.findall(r"^wilson rate=.*$", ROUT, re.M)]


def series(results, scope, first, last, notebook="01_figure1_spot_checks", key="cells"):
    rows = [c for c in results[notebook][key] if c.get("scope", "national") == scope and first <= c["year"] <= last
            and c["status"] != "missing"]
    return [r["year"] for r in rows], [r["nonconformity"] for r in rows], rows


def check(fit, r):
    assert fit.df == int(r["df"]) and fit.points == int(r["n"])
    for mine, theirs in ((fit.odds_ratio, "or"), (fit.ci_low, "or_low"), (fit.ci_high, "or_high"), (fit.p_value, "p")):
        assert mine == pytest.approx(float(r[theirs]), rel=1e-8), theirs


def test_the_national_trends_are_rs(results):
    years, rates, rows = series(results, "national", 2014, 2018)
    check(stats.glm_trend(years, rates, [r["batches"] for r in rows]), R["national_2014_2018_weighted"])
    years, rates, _ = series(results, "national", 2018, 2024, "07_spot_checks_since_2018", "national")
    check(stats.glm_trend(years, rates), R["national_2018_2024"])


@pytest.mark.parametrize("scope,first,last,name", [
    ("electronics", 2014, 2017, "electronics_2014_2017"), ("electronics", 2015, 2017, "electronics_2015_2017"),
    ("daily_textile", 2014, 2017, "daily_textile_2014_2017"), ("light_industry", 2014, 2018, "light_industry_2015_2017"),
    ("electrical_materials", 2014, 2018, "electrical_materials_2014_2017"),
    ("building_materials", 2014, 2018, "building_materials_2014_2018"), ("food_related", 2014, 2018, "food_related_2014_2015_2017")])
def test_the_category_trends_are_rs(results, scope, first, last, name):
    years, rates, _ = series(results, scope, first, last)
    check(stats.glm_trend(years, rates), R[name])


def test_the_notebooks_report_rs_numbers_and_call_no_trend_their_intervals_do_not_support(results):
    long = results["07_spot_checks_since_2018"]["trend"]
    assert long["odds_ratio"] == pytest.approx(float(R["national_2018_2024"]["or"]), rel=1e-8)
    assert long["ci_low"] < 1 < long["ci_high"] and not long["too_few"]
    trends = {t["scope"]: t for t in results["01_figure1_spot_checks"]["trends"]}
    assert trends["national"]["ci_low"] == pytest.approx(float(R["national_2014_2018_weighted"]["or_low"]), rel=1e-8)
    assert trends["national"]["trend"] == "inside" and trends["national"]["df"] == 3
    # three or fewer known years, or mostly derived ones: no trend is called
    assert {s for s, t in trends.items() if t["trend"] == "too_few"} >= {"electronics", "daily_textile", "light_industry",
                                                                       "food_related"}


def test_too_few_points():
    assert stats.glm_trend([1, 2, 3], [1, 2, 3]).too_few
    assert stats.glm_trend([1, 2, 3, 4], [1, 2, 3, 3], derived=3).too_few
    assert not stats.glm_trend([1, 2, 3, 4], [1, 2, 3, 3], derived=2).too_few
    with pytest.raises(ValueError):
        stats.glm_trend([1, 2], [1, 2])


def test_wilson_intervals_are_rs_and_close_to_exact():
    """R's Wilson formula on the same count (rate × batches where only the rate is printed); and, on the counts of
    the notebooks, within 0.05 points of the exact Clopper-Pearson interval, as notebook 01 says."""
    assert len(WILSON) == 13
    for w in WILSON:
        low, high = stats.wilson(float(w["x"]), int(w["n"]))
        assert (low, high) == pytest.approx((float(w["wilson_low"]), float(w["wilson_high"])), abs=1e-5)
        assert float(w["maxdiff_pp"]) < 0.05
    assert "lie within 0.05 points of the exact (Clopper-Pearson)" in (ROOT / "notebooks" / "01_figure1_spot_checks.ipynb") \
        .read_text(encoding="utf-8")


def test_two_proportions():
    """2018 (2,952 of 28,771) against 2024 (3,601 of 25,250): z = 14.21, as notebook 07 prints."""
    z, p = stats.two_proportion(2952, 28771, 3601, 25250)
    assert round(z, 2) == 14.21 and p < 1e-40
