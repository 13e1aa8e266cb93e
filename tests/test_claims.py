"""Each claim's verdict, with the compared values typed from the sources named in claim_values.csv."""
import pytest

from compendium import claims


@pytest.fixture(scope="module")
def ledger(pkg):
    return claims.verdicts(pkg).set_index("claim_id")


AGREES = {
    "S3-milk-us": 750000,          # UC Davis summary of the PMO: 750,000/mL
    "S3-milk-eu": 400000,          # 400,000
    "S3-mici-rank": 49,            # Antena 3: 'la 49'
    "S5-make-in-india": 2014,      # narendramodi.in: 25th September 2014
    "S5-us-quality-act": 1987,     # Reagan Library: Act of 1987
    "S5-india-zed": 2016,          # News Bharati, 18 Oct 2016
    "S5-qif-areas": 6,
    "S6-action-plans": 3,
}


@pytest.mark.parametrize("claim_id,source_value", AGREES.items())
def test_agrees(ledger, claim_id, source_value):
    row = ledger.loc[claim_id]
    assert row.verdict == "agrees"
    assert float(row.source_value) == source_value


def test_fastener_act_differs_by_one_year(ledger):
    row = ledger.loc["S5-us-fastener-act"]     # signed 16 November 1990, not in the 1980s
    assert row.verdict == "differs" and float(row.source_value) == 1990 and row.difference == 1


def test_complaints_derived_from_2021_growth(ledger):
    # 911万 / 1.315 = 692.8万 and 213.9万 / 1.536 = 139.3万, within the rounding of every printed figure
    assert ledger.loc["S3-complaints-total"].verdict == "agrees"
    assert ledger.loc["S3-complaints-quality"].verdict == "agrees"
    low, high = (float(x) for x in ledger.loc["S3-complaints-total"].source_value.split(" to "))
    assert low < 9.1145e6 / 1.3145 < high and 6.92e6 < low < 6.93e6


def test_complaint_share_is_consistent_with_the_articles_counts(ledger):
    # 1.385e6/6.935e6 = 19.97% ... 1.395e6/6.925e6 = 20.14%: 20.09% lies inside
    row = ledger.loc["S3-complaints-share"]
    low, high = (float(x) for x in row.source_value.split(" to "))
    assert row.verdict == "agrees" and low == pytest.approx(19.9712, abs=1e-3) and high == pytest.approx(20.1444, abs=1e-3)


@pytest.mark.parametrize("claim_id", ["S3-spot-2018-daily", "S3-spot-2018-electronics", "S3-spot-2018-light",
                                      "S3-bluebook-rd-methods", "S4-caq-survey", "S3-complaints-growth"])
def test_unverified_claims_say_what_was_looked_for(ledger, claim_id):
    row = ledger.loc[claim_id]
    assert row.verdict == "unverified" and len(row.explanation) > 20


def test_interval_arithmetic():
    assert claims.printed_interval("6.93e6") == claims.Interval(6.925e6, 6.935e6)
    assert claims.printed_interval("12") == claims.Interval(11.5, 12.5)
    i = claims.evaluate("{claim:a} / {claim:b}", {"{claim:a}": claims.Interval(1, 2), "{claim:b}": claims.Interval(4, 5)})
    assert (i.low, i.high) == (0.2, 0.5)


def test_range_and_exact_checks_can_fail(pkg):
    base = {"claim_id": "T", "section": "x", "topic": "t", "statement_en": "s", "quantity": "q", "unit": "year",
            "value_id": "fastener_act_year", "formula": None, "tolerance": None, "note": ""}
    assert claims.verdict({**base, "stated_value": "1990..1999", "check": "range"}, pkg).verdict == "agrees"
    assert claims.verdict({**base, "stated_value": "1989", "check": "exact"}, pkg).verdict == "differs"
    assert claims.verdict({**base, "stated_value": "1990", "check": "exact"}, pkg).verdict == "agrees"


def test_more_sources_agree(ledger):
    # CRS 97-104: P.L. 100-418 of 1988; geocities translation: enacted 93.12.27; America Makes: five swimlanes;
    # Council Directive 92/46/EEC of 16 June 1992; GB 19301-2010 issued 2010-03-26
    for cid, value in {"S5-us-mep": 1988, "S5-korea-export-act": 1993, "S5-america-makes": 5,
                       "S3-milk-eu-year": 1992, "S3-milk-cn2010-year": 2010, "S5-steel-year": 2018}.items():
        assert ledger.loc[cid].verdict == "agrees" and float(ledger.loc[cid].source_value) == value, cid


def test_steel_grading_publisher_differs(ledger):
    row = ledger.loc["S5-steel-publisher"]
    assert row.verdict == "differs" and "Central Iron and Steel Research Institute" in row.source_value


def test_milk_ratios(pkg):
    from compendium import sections

    t = sections.milk_limits(pkg).set_index("rule")
    assert t.loc["China draft revision", "ratio_to_us"] == pytest.approx(1e6 / 750e3)
    assert t.loc["China draft revision", "ratio_to_eu"] == pytest.approx(2.5)




# Every registered claim with the verdict its sources support, typed from our reading of the pages named in
# claim_values.csv (agrees/differs), or unverified where no source value was found. A new claim must be added here.
EXPECTED_VERDICTS = {
    "agrees": ["S3-milk-us", "S3-milk-eu", "S3-milk-eu-year", "S3-milk-cn2010-year", "S3-complaints-total",
               "S3-complaints-quality", "S3-complaints-share", "S3-mici-rank", "S5-make-in-india", "S5-us-quality-act",
               "S5-us-mep", "S5-korea-export-act", "S5-india-zed", "S5-qif-areas", "S5-america-makes", "S5-steel-year",
               "S6-action-plans"],
    "differs": ["S5-us-fastener-act", "S5-steel-publisher"],
    "unverified": ["S3-milk-cn2010-scc", "S3-milk-cn-draft", "S3-spot-2018-daily", "S3-spot-2018-electronics",
                   "S3-spot-2018-light", "S3-complaints-growth", "S3-image-survey", "S3-bluebook-rd-methods",
                   "S3-bluebook-rd-tools", "S3-bluebook-spc", "S3-bluebook-capability", "S3-bluebook-autodata",
                   "S3-sme-no-qmis", "S3-sme-qmis-half", "S4-caq-survey", "S4-eu-report-year", "S4-sme-subsidy",
                   "S5-us-rm2000", "S5-korea-xc5", "S5-qif-year", "S5-steel-lines", "S6-target-2025", "S6-target-2035"],
}


def test_every_claim_is_pinned(ledger):
    expected = {cid: v for v, ids in EXPECTED_VERDICTS.items() for cid in ids}
    assert set(expected) == set(ledger.index), "register the new or removed claim in EXPECTED_VERDICTS"
    got = ledger["verdict"].to_dict()
    assert {cid: got[cid] for cid in expected} == expected


def test_formulas_allow_arithmetic_only():
    with pytest.raises(ValueError, match="only numbers"):
        claims.evaluate("__import__('os').getcwd()", {})
