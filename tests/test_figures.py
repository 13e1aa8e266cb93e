"""Chinese labels render with real glyphs from the bundled font; a missing glyph fails the test."""
import warnings

import pytest


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figure1_renders_without_missing_glyphs(pkg, tmp_path, lang):
    from compendium import figure1, labels, plotting

    fig1 = figure1.build(pkg, 2014, 2018, list(pkg["categories"].code), lang)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*")
        warnings.filterwarnings("error", message=".*findfont.*")
        fig = plotting.figure1(fig1.grid, fig1.national, fig1.names, lang, lambda k: labels.text(k, lang))
        paths = plotting.save(fig, tmp_path, "f")
    assert all(p.stat().st_size > 10_000 for p in paths)


def test_zh_uses_the_bundled_font_for_every_label(pkg):
    from matplotlib.ft2font import FT2Font

    from compendium import labels, plotting

    font = FT2Font(str(plotting.CJK_FONT_FILE))
    cmap = font.get_charmap()
    from compendium import scenarios, sections

    strings = [t["zh"] for t in labels.TEXT.values()] + list(pkg["categories"]["name_zh"])
    strings += list(scenarios.SCENARIO_EN) + list(scenarios.ROLES) + list(sections.milk_limits(pkg)["rule_zh"])
    missing = sorted({ch for s in strings for ch in s if not ch.isspace() and ord(ch) not in cmap})
    assert not missing, f"characters missing from the bundled font: {missing}"


def test_a_missing_glyph_is_caught(tmp_path):
    """The check above can fail: a character outside the subset draws a warning we turn into an error."""
    import matplotlib.pyplot as plt

    from compendium import plotting

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

    from compendium import claims, data, figure1, labels, longseries, plotting
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
