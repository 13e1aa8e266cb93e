"""The verdict rule, the arithmetic of printed numbers and the relation words, on small cases worked by hand."""
import pytest

from compendium import ledger, relations, text, verdicts
from compendium.printed import half_unit, number
from compendium.verdicts import Interval


def claim(**fields):
    base = {"claim_id": "X", "kind": "fact", "check": "exact", "stated_value": None, "stated_low": None,
            "stated_high": None, "bound": None, "stated_text": None, "other_reading": None, "unit": "", "looked_for": "x"}
    return base | fields


def value(v=None, text_=None):
    return {"value": v, "value_text": text_, "source_id": "s"}


def test_a_printed_number_stands_for_its_rounding():
    assert half_unit("10.3") == 0.05 and half_unit("6.93e6") == 5000 and half_unit("911e4") == 5000
    assert Interval.printed("7.5e5") == Interval(745000, 755000)
    assert Interval.printed("2014") == Interval(2013.5, 2014.5)
    assert Interval.printed("10.35").high == 10.355


def test_interval_arithmetic_reaches_every_value_the_printed_numbers_allow():
    """911万 complaints after growth of 31.5%: the year before lies between 9,105,000 / 1.3155 and 9,115,000 / 1.3145."""
    implied = Interval.printed("911e4") / (1 + Interval.printed("31.5") / 100)
    assert implied.low == pytest.approx(9_105_000 / 1.3155) and implied.high == pytest.approx(9_115_000 / 1.3145)
    assert (3 * Interval(-1, 2)) == Interval(-3, 6)
    with pytest.raises(ZeroDivisionError):
        Interval(1, 2) / Interval(-1, 1)


def test_exact_agrees_within_the_printed_rounding_and_differs_outside():
    inside = verdicts.check(claim(stated_value=750000.0), value(750000.0), "7.5e5")
    assert inside.verdict == "agrees" and inside.relation["key"] == "inside"
    outside = verdicts.check(claim(stated_value=750000.0), value(756000.0), "7.5e5")
    assert outside.verdict == "differs" and outside.relation["key"] == "above" and outside.difference == -6000


def test_a_span_and_a_bound_are_compared_as_such():
    span = claim(check="range", stated_low=1980.0, stated_high=1989.0)
    assert verdicts.check(span, value(1987.0)).verdict == "agrees"
    late = verdicts.check(span, value(1990.0))
    assert late.verdict == "differs" and late.difference == 1 and late.relation["key"] == "above"
    since = claim(check="bound", bound=">=", stated_value=2010.0, other_reading="exact 2010")
    read = verdicts.check(since, value(2016.0))
    assert read.verdict == "agrees" and read.other["key"] == "higher"    # as 'exactly 2010' it would differ
    assert verdicts.check(claim(check="bound", bound="<", stated_value=50.0), value(50.0)).verdict == "differs"
    assert verdicts.check(claim(check="bound", bound="<=", stated_value=50.0), value(50.0)).verdict == "agrees"


def test_derived_wording_unverified_and_not_checkable():
    c = claim(check="derived", stated_value=6.93e6)
    assert verdicts.derived(c, "6.93e6", Interval(6921323, 6934196), ["b", "a", "a"]).verdict == "agrees"
    apart = verdicts.derived(c, "6.93e6", Interval(6940000, 6950000), ["a"])
    assert apart.verdict == "differs" and apart.relation["key"] == "apart" and apart.source_ids == ("a",)
    assert verdicts.derived(c, "6.93e6", Interval(1, 2), ["b", "a"]).source_ids == ("a", "b")
    q = claim(check="qualitative", stated_text="Low quality")
    assert verdicts.check(q, value(text_="low quality")).verdict == "agrees"
    assert verdicts.check(q, value(text_="counterfeits")).verdict == "differs"
    assert verdicts.check(claim(stated_value=1.0), None).verdict == "unverified"
    assert verdicts.check(claim(kind="target", check=None), None).verdict == "not checkable"


def test_counts_name_every_verdict_and_refuse_an_unknown_one():
    assert verdicts.counts(["agrees", "agrees", "unverified"]) == {"agrees": 2, "differs": 0, "unverified": 1,
                                                                   "not checkable": 0}
    with pytest.raises(ValueError):
        verdicts.counts(["agreed"])


def test_relation_words():
    assert relations.position(5, 1, 5).key == "inside" and relations.position(5.1, 1, 5).key == "above"
    assert relations.overlap(1, 2, 2, 3).key == "overlaps" and relations.overlap(1, 2, 2.1, 3).key == "apart"
    assert relations.direction(7.7, 10.3).key == "rose" and relations.direction(10.34, 10.3).key == "same"
    assert relations.compare(9.4, 10.3).key == "lower" and relations.compare(10.26, 10.3).key == "equal"
    assert [relations.share(k, 6).key for k in (0, 2, 6)] == ["none", "some", "all"]


def test_a_sentence_says_the_word_of_its_rows_relation_in_both_languages_and_records_it():
    rows = [{"a": 10.3, "b": 9.4, "rel": relations.compare(10.3, 9.4)}]
    said = text.sentences({"en": "{a} is {rel} {b}", "zh": "{a}{rel}{b}"}, rows, {"rel": "key:compare"})
    assert said["en"] == ["10.3 is higher than 9.4"] and said["zh"] == ["10.3高于9.4"]
    assert said.rows[0]["rel"]["key"] == "higher" and said.rows[0]["rel"]["word"] == {"en": "higher than", "zh": "高于"}
    chosen = text.sentences_by("rel", {"higher": {"en": "up", "zh": "升"}, "lower": {"en": "down", "zh": "降"}}, rows)
    assert chosen["en"] == ["up"] and chosen.rows[0]["rel"]["chosen"] == "higher"
    marked = text.sentences({"en": "{name}", "zh": "{name}"}, [{"name": "<img onerror=x> [a](javascript:b)"}])
    assert "<img" not in marked["en"][0] and "\\[a\\](" in marked["en"][0]   # markup in data is shown, not obeyed


def test_an_explanation_uses_the_verdicts_own_comparison():
    v = verdicts.check(claim(check="range", stated_low=1980.0, stated_high=1989.0, unit="year"), value(1990.0)).record()
    said = ledger.explain(v, claim(check="range", stated_low=1980.0, stated_high=1989.0, unit="year"), None, "en")
    assert said == "the source's 1990 lies above 1980–1989, by 1 year"


def test_numbers_are_written_for_people():
    assert text.number(25672) == "25,672" and text.number(2014, grouping=False) == "2014"
    assert text.number(20.0715) == "20.0715" and text.number(13.0) == "13" and text.number(None) == ""
    assert text.number(6921322.691, 0) == "6,921,323" and text.pvalue(0.0004) == "< 0.001"


@pytest.mark.parametrize("fragment,field,expected", [
    ("不合格发现率为10.3%", "rate", 10.3), ("911万件", "value", 9.11e6), ("比上年下降2.8个百分点", "change_pp", -2.8),
    ("比2014年", "change_vs", 2014), ("A total of 25,250 product batches", "batches", 25250)])
def test_a_printed_fragment_is_read_back(fragment, field, expected):
    assert number(fragment, field) == expected
