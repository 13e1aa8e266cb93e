"""Odd machines (issue 13, environment family): a Windows line-ending clone, an unwritable HOME, a kernel that
dies as it starts. (A .venv made by another Python: tests/test_environment.py.) Each asserts the exit status,
the message, and that `git status --porcelain` of the copy of the repository it ran in is unchanged."""
import json
import os
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git clone of the repository")
SMALL = "02_raw_milk_cell_counts"  # a short notebook with a figure


def _git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def _clone(tmp_path, *options):
    repo = tmp_path / "compendium"
    subprocess.run(["git", "clone", "-q", *options, str(ROOT), str(repo)], check=True)
    return repo


def own_code(repo) -> dict[str, str]:
    """Environment that makes Python (and the kernels) import the clone's own code, which the runner requires."""
    return {"COMPENDIUM_ROOT": str(repo), "PYTHONPATH": str(repo / "src"), "PYTHONDONTWRITEBYTECODE": "1"}


def test_a_clone_with_windows_line_endings_reads_its_data_and_stays_clean(tmp_path):
    """core.autocrlf=true would turn LF into CRLF on checkout; .gitattributes pins LF, so every data file
    matches its sha256 and every notebook and output is the committed bytes."""
    repo = _clone(tmp_path, "-c", "core.autocrlf=true")
    assert _git(repo, "config", "core.autocrlf").strip() == "true"
    assert _git(repo, "status", "--porcelain") == ""
    crlf = [str(p.relative_to(repo)) for sub in ("data", "notebooks", "results", "figures")
            for p in (repo / sub).rglob("*") if p.is_file() and p.suffix != ".png" and b"\r\n" in p.read_bytes()]
    assert crlf == []
    proc = subprocess.run([sys.executable, "-c", "import sys; from compendium.analysis import data; data.load(sys.argv[1])",
                           str(repo / "data")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert _git(repo, "status", "--porcelain") == ""


def _reproduce(repo, out, env, *names, timeout=300):
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "compendium", "reproduce", *names, "--out", str(out)], cwd=repo,
                          env=os.environ | own_code(repo) | env, capture_output=True, text=True,
                          timeout=timeout)
    return proc, time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize("home", ["/proc/no-home", "/dev/null"])
def test_an_unwritable_home_leaves_no_warning_or_temporary_path_in_notebooks(tmp_path, home):
    repo = _clone(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "MPLCONFIGDIR")}
    proc = subprocess.run([sys.executable, "-m", "compendium", "reproduce", SMALL, "--out", str(tmp_path / "out")],
                          cwd=repo, env=env | {"HOME": home} | own_code(repo),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = (tmp_path / "out" / "notebooks" / f"{SMALL}.ipynb").read_text()
    assert "Matplotlib" not in text and "/tmp" not in text and "stderr" not in text
    assert text == (repo / "notebooks" / f"{SMALL}.ipynb").read_text()
    assert _git(repo, "status", "--porcelain", "--ignored") == ""


@pytest.mark.slow
def test_a_kernel_that_dies_at_start_fails_the_run_within_seconds(tmp_path):
    """A python3 kernelspec (found first through JUPYTER_PATH) whose process exits at once."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", "import sys; sys.exit(3)", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    repo = _clone(tmp_path)
    proc, seconds = _reproduce(repo, tmp_path / "out", {"JUPYTER_PATH": str(tmp_path / "jupyter")}, SMALL, timeout=120)
    assert proc.returncode == 1
    assert seconds < 30, f"took {seconds:.0f} s to notice a dead kernel"
    assert f"{SMALL}:" in proc.stderr and "Kernel died" in proc.stderr and "'python3' kernel did not start" in proc.stderr
    assert "jupyter kernelspec list" in proc.stderr and "Nothing was written" in proc.stderr
    assert not (tmp_path / "out").exists()
    assert _git(repo, "status", "--porcelain", "--ignored") == ""
