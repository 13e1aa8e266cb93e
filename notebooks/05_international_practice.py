# %% [markdown] tags=["en"]
# # International practice: the years and counts the article gives
#
# [中文版](../zh/05_international_practice.ipynb) · back to the [claims ledger](00_claims_ledger.ipynb)
#
# **Question.** Section 5 of the article dates quality laws and programmes abroad and in China, counts the areas of two standards and the lines of a steel grading, and section 6 sets the authors' own targets. Do the years and counts agree with the sources, and which statements are targets that no source can confirm?
#
# **Data.** Statutes and government pages (a presidential library, the statute books, a congressional research report, the site of India's prime minister), an unofficial translation of a Korean statute, America Makes' own page, a knowledge-base page on the QIF standard and news reports where no original could be read: each a row of `data/sources.csv`, each value read a row of `data/claim_values.csv`. The claims are rows of `data/claims.csv` (our paraphrase, the value as the article prints it), named in English and Chinese in `data/claim_names.csv`. The article gives some years as a decade (a span of years) and some as "since" a year (a lower bound: that year or later); the ledger records which, and checks each as what it is.

# %% [markdown] tags=["zh"]
# # 国外实践：文章给出的年份与数量
#
# [English version](../en/05_international_practice.ipynb) · 返回[论断核查总表](00_claims_ledger.ipynb)
#
# **问题。** 文章第5节列举了国外和我国质量法规、质量计划的年份，给出了两项标准的领域数和一次钢铁质量能力分级的参评生产线数；第6节提出了作者自己的目标。这些年份和数量与来源是否一致？哪些表述是目标，没有来源可以证实？
#
# **数据。** 法律文本和政府网页（美国总统图书馆、法律汇编、美国国会研究服务处报告、印度总理网站）、一部韩国法律的非官方译本、America Makes 的官方网页、一个介绍 QIF 标准的知识库网页，以及在读不到原件时所用的新闻报道：每个来源是 `data/sources.csv` 中的一行，读到的每个数值是 `data/claim_values.csv` 中的一行。论断是 `data/claims.csv` 中的行（我们的转述，以及文章所印的数值），其中英文名称见 `data/claim_names.csv`。文章有的年份以年代给出（一段年份区间），有的以“某年以来”给出（下限：该年或以后）；核查表记录了属于哪一种，并按其本来的含义核查。

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy is ../zh/05_international_practice.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本为 ../en/05_international_practice.ipynb

# %% tags=["parameters"]
lang: str = COPY_LANGUAGE     # "en" or "zh": sentences, table headers and figure text (by default this copy's)
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"  # where figures go (a folder per language); a scratch folder when other parameters differ
results_dir: str = "results"  # where the results file goes; likewise

# %%
from compendium import params

p = params.International.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, plotting, relations, results, tables, text, verdicts

pkg = data.load(p.data_dir)   # the whole package, checked before use
claims = pkg["claims"].query("notebook == '05_international_practice'")
values = pkg["claim_values"].set_index("value_id")
printed = pkg.text["claims"].set_index("claim_id")["stated_value"]   # the article's numbers as printed
NAMES = ledger.claim_names(pkg)                                       # claim id -> its name in each language

# %% [markdown] tags=["en"]
# ## The claims, each beside its source
#
# Each claim is compared with the value read in its source as its `check` column in `data/claims.csv` says: a year or count the article prints must lie within its rounding (half a unit either way); a decade is a span the source's year must fall in; "since" a year is a lower bound the source's year must not precede; a wording must say the same. A target or a statement about the article itself is *not checkable*; a claim whose source value was not found is *unverified*.

# %% [markdown] tags=["zh"]
# ## 逐条论断与其来源对照
#
# 每条论断按 `data/claims.csv` 中 `check` 一栏所说的方式与来源中的数值比较：文章所印的年份或数量，来源数值须落在其舍入范围之内（上下各半个单位）；以年代给出的，来源年份须落在该区间之内；“某年以来”是下限，来源年份不得早于该年；文字表述须意思相同。目标以及关于文章本身的陈述属于“无法核查”；未找到来源数值的论断为“未核实”。

# %%
checked = verdicts.check_all(claims, values, printed)
ledger.for_people(checked, pkg, p.lang)

# %%
text.show(*ledger.where_read(checked["source_ids"].explode(), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ## Years: the article against the sources
#
# One row per dated statement: what the article gives (a single year, a span of years, or a lower bound, "since" a year), the year the source gives, where the source's year falls against the article's (computed from the two: within or outside a span, later or earlier than a year or a bound), and by how many years it lies outside what the article allows. Each sentence below reads one row.

# %% [markdown] tags=["zh"]
# ## 年份：文章与来源对照
#
# 每条带年份的表述一行：文章给出的是什么（某一年、一段年份区间，或“某年以来”这一下限）、来源给出的年份、来源年份相对于文章所给年份的位置（由二者算出：在区间之内或之外，晚于或早于某一年或下限），以及来源年份超出文章所允许范围的年数。下面每句话读取其中一行。

# %%
dated = claims[(claims["unit"] == "year") & (claims["kind"] == "fact")].merge(
    checked[["claim_id", "source_value", "verdict"]])
dates = pd.DataFrame({
    "claim_id": dated["claim_id"],
    "form": dated["check"].map({"range": "span", "bound": "bound", "exact": "year"}),
    "first": dated["stated_low"].fillna(dated["stated_value"]).astype(float),
    "last": dated["stated_high"].fillna(dated["stated_value"].where(dated["check"] != "bound")).astype(float),
    "source_year": dated["source_value"].astype(float),
    "verdict": dated["verdict"],
})


def where(row):
    """The source's year against a span (within, after, before), or against one year or a lower bound."""
    if pd.isna(row.source_year):
        return None
    if row.form == "span":
        return relations.position(row.source_year, row.first, row.last)
    return relations.compare(row.source_year, row.first, decimals=0)


dates["relation"] = [where(r) for r in dates.itertuples()]


def outside(row):
    """Years the source's year lies outside what the article allows: before its first year, or after its last
    (a lower bound has no last year); 0 within."""
    if pd.isna(row.source_year):
        return None
    before = max(row.first - row.source_year, 0)
    after = 0 if row.form == "bound" else max(row.source_year - row.last, 0)
    return before + after


dates["years_outside"] = [outside(r) for r in dates.itertuples()]

DATE_FORMATS = {
    "claim_id": NAMES, "first": "year", "last": "year", "source_year": "year", "verdict": "key:verdict",
    "years_outside": text.Unit("years", words={"en": "{value} years", "en.one": "{value} year", "zh": "{value}年"}),
    "form": {"year": {"en": "a year", "zh": "某一年"}, "span": {"en": "a span of years", "zh": "年份区间"},
             "bound": {"en": "since a year (lower bound)", "zh": "某年以来（下限）"}},
    "relation": {"inside": {"en": "within", "zh": "在该区间之内"}, "above": {"en": "after", "zh": "晚于该区间"},
                 "below": {"en": "before", "zh": "早于该区间"}, "higher": {"en": "later than", "zh": "晚于"},
                 "lower": {"en": "earlier than", "zh": "早于"}, "equal": {"en": "the same as", "zh": "等于"}},
}
DATE_HEADERS = {"claim_id": {"en": "Claim", "zh": "论断"}, "form": {"en": "The article gives", "zh": "原文给出"},
                "first": {"en": "From", "zh": "起"}, "last": {"en": "To", "zh": "止"},
                "source_year": {"en": "Source's year", "zh": "来源年份"},
                "relation": {"en": "Source's year against the article's", "zh": "来源年份与原文相比"},
                "years_outside": {"en": "Outside the article's by", "zh": "超出原文范围"}}
tables.for_people(dates, p.lang, DATE_FORMATS,
                  columns=["claim_id", "form", "first", "last", "source_year", "relation", "years_outside", "verdict"],
                  headers=DATE_HEADERS)

# %%
SAY_DATES = {   # one template for each form the article gives, and one for a year no source gives
    "span": {"en": "**{claim_id}**: the article gives {first}–{last}; the source gives {source_year}, {relation} that "
                   "span.",
             "zh": "**{claim_id}**：原文为{first}—{last}年；来源为{source_year}年，{relation}。"},
    "year": {"en": "**{claim_id}**: the article gives {first}; the source gives {source_year}, {relation} the article's "
                   "year.",
             "zh": "**{claim_id}**：原文为{first}年；来源为{source_year}年，{relation}原文的年份。"},
    "bound": {"en": "**{claim_id}**: the article says “since {first}”, a lower bound; the source gives {source_year}, "
                    "{relation} that bound.",
              "zh": "**{claim_id}**：原文称“{first}年以来”，即以{first}年为下限；来源为{source_year}年，{relation}该下限。"},
    "none": {"en": "**{claim_id}**: no source we read gives its year; the figure below shows the article's alone.",
             "zh": "**{claim_id}**：我们读到的来源都没有给出其年份；下图只画出原文所给的年份。"},
}
said_as = dates.assign(said_as=dates["form"].where(dates["source_year"].notna(), "none"))   # the template of each row
dated_said = text.sentences_by("said_as", SAY_DATES, said_as, DATE_FORMATS)
text.show(*dated_said[p.lang])

# %% [markdown] tags=["en"]
# One row per dated statement, as in the table. In grey, what the article gives: a year or a span of years as a bar, a lower bound ("since") as an arrow that starts at its year and stays open to the right. The dot is the year the source gives, coloured by verdict; where no source year was found, a note says so.

# %% [markdown] tags=["zh"]
# 每条带年份的表述一行，与上表相同。灰色为原文所给：某一年或一段年份区间画作横条，下限（“以来”）画作从该年开始、向右不封口的箭头。圆点为来源给出的年份，颜色表示核查结果；未找到来源年份的，图中加以注明。

# %%
figure = plotting.timeline(dates, ledger.names(pkg, p.lang), p.lang)
saved = plotting.save(figure, p.figure_folder, "international_dates")
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Counts: the article against the sources
#
# One row per count the article gives (areas of a standard, production lines graded): the article's count, the source's, and the word comparing them (computed from the two numbers: more, fewer or the same).

# %% [markdown] tags=["zh"]
# ## 数量：文章与来源对照
#
# 文章给出的每个数量（标准的领域数、参评生产线数）一行：原文的数量、来源的数量，以及比较二者的用词（由两个数值算出：多于、少于或等于）。

# %%
counted = claims[(claims["kind"] == "fact") & (claims["check"] == "exact") & (claims["unit"] != "year")]
counts = counted[["claim_id", "stated_value", "unit"]].merge(checked[["claim_id", "source_value", "verdict"]])
counts["relation"] = [None if pd.isna(r.source_value) else relations.compare(r.source_value, r.stated_value, decimals=0)
                      for r in counts.itertuples()]
COUNT_FORMATS = {"claim_id": NAMES, "stated_value": 0, "source_value": 0, "verdict": "key:verdict",
                 "unit": {"areas": {"en": "areas", "zh": "个领域"}, "lines": {"en": "production lines", "zh": "条生产线"}},
                 "relation": {"higher": {"en": "more than", "zh": "多于"}, "lower": {"en": "fewer than", "zh": "少于"},
                              "equal": {"en": "the same as", "zh": "等于"}}}
tables.for_people(counts, p.lang, COUNT_FORMATS,
                  columns=["claim_id", "stated_value", "source_value", "unit", "relation", "verdict"],
                  headers={"claim_id": {"en": "Claim", "zh": "论断"}, "stated_value": {"en": "The article", "zh": "原文"},
                           "source_value": {"en": "The source", "zh": "来源"}, "unit": {"en": "Counted", "zh": "单位"},
                           "relation": {"en": "Source's count against the article's", "zh": "来源与原文相比"}})

# %%
SAY_COUNTS = {
    "found": {"en": "**{claim_id}**: the article gives {stated_value} {unit}; the source gives {source_value}, "
                    "{relation} the article.",
              "zh": "**{claim_id}**：原文为{stated_value}{unit}；来源为{source_value}{unit}，{relation}原文。"},
    "none": {"en": "**{claim_id}**: the article gives {stated_value} {unit}; no source we read gives the count.",
             "zh": "**{claim_id}**：原文为{stated_value}{unit}；我们读到的来源都没有给出这一数量。"},
}
said_as = counts.assign(said_as=counts["source_value"].notna().map({True: "found", False: "none"}))
counted_said = text.sentences_by("said_as", SAY_COUNTS, said_as, COUNT_FORMATS)
text.show(*counted_said[p.lang])

# %% [markdown] tags=["en"]
# ## Conclusion
#
# ### The verdicts counted

# %% [markdown] tags=["zh"]
# ## 结论
#
# ### 核查结果统计

# %%
text.show(ledger.counts_sentence(verdicts.counts(checked["verdict"]), p.lang))

# %% [markdown] tags=["en"]
# ### How many of the years agree
#
# One row: the years that a source gives, how many of them agree with the article and how many differ, the word saying whether the article holds in every case (computed from the two counts), and the dated statements no source gives a year for.

# %% [markdown] tags=["zh"]
# ### 有多少年份一致
#
# 一行：来源给出的年份数、其中与原文一致和不符的个数、说明原文是否全部成立的用词（由两个计数算出），以及没有来源给出年份的表述数。

# %%
sourced = dates.dropna(subset=["source_year"])
agree = int((sourced["verdict"] == "agrees").sum())
tally = pd.DataFrame([{"total": len(sourced), "agree": agree, "differ": len(sourced) - agree,
                       "relation": relations.share(agree, len(sourced)), "unsourced": len(dates) - len(sourced)}])
TALLY_FORMATS = {"relation": {"all": {"en": "in every case", "zh": "全部一致"},
                              "some": {"en": "in some cases, not all", "zh": "并非全部一致"},
                              "none": {"en": "in no case", "zh": "无一一致"}}}
tables.for_people(tally, p.lang, TALLY_FORMATS, columns=["total", "agree", "differ", "relation", "unsourced"],
                  headers={"total": {"en": "Years a source gives", "zh": "来源给出的年份"},
                           "agree": {"en": "Agree", "zh": "一致"}, "differ": {"en": "Differ", "zh": "不符"},
                           "relation": {"en": "The article's years agree", "zh": "原文年份"},
                           "unsourced": {"en": "No year in a source", "zh": "来源中无年份"}})

# %%
SAY_TALLY = {"en": "Of the {total} years that a source gives, the article agrees with {agree} and differs from "
                   "{differ}: its years agree with the sources {relation}. For {unsourced} more dated statements, "
                   "no source we read gives a year.",
             "zh": "来源给出的{total}个年份中，原文与其中{agree}个一致、与{differ}个不符：{relation}。另有{unsourced}条"
                   "带年份的表述，我们读到的来源都没有给出年份。"}
tallied = text.sentences(SAY_TALLY, tally, TALLY_FORMATS)
text.show(*tallied[p.lang])

# %% [markdown] tags=["en"]
# ### Where the article and its sources differ
#
# The claims whose verdict is *differs*, one row each. A year: the article's year or span, the source's year, where it falls (the word of the table above) and by how many years it lies outside. A wording: what the article says and what the source says.

# %% [markdown] tags=["zh"]
# ### 文章与来源不符之处
#
# 核查结果为“不符”的论断，每条一行。年份：原文的年份或区间、来源年份、其位置（与上文年份表用词相同）以及超出的年数。文字表述：原文怎么说，来源怎么说。

# %%
differing_years = dates[dates["verdict"] == "differs"]
tables.for_people(differing_years, p.lang, DATE_FORMATS,
                  columns=["claim_id", "form", "first", "last", "source_year", "relation", "years_outside"],
                  headers=DATE_HEADERS)

# %%
SAY_DIFFER = {
    "span": {"en": "**{claim_id}**: the article gives {first}–{last}; the source gives {source_year}, {relation} that "
                   "span, by {years_outside}.",
             "zh": "**{claim_id}**：原文为{first}—{last}年；来源为{source_year}年，{relation}，超出{years_outside}。"},
    "year": {"en": "**{claim_id}**: the article gives {first}; the source gives {source_year}, {relation} the "
                   "article's year, by {years_outside}.",
             "zh": "**{claim_id}**：原文为{first}年；来源为{source_year}年，{relation}原文的年份，相差{years_outside}。"},
    "bound": {"en": "**{claim_id}**: the article says “since {first}”; the source gives {source_year}, {relation} that "
                    "bound, by {years_outside}.",
              "zh": "**{claim_id}**：原文称“{first}年以来”；来源为{source_year}年，{relation}该下限，相差{years_outside}。"},
}
differed_years = text.sentences_by("form", SAY_DIFFER, differing_years, DATE_FORMATS)
text.show(*differed_years[p.lang])

# %%
worded = checked[(checked["verdict"] == "differs") & (checked["reason"] == "qualitative")].merge(
    claims[["claim_id", "stated_text"]]).merge(pkg["claim_names"][["claim_id", "stated_text_zh", "source_text_zh"]])
# each wording as recorded in English, and in Chinese as data/claim_names.csv gives it
WORDING_FORMATS = {"claim_id": NAMES, "source_ids": lambda ids: ", ".join(ids),
                   "stated_text": {r.stated_text: {"en": r.stated_text, "zh": r.stated_text_zh}
                                   for r in worded.itertuples()},
                   "source_text": {r.source_text: {"en": r.source_text, "zh": r.source_text_zh}
                                   for r in worded.itertuples()}}
tables.for_people(worded, p.lang, WORDING_FORMATS, columns=["claim_id", "stated_text", "source_text", "source_ids"],
                  headers={"claim_id": {"en": "Claim", "zh": "论断"},
                           "stated_text": {"en": "The article says", "zh": "原文的表述"},
                           "source_text": {"en": "The source says", "zh": "来源的表述"},
                           "source_ids": {"en": "Source (row of data/sources.csv)", "zh": "来源编号（data/sources.csv）"}})

# %%
SAY_WORDING = {"en": "**{claim_id}**: the article says “{stated_text}”; the source says “{source_text}”.",
               "zh": "**{claim_id}**：原文称“{stated_text}”，来源称“{source_text}”。"}
differed_words = text.sentences(SAY_WORDING, worded[["claim_id", "stated_text", "source_text"]], WORDING_FORMATS)
text.show(*differed_words[p.lang])

# %% [markdown] tags=["en"]
# ### What no source can confirm
#
# The claims whose verdict is *not checkable*, one row each: the article's value as printed and why no source can confirm it (a target the authors set, or a statement about the article itself).

# %% [markdown] tags=["zh"]
# ### 没有来源可以证实的内容
#
# 核查结果为“无法核查”的论断，每条一行：文章所印的数值，以及没有来源可以证实的原因（作者设定的目标，或关于文章本身的陈述）。

# %%
uncheckable = claims[claims["kind"] != "fact"][["claim_id", "kind", "unit"]].assign(
    printed=lambda df: df["claim_id"].map(printed))   # the article's value as printed
UNCHECKABLE_FORMATS = {"claim_id": NAMES,
                       "kind": {"target": {"en": "a target the authors set, which no source can confirm",
                                           "zh": "作者设定的目标，没有来源可以证实"},
                                "about_article": {"en": "a statement about the article's own structure, not a fact a "
                                                        "source could confirm",
                                                  "zh": "关于文章自身结构的陈述，不是来源可以证实的事实"},
                                "opinion": {"en": "an opinion of the authors, not a fact a source could confirm",
                                            "zh": "作者的观点，不是来源可以证实的事实"}},
                       "unit": {"year": {"en": "", "zh": "年"}, "plans": {"en": " action plans", "zh": "项行动计划"}}}
tables.for_people(uncheckable, p.lang, UNCHECKABLE_FORMATS, columns=["claim_id", "printed", "unit", "kind"],
                  headers={"claim_id": {"en": "Claim", "zh": "论断"},
                           "printed": {"en": "The article (as printed)", "zh": "原文（所印数值）"},
                           "unit": {"en": "Unit", "zh": "单位"}, "kind": {"en": "Why not checkable", "zh": "无法核查的原因"}})

# %%
SAY_UNCHECKABLE = {"en": "**{claim_id}** ({printed}{unit}): {kind}.", "zh": "**{claim_id}**（{printed}{unit}）：{kind}。"}
uncheckable_said = text.sentences(SAY_UNCHECKABLE, uncheckable, UNCHECKABLE_FORMATS)
text.show(*uncheckable_said[p.lang], p.wrote())

# %%
results.write(p.results_dir, p.notebook, pkg, {
    "claims": checked, "dates": dates, "counts": counts, "dated": dated_said, "counted": counted_said,
    "tally": tallied, "differed_years": differed_years, "differed_words": differed_words,
    "uncheckable": uncheckable_said, "explanations": ledger.explanations(checked, pkg),
    "figures": [{"file": f.name} for f in saved],
})
results.colophon(p.lang)
