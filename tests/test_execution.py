"""Running the notebooks as readers and make do, in scratch clones: papermill's own command line on the committed
copies, with other parameters and in Chinese; the ledger on its own; a wrong parameter; make interrupted by SIGINT,
SIGTERM or SIGKILL at several moments and run again; two runs at once; many kernels; a kernel that dies at start;
no network; a home folder matplotlib cannot write; a matplotlib folder that cannot be written. After each, the next
`make reproduce` brings every output up to date, and no process of the run is left."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, SOURCES, STAMP_INPUTS

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not (ROOT / ".git").exists(),
                                                  reason="clones the repository: needs a git checkout, not a ZIP copy")]
PAPERMILL = [sys.executable, "-m", "papermill", "--no-progress-bar", "-k", "python3"]


def clone(tmp_path, name="clone"):
    """A clone of the committed tree that runs its own code in this tree's environment, make ready to run."""
    repo = tmp_path / name
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    (repo / ".venv").symlink_to(sys.prefix)   # this environment (make's .venv, or CI's .venv-<version>)
    for old in STAMP_INPUTS:   # the env is current
        os.utime(repo / old, (0, 0))
    for lang in ("en", "zh"):
        (repo / "build" / lang).mkdir(parents=True)
    subprocess.run(["make", "-s", "-C", str(repo), "-t", "outputs"], check=True, capture_output=True)   # all fresh
    time.sleep(0.1)   # a file touched next is newer, not in the same tick of the file system's clock
    return repo


def env_for(repo, **extra):
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")} | {"PYTHONPATH": str(repo / "src")} | extra


def status(repo):
    return subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all", "--", "notebooks",
                           "figures", "results", "data"], capture_output=True, text=True).stdout


def up_to_date(repo):
    return subprocess.run(["make", "-q", "outputs"], cwd=repo, env=env_for(repo)).returncode == 0


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


def make(repo, *args, env=None):
    return subprocess.Popen(["make", "--no-print-directory", *args], cwd=repo, env=env or env_for(repo),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def retitle(repo, name="02_raw_milk_cell_counts", mark="(retitled)"):
    """A change of a notebook's source that shows in both its copies: the first heading of each language."""
    source = repo / "notebooks" / f"{name}.py"
    source.write_text(source.read_text(encoding="utf-8").replace("\n# # ", f"\n# # {mark} ", 2), encoding="utf-8")


def shows(repo, mark, name="02_raw_milk_cell_counts"):
    return all(mark in (repo / "notebooks" / lang / f"{name}.ipynb").read_text(encoding="utf-8") for lang in ("en", "zh"))


def test_papermill_on_the_committed_copies_with_other_parameters_and_the_ledger_on_its_own(tmp_path):
    """Every Chinese copy with its defaults into scratch folders writes the committed results byte for byte (results
    carry no language); the selections of 01 and 07 follow every table; the Chinese ledger on its own reads the
    committed results and says so; every documented form of its sections."""
    out = tmp_path / "zh"
    out.mkdir()   # papermill makes no folder for its output notebook
    for s in SOURCES[1:]:   # one after another: kernels papermill's command line starts at once can take the same TCP port
        run = subprocess.run([*PAPERMILL, str(ROOT / "notebooks" / "zh" / f"{s.stem}.ipynb"), str(out / f"{s.stem}.ipynb"),
                              "-p", "figures_dir", str(out / "f"), "-p", "results_dir", str(out / "r")],
                             capture_output=True, text=True, timeout=300)   # (jupyter_client#487; make's runs use ipc)
        assert run.returncode == 0, (s.stem, run.stderr[-1500:])
    for s in SOURCES[1:]:
        assert (out / "r" / f"{s.stem}.json").read_bytes() == (ROOT / "results" / f"{s.stem}.json").read_bytes(), s.stem
    for form in (["-p", "sections", "3"], ["-p", "sections", "3,5.1"], ["-y", "sections: [5.1]"]):
        ledger = subprocess.run([*PAPERMILL, str(ROOT / "notebooks" / "zh" / "00_claims_ledger.ipynb"), str(out / "00.ipynb"),
                                 *form, "-p", "figures_dir", str(out / "f0"), "-p", "results_dir", str(out / "r0")],
                                capture_output=True, text=True, timeout=300)
        assert ledger.returncode == 0, (form, ledger.stderr[-2000:])
        assert "已提交的 results/" in (out / "00.ipynb").read_text(encoding="utf-8")
    sections = {c["section"] for c in json.loads((out / "r0" / "00_claims_ledger.json").read_text())["claims"]}
    assert sections == {"5.1"}
    selection = subprocess.run([*PAPERMILL, str(ROOT / "notebooks" / "en" / "01_figure1_spot_checks.ipynb"), str(out / "01.ipynb"),
                                "-p", "categories", "electronics", "-p", "first_year", "2015", "-p", "last_year", "2017",
                                "-p", "figures_dir", str(out / "f1"), "-p", "results_dir", str(out / "r1")],
                               capture_output=True, text=True, timeout=300)
    assert selection.returncode == 0, selection.stderr[-2000:]
    res = json.loads((out / "r1" / "01_figure1_spot_checks.json").read_text())
    assert {c["scope"] for c in res["cells"]} == {"national", "electronics"} and {c["year"] for c in res["cells"]} == {2015, 2016, 2017}


def test_a_wrong_parameter_through_papermill_is_one_line_and_writes_no_output(tmp_path):
    proc = subprocess.run([*PAPERMILL, str(ROOT / "notebooks" / "en" / "07_spot_checks_since_2018.ipynb"), str(tmp_path / "o.ipynb"),
                           "-p", "lang", "ZH", "-p", "figures_dir", str(tmp_path / "f"), "-p", "results_dir", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "ParameterError: parameter 'lang' got 'ZH'" in proc.stderr
    assert not (tmp_path / "f").exists() and not (tmp_path / "r").exists()


def test_plain_papermill_rewrites_the_same_bytes_and_writes_over_a_copy_is_caught(tmp_path):
    """A committed copy re-run with plain `papermill in out`, from the top folder and from its own folder, writes
    the committed figures and results unchanged; papermill writing over a committed copy with other parameters
    cannot be stopped before it starts, and make check's freshness check names the copy."""
    repo = clone(tmp_path)
    for cwd, nb in ((repo, "notebooks/zh/02_raw_milk_cell_counts.ipynb"), (repo / "notebooks" / "en", "06_additive_manufacturing_scenarios.ipynb")):
        proc = subprocess.run([*PAPERMILL, nb, str(tmp_path / "out.ipynb")], cwd=cwd, env=env_for(repo),
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
    assert status(repo) == ""
    copy = "notebooks/en/02_raw_milk_cell_counts.ipynb"
    subprocess.run([*PAPERMILL, copy, copy, "-p", "lang", "zh", "-p", "figures_dir", str(tmp_path / "f"), "-p",
                    "results_dir", str(tmp_path / "r")], cwd=repo, env=env_for(repo), capture_output=True, timeout=300)
    assert status(repo).strip() == f"M {copy}"
    check = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True)
    assert copy in check.stdout


def test_another_copys_code_never_writes_this_copys_committed_folders(tmp_path):
    repo, other = clone(tmp_path), clone(tmp_path, "other")
    proc = subprocess.run([*PAPERMILL, "notebooks/en/02_raw_milk_cell_counts.ipynb", str(tmp_path / "o.ipynb")], cwd=repo,
                          env=env_for(other), capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "which this run may not change" in proc.stderr and status(repo) == ""


@pytest.mark.parametrize("sig,after", [(signal.SIGINT, 1.5), (signal.SIGINT, 7.0), (signal.SIGTERM, 4.0),
                                       (signal.SIGKILL, 3.0), (signal.SIGKILL, 9.0)])
def test_after_an_interrupt_the_next_run_brings_every_output_up_to_date(tmp_path, sig, after):
    """Ctrl-C (SIGINT to make's process group), SIGTERM to make, or SIGKILL to the top make alone: no job is left
    writing, the interrupted copies are not taken as done, and the next run finishes them."""
    repo = clone(tmp_path)
    retitle(repo)
    before = processes(repo)
    run = make(repo, "reproduce", "JOBS=2")
    time.sleep(after)
    (os.killpg if sig == signal.SIGINT else os.kill)(run.pid, sig)
    output, _ = run.communicate(timeout=120)
    assert leftovers(repo, before) == [], output[-1500:]
    if sig == signal.SIGINT:   # make's own lines, and one line per interrupted notebook
        assert "Traceback" not in output and len(output.splitlines()) <= 20, output
    assert not up_to_date(repo) or shows(repo, "(retitled)"), "an interrupted copy is taken as done"
    rerun = make(repo, "reproduce")
    output, _ = rerun.communicate(timeout=600)
    assert rerun.returncode == 0 and up_to_date(repo) and shows(repo, "(retitled)"), output[-2000:]


def test_two_runs_at_once_in_one_tree_are_serialised(tmp_path):
    repo = clone(tmp_path)
    retitle(repo)
    first = make(repo, "reproduce")
    time.sleep(2)
    second = make(repo, "reproduce")
    out1, _ = first.communicate(timeout=600)
    out2, _ = second.communicate(timeout=600)
    assert first.returncode == 0 and second.returncode == 0, out1[-1500:] + out2[-1500:]
    assert "another make reproduce is running in this tree" in out2 and shows(repo, "(retitled)") and up_to_date(repo)


def test_many_kernels_at_once_and_a_quiet_successful_run(tmp_path):
    repo = clone(tmp_path)
    os.utime(repo / "src" / "compendium" / "__init__.py")
    run = make(repo, "reproduce", "JOBS=8")
    output, _ = run.communicate(timeout=1200)
    assert run.returncode == 0 and status(repo) == "", output[-3000:]
    noise = [line for line in output.splitlines() if not line.startswith(("setpriv ", "mv ", "mkdir "))]
    assert noise == [], noise[:5]


def test_a_kernel_that_dies_at_start_fails_the_run_within_seconds(tmp_path):
    repo = clone(tmp_path)
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({"argv": [sys.executable, "-c", "raise SystemExit(3)", "{connection_file}"],
                                                  "display_name": "dies", "language": "python"}))
    retitle(repo)
    start, before = time.monotonic(), processes(repo)
    run = make(repo, "reproduce", env=env_for(repo, JUPYTER_PATH=str(tmp_path / "jupyter")))
    output, _ = run.communicate(timeout=300)
    assert run.returncode != 0 and time.monotonic() - start < 120 and not shows(repo, "(retitled)"), output[-2000:]
    assert leftovers(repo, before) == []


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_everything_runs_without_a_network(tmp_path):
    repo = clone(tmp_path)
    retitle(repo, "05_international_practice")
    proc = subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up && make --no-print-directory reproduce"], cwd=repo,
                          env=env_for(repo), capture_output=True, text=True, timeout=900)
    if "Operation not permitted" in proc.stderr:
        pytest.skip("this machine cannot make a network namespace")
    assert proc.returncode == 0 and shows(repo, "(retitled)", "05_international_practice"), proc.stdout[-2000:] + proc.stderr[-2000:]


def test_a_home_or_matplotlib_folder_that_cannot_be_written_leaves_no_warning_in_the_notebooks(tmp_path):
    """The Makefile sets matplotlib's folder itself, whatever the environment says."""
    repo = clone(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    retitle(repo)
    env = env_for(repo, HOME=str(locked), MPLCONFIGDIR=str(locked / "mpl"))
    run = make(repo, "reproduce", env=env)
    output, _ = run.communicate(timeout=900)
    assert run.returncode == 0 and shows(repo, "(retitled)"), output[-2000:]   # a warning in a notebook fails the run
    assert "MPLCONFIGDIR" not in "".join((repo / "notebooks" / lang / "02_raw_milk_cell_counts.ipynb").read_text()
                                         for lang in ("en", "zh"))


def test_fresh_finds_a_committed_output_that_differs_or_is_missing_and_a_stray_one(tmp_path):
    repo = clone(tmp_path)
    (repo / "figures" / "en" / "milk_limits.png").write_bytes(b"not the figure")
    (repo / "results" / "06_additive_manufacturing_scenarios.json").unlink()
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "damage"], check=True)
    (repo / "figures" / "zh" / "stray.png").write_bytes(b"x")
    run = make(repo, "fresh")
    output, _ = run.communicate(timeout=1200)
    assert run.returncode != 0 and "written by no notebook" in output, output[-2000:]
    for named in ("figures/en/milk_limits.png", "results/06_additive_manufacturing_scenarios.json", "figures/zh/stray.png"):
        assert named in output, (named, output[-2000:])
