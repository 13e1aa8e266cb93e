"""The spot-check series beyond the article: national rates to the latest bulletin, with every change of
definition, publisher and sampling that the bulletins themselves record, and the breakdowns they add.

Everything is computed from ``spot_checks.csv`` and ``spot_check_breakdowns.csv``: the change points are read
off the data (the printed name of the measure changes; a sampling channel first appears), not typed here.
"""
from __future__ import annotations

import pandas as pd

from ..presentation import labels
from . import spotchecks, stats
from .figure1 import ARTICLE_YEARS
from .data import DataPackage

NAME = "07_spot_checks_since_2018"
BASE_YEAR = ARTICLE_YEARS[1]   # the article's last year: what "since" compares with

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
    """Small-firm rate over large-firm rate, per year where both are printed (empty when no year has both)."""
    wide = sizes.pivot(index="year", columns="level", values="nonconformity")
    if not {"large", "small"} <= set(wide.columns):
        return pd.DataFrame(columns=["year", "large", "small", "small_to_large"])
    wide = wide.dropna(subset=["large", "small"])
    return wide.assign(small_to_large=lambda d: d["small"] / d["large"]).reset_index()


def compare_years(nat: pd.DataFrame, year_a: int, year_b: int):
    """Two-proportion z test between two years whose counts are printed (None where a year or a count is missing)."""
    table = nat.set_index("year")
    if year_a not in table.index or year_b not in table.index:
        return None
    a, b = table.loc[year_a], table.loc[year_b]
    if any(pd.isna(v) for v in (a.batches, a.nonconforming_batches, b.batches, b.nonconforming_batches)):
        return None
    z, p = stats.two_proportion(int(a.nonconforming_batches), int(a.batches), int(b.nonconforming_batches), int(b.batches))
    return {"from": year_a, "to": year_b, "rate_from": 100 * int(a.nonconforming_batches) / int(a.batches),
            "rate_to": 100 * int(b.nonconforming_batches) / int(b.batches), "z": z, "p": p}


def compare_after(nat: pd.DataFrame, base_year: int) -> list[dict]:
    """:func:`compare_years` between ``base_year`` and every later year of ``nat`` whose counts are printed."""
    return [t for t in (compare_years(nat, base_year, int(y)) for y in sorted(nat.year) if y > base_year) if t]


def trend(nat: pd.DataFrame, first_year: int, last_year: int):
    known = nat[(nat.status != spotchecks.MISSING) & (nat.year >= first_year) & (nat.year <= last_year)]
    if len(known) < 3:
        return None
    weights = list(known.batches) if known.batches.notna().all() else None
    return stats.glm_trend("national", known.year, known.nonconformity.astype(float), weights)


def after_article(nat: pd.DataFrame, base_year: int) -> dict | None:
    """The national rate after ``base_year`` against its value that year; ``fell`` says in how many later years it
    was lower: 'all', 'some' or 'none'. None when the selection lacks the base year or any later year."""
    known = nat[nat.status != spotchecks.MISSING].set_index("year")
    after = known[known.index > base_year].nonconformity.astype(float)
    if base_year not in known.index or after.empty:
        return None
    base = float(known.loc[base_year, "nonconformity"])
    below = int((after.round(1) < round(base, 1)).sum())
    return {"base_year": base_year, "base": base, "after": len(after), "below": below,
            "fell": "all" if below == len(after) else "none" if below == 0 else "some",
            "lo": float(after.min()), "lo_year": int(after.idxmin()), "hi": float(after.max()), "hi_year": int(after.idxmax()),
            "last": float(after.iloc[-1]), "last_year": int(after.index[-1])}


def size_years(sizes: pd.DataFrame) -> dict:
    """Years in which small firms' rate exceeded large firms', out of the years printing both."""
    gap = size_gap(sizes)
    higher = [int(r.year) for r in gap.itertuples() if r.small > r.large]
    return {"years": [int(y) for y in gap.year], "small_higher": higher,
            "every": bool(len(gap)) and len(higher) == len(gap)}


def channel_years(channels: pd.DataFrame) -> dict:
    """Years in which every shop or online rate exceeded the factory rate, out of the years printing both."""
    ch = channels.dropna(subset=["nonconformity"])
    wide = ch.pivot(index="year", columns="level", values="nonconformity")
    others = [c for c in wide.columns if c != "production"]
    if "production" not in wide or not others:
        return {"years": [], "higher": []}
    both = wide.dropna(subset=["production"]).dropna(subset=others, how="all")
    higher = [int(y) for y, r in both.iterrows() if all(r[c] > r["production"] for c in others if not pd.isna(r[c]))]
    return {"years": [int(y) for y in both.index], "higher": higher}


def batch_range(nat: pd.DataFrame) -> tuple[int, int] | None:
    b = nat.batches.dropna()
    return (int(b.min()), int(b.max())) if len(b) else None


def header(p) -> str:
    from ..presentation import narrative

    return narrative.t("ls_title", p.lang, first=p.first_year, last=p.last_year)


def _f(x: float) -> str:
    return f"{float(x):.1f}"


def tests_intro(nat: pd.DataFrame, tests: list[dict], base_year: int, lang: str) -> str:
    from ..presentation import narrative

    if not tests:
        return narrative.t("ls_tests_none", lang, base_year=base_year)
    low, high = batch_range(nat[nat.year.isin([base_year] + [t["to"] for t in tests])])
    return narrative.t("ls_tests_intro", lang, base_year=base_year, n_low=f"{low:,}", n_high=f"{high:,}")


def answers(nat: pd.DataFrame, sizes: pd.DataFrame, channels: pd.DataFrame, base_year: int = BASE_YEAR, lang: str = "en") -> list[str]:
    """Plain sentences answering the notebook's questions; every number and judging word computed here."""
    from ..presentation import narrative

    first, last = int(nat.year.min()), int(nat.year.max())
    out = []
    a = after_article(nat, base_year)
    if a is None:
        out.append(narrative.t("ls_no_base", lang, first=first, last=last, base_year=base_year))
    else:
        out.append(narrative.t("ls_fall_" + a["fell"], lang, **{**a, **{k: _f(a[k]) for k in ("base", "lo", "hi", "last")}}))
        tr = trend(nat, base_year, a["last_year"])
        if tr:
            key = {"rising": "trend_rising", "falling": "trend_falling"}.get(tr.direction, "trend_none")
            weighting = narrative.t("weight_batches" if tr.weighting.startswith("weighted") else "weight_equal", lang)
            out.append(narrative.t("ls_trend", lang, first=base_year, last=a["last_year"], weighting=weighting,
                                   or_=f"{tr.odds_ratio_per_year:.3f}", lo=f"{tr.ci_low:.3f}", hi=f"{tr.ci_high:.3f}",
                                   direction=narrative.t(key, lang)))
    gap = size_gap(sizes)
    sy = size_years(sizes)
    if len(gap):
        g = gap.iloc[[0, -1]] if len(gap) > 1 else gap
        examples = "; ".join(narrative.t("ls_size_item", lang, year=int(r.year), small=_f(r.small), large=_f(r.large),
                                         ratio=_f(r.small_to_large)) for r in g.itertuples())
        if sy["every"]:
            out.append(narrative.t("ls_size", lang, when=narrative.t("when_every", lang, n=len(gap)), examples=examples))
        else:
            out.append(narrative.t("ls_size_other", lang, k=len(sy["small_higher"]), n=len(gap), examples=examples))
    else:
        out.append(narrative.t("ls_size_none", lang))
    ch = channels.dropna(subset=["nonconformity"])
    if len(ch):
        latest = int(ch.year.max())
        sub = ch[ch.year == latest].sort_values("nonconformity")
        names = {lvl: (CHANNEL_EN[lvl] if lang == "en" else labels.text("channel_" + lvl, lang)) for lvl in sub.level}
        out.append(narrative.t("ls_channels", lang, year=latest, items=narrative.sep(lang).join(
            f"{names[r.level]} {_f(r.nonconformity)}%" for r in sub.itertuples())))
        cy = channel_years(channels)
        if cy["years"]:
            out.append(narrative.t("ls_channels_higher", lang, k=len(cy["higher"]), n=len(cy["years"]),
                                   years=narrative.sep(lang).join(map(str, cy["years"]))))
    else:
        out.append(narrative.t("ls_channels_none", lang))
    if last > base_year:
        out.append(narrative.t("ls_categories", lang, year=base_year))
    out.append(narrative.t("ls_targeted", lang))
    return out


def _records(table: pd.DataFrame, cols: list[str]) -> list[dict]:
    return table[cols].astype(object).where(table[cols].notna(), None).to_dict("records")


def results_payload(p, pkg, nat: pd.DataFrame, points: pd.DataFrame, tests: list[dict], answers_: list[str],
                    sizes: pd.DataFrame | None = None, channels: pd.DataFrame | None = None, paths=()) -> dict:
    """Every number notebook 07 checked (and every number its sentences state), for results/07_*.json."""
    out = {"notebook": NAME, "parameters": {"first_year": p.first_year, "last_year": p.last_year, "lang": p.lang},
           "national": _records(nat, ["year", "status", "nonconformity", "printed_as", "batches", "nonconforming_batches"]),
           "change_points": points.to_dict("records"), "two_proportion_tests": tests,
           "after_article": after_article(nat, BASE_YEAR), "answers": answers_}
    if paths:
        from ..presentation import plotting

        drawn = {"spot_checks": nat[nat.status != spotchecks.MISSING]}
        if sizes is not None and channels is not None:
            drawn["spot_check_breakdowns"] = pd.concat([sizes, channels])
        out["figures"] = [plotting.figure_record([path], pkg, drawn) for path in paths]
    if sizes is not None:
        out["size_gap"] = _records(size_gap(sizes), ["year", "large", "small", "small_to_large"])
        out["size_years"] = size_years(sizes)
    if channels is not None:
        out["channels"] = _records(channels, ["year", "level", "share_batches", "batches", "nonconformity", "source_id"])
        out["channel_years"] = channel_years(channels)
    return out
