"""Every value in data/ against an independent second transcription of the same pages.

The second entry (verification/second_entry/filled_*.csv) was typed by clerks who saw only the blank forms
(the URL and the field to fill, never our value). Every disagreement and every gap (the clerk found nothing) is
resolved on the page and recorded in verification/second_entry/resolutions.csv with the printed fragment and
its URL; the test fails on any disagreement or gap that has no resolution, and on a resolution that data/ does not
follow. A value added since the forms went out is listed in verification/second_entry/pending.csv until it is
entered a second time; the ledger and the README count them.
"""
import csv
import json
import decimal
import math

import pytest

from compendium import printed
from tests.conftest import ROOT

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


@pytest.fixture(scope="module")
def cells(pkg):
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


@pytest.fixture(scope="module")
def units(pkg):
    return dict(zip(pkg["claims"].claim_id, pkg["claims"].unit.fillna(""))) | \
        dict(zip(pkg["claim_values"].value_id, pkg["claim_values"].unit.fillna("")))


def test_forms_are_complete_copies_of_the_blanks():
    for g in GROUPS:
        blank = [r["entry_id"] for r in _read(HERE / f"blank_{g}.csv")]
        filled = [r["entry_id"] for r in _read(HERE / f"filled_{g}.csv")]
        assert filled == blank, g


ALIAS = {"stated_low": "stated_value", "stated_high": "stated_value", "stated_text": "stated_value",
         "value_text": "value"}   # one entry covers a span's two ends; a qualitative claim or source's text


def unentered(cells):
    """Cells of data/ with a value that no form asked for, no resolution covers and pending.csv does not list."""
    entered = {current_key(e["entry_id"]) for e in entries()} | {current_key(k) for k in resolutions()} \
        | {current_key(k) for k in pending()}
    return [c for c, v in cells.items() if v and c not in entered and (c[0], c[1], ALIAS.get(c[2], c[2])) not in entered]


def test_every_value_in_data_is_double_entered_or_awaits_it(cells):
    missing = unentered(cells)
    rows = "\n".join(f"{form_id(t, k, ALIAS.get(f, f))},YYYY-MM-DD,<the source_id and why it awaits>" for t, k, f in missing[:10])
    assert not missing, (f"{len(missing)} values in data/ have no second entry: have them entered independently "
                         f"(verification/second_entry/INSTRUCTIONS.md), or add these rows to "
                         f"verification/second_entry/pending.csv:\n{rows}")
    for entry_id in pending():
        table, key, field = current_key(entry_id)
        assert cells.get((table, key, field)) or any(cells.get((table, key, f)) for f, a in ALIAS.items() if a == field), \
            f"verification/second_entry/pending.csv lists {entry_id}, which data/ does not hold: remove the row"
        assert entry_id not in {e["entry_id"] for e in entries()}, f"{entry_id} is on a form: remove it from pending.csv"


def test_a_new_value_without_a_second_entry_is_named_with_its_row(cells):
    """A 2025 national rate added to data/ is caught, and the message gives the row to add."""
    new = dict(cells) | {("spot_checks", "2099|annual||national|", "rate"): "9.9"}
    assert unentered(new) == [("spot_checks", "2099|annual||national|", "rate")]
    assert form_id("spot_checks", "2099|annual||national|", "rate") == "spot_checks|2099|national||rate"
    assert current_key(form_id("spot_checks", "2015|batch|4|category|daily_textile", "rate")) == \
        ("spot_checks", "2015|batch|4|category|daily_textile", "rate")


def test_second_entry_agrees_or_is_resolved(cells, units):
    res = resolutions()
    unresolved = []
    for e in entries():
        state, first, second = compare(e, cells, units)
        if state != "agree" and e["entry_id"] not in res:
            unresolved.append((e["entry_id"], state, first, second))
    assert not unresolved, f"{len(unresolved)} disagreements or gaps not resolved on the page: {unresolved[:10]}"


def test_data_follows_each_resolution(cells):
    for entry_id, r in resolutions().items():
        assert r["who_was_right"] in WHO, entry_id
        assert r["evidence"].strip() and r["url"].startswith(("http", "shared/seed")), entry_id
        table, key, field = current_key(entry_id)
        now = cells.get((table, key, field), "")
        text_field = {"claims": "stated_text", "claim_values": "value_text"}.get(table)
        if r["who_was_right"] == "dropped":
            assert now == "", f"{entry_id} was dropped from data/ but still holds {now}"
        elif text_field and cells.get((table, key, text_field)):
            assert cells[(table, key, text_field)] == r["resolved_value"], entry_id
        elif field == "stated_value" and cells.get((table, key, "stated_low")):
            lo, hi = r["resolved_value"].split("..")
            assert (cells[(table, key, "stated_low")], cells[(table, key, "stated_high")]) == (lo, hi), entry_id
        else:
            assert same(number(now), number(r["resolved_value"])), f"{entry_id}: data holds {now}, resolved {r['resolved_value']}"


def test_a_disagreement_is_found():
    """The comparison can fail: a changed value is a disagreement."""
    e = {"entry_id": "spot_checks|2018|national||rate", "value": "10.4"}
    assert compare(e, {("spot_checks", "2018|annual||national|", "rate"): "10.3"})[0] == "differ"
    e["value"] = "10.3%"
    assert compare(e, {("spot_checks", "2018|annual||national|", "rate"): "10.3"})[0] == "agree"
    e["value"] = ""
    assert compare(e, {("spot_checks", "2018|annual||national|", "rate"): "10.3"})[0] == "gap"
    span = {"entry_id": "claims|S5-x|stated_value", "value": "1990..1999"}
    assert compare(span, {("claims", "S5-x", "stated_value"): "1990"})[0] == "differ"
