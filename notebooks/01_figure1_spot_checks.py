# %% [markdown] tags=["en"]
# # Figure 1 of the article, rebuilt from the spot-check bulletins
#
# [中文版](../zh/01_figure1_spot_checks.ipynb) · back to the [claims ledger](00_claims_ledger.ipynb) · data descriptor: [`data/datapackage.json`](../../data/datapackage.json)
#
# **Question.** The article's only figure (its Figure 1, in section 3) plots, year by year, the share of non-conforming batches found in each product category of China's national product-quality supervision spot checks (产品质量国家监督抽查). Can that figure be rebuilt from the published bulletins, and what do the bulletins support?
#
# **What we have of the article's figure.** Our pages hold the figure's caption, not its plotted values: no number of the article's plot can be read, and none is typed here. The rebuild therefore stands beside the bulletins, which we read, and is checked against them; it is not, and cannot be, compared with the article's plot. The caption as printed is written out below by the code, beside the years and categories this run shows.
#
# **Data.** `data/spot_checks.csv`, transcribed from the annual results announced by 国家质检总局 (AQSIQ, which printed a pass rate, 抽查合格率) and, after the reorganisation, by 市场监管总局 (SAMR, which prints a non-conformity rate, 不合格发现率), read through reposts and news reports; each row names its page in `data/sources.csv`. A rate that a later release implies through its printed change ("down so many points on the year before") is derived below, in the open, never typed in. Cells that no source gives stay empty.

# %% [markdown] tags=["zh"]
# # 重建原文图1：依据产品质量国家监督抽查公告
#
# [English version](../en/01_figure1_spot_checks.ipynb) · 返回[论断核查总表](00_claims_ledger.ipynb) · 数据说明：[`data/datapackage.json`](../../data/datapackage.json)
#
# **问题。** 原文唯一的一幅图（第3节的图1）逐年画出产品质量国家监督抽查中各类产品的不合格发现率。能否依据公开发布的抽查公告重建这幅图？公告能支持哪些结论？
#
# **我们掌握的原图信息。** 我们的页面上只有该图的图题，没有所绘数值：原图上的数字一个也读不到，这里也不录入任何数字。因此，重建图只与我们读到的公告并列、并用公告核对，而不能与原图比较。图题原文由下面的代码写出，并列出本次运行显示的年份和类别。
#
# **数据。** `data/spot_checks.csv`，转录自国家质检总局（公布抽查合格率）和机构改革后的市场监管总局（公布不合格发现率）发布的年度抽查结果，经由转载和新闻报道读取；每行都注明其网页在 `data/sources.csv` 中的记录。后续公告通过其公布的变化（“比上年下降若干个百分点”）所隐含的比率，在下文公开推算，不手工录入。没有来源给出的单元格保持空白。

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

# %% [markdown] tags=["en"]
# ## What this run shows
#
# The years and categories of this run (its parameters) beside the span of the article's figure, and the caption as the article prints it.

# %% [markdown] tags=["zh"]
# ## 本次运行显示的范围
#
# 本次运行的年份和类别（即其参数），与原图覆盖的年份并列，另附原文所印的图题。

# %%
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from compendium import data, ledger, plotting, relations, results, stats, tables, text, verdicts
from compendium.printed import half_unit

pkg = data.load(p.data_dir)   # the whole package, checked before use
spot, spot_text = pkg["spot_checks"], pkg.text["spot_checks"]   # typed, and as printed
categories = pkg["categories"].sort_values("order")
selected = params.selected("categories", p.categories, dict(zip(categories["code"], categories["code"]))
                           | dict(zip(categories["name_zh"], categories["code"])))
params.years_within(p, int(spot["year"].min()), int(spot["year"].max()))
years = list(range(p.first_year, p.last_year + 1))
scopes = ["national", *selected]   # the series of this run: the national rate and each selected category
names = text.category_names(categories, p.lang)   # 'national' and each category code -> its name, for the figure
NAMES = {s: {lang: text.category_names(categories, lang)[s] for lang in text.LANGUAGES} for s in names} | {
    "categories_total": {"en": "Selected categories, together", "zh": "所选类别合计"},
    "total": {"en": "Every series of this run", "zh": "本次运行的全部系列"}}
FORMATS = {"scope": NAMES, "category": NAMES, "year": "year", "status": "key:status", "nonconformity": 1,
           "margin": 2, "first_year": "year", "last_year": "year"}

ARTICLE_YEARS = (2014, 2018)   # the years of the article's Figure 1, as its caption prints them
CAPTION = f"图1 八大类产品不合格发现率 ({ARTICLE_YEARS[0]}—{ARTICLE_YEARS[1]}年)"   # the caption as printed

run = pd.DataFrame([{"first_year": p.first_year, "last_year": p.last_year, "article_first": ARTICLE_YEARS[0],
                     "article_last": ARTICLE_YEARS[1], "shown": len(selected), "of": len(categories),
                     "drawn": relations.share(len(selected), len(categories)), "caption": CAPTION}])
RUN_FORMATS = FORMATS | {"article_first": "year", "article_last": "year", "drawn": {
    "all": {"en": "all categories", "zh": "全部类别"}, "some": {"en": "selected categories", "zh": "所选类别"},
    "none": {"en": "no category", "zh": "无类别"}}}
tables.for_people(run, p.lang, RUN_FORMATS, columns=["first_year", "last_year", "shown", "of", "drawn", "article_first",
                                                     "article_last", "caption"],
                  headers={"first_year": {"en": "Shown from", "zh": "显示起始年"},
                           "last_year": {"en": "Shown to", "zh": "显示截止年"},
                           "shown": {"en": "Categories shown", "zh": "显示的类别数"},
                           "of": {"en": "Categories in the data", "zh": "数据中的类别数"},
                           "drawn": {"en": "Drawn", "zh": "所画类别"},
                           "article_first": {"en": "Article's figure from", "zh": "原图起始年"},
                           "article_last": {"en": "Article's figure to", "zh": "原图截止年"},
                           "caption": {"en": "Article's caption, as printed", "zh": "原文图题"}})

# %%
SAY_RUN = {"en": "This run shows {first_year}–{last_year} and {drawn} ({shown} of {of}); the article's Figure 1 spans "
                 "{article_first}–{article_last}. Of that figure our pages hold only the caption, “{caption}” (the "
                 "non-conformity rates of the eight product categories), not the plotted values: this rebuild is "
                 "compared with the spot-check bulletins, not with the article's plot.",
           "zh": "本次运行显示{first_year}—{last_year}年、{drawn}（共{of}类中的{shown}类）；原文图1覆盖"
                 "{article_first}—{article_last}年。该图在我们的页面上只有图题“{caption}”，没有所绘数值：本重建只与"
                 "监督抽查公告比对，而不与原图比对。"}
run_said = text.sentences(SAY_RUN, run, RUN_FORMATS)
text.show(*run_said[p.lang])

# %% [markdown] tags=["en"]
# ## Rates printed, and rates derived from printed changes
#
# AQSIQ printed a pass rate, SAMR prints a non-conformity rate: as non-conformity, a pass rate *r* is 100 − *r*. A printed number carries its rounding: it stands for anything within half a unit of its last digit, either way.
#
# A release that prints a rate and its change on an earlier year implies that year's rate: earlier = rate − change, in the measure printed. A change in pass rate moves non-conformity the other way, so as non-conformity the earlier rate is the later one *plus* the printed change. A release that prints only a change uses its year's rate as known from elsewhere (printed, or derived first); a year that prints only its change on a known earlier year is that year's rate plus the change. Each step adds the rounding of the change it uses. The loop below repeats until no new cell appears; it reads every release, since a rate of this run's years may rest on a release of another year. The table after it counts, for each series of this run and its years only, the rates printed in annual results and those derived.

# %% [markdown] tags=["zh"]
# ## 公布的比率，以及由公布的变化推算的比率
#
# 质检总局公布抽查合格率，市场监管总局公布不合格发现率：换算为不合格率，合格率 *r* 对应 100 − *r*。公布的数字带有取整误差：它代表末位数字上下半个单位以内的任何值。
#
# 一份公告若公布了某个比率及其与较早年份相比的变化，就隐含了那一年的比率：较早年份的比率 = 比率 − 变化（按所公布的指标）。合格率的变化使不合格率反向变动，因此换算为不合格率后，较早年份的比率等于较晚年份的比率*加上*公布的变化。只公布变化的公告，使用从别处得知的本年比率（公布值，或先行推算的值）；只公布与某个已知较早年份相比之变化的年份，其比率为那一年的比率加上变化。每一步都加上所用变化的取整误差。下面的循环反复进行，直到不再出现新的单元格；它读取全部公告，因为本次运行所含年份的比率可能依据其他年份的公告。循环之后的表只统计本次运行的各系列及其年份：年度结果中公布的比率数，以及推算出的比率数。

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
printed = pd.DataFrame(printed_cells)
derived = pd.DataFrame(derived_cells)

# What the loop found for this run: its series, its years.
in_run = {"printed": printed[printed["scope"].isin(scopes) & printed["year"].isin(years)],
          "derived": derived[derived["scope"].isin(scopes) & derived["year"].isin(years)]}
found = pd.DataFrame({"scope": scopes,
                      "printed": [int((in_run["printed"]["scope"] == s).sum()) for s in scopes],
                      "derived": [int((in_run["derived"]["scope"] == s).sum()) for s in scopes]})
found = pd.concat([found, pd.DataFrame([{"scope": "total", "printed": found["printed"].sum(),
                                         "derived": found["derived"].sum()}])], ignore_index=True)
FOUND_HEADERS = {"printed": {"en": "Rates printed in annual results", "zh": "年度结果中公布的比率"},
                 "derived": {"en": "Rates derived from printed changes", "zh": "由公布的变化推算的比率"}}
tables.for_people(found, p.lang, FORMATS, columns=["scope", "printed", "derived"], headers=FOUND_HEADERS)

# %%
SAY_FOUND = {"en": "For the series and years of this run, the annual results print {printed} rates and printed changes "
                   "imply {derived}; a year may be implied more than once, or be printed as well (such pairs are compared "
                   "below).",
             "zh": "在本次运行的各系列和年份中，年度结果公布了{printed}个比率，公布的变化隐含了{derived}个比率；同一年份可能"
                   "被推算不止一次，也可能同时有公布值（这类成对的数值在下文比对）。"}
found_said = text.sentences(SAY_FOUND, found[found["scope"] == "total"], FORMATS)
text.show(*found_said[p.lang])

# %% [markdown] tags=["en"]
# ## The figure's cells
#
# Each series and year of this run takes the printed rate if there is one, else a derived one (one based on annual results before one based on a part-year release), else stays missing. The table counts each series' cells by how they were found; a derived value carries the rounding of every printed figure it comes from, and the last two columns give the smallest and largest such margin. The row for the selected categories together is the figure's category cells, the national line aside.

# %% [markdown] tags=["zh"]
# ## 图中的单元格
#
# 本次运行的每个系列、每一年：有公布值时取公布值，否则取推算值（依据年度结果的推算值优先于依据年中或分批公告的推算值），都没有则保持缺失。下表按来由统计各系列的单元格；推算值带有其所依据的每个公布数字的取整误差，最后两列给出这种误差的最小值和最大值。“所选类别合计”一行是图中各类别的单元格，不含全国那条线。

# %%
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


def tally(cells, scope):
    """One row of the coverage table: the cells of ``cells`` by status, and the margins of the derived ones."""
    margins = cells.loc[cells["status"] == "derived", "margin"].astype(float)
    row = {"scope": scope, "cells": len(cells), **{s: int((cells["status"] == s).sum()) for s in ("printed", "derived", "missing")},
           "margin_low": margins.min() if len(margins) else pd.NA, "margin_high": margins.max() if len(margins) else pd.NA}
    row["known"] = row["printed"] + row["derived"]   # printed or derived: a value the figure can draw
    return row | {"extent": relations.share(row["known"], row["cells"]),
                  "derived_share": relations.share(row["derived"], row["cells"])}


coverage = pd.DataFrame([tally(grid[grid["scope"] == s], s) for s in scopes]
                        + [tally(grid[grid["scope"] != "national"], "categories_total")])
COVERAGE_FORMATS = FORMATS | {"margin_low": 2, "margin_high": 2, "extent": {
    "all": {"en": "in full", "zh": "可以完整重建"}, "some": {"en": "only in part", "zh": "只能部分重建"},
    "none": {"en": "not at all", "zh": "完全无法重建"}}, "derived_share": {
    "all": {"en": "all derived", "zh": "全部为推算值"}, "some": {"en": "some derived", "zh": "部分为推算值"},
    "none": {"en": "none derived", "zh": "没有推算值"}}}
COVERAGE_HEADERS = {"cells": {"en": "Cells", "zh": "单元格数"}, "printed": {"en": "Printed", "zh": "来源公布"},
                    "known": {"en": "Known (printed or derived)", "zh": "已知（公布或推算）"},
                    "derived": {"en": "Derived", "zh": "推算"}, "missing": {"en": "None found", "zh": "未找到"},
                    "margin_low": {"en": "Smallest margin of a derived value (± points)", "zh": "推算值的最小取整误差（±百分点）"},
                    "margin_high": {"en": "Largest margin of a derived value (± points)", "zh": "推算值的最大取整误差（±百分点）"}}
tables.for_people(coverage, p.lang, COVERAGE_FORMATS, columns=["scope", "cells", "printed", "derived", "missing",
                                                               "margin_low", "margin_high"], headers=COVERAGE_HEADERS)

# %%
categories_total = coverage[coverage["scope"] == "categories_total"]
SAY_MARGINS = {
    "some": {"en": "{derived} of the {cells} category cells of this run are derived; each carries the rounding of every "
                   "printed figure it comes from, here at most ±{margin_high} points.",
             "zh": "本次运行的{cells}个类别单元格中有{derived}个为推算值；每个推算值都带有其所依据的每个公布数字的取整误差，"
                   "这里最大为±{margin_high}个百分点。"},
    "all": {"en": "All {derived} category cells of this run are derived; each carries the rounding of every printed figure "
                  "it comes from, here at most ±{margin_high} points.",
            "zh": "本次运行的{derived}个类别单元格全部为推算值；每个推算值都带有其所依据的每个公布数字的取整误差，这里最大为"
                  "±{margin_high}个百分点。"},
    "none": {"en": "None of the {cells} category cells of this run is derived: {printed} printed, {missing} missing.",
             "zh": "本次运行的{cells}个类别单元格中没有推算值：来源公布{printed}个，缺失{missing}个。"}}
margins_said = text.sentences_by("derived_share", SAY_MARGINS, categories_total, COVERAGE_FORMATS)
text.show(*margins_said[p.lang])

# %% [markdown] tags=["en"]
# ## The figure
#
# Filled markers are rates printed by a source; open markers are rates derived from a printed rate and its printed change. A line is drawn only between two consecutive known years, so a gap means that no source was found for that year. The dashed grey line is the national rate over all categories. Each category keeps its own colour whichever categories a run selects.

# %% [markdown] tags=["zh"]
# ## 图
#
# 实心标记为来源公布的比率；空心标记为由公布的比率及其公布的变化推算的比率。只有相邻两年都已知时才连线，断开处表示那一年未找到来源。灰色虚线为全部类别的全国不合格率。无论一次运行选择哪些类别，每个类别都保持自己的颜色。

# %%
TITLE = {"en": "Non-conforming batches by product category, {first_year}–{last_year}: {drawn} ({shown} of {of})",
         "zh": "产品质量国家监督抽查各类别不合格发现率（{first_year}—{last_year}年）：{drawn}（{of}类中的{shown}类）"}
title = text.sentences(TITLE, run, RUN_FORMATS)
figure = plotting.figure1(grid, {s: names[s] for s in scopes}, list(categories["code"]), years, title[p.lang][0], p.lang)
saved = plotting.save(figure, p.figure_folder, "figure1", formats=("png", "svg"))
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Values behind the figure
#
# Non-conformity rate (% of batches), by series and year; `*` marks a derived value, an empty cell a value no source gave.

# %% [markdown] tags=["zh"]
# ## 图中的数值
#
# 各系列逐年的不合格率（占批次的%）；`*` 表示推算值，空白表示没有来源给出的数值。

# %%
rate = text.formatter(FORMATS["nonconformity"], p.lang)
values = grid.assign(cell=[rate(r.nonconformity) + ("*" if r.status == "derived" else "") if r.status != "missing" else ""
                           for r in grid.itertuples()])
wide = values.pivot(index="scope", columns="year", values="cell").reindex(scopes)
tables.Table(pd.DataFrame({tables.header("category", p.lang): [names[s] for s in wide.index],
                           **{str(y): list(wide[y]) for y in wide.columns}}))

# %% [markdown] tags=["en"]
# ### How each category-year cell was found
#
# Which of the selected categories' cells are printed in a source, derived from a printed change, or missing.

# %% [markdown] tags=["zh"]
# ### 各类别–年份单元格的来由
#
# 所选类别的各单元格中，哪些由来源公布，哪些由公布的变化推算，哪些缺失。

# %%
status = text.formatter(FORMATS["status"], p.lang)
statuses = grid[grid["scope"] != "national"].pivot(index="scope", columns="year", values="status").reindex(selected)
tables.Table(pd.DataFrame({tables.header("category", p.lang): [names[s] for s in statuses.index],
                           **{str(y): [status(v) for v in statuses[y]] for y in statuses.columns}}))

# %% [markdown] tags=["en"]
# **What was looked for where a cell is missing.** For every category and every year of the article's figure: the category paragraph of the annual announcement (质检总局 announcements such as 2016年第12号 and 2018年第8号; 市场监管总局 2019年第19号), reprints of single category paragraphs on trade sites (textiles, appliances, building materials, fertiliser, electrical, packaging), and part-year and batch releases that state a category's change against the previous full year. The stored copies of the full announcements stop before most category paragraphs, so the cells marked missing remain missing. For the later years the data hold the national series only (notebook `07_spot_checks_since_2018` follows it). Nothing is estimated to fill a missing cell.
#
# Every known cell, with how it was found, its rounding margin and every source its value rests on: for a derived value, the release that printed the later rate and each release whose printed change it uses.

# %% [markdown] tags=["zh"]
# **单元格缺失之处查找过什么。** 对原图覆盖的每个类别、每一年，我们查找了：年度公告中该类别的段落（质检总局2016年第12号、2018年第8号等公告；市场监管总局2019年第19号公告），行业网站对单个类别段落的转载（纺织品、家电、建材、化肥、电工、包装），以及给出某类别与上一整年相比之变化的年中公告和分批公告。我们存有的公告全文副本在大多数类别段落之前就中断了，因此标为缺失的单元格仍然缺失。此后各年的数据只有全国系列（见笔记本 `07_spot_checks_since_2018`）。缺失的单元格一律不作估计填补。
#
# 下表列出每个已知单元格：其数值来由、取整误差，以及其数值所依据的每个来源；推算值列出公布较晚年份比率的公告，以及所用到的每一个公布变化的公告。

# %%
HOW = {
    "release": {"annual": {"en": "{year}", "zh": "{year}年"}, "batch": {"en": "{year} batch {no}", "zh": "{year}年第{no}批"},
                "half_year": {"en": "{year} half-year {no}", "zh": "{year}年{half}"}},
    "half": {1: "上半年", 2: "下半年"},   # the Chinese for half-year 1 and 2
    "measure": {"pass_rate": {"en": "pass rate", "zh": "合格率"},
                "nonconformity_rate": {"en": "non-conformity rate", "zh": "不合格率"}},
    "printed": {"en": "printed as the {release} rate", "zh": "公布的{release}比率"},   # in the document its source names
    "rate": {"en": "the {release} {measure} of {rate}%", "zh": "{release}{measure}{rate}%"},
    "back": {"en": "{base}, less the printed change in {measure} of {change} points",
             "zh": "{base}，减去公布的{measure}变化{change}个百分点"},
    "forward": {"en": "{base}, plus the next year's printed change in {measure} of {change} points",
                "zh": "{base}，加上次年公布的{measure}变化{change}个百分点"},
}


def how(basis, lang):
    """How a cell's rate was found, in words; numbers as printed in the releases."""
    if basis["kind"] in ("printed", "rate"):
        r = basis["release"]
        label = HOW["release"][r["release"]][lang].format(year=r["year"], no=r["no"], half=HOW["half"].get(r["no"], ""))
        fields = {"release": label} if basis["kind"] == "printed" else \
            {"release": label, "measure": HOW["measure"][basis["measure"]][lang], "rate": basis["rate"]}
        return HOW[basis["kind"]][lang].format(**fields)
    return HOW[basis["kind"]][lang].format(base=how(basis["base"], lang), change=basis["change"],
                                           measure=HOW["measure"][basis["measure"]][lang])


known = grid[grid["status"] != "missing"]
tables.for_people(known.assign(basis_text=[how(b, p.lang) for b in known["basis"]],
                               source_ids=[", ".join(s) for s in known["sources"]]),
                  p.lang, FORMATS, columns=["scope", "year", "status", "nonconformity", "margin", "basis_text", "source_ids"],
                  headers={"margin": {"en": "Rounding margin (± points)", "zh": "取整误差（±百分点）"}})

# %% [markdown] tags=["en"]
# **Where these values were read.** The kind of site that holds each page a cell rests on (the `outlet` and `unrelated_domain` columns of `data/sources.csv`); a page on a site unrelated to its content is kept only where no better copy was found (`verification/source_searches.csv`).

# %% [markdown] tags=["zh"]
# **这些数值在哪里读到。** 各单元格所依据的网页分别位于哪类网站（`data/sources.csv` 的 `outlet` 和 `unrelated_domain` 两列）；与内容无关的网站上的网页，只在找不到更好的副本时才保留（`verification/source_searches.csv`）。

# %%
text.show(*ledger.where_read(known["sources"].explode(), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ### Printed and derived values that meet
#
# Where a rate of this run's series and years is both printed and implied by a change, the two must agree within the rounding of the printed numbers (the sum of both margins). A disagreement would point to a transcription error or to releases that contradict each other.

# %% [markdown] tags=["zh"]
# ### 公布值与推算值的相互印证
#
# 本次运行的系列和年份中，若某个比率既有公布值、又可由某个变化推算，二者之差须在公布数字的取整误差（两者误差之和）以内。若不一致，说明转录有误，或各公告彼此矛盾。

# %%
AGREEMENT = {"inside": {"en": "agree", "zh": "一致"},
             "below": {"en": "printed below the derived range", "zh": "公布值低于推算区间"},
             "above": {"en": "printed above the derived range", "zh": "公布值高于推算区间"}}
meet = in_run["derived"].merge(printed[["scope", "year", "nonconformity", "margin"]], on=["scope", "year"],
                               suffixes=("", "_printed")) if len(in_run["derived"]) else \
    pd.DataFrame(columns=["scope", "year", "nonconformity", "margin", "nonconformity_printed", "margin_printed", "basis"])
meet = meet.reset_index(drop=True)
meet["allowed"] = (meet["margin"] + meet["margin_printed"]).round(6)
meet["agreement"] = [relations.position(r.nonconformity_printed, r.nonconformity - r.allowed - 1e-9,
                                        r.nonconformity + r.allowed + 1e-9) for r in meet.itertuples()]
NO_MEET = {"en": "No rate of this run's series and years is both printed and implied by a change.",
           "zh": "本次运行的系列和年份中，没有哪个比率既有公布值、又可由某个变化推算。"}
tables.for_people(meet.assign(printed=meet["nonconformity_printed"], derived=meet["nonconformity"],
                              basis_text=[how(b, p.lang) for b in meet["basis"]]),
                  p.lang, FORMATS | {"printed": 1, "derived": 1, "allowed": 2, "agreement": AGREEMENT},
                  columns=["scope", "year", "printed", "derived", "allowed", "agreement", "basis_text"],
                  headers={"allowed": {"en": "Allowed difference (± points)", "zh": "允许差异（±百分点）"}}) \
    if len(meet) else text.show(NO_MEET[p.lang])

# %% [markdown] tags=["en"]
# ## The national series
#
# National totals of this run's years as printed in the annual results: what was checked each year, then the rate in the measure each publisher used and the same rate as non-conformity.

# %% [markdown] tags=["zh"]
# ## 全国系列
#
# 本次运行所含年份的全国合计，按年度结果所印：每年抽查的规模，然后是各发布机构所用指标下的比率，以及换算成不合格率后的同一比率。

# %%
national = spot[(spot["scope"] == "national") & (spot["release"] == "annual") & spot["year"].isin(years)]
national = national.assign(nonconformity=[nonconformity(m, r) if not pd.isna(r) else pd.NA
                                          for m, r in zip(national["measure"], national["rate"])]).sort_values("year")
tables.for_people(national, p.lang, FORMATS, columns=["year", "kinds", "enterprises", "batches", "nonconforming_batches"])

# %%
tables.for_people(national, p.lang, FORMATS | {"printed_as": lambda v: text.term(pkg["terms"], "measure", v, p.lang),
                                               "rate": 1, "change_pp": 1, "change_vs": "year"},
                  columns=["year", "printed_as", "rate", "change_pp", "change_vs", "nonconformity", "source_id"])

# %% [markdown] tags=["en"]
# ## How uncertain are these rates?
#
# **Spot checks are not random samples**: they target products and firms with known risks, and the mix changes every year. A Wilson 95% interval describes only the binomial noise of one year's checked batches; it is not a margin of error for the quality of all products on the market. The table gives one for each printed rate of this run whose number of batches is printed too. Where only the rate is printed, the count of non-conforming batches is taken as rate × batches. Beside it stands the exact (Clopper-Pearson) interval, on that count rounded to a whole batch, and the larger gap between the two intervals' ends.

# %% [markdown] tags=["zh"]
# ## 这些比率的不确定性有多大？
#
# **监督抽查不是随机抽样**：它针对已知有风险的产品和企业，而且每年的抽样构成都在变化。威尔逊（Wilson）95%区间只描述某一年所抽批次的二项随机误差，并不是全部上市产品质量的误差范围。下表对本次运行中同时公布了批次数的每个公布比率给出该区间。只公布比率时，不合格批次数取比率×批次数。旁边列出精确（Clopper-Pearson）区间（以取整到整批的批次数计算），以及两个区间端点之差中较大的一个。

# %%
intervals = known[known["status"].eq("printed") & known["batches"].notna()].copy()
counts = [r.nonconforming_batches if not pd.isna(r.nonconforming_batches) else r.nonconformity / 100 * r.batches
          for r in intervals.itertuples()]
bounds = [stats.wilson(k, int(n)) for k, n in zip(counts, intervals["batches"])]
# The exact (Clopper-Pearson) interval on the count rounded to a whole batch, for comparison.
exact = [proportion_confint(round(k), int(n), method="beta") for k, n in zip(counts, intervals["batches"])]
intervals = intervals.assign(
    wilson_low=[b[0] for b in bounds], wilson_high=[b[1] for b in bounds],
    exact_low=[100 * e[0] for e in exact], exact_high=[100 * e[1] for e in exact],
    interval_basis=["count" if not pd.isna(k) else "rate" for k in intervals["nonconforming_batches"]])
intervals["gap"] = [max(abs(r.exact_low - r.wilson_low), abs(r.exact_high - r.wilson_high)) for r in intervals.itertuples()]
INTERVAL_FORMATS = FORMATS | {"batches": 0, "wilson_low": 2, "wilson_high": 2, "exact_low": 2, "exact_high": 2, "gap": 3,
                              "bound": 2, "relation": "key:compare", "interval_basis": {
                                  "count": {"en": "printed count of non-conforming batches", "zh": "公布的不合格批次数"},
                                  "rate": {"en": "printed rate × printed batches", "zh": "公布的比率×公布的批次数"}}}
NO_INTERVAL = {"en": "No rate of this run's series and years has its number of batches printed: no interval is computed.",
               "zh": "本次运行的系列和年份中，没有哪个比率同时公布了批次数：不计算区间。"}
tables.for_people(intervals, p.lang, INTERVAL_FORMATS,
                  columns=["scope", "year", "batches", "nonconformity", "wilson_low", "wilson_high", "exact_low",
                           "exact_high", "gap", "interval_basis"],
                  headers={"wilson_low": {"en": "Wilson from (%)", "zh": "威尔逊区间下限（%）"},
                           "wilson_high": {"en": "Wilson to (%)", "zh": "威尔逊区间上限（%）"},
                           "exact_low": {"en": "Exact from (%)", "zh": "精确区间下限（%）"},
                           "exact_high": {"en": "Exact to (%)", "zh": "精确区间上限（%）"},
                           "gap": {"en": "Largest gap between ends (points)", "zh": "端点之差的最大值（百分点）"}}) \
    if len(intervals) else text.show(NO_INTERVAL[p.lang])

# %% [markdown] tags=["en"]
# How close are the two intervals? The row of the largest gap, compared with the rounding of the printed rates (half a unit of their last digit): a gap below it is smaller than what the printed numbers themselves leave open.

# %% [markdown] tags=["zh"]
# 两种区间有多接近？下面是端点之差最大的一行，并与公布比率的取整误差（末位数字的半个单位）比较：差距若低于取整误差，就小于公布数字本身留下的不确定范围。

# %%
if len(intervals):
    widest = intervals.loc[intervals["gap"].idxmax()]
    bound = float(intervals["margin"].astype(float).min())   # the rounding of the printed rates: half their last digit
    wilson_vs_exact = pd.DataFrame([{"scope": widest["scope"], "year": widest["year"], "gap": widest["gap"], "bound": bound,
                                     "relation": relations.compare(widest["gap"], bound, decimals=3)}])
else:
    wilson_vs_exact = pd.DataFrame(columns=["scope", "year", "gap", "bound", "relation"])
None if wilson_vs_exact.empty else tables.for_people(wilson_vs_exact, p.lang, INTERVAL_FORMATS, columns=["scope", "year", "gap", "relation", "bound"],
                  headers={"gap": {"en": "Largest gap (points)", "zh": "最大差距（百分点）"},
                           "relation": {"en": "Compared", "zh": "比较"},
                           "bound": {"en": "Rounding of a printed rate (± points)", "zh": "公布比率的取整误差（±百分点）"}})

# %%
SAY_WILSON = {"en": "On these counts, the ends of Wilson's interval and of the exact (Clopper-Pearson) interval lie at most "
                    "{gap} points apart ({scope}, {year}): {relation} the ±{bound} points of a printed rate's rounding.",
              "zh": "按这些批次数，威尔逊区间与精确（Clopper-Pearson）区间的端点最多相差{gap}个百分点（{scope}，{year}年），"
                    "{relation}公布比率的取整误差（±{bound}个百分点）。"}
wilson_said = text.sentences(SAY_WILSON, wilson_vs_exact, INTERVAL_FORMATS)
if len(wilson_vs_exact):   # else the table above said that no interval is computed
    text.show(*wilson_said[p.lang])

# %% [markdown] tags=["en"]
# ## Trends
#
# A quasi-binomial GLM (logit link) of the non-conformity proportion on year, per series of this run: the odds ratio is the multiplicative change in the odds of a non-conforming batch per year. The dispersion is estimated from the data, because year-to-year changes in what is sampled dwarf binomial noise; with so few points, the interval and p-value then use t with the residual degrees of freedom (as R's `summary(glm(..., family = quasibinomial))` does; `tests/r/` holds R's fit of the national series). A trend is called rising or falling only when its 95% interval excludes an odds ratio of one (no change). A series with fewer known years than the minimum the table gives, or with more derived than printed years, is not given a trend: too few points.

# %% [markdown] tags=["zh"]
# ## 趋势
#
# 对本次运行的每个系列，以不合格比例对年份拟合准二项广义线性模型（logit 连接）：优势比是每年不合格批次的优势（odds）相乘变化的倍数。离散参数由数据估计，因为各年抽样内容的变化远大于二项随机误差；数据点这么少，区间和 p 值因而用以残差自由度计的 t 分布（与 R 的 `summary(glm(..., family = quasibinomial))` 相同；`tests/r/` 中存有 R 对全国系列的拟合）。只有当95%置信区间不包含优势比为一（无变化）时，才称趋势为上升或下降。已知年份少于表中所列最低年数、或推算年份多于公布年份的系列，不判断趋势：数据点太少。

# %%
rows = []
for scope in scopes:
    sub = known[known["scope"] == scope]
    n_derived = int((sub["status"] == "derived").sum())
    weighted = sub["status"].eq("printed").all() and sub["batches"].notna().all()
    fit = stats.glm_trend(sub["year"], sub["nonconformity"].astype(float), sub["batches"] if weighted else None,
                          derived=n_derived) if len(sub) >= 3 else None
    row = {"scope": scope, "points": len(sub), "derived_years": n_derived, "min_points": stats.MIN_POINTS, "trend": "too_few"}
    if fit is not None:
        row |= {"df": fit.df, "weighting": "batches" if fit.weighted else "equal", "odds_ratio_per_year": fit.odds_ratio,
                "ci_low": fit.ci_low, "ci_high": fit.ci_high, "p_value": fit.p_value, "no_change": 1.0,   # odds ratio 1
                "trend": "too_few" if fit.too_few else relations.position(1.0, fit.ci_low, fit.ci_high)}
    rows.append(row)
trends = pd.DataFrame(rows, columns=["scope", "points", "derived_years", "min_points", "df", "weighting",
                                     "odds_ratio_per_year", "ci_low", "ci_high", "no_change", "p_value", "trend"]).astype({"df": "Int64"})
TREND_FORMATS = FORMATS | {"points": 0, "derived_years": 0, "min_points": 0, "df": 0, "weighting": "key:weighting",
                           "odds_ratio_per_year": 3, "ci_low": 3, "ci_high": 3, "p_value": "pvalue", "trend": "key:trend"}
tables.for_people(trends, p.lang, TREND_FORMATS,
                  headers={"min_points": {"en": "Known years needed", "zh": "所需已知年数"}})

# %%
SAY_TREND = {"en": "Trend, {scope}: odds ratio {odds_ratio_per_year} per year (95% CI {ci_low}–{ci_high}; t with {df} "
                   "degrees of freedom, p = {p_value}; {points} known years): {trend}.",
             "zh": "趋势，{scope}：每年优势比{odds_ratio_per_year}（95%置信区间{ci_low}—{ci_high}；t 分布，自由度{df}，"
                   "p = {p_value}；已知{points}年）：{trend}。"}
SAY_FEW = {"en": "Trend, {scope}: {points} known years, {derived_years} of them derived: {trend} to call a trend (a trend needs "
                 "{min_points} known years, most of them printed).",
           "zh": "趋势，{scope}：已知{points}年，其中{derived_years}年为推算值：{trend}，不判断趋势（需要{min_points}个已知年份，"
                 "且多数为公布值）。"}
called = trends["trend"].map(lambda t: isinstance(t, relations.Relation))
trends_said = {"called": text.sentences(SAY_TREND, trends[called], TREND_FORMATS),
               "too_few": text.sentences(SAY_FEW, trends[~called], TREND_FORMATS)}
by_row = dict(zip(trends.index[called], trends_said["called"][p.lang])) | \
    dict(zip(trends.index[~called], trends_said["too_few"][p.lang]))
text.show(*[by_row[i] for i in trends.index])   # in the table's order

# %% [markdown] tags=["en"]
# ## The article's sentence on product counts
#
# Section 3 of the article counts, for the last year of its figure, the products of several categories whose non-conformity rate exceeded a threshold. Checking it needs the product-level results of that year (the category paragraphs of the SAMR announcement); the claims are rows of `data/claims.csv`. The first table shows how many of the article's counts concern a category and a year of this run; the next, those counts.

# %% [markdown] tags=["zh"]
# ## 原文关于产品数目的表述
#
# 原文第3节就其图中最后一年，列出若干类别中不合格发现率超过某一阈值的产品数。核查需要该年产品层面的结果（市场监管总局公告中的各类别段落）；这些论断是 `data/claims.csv` 中的行。第一张表显示原文的这些数目中有几个涉及本次运行的类别和年份；下一张表列出这些数目。

# %%
claims = pkg["claims"].query("notebook == '01_figure1_spot_checks'")
checked = verdicts.check_all(claims, pkg["claim_values"].set_index("value_id"),
                             pkg.text["claims"].set_index("claim_id")["stated_value"])
COUNTED = {"S3-spot-2018-daily": "daily_textile", "S3-spot-2018-electronics": "electronics",
           "S3-spot-2018-light": "light_industry"}   # the category each count is about (its claim says)
THRESHOLD = 5   # per cent: the threshold of the article's sentence (the claims' statement_en)
counted = claims.merge(checked[["claim_id", "verdict"]], on="claim_id").assign(
    category=lambda d: d["claim_id"].map(COUNTED), year=ARTICLE_YEARS[1], threshold=THRESHOLD)
counted["in_run"] = counted["category"].isin(selected) & counted["year"].isin(years)
in_run_counts = pd.DataFrame([{"counts": len(counted), "in_run": int(counted["in_run"].sum()),
                               "section": counted["section"].iloc[0], "year": ARTICLE_YEARS[1]}])
tables.for_people(in_run_counts, p.lang, FORMATS | {"section": None},
                  columns=["section", "year", "counts", "in_run"],
                  headers={"section": {"en": "Section of the article", "zh": "原文章节"},
                           "year": {"en": "Year counted", "zh": "所计年份"},
                           "counts": {"en": "Product counts in its sentence", "zh": "该句给出的产品数目"},
                           "in_run": {"en": "Of them, on a category and year of this run", "zh": "其中涉及本次运行的类别和年份"}})

# %%
SAY_COUNTS = {"en": "Section {section} of the article gives {counts} product counts for {year}; {in_run} of them concern a "
                    "category and a year this run shows.",
              "zh": "原文第{section}节给出{year}年的{counts}个产品数目，其中{in_run}个涉及本次运行显示的类别和年份。"}
counts_said = text.sentences(SAY_COUNTS, in_run_counts, FORMATS | {"section": None})
text.show(*counts_said[p.lang])

# %%
CLAIM_FORMATS = FORMATS | {"claim_id": ledger.claim_names(pkg), "stated_value": text.Unit("products"),
                           "threshold": text.Unit("%"), "verdict": "key:verdict", "section": None}
shown_counts = counted[counted["in_run"]]
None if shown_counts.empty else tables.for_people(shown_counts, p.lang, CLAIM_FORMATS, columns=["claim_id", "category", "year", "stated_value", "threshold", "verdict"],
                  headers={"claim_id": {"en": "Claim", "zh": "论断"},
                           "stated_value": {"en": "The article's count", "zh": "原文的数目"},
                           "threshold": {"en": "Rates above", "zh": "不合格发现率超过"}})

# %%
SAY_CLAIM = {"en": "Section {section} of the article says that in the {year} spot checks {stated_value} of {category} had "
                   "non-conformity rates above {threshold}; the ledger's verdict: {verdict}.",
             "zh": "原文第{section}节称，{year}年监督抽查中{category}有{stated_value}的不合格发现率超过{threshold}；"
                   "核查结论：{verdict}。"}
claims_said = text.sentences(SAY_CLAIM, shown_counts, CLAIM_FORMATS)
if len(shown_counts):   # the counts of this run, each with its verdict (the sentence above says when there is none)
    text.show(*claims_said[p.lang])
None if shown_counts.empty else ledger.for_people(checked[checked["claim_id"].isin(shown_counts["claim_id"])], pkg, p.lang,
                  columns=("claim", "article", "verdict", "why"))

# %% [markdown] tags=["en"]
# ## Conclusion
#
# Three questions, each answered by a row: how much of the figure the bulletins give, how the national rate moved over this run's years, and what the last year with category values shows.
#
# **Can the figure be rebuilt?** The selected categories' cells together, from the coverage table above.

# %% [markdown] tags=["zh"]
# ## 结论
#
# 三个问题，各由一行数据回答：公告能给出图中多少数值；本次运行所含年份内全国不合格率如何变化；有类别数值的最后一年呈现什么情况。
#
# **能否重建该图？** 所选类别的单元格合计，取自上文的覆盖情况表。

# %%
tables.for_people(categories_total, p.lang, COVERAGE_FORMATS, columns=["scope", "cells", "printed", "derived", "known", "missing", "extent"],
                  headers=COVERAGE_HEADERS | {"extent": {"en": "The figure can be rebuilt", "zh": "该图能否重建"}})

# %%
SAY_COVERAGE = {"en": "Category-year cells in this run: {cells}; printed in a source we read: {printed}; derived from a "
                      "printed change: {derived}; missing: {missing}. The figure can be rebuilt {extent} from the "
                      "bulletins we could read.",
                "zh": "本次运行的类别–年份单元格共{cells}个：来源直接公布{printed}个，由公布的变化推算{derived}个，缺失"
                      "{missing}个。依据我们能读到的公告，该图{extent}。"}
coverage_said = text.sentences(SAY_COVERAGE, categories_total, COVERAGE_FORMATS)
text.show(*coverage_said[p.lang])

# %% [markdown] tags=["en"]
# **How did the national rate move?** Its first and last known years in this run, and its highest year.

# %% [markdown] tags=["zh"]
# **全国不合格率如何变化？** 本次运行中全国系列最早和最晚的已知年份，以及最高的年份。

# %%
nat = known[known["scope"] == "national"].sort_values("year")
if len(nat) >= 2:
    first, last = nat.iloc[0], nat.iloc[-1]
    peak = nat.loc[nat["nonconformity"].astype(float).idxmax()]
    national_row = pd.DataFrame([{"first_year": first["year"], "first": first["nonconformity"], "last_year": last["year"],
                                  "last": last["nonconformity"],
                                  "direction": relations.direction(first["nonconformity"], last["nonconformity"]),
                                  "peak_year": peak["year"], "peak": peak["nonconformity"]}])
else:
    national_row = pd.DataFrame(columns=["first_year", "first", "last_year", "last", "direction", "peak_year", "peak"])
NATIONAL_FORMATS = FORMATS | {"first": 1, "last": 1, "peak": 1, "peak_year": "year", "direction": "key:dir"}
None if national_row.empty else tables.for_people(national_row, p.lang, NATIONAL_FORMATS,
                  columns=["first_year", "first", "direction", "last_year", "last", "peak_year", "peak"],
                  headers={"first_year": {"en": "First year", "zh": "起始年"},
                           "first": {"en": "Rate, first year (%)", "zh": "起始年比率（%）"},
                           "direction": {"en": "Then", "zh": "变化"}, "last_year": {"en": "Last year", "zh": "截止年"},
                           "last": {"en": "Rate, last year (%)", "zh": "截止年比率（%）"},
                           "peak_year": {"en": "Highest year", "zh": "最高年份"},
                           "peak": {"en": "Rate, highest year (%)", "zh": "最高年份比率（%）"}})

# %%
SAY_NATIONAL = {"en": "Nationally, non-conformity {direction} from {first}% in {first_year} to {last}% in {last_year}; the "
                      "highest year was {peak_year} ({peak}%).",
                "zh": "全国不合格率从{first_year}年的{first}%{direction}至{last_year}年的{last}%；最高的是{peak_year}年"
                      "（{peak}%）。"}
ONE_YEAR = {"en": "This run's years hold fewer than two national rates: no change is described.",
            "zh": "本次运行的年份中全国比率不足两年：不描述变化。"}
national_said = text.sentences(SAY_NATIONAL, national_row, NATIONAL_FORMATS)
text.show(*(national_said[p.lang] or [ONE_YEAR[p.lang]]))

# %% [markdown] tags=["en"]
# **What does the last year with category values show?** That year, how many of the selected categories have a value in it, and the highest of them.

# %% [markdown] tags=["zh"]
# **有类别数值的最后一年呈现什么情况？** 该年份、所选类别中该年有数值的类别数，以及其中最高者。

# %%
in_categories = known[known["scope"] != "national"]
if len(in_categories):
    year = int(in_categories["year"].max())
    that_year = in_categories[in_categories["year"] == year].sort_values("nonconformity")
    worst = that_year.iloc[-1]
    latest = pd.DataFrame([{"year": year, "known": len(that_year), "selected": len(selected),
                            "share": relations.share(len(that_year), len(selected)), "category": worst["scope"],
                            "nonconformity": worst["nonconformity"], "status": worst["status"]}])
else:
    latest = pd.DataFrame(columns=["year", "known", "selected", "share", "category", "nonconformity", "status"])
LATEST_FORMATS = FORMATS | {"share": {"all": {"en": "all of them", "zh": "全部已知"},
                                      "some": {"en": "not all of them", "zh": "并非全部已知"},
                                      "none": {"en": "none of them", "zh": "均未知"}}}
None if latest.empty else tables.for_people(latest, p.lang, LATEST_FORMATS, columns=["year", "known", "selected", "share", "category", "nonconformity", "status"],
                  headers={"year": {"en": "Last year with category values", "zh": "有类别数值的最后一年"},
                           "known": {"en": "Categories with a value", "zh": "有数值的类别数"},
                           "selected": {"en": "Categories selected", "zh": "所选类别数"},
                           "share": {"en": "Known", "zh": "已知"},
                           "category": {"en": "Highest", "zh": "最高的类别"}})

# %%
SAY_LATEST = {"en": "In {year}, the last year of this run with category values, values are known for {known} of the "
                    "{selected} selected categories ({share}); the highest is {category}, at {nonconformity}% ({status}).",
              "zh": "{year}年是本次运行中有类别数值的最后一年，所选{selected}个类别中有{known}个有数值（{share}）；"
                    "最高的是{category}，{nonconformity}%（{status}）。"}
NO_CATEGORY = {"en": "No selected category has a value in this run's years.",
               "zh": "所选类别在本次运行的年份中都没有数值。"}
latest_said = text.sentences(SAY_LATEST, latest, LATEST_FORMATS)
text.show(*(latest_said[p.lang] or [NO_CATEGORY[p.lang]]))

# %% [markdown] tags=["en"]
# **What these rates are.** Spot checks target risky products: none of these rates is a random-sample estimate of market quality, and a trend says how the checked samples changed, not how all products did.

# %% [markdown] tags=["zh"]
# **这些比率是什么。** 监督抽查针对高风险产品：这些比率都不是对市场质量的随机抽样估计；趋势说明的是被抽查样品的变化，而不是全部产品的变化。

# %%
text.show(p.wrote())

# %%
results.write(p.results_dir, p.notebook, pkg, {
    "parameters": {"first_year": p.first_year, "last_year": p.last_year, "categories": selected},
    "run": run, "run_said": run_said, "title": title,
    "found": found, "found_said": found_said, "derived": derived,
    "cells": grid, "coverage": coverage, "margins_said": margins_said, "meet": meet,
    "national": national[["year", "kinds", "enterprises", "batches", "nonconforming_batches", "measure", "rate", "change_pp",
                          "change_vs", "nonconformity", "source_id"]],
    "intervals": intervals[["scope", "year", "batches", "nonconformity", "wilson_low", "wilson_high", "exact_low",
                            "exact_high", "gap", "interval_basis"]],
    "wilson_vs_exact": wilson_said, "trends": trends, "trends_said": trends_said,
    "product_counts": counted[["claim_id", "category", "year", "stated_value", "threshold", "verdict", "in_run"]],
    "product_counts_said": {"in_run": counts_said, "claims": claims_said},
    "claims": checked, "explanations": ledger.explanations(checked, pkg),
    "conclusion": {"coverage": coverage_said, "national": national_said, "latest": latest_said},
    "figures": [{"file": f.name} for f in saved],
})
results.colophon(p.lang)
