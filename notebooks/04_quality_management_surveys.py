# %% [markdown] tags=["en"]
# # Quality-management surveys: the percentages the article quotes
#
# [中文版](../zh/04_quality_management_surveys.ipynb) · back to the [claims ledger](00_claims_ledger.ipynb)
#
# **Question.** Sections 3 and 4 of the article quote percentages from surveys of firms (a 2018 blue book on quality management in manufacturing, a survey of small and medium firms, a China Association for Quality survey), what an EU report says of Chinese exports, and how much of small firms' quality services developed countries fund. Can a public source confirm them?
#
# **Data.** The claims are rows of `data/claims.csv`, named in English and Chinese in `data/claim_names.csv`; a value found in a source would be a row of `data/claim_values.csv`. For each claim without one, the `looked_for` column of `data/claims.csv` records what was sought and where (in Chinese: `looked_for_zh` of `data/claim_names.csv`), and `verification/claim_searches.csv` lists the searches.

# %% [markdown] tags=["zh"]
# # 质量管理调查：文章引用的百分比
#
# [English version](../en/04_quality_management_surveys.ipynb) · 返回[论断核查总表](00_claims_ledger.ipynb)
#
# **问题。** 文章第3、4节引用了若干企业调查中的百分比（2018年《中国制造业企业质量管理蓝皮书》、一项中小企业调查、中国质量协会的一项调查），欧盟一份报告对中国出口产品的评价，以及发达国家为中小企业质量服务提供资助的比例。能否找到公开来源证实这些数字？
#
# **数据。** 论断是 `data/claims.csv` 中的行，其中英文名称见 `data/claim_names.csv`；在来源中找到的数值会记为 `data/claim_values.csv` 中的行。对没有来源数值的论断，`data/claim_names.csv` 的 `looked_for_zh` 一栏记录了查找的对象和地方（英文见 `data/claims.csv` 的 `looked_for`），`verification/claim_searches.csv` 列出了每一次检索。

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy is ../zh/04_quality_management_surveys.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本为 ../en/04_quality_management_surveys.ipynb

# %% tags=["parameters"]
lang: str = COPY_LANGUAGE     # "en" or "zh": sentences, table headers and figure text (by default this copy's)
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"  # where figures go; a scratch folder when other parameters differ from the defaults
results_dir: str = "results"  # where the results file goes; likewise

# %%
from compendium import params

p = params.Surveys.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, plotting, relations, results, tables, text, verdicts

pkg = data.load(p.data_dir)   # the whole package, checked before use
claims = pkg["claims"].query("notebook == '04_quality_management_surveys'")
values = pkg["claim_values"].set_index("value_id")
printed = pkg.text["claims"].set_index("claim_id")["stated_value"]   # the article's numbers as printed
NAMES = ledger.claim_names(pkg)                                       # claim id -> its name in each language

# %% [markdown] tags=["en"]
# ## The claims, each beside its source
#
# Each claim is compared with the value read in its source as its `check` column in `data/claims.csv` says; a claim whose source value was not found is *unverified*, which does not make it wrong.

# %% [markdown] tags=["zh"]
# ## 逐条论断与其来源对照
#
# 每条论断按 `data/claims.csv` 中 `check` 一栏所说的方式与来源中的数值比较；未找到来源数值的论断为“未核实”，但这并不说明它是错的。

# %%
checked = verdicts.check_all(claims, values, printed)
ledger.for_people(checked, pkg, p.lang)

# %%
text.show(*ledger.where_read(checked["source_ids"].explode(), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ## The percentages as the article states them
#
# Bars start at zero on the full percentage scale and are coloured by verdict; a hatched bar is a value for which no source was found. A statement that gives a bound ("fewer than", "up to") is drawn as an arrow from its value towards zero.

# %% [markdown] tags=["zh"]
# ## 文章所述的百分比
#
# 横条从零开始，横轴为完整的百分比刻度，颜色表示核查结论；带斜线的横条表示未找到来源的数值。给出界限的表述（“少于”“不超过”）画成从该数值指向零的箭头。

# %%
percentages = claims[claims["unit"] == "%"][["claim_id", "stated_value", "bound"]].merge(checked[["claim_id", "verdict"]])
figure = plotting.survey_values(percentages, ledger.names(pkg, p.lang), p.lang)
saved = plotting.save(figure, p.figure_folder, "survey_percentages")
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Where each unverified value was sought
#
# One row per claim whose value was not found in a source: what was sought and where, as recorded in the `looked_for` column of `data/claims.csv`. `verification/claim_searches.csv` lists each search (its date, query and outcome).

# %% [markdown] tags=["zh"]
# ## 未核实数值的查找经过
#
# 每条未在来源中找到数值的论断一行，列出查找的对象和地方（`data/claim_names.csv` 的 `looked_for_zh` 一栏）。每一次检索（日期、检索词和结果）列在 `verification/claim_searches.csv` 中。

# %%
unverified = checked.query("verdict == 'unverified'")[["claim_id"]].merge(claims[["claim_id", "looked_for"]])
zh = pkg["claim_names"].set_index("claim_id")["looked_for_zh"]
LOOKED_FOR = {looked: {"en": looked, "zh": zh[claim]} for claim, looked in zip(unverified["claim_id"], unverified["looked_for"])}
tables.for_people(unverified, p.lang, {"claim_id": NAMES, "looked_for": LOOKED_FOR}, columns=["claim_id", "looked_for"],
                  headers={"claim_id": {"en": "Claim", "zh": "论断"},
                           "looked_for": {"en": "What was sought, and where", "zh": "查找的对象和地方"}})

# %% [markdown] tags=["en"]
# ## Conclusion
#
# First the verdicts counted. Then one row: the claims of fact in this notebook, how many have a value in a source we read and how many have none, and the word for that share (every one, only some, or none), computed from the two counts.

# %% [markdown] tags=["zh"]
# ## 结论
#
# 先统计核查结果。然后是一行数字：本笔记本中的事实性论断共有几条，其中几条有来源数值、几条没有，以及描述这一比例的用词（全部、部分或都没有），由这两个数字算出。

# %%
text.show(ledger.counts_sentence(verdicts.counts(checked["verdict"]), p.lang))

facts = checked[checked["claim_id"].isin(claims.query("kind == 'fact'")["claim_id"])]
with_value = int(facts["verdict"].isin(["agrees", "differs"]).sum())   # a source value was found and compared
sourced = pd.DataFrame([{"facts": len(facts), "with_value": with_value, "without_value": len(facts) - with_value,
                         "share": relations.share(with_value, len(facts))}])
SOURCED_FORMATS = {"share": {"all": {"en": "every one has", "zh": "全部都有"},
                             "some": {"en": "only some have", "zh": "只有部分有"},
                             "none": {"en": "none has", "zh": "都没有"}}}
tables.for_people(sourced, p.lang, SOURCED_FORMATS, columns=["facts", "with_value", "without_value", "share"],
                  headers={"facts": {"en": "Claims of fact", "zh": "事实性论断"},
                           "with_value": {"en": "With a source value", "zh": "有来源数值"},
                           "without_value": {"en": "Without", "zh": "没有来源数值"},
                           "share": {"en": "Share, in words", "zh": "比例（用词）"}})

# %%
SAY = {"en": "Of the {facts} claims of fact, {share} a value in a source we read ({with_value} with one, {without_value} "
             "without).",
       "zh": "{facts}条事实性论断{share}来源数值：有来源数值的{with_value}条，没有的{without_value}条。"}
said = text.sentences(SAY, sourced, SOURCED_FORMATS)
text.show(*said[p.lang], p.wrote())

# %%
results.write(p.results_dir, p.notebook, pkg, {
    "claims": checked, "unverified": unverified, "sourced": sourced, "said": said,
    "explanations": ledger.explanations(checked, pkg), "figures": [{"file": f.name} for f in saved],
})
results.colophon(p.lang)
