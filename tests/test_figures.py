"""Figures as a reader meets them: each committed figure is written by one notebook, in both languages. What a
figure must not be is refused when it is made, in every run and language, so no committed figure can be it:
plotting.save refuses text outside the figure, too small or crossing other text (:func:`plotting.layout_problems`),
and a glyph missing from the bundled font is a matplotlib warning, which the runner refuses as stderr in a
notebook (compendium.ipynb.leaks)."""
import warnings

import matplotlib.pyplot as plt
import nbformat
import pytest

from compendium import ipynb, plotting
from tests.conftest import ROOT


def test_every_figure_is_written_by_one_notebook_in_both_languages(results):
    written = [f["file"] for r in results.values() for f in r.get("figures", [])]
    assert len(written) == len(set(written)) and written
    for lang in ("en", "zh"):
        assert sorted(written) == sorted(p.name for p in (ROOT / "figures" / lang).iterdir()), lang
    assert sorted(p.name for p in (ROOT / "figures").iterdir()) == ["en", "zh"]


def test_a_figure_with_text_outside_it_is_not_saved(tmp_path):
    plotting.set_theme("en")
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.text(0.9, 0.5, "a long note that runs out of the figure", transform=ax.transAxes, fontsize=6)
    with pytest.raises(plotting.LayoutError, match="is not saved: .*is 6.0 pt.*(outside the figure|past its plot area)"):
        plotting.save(fig, tmp_path, "bad")
    assert not list(tmp_path.iterdir())
    plt.close(fig)


def test_a_missing_glyph_warns_and_a_warning_is_refused_in_a_notebook():
    plotting.set_theme("zh")
    fig, ax = plt.subplots()
    ax.set_title("\u0e01")                           # Thai: no face of ours has it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert any("missing from font" in str(w.message) for w in caught)
    plt.close(fig)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "stream", name="stderr", text="UserWarning: Glyph 128512 missing from font(s)")])])
    assert ipynb.leaks(nb) and "stderr" in ipynb.leaks(nb)[0]
