"""The transcribed values against the sources, typed here by hand from the pages named in sources.csv."""
import pandas as pd
import pytest

from compendium.analysis import data

# (period, scope/category, column, value as printed in the source)
PRINTED = [
    ("2014", "national", "batches", 25672),          # ce2014: 24245家企业生产的25672批次, 92.3%
    ("2014", "national", "rate", 92.3),
    ("2014", "food_related", "batches", 7451),       # ce2014: 6695家企业生产的7451批次, 98.5%
    ("2014", "food_related", "rate", 98.5),
    ("2015", "national", "enterprises", 24505),      # cbda2015: 24505家企业 25345批次 91.1% 下降1.2
    ("2015", "national", "rate", 91.1),
    ("2015", "national", "change_pp", -1.2),
    ("2015", "electronics", "change_pp", -7.3),      # cbda2015: 电子电器(下降7.3个百分点)
    ("2015", "electrical_materials", "batches", 2845),  # solarzoom2015: 24种2829家企业生产的2845批次 90.1%
    ("2015", "electrical_materials", "rate", 90.1),
    ("2015-batch4", "daily_textile", "rate", 90.4),  # ce2015b4: 日用及纺织品抽查合格率为90.4% ... 上升了2.2
    ("2015-batch4", "daily_textile", "change_pp", 2.2),
    ("2015-batch4", "electrical_materials", "change_pp", -9.8),
    ("2016", "national", "batches", 23851),          # xinhua2016: 23152家企业 23851批次 91.6%
    ("2016", "national", "rate", 91.6),
    ("2017", "national", "batches", 20192),          # chinanews2017: 19124家企业 20192批次 91.5%
    ("2017", "daily_textile", "rate", 85.6),         # jsqa2017: 85.6%, 下降了5.1
    ("2017", "daily_textile", "change_pp", -5.1),
    ("2017", "electronics", "rate", 83.4),           # jsqa2017: 83.4%, 提高了1.3
    ("2017", "electronics", "change_pp", 1.3),
    ("2017", "electrical_materials", "batches", 3783),  # pv2017: 26种3065家企业生产的3783批次 90.5% -1.8
    ("2018", "national", "batches", 28771),          # samr2018: 25856家企业 28771批次 2952批次不合格 10.3% 上升1.8
    ("2018", "national", "nonconforming_batches", 2952),
    ("2018", "national", "rate", 10.3),
    ("2018", "national", "change_pp", 1.8),
    ("2018", "building_materials", "batches", 6505),  # fd2018: 36种6055家企业生产的6505批次 9.2% 上升1.4
    ("2018", "building_materials", "rate", 9.2),
]


@pytest.mark.parametrize("period,scope,column,expected", PRINTED)
def test_printed_value(pkg, period, scope, column, expected):
    t = pkg["spot_checks"]
    year, _, batch = period.partition("-batch")
    t = t[(t.year == int(year)) & ((t.release == "batch") & (t.release_no == int(batch)) if batch else (t.release == "annual"))]
    if scope == "national":
        row = t[t.scope == "national"]
    else:
        row = t[t.category == scope]
    assert len(row) == 1, f"no single row for {period} {scope}"
    assert float(row.iloc[0][column]) == pytest.approx(expected)


def test_frictionless_validates_the_package():
    import frictionless

    from tests.conftest import DATA

    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]


def test_every_hash_is_recorded_and_current():
    from tests.conftest import DATA

    desc = data.read_descriptor(DATA)
    for res in desc["resources"]:
        assert res["hash"] == "sha256:" + data.sha256(DATA / res["path"]), res["path"]


def test_every_source_row_names_publisher_url_kind_and_when_read(pkg):
    s = pkg["sources"]
    assert s["url"].notna().all() and s["publisher"].notna().all() and s["accessed"].notna().all()
    assert set(s["page_kind"]) <= {"original", "repost", "secondary"}


def test_no_number_lives_only_in_a_note(pkg):
    """Rates and points once kept in notes (9.7%, 8.0%, 6.7 points, 10.7 and 19.6 points) are gone from them."""
    import re

    for name in ("spot_checks", "spot_check_breakdowns"):
        for note in pkg[name]["note"].dropna():
            assert not re.search(r"\d+(\.\d+)?\s*(%|points|个百分点)", note), (name, note)


def test_every_change_refers_to_a_level_the_data_holds(pkg):
    b = pkg["spot_check_breakdowns"]
    annual = b[b.release == "annual"]
    for r in b.dropna(subset=["change_vs"]).itertuples():
        then = annual[(annual.year == r.change_vs) & (annual.dimension == r.dimension)]
        assert then.empty or r.level in set(then.level), (r.year, r.dimension, r.level)


def test_breakdown_levels_belong_to_their_dimension(data_copy):
    """A level of another dimension is refused by the schema (a foreign key on dimension and level)."""
    text = (data_copy / "spot_check_breakdowns.csv").read_text(encoding="utf-8")
    (data_copy / "spot_check_breakdowns.csv").write_text(text.replace("2017,annual,,region,east", "2017,annual,,region,small", 1),
                                                          encoding="utf-8")
    with pytest.raises(data.DataError) as err:
        data.update_hashes(data_copy)
    assert err.value.rule == "foreign-key" and err.value.file == "spot_check_breakdowns.csv"


def test_every_csv_in_data_is_described():
    from tests.conftest import DATA

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


def test_each_stored_number_is_what_its_printed_form_says(pkg):
    """data/printed_values.csv keeps each value's printed fragment; the stored number must be what it says."""
    from compendium.analysis import printed

    units = dict(zip(pkg["claim_values"].value_id, pkg["claim_values"].unit.fillna("")))
    units |= dict(zip(pkg["claims"].claim_id, pkg["claims"].unit.fillna("")))
    wrong = []
    for r in pkg["printed_values"].itertuples():
        res = pkg.resource(r.table)
        raw = pkg.raw[r.table]
        row = raw[raw[res["schema"]["primaryKey"]].agg("|".join, axis=1) == r.row_key].iloc[0]
        stored = float(row[r.field])
        year = int(row["year"]) if "year" in row else None
        figure = None if pd.isna(r.figure) else int(r.figure)
        said = printed.number(r.printed, r.field, units.get(r.row_key, ""), figure, year)
        if not abs(stored - said) <= 1e-9 * max(1.0, abs(stored)):
            wrong.append((r.table, r.row_key, r.field, r.printed, stored, said))
    assert not wrong, wrong[:5]


# Values whose printed fragment could not be checked on the page again (the page did not come up in the stored
# copies); both transcriptions agree on the value itself (verification/second_entry/).
NOT_RECHECKED = {("spot_checks", "2017|annual||category|food_related", "rate")}


def test_printed_forms_cover_the_source_values(pkg):
    """Every number of spot_checks, spot_check_breakdowns and claim_values has its printed form."""
    have = {(r.table, r.row_key, r.field) for r in pkg["printed_values"].itertuples()} | NOT_RECHECKED
    missing = []
    for table, fields in (("spot_checks", ("kinds", "enterprises", "batches", "nonconforming_enterprises",
                                           "nonconforming_batches", "rate", "change_pp", "change_vs")),
                          ("spot_check_breakdowns", ("share_enterprises", "share_batches", "enterprises", "batches",
                                                     "nonconforming_batches", "rate", "change_pp", "change_vs")),
                          ("claim_values", ("value",))):
        key = pkg.resource(table)["schema"]["primaryKey"]
        for _, r in pkg.raw[table].iterrows():
            for f in fields:
                if r[f] and (table, "|".join(r[k] for k in key), f) not in have:
                    missing.append((table, "|".join(r[k] for k in key), f))
    assert not missing, f"{len(missing)} values without their printed form, e.g. {missing[:5]}"
