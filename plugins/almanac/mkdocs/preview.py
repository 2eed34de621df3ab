# The preview (`mkdocs serve`): what it adds to MkDocs' server, installed once from `on_serve`.
#
# **The last good site stays served while a rebuild fails.** MkDocs' preview server holds every
# request after a failed rebuild ("the server will appear stuck until build errors are resolved").
# A rebuild is made in a staging folder and stops, with every problem, before anything is written
# (`checks.py`), so the last good site is still complete on disk: the server's builder is wrapped
# so that, after an author's mistake (the `path:line` errors, already printed), the server goes on
# answering with that site until the next rebuild succeeds.
#
# **Pages a save changes but did not write, made once the browsers reload** (`LaterPages`). A new
# post moves every page of the blog's index and of its tags' listings by one post: at 1,000 posts
# about 190 pages, a second of rendering, and finding which pages changed takes half a second more,
# all before the browser is told to reload, though it shows one page. Hugo's preview renders only
# the pages a browser visits ("fast render"). Here a partial rebuild (`incremental.py`) renders the
# pages of the files saved, and leaves the rest to `LaterPages`: once the rebuild returns and MkDocs
# reloads the browsers, a thread finds which other pages changed and renders them, pausing between
# pages for the preview's other threads. A request for a page first waits for that finding (unless
# the rebuild wrote the page), then renders the page if it is still to be written. Whatever a
# browser asks for is the page a clean build writes; the site on disk is complete again once the
# thread is done (`preview: … pages written after the reload`). The thread waits half a second
# before it starts, and a save that comes before it is done stops it where it is: what it had not
# written is made by the save's rebuild (whose own pages are again left for after its reload).
#
# **A save seen at once** (`Watching`). MkDocs' server looks for changes by reading the status of
# every watched file twice a second, then waits 0.1 s for more: at 1,000 posts a save waited
# 0.13 to 0.66 s before its rebuild started (measured), often longer than the rebuild. The
# system tells of a change as it happens (inotify on Linux, FSEvents on macOS, and on Windows its
# directory changes: watchdog's `Observer`, which MkDocs' server is built on). Both watch: where
# the system's notices never come (a folder shared into a container or a virtual machine), the
# polling still finds the save. A change both see is told to the server once, by the file's
# modification time, size and inode, else each save would be built twice.

from __future__ import annotations

import gc
import logging
import os
import posixpath
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import watchdog.events
import watchdog.observers
from mkdocs.exceptions import Abort
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.almanac")

_MARK = "_almanac_keeps_serving"

#: A WSGI application: `(environ, start_response) → body`.
App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class LaterPages:
    """The pages a preview's rebuild left to write after the browsers reload, by their path in the
    site (`blog/page/2/index.html`), each with what writes it; first of them, what finds them
    (`decide`).

    One job runs at a time, by the thread (`after_build`) or for a request (`write`), which goes
    before the thread's next page. The plugins' state the pages are rendered from is the last
    rebuild's until the next one starts: a rebuild drops what the last one left (`before_build`),
    and what dropped pages were rendered from is forgotten (`add`'s `dropped`), so that the rebuild
    renders them again. Builds are counted as they start and end (odd while one runs), so that a
    request can tell whether a rebuild came between the page it checked and the file it was served."""

    def __init__(self) -> None:
        #: Whether rebuilds may leave pages for later: set once MkDocs' server runs (`serve_preview`).
        self.on = False
        self._lock = threading.Condition()
        self._pending: dict[str, Callable[[], None]] = {}
        #: Told the paths of pages dropped before they were written.
        self._dropped: list[Callable[[list[str]], None]] = []
        #: Run once every pending page is written (the preview's search index).
        self._then: list[Callable[[], None]] = []
        self._busy = False
        self._deciding = False
        #: A rebuild waits: the job running stops where it `check`s. The preview stopped.
        self._stopping = False
        self._stopped = False
        #: The pages `decide`'s job may leave for later (not those the rebuild wrote): only those
        #: wait for it.
        self._undecided: set[str] = set()
        #: The files written by a job of `add_files`, by path: its key among the pending.
        self._aliases: dict[str, str] = {}
        self._asking = 0
        self._builds = 0
        self._written = 0
        self._thread: threading.Thread | None = None

    # --- a rebuild --------------------------------------------------------------------------------

    def decide(self, job: Callable[[], None], *, pages: Iterable[str], written: Iterable[str]) -> None:
        """What finds which of its `pages` the rebuild under way leaves for later (and `add`s them):
        run first, before any of them is served but those the rebuild has `written`."""
        with self._lock:
            self._pending = {_DECIDE: job, **self._pending}
            self._deciding = True
            self._undecided = set(pages).difference(written)

    def add(self, pages: dict[str, Callable[[], None]], *, dropped: Callable[[list[str]], None]) -> None:
        """Pages left for later (`incremental.py`), by path in the site; `dropped` is told those of
        them a rebuild drops before they are written."""
        with self._lock:
            self._pending.update(pages)
            self._dropped.append(dropped)

    def add_files(self, name: str, paths: Iterable[str], job: Callable[[], None]) -> None:
        """Files other than pages left for later (a plugin's feeds), all written by one `job`: a
        request for any of `paths` runs it first. What a rebuild drops, the next writes again."""
        key = _FILES + name
        with self._lock:
            self._pending[key] = job
            self._aliases.update(dict.fromkeys(paths, key))

    def then(self, action: Callable[[], None]) -> bool:
        """Run `action` once every pending page is written; `False` (not run) when none is pending."""
        with self._lock:
            if not self._pending and not self._busy:
                return False
            self._then.append(action)
            return True

    def pending(self) -> list[str]:
        """The paths of the pages and files left for later, once they are known (`decide` has run)."""
        self._take(_DECIDE)
        with self._lock:
            self._lock.wait_for(lambda: not self._deciding)
            files = [path for path, key in self._aliases.items() if key in self._pending]
            return [path for path in self._pending if not path.startswith(_FILES)] + files

    def before_build(self) -> None:
        """A rebuild starts: what the last one left is dropped (once the job running ends). Its
        pages are left as the rebuild before it wrote them, and are made again by this one."""
        with self._lock:
            self._builds += 1
            self._undecided = set()
            if self._pending.pop(_DECIDE, None) is not None:  # not started: no page was found
                self._deciding = False
            self._asking += 1  # before the thread's next job
            self._stopping = True  # and the one running stops where it can
            try:
                self._lock.wait_for(lambda: not self._busy)
            finally:
                self._asking -= 1
                self._stopping = False
            dropped = [path for path in self._pending if not path.startswith(_FILES)]
            self._pending, self._aliases = {}, {}
            told, self._dropped = self._dropped, []
            self._then = []
            self._lock.notify_all()
        for tell in told:
            tell(dropped)

    def after_build(self, *, good: bool) -> None:
        """A rebuild ended: after a good one, the thread writes the pages it left; after a failed
        one, nothing it left is written (the next rebuild renders every page again)."""
        with self._lock:
            self._builds += 1
            self._written = 0
            if not good:
                self._pending, self._dropped, self._then, self._deciding = {}, [], [], False
                self._aliases = {}
            if not self._pending:
                return
            builds = self._builds
            self._thread = threading.Thread(
                target=self._idle_then_drain, args=(builds,), name="almanac-later-pages", daemon=True
            )
        self._thread.start()

    def _idle_then_drain(self, builds: int) -> None:
        # The browsers' reload and an author's next save go first: a save within `IDLE` seconds
        # drops this rebuild's work before it starts (a request for a page does that part itself).
        with self._lock:
            if self._lock.wait_for(lambda: self._builds != builds, timeout=IDLE):
                return
        self._drain()

    def finish(self) -> None:
        """Write every pending page now, in this thread (with the thread, if it runs)."""
        self._drain()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def stop(self) -> None:
        """The preview stops: nothing more is written, and the job running stops where it checks."""
        with self._lock:
            self._pending, self._dropped, self._then, self._deciding = {}, [], [], False
            self._aliases = {}
            self._stopped = self._stopping = True
            self._lock.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)

    # --- writing pages ----------------------------------------------------------------------------

    def write(self, path: str) -> bool:
        """Write the page at `path` now if it is pending (once `decide`'s job found the pending pages,
        if it may be one), before the thread's next page; whether it was."""
        with self._lock:
            undecided = path in self._undecided
        if undecided:
            self._take(_DECIDE)
            with self._lock:
                self._lock.wait_for(lambda: not self._deciding)
        return self._take(path)

    def _take(self, path: str) -> bool:
        with self._lock:
            path = self._aliases.get(path, path)
            if path not in self._pending:
                return False
            self._asking += 1
            try:
                self._lock.wait_for(lambda: not self._busy)
            finally:
                self._asking -= 1
            job = self._pending.pop(path, None)
            if job is None:
                return False
            self._busy = True
        self._run(path, job)
        return True

    def _drain(self) -> None:
        with self._lock:
            builds = self._builds
        while True:
            with self._lock:
                self._lock.wait_for(lambda: not self._busy and self._asking == 0)
                if not self._pending:
                    actions, self._then = self._then, []
                    written, self._written = self._written, 0
                    done = self._builds == builds  # else a rebuild dropped what was left
                    break
                path = next(iter(self._pending))
                job = self._pending.pop(path)
                self._busy = True
            self._run(path, job)
            if threading.current_thread() is self._thread:
                _breathe()
        if done and written:
            log.info("preview: %d pages written after the reload", written)
        for action in actions:
            action()

    def check(self) -> None:
        """Called by a job now and then: raises `Dropped` once a rebuild waits for it to end, else
        pauses a moment (`_breathe`)."""
        if self._stopping:
            raise Dropped
        if threading.current_thread() is self._thread:
            _breathe()

    def _run(self, path: str, job: Callable[[], None]) -> None:
        done = False
        try:
            job()
            done = True
        except Dropped:
            pass
        except Exception as error:  # a page the rebuild rendered would have stopped it: said, not raised
            if not self._stopped:  # (the preview stopping removes the site under the thread)
                what = (
                    "the pages to write after the reload were not found"
                    if path == _DECIDE
                    else f"{path.removeprefix(_FILES)} {'were' if path.startswith(_FILES) else 'was'} not written"
                )
                log.error("preview: %s — %s", what, error)
        finally:
            with self._lock:
                self._busy = False
                if path == _DECIDE:
                    self._deciding = False
                elif done and not path.startswith(_FILES):
                    self._written += 1
                self._lock.notify_all()

    # --- the server -------------------------------------------------------------------------------

    def app(self, inner: App, mount_path: str) -> App:
        """`inner`, MkDocs' server application, answering a page's request with the page as the
        last rebuild makes it: written first if it is pending; asked again if a rebuild started or
        ended while it was served (MkDocs holds a request while a rebuild runs, and that rebuild
        may have left the page for later)."""

        def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            path = _site_path(environ.get("PATH_INFO", ""), mount_path)
            if path is None:
                return inner(environ, start_response)
            while True:
                with self._lock:
                    builds = self._builds
                if builds % 2 == 0:
                    self.write(path)
                started: list[tuple[Any, ...]] = []
                body = inner(environ, _kept_in(started))
                with self._lock:
                    served = self._builds == builds and builds % 2 == 0
                if served or not started:
                    for response in started:
                        start_response(*response)
                    return body
                close = getattr(body, "close", None)
                if close is not None:
                    close()

        return serve


#: Seconds the thread pauses between two pages, and now and then while it finds them.
BREATH = 0.005


def _breathe() -> None:
    """Let the preview's other threads run. Python runs one thread at a time, and one that waits
    for a file or the network gets its turn back only once the running one pauses, or after the
    interpreter's switch interval (5 ms): MkDocs' watcher, which reads the status of every file
    of `docs/` twice a second (about a thousand, each a turn), saw a save 1.6 s late while the
    thread found the pages to write without a pause. Only the thread pauses: a request waits for
    its page, and a rebuild goes first."""
    time.sleep(BREATH)


class Dropped(Exception):
    """A rebuild starts: the job that `check`ed stops, leaving things as they were before it."""


#: Seconds the thread leaves to the browsers' reload, and to a next save, before it writes.
IDLE = 0.5

#: The key of `decide`'s job among the pending pages (no page's path is empty), and the start of
#: those of `add_files`' jobs (no path starts with it).
_DECIDE = ""
_FILES = "\0"


def _kept_in(started: list[tuple[Any, ...]]) -> Callable[..., Callable[[bytes], None]]:
    """A WSGI `start_response` that keeps what it is given in `started`, to be given on later."""

    def start_response(*response: Any) -> Callable[[bytes], None]:
        started.append(response)
        return _write_nothing

    return start_response


def _write_nothing(data: bytes) -> None:  # the `write` of WSGI's `start_response`, unused by MkDocs
    raise NotImplementedError


def _site_path(request_path: str, mount_path: str) -> str | None:
    """The file of the site a request's path names, as MkDocs' server finds it (`…/` is its
    `index.html`); `None` for livereload's requests and paths outside the site."""
    path = request_path.encode("latin-1", "replace").decode("utf-8", "ignore")
    if path.startswith("/livereload/") or not (path + "/").startswith(mount_path):
        return None
    relative = path[len(mount_path) :]
    if path.endswith("/"):
        relative += "index.html"
    return posixpath.normpath("/" + relative).lstrip("/")


#: The preview's pages left for later (one preview per process).
LATER = LaterPages()


#: What the system's notices are asked for: a file created, changed, removed or moved, not a file
#: opened or read (each build reads every page), nor a folder (MkDocs' server drops those).
_CHANGES = [
    watchdog.events.FileCreatedEvent,
    watchdog.events.FileModifiedEvent,
    watchdog.events.FileDeletedEvent,
    watchdog.events.FileMovedEvent,
    watchdog.events.FileClosedEvent,
]
_CHANGE_TYPES = frozenset(kind.event_type for kind in _CHANGES)

#: A file's modification time, size and inode (an editor that saves by writing a new file beside and
#: moving it in makes a new one), or `None` once it is gone.
_State = tuple[int, int, int] | None


class Watching:
    """What MkDocs' server watches with (`server.observer`, of watchdog's API): its polling observer
    and, beside it, the system's (`native`; `None` where there is none), each change told once."""

    def __init__(self, polling: BaseObserver, native: BaseObserver | None) -> None:
        self.polling, self.native = polling, native
        self._native_watches: dict[ObservedWatch, ObservedWatch] = {}
        #: Each file as the last change told of it was.
        self._states: dict[str, _State] = {}
        self._lock = threading.Lock()

    def schedule(
        self, event_handler: watchdog.events.FileSystemEventHandler, path: str, *, recursive: bool = False
    ) -> ObservedWatch:
        told_once = _TellsOnce(event_handler, self)
        watch = self.polling.schedule(told_once, path, recursive=recursive)
        if self.native is not None:
            try:
                self._native_watches[watch] = self.native.schedule(
                    told_once, path, recursive=recursive, event_filter=_CHANGES
                )
            except OSError as error:  # such as Linux's limit of watches: the polling alone
                log.debug("preview: %s is polled alone — %s", path, error)
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        self.polling.unschedule(watch)
        native = self._native_watches.pop(watch, None)
        if native is not None and self.native is not None:
            self.native.unschedule(native)

    def start(self) -> None:
        self.polling.start()
        if self.native is not None:
            try:
                self.native.start()
            except OSError as error:
                log.debug("preview: changes are polled alone — %s", error)
                self.native = None

    def stop(self) -> None:
        self.polling.stop()
        if self.native is not None:
            self.native.stop()

    def join(self, timeout: float | None = None) -> None:
        self.polling.join(timeout)
        if self.native is not None and self.native.is_alive():
            self.native.join(timeout)

    def is_new(self, paths: Iterable[str]) -> bool:
        """Whether any of `paths` is not as the last change told of it was (each noted as it is now)."""
        new = False
        with self._lock:
            for path in paths:
                state = _state_of(path)
                if path not in self._states or self._states[path] != state:
                    self._states[path] = state
                    new = True
        return new


class _TellsOnce(watchdog.events.FileSystemEventHandler):
    """MkDocs' handler of a watched path (which asks for a rebuild), told of a change of a file
    once, by whichever observer sees it first."""

    def __init__(self, handler: watchdog.events.FileSystemEventHandler, watching: Watching) -> None:
        self.handler, self.watching = handler, watching

    def dispatch(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in _CHANGE_TYPES:
            return
        paths = [os.fsdecode(event.src_path)] + ([os.fsdecode(event.dest_path)] if event.dest_path else [])
        if self.watching.is_new(paths):
            self.handler.dispatch(event)


def _state_of(path: str) -> _State:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino


def watch_at_once(server: Any) -> None:
    """Give MkDocs' server, before it starts, the system's notices of changes beside its polling
    (`Watching`): the paths it watches already are watched again through both."""
    polling = getattr(server, "observer", None)
    watched = getattr(server, "_watched_paths", None)
    if not isinstance(polling, PollingObserver) or not isinstance(watched, dict) or polling.is_alive():
        return  # not the server this was made for, or it runs already
    native = watchdog.observers.Observer()
    if isinstance(native, PollingObserver):  # no notices on this system
        return
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = Watching(polling, native)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)


def serve_preview(server: Any) -> None:
    """Once per server: wrap `server.builder` (a failed rebuild leaves the last good site served;
    a rebuild drops what the last one left, and its own is written after it) and its application
    (a pending page is written before it is served), and let rebuilds leave pages for later."""
    if getattr(server, _MARK, False) or not hasattr(server, "builder"):
        return
    build: Callable[[], None] = server.builder

    def guarded() -> None:
        LATER.before_build()
        good = False
        try:
            build()
            good = True
        except Abort:
            with server._epoch_cond:  # what MkDocs does after a good build, minus the new files
                server._visible_epoch = server._wanted_epoch
                server._epoch_cond.notify_all()
            log.warning("The preview keeps showing the last good build until the errors above are fixed.")
        finally:
            LATER.after_build(good=good)

    server.builder = guarded
    watch_at_once(server)
    # MkDocs builds the whole site once before it serves it. Python's collector would walk what that
    # build left at the first saves (0.2-0.4 s of each of the first two at 1,000 posts, measured):
    # it is done now, while no one waits.
    gc.collect()
    if hasattr(server, "get_app") and hasattr(server, "set_app"):
        server.set_app(LATER.app(server.get_app(), getattr(server, "mount_path", "/")))
        LATER.on = True
    setattr(server, _MARK, True)
