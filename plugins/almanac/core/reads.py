# Files the preview reads again at every save (each post's source, each feed it compares with
# what it would write): their bytes are kept by the file's status, and a file whose status is as
# it was is not read again.
#
# The status is the file's device and inode, size, and modification and change times; the
# change time is the kernel's, which no editor or copy sets back. A file changed within
# `settle_ns` of being read is read again the next time too: a second change within the same
# tick of a coarse clock could leave the same status (git's "racily clean" files,
# https://git-scm.com/docs/racy-git).

from __future__ import annotations

import errno
import os
import stat
import time
from typing import Final

__all__ = ["SETTLE_NS", "KeptReads"]

#: How long after its last change a file's status is trusted to tell its bytes: more than the
#: coarsest clock of a common file system (FAT's two seconds).
SETTLE_NS: Final = 3_000_000_000

_Status = tuple[int, int, int, int, int]


class KeptReads:
    """The bytes of the files read through it, kept by their status (see above)."""

    def __init__(self, settle_ns: int = SETTLE_NS) -> None:
        self.settle_ns = settle_ns
        self._kept: dict[str, tuple[_Status, bytes]] = {}
        self.reads = 0
        """How many files were read (not taken from what was kept)."""

    def read_bytes(self, path: str | os.PathLike[str]) -> bytes:
        """The bytes of the file at `path`, as `Path.read_bytes` gives them (and its `OSError`);
        `OSError` too for what is not a regular file (a folder, a pipe), which is not opened."""
        name = os.fspath(path)
        try:
            found = os.stat(name)
        except OSError:
            self._kept.pop(name, None)
            raise
        if not stat.S_ISREG(found.st_mode):
            self._kept.pop(name, None)
            raise OSError(errno.EINVAL, "not a regular file", name)
        status = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
        kept = self._kept.get(name)
        if kept is not None and kept[0] == status:
            return kept[1]
        read_at = time.time_ns()
        with open(name, "rb") as stream:
            data = stream.read()
        self.reads += 1
        # Read after the status was taken: a change in between gives a new status next time.
        if max(found.st_mtime_ns, found.st_ctime_ns) < read_at - self.settle_ns and len(data) == found.st_size:
            self._kept[name] = (status, data)
        else:
            self._kept.pop(name, None)
        return data
