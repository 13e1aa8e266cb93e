# %% [markdown] tags=["en"]
# # The additive-manufacturing scenario list of notice 工信厅通装函〔2022〕206号
#
# [中文版](../zh/06_additive_manufacturing_scenarios.ipynb) · back to the [claims ledger](00_claims_ledger.ipynb)
#
# **Question.** Our pages end with the notice of the general office of the Ministry of Industry and Information Technology (MIIT) publishing the first list of typical application scenarios of additive manufacturing (3D printing). Who makes the equipment, who provides services, and whom do the listed scenarios serve?
#
# **Data.** `data/am_scenarios_printed.csv`, one row per printed line of the list as it stands on our pages, blank cells kept. The roles, field and scenario types as printed, our English for them, and the sectors we group the users into are rows of `data/terms.csv`. Which items our pages hold is said below, computed from the rows.

# %% [markdown] tags=["zh"]
# # 工信厅通装函〔2022〕206号中的增材制造典型应用场景名单
#
# [English version](../en/06_additive_manufacturing_scenarios.ipynb) · 返回[论断核查总表](00_claims_ledger.ipynb)
#
# **问题。** 我们所读页面的末尾是工业和信息化部办公厅公布首批增材制造（3D打印）典型应用场景名单的通知。装备由谁制造？服务由谁提供？名单中的场景服务于哪些应用单位？
#
# **数据。** `data/am_scenarios_printed.csv`：按我们页面上的样子，名单每一印刷行为一行，空白单元格照原样保留。所印的角色、领域和场景类型、我们给出的英文名称，以及我们对应用单位所属应用领域的归类，都是 `data/terms.csv` 中的行。我们的页面包含名单的哪些项目，下文由这些行算出。

# %% tags=["en"]
COPY_LANGUAGE = "en"  # this copy's language; the Chinese copy is ../zh/06_additive_manufacturing_scenarios.ipynb

# %% tags=["zh"]
COPY_LANGUAGE = "zh"  # 本副本的语言；英文副本为 ../en/06_additive_manufacturing_scenarios.ipynb

# %% tags=["parameters"]
lang: str = COPY_LANGUAGE     # "en" or "zh": sentences, table headers and figure text (by default this copy's)
data_dir: str = "data"        # the data package read; a relative path is read from the compendium's top folder
figures_dir: str = "figures"  # where figures go (a folder per language); a scratch folder when other parameters differ
results_dir: str = "results"  # where the results file goes; likewise
top_n: int = 5                # how many of the units named in more than one item to list

# %%
from compendium import params

p = params.Scenarios.check(globals())   # stops here, naming the allowed values, if a parameter is wrong

# %%
import re

import pandas as pd

from compendium import data, plotting, relations, results, tables, text

pkg = data.load(p.data_dir)   # the whole package, checked before use
terms = pkg["terms"]
printed = pkg["am_scenarios_printed"].sort_values("line")


def printed_words(kind):
    """A printed term of data/terms.csv -> its words: in English as printed with our English beside it, in
    Chinese as printed."""
    return {zh: {lang: text.with_ours(terms, kind, zh, lang) for lang in text.LANGUAGES}
            for zh in terms.loc[terms["kind"] == kind, "name_zh"]}


FIELDS, TYPES, ROLES = printed_words("field"), printed_words("scenario_type"), printed_words("role")
SECTORS = {r.code: {"en": r.name_en, "zh": r.name_zh} for r in terms[terms["kind"] == "sector"].itertuples()}
# counts in words
ITEMS = text.Unit("items", words={"en": "{value} items", "en.one": "{value} item", "zh": "{value}项"})
UNITS = text.Unit("units", words={"en": "{value} distinct units", "en.one": "{value} unit", "zh": "{value}家单位"})
TYPES_N = text.Unit("types", words={"en": "{value} scenario types", "en.one": "{value} scenario type",
                                    "zh": "{value}种场景类型"})
ITEM_NUMBERS = text.ListOf()   # '5, 6, 7 and 8' / '5、6、7和8'

# %% [markdown] tags=["en"]
# ## The items as printed
#
# A blank scenario-type cell continues the type above it; a line without an item number is the item above, printed over a second line: its units join that item's.

# %% [markdown] tags=["zh"]
# ## 所印的项目
#
# 场景类型一栏空白的，沿用上一行的类型；没有序号的一行是上一项印在第二行的内容，其单位并入该项。

# %%
lines = printed.assign(scenario_type=printed.groupby("field")["scenario_type"].ffill(),
                       item_no=printed["item_no"].ffill().astype(int))
items = lines.groupby("item_no").agg(
    field=("field", "first"), scenario_type=("scenario_type", "first"),
    project_name=("project_name", lambda names: re.sub(r"\s+", "", names.dropna().iloc[0])),
    units_as_printed=("units_as_printed", " ".join), printed_lines=("line", "size")).reset_index()
tables.for_people(items, p.lang, {"scenario_type": TYPES},
                  columns=["item_no", "scenario_type", "project_name", "printed_lines"],
                  headers={"item_no": {"en": "Item", "zh": "序号"},
                           "scenario_type": {"en": "Scenario type", "zh": "场景类型"},
                           "project_name": {"en": "Project (as printed)", "zh": "项目名称"},
                           "printed_lines": {"en": "Printed lines", "zh": "印刷行数"}})

# %% [markdown] tags=["en"]
# Which items our pages hold, one row per field of the list: the first and last item number, how many items there are, whether every number in between is there (computed from the two counts), and how many scenario types they fall in.

# %% [markdown] tags=["zh"]
# 我们的页面包含哪些项目，名单每个领域一行：第一项和最后一项的序号、项目数、其间的序号是否齐全（由两个计数算出），以及这些项目分属几种场景类型。

# %%
coverage = items.groupby("field", sort=False).agg(
    first=("item_no", "min"), last=("item_no", "max"), items=("item_no", "nunique"),
    types=("scenario_type", "nunique")).reset_index()
coverage["numbers"] = coverage["last"] - coverage["first"] + 1   # item numbers from the first to the last
coverage["numbering"] = [relations.share(r.items, r.numbers) for r in coverage.itertuples()]
COVERAGE_FORMATS = {"field": FIELDS, "items": ITEMS, "types": TYPES_N,
                    "numbering": {"all": {"en": "every number", "zh": "序号齐全"},
                                  "some": {"en": "numbers missing", "zh": "序号有缺"}}}
tables.for_people(coverage, p.lang, COVERAGE_FORMATS, columns=["field", "first", "last", "items", "numbering", "types"],
                  headers={"field": {"en": "Field", "zh": "领域"}, "first": {"en": "First item", "zh": "第一项"},
                           "last": {"en": "Last item", "zh": "最后一项"}, "items": {"en": "Items", "zh": "项目数"},
                           "numbering": {"en": "Numbers in between", "zh": "其间序号"},
                           "types": {"en": "Scenario types", "zh": "场景类型数"}})

# %%
SAY_COVERAGE = {   # by the numbering: every number from the first to the last, or some missing
    "all": {"en": "**Our pages hold only items {first}–{last} of the {field} of the list ({items}, in {types}).** The "
                  "rest of the list was looked for and not found, so everything below describes these items only, "
                  "not the list.",
            "zh": "**我们的页面只包含名单中{field}的第{first}—{last}项（共{items}，{types}）。**名单其余部分已查找但未找到，"
                  "因此以下内容只描述这些项目，而非整个名单。"},
    "some": {"en": "**Our pages hold only {items} of the {field} of the list, numbered from {first} to {last} with "
                   "{numbering} ({types}).** The rest of the list was looked for and not found, so everything below "
                   "describes these items only, not the list.",
             "zh": "**我们的页面只包含名单中{field}的{items}，序号从第{first}项到第{last}项，{numbering}（{types}）。**"
                   "名单其余部分已查找但未找到，因此以下内容只描述这些项目，而非整个名单。"},
}
covered = text.sentences_by("said_as", SAY_COVERAGE, coverage.assign(said_as=[r.key for r in coverage["numbering"]]),
                            COVERAGE_FORMATS)
text.show(*covered[p.lang])

# %% [markdown] tags=["en"]
# ## Units by role
#
# Each item's units are listed by role, as printed: `装备制造商：A，B 应用单位：C、D` names A and B as equipment makers and C and D as application units. A combined role (装备制造商/服务提供商) is kept as printed. The roles are the `role` rows of `data/terms.csv`, the longest tried first so a combined role is not read as its first part.

# %% [markdown] tags=["zh"]
# ## 按角色统计的单位
#
# 每一项的单位按所印角色列出：`装备制造商：A，B 应用单位：C、D` 表示 A、B 为装备制造商，C、D 为应用单位。合并的角色（装备制造商/服务提供商）按原样保留。角色取自 `data/terms.csv` 中的 `role` 行，先匹配最长的角色名，以免把合并角色读成其前半部分。

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
# One row per printed role, in the order of `data/terms.csv`: the distinct units named in that role, and the items that name one. A unit named in two roles counts in each.

# %% [markdown] tags=["zh"]
# 每个所印角色一行，顺序同 `data/terms.csv`：以该角色出现的不同单位数，以及出现该角色单位的项目数。以两种角色出现的单位在两种角色中各计一次。

# %%
per_role = units.groupby("role").agg(units=("unit", "nunique"), items=("item_no", "nunique"))
per_role = per_role.reindex([r for r in ROLES if r in per_role.index]).rename_axis("role").reset_index()
ROLE_FORMATS = {"role": ROLES, "units": UNITS, "items": ITEMS}
ROLE_HEADERS = {"role": {"en": "Role (as printed)", "zh": "角色"}, "units": {"en": "Units", "zh": "单位数"},
                "items": {"en": "Items naming one", "zh": "涉及项目数"}}
tables.for_people(per_role, p.lang, ROLE_FORMATS, headers=ROLE_HEADERS)

# %%
SAY_ROLE = {"en": "**{role}**: {units}, named in {items}.", "zh": "**{role}**：{units}，见于{items}。"}
by_role = text.sentences(SAY_ROLE, per_role, ROLE_FORMATS)
text.show(*by_role[p.lang])

# %% [markdown] tags=["en"]
# ## The users' sectors
#
# One row per sector we group the application units into (rows of `data/terms.csv`), most items first: the distinct application units in that sector and the items whose users include one. An item counts once in each sector of its users.

# %% [markdown] tags=["zh"]
# ## 应用单位所属的应用领域
#
# 我们把应用单位归入的每个应用领域一行（`data/terms.csv` 中的行），涉及项目最多的在前：该领域中不同应用单位的数目，以及应用单位中有该领域单位的项目数。一个项目在其应用单位所属的每个领域中各计一次。

# %%
per_sector = users.groupby("sector").agg(units=("unit", "nunique"), items=("item_no", "nunique"))
per_sector = (per_sector.reindex([c for c in sectors["code"] if c in per_sector.index])
              .sort_values("items", ascending=False, kind="stable").rename_axis("sector").reset_index())
SECTOR_FORMATS = {"sector": SECTORS, "units": UNITS, "items": ITEMS}
tables.for_people(per_sector, p.lang, SECTOR_FORMATS,
                  headers={"sector": {"en": "Users' sector (our grouping)", "zh": "应用单位所属领域（我们的归类）"},
                           "units": {"en": "Application units", "zh": "应用单位数"},
                           "items": {"en": "Items", "zh": "项目数"}})

# %%
SAY_SECTOR = {"en": "Users in **{sector}**: {units}, in {items}.",
              "zh": "**{sector}**：{units}作为应用单位，见于{items}。"}
by_sector = text.sentences(SAY_SECTOR, per_sector, SECTOR_FORMATS)
text.show(*by_sector[p.lang])

# %% [markdown] tags=["en"]
# Bars count distinct units per role, then items per users' sector (an item counts once in each sector of its users), then items per scenario type: the numbers of the tables above and below.

# %% [markdown] tags=["zh"]
# 各柱依次为：每个角色的不同单位数、每个应用领域涉及的项目数（一个项目在其应用单位所属的每个领域中各计一次）、每种场景类型的项目数，即上下各表中的数字。

# %%
numbers = items["item_no"].tolist()
contiguous = numbers == list(range(numbers[0], numbers[-1] + 1))
shown_numbers = text.span(numbers[0], numbers[-1], p.lang) if contiguous else text.join(numbers, p.lang)   # the title's
figure = plotting.scenario_summary(units.drop_duplicates(["unit", "role"])["role"],
                                   users.drop_duplicates(["item_no", "sector"])["sector"], items["scenario_type"],
                                   terms, shown_numbers, p.lang)
saved = plotting.save(figure, p.figure_folder, "am_scenarios")
plotting.show_saved(saved[0])

# %% [markdown] tags=["en"]
# ## Items per scenario type
#
# One row per scenario type as printed, in the order of the list: how many items it has, and their numbers.

# %% [markdown] tags=["zh"]
# ## 各场景类型的项目
#
# 每种所印的场景类型一行，顺序同名单：项目数及其序号。

# %%
per_type = items.groupby("scenario_type", sort=False)["item_no"].agg(items="count", item_numbers=list).reset_index()
TYPE_FORMATS = {"scenario_type": TYPES, "items": ITEMS, "item_numbers": ITEM_NUMBERS}
tables.for_people(per_type, p.lang, TYPE_FORMATS,
                  headers={"scenario_type": {"en": "Scenario type", "zh": "场景类型"},
                           "items": {"en": "Items", "zh": "项目数"},
                           "item_numbers": {"en": "Item numbers", "zh": "序号"}})

# %%
SAY_TYPE = {"en": "**{scenario_type}**: {items}, numbered {item_numbers}.",
            "zh": "**{scenario_type}**：{items}，即第{item_numbers}项。"}
by_type = text.sentences(SAY_TYPE, per_type, TYPE_FORMATS)
text.show(*by_type[p.lang])

# %% [markdown] tags=["en"]
# ## Units that recur
#
# The units named in more than one item, the most often named first (then by name), at most `top_n` of them (a parameter). First one row counting them: how many units recur, how many the table lists, and whether that is all of them (computed from the two counts).

# %% [markdown] tags=["zh"]
# ## 多次出现的单位
#
# 在不止一项中出现的单位，出现次数多的在前（次数相同按名称排列），最多列出 `top_n` 个（参数）。先用一行统计：多次出现的单位有多少、表中列出多少，以及是否已全部列出（由两个计数算出）。

# %%
recurring = units.groupby("unit").agg(items=("item_no", lambda s: sorted(set(s))),
                                      roles=("role", lambda s: sorted(set(s))),
                                      projects=("project_name", lambda s: sorted(set(s))))
recurring["n_items"] = recurring["items"].map(len)
recurring = recurring[recurring["n_items"] > 1].sort_values(["n_items", "unit"], ascending=[False, True])
listed = recurring.head(p.top_n).rename_axis("organisation").reset_index()
listing = pd.DataFrame([{"recurring": len(recurring), "top_n": p.top_n, "listed": len(listed),
                         "listed_all": relations.share(len(listed), len(recurring))}])
LISTING_FORMATS = {"listed_all": {"all": {"en": "all of them", "zh": "已全部列出"},
                                  "some": {"en": "the most often named first", "zh": "只列出出现次数最多的"},
                                  "none": {"en": "none", "zh": "没有可列出的单位"}}}
tables.for_people(listing, p.lang, LISTING_FORMATS, columns=["recurring", "top_n", "listed", "listed_all"],
                  headers={"recurring": {"en": "Units in more than one item", "zh": "多次出现的单位数"},
                           "top_n": {"en": "At most (top_n)", "zh": "最多列出（top_n）"},
                           "listed": {"en": "Listed", "zh": "列出"},
                           "listed_all": {"en": "Which are listed", "zh": "列出的范围"}})

# %%
SAY_LISTING = {"en": "Units named in more than one item: {recurring}. The table below lists {listed} (at most "
                     "`top_n` = {top_n}): {listed_all}.",
               "zh": "在不止一项中出现的单位共{recurring}家。下表列出{listed}家（最多 `top_n` = {top_n}家）：{listed_all}。"}
listing_said = text.sentences(SAY_LISTING, listing, LISTING_FORMATS)
text.show(*listing_said[p.lang])

# %%
LISTED_FORMATS = {"n_items": ITEMS, "items": ITEM_NUMBERS, "roles": text.ListOf(ROLES),
                  "projects": text.ListOf(sep={"en": "、", "zh": "、"})}   # project names as printed, joined as printed
tables.for_people(listed, p.lang, LISTED_FORMATS, columns=["organisation", "n_items", "items", "roles", "projects"],
                  headers={"organisation": {"en": "Organisation (as printed)", "zh": "单位名称"},
                           "n_items": {"en": "Items naming it", "zh": "出现的项目数"}, "items": {"en": "Items", "zh": "序号"},
                           "roles": {"en": "Roles", "zh": "角色"}, "projects": {"en": "Projects", "zh": "项目"}})

# %%
SAY_LISTED = {"en": "**{organisation}**: named in {n_items} (numbers {items}), as {roles}.",
              "zh": "**{organisation}**：见于{n_items}（第{items}项），角色为{roles}。"}
listed_said = text.sentences(SAY_LISTED, listed, LISTED_FORMATS)
text.show(*listed_said[p.lang])

# %% [markdown] tags=["en"]
# ## Conclusion
#
# The equipment makers, whether or not the role is combined with service provider: one row with how many distinct makers appear, the one or ones named in the most items, and in how many.

# %% [markdown] tags=["zh"]
# ## 结论
#
# 装备制造商（无论是否兼为服务提供商）：一行，列出出现的不同装备制造商数、出现项目最多的一家或几家，以及其出现的项目数。

# %%
makers = units[units["role"].str.startswith("装备制造商")]
per_maker = makers.groupby("unit")["item_no"].nunique().sort_values(ascending=False, kind="stable")
leaders = list(per_maker[per_maker == per_maker.iloc[0]].index)
most = pd.DataFrame([{"makers": makers["unit"].nunique(), "leaders": leaders, "items": int(per_maker.iloc[0]),
                      "in_lead": len(leaders), "alone": 1,                         # makers in the lead; one alone
                      "tied": relations.compare(len(leaders), 1, decimals=0)}])   # more than one maker in the lead?
MAKER_FORMATS = {"makers": text.Unit("makers", words={"en": "{value} distinct equipment makers",
                                                      "en.one": "{value} equipment maker", "zh": "{value}家装备制造商"}),
                 "leaders": text.ListOf(), "items": ITEMS,
                 "tied": {"equal": {"en": "no", "zh": "否"}, "higher": {"en": "yes", "zh": "是"}}}
tables.for_people(most, p.lang, MAKER_FORMATS, columns=["makers", "leaders", "items", "in_lead", "tied"],
                  headers={"makers": {"en": "Equipment makers", "zh": "装备制造商数"},
                           "in_lead": {"en": "Makers in the lead", "zh": "并列最多的制造商数"},
                           "leaders": {"en": "Named in the most items", "zh": "出现项目最多的"},
                           "items": {"en": "Items naming each", "zh": "各自出现的项目数"},
                           "tied": {"en": "More than one in the lead", "zh": "并列最多"}})

# %%
SAY_MAKERS = {   # by how many makers share the most items: one ('equal' to 1), or several ('higher')
    "equal": {"en": "{makers} appear; the most frequent, {leaders}, is named in {items}.",
            "zh": "共出现{makers}；出现最多的是{leaders}，见于{items}。"},
    "higher": {"en": "{makers} appear; the most frequent, {leaders}, are named in {items} each.",
             "zh": "共出现{makers}；出现最多的是{leaders}，各见于{items}。"},
}
makers_said = text.sentences_by("tied", SAY_MAKERS, most, MAKER_FORMATS)   # the template is that of the relation
text.show(*makers_said[p.lang], p.wrote())

# %%
results.write(p.results_dir, p.notebook, pkg, {
    "items": items.drop(columns=["units_as_printed"]), "coverage": covered, "units": units[["item_no", "role", "unit"]],
    "roles": by_role, "sectors": by_sector, "scenario_types": by_type, "listing": listing_said, "listed": listed_said,
    "makers": makers_said, "figures": [{"file": f.name} for f in saved],
})
results.colophon(p.lang)
