"""The preview's search index, written by a thread after each save (`mkdocs/search/plugin.py`): an index
that cannot be written is reported while the preview runs, and dropped without a word once it stops (at
exit the staging folder is removed under the thread that fills it) or once a newer save's thread has
stopped it (its Pagefind killed: its index would be dropped anyway)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from almanac.core.search import PART_SIZE
from almanac.mkdocs.search import plugin


def failing(*args: object, **kwargs: object) -> int:
    raise OSError("[Errno 2] No such file or directory: 'staging/blog/2023/01/01'")


def test_an_index_not_written_is_reported_while_the_preview_runs_and_not_once_it_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(plugin, "start_index", failing)
    index = plugin._PreviewIndex()
    with caplog.at_level(logging.WARNING):
        index._write([], tmp_path, "zh", None, PART_SIZE, index.generation)
        said_while_running = [record.getMessage() for record in caplog.records]
        caplog.clear()
        index.clear()  # what the preview's exit runs
        index._write([], tmp_path, "zh", None, PART_SIZE, index.generation)
        said_once_stopped = [record.getMessage() for record in caplog.records]
    assert said_while_running == [
        "almanac: search: the preview's index was not written — [Errno 2] No such file or directory: "
        "'staging/blog/2023/01/01'"
    ]
    assert said_once_stopped == []


def test_an_index_not_written_as_the_interpreter_exits_is_not_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # At exit the temporary folders may be removed before the preview's own clean-up has run.
    class Ended:
        def is_alive(self) -> bool:
            return False

    monkeypatch.setattr(plugin, "start_index", failing)
    monkeypatch.setattr(plugin.threading, "main_thread", Ended)
    with caplog.at_level(logging.WARNING):
        plugin._PreviewIndex()._write([], tmp_path, "zh", None, PART_SIZE, 0)
    assert caplog.records == []


def test_an_index_stopped_for_a_newer_saves_is_not_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    index = plugin._PreviewIndex()

    def superseded(*args: object, **kwargs: object) -> int:
        index.generation += 1  # the next save's thread starts while this one runs
        raise RuntimeError("Pagefind failed (exit -9): ")

    monkeypatch.setattr(plugin, "start_index", superseded)
    with caplog.at_level(logging.WARNING):
        index._write([], tmp_path, "zh", None, PART_SIZE, index.generation)
    assert caplog.records == []


def test_once_the_preview_stops_no_thread_stages_documents_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At exit the staging folder is removed; a thread that would update it then would make it again.
    index = plugin._PreviewIndex()
    index.clear()
    started: list[object] = []
    monkeypatch.setattr(plugin, "start_index", lambda *args, **kwargs: started.append(args))
    index._write([], tmp_path, "zh", None, PART_SIZE, index.generation)
    assert started == [] and index.staging is None
