"""Run each mutation of tools/mutations.csv and say whether its test file catches it (`make mutations`).

A row (test_file, path, old, new, what_it_catches) is a literal replacement of ``old`` by ``new`` in one code or
data file. For each row: clone the repository to a scratch folder (sharing its history, which some tests read),
bring the working tree's uncommitted changes there (no .venv), apply the replacement (``old`` must occur exactly
once), commit it (some tests clone the repository), and run ``pytest -q -x <test_file>`` there with this Python
and the copy's ``src`` first on PYTHONPATH (the tests find the copy as their root from the folder they run in).
A data file's new sha256 is recorded in the copy's datapackage.json first, as a careless `make datapackage` would,
so the test must catch the value itself, not the checksum. Before the mutations, each test file must pass on the
unmutated copy, or nothing it catches means anything.

Exit status 0 only if every mutation is caught. ``--only TEST_FILE`` runs the rows of some test files.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
TABLE = ROOT / "tools" / "mutations.csv"
GIT = ["git", "-c", "user.name=mutations", "-c", "user.email=mutations@localhost", "-c", "commit.gpgsign=false"]


class MutationError(Exception):
    """A row that cannot be applied (its file is missing, or ``old`` is not there exactly once)."""


def rows(only: list[str] | None = None) -> list[dict]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    return [r for r in table if not only or r["test_file"] in only]


def _git_files(root: pathlib.Path, *options: str) -> list[str]:
    out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", *options], capture_output=True, check=True).stdout
    return [f for f in out.decode().split("\0") if f]


def scratch_copy(root: pathlib.Path, target: pathlib.Path) -> pathlib.Path:
    """A clone of ``root`` (sharing its history, which some tests read) with the working tree's uncommitted changes:
    modified and untracked files copied, deleted ones deleted; the files left alone keep their committed bytes."""
    subprocess.run([*GIT, "clone", "-q", "--shared", str(root), str(target)], check=True, capture_output=True)
    for rel in _git_files(root, "--deleted"):
        (target / rel).unlink(missing_ok=True)
    for rel in _git_files(root, "--modified", "--others", "--exclude-standard"):
        if (root / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, target / rel)
    return target


def mutate(copy: pathlib.Path, row: dict) -> None:
    path = copy / row["path"]
    if not path.is_file():
        raise MutationError(f"{row['path']}: no such file")
    text = path.read_text(encoding="utf-8")
    n = text.count(row["old"])
    if n != 1:
        raise MutationError(f"{row['path']}: the text to replace occurs {n} times, not once: {row['old'][:80]!r}")
    path.write_text(text.replace(row["old"], row["new"]), encoding="utf-8", newline="")
    if (path.parent.name == "data" and path.suffix == ".csv") or path.parent.name == "schemas":
        _record_hash(copy / "data" / "datapackage.json", path)


def _record_hash(descriptor: pathlib.Path, path: pathlib.Path) -> None:
    """The hash of a mutated table, or of a mutated schema, recorded as `make datapackage` would record it."""
    d = json.loads(descriptor.read_text(encoding="utf-8"))
    digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    for res in d["resources"]:
        if res["path"] == path.name:
            res["hash"], res["bytes"] = digest, path.stat().st_size
        if res["schema"] == f"schemas/{path.name}":
            res["schema_hash"] = digest
    descriptor.write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def commit(copy: pathlib.Path) -> None:
    """Commit the copy's files, so that a clone of it (some tests make one) holds them too."""
    for args in (["add", "-A"], ["commit", "-q", "--allow-empty", "-m", "scratch copy"]):
        subprocess.run([*GIT, "-C", str(copy), *args], check=True, capture_output=True)


def run_tests(copy: pathlib.Path, test_file: str) -> tuple[int, str]:
    """pytest's exit status and what it said of a failure; a file whose tests are all slow runs them (-m slow)."""
    env = {k: v for k, v in os.environ.items() if k != "COMPENDIUM_ROOT"} | {"PYTHONPATH": str(copy / "src")}
    base = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", test_file]
    proc = subprocess.run(base, cwd=copy, env=env, capture_output=True, text=True)
    if proc.returncode == 5:   # no test collected: every test of the file is marked slow
        proc = subprocess.run([*base, "-m", "slow"], cwd=copy, env=env, capture_output=True, text=True)
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    why = [line for line in lines if line.startswith("E ")][:4]   # the first assertion lines, then the summary
    return proc.returncode, "\n    ".join(why + lines[-2:])


def trial(row: dict | None, test_file: str) -> tuple[int, str]:
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        copy = scratch_copy(ROOT, pathlib.Path(tmp) / "repo")
        if row is not None:
            mutate(copy, row)
        commit(copy)
        return run_tests(copy, test_file)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="TEST_FILE", help="run only the rows of these test files")
    args = parser.parse_args(argv)
    # Started in the background (`make mutations &`), SIGINT is ignored, and the tests' children would inherit that
    # (a test that interrupts a run would see it carry on): handle it, so that children start with the default.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    table = rows(args.only)
    if not table:
        print(f"no rows in {TABLE.relative_to(ROOT)}" + (f" for {args.only}" if args.only else ""), file=sys.stderr)
        return 2
    failures, broken = 0, set()
    for test_file in dict.fromkeys(r["test_file"] for r in table):
        status, tail = trial(None, test_file)
        if status != 0:
            print(f"{test_file} fails without any mutation (exit {status}); its rows are not run:\n    {tail}")
            broken.add(test_file)
    print(f"{'result':<12} {'seconds':>7}  test file / mutated file: what it catches")
    for row in table:
        start = time.perf_counter()
        try:
            status, tail = (None, "the unmutated baseline fails") if row["test_file"] in broken else \
                trial(row, row["test_file"])
        except MutationError as err:
            status, tail = None, str(err)
        verdict = {1: "caught", 0: "NOT caught"}.get(status, "ERROR")
        failures += verdict != "caught"
        print(f"{verdict:<12} {time.perf_counter() - start:7.1f}  {row['test_file']} / {row['path']}: "
              f"{row['what_it_catches']}")
        if verdict != "caught":
            print(f"    exit {status}: {tail}")
    print(f"{len(table) - failures} of {len(table)} mutations caught")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
