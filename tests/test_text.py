"""The one text table and the sentences made from it: both languages for every row, Chinese written as Chinese,
lists, ranges and plurals right, and the sentences of notebooks 00 and 01 following their parameters."""
import re
import string

import pytest

from compendium.analysis import claims, figure1, relations
from compendium.presentation import text

CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]"


def test_the_text_table_has_both_languages_with_the_same_placeholders():
    for key, forms in text.table().items():
        assert forms["en"].strip() and forms["zh"].strip(), key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(s) if f} for lang, s in forms.items()}
        assert fields["en"] == fields["zh"], key


def test_chinese_rows_are_written_as_chinese():
    """No ASCII semicolon, no space between a Chinese character and a number or a field, no English word except
    names (Latin letters in a Chinese row are allowed only inside code spans and as glossed names)."""
    allowed = {"SCC", "PMO", "EU", "US", "R", "M", "QIF", "ANSI", "ZED", "America", "Makes", "Wilson", "z", "p", "data",
               "claims", "csv", "sources", "GB", "EEC", "Statista", "CI", "compendium", "analysis", "sections"}
    bad = []
    quotations = {"article_figure1_caption"}   # the article's caption, quoted as printed
    for key, forms in text.table().items():
        if key in quotations:
            continue
        zh = re.sub(r"`[^`]*`", "", forms["zh"])
        zh = re.sub(r"\{[^}]*\}", "0", zh)
        if ";" in zh or re.search(rf"{CJK} +[0-9%±]|[0-9%] +{CJK}", zh):
            bad.append((key, forms["zh"]))
        words = set(re.findall(r"[A-Za-z]+", zh)) - allowed
        if words:
            bad.append((key, sorted(words)))
    assert not bad, bad


@pytest.mark.parametrize("items,en,zh", [([], "", ""), (["a"], "a", "a"), (["a", "b"], "a and b", "a和b"),
                                         (["a", "b", "c"], "a, b and c", "a、b和c")])
def test_lists(items, en, zh):
    assert text.join(items, "en") == en and text.join(items, "zh") == zh


def test_a_range_with_equal_ends_is_one_value():
    assert text.span("±0.10", "±0.10", "en", key="range_words") == "±0.10"
    assert text.span("±0.10", "±0.55", "en", key="range_words") == "±0.10 to ±0.55"
    assert text.span(2014, 2018, "zh") == "2014—2018" and text.span(2017, 2017, "en") == "2017"


def test_counts_take_their_number():
    one = claims.counts_sentence({"agrees": 1, "differs": 1, "unverified": 1, "not checkable": 0}, "en")
    many = claims.counts_sentence({"agrees": 2, "differs": 2, "unverified": 2, "not checkable": 1}, "en")
    assert one == "3 claims: 1 agrees with its source, 1 differs and 1 is unverified."   # no verdict with 0
    assert "2 agree with their source, 2 differ, 2 are unverified and 1 cannot be checked" in many
    assert claims.counts_sentence({"agrees": 2, "differs": 0, "unverified": 1, "not checkable": 0}, "zh") \
        == "共3条论断：2条与来源一致，1条未核实。"   # clauses in Chinese: '，', no '和'
    assert claims.counts_sentence({"agrees": 0, "differs": 0, "unverified": 1, "not checkable": 0}, "en") \
        == "1 claim: 1 is unverified."


def test_sections_are_listed_in_the_article_order(pkg):
    line = claims.scope_sentence(claims.verdicts(pkg), False, "en")
    shown = re.findall(r"\d+\.\d+", line)
    assert shown == sorted(shown, key=claims.section_key) and "5.2, 5.3" in line and "6.1 and 6.2" in line
    assert claims.section_key("5.10") > claims.section_key("5.9")


def test_extent_and_direction_are_relations():
    assert figure1.extent({"printed": 11, "derived": 16, "missing": 13}).key == "some"
    assert figure1.extent({"printed": 40, "derived": 0, "missing": 0}).key == "all"
    assert figure1.extent({"printed": 0, "derived": 0, "missing": 40}).key == "none"
    assert relations.direction(7.7, 10.3).key == "rose" and relations.direction(10.31, 10.29).key == "same"


def _fig(pkg, first, last, cats, lang="en"):
    return figure1.build(pkg, first, last, cats, lang)


def test_figure1_title_and_margins_follow_the_parameters(pkg):
    fig = _fig(pkg, 2015, 2017, ["electronics", "light_industry"])
    title, span = figure1.header(fig)
    assert "2015–2017" in title and "Electronics & appliances and Light industry" in title and "2014–2018" in span
    assert "eight" not in figure1.figure_title(fig) and "all 8" not in figure1.figure_title(fig)
    low, high = figure1.margins(fig)
    derived = fig.grid.query("status == 'derived'").margin.tolist() + fig.national.query("status == 'derived'").margin.tolist()
    assert (low, high) == (min(derived), max(derived))
    assert low == high and f"selection ±{low:.2f} points" in figure1.caption(fig)
    wide = _fig(pkg, 2014, 2018, list(pkg["categories"].code))
    low, high = figure1.margins(wide)
    assert low < high and f"±{low:.2f} to ±{high:.2f}" in figure1.caption(wide)
    four = _fig(pkg, 2014, 2018, ["electronics", "light_industry", "agri_inputs", "food_related"])
    assert "4 of the 8 categories" in figure1.figure_title(four)
    assert "all 8 categories" in figure1.figure_title(_fig(pkg, 2014, 2018, list(pkg["categories"].code)))


def test_equal_margins_are_said_once(pkg):
    fig = _fig(pkg, 2016, 2016, ["electronics"])
    m = figure1.margins(fig)
    assert m[0] == m[1] and figure1.caption(fig).count("±") == 1


def test_one_known_category_is_singular(pkg):
    lines = figure1.summary(_fig(pkg, 2014, 2018, list(pkg["categories"].code)),
                            figure1.national_table(pkg, 2014, 2018), figure1.trends(_fig(pkg, 2014, 2018, list(pkg["categories"].code))))
    latest = next(line for line in lines if "selected categor" in line)
    assert "1 of the 8 selected categories is known" in latest


def test_figure1_sentences_in_chinese(pkg):
    fig = _fig(pkg, 2014, 2018, list(pkg["categories"].code), "zh")
    national = figure1.national_table(pkg, 2014, 2018)
    lines = [*figure1.header(fig), *figure1.summary(fig, national, figure1.trends(fig))]
    assert all(re.search(CJK, line) for line in lines)
    assert "只能部分重建" in lines[2]
    assert not any(re.search(r"[A-Za-z]{3,}", re.sub(r"`[^`]*`", "", line)) for line in lines)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ledger_conclusion_in_both_languages(pkg, lang):
    table = claims.verdicts(pkg, lang=lang)
    lines = claims.conclusion(table, lang)
    differs = [line for line in lines if line.startswith("Differs" if lang == "en" else "不符")]
    assert len(differs) == claims.counts(table)["differs"] and differs
    if lang == "zh":
        assert all(not re.search(r"\b(year|the|source|by)\b", line) for line in differs), differs
        assert any("相差1年" in line for line in differs)


def test_explanations_in_chinese_hold_no_english_sentence(pkg):
    table = claims.verdicts(pkg, lang="zh")
    english = [e for e in table.explanation if re.search(r"\b(the|lies|source|Looked|Needs|found)\b", e)]
    assert not english, english[:3]


@pytest.mark.slow
def test_figure1_every_allowed_span_runs(pkg):
    """Every span params allows for Figure 1 builds, summarises and draws nothing empty."""
    from compendium.build import params

    lo, hi, needed = params.year_range("01_figure1_spot_checks", pkg)
    codes = list(pkg["categories"].code)
    for first in range(lo, hi + 1):
        for last in range(first, hi + 1):
            if not any(first <= y <= last for y in needed):
                continue
            fig = figure1.build(pkg, first, last, codes, "en")
            assert (fig.grid.status != "missing").any()
            figure1.summary(fig, figure1.national_table(pkg, first, last), figure1.trends(fig))
