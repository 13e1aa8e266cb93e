"""The additive-manufacturing scenario list of notice 工信厅通装函〔2022〕206号: parsing the printed rows.

The list prints one row per item with a role-labelled list of units, e.g.
``装备制造商：A，B 服务提供商：C 应用单位：D、E、F``. A blank scenario-type cell continues the type above; a row
with no item number is a second printed line of the item above. :func:`units` turns the printed rows into one
row per named unit with its role (a combined role such as 装备制造商/服务提供商 is kept as printed).
"""
from __future__ import annotations

import re

import pandas as pd

from ..presentation import tables, text

# The role labels as printed, the longest first (a combined role must match before its parts). Their English,
# like every other name shown, is in data/terms.csv (kind 'role'); a test checks each has a row there.
ROLES = ("装备制造商/服务提供商", "装备制造商", "服务提供商", "应用单位")
USER_ROLE = "应用单位"
MAKER_ROLE = "装备制造商"
_ROLE_RE = re.compile("(" + "|".join(re.escape(r) for r in ROLES) + ")[：:]")
_SPLIT_RE = re.compile(r"[、，,；;]")


def parse_units(text: str) -> list[tuple[str, str]]:
    """'装备制造商：A，B 应用单位：C、D' -> [(装备制造商, A), (装备制造商, B), (应用单位, C), (应用单位, D)]."""
    parts = _ROLE_RE.split(text.strip())
    if parts[0].strip():
        raise ValueError(f"units text does not start with a role label ({', '.join(ROLES)}): {text!r}")
    out = []
    for role, names in zip(parts[1::2], parts[2::2]):
        for name in _SPLIT_RE.split(names):
            name = re.sub(r"\s+", "", name)
            if name:
                out.append((role, name))
    return out


def items(printed: pd.DataFrame) -> pd.DataFrame:
    """One row per item: scenario type carried down, continuation lines merged, spaces in names removed."""
    rows: list[dict] = []
    current_type = {}
    for r in printed.sort_values("line").to_dict("records"):
        field = r["field"]
        if pd.isna(r["item_no"]):
            if not rows:
                raise ValueError(f"line {r['line']}: a continuation line before any item")
            rows[-1]["units_as_printed"] += " " + r["units_as_printed"]
            rows[-1]["printed_lines"] += 1
            continue
        if not pd.isna(r["scenario_type"]):
            current_type[field] = r["scenario_type"]
        if field not in current_type:
            raise ValueError(f"line {r['line']}: blank scenario type with no type above it in {field}")
        rows.append({"field": field, "item_no": int(r["item_no"]), "scenario_type": current_type[field],
                     "project_name": re.sub(r"\s+", "", r["project_name"]), "units_as_printed": r["units_as_printed"],
                     "printed_lines": 1, "source_id": r["source_id"]})
    return pd.DataFrame(rows)


def units(printed: pd.DataFrame) -> pd.DataFrame:
    """One row per named unit of each item, with its role as printed."""
    rows = []
    for it in items(printed).to_dict("records"):
        for role, name in parse_units(it["units_as_printed"]):
            rows.append({"field": it["field"], "item_no": it["item_no"], "scenario_type": it["scenario_type"],
                         "project_name": it["project_name"], "role": role, "unit": name})
    return pd.DataFrame(rows, columns=["field", "item_no", "scenario_type", "project_name", "role", "unit"])


def sectors(terms: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """The sectors we group application units into (data/terms.csv, kind 'sector', in row order) with the parts
    of a printed name that put a unit in each; the sector with no parts ('other') takes the rest."""
    rows = terms[terms["kind"] == "sector"]
    return [(r.code, [] if pd.isna(r.matches) else str(r.matches).split("|")) for r in rows.itertuples()]


def user_sector(name: str, terms: pd.DataFrame) -> str:
    """The sector of an application unit: the first sector one of whose parts its printed name contains."""
    rest = "other"
    for code, parts in sectors(terms):
        if not parts:
            rest = code
        elif any(part in name for part in parts):
            return code
    return rest


def users(units_table: pd.DataFrame, terms: pd.DataFrame) -> pd.DataFrame:
    """The application units, each with its sector."""
    u = units_table[units_table["role"] == USER_ROLE]
    return u.assign(sector=[user_sector(n, terms) for n in u["unit"]])


def sector_items(units_table: pd.DataFrame, terms: pd.DataFrame) -> pd.Series:
    """Items whose users include a unit of each sector, most first (ties in the order of the sectors' rows)."""
    order = [code for code, _ in sectors(terms)]
    counts = users(units_table, terms).groupby("sector")["item_no"].nunique()
    counts = counts.reindex([c for c in order if c in counts.index])
    return counts.sort_values(ascending=False, kind="stable")


def recurring(units_table: pd.DataFrame, top_n: int = 5) -> pd.DataFrame:
    """Units named in more than one item, with their roles and the items' projects."""
    g = units_table.groupby("unit").agg(items=("item_no", lambda s: sorted(set(s))), roles=("role", lambda s: sorted(set(s))),
                                        projects=("project_name", lambda s: sorted(set(s))))
    g["n_items"] = g["items"].map(len)
    return g[g.n_items > 1].sort_values(["n_items", "unit"], ascending=[False, True]).head(top_n).reset_index()


def coverage(items_table: pd.DataFrame) -> dict:
    """Which items our pages hold: field(s), first and last item number, whether the numbers run without a gap."""
    numbers = sorted(int(n) for n in items_table.item_no)
    return {"fields": list(dict.fromkeys(items_table.field)), "items": len(items_table), "first": numbers[0],
            "last": numbers[-1], "contiguous": numbers == list(range(numbers[0], numbers[-1] + 1)),
            "types": int(items_table.scenario_type.nunique())}


def coverage_text(items_table: pd.DataFrame, terms: pd.DataFrame, lang: str) -> str:
    c = coverage(items_table)
    field = text.join([text.term(terms, "field", f, lang) for f in c["fields"]], lang)
    numbers = text.span(c["first"], c["last"], lang) if c["contiguous"] else \
        text.join(sorted(int(n) for n in items_table.item_no), lang)
    return text.t("am_coverage", lang, numbers=numbers, field=field, n=c["items"], types=c["types"])


def items_for_people(items_table: pd.DataFrame, terms: pd.DataFrame, lang: str) -> tables.Table:
    return tables.for_people(items_table, lang, columns=["item_no", "scenario_type", "project_name", "printed_lines"],
                             formats={"item_no": "int", "printed_lines": "int",
                                      "scenario_type": lambda v: scenario_type(terms, v, lang)})


def scenario_type(terms: pd.DataFrame, printed: str, lang: str) -> str:
    """A scenario type as printed, with our English beside it in English."""
    if lang == "zh":
        return printed
    return text.t("printed_and_ours", lang, printed=printed, ours=text.term(terms, "scenario_type", printed, "en"))


def items_per_type(items_table: pd.DataFrame, terms: pd.DataFrame, lang: str) -> tables.Table:
    """Items per scenario type, in the printed order, with their item numbers."""
    g = items_table.groupby("scenario_type", sort=False)["item_no"].agg(["count", list]).reset_index()
    g = g.rename(columns={"count": "items_n", "list": "item_numbers"})
    return tables.for_people(g, lang, formats={"scenario_type": lambda v: scenario_type(terms, v, lang), "items_n": "int",
                                               "item_numbers": lambda v: text.join(v, lang)})


def recurring_for_people(table: pd.DataFrame, terms: pd.DataFrame, lang: str) -> tables.Table:
    return tables.for_people(table.rename(columns={"unit": "organisation"}), lang,
                             columns=["organisation", "n_items", "items", "roles", "projects"],
                             formats={"n_items": "int", "items": lambda v: text.join(v, lang),
                                      "roles": lambda v: text.sep(lang).join(text.term(terms, "role", r, lang) for r in v),
                                      "projects": lambda v: text.sep("zh").join(v)})


def summary(items_table: pd.DataFrame, units_table: pd.DataFrame, terms: pd.DataFrame, lang: str = "en") -> list[str]:
    """The makers and the users' sectors, counted from the units (the coverage of the list is said once, above)."""
    makers = units_table[units_table.role.str.startswith(MAKER_ROLE)]
    top = makers.groupby("unit")["item_no"].nunique().sort_values(ascending=False, kind="stable")
    leaders = list(top[top == top.iloc[0]].index)
    sectors_ = sector_items(units_table, terms)
    return [
        text.t_n("am_makers", makers.unit.nunique(), lang, top=text.join(leaders, lang), top_n=int(top.iloc[0]),
                 leaders=len(leaders)) if len(leaders) == 1 else
        text.t("am_makers_tied", lang, n=makers.unit.nunique(), top=text.join(leaders, lang), top_n=int(top.iloc[0])),
        text.t("am_sectors", lang, items=text.join(
            [text.t("name_n", lang, name=text.term(terms, "sector", k, lang), n=int(v)) for k, v in sectors_.items()], lang)),
    ]


def results_payload(items_table: pd.DataFrame, units_table: pd.DataFrame, pkg, paths=()) -> dict:
    from ..presentation import plotting

    figures = [plotting.figure_record([path], pkg, ["am_scenarios_printed"]) for path in paths]
    return {"notebook": "06_additive_manufacturing_scenarios", "items_covered": int(len(items_table)), "figures": figures,
            "coverage": coverage(items_table),
            "items_per_type": {k: int(v) for k, v in items_table.groupby("scenario_type", sort=False)["item_no"].count().items()},
            "sectors": {k: int(v) for k, v in sector_items(units_table, pkg["terms"]).items()},
            "units": units_table[["item_no", "role", "unit"]].to_dict("records")}
