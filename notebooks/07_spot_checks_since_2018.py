# %% [markdown] tags=["en"]
# # Beyond the article: the spot-check series to the latest bulletin
#
# [中文版](../zh/07_spot_checks_since_2018.ipynb) · back to the [claims ledger](00_claims_ledger.ipynb) · the article's own figure: [01_figure1_spot_checks](01_figure1_spot_checks.ipynb)
#
# **Question.** The article's picture of the national supervision spot checks stops with the last year of its Figure 1. Did the rate fall afterwards? Do small firms, and samples bought in shops or online, still fare worse? And can the categories the article singles out be followed?
#
# **Data.** `data/spot_checks.csv` and `data/spot_check_breakdowns.csv`, transcribed from the annual announcements of 国家质检总局 and 市场监管总局 (read through reposts and reports; each row names its page in `data/sources.csv`). The measure changed its printed name (抽查合格率 → 不合格发现率 → 抽查不合格率) and sampling moved from factories towards shops and e-commerce; the years of these changes are read off the data below, not typed. The names of the measures and of the sampling channels are in `data/terms.csv` and `data/breakdown_levels.csv`. By default the series runs to the latest year in the data: a year added to `data/spot_checks.csv` appears in every table, the figure and the sentences below.

# %% [markdown] tags=["zh"]
# # 文章之外：国家监督抽查序列延续至最新公告
#
# [English version](../en/07_spot_checks_since_2018.ipynb) · 返回[论断核查总表](00_claims_ledger.ipynb) · 原文图1的复现：[01_figure1_spot_checks](01_figure1_spot_checks.ipynb)
#
# **问题。** 文章对产品质量国家监督抽查的描述止于其图1的最后一年。此后抽查不合格率是否下降？小型企业、流通领域（实体店和网购）样品的不合格率是否仍然更高？原文关注的各产品类别能否继续追踪？
#
# **数据。** `data/spot_checks.csv` 和 `data/spot_check_breakdowns.csv`，摘自国家质检总局和市场监管总局的年度抽查情况通报（通过转载和报道读取；每行都注明其网页在 `data/sources.csv` 中的记录）。指标的公布名称几经变化（抽查合格率 → 不合格发现率 → 抽查不合格率），抽样也从生产领域逐步转向流通领域和电子商务；这些变化发生的年份由下文从数据中读出，而非手工填写。各指标和抽样领域的名称见 `data/terms.csv` 和 `data/breakdown_levels.csv`。默认情况下序列延续至数据中的最新年份：在 `data/spot_checks.csv` 中新增一年，下文的各表、图和结论都会随之包含该年。

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy is ../zh/07_spot_checks_since_2018.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本为 ../en/07_spot_checks_since_2018.ipynb

# %% tags=["parameters"]
first_year: int = 2014          # first year of the national series shown and tested
last_year: "Union[int, str]" = "latest"  # last year shown and tested; "latest": the latest year in the data
lang: str = COPY_LANGUAGE       # "en" or "zh": sentences, table headers and figure text (by default this copy's)
data_dir: str = "data"          # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"    # where figures go; a scratch folder when other parameters differ from the defaults
results_dir: str = "results"    # where the results file goes; likewise

# %%
from compendium import params

p = params.LongSeries.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd
from IPython.display import display

from compendium import data, ledger, plotting, relations, results, stats, tables, text
from compendium.printed import half_unit

pkg = data.load(p.data_dir)   # the whole package, checked before use
spot, spot_text = pkg["spot_checks"], pkg.text["spot_checks"]
last_year = int(spot["year"].max()) if p.last_year == "latest" else p.last_year   # "latest": the latest year in the data
params.years_within(p.model_copy(update={"last_year": last_year}), int(spot["year"].min()), int(spot["year"].max()))
BASE_YEAR = 2018         # the last year of the article's Figure 1: what "after the article" compares with
SHARE_DROP_PP = 10       # a fall of at least this many points in the factories' share of batches is a change of sampling
ALPHA = 0.05             # the p-value below which a two-proportion test is counted as 'significant'
terms, levels = pkg["terms"], pkg["breakdown_levels"]
MEASURES = {name: {lang: text.with_ours(terms, "measure", name, lang) for lang in text.LANGUAGES}   # printed name -> words
            for name in terms.loc[terms["kind"] == "measure", "name_zh"]}
LEVELS = {r.level: {"en": r.name_en, "zh": r.name_zh} for r in levels.itertuples()}   # firm size or channel -> words


def nonconformity(measure, rate):   # AQSIQ printed a pass rate r, SAMR a non-conformity rate: as non-conformity, 100 - r
    return rate if measure == "nonconformity_rate" else 100 - rate


# %% [markdown] tags=["en"]
# ## The years shown
#
# The years this run shows and tests: its first year, and its last year as resolved from the parameter (`"latest"` is the latest year in `data/spot_checks.csv`).

# %% [markdown] tags=["zh"]
# ## 所展示的年份
#
# 本次运行展示并检验的年份：起始年，以及由参数确定的最后一年（`"latest"` 即 `data/spot_checks.csv` 中的最新年份）。

# %%
selection = pd.DataFrame([{"first_year": p.first_year, "last_year": last_year, "last_year_asked": p.last_year,
                           "years": (p.first_year, last_year)}])
YEARS = {(p.first_year, last_year): {lang: text.span(p.first_year, last_year, lang) for lang in text.LANGUAGES}}   # 2014–2024, or 2018 alone
SELECTION_FORMATS = {"first_year": "year", "last_year": "year", "years": YEARS,
                     "last_year_asked": {"latest": {"en": "\"latest\", the latest year in the data",
                                                    "zh": "“latest”，即数据中的最新年份"}}}
display(tables.for_people(selection, p.lang, SELECTION_FORMATS, columns=["first_year", "last_year", "last_year_asked"], headers={
    "first_year": {"en": "First year", "zh": "起始年"}, "last_year": {"en": "Last year", "zh": "最后一年"},
    "last_year_asked": {"en": "Last year as asked", "zh": "参数 last_year"}}))
SAY_SELECTION = {"en": "Years shown and tested: {years}; the last year was asked as {last_year_asked}.",
                 "zh": "本次运行展示并检验{years}年；参数 last_year 的取值为{last_year_asked}。"}
said_selection = text.sentences(SAY_SELECTION, selection, SELECTION_FORMATS)
text.show(*said_selection[p.lang])


def table_or(say_none, frame, formats, **kwargs):
    """``frame`` as a table for people; if the years shown hold none of its rows, the sentence ``say_none`` instead
    (rendered from the row of the years shown)."""
    if len(frame):
        return tables.for_people(frame, p.lang, formats, **kwargs)
    text.show(*text.sentences(say_none, selection, SELECTION_FORMATS)[p.lang])

# %% [markdown] tags=["en"]
# ## The national series
#
# Each year's rate as its annual results print it. A year whose results print no rate takes the rate the next annual results imply: their printed rate less their printed change on that year (as non-conformity; a change in pass rate counts the other way).

# %% [markdown] tags=["zh"]
# ## 全国抽查不合格率序列
#
# 每年的比率取其年度抽查结果所公布的数值。某年的结果未公布比率时，取次年结果所隐含的数值：次年公布的比率减去其公布的相对该年的变化（按不合格率计；合格率的变化方向相反）。

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
                    implied[~implied["year"].isin(printed_years)].assign(status="derived")]).sort_values("year")
series = series[["year", "status", "nonconformity", "margin", "printed_as", "kinds", "enterprises", "batches",
                 "nonconforming_batches", "source_id"]].reset_index(drop=True)
nat = series[series["year"].between(p.first_year, last_year)].reset_index(drop=True)   # the years shown
tables.for_people(nat, p.lang, {"year": "year", "status": "key:status", "nonconformity": 1, "printed_as": MEASURES},
                  columns=["year", "status", "nonconformity", "printed_as", "batches", "nonconforming_batches", "source_id"])

# %% [markdown] tags=["en"]
# ## Firm size and sampling channel
#
# Annual rates as printed (pass rates converted to non-conformity). Firm-size shares are shares of enterprises checked; channel shares are shares of batches.

# %% [markdown] tags=["zh"]
# ## 企业规模与抽样领域
#
# 各年公布的比率（合格率已换算为不合格率）。企业规模的占比是受检企业数的占比；抽样领域的占比是批次数的占比。

# %%
breakdowns = pkg["spot_check_breakdowns"]
breakdowns = breakdowns[breakdowns["release"] == "annual"].copy()
breakdowns["nonconformity"] = [nonconformity(m, r) if not pd.isna(r) else float("nan")
                               for m, r in zip(breakdowns["measure"].fillna("nonconformity_rate"), breakdowns["rate"])]
selected = breakdowns["year"].between(p.first_year, last_year)
all_channels = breakdowns[breakdowns["dimension"] == "channel"]       # every year: the change points are read off them
sizes = breakdowns[selected & (breakdowns["dimension"] == "enterprise_size")]
channels = breakdowns[selected & (breakdowns["dimension"] == "channel")]
table_or({"en": "`data/spot_check_breakdowns.csv` holds no annual rates by size of firm for the years shown "
                "({years}).",
          "zh": "`data/spot_check_breakdowns.csv` 中没有所展示年份（{years}年）按企业规模的年度比率。"},
         sizes, {"year": "year", "level": LEVELS, "share_enterprises": 1, "nonconformity": 1},
         columns=["year", "level", "share_enterprises", "nonconformity", "source_id"],
         headers={"level": {"en": "Size of firm", "zh": "企业规模"},
                  "share_enterprises": {"en": "Share of enterprises checked (%)", "zh": "受检企业占比（%）"}})

# %%
table_or({"en": "`data/spot_check_breakdowns.csv` holds no annual figures by where samples were taken for the years shown "
                "({years}).",
          "zh": "`data/spot_check_breakdowns.csv` 中没有所展示年份（{years}年）按抽样领域的年度数据。"},
         channels, {"year": "year", "level": LEVELS, "share_batches": 1, "nonconformity": 1},
         columns=["year", "level", "share_batches", "batches", "nonconformity", "source_id"])

# %% [markdown] tags=["en"]
# ## Changes of definition and sampling
#
# Read off the whole of the data, then kept where they fall within the years shown: a year in which the printed name of the measure differs from the last year before it that prints one; the first year a sampling channel other than production is reported on its own; a year in which the factories' share of batches fell by at least `SHARE_DROP_PP` points from the year before that prints it.
#
# When was the measure renamed?

# %% [markdown] tags=["zh"]
# ## 指标定义与抽样方式的变化
#
# 先从全部数据中读出，再保留落在所展示年份之内的变化：指标的公布名称与此前最近一个公布名称的年份不同的年份；生产领域以外的某一抽样领域首次单独公布的年份；生产领域批次占比比此前最近一个公布该占比的年份下降至少 `SHARE_DROP_PP` 个百分点的年份。
#
# 指标何时改名？

# %%
named = series.dropna(subset=["printed_as"])
renamed = pd.DataFrame({"year": named["year"].to_numpy()[1:], "printed_as": named["printed_as"].to_numpy()[1:],
                        "before_year": named["year"].to_numpy()[:-1], "before": named["printed_as"].to_numpy()[:-1]})
renamed = renamed[(renamed["printed_as"] != renamed["before"]) & renamed["year"].between(p.first_year, last_year)]
table_or({"en": "The measure's printed name did not change in the years shown ({years}).",
          "zh": "所展示的年份（{years}年）中指标的公布名称没有变化。"},
         renamed, {"year": "year", "printed_as": MEASURES, "before_year": "year", "before": MEASURES},
         headers={"printed_as": {"en": "Printed as", "zh": "公布名称"},
                  "before_year": {"en": "Last year before printing one", "zh": "此前最近公布名称的年份"},
                  "before": {"en": "Printed then as", "zh": "当时的公布名称"}})

# %% [markdown] tags=["en"]
# When was a sampling channel other than production first reported on its own?

# %% [markdown] tags=["zh"]
# 生产领域以外的抽样领域何时首次单独公布？

# %%
first_reported = all_channels[all_channels["level"] != "production"].groupby("level", sort=False)["year"].min()
first_reported = first_reported.reset_index()[["year", "level"]].sort_values(["year", "level"], kind="stable")
first_reported = first_reported[first_reported["year"].between(p.first_year, last_year)]
table_or({"en": "No sampling channel was first reported on its own in the years shown ({years}).",
          "zh": "所展示的年份（{years}年）中没有首次单独公布的抽样领域。"},
         first_reported, {"year": "year", "level": LEVELS},
         headers={"level": {"en": "Channel first reported on its own", "zh": "首次单独公布的抽样领域"}})

# %% [markdown] tags=["en"]
# When did the factories' share of batches fall by at least `SHARE_DROP_PP` points?

# %% [markdown] tags=["zh"]
# 生产领域批次占比何时下降至少 `SHARE_DROP_PP` 个百分点？

# %%
shares = all_channels[all_channels["level"] == "production"].dropna(subset=["share_batches"]).sort_values("year")
share_falls = pd.DataFrame({"before_year": shares["year"].to_numpy()[:-1], "share_before": shares["share_batches"].to_numpy()[:-1],
                            "year": shares["year"].to_numpy()[1:], "share": shares["share_batches"].to_numpy()[1:]})
share_falls["fall"] = share_falls["share_before"] - share_falls["share"]
share_falls["drop_pp"] = SHARE_DROP_PP
share_falls["enough"] = [relations.compare(f, SHARE_DROP_PP) for f in share_falls["fall"]]   # as printed, to one decimal
share_falls = share_falls[share_falls["year"].between(p.first_year, last_year)]   # every fall in the years shown
table_or({"en": "The data hold no factories' share of batches, with one for an earlier year to compare with, for the years "
                "shown ({years}).",
          "zh": "所展示的年份（{years}年）中没有可与此前年份比较的生产领域批次占比。"},
         share_falls, {"before_year": "year", "share_before": 1, "year": "year", "share": 1, "fall": 1, "drop_pp": 0,
                       "enough": "key:compare"},
         columns=["before_year", "share_before", "year", "share", "fall", "enough", "drop_pp"],
         headers={"before_year": {"en": "Year before", "zh": "前一公布年"},
                  "share_before": {"en": "Factories' share then (%)", "zh": "当时生产领域占比（%）"},
                  "share": {"en": "Factories' share (%)", "zh": "生产领域占比（%）"},
                  "fall": {"en": "Fall (points)", "zh": "下降（百分点）"}, "enough": {"en": "The fall is", "zh": "下降幅度"},
                  "drop_pp": {"en": "Threshold (points)", "zh": "阈值（百分点）"}})

# %% [markdown] tags=["en"]
# Every change within the years shown, by year and kind (the lines of the figure below).

# %% [markdown] tags=["zh"]
# 所展示年份内的全部变化，按年份和类型列出（即下图中的竖线）。

# %%
points = pd.concat([renamed.assign(kind="measure", change="renamed"),
                    first_reported.assign(kind="sampling", change="first_channel"),
                    share_falls[[r.key != "lower" for r in share_falls["enough"]]].assign(kind="sampling", change="share_fell")])
points = points.reindex(columns=["year", "kind", "change", "printed_as", "before", "level", "share_before", "share",
                                 "before_year"])
points = points.sort_values(["year", "kind", "change"], kind="stable").reset_index(drop=True)
points["before_year"] = points["before_year"].astype("Int64")   # a year, where the change has one
CHANGES = {"renamed": {"en": "printed name of the measure changed", "zh": "指标公布名称改变"},
           "first_channel": {"en": "a channel first reported on its own", "zh": "某抽样领域首次单独公布"},
           "share_fell": {"en": "factories' share of batches fell by at least the threshold",
                          "zh": "生产领域批次占比降幅达到阈值"}}
table_or({"en": "No change of definition or sampling in the years shown ({years}).",
          "zh": "所展示的年份（{years}年）中指标定义和抽样方式都没有变化。"},
         points, {"year": "year", "kind": "key:change", "change": CHANGES}, columns=["year", "kind", "change"],
         headers={"change": {"en": "What changed", "zh": "变化内容"}})

# %% [markdown] tags=["en"]
# ## The long series, with every change of definition and sampling
#
# Open markers are derived from a later bulletin's printed change. Every panel starts from zero.

# %% [markdown] tags=["zh"]
# ## 长序列及指标定义与抽样方式的每次变化
#
# 空心点由其后公告所公布的变化推算得出。各分图纵轴均从零开始。

# %%
figure = plotting.long_series(nat, points, sizes, channels, p.lang, channel_names={k: v[p.lang] for k, v in LEVELS.items()},
                              size_names={k: v[p.lang] for k, v in LEVELS.items()})
saved = plotting.save(figure, p.figure_folder, "spot_checks_long")
text.show(plotting.change_lines_note(p.lang, SHARE_DROP_PP))
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# **Where these values were read.** The kind of site that holds each page read (the `outlet` and `unrelated_domain` columns of `data/sources.csv`); a page on a site unrelated to its content is kept only where no better copy was found (`verification/source_searches.csv`).

# %% [markdown] tags=["zh"]
# **数值的读取来源。** 所读各网页所在网站的类型（`data/sources.csv` 中的 `outlet` 和 `unrelated_domain` 两列）；只有在找不到更好的副本时，才保留与其内容无关的网站上的网页（见 `verification/source_searches.csv`）。

# %%
text.show(*ledger.where_read(pd.concat([nat["source_id"], sizes["source_id"], channels["source_id"]]), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ## After the article's last year
#
# The questions below compare the years after the article's last year (`BASE_YEAR`) with it. They need that year and at least one later year among the years shown; where the selection lacks them, the reason is said.

# %% [markdown] tags=["zh"]
# ## 原文最后一年之后
#
# 下面的问题将原文最后一年（`BASE_YEAR`）之后的各年与该年比较。这要求所展示的年份既包含该年，又至少包含其后一年；所选年份不满足时，下文说明原因。

# %%
later = nat[nat["year"] > BASE_YEAR]
base = pd.DataFrame([{"base_year": BASE_YEAR, "first_year": p.first_year, "last_year": last_year,
                      "starts": relations.compare(p.first_year, BASE_YEAR, decimals=0),
                      "ends": relations.compare(last_year, BASE_YEAR, decimals=0), "later_years": len(later),
                      "years": (p.first_year, last_year)}])
comparable = base.at[0, "starts"].key != "higher" and base.at[0, "ends"].key == "higher"
BASE_FORMATS = {"base_year": "year", "first_year": "year", "last_year": "year", "years": YEARS,
                "starts": {"lower": {"en": "start before", "zh": "始于该年之前"}, "equal": {"en": "start with", "zh": "始于该年"},
                           "higher": {"en": "start after", "zh": "始于该年之后"}},
                "ends": {"lower": {"en": "end before", "zh": "止于该年之前"}, "equal": {"en": "end with", "zh": "止于该年"},
                         "higher": {"en": "end after", "zh": "止于该年之后"}}}
display(tables.for_people(base, p.lang, BASE_FORMATS, columns=["base_year", "first_year", "last_year", "starts", "ends",
                                                             "later_years"], headers={
    "base_year": {"en": "The article's last year", "zh": "原文最后一年"}, "first_year": {"en": "First year", "zh": "起始年"},
    "last_year": {"en": "Last year", "zh": "最后一年"}, "starts": {"en": "The years shown", "zh": "所展示的年份"},
    "ends": {"en": "and", "zh": "并且"}, "later_years": {"en": "Later years shown", "zh": "其后年份数"}}))
SAY_BASE = {"en": "The years shown ({years}) {starts} {base_year}, the article's last year, and {ends} "
                  "it; later years shown, each compared with it below: {later_years}.",
            "zh": "原文最后一年为{base_year}年；所展示的年份（{years}年）{starts}，{ends}：下文将其后的"
                  "{later_years}年与该年比较。"}
SAY_NO_BASE = {"en": "No comparison with {base_year}, the article's last year: the years shown ({years}) {starts} it and "
                     "{ends} it.",
               "zh": "原文最后一年为{base_year}年；所展示的年份（{years}年）{starts}，{ends}：不与该年比较。"}
said_base = text.sentences(SAY_BASE if comparable else SAY_NO_BASE, base, BASE_FORMATS)
text.show(*said_base[p.lang])

# %% [markdown] tags=["en"]
# ### Did the national rate fall after the article's last year?
#
# Each later year's rate beside the article's last year's, compared as printed (to one decimal); then the count, the lowest and highest later rate and the last year's, one row, which the sentence reads.

# %% [markdown] tags=["zh"]
# ### 原文最后一年之后，全国抽查不合格率是否下降？
#
# 其后每年的比率与原文最后一年的比率并列，按公布精度（一位小数）比较；然后是计数、其后各年的最低和最高比率以及最后一年的比率，共一行，下面的句子读取这一行。

# %%
RATE = text.Unit("%", 1)
if comparable:
    base_rate = float(nat.set_index("year").loc[BASE_YEAR, "nonconformity"])
    each = later[["year", "status", "nonconformity"]].assign(base=base_rate)
    each["relation"] = [relations.compare(v, base_rate) for v in each["nonconformity"]]   # as printed, to one decimal
    display(tables.for_people(each, p.lang, {"year": "year", "status": "key:status", "nonconformity": RATE, "base": RATE,
                                             "relation": "key:compare"},
                              headers={"nonconformity": {"en": "Later year's rate", "zh": "该年不合格率"},
                                       "relation": {"en": "Compared", "zh": "比较"},
                                       "base": {"en": "The article's last year's rate", "zh": "原文最后一年不合格率"}}))
    lower = sum(r.key == "lower" for r in each["relation"])
    lo, hi = each.loc[each["nonconformity"].idxmin()], each.loc[each["nonconformity"].idxmax()]
    fall = pd.DataFrame([{"base_year": BASE_YEAR, "base": base_rate, "later": len(each), "lower": lower,
                          "answer": relations.share(lower, len(each)), "lo_year": lo["year"], "lo": lo["nonconformity"],
                          "hi_year": hi["year"], "hi": hi["nonconformity"], "last_year": each["year"].iloc[-1],
                          "last": each["nonconformity"].iloc[-1]}])
    FALL_FORMATS = {"base_year": "year", "base": RATE, "lo_year": "year", "lo": RATE, "hi_year": "year", "hi": RATE,
                    "last_year": "year", "last": RATE,
                    "answer": {"all": {"en": "Yes.", "zh": "是的。"}, "some": {"en": "Not lastingly.", "zh": "并未持续下降。"},
                               "none": {"en": "No.", "zh": "没有。"}}}
    display(tables.for_people(fall, p.lang, FALL_FORMATS, headers={
        "base_year": {"en": "Base year", "zh": "基准年"}, "base": {"en": "Base year's rate", "zh": "基准年比率"},
        "later": {"en": "Later years", "zh": "其后年数"}, "lower": {"en": "Of them lower", "zh": "其中更低"},
        "answer": {"en": "Answer", "zh": "回答"}, "lo_year": {"en": "Lowest in", "zh": "最低年份"},
        "lo": {"en": "Lowest", "zh": "最低"}, "hi_year": {"en": "Highest in", "zh": "最高年份"},
        "hi": {"en": "Highest", "zh": "最高"}, "last_year": {"en": "Last year", "zh": "最后一年"},
        "last": {"en": "Last year's rate", "zh": "最后一年比率"}}))
    SAY_FALL = {"en": "Did the national rate fall after {base_year}? {answer} It was {base} in {base_year}; afterwards it "
                      "was lower in {lower} of the {later} later years, ranging from {lo} in {lo_year} to {hi} in "
                      "{hi_year}, and was {last} in {last_year}, the last year shown.",
                "zh": "{base_year}年后全国抽查不合格率是否下降？{answer}{base_year}年为{base}；此后{later}年中有{lower}年更低，"
                      "各年从{lo_year}年的{lo}到{hi_year}年的{hi}不等，所展示的最后一年{last_year}年为{last}。"}
    SAY_FALL_ONE = {"en": "Did the national rate fall after {base_year}? {answer} It was {base} in {base_year} and {last} in "
                          "{last_year}, the one later year shown.",
                    "zh": "{base_year}年后全国抽查不合格率是否下降？{answer}{base_year}年为{base}，所展示的唯一其后年份"
                          "{last_year}年为{last}。"}
    said_fall = text.sentences(SAY_FALL_ONE if len(each) == 1 else SAY_FALL, fall, FALL_FORMATS)
else:
    said_fall = said_base
text.show(*said_fall[p.lang])

# %% [markdown] tags=["en"]
# ### The trend since the article's last year
#
# A quasi-binomial GLM (logit link) of the non-conformity proportion on year, from the article's last year to the last year shown: the odds ratio is the multiplicative change in the odds of a non-conforming batch per year, its interval and p-value use t with the residual degrees of freedom (`compendium.stats.glm_trend`). Years are weighted by their batches only if every year prints them. A trend is called rising or falling only when its 95% interval excludes no change, and not at all from too few known years or from mostly derived ones (`stats.MIN_POINTS`).

# %% [markdown] tags=["zh"]
# ### 原文最后一年以来的趋势
#
# 从原文最后一年到所展示的最后一年，以不合格比例对年份做拟二项广义线性模型（logit连接）：优势比是不合格批次的优势每年变化的倍数，其区间和p值使用自由度为残差自由度的t分布（`compendium.stats.glm_trend`）。只有每年都公布批次数时才按批次加权。只有当95%置信区间不包含“无变化”时才判断为上升或下降；已知年份太少或多数为推算值时不作判断（`stats.MIN_POINTS`）。

# %%
if comparable:
    since = nat[nat["year"] >= BASE_YEAR]
    weighted = bool(since["batches"].notna().all())
    derived_years = int((since["status"] == "derived").sum())
    fit = stats.glm_trend(since["year"], since["nonconformity"].astype(float), since["batches"] if weighted else None,
                          derived=derived_years) if len(since) >= 3 else None
    trend = {"from_year": BASE_YEAR, "to_year": int(since["year"].iloc[-1]), "points": len(since),
             "derived_years": derived_years, "min_points": stats.MIN_POINTS}
    if fit is not None and not fit.too_few:
        trend |= {"weighting": "batches" if fit.weighted else "equal", "df": fit.df, "odds_ratio_per_year": fit.odds_ratio,
                  "ci_low": fit.ci_low, "ci_high": fit.ci_high, "p_value": fit.p_value, "no_change": 1.0,
                  "trend": relations.position(1.0, fit.ci_low, fit.ci_high)}   # an odds ratio of 1: no change
    trend = pd.DataFrame([trend])
    TREND_FORMATS = {"from_year": "year", "to_year": "year", "weighting": "key:weighting", "odds_ratio_per_year": 3,
                     "ci_low": 3, "ci_high": 3, "p_value": "pvalue", "trend": "key:trend"}
    display(tables.for_people(trend, p.lang, TREND_FORMATS, headers={
        "from_year": {"en": "From", "zh": "起始年"}, "to_year": {"en": "To", "zh": "截止年"},
        "min_points": {"en": "Known years needed", "zh": "所需已知年数"}}))
    SAY_TREND = {"en": "Trend since {from_year}: a quasi-binomial fit over {from_year}–{to_year} ({weighting}; {points} known "
                       "years, {derived_years} of them derived; t with {df} degrees of freedom) gives an odds ratio of "
                       "{odds_ratio_per_year} per year (95% CI {ci_low}–{ci_high}, p = {p_value}): {trend}.",
                 "zh": "{from_year}年以来的趋势：{from_year}—{to_year}年的拟二项拟合（{weighting}；已知{points}年，其中"
                       "{derived_years}年为推算值；t检验，自由度{df}）给出每年优势比{odds_ratio_per_year}（95%置信区间"
                       "{ci_low}—{ci_high}，p = {p_value}）：{trend}。"}
    SAY_TREND_FEW = {"en": "Trend since {from_year}: {from_year}–{to_year} has {points} known years, {derived_years} of them "
                           "derived; a trend is called only from {min_points} known years, most of them printed: none is "
                           "called here.",
                     "zh": "{from_year}年以来的趋势：{from_year}—{to_year}年间已知{points}年，其中{derived_years}年为推算值；"
                           "至少需要{min_points}个已知年份且多数为公布值才判断趋势：此处不作判断。"}
    said_trend = text.sentences(SAY_TREND if "trend" in trend else SAY_TREND_FEW, trend, TREND_FORMATS)
else:
    fit, trend, said_trend = None, None, said_base
text.show(*said_trend[p.lang])

# %% [markdown] tags=["en"]
# ### Is the change after the article's last year more than noise?
#
# A two-proportion z test between the article's last year and each later year whose counts of batches and of non-conforming batches are printed (a year without printed counts cannot be tested). The test treats each year's batches as a random sample; spot checks are not: they target risky products, and what is targeted changes every year.

# %% [markdown] tags=["zh"]
# ### 原文最后一年之后的变化是否超出随机波动？
#
# 对原文最后一年与其后每个公布了批次数和不合格批次数的年份做两比例z检验（未公布批次数的年份无法检验）。该检验把每年的抽查批次视为随机样本，而抽查并非如此：它针对风险较高的产品，且每年针对的对象都在变化。

# %%
if comparable:
    counts = nat.set_index("year")[["batches", "nonconforming_batches"]]
    then = counts.loc[BASE_YEAR]
    tests = []
    for year in later["year"]:
        now = counts.loc[year]
        row = {"from": BASE_YEAR, "to": year, "counted": bool(then.notna().all() and now.notna().all())}
        if row["counted"]:
            z, p_value = stats.two_proportion(int(then["nonconforming_batches"]), int(then["batches"]),
                                              int(now["nonconforming_batches"]), int(now["batches"]))
            row |= {"rate_from": 100 * then["nonconforming_batches"] / then["batches"],
                    "rate_to": 100 * now["nonconforming_batches"] / now["batches"], "z": z, "p": p_value}
        tests.append(row)
    tests = pd.DataFrame(tests, columns=["from", "to", "counted", "rate_from", "rate_to", "z", "p"])
    TEST_FORMATS = {"from": "year", "to": "year", "rate_from": 2, "rate_to": 2, "z": 2, "p": "pvalue",
                    "counted": {True: {"en": "printed", "zh": "已公布"}, False: {"en": "not printed", "zh": "未公布"}}}   # both years' counts
    display(tables.for_people(tests, p.lang, TEST_FORMATS, columns=["from", "to", "counted", "rate_from", "rate_to", "z", "p"],
                              headers={"counted": {"en": "Counts", "zh": "批次数"}}))
    tested = tests[tests["z"].notna()]
    tested_batches = counts.loc[[BASE_YEAR, *tested["to"]], "batches"] if len(tested) else pd.Series(dtype=float)
    summary = pd.DataFrame([{"base_year": BASE_YEAR, "later": len(tests), "tested": len(tested),
                             "untested": len(tests) - len(tested), "batches_min": tested_batches.min(),
                             "batches_max": tested_batches.max(), "alpha": ALPHA, "below_alpha": int((tested["p"] < ALPHA).sum())}])
    display(tables.for_people(summary, p.lang, {"base_year": "year", "batches_min": 0, "batches_max": 0}, headers={
        "base_year": {"en": "Base year", "zh": "基准年"}, "later": {"en": "Later years", "zh": "其后年数"},
        "tested": {"en": "Tested", "zh": "已检验"}, "untested": {"en": "Not tested", "zh": "未检验"},
        "batches_min": {"en": "Fewest batches", "zh": "最少批次数"}, "batches_max": {"en": "Most batches", "zh": "最多批次数"},
        "alpha": {"en": "Level", "zh": "显著性水平"}, "below_alpha": {"en": "p below it", "zh": "p值低于该水平"}}))
    SAY_TESTS = {"en": "Of the {later} later years shown, {tested} print their counts and are tested against {base_year}; "
                       "{untested} print none and are not. The years tested have {batches_min} to {batches_max} batches "
                       "each, so almost any difference is 'significant' (p below {alpha} in {below_alpha} of the "
                       "{tested} tests); what matters is that the samples are drawn differently every year, which no "
                       "test can correct for.",
                 "zh": "所展示的{later}个其后年份中，{tested}年公布了批次数，与{base_year}年做了检验；{untested}年未公布，"
                       "未做检验。受检年份每年有{batches_min}至{batches_max}批次，几乎任何差异都会“显著”（{tested}项检验中"
                       "有{below_alpha}项p值低于{alpha}）；关键在于每年的抽样方式不同，这是任何检验都无法校正的。"}
    SAY_NO_TESTS = {"en": "No two-proportion test: none of the later years shown prints its counts of batches and of "
                          "non-conforming batches (later years shown: {later}).",
                    "zh": "不做两比例检验：所展示的其后年份都未公布批次数和不合格批次数（其后年份数：{later}）。"}
    said_tests = text.sentences(SAY_TESTS if len(tested) else SAY_NO_TESTS, summary, {"base_year": "year", "batches_min": 0,
                                                                                     "batches_max": 0})
else:
    tests, said_tests = None, said_base
text.show(*said_tests[p.lang])

# %% [markdown] tags=["en"]
# ### Do small firms fail more often than large ones?
#
# Each year that prints the rates of both small and large firms, with the small firms' rate compared with the large firms' (as printed, to one decimal) and their ratio; then the count, one row, which the sentence reads.

# %% [markdown] tags=["zh"]
# ### 小型企业的不合格率是否高于大型企业？
#
# 列出同时公布小型和大型企业不合格率的每一年，按公布精度（一位小数）比较二者，并给出二者之比；然后是计数，共一行，下面的句子读取这一行。

# %%
gap = sizes.pivot(index="year", columns="level", values="nonconformity").reindex(columns=["large", "medium", "small"])
gap = gap.dropna(subset=["large", "small"]).reset_index()
gap["small_to_large"] = gap["small"] / gap["large"]            # how many times the large firms' rate
gap["relation"] = [relations.compare(s, l) for s, l in zip(gap["small"], gap["large"])]
SIZE_FORMATS = {"year": "year", "large": RATE, "medium": RATE, "small": RATE, "small_to_large": 1, "relation": "key:compare",
                "ratio_min": 1, "ratio_min_year": "year", "ratio_max": 1, "ratio_max_year": "year",
                "answer": {"all": {"en": "Yes, in every year that prints both.", "zh": "是的，同时公布两者的每一年都是如此。"},
                           "some": {"en": "Not in every year.", "zh": "并非每年如此。"}, "none": {"en": "No.", "zh": "不是。"}}}
if len(gap):
    display(tables.for_people(gap, p.lang, SIZE_FORMATS, columns=["year", "small", "relation", "large", "medium", "small_to_large"],
                              headers={"relation": {"en": "Small firms' rate is", "zh": "小型企业不合格率"}}))
    higher = sum(r.key == "higher" for r in gap["relation"])
    size = pd.DataFrame([{"both": len(gap), "higher": higher, "answer": relations.share(higher, len(gap)),
                          "ratio_min": gap["small_to_large"].min(), "ratio_min_year": gap.loc[gap["small_to_large"].idxmin(), "year"],
                          "ratio_max": gap["small_to_large"].max(), "ratio_max_year": gap.loc[gap["small_to_large"].idxmax(), "year"],
                          "year": gap["year"].iloc[0], "small": gap["small"].iloc[0], "large": gap["large"].iloc[0],
                          "relation": gap["relation"].iloc[0]}])
    display(tables.for_people(size, p.lang, SIZE_FORMATS, columns=["both", "higher", "answer", "ratio_min", "ratio_min_year",
                                                                   "ratio_max", "ratio_max_year"], headers={
        "both": {"en": "Years printing both", "zh": "同时公布的年数"}, "higher": {"en": "Small firms higher", "zh": "小型企业更高"},
        "answer": {"en": "Answer", "zh": "回答"}, "ratio_min": {"en": "Smallest ratio", "zh": "最小倍数"},
        "ratio_min_year": {"en": "Smallest in", "zh": "最小倍数年份"}, "ratio_max": {"en": "Largest ratio", "zh": "最大倍数"},
        "ratio_max_year": {"en": "Largest in", "zh": "最大倍数年份"}}))
    SAY_SIZE = {"en": "Did small firms fail more often than large ones? {answer} The small firms' rate was higher than the "
                      "large firms' in {higher} of the {both} years that print both; it was {ratio_min} times theirs in "
                      "{ratio_min_year} and {ratio_max} times in {ratio_max_year}.",
                "zh": "小型企业的不合格率是否高于大型企业？{answer}同时公布两者的{both}年中，有{higher}年小型企业更高；"
                      "小型企业的不合格率在{ratio_min_year}年为大型企业的{ratio_min}倍，在{ratio_max_year}年为{ratio_max}倍。"}
    SAY_SIZE_ONE = {"en": "Did small firms fail more often than large ones? In {year}, the one year shown that prints both, "
                          "the small firms' rate ({small}) was {relation} the large firms' ({large}), {ratio_min} times theirs.",
                    "zh": "小型企业的不合格率是否高于大型企业？所展示的年份中只有{year}年同时公布两者：小型企业的不合格率"
                          "（{small}）{relation}大型企业（{large}），为其{ratio_min}倍。"}
    said_size = text.sentences(SAY_SIZE_ONE if len(gap) == 1 else SAY_SIZE, size, SIZE_FORMATS)
else:
    SAY_SIZE_NONE = {"en": "None of the years shown ({years}) prints the rates of both small and large firms.",
                     "zh": "所展示的年份（{years}年）中没有同时公布小型和大型企业不合格率的年份。"}
    said_size = text.sentences(SAY_SIZE_NONE, selection, SELECTION_FORMATS)
text.show(*said_size[p.lang])

# %% [markdown] tags=["en"]
# ### Do samples bought in shops or online fail more often than factory samples?
#
# Each year that prints the factories' rate and at least one other channel's, with the lowest of the other channels' rates compared with the factories' (as printed, to one decimal): "higher than" means every other channel printed fared worse than the factories. Then the count, one row, which the sentence reads.

# %% [markdown] tags=["zh"]
# ### 流通领域（实体店和网购）样品的不合格率是否高于生产领域样品？
#
# 列出同时公布生产领域和至少一个其他领域不合格率的每一年，把其他领域中最低的不合格率与生产领域比较（按公布精度，一位小数）：“高于”即所公布的其他各领域都比生产领域差。然后是计数，共一行，下面的句子读取这一行。

# %%
rates = channels.dropna(subset=["nonconformity"]).pivot(index="year", columns="level", values="nonconformity")
others = [c for c in LEVELS if c in rates.columns and c != "production"]
both = rates.dropna(subset=["production"]).dropna(subset=others, how="all") if "production" in rates and others else rates.iloc[0:0]
both = both.reindex(columns=["production", *others]).reset_index()
both["lowest_other"] = both[others].min(axis=1) if others else pd.Series(dtype=float)
both["relation"] = [relations.compare(o, f) for o, f in zip(both["lowest_other"], both["production"])]
CHANNEL_FORMATS = {"year": "year", "lowest_other": RATE, "relation": "key:compare", "production": RATE,
                   **{c: RATE for c in others},
                   "answer": {"all": {"en": "Yes, in every year that prints both.", "zh": "是的，同时公布两者的每一年都是如此。"},
                              "some": {"en": "Not in every year.", "zh": "并非每年如此。"}, "none": {"en": "No.", "zh": "不是。"}}}
if len(both):
    display(tables.for_people(both, p.lang, CHANNEL_FORMATS, columns=["year", "production", *others, "lowest_other", "relation"],
                              headers={"lowest_other": {"en": "Lowest other channel", "zh": "其他领域最低"},
                                       "relation": {"en": "It is", "zh": "与生产领域相比"},
                                       **{c: {"en": LEVELS[c]["en"] + " (%)", "zh": LEVELS[c]["zh"] + "（%）"}
                                          for c in ["production", *others]}}))
    worse = sum(r.key == "higher" for r in both["relation"])
    channel = pd.DataFrame([{"both": len(both), "worse": worse, "answer": relations.share(worse, len(both)),
                             "year": both["year"].iloc[0], "lowest_other": both["lowest_other"].iloc[0],
                             "production": both["production"].iloc[0], "relation": both["relation"].iloc[0]}])
    display(tables.for_people(channel, p.lang, CHANNEL_FORMATS, columns=["both", "worse", "answer"], headers={
        "both": {"en": "Years printing both", "zh": "同时公布的年数"},
        "worse": {"en": "Every other channel higher", "zh": "其他领域均更高"}, "answer": {"en": "Answer", "zh": "回答"}}))
    SAY_CHANNELS = {"en": "Did samples bought in shops or online fail more often than factory samples? {answer} Every other "
                          "channel printed had a higher rate than the factories in {worse} of the {both} years that print both.",
                    "zh": "流通领域样品的不合格率是否高于生产领域样品？{answer}同时公布两者的{both}年中，有{worse}年所公布的"
                          "其他各领域不合格率都高于生产领域。"}
    SAY_CHANNELS_ONE = {"en": "Did samples bought in shops or online fail more often than factory samples? In {year}, the one "
                              "year shown that prints both, the lowest rate outside the factories ({lowest_other}) was "
                              "{relation} the factories' ({production}).",
                        "zh": "流通领域样品的不合格率是否高于生产领域样品？所展示的年份中只有{year}年同时公布两者：生产领域以外"
                              "的最低不合格率（{lowest_other}）{relation}生产领域（{production}）。"}
    said_channels = text.sentences(SAY_CHANNELS_ONE if len(both) == 1 else SAY_CHANNELS, channel, CHANNEL_FORMATS)
else:
    SAY_CHANNELS_NONE = {"en": "None of the years shown ({years}) prints the rates of both factory samples "
                               "and samples from another channel.",
                         "zh": "所展示的年份（{years}年）中没有同时公布生产领域和其他领域不合格率的年份。"}
    said_channels = text.sentences(SAY_CHANNELS_NONE, selection, SELECTION_FORMATS)
text.show(*said_channels[p.lang])

# %% [markdown] tags=["en"]
# ### Where were samples worst in the latest year that prints rates for factories and for another channel?

# %% [markdown] tags=["zh"]
# ### 在同时公布生产领域和其他领域不合格率的最近一年，哪个领域最差？

# %%
rated = channels.dropna(subset=["nonconformity"])
latest = rated[rated["year"] == both["year"].max()].sort_values("nonconformity")[["year", "level", "share_batches",
                                                                                  "batches", "nonconformity"]]
LATEST_FORMATS = {"year": "year", "level": LEVELS, "share_batches": text.Unit("%", 1), "nonconformity": RATE}
if len(latest):
    display(tables.for_people(latest, p.lang, LATEST_FORMATS))
    SAY_LATEST = {"en": "{year}, {level}: {nonconformity} of its batches non-conforming; {share_batches} of the year's batches.",
                  "zh": "{year}年，{level}：不合格率{nonconformity}，占当年批次的{share_batches}。"}
    said_latest = text.sentences(SAY_LATEST, latest, LATEST_FORMATS)
else:
    SAY_LATEST_NONE = {"en": "None of the years shown ({years}) prints the rates of both factory samples "
                             "and samples from another channel.",
                       "zh": "所展示的年份（{years}年）中没有同时公布生产领域和其他领域不合格率的年份。"}
    said_latest = text.sentences(SAY_LATEST_NONE, selection, SELECTION_FORMATS)
text.show(*said_latest[p.lang])

# %% [markdown] tags=["en"]
# ### Can the categories the article singles out be followed after its last year?
#
# Each later year shown, with the number of category rates `data/spot_checks.csv` holds for it (any release). The bulletins we could read after the article's last year print special product groups instead of the categories of the article's figure.

# %% [markdown] tags=["zh"]
# ### 原文最后一年之后，原文关注的类别能否继续追踪？
#
# 列出所展示的每个其后年份，以及 `data/spot_checks.csv` 中该年的类别比率条数（任何发布形式）。我们读到的原文最后一年之后的公告只公布专项产品组，不再公布原文图中的类别。

# %%
if comparable:
    category_rows = spot[(spot["scope"] == "category") & spot["rate"].notna()]
    followed = later[["year"]].assign(category_rates=[int((category_rows["year"] == y).sum()) for y in later["year"]])
    display(tables.for_people(followed, p.lang, {"year": "year"},
                              headers={"category_rates": {"en": "Category rates held", "zh": "类别比率条数"}}))
    with_rates = int((followed["category_rates"] > 0).sum())
    categories = pd.DataFrame([{"base_year": BASE_YEAR, "later": len(followed), "with_rates": with_rates,
                                "answer": relations.share(with_rates, len(followed))}])
    CATEGORY_FORMATS = {"base_year": "year", "answer": {"all": {"en": "Yes.", "zh": "可以。"},
                                                        "some": {"en": "Only in some years.", "zh": "只在部分年份可以。"},
                                                        "none": {"en": "No.", "zh": "不能。"}}}
    display(tables.for_people(categories, p.lang, CATEGORY_FORMATS, headers={
        "base_year": {"en": "Base year", "zh": "基准年"}, "later": {"en": "Later years", "zh": "其后年数"},
        "with_rates": {"en": "With category rates", "zh": "有类别比率的年数"}, "answer": {"en": "Answer", "zh": "回答"}}))
    SAY_CATEGORIES = {"en": "Can the article's categories be followed after {base_year}? {answer} Later years shown that have a "
                            "rate for any of them: {with_rates} of {later}.",
                      "zh": "{base_year}年之后原文关注的类别能否继续追踪？{answer}所展示的{later}个其后年份中，有任一类别比率"
                            "的年份数为{with_rates}。"}
    said_categories = text.sentences(SAY_CATEGORIES, categories, CATEGORY_FORMATS)
else:
    said_categories = said_base
text.show(*said_categories[p.lang])

# %% [markdown] tags=["en"]
# **All of this describes targeted samples.** The products checked, the share of small firms and the share bought in shops and online change every year, so a rise can mean sharper targeting as much as worse products.

# %% [markdown] tags=["zh"]
# **以上都是针对性抽样的结果。** 抽查的产品、小型企业的比例和流通领域的比例每年都在变化，因此不合格率上升既可能意味着产品更差，也可能意味着抽查更有针对性。

# %%
results.write(p.results_dir, p.notebook, pkg, {
    "span": {"first_year": p.first_year, "last_year": last_year, "last_year_asked": p.last_year},
    "national": nat, "change_points": points, "sizes": sizes.drop(columns=["release", "release_no"]), "size_gap": gap,
    "channels": channels.drop(columns=["release", "release_no"]), "channel_gap": both,
    "two_proportion_tests": tests, "trend": None if fit is None else vars(fit) | {"too_few": fit.too_few},
    "selection": said_selection, "base": said_base, "fall": said_fall, "trend_since_base": said_trend, "tests": said_tests,
    "small_vs_large": said_size, "channels_vs_factories": said_channels, "latest_channels": said_latest,
    "categories": said_categories, "figures": [{"file": f.name} for f in saved],
})
text.show(p.wrote())
results.colophon(p.lang)
