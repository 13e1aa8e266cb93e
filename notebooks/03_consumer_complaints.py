# %% [markdown] tags=["en"]
# # Consumer complaints: the article's counts recomputed
#
# [中文版](../zh/03_consumer_complaints.ipynb) · back to the [claims ledger](00_claims_ledger.ipynb)
#
# **Question.** Section 3 of the article counts the consumer complaints market regulators handled in 2020, how many concerned product quality, their share and their growth, and gives China's place in a reputation index. Do public sources support these numbers?
#
# **Data.** The release the article's counts come from was not found. The market regulator's release for the next year, 2021, prints that year's counts and how much each grew on 2020, so the 2020 counts can be recovered from it: a count that grew by *g* per cent was the count divided by 1 + *g*/100 the year before. Every printed number stands for an interval (its rounding), so each recovered count is an interval too. That release is read in a news report and in a fuller repost; the reputation index in a news report of it. The numbers read are rows of `data/claim_values.csv`, their pages rows of `data/sources.csv`; the claims are rows of `data/claims.csv`, named in English and Chinese in `data/claim_names.csv`.

# %% [markdown] tags=["zh"]
# # 消费者投诉：重新推算文章中的投诉量
#
# [English version](../en/03_consumer_complaints.ipynb) · 返回[论断核查总表](00_claims_ledger.ipynb)
#
# **问题。** 文章第3节给出了2020年全国市场监管部门受理的消费者投诉量、其中涉及产品质量问题的投诉量及其占比和增速，还给出了中国在一项“国家制造”声誉指数中的排名。公开来源能否支持这些数字？
#
# **数据。** 文章中投诉量所依据的当年发布未能找到。市场监管总局次年即2021年的发布给出了当年的各项投诉量及其比2020年的增幅，由此可以反推2020年的数量：一个增长了 *g*% 的数量，上一年等于它除以 1 + *g*/100。每个公布的数字都代表一个区间（即其取整所涵盖的范围），因此反推出的数量也是区间。该发布取自一篇新闻报道和一篇内容更全的转载；声誉指数取自一篇相关的新闻报道。读到的数值是 `data/claim_values.csv` 中的行，其网页是 `data/sources.csv` 中的行；论断是 `data/claims.csv` 中的行，其中英文名称见 `data/claim_names.csv`。

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy is ../zh/03_consumer_complaints.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本为 ../en/03_consumer_complaints.ipynb

# %% tags=["parameters"]
lang: str = COPY_LANGUAGE     # "en" or "zh": sentences, table headers and figure text (by default this copy's)
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"  # where figures go; a scratch folder when other parameters differ from the defaults
results_dir: str = "results"  # where the results file goes; likewise

# %%
from compendium import params

p = params.Complaints.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, plotting, relations, results, tables, text, verdicts
from compendium.verdicts import Interval

pkg = data.load(p.data_dir)   # the whole package, checked before use
claims = pkg["claims"].query("notebook == '03_consumer_complaints'").set_index("claim_id", drop=False)
values = pkg["claim_values"].set_index("value_id")
printed = pkg.text["claims"].set_index("claim_id")["stated_value"]            # the article's numbers as printed
printed_values = pkg.text["claim_values"].set_index("value_id")["value"]     # the sources' numbers as printed
NAMES = ledger.claim_names(pkg)                                               # claim id -> its name in each language
UNITS = {"complaints": {"en": " complaints", "zh": "件"}, "%": {"en": "%", "zh": "%"}}   # written after a number

# %% [markdown] tags=["en"]
# ## The 2020 counts implied by the 2021 release
#
# First each number of the 2021 release as recorded (the digits it was printed with), and the interval it stands for: anything within half a unit of its last printed digit.

# %% [markdown] tags=["zh"]
# ## 由2021年发布反推的2020年数量
#
# 先列出2021年发布中的每个数字（按其所印的有效数字记录）及其代表的区间：末位数字上下半个单位以内的任何值。

# %%
count_2021 = Interval.printed(printed_values["complaints_2021_total"])                    # complaints in 2021
growth_2021 = Interval.printed(printed_values["complaints_2021_total_growth"])             # % growth on 2020
quality_2021 = Interval.printed(printed_values["complaints_2021_quality"])                # quality complaints, 2021
quality_growth_2021 = Interval.printed(printed_values["complaints_2021_quality_growth"])   # % growth on 2020

inputs = pd.DataFrame([
    {"value_id": v, "printed": printed_values[v], "low": i.low, "high": i.high, "unit": values.loc[v, "unit"],
     "source_id": values.loc[v, "source_id"]}
    for v, i in [("complaints_2021_total", count_2021), ("complaints_2021_total_growth", growth_2021),
                 ("complaints_2021_quality", quality_2021), ("complaints_2021_quality_growth", quality_growth_2021)]])
INPUT_FORMATS = {"unit": UNITS, "what": {
    "complaints_2021_total": {"en": "Complaints handled, 2021", "zh": "2021年受理的投诉量"},
    "complaints_2021_total_growth": {"en": "Their growth on 2020 (%)", "zh": "投诉量比2020年的增幅（%）"},
    "complaints_2021_quality": {"en": "Quality complaints, 2021", "zh": "2021年质量问题投诉量"},
    "complaints_2021_quality_growth": {"en": "Their growth on 2020 (%)", "zh": "质量问题投诉量比2020年的增幅（%）"}}}
tables.for_people(inputs.assign(what=inputs["value_id"]), p.lang, INPUT_FORMATS,
                  columns=["value_id", "what", "printed", "low", "high", "unit", "source_id"],
                  headers={"value_id": {"en": "Row of data/claim_values.csv", "zh": "data/claim_values.csv 中的行"},
                           "what": {"en": "What it counts", "zh": "内容"},
                           "printed": {"en": "As recorded (digits printed)", "zh": "记录值（所印有效数字）"},
                           "low": {"en": "Stands for, from", "zh": "所代表区间的下限"},
                           "high": {"en": "Stands for, to", "zh": "所代表区间的上限"},
                           "unit": {"en": "Unit", "zh": "单位"}})

# %% [markdown] tags=["en"]
# Then the arithmetic, carried out on the intervals: every end of a result is a value the printed numbers allow. A count that grew by *g* per cent was the count divided by 1 + *g*/100 the year before; the share of quality complaints is the one count over the other.

# %% [markdown] tags=["zh"]
# 然后在区间上进行运算：结果的每个端点都是所印数字允许的值。增长了 *g*% 的数量，上一年等于它除以 1 + *g*/100；质量问题投诉的占比是两个数量之比。

# %%
implied_2020 = count_2021 / (1 + growth_2021 / 100)
implied_quality_2020 = quality_2021 / (1 + quality_growth_2021 / 100)
implied_share_2020 = 100 * implied_quality_2020 / implied_2020

used = {"S3-complaints-total": (implied_2020, ["complaints_2021_total", "complaints_2021_total_growth"]),
        "S3-complaints-quality": (implied_quality_2020, ["complaints_2021_quality", "complaints_2021_quality_growth"]),
        "S3-complaints-share": (implied_share_2020, ["complaints_2021_total", "complaints_2021_total_growth",
                                                     "complaints_2021_quality", "complaints_2021_quality_growth"])}
implied = pd.DataFrame([{"claim_id": c, "low": interval.low, "high": interval.high, "unit": claims.loc[c, "unit"],
                         "inputs": ", ".join(f"{v} = {printed_values[v]}" for v in ids)}
                        for c, (interval, ids) in used.items()])
tables.for_people(implied, p.lang, {"claim_id": NAMES, "unit": UNITS}, columns=["claim_id", "low", "high", "unit", "inputs"],
                  headers={"claim_id": {"en": "Claim", "zh": "论断"}, "low": {"en": "Implied, from", "zh": "推算区间下限"},
                           "high": {"en": "Implied, to", "zh": "推算区间上限"}, "unit": {"en": "Unit", "zh": "单位"},
                           "inputs": {"en": "Computed from (printed numbers)", "zh": "计算所用的公布数字"}})

# %% [markdown] tags=["en"]
# ## The claims, each beside its source
#
# A recomputed claim agrees with its source when the interval its own rounding stands for overlaps the interval implied above. The other claims are compared with the value read in their source as their `check` column in `data/claims.csv` says; a claim whose source value was not found is *unverified*.

# %% [markdown] tags=["zh"]
# ## 逐条论断与其来源对照
#
# 推算得出的论断，若原文数字取整所代表的区间与上文推算的区间有重叠，即与来源一致。其余论断按 `data/claims.csv` 中 `check` 一栏所说的方式与来源中读到的数值比较；未找到来源数值的论断为“未核实”。

# %%
derived = [verdicts.derived(claims.loc[c], printed[c], interval, values.loc[ids, "source_id"]).record()
           for c, (interval, ids) in used.items()]
others = verdicts.check_all(claims[claims["check"] != "derived"], values, printed)
checked = pd.concat([pd.DataFrame(derived), others]).set_index("claim_id", drop=False).loc[claims["claim_id"]]
ledger.for_people(checked, pkg, p.lang)

# %%
text.show(*ledger.where_read(checked["source_ids"].explode(), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ## The counts recomputed, drawn
#
# For each recomputed claim: the article's value; the interval that value stands for (a number printed to some precision stands for anything within half a unit of its last digit); and the range the 2021 release implies, rounded to the article's precision. One panel per count: the wide bar is the implied range, the narrow bar the interval the article's rounded figure stands for, the dot the figure itself. Each panel is zoomed to its ranges, so the axis does not start at zero. The table of these numbers follows in the conclusion.

# %% [markdown] tags=["zh"]
# ## 推算结果图示
#
# 对每条推算得出的论断：原文数值；该数值所代表的区间（按一定精度印出的数字代表末位上下半个单位以内的任何值）；以及由2021年发布推算、按原文精度取整的区间。每个数量一个分图：宽条为推算区间，窄条为原文取整数值所代表的区间，圆点为原文数值本身。各分图按其区间放大显示，横轴不从零开始。这些数字的表格见下文结论。

# %%
rows = []
for c, (interval, ids) in used.items():
    places = ledger.places(printed[c])                          # decimals the article prints
    own = Interval.printed(printed[c])                          # what its rounding stands for
    low, high = round(interval.low, places), round(interval.high, places)   # the implied range at that precision
    stated = claims.loc[c, "stated_value"]
    rows.append({"claim_id": c, "unit": claims.loc[c, "unit"], "stated": stated,
                 "rounding_low": own.low, "rounding_high": own.high, "implied_low": low, "implied_high": high,
                 "position": relations.position(stated, low, high),
                 "overlap": relations.overlap(own.low, own.high, low, high),
                 "verdict": checked.loc[c, "verdict"]})
recomputed = pd.DataFrame(rows)
# the words below compare the rounded range shown; the verdict compared the exact one: they must agree
assert all((r.overlap.key == "overlaps") == (r.verdict == "agrees") for r in recomputed.itertuples()), \
    "rounding the implied range changed whether it overlaps: show more decimals"

figure = plotting.complaints(recomputed, ledger.names(pkg, p.lang), p.lang)
saved = plotting.save(figure, p.figure_folder, "complaints_2020")
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Conclusion
#
# First the verdicts counted. Then one row per recomputed claim: the article's value, the range the 2021 release implies, where the value lies against that range (below, inside or above), the interval the value's rounding stands for, and whether that interval overlaps the range (which decides the verdict). Both words are computed from the numbers in their row. Each sentence below reads one row.

# %% [markdown] tags=["zh"]
# ## 结论
#
# 先统计核查结果。然后每条推算得出的论断一行：原文数值、由2021年发布推算的区间、原文数值相对该区间的位置（低于、落在或高于）、原文取整所代表的区间，以及该区间与推算区间是否重叠（核查结论即据此而定）。两处用词都由同一行中的数字算出。下面每句话读取其中一行。

# %%
text.show(ledger.counts_sentence(verdicts.counts(checked["verdict"]), p.lang))

FORMATS = {"claim_id": NAMES, "unit": UNITS, "verdict": "key:verdict",
           "position": {"below": {"en": "below", "zh": "低于推算区间"}, "inside": {"en": "inside", "zh": "落在推算区间之内"},
                        "above": {"en": "above", "zh": "高于推算区间"}},
           "overlap": {"overlaps": {"en": "overlaps", "zh": "与推算区间重叠"},
                       "apart": {"en": "lies apart from", "zh": "与推算区间不重叠"}}}
tables.for_people(recomputed, p.lang, FORMATS,
                  columns=["claim_id", "stated", "implied_low", "implied_high", "position", "rounding_low",
                           "rounding_high", "overlap", "unit", "verdict"],
                  headers={"claim_id": {"en": "Claim", "zh": "论断"}, "stated": {"en": "The article", "zh": "原文数值"},
                           "implied_low": {"en": "Implied range, from", "zh": "推算区间下限"},
                           "implied_high": {"en": "Implied range, to", "zh": "推算区间上限"},
                           "position": {"en": "The article's value against it", "zh": "原文数值的位置"},
                           "rounding_low": {"en": "Its rounding, from", "zh": "原文取整区间下限"},
                           "rounding_high": {"en": "Its rounding, to", "zh": "原文取整区间上限"},
                           "overlap": {"en": "Against the implied range", "zh": "与推算区间相比"},
                           "unit": {"en": "Unit", "zh": "单位"}})

# %%
SAY = {"en": "**{claim_id}**: the article's figure, {stated}{unit}, lies {position} the range the next year's release "
             "implies, {implied_low} to {implied_high}{unit}; the interval its rounding stands for, {rounding_low} to "
             "{rounding_high}{unit}, {overlap} that range.",
       "zh": "**{claim_id}**：由次年发布推算的区间为{implied_low}至{implied_high}{unit}，原文数值{stated}{unit}"
             "{position}；原文取整所代表的区间{rounding_low}至{rounding_high}{unit}{overlap}。"}
said = text.sentences(SAY, recomputed, FORMATS)
text.show(*said[p.lang], p.wrote())

# %%
results.write(p.results_dir, p.notebook, pkg, {
    "claims": checked, "inputs_2021": inputs, "implied": implied, "recomputed": recomputed, "compared": said,
    "explanations": ledger.explanations(checked, pkg), "figures": [{"file": f.name} for f in saved],
})
results.colophon(p.lang)
