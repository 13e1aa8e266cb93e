"""The data package as a whole: Frictionless validates data/ with the compendium's rules (what `make datapackage`
runs, here so that CI runs it too), every file is described, and the printed forms are read back.

The values themselves are checked against an independent second transcription in test_second_entry.py.
"""
import pytest

from compendium.analysis import data
from tests.conftest import DATA


def test_the_package_validates():
    """Frictionless, the schema and every rule of compendium.analysis.rules, on data/ as committed."""
    assert data.problems(DATA) == []


def test_no_number_lives_only_in_a_note(pkg):
    """Rates and points once kept in notes (9.7%, 8.0%, 6.7 points, 10.7 and 19.6 points) are gone from them."""
    import re

    for name in ("spot_checks", "spot_check_breakdowns"):
        for note in pkg[name]["note"].dropna():
            assert not re.search(r"\d+(\.\d+)?\s*(%|points|个百分点)", note), (name, note)


def test_every_csv_in_data_is_described():
    listed = {r["path"] for r in data.read_descriptor(DATA)["resources"]}
    assert {p.name for p in DATA.glob("*.csv")} == listed


@pytest.mark.parametrize("text,field,unit,expected", [
    ("不合格发现率为10.3%", "rate", "", 10.3),
    ("911万件", "value", "", 9.11e6),
    ("质量问题(213.9万件)", "value", "", 2.139e6),
    ("比上年下降2.8个百分点", "change_pp", "", -2.8),
    ("比2014年下降了1.7个百分点", "change_pp", "", -1.7),
    ("2014年比2013年上升了3.4個百分點", "change_pp", "", 3.4),
    ("比2014年", "change_vs", "", 2014),
    ("共抽查了24245家企業", "enterprises", "", 24245),
    ("A total of 25,250 product batches", "batches", "", 25250),
    ("6.93×10^6 件", "stated_value", "", 6.93e6),
    ("20世纪80年代", "stated_low", "", 1980),
    ("20世纪80年代", "stated_high", "", 1989),
    ("1制定93.12.27法律第", "value", "year", 1993),
    ("抽查合格率为92.0%", "rate", "", 92.0),
])
def test_printed_forms_are_read_back(text, field, unit, expected):
    from compendium.analysis import printed

    assert printed.number(text, field, unit) == pytest.approx(expected)


def test_a_printed_form_with_two_figures_is_refused():
    from compendium.analysis import printed

    with pytest.raises(ValueError, match="exactly one"):
        printed.number("24245家企业生产的25672批次", "batches")


# Values whose printed fragment could not be checked on the page again (the page did not come up in the stored
# copies); both transcriptions agree on the value itself (verification/second_entry/).
NOT_RECHECKED = {("spot_checks", "2017|annual||category|food_related", "rate")}


def test_printed_forms_cover_the_source_values(pkg):
    """Every number of spot_checks, spot_check_breakdowns and claim_values (outside the rows' keys) has its printed
    form."""
    have = {(r.table, r.row_key, r.field) for r in pkg["printed_values"].itertuples()} | NOT_RECHECKED
    missing = []
    for table in ("spot_checks", "spot_check_breakdowns", "claim_values"):
        schema = pkg.resource(table)["schema"]
        key = schema["primaryKey"]
        fields = [f["name"] for f in schema["fields"] if f["type"] in ("integer", "number") and f["name"] not in key]
        for _, r in pkg.raw[table].iterrows():
            for f in fields:
                if r[f] and (table, "|".join(r[k] for k in key), f) not in have:
                    missing.append((table, "|".join(r[k] for k in key), f))
    assert not missing, f"{len(missing)} values without their printed form, e.g. {missing[:5]}"
