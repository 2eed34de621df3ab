# Work of a build done by processes forked from it, on the cores MkDocs leaves idle (issue 13):
# pages converted by workers while the build converts others (`Conversions`), and the feeds
# written while it renders the pages (`Beside`, at the end of this file).
#
# MkDocs converts every page's Markdown in its one process, one page after another, before it
# renders any: at 1,000 posts that is 14–15 s of a 30 s build, with the machine's second core
# idle. `almanac/blog` starts this after every plugin's `on_nav`, when the pages, the files and
# every plugin's state are what the conversions read: a pool of worker processes, forked from the
# build's (each inherits all of it and imports nothing), converts pages from the end of the list
# backward, in chunks, while MkDocs converts them from the start as usual. When MkDocs reaches a
# chunk no worker has begun, it takes it (each chunk is taken once, marked in memory the processes
# share) and converts its pages itself; the two meet about halfway.
#
# A worker converts a page as MkDocs would: `on_pre_page`, the page's source, every plugin's
# `on_page_markdown`, `Page.render`. It sends back what `render` set on the page (its HTML, table
# of contents, anchors, links to anchors, title), what the Markdown extensions that keep state
# beside the page recorded (`almanac/links`' mentions: `ConvertsElsewhere`), and the log records
# `render` made (a broken link's warning). In the build's process, every plugin's
# `on_page_markdown` still runs for every page, as always; then `render` takes the worker's result
# only when the Markdown it was made from is the Markdown MkDocs now holds, byte for byte
# (otherwise, and for any page a worker could not convert or send, it converts the page itself).
# The warnings are logged then, in the page's place. So the site is byte-identical to one
# process's, and so is the log.
#
# Only where it is safe and pays: on Linux (a fork), with two or more cores the build may use,
# no other thread running (a fork copies only the thread that forks), at least `MIN_PAGES` pages
# to convert, and every Markdown extension given as an object (rather than by name, made anew for
# each page) one whose state this module can carry back (`ConvertsElsewhere`): an unknown one may
# record something during the conversion that would stay in the worker. Elsewhere, and with
# `processes: 1`, the build converts every page itself, through the same `Page.render`.

from __future__ import annotations

import concurrent.futures
import io
import logging
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Protocol, cast, runtime_checkable

from mkdocs.plugins import get_plugin_logger

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

CHUNK: Final = 16
"""Pages a worker converts in one go (about 0.15 s of posts): the most MkDocs may wait for a worker
when they meet is one chunk."""

MIN_PAGES: Final = 64
"""Fewer pages to convert than this, and the build converts them all itself."""

MOST_PROCESSES: Final = 4
"""The most processes `processes: 0` (one per core) uses; measured with two only."""


@runtime_checkable
class ConvertsElsewhere(Protocol):
    """A Markdown extension, given to MkDocs as an object, that keeps what it found in the page
    it last converted (`almanac/links`' `EntityLinks`: its mentions). A worker sends back
    `conversion_state()` after each page; the build's process `restore_conversion(state)`s it where
    MkDocs would have converted the page."""

    def conversion_state(self) -> object: ...

    def restore_conversion(self, state: object) -> None: ...


@runtime_checkable
class PreparesElsewhere(Protocol):
    """A plugin whose own step after a page's conversion (`on_page_content`) does work a worker can
    do ahead (`almanac/data`: a generated page's tables and charts). A worker calls
    `prepare_elsewhere(page)` after converting the page and sends back what it gives (`None`:
    nothing); the build's process hands it to `prepared_elsewhere(page, prepared)` where MkDocs
    would have converted the page, before any plugin's `on_page_content`. The plugin must check that
    what it was given was made from what it would make it from now."""

    def prepare_elsewhere(self, page: Page) -> object | None: ...

    def prepared_elsewhere(self, page: Page, prepared: object) -> None: ...


def processes_to_use(option: int) -> int:
    """How many processes convert pages: `option` (`processes:` of `almanac/blog`), or with `0`,
    one per core this process may use, at most `MOST_PROCESSES`."""
    if option > 0:
        return option
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MOST_PROCESSES))


def _no_fork(processes: int) -> str | None:
    """Why no process may be forked to help the build now, or `None`."""
    if processes < 2:
        return "one process asked (`processes: 1`), or one core"
    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
        return f"no fork on {sys.platform}"
    if threading.active_count() > 1:
        return "other threads run (a fork would copy only this one)"
    return None


def why_one_process(config: MkDocsConfig, pages: int, processes: int) -> str | None:
    """Why the build converts its pages alone, or `None` when workers may help."""
    no_fork = _no_fork(processes)
    if no_fork is not None:
        return no_fork
    if pages < MIN_PAGES:
        return f"{pages} pages to convert, fewer than {MIN_PAGES}"
    for extension in config.markdown_extensions:
        if not isinstance(extension, str) and not isinstance(extension, ConvertsElsewhere):
            name = type(extension).__name__
            return f"the Markdown extension {name} may keep state from each page that a worker could not send back"
    return None


@dataclass(frozen=True)
class _Converted:
    """What a worker's conversion of a page gave."""

    markdown: str
    """The Markdown it converted, after every plugin's `on_page_markdown`."""
    attributes: dict[str, Any]
    """What `Page.render` set on the page."""
    states: list[object]
    """Each `ConvertsElsewhere` extension's `conversion_state()`, in `markdown_extensions` order."""
    records: list[logging.LogRecord]
    """What `Page.render` logged."""
    prepared: list[object | None]
    """Each `PreparesElsewhere` plugin's `prepare_elsewhere(page)`, in the order of the plugins."""


@dataclass
class _Work:
    """What the workers convert: set in the build's process just before they fork, so that each
    inherits it (nothing of it is sent to them)."""

    config: MkDocsConfig
    files: Files
    pages: list[Page]
    known: dict[int, tuple[str, str]] | None
    """The files and pages by their `id()` (`_known`), once a worker needs them."""
    claims: Any
    """Who took each chunk (`multiprocessing.Array` of bytes, in memory the processes share): 0
    nobody yet, `_BUILD` or `_WORKER`. A chunk is taken once, under its lock."""


_BUILD: Final = 1
_WORKER: Final = 2


def _take(claims: Any, chunk: int, taker: int) -> bool:
    """Whether `taker` takes `chunk` (nobody had)."""
    with claims.get_lock():
        if claims[chunk]:
            return False
        claims[chunk] = taker
        return True


_WORK: _Work | None = None


class _Kept(logging.Handler):
    """A worker's only log handler: it keeps the records made while `keeping` (a page's
    `Page.render`, a job beside the rendering), as text, for the build's process to log; the
    others (every plugin's `on_page_markdown`, which the build's process runs again) are dropped."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.keeping = False
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not self.keeping:
            return
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


_KEPT: _Kept | None = None


def _start_worker() -> None:
    """In each worker, once: nothing it logs is written; `_Kept`, the one handler left, holds what
    is sent back. Each record reaches it once (every logger passes its records up to the root).
    Filters (e.g. of repeated messages) are left to the build's process, which sees every page's
    records in order."""
    global _KEPT
    _KEPT = _Kept()
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers, logger.filters, logger.propagate = [], [], True
    root = logging.getLogger()
    root.handlers, root.filters = [_KEPT], []


class _Pickler(pickle.Pickler):
    """Sends the site's files and pages by their path: the build's process has them already
    (`_Unpickler`). Known by identity, whichever MkDocs made them (MkDocs' or its fork's classes)."""

    def __init__(self, file: io.BytesIO, known: dict[int, tuple[str, str]]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.known = known

    def persistent_id(self, obj: object) -> object:
        return self.known.get(id(obj))


def _known(files: Files) -> dict[int, tuple[str, str]]:
    """The files and pages of the build, by their `id()`: what `_Pickler` sends by path."""
    known: dict[int, tuple[str, str]] = {}
    for file in files:
        known[id(file)] = ("file", file.src_uri)
        if file.page is not None:
            known[id(file.page)] = ("page", file.src_uri)
    return known


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, files: Files) -> None:
        super().__init__(io.BytesIO(data))
        self.files = files

    def persistent_load(self, pid: object) -> object:
        kind, src_uri = cast(tuple[str, str], pid)
        file = self.files.get_file_from_path(src_uri)
        if file is None or (kind == "page" and file.page is None):
            raise pickle.UnpicklingError(f"{src_uri} is not a page of this build")
        return file if kind == "file" else file.page


def _preparing(config: MkDocsConfig) -> list[PreparesElsewhere]:
    return [plugin for plugin in config.plugins.values() if isinstance(plugin, PreparesElsewhere)]


def _convert(chunk: int, indices: Sequence[int]) -> list[bytes | None]:
    """In a worker: the pages at `indices` of `_WORK.pages` (chunk number `chunk`), each converted
    and pickled, or `None` where anything went wrong (the build's process converts that page
    itself, and meets the problem there); nothing when the build's process took the chunk first."""
    assert _WORK is not None and _KEPT is not None
    if not _take(_WORK.claims, chunk, _WORKER):
        return []
    config, files = _WORK.config, _WORK.files
    stateful = [extension for extension in config.markdown_extensions if isinstance(extension, ConvertsElsewhere)]
    preparing = _preparing(config)
    done: list[bytes | None] = []
    for index in indices:
        page = _WORK.pages[index]
        vars(page).pop("render", None)  # were the worker forked after `Conversions` set its `_Render`s
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            before = dict(vars(page))
            _KEPT.records, _KEPT.keeping = [], True
            try:
                page.render(config, files)
            finally:
                _KEPT.keeping = False
            attributes = {
                key: value for key, value in vars(page).items() if key not in before or before[key] is not value
            }
            states = [extension.conversion_state() for extension in stateful]
            prepared = [plugin.prepare_elsewhere(page) for plugin in preparing]
            converted = _Converted(page.markdown, attributes, states, _KEPT.records, prepared)
            if _WORK.known is None:
                _WORK.known = _known(files)
            buffer = io.BytesIO()
            _Pickler(buffer, _WORK.known).dump(converted)
            done.append(buffer.getvalue())
        except Exception:
            done.append(None)
        finally:
            config._current_page = None
    return done


class Conversions:
    """The workers of one build, and which chunk of pages each page's result comes with."""

    def __init__(self, config: MkDocsConfig, files: Files, pages: Sequence[Page], processes: int) -> None:
        global _WORK
        self.files = files
        self.stateful = [
            extension for extension in config.markdown_extensions if isinstance(extension, ConvertsElsewhere)
        ]
        self.preparing = _preparing(config)
        #: What each chunk's worker gives; chunk `n` holds the pages `n * CHUNK` to `(n + 1) * CHUNK - 1`.
        self.futures: dict[int, concurrent.futures.Future[list[bytes | None]]] = {}
        #: Pages whose worker's conversion was taken, pages converted here, and of these, those
        #: a worker had converted from other Markdown than this process's plugins gave, and those
        #: a worker took but could not convert or send back.
        self.from_workers = self.converted_here = self.changed = self.unsent = 0
        self.pages = list(pages)
        self.broken = False
        context = multiprocessing.get_context("fork")
        self.chunks = -(-len(self.pages) // CHUNK)
        self.claims = context.Array("b", self.chunks)
        _WORK = _Work(config, files, self.pages, None, self.claims)
        self.pool = concurrent.futures.ProcessPoolExecutor(processes - 1, mp_context=context, initializer=_start_worker)
        for chunk in reversed(range(self.chunks)):  # from the end
            indices = range(chunk * CHUNK, min((chunk + 1) * CHUNK, len(self.pages)))
            self.futures[chunk] = self.pool.submit(_convert, chunk, indices)
        for index, page in enumerate(self.pages):
            page.render = _Render(self, index, page)  # type: ignore[method-assign]

    def result(self, index: int) -> _Converted | None:
        """The worker's conversion of page `index`, waiting for it if a worker took its chunk;
        `None` when this process takes the chunk (no worker had begun it), or the worker failed."""
        chunk = index // CHUNK
        if _take(self.claims, chunk, _BUILD) or self.claims[chunk] == _BUILD:
            return None
        try:
            data = self.futures[chunk].result()[index % CHUNK]
        except Exception as error:  # the pool broke (a worker was killed): the page is converted here
            if not self.broken:
                log.debug("the workers stopped (%s): the build's process converts the pages left", error)
            self.broken = True
            return None
        if data is None:
            self.unsent += 1
            return None
        try:
            converted = _Unpickler(data, self.files).load()
        except Exception:
            self.unsent += 1
            return None
        assert isinstance(converted, _Converted)
        return converted

    def stop(self) -> None:
        """Every page converted (or the build failed): the workers end, and pages MkDocs did not
        convert get back `Page.render`."""
        global _WORK
        for chunk in range(self.chunks):  # what no worker began is not begun now
            _take(self.claims, chunk, _BUILD)
        self.pool.shutdown(wait=True)
        _WORK = None
        for page in self.pages:
            vars(page).pop("render", None)
        if self.chunks:
            log.debug(
                "pages converted by workers: %d, by the build's process: %d (%d of them from other Markdown than "
                "a worker had, %d a worker could not convert or send back)",
                self.from_workers,
                self.converted_here,
                self.changed,
                self.unsent,
            )
        self.chunks = 0


class _Render:
    """`page.render` while workers run: the worker's conversion of the page when it converted the
    Markdown the page now holds, else `Page.render` itself."""

    def __init__(self, conversions: Conversions, index: int, page: Page) -> None:
        self.conversions, self.index, self.page = conversions, index, page

    def __call__(self, config: MkDocsConfig, files: Files) -> None:
        page, conversions = self.page, self.conversions
        del page.render  # the class's again
        converted = conversions.result(self.index)
        if converted is None or converted.markdown != page.markdown or files is not conversions.files:
            conversions.converted_here += 1
            conversions.changed += converted is not None
            page.render(config, files)
            return
        conversions.from_workers += 1
        vars(page).update(converted.attributes)
        for extension, state in zip(conversions.stateful, converted.states, strict=True):
            extension.restore_conversion(state)
        for plugin, prepared in zip(conversions.preparing, converted.prepared, strict=True):
            if prepared is not None:
                plugin.prepared_elsewhere(page, prepared)
        for record in converted.records:
            logging.getLogger(record.name).handle(record)


# Work beside the rendering ----------------------------------------------------------------------
#
# Some of the build's last step (`on_post_build`) reads nothing the rendering of pages changes: the
# feeds of `almanac/blog` and `almanac/data` (1.8 s at 1,000 posts) are made from the posts' HTML,
# the data and the links, all known once every plugin's `on_env` ran. A process forked then
# (`Beside`, started by `almanac/blog` after every plugin's `on_env`) writes them while this one
# renders the pages, on the core Pagefind's binary leaves half idle meanwhile. Each plugin's
# `on_post_build` asks whether its part was done (`Beside.done`, which waits for it and logs what
# it logged), and does it itself if not (one process, or the process failed).


_JOBS: dict[str, Callable[[], None]] | None = None


def _do(name: str) -> list[logging.LogRecord]:
    """In the process beside the rendering: the job `name`, and what it logged."""
    assert _JOBS is not None and _KEPT is not None
    _KEPT.records, _KEPT.keeping = [], True
    try:
        _JOBS[name]()
    finally:
        _KEPT.keeping = False
    return _KEPT.records


class Beside:
    """The jobs of one build that a process forked after every plugin's `on_env` may do."""

    def __init__(self) -> None:
        self.jobs: dict[str, Callable[[], None]] = {}
        self.futures: dict[str, concurrent.futures.Future[list[logging.LogRecord]]] = {}
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def add(self, name: str, job: Callable[[], None]) -> None:
        """`job` may be done beside the rendering, from `start`; `done(name)` says whether it was."""
        self.jobs[name] = job

    def start(self, processes: int) -> None:
        """Fork the process that does the jobs added, when `processes` (`processes_to_use`) allows."""
        global _JOBS
        jobs, self.jobs = self.jobs, {}
        why = _no_fork(processes)
        if not jobs or why is not None:
            if jobs:
                log.debug("%s done after the rendering: %s", ", ".join(jobs), why)
            return
        _JOBS = jobs
        context = multiprocessing.get_context("fork")
        self.pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker)
        self.futures = {name: self.pool.submit(_do, name) for name in jobs}

    def done(self, name: str) -> bool:
        """Whether the job `name` was done beside the rendering (waiting for it); what it logged is
        logged now. `False`: the caller does it."""
        future = self.futures.pop(name, None)
        if future is None:
            return False
        try:
            records = future.result()
        except Exception as error:
            log.debug("%s not done beside the rendering (%s): done now", name, error)
            return False
        for record in records:
            logging.getLogger(record.name).handle(record)
        log.debug("%s written beside the rendering", name)
        return True

    def stop(self) -> None:
        """The build is over, or failed: the process ends once its jobs are."""
        global _JOBS
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        self.pool, self.jobs, self.futures, _JOBS = None, {}, {}, None


BESIDE = Beside()
"""The jobs beside the rendering of the build that runs."""
