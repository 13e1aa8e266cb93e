"""The article's sections as notebooks: which claims each shows, and the tables that help read them.

Which notebook shows a claim is said once, in the ``notebook`` column of ``data/claims.csv``; :func:`section`
and :func:`notebook_claims` are read from it. The verdicts themselves come from :mod:`compendium.analysis.claims`.

Notebooks 02-05 are one template (``notebooks/templates/article_section.ipynb``) run once per section with the
parameter ``section`` (the notebook's name). It calls :func:`section` for the claims, :func:`show_chart` for the
section's chart (if any) and :func:`conclusion` for the generated sentences; the verdicts themselves come from
:mod:`compendium.analysis.claims`.
"""
from __future__ import annotations

import pandas as pd

from . import claims
from .data import DataPackage


def notebook_claims(pkg: DataPackage) -> dict[str, list[str]]:
    """Notebook name -> the claim ids it shows (replaces the hand-typed SECTIONS mapping)."""
    return claims.notebook_claims(pkg)


def section(pkg: DataPackage, name: str) -> pd.DataFrame:
    """The ledger rows of the claims one notebook shows (claims.csv ``notebook`` of the package in use)."""
    known = sorted(set(pkg["claims"]["notebook"]))
    if name not in known:
        raise KeyError(f"no claim names the notebook {name!r}; notebooks that show claims: {known}")
    return claims.verdicts(pkg, notebook=name)


def value_rows(pkg: DataPackage, ledger: pd.DataFrame) -> pd.DataFrame:
    """The rows of claim_values.csv that the ledger's claims read, directly or through their formulas."""
    import re

    rows = pkg["claims"][pkg["claims"]["claim_id"].isin(ledger["claim_id"])]
    ids = set(rows["value_id"].dropna())
    for formula in rows["formula"].dropna():
        ids |= set(re.findall(r"\{value:([A-Za-z0-9_\-]+)\}", formula))
    values = pkg["claim_values"]
    return values[values["value_id"].isin(ids)]


def _value(pkg: DataPackage, value_id: str) -> float:
    return float(pkg["claim_values"].set_index("value_id").loc[value_id, "value"])


def milk_limits(pkg: DataPackage) -> pd.DataFrame:
    """SCC limits side by side: the sources' values, and the article's value for China's draft (unverified)."""
    stated = pkg["claims"].set_index("claim_id")["stated_value"]
    draft = float(stated["S3-milk-cn-draft"])
    us, eu = _value(pkg, "us_scc_limit"), _value(pkg, "eu_scc_limit")
    return pd.DataFrame([
        {"rule": "US Grade A (PMO)", "rule_zh": "美国 A 级生乳 (PMO)", "limit": us, "basis": "source"},
        {"rule": "EU (Directive 92/46/EEC)", "rule_zh": "欧盟 (92/46/EEC)", "limit": eu, "basis": "source"},
        {"rule": "China GB 19301-2010", "rule_zh": "中国 GB 19301-2010", "limit": float("nan"), "basis": "no limit (article; unverified)"},
        {"rule": "China draft revision", "rule_zh": "中国征求意见稿", "limit": draft, "basis": "article (unverified)"},
    ]).assign(ratio_to_us=lambda d: d["limit"] / us, ratio_to_eu=lambda d: d["limit"] / eu)


def complaints(pkg: DataPackage, ledger: pd.DataFrame) -> pd.DataFrame:
    """2020 complaint counts as stated and as implied by the 2021 counts and their printed growth."""
    rows = []
    for cid, label, label_zh in (("S3-complaints-total", "all complaints", "投诉总量"),
                                 ("S3-complaints-quality", "quality complaints", "质量问题投诉")):
        r = ledger.set_index("claim_id").loc[cid]
        rows.append({"quantity": label, "quantity_zh": label_zh, "stated_2020": float(r["stated_value"]),
                     "stated_half_unit": float(r["stated_margin"]),
                     "implied_low": float(r["source_low"]), "implied_high": float(r["source_high"]), "verdict": r["verdict"]})
    return pd.DataFrame(rows)


def timeline(ledger: pd.DataFrame) -> pd.DataFrame:
    """Year claims: the article's year or span beside the source's year (NaN where no source year was found).
    A bound ('since 2010') is shown from its year: stated_low = stated_high = the bound, with ``bound`` saying which."""
    rows = []
    for r in ledger.itertuples():
        if r.unit != "year" or r.kind != "fact":
            continue
        if r.check == "range":
            lo, hi = float(r.stated_low), float(r.stated_high)
        else:
            lo = hi = float(r.stated_value)
        src = float("nan") if pd.isna(r.source_value) else float(r.source_value)
        rows.append({"claim_id": r.claim_id, "statement_en": r.statement_en, "stated_low": lo, "stated_high": hi,
                     "bound": None if pd.isna(r.bound) else r.bound, "source_year": src, "verdict": r.verdict})
    return pd.DataFrame(rows)


def _chart_milk(p, table):
    from ..presentation import labels, plotting

    return plotting.milk_limits(table, p.lang, lambda k: labels.text(k, p.lang))


def _chart_complaints(p, table):
    from ..presentation import labels, plotting

    return plotting.complaints(table, p.lang, lambda k: labels.text(k, p.lang))


def _chart_dates(p, table):
    from ..presentation import labels, plotting

    return plotting.timeline(table, p.lang, lambda k: labels.text(k, p.lang))


# The table behind each section's chart, the chart, and its file (a section without one shows its ledger rows alone).
FIGURE_FILES = {"02_raw_milk_cell_counts": "milk_limits.png", "03_consumer_complaints": "complaints_2020.png",
                "05_international_practice": "international_dates.png"}
TABLES = {"02_raw_milk_cell_counts": lambda p, ledger: milk_limits(p.pkg),
          "03_consumer_complaints": lambda p, ledger: complaints(p.pkg, ledger),
          "05_international_practice": lambda p, ledger: timeline(ledger)}
CHARTS = {"02_raw_milk_cell_counts": _chart_milk, "03_consumer_complaints": _chart_complaints,
          "05_international_practice": _chart_dates}


def has_chart(name: str) -> bool:
    return name in CHARTS


def show_chart(p, ledger: pd.DataFrame) -> None:
    """Draw, save and show the section's chart with its caption and the table behind it."""
    from IPython.display import display

    from ..presentation import narrative, plotting

    if p.section not in CHARTS:
        narrative.show(narrative.t("sec_no_chart", p.lang))
        return
    table = TABLES[p.section](p, ledger)
    figure = CHARTS[p.section](p, table)
    paths = plotting.save(figure, p.figures_dir, FIGURE_FILES[p.section].removesuffix(".png"))
    narrative.show(narrative.section_text(p.section, "caption", p.lang))
    display(table.round(2) if p.section == "02_raw_milk_cell_counts" else table)
    display(plotting.show_saved(paths[0]))


def conclusion(p, ledger: pd.DataFrame) -> list[str]:
    """The section's conclusions: the verdicts, then what its chart's numbers say."""
    from ..presentation import narrative

    lines = narrative.ledger_conclusion(ledger, p.lang)
    if p.section == "02_raw_milk_cell_counts":
        draft = milk_limits(p.pkg).iloc[-1]
        lines.append(narrative.t("sec_ratio", p.lang, us=f"{draft.ratio_to_us:.2f}", eu=f"{draft.ratio_to_eu:.2f}"))
    elif p.section == "03_consumer_complaints":
        for r in complaints(p.pkg, ledger).itertuples():
            inside = r.implied_low - r.stated_half_unit <= r.stated_2020 <= r.implied_high + r.stated_half_unit
            lines.append(narrative.t("sec_complaints", p.lang, quantity=r.quantity_zh if p.lang == "zh" else r.quantity,
                                     stated=f"{r.stated_2020:,.0f}", low=f"{r.implied_low:,.0f}", high=f"{r.implied_high:,.0f}",
                                     where=narrative.t("inside" if inside else "outside", p.lang)))
    elif p.section == "05_international_practice":
        dates = timeline(ledger)
        lines.append(narrative.t("sec_dates", p.lang, n=len(dates), agree=int((dates.verdict == claims.AGREES).sum()),
                                 differ=int((dates.verdict == claims.DIFFERS).sum()),
                                 open=int(dates.source_year.isna().sum())))
    return lines


def results_payload(p, ledger: pd.DataFrame) -> dict:
    """The ledger rows, and the table behind the chart (the numbers the conclusions state)."""
    out = claims.results_payload(ledger) | {"notebook": p.section}
    if p.section in TABLES:
        from ..presentation import plotting

        table = TABLES[p.section](p, ledger)
        out["chart_table"] = table.astype(object).where(table.notna(), None).to_dict("records")
        out["figures"] = [plotting.figure_record([FIGURE_FILES[p.section]], p.pkg, {"claim_values": value_rows(p.pkg, ledger)})]
    return out
