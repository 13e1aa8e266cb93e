"""Generated sentences: both languages for every sentence, and conclusion words that follow the values."""
import string

import pytest

from compendium.analysis import figure1
from compendium.presentation import narrative, text
from compendium.build import params


def test_the_text_table_has_both_languages_with_the_same_placeholders():
    """Mutation: drop a placeholder from one language of any row of text.csv, or leave a cell empty."""
    for key, forms in text.table().items():
        assert forms["en"].strip() and forms["zh"].strip(), key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(s) if f} for lang, s in forms.items()}
        assert fields["en"] == fields["zh"], key


@pytest.mark.parametrize("coverage,word", [
    ({"printed": 11, "derived": 16, "missing": 13}, "part"),
    ({"printed": 40, "derived": 0, "missing": 0}, "full"),
    ({"printed": 0, "derived": 0, "missing": 40}, "none"),
])
def test_extent_follows_the_coverage(coverage, word):
    assert figure1.extent(coverage) == word


def test_direction_follows_the_values():
    assert figure1.direction(7.7, 10.3) == "rose" and figure1.direction(10.3, 7.7) == "fell"
    assert figure1.direction(10.31, 10.29) == "same"


def _p(tmp_path, monkeypatch, **overrides):
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT / "notebooks")
    return params.check("01_figure1_spot_checks", {**params.declared("01_figure1_spot_checks"),
                                                   "figures_dir": str(tmp_path / "f"), "results_dir": str(tmp_path / "r"),
                                                   **overrides})


def test_figure1_title_and_margins_follow_the_parameters(tmp_path, monkeypatch, pkg):
    p = _p(tmp_path, monkeypatch, first_year=2015, last_year=2017, categories="electronics,light_industry")
    fig = figure1.build(pkg, p.first_year, p.last_year, p.categories, p.lang)
    title, span = figure1.header(p, pkg, fig)
    assert "2015–2017" in title and "2 of 8 categories" in title and "2014–2018" in span
    low, high = figure1.margins(fig)
    derived = fig.grid.query("status == 'derived'").margin.tolist() + fig.national.query("status == 'derived'").margin.tolist()
    assert (low, high) == (min(derived), max(derived))
    assert f"±{high:.2f}" in figure1.caption(fig)


def test_figure1_sentences_in_chinese(tmp_path, monkeypatch, pkg):
    p = _p(tmp_path, monkeypatch, lang="zh")
    fig = figure1.build(pkg, p.first_year, p.last_year, p.categories, p.lang)
    national = figure1.national_table(pkg, p.first_year, p.last_year)
    lines = [*figure1.header(p, pkg, fig), *figure1.summary(fig, national, figure1.trends(fig))]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in line) for line in lines)
    assert "只能部分重建" in lines[2]


@pytest.mark.slow
def test_figure1_every_allowed_span_runs(pkg):
    """Issue 13: every span params allows for Figure 1 builds, summarises and draws nothing empty."""
    lo, hi, needed = params.year_range("01_figure1_spot_checks", pkg)
    codes = list(pkg["categories"].code)
    for first in range(lo, hi + 1):
        for last in range(first, hi + 1):
            if not any(first <= y <= last for y in needed):
                continue
            fig = figure1.build(pkg, first, last, codes, "en")
            assert (fig.grid.status != "missing").any()
            figure1.summary(fig, figure1.national_table(pkg, first, last), figure1.trends(fig))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ledger_conclusion_in_both_languages(pkg, lang):
    from compendium.analysis import claims

    lines = narrative.ledger_conclusion(claims.verdicts(pkg), lang)
    differs = [line for line in lines if line.startswith("Differs" if lang == "en" else "不符")]
    assert len(differs) == claims.counts(claims.verdicts(pkg))["differs"] and differs
    if lang == "zh":
        assert all("原文为" in line and "来源为" in line for line in differs)
