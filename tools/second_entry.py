"""The second entry (double data entry) compared with data/: the entries the clerks returned, read with the forms'
keys mapped to today's data model, and the one comparison rule, used by tools/restate_second_entry.py and
tests/test_second_entry.py alike."""
import csv
import decimal
import json
import math
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from compendium import printed  # noqa: E402

HERE = ROOT / "verification" / "second_entry"
GROUPS = ("aqsiq", "samr", "claims", "article")
RELEASES = {"": ("annual", ""), "batch4": ("batch", "4"), "batch1": ("batch", "1"), "h1": ("half_year", "1")}
WHO = {"first", "second", "both", "neither", "gap", "dropped", "later_edit"}


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def entries():
    rows = []
    for g in GROUPS:
        rows += [r | {"group": g} for r in _read(HERE / f"filled_{g}.csv")]
    return rows


def resolutions():
    return {r["entry_id"]: r for r in _read(HERE / "resolutions.csv")}


def pending():
    return {r["entry_id"]: r for r in _read(HERE / "pending.csv")}


def form_id(table: str, key: str, field: str) -> str:
    """The forms' entry id of a cell of today's data model (the inverse of :func:`current_key`)."""
    parts = key.split("|")
    if table in ("spot_checks", "spot_check_breakdowns"):
        year, release, no, *rest = parts
        period = year + {"annual": "", "batch": f"-batch{no}", "half_year": f"-h{no}"}[release]
        parts = [period, *rest]
    return "|".join([table, *parts, field])


def current_key(entry_id: str) -> tuple[str, str, str]:
    """(table, row key of today's data model, field) of an entry; the forms used ``period`` (2015-batch4)."""
    parts = entry_id.split("|")
    table, field = parts[0], parts[-1]
    key = parts[1:-1]
    if table in ("spot_checks", "spot_check_breakdowns") and len(key) == 3:
        year, _, kind = key[0].partition("-")
        key = [year, *RELEASES[kind], *key[1:]]
    return table, "|".join(key), field


def cells(pkg) -> dict:
    """Every value cell of data/ as printed text: {(table, row key, field): text}."""
    out = {}
    for table, fields in (("spot_checks", ("kinds", "enterprises", "batches", "nonconforming_enterprises",
                                           "nonconforming_batches", "rate", "change_pp", "change_vs")),
                          ("spot_check_breakdowns", ("share_enterprises", "share_batches", "enterprises", "batches",
                                                     "nonconforming_batches", "rate", "change_pp", "change_vs")),
                          ("claim_values", ("value", "value_text")),
                          ("claims", ("stated_value", "stated_low", "stated_high", "stated_text"))):
        key = json.loads((ROOT / "data" / "schemas" / f"{table}.json").read_text())["primaryKey"]
        for _, r in pkg.text[table].iterrows():
            for f in fields:
                out[(table, "|".join(r[k] for k in key), f)] = r[f]
    return out


def number(text: str, field: str = "", unit: str = "") -> float | None:
    """A typed value: a plain number, or what a printed form states (911万 -> 9110000); None if empty."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(decimal.Decimal(printed.normalise(text)))
    except decimal.InvalidOperation:
        return printed.number(text, field, unit)


def same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _span(text: str) -> tuple[float, float] | None:
    """'1980..1989' (the forms' notation for a span) as numbers; None if the text is not a span."""
    if ".." not in text:
        return None
    lo, hi = text.split("..")
    return float(lo), float(hi)


def compare(entry, cells, units=None):
    """('agree' | 'differ' | 'gap', first, second) for one entry; a text (a qualitative claim or source) agrees
    only if it is the same text, so a summary in other words needs a recorded resolution."""
    table, key, field = current_key(entry["entry_id"])
    second_text = entry["value"].strip()
    unit = (units or {}).get(key, "")
    text_field = {"claims": "stated_text", "claim_values": "value_text"}.get(table)
    if text_field and cells.get((table, key, text_field)):
        first = cells[(table, key, text_field)]
        if not second_text:
            return "gap", first, ""
        return ("agree" if first.strip().lower() == second_text.lower() else "differ"), first, second_text
    if table == "claims" and field == "stated_value" and cells.get((table, key, "stated_low")):
        first = f"{cells[(table, key, 'stated_low')]}..{cells[(table, key, 'stated_high')]}"
    else:
        first = cells.get((table, key, field), "")
    if not second_text:
        return "gap", first, ""
    if _span(first) or _span(second_text):
        same_span = _span(first) is not None and _span(second_text) is not None and all(
            same(a, b) for a, b in zip(_span(first), _span(second_text)))
        return ("agree" if same_span else "differ"), first, second_text
    try:
        second = number(second_text, field, unit)
    except ValueError:
        return "differ", first, second_text
    return ("agree" if same(number(first) if first else None, second) else "differ"), first, second_text


ALIAS = {"stated_low": "stated_value", "stated_high": "stated_value", "stated_text": "stated_value",
         "value_text": "value"}   # one entry covers a span's two ends; a qualitative claim or source's text


def unentered(cells):
    """Cells of data/ with a value that no form asked for, no resolution covers and pending.csv does not list."""
    entered = {current_key(e["entry_id"]) for e in entries()} | {current_key(k) for k in resolutions()} \
        | {current_key(k) for k in pending()}
    return [c for c, v in cells.items() if v and c not in entered and (c[0], c[1], ALIAS.get(c[2], c[2])) not in entered]
