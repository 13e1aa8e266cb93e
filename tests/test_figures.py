"""Every figure, in both languages: real glyphs from the bundled font, no text outside the figure or past its
plot area, no two texts crossing, and a width that reads at page width. A missing glyph fails the test."""
import warnings

import pytest

LANGS = ["en", "zh"]
# Every figure is checked in Chinese in the fast suite (the harder case: wider glyphs, another font) and in
# English in the slow one (make check).
LANG_CASES = [pytest.param("en", marks=pytest.mark.slow), "zh"]


def figure_builders(pkg):
    """Each figure of the compendium, drawn from the library as its notebook draws it: name -> f(lang)."""
    from compendium.analysis import claims, complaints, figure1, international, longseries, milk, scenarios, surveys
    from compendium.presentation import ledger, plotting

    def checked(name):
        return claims.verdicts(pkg, notebook=name)

    def fig1(lang):
        f = figure1.build(pkg, 2014, 2018, list(pkg["categories"].code), lang)
        return plotting.figure1(f.grid, f.national, f.names, lang)

    def verdicts(lang):
        return plotting.verdict_counts(claims.verdicts(pkg), lang)

    def limits(lang):
        return plotting.milk_limits(milk.limits(checked(milk.NAME)), ledger.names(pkg, lang), lang)

    def counts(lang):
        return plotting.complaints(complaints.recomputed(checked(complaints.NAME)), ledger.names(pkg, lang), lang)

    def percentages(lang):
        return plotting.survey_values(surveys.percentages(checked(surveys.NAME)), ledger.names(pkg, lang), lang)

    def dates(lang):
        return plotting.timeline(international.dates(checked(international.NAME)), ledger.names(pkg, lang), lang)

    def scenario(lang):
        return plotting.scenario_summary(scenarios.units(pkg["am_scenarios_printed"]), lang)

    def long(lang):
        return plotting.long_series(longseries.national(pkg, 2014, 2024), longseries.change_points(pkg, 2014, 2024),
                                    longseries.breakdown(pkg, "enterprise_size", 2014, 2024),
                                    longseries.breakdown(pkg, "channel", 2014, 2024), lang)

    return {"figure1": fig1, "claims_verdicts": verdicts, "milk_limits": limits, "complaints_2020": counts,
            "survey_percentages": percentages, "international_dates": dates, "am_scenarios": scenario,
            "spot_checks_long": long}


FIGURES = ["figure1", "claims_verdicts", "milk_limits", "complaints_2020", "survey_percentages", "international_dates",
           "am_scenarios", "spot_checks_long"]


@pytest.mark.parametrize("lang", LANG_CASES)
@pytest.mark.parametrize("name", FIGURES)
def test_figure_reads_in_both_languages(pkg, tmp_path, name, lang):
    import matplotlib.pyplot as plt
    from PIL import Image

    from compendium.presentation import plotting

    with warnings.catch_warnings():
        warnings.simplefilter("error")   # a missing glyph, a font not found, any other drawing warning
        fig = figure_builders(pkg)[name](lang)
        problems = plotting.layout_problems(fig)
        (path,) = plotting.save(fig, tmp_path, name)
    plt.close(fig)
    assert not problems, f"{name} ({lang}): " + "; ".join(problems)
    width, height = Image.open(path).size
    assert width <= 1300, f"{name} ({lang}) is {width} px wide: text shrinks when a page shows it"


def test_every_figure_is_tested():
    """The list above covers every figure the committed notebooks write."""
    from tests.conftest import ROOT

    written = {p.stem for p in (ROOT / "figures").glob("*.png")}
    assert written <= set(FIGURES), f"figures without a test: {sorted(written - set(FIGURES))}"


def test_layout_check_can_fail():
    """A note placed past the right edge of its plot and two texts on top of each other are both reported."""
    import matplotlib.pyplot as plt

    from compendium.presentation import plotting

    plotting.set_theme("en")
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 10)
    ax.text(9.5, 0.5, "a note that runs off the plot")
    ax.text(1, 0.2, "crossing")
    ax.text(1.1, 0.2, "crossing")
    ax.text(5, 0.8, "tiny", fontsize=4)
    problems = plotting.layout_problems(fig)
    plt.close(fig)
    assert any("runs past its plot area" in p for p in problems)
    assert any("'tiny' is 4.0 pt" in p for p in problems)
    assert any("cross" in p and "runs past" not in p for p in problems)


def test_zh_uses_the_bundled_font_for_every_label(pkg):
    from matplotlib.ft2font import FT2Font

    from compendium.presentation import plotting, text
    from compendium.analysis import scenarios

    cmap = FT2Font(str(plotting.CJK_FONT_FILE)).get_charmap()
    strings = [t["zh"] for t in text.table().values()] + list(pkg["categories"]["name_zh"])
    strings += list(scenarios.SCENARIO_EN) + list(scenarios.ROLES)
    strings += list(pkg["claim_names"][["name_zh", "stated_text_zh", "source_text_zh"]].stack().dropna())
    missing = sorted({ch for s in strings for ch in s if not ch.isspace() and ord(ch) not in cmap})
    assert not missing, f"characters missing from the bundled font: {missing}"


def test_a_missing_glyph_is_caught(tmp_path):
    """The check above can fail: a character outside the subset draws a warning we turn into an error."""
    import matplotlib.pyplot as plt

    from compendium.presentation import plotting

    plotting.set_theme("zh")
    plt.rcParams["font.family"] = [plotting.CJK_FAMILY]
    fig, ax = plt.subplots()
    ax.set_title("\U0001F600 𠀀")  # an emoji and a rare ideograph, absent from the subset
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*")
        with pytest.raises(UserWarning):
            fig.savefig(tmp_path / "x.png")
    plt.close(fig)


def test_library_opens_no_socket(tmp_path):
    """Loading, checking, computing and drawing with sockets disabled (pytest-socket): no network at run time."""
    from pytest_socket import SocketBlockedError, disable_socket, enable_socket

    from compendium.analysis import claims, data, figure1, longseries
    from compendium.presentation import labels, plotting
    from tests.conftest import DATA

    disable_socket()
    try:
        pkg = data.load(DATA)
        claims.verdicts(pkg)
        fig1 = figure1.build(pkg, 2014, 2018, list(pkg["categories"].code), "zh")
        figure1.trends(fig1)
        longseries.answers(longseries.national(pkg, 2014, 2024), longseries.breakdown(pkg, "enterprise_size", 2014, 2024),
                           longseries.breakdown(pkg, "channel", 2014, 2024))
        plotting.save(plotting.figure1(fig1.grid, fig1.national, fig1.names, "zh", lambda k: labels.text(k, "zh")), tmp_path, "f")
        import socket

        with pytest.raises(SocketBlockedError), pytest.warns(UserWarning, match="socket"):
            socket.socket()   # the guard is really on: this test could fail
    finally:
        enable_socket()


def test_every_verdict_has_a_colour_and_a_legend_entry(tmp_path):
    """All four verdicts of compendium.analysis.claims are drawn and named, in both languages."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from compendium.presentation import labels, plotting

    table = pd.DataFrame({"section": ["3.1", "3.2", "5.1", "6.1"], "verdict": list(plotting.VERDICT_ORDER)})
    for lang in LANGS:
        fig = plotting.verdict_counts(table, lang)
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        plt.close(fig)
        assert legend == [labels.text(v, lang) for v in plotting.VERDICT_ORDER]
