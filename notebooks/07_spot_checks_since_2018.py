# %% [markdown] tags=["en"]
# # Beyond the article: the spot-check series to the latest bulletin
#
# **Question.** The article's picture of the national supervision spot checks stops with the last year of its Figure 1. Did the rate fall afterwards? Do small firms, and samples bought in shops or online, still fare worse? And can the categories the article singles out be followed?
#
# **Data.** `data/spot_checks.csv` and `data/spot_check_breakdowns.csv`, transcribed from the annual announcements of 国家质检总局 and 市场监管总局 (read through reposts and reports; each row names its page in `data/sources.csv`). The measure changed its printed name (抽查合格率 → 不合格发现率 → 抽查不合格率) and sampling moved from factories towards shops and e-commerce; the years of these changes are read off the data below, not typed. The names of the measures and of the sampling channels are in `data/terms.csv` and `data/breakdown_levels.csv`.
#
# Back to the [claims ledger](00_claims_ledger.ipynb) · the article's own figure: [01_figure1_spot_checks](01_figure1_spot_checks.ipynb)

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy: ../zh/07_spot_checks_since_2018.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本：../en/07_spot_checks_since_2018.ipynb

# %% tags=["parameters"]
first_year: int = 2014          # first year of the national series shown and tested
last_year: int = 2024           # last year of the national series shown and tested
lang: str = COPY_LANGUAGE                # "en" or "zh": sentences, table headers and figure text
data_dir: str = "data"          # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"    # where figures go; a scratch folder when other parameters differ from the defaults
results_dir: str = "results"    # where the results file goes; likewise

# %%
from compendium import params

p = params.LongSeries.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, plotting, relations, results, stats, tables, text
from compendium.printed import half_unit

pd.set_option("display.max_colwidth", None)
pkg = data.load(p.data_dir, "spot_checks", "spot_check_breakdowns", "terms")   # with the tables these refer to
spot, spot_text = pkg["spot_checks"], pkg.text["spot_checks"]
params.years_within(p, int(spot["year"].min()), int(spot["year"].max()))
BASE_YEAR = 2018         # the last year of the article's Figure 1: what "after the article" compares with
SHARE_DROP_PP = 10       # a fall of at least this many points in the factories' share of batches is a change of sampling
years = list(range(p.first_year, p.last_year + 1))
terms = pkg["terms"]


def nonconformity(measure, rate):   # AQSIQ printed a pass rate r, SAMR a non-conformity rate: as non-conformity, 100 - r
    return rate if measure == "nonconformity_rate" else 100 - rate


# %% [markdown] tags=["en"]
# ## The national series
#
# Each year's rate as its annual results print it. A year whose results print no rate takes the rate the next annual results imply: their printed rate less their printed change on that year (as non-conformity; a change in pass rate counts the other way).

# %%
annual = spot[(spot["scope"] == "national") & (spot["release"] == "annual")].copy()
annual["nonconformity"] = [nonconformity(m, r) for m, r in zip(annual["measure"], annual["rate"])]
annual["margin"] = [half_unit(t) if t else pd.NA for t in spot_text.loc[annual.index, "rate"]]
implied = annual[annual["rate"].notna() & annual["change_pp"].notna()].copy()
change_nc = implied["change_pp"].where(implied["measure"] == "nonconformity_rate", -implied["change_pp"])
implied = implied.assign(year=implied["change_vs"], nonconformity=implied["nonconformity"] - change_nc,
                         margin=implied["margin"] + [half_unit(t) for t in spot_text.loc[implied.index, "change_pp"]],
                         printed_as=pd.NA, kinds=pd.NA, enterprises=pd.NA, batches=pd.NA, nonconforming_batches=pd.NA)
printed_years = set(annual.loc[annual["rate"].notna(), "year"])
series = pd.concat([annual[annual["rate"].notna()].assign(status="printed"),
                    implied[~implied["year"].isin(printed_years)].assign(status="derived")])
nat = series[series["year"].between(p.first_year, p.last_year)].sort_values("year").reset_index(drop=True)
nat = nat[["year", "status", "nonconformity", "margin", "printed_as", "kinds", "enterprises", "batches",
           "nonconforming_batches", "source_id"]]
text.show(text.t("ls_title", p.lang, years=text.span(p.first_year, p.last_year, p.lang)))
tables.for_people(nat, p.lang, columns=["year", "status", "nonconformity", "printed_as", "batches", "nonconforming_batches",
                                        "source_id"],
                  formats={"year": "year", "status": "key:status", "nonconformity": 1,
                           "printed_as": lambda v: text.with_ours(terms, "measure", v, p.lang)})

# %% [markdown] tags=["en"]
# ## Firm size and sampling channel
#
# Annual rates as printed (pass rates converted to non-conformity). Firm-size shares are shares of enterprises checked; channel shares are shares of batches.

# %%
breakdowns = pkg["spot_check_breakdowns"]
breakdowns = breakdowns[(breakdowns["release"] == "annual") & breakdowns["year"].between(p.first_year, p.last_year)].copy()
breakdowns["nonconformity"] = [nonconformity(m, r) if not pd.isna(r) else float("nan")
                               for m, r in zip(breakdowns["measure"].fillna("nonconformity_rate"), breakdowns["rate"])]
sizes = breakdowns[breakdowns["dimension"] == "enterprise_size"]
channels = breakdowns[breakdowns["dimension"] == "channel"]
levels = pkg["breakdown_levels"]
level_names = dict(zip(levels["level"], levels["name_zh" if p.lang == "zh" else "name_en"]))

gap = sizes.pivot(index="year", columns="level", values="nonconformity").reindex(columns=["large", "medium", "small"])
gap = gap.dropna(subset=["large", "small"]).reset_index()
gap["small_to_large"] = gap["small"] / gap["large"]            # how many times the large firms' rate
tables.for_people(gap, p.lang, formats={"year": "year", "large": 1, "medium": 1, "small": 1, "small_to_large": 1})

# %%
tables.for_people(channels, p.lang, columns=["year", "level", "share_batches", "batches", "nonconformity", "source_id"],
                  formats={"year": "year", "level": level_names, "share_batches": 1, "nonconformity": 1})

# %% [markdown] tags=["en"]
# ## Changes of definition and sampling
#
# Read off the data: a year in which the printed name of the measure differs from the year before; the first year a sampling channel other than production is reported on its own; a year in which the factories' share of batches fell by at least `SHARE_DROP_PP` points.

# %%
points = []
named = nat.dropna(subset=["printed_as"])
for before, now in zip(named.itertuples(), named.iloc[1:].itertuples()):
    if now.printed_as != before.printed_as:
        points.append({"year": now.year, "kind": "measure", "what": text.t("cp.measure", p.lang,
                       label=text.with_ours(terms, "measure", now.printed_as, p.lang),
                       before_label=text.with_ours(terms, "measure", before.printed_as, p.lang))})
for level, sub in channels[channels["level"] != "production"].groupby("level"):
    points.append({"year": int(sub["year"].min()), "kind": "sampling",
                   "what": text.t("cp.first_channel", p.lang, channel=level_names[level])})
shares = channels[channels["level"] == "production"].dropna(subset=["share_batches"]).sort_values("year")
for a, b in zip(shares.itertuples(), shares.iloc[1:].itertuples()):
    if a.share_batches - b.share_batches >= SHARE_DROP_PP:
        points.append({"year": b.year, "kind": "sampling", "what": text.t("cp.share_fell", p.lang, **{
            "from": f"{a.share_batches:.1f}", "from_year": a.year, "to": f"{b.share_batches:.1f}", "to_year": b.year})})
points = pd.DataFrame(points, columns=["year", "kind", "what"]).sort_values(["year", "kind", "what"], kind="stable")
tables.for_people(points, p.lang, formats={"year": "year", "kind": "key:change"})

# %% [markdown] tags=["en"]
# ## The long series, with every change of definition and sampling
#
# Open markers are derived from a later bulletin's printed change. Every panel starts from zero.

# %%
figure = plotting.long_series(nat, points, sizes, channels, p.lang, channel_names=level_names, size_names=level_names)
saved = plotting.save(figure, p.figures_dir, "spot_checks_long")
text.show(plotting.change_lines_note(p.lang, SHARE_DROP_PP))
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# **Where these values were read.** The kind of site that holds each page read (the `outlet` and `unrelated_domain` columns of `data/sources.csv`); a page on a site unrelated to its content is kept only where no better copy was found (`verification/source_searches.csv`).

# %%
text.show(*ledger.where_read(pd.concat([nat["source_id"], sizes["source_id"], channels["source_id"]]), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ## Is the change after the article's last year more than noise?
#
# A two-proportion z test between the article's last year and each later year whose counts of batches and of non-conforming batches are printed (the years without printed counts cannot be tested). The test treats each year's batches as a random sample; spot checks are not: they target risky products, and what is targeted changes every year.

# %%
counted = nat.dropna(subset=["batches", "nonconforming_batches"]).set_index("year")
tests = []
if BASE_YEAR in counted.index:
    base = counted.loc[BASE_YEAR]
    for year in [y for y in counted.index if y > BASE_YEAR]:
        later = counted.loc[year]
        z, p_value = stats.two_proportion(int(base["nonconforming_batches"]), int(base["batches"]),
                                          int(later["nonconforming_batches"]), int(later["batches"]))
        tests.append({"from": BASE_YEAR, "to": year, "rate_from": 100 * base["nonconforming_batches"] / base["batches"],
                      "rate_to": 100 * later["nonconforming_batches"] / later["batches"], "z": z, "p": p_value})
tests = pd.DataFrame(tests, columns=["from", "to", "rate_from", "rate_to", "z", "p"])
untested = [int(y) for y in nat["year"] if y > BASE_YEAR and y not in counted.index]   # no counts printed
said = [text.t_n("ls_tests_untested", len(untested), p.lang, years=text.join(untested, p.lang))] if untested else []
if len(tests):
    tested = counted.loc[[BASE_YEAR, *tests["to"]], "batches"]
    said.insert(0, text.t("ls_tests_intro", p.lang, base_year=BASE_YEAR, batches=text.span(
        text.number(tested.min()), text.number(tested.max()), p.lang, key="range_words")))
else:
    said.insert(0, text.t("ls_tests_none", p.lang, base_year=BASE_YEAR))
text.show(*said)
tables.for_people(tests, p.lang, formats={"from": "year", "to": "year", "rate_from": 2, "rate_to": 2, "z": 2, "p": "pvalue"})

# %% [markdown] tags=["en"]
# ## Answers

# %%
answers = []
known = nat.set_index("year")["nonconformity"].astype(float)
after = known[known.index > BASE_YEAR]
if BASE_YEAR in known.index and len(after):
    base = known[BASE_YEAR]
    lower = sum(relations.compare(v, base).key == "lower" for v in after)    # as printed, to one decimal
    fell = relations.share(lower, len(after))
    answers.append(text.say("ls_fall", p.lang, {"answer": text.word(fell, "fall_answer"), "count": text.word(fell, "fall_count")},
                            one=len(after) == 1, base_year=BASE_YEAR, base=f"{base:.1f}", last_year=after.index[-1],
                            last=f"{after.iloc[-1]:.1f}", lo_year=after.idxmin(), lo=f"{after.min():.1f}",
                            hi_year=after.idxmax(), hi=f"{after.max():.1f}"))
    span = nat[nat["year"] >= BASE_YEAR]
    weighted = span["batches"].notna().all()
    trend_years = text.span(BASE_YEAR, int(after.index[-1]), p.lang)
    derived_years = int((span["status"] == "derived").sum())
    fit = stats.glm_trend(span["year"], span["nonconformity"].astype(float), span["batches"] if weighted else None,
                          derived=derived_years) if len(span) >= 3 else None
    if fit is None or fit.too_few:
        answers.append(text.say("ls_trend_few", p.lang, years=trend_years, points=len(span), derived=derived_years))
    else:
        low, high = f"{fit.ci_low:.3f}", f"{fit.ci_high:.3f}"
        answers.append(text.say("ls_trend", p.lang, {"direction": text.word(relations.position(1.0, fit.ci_low, fit.ci_high),
                                                                            "trend", low=low, high=high)},
                                years=trend_years, or_=f"{fit.odds_ratio:.3f}", lo=low, hi=high, p=text.pvalue(fit.p_value),
                                df=fit.df, points=fit.points,
                                weighting=text.t("weighting.batches" if fit.weighted else "weighting.equal", p.lang)))
else:
    fit = None
    answers.append(text.say("ls_no_base", p.lang, years=text.span(p.first_year, p.last_year, p.lang), base_year=BASE_YEAR))

higher = [int(r.year) for r in gap.itertuples() if relations.compare(r.small, r.large).key == "higher"]
if len(gap):
    examples = gap.iloc[[0, -1]] if len(gap) > 1 else gap
    answers.append(text.say("ls_size", p.lang, {"when": text.word(relations.share(len(higher), len(gap)), "size_years")},
                            examples=text.t("list.semicolon", p.lang).join(
                                text.t("ls_size_item", p.lang, year=int(r.year), small=f"{r.small:.1f}", large=f"{r.large:.1f}",
                                       ratio=f"{r.small_to_large:.1f}") for r in examples.itertuples())))
else:
    answers.append(text.say("ls_size_none", p.lang))

rates = channels.dropna(subset=["nonconformity"]).pivot(index="year", columns="level", values="nonconformity")
if len(rates):
    latest = channels[(channels["year"] == rates.index.max())].dropna(subset=["nonconformity"]).sort_values("nonconformity")
    answers.append(text.say("ls_channels", p.lang, year=rates.index.max(), items=text.join(
        [text.t("name_pct", p.lang, name=level_names[r.level], value=f"{r.nonconformity:.1f}") for r in latest.itertuples()], p.lang)))
    others = [c for c in rates.columns if c != "production"]
    both = rates.dropna(subset=["production"]).dropna(subset=others, how="all") if "production" in rates and others else rates.iloc[0:0]
    worse = [int(y) for y, r in both.iterrows()
             if all(relations.compare(r[c], r["production"]).key == "higher" for c in others if not pd.isna(r[c]))]
    if len(both):
        answers.append(text.say("ls_channels_higher", p.lang, {"when": text.word(relations.share(len(worse), len(both)), "channel_years")},
                                years=text.join([int(y) for y in both.index], p.lang)))
else:
    answers.append(text.say("ls_channels_none", p.lang))
category_rows = spot[(spot["scope"] == "category") & (spot["year"] > BASE_YEAR) & (spot["year"] <= p.last_year)]
if p.last_year > BASE_YEAR and len(category_rows) == 0:
    answers.append(text.say("ls_categories", p.lang, year=BASE_YEAR))
answers.append(text.say("ls_targeted", p.lang))
text.show(*answers, p.wrote())

# %%
results.write(p.results_dir, p.notebook, {
    "parameters": {"first_year": p.first_year, "last_year": p.last_year, "lang": p.lang},
    "national": nat, "change_points": points, "size_gap": gap, "channels": channels.drop(columns=["release", "release_no"]),
    "two_proportion_tests": tests, "trend": None if fit is None else vars(fit) | {"too_few": fit.too_few},
    "sentences": answers, "relations": text.records(answers),
    "figures": [{"file": f.name, "tables": ["spot_checks", "spot_check_breakdowns"]} for f in saved], "inputs": pkg.files,
})
results.colophon()
