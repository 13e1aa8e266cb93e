"""Running the notebooks as readers and make do, in scratch clones: papermill's own command line with other
parameters and in Chinese; a wrong parameter through papermill; make interrupted (Ctrl-C to its process group,
SIGTERM to make alone) at several moments; many kernels at once; a kernel that dies at start; no network; a home
folder matplotlib cannot write; another copy's code. After each, every committed file is either its old or its new
bytes (here both are the committed ones, so `git status` is clean) and no process of the run is left."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
PAPERMILL = [sys.executable, "-m", "papermill", "--no-progress-bar", "-k", "python3"]
STAMP = f".venv/.installed-python-{'.'.join(map(str, sys.version_info[:3]))}"


def clone(tmp_path, name="clone"):
    """A clone of the committed tree that runs its own code in this tree's environment, make ready to run."""
    repo = tmp_path / name
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    (repo / ".venv").symlink_to(sys.prefix)   # this environment (make's .venv, or CI's .venv-<version>)
    for old in ("requirements.lock", "pyproject.toml", "tools/jupyter_server_config.json"):   # the env is current
        os.utime(repo / old, (0, 0))
    return repo


def env_for(repo, **extra):
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")} | {"PYTHONPATH": str(repo / "src")} | extra


def status(repo):
    return subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all", "--", "notebooks",
                           "figures", "results", "data"], capture_output=True, text=True).stdout


def processes(repo):
    """papermill and kernel processes: those naming the clone, and every kernel (a kernel's command line names only
    its connection file)."""
    ps = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return {line.split()[0]: line for line in ps.splitlines()[1:]
            if str(repo) in line or "ipykernel_launcher" in line or "compendium.ipynb" in line}


def leftovers(repo, before):
    """Processes of the run still alive, after waiting a little for kernels to notice their parent is gone."""
    deadline = time.monotonic() + 15
    while (left := sorted(set(processes(repo)) - set(before))) and time.monotonic() < deadline:
        time.sleep(0.5)
    return [processes(repo).get(pid) for pid in left if pid in processes(repo)]


def test_papermill_with_other_parameters_and_in_chinese(tmp_path):
    """Every notebook in Chinese into scratch folders (the ledger last, reading the others' results), and the
    selections of notebook 01 and 07 followed by every table."""
    out = tmp_path / "zh"
    out.mkdir()   # papermill makes no folder for its output notebook
    runs = [(nb, ["-p", "lang", "zh"]) for nb in sorted((ROOT / "notebooks").glob("0[1-7]_*.ipynb"))]
    procs = [subprocess.Popen([*PAPERMILL, str(nb), str(out / nb.name), *args, "-p", "figures_dir", str(out / "f"),
                               "-p", "results_dir", str(out / "r")], stderr=subprocess.PIPE, text=True) for nb, args in runs]
    assert all(p.wait(timeout=600) == 0 for p in procs), [p.stderr.read()[-1500:] for p in procs if p.returncode]
    ledger = subprocess.run([*PAPERMILL, str(ROOT / "notebooks" / "00_claims_ledger.ipynb"), str(out / "00.ipynb"),
                             "-y", "sections: ['5']", "-p", "lang", "zh", "-p", "figures_dir", str(out / "f"),
                             "-p", "results_dir", str(out / "r")], capture_output=True, text=True, timeout=600)
    assert ledger.returncode == 0, ledger.stderr[-2000:]
    assert {c["section"][0] for c in json.loads((out / "r" / "00_claims_ledger.json").read_text())["claims"]} == {"5"}
    selection = subprocess.run([*PAPERMILL, str(ROOT / "notebooks" / "01_figure1_spot_checks.ipynb"), str(out / "01.ipynb"),
                                "-p", "categories", "electronics", "-p", "first_year", "2015", "-p", "last_year", "2017",
                                "-p", "figures_dir", str(out / "f1"), "-p", "results_dir", str(out / "r1")],
                               capture_output=True, text=True, timeout=600)
    assert selection.returncode == 0, selection.stderr[-2000:]
    res = json.loads((out / "r1" / "01_figure1_spot_checks.json").read_text())
    assert {c["scope"] for c in res["cells"]} == {"national", "electronics"} and {c["year"] for c in res["cells"]} == {2015, 2016, 2017}
    assert all(m["scope"] in ("national", "electronics") and 2015 <= m["year"] <= 2017 for m in res["meet"])
    assert "cbda2015" in " ".join(res["sentences"] + [json.dumps(res["cells"])])   # the national series' sources too


def test_a_wrong_parameter_through_papermill_is_one_line_and_writes_no_output(tmp_path):
    proc = subprocess.run([*PAPERMILL, str(ROOT / "notebooks" / "07_spot_checks_since_2018.ipynb"), str(tmp_path / "o.ipynb"),
                           "-p", "lang", "fr", "-p", "figures_dir", str(tmp_path / "f"), "-p", "results_dir", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "ParameterError: parameter 'lang' got 'fr'" in proc.stderr
    assert not (tmp_path / "f").exists() and not (tmp_path / "r").exists()


def test_plain_papermill_from_the_top_folder_and_from_notebooks_rewrites_the_same_bytes(tmp_path):
    repo = clone(tmp_path)
    for cwd, nb in ((repo, "notebooks/02_raw_milk_cell_counts.ipynb"), (repo / "notebooks", "06_additive_manufacturing_scenarios.ipynb")):
        proc = subprocess.run([*PAPERMILL, nb, str(tmp_path / "out.ipynb")], cwd=cwd, env=env_for(repo),
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
    assert status(repo) == ""


def test_another_copys_code_never_writes_this_copys_committed_folders(tmp_path):
    """This clone's notebook with the code of another copy (its PYTHONPATH): the defaults would write this clone's
    figures/ and results/ with that code, so the notebook stops at its parameters."""
    repo, other = clone(tmp_path), clone(tmp_path, "other")
    proc = subprocess.run([*PAPERMILL, "notebooks/02_raw_milk_cell_counts.ipynb", str(tmp_path / "o.ipynb")], cwd=repo,
                          env=env_for(other), capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "which this run may not change" in proc.stderr and status(repo) == ""


def make(repo, *args, env=None, **kw):
    return subprocess.Popen(["make", "--no-print-directory", *args], cwd=repo, env=env or env_for(repo),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True, **kw)


@pytest.mark.parametrize("sig,group,after", [(signal.SIGINT, True, 2.0), (signal.SIGINT, True, 6.0),
                                             (signal.SIGTERM, False, 3.0), (signal.SIGTERM, False, 8.0)])
def test_an_interrupted_run_leaves_every_file_old_or_new_and_no_process(tmp_path, sig, group, after):
    repo = clone(tmp_path)
    os.utime(repo / "src" / "compendium" / "__init__.py")   # every notebook out of date
    before = processes(repo)
    run = make(repo, "reproduce", "JOBS=2")
    time.sleep(after)
    (os.killpg if group else os.kill)(run.pid, sig)        # Ctrl-C in a terminal signals the whole group
    output, _ = run.communicate(timeout=120)
    assert run.returncode != 0, output[-2000:]
    assert leftovers(repo, before) == [] and status(repo) == "", (status(repo), output[-1500:])


def test_many_kernels_at_once(tmp_path):
    repo = clone(tmp_path)
    for _ in range(3):   # kernels started together over TCP collided now and then (jupyter_client#487)
        os.utime(repo / "src" / "compendium" / "__init__.py")
        run = make(repo, "reproduce", "JOBS=8")
        output, _ = run.communicate(timeout=900)
        assert run.returncode == 0 and status(repo) == "", output[-3000:]


def test_a_kernel_that_dies_at_start_fails_the_run_within_seconds(tmp_path):
    repo = clone(tmp_path)
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [sys.executable, "-c", "raise SystemExit(3)", "{connection_file}"],
                                                  "display_name": "dies", "language": "python"}))
    os.utime(repo / "src" / "compendium" / "__init__.py")
    start, before = time.monotonic(), processes(repo)
    run = make(repo, "reproduce", env=env_for(repo, JUPYTER_PATH=str(tmp_path / "jupyter")))
    output, _ = run.communicate(timeout=300)
    assert run.returncode != 0 and time.monotonic() - start < 120 and status(repo) == "", output[-2000:]
    assert leftovers(repo, before) == []


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_everything_runs_without_a_network(tmp_path):
    repo = clone(tmp_path)
    os.utime(repo / "src" / "compendium" / "__init__.py")
    proc = subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up && make --no-print-directory reproduce"], cwd=repo,
                          env=env_for(repo), capture_output=True, text=True, timeout=900)
    if "Operation not permitted" in proc.stderr:
        pytest.skip("this machine cannot make a network namespace")
    assert proc.returncode == 0 and status(repo) == "", proc.stdout[-2000:] + proc.stderr[-2000:]


def test_a_home_matplotlib_cannot_write_leaves_no_warning_in_the_notebooks(tmp_path):
    repo = clone(tmp_path)
    home = tmp_path / "home"
    home.mkdir(mode=0o500)
    os.utime(repo / "src" / "compendium" / "__init__.py")
    env = {k: v for k, v in env_for(repo, HOME=str(home)).items() if k not in ("MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    run = make(repo, "reproduce", env=env)
    output, _ = run.communicate(timeout=900)
    assert run.returncode == 0 and status(repo) == "", output[-2000:]


def test_fresh_finds_a_committed_output_that_differs_or_is_missing_and_a_stray_one(tmp_path):
    repo = clone(tmp_path)
    (repo / "figures" / "milk_limits.png").write_bytes(b"not the figure")
    (repo / "results" / "06_additive_manufacturing_scenarios.json").unlink()
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "damage"], check=True)
    (repo / "figures" / "stray.png").write_bytes(b"x")
    run = make(repo, "fresh")
    output, _ = run.communicate(timeout=900)
    assert run.returncode != 0 and "written by no notebook" in output, output[-2000:]
    for named in ("figures/milk_limits.png", "results/06_additive_manufacturing_scenarios.json", "figures/stray.png"):
        assert named in output, (named, output[-2000:])
