"""Compatibility names for ``analysis/sections.py`` and ``build/params.py`` while other branches move to
:mod:`compendium.presentation.text`: nothing here holds words of its own. Delete when nothing imports it."""
from __future__ import annotations

from .text import LANGUAGES, category_names, number, t  # noqa: F401


def text(key: str, lang: str) -> str:
    """The label ``key`` in ``lang``, from the text table."""
    return t(key, lang)
