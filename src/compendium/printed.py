"""What number a printed fragment states: ``不合格发现率 10.3%`` -> 10.3, ``911万件`` -> 9 110 000,
``下降1.2个百分点`` -> -1.2, ``比2017年`` -> 2017 (for the year a change is measured against).

``data/printed_values.csv`` keeps, for each transcribed number, the fragment its source printed (the figure with
its label word). :func:`number` reads the figure back so a test can check that the stored number is what the
printed form says. A fragment must hold exactly one figure (years written with 年 are labels unless the field is a
year); anything else raises ``ValueError`` naming the fragment.
"""
from __future__ import annotations

import decimal
import re
import unicodedata

UNITS = {"万": decimal.Decimal(10) ** 4, "萬": decimal.Decimal(10) ** 4, "亿": decimal.Decimal(10) ** 8,
         "億": decimal.Decimal(10) ** 8, "million": decimal.Decimal(10) ** 6}
FALL = re.compile(r"(下降|降低|减少|減少|下滑|回落|下跌|降|fell|down|decrease)")
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?:\s*[×x]\s*10\^(\d+))?\s*(万|萬|亿|億|million)?")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_DECADE = re.compile(r"(\d{2})\s*世纪\s*(\d{2})\s*年代")
_YMD_SHORT = re.compile(r"(?<![\d.])(\d{2})\.(\d{1,2})\.(\d{1,2})(?![\d.])")
YEAR_FIELDS = {"change_vs", "year"}


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII; thousands separators removed (25,672 -> 25672)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)


def number(printed: str, field: str = "", unit: str = "") -> float:
    """The one figure ``printed`` states, scaled by 万/亿/×10^n and negative after a word for a fall."""
    text = normalise(printed)
    if field in YEAR_FIELDS or unit == "year" or field in ("stated_low", "stated_high"):
        return _year(text, field, printed)
    stripped = _YEAR.sub(" ", text)                      # '2018年' is a label here, not the figure
    figures = list(_FIGURE.finditer(stripped))
    if len(figures) != 1:
        raise ValueError(f"printed form {printed!r} holds {len(figures)} figures; keep exactly one (the label word and the figure)")
    m = figures[0]
    value = decimal.Decimal(m.group(1))
    if m.group(2):
        value *= decimal.Decimal(10) ** int(m.group(2))
    if m.group(3):
        value *= UNITS[m.group(3)]
    if FALL.search(stripped[:m.start()]) or stripped[:m.start()].rstrip().endswith("-"):
        value = -value
    return float(value)


def _year(text: str, field: str, printed: str) -> float:
    decade = _DECADE.search(text)
    if decade:
        start = (int(decade.group(1)) - 1) * 100 + int(decade.group(2))
        return float(start + 9 if field == "stated_high" else start)
    years = re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text)
    if len(set(years)) == 1:
        return float(years[0])
    short = _YMD_SHORT.findall(text)
    if not years and len(short) == 1:
        return float(1900 + int(short[0][0]))
    raise ValueError(f"printed form {printed!r} does not hold exactly one year")
