"""Odd machines (issue 13, environment family): a Windows line-ending clone, an unwritable HOME, a kernel that
dies as it starts. (A .venv made by another Python: tests/test_environment.py.) Each asserts the exit status,
the message, and that `git status --porcelain` of the copy of the repository it ran in is unchanged."""
import json
import os
import shutil
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


# ---- issue 21: one tree's code never writes another tree; make never deletes another clone's environment ----

SELF = [sys.executable, "-m", "compendium", "reproduce", SMALL]


def test_compendium_root_naming_another_clone_is_refused_with_both_trees(tmp_path):
    """`COMPENDIUM_ROOT=<another clone> make reproduce` rewrote that clone's outputs with this clone's code."""
    other = _clone(tmp_path)
    proc = subprocess.run(SELF, cwd=ROOT, env=os.environ | {"COMPENDIUM_ROOT": str(other)}, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1
    assert f"the code of the compendium at {ROOT}" in proc.stderr and f"those of {other} (chosen by COMPENDIUM_ROOT)" in proc.stderr
    assert f"`make reproduce` in {other}" in proc.stderr and "nothing was written" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _git(other, "status", "--porcelain", "--ignored") == ""


def test_another_clones_code_is_refused_in_this_clone(tmp_path):
    """Running a clone's notebooks with another clone's .venv ran the other clone's code and wrote its outputs here
    (PYTHONPATH stands for that .venv's editable install: the package is imported from the other clone)."""
    here, there = _clone(tmp_path / "a"), _clone(tmp_path / "b")
    proc = subprocess.run(SELF, cwd=here, env=os.environ | {"PYTHONPATH": str(there / "src"), "PYTHONDONTWRITEBYTECODE": "1"},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert f"the code of the compendium at {there}" in proc.stderr and f"those of {here}, a different tree" in proc.stderr
    assert [_git(r, "status", "--porcelain", "--ignored") for r in (here, there)] == ["", ""]


def test_an_installed_copy_must_match_the_trees_code(tmp_path, monkeypatch):
    """`pip install .` (Binder's postBuild) copies the code into site-packages: accepted while it is the tree's own."""
    from compendium.build import runner

    site = tmp_path / "site-packages" / "compendium"
    shutil.copytree(ROOT / "src" / "compendium", site, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(runner, "PACKAGE_DIR", site)
    runner.require_own_code(ROOT)
    (site / "build" / "runner.py").write_text("# edited after the install\n", encoding="utf-8")
    with pytest.raises(runner.RunError, match=f"an installed copy in {site}.*those of {ROOT}, whose code is not the same"):
        runner.require_own_code(ROOT)


def _make(repo, *args):
    return subprocess.run(["make", "-C", str(repo), *args], capture_output=True, text=True, timeout=120)


def test_make_never_deletes_another_clones_venv(tmp_path):
    """`make reproduce VENV=<another clone's .venv>` deleted that environment and rebuilt it for this clone."""
    here, there = _clone(tmp_path / "a"), _clone(tmp_path / "b")
    venv = there / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("#!/bin/sh\n")
    (venv / ".compendium-tree").write_text(str(there))   # made by make in the other clone
    proc = _make(here, "reproduce", f"VENV={venv}", f"PYTHON={sys.executable}")
    assert proc.returncode != 0
    assert f"VENV={venv} is not an environment of this compendium ({here})" in proc.stderr
    assert "nothing was removed" in proc.stderr and "Leave VENV unset" in proc.stderr
    assert (venv / "bin" / "python").read_text() == "#!/bin/sh\n"


def test_a_missing_python_is_not_advised_back():
    """`make PYTHON=python3.12` where python3.12 does not exist advised exactly that command."""
    missing = "python3.99"
    proc = _make(ROOT, "test", f"PYTHON={missing}", "VENV=/nonexistent/venv")
    assert proc.returncode != 0
    assert f"PYTHON={missing} is not a Python" in proc.stderr and "it does not run" in proc.stderr
    advice = proc.stderr.split("it does not run);")[1]
    assert f"PYTHON={missing}" not in advice
    suggested = advice.split("make PYTHON=")[1].split()[0]
    if "found on PATH" in advice:
        ok = subprocess.run([suggested, "-c", "import sys; sys.exit(sys.version_info < (3, 11, 5))"])
        assert ok.returncode == 0, f"{suggested} is advised but is not a Python 3.11.5 or newer"


def test_the_checksum_advice_for_line_ending_damage_works(tmp_path):
    """An older clone checked out with core.autocrlf=true before data/.gitattributes existed keeps CRLF data files
    that git considers unchanged; the message's command must restore them (the old advice staged the deletion of
    every data file, then failed)."""
    from compendium.analysis import data

    repo = _clone(tmp_path, "-c", "core.autocrlf=true")
    attributes = repo / ".git" / "info" / "attributes"
    attributes.write_text("* text=auto !eol\n")   # as before .gitattributes: converted on checkout
    for path in (repo / "data").glob("*.csv"):
        path.unlink()
    _git(repo, "checkout", "--", "data")
    time.sleep(1.1)                 # the index, written later than the files, records them as they are
    _git(repo, "add", "--refresh", "data")
    _git(repo, "status")
    attributes.unlink()
    assert b"\r\n" in (repo / "data" / "claims.csv").read_bytes() and _git(repo, "status", "--porcelain") == ""
    with pytest.raises(data.DataError) as err:
        data.load(repo / "data")
    message = str(err.value)
    assert "Windows line endings" in message
    command = message.split("then `")[1].split("`")[0]
    assert command == "git rm -r -q --cached data && git checkout HEAD -- data"
    subprocess.run(["sh", "-c", command], cwd=repo, check=True)
    data.load(repo / "data")
    assert _git(repo, "status", "--porcelain") == ""


def test_readme_check_fails_on_github_while_binder_links_are_placeholders(monkeypatch):
    from compendium.build import readme

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for slug, ref in readme.links_in(text):
        text = text.replace(f"/gh/{slug}/{ref}", "/gh/OWNER/REPO/main")
    monkeypatch.setattr(readme, "remote_slug", lambda root: None)   # a checkout whose origin is not GitHub
    for name in ("GITHUB_ACTIONS", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    assert not [p for p in readme.check(ROOT, text) if "OWNER/REPO" in p]      # a local clone: placeholders allowed
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert [p for p in readme.check(ROOT, text) if "read OWNER/REPO on GitHub" in p]
    monkeypatch.setenv("GITHUB_REPOSITORY", "example-org/quality-compendium")
    problems = readme.check(ROOT, text)
    assert any("OWNER/REPO/main" in p and "github.com/example-org/quality-compendium" in p for p in problems), problems
    fresh = readme.generate(ROOT, text)
    assert readme.links_in(fresh) == {("example-org/quality-compendium", "main")}


def test_github_actions_runs_the_test_and_check_commands_on_push():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))   # YAML 1.1 reads the key `on` as true
    assert "push" in triggers
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(r.startswith("make test") for r in runs) and any(r.startswith("make check") for r in runs)
