"""One locked environment: pyproject.toml says what is needed, requirements.lock (uv, with hashes) pins every
package, environment.yml (Binder) repeats the lock, and the .venv holds exactly the locked versions."""
import importlib.metadata
import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from compendium.build import lockfile
from tests.conftest import ROOT

PYTHONS = ("3.11.7", "3.12.1", "3.13.0")  # every Python the lock must serve (CI runs the oldest and newest)
LOCK = lockfile.read(ROOT / lockfile.LOCK)


def _project_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        reqs += [Requirement(r) for r in extra]
    return reqs


def test_every_locked_package_is_an_exact_pin_with_hashes():
    assert len(LOCK) > 100
    assert [e.name for e in LOCK if not e.hashes] == []
    assert all(h.startswith("sha256:") and len(h) == 71 for e in LOCK for h in e.hashes)
    keys = [e.key for e in LOCK]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == [], "a package locked twice"


@pytest.mark.parametrize("python", PYTHONS)
def test_lock_satisfies_pyproject_on_every_python(python):
    locked = {e.key: e for e in LOCK if e.applies(python)}
    problems = []
    for req in _project_requirements():
        entry = locked.get(canonicalize_name(req.name))
        if entry is None:
            problems.append(f"{req.name}: in pyproject.toml, not in requirements.lock for Python {python}")
        elif not req.specifier.contains(entry.version, prereleases=True):
            problems.append(f"{req.name}: locked {entry.version}, pyproject.toml asks {req.specifier}")
    assert problems == [], "requirements.lock is stale: run make lock\n" + "\n".join(problems)


def test_environment_yml_is_generated_from_the_lock():
    text = (ROOT / "environment.yml").read_text()
    assert text == lockfile.environment_yml(LOCK), "environment.yml differs from the lock: run make lock"


def test_environment_yml_gives_conda_python_and_pip_only_and_pins_every_locked_package():
    """Independent of the generator: read environment.yml as text."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert conda == [f"python={lockfile.BINDER_PYTHON}", "pip"]
    (pip,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[^=\s]+", line) for line in pip), "only exact pins, no -r or -e"
    pins = dict(line.split("==") for line in pip)
    expected = {e.name: e.version for e in LOCK if e.applies(lockfile.BINDER_PYTHON)}
    assert pins == expected
    assert "jupyterlab" in pins and "pytest-socket" in pins and "pillow" in {canonicalize_name(n) for n in pins}


def test_lock_parser_refuses_a_loose_requirement(tmp_path):
    bad = tmp_path / "requirements.lock"
    bad.write_text("pandas>=3\n    --hash=sha256:" + "0" * 64 + "\n")
    with pytest.raises(ValueError, match=r"line 1: 'pandas>=3' is not an exact pin"):
        lockfile.read(bad)


def test_markers_select_packages_by_python():
    papermill_aiohttp = [e for e in LOCK if e.key == "aiohttp"]
    if papermill_aiohttp:  # papermill needs aiohttp on Python 3.12 only
        assert papermill_aiohttp[0].applies("3.12.1") and not papermill_aiohttp[0].applies("3.11.7")
    assert not lockfile.Locked("x", "1", "sys_platform == 'win32'", ()).applies("3.11")


def test_installed_environment_is_the_lock():
    """The .venv running the tests holds every locked package at its locked version (make rebuilds it when the
    lock or the Python changes)."""
    python = ".".join(map(str, sys.version_info[:3]))
    wrong = []
    for e in LOCK:
        if not e.applies(python):
            continue
        try:
            have = importlib.metadata.version(e.name)
        except importlib.metadata.PackageNotFoundError:
            have = None
        if have != e.version:
            wrong.append(f"{e.name}: locked {e.version}, installed {have}")
    assert wrong == [], "run make (it reinstalls from requirements.lock)\n" + "\n".join(wrong)


def test_postbuild_installs_the_package_without_dependencies():
    post = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps ." in post


def test_a_venv_of_another_python_is_rebuilt(tmp_path):
    """make names its stamp after the Python asked for: a .venv made by another one is removed and made again."""
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / ".installed-python-0.0.1").touch()
    proc = subprocess.run(["make", "-n", "-C", str(ROOT), f"VENV={venv}", f"PYTHON={sys.executable}", "test"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f"rm -rf {venv}" in proc.stdout and f"-m venv {venv}" in proc.stdout
    (venv / f".installed-python-{'.'.join(map(str, sys.version_info[:3]))}").touch()
    proc = subprocess.run(["make", "-n", "-C", str(ROOT), f"VENV={venv}", f"PYTHON={sys.executable}", "test"],
                          capture_output=True, text=True)
    assert f"rm -rf {venv}" not in proc.stdout and "pytest" in proc.stdout
