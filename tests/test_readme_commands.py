"""Issue 21: every command in the README works when pasted into a fresh clone after the two set-up commands.

A fresh clone runs the README's set-up commands (`make reproduce`, `make test`: the environment is made from the
lock, every notebook runs, the fast tests pass, the tree stays clean), then each other command of the README's
`sh` blocks, in order, from the clone's top folder, as a reader would paste it. Each must succeed and leave `git
status` clean; the command that restores committed files is run after the damage the README says it repairs
(papermill writing a failing run over its input notebook). The commands not run are listed with the reason.
"""
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git clone of the repository"),
              pytest.mark.skipif(not shutil.which("make"), reason="needs make")]

SETUP = ["make reproduce", "make test"]
NOT_RUN = {
    "make lab": "serves JupyterLab until stopped: tests/test_lab.py and tests/test_lab_browser.py start it",
    "make check": "its slow tests include this one",
}
RESTORE = "git checkout -- notebooks figures results"
# What the README says the restore command repairs: papermill writing a failing run over its input notebook.
DAMAGE = ("cd notebooks && ../.venv/bin/papermill 06_additive_manufacturing_scenarios.ipynb "
          "06_additive_manufacturing_scenarios.ipynb -k python3 -p top_n 0")


def readme_commands(text: str) -> list[str]:
    """Each command line of the README's sh blocks, without its comment."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def test_the_readme_commands_are_found():
    commands = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert set(SETUP) <= set(commands) and RESTORE in commands, commands


def _sh(repo, command, timeout=1800):
    env = {k: v for k, v in os.environ.items()
           if k not in ("COMPENDIUM_ROOT", "VIRTUAL_ENV", "PYTHONPATH") and not k.startswith("PYTEST")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(sys.prefix))   # not this environment: the clone's own
    return subprocess.run(["sh", "-c", command], cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)


def _status(repo):
    return subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True,
                          check=True).stdout


def test_every_readme_command_works_in_a_fresh_clone(tmp_path):
    repo = tmp_path / "compendium"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    commands = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))   # the README under test
    for command in SETUP:
        proc = _sh(repo, command)
        assert proc.returncode == 0, (command, proc.stdout[-2000:], proc.stderr[-3000:])
        assert _status(repo) == "", (command, _status(repo))
    ran = []
    for command in commands:
        if command in SETUP or command in NOT_RUN:
            continue
        if command == RESTORE:
            damage = _sh(repo, DAMAGE, timeout=300)
            assert damage.returncode != 0 and "top_n" in damage.stderr, damage.stderr[-2000:]
            assert _status(repo) == " M notebooks/06_additive_manufacturing_scenarios.ipynb\n", _status(repo)
        proc = _sh(repo, command, timeout=600)
        assert proc.returncode == 0, (command, proc.stdout[-2000:], proc.stderr[-3000:])
        assert _status(repo) == "", (command, _status(repo))
        ran.append(command)
    assert RESTORE in ran and any("papermill" in c for c in ran) and any("compendium reproduce" in c for c in ran), ran
    for out in ("build/zh/figures", "build/papermill/zh/figures"):   # where the README says the two runs write
        assert (repo / out / "figure1.png").is_file(), out
