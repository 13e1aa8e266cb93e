"""The spot-check series beyond the article: national rates to the latest bulletin, with every change of
definition, publisher and sampling that the bulletins themselves record, and the breakdowns they add.

Everything is computed from ``spot_checks.csv`` and ``spot_check_breakdowns.csv``: the change points are read
off the data (the printed name of the measure changes; a sampling channel first appears), not typed here.
"""
from __future__ import annotations

import pandas as pd

from ..build.results import records
from ..presentation import tables, text
from ..presentation.text import say, word
from . import relations, spotchecks, stats
from .figure1 import ARTICLE_YEARS
from .data import DataPackage

NAME = "07_spot_checks_since_2018"
BASE_YEAR = ARTICLE_YEARS[1]   # the article's last year: what "since" compares with

SHARE_DROP_PP = 10   # a fall of at least this many points in the factory share of batches is a change of sampling


def level_names(pkg: DataPackage, dimension: str, lang: str) -> dict[str, str]:
    """Level code -> name of one breakdown dimension (data/breakdown_levels.csv), in ``lang``."""
    levels = pkg["breakdown_levels"]
    levels = levels[levels["dimension"] == dimension]
    return dict(zip(levels["level"], levels["name_zh" if lang == "zh" else "name_en"]))


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
    """Years in which the bulletins change what they measure or how they sample, read off the data: ``event``
    names what changed (the text row ``cp.<event>``), ``fields`` the values that say it."""
    rows = []
    nat = national(pkg, first_year, last_year).dropna(subset=["printed_as"]).sort_values("year")
    previous = None
    for r in nat.itertuples():
        if previous is not None and r.printed_as != previous:
            rows.append({"year": r.year, "kind": "measure", "event": "measure",
                         "fields": {"printed_as": r.printed_as, "before": previous}})
        previous = r.printed_as
    ch = pkg["spot_check_breakdowns"]
    ch = ch[ch["dimension"] == "channel"].assign(year=lambda d: d["year"].astype(int))
    ch = ch[(ch.year >= first_year) & (ch.year <= last_year)]
    for level, sub in ch.groupby("level"):
        if level == "production":
            continue
        rows.append({"year": int(sub.year.min()), "kind": "sampling", "event": "first_channel", "fields": {"level": level}})
    shares = ch[ch.level == "production"].dropna(subset=["share_batches"]).sort_values("year")
    for a, b in zip(shares.itertuples(), shares.iloc[1:].itertuples()):
        if float(a.share_batches) - float(b.share_batches) >= SHARE_DROP_PP:
            rows.append({"year": b.year, "kind": "sampling", "event": "share_fell",
                         "fields": {"from": float(a.share_batches), "from_year": int(a.year),
                                    "to": float(b.share_batches), "to_year": int(b.year)}})
    return pd.DataFrame(rows, columns=["year", "kind", "event", "fields"]).sort_values(["year", "kind", "event"],
                                                                                      kind="stable").reset_index(drop=True)


def measure_label(pkg: DataPackage, printed_as: str, lang: str) -> str:
    """A measure's printed name, with our English beside it in English ('抽查合格率 (pass rate (AQSIQ))')."""
    return printed_as if lang == "zh" else text.t("printed_and_ours", lang, printed=printed_as,
                                                   ours=text.term(pkg["terms"], "measure", printed_as, "en"))


def change_text(point, pkg: DataPackage, lang: str) -> str:
    """One change point in words."""
    f = dict(point.fields)
    if point.event == "measure":
        f = {"label": measure_label(pkg, f["printed_as"], lang), "before_label": measure_label(pkg, f["before"], lang)}
    elif point.event == "first_channel":
        f["channel"] = level_names(pkg, "channel", lang).get(f["level"], f["level"])
    elif point.event == "share_fell":
        f.update({"from": f"{f['from']:.1f}", "to": f"{f['to']:.1f}"})
    return text.t(f"cp.{point.event}", lang, **f)


def change_points_table(points: pd.DataFrame, pkg: DataPackage, lang: str) -> tables.Table:
    shown = points.assign(what=[change_text(r, pkg, lang) for r in points.itertuples()])
    return tables.for_people(shown, lang, columns=["year", "kind", "what"], formats={"year": "year", "kind": "key:change"})


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
        return pd.DataFrame(columns=["year", "large", "medium", "small", "small_to_large"])
    wide = wide.dropna(subset=["large", "small"])
    if "medium" not in wide:
        wide["medium"] = float("nan")
    out = wide.assign(small_to_large=lambda d: d["small"] / d["large"]).reset_index()
    return out[["year", "large", "medium", "small", "small_to_large"]]


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


def compare_after(nat: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """:func:`compare_years` between ``base_year`` and every later year of ``nat`` whose counts are printed."""
    rows = [t for t in (compare_years(nat, base_year, int(y)) for y in sorted(nat.year) if y > base_year) if t]
    return pd.DataFrame(rows, columns=["from", "to", "rate_from", "rate_to", "z", "p"])


def trend(nat: pd.DataFrame, first_year: int, last_year: int):
    known = nat[(nat.status != spotchecks.MISSING) & (nat.year >= first_year) & (nat.year <= last_year)]
    if len(known) < 3:
        return None
    weights = list(known.batches) if known.batches.notna().all() else None
    return stats.glm_trend("national", known.year, known.nonconformity.astype(float), weights)


def after_article(nat: pd.DataFrame, base_year: int) -> dict | None:
    """The national rate after ``base_year`` against its value that year; ``fell`` says in how many later years it
    was lower (as printed, to one decimal): a share's key, 'all', 'some' or 'none'. None when the selection lacks
    the base year or any later year."""
    known = nat[nat.status != spotchecks.MISSING].set_index("year")
    after = known[known.index > base_year].nonconformity.astype(float)
    if base_year not in known.index or after.empty:
        return None
    base = float(known.loc[base_year, "nonconformity"])
    below = sum(relations.compare(v, base).key == "lower" for v in after)
    return {"base_year": base_year, "base": base, "after": len(after), "below": below,
            "fell": relations.share(below, len(after)).key,
            "lo": float(after.min()), "lo_year": int(after.idxmin()), "hi": float(after.max()), "hi_year": int(after.idxmax()),
            "last": float(after.iloc[-1]), "last_year": int(after.index[-1])}


def size_years(sizes: pd.DataFrame) -> dict:
    """Years in which small firms' rate exceeded large firms' (as printed, to one decimal), out of the years
    printing both."""
    gap = size_gap(sizes)
    higher = [int(r.year) for r in gap.itertuples() if relations.compare(r.small, r.large).key == "higher"]
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
    higher = [int(y) for y, r in both.iterrows()
              if all(relations.compare(r[c], r["production"]).key == "higher" for c in others if not pd.isna(r[c]))]
    return {"years": [int(y) for y in both.index], "higher": higher}


def batch_range(nat: pd.DataFrame) -> tuple[int, int] | None:
    b = nat.batches.dropna()
    return (int(b.min()), int(b.max())) if len(b) else None


def category_rows_after(pkg: DataPackage, base_year: int, last_year: int) -> int:
    """How many category rows the spot-check table holds for the years after ``base_year`` up to ``last_year``."""
    t = pkg["spot_checks"]
    years = t["year"].astype(int)
    return int(((t["scope"] == "category") & (years > base_year) & (years <= last_year)).sum())


def header(p) -> str:
    return text.t("ls_title", p.lang, years=text.span(p.first_year, p.last_year, p.lang))


# ---------------------------------------------------------------------------------------------------------
# Tables for people
# ---------------------------------------------------------------------------------------------------------
def national_table(nat: pd.DataFrame, pkg: DataPackage, lang: str) -> tables.Table:
    measures = {p: measure_label(pkg, p, lang) for p in nat["printed_as"].dropna().unique()}
    return tables.for_people(nat, lang, columns=["year", "status", "nonconformity", "printed_as", "batches",
                                                 "nonconforming_batches", "source_id"],
                             formats={"year": "year", "status": "key:status", "nonconformity": "pct1",
                                      "printed_as": measures, "batches": "count", "nonconforming_batches": "count"})


def size_table(sizes: pd.DataFrame, lang: str) -> tables.Table:
    return tables.for_people(size_gap(sizes), lang, formats={"year": "year", "large": "pct1", "medium": "pct1",
                                                             "small": "pct1", "small_to_large": "dec1"})


def channels_table(channels: pd.DataFrame, pkg: DataPackage, lang: str) -> tables.Table:
    return tables.for_people(channels, lang, columns=["year", "level", "share_batches", "batches", "nonconformity",
                                                      "source_id"],
                             formats={"year": "year", "level": level_names(pkg, "channel", lang), "share_batches": "pct1",
                                      "batches": "count", "nonconformity": "pct1"})


def tests_table(tests: pd.DataFrame, lang: str) -> tables.Table:
    return tables.for_people(tests, lang, formats={"from": "year", "to": "year", "rate_from": "pct2", "rate_to": "pct2",
                                                   "z": "dec2", "p": "pvalue"})


# ---------------------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------------------
def tests_intro(nat: pd.DataFrame, tests: pd.DataFrame, base_year: int, lang: str) -> str:
    if not len(tests):
        return text.t("ls_tests_none", lang, base_year=base_year)
    low, high = batch_range(nat[nat.year.isin([base_year] + list(tests["to"]))])
    return text.t("ls_tests_intro", lang, base_year=base_year, batches=text.span(f"{low:,}", f"{high:,}", lang,
                                                                                  key="range_words"))


def answers(nat: pd.DataFrame, sizes: pd.DataFrame, channels: pd.DataFrame, base_year: int = BASE_YEAR, lang: str = "en",
            channel_names: dict[str, str] | None = None, categories_after: int | None = None) -> list[text.Sentence]:
    """Plain sentences answering the notebook's questions; every number and relation word computed here.
    ``channel_names``: level -> name (:func:`level_names`); ``categories_after``: :func:`category_rows_after`."""
    first, last = int(nat.year.min()), int(nat.year.max())
    out = []
    a = after_article(nat, base_year)
    if a is None:
        out.append(say("ls_no_base", lang, years=text.span(first, last, lang), base_year=base_year))
    else:
        fell = relations.share(a["below"], a["after"])
        counts = {"k": a["below"], "n": a["after"]} if fell.key == "some" else {}
        out.append(say("ls_fall", lang, {"answer": word(fell, "fall_answer"), "count": word(fell, "fall_count", **counts)},
                       one=a["after"] == 1, base_year=base_year, last_year=a["last_year"], lo_year=a["lo_year"],
                       hi_year=a["hi_year"], **{k: text.fixed(a[k]) for k in ("base", "last", "lo", "hi")}))
        tr = trend(nat, base_year, a["last_year"])
        if tr:
            lo, hi = f"{tr.ci_low:.3f}", f"{tr.ci_high:.3f}"
            weighting = text.t("weighting.batches" if tr.weighting.startswith("weighted") else "weighting.equal", lang)
            out.append(say("ls_trend", lang, {"direction": word(relations.position(1.0, tr.ci_low, tr.ci_high), "trend",
                                                                low=lo, high=hi)},
                           years=text.span(base_year, a["last_year"], lang), weighting=weighting,
                           or_=f"{tr.odds_ratio_per_year:.3f}", lo=lo, hi=hi))
    gap = size_gap(sizes)
    sy = size_years(sizes)
    if len(gap):
        g = gap.iloc[[0, -1]] if len(gap) > 1 else gap
        examples = text.t("list.semicolon", lang).join(
            text.t("ls_size_item", lang, year=int(r.year), small=text.fixed(r.small), large=text.fixed(r.large),
                   ratio=text.fixed(r.small_to_large))
            for r in g.itertuples())
        rel = relations.share(len(sy["small_higher"]), len(gap))
        out.append(say("ls_size", lang, {"when": word(rel, "size_years", n=len(gap),
                                                       **({"k": rel.values["k"]} if rel.key == "some" else {}))},
                       examples=examples))
    else:
        out.append(say("ls_size_none", lang))
    ch = channels.dropna(subset=["nonconformity"])
    names = channel_names or {}
    if len(ch):
        latest = int(ch.year.max())
        sub = ch[ch.year == latest].sort_values("nonconformity")
        out.append(say("ls_channels", lang, year=latest, items=text.join(
            [text.t("name_pct", lang, name=names.get(r.level, r.level), value=text.fixed(r.nonconformity))
             for r in sub.itertuples()], lang)))
        cy = channel_years(channels)
        if cy["years"]:
            rel = relations.share(len(cy["higher"]), len(cy["years"]))
            out.append(say("ls_channels_higher", lang,
                           {"when": word(rel, "channel_years", n=len(cy["years"]),
                                         **({"k": rel.values["k"]} if rel.key == "some" else {}))},
                           years=text.join(cy["years"], lang)))
    else:
        out.append(say("ls_channels_none", lang))
    if last > base_year and categories_after == 0:
        out.append(say("ls_categories", lang, year=base_year))
    out.append(say("ls_targeted", lang))
    return out


def results_payload(p, pkg: DataPackage, nat: pd.DataFrame, points: pd.DataFrame, tests: pd.DataFrame,
                    answers_: list, sizes: pd.DataFrame | None = None, channels: pd.DataFrame | None = None,
                    paths=()) -> dict:
    """Every number notebook 07 checked (and every number its sentences state, with their relations), for
    results/07_*.json."""
    out = {"notebook": NAME, "parameters": {"first_year": p.first_year, "last_year": p.last_year, "lang": p.lang},
           "national": records(nat[["year", "status", "nonconformity", "printed_as", "batches", "nonconforming_batches"]]),
           "change_points": [{"year": int(r.year), "kind": r.kind, "what": change_text(r, pkg, "en")}
                             for r in points.itertuples()],
           "two_proportion_tests": records(tests),
           "after_article": after_article(nat, BASE_YEAR), "answers": [str(a) for a in answers_],
           "relations": text.records(answers_)}
    if paths:
        from ..presentation import plotting

        drawn = {"spot_checks": nat[nat.status != spotchecks.MISSING]}
        if sizes is not None and channels is not None:
            drawn["spot_check_breakdowns"] = pd.concat([sizes, channels])
        out["figures"] = [plotting.figure_record([path], pkg, drawn) for path in paths]
    if sizes is not None:
        out["size_gap"] = records(size_gap(sizes)[["year", "large", "small", "small_to_large"]])
        out["size_years"] = size_years(sizes)
    if channels is not None:
        out["channels"] = records(channels[["year", "level", "share_batches", "batches", "nonconformity", "source_id"]])
        out["channel_years"] = channel_years(channels)
    return out
