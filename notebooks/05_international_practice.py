# %% [markdown] tags=["en"]
# # International practice: the years and counts the article gives
#
# **Question.** Section 5 of the article dates quality laws and programmes abroad and in China, counts the areas of two standards and the lines of a steel grading, and section 6 sets the authors' own targets. Do the years and counts agree with the sources, and which statements are targets that no source can confirm?
#
# **Data.** Statutes and government pages (a presidential library, the statute books, a congressional research report, the site of India's prime minister), an unofficial translation of a Korean statute, America Makes' own page, a knowledge-base page on the QIF standard and news reports where no original could be read: each a row of `data/sources.csv`, each value read a row of `data/claim_values.csv`. The claims are rows of `data/claims.csv`, named in English and Chinese in `data/claim_names.csv`. The article gives some years as a decade (a span of years) and some as "since" a year (a lower bound: that year or later); the ledger records which, and checks each as what it is.
#
# Back to the [claims ledger](00_claims_ledger.ipynb).

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy: ../zh/05_international_practice.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本：../en/05_international_practice.ipynb

# %% tags=["parameters"]
lang: str = COPY_LANGUAGE              # "en" or "zh": sentences, table headers and figure text
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"  # where figures go; a scratch folder when other parameters differ from the defaults
results_dir: str = "results"  # where the results file goes; likewise

# %%
from compendium import params

p = params.International.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import pandas as pd

from compendium import data, ledger, plotting, relations, results, text, verdicts

pd.set_option("display.max_colwidth", None)
pkg = data.load(p.data_dir, "claims", "claim_names")   # with the tables these refer to; checked before use
claims = pkg["claims"].query("notebook == '05_international_practice'")
values = pkg["claim_values"].set_index("value_id")
printed = pkg.text["claims"].set_index("claim_id")["stated_value"]   # the article's numbers as printed

# %% [markdown] tags=["en"]
# ## The claims, each beside its source
#
# A year or count the article prints must lie within its rounding (half a year either way); a decade is a span the source's year must fall in; "since" a year is a lower bound the source's year must not precede. A target or a statement about the article itself is *not checkable*; a claim whose source value was not found is *unverified*.

# %%
checked = verdicts.check_all(claims, values, printed)
ledger.for_people(checked, pkg, p.lang)

# %%
text.show(*ledger.where_read(checked["source_ids"].explode(), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ## Years: the article against the sources
#
# One row per dated statement. In grey, what the article gives: a year or a span of years as a bar, a lower bound ("since") as an arrow that starts at its year and stays open to the right. The dot is the year the source gives, coloured by verdict; where no source year was found, a note says so.

# %%
dated = claims[(claims["unit"] == "year") & (claims["kind"] == "fact")].merge(checked[["claim_id", "source_value", "verdict"]])
dates = pd.DataFrame({
    "claim_id": dated["claim_id"],
    "form": dated["check"].map({"range": "span", "bound": "bound", "exact": "year"}),
    "first": dated["stated_low"].fillna(dated["stated_value"]).astype(float),
    "last": dated["stated_high"].fillna(dated["stated_value"].where(dated["check"] != "bound")).astype(float),
    "source_year": dated["source_value"].astype(float),
    "verdict": dated["verdict"],
})
figure = plotting.timeline(dates, ledger.names(pkg, p.lang), p.lang)
saved = plotting.save(figure, p.figures_dir, "international_dates")
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Conclusion
#
# The verdicts counted; for each year a source gives, where it falls against the article's year, span or lower bound (the word computed from the two); how many agree.

# %%
names = ledger.names(pkg, p.lang)
said = [ledger.counts_sentence(verdicts.counts(checked["verdict"]), p.lang)]
sourced = dates.dropna(subset=["source_year"])
for r in sourced.itertuples():
    if r.form == "span":        # the source's year against the span
        where, family = relations.position(r.source_year, r.first, r.last), "relation.year"
        stated = ledger.interval_text(r.first, r.last, "year", p.lang)
    else:                       # against one year, or against a lower bound
        where = relations.compare(r.source_year, r.first, decimals=0)
        family, stated = ("relation.since" if r.form == "bound" else "relation.year"), ledger.value_text(r.first, "year", p.lang)
    said.append(text.say("dates.bound" if r.form == "bound" else "dates.given", p.lang, {"word": text.word(where, family)},
                         about=r.claim_id, name=names[r.claim_id], stated=stated,
                         source=ledger.value_text(r.source_year, "year", p.lang)))
agree = int((sourced["verdict"] == "agrees").sum())
if len(sourced):
    said.append(text.say("dates_agree", p.lang, {"word": text.word(relations.share(agree, len(sourced)), "relation.dates_agree")},
                         total=len(sourced), agree=text.t_n("dates.agree", agree, p.lang),
                         differ=text.t_n("dates.differ", len(sourced) - agree, p.lang)))
if len(dates) > len(sourced):
    said.append(text.t_n("dates.open", len(dates) - len(sourced), p.lang))
text.show(*said, p.wrote())

# %%
why = ledger.explanations(checked, pkg, p.lang)
results.write(p.results_dir, p.notebook, {
    "claims": checked, "dates": dates, "sentences": said, "relations": text.records(said, why),
    "figures": [{"file": f.name, "tables": ["claims", "claim_values"]} for f in saved], "inputs": pkg.files,
})
results.colophon()
