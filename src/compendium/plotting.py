"""Figures: seaborn's theme with the bundled CJK font, readable layouts, deterministic files.

Every figure is themed by seaborn (:func:`set_theme` calls ``seaborn.set_theme``) and drawn with seaborn's
plotting functions where one fits (bars, counts, points); lines with gaps and hatched bars use matplotlib.
Chinese labels are drawn with a subset of Noto Sans CJK SC shipped inside the package (``fonts/OFL.txt``),
registered with matplotlib, so the same glyphs appear on Binder, in CI and on a laptop whatever fonts the
machine has.

Figures are laid out by matplotlib's constrained layout at a fixed width (:data:`PAGE_WIDTH` inches, about
the width of a notebook page on GitHub), and saved at that size (no tight bounding box): text that would fall
outside the figure is a bug, which tests/test_figures.py looks for in every figure in both languages. Files are written without timestamps or software versions, through a temporary file, so a failed
run never leaves half a figure.
"""
from __future__ import annotations

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.legend  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
import matplotlib.text  # noqa: E402

import seaborn as sns  # noqa: E402

from .paths import FONT_FILE, atomic_write  # noqa: E402
from .text import LANGUAGES, span, t, term  # noqa: E402
from .verdicts import VERDICTS  # noqa: E402

CJK_FAMILY = "Noto Sans CJK SC Compendium"
LATIN_FAMILY = "DejaVu Sans"
MIN_FONT_SIZE = 7.0   # points; with PAGE_WIDTH, what still reads when a page shows the figure at its width
PAGE_WIDTH = 8.0   # inches; at savefig.dpi 150 a figure is 1,200 px wide, legible at page width without zooming

# A colour for every verdict (compendium.verdicts.VERDICTS).
VERDICT_COLOURS = {"agrees": "#4c9a5b", "differs": "#c8553d", "unverified": "#9a9a9a", "not checkable": "#d9c27a"}


def register_fonts() -> None:
    if CJK_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(FONT_FILE))


def set_theme(lang: str = "en") -> None:
    """The compendium's one look: seaborn's ``whitegrid`` theme; ``lang='zh'`` puts the bundled CJK face first."""

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': allowed values are {', '.join(LANGUAGES)}")
    register_fonts()
    matplotlib.rcdefaults()
    families = [CJK_FAMILY, LATIN_FAMILY] if lang == "zh" else [LATIN_FAMILY, CJK_FAMILY]
    sns.set_theme(context="notebook", style="whitegrid", palette="tab10", font_scale=0.85, rc={
        "font.family": families,
        "axes.unicode_minus": False,
        "axes.titlelocation": "left",
        "svg.hashsalt": "compendium",
        "svg.fonttype": "path",
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "figure.constrained_layout.use": True,
    })


def palette(n: int):

    return sns.color_palette("tab10", n)


def _text(lang: str):
    return lambda key: t(key, lang)


def _floats(values) -> np.ndarray:
    """Numbers as floats, a missing value (None, NaN, pandas.NA) as NaN."""
    return pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").to_numpy(dtype=float)


_SAVED: dict[pathlib.Path, str] = {}   # file -> alternative text of the figure saved there (for show_saved)


def layout_problems(fig) -> list[str]:
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


class LayoutError(ValueError):
    """A figure whose text a reader would stumble on; one line in the notebook, no traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"LayoutError: {self}"]


def save(fig, folder: str | os.PathLike, stem: str, formats=("png",)) -> list[pathlib.Path]:
    """Write ``fig`` as ``folder/stem.<format>`` for each format, without volatile metadata; returns the paths.
    A figure with text outside it, too small, or crossing other text is refused (:func:`layout_problems`), in every
    run and language, before anything is written."""
    problems = layout_problems(fig)
    if problems:
        raise LayoutError(f"figure {stem} ({_lang_of(fig)}) is not saved: {'; '.join(problems[:3])}")
    out = []
    for fmt in formats:
        path = pathlib.Path(folder) / f"{stem}.{fmt}"
        meta = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                "pdf": {"CreationDate": None, "Producer": None, "Creator": None}}.get(fmt, {})
        atomic_write(path, lambda tmp, fmt=fmt, meta=meta: fig.savefig(tmp, format=fmt, metadata=meta))
        _SAVED[path.resolve()] = describe(fig, _lang_of(fig))
        out.append(path)
    return out


def _lang_of(fig) -> str:
    """The language a figure was drawn in (set_theme puts the CJK face first for Chinese)."""
    return "zh" if matplotlib.rcParams["font.family"][:1] == [CJK_FAMILY] else "en"


def describe(fig, lang: str = "en") -> str:
    """A figure's alternative text: its title and the titles of its panels."""
    titles = [fig.get_suptitle()]
    titles += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center") if ax.get_title(loc)]
    return t("alt_panels", lang, titles=t("list.semicolon", lang).join(dict.fromkeys(x.replace("\n", " ") for x in titles if x)))


class SavedFigure:
    """A saved PNG as a notebook shows it: the image (``image/png``, which GitHub and JupyterLab draw), the same
    image as an HTML ``<img>`` with its alternative text (which nbconvert's HTML uses: its own image template
    writes no ``alt``), and the alternative text as the plain-text form. The output's metadata records the file
    name and the alternative text (the README's figure table and the HTML site read them)."""

    def __init__(self, path: pathlib.Path, alt: str):
        self.path, self.alt = pathlib.Path(path), alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        import base64
        import html

        data = base64.b64encode(self.path.read_bytes()).decode("ascii")
        img = f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt, quote=True)}" style="max-width: 100%"/>'
        return ({"image/png": data, "text/html": img, "text/plain": self.alt},
                {"image/png": {"alt": self.alt, "filename": self.path.name}})


def show_saved(path: str | os.PathLike, alt: str | None = None) -> SavedFigure:
    """Display a saved PNG in the notebook (a static image: it renders on GitHub) with an alternative text:
    ``alt``, else the titles of the figure last saved to ``path``."""
    path = pathlib.Path(path)
    return SavedFigure(path, alt or _SAVED.get(path.resolve(), "") or path.stem)


def category_colours(codes) -> dict:
    """Each category's own colour: its place in data/categories.csv picks it, whatever else a run selects."""
    return dict(zip(codes, palette(max(len(codes), 1))))


def figure1(cells, names: dict[str, str], every: list[str], years: list[int], title: str, lang: str):
    """Figure 1: one line per selected category, filled markers printed, open markers derived, gaps where missing,
    the national rate dashed in grey. ``cells``: one row per scope and year (``scope``, ``year``, ``status``,
    ``nonconformity``; scope 'national' for the national rate); ``names``: the scopes drawn and their labels;
    ``every``: every category code, in order (a category keeps the colour of its place among them)."""
    text = _text(lang)
    set_theme(lang)
    grid, national = cells[cells["scope"] != "national"], cells[cells["scope"] == "national"]
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 5.4))
    fig.get_layout_engine().set(rect=(0, 0.07, 1, 0.93))   # room below for the note
    colours = category_colours(every)
    scopes = [s for s in names if s in set(grid["scope"])]
    # Each category is dodged sideways by a few hundredths of a year so equal values do not hide each other.
    dodge = {scope: (every.index(scope) - (len(every) - 1) / 2) * 0.035 for scope in scopes}
    for scope in scopes:
        sub = grid[grid["scope"] == scope].set_index("year").reindex(years)
        y = _floats(sub["nonconformity"])
        x = np.array(years, dtype=float) + dodge[scope]
        ax.plot(x, y, color=colours[scope], lw=1.8, label=names[scope], zorder=2)
        mask = (sub["status"] == "derived").to_numpy()
        if mask.any():
            ax.scatter(x[mask], y[mask], s=40, facecolor="white", edgecolor=colours[scope], linewidth=1.6, zorder=3)
    printed = grid[grid["status"] == "printed"].assign(nonconformity=lambda d: _floats(d["nonconformity"]))
    printed = printed.assign(year=printed["year"] + printed["scope"].map(dodge))
    if len(printed):
        sns.scatterplot(data=printed, x="year", y="nonconformity", hue="scope", palette=colours, s=40,
                        edgecolor="white", linewidth=0.8, legend=False, ax=ax, zorder=3)
    if len(national):
        nat = national.set_index("year").reindex(years)
        ax.plot(years, _floats(nat["nonconformity"]), color="0.25", lw=2.2, ls="--", marker="s", ms=5,
                label=text("national"), zorder=4)
        mask = (nat["status"] == "derived").to_numpy()   # a national rate derived from a change: an open square
        if mask.any():
            ax.scatter(np.array(years, dtype=float)[mask], _floats(nat["nonconformity"])[mask], s=40, marker="s",
                       facecolor="white", edgecolor="0.25", linewidth=1.6, zorder=5)
    handles, _ = ax.get_legend_handles_labels()
    handles += [Line2D([], [], ls="", marker="o", mfc="0.3", mec="0.3", label=text("printed")),
                Line2D([], [], ls="", marker="o", mfc="white", mec="0.3", mew=1.6, label=text("derived"))]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    ax.set_xticks(years)
    ax.ticklabel_format(axis="x", style="plain", useOffset=False)   # years as years, however few
    ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    ax.set_xlabel(text("year"))
    ax.set_ylabel(text("nonconformity_pct"))
    known = _floats(cells["nonconformity"]) if "nonconformity" in cells else np.array([])
    known = known[~np.isnan(known)]
    # From zero, with room above the highest marker (autoscaling leaves room relative to the data's range only).
    ax.set_ylim(0, max(ax.get_ylim()[1], 1.05 * known.max()) if len(known) else None)
    ax.set_title(title, fontsize=10.5)
    fig.text(0.01, 0.01, text("figure1_note"), fontsize=7.5, color="0.35", ha="left", va="bottom", wrap=True)
    sns.despine(ax=ax)
    return fig


def verdict_counts(table, lang: str):
    """Stacked horizontal bars: claims per article section, split by verdict (every verdict has a colour)."""

    set_theme(lang)
    text = _text(lang)
    top = table["section"].astype(str).str.split(".").str[0]
    sections = sorted(set(top), key=lambda s: (len(s), s))
    present = [v for v in VERDICTS if v in set(table["verdict"])]
    unknown = sorted(set(table["verdict"]) - set(VERDICTS))
    if unknown:
        raise ValueError(f"verdicts without a colour: {unknown}; known: {', '.join(VERDICTS)}")
    section_label = {s: t("section_n", lang, n=s) for s in sections}
    frame = pd.DataFrame({"section": top.map(section_label), "verdict": table["verdict"].map(text)})
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.55 * len(sections) + 1.3))
    # seaborn stacks the last hue level first: reversed, the bars read agrees, differs, ... from the left.
    sns.histplot(data=frame, y="section", hue="verdict", multiple="stack", discrete=True, shrink=0.75,
                 hue_order=[text(v) for v in reversed(present)], palette={text(v): VERDICT_COLOURS[v] for v in present},
                 alpha=1, linewidth=0, ax=ax, legend=False)
    ax.set_yticks(range(len(sections)), [section_label[s] for s in sections])
    ax.set_ylim(len(sections) - 0.5, -0.5)
    ax.set_ylabel("")
    ax.set_xlabel(text("claims_n"))
    ax.legend(handles=[Patch(color=VERDICT_COLOURS[v], label=text(v)) for v in present], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    ax.set_title(text("ledger_title"), fontsize=10.5)
    return fig


def scenario_summary(roles, sectors, types, terms, numbers: str, lang: str):
    """Three panels, one above the other, each sorted from the most to the fewest: distinct units per printed
    role (``roles``: one printed role per distinct unit and role), items per users' sector (``sectors``: one
    sector code per item and sector), items per scenario type (``types``: one printed type per item); names
    from data/terms.csv; ``numbers``: the item numbers the title names."""
    set_theme(lang)
    text = _text(lang)
    panels = [(roles.map(lambda v: term(terms, "role", v, lang)), "role", text("am_roles"), text("am_units_n"), 0),
              (sectors.map(lambda v: term(terms, "sector", v, lang)), "sector", text("am_sectors_title"),
               text("am_items_n"), 1),
              (types.map(lambda v: term(terms, "scenario_type", v, lang)), "scenario_type", text("am_types"),
               text("am_items_n"), 2)]
    heights = [max(series.nunique(), 1) + 1.2 for series, *_ in panels]
    fig, axes = plt.subplots(3, 1, figsize=(PAGE_WIDTH, 0.32 * sum(heights) + 1.0),
                             gridspec_kw={"height_ratios": heights})
    for ax, (series, kind, title, xlabel, colour) in zip(axes, panels):
        counts = series.value_counts(sort=False)
        rows = [term(terms, kind, v, lang) for v in terms.loc[terms["kind"] == kind, "name_zh"]]
        # most first; ties in the order of data/terms.csv (as the sentences list them)
        order = sorted(counts.index, key=lambda k: (-counts[k], rows.index(k) if k in rows else len(rows)))
        sns.countplot(y=series.to_numpy(), order=order, color=palette(3)[colour], ax=ax, width=0.7)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("")
        ax.set_xlim(left=0)
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(t("am_figure_title", lang, numbers=numbers), x=0.01, ha="left", fontsize=10.5)
    return fig


def _title(fig, title: str) -> None:
    """A figure's title across its whole width, from the left edge (long titles do not run past the plot)."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=10.5)


# Scale of each figure's values in the words readers of each language use: thousand or 万 cells per mL, million
# or 万 complaints (the axis labels in text.csv name the unit).
MILK_SCALE = {"en": 1e3, "zh": 1e4}
COMPLAINTS_SCALE = {"en": 1e6, "zh": 1e4}


def milk_limits(limits, names: dict[str, str], lang: str):
    """Notebook 02: one bar per rule, from zero; a value read in a source filled, the article's own value (no
    source found) hatched, a rule with no limit named as such. ``limits``: notebook 02's table of limits."""
    set_theme(lang)
    text = _text(lang)
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.6 * len(limits) + 1.5))
    values = _floats(limits["limit"]) / MILK_SCALE[lang]
    colour = palette(1)[0]
    for i, (v, basis) in enumerate(zip(values, limits["basis"])):
        if np.isnan(v):
            ax.text(0.01, i, text(f"milk.basis.{basis}"), va="center", fontsize=8.5, color="0.3",
                    transform=ax.get_yaxis_transform())
            continue
        sourced = basis == "source"
        ax.barh(i, v, color=colour if sourced else "white", edgecolor=colour, hatch=None if sourced else "//")
        ax.text(v, i, f" {v:,.0f}", va="center", ha="left", fontsize=8.5)
    ax.set_xlim(0, np.nanmax(values) * 1.15)   # from zero; room for the longest bar's value label
    ax.set_yticks(range(len(limits)), [names[c] for c in limits["claim_id"]])
    ax.invert_yaxis()
    ax.set_xlabel(text("fig.milk.axis"))
    fig.legend(handles=[Patch(facecolor=colour, label=text("milk.basis.source")),
                        Patch(facecolor="white", edgecolor=colour, hatch="//", label=text("milk.basis.article"))],
               loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    _title(fig, text("fig.milk.title"))
    return fig


def complaints(recomputed, names: dict[str, str], lang: str):
    """Notebook 03: one panel per recomputed count: the range the next year's release implies (wide bar), the
    interval the article's rounded figure stands for (narrow bar) and the figure itself (dot). The panels are
    zoomed to their ranges, and the figure says so. ``recomputed``: notebook 03's table of recomputed counts."""
    set_theme(lang)
    text = _text(lang)
    counts = recomputed[recomputed["unit"] == "complaints"]
    scale = COMPLAINTS_SCALE[lang]
    fig, axes = plt.subplots(len(counts), 1, figsize=(PAGE_WIDTH, 1.4 * len(counts) + 1.3))
    axes = list(np.atleast_1d(axes))
    implied_colour, stated_colour = "#9fb8d8", "#dd8452"
    for ax, r in zip(axes, counts.itertuples()):
        ax.barh(0, (r.implied_high - r.implied_low) / scale, left=r.implied_low / scale, height=0.5, color=implied_colour)
        ax.barh(0, (r.rounding_high - r.rounding_low) / scale, left=r.rounding_low / scale, height=0.18,
                color=stated_colour, alpha=0.45)
        ax.plot(r.stated / scale, 0, "o", color=stated_colour)
        lo, hi = min(r.implied_low, r.rounding_low), max(r.implied_high, r.rounding_high)
        pad = (hi - lo) * 0.3
        ax.set_xlim((lo - pad) / scale, (hi + pad) / scale)
        ax.set_yticks([])
        ax.set_title(names[r.claim_id], fontsize=9.5)
    axes[-1].set_xlabel(text("fig.complaints.axis"))
    handles = [Patch(color=implied_colour, label=text("fig.complaints.implied")),
               Patch(color=stated_colour, alpha=0.45, label=text("fig.complaints.rounding")),
               Line2D([], [], ls="", marker="o", color=stated_colour, label=text("fig.complaints.stated"))]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=8)
    _title(fig, text("fig.complaints.title") + "\n" + text("fig.complaints.zoom"))
    return fig


def survey_values(percentages, names: dict[str, str], lang: str):
    """Notebook 04: the percentages as the article states them, from zero to 100, coloured by verdict (hatched
    where no source was found); a bound ('fewer than', 'up to') is drawn as an arrow from its value towards zero.
    ``percentages``: notebook 04's claims stated in per cent, with their verdicts."""
    set_theme(lang)
    text = _text(lang)
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.42 * len(percentages) + 1.6))
    for i, r in enumerate(percentages.itertuples()):
        colour = VERDICT_COLOURS[r.verdict]
        checked = r.verdict in ("agrees", "differs")
        value = float(r.stated_value)
        if isinstance(r.bound, str) and r.bound in ("<", "<="):
            ax.annotate("", xy=(0, i), xytext=(value, i),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.6, "shrinkA": 0, "shrinkB": 0})
            ax.plot([value, value], [i - 0.3, i + 0.3], color=colour, lw=2)
        else:
            ax.barh(i, value, height=0.6, color=colour if checked else "white", edgecolor=colour,
                    hatch=None if checked else "//")
        sign = {"<": "< ", "<=": "≤ "}.get(r.bound, "") if isinstance(r.bound, str) else ""
        ax.text(value, i, f" {sign}{value:g}", va="center", ha="left", fontsize=8.5)
    ax.set_xlim(0, 100)
    ax.set_yticks(range(len(percentages)), [names[c] for c in percentages["claim_id"]])
    ax.set_ylim(len(percentages) - 0.5, -0.5)
    ax.set_xlabel(text("fig.surveys.axis"))
    present = [v for v in VERDICTS if v in set(percentages["verdict"])]
    handles = [Patch(facecolor=VERDICT_COLOURS[v] if v in ("agrees", "differs") else "white", edgecolor=VERDICT_COLOURS[v],
                     hatch=None if v in ("agrees", "differs") else "//",
                     label=text("fig.value_verdict").format(verdict=text(f"verdict.{v}"))) for v in present]
    if percentages["bound"].isin(["<", "<="]).any():
        handles.append(Line2D([], [], color="0.4", marker="<", lw=1.6, label=text("fig.surveys.bound")))
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=8)
    _title(fig, text("fig.surveys.title"))
    return fig


def timeline(dates, names: dict[str, str], lang: str):
    """Notebook 05: for each dated claim, what the article gives (grey: a year, a span, or a lower bound drawn
    as an arrow to the right, open-ended) and the source's year (a dot coloured by verdict, or a note where none
    was found). ``dates``: notebook 05's dated claims."""

    set_theme(lang)
    text = _text(lang)
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 0.4 * len(dates) + 1.7))
    years = pd.concat([dates["first"], dates["last"], dates["source_year"]]).dropna()
    lo, hi = float(years.min()), float(years.max())
    span = hi - lo
    right = hi + 0.06 * span
    ax.set_xlim(lo - 0.04 * span, right)
    grey = "0.78"
    for i, r in enumerate(dates.itertuples()):
        if r.form == "bound":
            ax.annotate("", xy=(right, i), xytext=(r.first - 0.4, i),
                        arrowprops={"arrowstyle": "-|>", "color": grey, "lw": 3, "shrinkA": 0, "shrinkB": 0,
                                    "mutation_scale": 14})
            ax.plot([r.first - 0.4, r.first - 0.4], [i - 0.25, i + 0.25], color="0.55", lw=2)
        else:
            ax.plot([r.first - 0.4, r.last + 0.4], [i, i], lw=7, color=grey, solid_capstyle="butt")
        if np.isnan(r.source_year):
            end = r.first if r.form == "bound" else r.last
            right_half = (end - lo) > span / 2   # the note goes on the side with room
            x = r.first - 1 if right_half or r.form == "bound" else end + 1
            ax.text(x, i, text("fig.dates.none"), va="center", ha="right" if right_half or r.form == "bound" else "left",
                    fontsize=7.5, color="0.35")
    dots = dates.assign(pos=range(len(dates)), verdict_label=dates["verdict"].map(lambda v: text(f"verdict.{v}")))
    dots = dots.dropna(subset=["source_year"])
    present = [v for v in VERDICTS if v in set(dots["verdict"])]
    sns.scatterplot(data=dots, x="source_year", y="pos", hue="verdict_label",
                    hue_order=[text(f"verdict.{v}") for v in present],
                    palette={text(f"verdict.{v}"): VERDICT_COLOURS[v] for v in present}, s=70, zorder=3, ax=ax, legend=False)
    ax.set_yticks(range(len(dates)), [names[c] for c in dates["claim_id"]])
    ax.set_ylim(len(dates) - 0.5, -0.5)
    ax.set_xlabel(text("year"))
    ax.set_ylabel("")
    handles = [Line2D([], [], color=grey, lw=7, label=text("fig.dates.span"))]
    if (dates["form"] == "bound").any():
        handles.append(Line2D([], [], color=grey, lw=3, marker=">", ms=7, label=text("fig.dates.bound")))
    handles += [Line2D([], [], ls="", marker="o", ms=8, color=VERDICT_COLOURS[v],
                       label=text("fig.dates.source").format(verdict=text(f"verdict.{v}"))) for v in present]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=8)
    _title(fig, text("fig.dates.title"))
    return fig


# How a change point is drawn, by its kind: colour, line style (a matplotlib style: its name in words is the
# text row ``linestyle.<style>``), and the side of its line its label takes.
CHANGE_STYLES = {"measure": ("#c8553d", ":", "left"), "sampling": ("#4c72b0", "--", "right")}


def change_lines_note(lang: str, drop_pp: float) -> str:
    """What the vertical lines of the long-series figure are, named by the line style each kind is drawn in;
    ``drop_pp``: the fall in the factories' share of batches that counts as a change of sampling."""
    return t("ls_lines_note", lang, measure=t(f"linestyle.{CHANGE_STYLES['measure'][1]}", lang),
             sampling=t(f"linestyle.{CHANGE_STYLES['sampling'][1]}", lang), drop=f"{drop_pp:g}")


def long_series(nat, points, sizes, channels, lang: str, channel_names: dict | None = None,
                size_names: dict | None = None):
    """Three panels on one year axis, each from zero: the national rate with its change points (one vertical
    line per change, in the style of its kind and labelled beside it); rates by firm size; rates by sampling
    channel (gaps where a year prints none; a panel with no rate in the years drawn says so in words). Level names:
    ``channel_names``/``size_names`` (data/breakdown_levels.csv)."""
    set_theme(lang)
    text = _text(lang)
    fig, axes = plt.subplots(3, 1, figsize=(PAGE_WIDTH, 10), sharex=True, gridspec_kw={"height_ratios": [1.4, 1, 1]})
    ax = axes[0]
    years = list(nat["year"])
    y = _floats(nat["nonconformity"])
    ax.plot(years, y, color="0.25", lw=2)
    handles = []
    for status, face in (("printed", "0.25"), ("derived", "white")):
        m = (nat["status"] == status).to_numpy()
        if m.any():   # the legend names only the kinds of point drawn
            handles.append(ax.scatter(np.array(years)[m], y[m], s=36, facecolor=face, edgecolor="0.25", zorder=3,
                                      label=text(status)))
    top = np.nanmax(y) if len(y) and not np.isnan(y).all() else 1.0
    ax.set_ylim(0, top * 1.45)   # room above the data for the change labels
    kinds_seen = []
    for year, group in points.groupby("year"):
        kinds = list(dict.fromkeys(group["kind"]))
        for j, kind in enumerate(kinds):   # two kinds of change in one year: two lines side by side
            colour, style, side = CHANGE_STYLES.get(kind, ("0.4", "-.", "right"))
            x = year - 0.5 + (j - (len(kinds) - 1) / 2) * 0.16
            ax.axvline(x, color=colour, ls=style, lw=1.6)
            ax.text(x + (-0.05 if side == "left" else 0.05), top * 1.42, text(f"change.{kind}"), rotation=90,
                    ha="right" if side == "left" else "left", va="top", fontsize=7.5, color=colour)
            if kind not in kinds_seen:
                kinds_seen.append(kind)
    handles += [Line2D([], [], color=CHANGE_STYLES.get(k, ("0.4", "-."))[0], ls=CHANGE_STYLES.get(k, ("0.4", "-."))[1],
                       lw=1.6, label=text("change." + k)) for k in kinds_seen]
    ax.set_ylabel(text("nonconformity_pct"))
    ax.set_title(t("long_title", lang, years=span(years[0], years[-1], lang)), fontsize=10.5)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    for ax, table, names, title in ((axes[1], sizes, size_names or {}, "by_size"),
                                    (axes[2], channels, channel_names or {}, "by_channel")):
        tab = table.dropna(subset=["nonconformity"])
        for colour, (level, sub) in zip(palette(10), tab.groupby("level", sort=False)):
            series = sub.set_index("year")["nonconformity"].reindex(years)  # missing years stay gaps
            ax.plot(years, _floats(series), marker="o", ms=5, color=colour, label=names.get(level, level))
        ax.set_ylabel(text("nonconformity_pct"))
        ax.set_ylim(bottom=0)
        ax.set_title(text(title), fontsize=10)
        if tab.empty:   # a panel with nothing to draw says so in words (and has no legend to draw)
            ax.text(0.5, 0.5, text("fig.long.empty"), transform=ax.transAxes, ha="center", va="center", fontsize=8.5,
                    color="0.35")
            ax.tick_params(axis="y", labelleft=False)   # no rate: no scale to read
        else:
            ax.legend(title=None, frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes[-1].set_xlabel(text("year"))
    axes[-1].set_xticks(years)
    return fig
