"""Every label a figure or table shows, in English and Chinese: the one table of names.

Category names live in ``data/categories.csv`` (read through :func:`category_names`); everything else is here.
"""
from __future__ import annotations

import pandas as pd

from .text import LANGUAGES, t

def text(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` ('en' or 'zh'), from the text table."""
    return t(key, lang)


def category_names(categories: pd.DataFrame, lang: str, short: bool = True) -> dict[str, str]:
    """Category code -> display name, in the order of categories.csv, with 'national' first."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': allowed values are {', '.join(LANGUAGES)}")
    column = "name_zh" if lang == "zh" else ("short_en" if short else "name_en")
    names = {"national": text("national", lang)}
    for row in categories.sort_values("order").itertuples():
        names[row.code] = getattr(row, column)
    return names


def number(value) -> str:
    """A number as a person reads it: thousands separated from 10,000 up (a year stays 2014), no exponent, no trailing '.0'; empty for a missing
    value (None, NaN, pandas.NA). Text is returned as it is."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, str):
        return value
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    magnitude = abs(float(value))
    return f"{value:,.0f}" if magnitude >= 10_000 else f"{value:,.4g}" if magnitude >= 1 else f"{value:.3g}"
