"""`KeptReads` (`core/reads.py`): a file whose status (inode, size, modification and change times)
is as it was is not read again, unless it was changed too shortly before it was read (a second
change within the clock's tick could keep its status); a changed file is read again, whatever its
size and modification time say; what is not a regular file is never opened."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from almanac.core.reads import KeptReads

SETTLE = 0.05  # seconds


def settled(reads: KeptReads, path: Path) -> bytes:
    """Read `path` once it has settled (its last change older than the settling time)."""
    time.sleep(2 * SETTLE)
    return reads.read_bytes(path)


def test_a_settled_file_is_read_once_and_a_fresh_one_every_time(tmp_path: Path) -> None:
    reads = KeptReads(settle_ns=int(SETTLE * 1e9))
    post = tmp_path / "post.md"
    post.write_bytes(b"first text")
    assert reads.read_bytes(post) == b"first text"
    assert reads.read_bytes(post) == b"first text"
    assert reads.reads == 2  # changed just before it was read: read again
    assert settled(reads, post) == b"first text"
    assert reads.read_bytes(post) == b"first text"
    assert reads.reads == 3  # settled: its status tells its bytes


def test_a_changed_file_is_read_again_even_with_its_size_and_modification_time(tmp_path: Path) -> None:
    reads = KeptReads(settle_ns=int(SETTLE * 1e9))
    post = tmp_path / "post.md"
    post.write_bytes(b"first text")
    before = post.stat()
    assert settled(reads, post) == b"first text"
    post.write_bytes(b"other text")  # the same size
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same modification time
    assert reads.read_bytes(post) == b"other text"  # its change time moved
    post.unlink()
    with pytest.raises(FileNotFoundError):
        reads.read_bytes(post)


def test_what_is_not_a_regular_file_is_not_opened(tmp_path: Path) -> None:
    reads = KeptReads()
    folder = tmp_path / "folder.md"
    folder.mkdir()
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)  # opening it would wait for a writer
    for path in (folder, pipe):
        with pytest.raises(OSError, match="not a regular file"):
            reads.read_bytes(path)
    assert reads.reads == 0
