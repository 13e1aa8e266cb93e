"""Notebook 04: the percentages the article quotes from surveys of firms (a blue book on quality management,
a survey of small and medium firms, a China Association for Quality survey) and its statement on how much of
small firms' quality services developed countries fund.

Each is a claim of the ledger (``data/claims.csv``), checked by :func:`compendium.analysis.claims.verdicts`:
a claim for which no source value was found is *unverified*, and ``looked_for`` records where it was sought.
:func:`conclusion` counts how many of the claims a source confirms or contradicts
(:func:`compendium.analysis.relations.share`).
"""
from __future__ import annotations

import pandas as pd

from . import claims, relations

NAME = "04_quality_management_surveys"


def percentages(checked: pd.DataFrame) -> pd.DataFrame:
    """The claims stated in per cent: the article's value (or bound), the source's value where found, the verdict."""
    rows = checked[checked["unit"] == "%"]
    return rows[["claim_id", "check", "stated_value", "bound", "source_value", "verdict"]].reset_index(drop=True)


def searches(pkg, checked: pd.DataFrame, lang: str) -> list[str]:
    """Where each claim without a source value was sought (``looked_for`` in ``data/claims.csv``). The records are
    in English; a Chinese run says where to read them instead of quoting them."""
    from ..presentation import ledger
    from ..presentation.text import t

    open_claims = checked[checked["verdict"] == claims.UNVERIFIED]
    if lang != "en":
        return [t("surveys.searches_elsewhere", lang, n=len(open_claims))] if len(open_claims) else []
    names = ledger.names(pkg, lang)
    looked = pkg["claims"].set_index("claim_id")["looked_for"]
    return [t("surveys.search", lang, name=names[c], looked_for=looked[c]) for c in open_claims["claim_id"]]


def conclusion(checked: pd.DataFrame, pkg, lang: str) -> relations.Sentences:
    """The verdicts counted, and how many claims have a value in a source (all, some or none of them)."""
    from ..presentation.text import relation_key, t_n

    said = relations.Sentences()
    said.say(claims.counts_sentence(claims.counts(checked), lang))
    facts = checked[checked["kind"] == "fact"]
    sourced = int(facts["verdict"].isin([claims.AGREES, claims.DIFFERS]).sum())
    rel = relations.share(sourced, len(facts))
    word = relation_key(rel, "sourced")
    said.say(t_n(word, sourced, lang, k=sourced, total=len(facts)), ("sourced", rel, word))   # "1 of 10 has"
    return said


def results_payload(checked: pd.DataFrame, said: relations.Sentences, figures: list) -> dict:
    return {**claims.results_payload(checked), "notebook": NAME, "percentages": percentages(checked).to_dict("records"),
            "conclusion": said.lines, "relations": said.relations, "figures": figures}
