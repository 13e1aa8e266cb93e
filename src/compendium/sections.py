"""The article's sections as notebooks: which claims each shows, and the tables that help read them.

Which notebook shows a claim is said once, in the ``notebook`` column of ``data/claims.csv``; :func:`section`
and :func:`notebook_claims` are read from it. The verdicts themselves come from :mod:`compendium.claims`.
"""
from __future__ import annotations

import pandas as pd

from . import claims
from .data import DataPackage


def notebook_claims(pkg: DataPackage) -> dict[str, list[str]]:
    """Notebook name -> the claim ids it shows (replaces the hand-typed SECTIONS mapping)."""
    return claims.notebook_claims(pkg)


def section(pkg: DataPackage, name: str) -> pd.DataFrame:
    """The ledger rows of the claims one notebook shows (claims.csv ``notebook`` of the package in use)."""
    known = sorted(set(pkg["claims"]["notebook"]))
    if name not in known:
        raise KeyError(f"no claim names the notebook {name!r}; notebooks that show claims: {known}")
    return claims.verdicts(pkg, notebook=name)


def _value(pkg: DataPackage, value_id: str) -> float:
    return float(pkg["claim_values"].set_index("value_id").loc[value_id, "value"])


def milk_limits(pkg: DataPackage) -> pd.DataFrame:
    """SCC limits side by side: the sources' values, and the article's value for China's draft (unverified)."""
    stated = pkg["claims"].set_index("claim_id")["stated_value"]
    draft = float(stated["S3-milk-cn-draft"])
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
        rows.append({"quantity": label, "quantity_zh": label_zh, "stated_2020": float(r["stated_value"]),
                     "stated_half_unit": float(r["stated_margin"]),
                     "implied_low": float(r["source_low"]), "implied_high": float(r["source_high"]), "verdict": r["verdict"]})
    return pd.DataFrame(rows)


def timeline(ledger: pd.DataFrame) -> pd.DataFrame:
    """Year claims: the article's year or span beside the source's year (NaN where no source year was found).
    A bound ('since 2010') is shown from its year: stated_low = stated_high = the bound, with ``bound`` saying which."""
    rows = []
    for r in ledger.itertuples():
        if r.unit != "year" or r.kind != "fact":
            continue
        if r.check == "range":
            lo, hi = float(r.stated_low), float(r.stated_high)
        else:
            lo = hi = float(r.stated_value)
        src = float("nan") if pd.isna(r.source_value) else float(r.source_value)
        rows.append({"claim_id": r.claim_id, "statement_en": r.statement_en, "stated_low": lo, "stated_high": hi,
                     "bound": None if pd.isna(r.bound) else r.bound, "source_year": src, "verdict": r.verdict})
    return pd.DataFrame(rows)
