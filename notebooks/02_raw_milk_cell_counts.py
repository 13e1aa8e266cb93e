# %% [markdown] tags=["en"]
# # Raw-milk somatic cell limits: the US, the EU and China
#
# [中文版](../zh/02_raw_milk_cell_counts.ipynb) · back to the [claims ledger](00_claims_ledger.ipynb)
#
# **Question.** Section 3 of the article sets China's limits on the somatic cell count (SCC) of raw milk beside those of the United States and the European Union, and dates the rules. Do the sources give the same limits and years, and how far apart are the limits?
#
# **Data.** The article's statements are rows of `data/claims.csv` (our paraphrase, the value as the article prints it), named in English and Chinese in `data/claim_names.csv`. The values read in sources are rows of `data/claim_values.csv`, each naming its page in `data/sources.csv`: the US and EU limits come from summaries of the two rules, whose own texts did not show the values in the copies we could read; the dates of the EU directive and of China's raw-milk standard come from their texts. No source was found for the draft revision's value: it is shown as the article gives it, and marked as such.

# %% [markdown] tags=["zh"]
# # 生乳体细胞数限量：美国、欧盟与中国
#
# [English version](../en/02_raw_milk_cell_counts.ipynb) · 返回[论断核查总表](00_claims_ledger.ipynb)
#
# **问题。** 文章第3节把我国生乳体细胞数（SCC）限量与美国、欧盟的限量相比较，并给出各项规定的年份。来源给出的限量和年份是否相同？各限量相差多少？
#
# **数据。** 文章的表述是 `data/claims.csv` 中的行（我们的转述，以及文章所印的数值），其中英文名称见 `data/claim_names.csv`。从来源读到的数值是 `data/claim_values.csv` 中的行，每行都注明其网页在 `data/sources.csv` 中的记录：美国和欧盟的限量取自对两项规定的概述，我们能读到的规定原文副本中没有显示这些数值；欧盟指令和我国生乳标准的年份取自其原文。修订草案中的数值未找到来源：下文按文章所给数值列出，并加以标注。

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy is ../zh/02_raw_milk_cell_counts.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本为 ../en/02_raw_milk_cell_counts.ipynb

# %% tags=["parameters"]
lang: str = COPY_LANGUAGE     # "en" or "zh": sentences, table headers and figure text (by default this copy's)
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"  # where figures go (a folder per language); a scratch folder when other parameters differ
results_dir: str = "results"  # where the results file goes; likewise

# %%
from compendium import params

p = params.Milk.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, plotting, relations, results, tables, text, verdicts

pkg = data.load(p.data_dir)   # the whole package, checked before use
claims = pkg["claims"].query("notebook == '02_raw_milk_cell_counts'")
values = pkg["claim_values"].set_index("value_id")
printed = pkg.text["claims"].set_index("claim_id")["stated_value"]   # the article's numbers as printed
NAMES = ledger.claim_names(pkg)                                       # claim id -> its name in each language

# %% [markdown] tags=["en"]
# ## The claims, each beside its source
#
# Each claim is compared with the value read in its source as its `check` column in `data/claims.csv` says: a number must lie within the rounding of the article's number as printed (anything within half a unit of its last printed digit); a wording must say the same. A claim whose source value was not found is *unverified*.

# %% [markdown] tags=["zh"]
# ## 逐条论断与其来源对照
#
# 每条论断按 `data/claims.csv` 中 `check` 一栏所说的方式与来源中的数值比较：数值须落在文章所印数字的舍入范围之内（即末位数字上下半个单位以内）；文字表述须意思相同。未找到来源数值的论断为“未核实”。

# %%
checked = verdicts.check_all(claims, values, printed)
ledger.for_people(checked, pkg, p.lang)

# %%
text.show(*ledger.where_read(checked["source_ids"].explode(), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ## The limits side by side
#
# Each limit is the value read in its source where one was found, otherwise the article's own value (marked as such); China's 2010 standard sets no limit, as the article says. The ratios are each limit divided by the US and by the EU limit.

# %% [markdown] tags=["zh"]
# ## 各限量并列
#
# 每个限量在找到来源时取来源中的数值，否则取文章自己的数值（并加标注）；如文章所说，我国2010年标准未设限量。倍数为各限量分别除以美国和欧盟的限量。

# %%
by_claim = checked.set_index("claim_id")
us = by_claim.loc["S3-milk-us", "source_value"]          # cells per mL, read in its source
eu = by_claim.loc["S3-milk-eu", "source_value"]
draft = claims.set_index("claim_id").loc["S3-milk-cn-draft", "stated_value"]   # no source found: the article's value

limits = pd.DataFrame({
    "rule": ["us", "eu", "cn_2010", "cn_draft"],
    "claim_id": ["S3-milk-us", "S3-milk-eu", "S3-milk-cn2010-scc", "S3-milk-cn-draft"],
    "limit": [us, eu, float("nan"), draft],
    "basis": ["source", "source", "none", "article"],
})
limits["times_us"] = limits["limit"] / us
limits["times_eu"] = limits["limit"] / eu
LIMIT_FORMATS = {"claim_id": NAMES, "limit": text.Unit("cells/mL"), "basis": "key:milk.basis", "times_us": 2,
                 "times_eu": 2}
tables.for_people(limits, p.lang, LIMIT_FORMATS, columns=["claim_id", "limit", "basis", "times_us", "times_eu"],
                  headers={"claim_id": {"en": "Claim", "zh": "论断"}})

# %% [markdown] tags=["en"]
# Bars start at zero. A filled bar is a limit read in a source; a hatched bar is the article's own value, for which no source was found; a rule that sets no limit is named as such.

# %% [markdown] tags=["zh"]
# 柱从零开始。实心柱为来源中读到的限量；带斜线的柱为文章自己的数值，未找到其来源；未设限量的规定直接注明。

# %%
figure = plotting.milk_limits(limits, ledger.names(pkg, p.lang), p.lang)
saved = plotting.save(figure, p.figure_folder, "milk_limits")
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Conclusion
#
# First the verdicts counted. Then each pair of limits, one row each: the two limits, the word comparing them (computed from the two numbers: higher, lower or equal) and the ratio of the first to the second. Each sentence below reads one row.

# %% [markdown] tags=["zh"]
# ## 结论
#
# 先统计核查结果。然后逐对比较各限量，每对一行：两个限量、比较二者的用词（由两个数值算出：高于、低于或等于）以及前者与后者之比。下面每句话读取其中一行。

# %%
text.show(ledger.counts_sentence(verdicts.counts(checked["verdict"]), p.lang))

pairs = []
for a, b in [("cn_draft", "us"), ("cn_draft", "eu"), ("us", "eu")]:
    first, second = limits.set_index("rule").loc[a], limits.set_index("rule").loc[b]
    pairs.append({"first": first["claim_id"], "first_limit": first["limit"], "first_basis": first["basis"],
                  "relation": relations.compare(first["limit"], second["limit"], decimals=0),
                  "second": second["claim_id"], "second_limit": second["limit"],
                  "ratio": first["limit"] / second["limit"]})
pairs = pd.DataFrame(pairs)
PAIR_FORMATS = {"first": NAMES, "second": NAMES, "first_limit": text.Unit("cells/mL"),
                "second_limit": text.Unit("cells/mL"), "relation": "key:compare", "ratio": 2,
                "first_basis": {"article": {"en": "; the article's value, no source found",
                                            "zh": "；原文数值，未找到来源"}, "source": "", "none": ""}}
tables.for_people(pairs, p.lang, PAIR_FORMATS, columns=["first", "first_limit", "relation", "second", "second_limit", "ratio"],
                  headers={"first": {"en": "Limit", "zh": "限量"}, "first_limit": {"en": "Value", "zh": "数值"},
                           "relation": {"en": "Compared", "zh": "比较"}, "second": {"en": "Other limit", "zh": "另一限量"},
                           "second_limit": {"en": "Its value", "zh": "其数值"},
                           "ratio": {"en": "Ratio", "zh": "倍数"}})

# %%
SAY = {"en": "**{first}** ({first_limit}{first_basis}) is {relation} the {second} ({second_limit}): {ratio} times it.",
       "zh": "**{first}**（{first_limit}{first_basis}）{relation}{second}（{second_limit}），是后者的{ratio}倍。"}
compared = text.sentences(SAY, pairs, PAIR_FORMATS)
text.show(*compared[p.lang], p.wrote())

# %%
results.write(p.results_dir, p.notebook, pkg, {
    "claims": checked, "limits": limits, "compared": compared, "explanations": ledger.explanations(checked, pkg),
    "figures": [{"file": f.name} for f in saved],
})
results.colophon(p.lang)
