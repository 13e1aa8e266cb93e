"""What the analysis ran on: the versions of the pinned packages (no timestamps, no machine paths)."""
from __future__ import annotations

from importlib import metadata

PACKAGES = ("compendium", "pandas", "numpy", "matplotlib", "seaborn", "statsmodels", "frictionless", "papermill")


def versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def show() -> None:
    print("Colophon: " + ", ".join(f"{k} {v}" for k, v in versions().items()))
