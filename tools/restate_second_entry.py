"""Restate the second entry (double data entry) against data/ as it stood when the blank forms were issued.

The blank forms were made and committed in FORMS_ISSUED; the clerks filled them from the pages. This script
compares every filled value with

- ``at_issue``: data/ at FORMS_ISSUED, the only fair baseline for the clerks, kept in data_at_issue.csv (taken
  from git once, in issue 33, so that no clone needs the history), and
- ``now``: data/ in the working tree (through tests/test_second_entry.py's own comparison),

names, for every entry whose data value changed after the forms went out, the change: a commit of the past kept
in later_edits.csv (found in the history once, in issue 33), or the resolution that records a later correction
(resolutions.csv, ``changed_in``: a date and what was corrected, never the hash of the commit it is part of), and
writes verification/second_entry/restated.csv and counts.json (every count verification/second_entry/README.md
states). Values in data/ that no form asked for are listed in pending.csv until they are entered a second time.
Nothing here is typed by hand: `make datapackage` runs it.

``--check FOLDER`` writes the two files into FOLDER instead (the tests compare them with the committed ones).
"""
import csv
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
from compendium import data as cdata  # noqa: E402
sys.path.insert(0, str(ROOT / "tools"))
import second_entry as se  # noqa: E402

FORMS_ISSUED = "8200132"
HERE = ROOT / "verification" / "second_entry"

def _rows(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def value(cells, table, key, field):
    """The data value an entry is compared with (a span as low..high; a text claim's text)."""
    text_field = {"claims": "stated_text", "claim_values": "value_text"}.get(table)
    if text_field and cells.get((table, key, text_field)):
        return cells[(table, key, text_field)]
    if table == "claims" and field == "stated_value" and cells.get((table, key, "stated_low")):
        return f"{cells[(table, key, 'stated_low')]}..{cells[(table, key, 'stated_high')]}"
    return cells.get((table, key, field), "")


def same(a: str, b: str) -> bool:
    try:
        return se.same(se.number(a), se.number(b)) if a and b and ".." not in a + b else a.strip() == b.strip()
    except (ValueError, ArithmeticError):
        return a.strip() == b.strip()


def main(out: pathlib.Path = HERE):
    issued = {r["entry_id"]: r["value"] for r in _rows("data_at_issue.csv")}
    history = {r["entry_id"]: (r["changed_in"], r["subject"]) for r in _rows("later_edits.csv")}
    pkg = cdata.load(ROOT / "data")
    now = se.cells(pkg)
    units = dict(zip(pkg["claims"].claim_id, pkg["claims"].unit.fillna(""))) | \
        dict(zip(pkg["claim_values"].value_id, pkg["claim_values"].unit.fillna("")))
    res = se.resolutions()
    rows = []
    for e in se.entries():
        table, key, field = se.current_key(e["entry_id"])
        then = issued[e["entry_id"]]
        state_issue, _, _ = se.compare(e, {(table, key, field): then}, units)
        if state_issue == "differ" and then.strip().lower() == e["value"].strip().lower():
            state_issue = "agree"      # the old claims table kept a qualitative claim's text in stated_value
        state_now, first_now, _ = se.compare(e, now, units)
        changed_in = changed_subject = ""
        if not same(then, value(now, table, key, field)):
            changed_in, changed_subject = history.get(e["entry_id"]) or (
                res.get(e["entry_id"], {}).get("changed_in", "") or "unrecorded",
                "a correction recorded in resolutions.csv" if res.get(e["entry_id"], {}).get("changed_in") else
                "not recorded: add a resolution (cause our_later_edit, changed_in a date and what was corrected)")
        rows.append({"entry_id": e["entry_id"], "group": e["group"], "clerk_value": e["value"].strip(),
                     "data_at_issue": then, "vs_data_at_issue": state_issue,
                     "data_now": value(now, table, key, field), "vs_data_now": state_now,
                     "data_changed_in": changed_in, "change_subject": changed_subject,
                     "resolution": res.get(e["entry_id"], {}).get("who_was_right", "")})
    cols = list(rows[0])
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "restated.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    pv = list(csv.DictReader(open(ROOT / "data" / "printed_values.csv", encoding="utf-8")))
    filled_printed = {(r["entry_id"]): r["printed"].strip() for r in se.entries() if r["printed"].strip()}
    from_clerks = sum(1 for r in pv if filled_printed.get(f"{r['table']}|{r['row_key']}|{r['field']}") == r["printed"].strip()
                      or _old_id(r) in filled_printed and filled_printed[_old_id(r)] == r["printed"].strip())
    counts = {
        "forms_issued_in": FORMS_ISSUED,
        "entries": len(rows),
        "entries_by_form": {g: sum(r["group"] == g for r in rows) for g in se.GROUPS},
        "vs_data_at_issue": {s: sum(r["vs_data_at_issue"] == s for r in rows) for s in ("agree", "differ", "gap")},
        "vs_data_now": {s: sum(r["vs_data_now"] == s for r in rows) for s in ("agree", "differ", "gap")},
        "data_values_changed_after_issue": sum(bool(r["data_changed_in"]) for r in rows),
        "changed_by_commit": {c: sum(r["data_changed_in"] == c for r in rows) for c in sorted({r["data_changed_in"] for r in rows} - {""})},
        "resolutions": len(res),
        "pending": len(_rows("pending.csv")),
        "printed_fragments_in_data": len(pv),
        "printed_fragments_source_tables": sum(r["table"] != "claims" for r in pv),
        "printed_fragments_article": sum(r["table"] == "claims" for r in pv),
        "printed_fragments_identical_to_a_clerks_fragment": from_clerks,
    }
    (out / "counts.json").write_text(json.dumps(counts, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _old_id(r):
    """The forms' entry id of a printed_values row (the forms used ``period``: 2015-batch4)."""
    if r["table"] not in ("spot_checks", "spot_check_breakdowns"):
        return f"{r['table']}|{r['row_key']}|{r['field']}"
    year, release, no, *rest = r["row_key"].split("|")
    period = year + {"annual": "", "batch": f"-batch{no}", "half_year": f"-h{no}"}[release]
    return "|".join([r["table"], period, *rest, r["field"]])


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[2]) if sys.argv[1:2] == ["--check"] else HERE)
