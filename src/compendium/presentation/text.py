"""Every label and sentence the compendium shows, in English and Chinese: the one text table, ``text.csv``
beside this module (columns ``key``, ``en``, ``zh``; placeholders in ``{braces}`` are filled with
:meth:`str.format`). Category names come from ``data/categories.csv``; everything else a reader sees is here.
"""
from __future__ import annotations

import csv
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


def t(key: str, lang: str, **fields: Any) -> str:
    """The text ``key`` in ``lang``, filled with ``fields``."""
    check_lang(lang)
    try:
        template = table()[key][lang]
    except KeyError:
        raise KeyError(f"no text '{key}' in {TABLE.name}; add a row with both languages") from None
    return template.format(**fields) if fields else template


def plural(key: str, n: int, lang: str, **fields: Any) -> str:
    """The text ``key.one`` when ``n`` is 1, else ``key.other`` (both rows exist in each language; Chinese has
    the same words in both), filled with ``n`` and ``fields``."""
    return t(f"{key}.{'one' if n == 1 else 'other'}", lang, n=n, **fields)


def relation_word(relation, family: str = "") -> str:
    """The text key of the word a sentence uses for ``relation`` (a :class:`compendium.analysis.relations.Relation`):
    ``relation.<key>``, or ``relation.<family>.<key>`` where a sentence needs its own phrasing ("after" for
    years, "lies inside" for a range). The key part is always the relation's computed key."""
    return f"relation.{family}.{relation.key}" if family else f"relation.{relation.key}"
