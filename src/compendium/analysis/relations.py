"""Relations between numbers, computed once: the word a sentence uses ("inside", "overlaps", "rose", "in every
year") is the value one of these functions returns for the same numbers the sentence shows, never a word
chosen beside them.

Each function returns a :class:`Relation`: the relation's key (a word of :data:`KEYS`, which the text table
translates as ``relation.<key>``), and the numbers it was computed from, so a test can compute it again from
the values a notebook wrote to its results file (:func:`recompute`).
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any

KEYS = ("inside", "below", "above", "overlaps", "apart", "rose", "fell", "same", "all", "some", "none",
        "agrees", "differs", "equal", "higher", "lower")


@dataclasses.dataclass(frozen=True)
class Relation:
    """``kind`` names the function that computed ``key`` from ``values`` (typed numbers, no text)."""

    kind: str
    key: str
    values: dict[str, Any]

    def record(self) -> dict[str, Any]:
        """As written to a results file: what :func:`recompute` reads back."""
        return {"kind": self.kind, "key": self.key, "values": dict(self.values)}


def _number(x: Any, name: str) -> float:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        raise ValueError(f"relation needs a number for '{name}', got {x!r}")
    return float(x)


def position(value: float, low: float, high: float) -> Relation:
    """Where a point lies against a closed interval: 'inside', 'below' or 'above'."""
    v, lo, hi = _number(value, "value"), _number(low, "low"), _number(high, "high")
    if lo > hi:
        raise ValueError(f"interval bounds reversed: {lo} > {hi}")
    key = "below" if v < lo else "above" if v > hi else "inside"
    return Relation("position", key, {"value": v, "low": lo, "high": hi})


def overlap(low_a: float, high_a: float, low_b: float, high_b: float) -> Relation:
    """Whether two closed intervals share a point: 'overlaps' or 'apart'."""
    a0, a1 = _number(low_a, "low_a"), _number(high_a, "high_a")
    b0, b1 = _number(low_b, "low_b"), _number(high_b, "high_b")
    key = "overlaps" if max(a0, b0) <= min(a1, b1) else "apart"
    return Relation("overlap", key, {"low_a": a0, "high_a": a1, "low_b": b0, "high_b": b1})


def direction(first: float, last: float, decimals: int = 1) -> Relation:
    """'rose', 'fell' or 'same', comparing the two values as printed (rounded to ``decimals``)."""
    a, b = round(_number(first, "first"), decimals), round(_number(last, "last"), decimals)
    key = "rose" if b > a else "fell" if b < a else "same"
    return Relation("direction", key, {"first": float(first), "last": float(last), "decimals": decimals})


def compare(a: float, b: float, decimals: int = 1) -> Relation:
    """'higher', 'lower' or 'equal': ``a`` against ``b``, as printed (rounded to ``decimals``)."""
    x, y = round(_number(a, "a"), decimals), round(_number(b, "b"), decimals)
    key = "higher" if x > y else "lower" if x < y else "equal"
    return Relation("compare", key, {"a": float(a), "b": float(b), "decimals": decimals})


def share(k: int, n: int) -> Relation:
    """How many of ``n`` cases hold: 'all', 'some' or 'none' ("in every year", "in 2 of 6 years", "in no year")."""
    k, n = int(k), int(n)
    if not 0 <= k <= n:
        raise ValueError(f"share needs 0 <= k <= n, got {k} of {n}")
    key = "none" if k == 0 else "all" if k == n else "some"
    return Relation("share", key, {"k": k, "n": n})


_FUNCTIONS = {"position": position, "overlap": overlap, "direction": direction, "compare": compare, "share": share}


def recompute(record: dict[str, Any]) -> str:
    """The key a relation record's values give, computed again (for tests: a record whose ``key`` differs from
    this was written by code that chose its word beside the comparison)."""
    return _FUNCTIONS[record["kind"]](**record["values"]).key


@dataclasses.dataclass
class Sentences:
    """Generated sentences and the relations they state. :meth:`say` adds a sentence with, for each relation
    it states, an id and the text key of the word it uses; :attr:`relations` is what a notebook writes to its
    results file (key ``relations``), so a test can compute each relation again and check its sentence."""

    lines: list[str] = dataclasses.field(default_factory=list)
    relations: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def say(self, sentence: str, *stated: tuple[str, Relation, str]) -> None:
        self.lines.append(sentence)
        for id_, relation, word in stated:
            self.relations.append({"id": id_, **relation.record(), "word": word, "sentence": sentence})
