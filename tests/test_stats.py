"""The statistics, checked two ways. The method against an independent implementation: R's quasi-binomial GLM (t with
the residual degrees of freedom, `summary(glm(..., family = quasibinomial))`) and R's Wilson formula, fitted by
tests/r/glm_trend.R to fixture files frozen beside it, whose md5 sums R printed with its numbers; a data edit never
needs R (`make r-check` fits the current data's series when a maintainer wants R's numbers). And the notebooks
against the method: every trend and interval they report is statsmodels' fit of the series they report it for."""
import importlib.util
import math

import pytest

from compendium import stats
from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("r_compare", ROOT / "tests" / "r" / "compare.py")
r_compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(r_compare)


def test_statsmodels_gives_rs_fits_and_intervals_on_the_frozen_fixture():
    fits, wilson, _ = r_compare.r_output(ROOT / "tests" / "r")
    assert len(fits) >= 10 and len(wilson) >= 10
    assert r_compare.differences(ROOT / "tests" / "r") == []


def test_a_different_fixture_or_fit_is_caught(tmp_path):
    for name in ("trend_fixture.csv", "wilson_fixture.csv", "glm_trend.Rout"):
        (tmp_path / name).write_bytes((ROOT / "tests" / "r" / name).read_bytes())
    fixture = tmp_path / "trend_fixture.csv"
    fixture.write_text(fixture.read_text().replace("2014,7.7,25672", "2014,7.8,25672", 1))
    found = r_compare.differences(tmp_path)
    assert any("md5" in f for f in found) and any("national_2014_2018_weighted" in f for f in found)


def test_every_trend_the_notebooks_report_is_the_fit_of_its_series(results):
    cells = [c for c in results["01_figure1_spot_checks"]["cells"] if c["status"] != "missing"]
    trends = results["01_figure1_spot_checks"]["trends"]
    assert trends
    for t in trends:
        sub = [c for c in cells if c["scope"] == t["scope"]]
        assert t["points"] == len(sub), t["scope"]
        if len(sub) < 3:
            continue
        weighted = all(c["status"] == "printed" and c["batches"] for c in sub)
        fit = stats.glm_trend([c["year"] for c in sub], [c["nonconformity"] for c in sub],
                              [c["batches"] for c in sub] if weighted else None)
        assert (t["odds_ratio_per_year"], t["ci_low"], t["ci_high"]) == pytest.approx(
            (fit.odds_ratio, fit.ci_low, fit.ci_high), rel=1e-8), t["scope"]
        assert (t["trend"] == "too_few") == fit.too_few or t["derived_years"] * 2 > t["points"], t["scope"]


def test_the_national_trend_since_the_articles_last_year_is_the_fit_of_its_series(results):
    long = results["07_spot_checks_since_2018"]
    base = long["base"]["rows"][0]["base_year"]
    series = [r for r in long["national"] if r["year"] >= base]
    fit = stats.glm_trend([r["year"] for r in series], [r["nonconformity"] for r in series])
    row = long["trend_since_base"]["rows"][0]
    assert (row["odds_ratio_per_year"], row["ci_low"], row["ci_high"]) == pytest.approx(
        (fit.odds_ratio, fit.ci_low, fit.ci_high), rel=1e-8)


def test_too_few_points():
    assert stats.glm_trend([1, 2, 3], [1, 2, 3]).too_few
    assert stats.glm_trend([1, 2, 3, 4], [1, 2, 3, 3], derived=3).too_few
    assert not stats.glm_trend([1, 2, 3, 4], [1, 2, 3, 3], derived=2).too_few
    with pytest.raises(ValueError):
        stats.glm_trend([1, 2], [1, 2])


def test_two_proportions_as_the_pooled_z_formula_gives():
    """2018 (2,952 of 28,771 batches) against 2024 (3,601 of 25,250), the counts the bulletins print: the pooled
    two-proportion z written out by hand."""
    x1, n1, x2, n2 = 2952, 28771, 3601, 25250
    pooled = (x1 + x2) / (n1 + n2)
    z = (x2 / n2 - x1 / n1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    mine, p = stats.two_proportion(x1, n1, x2, n2)
    assert mine == pytest.approx(z, rel=1e-12) and p < 1e-40
