"""The words the notebooks share, in English and Chinese, and the one way values are written.

The shared words are rows of ``text.csv`` beside this module (``key``, ``en``, ``zh``; placeholders in braces
filled by :meth:`str.format`): column headers, relation words, verdicts. Names of categories, claims and printed
terms come from data/. A notebook's own sentences are written in the notebook, in both languages, as templates
filled from the rows of a table it shows (:func:`sentences`): one :func:`formatter` writes a value in a table
cell and in a sentence alike, and a relation word ("rose", "inside", "in every year") is the word of the
:mod:`compendium.relations` result stored in the row, never a word chosen beside it. Every sentence is rendered
in both languages, so a notebook's results file is the same whichever language ran it; the relation records go
with the rows, so a test can compute each relation again from the results file.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import math
import numbers
import pathlib
import re
import string
from typing import Any, Callable

import pandas as pd
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


def show(*sentences: str) -> None:
    """Sentences as Markdown output, one paragraph each (GitHub renders it as text)."""
    display(Markdown("\n\n".join(s for s in sentences if s)))


_MARKUP = re.compile(r"([\\`*_\[\]{}#|])")


def escape(value: str) -> str:
    """A value from data, safe in Markdown: markup characters are shown, not obeyed (HTML as text, no link,
    no emphasis), whatever a cell holds."""
    return _MARKUP.sub(r"\\\1", str(value)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- values in cells and sentences, written one way ------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Unit:
    """A format: a number with its unit in words ('750,000 cells per mL', '20.09%', '2014'), from the text rows
    ``value.<unit>``, or from ``words``, a notebook's own ({'en': '{value} items', 'en.one': '{value} item',
    'zh': '{value}项'}: the ``<lang>.one`` template, where given, writes the value 1); ``places`` decimals, by
    default as few as the value needs."""
    unit: str
    places: int | None = None
    words: dict[str, str] | None = dataclasses.field(default=None, hash=False)

    def write(self, value: Any, lang: str) -> str:
        shown = number(value, self.places, self.unit != "year")
        if self.words is not None:
            one = f"{lang}.one" in self.words and shown != "" and float(shown.replace(",", "")) == 1
            return self.words[f"{lang}.one" if one else lang].format(value=shown)
        key = f"value.{self.unit}" if self.unit else "value.none"
        return t(key, lang, value=shown)


@dataclasses.dataclass(frozen=True)
class ListOf:
    """A format: a list of values, each written with ``spec`` (any format :func:`formatter` takes), joined as
    people write a list ('5, 6, 7 and 8', '5、6、7和8'); ``sep`` joins them all alike instead ('、')."""
    spec: Any = dataclasses.field(default=None, hash=False)
    sep: dict[str, str] | None = dataclasses.field(default=None, hash=False)

    def write(self, values, lang: str) -> str:
        written = [formatter(self.spec, lang)(v) for v in values]
        return self.sep[lang].join(written) if self.sep else join(written, lang)


def formatter(spec: Any, lang: str) -> Callable[[Any], str]:
    """How a value is written, in a table cell or a sentence alike: ``spec`` is a number of decimals (``1`` for a
    rate), ``"year"``, ``"pvalue"``, ``"key:<family>"`` (the text row ``<family>.<value>``), a :class:`Unit`, a
    :class:`ListOf` (a list of values), a dict (value -> text, or -> {'en': ..., 'zh': ...}), a function of the value, or None (a number with as few decimals as it
    needs, a text as it is). A :class:`~compendium.relations.Relation` is written by its key, through a family
    or a dict; a missing value is written ''."""
    def write(value: Any) -> str:
        if not isinstance(value, (list, tuple, dict, Relation)) and (value is None or pd.isna(value)):
            return ""
        key = value.key if isinstance(value, Relation) else value
        if isinstance(spec, (Unit, ListOf)):
            return spec.write(value, lang)
        if callable(spec):
            return str(spec(value))
        if isinstance(spec, dict):
            found = spec.get(key, key)
            return str(found[lang] if isinstance(found, dict) else found)
        if isinstance(spec, int) and not isinstance(spec, bool):
            return number(value, spec)
        if spec == "year":
            return number(value, 0, grouping=False)
        if spec == "pvalue":
            return pvalue(value)
        if isinstance(spec, str) and spec.startswith("key:"):
            return t(f"{spec[4:]}.{key}", lang)
        if spec is None:
            if isinstance(value, dict) and set(value) == set(LANGUAGES):   # a value given in each language
                return str(value[lang])
            if isinstance(value, Relation):
                raise ValueError(f"a relation ({value.kind}: {value.key}) needs its words: give its column a family "
                                 "('key:<family>') or a dict of key -> {'en': ..., 'zh': ...}")
            return number(value) if isinstance(value, numbers.Number) and not isinstance(value, bool) else str(value)
        raise ValueError(f"unknown format {spec!r}: give decimals, 'year', 'pvalue', 'key:<family>', a dict or a "
                         "function")
    return write


@dataclasses.dataclass
class Said:
    """Sentences rendered from rows, one per row, in every language: a notebook shows ``text[lang]`` and writes
    the whole to its results file. Each row keeps its values; a relation in it keeps its record (kind, key, the
    values it was computed from) and the word each language's sentence used for it."""
    rows: list[dict]
    text: dict[str, list[str]]

    def __getitem__(self, lang: str) -> list[str]:
        return self.text[lang]


def sentences(templates: dict[str, str], rows, formats: dict[str, Any] | None = None) -> Said:
    """One sentence per row of ``rows`` (a DataFrame or a list of dicts), in each language of ``templates``
    ({'en': '... {column} ...', 'zh': ...}): each placeholder is the row's column written by :func:`formatter`
    with its format in ``formats``, escaped as data; a column holding a Relation is written as its word."""
    formats = formats or {}
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else [dict(r) for r in rows]
    if set(templates) != set(LANGUAGES):
        raise ValueError(f"a sentence needs a template in each of {', '.join(LANGUAGES)}; got {sorted(templates)}")
    for lang, template in templates.items():
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        unknown = names - set(records[0] if records else names)
        if unknown:
            raise KeyError(f"the {lang} template names {sorted(unknown)}, which the rows do not have; they have "
                           f"{sorted(records[0])}")
    used = {f for template in templates.values() for _, f, _, _ in string.Formatter().parse(template) if f}
    said = {lang: [] for lang in LANGUAGES}
    kept = []
    for row in records:
        shown = {}
        for lang in LANGUAGES:
            shown[lang] = {k: escape(formatter(formats.get(k), lang)(v)) for k, v in row.items() if k in used}
            said[lang].append(templates[lang].format(**shown[lang]))
        # a relation the sentence says keeps the word each language used; one it does not say is kept as computed
        kept.append({k: (v.record() | ({"word": {lang: shown[lang][k] for lang in LANGUAGES}} if k in used else {}))
                     if isinstance(v, Relation) else v for k, v in row.items()})
    return Said(kept, said)


def sentences_by(column: str, templates: dict[Any, dict[str, str]], rows, formats: dict[str, Any] | None = None) -> Said:
    """:func:`sentences` with a template for each value of the rows' ``column`` (``templates``: value -> {'en': ...,
    'zh': ...}): rows of several kinds (a span, a year, a bound) said each in its own words, one :class:`Said` in
    the rows' order. Where ``column`` holds a Relation, its key picks the template: the sentence says the relation
    by its words, and the row's record keeps the key it was said by (``chosen``)."""
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else [dict(r) for r in rows]

    def kind(row):   # a Relation picks its template by its key, which the row's record keeps as "chosen"
        return row[column].key if isinstance(row[column], Relation) else row[column]

    unknown = sorted({str(kind(r)) for r in records} - {str(k) for k in templates})
    if unknown:
        raise KeyError(f"no template for {column} = {', '.join(unknown)}; templates are for {sorted(map(str, templates))}")
    out = Said([], {lang: [] for lang in LANGUAGES})
    for row in records:
        one = sentences(templates[kind(row)], [row], formats)
        if isinstance(row[column], Relation):
            one.rows[0][column] = one.rows[0][column] | {"chosen": kind(row)}
        out.rows += one.rows
        for lang in LANGUAGES:
            out.text[lang] += one.text[lang]
    return out
