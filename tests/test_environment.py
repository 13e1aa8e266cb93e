"""One locked environment: pyproject.toml says what is needed, requirements.lock (uv, with hashes) pins every
package, environment.yml (Binder) repeats the lock's pins for Linux and Python 3.11, and the .venv holds exactly the
locked versions. Every file is read here on its own terms (packaging, yaml), whatever tool wrote it.

And one package is kept out: rfc3987-syntax, which jsonschema imports when it is there and which then builds its lark
grammars (~0.8 s in every papermill, nbconvert, JupyterLab and kernel start). The lock leaves it out through
pyproject.toml's [tool.uv] exclude-dependencies; Binder's pip adds it back for jsonschema[format-nongpl], so postBuild
removes it."""
import dataclasses
import importlib.metadata
import pathlib
import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

PYTHONS = ("3.11.7", "3.12.1", "3.13.0")  # every Python the lock must serve (CI runs the oldest and newest)
BINDER_PYTHON = "3.11"                     # conda's python in environment.yml
EXCLUDED = "rfc3987-syntax"                # kept out of every environment (see the module's docstring)


@dataclasses.dataclass(frozen=True)
class Locked:
    name: str
    version: str
    marker: str        # "" when the package is needed everywhere
    hashes: tuple[str, ...]

    @property
    def key(self) -> str:
        return canonicalize_name(self.name)

    def applies(self, python: str) -> bool:
        """Whether pip installs this package on x86-64 Linux with Python ``python`` ("3.11" is any 3.11.x)."""
        versions = [f"{python}.{patch}" for patch in (0, 5, 99)] if python.count(".") == 1 else [python]
        answers = {not self.marker or Marker(self.marker).evaluate(_linux(v)) for v in versions}
        assert len(answers) == 1, f"{self.name}: marker {self.marker!r} splits Python {python}"
        return answers.pop()


def _linux(python: str) -> dict:
    return {"python_version": ".".join(python.split(".")[:2]), "python_full_version": python,
            "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "platform_machine": "x86_64"}


def read_lock(path: pathlib.Path) -> list[Locked]:
    """uv's requirements file: ``name==version ; marker \\`` then its ``--hash=`` lines; anything else is refused."""
    text = re.sub(r"#.*", "", path.read_text(encoding="utf-8")).replace("\\\n", " ")
    entries = []
    for line in filter(str.strip, text.splitlines()):
        m = re.fullmatch(r"\s*([A-Za-z0-9._-]+)==(\S+?)\s*(?:;\s*(.*?))?((?:\s+--hash=\S+)+)\s*", line)
        assert m, f"{path.name}: {line.strip()[:80]!r} is not an exact pin with its hashes"
        entries.append(Locked(m.group(1), m.group(2), (m.group(3) or "").strip(), tuple(re.findall(r"--hash=(\S+)", m.group(4)))))
    return entries


LOCK = read_lock(ROOT / "requirements.lock")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _project_requirements():
    project = PYPROJECT["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        reqs += [Requirement(r) for r in extra]
    return reqs


def _environment_yml() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _binder_pins() -> dict[str, str]:
    env = _environment_yml()
    (pip,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[^=\s]+", line) for line in pip), "only exact pins, no -r or -e"
    return dict(line.split("==") for line in pip)


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


def test_environment_yml_gives_conda_python_and_pip_only_and_pins_exactly_the_lock_for_linux_and_python_311():
    conda = [d for d in _environment_yml()["dependencies"] if isinstance(d, str)]
    assert conda == [f"python={BINDER_PYTHON}", "pip"]
    pins = _binder_pins()
    expected = {e.name: e.version for e in LOCK if e.applies(BINDER_PYTHON)}
    assert pins == expected, "environment.yml differs from the lock: run make lock"
    assert list(pins) == sorted(pins, key=canonicalize_name)
    assert "jupyterlab" in pins and "pytest-socket" in pins and "pillow" in {canonicalize_name(n) for n in pins}


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


# rfc3987-syntax: out of the lock, environment.yml, Binder's environment and every import of jsonschema.

def test_postbuild_removes_what_pip_adds_back_on_binder():
    assert re.search(r"pip uninstall .*\brfc3987-syntax\b.*\blark\b", (ROOT / "postBuild").read_text(encoding="utf-8"))


def test_rfc3987_syntax_is_excluded_from_the_lock_and_environment_yml():
    assert EXCLUDED in PYPROJECT["tool"]["uv"]["exclude-dependencies"], "make lock would lock it again"
    locked = {e.key for e in LOCK}
    assert EXCLUDED not in locked, "requirements.lock has rfc3987-syntax: jsonschema imports it (~0.8 s each start)"
    assert "lark" not in locked, "lark (only rfc3987-syntax needs it) is locked: is the exclusion gone?"
    assert EXCLUDED not in {canonicalize_name(n) for n in _binder_pins()}
    uncommented = [line.split("#", 1)[0] for name in ("requirements.lock", "environment.yml")
                   for line in (ROOT / name).read_text(encoding="utf-8").splitlines()]
    assert [line for line in uncommented if re.search(r"rfc3987[-_.]syntax", line, re.I)] == []


def test_a_venv_of_another_python_is_kept_and_named(tmp_path):
    """make names its stamp after the Python asked for: a .venv made by another one is not removed; make says so."""
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / ".compendium").write_text(str(ROOT.resolve()) + "\n")
    (venv / ".installed-python-0.0.1").touch()
    proc = subprocess.run(["make", "-C", str(ROOT), f"VENV={venv}", f"PYTHON={sys.executable}", "test"],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "made with Python 0.0.1" in proc.stderr and "nothing was removed" in proc.stderr
    assert (venv / ".installed-python-0.0.1").exists()
