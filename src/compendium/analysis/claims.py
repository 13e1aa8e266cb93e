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
BOUNDS = {"<": operator.lt, "<=": operator.le, ">=": operator.ge, ">": operator.gt}
_REF = re.compile(r"\{value:([A-Za-z0-9_\-]+)\}")


@dataclasses.dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def overlaps(self, other: "Interval", slack: float = 0.0) -> bool:
        return self.low <= other.high + slack and other.low <= self.high + slack


def parse_number(text: str) -> float:
    """A number in plain notation: '6.93e6', '20.09', '1e6', '-7.3', '750000'."""
    return float(decimal.Decimal(str(text).strip()))


def printed_interval(text: str) -> Interval:
    """The interval a printed number stands for: '6.93e6' -> [6.925e6, 6.935e6]; '12' -> [11.5, 12.5]."""
    d = decimal.Decimal(str(text).strip())
    half = decimal.Decimal(5) * decimal.Decimal(10) ** (d.as_tuple().exponent - 1)
    return Interval(float(d - half), float(d + half))


class FormulaError(ValueError):
    """A ledger formula that cannot be evaluated; the message says why, to follow 'formula ... '."""


def evaluate(formula: str, inputs: dict[str, Interval]) -> Interval:
    """Evaluate ``formula`` over intervals at every corner (exact for expressions monotone in each input)."""
    names = sorted(set(m.group(0) for m in _REF.finditer(formula)))
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
    """A claim's computed verdict and the typed values it compared (None where a field does not apply)."""
    claim_id: str
    verdict: str
    source_value: float | None = None    # a number read in the source
    source_text: str | None = None       # a qualitative source, summarised
    source_low: float | None = None      # a derived source value: the interval its printed inputs allow
    source_high: float | None = None
    difference: float | None = None      # stated - source (exact, derived), distance to the span (range) or bound
    explanation: str = ""


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


def verdict(claim: dict, pkg: DataPackage, raw_stated: str | None = None) -> Verdict:
    """The verdict of one claim (a row of claims.csv as a dict); ``raw_stated`` is stated_value as printed."""
    values = {r["value_id"]: r for r in pkg["claim_values"].to_dict("records")}
    raw_values = {r["value_id"]: r for r in pkg.raw["claim_values"].to_dict("records")}
    cid, check = claim["claim_id"], _na(claim.get("check"))
    if claim.get("kind", "fact") != "fact":
        return Verdict(cid, NOT_CHECKABLE, explanation=f"{claim['kind'].replace('_', ' ')}: {claim.get('note') or ''}".strip())
    if check not in CHECKS:
        raise ValueError(f"claim {cid}: unknown check '{check}'; allowed: {', '.join(CHECKS)}")
    tol = float(_na(claim.get("tolerance")) or 0.0)
    stated = raw_stated if raw_stated is not None else (None if _na(claim.get("stated_value")) is None
                                                        else repr(float(claim["stated_value"])))
    looked = _na(claim.get("looked_for")) or "no source value found"

    if check == "derived":
        formula = str(claim["formula"])
        for ref in _REF.findall(formula):
            if ref not in values:
                return Verdict(cid, UNVERIFIED, explanation=f"source value '{ref}' not found; {looked}")
        try:
            inputs = {"{value:%s}" % ref: formula_input(ref, raw_values[ref]["value"]) for ref in _REF.findall(formula)}
            computed = evaluate(formula, inputs)
        except FormulaError as err:   # one line naming the file, the row and the rule, not a bare arithmetic error
            rows = pkg["claims"].index[pkg["claims"]["claim_id"] == cid]
            raise DataError("claims.csv", "formula", f"claim {cid}: the formula {formula!r} {err}.",
                            line=int(rows[0]) + 2 if len(rows) else None,
                            fix="write it with numbers, {value:ID} of numeric rows of claim_values.csv, + - * / and "
                                "parentheses.") from None
        own = printed_interval(stated)
        if own.overlaps(computed, tol):
            return Verdict(cid, AGREES, source_low=computed.low, source_high=computed.high, difference=0.0,
                           explanation=f"the stated {stated} (rounding {own.low:.6g}-{own.high:.6g}) overlaps the "
                                       f"interval {computed.low:.6g}-{computed.high:.6g} computed from the sources")
        diff = float(claim["stated_value"]) - computed.mid
        return Verdict(cid, DIFFERS, source_low=computed.low, source_high=computed.high, difference=diff,
                       explanation=f"the stated {stated} lies outside {computed.low:.6g}-{computed.high:.6g} computed "
                                   f"from the sources (difference {diff:+.4g})")

    value_id = _na(claim.get("value_id"))
    if value_id is None or value_id not in values:
        return Verdict(cid, UNVERIFIED, explanation=looked)
    src = values[value_id]
    unit = _na(claim.get("unit")) or ""
    if check == "qualitative":
        text = str(src["value_text"])
        same = str(claim["stated_text"]).strip().lower() == text.strip().lower()
        return Verdict(cid, AGREES if same else DIFFERS, source_text=text,
                       explanation=f"the article: '{claim['stated_text']}'; the source: '{text}'")
    v = float(src["value"])
    if check == "range":
        lo, hi = float(claim["stated_low"]), float(claim["stated_high"])
        if lo <= v <= hi:
            return Verdict(cid, AGREES, source_value=v, difference=0.0, explanation=f"the source's {v:g} lies in {lo:g}-{hi:g}")
        diff = v - hi if v > hi else v - lo
        return Verdict(cid, DIFFERS, source_value=v, difference=diff,
                       explanation=f"the source's {v:g} lies outside {lo:g}-{hi:g} by {diff:+g} {unit}".strip())
    if check == "bound":
        b, s = claim["bound"], float(claim["stated_value"])
        ok = BOUNDS[b](v, s)
        other = _other_reading(_na(claim.get("other_reading")), v)
        return Verdict(cid, AGREES if ok else DIFFERS, source_value=v, difference=0.0 if ok else v - s,
                       explanation=f"the source's {v:g} {'satisfies' if ok else 'breaks'} the bound {b} {s:g} {unit}".strip()
                       + other)
    own = printed_interval(stated)
    s = float(claim["stated_value"])
    diff = s - v
    if own.low - tol - 1e-12 * max(1.0, abs(v)) <= v <= own.high + tol + 1e-12 * max(1.0, abs(v)):
        return Verdict(cid, AGREES, source_value=v, difference=diff,
                       explanation=f"the source's {v:g} lies within the printed precision of {stated} ({own.low:g}-{own.high:g})")
    return Verdict(cid, DIFFERS, source_value=v, difference=diff,
                   explanation=f"stated {stated}, source {v:g}: difference {diff:+.6g} {unit}".strip())


def _other_reading(reading, v: float) -> str:
    """The verdict under the other reading of a bound's phrase (column ``other_reading``): 'exact 2010', 'range 1990..1999'."""
    if not reading:
        return ""
    kind, _, arg = str(reading).partition(" ")
    if kind == "exact":
        ok = v == float(arg)
        return f"; read instead as the year {arg} exactly: {AGREES if ok else DIFFERS}" + ("" if ok else f" (difference {float(arg) - v:+g})")
    lo, hi = (float(x) for x in arg.split(".."))
    ok = lo <= v <= hi
    return f"; read instead as the span {lo:g}-{hi:g}: {AGREES if ok else DIFFERS}"


LEDGER_COLUMNS = ["claim_id", "section", "paragraph", "notebook", "topic", "statement_en", "kind", "check", "stated",
                  "stated_value", "stated_margin", "stated_low", "stated_high", "bound", "stated_text", "unit",
                  "source_value", "source_text", "source_low", "source_high", "source_id", "verdict", "difference",
                  "explanation"]


def verdicts(pkg: DataPackage, claim_ids=None, sections=None, notebook: str | None = None) -> pd.DataFrame:
    """The ledger with a computed verdict per claim (optionally only some claims, sections or one notebook's)."""
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
                src = ";".join(sorted({values.loc[r, "source_id"] for r in _REF.findall(claim["formula"])}))
        margin = None
        if printed and claim["check"] in ("exact", "derived"):
            own = printed_interval(printed)
            margin = (own.high - own.low) / 2
        rows.append({"claim_id": cid, "section": claim["section"], "paragraph": claim["paragraph"],
                     "notebook": claim["notebook"], "topic": claim["topic"], "statement_en": claim["statement_en"],
                     "kind": claim["kind"], "check": claim["check"], "stated": stated_text(claim, printed),
                     "stated_value": claim["stated_value"], "stated_margin": margin, "stated_low": claim["stated_low"],
                     "stated_high": claim["stated_high"], "bound": claim["bound"], "stated_text": claim["stated_text"],
                     "unit": claim["unit"], "source_value": v.source_value, "source_text": v.source_text,
                     "source_low": v.source_low, "source_high": v.source_high, "source_id": src,
                     "verdict": v.verdict, "difference": v.difference, "explanation": v.explanation})
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


def select_sections(pkg: DataPackage, sections) -> list[str] | None:
    """Ledger sections matching a 'sections' parameter ('all' or top-level numbers such as ['3', '5'])."""
    if sections in ("all", ["all"], None):
        return None
    wanted = [str(s) for s in (sections if isinstance(sections, (list, tuple)) else str(sections).split(","))]
    return [s for s in pkg["claims"]["section"].unique() if s.split(".")[0] in wanted]


def notebook_claims(pkg: DataPackage) -> dict[str, list[str]]:
    """Which claims each notebook shows, from the one column that says so (claims.csv ``notebook``)."""
    out: dict[str, list[str]] = {}
    for cid, nb in zip(pkg["claims"]["claim_id"], pkg["claims"]["notebook"]):
        out.setdefault(str(nb), []).append(str(cid))
    return out


def summary(table: pd.DataFrame) -> str:
    c = counts(table)
    lines = [f"{len(table)} claims registered: {c[AGREES]} agree with their source, {c[DIFFERS]} differ, "
             f"{c[UNVERIFIED]} are unverified and {c[NOT_CHECKABLE]} are not checkable."]
    for r in table[table.verdict == DIFFERS].itertuples():
        lines.append(f"Differs: {r.claim_id}: {r.explanation}.")
    lines.append("Unverified claims are not shown wrong: no source value was found where we looked (each says where). "
                 "Not checkable claims are targets, opinions or statements about the article itself.")
    return "\n".join(lines)


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
    return {"notebook": "00_claims_ledger", "verdicts": list(VERDICTS), "counts": counts(table), "claims": records}



def drawn_from(pkg: DataPackage, table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The data-package rows a figure of the claims of ``table`` draws from: their rows of claims.csv (the
    article's values) and the rows of claim_values.csv they read, if any, directly or through their formulas (for
    :func:`compendium.presentation.plotting.figure_record`)."""
    rows = pkg["claims"][pkg["claims"]["claim_id"].isin(table["claim_id"])]
    ids = set(rows["value_id"].dropna())
    for formula in rows["formula"].dropna():
        ids |= set(_REF.findall(formula))
    values = pkg["claim_values"][pkg["claim_values"]["value_id"].isin(ids)]
    return {"claims": rows, "claim_values": values} if len(values) else {"claims": rows}
