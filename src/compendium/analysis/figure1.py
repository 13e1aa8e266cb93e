"""Figure 1 of the article: the tables, statistics and results behind ``notebooks/01_figure1_spot_checks``."""
from __future__ import annotations

import dataclasses

import pandas as pd

from ..presentation import labels, narrative
from . import spotchecks, stats
from .data import DataPackage

NAME = "01_figure1_spot_checks"


@dataclasses.dataclass
class Figure1:
    grid: pd.DataFrame          # category x year: value, status, basis
    national: pd.DataFrame      # national x year
    names: dict[str, str]
    lang: str

    @property
    def coverage(self) -> dict[str, int]:
        return spotchecks.coverage(self.grid)

    def coverage_table(self) -> pd.DataFrame:
        table = spotchecks.coverage_table(self.grid, {k: v for k, v in self.names.items() if k != "national"})
        return table.replace({s: labels.text(s, self.lang) for s in spotchecks.STATUSES}) if self.lang == "zh" else table

    def values_table(self) -> pd.DataFrame:
        """Non-conformity (%) by category and year; derived values marked with '*', missing left empty."""
        def cell(r):
            if r.status == spotchecks.MISSING:
                return ""
            return f"{float(r.nonconformity):.1f}" + ("*" if r.status == spotchecks.DERIVED else "")
        both = pd.concat([self.national, self.grid])
        table = both.assign(cell=[cell(r) for r in both.itertuples()]).pivot(index="scope", columns="year", values="cell")
        table = table.reindex([s for s in self.names if s in table.index])
        table.index = [self.names[s] for s in table.index]
        table.columns = [str(c) for c in table.columns]
        return table


def build(pkg: DataPackage, first_year: int, last_year: int, categories: list[str], lang: str) -> Figure1:
    names = labels.category_names(pkg["categories"], lang)
    names = {k: v for k, v in names.items() if k == "national" or k in categories}
    grid = spotchecks.rate_grid(pkg, first_year, last_year, categories)
    national = spotchecks.rate_grid(pkg, first_year, last_year, [spotchecks.NATIONAL])
    return Figure1(grid, national, names, lang)


def national_table(pkg: DataPackage, first_year: int, last_year: int) -> pd.DataFrame:
    """The national totals as printed, with the non-conformity rate in one measure and the source."""
    t = pkg["spot_checks"]
    t = t[(t["scope"] == "national") & (t["release"] == "annual")].copy()
    t["year"] = t["year"].astype(int)
    t = t[(t["year"] >= first_year) & (t["year"] <= last_year)]
    t["nonconformity_pct"] = [round(spotchecks.to_nonconformity(m, r), 1) if not pd.isna(r) else pd.NA
                              for m, r in zip(t["measure"], t["rate"])]
    cols = ["year", "kinds", "enterprises", "batches", "nonconforming_batches", "measure", "rate", "change_pp",
            "change_vs", "nonconformity_pct", "source_id"]
    return t[cols].sort_values("year").reset_index(drop=True)


WILSON_ALPHA = 0.05   # the intervals' level is 1 - alpha


def intervals_intro(lang: str) -> str:
    return narrative.t("f1_wilson", lang, level=f"{100 * (1 - WILSON_ALPHA):g}")


def intervals(pkg: DataPackage, fig: Figure1) -> pd.DataFrame:
    """Wilson intervals (level 1 - WILSON_ALPHA) for every printed rate whose batch count is printed."""
    rows = []
    for r in pd.concat([fig.national, fig.grid]).itertuples():
        if r.status != spotchecks.PRINTED or pd.isna(r.batches):
            continue
        n = int(r.batches)
        if not pd.isna(r.nonconforming_batches):
            lo, hi = stats.wilson(int(r.nonconforming_batches), n, WILSON_ALPHA)
            basis = "printed count of non-conforming batches"
        else:
            lo, hi = stats.wilson_from_rate(float(r.nonconformity), n, WILSON_ALPHA)
            basis = "printed rate x printed batches"
        rows.append({"scope": r.scope, "year": int(r.year), "batches": n, "nonconformity_pct": float(r.nonconformity),
                     "wilson_low": round(lo, 2), "wilson_high": round(hi, 2), "basis": basis})
    return pd.DataFrame(rows)


def trends(fig: Figure1, min_years: int = 3) -> pd.DataFrame:
    """Quasi-binomial GLM trend per scope with at least ``min_years`` known (printed or derived) years."""
    rows = []
    for scope, sub in pd.concat([fig.national, fig.grid]).groupby("scope", sort=False):
        known = sub[sub["status"] != spotchecks.MISSING]
        if len(known) < min_years:
            rows.append({"scope": scope, "years_known": len(known), "direction": "too few years"})
            continue
        printed_all = (known["status"] == spotchecks.PRINTED).all()
        t = stats.glm_trend(scope, known["year"], known["nonconformity"].astype(float),
                            list(known["batches"]) if printed_all else None)
        rows.append({"scope": scope, "years_known": len(known), "weighting": t.weighting,
                     "odds_ratio_per_year": round(t.odds_ratio_per_year, 4), "ci_low": round(t.ci_low, 4),
                     "ci_high": round(t.ci_high, 4), "p_value": round(t.p_value, 4), "direction": t.direction})
    return pd.DataFrame(rows)


def cross_checks_table(pkg: DataPackage) -> pd.DataFrame:
    rows = [{"scope": c.scope, "year": c.year, "printed": c.printed, "derived": c.derived, "allowed": c.margin,
             "agrees": c.agrees, "derived_from": c.basis} for c in spotchecks.cross_checks(pkg)]
    return pd.DataFrame(rows, columns=["scope", "year", "printed", "derived", "allowed", "agrees", "derived_from"])


# The span of the article's Figure 1 (its years axis): the notebook's default years, and the year the series
# beyond the article (notebook 07) compares with.
ARTICLE_YEARS = (2014, 2018)
# The article's sentence on product counts in its last year (section 3): the rate above which it counts products,
# and the category each of its claims (data/claims.csv, notebook 01) speaks of.
ARTICLE_THRESHOLD_PCT = 5.0
SENTENCE_CLAIMS = {"S3-spot-2018-daily": "daily_textile", "S3-spot-2018-electronics": "electronics",
                   "S3-spot-2018-light": "light_industry"}


def extent(coverage: dict[str, int]) -> str:
    """How far the figure can be rebuilt: 'full' (no cell missing), 'none' (no cell known) or 'part'."""
    known = coverage.get(spotchecks.PRINTED, 0) + coverage.get(spotchecks.DERIVED, 0)
    if coverage.get(spotchecks.MISSING, 0) == 0:
        return "full"
    return "none" if known == 0 else "part"


def direction(first: float, last: float) -> str:
    """'rose', 'fell' or 'same', from the two values as printed to one decimal."""
    a, b = round(first, 1), round(last, 1)
    return "rose" if b > a else "fell" if b < a else "same"


def margins(fig: Figure1) -> tuple[float, float] | None:
    """Smallest and largest rounding margin of the derived values shown (None when none is derived)."""
    derived = pd.concat([fig.national, fig.grid]).query("status == @spotchecks.DERIVED")
    if derived.empty:
        return None
    m = derived["margin"].astype(float)
    return float(m.min()), float(m.max())


def _pct(x: float) -> str:
    return f"{float(x):.1f}"


def header(p, pkg, fig: Figure1) -> list[str]:
    """The title of this run (its years and categories) and how it relates to the article's span."""
    n_all, k = len(pkg["categories"]), len(fig.names) - 1
    cats = narrative.t("f1_cats_all", p.lang, n=n_all) if k == n_all else narrative.t("f1_cats_some", p.lang, k=k, n=n_all)
    span = (narrative.t("f1_span_same", p.lang, first=p.first_year, last=p.last_year)
            if (p.first_year, p.last_year) == ARTICLE_YEARS else
            narrative.t("f1_span_other", p.lang, afirst=ARTICLE_YEARS[0], alast=ARTICLE_YEARS[1], first=p.first_year,
                        last=p.last_year))
    return [narrative.t("f1_title", p.lang, first=p.first_year, last=p.last_year, cats=cats), span]


def caption(fig: Figure1) -> str:
    m = margins(fig)
    if m is None:
        return narrative.t("f1_margins_none", fig.lang)
    return narrative.t("f1_margins", fig.lang, low=f"{m[0]:.2f}", high=f"{m[1]:.2f}")


def national_change(national: pd.DataFrame) -> dict | None:
    known = national.dropna(subset=["nonconformity_pct"])
    if len(known) < 2:
        return None
    first, last = known.iloc[0], known.iloc[-1]
    peak = known.loc[known.nonconformity_pct.astype(float).idxmax()]
    return {"first_year": int(first.year), "first": float(first.nonconformity_pct), "last_year": int(last.year),
            "last": float(last.nonconformity_pct), "peak_year": int(peak.year), "peak": float(peak.nonconformity_pct),
            "direction": direction(float(first.nonconformity_pct), float(last.nonconformity_pct))}


def sentence_claims(pkg: DataPackage) -> pd.DataFrame:
    """The ledger's rows this notebook shows: the claims data/claims.csv assigns to it (column ``notebook``),
    the article's sentence on product counts."""
    from . import claims

    return claims.verdicts(pkg, notebook=NAME)


def sentence_text(pkg: DataPackage, sentence: pd.DataFrame, lang: str) -> str:
    """The article's sentence in our words, its counts taken from the ledger, and the verdicts."""
    names = labels.category_names(pkg["categories"], lang)
    rows = sentence.set_index("claim_id")
    items = [narrative.t("f1_sentence_item", lang, n=rows.loc[cid, "stated"], name=names[SENTENCE_CLAIMS.get(cid, "")])
             if SENTENCE_CLAIMS.get(cid) in names else rows.loc[cid, "statement_en"] for cid in rows.index]
    counts = sentence["verdict"].value_counts()
    verdicts = narrative.verdict_list(counts.to_dict(), lang)
    section = str(sentence["section"].iloc[0]) if len(sentence) else "3"
    return narrative.t("f1_sentence", lang, section=section, year=ARTICLE_YEARS[1], items=narrative.sep(lang).join(items),
                       threshold=f"{ARTICLE_THRESHOLD_PCT:g}", verdicts=verdicts)


def summary(fig: Figure1, national: pd.DataFrame, trends_table: pd.DataFrame) -> list[str]:
    """The conclusions, every number and every judging word computed from the tables above."""
    lang = fig.lang
    cov = fig.coverage
    lines = [narrative.t("f1_coverage", lang, total=sum(cov.values()), printed=cov["printed"], derived=cov["derived"],
                         missing=cov["missing"], extent=narrative.t("extent_" + extent(cov), lang))]
    ch = national_change(national)
    if ch:
        lines.append(narrative.t("f1_national", lang, direction=narrative.t("dir_" + ch["direction"], lang),
                                 first=_pct(ch["first"]), last=_pct(ch["last"]), peak=_pct(ch["peak"]),
                                 first_year=ch["first_year"], last_year=ch["last_year"], peak_year=ch["peak_year"]))
    latest = fig.grid[fig.grid.status != spotchecks.MISSING].sort_values(["year", "nonconformity"])
    if len(latest):
        year = int(latest.year.max())
        sub = latest[latest.year == year]
        worst = sub.iloc[-1]
        lines.append(narrative.t("f1_latest", lang, year=year, name=fig.names[worst.scope], rate=_pct(worst.nonconformity),
                                 status=labels.text(worst.status, lang), known=len(sub), total=len(fig.names) - 1))
    for r in trends_table.itertuples():
        if not pd.isna(getattr(r, "odds_ratio_per_year", float("nan"))):
            key = {"rising": "trend_rising", "falling": "trend_falling"}.get(r.direction, "trend_none")
            lines.append(narrative.t("f1_trend", lang, name=fig.names.get(r.scope, r.scope), or_=f"{r.odds_ratio_per_year:.3f}",
                                     lo=f"{r.ci_low:.3f}", hi=f"{r.ci_high:.3f}", direction=narrative.t(key, lang)))
    lines.append(narrative.t("f1_targeted", lang))
    return lines


def figure_records(pkg, fig: Figure1, paths) -> list[dict]:
    """The README's figure table rows: each file written and the spot-check rows it draws."""
    from ..presentation import plotting

    drawn = pd.concat([fig.national, fig.grid]).query("status != @spotchecks.MISSING")
    return [plotting.figure_record([path], pkg, {"spot_checks": drawn}) for path in paths]


def results_payload(p, pkg, fig: Figure1, national: pd.DataFrame, checks: pd.DataFrame, trends_table: pd.DataFrame,
                    sentence: pd.DataFrame, paths=()) -> dict:
    """Every number the notebook checked, for results/01_figure1_spot_checks.json."""
    cells = [{"scope": r.scope, "year": int(r.year), "status": r.status,
              "nonconformity_pct": None if r.status == spotchecks.MISSING else round(float(r.nonconformity), 4),
              "margin": None if r.status == spotchecks.MISSING else round(float(r.margin), 4),
              "basis": None if r.status == spotchecks.MISSING else r.basis,
              "source_id": None if r.status == spotchecks.MISSING else r.source_id}
             for r in pd.concat([fig.national, fig.grid]).itertuples()]
    return {
        "notebook": NAME,
        "parameters": {"first_year": p.first_year, "last_year": p.last_year, "categories": p.categories, "lang": p.lang},
        "coverage": fig.coverage,
        "figures": figure_records(pkg, fig, paths) if paths else [],
        "extent": extent(fig.coverage),
        "margins": margins(fig),
        "national_change": national_change(national),
        "article_years": list(ARTICLE_YEARS),
        "cells": cells,
        "national": national.astype(object).where(national.notna(), None).to_dict("records"),
        "cross_checks": checks.to_dict("records"),
        "intervals": intervals(pkg, fig).to_dict("records"),
        "trends": trends_table.astype(object).where(trends_table.notna(), None).to_dict("records"),
        "claims": sentence[["claim_id", "stated", "verdict", "source_value", "difference"]]
        .astype(object).where(sentence[["claim_id", "stated", "verdict", "source_value", "difference"]].notna(), None)
        .to_dict("records"),
    }
