"""Write files all-or-nothing: each destination holds the old bytes or the new ones, never a part.

Every file hrgraph writes goes through here: one file (:func:`write_atomic`) or a set of files that
change together (:func:`write_all_atomic`, used by ingest).

File modes, one rule for both: a file that exists keeps its mode; a new file gets the mode a plain
``open(path, "w")`` would give it (0666 less the umask), not the 0600 of the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from hrgraph.errors import OutputError

__all__ = ["write_all_atomic", "write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> bool:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    An existing file with other content is replaced only with ``overwrite=True``, so that nothing
    a user had is lost silently. Returns False when the file already held exactly these bytes.
    A target that exists but is no regular file (``/dev/stdout``, a FIFO) is written straight
    through: it is never read to compare (that would consume or block), nor renamed over.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name")
    if path.exists() and not path.is_file():
        return _write_through(path, data)
    if path.exists():
        if path.read_bytes() == data:
            return False
        if not overwrite:
            raise OutputError(f"{path}: exists; use --force to replace it")
    directory = path.parent
    if not directory.is_dir():
        raise OutputError(f"{path}: directory {directory} does not exist")
    try:
        temporary = _stage(path, data)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}; the file was not changed") from None
    try:
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {error.strerror}; the file was not changed") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def write_all_atomic(outputs: Mapping[Path, bytes]) -> None:
    """Write every file or none: stage each in a temporary file beside it (fsync), then rename them all.

    A failure while staging leaves every file as it was; a failure while renaming puts back the files
    already renamed. A process killed at any point leaves each file whole, old or new. Existing files
    are replaced without asking (the caller decided), and must be regular files.
    """
    for path in outputs:
        if path.exists() and not path.is_file():
            raise OutputError(f"cannot write {path}: not a regular file; no file was changed")
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in sorted(outputs.items()):
            staged.append((path, _stage(path, data)))
    except OSError as error:
        _discard(staged)
        raise OutputError(f"cannot write {path}: {error.strerror}; no file was changed") from None
    except BaseException:
        _discard(staged)
        raise
    old = {path: path.read_bytes() if path.exists() else None for path, _ in staged}
    replaced: list[Path] = []
    try:
        for path, temporary in staged:
            os.replace(temporary, path)
            replaced.append(path)
    except OSError as error:
        for path in replaced:
            previous = old[path]
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, previous, overwrite=True)
        _discard(staged)
        raise OutputError(f"cannot write {error.filename or 'a file'}: {error.strerror}; no file was changed") from None
    for directory in {path.parent for path in replaced}:
        _sync_directory(directory)


def _stage(path: Path, data: bytes) -> Path:
    """A temporary file beside ``path`` holding ``data`` on disk, with the mode ``path`` will have
    (the module's rule). On any failure nothing is left behind and the error goes on."""
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _write_through(path: Path, data: bytes) -> bool:
    try:
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from None
    return True


def _discard(staged: list[tuple[Path, Path]]) -> None:
    for _, temporary in staged:
        temporary.unlink(missing_ok=True)


def _sync_directory(directory: Path) -> None:
    """Make the renames in ``directory`` durable; a file system that cannot is not an error."""
    with contextlib.suppress(OSError):
        handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _default_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give a new file (mkstemp's is 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
