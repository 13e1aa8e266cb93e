"""Notebook 03: the article's complaint counts for its year, recomputed from the market regulator's release of
the next year, which prints that year's counts and their growth on the year before.

A count ``c`` printed with growth ``g`` % implies a count of ``c / (1 + g/100)`` the year before; each printed
number stands for an interval (its rounding), so the implied count is an interval too. The ledger computes it
(:func:`compendium.analysis.claims.verdicts`, check ``derived``: ``source_low``..``source_high``).
:func:`recomputed` sets beside it the article's value and the interval that value's own rounding stands for;
:func:`conclusion` says where the article's value lies against the implied range
(:func:`compendium.analysis.relations.position`) and whether the two intervals share a point
(:func:`compendium.analysis.relations.overlap`).
"""
from __future__ import annotations

import pandas as pd

from . import claims, relations

NAME = "03_consumer_complaints"


def recomputed(checked: pd.DataFrame) -> pd.DataFrame:
    """One row per recomputed claim: the article's value, the interval its rounding stands for, the range the
    next year's printed numbers imply, all at the article's printed precision (``places`` decimals)."""
    from ..presentation.ledger import decimals

    rows = []
    for r in checked[checked["check"] == "derived"].itertuples():
        places, margin = decimals(r.stated_margin), float(r.stated_margin)
        # the rounding interval's ends carry one more decimal than the value when half a unit needs it (20.085)
        rounding_places = next(d for d in range(places, places + 4) if abs(round(margin, d) - margin) < 1e-12)
        rows.append({"claim_id": r.claim_id, "unit": r.unit, "places": places, "rounding_places": rounding_places,
                     "stated": float(r.stated_value),
                     "rounding_low": round(float(r.stated_value) - margin, rounding_places),
                     "rounding_high": round(float(r.stated_value) + margin, rounding_places),
                     "implied_low": round(float(r.source_low), places), "implied_high": round(float(r.source_high), places),
                     "verdict": r.verdict})
    return pd.DataFrame(rows)


def table(recomputed_table: pd.DataFrame, pkg, lang: str) -> pd.DataFrame:
    """:func:`recomputed` for people."""
    from ..presentation import ledger
    from ..presentation.text import t

    names = ledger.names(pkg, lang)
    rows = [{"stated": ledger.value_text(r.stated, r.unit, lang, r.places),
             "rounding": ledger.interval_text(r.rounding_low, r.rounding_high, r.unit, lang, r.rounding_places),
             "implied": ledger.interval_text(r.implied_low, r.implied_high, r.unit, lang, r.places),
             "verdict": t(f"verdict.{r.verdict}", lang)} for r in recomputed_table.itertuples()]
    out = pd.DataFrame(rows, index=[names[c] for c in recomputed_table["claim_id"]])
    return out.rename(columns={c: t(f"complaints.table.{c}", lang) for c in out.columns})


def conclusion(checked: pd.DataFrame, recomputed_table: pd.DataFrame, pkg, lang: str) -> relations.Sentences:
    """The verdicts counted, then for each recomputed claim: the article's value against the implied range
    (inside, below or above) and its rounding interval against that range (overlaps or apart)."""
    from ..presentation import ledger
    from ..presentation.text import relation_key, t

    names = ledger.names(pkg, lang)
    said = relations.Sentences()
    said.say(claims.counts_sentence(claims.counts(checked), lang))
    for r in recomputed_table.itertuples():
        point = relations.position(r.stated, r.implied_low, r.implied_high)
        spans = relations.overlap(r.rounding_low, r.rounding_high, r.implied_low, r.implied_high)
        words = relation_key(point, "interval"), relation_key(spans, "interval")

        def fmt(x, places=r.places, unit=r.unit):
            return ledger.value_text(x, unit, lang, places)

        said.say(t("complaints.compare", lang, name=names[r.claim_id], stated=fmt(r.stated), low=fmt(r.implied_low),
                   high=fmt(r.implied_high), r_low=fmt(r.rounding_low, r.rounding_places),
                   r_high=fmt(r.rounding_high, r.rounding_places),
                   position=t(words[0], lang), overlap=t(words[1], lang)),
                 (f"{r.claim_id}:point", point, words[0]), (f"{r.claim_id}:rounding", spans, words[1]))
    return said


def results_payload(checked: pd.DataFrame, recomputed_table: pd.DataFrame, said: relations.Sentences, figures: list) -> dict:

    return {**claims.results_payload(checked), "notebook": NAME, "recomputed": recomputed_table.to_dict("records"),
            "conclusion": said.lines, "relations": said.relations, "figures": figures}
