# %% [markdown] tags=["en"]
# # The additive-manufacturing scenario list of notice 工信厅通装函〔2022〕206号
#
# **Question.** Our pages end with the notice of the general office of the Ministry of Industry and Information Technology (MIIT) publishing the first list of typical application scenarios of additive manufacturing (3D printing). Who makes the equipment, who provides services, and whom do the listed scenarios serve?
#
# **Data.** `data/am_scenarios_printed.csv`, one row per printed line of the list as it stands on our pages, blank cells kept. The roles, field and scenario types as printed, our English for them, and the sectors we group the users into are rows of `data/terms.csv`. Which items our pages hold is said below, computed from the rows.
#
# Back to the [claims ledger](00_claims_ledger.ipynb).

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy: ../zh/06_additive_manufacturing_scenarios.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本：../en/06_additive_manufacturing_scenarios.ipynb

# %% tags=["parameters"]
lang: str = COPY_LANGUAGE              # "en" or "zh": sentences, table headers and figure text
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"  # where figures go; a scratch folder when other parameters differ from the defaults
results_dir: str = "results"  # where the results file goes; likewise
top_n: int = 5                # how many of the units named in more than one item to list

# %%
from compendium import params

p = params.Scenarios.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import re

import pandas as pd

from compendium import data, plotting, results, tables, text

pkg = data.load(p.data_dir, "am_scenarios_printed", "terms")   # with the tables these refer to; checked before use
terms = pkg["terms"]
printed = pkg["am_scenarios_printed"].sort_values("line")

# %% [markdown] tags=["en"]
# ## The items as printed
#
# A blank scenario-type cell continues the type above it; a line without an item number is the item above, printed over a second line: its units join that item's.

# %%
lines = printed.assign(scenario_type=printed.groupby("field")["scenario_type"].ffill(),
                       item_no=printed["item_no"].ffill().astype(int))
items = lines.groupby("item_no").agg(
    field=("field", "first"), scenario_type=("scenario_type", "first"),
    project_name=("project_name", lambda names: re.sub(r"\s+", "", names.dropna().iloc[0])),
    units_as_printed=("units_as_printed", " ".join), printed_lines=("line", "size")).reset_index()
numbers = items["item_no"].tolist()
contiguous = numbers == list(range(numbers[0], numbers[-1] + 1))
shown_numbers = text.span(numbers[0], numbers[-1], p.lang) if contiguous else text.join(numbers, p.lang)
text.show("**" + text.t("am_coverage", p.lang, numbers=shown_numbers, n=len(items), types=items["scenario_type"].nunique(),
                        field=text.join([text.term(terms, "field", f, p.lang) for f in items["field"].unique()], p.lang)) + "**")
tables.for_people(items.assign(scenario_type=[text.with_ours(terms, "scenario_type", v, p.lang) for v in items["scenario_type"]]),
                  p.lang, columns=["item_no", "scenario_type", "project_name", "printed_lines"])

# %% [markdown] tags=["en"]
# ## Units by role
#
# Each item's units are listed by role, as printed: `装备制造商：A，B 应用单位：C、D` names A and B as equipment makers and C and D as application units. A combined role (装备制造商/服务提供商) is kept as printed. The roles are the `role` rows of `data/terms.csv`, the longest tried first so a combined role is not read as its first part.

# %%
roles = sorted(terms.query("kind == 'role'")["name_zh"], key=len, reverse=True)
label = re.compile("(" + "|".join(map(re.escape, roles)) + ")[：:]")
found = []
for item in items.itertuples():
    parts = label.split(item.units_as_printed.strip())        # ['', role, names, role, names, ...]
    for role, names in zip(parts[1::2], parts[2::2]):
        for name in re.split(r"[、，,；;]", names):
            if name.strip():
                found.append({"item_no": item.item_no, "scenario_type": item.scenario_type,
                              "project_name": item.project_name, "role": role, "unit": re.sub(r"\s+", "", name)})
units = pd.DataFrame(found)

# An application unit's sector: the first sector (rows of terms.csv, in order) one of whose `matches` parts its
# printed name contains; the sector with no parts takes the rest.
sectors = terms.query("kind == 'sector'")
users = units[units["role"] == "应用单位"].copy()
users["sector"] = [next((s.code for s in sectors.itertuples() if not pd.isna(s.matches)
                         and any(part in name for part in s.matches.split("|"))), "other") for name in users["unit"]]

# %% [markdown] tags=["en"]
# Bars count distinct units per role, then items per users' sector (an item counts once in each sector of its users), then items per scenario type.

# %%
figure = plotting.scenario_summary(units.drop_duplicates(["unit", "role"])["role"],
                                   users.drop_duplicates(["item_no", "sector"])["sector"], items["scenario_type"],
                                   terms, shown_numbers, p.lang)
saved = plotting.save(figure, p.figures_dir, "am_scenarios")
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Items per scenario type, and units that recur

# %%
per_type = items.groupby("scenario_type", sort=False)["item_no"].agg(["count", list]).reset_index()
tables.for_people(per_type.rename(columns={"count": "items_n", "list": "item_numbers"}), p.lang,
                  formats={"scenario_type": lambda v: text.with_ours(terms, "scenario_type", v, p.lang),
                           "item_numbers": lambda v: text.join(v, p.lang)})

# %%
recurring = units.groupby("unit").agg(items=("item_no", lambda s: sorted(set(s))), roles=("role", lambda s: sorted(set(s))),
                                      projects=("project_name", lambda s: sorted(set(s))))
recurring["n_items"] = recurring["items"].map(len)
recurring = recurring[recurring["n_items"] > 1].sort_values(["n_items", "unit"], ascending=[False, True]).head(p.top_n)
tables.for_people(recurring.reset_index().rename(columns={"unit": "organisation"}), p.lang,
                  columns=["organisation", "n_items", "items", "roles", "projects"],
                  formats={"items": lambda v: text.join(v, p.lang),
                           "roles": lambda v: text.t("list.sep", p.lang).join(text.term(terms, "role", r, p.lang) for r in v),
                           "projects": lambda v: text.t("list.sep", "zh").join(v)})

# %% [markdown] tags=["en"]
# ## Conclusion
#
# The equipment makers and the users' sectors, counted from the units above (which items our pages hold is said once, at the top).

# %%
makers = units[units["role"].str.startswith("装备制造商")]
per_maker = makers.groupby("unit")["item_no"].nunique().sort_values(ascending=False, kind="stable")
leaders = list(per_maker[per_maker == per_maker.iloc[0]].index)
per_sector = users.groupby("sector")["item_no"].nunique()
per_sector = per_sector.reindex([c for c in sectors["code"] if c in per_sector.index]).sort_values(ascending=False, kind="stable")
said = [text.t_n("am_makers", makers["unit"].nunique(), p.lang, top=text.join(leaders, p.lang), top_n=int(per_maker.iloc[0]))
        if len(leaders) == 1 else text.t("am_makers_tied", p.lang, n=makers["unit"].nunique(), top=text.join(leaders, p.lang),
                                         top_n=int(per_maker.iloc[0])),
        text.t("am_sectors", p.lang, items=text.join([text.t("name_n", p.lang, name=text.term(terms, "sector", k, p.lang), n=int(v))
                                                      for k, v in per_sector.items()], p.lang))]
text.show(*said, p.wrote())

# %%
results.write(p.results_dir, p.notebook, {
    "items": items.drop(columns=["units_as_printed"]), "items_contiguous": contiguous,
    "items_per_type": dict(zip(per_type["scenario_type"], per_type["count"])), "sectors": per_sector.to_dict(),
    "units": units[["item_no", "role", "unit"]], "sentences": said,
    "figures": [{"file": f.name, "tables": ["am_scenarios_printed"]} for f in saved], "inputs": pkg.files,
})
results.colophon()
