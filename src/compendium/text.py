"""Every word the compendium shows, in English and Chinese, and the one way numbers are written.

The words are rows of ``text.csv`` beside this module (``key``, ``en``, ``zh``; placeholders in braces filled by
:meth:`str.format`); names of categories, claims and printed terms come from data/. :func:`number` writes every
number a reader sees. :func:`say` writes a sentence whose relation words ("rose", "inside", "in every year")
are those of :mod:`compendium.relations` results computed on the numbers it shows, and records each relation
with the sentence, so a test can compute the relation again from the results file.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import math
import pathlib
from typing import Any

from IPython.display import Markdown, display

from .relations import Relation

LANGUAGES = ("en", "zh")
TABLE = pathlib.Path(__file__).with_name("text.csv")


@functools.cache
def table() -> dict[str, dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return {row["key"]: {lang: row[lang] for lang in LANGUAGES} for row in csv.DictReader(f)}


def t(key: str, lang: str, **fields: Any) -> str:
    """The text ``key`` in ``lang``, filled with ``fields``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: allowed values are {', '.join(LANGUAGES)}")
    if key not in table():
        raise KeyError(f"no text '{key}' in {TABLE.name}; add a row with both languages")
    template = table()[key][lang]
    return template.format(**fields) if fields else template


def t_n(key: str, n: int, lang: str, **fields: Any) -> str:
    """:func:`t` for a sentence about ``n`` things: the row ``<key>.one`` when ``n`` is 1 and the table has it."""
    return t(f"{key}.one" if n == 1 and f"{key}.one" in table() else key, lang, n=n, **fields)


def missing(value: Any) -> bool:
    if value is None or str(value) in ("<NA>", "NaT"):
        return True
    return isinstance(value, float) and math.isnan(value)


def number(value: Any, places: int | None = None, grouping: bool = True) -> str:
    """A number as people write it: '' when missing; thousands separated ('2,245', '6,930,000'; not for a year,
    ``grouping=False``); ``places`` decimals, by default as few as the value needs (at most four); never an
    exponent."""
    if missing(value):
        return ""
    value = float(value)
    if places is None:
        places = next((d for d in range(5) if abs(round(value, d) - value) < 1e-9 * max(1.0, abs(value))), 4)
    return f"{value:,.{places}f}" if grouping else f"{value:.{places}f}"


def pvalue(p: float) -> str:
    """A p-value as people read it: '< 0.001' below a thousandth, else three decimals."""
    return "< 0.001" if float(p) < 0.001 else f"{float(p):.3f}"


def join(items, lang: str, clauses: bool = False) -> str:
    """'a', 'a and b', 'a, b and c' / 'a、b和c'; ``clauses`` ('16 agree, 2 differ and 3 ...') are separated in
    Chinese by '，' alone."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    between, last = ("list.clause_sep", "list.clauses") if clauses else ("list.sep", "list.and")
    return t(last, lang, head=t(between, lang).join(items[:-1]), last=items[-1])


def span(low: Any, high: Any, lang: str, key: str = "range") -> str:
    """'low–high', or 'low' alone when both ends are written the same."""
    low, high = str(low), str(high)
    return low if low == high else t(key, lang, low=low, high=high)


def category_names(categories, lang: str, short: bool = True) -> dict[str, str]:
    """Category code -> name, in the order of categories.csv, with 'national' first."""
    column = "name_zh" if lang == "zh" else ("short_en" if short else "name_en")
    names = {"national": t("national", lang)}
    for row in categories.sort_values("order").itertuples():
        names[row.code] = getattr(row, column)
    return names


def term(terms, kind: str, printed: str, lang: str) -> str:
    """A printed term (a row of terms.csv, found by its Chinese name or code) in ``lang``; as printed if absent."""
    rows = terms[(terms["kind"] == kind) & ((terms["name_zh"] == printed) | (terms["code"] == printed))]
    return printed if rows.empty else str(rows.iloc[0]["name_zh" if lang == "zh" else "name_en"])


def with_ours(terms, kind: str, printed: str, lang: str) -> str:
    """A printed term with our English beside it in English ('抽查合格率 (AQSIQ pass rate)'), as printed in Chinese."""
    return printed if lang == "zh" else t("printed_and_ours", lang, printed=printed, ours=term(terms, kind, printed, lang))


# --- sentences whose relation words are computed ---------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Word:
    """A relation to be said: its result, the family of text rows naming its keys (``<family>.<key>``) and the
    texts the sentence shows for its values (a test checks them against the values)."""
    relation: Relation
    family: str
    shown: dict[str, str] = dataclasses.field(default_factory=dict)


def word(relation: Relation, family: str, **shown: Any) -> Word:
    return Word(relation, family, {k: str(v) for k, v in shown.items()})


class Sentence(str):
    """A generated sentence (a plain ``str``) with the records of the relations whose words it uses."""
    relations: tuple[dict, ...] = ()

    def __new__(cls, text: str, relations=()):
        obj = super().__new__(cls, text)
        obj.relations = tuple(relations)
        return obj


def say(key: str, lang: str, words: dict[str, Word] | None = None, about: str = "", one: bool = False,
        **fields: Any) -> Sentence:
    """The sentence ``key`` (its ``.one`` row when ``one``): each field named in ``words`` is filled with the
    word of its relation (the row ``<family>.<key>``, ``.one`` when its count is 1, filled with the relation's
    counts and the sentence's fields), the others as given."""
    words = words or {}
    if one and f"{key}.one" in table():
        key += ".one"
    said = {}
    for name, w in words.items():
        counts = {k: v for k, v in w.relation.values.items() if isinstance(v, int) and not isinstance(v, bool)}
        row = f"{w.family}.{w.relation.key}"
        if f"{row}.one" in table() and counts.get("k", counts.get("n")) == 1:
            row += ".one"
        said[name] = t(row, lang, **(fields | counts))
    sentence = t(key, lang, **fields, **said)
    return Sentence(sentence, [{"id": "/".join(p for p in (key, name, about) if p), **w.relation.record(),
                                "word": said[name], "shown": dict(w.shown), "lang": lang, "sentence": sentence}
                               for name, w in words.items()])


def records(*sentences) -> list[dict]:
    """The relation records of sentences (and of lists of them), in order: a results file's ``relations``."""
    out = []
    for s in sentences:
        out += records(*s) if isinstance(s, (list, tuple)) else list(getattr(s, "relations", ()))
    return out


def show(*sentences: str) -> None:
    """Sentences as Markdown output, one paragraph each (GitHub renders it as text)."""
    display(Markdown("\n\n".join(s for s in sentences if s)))
