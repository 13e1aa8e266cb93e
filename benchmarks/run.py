"""Benchmark: how long a reader waits. Not a test; run with ``make bench`` (or ``python benchmarks/run.py``).

Measures, on this machine:
  floor        one Python process importing the stack (pandas, seaborn, statsmodels, matplotlib, papermill);
  reproduce    ``make reproduce`` with the environment installed (every notebook through papermill, ordinary
               python3 kernels, as many at once as there are cores), written to a scratch folder so that a
               benchmark never rewrites the committed outputs;
  test         ``make test`` (the fast suite);
  fresh_clone  with --setup: ``git clone`` of HEAD, then the README's two commands, ``make reproduce`` (which
               creates .venv from requirements.lock) and ``make test``, once; also records whether
               ``git status`` of the clone is clean afterwards.
Writes benchmarks/results.json (format below) and benchmarks/results.md (a table made from it).

results.json: {"machine": {"arch", "cores", "memory_gib", "python", "load_average"}, "date", "commit",
"rows": [{"id", "what", "runs", "min_s", "median_s", "target_s"}, ...], "fresh_clone_git_status_clean"}.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = Path(sys.executable)
FLOOR = "import pandas, seaborn, statsmodels.api, matplotlib.pyplot, papermill"
TARGETS = {"reproduce": 12, "test": 30, "fresh_clone": 180}  # seconds, issue 12


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def row(ident: str, what: str, times: list[float]) -> dict:
    out = {"id": ident, "what": what, "runs": len(times), "min_s": round(min(times), 2),
           "median_s": round(statistics.median(times), 2), "target_s": TARGETS.get(ident)}
    print(f"{ident:<12} min {out['min_s']:7.2f} s   median {out['median_s']:7.2f} s   ({len(times)} runs)", flush=True)
    return out


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"arch": platform.machine(), "cores": os.cpu_count(), "memory_gib": round(memory),
            "python": platform.python_version(), "load_average": round(os.getloadavg()[0], 2)}


def markdown(res: dict) -> str:
    m = res["machine"]
    lines = [f"Measured by `make bench` on {res['date']} at commit {res['commit'][:10]}: {m['arch']}, {m['cores']} cores, "
             f"{m['memory_gib']} GiB, Python {m['python']} (load average {m['load_average']} when it started).", "",
             "| what | runs | minimum | median | target |", "|---|---|---|---|---|"]
    for r in res["rows"]:
        target = f"≤ {r['target_s']} s" if r["target_s"] else ""
        lines.append(f"| {r['what']} | {r['runs']} | {r['min_s']:.1f} s | {r['median_s']:.1f} s | {target} |")
    if "fresh_clone_git_status_clean" in res:
        lines += ["", "After the fresh clone ran both commands, `git status` was "
                  + ("clean." if res["fresh_clone_git_status_clean"] else "NOT clean.")]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--setup", action="store_true", help="also time a fresh clone through both README commands")
    args = parser.parse_args()
    res = {"machine": machine(), "date": datetime.date.today().isoformat(),
           "commit": subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
           "rows": []}
    print(f"machine: {res['machine']}")
    res["rows"].append(row("floor", "floor: one Python process importing pandas, seaborn, statsmodels, matplotlib, papermill",
                           [timed([str(PY), "-c", FLOOR], ROOT) for _ in range(args.runs * 2)]))
    out = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        res["rows"].append(row("reproduce", "`make reproduce`, environment installed (all notebooks, ordinary kernels)",
                               [timed([str(PY), "-m", "compendium", "reproduce", "--out", str(out)], ROOT)
                                for _ in range(args.runs)]))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    res["rows"].append(row("test", "`make test` (fast suite)", [timed(["make", "test"], ROOT) for _ in range(args.runs)]))
    if args.setup:
        scratch = Path(tempfile.mkdtemp(prefix="bench-clone-"))
        clone = scratch / "c"
        try:
            start = time.perf_counter()
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            for target in ("reproduce", "test"):
                python = [f"PYTHON={os.environ['PYTHON']}"] if os.environ.get("PYTHON") else []
                subprocess.run(["make", target, *python], cwd=clone, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            res["rows"].append(row("fresh_clone", "fresh clone to `make reproduce` and `make test` done (installs the lock)",
                                   [time.perf_counter() - start]))
            status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True).stdout
            res["fresh_clone_git_status_clean"] = status == ""
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    (ROOT / "benchmarks" / "results.md").write_text(markdown(res))
    print(markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
