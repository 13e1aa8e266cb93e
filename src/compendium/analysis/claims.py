"""The claims ledger: each quantitative statement of the article, checked against its source by code.

``data/claims.csv`` registers the claims (where they are on our pages, the notebook that shows them, our
paraphrase, the article's value as typed fields); ``data/claim_values.csv`` holds the values read in sources.
:func:`verdicts` computes, never types, one of

- ``agrees``: the source value satisfies the claim's comparison;
- ``differs``: it does not; the verdict carries the difference (stated - source, or distance to the span);
- ``unverified``: a fact for which no source value was found; ``looked_for`` says what was looked for and where;
- ``not checkable``: not a fact a source could confirm: a target, an opinion, a statement about the article itself.

Comparisons (column ``check``), never against the article itself:
- ``exact``: the source value lies within the rounding of the stated value at its printed precision
  (``7.5e5`` stands for 745 000 to 755 000; ``2014`` for the year 2014), plus ``tolerance``;
- ``range``: the article states a span (``stated_low``..``stated_high``, e.g. a decade); the source value must
  lie in it; a difference is the distance to the nearer end;
- ``bound``: the article states a bound (``bound`` ``<`` for 'fewer than', ``<=`` for 'up to', ``>=``, ``>``);
  the source value must satisfy it;
- ``derived``: the source value is computed by ``formula`` from source values (``{value:ID}``, rows of
  claim_values.csv), carrying every printed number's rounding as an interval (``source_low``, ``source_high``);
  the claim agrees if the stated value's rounding interval overlaps it;
- ``qualitative``: the article's statement (``stated_text``, summarised) against the source's wording
  (``value_text``, summarised): the same text agrees.
"""
from __future__ import annotations

import ast
import dataclasses
import decimal
import itertools
import math
import operator
import re

import pandas as pd

from .data import DataError, DataPackage

AGREES, DIFFERS, UNVERIFIED, NOT_CHECKABLE = "agrees", "differs", "unverified", "not checkable"
VERDICTS = (AGREES, DIFFERS, UNVERIFIED, NOT_CHECKABLE)
CHECKS = ("exact", "range", "bound", "derived", "qualitative")
REFERENCE = re.compile(r"\{value:([A-Za-z0-9_\-]+)\}")  # {value:ID}: a row of claim_values.csv


@dataclasses.dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def overlaps(self, other: "Interval", slack: float = 0.0) -> bool:
        return self.low <= other.high + slack and other.low <= self.high + slack


def _printed(text: str) -> tuple[decimal.Decimal, decimal.Decimal]:
    d = decimal.Decimal(str(text).strip())
    return d, decimal.Decimal(5) * decimal.Decimal(10) ** (d.as_tuple().exponent - 1)


def half_unit(text: str) -> float:
    """Half a unit of a printed number's last digit, its rounding margin: '10.3' -> 0.05, '6.93e6' -> 5000."""
    return float(_printed(text)[1])


def printed_interval(text: str) -> Interval:
    """The interval a printed number stands for: '6.93e6' -> [6.925e6, 6.935e6]; '12' -> [11.5, 12.5]."""
    d, half = _printed(text)
    return Interval(float(d - half), float(d + half))


class FormulaError(ValueError):
    """A ledger formula that cannot be evaluated; the message says why, to follow 'formula ... '."""


def evaluate(formula: str, inputs: dict[str, Interval]) -> Interval:
    """Evaluate ``formula`` over intervals at every corner (exact for expressions monotone in each input)."""
    names = sorted(set(m.group(0) for m in REFERENCE.finditer(formula)))
    missing = [n for n in names if n not in inputs]
    if missing:
        raise KeyError(f"formula {formula!r} needs {missing}")
    expr = formula
    for k, n in enumerate(names):
        expr = expr.replace(n, f"_x{k}")
    try:
        tree = ast.parse(expr, mode="eval")
        values = [_arith(tree.body, {f"_x{k}": v for k, v in enumerate(corner)})
                  for corner in itertools.product(*[(inputs[n].low, inputs[n].high) for n in names])]
    except SyntaxError as err:
        raise FormulaError(f"is not arithmetic Python can read ({err.msg})") from None
    except ZeroDivisionError:
        raise FormulaError("divides by zero with the values it refers to") from None
    return Interval(min(values), max(values))


def formula_input(ref: str, raw_value) -> Interval:
    """The interval of the printed number ``{value:ref}`` stands for; a text or empty value is a FormulaError."""
    try:
        if math.isfinite(float(raw_value)):
            return printed_interval(raw_value)
    except (ValueError, TypeError, decimal.InvalidOperation):
        pass
    held = "no number (its source value is a text, in value_text)" if str(raw_value).strip() in ("", "nan") \
        else f"{str(raw_value)!r}, which is not a number"
    raise FormulaError(f"refers to {{value:{ref}}}, which holds {held}")


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _arith(node: ast.AST, env: dict[str, float]) -> float:
    """Numbers, names, + - * / and parentheses: all a ledger formula may contain (no eval of data)."""
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_arith(node.left, env), _arith(node.right, env))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_arith(node.operand, env)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    raise FormulaError(f"may use only numbers, {{value:ID}}, + - * / and parentheses; "
                       f"found {ast.dump(node)[:60]}")


@dataclasses.dataclass(frozen=True)
class Verdict:
    """A claim's computed verdict and the typed values it compared (None where a field does not apply).

    Why the verdict is what it is, is typed too: ``reason`` names the text rows ``why.<reason>`` that say it,
    ``fields`` fill them, and ``words`` are the relations (:mod:`compendium.analysis.relations`) whose words the
    sentence uses, computed on the numbers it shows; :func:`explain` writes it in either language."""
    claim_id: str
    verdict: str
    source_value: float | None = None    # a number read in the source
    source_text: str | None = None       # a qualitative source, summarised
    source_low: float | None = None      # a derived source value: the interval its printed inputs allow
    source_high: float | None = None
    difference: float | None = None      # stated - source (exact, derived), distance to the span (range) or bound
    reason: str = ""
    fields: dict = dataclasses.field(default_factory=dict)
    words: dict = dataclasses.field(default_factory=dict)

    @property
    def explanation(self) -> str:
        return explain(self, "en")


def _na(v):
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def stated_text(claim: dict, raw: str | None = None) -> str:
    """The article's value for display: '7.5e5', '1980-1989', '< 50', 'no SCC limit'."""
    check = _na(claim.get("check"))
    if check == "range":
        return f"{claim['stated_low']:g}-{claim['stated_high']:g}"
    if check == "bound":
        return f"{claim['bound']} {raw or format(claim['stated_value'], 'g')}"
    if check == "qualitative":
        return str(claim["stated_text"])
    return raw or format(claim["stated_value"], "g")


def _shown(x: float) -> str:
    """A number as the ledger's sentences show it: whole numbers with thousands separators, others with up to six
    significant digits, never an exponent."""
    x = float(x)
    if abs(x) >= 1e4 or x.is_integer():
        return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:.0f}"
    return f"{x:.6g}" if abs(x) >= 1e-4 else f"{x:.6f}"


def _in_each_language(make) -> dict[str, str]:
    """A field whose words depend on the language (a unit, a body's name): its text in each language."""
    from ..presentation.text import LANGUAGES

    return {lang: make(lang) for lang in LANGUAGES}


def _unit(unit: str, n: float) -> dict[str, str]:
    """A unit said after the number ``n``, in each language (the text row ``unit.<unit>``, its ``.one`` form for 1)."""
    from ..presentation import text

    key = f"unit.{unit}"
    return _in_each_language(lambda lang: text.t_n(key, 1 if abs(n) == 1 else 2, lang) if text.has(key) else unit)


def _body(pkg: DataPackage, name: str) -> dict[str, str]:
    """A body's name in each language (data/terms.csv, kind 'body', found by its English name); other text as given."""
    terms = pkg.tables.get("terms")
    rows = terms[(terms["kind"] == "body") & (terms["name_en"] == name)] if terms is not None else ()
    return _in_each_language(lambda lang: str(rows.iloc[0]["name_zh" if lang == "zh" else "name_en"]) if len(rows) else name)


def _looked_for(looked: str) -> dict[str, str]:
    """What was looked for (data/claims.csv, in English): itself in English, a pointer to it in Chinese."""
    from ..presentation import text

    return {"en": looked or text.t("looked_for_in_english", "en"), "zh": text.t("looked_for_in_english", "zh")}


def explain(v: "Verdict", lang: str, claim_id: str | None = None):
    """Why ``v`` is its verdict, in ``lang``: a :class:`compendium.presentation.text.Sentence` carrying the
    records of the relations it states."""
    from ..presentation import text

    fields = {k: (f[lang] if isinstance(f, dict) else f) for k, f in v.fields.items()}
    return text.say(f"why.{v.reason}", lang, v.words, about=claim_id or v.claim_id, **fields)


def verdict(claim: dict, pkg: DataPackage, raw_stated: str | None = None) -> Verdict:
    """The verdict of one claim (a row of claims.csv as a dict); ``raw_stated`` is stated_value as printed."""
    from ..presentation.text import word
    from . import relations

    values = {r["value_id"]: r for r in pkg["claim_values"].to_dict("records")}
    raw_values = {r["value_id"]: r for r in pkg.raw["claim_values"].to_dict("records")}
    cid, check = claim["claim_id"], _na(claim.get("check"))
    if claim.get("kind", "fact") != "fact":
        return Verdict(cid, NOT_CHECKABLE, reason=f"kind.{claim['kind']}", fields={"note": _na(claim.get("note")) or ""})
    if check not in CHECKS:
        raise ValueError(f"claim {cid}: unknown check '{check}'; allowed: {', '.join(CHECKS)}")
    tol = float(_na(claim.get("tolerance")) or 0.0)
    stated = raw_stated if raw_stated is not None else (None if _na(claim.get("stated_value")) is None
                                                        else repr(float(claim["stated_value"])))
    looked = _na(claim.get("looked_for")) or ""
    unit = _na(claim.get("unit")) or ""

    if check == "derived":
        formula = str(claim["formula"])
        for ref in REFERENCE.findall(formula):
            if ref not in values:
                return Verdict(cid, UNVERIFIED, reason="unverified", fields={"looked_for": _looked_for(looked)})
        try:
            inputs = {"{value:%s}" % ref: formula_input(ref, raw_values[ref]["value"]) for ref in REFERENCE.findall(formula)}
            computed = evaluate(formula, inputs)
        except FormulaError as err:   # one line naming the file, the row and the rule, not a bare arithmetic error
            rows = pkg["claims"].index[pkg["claims"]["claim_id"] == cid]
            raise DataError("claims.csv", "formula", f"claim {cid}: the formula {formula!r} {err}.",
                            line=int(rows[0]) + 2 if len(rows) else None,
                            fix="write it with numbers, {value:ID} of numeric rows of claim_values.csv, + - * / and "
                                "parentheses.") from None
        own = printed_interval(stated)
        rel = relations.overlap(own.low - tol, own.high + tol, computed.low, computed.high)
        shown = {"low_a": _shown(own.low - tol), "high_a": _shown(own.high + tol), "low_b": _shown(computed.low),
                 "high_b": _shown(computed.high)}
        fields = {"stated": _shown(float(claim["stated_value"])), **shown}
        if rel.key == "overlaps":
            return Verdict(cid, AGREES, source_low=computed.low, source_high=computed.high, difference=0.0,
                           reason="derived", fields=fields, words={"word": word(rel, "overlap", **shown)})
        diff = float(claim["stated_value"]) - computed.mid
        return Verdict(cid, DIFFERS, source_low=computed.low, source_high=computed.high, difference=diff,
                       reason="derived", fields=fields, words={"word": word(rel, "overlap", **shown)})

    value_id = _na(claim.get("value_id"))
    if value_id is None or value_id not in values:
        return Verdict(cid, UNVERIFIED, reason="unverified", fields={"looked_for": _looked_for(looked)})
    src = values[value_id]
    if check == "qualitative":
        text_ = str(src["value_text"])
        same = str(claim["stated_text"]).strip().lower() == text_.strip().lower()
        return Verdict(cid, AGREES if same else DIFFERS, source_text=text_, reason="qualitative." + ("same" if same else "other"),
                       fields={"stated_text": _body(pkg, str(claim["stated_text"])), "source_text": _body(pkg, text_)})
    v = float(src["value"])
    if check == "range":
        lo, hi = float(claim["stated_low"]), float(claim["stated_high"])
        rel = relations.position(v, lo, hi)
        shown = {"value": _shown(v), "low": _shown(lo), "high": _shown(hi)}
        diff = 0.0 if rel.key == "inside" else v - hi if rel.key == "above" else v - lo
        return Verdict(cid, AGREES if rel.key == "inside" else DIFFERS, source_value=v, difference=diff,
                       reason="range" if rel.key == "inside" else "range_out", words={"word": word(rel, "position", **shown)},
                       fields={**shown, "by": _shown(abs(diff)), "unit": _unit(unit, abs(diff))})
    if check == "bound":
        b, s = claim["bound"], float(claim["stated_value"])
        rel = relations.compare(v, s, decimals=9)
        ok = rel.key in BOUND_KEYS[b]
        shown = {"a": _shown(v), "b": _shown(s)}
        words = {"word": word(rel, "compare", **shown)}
        fields = {**shown, "bound": BOUND_SIGNS[b]}
        reason = "bound." + ("met" if ok else "broken")
        other = _na(claim.get("other_reading"))
        if other:   # the verdict under the other reading of the bound's phrase, said beside it
            reason, more_words, more_fields = _other_reading(reason, str(other), v)
            words.update(more_words)
            fields.update(more_fields)
        return Verdict(cid, AGREES if ok else DIFFERS, source_value=v, difference=0.0 if ok else v - s,
                       reason=reason, words=words, fields=fields)
    own = printed_interval(stated)
    s = float(claim["stated_value"])
    diff = s - v
    eps = 1e-12 * max(1.0, abs(v))
    rel = relations.position(v, own.low - tol - eps, own.high + tol + eps)
    shown = {"value": _shown(v), "low": _shown(own.low - tol), "high": _shown(own.high + tol)}
    fields = {**shown, "stated": _shown(s), "by": _shown(abs(diff)), "unit": _unit(unit, abs(diff))}
    if rel.key == "inside":
        return Verdict(cid, AGREES, source_value=v, difference=diff, reason="exact", fields=fields,
                       words={"word": word(rel, "position", **shown)})
    return Verdict(cid, DIFFERS, source_value=v, difference=diff, reason="exact_out", fields=fields,
                   words={"word": word(rel, "position", **shown)})


# A bound as people write it.
BOUND_SIGNS = {"<": "<", "<=": "≤", ">=": "≥", ">": ">"}
# The keys of relations.compare(source, bound) that satisfy each kind of bound the article states.
BOUND_KEYS = {"<": ("lower",), "<=": ("lower", "equal"), ">=": ("higher", "equal"), ">": ("higher",)}


def _other_reading(reason: str, reading: str, v: float):
    """The verdict under the other reading of a bound's phrase (column ``other_reading``: 'exact 2010' or
    'range 1990..1999'), as a relation of the same source value: the reason's variant that says it, its word
    and its fields."""
    from ..presentation import text
    from ..presentation.text import word
    from . import relations

    kind, _, arg = reading.partition(" ")
    if kind == "exact":
        year = float(arg)
        rel = relations.compare(v, year, decimals=9)
        diff = {lang: "" if rel.key == "equal" else text.t("other_difference", lang, difference=f"{year - v:+g}")
                for lang in text.LANGUAGES}
        return (reason + ".exact", {"other": word(rel, "other_exact", a=_shown(v), b=_shown(year))},
                {"year": _shown(year), "other_difference": diff})
    low, high = (float(x) for x in arg.split(".."))
    rel = relations.position(v, low, high)
    return (reason + ".range", {"other": word(rel, "other_range", value=_shown(v), low=_shown(low), high=_shown(high))},
            {"low": _shown(low), "high": _shown(high)})


LEDGER_COLUMNS = ["claim_id", "section", "paragraph", "notebook", "topic", "statement_en", "kind", "check", "stated",
                  "stated_value", "stated_margin", "stated_low", "stated_high", "bound", "stated_text", "unit",
                  "source_value", "source_text", "source_low", "source_high", "source_id", "verdict", "difference",
                  "explanation", "relations"]


def verdicts(pkg: DataPackage, claim_ids=None, sections=None, notebook: str | None = None, lang: str = "en") -> pd.DataFrame:
    """The ledger with a computed verdict per claim (optionally only some claims, sections or one notebook's);
    ``explanation`` says why in ``lang``, ``relations`` holds the records of the relations it states."""
    values = pkg["claim_values"].set_index("value_id")
    raw = pkg.raw["claims"].set_index("claim_id")["stated_value"]
    rows = []
    for claim in pkg["claims"].to_dict("records"):
        cid = claim["claim_id"]
        if (claim_ids and cid not in claim_ids) or (sections and claim["section"] not in sections) \
                or (notebook and claim["notebook"] != notebook):
            continue
        printed = raw.get(cid) or None
        v = verdict(claim, pkg, printed)
        src = None
        if v.verdict in (AGREES, DIFFERS):
            if _na(claim["value_id"]) is not None:
                src = values.loc[claim["value_id"], "source_id"]
            elif _na(claim["formula"]) is not None:
                src = ";".join(sorted({values.loc[r, "source_id"] for r in REFERENCE.findall(claim["formula"])}))
        margin = None
        if printed and claim["check"] in ("exact", "derived"):
            own = printed_interval(printed)
            margin = (own.high - own.low) / 2
        why = explain(v, lang)
        rows.append({"claim_id": cid, "section": claim["section"], "paragraph": claim["paragraph"],
                     "notebook": claim["notebook"], "topic": claim["topic"], "statement_en": claim["statement_en"],
                     "kind": claim["kind"], "check": claim["check"], "stated": stated_text(claim, printed),
                     "stated_value": claim["stated_value"], "stated_margin": margin, "stated_low": claim["stated_low"],
                     "stated_high": claim["stated_high"], "bound": claim["bound"], "stated_text": claim["stated_text"],
                     "unit": claim["unit"], "source_value": v.source_value, "source_text": v.source_text,
                     "source_low": v.source_low, "source_high": v.source_high, "source_id": src,
                     "verdict": v.verdict, "difference": v.difference, "explanation": str(why),
                     "relations": list(why.relations)})
    rows.sort(key=lambda r: section_key(r["section"]))   # the article's order (stable within a section)
    table = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
    for col in ("stated_value", "stated_margin", "stated_low", "stated_high", "source_value", "source_low",
                "source_high", "difference"):
        table[col] = pd.to_numeric(table[col], errors="raise").astype("Float64")
    table["paragraph"] = table["paragraph"].astype("Int64")
    return table


def counts(table: pd.DataFrame) -> dict[str, int]:
    c = table["verdict"].value_counts()
    unknown = set(c.index) - set(VERDICTS)
    if unknown:
        raise ValueError(f"unknown verdicts {sorted(unknown)}; a verdict is one of {VERDICTS}")
    return {v: int(c.get(v, 0)) for v in VERDICTS}


PAYLOAD_COLUMNS = ["claim_id", "section", "paragraph", "notebook", "kind", "check", "stated_value", "stated_low",
                   "stated_high", "bound", "stated_text", "source_value", "source_low", "source_high", "source_text",
                   "source_id", "verdict", "difference"]


def _json(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, float) and math.isfinite(v) and v.is_integer() and abs(v) < 1e15:
        return v
    return v.item() if hasattr(v, "item") else v


def results_payload(table: pd.DataFrame) -> dict:
    """The ledger for results/00_claims_ledger.json: typed fields only (numbers as numbers, no formatted intervals)."""
    records = [{c: _json(r[c]) for c in PAYLOAD_COLUMNS} for r in table.to_dict("records")]
    for r in records:
        for c in ("stated_value", "stated_low", "stated_high", "source_value", "source_low", "source_high", "difference"):
            r[c] = None if r[c] is None else float(r[c])
        r["paragraph"] = None if r["paragraph"] is None else int(r["paragraph"])
    return {"notebook": "00_claims_ledger", "verdicts": list(VERDICTS), "counts": counts(table), "claims": records,
            "relations": [r for rs in table["relations"] for r in rs]}


# ---------------------------------------------------------------------------------------------------------
# The ledger said to readers: its counts, its differences, the sections shown, its table.
# ---------------------------------------------------------------------------------------------------------
def section_key(section: str) -> tuple[int, ...]:
    """An article section ('5.10') as numbers, so that sections sort as the article orders them."""
    return tuple(int(part) for part in str(section).split(".") if part.isdigit())


def counts_sentence(c: dict[str, int], lang: str) -> str:
    """'42 claims: 16 agree with their source, 1 differs, ...': each verdict that some claim has, with its count,
    each in its number (all four, as zeros, when no claim is counted)."""
    from ..presentation import text

    shown = [v for v in VERDICTS if c.get(v, 0)] or list(VERDICTS)
    parts = [text.t_n(f"verdict_count.{v}", c.get(v, 0), lang) for v in shown]
    return text.t_n("verdict_counts", sum(c.values()), lang, items=text.join(parts, lang, clauses=True))


def verdict_list(c: dict[str, int], lang: str) -> str:
    """The verdicts that occur, with their counts: '3 unverified' / '3 条未核实'."""
    from ..presentation import text

    return text.join([text.t("verdict_n", lang, n=n, word=text.t(f"verdict.{v}", lang)) for v, n in c.items() if n], lang)


def figure_alt(table: pd.DataFrame, lang: str) -> str:
    """The verdict chart described in words: its title and the counts it draws."""
    from ..presentation import text

    return text.t("ledger_alt", lang, title=text.t("ledger_title", lang), counts=counts_sentence(counts(table), lang))


def scope_sentence(table: pd.DataFrame, selected: bool, lang: str) -> str:
    """Which sections of the article the ledger shows, in the article's order."""
    from ..presentation import text

    shown = text.join(sorted(dict.fromkeys(table["section"]), key=section_key), lang)
    return text.t("ledger_scope_some" if selected else "ledger_scope_all", lang, sections=shown)


def conclusion(table: pd.DataFrame, lang: str) -> list[str]:
    """Each difference with why, then what unverified and not checkable mean (when the table has any)."""
    from ..presentation import text

    lines = [text.say("differs_item", lang, claim_id=r.claim_id, explanation=r.explanation.rstrip("."))
             for r in table[table.verdict == DIFFERS].itertuples()]
    if (table.verdict == UNVERIFIED).any():
        lines.append(text.t("unverified_note", lang))
    if (table.verdict == NOT_CHECKABLE).any():
        lines.append(text.t("not_checkable_note", lang))
    return lines


def source_text(row) -> str:
    """What the source gives, from a ledger row: its text value, or its number, or the interval computed from its
    printed numbers (either form of the ledger: the table's rows or the results file's records)."""
    text_ = _na(getattr(row, "source_text", None))
    if text_ is not None:
        return str(text_)
    value = _na(getattr(row, "source_value", None))
    if value is not None:
        return _shown(value)
    low, high = _na(getattr(row, "source_low", None)), _na(getattr(row, "source_high", None))
    if low is None:
        return ""
    return _shown(low) if high is None or low == high else f"{_shown(low)}–{_shown(high)}"


def stated_for_people(row) -> str:
    """The article's value as a reader writes it: '750,000' for the printed '7.5e5', '1980–1989' for a span."""
    if row.check == "range":
        return f"{_shown(row.stated_low)}–{_shown(row.stated_high)}"
    if row.check == "bound":
        return f"{BOUND_SIGNS.get(row.bound, row.bound)} {_shown(row.stated_value)}"
    if _na(row.stated_value) is not None and row.check != "qualitative":
        return _shown(row.stated_value)
    return "" if _na(row.stated) is None else str(row.stated)


def for_people(table: pd.DataFrame, lang: str, columns: list[str]):
    """The ledger's rows as a table for people: the article's and the source's values as written, keys in words."""
    from ..presentation import tables

    shown = table.assign(stated=[stated_for_people(r) for r in table.itertuples()],
                         source=[source_text(r) for r in table.itertuples()])
    return tables.for_people(shown, lang, columns=columns,
                             formats={"check": "key:check", "verdict": "key:verdict", "unit": "key:unit_label",
                                      "kind": "key:claim_kind", "source_id": lambda s: s.replace(";", ", ")})


def drawn_from(pkg: DataPackage, table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The data-package rows a figure of the claims of ``table`` draws from: their rows of claims.csv (the
    article's values) and the rows of claim_values.csv they read, if any, directly or through their formulas (for
    :func:`compendium.presentation.plotting.figure_record`)."""
    rows = pkg["claims"][pkg["claims"]["claim_id"].isin(table["claim_id"])]
    ids = set(rows["value_id"].dropna())
    for formula in rows["formula"].dropna():
        ids |= set(REFERENCE.findall(formula))
    values = pkg["claim_values"][pkg["claim_values"]["value_id"].isin(ids)]
    return {"claims": rows, "claim_values": values} if len(values) else {"claims": rows}
