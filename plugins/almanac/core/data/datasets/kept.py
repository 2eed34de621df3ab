# The datasets of the last build, kept for the next while nothing under `data/` changed.
#
# `mkdocs serve` keeps the plugin between rebuilds (it has `on_startup`) and rebuilds on every
# save, of a post as of a data file. Reading and checking `data/` costs each rebuild about
# 0.04 s on the sample data and 0.3 s with 300 models and 1,000 offers: `on_config`
# of `almanac/data` asks `KeptData.load`, which reads `data/` only when a file under it was
# changed, added or removed since the last load, or the build date moved.
#
# "Changed" is told by a hash of every file's path and bytes (`digest`), not by sizes and
# modification times: an edit that keeps a file's size within the clock's resolution (a second
# on some file systems) would be missed that way. The hash costs a few milliseconds on either
# (2 ms on the sample data, 5 % of a load; 3 to 8 ms with 300 models, 1 to 2 %).

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from almanac.core.errors import AlmanacError, AlmanacErrors

if TYPE_CHECKING:
    from almanac.core.data.datasets import Datasets

__all__ = ["KeptData", "digest"]


def digest(folder: Path) -> str:
    """A hash of the path and content of every file under `folder` (`""` when there is no
    such folder): it changes when a file is changed, added, removed or renamed."""
    if not folder.is_dir():
        return ""
    hashed = hashlib.blake2b(digest_size=16)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            content = path.read_bytes()
            name = path.relative_to(folder).as_posix().encode("utf-8")
            hashed.update(len(name).to_bytes(8, "big") + name + len(content).to_bytes(8, "big") + content)
    return hashed.hexdigest()


class KeptData:
    """The last load of a project's `data/`: its datasets, or its errors, and what it read."""

    def __init__(self, load: Callable[[Path, dt.date], Datasets]) -> None:
        self._load = load
        self._key: tuple[Path, dt.date, str] | None = None
        self._datasets: Datasets | None = None
        self._errors: list[AlmanacError] = []

    def load(self, project: Path, folder: Path, today: dt.date) -> Datasets:
        """The datasets of `project` as of `today`: those of the last call when every file under
        `folder` (its `data/`) is as it was then, else read anew. Raises `AlmanacErrors` with
        the problems of `data/`: again on each call, as long as the files are as they were."""
        key = (project, today, digest(folder))  # before reading: an edit made meanwhile reloads next time
        if key != self._key:
            self._key, self._datasets, self._errors = None, None, []
            try:
                self._datasets = self._load(project, today)
            except AlmanacErrors as errors:
                self._errors = errors.errors
            self._key = key
        if self._datasets is None:
            raise AlmanacErrors(self._errors)
        return self._datasets

    @property
    def version(self) -> str:
        """What the datasets of the last call were read from: the build date and the hash of
        `data/` (equal versions, equal datasets); `""` before the first."""
        if self._key is None:
            return ""
        project, today, hashed = self._key
        return f"{project}\0{today.isoformat()}\0{hashed}"
