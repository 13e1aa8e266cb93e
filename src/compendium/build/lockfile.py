"""The locked environment: requirements.lock (made by ``uv pip compile --universal --generate-hashes``, see
``make lock``) read as packages, and environment.yml (Binder, conda) generated from it.

``python -m compendium.build.lockfile`` prints environment.yml: conda supplies Python and pip only, and pip installs
every locked package that applies to Linux and the Binder Python, each as an exact pin, so Binder runs the same
versions as make, CI and a laptop. (A file named in ``pip:``, such as ``-r requirements.lock``, would make
repo2docker copy the repository before building the environment, and rebuild it on every commit.)
"""
from __future__ import annotations

import dataclasses
import pathlib
import sys

LOCK = "requirements.lock"  # beside pyproject.toml
BINDER_PYTHON = "3.11"  # conda's python for Binder; the lock holds every Python from requires-python up
ENV_NAME = "china-quality-compendium"


@dataclasses.dataclass(frozen=True)
class Locked:
    name: str          # as the lock spells it
    version: str
    marker: str        # "" when the package is needed everywhere
    hashes: tuple[str, ...]

    @property
    def key(self) -> str:
        """The normalised name (PEP 503), for comparing names across files."""
        from packaging.utils import canonicalize_name

        return canonicalize_name(self.name)

    def applies(self, python: str, platform: str = "linux") -> bool:
        """Whether pip installs this package on ``platform`` with Python ``python`` ("3.11" or "3.12.1")."""
        if not self.marker:
            return True
        from packaging.markers import Marker

        full = python if python.count(".") == 2 else f"{python}.99"
        env = {"python_version": ".".join(full.split(".")[:2]), "python_full_version": full,
               "sys_platform": platform, "platform_system": platform.capitalize(), "os_name": "posix",
               "implementation_name": "cpython", "platform_python_implementation": "CPython",
               "platform_machine": "x86_64"}
        return Marker(self.marker).evaluate(env)


def read(path: pathlib.Path) -> list[Locked]:
    """The packages of a pip requirements file with hashes, as uv writes it (``name==version ; marker \\``,
    then ``--hash=sha256:...`` lines and ``# via`` comments)."""
    entries: list[Locked] = []
    current: dict | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip().rstrip("\\").strip()
        if not line:
            continue
        if line.startswith("--hash="):
            if current is None:
                raise ValueError(f"{path.name}, line {number}: a hash before any package")
            current["hashes"].append(line.removeprefix("--hash="))
            continue
        requirement, _, marker = (part.strip() for part in line.partition(";"))
        name, sep, version = requirement.partition("==")
        if not sep or not name or not version:
            raise ValueError(f"{path.name}, line {number}: {raw.strip()!r} is not an exact pin (name==version)")
        if current:
            entries.append(Locked(**{**current, "hashes": tuple(current["hashes"])}))
        current = {"name": name.strip(), "version": version.strip(), "marker": marker, "hashes": []}
    if current:
        entries.append(Locked(**{**current, "hashes": tuple(current["hashes"])}))
    return entries


def environment_yml(entries: list[Locked], python: str = BINDER_PYTHON) -> str:
    pins = sorted((e for e in entries if e.applies(python)), key=lambda e: e.key)
    lines = [
        "# Generated from requirements.lock by `make lock` (python -m compendium.build.lockfile): do not edit.",
        "# Binder (repo2docker) and conda users: conda supplies Python and pip; pip installs every locked package",
        "# at its locked version. postBuild installs the compendium itself (--no-deps).",
        f"name: {ENV_NAME}",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={python}",
        "  - pip",
        "  - pip:",
        *(f"      - {e.name}=={e.version}" for e in pins),
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    from ..paths import find_root

    sys.stdout.write(environment_yml(read(find_root() / LOCK)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
