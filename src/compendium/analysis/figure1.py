"""Figure 1 of the article: the tables, statistics and sentences behind ``notebooks/01_figure1_spot_checks``.

Every sentence is made from the tables here; every relation word in it ("rose", "in part", "rising", "1 of 8")
is the word of a :mod:`compendium.analysis.relations` result computed on the numbers the sentence shows, and
each is recorded in the notebook's results file (``relations``)."""
from __future__ import annotations

import dataclasses

import pandas as pd

from ..build.results import records
from ..presentation import tables, text
from ..presentation.text import say, word
from . import relations, spotchecks, stats
from .data import DataPackage

NAME = "01_figure1_spot_checks"

# The span of the article's Figure 1 (its years axis): the notebook's default years, and the year the series
# beyond the article (notebook 07) compares with.
ARTICLE_YEARS = (2014, 2018)
# The article's sentence on product counts in its last year (section 3): the rate above which it counts products,
# and the category each of its claims (data/claims.csv, notebook 01) speaks of.
ARTICLE_THRESHOLD_PCT = 5.0
SENTENCE_CLAIMS = {"S3-spot-2018-daily": "daily_textile", "S3-spot-2018-electronics": "electronics",
                   "S3-spot-2018-light": "light_industry"}
WILSON_ALPHA = 0.05   # the intervals' level is 1 - alpha
MIN_TREND_YEARS = 3   # a series needs this many known years for a trend


@dataclasses.dataclass
class Figure1:
    grid: pd.DataFrame          # category x year: value, status, basis
    national: pd.DataFrame      # national x year
    names: dict[str, str]       # 'national' and the selected categories' codes -> names, in categories.csv order
    lang: str
    first_year: int
    last_year: int
    n_categories: int           # categories in data/categories.csv (the article's eight)
    all_names: dict[str, str]   # every scope's name (cross-checks speak of categories not selected too)

    @property
    def selected(self) -> list[str]:
        return [k for k in self.names if k != spotchecks.NATIONAL]

    @property
    def coverage(self) -> dict[str, int]:
        return spotchecks.coverage(self.grid)


def build(pkg: DataPackage, first_year: int, last_year: int, categories: list[str], lang: str) -> Figure1:
    all_names = text.category_names(pkg["categories"], lang)
    names = {k: v for k, v in all_names.items() if k == spotchecks.NATIONAL or k in categories}
    grid = spotchecks.rate_grid(pkg, first_year, last_year, [k for k in names if k != spotchecks.NATIONAL])
    national = spotchecks.rate_grid(pkg, first_year, last_year, [spotchecks.NATIONAL])
    return Figure1(grid, national, names, lang, first_year, last_year, len(pkg["categories"]), all_names)


def _years(fig: Figure1) -> str:
    return text.span(fig.first_year, fig.last_year, fig.lang)


# ---------------------------------------------------------------------------------------------------------
# Title, header and caption: what this run draws
# ---------------------------------------------------------------------------------------------------------
def selection(fig: Figure1) -> text.Sentence:
    """The categories drawn, as the figure's title says them: 'all 8 categories', 'Electronics & appliances and
    Light industry', '4 of the 8 categories'."""
    k, n = len(fig.selected), fig.n_categories
    rel = relations.share(k, n)
    if rel.key == "some" and k <= 2:
        return say("f1_cats_named", fig.lang, names=text.join([fig.names[c] for c in fig.selected], fig.lang))
    return say("f1_cats", fig.lang, {"cats": word(rel, "cats", n=n, **({"k": k} if rel.key == "some" else {}))})


def figure_title(fig: Figure1) -> str:
    """The figure's own title: the measure, the categories drawn and the years."""
    return text.t("figure1_title", fig.lang, cats=selection(fig), years=_years(fig))


def header(fig: Figure1) -> list[str]:
    """The notebook's title for this run (its years and categories) and how its span relates to the article's."""
    span = (text.t("f1_span_same", fig.lang, years=_years(fig)) if (fig.first_year, fig.last_year) == ARTICLE_YEARS
            else text.t("f1_span_other", fig.lang, article=text.span(*ARTICLE_YEARS, fig.lang), years=_years(fig)))
    cats = selection(fig)
    return [text.Sentence(text.t("f1_title", fig.lang, years=_years(fig), cats=cats), cats.relations), span]


def article_caption(lang: str) -> str:
    """What our pages hold of the article's Figure 1: its caption only, quoted with the years it names."""
    caption = text.t("article_figure1_caption", lang, years=text.span(*ARTICLE_YEARS, "zh"))
    return text.t("f1_caption_only", lang, caption=caption)


def margins(fig: Figure1) -> tuple[float, float] | None:
    """Smallest and largest rounding margin of the derived values shown (None when none is derived)."""
    derived = pd.concat([fig.national, fig.grid]).query("status == @spotchecks.DERIVED")
    if derived.empty:
        return None
    m = derived["margin"].astype(float)
    return float(m.min()), float(m.max())


def caption(fig: Figure1) -> str:
    """How far a derived value may be off: the range of their rounding margins (one value when all are equal)."""
    m = margins(fig)
    if m is None:
        return text.t("f1_margins_none", fig.lang)
    return text.t("f1_margins", fig.lang, margins=text.span(f"±{m[0]:.2f}", f"±{m[1]:.2f}", fig.lang, key="range_words"))


def alt_text(fig: Figure1) -> str:
    """The figure described for a reader who cannot see it: what is drawn and how much of it is known."""
    cov = fig.coverage
    return text.t("figure1_alt", fig.lang, title=figure_title(fig), printed=cov["printed"], derived=cov["derived"],
                  missing=cov["missing"])


# ---------------------------------------------------------------------------------------------------------
# Tables for people
# ---------------------------------------------------------------------------------------------------------
def values_table(fig: Figure1) -> tables.Table:
    """Non-conformity (%) by category and year; derived values marked with '*', missing left empty."""
    def cell(r):
        if r.status == spotchecks.MISSING:
            return ""
        return text.fixed(r.nonconformity) + ("*" if r.status == spotchecks.DERIVED else "")
    both = pd.concat([fig.national, fig.grid])
    wide = both.assign(cell=[cell(r) for r in both.itertuples()]).pivot(index="scope", columns="year", values="cell")
    wide = wide.reindex([s for s in fig.names if s in wide.index])
    out = pd.DataFrame({tables.header("category", fig.lang): [fig.names[s] for s in wide.index]})
    for year in wide.columns:
        out[str(int(year))] = list(wide[year])
    return tables.Table(out)


def coverage_table(fig: Figure1) -> tables.Table:
    """Printed, derived or missing, by category and year."""
    wide = fig.grid.pivot(index="scope", columns="year", values="status")
    wide = wide.reindex([s for s in fig.selected if s in wide.index])
    out = pd.DataFrame({tables.header("category", fig.lang): [fig.names[s] for s in wide.index]})
    for year in wide.columns:
        out[str(int(year))] = [text.t(f"status.{v}", fig.lang) for v in wide[year]]
    return tables.Table(out)


def cells_table(fig: Figure1) -> tables.Table:
    """Every known cell with how it was found (which release, pass rate or non-conformity rate) and its source."""
    known = pd.concat([fig.national, fig.grid]).query("status != @spotchecks.MISSING")
    known = known.assign(basis_text=[spotchecks.basis_text(b, fig.lang) for b in known["basis"]],
                         margin_pp=known["margin"].astype(float))
    return tables.for_people(known, fig.lang, columns=["scope", "year", "status", "nonconformity", "margin_pp",
                                                       "basis_text", "source_id"],
                             formats={"scope": fig.names, "year": "year", "status": "key:status", "nonconformity": "pct1",
                                      "margin_pp": lambda m: f"±{float(m):.2f}"})


def cross_checks(pkg: DataPackage) -> pd.DataFrame:
    """Cells both printed and implied by a later change; ``agreement`` is where the printed value lies against
    the derived one's rounding interval (relations.position: 'inside' agrees)."""
    rows = []
    for c in spotchecks.cross_checks(pkg):
        rel = relations.position(c.printed, c.derived - c.margin - 1e-9, c.derived + c.margin + 1e-9)
        rows.append({"scope": c.scope, "year": c.year, "printed": c.printed, "derived": c.derived, "allowed": c.margin,
                     "agreement": rel.key, "basis": c.basis})
    return pd.DataFrame(rows, columns=["scope", "year", "printed", "derived", "allowed", "agreement", "basis"])


def cross_checks_table(checks: pd.DataFrame, fig: Figure1) -> tables.Table:
    return tables.for_people(checks.assign(basis_text=[spotchecks.basis_text(b, fig.lang) for b in checks["basis"]]),
                             fig.lang, columns=["scope", "year", "printed", "derived", "allowed", "agreement", "basis_text"],
                             formats={"scope": fig.all_names, "year": "year", "printed": "pct1", "derived": "pct1",
                                      "allowed": lambda m: f"±{float(m):.2f}", "agreement": "key:agreement"})


def national_table(pkg: DataPackage, first_year: int, last_year: int) -> pd.DataFrame:
    """The national totals as printed, with the non-conformity rate in one measure and the source."""
    t = pkg["spot_checks"]
    t = t[(t["scope"] == "national") & (t["release"] == "annual")].copy()
    t["year"] = t["year"].astype(int)
    t = t[(t["year"] >= first_year) & (t["year"] <= last_year)]
    t["nonconformity_pct"] = [round(spotchecks.to_nonconformity(m, r), 1) if not pd.isna(r) else pd.NA
                              for m, r in zip(t["measure"], t["rate"])]
    cols = ["year", "kinds", "enterprises", "batches", "nonconforming_batches", "measure", "printed_as", "rate",
            "change_pp", "change_vs", "nonconformity_pct", "source_id"]
    return t[cols].sort_values("year").reset_index(drop=True)


def national_checked(national: pd.DataFrame, lang: str) -> tables.Table:
    """What each year's national checks covered, as printed."""
    return tables.for_people(national, lang, columns=["year", "kinds", "enterprises", "batches", "nonconforming_batches"],
                             formats={"year": "year", "kinds": "count", "enterprises": "count", "batches": "count",
                                      "nonconforming_batches": "count"})


def national_rates(national: pd.DataFrame, pkg: DataPackage, lang: str) -> tables.Table:
    """Each year's national rate as printed (the measure named as the bulletin names it) and as non-conformity."""
    measure = {p: text.term(pkg["terms"], "measure", p, lang) for p in national["printed_as"].dropna().unique()}
    return tables.for_people(national, lang, columns=["year", "printed_as", "rate", "change_pp", "change_vs",
                                                      "nonconformity_pct", "source_id"],
                             formats={"year": "year", "printed_as": measure, "rate": "pct1", "change_pp": "pct1",
                                      "change_vs": "year", "nonconformity_pct": "pct1"})


# ---------------------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------------------
def intervals_intro(lang: str) -> str:
    return text.t("f1_wilson", lang, level=f"{100 * (1 - WILSON_ALPHA):g}")


def intervals(fig: Figure1) -> pd.DataFrame:
    """Wilson intervals (level 1 - WILSON_ALPHA) for every printed rate whose batch count is printed."""
    rows = []
    for r in pd.concat([fig.national, fig.grid]).itertuples():
        if r.status != spotchecks.PRINTED or pd.isna(r.batches):
            continue
        n = int(r.batches)
        if not pd.isna(r.nonconforming_batches):
            lo, hi = stats.wilson(int(r.nonconforming_batches), n, WILSON_ALPHA)
            basis = "count"
        else:
            lo, hi = stats.wilson_from_rate(float(r.nonconformity), n, WILSON_ALPHA)
            basis = "rate"
        rows.append({"scope": r.scope, "year": int(r.year), "batches": n, "nonconformity_pct": float(r.nonconformity),
                     "wilson_low": round(lo, 2), "wilson_high": round(hi, 2), "interval_basis": basis})
    return pd.DataFrame(rows, columns=["scope", "year", "batches", "nonconformity_pct", "wilson_low", "wilson_high",
                                       "interval_basis"])


def intervals_table(table: pd.DataFrame, fig: Figure1) -> tables.Table:
    return tables.for_people(table, fig.lang, formats={"scope": fig.names, "year": "year", "batches": "count",
                                                       "nonconformity_pct": "pct1", "wilson_low": "pct2",
                                                       "wilson_high": "pct2", "interval_basis": "key:interval_basis"})


def trend_word(t: stats.Trend) -> relations.Relation:
    """Where 1 (no change in the odds) lies against the trend's confidence interval: 'below' it is a rise,
    'above' it a fall, 'inside' no clear trend."""
    return relations.position(1.0, t.ci_low, t.ci_high)


def trends(fig: Figure1, min_years: int = MIN_TREND_YEARS) -> pd.DataFrame:
    """Quasi-binomial GLM trend per scope with at least ``min_years`` known (printed or derived) years; scopes with
    fewer have no row (:func:`too_few_years` names them)."""
    rows = []
    for scope, sub in pd.concat([fig.national, fig.grid]).groupby("scope", sort=False):
        known = sub[sub["status"] != spotchecks.MISSING]
        if len(known) < min_years:
            continue
        printed_all = (known["status"] == spotchecks.PRINTED).all()
        t = stats.glm_trend(scope, known["year"], known["nonconformity"].astype(float),
                            list(known["batches"]) if printed_all else None)
        rows.append({"scope": scope, "years_known": len(known), "weighting": "batches" if t.weighting.startswith("weighted")
                     else "equal", "odds_ratio_per_year": t.odds_ratio_per_year, "ci_low": t.ci_low,
                     "ci_high": t.ci_high, "p_value": t.p_value, "trend": trend_word(t).key})
    return pd.DataFrame(rows, columns=["scope", "years_known", "weighting", "odds_ratio_per_year", "ci_low", "ci_high",
                                       "p_value", "trend"])


def too_few_years(fig: Figure1, trends_table: pd.DataFrame, min_years: int = MIN_TREND_YEARS) -> str:
    """Which selected series have too few known years for a trend ('' when none)."""
    left = [fig.names[s] for s in fig.names if s not in set(trends_table["scope"])]
    if not left:
        return ""
    return text.t_n("f1_too_few", len(left), fig.lang, names=text.join(left, fig.lang), min=min_years)


def trends_table(table: pd.DataFrame, fig: Figure1) -> tables.Table:
    return tables.for_people(table, fig.lang, formats={"scope": fig.names, "years_known": "int", "weighting": "key:weighting",
                                                       "odds_ratio_per_year": "dec3", "ci_low": "dec3", "ci_high": "dec3",
                                                       "p_value": "pvalue", "trend": "key:trend"})


# ---------------------------------------------------------------------------------------------------------
# The article's sentence on product counts
# ---------------------------------------------------------------------------------------------------------
def sentence_claims(pkg: DataPackage, lang: str = "en") -> pd.DataFrame:
    """The ledger's rows this notebook shows: the claims data/claims.csv assigns to it (column ``notebook``),
    the article's sentence on product counts."""
    from . import claims

    return claims.verdicts(pkg, notebook=NAME, lang=lang)


def sentence_text(pkg: DataPackage, sentence: pd.DataFrame, lang: str) -> str:
    """The article's sentence in our words, its counts taken from the ledger, and the verdicts."""
    from . import claims

    names = text.category_names(pkg["categories"], lang)
    rows = sentence.set_index("claim_id")
    items = [text.t("f1_sentence_item", lang, n=claims.stated_for_people(rows.loc[[cid]].reset_index().iloc[0]),
                    name=names[SENTENCE_CLAIMS[cid]]) for cid in rows.index if SENTENCE_CLAIMS.get(cid) in names]
    verdicts = claims.verdict_list(sentence["verdict"].value_counts().to_dict(), lang)
    section = str(sentence["section"].iloc[0]) if len(sentence) else "3"
    return text.t("f1_sentence", lang, section=section, year=ARTICLE_YEARS[1], items=text.join(items, lang),
                  threshold=f"{ARTICLE_THRESHOLD_PCT:g}", verdicts=verdicts)


def sentence_table(sentence: pd.DataFrame, lang: str) -> tables.Table:
    from . import claims

    return claims.for_people(sentence, lang, ["claim_id", "statement_en", "stated", "verdict", "explanation"])


# ---------------------------------------------------------------------------------------------------------
# Conclusions
# ---------------------------------------------------------------------------------------------------------
def extent(coverage: dict[str, int]) -> relations.Relation:
    """How far the figure can be rebuilt: the share of its cells that are known ('all', 'some' or 'none')."""
    known = coverage.get(spotchecks.PRINTED, 0) + coverage.get(spotchecks.DERIVED, 0)
    return relations.share(known, sum(coverage.values()))


def national_change(national: pd.DataFrame) -> dict | None:
    known = national.dropna(subset=["nonconformity_pct"])
    if len(known) < 2:
        return None
    first, last = known.iloc[0], known.iloc[-1]
    peak = known.loc[known.nonconformity_pct.astype(float).idxmax()]
    return {"first_year": int(first.year), "first": float(first.nonconformity_pct), "last_year": int(last.year),
            "last": float(last.nonconformity_pct), "peak_year": int(peak.year), "peak": float(peak.nonconformity_pct),
            "direction": relations.direction(float(first.nonconformity_pct), float(last.nonconformity_pct)).key}


def summary(fig: Figure1, national: pd.DataFrame, trends_table: pd.DataFrame) -> list[text.Sentence]:
    """The conclusions, every number and every relation word computed from the tables above."""
    lang = fig.lang
    cov = fig.coverage
    total = sum(cov.values())
    lines = [say("f1_coverage", lang, {"extent": word(extent(cov), "extent", n=total)}, total=total,
                 printed=cov["printed"], derived=cov["derived"], missing=cov["missing"])]
    ch = national_change(national)
    if ch:
        first, last = text.fixed(ch["first"]), text.fixed(ch["last"])
        lines.append(say("f1_national", lang, {"direction": word(relations.direction(ch["first"], ch["last"]), "dir",
                                                                 first=first, last=last)},
                         first=first, last=last, peak=text.fixed(ch["peak"]), first_year=ch["first_year"],
                         last_year=ch["last_year"], peak_year=ch["peak_year"]))
    latest = fig.grid[fig.grid.status != spotchecks.MISSING].sort_values(["year", "nonconformity"])
    if len(latest):
        year = int(latest.year.max())
        sub = latest[latest.year == year]
        worst = sub.iloc[-1]
        known = relations.share(len(sub), len(fig.selected))
        shown = {"n": len(fig.selected), **({"k": len(sub)} if known.key == "some" else {})}
        lines.append(say("f1_latest", lang, {"known": word(known, "known", **shown)}, year=year,
                         name=fig.names[worst.scope], rate=text.fixed(worst.nonconformity),
                         status=text.t(f"status.{worst.status}", lang)))
    for r in trends_table.itertuples():
        lo, hi = f"{r.ci_low:.3f}", f"{r.ci_high:.3f}"
        rel = relations.position(1.0, r.ci_low, r.ci_high)
        lines.append(say("f1_trend", lang, {"direction": word(rel, "trend", low=lo, high=hi)}, about=r.scope,
                         name=fig.names.get(r.scope, r.scope), or_=f"{r.odds_ratio_per_year:.3f}", lo=lo, hi=hi))
    lines.append(text.Sentence(text.t("f1_targeted", lang)))
    return lines


def figure_records(pkg: DataPackage, fig: Figure1, paths) -> list[dict]:
    """The README's figure table rows: each file written and the spot-check rows it draws."""
    from ..presentation import plotting

    drawn = pd.concat([fig.national, fig.grid]).query("status != @spotchecks.MISSING")
    return [plotting.figure_record([path], pkg, {"spot_checks": drawn}) for path in paths]


def results_payload(p, pkg: DataPackage, fig: Figure1, national: pd.DataFrame, checks: pd.DataFrame,
                    trends_table: pd.DataFrame, sentence: pd.DataFrame, said: list, paths=()) -> dict:
    """Every number the notebook checked, for results/01_figure1_spot_checks.json; ``said``: the sentences shown
    (their relation records go under ``relations``)."""
    cells = [{"scope": r.scope, "year": int(r.year), "status": r.status,
              "nonconformity_pct": None if r.status == spotchecks.MISSING else round(float(r.nonconformity), 4),
              "margin": None if r.status == spotchecks.MISSING else round(float(r.margin), 4),
              "basis": None if r.status == spotchecks.MISSING else spotchecks.basis_text(r.basis, "en"),
              "source_id": None if r.status == spotchecks.MISSING else r.source_id}
             for r in pd.concat([fig.national, fig.grid]).itertuples()]
    cols = ["claim_id", "stated", "verdict", "source_value", "difference"]
    return {
        "notebook": NAME,
        "parameters": {"first_year": p.first_year, "last_year": p.last_year, "categories": list(p.categories),
                       "lang": p.lang},
        "coverage": fig.coverage,
        "figures": figure_records(pkg, fig, paths) if paths else [],
        "extent": extent(fig.coverage).key,
        "margins": margins(fig),
        "national_change": national_change(national),
        "article_years": list(ARTICLE_YEARS),
        "cells": cells,
        "national": records(national),
        "cross_checks": records(checks.assign(basis=[spotchecks.basis_text(b, "en") for b in checks["basis"]])),
        "intervals": records(intervals(fig)),
        "trends": records(trends_table),
        "claims": records(sentence[cols]),
        "relations": text.records(said) + [r for rs in sentence["relations"] for r in rs],
    }
