"""Every command in the README works when pasted into a fresh clone, in order, as a reader would: `make reproduce`
(the environment made from the lock, every notebook run), `make test`, the papermill line; each leaves `git status`
clean. A second `make reproduce` runs nothing: git sets file times at checkout, so only the first may run."""
import os
import re
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.once,
              pytest.mark.skipif(not (ROOT / ".git").exists(), reason="clones the repository: needs a git checkout")]


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [re.sub(r"\s+#.*$", "", line).strip() for block in re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)
            for line in block.splitlines() if line.strip()]


def sh(repo, command):
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH") and not k.startswith("PYTEST")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(sys.prefix))
    env["PYTHON"] = sys.executable if sys.base_prefix == sys.prefix else os.path.join(sys.base_prefix, "bin", "python3")
    return subprocess.run(["sh", "-c", command], cwd=repo, env=env, capture_output=True, text=True, timeout=1800)


def status(repo):
    return subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True).stdout


def test_every_readme_command_works_in_a_fresh_clone(tmp_path):
    commands = readme_commands()
    assert commands[:2] == ["make reproduce", "make test"] and any("papermill" in c for c in commands), commands
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    for command in commands:
        proc = sh(repo, command)
        assert proc.returncode == 0, (command, proc.stdout[-2000:], proc.stderr[-3000:])
        assert status(repo) == "", (command, status(repo))
    start = time.monotonic()
    again = sh(repo, "make reproduce")
    assert again.returncode == 0 and "compendium.ipynb" not in again.stdout and time.monotonic() - start < 5, again.stdout
