"""Pages converted by worker processes (`mkdocs/parallel.py`): when the build may fork them, and what a
worker's conversion carries back (the mentions `almanac/links` found, pickled and restored). The builds
themselves are in `tests/builds/test_parallel_conversion.py`."""

from __future__ import annotations

import datetime as dt
import pickle
from types import SimpleNamespace
from typing import Any

import markdown
import pytest

from almanac.core.links.entities import EntityIndex
from almanac.core.links.markdown import EntityLinks
from almanac.core.links.mentions import Matcher
from almanac.core.links.model import Entity
from almanac.mkdocs import parallel
from almanac.mkdocs.parallel import MIN_PAGES, ConvertsElsewhere, processes_to_use, why_one_process

ENTITIES = [
    Entity("model", "gpt-5", "GPT-5", "models/gpt-5/", ("GPT-5",), parent="openai"),
    Entity("vendor", "deepseek", "DeepSeek", "vendors/deepseek/", ("DeepSeek", "深度求索")),
]
TEXT = "DeepSeek cut its prices. Then [[gpt-5]] answered, and [[nobody]] did not.\n"


def _links() -> EntityLinks:
    index = EntityIndex(ENTITIES)
    return EntityLinks(index, Matcher(ENTITIES, ("model", "vendor")))  # type: ignore[arg-type]


def _converted(links: EntityLinks) -> str:
    links.start_page("blog/2026/03/30/a-post/", True)
    return markdown.Markdown(extensions=[links]).convert(TEXT)


def test_a_page_s_mentions_survive_the_trip_from_a_worker() -> None:
    worker = _links()
    html = _converted(worker)
    assert "almanac-mention" in html and worker.page_mentions()
    state = pickle.loads(pickle.dumps(worker.conversion_state()))
    # The build's process: `on_page_markdown` started the page, then the worker's conversion is restored.
    build = _links()
    build.start_page("blog/2026/03/30/a-post/", True)
    build.restore_conversion(state)
    assert build.page_mentions() == worker.page_mentions()
    assert build.left_as_written() == worker.left_as_written() == 1  # `[[nobody]]`
    # The sentence around each mention, read lazily, reads the same on both sides.
    assert [(m.before, m.text, m.after) for m in build.page_mentions()] == [
        (m.before, m.text, m.after) for m in worker.page_mentions()
    ]
    assert isinstance(worker, ConvertsElsewhere)


def test_a_mention_pickles_to_an_equal_one_read_or_not() -> None:
    links = _links()
    _converted(links)
    mention = links.page_mentions()[0]
    unread = pickle.loads(pickle.dumps(mention))
    assert unread == mention and unread.before == mention.before and unread.after == mention.after
    read = pickle.loads(pickle.dumps(mention))  # its sentence read above
    assert read == mention and (read.before, read.after) == (mention.before, mention.after)


def test_processes_default_to_the_cores_at_most_four(monkeypatch: pytest.MonkeyPatch) -> None:
    assert processes_to_use(3) == 3
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: set(range(8)))
    assert processes_to_use(0) == 4
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0})
    assert processes_to_use(0) == 1


def _config(*extensions: Any) -> Any:
    return SimpleNamespace(markdown_extensions=["toc", *extensions])


@pytest.mark.skipif(not parallel.sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_when_the_build_converts_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert why_one_process(_config(_links()), MIN_PAGES, 2) is None
    assert "processes: 1" in str(why_one_process(_config(), MIN_PAGES, 1))
    assert f"fewer than {MIN_PAGES}" in str(why_one_process(_config(), MIN_PAGES - 1, 2))

    class Recording(markdown.Extension):  # an extension of another plugin, which may record each page
        pass

    assert "extension Recording" in str(why_one_process(_config(Recording()), MIN_PAGES, 2))
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    assert "other threads run" in str(why_one_process(_config(), MIN_PAGES, 2))


def test_a_data_page_drawn_by_a_worker_is_taken_only_for_the_same_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    from almanac.mkdocs.data import plugin as data_plugin

    drawn_here: list[str] = []

    class Content:
        def draw(self, url: str, datasets: object, **options: object) -> list[str]:
            drawn_here.append(url)
            return ["<table>drawn here</table>"]

    monkeypatch.setattr(data_plugin, "page_content", lambda *args, **options: Content())
    plugin = data_plugin.DataPlugin()
    plugin.datasets = object()  # type: ignore[assignment]  # never read: `page_content` is replaced
    generated: Any = SimpleNamespace(src_uri="models/m-1.md")
    at = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
    arguments = ("models/m-1/", (), "", at, True, True)
    by_worker = data_plugin.MadePage(Content(), ["<table>drawn by a worker</table>"])  # type: ignore[arg-type]
    page: Any = SimpleNamespace(file=SimpleNamespace(src_uri="models/m-1.md"), url="models/m-1/")
    plugin.prepared_elsewhere(page, (arguments, by_worker))
    made = plugin._make(generated, *arguments)
    assert made is by_worker and plugin._draw(made, page.url) == ["<table>drawn by a worker</table>"]
    assert drawn_here == [] and plugin.pages_made == 1
    # Made from other arguments (here the site's address changed): drawn again, the worker's dropped.
    plugin.prepared_elsewhere(page, (arguments, by_worker))
    made = plugin._make(generated, *arguments[:-1], False)
    assert made is not by_worker and made.drawn is None
    assert plugin._draw(made, page.url) == ["<table>drawn here</table>"] and drawn_here == ["models/m-1/"]
    assert plugin.prepared == {}
