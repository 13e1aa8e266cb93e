"""Every label and sentence the compendium shows, in English and Chinese: the one text table, ``text.csv``
beside this module (columns ``key``, ``en``, ``zh``; placeholders in ``{braces}`` are filled with
:meth:`str.format`). Names of categories, channels, measures, sectors and other printed terms come from
``data/`` (``categories.csv``, ``breakdown_levels.csv``, ``terms.csv``); every other word a reader sees is here.

This module only looks words up and puts them together; it holds no words itself:

- :func:`t` fills one row of the table; :func:`t_n` picks the row's ``.one`` form for a count of one;
- :func:`join` and :func:`span` write lists and ranges as each language does ("a, b and c" / "a、b和c";
  "2014–2018", or "2014" when both ends are the same);
- :func:`say` writes a sentence whose relation words ("rose", "in every year", "lies inside") are the words of
  :mod:`compendium.analysis.relations` results, and keeps a record of each (:class:`Sentence`), which the
  notebook writes to its results file so a test can compute each relation again;
- :func:`show` displays sentences as Markdown output (GitHub renders it as text).
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import pathlib
from typing import Any

LANGUAGES = ("en", "zh")
TABLE = pathlib.Path(__file__).with_name("text.csv")


@functools.cache
def table() -> dict[str, dict[str, str]]:
    """key -> {"en": ..., "zh": ...}, read once from text.csv."""
    with TABLE.open(encoding="utf-8", newline="") as f:
        return {row["key"]: {lang: row[lang] for lang in LANGUAGES} for row in csv.DictReader(f)}


def check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': allowed values are {', '.join(LANGUAGES)}")


def has(key: str) -> bool:
    return key in table()


def t(key: str, lang: str, **fields: Any) -> str:
    """The text ``key`` in ``lang``, filled with ``fields``."""
    check_lang(lang)
    try:
        template = table()[key][lang]
    except KeyError:
        raise KeyError(f"no text '{key}' in {TABLE.name}; add a row with both languages") from None
    return template.format(**fields) if fields else template


def relation_key(relation, family: str = "") -> str:
    """The text key of the word a sentence uses for ``relation`` (a :class:`compendium.analysis.relations.Relation`):
    ``relation.<key>``, or ``relation.<family>.<key>`` where a sentence needs its own phrasing ("after" for
    years, "lies inside" for a range). The key part is always the relation's computed key."""
    return f"relation.{family}.{relation.key}" if family else f"relation.{relation.key}"


def t_n(key: str, n: int, lang: str, **fields: Any) -> str:
    """:func:`t` for a sentence about ``n`` things: the row ``<key>.one`` when ``n`` is 1 and the table has it."""
    one = f"{key}.one"
    return t(one if n == 1 and has(one) else key, lang, n=n, **fields)


def sep(lang: str) -> str:
    """The separator of a list's items: '、' in Chinese, ', ' in English."""
    return t("list.sep", lang)


def join(items, lang: str, clauses: bool = False) -> str:
    """Items as a list a reader reads: 'a', 'a and b', 'a, b and c' / 'a', 'a和b', 'a、b和c'. ``clauses``: the
    items are clauses ('16 agree, 2 differ and 3 are unverified'), which Chinese separates with '，' alone."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    between, last = ("list.clause_sep", "list.clauses") if clauses else ("list.sep", "list.and")
    return t(last, lang, head=t(between, lang).join(items[:-1]), last=items[-1])


def span(low: str, high: str, lang: str, key: str = "range") -> str:
    """A range as printed: 'low–high', or just 'low' when both ends print the same."""
    low, high = str(low), str(high)
    return low if low == high else t(key, lang, low=low, high=high)


def fixed(value, decimals: int = 1) -> str:
    """A rate or ratio with fixed decimals, as sentences and tables show it: '10.3'."""
    return f"{float(value):,.{decimals}f}"


def number(value) -> str:
    """A number as a person reads it: thousands separated from 10,000 up (a year stays 2014), no exponent, no
    trailing '.0'; empty for a missing value (None, NaN, pandas.NA). Text is returned as it is."""
    import pandas as pd

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


def category_names(categories, lang: str, short: bool = True) -> dict[str, str]:
    """Category code -> display name, in the order of categories.csv, with 'national' first."""
    check_lang(lang)
    column = "name_zh" if lang == "zh" else ("short_en" if short else "name_en")
    names = {"national": t("national", lang)}
    for row in categories.sort_values("order").itertuples():
        names[row.code] = getattr(row, column)
    return names


def term(terms, kind: str, printed: str, lang: str) -> str:
    """A printed term (a row of data/terms.csv: its ``kind`` and Chinese ``name_zh``) in ``lang``; a term the
    table lacks is shown as printed."""
    rows = terms[(terms["kind"] == kind) & ((terms["name_zh"] == printed) | (terms["code"] == printed))]
    if rows.empty:
        return printed
    return str(rows.iloc[0]["name_zh" if lang == "zh" else "name_en"])


# ---------------------------------------------------------------------------------------------------------
# Sentences whose relation words are computed (compendium.analysis.relations) and recorded.
# ---------------------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Word:
    """A relation to be said in a sentence: the :class:`~compendium.analysis.relations.Relation`, the family of
    text rows that name its keys (the word is the row ``<family>.<key>``), and the texts the sentence shows for
    its values (value name -> text as shown), which the test compares with the values."""

    relation: Any
    family: str
    shown: dict[str, str] = dataclasses.field(default_factory=dict)


def word(relation, family: str, **shown: Any) -> Word:
    return Word(relation, family, {k: str(v) for k, v in shown.items()})


def relation_word(family: str, key: str, values: dict, lang: str) -> str:
    """The word of ``family`` for a relation's ``key``, filled with the relation's whole-number values (``k``, ``n``
    of a share); the ``.one`` row when ``k`` (or else ``n``) is 1."""
    counts = {k: v for k, v in values.items() if isinstance(v, int) and not isinstance(v, bool)}
    name = f"{family}.{key}"
    if has(name + ".one") and counts.get("k", counts.get("n")) == 1:
        name += ".one"
    return t(name, lang, **counts)


class Sentence(str):
    """A generated sentence (a plain ``str``) with the records of the relations whose words it uses."""

    relations: tuple[dict, ...] = ()

    def __new__(cls, text: str, relations=()):
        obj = super().__new__(cls, text)
        obj.relations = tuple(relations)
        return obj


def say(key: str, lang: str, words: dict[str, Word] | None = None, about: str = "", one: bool = False,
        **fields: Any) -> Sentence:
    """The sentence ``key`` in ``lang`` (its ``.one`` row when ``one``: a sentence about a single thing): each field
    named in ``words`` is filled with the word of its relation, the other fields as given. Each relation is
    recorded (``Sentence.relations``) with the sentence, its word and the values it was computed from; ``about``
    tells apart sentences made from the same row."""
    words = words or {}
    if one and has(key + ".one"):
        key += ".one"
    said = {name: relation_word(w.family, w.relation.key, w.relation.values, lang) for name, w in words.items()}
    sentence = t(key, lang, **fields, **said)
    records = []
    for name, w in words.items():
        record = {"id": "/".join(p for p in (key, name, about) if p), **w.relation.record(), "words": w.family,
                  "word": said[name], "shown": dict(w.shown), "lang": lang, "sentence": sentence}
        records.append(record)
    return Sentence(sentence, records)


def records(*sentences) -> list[dict]:
    """The relation records of sentences (any that are :class:`Sentence`), in order: a results file's
    ``relations``."""
    out = []
    for s in sentences:
        if isinstance(s, (list, tuple)):
            out += records(*s)
        else:
            out += list(getattr(s, "relations", ()))
    return out



def show(*sentences: str):
    """Display sentences as one Markdown paragraph each (rendered as text on GitHub); returns nothing, so a
    notebook cell ending in it shows only the Markdown."""
    from IPython.display import Markdown, display

    display(Markdown("\n\n".join(s for s in sentences if s)))


def _rel(folder: pathlib.Path) -> str:
    """A folder as a reader can follow it: relative to the repository when inside it, else as given."""
    from ..paths import find_root

    folder = pathlib.Path(folder).resolve()
    try:
        return str(folder.relative_to(find_root())) + "/"
    except (ValueError, FileNotFoundError):
        return str(folder)


def outputs(p, lang: str | None = None) -> str:
    """Where this run wrote, and which parameters differ from the defaults (``p.changed``: such a run does not
    write into the committed folders)."""
    lang = lang or p.lang
    fields = {"figures": _rel(p.figures_dir), "results": _rel(p.results_dir)}
    if getattr(p, "changed", None):
        changed = ", ".join(f"{k}={v!r}" for k, v in p.changed.items())
        return t("outputs_redirected", lang, changed=changed, **fields)
    return t("outputs_default", lang, **fields)
