"""The mutation table (tools/mutations.csv, run by `make mutations`) still applies to the code it mutates.

A row whose text to replace no longer occurs exactly once cannot be run, so a refactor that leaves it stale would
quietly drop that test file's evidence; and a test file without a row has none.
"""
import csv
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
TABLE = ROOT / "tools" / "mutations.csv"
HELPERS = {"conftest.py", "cdp.py", "notebook_runs.py"}   # modules the tests import, not test files


def _rows():
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_row_applies_once():
    stale = []
    for n, row in enumerate(_rows(), start=2):
        path = ROOT / row["path"]
        count = path.read_text(encoding="utf-8").count(row["old"]) if path.is_file() else None
        if count != 1 or row["old"] == row["new"]:
            stale.append(f"tools/mutations.csv line {n}: {row['path']}: text to replace found {count} times")
    assert not stale, "\n".join(stale)


def test_every_test_file_has_a_mutation():
    covered = {pathlib.Path(r["test_file"]).name for r in _rows()}
    files = {p.name for p in (ROOT / "tests").glob("*.py")} - HELPERS
    assert files - covered == set(), f"test files without a row in tools/mutations.csv: {sorted(files - covered)}"
    assert covered - files == set(), f"rows naming test files that do not exist: {sorted(covered - files)}"
