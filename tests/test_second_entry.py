"""Every value in data/ against an independent second transcription of the same pages.

The second entry (verification/second_entry/filled_*.csv) was typed by clerks who saw only the blank forms
(the URL and the field to fill, never our value). Every disagreement and every gap (the clerk found nothing) is
resolved on the page and recorded in verification/second_entry/resolutions.csv with the printed fragment and
its URL; the test fails on any disagreement or gap that has no resolution, and on a resolution that data/ does not
follow. A value added since the forms went out is listed in verification/second_entry/pending.csv until it is
entered a second time; the ledger and the README count them.
"""
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))

from second_entry import (ALIAS, GROUPS, HERE, _read, compare, current_key, entries, form_id, number,  # noqa: E402
                          pending, resolutions, same, unentered, WHO)
from second_entry import cells as data_cells  # noqa: E402


@pytest.fixture(scope="module")
def cells(pkg):
    """Every value cell of data/ as printed text: {(table, row key, field): text}."""
    return data_cells(pkg)


@pytest.fixture(scope="module")
def units(pkg):
    return dict(zip(pkg["claims"].claim_id, pkg["claims"].unit.fillna(""))) | \
        dict(zip(pkg["claim_values"].value_id, pkg["claim_values"].unit.fillna("")))


def test_forms_are_complete_copies_of_the_blanks():
    for g in GROUPS:
        blank = [r["entry_id"] for r in _read(HERE / f"blank_{g}.csv")]
        filled = [r["entry_id"] for r in _read(HERE / f"filled_{g}.csv")]
        assert filled == blank, g


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
