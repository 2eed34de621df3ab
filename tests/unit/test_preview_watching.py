"""The preview sees a save as the system tells of it, with MkDocs' polling beside (`preview.Watching`):
MkDocs' own server (not started: no port is bound), its watches moved to both observers, each change
told to it once, whichever observer sees it first."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import watchdog.events as events
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from almanac.mkdocs import preview
from almanac.mkdocs.preview import Watching, watch_at_once


class Told(logging.Handler):
    """The changes MkDocs' server was told of: its handler logs each one, then asks for a rebuild."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.paths: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = re.search(r"\b(File\w+Event)\(src_path='([^']*)'", record.getMessage())
        if found:
            self.paths.append(f"{found[1]}({found[2]})")


@pytest.fixture
def told() -> Iterator[Told]:
    logger = logging.getLogger("mkdocs.livereload")
    handler, level = Told(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def _server(folder: Path, polling_interval: float) -> LiveReloadServer:
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(folder), polling_interval=polling_interval
    )
    server.watch(str(folder))
    return server


def _wait(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _save(folder: Path, text: str) -> None:
    """A save whole at once, as editors make it (a file written beside, then put in place): a file
    written in place may be seen half-written, a change of its own."""
    staged = folder.parent / "staged.md"
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, folder / "post.md")


def test_a_save_is_seen_without_waiting_for_the_polling(tmp_path: Path, told: Told) -> None:
    # The polling looks once a minute: a save told of within the test's wait came from the system.
    docs = tmp_path / "docs"
    docs.mkdir()
    server = _server(docs, polling_interval=60)
    watch_at_once(server)
    assert isinstance(server.observer, Watching)
    server.observer.start()
    try:
        time.sleep(0.2)  # the polling's first look, made as it starts
        _save(docs, "a save")
        assert _wait(lambda: server._want_rebuild, 10), "the save was not told of"
    finally:
        server.observer.stop()
        server.observer.join()
    assert len(told.paths) == 1 and "post.md" in told.paths[0]


def test_each_change_is_told_once_though_both_observers_see_it(tmp_path: Path, told: Told) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    server = _server(docs, polling_interval=0.1)
    watch_at_once(server)
    server.observer.start()
    try:
        time.sleep(0.3)
        _save(docs, "a save")
        assert _wait(lambda: len(told.paths) >= 1, 10)
        time.sleep(0.6)  # the polling has looked several times since
        assert len(told.paths) == 1
        _save(docs, "a second save, longer")
        assert _wait(lambda: len(told.paths) >= 2, 10)
        (docs / "post.md").unlink()
        assert _wait(lambda: len(told.paths) >= 3, 10)
        time.sleep(0.6)
    finally:
        server.observer.stop()
        server.observer.join()
    assert len(told.paths) == 3 and all(path.endswith("/docs/post.md)") for path in told.paths), told.paths
    assert told.paths[2].startswith("FileDeletedEvent")


def test_where_the_system_does_not_tell_the_polling_still_finds_the_save(
    tmp_path: Path, told: Told, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    server = _server(docs, polling_interval=0.1)
    watch_at_once(server)
    assert isinstance(server.observer, Watching) and server.observer.native is not None

    def refused(*args: object, **options: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(server.observer.native, "start", refused)
    server.observer.start()
    try:
        assert server.observer.native is None  # dropped: the polling alone
        time.sleep(0.3)
        _save(docs, "a save")
        assert _wait(lambda: server._want_rebuild, 10)
    finally:
        server.observer.stop()
        server.observer.join()
    assert len(told.paths) == 1


class _Handler(events.FileSystemEventHandler):
    def __init__(self) -> None:
        self.seen: list[events.FileSystemEvent] = []

    def dispatch(self, event: events.FileSystemEvent) -> None:
        self.seen.append(event)


def test_what_is_not_a_change_is_not_told(tmp_path: Path) -> None:
    """A file opened or read (every build reads every page), a folder, and an event for a file as it was
    when last told: not passed on. A file moved: told for its new path."""
    watching = Watching(PollingObserver(), None)
    handler = _Handler()
    told = preview._TellsOnce(handler, watching)
    post = tmp_path / "post.md"
    post.write_text("text", encoding="utf-8")
    path = os.fsdecode(post)
    for event in (
        events.FileOpenedEvent(path),
        events.FileClosedNoWriteEvent(path),
        events.DirModifiedEvent(os.fsdecode(tmp_path)),
    ):
        told.dispatch(event)
    assert handler.seen == []
    told.dispatch(events.FileModifiedEvent(path))
    told.dispatch(events.FileClosedEvent(path))  # the same save, closed
    assert [event.event_type for event in handler.seen] == ["modified"]
    moved = tmp_path / "moved.md"
    post.rename(moved)
    told.dispatch(events.FileMovedEvent(path, os.fsdecode(moved)))
    told.dispatch(events.FileDeletedEvent(path))  # the polling's view of the move
    told.dispatch(events.FileCreatedEvent(os.fsdecode(moved)))
    assert [event.event_type for event in handler.seen] == ["modified", "moved"]
