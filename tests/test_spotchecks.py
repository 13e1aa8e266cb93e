"""Derivation of implied rates, checked with arithmetic done by hand from the printed figures."""
import pandas as pd
import pytest

from compendium.analysis import spotchecks


def cell(grid, scope, year):
    row = grid[(grid.scope == scope) & (grid.year == year)]
    assert len(row) == 1
    return row.iloc[0]


@pytest.fixture(scope="module")
def grid(pkg):
    return spotchecks.rate_grid(pkg, 2014, 2018, ["national"] + list(pkg["categories"].code))


# non-conformity % = 100 - pass rate; an earlier pass rate = later pass rate - printed change
DERIVED = [
    ("daily_textile", 2016, 100 - (85.6 + 5.1)),     # 2017: 85.6, down 5.1 on 2016
    ("electronics", 2016, 100 - (83.4 - 1.3)),       # 2017: 83.4, up 1.3 on 2016
    ("electrical_materials", 2016, 100 - (90.5 + 1.8)),
    ("daily_textile", 2014, 100 - (90.4 - 2.2)),     # 2015 batch 4: 90.4, up 2.2 on 2014
    ("electrical_materials", 2014, 100 - (90.1 + 1.7)),  # 2015 annual preferred over batch 4 (same value)
    ("agri_inputs", 2015, 100 - (90 + 3.5)),         # 2016 first half: 90, down 3.5 on 2015
    ("electronics", 2015, 100 - (89.7 - 10.4)),      # 2016 batch 1: 89.7, up 10.4 on 2015
    ("electronics", 2014, 100 - (89.7 - 10.4 + 7.3)),  # ... and 2015 down 7.3 on 2014 (a chain)
    ("food_related", 2015, 100 - (98.5 - 1.7)),      # 2014 printed 98.5; 2015 down 1.7 on it (forward)
]


@pytest.mark.parametrize("scope,year,expected", DERIVED)
def test_derived_cells(grid, scope, year, expected):
    c = cell(grid, scope, year)
    assert c.status == "derived"
    assert float(c.nonconformity) == pytest.approx(expected)


def test_printed_pass_rate_converted(grid):
    assert float(cell(grid, "daily_textile", 2017).nonconformity) == pytest.approx(14.4)
    assert cell(grid, "national", 2018).status == "printed"


def test_missing_stays_missing(grid):
    c = cell(grid, "light_industry", 2014)   # no rate and no change of any later release reaches it
    assert c.status == "missing" and pd.isna(c.nonconformity)


def test_chained_derivation_adds_margins():
    """A change printed without a rate applies to that year's derived rate; margins add up."""
    from compendium.analysis.data import DataPackage

    rows = [("2016", "half_year", "1", "category", "x", "pass_rate", "90", "-3.5", "2015"),
            ("2015", "annual", "", "category", "x", "pass_rate", "", "-1.2", "2014")]
    cols = ["year", "release", "release_no", "scope", "category", "measure", "rate", "change_pp", "change_vs"]
    raw = pd.DataFrame(rows, columns=cols).assign(kinds="", enterprises="", batches="",
                                                   nonconforming_batches="", source_id="s", note="")
    typed = raw.replace("", pd.NA).astype({"year": "Int64", "release_no": "Int64", "rate": "Float64",
                                           "change_pp": "Float64", "change_vs": "Int64"})
    pkg = DataPackage(None, {}, {"spot_checks": typed}, {"spot_checks": raw})
    d = spotchecks.derived_rates(pkg).set_index("year")
    assert d.loc[2015, "nonconformity"] == pytest.approx(100 - 93.5)
    assert d.loc[2014, "nonconformity"] == pytest.approx(100 - 94.7)
    assert d.loc[2014, "margin"] == pytest.approx(0.5 + 0.05 + 0.05)


def test_cross_checks_agree(pkg):
    checks = spotchecks.cross_checks(pkg)
    assert checks and all(c.agrees for c in checks)


def test_to_nonconformity_rejects_unknown_measure():
    with pytest.raises(ValueError, match="pass_rate"):
        spotchecks.to_nonconformity("quality_index", 5)


def test_annual_derivation_preferred_over_part_year(pkg):
    """2014 electrical materials: from the 2015 annual results (90.1, down 1.7) rather than batch 4 (82, down 9.8)."""
    grid = spotchecks.rate_grid(pkg, 2014, 2014, ["electrical_materials"])
    c = grid.iloc[0]
    assert c.status == "derived" and c.alternatives == 2 and bool(c.from_annual)
    assert float(c.nonconformity) == pytest.approx(100 - (90.1 + 1.7))
    assert c.spread == pytest.approx((100 - (82 + 9.8)) - (100 - (90.1 + 1.7)))


def test_release_labels():
    assert spotchecks.release_label(2015, "batch", 4) == "2015 batch 4"
    assert spotchecks.release_label(2017, "annual") == "2017"
