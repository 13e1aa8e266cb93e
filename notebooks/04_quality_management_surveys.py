# %% [markdown] tags=["en"]
# # Quality-management surveys: the percentages the article quotes
#
# **Question.** Sections 3 and 4 of the article quote percentages from surveys of firms (a 2018 blue book on quality management in manufacturing, a survey of small and medium firms, a China Association for Quality survey), what an EU report says of Chinese exports, and how much of small firms' quality services developed countries fund. Can a public source confirm them?
#
# **Data.** The claims are rows of `data/claims.csv`, named in English and Chinese in `data/claim_names.csv`; a value found in a source would be a row of `data/claim_values.csv`. For each claim without one, `looked_for` records what was sought and where, and `verification/claim_searches.csv` lists the searches.
#
# Back to the [claims ledger](00_claims_ledger.ipynb).

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy: ../zh/04_quality_management_surveys.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本：../en/04_quality_management_surveys.ipynb

# %% tags=["parameters"]
lang: str = COPY_LANGUAGE              # "en" or "zh": sentences, table headers and figure text
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"  # where figures go; a scratch folder when other parameters differ from the defaults
results_dir: str = "results"  # where the results file goes; likewise

# %%
from compendium import params

p = params.Surveys.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, plotting, relations, results, text, verdicts

pd.set_option("display.max_colwidth", None)
pkg = data.load(p.data_dir, "claims", "claim_names")   # with the tables these refer to; checked before use
claims = pkg["claims"].query("notebook == '04_quality_management_surveys'")
values = pkg["claim_values"].set_index("value_id")
printed = pkg.text["claims"].set_index("claim_id")["stated_value"]   # the article's numbers as printed

# %% [markdown] tags=["en"]
# ## The claims, each beside its source
#
# Each claim is compared with the value read in its source as its `check` column says; a claim whose source value was not found is *unverified*, which does not make it wrong.

# %%
checked = verdicts.check_all(claims, values, printed)
ledger.for_people(checked, pkg, p.lang)

# %%
text.show(*ledger.where_read(checked["source_ids"].explode(), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ## The percentages as the article states them
#
# Bars run from zero to one hundred per cent and are coloured by verdict; a hatched bar is a value for which no source was found. A statement that gives a bound ("fewer than", "up to") is drawn as an arrow from its value towards zero.

# %%
percentages = claims[claims["unit"] == "%"][["claim_id", "stated_value", "bound"]].merge(checked[["claim_id", "verdict"]])
figure = plotting.survey_values(percentages, ledger.names(pkg, p.lang), p.lang)
saved = plotting.save(figure, p.figures_dir, "survey_percentages")
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Where each value was sought

# %%
names = ledger.names(pkg, p.lang)
unverified = claims[claims["claim_id"].isin(checked.query("verdict == 'unverified'")["claim_id"])]
if p.lang == "en":
    text.show(*[text.t("surveys.search", p.lang, name=names[c], looked_for=looked)
                for c, looked in zip(unverified["claim_id"], unverified["looked_for"])])
else:   # the records are in English
    text.show(text.t("surveys.searches_elsewhere", p.lang, n=len(unverified)))

# %% [markdown] tags=["en"]
# ## Conclusion
#
# The verdicts counted, and how many of the facts have a value in a source we read.

# %%
facts = checked[checked["claim_id"].isin(claims.query("kind == 'fact'")["claim_id"])]
sourced = int(facts["verdict"].isin(["agrees", "differs"]).sum())
said = [ledger.counts_sentence(verdicts.counts(checked["verdict"]), p.lang),
        text.say("sourced", p.lang, {"word": text.word(relations.share(sourced, len(facts)), "sourced")})]
text.show(*said, p.wrote())

# %%
why = ledger.explanations(checked, pkg, p.lang)
results.write(p.results_dir, p.notebook, {
    "claims": checked, "sourced": {"facts": len(facts), "with_source_value": sourced}, "sentences": said,
    "relations": text.records(said, why),
    "figures": [{"file": f.name, "tables": ["claims"]} for f in saved], "inputs": pkg.files,
})
results.colophon()
