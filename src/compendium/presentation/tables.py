"""Tables for people: what a notebook shows instead of a raw DataFrame.

:func:`for_people` formats every cell as a reader expects it (a missing value is an empty cell; counts have
thousands separators and never an exponent; years are whole numbers; percentages and ratios at the precision
the column's format states), names each column in words from the text table (``col.<column>``, in Chinese in
a zh run), translates internal keys (``<family>.<value>`` rows) and hides the index. It returns a
:class:`Table`, which a notebook displays as an HTML table (GitHub renders it) with a plain-text form beside it;
both are deterministic, so re-running an unchanged notebook gives the same file.

Formats (``formats``: column -> one of these, a dict of value -> text, or a function of the value):
``count`` (1,234,567), ``year`` (2014), ``int``, ``pct0``..``pct2`` and ``dec0``..``dec4`` (fixed decimals),
``pvalue`` (``< 0.001`` below a thousandth, else three decimals), ``text`` (as given), ``key:<family>``
(the text row ``<family>.<value>``). Columns without a format are shown with :func:`text.number`.
"""
from __future__ import annotations

import re
from typing import Any, Callable

import pandas as pd

from . import text


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, (list, tuple, dict)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _fixed(decimals: int) -> Callable[[Any], str]:
    return lambda v: text.fixed(v, decimals)


def _pvalue(v: Any) -> str:
    return "< 0.001" if float(v) < 0.001 else f"{float(v):.3f}"


_FORMATS: dict[str, Callable[[Any], str]] = {
    "count": lambda v: f"{int(round(float(v))):,}",
    "year": lambda v: str(int(float(v))),
    "int": lambda v: str(int(round(float(v)))),
    "pvalue": _pvalue,
    "text": str,
    **{f"pct{d}": _fixed(d) for d in range(3)},
    **{f"dec{d}": _fixed(d) for d in range(5)},
}


def formatter(spec, lang: str) -> Callable[[Any], str]:
    """The function that writes one cell of a column formatted by ``spec``."""
    if callable(spec):
        return lambda v: str(spec(v))
    if isinstance(spec, dict):
        return lambda v: str(spec.get(v, v))
    if isinstance(spec, str) and spec.startswith("key:"):
        family = spec[4:]
        return lambda v: text.t(f"{family}.{v}", lang)
    if spec in _FORMATS:
        return _FORMATS[spec]
    raise ValueError(f"unknown table format {spec!r}; use one of {', '.join(_FORMATS)}, 'key:<family>', a dict or a "
                     "function")


def header(column: str, lang: str) -> str:
    """A column's header in words: the text row ``col.<column>``."""
    key = f"col.{column}"
    if not text.has(key):
        raise KeyError(f"column {column!r} has no header in words: add a row '{key}' to text.csv (both languages)")
    return text.t(key, lang)


_NUMBER_CELL = re.compile(r"^[<>≤≥±+\-–—]?\s*[\d,.]+%?\*?(\s*[–—-]\s*[\d,.]+%?)?$")


class Table:
    """A formatted table (every cell already text) that notebooks display as HTML, index hidden: numbers right
    aligned and kept on one line, text left aligned, short words (codes, ids, short Chinese terms) never split."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _style(self, column: str) -> str:
        cells = [str(v) for v in self.frame[column] if str(v)]
        numeric = bool(cells) and all(_NUMBER_CELL.match(c) for c in cells)
        unbroken = numeric or all(" " not in c and len(c) <= 24 for c in cells)
        return f"text-align: {'right' if numeric else 'left'};" + (" white-space: nowrap;" if unbroken else "")

    def _repr_html_(self) -> str:
        import html

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
    text.check_lang(lang)
    formats = formats or {}
    columns = list(columns or df.columns)
    out = {}
    for column in columns:
        spec = formats.get(column)
        write = formatter(spec, lang) if spec is not None else text.number
        out[header(column, lang)] = ["" if _missing(v) else write(v) for v in df[column]]
    return Table(pd.DataFrame(out, columns=[header(c, lang) for c in columns]))


# What a table for people never shows (the test of every notebook's outputs applies it too).
MACHINE_VALUES = re.compile(r"<NA>|&lt;NA&gt;|\bNaN\b|\bnan\b|\d[eE][+-]\d|\[\{|\d\.\d{5,}")


def machine_values(output: str) -> list[str]:
    """The stretches of an output a person should not see: missing-value markers, exponents, more than four
    decimals, Python reprs of lists of dicts."""
    return [output[max(0, m.start() - 30):m.end() + 30] for m in MACHINE_VALUES.finditer(output)]
