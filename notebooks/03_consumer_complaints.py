# %% [markdown] tags=["en"]
# # Consumer complaints: the article's counts recomputed
#
# **Question.** Section 3 of the article counts the consumer complaints market regulators handled in 2020, how many concerned product quality, their share and their growth, and gives China's place in a reputation index. Do public sources support these numbers?
#
# **Data.** The release the article's counts come from was not found. The market regulator's release for the next year, 2021, prints that year's counts and how much each grew on 2020, so the 2020 counts can be recovered from it: a count that grew by *g* per cent was the count divided by 1 + *g*/100 the year before. Every printed number stands for an interval (its rounding), so each recovered count is an interval too. That release is read in a news report and in a fuller repost; the reputation index in a news report of it. The numbers read are rows of `data/claim_values.csv`, their pages rows of `data/sources.csv`; the claims are rows of `data/claims.csv`, named in English and Chinese in `data/claim_names.csv`.
#
# Back to the [claims ledger](00_claims_ledger.ipynb).

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy: ../zh/03_consumer_complaints.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本：../en/03_consumer_complaints.ipynb

# %% tags=["parameters"]
lang: str = COPY_LANGUAGE              # "en" or "zh": sentences, table headers and figure text
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

pd.set_option("display.max_colwidth", None)
pkg = data.load(p.data_dir, "claims", "claim_names")   # with the tables these refer to; checked before use
claims = pkg["claims"].query("notebook == '03_consumer_complaints'").set_index("claim_id", drop=False)
values = pkg["claim_values"].set_index("value_id")
printed = pkg.text["claims"].set_index("claim_id")["stated_value"]            # the article's numbers as printed
printed_values = pkg.text["claim_values"].set_index("value_id")["value"]     # the sources' numbers as printed

# %% [markdown] tags=["en"]
# ## The 2020 counts implied by the 2021 release
#
# Each number of the 2021 release as printed, as the interval it stands for (half a unit of its last digit either way), then the arithmetic, carried out on the intervals: every end of the result is a value the printed numbers allow.

# %%
count_2021 = Interval.printed(printed_values["complaints_2021_total"])                    # complaints in 2021
growth_2021 = Interval.printed(printed_values["complaints_2021_total_growth"])             # % growth on 2020
quality_2021 = Interval.printed(printed_values["complaints_2021_quality"])                # quality complaints, 2021
quality_growth_2021 = Interval.printed(printed_values["complaints_2021_quality_growth"])   # % growth on 2020

implied_2020 = count_2021 / (1 + growth_2021 / 100)
implied_quality_2020 = quality_2021 / (1 + quality_growth_2021 / 100)
implied_share_2020 = 100 * implied_quality_2020 / implied_2020

used = {"S3-complaints-total": (implied_2020, ["complaints_2021_total", "complaints_2021_total_growth"]),
        "S3-complaints-quality": (implied_quality_2020, ["complaints_2021_quality", "complaints_2021_quality_growth"]),
        "S3-complaints-share": (implied_share_2020, ["complaints_2021_total", "complaints_2021_total_growth",
                                                     "complaints_2021_quality", "complaints_2021_quality_growth"])}
for claim_id, (interval, inputs) in used.items():
    print(f"{claim_id}: {interval.low:,.4f} to {interval.high:,.4f}, from {', '.join(inputs)}")

# %% [markdown] tags=["en"]
# ## The claims, each beside its source
#
# A recomputed claim agrees when the interval its own rounding stands for overlaps the interval implied above. The other claims are compared with the value read in their source as their `check` says; a claim whose source value was not found is *unverified*.

# %%
derived = [verdicts.derived(claims.loc[c], printed[c], interval, values.loc[inputs, "source_id"]).record()
           for c, (interval, inputs) in used.items()]
others = verdicts.check_all(claims[claims["check"] != "derived"], values, printed)
checked = pd.concat([pd.DataFrame(derived), others]).set_index("claim_id", drop=False).loc[claims["claim_id"]]
ledger.for_people(checked, pkg, p.lang)

# %%
text.show(*ledger.where_read(checked["source_ids"].explode(), pkg["sources"], p.lang))

# %% [markdown] tags=["en"]
# ## The counts recomputed
#
# For each recomputed claim: the article's value; the interval that value stands for (a number printed to some precision stands for anything within half a unit of its last digit); and the range the 2021 release implies, at the article's precision. The claim agrees with its source when the two intervals share a point.

# %%
rows = []
for c in used:
    places = ledger.places(printed[c])                               # decimals the article prints
    own = Interval.printed(printed[c])                               # what its rounding stands for
    rounding_places = places + (1 if round(own.high, places) != own.high else 0)
    rows.append({"claim_id": c, "unit": claims.loc[c, "unit"], "places": places, "rounding_places": rounding_places,
                 "stated": claims.loc[c, "stated_value"], "rounding_low": own.low, "rounding_high": own.high,
                 "implied_low": round(used[c][0].low, places), "implied_high": round(used[c][0].high, places),
                 "verdict": checked.loc[c, "verdict"]})
recomputed = pd.DataFrame(rows)
names = ledger.names(pkg, p.lang)
tables.for_people(recomputed.assign(
    claim=recomputed["claim_id"].map(names),
    article=[ledger.value_text(r.stated, r.unit, p.lang, r.places) for r in recomputed.itertuples()],
    rounding=[ledger.interval_text(r.rounding_low, r.rounding_high, r.unit, p.lang, r.rounding_places) for r in recomputed.itertuples()],
    implied=[ledger.interval_text(r.implied_low, r.implied_high, r.unit, p.lang, r.places) for r in recomputed.itertuples()]),
    p.lang, columns=["claim", "article", "rounding", "implied", "verdict"], formats={"verdict": "key:verdict"})

# %% [markdown] tags=["en"]
# One panel per count. The wide bar is the range implied by the next year's release, the narrow bar the interval the article's rounded figure stands for, the dot the figure itself. Each panel is zoomed to its ranges, so the axis does not start at zero.

# %%
figure = plotting.complaints(recomputed, names, p.lang)
saved = plotting.save(figure, p.figures_dir, "complaints_2020")
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Conclusion
#
# The verdicts counted, then for each recomputed claim where the article's value lies against the implied range, and whether its rounding interval overlaps that range: both words computed from the numbers shown.

# %%
said = [ledger.counts_sentence(verdicts.counts(checked["verdict"]), p.lang)]
for r in recomputed.itertuples():
    def shown(x, places=r.places):
        return ledger.value_text(x, r.unit, p.lang, places)
    point = relations.position(r.stated, r.implied_low, r.implied_high)
    spans = relations.overlap(r.rounding_low, r.rounding_high, r.implied_low, r.implied_high)
    said.append(text.say("complaints.compare", p.lang,
                         {"position": text.word(point, "relation.interval"), "overlap": text.word(spans, "relation.interval")},
                         about=r.claim_id, name=names[r.claim_id], stated=shown(r.stated), low=shown(r.implied_low),
                         high=shown(r.implied_high), r_low=shown(r.rounding_low, r.rounding_places),
                         r_high=shown(r.rounding_high, r.rounding_places)))
text.show(*said, p.wrote())

# %%
why = ledger.explanations(checked, pkg, p.lang)
results.write(p.results_dir, p.notebook, {
    "claims": checked, "recomputed": recomputed, "sentences": said, "relations": text.records(said, why),
    "figures": [{"file": f.name, "tables": ["claims", "claim_values"]} for f in saved], "inputs": pkg.files,
})
results.colophon()
