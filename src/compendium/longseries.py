"""The spot-check series beyond the article: national rates to the latest bulletin, with every change of
definition, publisher and sampling that the bulletins themselves record, and the breakdowns they add.

Everything is computed from ``spot_checks.csv`` and ``spot_check_breakdowns.csv``: the change points are read
off the data (the printed name of the measure changes; a sampling channel first appears), not typed here.
"""
from __future__ import annotations

import pandas as pd

from . import spotchecks, stats
from .data import DataPackage

MEASURE_EN = {"抽查合格率": "pass rate (AQSIQ)", "不合格发现率": "non-conformity discovery rate (SAMR)",
              "抽查不合格率": "spot-check non-conformity rate (SAMR)"}
CHANNEL_EN = {"production": "factories (production)", "retail": "shops and online (流通, not split)",
              "retail_store": "physical shops", "ecommerce": "e-commerce"}


def national(pkg: DataPackage, first_year: int, last_year: int) -> pd.DataFrame:
    """National non-conformity per year (printed, else derived), with the measure's printed name and counts."""
    grid = spotchecks.rate_grid(pkg, first_year, last_year, [spotchecks.NATIONAL])
    t = pkg["spot_checks"]
    t = t[(t["scope"] == "national") & (t["release"] == "annual")].assign(year=lambda d: d["year"].astype(int))
    info = t.set_index("year")[["printed_as", "kinds", "enterprises", "batches", "nonconforming_batches"]]
    out = grid.drop(columns=["batches", "nonconforming_batches"]).join(info, on="year")
    return out[["year", "status", "nonconformity", "margin", "printed_as", "kinds", "enterprises", "batches",
                "nonconforming_batches", "basis", "source_id"]]


def change_points(pkg: DataPackage, first_year: int, last_year: int) -> pd.DataFrame:
    """Years in which the bulletins change what they measure or how they sample, read off the data."""
    rows = []
    nat = national(pkg, first_year, last_year).dropna(subset=["printed_as"]).sort_values("year")
    previous = None
    for r in nat.itertuples():
        if previous is not None and r.printed_as != previous:
            rows.append({"year": r.year, "kind": "measure", "what": f"measure printed as {r.printed_as} "
                         f"({MEASURE_EN[r.printed_as]}), before: {previous}"})
        previous = r.printed_as
    ch = pkg["spot_check_breakdowns"]
    ch = ch[ch["dimension"] == "channel"].assign(year=lambda d: d["year"].astype(int))
    ch = ch[(ch.year >= first_year) & (ch.year <= last_year)]
    for level, sub in ch.groupby("level"):
        if level == "production":
            continue
        first = int(sub.year.min())
        rows.append({"year": first, "kind": "sampling", "what": f"first bulletin reporting {CHANNEL_EN[level]} samples separately"})
    shares = ch[ch.level == "production"].dropna(subset=["share_batches"]).sort_values("year")
    for a, b in zip(shares.itertuples(), shares.iloc[1:].itertuples()):
        if float(a.share_batches) - float(b.share_batches) >= 10:
            rows.append({"year": b.year, "kind": "sampling", "what": f"share of batches sampled in factories fell from "
                         f"{float(a.share_batches):.1f}% ({a.year}) to {float(b.share_batches):.1f}% ({b.year})"})
    return pd.DataFrame(rows, columns=["year", "kind", "what"]).sort_values(["year", "kind"]).reset_index(drop=True)


def breakdown(pkg: DataPackage, dimension: str, first_year: int, last_year: int) -> pd.DataFrame:
    """Annual breakdown rows of one dimension as non-conformity rates (pass rates converted)."""
    t = pkg["spot_check_breakdowns"]
    t = t[(t["dimension"] == dimension) & (t["release"] == "annual")].copy()
    t["year"] = t["year"].astype(int)
    t = t[(t.year >= first_year) & (t.year <= last_year)]
    t["nonconformity"] = [spotchecks.to_nonconformity(m, r) if not pd.isna(r) else float("nan")
                          for m, r in zip(t["measure"].fillna("nonconformity_rate"), t["rate"])]
    return t[["year", "level", "share_enterprises", "share_batches", "batches", "nonconformity", "source_id"]]


def size_gap(sizes: pd.DataFrame) -> pd.DataFrame:
    """Small-firm rate over large-firm rate, per year where both are printed."""
    wide = sizes.pivot(index="year", columns="level", values="nonconformity")
    wide = wide.dropna(subset=[c for c in ("large", "small") if c in wide])
    return wide.assign(small_to_large=lambda d: d["small"] / d["large"]).reset_index()


def compare_years(nat: pd.DataFrame, year_a: int, year_b: int):
    """Two-proportion z test between two years whose counts are printed (None where counts are missing)."""
    a, b = (nat.set_index("year").loc[y] for y in (year_a, year_b))
    if any(pd.isna(v) for v in (a.batches, a.nonconforming_batches, b.batches, b.nonconforming_batches)):
        return None
    z, p = stats.two_proportion(int(a.nonconforming_batches), int(a.batches), int(b.nonconforming_batches), int(b.batches))
    return {"from": year_a, "to": year_b, "rate_from": 100 * int(a.nonconforming_batches) / int(a.batches),
            "rate_to": 100 * int(b.nonconforming_batches) / int(b.batches), "z": z, "p": p}


def trend(nat: pd.DataFrame, first_year: int, last_year: int):
    known = nat[(nat.status != spotchecks.MISSING) & (nat.year >= first_year) & (nat.year <= last_year)]
    if len(known) < 3:
        return None
    weights = list(known.batches) if known.batches.notna().all() else None
    return stats.glm_trend("national", known.year, known.nonconformity.astype(float), weights)


def answers(nat: pd.DataFrame, sizes: pd.DataFrame, channels: pd.DataFrame, article_year: int = 2018) -> list[str]:
    """Plain sentences answering the notebook's questions, every number taken from the tables."""
    out = []
    known = nat[nat.status != spotchecks.MISSING].set_index("year")
    after = known[known.index > article_year]
    if article_year in known.index and len(after):
        base = float(known.loc[article_year, "nonconformity"])
        lo, hi = after.nonconformity.astype(float).idxmin(), after.nonconformity.astype(float).idxmax()
        last = after.index.max()
        out.append(f"Did the national rate fall after {article_year}? Not lastingly: it was {base:.1f}% in {article_year}; "
                   f"afterwards it ranged from {float(after.loc[lo, 'nonconformity']):.1f}% ({lo}) to "
                   f"{float(after.loc[hi, 'nonconformity']):.1f}% ({hi}), and was {float(after.loc[last, 'nonconformity']):.1f}% "
                   f"in {last}, the latest year published in what we read.")
        tr = trend(nat, article_year, last)
        if tr:
            out.append(f"A quasi-binomial trend over {article_year}-{last} ({tr.weighting}) gives an odds ratio of "
                       f"{tr.odds_ratio_per_year:.3f} per year (95% CI {tr.ci_low:.3f}-{tr.ci_high:.3f}): {tr.direction}.")
    gap = size_gap(sizes)
    if len(gap):
        g = gap.iloc[[0, -1]]
        out.append("Small firms fail far more often than large ones in every year printed: " + "; ".join(
            f"{int(r.year)}: small {r.small:.1f}% vs large {r.large:.1f}% ({r.small_to_large:.1f} times)" for r in g.itertuples()) + ".")
    ch = channels.dropna(subset=["nonconformity"])
    if len(ch):
        latest = int(ch.year.max())
        sub = ch[ch.year == latest].sort_values("nonconformity")
        out.append(f"By where samples were taken ({latest}): " + ", ".join(
            f"{CHANNEL_EN[r.level]} {r.nonconformity:.1f}%" for r in sub.itertuples()) + ".")
        wide = ch.pivot(index="year", columns="level", values="nonconformity")
        others = [c for c in wide.columns if c != "production"]
        both = wide.dropna(subset=["production"]).dropna(subset=others, how="all") if "production" in wide else wide.iloc[0:0]
        higher = [int(y) for y, r in both.iterrows() if all(r[c] > r["production"] for c in others if not pd.isna(r[c]))]
        out.append(f"Samples bought in shops or online failed more often than factory samples in {len(higher)} of the "
                   f"{len(both)} years with both printed ({', '.join(map(str, both.index))}).")
    out.append("The categories the article singles out cannot be followed: the bulletins after 2018 that we could read do not "
               "print the eight categories, only special product groups.")
    out.append("All of this describes targeted samples: the products checked, the share of small firms and the share bought "
               "in shops and online change every year, so a rise can mean sharper targeting as much as worse products.")
    return out
