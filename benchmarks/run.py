"""Benchmark: how long a reader waits (`make bench`). Not a test: timings depend on the machine.

All in one run, in a scratch clone of HEAD that runs its own code in this environment (nothing committed is
rewritten here):

  floor          16 kernels importing the notebooks' stack (`jupyter run`), two at a time: one per copy
  papermill_loop papermill's command line on each committed copy, one after another (the ledgers last)
  full           `make reproduce` with every input touched (the library): both copies of every notebook
  one_data_file  `make reproduce` after touching data/terms.csv (every load checks the whole package)
  one_notebook   `make reproduce` after touching notebooks/04_quality_management_surveys.py (its copies, the ledger's)
  noop           `make reproduce` with nothing changed
  test           `make test` in this tree

Writes benchmarks/results.json and benchmarks/results.md (a table made from it), with the machine and the commit.
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STACK = ("import pandas, numpy, matplotlib.pyplot, seaborn, statsmodels.api, pydantic, frictionless, IPython.display\n"
         "from compendium import data, ledger, params, plotting, relations, results, stats, tables, text, verdicts\n")


def timed(cmd, cwd, env=None) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return time.perf_counter() - start, proc.stdout


def main() -> None:
    rows = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        repo = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
        (repo / ".venv").symlink_to(sys.prefix)
        for old in ("requirements.lock", "pyproject.toml", "tools/jupyter_server_config.json", "tools/ipython_kernel_config.json"):
            os.utime(repo / old, (0, 0))
        env = os.environ | {"PYTHONPATH": str(repo / "src")}
        for lang in ("en", "zh"):
            (repo / "build" / lang).mkdir(parents=True)
        (repo / "build" / "stack.py").write_text(STACK)
        start = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda _: timed([BIN / "jupyter", "run", "--kernel=python3", "build/stack.py"], repo, env), range(16)))
        rows["floor"] = time.perf_counter() - start
        notebooks = sorted((repo / "notebooks").glob("*/*.ipynb"), key=lambda p: p.name.startswith("00"))
        start = time.perf_counter()
        for nb in notebooks:
            timed([BIN / "papermill", "--no-progress-bar", "-k", "python3", str(nb), str(repo / "build" / nb.parent.name / nb.name)],
                  repo, env)
        rows["papermill_loop"] = time.perf_counter() - start
        for name, touched in (("full", "src/compendium/__init__.py"), ("one_data_file", "data/terms.csv"),
                              ("one_notebook", "notebooks/04_quality_management_surveys.py"), ("noop", None)):
            if touched:
                os.utime(repo / touched)
            rows[name], out = timed(["make", "--no-print-directory", "reproduce"], repo, env)
            rows[f"{name}_ran"] = sorted(set(re.findall(r"compendium.ipynb notebooks/(\d\d)_", out)))
            rows[f"{name}_copies"] = len(re.findall(r"compendium.ipynb notebooks/", out))
        status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--", "notebooks", "figures", "results"],
                                capture_output=True, text=True).stdout
    rows["test"], _ = timed(["make", "--no-print-directory", "test"], ROOT)
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    result = {"date": datetime.date.today().isoformat(),
              "commit": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip(),
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}",
              "clone_clean_after": status == "", **{k: round(v, 2) if isinstance(v, float) else v for k, v in rows.items()}}
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [f"Measured by `make bench` on {result['date']} at commit {result['commit'][:10]}: {result['machine']}.", "",
             "| what | seconds | notebooks run |", "|---|---|---|"]
    for key, what in (("floor", "floor: 16 kernels importing the stack, two at a time"),
                      ("papermill_loop", "papermill's command line on each copy, one after another"),
                      ("full", "`make reproduce`, every input touched"), ("one_data_file", "`make reproduce` after data/terms.csv"),
                      ("one_notebook", "`make reproduce` after notebook 04"), ("noop", "`make reproduce`, nothing changed"),
                      ("test", "`make test`")):
        ran, copies = result.get(key + "_ran", []), result.get(key + "_copies", 0)
        lines.append(f"| {what} | {result[key]} | " + (f"{', '.join(ran)} ({copies} copies)" if ran else "") + " |")
    lines += ["", f"Full run: {result['full'] / result['floor']:.2f} × the floor, {result['full'] / result['papermill_loop']:.2f} × "
              "the papermill loop. The scratch clone's `git status` was " + ("clean" if result["clone_clean_after"] else "NOT clean") + "."]
    (ROOT / "benchmarks" / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
