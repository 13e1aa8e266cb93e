"""What number a printed fragment states: ``不合格发现率 10.3%`` -> 10.3, ``911万件`` -> 9 110 000,
``下降1.2个百分点`` -> -1.2, ``比2017年`` -> 2017 and ``比上年`` -> the year before (for the year a change is
measured against).

``data/printed_values.csv`` keeps, for each transcribed number, the fragment its source printed (the figure with
its label word). :func:`number` reads the figure back so a test can check that the stored number is what the
printed form says. Where the page prints several figures after one label (``分别为2.9%、7.0%、12.0%``), the
fragment is kept whole and ``figure`` says which one is the value (counting from 1). Years written with 年 are
labels unless the field is a year. Anything else raises ``ValueError`` naming the fragment.
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
_PREVIOUS_YEAR = re.compile(r"(上年|去年|上一年|last year|previous year)", re.IGNORECASE)
_BASE_YEAR = re.compile(r"比\s*(\d{4})\s*年")
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12}
_WORD = re.compile(r"\b(" + "|".join(WORDS) + r")\b", re.IGNORECASE)
YEAR_FIELDS = {"change_vs", "year"}


def half_unit(text: str) -> float:
    """Half a unit of a printed number's last digit, the margin its rounding allows: '10.3' -> 0.05,
    '6.93e6' -> 5000, '911e4' -> 5000."""
    d = decimal.Decimal(str(text).strip())
    return float(decimal.Decimal(5) * decimal.Decimal(10) ** (d.as_tuple().exponent - 1))


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII; thousands separators removed (25,672 -> 25672)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)


def number(printed: str, field: str = "", unit: str = "", figure: int | None = None, year: int | None = None) -> float:
    """The figure ``printed`` states (the ``figure``-th where it lists several), scaled by 万/亿/×10^n and negative
    after a word for a fall. For the year a change is measured against, ``year`` (the row's year) resolves 上年."""
    text = normalise(printed)
    if field in YEAR_FIELDS or unit == "year" or field in ("stated_low", "stated_high"):
        return _year(text, field, printed, year)
    found = _figure(printed, figure)
    return float(WORDS[found.lower()]) if isinstance(found, str) else float(found)


def decimal_as_printed(printed: str, field: str = "", unit: str = "", figure: int | None = None) -> decimal.Decimal | None:
    """The figure ``printed`` states with the digits it is printed with ('92.3' -> 92.3, '911万' -> 9.11E+6), so
    its rounding can be compared with a stored cell's; None for a year or a number written in words."""
    if field in YEAR_FIELDS or unit == "year" or field in ("stated_low", "stated_high"):
        return None
    found = _figure(printed, figure)
    return None if isinstance(found, str) else found


def _figure(printed: str, figure: int | None) -> decimal.Decimal | str:
    """The figure as a Decimal keeping its printed digits (a unit shifts its exponent), or a number word."""
    stripped = _YEAR.sub(" ", normalise(printed))        # '2018年' is a label here, not the figure
    figures = list(_FIGURE.finditer(stripped))
    if not figures:
        words = _WORD.findall(stripped)
        if len(words) == 1 and figure is None:
            return words[0]
    if figure is None:
        if len(figures) != 1:
            raise ValueError(f"printed form {printed!r} holds {len(figures)} figures; keep exactly one, or say which "
                             "one is the value (printed_values.csv, column figure)")
        m = figures[0]
    elif not 1 <= figure <= len(figures):
        raise ValueError(f"printed form {printed!r} holds {len(figures)} figures; figure {figure} does not exist")
    else:
        m = figures[figure - 1]
    value = decimal.Decimal(m.group(1))
    if m.group(2):
        value = value.scaleb(int(m.group(2)))
    if m.group(3):
        value = value.scaleb(UNITS[m.group(3)].adjusted())
    if FALL.search(stripped[:m.start()]) or stripped[:m.start()].rstrip().endswith("-"):
        value = -value
    return value


def _year(text: str, field: str, printed: str, year: int | None = None) -> float:
    decade = _DECADE.search(text)
    if decade:
        start = (int(decade.group(1)) - 1) * 100 + int(decade.group(2))
        return float(start + 9 if field == "stated_high" else start)
    if field == "change_vs":
        base = _BASE_YEAR.search(text)
        if base:
            return float(base.group(1))
        if _PREVIOUS_YEAR.search(text) and year is not None:
            return float(year - 1)
    years = re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text)
    if len(set(years)) == 1:
        return float(years[0])
    short = _YMD_SHORT.findall(text)
    if not years and len(short) == 1:
        return float(1900 + int(short[0][0]))
    raise ValueError(f"printed form {printed!r} does not hold exactly one year")
