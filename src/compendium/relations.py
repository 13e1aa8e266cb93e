"""Relations between numbers, computed once: the word a sentence uses ("inside", "overlaps", "rose", "in every
year") is the key one of these functions returns for the numbers the sentence shows, never a word chosen
beside them. A :class:`Relation` keeps the numbers it was computed from, so a test can compute it again from a
notebook's results file.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any


@dataclasses.dataclass(frozen=True)
class Relation:
    kind: str                 # the function that computed it
    key: str                  # its answer: 'inside', 'rose', 'all', ...
    values: dict[str, Any]    # the arguments it was computed from

    def record(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "values": dict(self.values)}


def _number(x: Any, name: str) -> float:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        raise ValueError(f"a relation needs a number for '{name}', got {x!r}")
    return float(x)


def position(value: float, low: float, high: float) -> Relation:
    """Where a point lies against a closed interval: 'below', 'inside' or 'above'."""
    v, lo, hi = _number(value, "value"), _number(low, "low"), _number(high, "high")
    if lo > hi:
        raise ValueError(f"interval bounds reversed: {lo} > {hi}")
    return Relation("position", "below" if v < lo else "above" if v > hi else "inside",
                    {"value": v, "low": lo, "high": hi})


def overlap(low_a: float, high_a: float, low_b: float, high_b: float) -> Relation:
    """Whether two closed intervals share a point: 'overlaps' or 'apart'."""
    a0, a1, b0, b1 = (_number(x, n) for x, n in ((low_a, "low_a"), (high_a, "high_a"), (low_b, "low_b"), (high_b, "high_b")))
    return Relation("overlap", "overlaps" if max(a0, b0) <= min(a1, b1) else "apart",
                    {"low_a": a0, "high_a": a1, "low_b": b0, "high_b": b1})


def direction(first: float, last: float, decimals: int = 1) -> Relation:
    """'rose', 'fell' or 'same', comparing two values as printed (rounded to ``decimals``)."""
    a, b = round(_number(first, "first"), decimals), round(_number(last, "last"), decimals)
    return Relation("direction", "rose" if b > a else "fell" if b < a else "same",
                    {"first": float(first), "last": float(last), "decimals": decimals})


def compare(a: float, b: float, decimals: int = 1) -> Relation:
    """'higher', 'lower' or 'equal': ``a`` against ``b``, as printed (rounded to ``decimals``)."""
    x, y = round(_number(a, "a"), decimals), round(_number(b, "b"), decimals)
    return Relation("compare", "higher" if x > y else "lower" if x < y else "equal",
                    {"a": float(a), "b": float(b), "decimals": decimals})


def share(k: int, n: int) -> Relation:
    """How many of ``n`` cases hold: 'all', 'some' or 'none' ("in every year", "in 2 of 6 years", "in no year")."""
    k, n = int(k), int(n)
    if not 0 <= k <= n:
        raise ValueError(f"share needs 0 <= k <= n, got {k} of {n}")
    return Relation("share", "none" if k == 0 else "all" if k == n else "some", {"k": k, "n": n})
