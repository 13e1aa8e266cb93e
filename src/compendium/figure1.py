"""Figure 1 of the article: the tables, statistics and results behind ``notebooks/01_figure1_spot_checks``."""
from __future__ import annotations

import dataclasses

import pandas as pd

from . import labels, spotchecks, stats
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


def intervals(pkg: DataPackage, fig: Figure1) -> pd.DataFrame:
    """Wilson 95% intervals for every printed rate whose batch count is printed."""
    rows = []
    for r in pd.concat([fig.national, fig.grid]).itertuples():
        if r.status != spotchecks.PRINTED or pd.isna(r.batches):
            continue
        n = int(r.batches)
        if not pd.isna(r.nonconforming_batches):
            lo, hi = stats.wilson(int(r.nonconforming_batches), n)
            basis = "printed count of non-conforming batches"
        else:
            lo, hi = stats.wilson_from_rate(float(r.nonconformity), n)
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


def summary(fig: Figure1, national: pd.DataFrame, trends_table: pd.DataFrame, sentence: pd.DataFrame) -> str:
    """Plain-English conclusions, every number taken from the tables above."""
    cov = fig.coverage
    total = sum(cov.values())
    lines = [f"Of the {total} category-year cells of Figure 1, {cov['printed']} are printed in a source we read, "
             f"{cov['derived']} are derived from a printed change, and {cov['missing']} are missing: the figure "
             "can be rebuilt only in part from the bulletins we could read."]
    known = national.dropna(subset=["nonconformity_pct"])
    if len(known) >= 2:
        first, last = known.iloc[0], known.iloc[-1]
        lines.append(f"Nationally, non-conformity went from {first.nonconformity_pct:.1f}% in {first.year} to "
                     f"{last.nonconformity_pct:.1f}% in {last.year}; the highest year was "
                     f"{int(known.loc[known.nonconformity_pct.astype(float).idxmax(), 'year'])}.")
    latest = fig.grid[fig.grid.status != spotchecks.MISSING].sort_values(["year", "nonconformity"])
    if len(latest):
        year = int(latest.year.max())
        sub = latest[latest.year == year]
        worst = sub.iloc[-1]
        lines.append(f"In {year}, the last year with category values, the highest known category rate is "
                     f"{fig.names[worst.scope]} at {float(worst.nonconformity):.1f}% ({worst.status}); "
                     f"{len(sub)} of {len(fig.names) - 1} categories are known that year.")
    for r in trends_table.itertuples():
        if getattr(r, "direction", "") not in ("too few years", None) and not pd.isna(getattr(r, "odds_ratio_per_year", float("nan"))):
            lines.append(f"Trend, {fig.names.get(r.scope, r.scope)}: odds ratio {r.odds_ratio_per_year:.3f} per year "
                         f"(95% CI {r.ci_low:.3f}-{r.ci_high:.3f}), {r.direction}.")
    counts = sentence["verdict"].value_counts().to_dict()
    lines.append("The article's 2018 product counts (12, 13 and 4 products above 5%): " +
                 ", ".join(f"{n} {v}" for v, n in sorted(counts.items())) + ".")
    lines.append("Spot checks target risky products; none of these rates is a random-sample estimate of market quality.")
    return "\n".join(lines)


def results_payload(p, fig: Figure1, national: pd.DataFrame, checks: pd.DataFrame, trends_table: pd.DataFrame,
                    sentence: pd.DataFrame) -> dict:
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
        "cells": cells,
        "national": national.astype(object).where(national.notna(), None).to_dict("records"),
        "cross_checks": checks.to_dict("records"),
        "intervals": intervals(p.pkg, fig).to_dict("records"),
        "trends": trends_table.astype(object).where(trends_table.notna(), None).to_dict("records"),
        "claims": sentence[["claim_id", "stated", "verdict", "source_value", "difference"]]
        .astype(object).where(sentence[["claim_id", "stated", "verdict", "source_value", "difference"]].notna(), None)
        .to_dict("records"),
    }
