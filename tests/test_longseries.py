"""The series beyond 2018, against the announcements (values typed from the pages named in sources.csv)."""
import pytest

from compendium.analysis import longseries


@pytest.fixture(scope="module")
def nat(pkg):
    return longseries.national(pkg, 2014, 2024).set_index("year")


def test_printed_national_rates(nat):
    # SAMR: 2020 10.0 (公告2021年第12号), 2021 12.2, 2022 9.4, 2023 12.3, 2024 14.3
    for year, rate in {2020: 10.0, 2021: 12.2, 2022: 9.4, 2023: 12.3, 2024: 14.3}.items():
        assert nat.loc[year, "status"] == "printed" and float(nat.loc[year, "nonconformity"]) == rate


def test_2019_is_derived_from_the_2020_change(nat):
    # 2020: 10.0%, down 0.7 points on 2019 -> 10.7
    assert nat.loc[2019, "status"] == "derived" and float(nat.loc[2019, "nonconformity"]) == pytest.approx(10.7)


def test_change_points_read_off_the_data(pkg):
    pts = longseries.change_points(pkg, 2014, 2024)
    measures = pts[pts.kind == "measure"]
    assert list(measures.year) == [2018, 2021]
    assert 2024 in set(pts[pts.kind == "sampling"].year)


def test_two_proportion_2018_2024(nat):
    t = longseries.compare_years(nat.reset_index(), 2018, 2024)
    assert t["rate_from"] == pytest.approx(100 * 2952 / 28771) and t["rate_to"] == pytest.approx(100 * 3601 / 25250)
    assert t["z"] > 0 and t["p"] < 1e-6


def test_missing_counts_give_no_test(nat):
    assert longseries.compare_years(nat.reset_index(), 2018, 2020) is None


def test_size_gap(pkg):
    gap = longseries.size_gap(longseries.breakdown(pkg, "enterprise_size", 2014, 2024)).set_index("year")
    assert gap.loc[2024, "small_to_large"] == pytest.approx(15.2 / 2.5)   # 2024: small 15.2%, large 2.5%
    assert gap.loc[2017, "small"] == pytest.approx(100 - 90.0)            # 2017: small firms' pass rate 90.0%


def _sizes(pkg, first=2014, last=2024):
    return longseries.breakdown(pkg, "enterprise_size", first, last)


def test_after_article_counts_the_later_years_below(nat):
    # 2018: 10.3%; later: 2019 10.7 (derived), 2020 10.0, 2021 12.2, 2022 9.4, 2023 12.3, 2024 14.3 -> 2 of 6 lower
    a = longseries.after_article(nat.reset_index(), 2018)
    assert (a["below"], a["after"], a["fell"]) == (2, 6, "some")
    assert (a["lo_year"], a["hi_year"], a["last_year"]) == (2022, 2024, 2024)


def test_fell_word_is_computed_not_fixed(nat):
    t = nat.reset_index()
    all_lower = t.assign(nonconformity=[5.0 if y > 2018 else v for y, v in zip(t.year, t.nonconformity)])
    none_lower = t.assign(nonconformity=[20.0 if y > 2018 else v for y, v in zip(t.year, t.nonconformity)])
    assert longseries.after_article(all_lower, 2018)["fell"] == "all"
    assert longseries.after_article(none_lower, 2018)["fell"] == "none"
    assert "Not lastingly" in longseries.answers(t, _sizes_empty(), _sizes_empty())[0]
    yes = longseries.answers(all_lower, _sizes_empty(), _sizes_empty())[0]
    assert "Yes." in yes and "lower in every later year" in yes


def _sizes_empty():
    import pandas as pd

    return pd.DataFrame(columns=["year", "level", "nonconformity"])


def test_in_every_year_is_checked_on_every_year(pkg):
    sizes = _sizes(pkg)
    assert longseries.size_years(sizes)["every"]
    # a middle year where small firms did better: no longer "every year", though first and last still hold
    middle = sorted(set(longseries.size_gap(sizes).year))[1]
    flipped = sizes.assign(nonconformity=[0.1 if (y == middle and lvl == "small") else v
                                          for y, lvl, v in zip(sizes.year, sizes.level, sizes.nonconformity)])
    assert not longseries.size_years(flipped)["every"]
    text = longseries.answers(longseries.national(pkg, 2014, 2024), flipped, _sizes_empty())
    assert not any("in each of the" in line for line in text) and any("in 5 of the 6 years printed" in line for line in text)


def test_batches_in_the_test_sentence_come_from_the_years_compared(nat):
    t = nat.reset_index()
    tests = longseries.compare_after(t, 2018)
    assert list(tests["to"]) == [2021, 2022, 2023, 2024]
    years = [2018, 2021, 2022, 2023, 2024]
    low, high = (int(v) for v in (t[t.year.isin(years)].batches.min(), t[t.year.isin(years)].batches.max()))
    assert f"{low:,} to {high:,}" in longseries.tests_intro(t, tests, 2018, "en")


def _run_07(pkg, first, last):
    """The library calls notebook 07 makes, for one span."""
    nat_ = longseries.national(pkg, first, last)
    sizes = longseries.breakdown(pkg, "enterprise_size", first, last)
    channels = longseries.breakdown(pkg, "channel", first, last)
    longseries.change_points(pkg, first, last)
    longseries.size_gap(sizes)
    tests = longseries.compare_after(nat_, longseries.BASE_YEAR)
    longseries.tests_intro(nat_, tests, longseries.BASE_YEAR, "zh")
    return [longseries.answers(nat_, sizes, channels, longseries.BASE_YEAR, lang) for lang in ("en", "zh")]


@pytest.mark.parametrize("first,last", [(2020, 2021), (2014, 2016), (2013, 2013), (2018, 2019)])
def test_the_issue_spans_run(pkg, first, last):
    en, zh = _run_07(pkg, first, last)
    assert en and zh


@pytest.mark.slow
def test_every_allowed_year_span_runs(pkg):
    """Issue 13: notebook 07 must run for every value its parameters allow (every first_year <= last_year the
    data cover), through the library calls the notebook makes."""
    from compendium.build import params

    lo, hi, _ = params.year_range("07_spot_checks_since_2018", pkg)
    for first in range(lo, hi + 1):
        for last in range(first, hi + 1):
            assert all(_run_07(pkg, first, last))
