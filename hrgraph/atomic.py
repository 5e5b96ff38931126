"""Write files all-or-nothing: the destination holds the old bytes or the new ones, never a part."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hrgraph.errors import OutputError

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> bool:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    An existing file with other content is replaced only with ``overwrite=True``, so that nothing
    a user had is lost silently. Returns False when the file already held exactly these bytes.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name")
    if path.exists():
        if path.read_bytes() == data:
            return False
        if not overwrite:
            raise OutputError(f"{path}: exists; use --force to replace it")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: directory {directory} does not exist")
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {error.strerror}; the file was not changed") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _default_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give a new file (mkstemp's is 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
