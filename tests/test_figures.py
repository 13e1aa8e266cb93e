"""Every figure drawn again from its notebook's results file, in both languages: in English byte for byte the
committed file (so the results hold what the figure shows); in both, every glyph drawn (no missing-glyph warning)
and no text outside the figure, too small, or crossing another."""
import io
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from compendium import ledger, plotting, text
from tests.conftest import ROOT

MIN_FONT_SIZE = 7.0   # points, at the figure's page width


def layout_problems(fig):
    """Text a reader would stumble on: smaller than MIN_FONT_SIZE, outside the figure, past its plot area, under a
    legend, or crossing another text."""
    fig.canvas.draw()
    renderer, box = fig.canvas.get_renderer(), fig.bbox
    ticks, shown_ticks = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks.update((tick.label1, tick.label2))
                if lo - 1e-9 * (hi - lo) <= tick.get_loc() <= hi + 1e-9 * (hi - lo):
                    shown_ticks += [tick.label1, tick.label2]
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t not in ticks] + shown_ticks
    texts = [t for t in texts if t.get_visible() and t.get_text().strip() and t.get_window_extent(renderer).width]
    problems, boxes = [], []
    for t in texts:
        b = t.get_window_extent(renderer)
        if t.get_fontsize() < MIN_FONT_SIZE:
            problems.append(f"{t.get_text()[:30]!r} is {t.get_fontsize()} pt")
        if b.x0 < box.x0 - 1 or b.y0 < box.y0 - 1 or b.x1 > box.x1 + 1 or b.y1 > box.y1 + 1:
            problems.append(f"{t.get_text()[:30]!r} lies outside the figure")
        boxes.append((t.get_text()[:30], b))
    for ax in fig.axes:
        area = ax.get_window_extent(renderer)
        for t in (t for t in ax.texts if t.get_visible() and t.get_text().strip()):
            b = t.get_window_extent(renderer)
            if b.x0 < area.x0 - 1 or b.x1 > area.x1 + 1 or b.y0 < area.y0 - 1 or b.y1 > area.y1 + 1:
                problems.append(f"{t.get_text()[:30]!r} runs past its plot area")
            for legend in fig.findobj(matplotlib.legend.Legend):
                if legend.get_visible() and b.overlaps(legend.get_window_extent(renderer)):
                    problems.append(f"{t.get_text()[:30]!r} is under a legend")
    for i, (la, a) in enumerate(boxes):
        for lb, b in boxes[i + 1:]:
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 2 and min(a.y1, b.y1) - max(a.y0, b.y0) > 2:
                problems.append(f"{la!r} and {lb!r} cross")
    return problems


def drawn(results, pkg, lang):
    """name -> the figure drawn from the committed results (the notebooks' own plotting calls)."""
    r = {k[:2]: v for k, v in results.items()}
    names = ledger.names(pkg, lang)
    cats = pkg["categories"].sort_values("order")
    scope_names = text.category_names(cats, lang)
    title = text.t("figure1_title", lang, years=text.span(2014, 2018, lang), cats=text.t("cats.all", lang, n=len(cats)))
    claims = pkg["claims"].set_index("claim_id")
    percentages = pd.DataFrame(r["04"]["claims"]).merge(claims[["stated_value", "bound", "unit"]], on="claim_id")
    units = pd.DataFrame(r["06"]["units"])
    long = {k: pd.DataFrame(r["07"][k]) for k in ("national", "change_points", "channels", "size_gap")}
    sizes = long["size_gap"].melt(id_vars="year", value_vars=["large", "medium", "small"], var_name="level",
                                  value_name="nonconformity").sort_values("year", kind="stable")
    levels = pkg["breakdown_levels"]
    level_names = dict(zip(levels["level"], levels["name_zh" if lang == "zh" else "name_en"]))
    return {
        "figure1.png": lambda: plotting.figure1(pd.DataFrame(r["01"]["cells"]), scope_names, list(cats["code"]),
                                                list(range(2014, 2019)), title, lang),
        "claims_verdicts.png": lambda: plotting.verdict_counts(pd.DataFrame(r["00"]["claims"]), lang),
        "milk_limits.png": lambda: plotting.milk_limits(pd.DataFrame(r["02"]["limits"]), names, lang),
        "complaints_2020.png": lambda: plotting.complaints(pd.DataFrame(r["03"]["recomputed"]), names, lang),
        "survey_percentages.png": lambda: plotting.survey_values(percentages[percentages["unit"] == "%"], names, lang),
        "international_dates.png": lambda: plotting.timeline(pd.DataFrame(r["05"]["dates"]), names, lang),
        "am_scenarios.png": lambda: plotting.scenario_summary(
            units.drop_duplicates(["unit", "role"])["role"],
            pd.Series([k for k, n in r["06"]["sectors"].items() for _ in range(n)]),
            pd.DataFrame(r["06"]["items"])["scenario_type"], pkg["terms"],
            text.span(1, len(r["06"]["items"]), lang), lang),
        "spot_checks_long.png": lambda: plotting.long_series(long["national"], long["change_points"], sizes,
                                                              long["channels"], lang, level_names, level_names),
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_figure_draws_every_glyph_with_a_readable_layout(results, pkg, lang):
    figures = drawn(results, pkg, lang)
    assert set(figures) == {p.name for p in (ROOT / "figures").glob("*.png")}
    for name, draw in figures.items():
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
            fig = draw()
            if lang == "en":   # saved as plotting.save saves, before anything else draws it
                out = io.BytesIO()
                fig.savefig(out, format="png", metadata={"Software": None})
                assert out.getvalue() == (ROOT / "figures" / name).read_bytes(), f"{name} differs from its results"
            assert layout_problems(fig) == [], (name, lang)
        plt.close(fig)


def test_the_layout_check_can_fail():
    plotting.set_theme("en")
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.text(0.9, 0.5, "a long note that runs out of the figure", transform=ax.transAxes, fontsize=6)
    assert layout_problems(fig)
    plt.close(fig)
