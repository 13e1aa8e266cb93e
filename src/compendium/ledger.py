"""The claims said to readers: each claim by its name (data/claim_names.csv), the article's value beside the
source's, the verdict, why (a sentence whose relation word is the verdict's own comparison), and where the
source values were read.

Verdicts are computed by :mod:`compendium.verdicts`; this module only words and formats them. Every function
takes a verdict as a record (``Verdict.record()``, or the same dict read back from a results file) and the
claim's row of claims.csv.
"""
from __future__ import annotations

import math
from typing import Mapping

import pandas as pd

from . import tables, text
from .printed import half_unit
from .relations import Relation
from .text import missing, number, say, t, t_n, word
from .verdicts import VERDICTS

BOUND_SIGNS = {"<": "<", "<=": "≤", ">=": "≥", ">": ">"}
OUTLETS = ("publisher", "official_news", "association", "other")   # sources.csv column outlet, in this order


def names(pkg, lang: str) -> dict[str, str]:
    """Claim id -> its short name in ``lang`` (data/claim_names.csv)."""
    table = pkg["claim_names"]
    return dict(zip(table["claim_id"], table[f"name_{lang}"]))


def claim_names(pkg) -> dict[str, dict[str, str]]:
    """Claim id -> {'en': name, 'zh': name}: a format for a column of claim ids (text.formatter)."""
    return {c: {lang: names(pkg, lang)[c] for lang in text.LANGUAGES} for c in pkg["claim_names"]["claim_id"]}


def places(printed) -> int | None:
    """Decimals a printed number carries ('20.09' -> 2, '6.93e6' -> 0); None when not printed."""
    if missing(printed) or not str(printed).strip():
        return None
    return max(0, round(-math.log10(2 * half_unit(str(printed)))))


def value_text(value, unit, lang: str, decimals: int | None = None) -> str:
    """A number with its unit in words: '750,000 cells per mL', '20.09%', '2014'."""
    unit = "" if missing(unit) else str(unit)
    return t(f"value.{unit}" if unit else "value.none", lang, value=number(value, decimals, unit != "year"))


def interval_text(low, high, unit, lang: str, decimals: int | None = None) -> str:
    """'low–high' with its unit once; one number when both ends are written the same."""
    unit = "" if missing(unit) else str(unit)
    return t(f"value.{unit}" if unit else "value.none", lang,
             value=text.span(number(low, decimals, unit != "year"), number(high, decimals, unit != "year"), lang))


def _wording(claim: Mapping, english, column: str, lang: str, zh: pd.DataFrame | None) -> str:
    """A wording (the article's or the source's): as recorded in English; in Chinese from claim_names.csv."""
    if lang == "en":
        return str(english)
    found = None if zh is None or claim["claim_id"] not in zh.index else zh.loc[claim["claim_id"], column]
    if missing(found):
        raise ValueError(f"data/claim_names.csv: claim {claim['claim_id']} has no {column}; a Chinese run shows "
                         "the wording in Chinese: add it")
    return str(found)


def stated(claim: Mapping, printed, lang: str, zh=None) -> str:
    """What the article states, in words: '750,000 cells per mL', '1980–1989', 'below 50%', 'no SCC limit'."""
    unit = claim["unit"]
    if claim["check"] == "qualitative":
        return _wording(claim, claim["stated_text"], "stated_text_zh", lang, zh)
    if claim["check"] == "range":
        return interval_text(claim["stated_low"], claim["stated_high"], unit, lang)
    if claim["check"] == "bound":
        key = f"bound.{claim['bound']}" + (".year" if unit == "year" and f"bound.{claim['bound']}.year" in text.table() else "")
        return t(key, lang, value=value_text(claim["stated_value"], unit, lang))
    return "" if missing(claim["stated_value"]) else value_text(claim["stated_value"], unit, lang, places(printed))


def source(v: Mapping, claim: Mapping, printed, lang: str, zh=None) -> str:
    """What the source gives: its number, the interval computed from its printed numbers, or its wording."""
    if not missing(v.get("source_text")):
        return _wording(claim, v["source_text"], "source_text_zh", lang, zh)
    if not missing(v.get("source_value")):
        return value_text(v["source_value"], claim["unit"], lang)
    if not missing(v.get("source_low")):
        return interval_text(v["source_low"], v["source_high"], claim["unit"], lang, places(printed))
    return ""


def _units(n: float, unit, lang: str) -> str:
    unit = "" if missing(unit) else str(unit)
    return t_n(f"unit.{unit}", 1 if abs(n) == 1 else 2, lang) if f"unit.{unit}" in text.table() else unit


def explain(v: Mapping, claim: Mapping, printed, lang: str, zh=None) -> text.Sentence:
    """Why the verdict ``v`` is what it is, in ``lang``; its relation word is that of the verdict's comparison."""
    reason, cid, unit = v["reason"], claim["claim_id"], claim["unit"]
    if reason.startswith("kind."):
        return say(f"why.{reason}", lang, about=cid)
    if reason == "unverified":
        return say("why.unverified", lang, about=cid, looked_for=_wording(claim, claim["looked_for"], "looked_for_zh", lang, zh))
    if reason == "qualitative":
        key = "why.qualitative." + ("same" if v["verdict"] == "agrees" else "other")
        return say(key, lang, about=cid, stated_text=stated(claim, printed, lang, zh),
                   source_text=source(v, claim, printed, lang, zh))
    rel = Relation(**v["relation"])

    def fmt(x):
        return number(x, grouping=unit != "year")
    if reason == "derived":   # the computed interval's ends: whole numbers from 10,000 up
        shown = {k: number(x, 0 if abs(x) >= 1e4 else None) for k, x in rel.values.items()}
        return say("why.derived", lang, {"word": word(rel, "overlap", **shown)}, about=cid,
                   stated=fmt(claim["stated_value"]), **shown)
    gap = {"by": fmt(abs(v["difference"])), "unit": _units(v["difference"], unit, lang)}
    if reason == "exact":
        shown = {"value": fmt(rel.values["value"]), "low": fmt(rel.values["low"]), "high": fmt(rel.values["high"])}
        return say("why.exact" if rel.key == "inside" else "why.exact_out", lang,
                   {"word": word(rel, "position", **shown)}, about=cid, stated=fmt(claim["stated_value"]), **shown, **gap)
    if reason == "range":
        shown = {"value": fmt(rel.values["value"]), "low": fmt(rel.values["low"]), "high": fmt(rel.values["high"])}
        return say("why.range" if rel.key == "inside" else "why.range_out", lang,
                   {"word": word(rel, "position", **shown)}, about=cid, **shown, **gap)
    shown = {"a": fmt(rel.values["a"]), "b": fmt(rel.values["b"])}
    words = {"word": word(rel, "compare", **shown)}
    key = "why.bound." + ("met" if v["verdict"] == "agrees" else "broken")
    fields = {"bound": BOUND_SIGNS[claim["bound"]]}
    if v.get("other"):
        other = Relation(**v["other"])
        if other.kind == "compare":
            key += ".exact"
            fields |= {"year": fmt(other.values["b"]), "other_difference": "" if other.key == "equal" else
                       t("other_difference", lang, difference=f"{other.values['b'] - other.values['a']:+g}")}
            words["other"] = word(other, "other_exact", a=fmt(other.values["a"]), b=fmt(other.values["b"]))
        else:
            key += ".range"
            fields |= {"low": fmt(other.values["low"]), "high": fmt(other.values["high"])}
            words["other"] = word(other, "other_range", value=fmt(other.values["value"]), low=fields["low"],
                                  high=fields["high"])
    return say(key, lang, words, about=cid, **shown, **fields)


def _claims(pkg) -> dict[str, dict]:
    """The rows of claims.csv by claim id, an empty cell as None."""
    table = pkg["claims"].astype(object).where(pkg["claims"].notna(), None)
    return {r["claim_id"]: r for r in table.to_dict("records")}


def for_people(checked: pd.DataFrame, pkg, lang: str, columns=("claim", "article", "source", "verdict", "source_ids")):
    """One row per claim of ``checked`` (verdict records), named in ``lang``: the article's value, the source's,
    the verdict and the rows of data/sources.csv it was read in; every cell text for reading."""
    claims = _claims(pkg)
    printed = pkg.text["claims"].set_index("claim_id")["stated_value"]
    zh = pkg["claim_names"].set_index("claim_id")
    named = names(pkg, lang)
    rows = []
    for v in checked.to_dict("records"):
        claim = claims[v["claim_id"]]
        cells = {"claim": named[v["claim_id"]], "claim_id": v["claim_id"], "section": claim["section"],
                 "statement": claim["statement_en"] if lang == "en" else _wording(claim, claim["statement_en"],
                                                                                  "statement_zh", lang, zh),
                 "check": claim["check"],
                 "article": stated(claim, printed[v["claim_id"]], lang, zh),
                 "source": source(v, claim, printed[v["claim_id"]], lang, zh), "verdict": v["verdict"],
                 "source_ids": ", ".join(v["source_ids"]), "why": str(explain(v, claim, printed[v["claim_id"]], lang, zh))}
        rows.append(cells)
    frame = pd.DataFrame(rows, columns=list(columns))
    return tables.for_people(frame, lang, formats={"verdict": "key:verdict", "check": "key:check"})


def explanations(checked: pd.DataFrame, pkg) -> text.Said:
    """The sentence explaining each verdict of ``checked``, in order, in both languages; each row holds the claim,
    its verdict and the relation records the sentence's words come from (a results file keeps them)."""
    claims = _claims(pkg)
    printed = pkg.text["claims"].set_index("claim_id")["stated_value"]
    zh = pkg["claim_names"].set_index("claim_id")
    rows, said = [], {lang: [] for lang in text.LANGUAGES}
    for v in checked.to_dict("records"):
        each = {lang: explain(v, claims[v["claim_id"]], printed[v["claim_id"]], lang, zh) for lang in text.LANGUAGES}
        row = {"claim_id": v["claim_id"], "verdict": v["verdict"]}
        for records in zip(*(each[lang].relations for lang in text.LANGUAGES)):
            first = records[0]
            row[first["id"]] = {"kind": first["kind"], "key": first["key"], "values": first["values"],
                                "shown": first["shown"], "word": {r["lang"]: r["word"] for r in records}}
        rows.append(row)
        for lang in text.LANGUAGES:
            said[lang].append(str(each[lang]))
    return text.Said(rows, said)


def counts_sentence(counts: dict[str, int], lang: str) -> str:
    """'42 claims: 16 agree with their source, 2 differ, ...': each verdict some claim has, with its count."""
    shown = [v for v in VERDICTS if counts.get(v)] or list(VERDICTS)
    parts = [t_n(f"verdict_count.{v}", counts[v], lang) for v in shown]
    return t_n("verdict_counts", sum(counts.values()), lang, items=text.join(parts, lang, clauses=True))


def where_read(source_ids, sources: pd.DataFrame, lang: str) -> list[str]:
    """Where values were read: how many sources, on what kind of site (sources.csv ``outlet``), and which are
    copies on sites unrelated to their content (``unrelated_domain``), each named."""
    ids = sorted({s for s in source_ids if not missing(s)})
    if not ids:
        return [t("sources.none", lang)]
    rows = sources.set_index("source_id").loc[ids]
    counts = rows["outlet"].value_counts()
    parts = [t_n(f"sources.outlet.{o}", int(counts[o]), lang) for o in OUTLETS if counts.get(o, 0)]
    lines = [t("sources.sentence", lang, sources=t_n("sources.count", len(ids), lang),
               parts=text.join(parts, lang, clauses=True))]
    unrelated = rows[rows["unrelated_domain"].astype(bool)]
    if len(unrelated):
        listed = t("list.sep", lang).join(t("sources.site", lang, id=str(i).replace("`", "'"), site=text.escape(site))
                                          for i, site in zip(unrelated.index, unrelated["repost_site"]))
        lines.append(t_n("sources.unrelated", len(unrelated), lang, ids=listed))
    return lines
