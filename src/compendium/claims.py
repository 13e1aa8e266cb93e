"""The claims ledger: each quantitative statement of the article, checked against its source by code.

``data/claims.csv`` registers the claims (our paraphrase, the stated value as printed, the kind of check);
``data/claim_values.csv`` holds the values read in sources. :func:`verdicts` computes, never types, one of

- ``agrees``: the source gives the stated value (exactly, or within the stated value's rounding);
- ``differs``: the source gives another value; the verdict carries the difference (stated - source);
- ``unverified``: no source value was found; the claim's note says what was looked for.

Checks (column ``check``):
- ``exact``: |stated - source| <= tolerance (default 0);
- ``rounding``: the source value rounds to the stated one: |stated - source| <= half a unit of the stated
  value's last printed digit (plus tolerance);
- ``derived``: the source value is computed from source values by ``formula`` (e.g. a 2020 count from the 2021
  count and its printed growth); intervals carry every printed number's rounding, and the claim agrees if the
  stated value's rounding interval overlaps the computed interval;
- ``arithmetic``: the same, but the formula is over other claims' stated values: the article's own sums;
- ``qualitative``: the stated text equals the source's text (a categorical value such as ``none``);
- ``range``: the article states a span ('the 1980s', written ``1980..1989``); the source value must lie in it,
  and a difference is the distance to the nearer end.
Formulas name inputs as ``{value:ID}`` (a row of claim_values.csv) or ``{claim:ID}`` (a claim's stated value).
"""
from __future__ import annotations

import ast
import dataclasses
import decimal
import itertools
import re

import pandas as pd

from .data import DataPackage

AGREES, DIFFERS, UNVERIFIED = "agrees", "differs", "unverified"
VERDICTS = (AGREES, DIFFERS, UNVERIFIED)
CHECKS = ("exact", "rounding", "derived", "arithmetic", "qualitative", "range")
_REF = re.compile(r"\{(value|claim):([A-Za-z0-9_\-]+)\}")


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
    """A printed number: '6.93e6', '20.09', '1e6', '-7.3', '750000'."""
    return float(decimal.Decimal(str(text).strip()))


def printed_interval(text: str) -> Interval:
    """The interval a printed number stands for: '6.93e6' -> [6.925e6, 6.935e6]; '12' -> [11.5, 12.5]."""
    d = decimal.Decimal(str(text).strip())
    half = decimal.Decimal(5) * decimal.Decimal(10) ** (d.as_tuple().exponent - 1)
    return Interval(float(d - half), float(d + half))


def evaluate(formula: str, inputs: dict[str, Interval]) -> Interval:
    """Evaluate ``formula`` over intervals at every corner (exact for expressions monotone in each input)."""
    names = sorted(set(m.group(0) for m in _REF.finditer(formula)))
    missing = [n for n in names if n not in inputs]
    if missing:
        raise KeyError(f"formula {formula!r} needs {missing}")
    expr = formula
    for k, n in enumerate(names):
        expr = expr.replace(n, f"_x{k}")
    tree = ast.parse(expr, mode="eval")
    values = [_arith(tree.body, {f"_x{k}": v for k, v in enumerate(corner)})
              for corner in itertools.product(*[(inputs[n].low, inputs[n].high) for n in names])]
    return Interval(min(values), max(values))


_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b}


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
    raise ValueError(f"a claims formula may use only numbers, {{value:ID}}, {{claim:ID}}, + - * / and parentheses; "
                     f"found {ast.dump(node)[:60]}")


@dataclasses.dataclass(frozen=True)
class Verdict:
    claim_id: str
    verdict: str
    stated: str
    source: str | None
    difference: float | None
    explanation: str


def _value_rows(pkg: DataPackage) -> dict[str, dict]:
    return {r["value_id"]: r for r in pkg["claim_values"].to_dict("records")}


def verdict(claim: dict, pkg: DataPackage) -> Verdict:
    values = _value_rows(pkg)
    claims = {r["claim_id"]: r for r in pkg["claims"].to_dict("records")}
    cid, check, stated = claim["claim_id"], claim["check"], str(claim["stated_value"])
    tol = 0.0 if pd.isna(claim["tolerance"]) else float(claim["tolerance"])
    formula = None if pd.isna(claim["formula"]) else str(claim["formula"])
    value_id = None if pd.isna(claim["value_id"]) else str(claim["value_id"])
    if check not in CHECKS:
        raise ValueError(f"claim {cid}: unknown check '{check}'; allowed: {', '.join(CHECKS)}")

    if check in ("derived", "arithmetic"):
        if not formula:
            raise ValueError(f"claim {cid}: check '{check}' needs a formula")
        inputs = {}
        for kind, ref in _REF.findall(formula):
            key = "{%s:%s}" % (kind, ref)
            if kind == "value":
                if ref not in values:
                    return Verdict(cid, UNVERIFIED, stated, None, None, f"source value '{ref}' not found; {claim['note'] or ''}".strip())
                inputs[key] = printed_interval(values[ref]["value"])
            else:
                inputs[key] = printed_interval(claims[ref]["stated_value"])
        computed = evaluate(formula, inputs)
        own = printed_interval(stated)
        source_text = f"{computed.low:.6g} to {computed.high:.6g}"
        if own.overlaps(computed, tol):
            return Verdict(cid, AGREES, stated, source_text, 0.0,
                           f"stated {stated} (range {own.low:.6g}-{own.high:.6g}) overlaps {source_text} computed from {formula}")
        diff = parse_number(stated) - computed.mid
        return Verdict(cid, DIFFERS, stated, source_text, diff,
                       f"stated {stated} lies outside {source_text} computed from {formula} (difference {diff:+.4g})")

    if value_id is None or value_id not in values:
        return Verdict(cid, UNVERIFIED, stated, None, None, str(claim["note"] or "no source value found"))
    src = values[value_id]
    source_text = str(src["value"])
    if check == "qualitative":
        same = stated.strip().lower() == source_text.strip().lower()
        return Verdict(cid, AGREES if same else DIFFERS, stated, source_text, None,
                       f"stated '{stated}', source '{source_text}'")
    if check == "range":
        lo, hi = (parse_number(x) for x in stated.split(".."))
        v = parse_number(source_text)
        if lo <= v <= hi:
            return Verdict(cid, AGREES, stated, source_text, 0.0, f"source {source_text} lies in {lo:g}-{hi:g}")
        diff = v - hi if v > hi else v - lo
        return Verdict(cid, DIFFERS, stated, source_text, diff,
                       f"source {source_text} lies outside {lo:g}-{hi:g} by {diff:+g} {claim['unit'] or ''}".strip())
    s, v = parse_number(stated), parse_number(source_text)
    allowed = tol + (printed_interval(stated).high - s if check == "rounding" else 0.0)
    diff = s - v
    if abs(diff) <= allowed + 1e-12 * max(1.0, abs(v)):
        return Verdict(cid, AGREES, stated, source_text, diff, f"stated {stated}, source {source_text} (allowed ±{allowed:.6g})")
    return Verdict(cid, DIFFERS, stated, source_text, diff,
                   f"stated {stated}, source {source_text}: difference {diff:+.6g} {claim['unit'] or ''} (allowed ±{allowed:.6g})".strip())


def verdicts(pkg: DataPackage, claim_ids=None, sections=None) -> pd.DataFrame:
    """The ledger with a computed verdict per claim."""
    rows = []
    for claim in pkg["claims"].to_dict("records"):
        if claim_ids and claim["claim_id"] not in claim_ids:
            continue
        if sections and claim["section"] not in sections:
            continue
        v = verdict(claim, pkg)
        src = None
        if v.verdict != UNVERIFIED and not pd.isna(claim["value_id"]):
            src = _value_rows(pkg)[claim["value_id"]]["source_id"]
        rows.append({"claim_id": v.claim_id, "section": claim["section"], "topic": claim["topic"],
                     "statement_en": claim["statement_en"], "stated": v.stated, "unit": claim["unit"],
                     "check": claim["check"], "source_value": v.source, "source_id": src,
                     "verdict": v.verdict, "difference": v.difference, "explanation": v.explanation})
    return pd.DataFrame(rows)


def counts(table: pd.DataFrame) -> dict[str, int]:
    c = table["verdict"].value_counts()
    return {v: int(c.get(v, 0)) for v in VERDICTS}


def select_sections(pkg: DataPackage, sections) -> list[str] | None:
    """Ledger sections matching a 'sections' parameter ('all' or top-level numbers such as ['3', '5'])."""
    if sections in ("all", ["all"], None):
        return None
    wanted = [str(s) for s in (sections if isinstance(sections, (list, tuple)) else str(sections).split(","))]
    return [s for s in pkg["claims"]["section"].unique() if s.split(".")[0] in wanted]


def summary(table: pd.DataFrame) -> str:
    c = counts(table)
    lines = [f"{len(table)} claims registered: {c[AGREES]} agree with their source, {c[DIFFERS]} differ, "
             f"{c[UNVERIFIED]} are unverified."]
    for r in table[table.verdict == DIFFERS].itertuples():
        lines.append(f"Differs: {r.claim_id}: {r.explanation}.")
    lines.append("Unverified claims are not shown wrong: no source value was found for them.")
    return "\n".join(lines)


def results_payload(table: pd.DataFrame) -> dict:
    cols = ["claim_id", "section", "check", "stated", "source_value", "source_id", "verdict", "difference"]
    return {"notebook": "00_claims_ledger", "counts": counts(table),
            "claims": table[cols].astype(object).where(table[cols].notna(), None).to_dict("records")}
