"""Slow robustness checks (pytest -m slow; run by `make check` and CI): many kernels at once, dead kernels,
interrupts, no network, papermill used directly, another data folder, and determinism. The fast suite
(`make test`) skips them."""
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import nbformat
import pytest

from compendium.build import notebooks as registry

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
NOTEBOOKS = [ROOT / "notebooks" / f"{name}.ipynb" for name in registry.names()]


def _mini_root(tmp_path, inject=None):
    """A throw-away compendium: copies of the registry's notebook sources (with a cell injected), the real data
    and code (linked: the runner runs only a tree's own code), sentinel outputs."""
    root = tmp_path / "root"
    (root / "notebooks").mkdir(parents=True)
    os.symlink(ROOT / "data", root / "data")
    os.symlink(ROOT / "src", root / "src")
    for source in {nb.source_path for nb in registry.NOTEBOOKS}:
        nb = nbformat.read(ROOT / "notebooks" / source, as_version=4)
        if inject:
            nb.cells.insert(3, nbformat.v4.new_code_cell(inject))
        nbformat.write(nb, root / "notebooks" / source)
    for sub in ("figures", "results"):
        (root / sub).mkdir()
        (root / sub / "sentinel.txt").write_text("committed output")
    return root


def _snapshot(root):
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".staging-" not in str(p)}



def _processes_mentioning(text):
    """Live processes whose command line contains ``text`` (read from /proc)."""
    found = []
    for cmdline in pathlib.Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if any(text in a for a in args):
            found.append(" ".join(args))
    return found


def test_dead_kernel_leaves_everything_as_it_was(tmp_path):
    from compendium.build import runner

    root = _mini_root(tmp_path, inject="import os; os._exit(1)")
    before = _snapshot(root)
    with pytest.raises(runner.RunError, match="Nothing was written"):
        runner.reproduce(["04_quality_management_surveys"], root=root)
    assert _snapshot(root) == before and not list(root.glob(".staging-*"))


@pytest.mark.parametrize("sig,group", [(signal.SIGINT, False), (signal.SIGINT, True), (signal.SIGTERM, False),
                                       (signal.SIGTERM, True)],
                         ids=["kill -INT", "Ctrl-C (the process group)", "kill (SIGTERM)", "SIGTERM to the group"])
def test_interrupt_leaves_everything_as_it_was_and_no_process_behind(tmp_path, request, sig, group):
    """Issue 21: one line, no traceback, no temporary folder (compendium-stage-*, cpk-*) and no process left."""
    started = tmp_path / "started"
    root = _mini_root(tmp_path, inject=f"import pathlib, time; pathlib.Path({str(started)!r}).touch(); time.sleep(30)")
    # The staging tree, the kernels' connection files and sockets go here, so every process of the run names it.
    # A short folder: under a long one (pytest's tmp_path) the runner puts the sockets in /tmp instead, since a
    # Unix socket's path must stay under 108 bytes.
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="intr-", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(scratch, ignore_errors=True))
    before = _snapshot(root)
    proc = subprocess.Popen([sys.executable, "-m", "compendium", "reproduce", "07_spot_checks_since_2018",
                             "04_quality_management_surveys"], cwd=root,
                            env=os.environ | {"COMPENDIUM_ROOT": str(root), "TMPDIR": str(scratch),
                                                  "JUPYTER_RUNTIME_DIR": str(scratch)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    # Interrupt a run while a notebook is running in its kernel (the injected cell has begun), however slow the
    # machine: a signal while the fork server starts is ignored by design (see runner.uninterruptible).
    deadline = time.monotonic() + 120
    while not started.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert started.exists() and proc.poll() is None, "the run ended before any notebook began its injected cell"
    assert list(scratch.glob("cpk-*/*-ipc-*")), "the kernels' sockets are not in the scratch folder"
    os.killpg(proc.pid, sig) if group else proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, err
    assert err.count("\n") == 1 and err.startswith("stopped by ") and "Traceback" not in err, err
    assert "nothing was written" in err
    assert _snapshot(root) == before and not list(root.glob(".staging-*"))
    time.sleep(0.5)
    assert _processes_mentioning(str(scratch)) == [] and list(scratch.iterdir()) == []


def test_many_kernels_at_once_never_collide(tmp_path):
    """Issue 12: with TCP ports, kernels started together by several processes collided ("Address already in
    use"). Over ipc sockets every kernel has its own files: every notebook of the compendium, 8 at once, three
    rounds, then 24 tiny notebooks (kernels starting almost together), 8 at once, three rounds; no failure."""
    from compendium.build import runner

    for round_ in range(3):
        proc = subprocess.run([sys.executable, "-m", "compendium", "reproduce", "--jobs", "8",
                               "--out", str(tmp_path / f"round{round_}")], cwd=ROOT, capture_output=True, text=True,
                              timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
    tiny = tmp_path / "tiny.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                                         nbformat.v4.new_code_cell("x + 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tiny)
    jobs = [runner.Job(f"t{i:02d}", tiny, {"x": i}) for i in range(24)]
    failures = []
    for _ in range(3):
        with runner.staging(ROOT) as (stage, sockets):
            failures += [o for o in runner.execute_in(stage, sockets, jobs, 8) if not o.ok]
    assert failures == []


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"),
                    reason="needs root, unshare and ip to run in a namespace without a network")
def test_everything_runs_without_a_network(tmp_path):
    """Every notebook in a network namespace that has only loopback (kernels talk to papermill over Unix sockets)."""
    cmd = f"ip link set lo up && {sys.executable} -m compendium reproduce --out {tmp_path}"
    proc = subprocess.run(["unshare", "-n", "sh", "-c", cmd], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(list((tmp_path / "results").glob("*.json"))) == len(NOTEBOOKS)


def _papermill(nb, out, *args, cwd=ROOT / "notebooks"):
    return subprocess.run([sys.executable, "-m", "papermill", str(nb), str(out), "-k", "python3", "--no-progress-bar", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def test_papermill_directly_in_chinese_for_every_notebook(tmp_path):
    procs = []
    for nb in NOTEBOOKS:
        args = ["-p", "lang", "zh", "-p", "figures_dir", str(tmp_path / "f"), "-p", "results_dir", str(tmp_path / "r")]
        procs.append((nb, subprocess.Popen([sys.executable, "-m", "papermill", str(nb), str(tmp_path / nb.name), "-k", "python3",
                                            "--no-progress-bar", *args], cwd=ROOT / "notebooks",
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
        if len([p for _, p in procs if p.poll() is None]) >= os.cpu_count():
            procs[-1][1].wait()
    for nb, p in procs:
        assert p.wait(timeout=300) == 0, (nb.name, p.stderr.read()[-1500:])
        text = (tmp_path / nb.name).read_text()
        assert "Glyph" not in text and "findfont" not in text, nb.name


@pytest.mark.parametrize("args", [["-p", "categories", "electronics,light_industry"],
                                  ["-y", "categories: [electronics, light_industry]"]])
def test_papermill_list_parameter_forms(tmp_path, args):
    proc = _papermill(ROOT / "notebooks" / "01_figure1_spot_checks.ipynb", tmp_path / "o.ipynb", *args,
                      "-p", "figures_dir", str(tmp_path / "f"), "-p", "results_dir", str(tmp_path / "r"))
    assert proc.returncode == 0, proc.stderr[-1500:]
    r = json.loads((tmp_path / "r" / "01_figure1_spot_checks.json").read_text())
    assert r["parameters"]["categories"] == ["electronics", "light_industry"]


@pytest.mark.parametrize("args,needle", [
    (["-p", "first_year", "2030"], "first_year"),
    (["-p", "first_year", "2018", "-p", "last_year", "2016"], "not after last_year"),
    (["-p", "categories", ""], "non-empty"),
    (["-p", "figures_dir", "/proc/forbidden"], "figures_dir"),
    (["-p", "first_year", "'2016'"], "whole year"),
])
def test_bad_parameters_through_papermill(tmp_path, args, needle):
    proc = _papermill(ROOT / "notebooks" / "01_figure1_spot_checks.ipynb", tmp_path / "o.ipynb", *args)
    assert proc.returncode != 0 and needle in proc.stderr


def test_another_data_folder_by_parameter(tmp_path):
    """A researcher's corrected copy of the data: the ledger follows it (here a value that makes a claim differ)."""
    from compendium.analysis import data

    copy = tmp_path / "mydata"
    shutil.copytree(ROOT / "data", copy)
    vals = copy / "claim_values.csv"
    vals.write_text(vals.read_text().replace("mici_rank_china,China's rank in the Made-In-Country Index 2017,49,",
                                             "mici_rank_china,China's rank in the Made-In-Country Index 2017,48,"))
    printed = copy / "printed_values.csv"   # the fragment read on the page changes with it
    printed.write_text(printed.read_text().replace("mici_rank_china,value,la 49,", "mici_rank_china,value,la 48,"))
    data.update_hashes(copy)
    proc = _papermill(ROOT / "notebooks" / "00_claims_ledger.ipynb", tmp_path / "o.ipynb", "-p", "data_dir", str(copy),
                      "-p", "figures_dir", str(tmp_path / "f"), "-p", "results_dir", str(tmp_path / "r"))
    assert proc.returncode == 0, proc.stderr[-1500:]
    r = json.loads((tmp_path / "r" / "00_claims_ledger.json").read_text())
    mici = next(c for c in r["claims"] if c["claim_id"] == "S3-mici-rank")
    assert mici["verdict"] == "differs" and mici["difference"] == 1


def test_two_runs_are_identical(tmp_path):
    from compendium.build import runner

    runner.reproduce(out=tmp_path / "a", root=ROOT)
    runner.reproduce(out=tmp_path / "b", root=ROOT)
    for sub in ("notebooks", "results"):
        for f in sorted((tmp_path / "a" / sub).iterdir()):
            assert f.read_bytes() == (tmp_path / "b" / sub / f.name).read_bytes(), f"{sub}/{f.name} differs between runs"


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_two_runs_in_one_process_under_other_start_methods(tmp_path, method):
    """Issue 12: under Python 3.14's default start method (forkserver) a second run in the same process failed,
    its workers inheriting the first run's state. Runs hold no state outside their own staging tree."""
    script = tmp_path / "twice.py"
    script.write_text(
        "import multiprocessing, pathlib, sys\n"
        "from compendium.build import runner\n"
        "if __name__ == '__main__':\n"
        f"    multiprocessing.set_start_method({method!r}, force=True)\n"
        "    for i in range(2):\n"
        "        runner.reproduce(['02_raw_milk_cell_counts', '05_international_practice'], jobs=2,\n"
        "                         out=pathlib.Path(sys.argv[1]) / str(i))\n")
    proc = subprocess.run([sys.executable, str(script), str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for i in range(2):
        name = "notebooks/02_raw_milk_cell_counts.ipynb"
        assert (tmp_path / str(i) / name).read_bytes() == (ROOT / name).read_bytes()
