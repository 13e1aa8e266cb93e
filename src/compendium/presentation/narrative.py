"""The notebooks' sentences, in English and Chinese side by side: every sentence that states a number, a count,
a comparison or a conclusion is made here from typed values, never typed into a markdown cell.

Words that are conclusions ("rose", "in part", "in every year") arrive as keys computed by the analysis
modules (:mod:`figure1`, :mod:`longseries`, :mod:`scenarios`, :mod:`milk`, ...) and are only translated here.
:func:`show` displays text as Markdown output, which GitHub renders as text. The sentences are ours; none is
copied from the article.
"""
from __future__ import annotations

import pathlib
from typing import Any

from .text import LANGUAGES, t  # sentences come from the one text table (text.csv)


def sep(lang: str) -> str:
    return "、" if lang == "zh" else ", "


def verdict_word(verdict: str, lang: str) -> str:
    return t(f"verdict.{verdict}", lang)


def verdict_list(counts: dict[str, int], lang: str) -> str:
    """'3 unverified, 1 agrees' / '3 条未核实、1 条一致'."""
    return sep(lang).join(t("verdict_n", lang, n=n, word=verdict_word(v, lang)) for v, n in sorted(counts.items()) if n)


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
    """Where this run wrote, and why when it was redirected."""
    lang = lang or p.lang
    fields = {"figures": _rel(p.figures_dir), "results": _rel(p.results_dir)}
    if p.redirected_to is not None:
        changed = ", ".join(f"{k}={v!r}" for k, v in p.changed.items())
        return t("outputs_redirected", lang, changed=changed, **fields)
    return t("outputs_default", lang, **fields)


def verdict_summary(counts: dict[str, int], lang: str) -> str:
    return t("verdict_counts", lang, n=sum(counts.values()), agrees=counts.get("agrees", 0),
             differs=counts.get("differs", 0), unverified=counts.get("unverified", 0),
             not_checkable=counts.get("not checkable", 0))


def _missing(value) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def source_text(row) -> str:
    """What the source gives, from a ledger row: its text value, or its numeric bounds (either form of the ledger)."""
    text = getattr(row, "source_text", None)
    if not _missing(text):
        return str(text)
    value = getattr(row, "source_value", None)
    if not _missing(value):
        return f"{float(value):g}" if isinstance(value, (int, float)) else str(value)
    low, high = getattr(row, "source_low", None), getattr(row, "source_high", None)
    if _missing(low):
        return ""
    return f"{float(low):g}" if _missing(high) or low == high else f"{float(low):g}–{float(high):g}"


def ledger_conclusion(table, lang: str) -> list[str]:
    """Counts of verdicts, then each difference with its explanation."""
    from ..analysis import claims

    lines = [verdict_summary(claims.counts(table), lang)]
    for r in table[table.verdict == "differs"].itertuples():
        explanation = r.explanation
        if lang != "en":   # the ledger's explanation is English; say the same from its typed fields
            diff = "" if _missing(r.difference) else \
                t("difference", lang, value=f"{float(r.difference):+g} {'' if _missing(r.unit) else r.unit}".strip())
            explanation = t("differs_fields", lang, stated=str(r.stated).replace("..", "–"), source=source_text(r),
                            difference=diff)
        lines.append(t("differs_item", lang, claim_id=r.claim_id, explanation=explanation))
    if (table.verdict == "unverified").any():
        lines.append(t("unverified_note", lang))
    if (table.verdict == "not checkable").any():
        lines.append(t("not_checkable_note", lang))
    return lines


def ledger_scope(p, table) -> str:
    """Which sections of the article this run of the ledger shows (the parameter ``sections``)."""
    shown = sep(p.lang).join(dict.fromkeys(table["section"]))
    return t("ledger_scope_all" if p.sections is None else "ledger_scope_some", p.lang, sections=shown)
