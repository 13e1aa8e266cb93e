"""Notebook 02: the somatic cell count (SCC) limits for raw milk of the US, the EU and China, side by side.

Each limit is a claim of the ledger (``data/claims.csv``), checked by :func:`compendium.analysis.claims.verdicts`.
:func:`limits` takes from the checked claims the value read in a source where one was found, else the
article's own value (marked as such), and China's 2010 standard as the article describes it: no limit.
:func:`conclusion` sets the limits against each other with :func:`compendium.analysis.relations.compare`.
"""
from __future__ import annotations

import math

import pandas as pd

from . import claims, relations

NAME = "02_raw_milk_cell_counts"
# The claims that are limits, in the order drawn: rule -> claim id.
LIMIT_CLAIMS = {"us": "S3-milk-us", "eu": "S3-milk-eu", "cn_2010": "S3-milk-cn2010-scc", "cn_draft": "S3-milk-cn-draft"}
PAIRS = (("cn_draft", "us"), ("cn_draft", "eu"), ("us", "eu"))   # the comparisons the conclusion states
BASES = ("source", "article", "none")   # read in a source; the article's value (no source found); no limit


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def limits(checked: pd.DataFrame) -> pd.DataFrame:
    """One row per rule: the limit in cells per mL (empty where the rule sets none), where it comes from
    (``basis``: one of :data:`BASES`), how many times the US and the EU limits it is, and the claim's verdict."""
    by_id = checked.set_index("claim_id")
    rows = []
    for rule, claim_id in LIMIT_CLAIMS.items():
        claim = by_id.loc[claim_id]
        if claim["check"] == "qualitative":       # the article's statement that the standard sets no limit
            limit, basis = math.nan, "none"
        elif not _missing(claim["source_value"]):
            limit, basis = float(claim["source_value"]), "source"
        else:
            limit, basis = float(claim["stated_value"]), "article"
        rows.append({"rule": rule, "claim_id": claim_id, "limit": limit, "basis": basis, "verdict": claim["verdict"]})
    table = pd.DataFrame(rows)
    us, eu = (table.set_index("rule").loc[r, "limit"] for r in ("us", "eu"))
    return table.assign(times_us=table["limit"] / us, times_eu=table["limit"] / eu)


def table(limits_table: pd.DataFrame, pkg, lang: str) -> pd.DataFrame:
    """:func:`limits` for people: each rule by its name, the limit, where it is from, the two ratios."""
    from ..presentation import ledger
    from ..presentation.text import t

    names = ledger.names(pkg, lang)
    rows = [{"limit": "" if _missing(r.limit) else ledger.value_text(r.limit, "cells/mL", lang),
             "basis": t(f"milk.basis.{r.basis}", lang),
             "times_us": "" if _missing(r.limit) else f"{r.times_us:.2f}",
             "times_eu": "" if _missing(r.limit) else f"{r.times_eu:.2f}"} for r in limits_table.itertuples()]
    out = pd.DataFrame(rows, index=[names[c] for c in limits_table["claim_id"]])
    return out.rename(columns={c: t(f"milk.table.{c}", lang) for c in out.columns})


def conclusion(checked: pd.DataFrame, limits_table: pd.DataFrame, pkg, lang: str) -> relations.Sentences:
    """The verdicts counted, then each pair of :data:`PAIRS` compared: higher, lower or equal, and the ratio."""
    from ..presentation import ledger
    from ..presentation.text import relation_key, t

    names = ledger.names(pkg, lang)
    by_rule = limits_table.set_index("rule")
    said = relations.Sentences()
    said.say(claims.counts_sentence(claims.counts(checked), lang))
    for a, b in PAIRS:
        ra, rb = by_rule.loc[a], by_rule.loc[b]
        rel = relations.compare(ra["limit"], rb["limit"], decimals=0)
        word = relation_key(rel)
        note = t("milk.note.article", lang) if ra["basis"] == "article" else ""
        said.say(t("milk.compare", lang, a=names[ra["claim_id"]], a_value=ledger.value_text(ra["limit"], "cells/mL", lang),
                   note=note, word=t(word, lang), b=names[rb["claim_id"]],
                   b_value=ledger.value_text(rb["limit"], "cells/mL", lang), ratio=f"{ra['limit'] / rb['limit']:.2f}"),
                 (f"{a}-vs-{b}", rel, word))
    return said


def results_payload(checked: pd.DataFrame, limits_table: pd.DataFrame, said: relations.Sentences, figures: list) -> dict:
    """What notebook 02 checked: its claims with verdicts, the limits, the sentences and the relations they state."""

    return {**claims.results_payload(checked), "notebook": NAME, "limits": limits_table.to_dict("records"),
            "conclusion": said.lines, "relations": said.relations, "figures": figures}
