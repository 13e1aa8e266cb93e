"""environment.yml (Binder, conda) pins the same packages at the same versions as pyproject.toml."""
import re
import tomllib

from tests.conftest import ROOT


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = dict(re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", d).groups() for d in project["project"]["dependencies"])
    pins.update(dict(re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", d).groups() for d in project["project"]["optional-dependencies"]["test"]
                     if d.startswith("pytest==")))
    env = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"\s+- ([A-Za-z0-9_.\-]+)=([^=\s]+)$", line)
        if m:
            env[m.group(1)] = m.group(2)
    env.pop("python", None)
    assert {k.lower(): v for k, v in pins.items()} == env
