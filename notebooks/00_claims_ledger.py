# %% [markdown] tags=["en"]
# # The claims ledger: every quantitative claim on our pages, checked against its source
#
# **Question.** Which numbers, dates and counts in the second half of 张豪 et al., 《中国制造业产品质量提升策略研究》 (Strategic Study of CAE, 2022) can be traced to a source, and do they agree with it?
#
# **Data.** `data/claims.csv` registers each claim with our own English paraphrase (no sentence of the article is copied) and the value as the article prints it; `data/claim_values.csv` holds what the sources say, each row naming its page in `data/sources.csv`. Each claim is checked in the notebook of its section, in cells a reader can follow, and its verdict written to that notebook's results file; this notebook collects them. A verdict is *agrees*, *differs* (with the difference), *unverified* (no source value found; the search is recorded) or *not checkable* (a target, an opinion, a statement about the article itself).
#
# **The notebooks.** This one is the index.
# - [01_figure1_spot_checks](01_figure1_spot_checks.ipynb): Figure 1 rebuilt from the spot-check bulletins, its cells, Wilson intervals, trends, the article's sentence on product counts
# - [02_raw_milk_cell_counts](02_raw_milk_cell_counts.ipynb): the raw-milk somatic cell limits of the US, the EU and China
# - [03_consumer_complaints](03_consumer_complaints.ipynb): the article's complaint counts recomputed from the next year's release; the reputation index
# - [04_quality_management_surveys](04_quality_management_surveys.ipynb): the percentages the article quotes from surveys of firms
# - [05_international_practice](05_international_practice.ipynb): the years and counts of programmes abroad, the steel grading, the authors' targets
# - [06_additive_manufacturing_scenarios](06_additive_manufacturing_scenarios.ipynb): the notice 工信厅通装函〔2022〕206号 on our pages: units by role and sector
# - [07_spot_checks_since_2018](07_spot_checks_since_2018.ipynb): beyond the article, the spot-check series to the latest bulletin

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy: ../zh/00_claims_ledger.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本：../en/00_claims_ledger.ipynb

# %% tags=["parameters"]
sections: "Union[str, list]" = "all"  # article sections or subsections whose claims are shown, e.g. ["3", "5.1"] or "3,5.1"; "all": every one
lang: str = COPY_LANGUAGE              # "en" or "zh": sentences, table headers and figure text
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"  # where figures go; a scratch folder when other parameters differ from the defaults
results_dir: str = "results"  # where the section notebooks' results are read, and this one's written

# %%
from compendium import params

p = params.ClaimsLedger.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, plotting, results, text, verdicts

pd.set_option("display.max_colwidth", None)
pkg = data.load(p.data_dir, "claims", "claim_names")   # with the tables these refer to; checked before use
claims = pkg["claims"]
checked = pd.concat([pd.DataFrame(results.read(p.results_dir, notebook)["claims"])
                     for notebook in sorted(claims["notebook"].unique())])
unchecked = sorted(set(claims["claim_id"]) - set(checked["claim_id"]))
if unchecked:
    raise RuntimeError(f"no verdict for {', '.join(unchecked)} in {p.results_dir}: run their notebooks first")
order = sorted(claims["section"].unique(), key=lambda s: [int(x) for x in s.split(".")])   # the article's order
wanted = params.selected("sections", p.sections, {s: s for s in order} | {s.split(".")[0]: s.split(".")[0] for s in order})
shown = claims[claims["section"].isin(wanted) | claims["section"].str.split(".").str[0].isin(wanted)]
shown = shown.assign(key=shown["section"].map(order.index)).sort_values("key", kind="stable")
checked = checked.set_index("claim_id", drop=False).loc[shown["claim_id"]].assign(section=list(shown["section"]))
counts = verdicts.counts(checked["verdict"])
text.show(text.t("ledger_scope_all" if p.sections == "all" else "ledger_scope_some", p.lang,
                 sections=text.join(list(dict.fromkeys(shown["section"])), p.lang)),
          ledger.counts_sentence(counts, p.lang))

# %% [markdown] tags=["en"]
# ## Verdicts by section of the article

# %%
figure = plotting.verdict_counts(checked, p.lang)
saved = plotting.save(figure, p.figures_dir, "claims_verdicts")
plotting.show_saved(saved[0], alt=text.t("ledger_alt", p.lang, title=text.t("ledger_title", p.lang),
                                         counts=ledger.counts_sentence(counts, p.lang)))

# %% [markdown] tags=["en"]
# ## The whole ledger
#
# One row per claim, in the order of the article: how it is checked, the article's value, what the source gives (a number, or the interval computed from the printed numbers it depends on), the rows of `data/sources.csv` it was read in, and the verdict.

# %%
ledger.for_people(checked, pkg, p.lang, columns=("claim_id", "section", "statement_en", "article", "check", "source",
                                                 "source_ids", "verdict"))

# %% [markdown] tags=["en"]
# ## Claims that differ from their source
#
# A difference is a finding about the article, reported as such (the test suite pins each one).

# %%
ledger.for_people(checked.query("verdict == 'differs'"), pkg, p.lang,
                  columns=("claim_id", "statement_en", "article", "source", "why"))

# %% [markdown] tags=["en"]
# ## Claims that agree
#
# A recomputed claim (*derived from other printed numbers*) agrees when the interval its own rounding stands for overlaps the interval computed, in its notebook, from the printed numbers of its source.

# %%
ledger.for_people(checked.query("verdict == 'agrees'"), pkg, p.lang, columns=("claim_id", "check", "article", "source", "why"))

# %% [markdown] tags=["en"]
# ## Claims we could not check
#
# Unverified does not mean wrong: no source value was found in the material we could read. `data/claims.csv` records, for each, what was looked for, so a reader with the missing document can close the gap by adding one row to `data/claim_values.csv`. A claim that is *not checkable* states a target or an opinion, which no source can confirm.

# %%
ledger.for_people(checked.query("verdict in ['unverified', 'not checkable']"), pkg, p.lang,
                  columns=("claim_id", "section", "statement_en", "article", "verdict", "why"))

# %% [markdown] tags=["en"]
# ## Conclusion

# %%
why = ledger.explanations(checked, pkg, p.lang)
said = [text.t("differs_item", p.lang, claim_id=c, explanation=str(w).rstrip("."))
        for c, v, w in zip(checked["claim_id"], checked["verdict"], why) if v == "differs"]
said += [text.t(f"{v.replace(' ', '_')}_note", p.lang) for v in ("unverified", "not checkable") if counts[v]]
text.show(*said, p.wrote())

# %%
results.write(p.results_dir, p.notebook, {
    "parameters": {"sections": wanted, "lang": p.lang}, "counts": counts,
    "claims": checked.reset_index(drop=True).merge(shown[["claim_id", "notebook", "check", "kind"]], on="claim_id"),
    "relations": text.records(why), "sentences": said,
    "figures": [{"file": f.name, "tables": ["claims", "claim_values"]} for f in saved], "inputs": pkg.files,
})
results.colophon()
