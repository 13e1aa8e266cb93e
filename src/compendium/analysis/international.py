"""Notebook 05: the years and counts the article gives for quality programmes abroad and in China, and the
authors' own targets.

Each is a claim of the ledger (``data/claims.csv``), checked by :func:`compendium.analysis.claims.verdicts`.
The article gives a year in three ways: one year ("in 2014"), a span ("in the 1980s": 1980-1989) or a lower
bound ("since the 1990s": 1990 or later). :func:`dates` lists the dated claims with the source's year;
:func:`conclusion` says, for each, where the source's year falls against what the article gives
(:func:`compendium.analysis.relations.position` for a span, :func:`compendium.analysis.relations.compare` for a
year or a bound), and how many agree (:func:`compendium.analysis.relations.share`).
"""
from __future__ import annotations

import math

import pandas as pd

from . import claims, relations

NAME = "05_international_practice"


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def dates(checked: pd.DataFrame) -> pd.DataFrame:
    """One row per dated fact: how the article gives the year (``form``: year, span or bound), its first and last
    year (``last`` empty for a lower bound), the source's year (empty where none was found), the verdict."""
    rows = []
    for r in checked[(checked["unit"] == "year") & (checked["kind"] == "fact")].itertuples():
        if r.check == "range":
            form, first, last = "span", float(r.stated_low), float(r.stated_high)
        elif r.check == "bound":
            if r.bound not in (">=", ">"):
                raise ValueError(f"claim {r.claim_id}: a year bound '{r.bound}' is not drawn or worded yet; "
                                 "notebook 05 handles lower bounds ('since', >= or >)")
            form, first, last = "bound", float(r.stated_value), math.nan
        else:
            form, first, last = "year", float(r.stated_value), float(r.stated_value)
        rows.append({"claim_id": r.claim_id, "form": form, "first": first, "last": last,
                     "source_year": math.nan if _missing(r.source_value) else float(r.source_value), "verdict": r.verdict})
    return pd.DataFrame(rows)


def _relation(r) -> tuple[relations.Relation, str]:
    """The relation of the source's year to what the article gives, and the family of words that says it."""
    if r.form == "span":
        return relations.position(r.source_year, r.first, r.last), "year"
    if r.form == "bound":
        return relations.compare(r.source_year, r.first, decimals=0), "since"
    return relations.compare(r.source_year, r.first, decimals=0), "year"


def conclusion(checked: pd.DataFrame, dates_table: pd.DataFrame, pkg, lang: str) -> relations.Sentences:
    """The verdicts counted; each year a source gives, against the article's; how many agree; how many have no
    source year."""
    from ..presentation import ledger
    from ..presentation.text import relation_key, t, t_n

    names = ledger.names(pkg, lang)
    said = relations.Sentences()
    said.say(claims.counts_sentence(claims.counts(checked), lang))
    sourced = dates_table.dropna(subset=["source_year"])
    for r in sourced.itertuples():
        rel, family = _relation(r)
        word = relation_key(rel, family)
        stated = ledger.interval_text(r.first, r.last, "year", lang) if r.form != "bound" else \
            ledger.value_text(r.first, "year", lang)
        said.say(t(f"dates.{'bound' if r.form == 'bound' else 'given'}", lang, name=names[r.claim_id], stated=stated,
                   source=ledger.value_text(r.source_year, "year", lang), word=t(word, lang)), (r.claim_id, rel, word))
    agree = int((sourced["verdict"] == claims.AGREES).sum())
    if len(sourced):
        rel = relations.share(agree, len(sourced))
        word = relation_key(rel, "dates_agree")
        said.say(t(word, lang, total=len(sourced), agree=t_n("dates.agree", agree, lang),
                   differ=t_n("dates.differ", len(sourced) - agree, lang)), ("dates-agree", rel, word))
    unsourced = len(dates_table) - len(sourced)
    if unsourced:
        said.say(t_n("dates.open", unsourced, lang))
    return said


def results_payload(checked: pd.DataFrame, dates_table: pd.DataFrame, said: relations.Sentences, figures: list) -> dict:
    return {**claims.results_payload(checked), "notebook": NAME, "dates": dates_table.to_dict("records"),
            "conclusion": said.lines, "relations": said.relations, "figures": figures}
