# %% [markdown] tags=["en"]
# # The claims ledger: every quantitative claim on our pages, checked against its source
#
# [中文版](../zh/00_claims_ledger.ipynb)
#
# **Question.** Which numbers, dates and counts in the second half of 张豪 et al., 《中国制造业产品质量提升策略研究》 (Strategic Study of CAE, 2022) can be traced to a source, and do they agree with it?
#
# **Data.** `data/claims.csv` registers each claim with our own paraphrase (no sentence of the article is copied) and the value as the article prints it; `data/claim_values.csv` holds what the sources say, each row naming its page in `data/sources.csv`. Each claim is checked in the notebook of its section, in cells a reader can follow, and its verdict written to that notebook's results file; this notebook collects them, from the committed `results/` unless the parameter `verdicts_dir` names another folder, and refuses results computed from another data package than the one it reads. A verdict is *agrees*, *differs* (with the difference), *unverified* (looked for, no source value found; the search is recorded) or *not checkable* (a target, an opinion or a statement about the article itself, which no source could confirm).
#
# **The notebooks.** This one is the index.
# - [01_figure1_spot_checks](01_figure1_spot_checks.ipynb): Figure 1 rebuilt from the spot-check bulletins, its cells, Wilson intervals, trends, the article's sentence on product counts
# - [02_raw_milk_cell_counts](02_raw_milk_cell_counts.ipynb): the raw-milk somatic cell limits of the US, the EU and China
# - [03_consumer_complaints](03_consumer_complaints.ipynb): the article's complaint counts recomputed from the next year's release; the reputation index
# - [04_quality_management_surveys](04_quality_management_surveys.ipynb): the percentages the article quotes from surveys of firms
# - [05_international_practice](05_international_practice.ipynb): the years and counts of programmes abroad, the steel grading, the authors' targets
# - [06_additive_manufacturing_scenarios](06_additive_manufacturing_scenarios.ipynb): the notice 工信厅通装函〔2022〕206号 on our pages: units by role and sector
# - [07_spot_checks_since_2018](07_spot_checks_since_2018.ipynb): beyond the article, the spot-check series to the latest bulletin

# %% [markdown] tags=["zh"]
# # 论断核查总表：我们所见页面上的每条定量论断与其来源对照
#
# [English version](../en/00_claims_ledger.ipynb)
#
# **问题。** 张豪等《中国制造业产品质量提升策略研究》（中国工程科学，2022）后半部分中的数字、年份和数量，哪些能追溯到来源？与来源是否一致？
#
# **数据。** `data/claims.csv` 登记每条论断，附我们自己的转述（不抄录原文句子）和文章所印的数值；`data/claim_values.csv` 记录来源给出的数值，每行注明其网页在 `data/sources.csv` 中的记录。每条论断在其所属章节的笔记本中、在读者可以逐步核对的单元格里核查，结论写入该笔记本的结果文件；本笔记本汇总这些结论。默认读取已提交的 `results/`，参数 `verdicts_dir` 可指定其他文件夹；若结果是由另一版数据包算出的，本笔记本拒绝使用。核查结论分为“一致”、“不符”（并给出差值）、“未核实”（已查找，未找到来源数值；查找经过有记录）和“无法核查”（目标、观点或关于原文本身的陈述，任何来源都无法证实）。
#
# **各笔记本。** 本笔记本为索引。
# - [01_figure1_spot_checks](01_figure1_spot_checks.ipynb)：依据监督抽查公告重建文章图1，各单元格、Wilson区间、趋势，以及文章关于产品种数的表述
# - [02_raw_milk_cell_counts](02_raw_milk_cell_counts.ipynb)：美国、欧盟和我国的生乳体细胞数限量
# - [03_consumer_complaints](03_consumer_complaints.ipynb)：由次年公布的数据反推文章的投诉数量；声誉指数排名
# - [04_quality_management_surveys](04_quality_management_surveys.ipynb)：文章引用的企业质量管理调查百分比
# - [05_international_practice](05_international_practice.ipynb)：国外质量计划的年份和数量、钢铁产品质量分级、作者提出的目标
# - [06_additive_manufacturing_scenarios](06_additive_manufacturing_scenarios.ipynb)：本页所载通知 工信厅通装函〔2022〕206号：按角色和领域统计的单位
# - [07_spot_checks_since_2018](07_spot_checks_since_2018.ipynb)：文章之外：监督抽查系列延续至最新公告

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy is ../zh/00_claims_ledger.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本为 ../en/00_claims_ledger.ipynb

# %% tags=["parameters"]
sections: "Union[str, list]" = "all"  # article sections or subsections shown: "all", 3, 5.1, "3,5.1", or a list (-y "sections: [3, '5.1']")
lang: str = COPY_LANGUAGE     # "en" or "zh": sentences, table headers and figure text (by default this copy's)
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
verdicts_dir: str = "results" # where the section notebooks' results files are read (by default the committed ones)
figures_dir: str = "figures"  # where figures go (a folder per language); a scratch folder when other parameters differ
results_dir: str = "results"  # where this notebook's results file goes; likewise

# %%
from compendium import params

p = params.ClaimsLedger.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, paths, plotting, results, tables, text, verdicts

pkg = data.load(p.data_dir)   # the whole package, checked before use
claims = pkg["claims"]
order = sorted(claims["section"].unique(), key=lambda s: [int(x) for x in s.split(".")])   # the article's order
wanted = params.selected("sections", p.sections, {s: s for s in order} | {s.split(".")[0]: s.split(".")[0] for s in order})
shown = claims[claims["section"].isin(wanted) | claims["section"].str.split(".").str[0].isin(wanted)]
shown = shown.assign(key=shown["section"].map(order.index)).sort_values("key", kind="stable")

# %% [markdown] tags=["en"]
# ## Where the verdicts are read
#
# Each section notebook's results file, from the folder below; each must have been computed from the data package this notebook read (the same `datapackage.json`, whose hashes name every file).

# %% [markdown] tags=["zh"]
# ## 核查结论从何处读取
#
# 从下列文件夹读取各章节笔记本的结果文件；每个结果文件都必须是由本笔记本所读的同一数据包（同一 `datapackage.json`，其中记录了每个文件的哈希值）算出的。

# %%
read = {notebook: results.read(p.verdicts_dir, notebook, pkg) for notebook in sorted(claims["notebook"].unique())}
read_rows = pd.DataFrame([{"notebook": n, "claims": len(r["claims"]), "data_package": r["data_package"]["sha256"][:12]}
                          for n, r in read.items()])
tables.for_people(read_rows, p.lang, headers={"notebook": {"en": "Notebook", "zh": "笔记本"},
                                              "claims": {"en": "Verdicts", "zh": "核查结论数"},
                                              "data_package": {"en": "Data package (sha256 of datapackage.json)",
                                                               "zh": "数据包（datapackage.json 的 sha256）"}})

# %%
committed = paths.ROOT is not None and p.verdicts_dir == paths.ROOT / "results"
WHERE = {"en": "the committed results/" if committed else str(p.verdicts_dir),
         "zh": "已提交的 results/" if committed else str(p.verdicts_dir)}
READ = {"en": "Verdicts read from {where}: {files} results files, each computed from this data package ({package}).",
        "zh": "核查结论读自{where}：共{files}个结果文件，均由本数据包（{package}）算出。"}
text.show(*text.sentences(READ, [{"where": WHERE, "files": len(read), "package": pkg.sha256[:12]}])[p.lang])
checked = pd.concat([pd.DataFrame(r["claims"]) for r in read.values()])
unchecked = sorted(set(claims["claim_id"]) - set(checked["claim_id"]))
if unchecked:
    raise results.ResultsError(f"no verdict for {', '.join(unchecked)} in {p.verdicts_dir}: run their notebooks first")
why = {row["claim_id"]: {lang: r["explanations"]["text"][lang][i] for lang in text.LANGUAGES}
       for r in read.values() for i, row in enumerate(r["explanations"]["rows"])}
checked = checked.set_index("claim_id", drop=False).loc[shown["claim_id"]].assign(section=list(shown["section"]))
counts = verdicts.counts(checked["verdict"])
text.show(text.t("ledger_scope_all" if p.sections == "all" else "ledger_scope_some", p.lang,
                 sections=text.join(list(dict.fromkeys(shown["section"])), p.lang)),
          ledger.counts_sentence(counts, p.lang))

# %% [markdown] tags=["en"]
# ## Verdicts by section of the article

# %% [markdown] tags=["zh"]
# ## 按文章章节统计的核查结论

# %%
figure = plotting.verdict_counts(checked, p.lang)
saved = plotting.save(figure, p.figure_folder, "claims_verdicts")
plotting.show_saved(saved[0], alt=text.t("ledger_alt", p.lang, title=text.t("ledger_title", p.lang),
                                         counts=ledger.counts_sentence(counts, p.lang)))

# %% [markdown] tags=["en"]
# ## The whole ledger
#
# One row per claim, in the order of the article: how it is checked, the article's value, what the source gives (a number, or the interval computed from the printed numbers it depends on), the rows of `data/sources.csv` it was read in, and the verdict.

# %% [markdown] tags=["zh"]
# ## 完整核查表
#
# 每条论断一行，按文章顺序排列：核查方式、文章的数值、来源给出的内容（一个数值，或由其所依据的公布数字推算出的区间）、读取该数值的 `data/sources.csv` 行，以及核查结论。

# %%
ledger.for_people(checked, pkg, p.lang, columns=("claim_id", "section", "statement", "article", "check", "source",
                                                 "source_ids", "verdict"))

# %% [markdown] tags=["en"]
# ## Claims that differ from their source
#
# A difference is a finding about the article, reported as such. The sentence beside each is the one its section notebook wrote, from the comparison shown there.

# %% [markdown] tags=["zh"]
# ## 与来源不符的论断
#
# 不符是关于原文的发现，如实报告。每条旁边的说明是其所属章节笔记本根据该处所示比较写出的。

# %%
differs = checked[checked["verdict"] == "differs"]
ledger.for_people(differs.assign(why=[why[c][p.lang] for c in differs["claim_id"]]), pkg, p.lang,
                  columns=("claim_id", "statement", "article", "source", "why"))

# %% [markdown] tags=["en"]
# ## Claims that agree
#
# A recomputed claim (*derived from other printed numbers*) agrees when the interval its own rounding stands for overlaps the interval computed, in its notebook, from the printed numbers of its source.

# %% [markdown] tags=["zh"]
# ## 与来源一致的论断
#
# 对于由其他公布数字推算的论断：若其自身舍入所代表的区间与其笔记本中由来源公布数字算出的区间有重叠，则判为一致。

# %%
agrees = checked[checked["verdict"] == "agrees"]
ledger.for_people(agrees.assign(why=[why[c][p.lang] for c in agrees["claim_id"]]), pkg, p.lang,
                  columns=("claim_id", "check", "article", "source", "why"))

# %% [markdown] tags=["en"]
# ## Claims we could not check
#
# *Unverified* is not *wrong*: no source value was found in the material we could read. `data/claims.csv` records, for each, what was looked for, and `verification/claim_searches.csv` every search, so a reader with the missing document can close the gap by adding one row to `data/claim_values.csv`. A claim that is *not checkable* states a target, an opinion or something about the article itself, which no source can confirm.

# %% [markdown] tags=["zh"]
# ## 无法核实的论断
#
# “未核实”不等于“错误”：只是在我们能读到的材料中没有找到来源数值。`data/claims.csv` 记录了每条论断查找过什么，`verification/claim_searches.csv` 记录了每一次检索；持有缺失文件的读者只需在 `data/claim_values.csv` 中加一行即可补上。“无法核查”的论断陈述的是目标、观点或关于原文本身的内容，任何来源都无法证实。

# %%
unsettled = checked[checked["verdict"].isin(["unverified", "not checkable"])]
ledger.for_people(unsettled.assign(why=[why[c][p.lang] for c in unsettled["claim_id"]]), pkg, p.lang,
                  columns=("claim_id", "section", "statement", "article", "verdict", "why"))

# %% [markdown] tags=["en"]
# ## Conclusion
#
# The counts by verdict, one row per verdict, then each difference in the words of its notebook.

# %% [markdown] tags=["zh"]
# ## 结论
#
# 先按核查结论逐项计数（每种结论一行），再以各笔记本的原话列出每处不符。

# %%
by_verdict = pd.DataFrame({"verdict": list(counts), "claims": list(counts.values())})
tables.for_people(by_verdict, p.lang, {"verdict": "key:verdict"}, headers={"claims": {"en": "Claims", "zh": "论断数"}})

# %%
DIFFERS = {"en": "Differs: {claim_id}: {why}.", "zh": "不符：{claim_id}：{why}。"}
findings = text.sentences(DIFFERS, [{"claim_id": c, "why": why[c]} for c in differs["claim_id"]])
notes = [text.t(f"{v.replace(' ', '_')}_note", p.lang) for v in ("unverified", "not checkable") if counts[v]]
text.show(*findings[p.lang], *notes, p.wrote())

# %%
results.write(p.results_dir, p.notebook, pkg, {
    "parameters": {"sections": wanted}, "counts": counts,
    "claims": checked.reset_index(drop=True).merge(shown[["claim_id", "notebook", "check", "kind"]], on="claim_id"),
    "differs": findings, "figures": [{"file": f.name} for f in saved],
})
results.colophon(p.lang)
