"""Write files all-or-nothing: each destination holds the old bytes or the new ones, never a part.

Every file hrgraph writes goes through here: one file (:func:`write_atomic`) or a set of files that
change together (:func:`write_all_atomic`, used by ingest).

File modes, one rule for both: a file that exists keeps its mode; a new file gets the mode a plain
``open(path, "w")`` would give it (0666 less the umask), not the 0600 of the temporary file.

No destination is read beyond what a comparison needs: a regular file is compared in bounded chunks
and only when its size matches; a device, a FIFO or a path through ``/dev`` or ``/proc`` (``/dev/stdout``
redirected to a file) is written straight through, never read and never renamed over. A symbolic link
stays a link: the file it points to is replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from hrgraph.errors import OutputError

__all__ = ["replaces_other_content", "write_all_atomic", "write_atomic"]


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
    if _is_special(path):
        return _write_through(path, data)
    shown, path = path, _target(path)
    if path.exists():
        if _holds(path, data):
            return False
        if not overwrite:
            raise OutputError(f"{shown}: exists; use --force to replace it")
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


def replaces_other_content(path: str | os.PathLike[str], data: bytes) -> bool:
    """Whether writing ``data`` to ``path`` would replace a file holding other bytes (what needs
    ``overwrite=True``), decided as :func:`write_atomic` decides it: by size, then in chunks."""
    path = Path(path)
    if path.is_dir() or _is_special(path):
        return False
    path = _target(path)
    return path.exists() and not _holds(path, data)


def write_all_atomic(outputs: Mapping[Path, bytes]) -> None:
    """Write every file or none: stage each in a temporary file beside it (fsync), then rename them all.

    A failure while staging leaves every file as it was; a failure while renaming puts back the files
    already renamed. A process killed at any point leaves each file whole, old or new. Existing files
    are replaced without asking (the caller decided), and must be regular files.
    """
    for path in outputs:
        if _is_special(path):
            raise OutputError(f"cannot write {path}: not a regular file; no file was changed")
    outputs = {_target(path): data for path, data in outputs.items()}
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
    old: dict[Path, Path | None] = {}  # a second name for each file replaced, to put it back
    replaced: list[Path] = []
    try:
        for path, _ in staged:
            old[path] = _keep(path)
        for path, temporary in staged:
            os.replace(temporary, path)
            replaced.append(path)
    except OSError as error:
        for path in replaced:
            previous = old.pop(path)
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(previous, path)
        raise OutputError(f"cannot write {error.filename or 'a file'}: {error.strerror}; no file was changed") from None
    finally:
        _discard(staged)
        _discard_kept(old)
    for directory in {path.parent for path in replaced}:
        _sync_directory(directory)


_CHUNK = 1 << 20


def _holds(path: Path, data: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``data``: its size first, then chunk by chunk,
    so that a large file is never read whole (nor at all when the sizes differ)."""
    if path.stat().st_size != len(data):
        return False
    view = memoryview(data)
    with path.open("rb") as stream:
        for start in range(0, len(data), _CHUNK):
            if stream.read(_CHUNK) != view[start : start + _CHUNK]:
                return False
        return stream.read(1) == b""


def _is_special(path: Path) -> bool:
    """Whether ``path`` must be written through: it exists and is no regular file, or it is reached
    through ``/dev`` or ``/proc`` (``/dev/stdout`` is a link to ``/proc/self/fd/1``, which names a
    regular file when the shell redirected it: renaming over it would replace the link in ``/dev``)."""
    if not path.exists():
        return False
    if not path.is_file():
        return True
    hop = Path(os.path.abspath(path))
    for _ in range(40):  # the kernel's own limit on a chain of links
        if hop.parts[1:2] in (("dev",), ("proc",)):
            return True
        if not hop.is_symlink():
            return False
        hop = Path(os.path.abspath(hop.parent / os.readlink(hop)))
    return True


def _target(path: Path) -> Path:
    """The file to replace: a symbolic link's target, so that the link stays a link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _keep(path: Path) -> Path | None:
    """A second name for the current file at ``path``, beside it, to put back on failure; None when there
    is no file. A hard link, so nothing is read; a copy on a file system without hard links."""
    if not path.exists():
        return None
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(handle)
    kept = Path(name)
    try:
        try:
            kept.unlink()
            os.link(path, kept)
        except OSError:
            shutil.copy2(path, kept)
    except BaseException:
        kept.unlink(missing_ok=True)
        raise
    return kept


def _discard_kept(kept: Mapping[Path, Path | None]) -> None:
    for name in kept.values():
        if name is not None:
            name.unlink(missing_ok=True)


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
