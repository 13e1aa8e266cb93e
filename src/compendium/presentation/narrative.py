"""Compatibility names for ``analysis/sections.py`` and the section template of notebooks 02-05, which the
sections branch replaces: nothing here holds words or logic of its own. New code uses
:mod:`compendium.presentation.text` (sentences, lists, ranges) and :mod:`compendium.analysis.claims` (the
ledger's sentences). Delete this module with the template."""
from __future__ import annotations

from .text import LANGUAGES, has, outputs, sep, show, t  # noqa: F401


def ledger_conclusion(table, lang: str) -> list[str]:
    """The ledger's counts, then each difference and what the other verdicts mean."""
    from ..analysis import claims

    return [claims.counts_sentence(claims.counts(table), lang), *claims.conclusion(table, lang)]


def section_text(section: str, part: str, lang: str) -> str:
    common = f"section.{part}"
    return t(common if has(common) else f"{section}.{part}", lang)


def section_header(section: str, lang: str) -> list[str]:
    return ["# " + section_text(section, "title", lang),
            t("section.question_label", lang, text=section_text(section, "question", lang)),
            t("section.data_label", lang, text=section_text(section, "data", lang) + " "
              + section_text(section, "source_note", lang))]
