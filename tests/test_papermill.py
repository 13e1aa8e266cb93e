"""Every committed notebook re-runs with plain papermill, as its documentation shows: the executed notebook as
input, no parameter but the two output folders (issue 19: notebooks 02-05 once needed a template parameter to
run at all). Each run must succeed and write the results the committed copy holds."""
import concurrent.futures
import json
import os
import subprocess
import sys

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_plain_papermill_reruns_every_committed_notebook(tmp_path):
    figures, results = tmp_path / "figures", tmp_path / "results"

    def papermill(nb):
        return subprocess.run([sys.executable, "-m", "papermill", nb.name, str(tmp_path / nb.name), "--no-progress-bar",
                               "-p", "figures_dir", str(figures), "-p", "results_dir", str(results)],
                              cwd=ROOT / "notebooks", capture_output=True, text=True, timeout=300)

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = dict(zip(NOTEBOOKS, pool.map(papermill, NOTEBOOKS)))
    failed = {nb.name: run.stderr[-1500:] for nb, run in runs.items() if run.returncode != 0}
    assert not failed, failed
    for nb in NOTEBOOKS:
        fresh = json.loads((results / f"{nb.stem}.json").read_text(encoding="utf-8"))
        assert fresh == json.loads((ROOT / "results" / f"{nb.stem}.json").read_text(encoding="utf-8")), nb.name
