# The data of a build, read, and its tables, charts and generated pages made, in a second
# process while MkDocs builds the rest of the site.
#
# MkDocs builds one page after another on one core. Reading `data/`, drawing tables and
# charts, and making the generated pages (prices, models, vendors, providers, status) is most
# of the data plugin's work, and none of it needs MkDocs: `almanac/data` starts this worker in
# `on_config`, goes on with the build, and takes each piece from it when MkDocs wants it:
#
# - the tags of `data/tags.yaml`, when the blog has read its posts (read first, on their own);
# - the outline of the site (`core/data/pages/catalogue.py`: which pages to add, the texts of fixed
#   files), when MkDocs collects the files (`on_files`);
# - the blocks of each post or page with `almanac` blocks (`on_page_content`, as MkDocs
#   converts it), sent in `on_files`;
# - each generated page's text with an empty slot for each table and chart
#   (`on_page_content`, after the posts are converted);
# - the JSON API (`on_env`, once every page is converted);
# - then its tables and charts (`on_post_page`, after the posts are written).
#
# On a machine with two cores or more, the data then costs the build little more than the
# theme's work on the pages. Messages are pickled frames on the worker's standard output: it
# is our own child process, nothing else writes there.
#
#   parent (`Worker`)                          child (`python -m almanac.core.data.worker`)
#   `Start` as a JSON line ─────────────────▶  load data/tags.yaml, then all of data/
#                         ◀──────────────────  ("tags", TagVocabulary | None)  unless it has errors
#                         ◀──────────────────  ("outline", Outline), or ("data-error", errors)
#   `Job` as a JSON line  ──────────────────▶  make every page
#                         ◀──────────────────  ("page", src_uri, [html, …])  × pages with blocks
#                                              or ("page-error", src_uri, errors)
#                         ◀──────────────────  ("contents", {src_uri: html})
#                         ◀──────────────────  ("api", {path: json})  the JSON API
#                         ◀──────────────────  ("blocks", src_uri, [html, …])  × generated pages
#                         ◀──────────────────  ("done",), or ("stale",) / ("error", message)
#
# A problem of the author's (in `data/`, or in a page's blocks) comes back as its errors (each
# as the plain fields of an `AlmanacError`), the same as the build finds without a worker.
# Anything else that goes wrong in the worker leaves the parent to do the work itself, with
# the same functions: the site is the same either way (tests compare both). That covers a
# worker that could not start or crashed, and data that changed while it was read
# (`fingerprint`: the preview rebuilds after an edit).
#
# This module is imported by the build, which must not pay for the data's models when the
# worker reads the data: what only the worker needs is imported in its functions.

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from almanac.core.data.blocks.fences import BlockPage
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.project import DATA_DIR

if TYPE_CHECKING:
    from almanac.core.blog.tags import TagVocabulary
    from almanac.core.data.datasets import Datasets
    from almanac.core.data.pages.catalogue import Outline

__all__ = [
    "Job",
    "Start",
    "Worker",
    "WorkerFailed",
    "WorkerFound",
    "available_cores",
    "fingerprint",
    "run_job",
]

_HEADER = struct.Struct(">I")
#: Seconds to wait for the worker before giving up on it (the work is then done in-process).
TIMEOUT = 300.0


@dataclass(frozen=True)
class Start:
    """What the worker reads: the data of one build, as of its date."""

    project: str
    """The project folder (with `data/`)."""
    today: str
    """The build date, `YYYY-MM-DD`."""
    at: str
    """The build instant, ISO 8601."""
    directory_urls: bool
    """MkDocs' `use_directory_urls`: how links to other pages are written."""
    fingerprint: str
    """`fingerprint(project)` when the build started: the worker reads only the same files."""

    def to_json(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> Start:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class Job:
    """What the worker makes: the pages of one build that need the data, as the build sees them."""

    pages: tuple[tuple[str, str], ...]
    """Each generated page's `src_uri` (as in the catalogue) and `url` (MkDocs' `page.url`), in build order."""
    block_pages: tuple[BlockPage, ...] = ()
    """The author's posts and pages with `almanac` blocks, in build order."""

    def to_json(self) -> str:
        return json.dumps(
            {"pages": [list(page) for page in self.pages], "block_pages": [page.__dict__ for page in self.block_pages]}
        )

    @classmethod
    def from_json(cls, text: str) -> Job:
        raw = json.loads(text)
        return cls(
            pages=tuple((src, url) for src, url in raw["pages"]),
            block_pages=tuple(BlockPage(**page) for page in raw["block_pages"]),
        )


def fingerprint(project: Path) -> str:
    """The path, size and modification time of every file under `project/data`: changes when a file does."""
    data = project / DATA_DIR
    entries = []
    for path in sorted(data.rglob("*")) if data.is_dir() else ():
        if path.is_file():
            stat = path.stat()
            entries.append(f"{path.relative_to(data).as_posix()}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return "\n".join(entries)


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# --- the child ---------------------------------------------------------------------------------


def run_job(start: Start, job: Job, datasets: Datasets, out: BinaryIO) -> None:
    """Make every page of `job` from `datasets` and write the messages to `out`."""
    from almanac.core.data import api
    from almanac.core.data.blocks.draw import render_blocks
    from almanac.core.data.pages.catalogue import catalogue
    from almanac.core.data.pages.content import page_content

    at = dt.datetime.fromisoformat(start.at)
    today = dt.date.fromisoformat(start.today)
    for page in job.block_pages:
        try:
            drawn = render_blocks(page, datasets, today=today, at=at, directory_urls=start.directory_urls)
        except (AlmanacError, AlmanacErrors) as error:
            _send(out, ("page-error", page.src_uri, _fields(error)))
            continue
        _send(out, ("page", page.src_uri, drawn))
    pages = {page.src_uri: page for page in catalogue(datasets)}
    try:
        # In the order the build needs them: the pages' text as MkDocs converts them, the API
        # before it writes any page, then each page's tables and charts as it writes it.
        contents = {
            src_uri: page_content(pages[src_uri], url, datasets, at=at, directory_urls=start.directory_urls)
            for src_uri, url in job.pages
        }
        _send(out, ("contents", {src_uri: content.html for src_uri, content in contents.items()}))
        _send(out, ("api", api.published(datasets, at)))
        for src_uri, url in job.pages:
            drawn = contents[src_uri].draw(url, datasets, at=at, directory_urls=start.directory_urls)
            _send(out, ("blocks", src_uri, drawn))
    except (AlmanacError, AlmanacErrors) as error:
        _send(out, ("error", str(error)))
        return
    _send(out, ("done",))


_Fields = tuple[str, int | None, str, str | None, int | None]


def _fields(error: AlmanacError | AlmanacErrors) -> list[_Fields]:
    """Errors as plain values (an `AlmanacError` itself does not survive pickling)."""
    found = error.errors if isinstance(error, AlmanacErrors) else [error]
    return [(e.path, e.line, e.message, e.hint, e.column) for e in found]


def _errors(fields: list[_Fields]) -> list[AlmanacError]:
    return [AlmanacError(path, line, message, hint, column) for path, line, message, hint, column in fields]


def _send(out: BinaryIO, message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def _receive(stream: IO[bytes]) -> tuple[Any, ...] | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    message = pickle.loads(data)  # our own child process: see the top of this file
    return message if isinstance(message, tuple) else None


def main() -> int:
    """The worker's entry point: a `Start`, then a `Job`, as JSON lines on stdin; messages on stdout."""
    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.datasets.loader import load_tags
    from almanac.core.data.pages.catalogue import outline
    from almanac.core.project import tags_vocabulary

    start = Start.from_json(sys.stdin.readline())
    out = sys.stdout.buffer
    project = Path(start.project)
    if fingerprint(project) != start.fingerprint:
        _send(out, ("stale",))
        return 0
    tags = load_tags(project)
    if tags is not None:  # else its errors come with the others'
        _send(out, ("tags", tags_vocabulary(*tags)))
    try:
        datasets = load_datasets(project, today=dt.date.fromisoformat(start.today))
    except (AlmanacError, AlmanacErrors) as error:
        _send(out, ("data-error", _fields(error)))
        return 0
    if fingerprint(project) != start.fingerprint:
        _send(out, ("stale",))  # a file changed while it was read
        return 0
    _send(out, ("outline", outline(datasets, at=dt.datetime.fromisoformat(start.at))))
    line = sys.stdin.readline()
    if line:  # else the build needs nothing more (it stopped)
        run_job(start, Job.from_json(line), datasets, out)
    return 0


# --- the parent --------------------------------------------------------------------------------


class WorkerFailed(Exception):
    """The worker gave no usable answer: do the work in-process."""


class WorkerFound(Exception):
    """The worker found problems the author must fix (in `data/`, or a page's blocks): `errors`;
    the message is theirs, as `AlmanacErrors` prints them."""

    def __init__(self, errors: list[AlmanacError]) -> None:
        self.errors = AlmanacErrors(errors).errors
        super().__init__(str(AlmanacErrors(errors)))


class Worker:
    """A running worker, as seen from the build: what it has sent so far."""

    def __init__(self, start: Start) -> None:
        self.start = start
        self._lock = threading.Condition()
        self._outline: Outline | None = None
        self._tags: tuple[TagVocabulary | None] | None = None
        self._found: list[AlmanacError] = []
        self._api: dict[str, str] | None = None
        self._contents: dict[str, str] | None = None
        self._blocks: dict[str, list[str]] = {}
        self._block_pages: dict[str, list[str] | list[AlmanacError]] = {}
        self._failed = False
        self.reason = ""
        """Why the worker gave no usable answer, once it did not."""
        self.delivered = 0
        """Pages whose tables and charts the worker has handed over."""
        self.waited = 0.0
        """Seconds the build waited for the worker."""
        self._finished = False
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        # What it says if it crashes, in a file (a pipe could fill up); closed by `close`.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [sys.executable, "-m", "almanac.core.data.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
        )
        self._write(start.to_json())
        self._reader = threading.Thread(target=self._read, name="almanac-worker", daemon=True)
        self._reader.start()

    def _write(self, line: str, *, last: bool = False) -> None:
        """Send the worker a line of its input; the last closes it. A worker that is gone shows
        when an answer is awaited."""
        stdin = self._process.stdin
        if stdin is None or stdin.closed:
            return
        try:
            stdin.write(line.encode("utf-8") + b"\n")
            stdin.flush()
            if last:
                stdin.close()
        except OSError:  # it stopped: its reader says why
            pass

    def _read(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        while True:
            try:
                message = _receive(stream)
            except Exception:  # a broken frame: the worker died mid-message
                message = None
            with self._lock:
                if message is None or message[0] in ("stale", "error"):
                    self.reason = self._last_words() if message is None else " ".join(map(str, message))
                    self._failed = True
                elif message[0] == "tags":
                    self._tags = (message[1],)
                elif message[0] == "outline":
                    self._outline = message[1]
                elif message[0] == "data-error":
                    self._found = _errors(message[1])
                elif message[0] == "api":
                    self._api = message[1]
                elif message[0] == "contents":
                    self._contents = message[1]
                elif message[0] == "blocks":
                    self._blocks[message[1]] = message[2]
                elif message[0] == "page":
                    self._block_pages[message[1]] = message[2]
                elif message[0] == "page-error":
                    self._block_pages[message[1]] = _errors(message[2])
                if message is None or message[0] in ("stale", "done", "error", "data-error"):
                    self._finished = True
                self._lock.notify_all()
                if self._finished:
                    return

    def _last_words(self) -> str:
        """Why the worker stopped: the last line it wrote on its standard error, if any."""
        try:
            self._process.wait(timeout=10)
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, subprocess.TimeoutExpired):
            lines = []
        return f"it stopped: {lines[-1]}" if lines else "it stopped"

    def _wait(self, ready: Any) -> None:
        start = time.perf_counter()
        try:
            self._wait_for(ready)
        finally:
            self.waited += time.perf_counter() - start

    def _wait_for(self, ready: Any) -> None:
        with self._lock:
            if not self._lock.wait_for(lambda: ready() or self._finished, timeout=TIMEOUT):
                self.reason = f"no answer in {TIMEOUT:.0f} s"
                self._failed = True
            if ready():  # an answer that came before the problems of `data/` (the tags) still counts
                return
            if self._found:
                raise WorkerFound(self._found)
            if self._failed or not ready():
                self._failed = True
                self.reason = self.reason or "it ended without this answer"
                raise WorkerFailed(self.reason)

    def tags(self) -> TagVocabulary | None:
        """The tags of `data/tags.yaml` (`None`: it has none). Raises `WorkerFound` with the
        problems of `data/` (when that file is one with problems), or `WorkerFailed`."""
        self._wait(lambda: self._tags is not None or self._outline is not None)
        if self._tags is None:
            assert self._outline is not None
            return self._outline.vocabulary
        return self._tags[0]

    def outline(self) -> Outline:
        """The outline of the site. Raises `WorkerFound` with the problems of `data/`, or `WorkerFailed`."""
        self._wait(lambda: self._outline is not None)
        assert self._outline is not None
        return self._outline

    def send(self, job: Job) -> None:
        """Give the worker the pages to make (once, after `outline`)."""
        self._write(job.to_json(), last=True)

    def page_blocks(self, src_uri: str) -> list[str]:
        """The drawn blocks of one of the job's `block_pages`, in order. Raises `WorkerFound`
        with the message of their problems, or `WorkerFailed`."""
        self._wait(lambda: src_uri in self._block_pages)
        with self._lock:
            drawn = self._block_pages.pop(src_uri)
        if drawn and isinstance(drawn[0], AlmanacError):
            raise WorkerFound([error for error in drawn if isinstance(error, AlmanacError)])
        return [html for html in drawn if isinstance(html, str)]

    def api(self) -> dict[str, str]:
        """The files of the JSON API and their text. Raises `WorkerFailed`."""
        self._wait(lambda: self._api is not None)
        assert self._api is not None
        return self._api

    def content(self, src_uri: str) -> str:
        """The content of a page, its tables and charts as empty slots. Raises `WorkerFailed`."""
        self._wait(lambda: self._contents is not None)
        assert self._contents is not None
        return self._contents[src_uri]

    def blocks(self, src_uri: str) -> list[str]:
        """The drawn tables and charts of a page, in the order of its slots. Raises `WorkerFailed`."""
        self._wait(lambda: src_uri in self._blocks)
        with self._lock:
            self.delivered += 1
            return self._blocks.pop(src_uri)

    def close(self) -> None:
        """Stop the worker (when the build ends, or fails)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        # The reader sees the end of the pipe and may still read the worker's last words:
        # let it finish before the files it reads are closed.
        self._reader.join()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._stderr.close()


if __name__ == "__main__":
    raise SystemExit(main())
