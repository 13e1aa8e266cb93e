"""The article's sections as notebooks: which claims each covers, and the chart that helps read them.

Each section notebook (02-05) calls :func:`section` for its claims and one chart function here; the verdicts
themselves come from :mod:`compendium.claims`.
"""
from __future__ import annotations

import pandas as pd

from . import claims
from .data import DataPackage

SECTIONS = {
    "02_raw_milk_cell_counts": {"claims": ["S3-milk-us", "S3-milk-eu", "S3-milk-eu-year", "S3-milk-cn2010-year",
                                           "S3-milk-cn2010-scc", "S3-milk-cn-draft"]},
    "03_consumer_complaints": {"claims": ["S3-complaints-total", "S3-complaints-quality", "S3-complaints-share",
                                          "S3-complaints-growth", "S3-mici-rank", "S3-image-survey"]},
    "04_quality_management_surveys": {"sections": ["3.4", "4.2", "4.3"]},
    "05_international_practice": {"sections": ["5.1", "5.2", "5.3", "5.4", "6.1", "6.2"]},
}


def section(pkg: DataPackage, name: str) -> pd.DataFrame:
    """The ledger rows of one section notebook."""
    spec = SECTIONS[name]
    if "claims" in spec:
        return claims.verdicts(pkg, claim_ids=spec["claims"])
    return claims.verdicts(pkg, sections=spec["sections"])


def _value(pkg: DataPackage, value_id: str) -> float:
    v = pkg["claim_values"].set_index("value_id").loc[value_id, "value"]
    return claims.parse_number(v)


def milk_limits(pkg: DataPackage) -> pd.DataFrame:
    """SCC limits side by side: the sources' values, and the article's value for China's draft (unverified)."""
    stated = pkg["claims"].set_index("claim_id")["stated_value"]
    draft = claims.parse_number(stated["S3-milk-cn-draft"])
    us, eu = _value(pkg, "us_scc_limit"), _value(pkg, "eu_scc_limit")
    return pd.DataFrame([
        {"rule": "US Grade A (PMO)", "rule_zh": "美国 A 级生乳 (PMO)", "limit": us, "basis": "source"},
        {"rule": "EU (Directive 92/46/EEC)", "rule_zh": "欧盟 (92/46/EEC)", "limit": eu, "basis": "source"},
        {"rule": "China GB 19301-2010", "rule_zh": "中国 GB 19301-2010", "limit": float("nan"), "basis": "no limit (article; unverified)"},
        {"rule": "China draft revision", "rule_zh": "中国征求意见稿", "limit": draft, "basis": "article (unverified)"},
    ]).assign(ratio_to_us=lambda d: d["limit"] / us, ratio_to_eu=lambda d: d["limit"] / eu)


def complaints(pkg: DataPackage, ledger: pd.DataFrame) -> pd.DataFrame:
    """2020 complaint counts as stated and as implied by the 2021 counts and their printed growth."""
    rows = []
    for cid, label, label_zh in (("S3-complaints-total", "all complaints", "投诉总量"),
                                 ("S3-complaints-quality", "quality complaints", "质量问题投诉")):
        r = ledger.set_index("claim_id").loc[cid]
        low, high = (float(x) for x in r["source_value"].split(" to "))
        own = claims.printed_interval(r["stated"])
        rows.append({"quantity": label, "quantity_zh": label_zh, "stated_2020": claims.parse_number(r["stated"]),
                     "stated_half_unit": (own.high - own.low) / 2,
                     "implied_low": low, "implied_high": high, "verdict": r["verdict"]})
    return pd.DataFrame(rows)


def timeline(ledger: pd.DataFrame) -> pd.DataFrame:
    """Year claims: the article's year or decade beside the source's year."""
    rows = []
    for r in ledger.itertuples():
        if r.unit != "year":
            continue
        stated = str(r.stated)
        lo, hi = (claims.parse_number(x) for x in stated.split("..")) if ".." in stated else (claims.parse_number(stated),) * 2
        src = claims.parse_number(r.source_value) if r.source_value and r.verdict != claims.UNVERIFIED else float("nan")
        rows.append({"claim_id": r.claim_id, "statement_en": r.statement_en, "stated_low": lo, "stated_high": hi,
                     "source_year": src, "verdict": r.verdict})
    return pd.DataFrame(rows)
