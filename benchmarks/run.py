"""Benchmark: how long a reviewer waits. Not a test; run with ``make bench`` (or ``python benchmarks/run.py``).

Measures, on this machine, in one run:
  (a) the floor: one Python process importing the stack (pandas, seaborn, statsmodels, matplotlib, papermill);
  (b) ``make reproduce`` with the environment already installed (every notebook through papermill; kernels
      forked from a server that imports the stack once, the default);
  (b') the same with ``--kernel plain`` (each kernel started as ``python -m ipykernel_launcher``), for comparison;
  (c) ``make test``;
  (d) with --setup: set-up from nothing (a fresh clone of HEAD: venv and install), measured once.
Prints the minimum and median of each (several runs) and the ratio b/a, and writes benchmarks/latest.json.
"""
from __future__ import annotations

import argparse
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
PY = ROOT / ".venv" / "bin" / "python"
FLOOR = "import pandas, seaborn, statsmodels.api, matplotlib.pyplot, papermill"


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def series(name: str, cmd: list[str], runs: int, cwd: Path = ROOT) -> dict:
    times = [timed(cmd, cwd) for _ in range(runs)]
    out = {"min": min(times), "median": statistics.median(times), "runs": runs}
    print(f"{name:<28} min {out['min']:6.2f} s   median {out['median']:6.2f} s   ({runs} runs)", flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--setup", action="store_true", help="also time set-up from nothing in a fresh clone")
    args = parser.parse_args()
    if not PY.exists():
        print("run `make reproduce` once first: the benchmark measures an installed environment", file=sys.stderr)
        return 2
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    res = {"machine": {"arch": platform.machine(), "cores": os.cpu_count(), "python": platform.python_version()}}
    res["floor_import"] = series("(a) floor: import the stack", [str(PY), "-c", FLOOR], args.runs * 2)
    out = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        # Into a scratch folder, so the benchmark never rewrites the committed outputs.
        res["reproduce"] = series("(b) reproduce (all notebooks)",
                                  [str(PY), "-m", "compendium", "reproduce", "--out", str(out)], args.runs)
        res["reproduce_plain_kernels"] = series("(b') reproduce, plain kernels",
                                                [str(PY), "-m", "compendium", "reproduce", "--kernel", "plain",
                                                 "--out", str(out)], args.runs)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    res["test"] = series("(c) make test", ["make", "test"], args.runs)
    if args.setup:
        clone = Path(tempfile.mkdtemp(prefix="bench-clone-")) / "c"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        t = timed(["make", str(Path(".venv") / ".installed")], clone)
        res["setup_from_nothing"] = {"seconds": t}
        print(f"{'(d) set-up from nothing':<28} {t:6.2f} s (venv + pinned install, one run)")
        shutil.rmtree(clone.parent, ignore_errors=True)
    ratio = res["reproduce"]["min"] / res["floor_import"]["min"]
    res["ratio_reproduce_to_floor"] = ratio
    print(f"ratio b/a (minimums): {ratio:.2f}   (b'/a: "
          f"{res['reproduce_plain_kernels']['min'] / res['floor_import']['min']:.2f})")
    (ROOT / "benchmarks" / "latest.json").write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
