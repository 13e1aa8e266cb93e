"""Where things are, and how a file is put in place. A relative path given to a notebook is read from the compendium's top folder, ROOT, never
from the folder the caller happens to be in, so `papermill notebooks/x.ipynb out.ipynb` from the top folder,
papermill run in notebooks/ and JupyterLab all read the same data/ and write the same figures/ and results/."""
from __future__ import annotations

import os
import pathlib
import tempfile
from typing import Callable

PACKAGE_DIR = pathlib.Path(__file__).resolve().parent
FONT_FILE = PACKAGE_DIR / "fonts" / "NotoSansCJKsc-Regular-subset.otf"   # SIL OFL 1.1, see fonts/OFL.txt
COMMITTED = ("data", "notebooks", "figures", "results")   # a compendium's committed folders


def tree_of(folder: pathlib.Path) -> pathlib.Path | None:
    """The compendium tree (a folder holding data/datapackage.json and notebooks/) at or above ``folder``."""
    for candidate in (folder, *folder.parents):
        if (candidate / "data" / "datapackage.json").is_file() and (candidate / "notebooks").is_dir():
            return candidate
    return None


# The tree this code belongs to (an editable install, as make and CI set up); otherwise (a package installed into
# site-packages, as on Binder) the tree around the folder the process started in.
ROOT = tree_of(PACKAGE_DIR) or tree_of(pathlib.Path.cwd().resolve())


def resolve(path: str | pathlib.Path) -> pathlib.Path:
    """``path`` as an absolute path: a relative one is read from ROOT."""
    path = pathlib.Path(path).expanduser()
    if path.is_absolute():
        return path.resolve()
    if ROOT is None:
        raise FileNotFoundError(f"'{path}' is relative, but no compendium (a folder holding data/datapackage.json and "
                                f"notebooks/) was found at or above {PACKAGE_DIR} or {pathlib.Path.cwd()}: give an "
                                "absolute path, or run from inside the compendium")
    return (ROOT / path).resolve()


def _same(a: pathlib.Path, b: pathlib.Path) -> bool:
    """Whether two existing paths are one file or folder (device and inode): a link or a bind mount of a folder
    is that folder."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def committed_part(folder: pathlib.Path) -> tuple[pathlib.Path, str, bool] | None:
    """(tree, part, exact) when ``folder`` lies in a compendium tree: ``part`` is the first folder under the tree
    it lies in ('' for the top folder itself), ``exact`` whether it is that folder itself. The tree is found by
    the path (a folder holding data/datapackage.json and notebooks/) and, for ROOT, by identity, so a committed
    folder reached through a link or a bind mount is found too."""
    tree = tree_of(folder)
    if tree is not None:
        relative = folder.relative_to(tree).parts
        return tree, (relative[0] if relative else ""), len(relative) <= 1
    if ROOT is None:
        return None
    for depth, candidate in enumerate((folder, *folder.parents)):
        if not candidate.exists():
            continue
        if _same(candidate, ROOT):
            return ROOT, "", depth == 0
        for part in (*COMMITTED, "build"):
            if _same(candidate, ROOT / part):
                return ROOT, part, depth == 0
    return None


def atomic_write(path: str | os.PathLike, write: Callable[[str], None]) -> pathlib.Path:
    """Call ``write(tmp)`` to fill a temporary file beside ``path``, then rename it into place: an interrupted or
    failed write leaves the old file (or none), never half a file. Permissions as open(path, 'w') gives them."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path
