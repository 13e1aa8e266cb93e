"""Figures: one theme, the bundled CJK font, deterministic files.

Chinese labels are drawn with a subset of Noto Sans CJK SC shipped inside the package (see
``fonts/OFL.txt``), registered with matplotlib at import, so the same glyphs appear on Binder, in CI and on a
laptop whatever fonts the machine has. Files are written without timestamps or software versions, through a
temporary file, so a failed run never leaves half a figure.
"""
from __future__ import annotations

import os
import pathlib
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from .labels import LANGUAGES  # noqa: E402
from .paths import FONT_DIR  # noqa: E402

CJK_FONT_FILE = FONT_DIR / "NotoSansCJKsc-Regular-subset.otf"
CJK_FAMILY = "Noto Sans CJK SC Compendium"
LATIN_FAMILY = "DejaVu Sans"
STATUS_MARKERS = {"printed": "o", "derived": "o"}


def register_fonts() -> None:
    if CJK_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(CJK_FONT_FILE))


def set_theme(lang: str = "en") -> None:
    """The compendium's one look; ``lang='zh'`` puts the bundled CJK face first."""
    import seaborn as sns

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': allowed values are {', '.join(LANGUAGES)}")
    register_fonts()
    sns.set_theme(style="whitegrid", context="notebook")
    families = [CJK_FAMILY, LATIN_FAMILY] if lang == "zh" else [LATIN_FAMILY, CJK_FAMILY]
    plt.rcParams.update({
        "font.family": families,
        "axes.unicode_minus": False,
        "svg.hashsalt": "compendium",
        "svg.fonttype": "path",
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
    })


def palette(n: int):
    import seaborn as sns

    return sns.color_palette("tab10", n)


def _atomic_write(path: pathlib.Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def save(fig, folder: str | os.PathLike, stem: str, formats=("png", "svg")) -> list[pathlib.Path]:
    """Write ``fig`` as ``folder/stem.<format>`` for each format, without volatile metadata; returns the paths."""
    out = []
    for fmt in formats:
        path = pathlib.Path(folder) / f"{stem}.{fmt}"
        meta = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                "pdf": {"CreationDate": None, "Producer": None, "Creator": None}}.get(fmt, {})
        _atomic_write(path, lambda tmp, fmt=fmt, meta=meta: fig.savefig(tmp, format=fmt, metadata=meta))
        out.append(path)
    return out


def show_saved(path: str | os.PathLike):
    """Display a saved PNG in the notebook (a static image: it renders on GitHub)."""
    from IPython.display import Image

    return Image(filename=str(path))


def figure1(grid, national, names: dict[str, str], lang: str, text):
    """Figure 1: one line per category, filled markers printed, open markers derived, gaps where missing.

    ``grid``: rows of (scope, year, status, nonconformity) from :func:`compendium.spotchecks.rate_grid`;
    ``national``: the same for scope 'national' (drawn dashed, in grey); ``text(key)`` gives labels."""
    import numpy as np
    import seaborn as sns

    set_theme(lang)
    fig, ax = plt.subplots(figsize=(9.5, 5.2))
    scopes = [s for s in names if s in set(grid["scope"])]
    colours = dict(zip(scopes, palette(len(scopes))))
    years = sorted(set(grid["year"]))
    for scope in scopes:
        sub = grid[grid["scope"] == scope].set_index("year").reindex(years)
        y = np.array([np.nan if v is None or (isinstance(v, float) and np.isnan(v)) or str(v) == "<NA>" else float(v)
                      for v in sub["nonconformity"]], dtype=float)
        ax.plot(years, y, color=colours[scope], lw=1.8, label=names[scope], zorder=2)
        for status, face in (("printed", colours[scope]), ("derived", "white")):
            mask = (sub["status"] == status).to_numpy()
            if mask.any():
                ax.scatter(np.array(years)[mask], y[mask], s=46, facecolor=face, edgecolor=colours[scope],
                           linewidth=1.6, zorder=3)
    if national is not None and len(national):
        nat = national.set_index("year").reindex(years)
        yn = np.array([float(v) if str(v) != "<NA>" else np.nan for v in nat["nonconformity"]], dtype=float)
        ax.plot(years, yn, color="0.25", lw=2.2, ls="--", marker="s", ms=5, label=text("national"), zorder=4)
    handles, labels = ax.get_legend_handles_labels()
    from matplotlib.lines import Line2D

    handles += [Line2D([], [], ls="", marker="o", mfc="0.3", mec="0.3", label=text("printed")),
                Line2D([], [], ls="", marker="o", mfc="white", mec="0.3", mew=1.6, label=text("derived"))]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    ax.set_xticks(years)
    ax.set_xlabel(text("year"))
    ax.set_ylabel(text("nonconformity_pct"))
    ax.set_ylim(bottom=0)
    ax.set_title(text("figure1_title"), fontsize=11, loc="left")
    fig.text(0.01, -0.04, text("figure1_note"), fontsize=8, color="0.35", ha="left", wrap=True)
    sns.despine(ax=ax)
    fig.tight_layout()
    return fig


def verdict_counts(table, lang: str, text):
    """Horizontal bars: claims per section, split by verdict."""
    import pandas as pd

    set_theme(lang)
    counts = pd.crosstab(table["section"].str.split(".").str[0], table["verdict"]).reindex(
        columns=["agrees", "differs", "unverified"], fill_value=0)
    counts.index = [f"{text('section')} {s}" for s in counts.index]
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    colours = {"agrees": "#4c9a5b", "differs": "#c8553d", "unverified": "#b0b0b0"}
    left = None
    for verdict in counts.columns:
        ax.barh(counts.index, counts[verdict], left=left, color=colours[verdict], label=text(verdict))
        left = counts[verdict] if left is None else left + counts[verdict]
    ax.invert_yaxis()
    ax.set_xlabel(text("claims_n"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    ax.set_title(text("ledger_title"), loc="left", fontsize=11)
    fig.tight_layout()
    return fig


def scenario_summary(units_table, lang: str, text):
    """Two panels: units per role, and application units per sector served."""
    import seaborn as sns

    from .scenarios import user_sector

    set_theme(lang)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    role_col = "role" if lang == "zh" else "role_en"
    counts = units_table.drop_duplicates(["unit", role_col])[role_col].value_counts()
    sns.barplot(x=counts.values, y=counts.index, ax=axes[0], color="#4c72b0")
    axes[0].set_title(text("am_roles"), loc="left", fontsize=10)
    axes[0].set_xlabel(text("am_units_n"))
    axes[0].set_ylabel("")
    users = units_table[units_table["role"] == "应用单位"].assign(sector=lambda d: d["unit"].map(user_sector))
    by_sector = users.groupby("sector")["item_no"].nunique().sort_values(ascending=False)
    sns.barplot(x=by_sector.values, y=by_sector.index, ax=axes[1], color="#dd8452")
    axes[1].set_title(text("am_sectors"), loc="left", fontsize=10)
    axes[1].set_xlabel(text("am_items_n"))
    axes[1].set_ylabel("")
    fig.tight_layout()
    return fig
