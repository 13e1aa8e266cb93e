# %% [markdown] tags=["en"]
# # Figure 1 of the article, rebuilt from the spot-check bulletins
#
# **Question.** The article's only figure (its Figure 1, in section 3) plots, year by year, the share of non-conforming batches found in each product category of China's national product-quality supervision spot checks (产品质量国家监督抽查). Can that figure be rebuilt from the published bulletins, and what do the bulletins support?
#
# **What we have of the article's figure.** Our pages hold the figure's caption, not its plotted values: no number of the article's plot can be read, and none is typed here. The rebuild therefore stands beside the bulletins, which we read, and is checked against them; it is not, and cannot be, compared with the article's plot. The caption as printed is written out below by the code.
#
# **Data.** `data/spot_checks.csv`, transcribed from the annual results announced by 国家质检总局 (AQSIQ, which printed a pass rate) and, after the reorganisation, by 市场监管总局 (SAMR, which prints a non-conformity rate), read through reposts and news reports; each row names its page in `data/sources.csv`. A rate that a later release implies through its printed change ("down so many points on the year before") is derived below, in the open, never typed in. Cells that no source gives stay empty.
#
# Back to the [claims ledger](00_claims_ledger.ipynb) · data descriptor: [`data/datapackage.json`](../data/datapackage.json)

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy: ../zh/01_figure1_spot_checks.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本：../en/01_figure1_spot_checks.ipynb

# %% tags=["parameters"]
first_year: int = 2014          # first year shown and checked (by default the span of the article's Figure 1)
last_year: int = 2018           # last year shown and checked
categories: "Union[str, list]" = "all"  # codes of data/categories.csv (or their Chinese names), as a list or "a,b"; "all": every one
lang: str = COPY_LANGUAGE                # "en" or "zh": sentences, table headers and figure text
data_dir: str = "data"          # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"    # where figures go; a scratch folder when other parameters differ from the defaults
results_dir: str = "results"    # where the results file goes; likewise

# %%
from compendium import params

p = params.Figure1.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, plotting, relations, results, stats, tables, text, verdicts
from compendium.printed import half_unit
from statsmodels.stats.proportion import proportion_confint

pd.set_option("display.max_colwidth", None)
pkg = data.load(p.data_dir, "spot_checks", "terms", "claims", "claim_names")   # with the tables these refer to
spot, spot_text = pkg["spot_checks"], pkg.text["spot_checks"]                   # typed, and as printed
categories = pkg["categories"].sort_values("order")
selected = params.selected("categories", p.categories, dict(zip(categories["code"], categories["code"]))
                           | dict(zip(categories["name_zh"], categories["code"])))
params.years_within(p, int(spot["year"].min()), int(spot["year"].max()))
names = text.category_names(categories, p.lang)   # 'national' and each category code, in order
ARTICLE_YEARS = (2014, 2018)                      # the years of the article's Figure 1 (its caption names them)
years = list(range(p.first_year, p.last_year + 1))
scopes = ["national", *selected]
drawn = relations.share(len(selected), len(categories))        # all, or some of the categories: the title says which
chosen = text.join([names[c] for c in selected], p.lang) if drawn.key == "some" and len(selected) <= 2 else \
    text.say("f1_cats", p.lang, {"cats": text.word(drawn, "cats")})
shown_years = text.span(p.first_year, p.last_year, p.lang)
text.show(text.t("f1_title", p.lang, years=shown_years, cats=chosen),
          text.t("f1_span_same", p.lang, years=shown_years) if (p.first_year, p.last_year) == ARTICLE_YEARS else
          text.t("f1_span_other", p.lang, article=text.span(*ARTICLE_YEARS, p.lang), years=shown_years),
          text.t("f1_caption_only", p.lang, caption=text.t("article_figure1_caption", p.lang,
                                                             years=text.span(*ARTICLE_YEARS, "zh"))))


# %% [markdown] tags=["en"]
# ## Rates printed, and rates derived from printed changes
#
# AQSIQ printed a pass rate, SAMR prints a non-conformity rate: as non-conformity, a pass rate *r* is 100 − *r*. A printed number carries its rounding: it stands for anything within half a unit of its last digit, either way.
#
# A release that prints a rate and its change on an earlier year implies that year's rate: earlier = rate − change, in the measure printed. A change in pass rate moves non-conformity the other way, so as non-conformity the earlier rate is the later one *plus* the printed change. A release that prints only a change uses its year's rate as known from elsewhere (printed, or derived first); a year that prints only its change on a known earlier year is that year's rate plus the change. Each step adds the rounding of the change it uses. The loop below repeats until no new cell appears.

# %%
def nonconformity(measure, rate):
    return rate if measure == "nonconformity_rate" else 100 - rate


def release(row):
    return {"year": int(row["year"]), "release": row["release"], "no": None if pd.isna(row["release_no"]) else int(row["release_no"])}


def scope_of(row):
    return "national" if row["scope"] == "national" else row["category"]


# Rates printed in annual results.
cells = {}   # (scope, year) -> the cell used for that year
printed_cells = []
for i, r in spot[spot["rate"].notna() & (spot["release"] == "annual")].iterrows():
    cell = {"scope": scope_of(r), "year": int(r["year"]), "status": "printed",
            "nonconformity": round(nonconformity(r["measure"], float(r["rate"])), 6),
            "margin": half_unit(spot_text.at[i, "rate"]), "batches": r["batches"],
            "nonconforming_batches": r["nonconforming_batches"], "sources": [r["source_id"]], "from_annual": True,
            "basis": {"kind": "printed", "release": release(r)}}
    printed_cells.append(cell)
    cells[(cell["scope"], cell["year"])] = cell

# Rates derived from printed changes, until nothing new can be derived.
derived_cells, done = [], set()
changes = spot[spot["change_pp"].notna()]
while True:
    new = 0
    for i, r in changes.iterrows():
        if i in done:
            continue
        scope, change = scope_of(r), float(r["change_pp"])
        change_nc = change if r["measure"] == "nonconformity_rate" else -change   # the change as non-conformity
        margin = half_unit(spot_text.at[i, "change_pp"])
        words = {"measure": r["measure"], "change": spot_text.at[i, "change_pp"]}
        if not pd.isna(r["rate"]):                                      # this release prints its own rate
            later = {"nonconformity": nonconformity(r["measure"], float(r["rate"])), "sources": [],
                     "margin": half_unit(spot_text.at[i, "rate"]), "from_annual": r["release"] == "annual",
                     "basis": {"kind": "rate", "release": release(r), "measure": r["measure"], "rate": spot_text.at[i, "rate"]}}
        elif r["release"] == "annual" and (scope, int(r["year"])) in cells:   # its year's rate is known
            later = cells[(scope, int(r["year"]))] | {"from_annual": False}
        elif r["release"] == "annual" and (scope, int(r["change_vs"])) in cells:   # forward from a known earlier year
            earlier = cells[(scope, int(r["change_vs"]))]
            cell = {"scope": scope, "year": int(r["year"]), "status": "derived",
                    "nonconformity": round(earlier["nonconformity"] + change_nc, 6),
                    "margin": round(earlier["margin"] + margin, 6), "batches": pd.NA, "nonconforming_batches": pd.NA,
                    "sources": [*earlier["sources"], r["source_id"]], "source_id": r["source_id"], "from_annual": False,
                    "basis": {"kind": "forward", "base": earlier["basis"], **words}}
            derived_cells.append(cell)
            cells.setdefault((scope, cell["year"]), cell)
            done.add(i)
            new += 1
            continue
        else:
            continue
        cell = {"scope": scope, "year": int(r["change_vs"]), "status": "derived",
                "nonconformity": round(later["nonconformity"] - change_nc, 6),
                "margin": round(later["margin"] + margin, 6), "batches": pd.NA, "nonconforming_batches": pd.NA,
                "sources": [*later["sources"], r["source_id"]], "source_id": r["source_id"],
                "from_annual": later["from_annual"], "basis": {"kind": "back", "base": later["basis"], **words}}
        derived_cells.append(cell)
        cells.setdefault((scope, cell["year"]), cell)
        done.add(i)
        new += 1
    if not new:
        break
derived = pd.DataFrame(derived_cells)
print(f"{len(printed_cells)} rates printed in annual results; {len(derived)} derived from printed changes")

# %% [markdown] tags=["en"]
# ## The figure's cells
#
# Each category and year of the selection takes the printed rate if there is one, else a derived one (one based on annual results before one based on a part-year release), else stays missing.

# %%
printed = pd.DataFrame(printed_cells)
grid = []
for scope in scopes:
    for year in years:
        mine = printed[(printed["scope"] == scope) & (printed["year"] == year)]
        options = derived[(derived["scope"] == scope) & (derived["year"] == year)] if len(derived) else derived
        if len(mine):
            grid.append(mine.iloc[0].to_dict())
        elif len(options):
            grid.append(options.assign(partial=~options["from_annual"].astype(bool))
                        .sort_values(["partial", "source_id"]).iloc[0].to_dict())
        else:
            grid.append({"scope": scope, "year": year, "status": "missing", "sources": []})
grid = pd.DataFrame(grid)[["scope", "year", "status", "nonconformity", "margin", "batches", "nonconforming_batches",
                           "sources", "basis"]]
categories_grid = grid[grid["scope"] != "national"]
coverage = {s: int((categories_grid["status"] == s).sum()) for s in ("printed", "derived", "missing")}


def how(basis):
    """How a cell's rate was found, in words."""
    if basis["kind"] in ("printed", "rate"):
        r = basis["release"]
        label = text.t(f"release.{r['release']}", p.lang, year=r["year"], no=r["no"])
        return text.t("basis.printed", p.lang, release=label) if basis["kind"] == "printed" else \
            text.t("basis.rate", p.lang, release=label, measure=text.t(f"measure.{basis['measure']}", p.lang), rate=basis["rate"])
    return text.t(f"basis.{basis['kind']}", p.lang, base=how(basis["base"]), change=basis["change"],
                  measure=text.t(f"measure.{basis['measure']}", p.lang))


title = text.t("figure1_title", p.lang, years=shown_years, cats=chosen)
known_margins = grid.loc[grid["status"] == "derived", "margin"].astype(float)
text.show(text.t("f1_margins", p.lang, margins=text.span(f"±{known_margins.min():.2f}", f"±{known_margins.max():.2f}",
                                                         p.lang, key="range_words"))
          if len(known_margins) else text.t("f1_margins_none", p.lang))

# %% [markdown] tags=["en"]
# ## The figure
#
# Filled markers are rates printed by a source; open markers are rates derived from a printed rate and its printed change. A line is drawn only between two consecutive known years, so a gap means that no source was found for that year. The dashed grey line is the national rate over all categories. Each category keeps its own colour whichever categories a run selects.

# %%
figure = plotting.figure1(grid, {s: names[s] for s in scopes}, list(categories["code"]), years, title, p.lang)
saved = plotting.save(figure, p.figures_dir, "figure1", formats=("png", "svg"))
plotting.show_saved(saved[0], alt=text.t("figure1_alt", p.lang, title=title, **coverage))

# %% [markdown] tags=["en"]
# ## Values behind the figure
#
# Non-conformity rate (% of batches), by category and year; `*` marks a derived value, an empty cell a value no source gave.

# %%
values = grid.assign(cell=[("" if r.status == "missing" else f"{r.nonconformity:.1f}" + ("*" if r.status == "derived" else ""))
                           for r in grid.itertuples()])
wide = values.pivot(index="scope", columns="year", values="cell").reindex(scopes)
tables.Table(pd.DataFrame({tables.header("category", p.lang): [names[s] for s in wide.index],
                           **{str(y): list(wide[y]) for y in wide.columns}}))

# %% [markdown] tags=["en"]
# ### Coverage of the category-year cells
#
# Which of the cells are printed in a source, derived from a printed change, or missing.

# %%
statuses = categories_grid.pivot(index="scope", columns="year", values="status").reindex(selected)
tables.Table(pd.DataFrame({tables.header("category", p.lang): [names[s] for s in statuses.index],
                           **{str(y): [text.t(f"status.{v}", p.lang) for v in statuses[y]] for y in statuses.columns}}))

# %% [markdown] tags=["en"]
# **What was looked for where a cell is missing.** For every category and year: the category paragraph of the annual announcement (质检总局 announcements such as 2016年第12号 and 2018年第8号; 市场监管总局 2019年第19号), reprints of single category paragraphs on trade sites (textiles, appliances, building materials, fertiliser, electrical, packaging), and part-year and batch releases that state a category's change against the previous full year. The stored copies of the full announcements stop before most category paragraphs, so the cells the coverage table marks missing remain missing. Nothing is estimated to fill them.
#
# Every known cell, with how it was found, its rounding margin and every source its value rests on: for a derived value, the release that printed the later rate and each release whose printed change it uses.

# %%
known = grid[grid["status"] != "missing"]
tables.for_people(known.assign(basis_text=[how(b) for b in known["basis"]], margin_pp=known["margin"],
                               source_ids=[", ".join(s) for s in known["sources"]]),
                  p.lang, columns=["scope", "year", "status", "nonconformity", "margin_pp", "basis_text", "source_ids"],
                  formats={"scope": names, "year": "year", "status": "key:status", "nonconformity": 1,
                           "margin_pp": lambda m: f"±{float(m):.2f}"})

# %% [markdown] tags=["en"]
# **Where these values were read.** The kind of site that holds each page a cell rests on (the `outlet` and `unrelated_domain` columns of `data/sources.csv`); a page on a site unrelated to its content is kept only where no better copy was found (`verification/source_searches.csv`).

# %%
text.show(*ledger.where_read(known["sources"].explode(), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ### Printed and derived values that meet
#
# Where a rate of the selection is both printed and implied by a later change, the two must agree within the rounding of the printed numbers (the sum of both margins). A disagreement would point to a transcription error or to releases that contradict each other.

# %%
meet = derived.merge(printed[["scope", "year", "nonconformity", "margin"]], on=["scope", "year"], suffixes=("", "_printed")) \
    if len(derived) else pd.DataFrame(columns=["scope", "year"])
meet = meet[meet["scope"].isin(scopes) & meet["year"].isin(years)].reset_index(drop=True)
meet["allowed"] = (meet["margin"] + meet["margin_printed"]).round(6) if len(meet) else []
meet["agreement"] = [relations.position(r.nonconformity_printed, r.nonconformity - r.allowed - 1e-9,
                                        r.nonconformity + r.allowed + 1e-9).key for r in meet.itertuples()]
tables.for_people(meet.assign(printed=meet.get("nonconformity_printed"), derived=meet.get("nonconformity"),
                              basis_text=[how(b) for b in meet["basis"]] if len(meet) else []),
                  p.lang, columns=["scope", "year", "printed", "derived", "allowed", "agreement", "basis_text"],
                  formats={"scope": names, "year": "year", "printed": 1, "derived": 1, "allowed": lambda m: f"±{float(m):.2f}",
                           "agreement": "key:agreement"})

# %% [markdown] tags=["en"]
# ## The national series
#
# National totals as printed: what was checked each year, then the rate in the measure each publisher used and the same rate as non-conformity.

# %%
national = spot[(spot["scope"] == "national") & (spot["release"] == "annual") & spot["year"].between(p.first_year, p.last_year)]
national = national.assign(nonconformity=[nonconformity(m, r) if not pd.isna(r) else pd.NA
                                          for m, r in zip(national["measure"], national["rate"])]).sort_values("year")
tables.for_people(national, p.lang, columns=["year", "kinds", "enterprises", "batches", "nonconforming_batches"],
                  formats={"year": "year"})

# %%
tables.for_people(national, p.lang, columns=["year", "printed_as", "rate", "change_pp", "change_vs", "nonconformity", "source_id"],
                  formats={"year": "year", "printed_as": lambda v: text.term(pkg["terms"], "measure", v, p.lang), "rate": 1,
                           "change_pp": 1, "change_vs": "year", "nonconformity": 1})

# %% [markdown] tags=["en"]
# ## How uncertain are these rates?
#
# **Spot checks are not random samples**: they target products and firms with known risks, and the mix changes every year. A Wilson interval describes only the binomial noise of one year's checked batches; it is not a margin of error for the quality of all products on the market. Where only the rate is printed, the count of non-conforming batches is taken as rate × batches. With the thousands of batches checked per category and year, Wilson's interval is close to the exact (Clopper-Pearson) one: the sentence above the table says how close, for these counts.

# %%
intervals = known[known["status"].eq("printed") & known["batches"].notna()].copy()
counts = [r.nonconforming_batches if not pd.isna(r.nonconforming_batches) else r.nonconformity / 100 * r.batches
          for r in intervals.itertuples()]
bounds = [stats.wilson(k, int(n)) for k, n in zip(counts, intervals["batches"])]
# The exact (Clopper-Pearson) interval on the count rounded to a whole batch, for comparison.
exact = [proportion_confint(round(k), int(n), method="beta") for k, n in zip(counts, intervals["batches"])]
closest = max((abs(100 * e - w) for b, x in zip(bounds, exact) for w, e in zip(b, x)), default=0.0)
intervals = intervals.assign(wilson_low=[round(b[0], 2) for b in bounds], wilson_high=[round(b[1], 2) for b in bounds],
                             interval_basis=["count" if not pd.isna(k) else "rate" for k in intervals["nonconforming_batches"]])
text.show(text.t("f1_wilson", p.lang, level="95"), text.t("f1_wilson_exact", p.lang, points=f"{closest:.2f}"))
tables.for_people(intervals, p.lang, columns=["scope", "year", "batches", "nonconformity", "wilson_low", "wilson_high", "interval_basis"],
                  formats={"scope": names, "year": "year", "batches": 0, "nonconformity": 1, "wilson_low": 2, "wilson_high": 2,
                           "interval_basis": "key:interval_basis"})

# %% [markdown] tags=["en"]
# A quasi-binomial GLM (logit link) of the non-conformity proportion on year, per series: the odds ratio is the multiplicative change in the odds of a non-conforming batch per year. The dispersion is estimated from the data, because year-to-year changes in what is sampled dwarf binomial noise; with so few points, the interval and p-value then use t with the residual degrees of freedom (as R's `summary(glm(..., family = quasibinomial))` does; `tests/r/` holds R's fit of the national series). A trend is called rising or falling only when its 95% interval excludes no change.

# %%
rows = []
for scope, sub in known.groupby("scope", sort=False):
    weighted = sub["status"].eq("printed").all() and sub["batches"].notna().all()
    fit = stats.glm_trend(sub["year"], sub["nonconformity"].astype(float), sub["batches"] if weighted else None,
                          derived=int((sub["status"] == "derived").sum())) if len(sub) >= 3 else None
    if fit is None:
        rows.append({"scope": scope, "points": len(sub), "derived_years": int((sub["status"] == "derived").sum()), "trend": "too_few"})
        continue
    word = "too_few" if fit.too_few else relations.position(1.0, fit.ci_low, fit.ci_high).key
    rows.append({"scope": scope, "points": fit.points, "derived_years": fit.derived, "df": fit.df,
                 "weighting": "batches" if fit.weighted else "equal", "odds_ratio_per_year": fit.odds_ratio,
                 "ci_low": fit.ci_low, "ci_high": fit.ci_high, "p_value": fit.p_value, "trend": word})
trends = pd.DataFrame(rows, columns=["scope", "points", "derived_years", "df", "weighting", "odds_ratio_per_year", "ci_low",
                                     "ci_high", "p_value", "trend"])
text.show(text.t("f1_trend_rule", p.lang, min=stats.MIN_POINTS))
tables.for_people(trends, p.lang, formats={"scope": names, "points": 0, "derived_years": 0, "df": 0, "weighting": "key:weighting",
                                           "odds_ratio_per_year": 3, "ci_low": 3, "ci_high": 3, "p_value": "pvalue",
                                           "trend": "key:trend"})

# %% [markdown] tags=["en"]
# ## The article's sentence on product counts
#
# Section 3 of the article counts, for its last year, the products of three categories whose non-conformity rate exceeded a threshold. Checking it needs the product-level results of that year (the category paragraphs of the SAMR announcement); the claims are rows of `data/claims.csv`.

# %%
claims = pkg["claims"].query("notebook == '01_figure1_spot_checks'")
checked = verdicts.check_all(claims, pkg["claim_values"].set_index("value_id"), pkg.text["claims"].set_index("claim_id")["stated_value"])
counted = {"S3-spot-2018-daily": "daily_textile", "S3-spot-2018-electronics": "electronics", "S3-spot-2018-light": "light_industry"}
items = [text.t("f1_sentence_item", p.lang, n=text.number(c.stated_value), name=names[counted[c.claim_id]])
         for c in claims.itertuples()]
shown = verdicts.counts(checked["verdict"])
text.show(text.t("f1_sentence", p.lang, section=claims["section"].iloc[0], year=ARTICLE_YEARS[1], threshold="5",
                 items=text.join(items, p.lang),
                 verdicts=text.join([text.t("verdict_n", p.lang, n=n, word=text.t(f"verdict.{v}", p.lang))
                                     for v, n in shown.items() if n], p.lang)))
ledger.for_people(checked, pkg, p.lang, columns=("claim", "article", "verdict", "why"))

# %% [markdown] tags=["en"]
# ## Conclusion

# %%
total = sum(coverage.values())
extent = relations.share(coverage["printed"] + coverage["derived"], total)
said = [text.say("f1_coverage", p.lang, {"extent": text.word(extent, "extent", n=total)}, total=total, **coverage)]
nat = known[known["scope"] == "national"].sort_values("year")
if len(nat) >= 2:
    first, last = nat.iloc[0], nat.iloc[-1]
    peak = nat.loc[nat["nonconformity"].astype(float).idxmax()]
    change = relations.direction(first["nonconformity"], last["nonconformity"])
    said.append(text.say("f1_national", p.lang, {"direction": text.word(change, "dir", first=f"{first['nonconformity']:.1f}",
                                                                        last=f"{last['nonconformity']:.1f}")},
                         first=f"{first['nonconformity']:.1f}", last=f"{last['nonconformity']:.1f}", peak=f"{peak['nonconformity']:.1f}",
                         first_year=first["year"], last_year=last["year"], peak_year=peak["year"]))
in_categories = known[known["scope"] != "national"]
if len(in_categories):
    year = int(in_categories["year"].max())
    that_year = in_categories[in_categories["year"] == year].sort_values("nonconformity")
    worst = that_year.iloc[-1]
    how_many = relations.share(len(that_year), len(selected))
    said.append(text.say("f1_latest", p.lang, {"known": text.word(how_many, "known")}, year=year, name=names[worst["scope"]],
                         rate=f"{worst['nonconformity']:.1f}", status=text.t(f"status.{worst['status']}", p.lang)))
for r in trends.itertuples():
    if r.trend == "too_few":
        said.append(text.say("f1_trend_few", p.lang, about=r.scope, name=names[r.scope], points=r.points, derived=r.derived_years))
        continue
    low, high = f"{r.ci_low:.3f}", f"{r.ci_high:.3f}"
    said.append(text.say("f1_trend", p.lang, {"direction": text.word(relations.position(1.0, r.ci_low, r.ci_high), "trend",
                                                                     low=low, high=high)},
                         about=r.scope, name=names[r.scope], or_=f"{r.odds_ratio_per_year:.3f}", lo=low, hi=high,
                         p=text.pvalue(r.p_value), df=int(r.df), points=r.points))
said.append(text.t("f1_targeted", p.lang))
text.show(*said, p.wrote())

# %%
why = ledger.explanations(checked, pkg, p.lang)
results.write(p.results_dir, p.notebook, {
    "parameters": {"first_year": p.first_year, "last_year": p.last_year, "categories": selected, "lang": p.lang},
    "coverage": coverage, "cells": grid.assign(basis=[how(b) if isinstance(b, dict) else None for b in grid["basis"]]),
    "derived": derived.drop(columns=["basis"]) if len(derived) else [], "meet": meet.drop(columns=["basis"]) if len(meet) else [],
    "national": national[["year", "kinds", "enterprises", "batches", "nonconforming_batches", "measure", "rate", "change_pp",
                          "change_vs", "nonconformity", "source_id"]],
    "intervals": intervals[["scope", "year", "batches", "nonconformity", "wilson_low", "wilson_high", "interval_basis"]],
    "trends": trends, "claims": checked, "sentences": said, "relations": text.records(chosen, said, why),
    "figures": [{"file": f.name, "tables": ["spot_checks"]} for f in saved], "inputs": pkg.files,
})
results.colophon()
