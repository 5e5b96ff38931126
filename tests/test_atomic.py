"""The one atomic write: its file-mode rule, several files at once, and targets that are no files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hrgraph.atomic import write_all_atomic, write_atomic
from hrgraph.errors import OutputError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_open_would_give_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.ttl", b"x")
        write_all_atomic({tmp_path / "a.ttl": b"a", tmp_path / "b.ttl": b"b"})
    finally:
        os.umask(umask)
    assert _mode(tmp_path / "new.ttl") == 0o640  # 0666 less the umask, not mkstemp's 0600
    assert _mode(tmp_path / "a.ttl") == _mode(tmp_path / "b.ttl") == 0o640
    kept = tmp_path / "kept.ttl"
    kept.write_bytes(b"old")
    kept.chmod(0o604)
    write_atomic(kept, b"new", overwrite=True)
    (tmp_path / "a.ttl").chmod(0o600)
    write_all_atomic({tmp_path / "a.ttl": b"a2", kept: b"newer"})
    assert (_mode(kept), kept.read_bytes()) == (0o604, b"newer")
    assert (_mode(tmp_path / "a.ttl"), (tmp_path / "a.ttl").read_bytes()) == (0o600, b"a2")


def test_a_fifo_is_written_through_never_read_nor_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    read_bytes = Path.read_bytes

    def never_the_fifo(path: Path) -> bytes:  # reading it to compare would block until a writer came
        assert path != fifo, "write_atomic read the FIFO"
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", never_the_fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so that opening to write does not wait
    try:
        assert write_atomic(fifo, b"answer\n") is True
        assert os.read(reader, 100) == b"answer\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_device_is_written_through() -> None:
    assert write_atomic("/dev/null", b"gone") is True


def test_several_files_refuse_a_target_that_is_no_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OutputError, match="pipe: not a regular file; no file was changed"):
        write_all_atomic({tmp_path / "a.ttl": b"a", tmp_path / "pipe": b"b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_several_files_change_none_when_one_cannot_be_staged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_bytes(b"old a")
    real_fsync = os.fsync
    calls = []

    def fail_second(handle: int) -> None:
        calls.append(handle)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fail_second)
    with pytest.raises(OutputError, match=r"cannot write .*b\.ttl: No space left on device; no file was changed"):
        write_all_atomic({first: b"new a", second: b"new b"})
    assert first.read_bytes() == b"old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl"]
