"""Where things are. Folders are found from the repository root, so code runs from any folder."""
from __future__ import annotations

import os
import pathlib

PACKAGE_DIR = pathlib.Path(__file__).resolve().parent
FONT_DIR = PACKAGE_DIR / "presentation" / "fonts"


def find_root(start: pathlib.Path | None = None) -> pathlib.Path:
    """The repository root: ``$COMPENDIUM_ROOT``, else the first folder at or above ``start`` (default:
    the current folder) holding ``data/datapackage.json``, else the folder above ``src/`` of an editable install."""
    if os.environ.get("COMPENDIUM_ROOT"):
        return pathlib.Path(os.environ["COMPENDIUM_ROOT"]).resolve()
    here = (start or pathlib.Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder
    fallback = PACKAGE_DIR.parents[1]
    if (fallback / "data" / "datapackage.json").is_file():
        return fallback
    raise FileNotFoundError(
        f"no compendium found at or above {here}: expected a folder holding data/datapackage.json. "
        "Run from inside the repository or set COMPENDIUM_ROOT."
    )

