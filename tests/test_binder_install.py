"""Issue 21: Binder's way of installing works without the lock file or make.

repo2docker builds from environment.yml (conda gives Python 3.11 and pip; pip installs the `pip:` list) and then runs
postBuild. This test does the same without conda: a new virtual environment on Python 3.11, `pip install` of exactly
the `pip:` list (from the package index pip is configured with), postBuild with that environment first on PATH, then
one notebook executed with papermill in the clone. The list must be complete: pip adds no package of its own
choosing that postBuild does not remove again (rfc3987-syntax and lark, which jsonschema[format-nongpl] asks for and
the lock leaves out), so the environment ends as exactly the list plus the compendium. postBuild must install the
compendium and JupyterLab's save hook, and the notebook's default run must rewrite the committed figure and results
byte for byte. Time and package count are printed (pytest -s).
"""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from tests.conftest import ROOT

CANDIDATES = [os.path.expanduser("~/.pyenv/versions/3.11.7/bin/python"), "/root/.pyenv/versions/3.11.7/bin/python",
              shutil.which("python3.11")]


def _python311():
    for path in CANDIDATES:
        if path and os.path.exists(path):
            ok = subprocess.run([path, "-c", "import sys; sys.exit(sys.version_info[:2] != (3, 11) or sys.version_info < (3, 11, 5))"])
            if ok.returncode == 0:
                return path
    return None


PYTHON311 = _python311()
pytestmark = [pytest.mark.slow, pytest.mark.once,
              pytest.mark.skipif(PYTHON311 is None, reason="needs a Python 3.11.5+ (environment.yml asks for 3.11)"),
              pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git clone of the repository")]
NOTEBOOK = "06_additive_manufacturing_scenarios"


def _pip_list(environment_yml) -> list[str]:
    spec = yaml.safe_load(environment_yml.read_text(encoding="utf-8"))
    pythons = [d for d in spec["dependencies"] if isinstance(d, str) and d.startswith("python=")]
    assert pythons == ["python=3.11"], pythons
    return next(d["pip"] for d in spec["dependencies"] if isinstance(d, dict) and "pip" in d)


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _installed(venv) -> dict[str, str]:
    return {_normal(p["name"]): p["version"] for p in json.loads(subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True).stdout)}


def test_environment_yml_and_postbuild_make_a_working_environment(tmp_path):
    repo = tmp_path / "compendium"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    for name in ("environment.yml", "postBuild"):   # the files under test, committed or not
        shutil.copy2(ROOT / name, repo / name)
    (repo / "requirements.lock").unlink()   # Binder never reads it
    (repo / "Makefile").unlink()            # nor make
    committed = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True).stdout
    wanted = _pip_list(repo / "environment.yml")
    venv = tmp_path / "env"
    env = {k: v for k, v in os.environ.items() if k not in ("COMPENDIUM_ROOT", "VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join([str(venv / "bin")] + [p for p in env["PATH"].split(os.pathsep)
                                                          if not p.startswith(sys.prefix)])
    start = time.monotonic()
    subprocess.run([PYTHON311, "-m", "venv", str(venv)], check=True)
    before = {_normal(p["name"]) for p in json.loads(subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True).stdout)}
    proc = subprocess.run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", *wanted], env=env,
                          capture_output=True, text=True, timeout=3600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    installed = _installed(venv)
    pins = {_normal(name): version for name, version in (w.split("==") for w in wanted)}
    added_by_pip = sorted(set(installed) - set(pins) - before)
    assert {n: installed.get(n) for n in pins} == pins
    install_seconds = time.monotonic() - start

    proc = subprocess.run(["bash", str(repo / "postBuild")], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    installed = _installed(venv)
    added = sorted(set(installed) - set(pins) - before - {"compendium"})
    assert added == [], f"packages environment.yml does not list, added by pip and left by postBuild: {added}"
    assert {n: installed.get(n) for n in pins} == pins and "rfc3987-syntax" not in installed
    hook = json.loads((venv / "etc" / "jupyter" / "jupyter_server_config.json").read_text())
    assert hook["ContentsManager"]["pre_save_hook"] == "compendium.ipynb.pre_save"
    assert json.loads((venv / "etc" / "ipython" / "ipython_kernel_config.json").read_text())["IPKernelApp"]["log_level"] == "CRITICAL"
    kernels = subprocess.run([venv / "bin" / "jupyter", "kernelspec", "list", "--json"], env=env, capture_output=True,
                             text=True, check=True)
    assert json.loads(kernels.stdout)["kernelspecs"]["python3"]["resource_dir"].startswith(str(venv))
    setup_seconds = time.monotonic() - start

    proc = subprocess.run([venv / "bin" / "papermill", f"{NOTEBOOK}.ipynb", str(tmp_path / "out.ipynb"), "-k", "python3",
                           "--no-progress-bar"], cwd=repo / "notebooks" / "zh", env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    imported = subprocess.run([venv / "bin" / "python", "-c", "import compendium; print(compendium.__file__)"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert imported.startswith(str(venv)), imported   # the installed copy, as on Binder
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True).stdout
    assert status == committed, status   # the figure and results written again, byte for byte
    print(f"\nBinder-like install on Python {PYTHON311}: the {len(wanted)} packages of environment.yml (and "
          f"{', '.join(sorted(before))} of the new environment; pip added {', '.join(added_by_pip) or 'nothing'}) in "
          f"{install_seconds:.0f} s; with postBuild (removing what pip added, the compendium, the kernel, the save hook) "
          f"{setup_seconds:.0f} s; then {NOTEBOOK} through papermill in "
          f"{time.monotonic() - start - setup_seconds:.0f} s")
