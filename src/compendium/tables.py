"""Tables for people: what a notebook shows instead of a raw DataFrame.

:func:`for_people` writes every cell as a reader expects it (an empty cell for a missing value; numbers by
:func:`compendium.text.number`, never an exponent; internal keys as words), names each column in words (the
text row ``col.<column>``, in Chinese in a zh run) and returns a :class:`Table`, shown as an HTML table with
the index hidden (GitHub renders it) and a plain-text form beside it.

A column's format is a number of decimals (``1`` for a rate), ``"year"``, ``"pvalue"``, ``"key:<family>"``
(the text row ``<family>.<value>``), a dict of value -> text, or a function of the value; without one, a
number is written with as few decimals as it needs.
"""
from __future__ import annotations

import html
import re
from typing import Any, Callable

import pandas as pd

from . import text


def _writer(spec, lang: str) -> Callable[[Any], str]:
    if callable(spec):
        return lambda v: str(spec(v))
    if isinstance(spec, dict):
        return lambda v: str(spec.get(v, v))
    if isinstance(spec, int) and not isinstance(spec, bool):
        return lambda v: text.number(v, spec)
    if spec == "year":
        return lambda v: text.number(v, 0, grouping=False)
    if spec == "pvalue":
        return text.pvalue
    if isinstance(spec, str) and spec.startswith("key:"):
        return lambda v: text.t(f"{spec[4:]}.{v}", lang)
    raise ValueError(f"unknown column format {spec!r}: give decimals, 'year', 'pvalue', 'key:<family>', a dict or a "
                     "function")


def header(column: str, lang: str) -> str:
    if f"col.{column}" not in text.table():
        raise KeyError(f"column {column!r} has no header in words: add a row 'col.{column}' to text.csv")
    return text.t(f"col.{column}", lang)


def _cell(value: Any, write) -> str:
    if not isinstance(value, (list, tuple, dict)) and (value is None or pd.isna(value)):
        return ""
    return write(value)


_NUMBER_CELL = re.compile(r"^[<>≤≥±+\-–—]?\s*[\d,.]+%?\*?(\s*[–—-]\s*[\d,.]+%?)?$")


class Table:
    """A formatted table (every cell already text), shown as HTML without its index: numbers right-aligned on
    one line, text left-aligned, short words never split."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _style(self, column: str) -> str:
        cells = [str(v) for v in self.frame[column] if str(v)]
        numeric = bool(cells) and all(_NUMBER_CELL.match(c) for c in cells)
        unbroken = numeric or all(" " not in c and len(c) <= 24 for c in cells)
        return f"text-align: {'right' if numeric else 'left'};" + (" white-space: nowrap;" if unbroken else "")

    def _repr_html_(self) -> str:
        styles = [self._style(c) for c in self.frame.columns]
        head = "".join(f'<th style="{s}">{html.escape(str(c))}</th>' for c, s in zip(self.frame.columns, styles))
        rows = "".join("<tr>" + "".join(f'<td style="{s}">{html.escape(str(v))}</td>' for v, s in zip(row, styles))
                       + "</tr>\n" for row in self.frame.itertuples(index=False))
        return f'<table class="dataframe">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>'

    def __repr__(self) -> str:
        return self.frame.to_string(index=False) if len(self.frame) else " | ".join(self.frame.columns)

    def __len__(self) -> int:
        return len(self.frame)


def for_people(df: pd.DataFrame, lang: str, formats: dict[str, Any] | None = None,
               columns: list[str] | None = None) -> Table:
    """``df`` (its ``columns``, in that order; all by default) as a :class:`Table` for people in ``lang``."""
    formats = formats or {}
    columns = list(columns or df.columns)
    out = {}
    for column in columns:
        write = _writer(formats[column], lang) if column in formats else text.number
        out[header(column, lang)] = [v if isinstance(v, str) and column not in formats else _cell(v, write)
                                     for v in df[column]]
    return Table(pd.DataFrame(out, columns=[header(c, lang) for c in columns]))
