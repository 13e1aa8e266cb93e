"""Parsing the printed rows of the scenario list, on the awkward rows of our pages."""
import pytest

from compendium.analysis import scenarios


def test_two_makers_separated_by_a_comma():
    got = scenarios.parse_units("装备制造商：上海探真激光技术有限公司，西安铂力特增材技术股份有限公司 服务提供商：上海航天精密机械研究所")
    assert got == [("装备制造商", "上海探真激光技术有限公司"), ("装备制造商", "西安铂力特增材技术股份有限公司"),
                   ("服务提供商", "上海航天精密机械研究所")]


def test_several_application_units_separated_by_dun_hao():
    got = scenarios.parse_units("应用单位：上海交通大学、南京航空航天大学、北京科技大学")
    assert [u for _, u in got] == ["上海交通大学", "南京航空航天大学", "北京科技大学"]


def test_combined_role_kept_as_printed():
    assert scenarios.parse_units("装备制造商/服务提供商：西安铂力特增材技术股份有限公司")[0][0] == "装备制造商/服务提供商"


def test_text_without_a_role_label_is_refused():
    with pytest.raises(ValueError, match="role label"):
        scenarios.parse_units("西安铂力特增材技术股份有限公司")


def test_blank_type_continues_and_second_line_merges(pkg):
    items = scenarios.items(pkg["am_scenarios_printed"]).set_index("item_no")
    assert items.loc[4, "scenario_type"] == "多材料结构一体化制造"        # blank cell under item 3
    assert items.loc[8, "scenario_type"] == "复杂结构产品整体一体化制造"   # blank under items 6-7
    assert items.loc[3, "project_name"] == "机载曲面装置多材料一体化制造"  # wrapped name joined
    assert items.loc[9, "printed_lines"] == 2 and len(items) == 9
    units = scenarios.units(pkg["am_scenarios_printed"])
    item9 = units[units.item_no == 9]
    assert sorted(item9[item9.role == "装备制造商"].unit) == ["天津清研智束科技有限公司", "天津镭明激光科技有限公司"]


def test_user_sector_prefers_universities(pkg):
    assert scenarios.user_sector("南京航空航天大学", pkg["terms"]) == "universities"
    assert scenarios.user_sector("中国航天科技集团有限公司", pkg["terms"]) == "space"
    assert scenarios.user_sector("某某有限公司", pkg["terms"]) == "other"


def test_every_printed_name_has_our_english_in_the_data(pkg):
    """Scenario types, roles and fields as printed each have a row of data/terms.csv (one place for names)."""
    terms = pkg["terms"]
    items = scenarios.items(pkg["am_scenarios_printed"])
    for kind, printed in (("scenario_type", set(items.scenario_type)), ("role", set(scenarios.ROLES)),
                          ("field", set(items.field))):
        assert printed <= set(terms[terms.kind == kind].name_zh), kind


def test_sectors_are_named_as_in_the_data(pkg):
    """'electronics' is named 电子信息 / electronic information wherever it is shown (one row of terms.csv)."""
    from compendium.presentation import text

    units = scenarios.units(pkg["am_scenarios_printed"])
    counts = scenarios.sector_items(units, pkg["terms"])
    assert "electronic_information" in counts.index
    assert text.term(pkg["terms"], "sector", "electronic_information", "zh") == "电子信息"
    lines = scenarios.summary(scenarios.items(pkg["am_scenarios_printed"]), units, pkg["terms"], "zh")
    assert "电子信息2项" in lines[-1]


def test_coverage_is_computed_from_the_rows(pkg):
    items = scenarios.items(pkg["am_scenarios_printed"])
    c = scenarios.coverage(items)
    assert (c["first"], c["last"], c["items"], c["contiguous"]) == (1, 9, 9, True)
    assert "items 1–9" in scenarios.coverage_text(items, pkg["terms"], "en")
    fewer = items[items.item_no != 5]
    assert not scenarios.coverage(fewer)["contiguous"] and "8 items" in scenarios.coverage_text(fewer, pkg["terms"], "en")
    assert "items 1, 2, 3, 4, 6, 7, 8 and 9" in scenarios.coverage_text(fewer, pkg["terms"], "en")
    assert "第1—9项" in scenarios.coverage_text(items, pkg["terms"], "zh")
