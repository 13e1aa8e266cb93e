"""The series beyond 2018, against the announcements (values typed from the pages named in sources.csv)."""
import pytest

from compendium import longseries


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
