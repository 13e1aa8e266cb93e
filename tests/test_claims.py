"""Each claim's verdict, and the comparisons that make it: exact at printed precision, range, bound, derived."""
import pandas as pd
import pytest

from compendium.analysis import claims


@pytest.fixture(scope="module")
def ledger(pkg):
    return claims.verdicts(pkg).set_index("claim_id")


# Every registered claim with the verdict its sources support, from our reading of the pages named in
# claim_values.csv (the values themselves are checked against a second transcription, test_second_entry.py):
# unverified where no source value was found, not checkable for targets and statements about the article.
# A new claim must be added here.
VERDICTS = {
    "agrees": ["S3-milk-us", "S3-milk-eu", "S3-milk-eu-year", "S3-milk-cn2010-year", "S3-complaints-total",
               "S3-complaints-quality", "S3-complaints-share", "S3-mici-rank", "S5-make-in-india", "S5-us-quality-act",
               "S5-us-mep", "S5-korea-export-act", "S5-india-zed", "S5-qif-areas", "S5-america-makes", "S5-steel-year"],
    "differs": ["S5-us-fastener-act", "S5-steel-publisher"],
    "unverified": ["S3-milk-cn2010-scc", "S3-milk-cn-draft", "S3-spot-2018-daily", "S3-spot-2018-electronics",
                   "S3-spot-2018-light", "S3-complaints-growth", "S3-image-survey", "S3-bluebook-rd-methods",
                   "S3-bluebook-rd-tools", "S3-bluebook-spc", "S3-bluebook-capability", "S3-bluebook-autodata",
                   "S3-sme-no-qmis", "S3-sme-qmis-half", "S4-caq-survey", "S4-eu-report-year", "S4-sme-subsidy",
                   "S5-us-rm2000", "S5-korea-xc5", "S5-qif-year", "S5-steel-lines"],
    "not checkable": ["S6-action-plans", "S6-target-2025", "S6-target-2035"],
}


def test_every_claim_is_pinned(ledger):
    expected = {cid: v for v, ids in VERDICTS.items() for cid in ids}
    assert set(expected) == set(ledger.index), "register the new or removed claim in VERDICTS"
    assert ledger["verdict"].to_dict() == expected


def test_fastener_act_differs_by_one_year(ledger):
    row = ledger.loc["S5-us-fastener-act"]     # signed 16 November 1990, not in the 1980s
    assert row.source_value == 1990 and row.difference == 1


def test_complaints_derived_from_2021_growth(ledger):
    # 911万 / 1.315 = 692.8万, carrying the rounding of every printed figure
    row = ledger.loc["S3-complaints-total"]
    assert row.source_low == pytest.approx(9.105e6 / 1.3155) and row.source_high == pytest.approx(9.115e6 / 1.3145)
    assert pd.isna(row.source_value)


def test_complaint_share_is_checked_against_the_sources_not_the_article(ledger):
    # 2020 quality / 2020 total, both implied by SAMR's 2021 counts and growth: (213.85万/1.5365) / (911.5万/1.3145)
    # = 20.07% ... (213.95万/1.5355) / (910.5万/1.3155) = 20.13%; the article's 20.09% lies inside
    row = ledger.loc["S3-complaints-share"]
    assert row.check == "derived"
    assert row.source_low == pytest.approx(100 * (213.85e4 / 1.5365) / (911.5e4 / 1.3145))
    assert row.source_high == pytest.approx(100 * (213.95e4 / 1.5355) / (910.5e4 / 1.3155))
    assert set(row.source_id.split(";")) == {"people_2022_complaints", "snjygy_2022_complaints"}


def test_unverified_claims_say_what_was_looked_for(ledger):
    for row in ledger[ledger.verdict == "unverified"].itertuples():
        assert len(row.explanation) > 20 and row.explanation != "no source value found", row.Index


def test_interval_arithmetic():
    assert claims.printed_interval("6.93e6") == claims.Interval(6.925e6, 6.935e6)
    assert claims.printed_interval("12") == claims.Interval(11.5, 12.5)
    i = claims.evaluate("{value:a} / {value:b}", {"{value:a}": claims.Interval(1, 2), "{value:b}": claims.Interval(4, 5)})
    assert (i.low, i.high) == (0.2, 0.5)


BASE = {"claim_id": "T", "kind": "fact", "unit": "year", "value_id": "fastener_act_year", "formula": None,
        "tolerance": None, "note": "", "looked_for": None}


def test_range_and_exact_checks_can_fail(pkg):
    assert claims.verdict({**BASE, "stated_low": 1990, "stated_high": 1999, "check": "range"}, pkg).verdict == "agrees"
    assert claims.verdict({**BASE, "stated_low": 1980, "stated_high": 1989, "check": "range"}, pkg).difference == 1
    assert claims.verdict({**BASE, "stated_value": 1989, "check": "exact"}, pkg, "1989").verdict == "differs"
    assert claims.verdict({**BASE, "stated_value": 1990, "check": "exact"}, pkg, "1990").verdict == "agrees"


@pytest.mark.parametrize("bound,stated,verdict", [
    ("<", 1991, "agrees"), ("<", 1990, "differs"), ("<=", 1990, "agrees"), ("<=", 1989, "differs"),
    (">=", 1990, "agrees"), (">", 1990, "differs"), (">", 1989, "agrees")])
def test_bounds_are_compared_as_bounds(pkg, bound, stated, verdict):
    # the source value is 1990 (Fastener Quality Act): 'fewer than 1991' agrees, 'fewer than 1990' does not
    v = claims.verdict({**BASE, "stated_value": stated, "bound": bound, "check": "bound"}, pkg, str(stated))
    assert v.verdict == verdict and v.source_value == 1990


def test_fewer_than_50_is_not_exact_50(pkg):
    """'Fewer than 50%' with a source value of 45 agrees (stored as exact 50 it would have differed)."""
    import dataclasses

    vals = pkg["claim_values"].copy()
    vals.loc[vals.value_id == "mici_rank_china", "value"] = 45.0
    fake = dataclasses.replace(pkg, tables={**pkg.tables, "claim_values": vals})
    claim = {**BASE, "value_id": "mici_rank_china", "unit": "%", "check": "bound", "bound": "<", "stated_value": 50}
    assert claims.verdict(claim, fake, "50").verdict == "agrees"
    assert claims.verdict({**claim, "check": "exact"}, fake, "50").verdict == "differs"


def test_exact_at_printed_precision(pkg):
    # 7.5e5 stands for 745 000 to 755 000; the source's 750 000 agrees, and so would 752 000, but not 756 000
    claim = {**BASE, "value_id": "us_scc_limit", "unit": "cells/mL", "check": "exact", "stated_value": 7.5e5}
    assert claims.verdict(claim, pkg, "7.5e5").verdict == "agrees"
    assert claims.verdict({**claim, "stated_value": 7.56e5}, pkg, "7.56e5").verdict == "differs"


def test_claims_that_are_not_checkable_have_no_source(ledger):
    rows = ledger[ledger.verdict == "not checkable"]
    assert (rows.kind != "fact").all() and rows.source_value.isna().all() and rows.source_id.isna().all()


def test_no_claim_is_checked_against_the_article(pkg, ledger):
    assert "article" not in set(pkg["sources"]["source_id"])
    assert not any("seed" in str(u) and s != "miit2022_206_seed" for s, u in zip(pkg["sources"].source_id, pkg["sources"].url))
    assert ledger.loc[ledger.source_id.notna(), "source_id"].str.contains("article").sum() == 0


def test_each_claim_names_its_place_and_one_notebook(ledger):
    from compendium.build import notebooks

    ledger = ledger.reset_index()
    assert ledger.paragraph.notna().all() and (ledger.paragraph >= 1).all()
    assert set(ledger.notebook) <= set(notebooks.names())
    assert set(ledger.loc[ledger.claim_id.str.startswith("S3-spot-2018"), "notebook"]) == {"01_figure1_spot_checks"}
    assert set(ledger.loc[ledger.section.str.startswith("5"), "notebook"]) == {"05_international_practice"}


def test_a_notebook_checks_the_claims_its_column_names(pkg):
    assert list(claims.verdicts(pkg, notebook="02_raw_milk_cell_counts").claim_id) == [
        "S3-milk-us", "S3-milk-eu", "S3-milk-eu-year", "S3-milk-cn2010-year", "S3-milk-cn2010-scc", "S3-milk-cn-draft"]
    assert claims.verdicts(pkg, notebook="06_additive_manufacturing_scenarios").empty


def test_payload_is_typed(ledger):
    import json

    payload = claims.results_payload(ledger.reset_index())
    assert payload["verdicts"] == ["agrees", "differs", "unverified", "not checkable"]
    json.dumps(payload, allow_nan=False)
    for c in payload["claims"]:
        for f in ("stated_value", "stated_low", "stated_high", "source_value", "source_low", "source_high", "difference"):
            assert c[f] is None or isinstance(c[f], float), (c["claim_id"], f)
    share = next(c for c in payload["claims"] if c["claim_id"] == "S3-complaints-share")
    assert share["source_low"] < 20.09 < share["source_high"]


def test_steel_grading_publisher_differs(ledger):
    row = ledger.loc["S5-steel-publisher"]
    assert "Central Iron and Steel Research Institute" in row.source_text


def test_milk_ratios(pkg):
    from compendium.analysis import milk

    t = milk.limits(claims.verdicts(pkg, notebook=milk.NAME)).set_index("rule")
    assert t.loc["cn_draft", "times_us"] == pytest.approx(1e6 / 750e3)
    assert t.loc["cn_draft", "times_eu"] == pytest.approx(2.5)


def test_formulas_allow_arithmetic_only():
    with pytest.raises(ValueError, match="only numbers"):
        claims.evaluate("__import__('os').getcwd()", {})
