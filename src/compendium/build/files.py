"""Writing output files atomically (a failed or interrupted write never leaves half a file behind), and the one
test of whether a folder can be written."""
from __future__ import annotations

import os
import pathlib
import tempfile
from typing import Callable


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, write: Callable[[str], None]) -> pathlib.Path:
    """Call ``write(tmp)`` to fill a temporary file beside ``path``, then move it into place. The file gets
    the permissions an ordinary ``open(path, "w")`` would give (0666 less the umask), not mkstemp's 0600."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def unwritable(folder: str | os.PathLike) -> str | None:
    """Why this process cannot create or write ``folder``, or None when it can: the nearest folder at or above
    it that exists must be a folder in which an entry can be made. Tried, not judged from permission bits (which
    say little to root, or on a read-only mount); nothing is left behind and ``folder`` is not created."""
    existing = pathlib.Path(folder).absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is not a folder"
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".compendium-probe-", dir=existing))
    except OSError as err:
        return f"{existing} cannot be written ({err.strerror})"
    return None
