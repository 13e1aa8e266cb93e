"""The article's numbers against their sources, as the committed results state them. Every expected value here is
worked by hand from the numbers the sources print, typed here independently of data/, never copied from the code's
output; what the article does not state (the series after its last year) is checked for its method against data/
itself, so that a new year or a correction needs no edit here."""
import pandas as pd
import pytest

from tests.conftest import DATA


def claims(results):
    return {c["claim_id"]: c for r in results.values() if r["notebook"] != "00_claims_ledger" for c in r.get("claims", [])}


def test_every_claim_has_one_verdict_and_the_ledger_adds_them_up(results):
    registered = pd.read_csv(DATA / "claims.csv")["claim_id"]
    checked = [c["claim_id"] for r in results.values() if r["notebook"] != "00_claims_ledger" for c in r.get("claims", [])]
    assert sorted(checked) == sorted(registered) and len(set(checked)) == len(checked)
    ledger = results["00_claims_ledger"]
    assert sum(ledger["counts"].values()) == len(registered)
    assert ledger["counts"]["differs"] == sum(c["verdict"] == "differs" for c in claims(results).values())


def test_the_two_differences_are_pinned(results):
    """The Fastener Quality Act is Public Law 101-592 of 16 November 1990, not of the 1980s; the first steel grading
    was published by a company of the Central Iron and Steel Research Institute, not the Iron and Steel Association."""
    c = claims(results)
    assert {k for k, v in c.items() if v["verdict"] == "differs"} == {"S5-us-fastener-act", "S5-steel-publisher"}
    assert c["S5-us-fastener-act"]["source_value"] == 1990 and c["S5-us-fastener-act"]["difference"] == 1
    assert "Gangyan" in c["S5-steel-publisher"]["source_text"]


def test_the_2020_complaints_are_those_the_2021_release_implies(results):
    """911万 complaints in 2021, up 31.5%; 213.9万 about quality, up 53.6%: 2020 lies between the extreme readings
    of the printed numbers (each within half a unit of its last digit)."""
    c = claims(results)
    total = (9_105_000 / 1.3155, 9_115_000 / 1.3145)
    quality = (2_138_500 / 1.5365, 2_139_500 / 1.5355)
    share = (100 * quality[0] / total[1], 100 * quality[1] / total[0])
    for cid, (low, high) in (("S3-complaints-total", total), ("S3-complaints-quality", quality),
                             ("S3-complaints-share", share)):
        assert (c[cid]["source_low"], c[cid]["source_high"]) == pytest.approx((low, high), rel=1e-9), cid
        assert c[cid]["verdict"] == "agrees"
    # the article's 1.39×10^6 (1,385,000 to 1,395,000) overlaps, though 1,390,000 itself lies below the range
    assert 1_390_000 < quality[0] < 1_395_000
    assert set(c["S3-complaints-quality"]["source_ids"]) == {"people_2022_complaints", "snjygy_2022_complaints"}


def test_the_milk_limits(results):
    c = claims(results)
    assert c["S3-milk-us"]["source_value"] == 750_000 and c["S3-milk-eu"]["source_value"] == 400_000
    limits = {r["rule"]: r for r in results["02_raw_milk_cell_counts"]["limits"]}
    assert limits["cn_draft"]["times_us"] == pytest.approx(1_000_000 / 750_000)
    assert limits["us"]["times_eu"] == pytest.approx(750_000 / 400_000)
    assert limits["cn_draft"]["basis"] == "article" and c["S3-milk-cn-draft"]["verdict"] == "unverified"


def cell(results, scope, year):
    return next(r for r in results["01_figure1_spot_checks"]["cells"] if r["scope"] == scope and r["year"] == year)


def test_derived_cells_are_a_printed_rate_less_a_printed_change(results):
    """A pass rate p printed with its change d on the year before: that year's non-conformity is 100 - (p - d)."""
    daily = cell(results, "daily_textile", 2014)          # 2015 batch 4: pass rate 90.4%, up 2.2 points on 2014
    assert daily["nonconformity"] == pytest.approx(100 - (90.4 - 2.2)) and daily["margin"] == pytest.approx(0.10)
    electronics = cell(results, "electronics", 2014)      # 2016 batch 1: 89.7%, up 10.4 on 2015; 2015 down 7.3 on 2014
    assert electronics["nonconformity"] == pytest.approx(100 - (89.7 - 10.4 - (-7.3)))
    assert set(electronics["sources"]) == {"zlb2016b1", "cbda2015"}     # every source the derivation uses
    assert set(cell(results, "daily_textile", 2015)["sources"]) == {"site668528_2015b4", "cbda2015"}


def test_every_derived_national_year_is_the_next_printed_rate_less_its_printed_change(results):
    """Beyond the article: whatever years data/ holds, a national year without a printed rate is the next annual
    release's printed rate less its printed change (as non-conformity), read here from data/ directly."""
    spot = pd.read_csv(DATA / "spot_checks.csv")
    annual = spot[(spot["scope"] == "national") & (spot["release"] == "annual")]
    nc = {r.year: (r.rate if r.measure == "nonconformity_rate" else 100 - r.rate) for r in annual.itertuples()
          if not pd.isna(r.rate)}
    derived = [r for r in results["07_spot_checks_since_2018"]["national"] if r["status"] == "derived"]
    for r in derived:
        later = annual[(annual["change_vs"] == r["year"]) & annual["rate"].notna()].iloc[0]
        change = later.change_pp if later.measure == "nonconformity_rate" else -later.change_pp
        assert r["nonconformity"] == pytest.approx(nc[later.year] - change), r["year"]


def test_the_figure_cells_cover_what_the_bulletins_print(results):
    """Printed: the category rates that annual results print for 2014-2018, counted from data/ directly."""
    spot = pd.read_csv(DATA / "spot_checks.csv")
    printed = spot[(spot["scope"] == "category") & (spot["release"] == "annual") & spot["rate"].notna()
                   & spot["year"].between(2014, 2018)]
    total = next(r for r in results["01_figure1_spot_checks"]["coverage"] if r["scope"] == "categories_total")
    assert total["printed"] == len(printed) and total["cells"] == 8 * 5
    assert total["printed"] + total["derived"] + total["missing"] == total["cells"]
    assert cell(results, "building_materials", 2018)["nonconformity"] == pytest.approx(9.2)
    assert cell(results, "food_related", 2014)["nonconformity"] == pytest.approx(100 - 98.5)


def test_printed_and_derived_values_that_meet_agree(results):
    meet = results["01_figure1_spot_checks"]["meet"]
    assert meet and all(m["agreement"]["key"] == "inside" for m in meet)
    assert all(m["scope"] in ("national", *[c for c in pd.read_csv(DATA / "categories.csv")["code"]]) for m in meet)
