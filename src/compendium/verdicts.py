"""Verdicts: how a claim of the article compares with its source, decided by one rule.

A verdict is one of ``agrees``, ``differs`` (with the difference), ``unverified`` (a fact for which no source
value was found; ``looked_for`` in claims.csv says where it was sought) and ``not checkable`` (a target, an
opinion, a statement about the article itself). How a fact is compared is its ``check`` in claims.csv:

- ``exact``: the source value lies within the rounding of the article's number as printed (``7.5e5`` stands
  for 745,000 to 755,000, ``2014`` for 2013.5 to 2014.5);
- ``range``: the article gives a span (``1980``..``1989`` for "the 1980s"); the source value lies in it;
- ``bound``: the article gives a bound (``<`` for "fewer than", ``<=`` "up to", ``>=`` "since"); the source
  value satisfies it; ``other_reading`` names the verdict were the phrase read otherwise;
- ``derived``: the notebook computes an interval from printed source numbers (an :class:`Interval`, carrying
  each number's rounding); the claim agrees when the article's rounding interval overlaps it;
- ``qualitative``: the article's wording (``stated_text``) against the source's (``value_text``).

Every verdict keeps the :mod:`relations` result it was read from, so the sentence explaining it (written by
:mod:`compendium.ledger`) uses the same comparison.
"""
from __future__ import annotations

import dataclasses
import decimal
import math
from typing import Any, Mapping

import pandas as pd

from . import relations
from .printed import half_unit

AGREES, DIFFERS, UNVERIFIED, NOT_CHECKABLE = "agrees", "differs", "unverified", "not checkable"
VERDICTS = (AGREES, DIFFERS, UNVERIFIED, NOT_CHECKABLE)
BOUND_KEYS = {"<": ("lower",), "<=": ("lower", "equal"), ">=": ("higher", "equal"), ">": ("higher",)}


@dataclasses.dataclass(frozen=True)
class Interval:
    """A closed interval of numbers, with the arithmetic of intervals: each operation gives every value its
    operands' values can produce (exact for a formula that uses each printed number once)."""
    low: float
    high: float

    @classmethod
    def printed(cls, text: str) -> "Interval":
        """The interval a number printed as ``text`` stands for: '911e4' -> 9,105,000 to 9,115,000."""
        value, half = decimal.Decimal(str(text).strip()), decimal.Decimal(str(half_unit(text)))
        return cls(float(value - half), float(value + half))

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def _of(self, other) -> "Interval":
        return other if isinstance(other, Interval) else Interval(float(other), float(other))

    def _apply(self, other, op) -> "Interval":
        other = self._of(other)
        ends = [op(a, b) for a in (self.low, self.high) for b in (other.low, other.high)]
        return Interval(min(ends), max(ends))

    def __add__(self, other):
        return self._apply(other, lambda a, b: a + b)

    def __sub__(self, other):
        return self._apply(other, lambda a, b: a - b)

    def __mul__(self, other):
        return self._apply(other, lambda a, b: a * b)

    def __truediv__(self, other):
        other = self._of(other)
        if other.low <= 0 <= other.high:
            raise ZeroDivisionError(f"dividing by an interval that holds zero: {other}")
        return self._apply(other, lambda a, b: a / b)

    def __radd__(self, other):
        return self._of(other) + self

    def __rmul__(self, other):
        return self * other


@dataclasses.dataclass(frozen=True)
class Verdict:
    """A claim's verdict and the typed values it compared (None where a field does not apply)."""
    claim_id: str
    verdict: str
    reason: str                        # which explanation applies: 'exact', 'range', 'bound', 'derived', ...
    relation: dict | None = None       # the relations.Relation record the verdict was read from
    other: dict | None = None          # a bound's verdict under the other reading of its phrase
    source_value: float | None = None
    source_low: float | None = None    # a derived source value: the interval its printed inputs allow
    source_high: float | None = None
    source_text: str | None = None
    source_ids: tuple[str, ...] = ()
    difference: float | None = None    # stated - source (exact), distance to a span, or source - bound

    def record(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"source_ids": list(self.source_ids)}


def _given(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and str(x) not in ("<NA>", "nan", "")


def check(claim: Mapping, value: Mapping | None, printed: str | None = None) -> Verdict:
    """The verdict of a claim (a row of claims.csv) against its source value (the row of claim_values.csv its
    ``value_id`` names, or None when no value was found); ``printed``: the article's number as written in
    claims.csv (its precision)."""
    cid, kind = claim["claim_id"], claim["kind"]
    if kind != "fact":
        return Verdict(cid, NOT_CHECKABLE, f"kind.{kind}")
    if value is None:
        return Verdict(cid, UNVERIFIED, "unverified")
    ids = (str(value["source_id"]),)
    if claim["check"] == "qualitative":
        same = str(claim["stated_text"]).strip().lower() == str(value["value_text"]).strip().lower()
        return Verdict(cid, AGREES if same else DIFFERS, "qualitative", source_text=str(value["value_text"]),
                       source_ids=ids)
    v = float(value["value"])
    if claim["check"] == "range":
        low, high = float(claim["stated_low"]), float(claim["stated_high"])
        rel = relations.position(v, low, high)
        diff = {"inside": 0.0, "above": v - high, "below": v - low}[rel.key]
        return Verdict(cid, AGREES if rel.key == "inside" else DIFFERS, "range", rel.record(), source_value=v,
                       source_ids=ids, difference=diff)
    stated = float(claim["stated_value"])
    if claim["check"] == "bound":
        rel = relations.compare(v, stated, decimals=9)
        ok = rel.key in BOUND_KEYS[claim["bound"]]
        return Verdict(cid, AGREES if ok else DIFFERS, "bound", rel.record(), _other(claim.get("other_reading"), v),
                       source_value=v, source_ids=ids, difference=0.0 if ok else v - stated)
    if claim["check"] != "exact":
        raise ValueError(f"claim {cid}: check '{claim['check']}' is not one of exact, range, bound, qualitative "
                         "(a derived claim is checked with verdicts.derived)")
    own = Interval.printed(printed or repr(stated))
    rel = relations.position(v, own.low, own.high)
    return Verdict(cid, AGREES if rel.key == "inside" else DIFFERS, "exact", rel.record(), source_value=v,
                   source_ids=ids, difference=stated - v)


def _other(reading, v: float) -> dict | None:
    """The relation under the other reading of a bound's phrase ('exact 2010' or 'range 1990..1999')."""
    if not _given(reading):
        return None
    kind, _, arg = str(reading).partition(" ")
    if kind == "exact":
        return relations.compare(v, float(arg), decimals=9).record()
    low, high = (float(x) for x in arg.split(".."))
    return relations.position(v, low, high).record()


def derived(claim: Mapping, printed: str, computed: Interval, source_ids) -> Verdict:
    """The verdict of a claim whose source value its notebook computed, as an interval, from printed numbers
    (``source_ids``: the sources of those numbers): it agrees when the rounding interval of the article's
    number as printed overlaps the computed one."""
    own = Interval.printed(printed)
    rel = relations.overlap(own.low, own.high, computed.low, computed.high)
    agrees = rel.key == "overlaps"
    return Verdict(claim["claim_id"], AGREES if agrees else DIFFERS, "derived", rel.record(),
                   source_low=computed.low, source_high=computed.high, source_ids=tuple(sorted(set(source_ids))),
                   difference=0.0 if agrees else float(claim["stated_value"]) - computed.mid)


def counts(verdicts) -> dict[str, int]:
    """How many verdicts of each kind, every kind listed (zeros too)."""
    found = [v.verdict if isinstance(v, Verdict) else v for v in verdicts]
    unknown = set(found) - set(VERDICTS)
    if unknown:
        raise ValueError(f"unknown verdicts {sorted(unknown)}; a verdict is one of {', '.join(VERDICTS)}")
    return {v: found.count(v) for v in VERDICTS}


def check_all(claims, values, printed) -> pd.DataFrame:
    """:func:`check` for each claim (rows of claims.csv) against the row of ``values`` (claim_values.csv, indexed
    by value_id) its value_id names; ``printed``: the article's numbers as written, by claim id. One verdict
    record per claim, in the claims' order."""
    rows = []
    for claim in claims.to_dict("records"):
        value = values.loc[claim["value_id"]] if _given(claim["value_id"]) and claim["value_id"] in values.index else None
        rows.append(check(claim, value, printed.get(claim["claim_id"])).record())
    return pd.DataFrame(rows, columns=[f.name for f in dataclasses.fields(Verdict)])
