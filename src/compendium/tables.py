"""Tables for people: what a notebook shows instead of a raw DataFrame.

:func:`for_people` writes every cell as a reader expects it, with :func:`compendium.text.formatter` (the one
formatter sentences use too: an empty cell for a missing value, numbers never in exponent form, keys and
relations as words), names each column in words (the notebook's own header, else the shared text row
``col.<column>``, in the run's language) and returns a :class:`Table`, shown as an HTML table with the index
hidden (GitHub renders it) and a plain-text form beside it.
"""
from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

from . import text


def header(column: str, lang: str, headers: dict | None = None) -> str:
    """A column's name in words: the notebook's own (``headers``: column -> {'en': ..., 'zh': ...}), else the
    shared text row ``col.<column>``."""
    if headers and column in headers:
        return headers[column][lang]
    if f"col.{column}" not in text.table():
        raise KeyError(f"column {column!r} has no header in words: give it in headers={{'{column}': {{'en': ..., "
                       f"'zh': ...}}}}, or add a row 'col.{column}' to text.csv")
    return text.t(f"col.{column}", lang)


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
               columns: list[str] | None = None, headers: dict | None = None) -> Table:
    """``df`` (its ``columns``, in that order; all by default) as a :class:`Table` for people in ``lang``: each
    cell written by :func:`compendium.text.formatter` with its column's format, each column named in words."""
    formats = formats or {}
    columns = list(columns or df.columns)
    names = [header(c, lang, headers) for c in columns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:   # one name for two columns would keep only the last of them
        raise ValueError(f"columns {[c for c, n in zip(columns, names) if n in twice]} have the same header in {lang} "
                         f"({', '.join(map(repr, twice))}): give each its own")
    out = {name: [text.formatter(formats.get(column), lang)(v) for v in df[column]] for name, column in zip(names, columns)}
    return Table(pd.DataFrame(out, columns=names))
