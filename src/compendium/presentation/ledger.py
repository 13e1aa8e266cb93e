"""The claims a notebook checks, for people: each claim by its name (``data/claim_names.csv``), the article's
value beside the source's, the computed verdict and the row of ``data/sources.csv`` it was read in; and the
sentence that counts the verdicts.

The verdicts themselves are computed by :func:`compendium.analysis.claims.verdicts`; this module only words and
formats them (numbers with thousands separators, years as years, units in words, no internal keys), in English
or Chinese.
"""
from __future__ import annotations

import math

import pandas as pd

from .text import join, span, t, t_n
from .text import table as text_table

COLUMNS = ("article", "source", "verdict", "source_id")   # the table's columns, in order (headers: table.<name>)


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def names(pkg, lang: str) -> dict[str, str]:
    """Claim id -> its short name in ``lang`` (``data/claim_names.csv``)."""
    table = pkg["claim_names"]
    return dict(zip(table["claim_id"], table[f"name_{lang}"]))


def decimals(margin) -> int | None:
    """Decimals a printed value carries, from half its last unit (0.005 -> 2, 5000 -> 0); None when unknown."""
    if _missing(margin) or float(margin) <= 0:
        return None
    return max(0, round(-math.log10(2 * float(margin))))


def number(value: float, unit: str = "", places: int | None = None) -> str:
    """A number for people: a year as a year, others with thousands separators and ``places`` decimals (by
    default as few as the value needs, at most four)."""
    value = float(value)
    if unit == "year":
        return str(int(round(value)))
    if places is None:
        places = next((d for d in range(5) if abs(round(value, d) - value) < 1e-9 * max(1.0, abs(value))), 4)
    return f"{value:,.{places}f}"


def with_unit(text: str, unit: str, lang: str) -> str:
    """``text`` (a number or a range of numbers) followed or framed by its unit in words."""
    return t(f"value.{unit}" if unit else "value.none", lang, value=text)


def value_text(value: float, unit: str, lang: str, places: int | None = None) -> str:
    return with_unit(number(value, unit, places), unit, lang)


def interval_text(low: float, high: float, unit: str, lang: str, places: int | None = None) -> str:
    """'low–high' with its unit once; a single number when both ends print the same."""
    lo, hi = number(low, unit, places), number(high, unit, places)
    return with_unit(span(lo, hi, lang), unit, lang)


def bound_text(bound: str, value: float, unit: str, lang: str) -> str:
    """The article's bound in words: 'below 50%', '1990 or later'."""
    key = f"bound.{bound}.year" if unit == "year" and f"bound.{bound}.year" in text_table() else f"bound.{bound}"
    return t(key, lang, value=value_text(value, unit, lang))


def stated_text(row, lang: str, zh_names=None) -> str:
    """What the article states, from a row of the ledger (:func:`compendium.analysis.claims.verdicts`)."""
    unit = "" if _missing(row.unit) else str(row.unit)
    if row.check == "qualitative":
        return _qualitative(row.stated_text, zh_names, "stated_text_zh", row.claim_id, lang)
    if row.check == "range":
        return interval_text(row.stated_low, row.stated_high, unit, lang)
    if row.check == "bound":
        return bound_text(row.bound, row.stated_value, unit, lang)
    if _missing(row.stated_value):
        return ""
    return value_text(row.stated_value, unit, lang, decimals(row.stated_margin))


def source_text(row, lang: str, zh_names=None) -> str:
    """What the source gives: its number, the interval computed from its printed numbers, its wording, or
    nothing when no source value was found."""
    unit = "" if _missing(row.unit) else str(row.unit)
    if not _missing(row.source_text):
        return _qualitative(row.source_text, zh_names, "source_text_zh", row.claim_id, lang)
    if not _missing(row.source_value):
        return value_text(row.source_value, unit, lang)
    if not _missing(row.source_low):
        return interval_text(row.source_low, row.source_high, unit, lang, decimals(row.stated_margin))
    return ""


def _qualitative(text, zh_names, column: str, claim_id: str, lang: str) -> str:
    if lang != "zh":
        return str(text)
    zh = zh_names.loc[claim_id, column] if zh_names is not None and claim_id in zh_names.index else None
    if _missing(zh):
        raise ValueError(f"data/claim_names.csv: claim {claim_id} has no {column}; a Chinese run shows the "
                         "article's and the source's wording in Chinese: add it")
    return str(zh)


def for_people(checked: pd.DataFrame, pkg, lang: str) -> pd.DataFrame:
    """One row per claim, named in ``lang``: the article's value, the source's, the verdict, the source's id in
    ``data/sources.csv``. Every cell is text formatted for reading; an empty cell means no source value."""
    named = names(pkg, lang)
    unnamed = sorted(set(checked["claim_id"]) - set(named))
    if unnamed:
        raise ValueError(f"data/claim_names.csv has no row for claim(s) {unnamed}: add a name in English and Chinese")
    zh_names = pkg["claim_names"].set_index("claim_id")
    rows = [{"article": stated_text(r, lang, zh_names), "source": source_text(r, lang, zh_names),
             "verdict": t(f"verdict.{r.verdict}", lang),
             "source_id": "" if _missing(r.source_id) else ", ".join(str(r.source_id).split(";"))}
            for r in checked.itertuples()]
    table = pd.DataFrame(rows, columns=list(COLUMNS), index=[named[c] for c in checked["claim_id"]])
    return table.rename(columns={c: t(f"table.{c}", lang) for c in COLUMNS})


OUTLETS = ("publisher", "official_news", "association", "other")   # data/sources.csv column outlet, in this order


def where_read(checked: pd.DataFrame, pkg, lang: str) -> list[str]:
    """Where the source values of ``checked`` were read: how many sources, on what kind of site (the ``outlet``
    of ``data/sources.csv``), and which are copies on sites unrelated to their content (``unrelated_domain``)."""
    ids = sorted({s for cell in checked["source_id"].dropna() for s in str(cell).split(";")})
    if not ids:
        return [t("sources.none", lang)]
    sources = pkg["sources"].set_index("source_id").loc[ids]
    counts = sources["outlet"].value_counts()
    parts = [t_n(f"sources.outlet.{o}", int(counts[o]), lang) for o in OUTLETS if counts.get(o, 0)]
    joined = join(parts, lang, clauses=True)
    lines = [t("sources.sentence", lang, sources=t_n("sources.count", len(ids), lang), parts=joined)]
    unrelated = sources[sources["unrelated_domain"].astype(bool)]
    if len(unrelated):
        names = t("list.sep", lang).join(t("sources.site", lang, id=i, site=site) if isinstance(site, str) and site
                                         else f"`{i}`" for i, site in zip(unrelated.index, unrelated["repost_site"]))
        lines.append(t_n("sources.unrelated", len(unrelated), lang, ids=names))
    return lines
