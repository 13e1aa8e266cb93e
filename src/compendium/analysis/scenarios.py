"""The additive-manufacturing scenario list of notice 工信厅通装函〔2022〕206号: parsing the printed rows.

The list prints one row per item with a role-labelled list of units, e.g.
``装备制造商：A，B 服务提供商：C 应用单位：D、E、F``. A blank scenario-type cell continues the type above; a row
with no item number is a second printed line of the item above. :func:`units` turns the printed rows into one
row per named unit with its role (a combined role such as 装备制造商/服务提供商 is kept as printed).
"""
from __future__ import annotations

import re

import pandas as pd

ROLES = ("装备制造商/服务提供商", "装备制造商", "服务提供商", "应用单位")
ROLE_EN = {"装备制造商": "equipment maker", "服务提供商": "service provider", "应用单位": "application unit",
           "装备制造商/服务提供商": "equipment maker / service provider"}
# Our English renderings of the scenario types printed on our pages (for readers of the English figures).
SCENARIO_EN = {
    "复杂结构产品轻量化设计": "lightweight design of complex parts",
    "产品原型快速试制": "rapid prototyping",
    "多材料结构一体化制造": "multi-material integrated manufacturing",
    "复杂结构产品整体一体化制造": "one-piece manufacturing of complex parts",
    "零件批量生产": "series production of parts",
}
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
    """One row per named unit of each item, with its role as printed and in English."""
    rows = []
    for it in items(printed).to_dict("records"):
        for role, name in parse_units(it["units_as_printed"]):
            rows.append({"field": it["field"], "item_no": it["item_no"], "scenario_type": it["scenario_type"],
                         "project_name": it["project_name"], "role": role, "role_en": ROLE_EN[role], "unit": name})
    return pd.DataFrame(rows)


USER_GROUPS = {  # checked in order; substring of an application unit's name -> the sector it serves
    "大学": "universities", "航空发动机": "aero-engines", "航空工业": "aviation", "商用飞机": "aviation",
    "航天": "space", "电子科技": "electronics", "通信": "electronics",
}


SECTOR_ZH = {"universities": "高校", "aero-engines": "航空发动机", "aviation": "航空", "space": "航天",
             "electronics": "电子", "other": "其他"}


def user_sector(name: str) -> str:
    for key, group in USER_GROUPS.items():
        if key in name:
            return group
    return "other"


def recurring(units_table: pd.DataFrame, top_n: int = 5) -> pd.DataFrame:
    """Units named in more than one item, with their roles and the items' projects."""
    g = units_table.groupby("unit").agg(items=("item_no", lambda s: sorted(set(s))), roles=("role", lambda s: sorted(set(s))),
                                        projects=("project_name", lambda s: sorted(set(s))))
    g["n_items"] = g["items"].map(len)
    return g[g.n_items > 1].sort_values(["n_items", "unit"], ascending=[False, True]).head(top_n)


FIELD_EN = {"工业领域": "industrial field"}


def coverage(items_table: pd.DataFrame) -> dict:
    """Which items our pages hold: field(s), first and last item number, whether the numbers run without a gap."""
    numbers = sorted(int(n) for n in items_table.item_no)
    return {"fields": list(dict.fromkeys(items_table.field)), "items": len(items_table), "first": numbers[0],
            "last": numbers[-1], "contiguous": numbers == list(range(numbers[0], numbers[-1] + 1)),
            "types": int(items_table.scenario_type.nunique())}


def coverage_text(items_table: pd.DataFrame, lang: str) -> str:
    from ..presentation import narrative

    c = coverage(items_table)
    field = narrative.sep(lang).join(f if lang == "zh" else FIELD_EN.get(f, f) for f in c["fields"])
    return narrative.t("am_coverage", lang, first=c["first"], last=c["last"], field=field, n=c["items"], types=c["types"])


def items_per_type(items_table: pd.DataFrame) -> pd.DataFrame:
    """Items per scenario type, in the printed order, with their item numbers."""
    return items_table.groupby("scenario_type", sort=False)["item_no"].agg(["count", list])


def summary(items_table: pd.DataFrame, units_table: pd.DataFrame, lang: str = "en") -> list[str]:
    from ..presentation import narrative

    makers = units_table[units_table.role.str.startswith("装备制造商")]
    users = units_table[units_table.role == "应用单位"].assign(sector=lambda d: d.unit.map(user_sector))
    sectors = users.groupby("sector")["item_no"].nunique().sort_values(ascending=False, kind="stable")
    top = makers.groupby("unit")["item_no"].nunique().sort_values(ascending=False, kind="stable")
    return [
        coverage_text(items_table, lang),
        narrative.t("am_makers", lang, makers=makers.unit.nunique(), top=top.index[0], top_n=int(top.iloc[0])),
        narrative.t("am_sectors", lang, items=narrative.sep(lang).join(
            f"{SECTOR_ZH.get(k, k) if lang == 'zh' else k} {v}" for k, v in sectors.items())),
    ]


def results_payload(items_table: pd.DataFrame, units_table: pd.DataFrame, pkg=None, paths=()) -> dict:
    from ..presentation import plotting

    figures = [plotting.figure_record([path], pkg, ["am_scenarios_printed"]) for path in paths] if pkg is not None else []
    return {"notebook": "06_additive_manufacturing_scenarios", "items_covered": int(len(items_table)), "figures": figures,
            "coverage": coverage(items_table),
            "items_per_type": {k: int(v) for k, v in items_per_type(items_table)["count"].items()},
            "units": units_table[["item_no", "role", "unit"]].to_dict("records")}
