"""Figures: one theme, the bundled CJK font, deterministic files.

Chinese labels are drawn with a subset of Noto Sans CJK SC shipped inside the package (see
``fonts/OFL.txt``), registered with matplotlib at import, so the same glyphs appear on Binder, in CI and on a
laptop whatever fonts the machine has. Files are written without timestamps or software versions, through a
temporary file, so a failed run never leaves half a figure.
"""
from __future__ import annotations

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from .files import atomic_write  # noqa: E402
from .labels import LANGUAGES  # noqa: E402
from .paths import FONT_DIR  # noqa: E402

CJK_FONT_FILE = FONT_DIR / "NotoSansCJKsc-Regular-subset.otf"
CJK_FAMILY = "Noto Sans CJK SC Compendium"
LATIN_FAMILY = "DejaVu Sans"
STATUS_MARKERS = {"printed": "o", "derived": "o"}


def register_fonts() -> None:
    if CJK_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(CJK_FONT_FILE))


# The look of seaborn's "whitegrid" theme, set through matplotlib alone: importing seaborn costs about half a
# second per notebook (it loads scipy.stats), so only the figures drawn with seaborn import it.
THEME = {
    "axes.facecolor": "white", "axes.edgecolor": "#cccccc", "axes.grid": True, "axes.axisbelow": True,
    "axes.labelcolor": "#262626", "axes.linewidth": 1.0, "grid.color": "#cccccc", "grid.linestyle": "-",
    "xtick.color": "#262626", "ytick.color": "#262626", "xtick.bottom": False, "ytick.left": False,
    "text.color": "#262626", "font.size": 11, "axes.labelsize": 11, "axes.titlesize": 12,
    "xtick.labelsize": 10, "ytick.labelsize": 10, "legend.fontsize": 10, "lines.linewidth": 1.8,
    "patch.edgecolor": "white", "axes.prop_cycle": matplotlib.cycler(color=plt.get_cmap("tab10").colors),
}


def set_theme(lang: str = "en") -> None:
    """The compendium's one look; ``lang='zh'`` puts the bundled CJK face first."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': allowed values are {', '.join(LANGUAGES)}")
    register_fonts()
    plt.rcdefaults()
    families = [CJK_FAMILY, LATIN_FAMILY] if lang == "zh" else [LATIN_FAMILY, CJK_FAMILY]
    plt.rcParams.update(THEME | {
        "font.family": families,
        "axes.unicode_minus": False,
        "svg.hashsalt": "compendium",
        "svg.fonttype": "path",
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
    })


def palette(n: int):
    return list(plt.get_cmap("tab10").colors[:n])


def save(fig, folder: str | os.PathLike, stem: str, formats=("png",)) -> list[pathlib.Path]:
    """Write ``fig`` as ``folder/stem.<format>`` for each format, without volatile metadata; returns the paths."""
    out = []
    for fmt in formats:
        path = pathlib.Path(folder) / f"{stem}.{fmt}"
        meta = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                "pdf": {"CreationDate": None, "Producer": None, "Creator": None}}.get(fmt, {})
        atomic_write(path, lambda tmp, fmt=fmt, meta=meta: fig.savefig(tmp, format=fmt, metadata=meta))
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
    # Each category is dodged sideways by a few hundredths of a year so equal values do not hide each other.
    dodge = {scope: (i - (len(scopes) - 1) / 2) * 0.035 for i, scope in enumerate(scopes)}
    for scope in scopes:
        sub = grid[grid["scope"] == scope].set_index("year").reindex(years)
        y = sub["nonconformity"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        x = np.array(years, dtype=float) + dodge[scope]
        ax.plot(x, y, color=colours[scope], lw=1.8, label=names[scope], zorder=2)
        mask = (sub["status"] == "derived").to_numpy()
        if mask.any():
            ax.scatter(x[mask], y[mask], s=46, facecolor="white", edgecolor=colours[scope], linewidth=1.6, zorder=3)
    printed = grid[grid["status"] == "printed"].astype({"nonconformity": float})
    printed = printed.assign(year=printed["year"] + printed["scope"].map(dodge))
    sns.scatterplot(data=printed, x="year", y="nonconformity", hue="scope", palette=colours, s=46,
                    edgecolor="white", linewidth=0.8, legend=False, ax=ax, zorder=3)
    if national is not None and len(national):
        nat = national.set_index("year").reindex(years)
        yn = nat["nonconformity"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
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

    from .claims import VERDICTS

    set_theme(lang)
    counts = pd.crosstab(table["section"].str.split(".").str[0], table["verdict"]).reindex(
        columns=list(VERDICTS), fill_value=0)
    counts.index = [f"{text('section')} {s}" for s in counts.index]
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    colours = {"agrees": "#4c9a5b", "differs": "#c8553d", "unverified": "#b0b0b0", "not checkable": "#e3d9c6"}
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
    from .scenarios import user_sector

    set_theme(lang)
    fig, axes = plt.subplots(1, 3, figsize=(14, 3.6))
    from .scenarios import SCENARIO_EN

    types = units_table.drop_duplicates("item_no").groupby("scenario_type", sort=False)["item_no"].count()
    type_names = list(types.index) if lang == "zh" else [SCENARIO_EN.get(t, t) for t in types.index]
    axes[2].barh(type_names, types.values, color="#55a868")
    axes[2].invert_yaxis()
    axes[2].set_title(text("am_types"), loc="left", fontsize=10)
    axes[2].set_xlabel(text("am_items_n"))
    role_col = "role" if lang == "zh" else "role_en"
    counts = units_table.drop_duplicates(["unit", role_col])[role_col].value_counts()
    axes[0].barh(list(counts.index), counts.values, color="#4c72b0")
    axes[0].invert_yaxis()
    axes[0].set_title(text("am_roles"), loc="left", fontsize=10)
    axes[0].set_xlabel(text("am_units_n"))
    axes[0].set_ylabel("")
    users = units_table[units_table["role"] == "应用单位"].assign(sector=lambda d: d["unit"].map(user_sector))
    by_sector = users.groupby("sector")["item_no"].nunique().sort_values(ascending=False)
    axes[1].barh(list(by_sector.index), by_sector.values, color="#dd8452")
    axes[1].invert_yaxis()
    axes[1].set_title(text("am_sectors"), loc="left", fontsize=10)
    axes[1].set_xlabel(text("am_items_n"))
    axes[1].set_ylabel("")
    fig.tight_layout()
    return fig


VERDICT_COLOURS = {"agrees": "#4c9a5b", "differs": "#c8553d", "unverified": "#9a9a9a", "not checkable": "#d9cbb0"}


def milk_limits(table, lang: str, text):
    """SCC limits in thousand cells/mL; the article's unverified value hatched; China 2010 marked 'no limit'."""
    import numpy as np

    set_theme(lang)
    fig, ax = plt.subplots(figsize=(8, 3.4))
    names = table["rule_zh" if lang == "zh" else "rule"]
    values = table["limit"].to_numpy(dtype=float) / 1000
    for i, (v, basis) in enumerate(zip(values, table["basis"])):
        if np.isnan(v):
            ax.text(5, i, text("no_limit"), va="center", fontsize=9, color="0.3")
            continue
        unverified = basis != "source"
        ax.barh(i, v, color="white" if unverified else "#4c72b0", edgecolor="#4c72b0", hatch="//" if unverified else None)
        ax.text(v + 10, i, f"{v:,.0f}", va="center", fontsize=9)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlabel(text("scc_axis"))
    ax.set_title(text("milk_title"), loc="left", fontsize=11)
    fig.tight_layout()
    return fig


def complaints(table, lang: str, text):
    """One panel per count: the range implied by 2021 counts and growth (wide bar) and the range the article's
    rounded figure stands for (narrow bar, dot at the printed value), in 10 thousand complaints."""
    set_theme(lang)
    fig, axes = plt.subplots(len(table), 1, figsize=(7.5, 1.5 * len(table) + 0.6))
    for ax, r in zip(list(getattr(axes, "flat", [axes])), table.itertuples()):
        half = r.stated_half_unit
        ax.barh(0, (r.implied_high - r.implied_low) / 1e4, left=r.implied_low / 1e4, height=0.5, color="#c9d8ea",
                label=text("implied_range"))
        ax.barh(0, 2 * half / 1e4, left=(r.stated_2020 - half) / 1e4, height=0.18, color=VERDICT_COLOURS[r.verdict],
                alpha=0.5, label=text("stated_rounding"))
        ax.plot(r.stated_2020 / 1e4, 0, "o", color=VERDICT_COLOURS[r.verdict], label=text("stated_2020"))
        pad = max(r.implied_high - r.implied_low, 2 * half) / 1e4
        ax.set_xlim(min(r.implied_low, r.stated_2020 - half) / 1e4 - pad, max(r.implied_high, r.stated_2020 + half) / 1e4 + pad)
        ax.set_yticks([])
        ax.set_title(r.quantity_zh if lang == "zh" else r.quantity, loc="left", fontsize=10)
    ax.set_xlabel(text("complaints_axis"))
    axes[0].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    fig.suptitle(text("complaints_title"), x=0.01, ha="left", fontsize=11)
    fig.tight_layout()
    return fig


def timeline(table, lang: str, text):
    """The article's year or decade (bar) beside the source's year (point), coloured by verdict."""
    set_theme(lang)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(table) + 1.2))
    for i, r in enumerate(table.itertuples()):
        ax.plot([r.stated_low - 0.4, r.stated_high + 0.4], [i, i], lw=7, color="0.85", solid_capstyle="butt")
        if r.source_year == r.source_year:
            ax.plot(r.source_year, i, "o", color=VERDICT_COLOURS[r.verdict], ms=8)
        else:
            ax.text(r.stated_high + 1, i, text("unverified"), va="center", fontsize=8, color="0.4")
    ax.set_yticks(range(len(table)), table["claim_id"])
    ax.invert_yaxis()
    ax.set_xlabel(text("year"))
    ax.set_title(text("timeline_title"), loc="left", fontsize=11)
    fig.tight_layout()
    return fig


def long_series(nat, points, sizes, channels, lang: str, text):
    """Three panels: the national rate with change points marked; rates by firm size; rates by sampling channel."""
    import numpy as np

    set_theme(lang)
    fig, axes = plt.subplots(3, 1, figsize=(9.5, 10), sharex=True, gridspec_kw={"height_ratios": [1.3, 1, 1]})
    ax = axes[0]
    years = list(nat["year"])
    y = nat["nonconformity"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    ax.plot(years, y, color="0.25", lw=2)
    for status, face in (("printed", "0.25"), ("derived", "white")):
        m = (nat["status"] == status).to_numpy()
        ax.scatter(np.array(years)[m], y[m], s=40, facecolor=face, edgecolor="0.25", zorder=3,
                   label=text(status))
    top = np.nanmax(y)
    for year, group in points.groupby("year"):
        kinds = list(dict.fromkeys(group["kind"]))
        colour = "#c8553d" if "measure" in kinds else "#4c72b0"
        ax.axvline(year - 0.5, color=colour, ls=":", lw=1.4)
        ax.text(year - 0.45, top, " " + "; ".join(text("change_" + k) for k in kinds), fontsize=7.5, color=colour,
                va="top", rotation=90)
    ax.set_ylabel(text("nonconformity_pct"))
    ax.set_title(text("long_title"), loc="left", fontsize=11)
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    for ax, table, key, title in ((axes[1], sizes, "size", "by_size"), (axes[2], channels, "channel", "by_channel")):
        t = table.dropna(subset=["nonconformity"])
        for colour, (level, sub) in zip(palette(10), t.groupby("level", sort=False)):
            series = sub.set_index("year")["nonconformity"].reindex(years)  # missing years stay gaps
            ax.plot(years, series.to_numpy(dtype=float), marker="o", color=colour, label=text(f"{key}_{level}"))
        ax.set_ylabel(text("nonconformity_pct"))
        ax.set_title(text(title), loc="left", fontsize=10)
        ax.legend(title=None, frameon=False, fontsize=8, loc="upper left")
    axes[-1].set_xlabel(text("year"))
    axes[-1].set_xticks(years)
    axes[-1].tick_params(axis="x", rotation=0)
    fig.tight_layout()
    return fig
