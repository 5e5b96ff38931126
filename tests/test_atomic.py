"""The one atomic write: its file-mode rule, several files at once, and targets that are no files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hrgraph.atomic import write_all_atomic, write_atomic
from hrgraph.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent


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


def test_a_regular_file_is_compared_in_chunks_and_only_when_its_size_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hrgraph.atomic as atomic

    monkeypatch.setattr(atomic, "_CHUNK", 4)
    target = tmp_path / "out.nt"
    target.write_bytes(b"0123456789")
    assert write_atomic(target, b"0123456789") is False  # same bytes, read in three chunks
    with pytest.raises(OutputError, match="exists; use --force"):
        write_atomic(target, b"012345678X")
    opened: list[str] = []
    real_open = Path.open

    def recording_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", recording_open)
    assert write_atomic(target, b"shorter", overwrite=True) is True
    assert "out.nt" not in opened  # another size: never opened to compare
    assert target.read_bytes() == b"shorter"


def test_a_symbolic_link_stays_a_link_and_its_target_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "data" / "graph.ttl"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "graph.ttl"
    link.symlink_to(real)
    assert write_atomic(link, b"new", overwrite=True) is True
    assert link.is_symlink() and real.read_bytes() == b"new"
    write_all_atomic({link: b"newer"})
    assert link.is_symlink() and real.read_bytes() == b"newer"


def test_a_path_through_proc_is_written_through_never_renamed_over(tmp_path: Path) -> None:
    """``-o /dev/stdout`` with stdout redirected to a file: the path names a regular file through
    /proc/self/fd; renaming over it would replace the link /dev/stdout itself."""
    redirected = tmp_path / "out.ttl"
    with redirected.open("wb") as stream:
        link = tmp_path / "stdout"
        link.symlink_to(f"/proc/self/fd/{stream.fileno()}")
        assert write_atomic(link, b"answer\n", overwrite=True) is True
        assert write_atomic(f"/proc/self/fd/{stream.fileno()}", b"answer\n", overwrite=True) is True
    assert link.is_symlink()
    assert redirected.read_bytes() == b"answer\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl", "stdout"]


def _export_to(target: str) -> subprocess.CompletedProcess[bytes]:
    """``hrgraph export -o TARGET --force`` in a process that cannot grow past 1.5 GB: slurping an
    endless device would end it with a MemoryError rather than with the machine's memory."""
    import resource

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    return subprocess.run(
        [sys.executable, "-m", "hrgraph", "export", "--format", "nt", "-o", target, "--force"],
        capture_output=True, preexec_fn=limit_memory, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300,
    )


def test_reliability_52_export_to_dev_full_says_the_device_is_full_and_reads_nothing() -> None:
    result = _export_to("/dev/full")
    assert result.returncode == 2, result.stderr
    assert result.stderr.decode() == "error: /dev/full: cannot write: No space left on device\n"


def test_export_to_a_fifo_writes_the_graph_through_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _export_to(str(fifo))
    reader.join()
    assert result.returncode == 0, result.stderr
    assert received[0].endswith(b" .\n") and received[0].count(b"\n") > 1000
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
