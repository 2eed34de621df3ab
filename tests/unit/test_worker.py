"""The second process that makes the generated pages and the JSON API: the same as made
in-process, and no answer (so the build makes them itself) when its data is not the data the
build read."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from almanac.core.data import api
from almanac.core.data.blocks.draw import render_blocks
from almanac.core.data.blocks.fences import BlockPage
from almanac.core.data.datasets import load_datasets
from almanac.core.data.pages.catalogue import catalogue, outline
from almanac.core.data.pages.content import page_content
from almanac.core.data.worker import Job, Start, Worker, WorkerFailed, WorkerFound, fingerprint
from almanac.core.errors import AlmanacErrors

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 28)
AT = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)


def _start(project: Path, *, directory_urls: bool = True) -> Start:
    return Start(str(project), TODAY.isoformat(), AT.isoformat(), directory_urls, fingerprint(project))


def _worker(
    project: Path, pages: list[tuple[str, str]], *, directory_urls: bool = True, block_pages: tuple[BlockPage, ...] = ()
) -> Worker:
    """A worker that has read the data and been given its job, as the build does it."""
    worker = Worker(_start(project, directory_urls=directory_urls))
    worker.outline()
    worker.send(Job(pages=tuple(pages), block_pages=block_pages))
    return worker


def _pages(project: Path) -> list[tuple[str, str]]:
    datasets = load_datasets(project, today=TODAY)
    return [(page.src_uri, page.url) for page in catalogue(datasets) if page.kind != "api"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_the_worker_makes_the_pages_made_in_process(project: Path) -> None:
    datasets = load_datasets(project, today=TODAY)
    pages = {page.src_uri: page for page in catalogue(datasets)}
    wanted = _pages(project)
    worker = _worker(project, wanted)
    try:
        assert worker.api() == api.published(datasets, AT)
        for src_uri, url in wanted:
            content = page_content(pages[src_uri], url, datasets, at=AT)
            assert worker.content(src_uri) == content.html
            assert worker.blocks(src_uri) == content.draw(url, datasets, at=AT)
        assert worker.delivered == len(wanted)
    finally:
        worker.close()


def test_links_follow_use_directory_urls(project: Path) -> None:
    page = "providers/relay-a/index.md"
    worker = _worker(project, [(page, "providers/relay-a/index.html")], directory_urls=False)
    try:
        assert 'href="../../models/claude-sonnet-4-6/index.html"' in "".join(worker.blocks(page))
    finally:
        worker.close()


def test_data_changed_after_the_build_read_it(project: Path) -> None:
    start = _start(project)
    fx = project / "data" / "fx.yaml"
    stat = fx.stat()
    os.utime(fx, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    worker = Worker(start)
    try:
        with pytest.raises(WorkerFailed):
            worker.outline()
        assert worker.reason == "stale"
    finally:
        worker.close()


def test_a_crashed_worker_gives_no_answer(project: Path) -> None:
    worker = _worker(project, [("models/no-such-model/index.md", "models/no-such-model/")])
    try:
        with pytest.raises(WorkerFailed):
            worker.blocks("models/no-such-model/index.md")
        assert worker.reason.startswith("it stopped: KeyError:"), worker.reason
    finally:
        worker.close()


def test_fingerprint_changes_with_any_data_file(project: Path) -> None:
    before = fingerprint(project)
    assert "fx.yaml" in before
    (project / "data" / "providers" / "new.yaml").write_text("id: new\n", encoding="utf-8")
    assert fingerprint(project) != before
    assert fingerprint(project / "nothing-here") == ""


def test_closing_a_running_worker_is_quiet(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that fails stops the worker mid-way; its reader thread must not die noisily."""
    failures: list[BaseException | None] = []
    monkeypatch.setattr("threading.excepthook", lambda args: failures.append(args.exc_value))
    for attempt in range(6):
        worker = _worker(project, _pages(project)) if attempt % 2 else Worker(_start(project))
        worker.close()
        assert not worker._reader.is_alive()
    assert failures == []


def test_the_worker_draws_the_blocks_of_posts(project: Path) -> None:
    good = "Text.\n\n```almanac\ntable: prices\nvendors: [deepseek]\n```\n\n```almanac\nchart: triangle\n```\n"
    bad = "Text.\n\n```almanac\ntable: prices\nvendors: [deepsek]\n```\n"
    pages = (
        BlockPage("blog/posts/good.md", "blog/2026/03/30/good/", "docs/blog/posts/good.md", 5, good),
        BlockPage("blog/posts/bad.md", "blog/2026/03/30/bad/", "docs/blog/posts/bad.md", 5, bad),
    )
    datasets = load_datasets(project, today=TODAY)
    worker = _worker(project, [], block_pages=pages)
    try:
        drawn = worker.page_blocks("blog/posts/good.md")
        here = render_blocks(pages[0], datasets, today=TODAY, at=AT)
        assert drawn == here and len(drawn) == 2 and "<table" in drawn[0] and "<svg" in drawn[1]
        with pytest.raises(WorkerFound) as found:
            worker.page_blocks("blog/posts/bad.md")
        with pytest.raises(AlmanacErrors) as errors:
            render_blocks(pages[1], datasets, today=TODAY, at=AT)
        assert str(found.value) == str(errors.value)
        assert str(found.value).startswith("docs/blog/posts/bad.md:10:")
    finally:
        worker.close()


def test_the_worker_sends_the_outline_made_in_process(project: Path) -> None:
    worker = Worker(_start(project))
    try:
        tags = worker.tags()
        sent = worker.outline()
    finally:
        worker.close()
    made = outline(load_datasets(project, today=TODAY), at=AT)
    assert tags is not None and made.vocabulary is not None and tags.tags == made.vocabulary.tags
    assert sent.pages == made.pages and sent.api_page == made.api_page and sent.summary == made.summary
    assert sent.schemas == made.schemas and sent.chart_stylesheet == made.chart_stylesheet
    assert sent.vocabulary is not None and made.vocabulary is not None
    assert sent.vocabulary.tags == made.vocabulary.tags
    assert sent.vocabulary.resolve("LLM") == made.vocabulary.resolve("LLM") == "large model"


def test_a_data_error_comes_back_as_the_build_would_print_it(project: Path) -> None:
    fx = project / "data" / "fx.yaml"
    fx.write_text(fx.read_text(encoding="utf-8").replace("rates:", "rate:", 1), encoding="utf-8")
    with pytest.raises(AlmanacErrors) as errors:
        load_datasets(project, today=TODAY)
    worker = Worker(_start(project))
    try:
        with pytest.raises(WorkerFound) as found:
            worker.outline()
    finally:
        worker.close()
    assert str(found.value) == str(errors.value)
    assert str(found.value).startswith("data/fx.yaml:")


def test_broken_tags_come_back_with_every_problem_of_the_data(project: Path) -> None:
    tags = project / "data" / "tags.yaml"
    tags.write_text(tags.read_text(encoding="utf-8").replace("- name: IPO", "- nam: IPO", 1), encoding="utf-8")
    fx = project / "data" / "fx.yaml"
    fx.write_text(fx.read_text(encoding="utf-8").replace("rates:", "rate:", 1), encoding="utf-8")
    with pytest.raises(AlmanacErrors) as errors:
        load_datasets(project, today=TODAY)
    assert {error.path for error in errors.value} == {"data/tags.yaml", "data/fx.yaml"}
    worker = Worker(_start(project))
    try:
        with pytest.raises(WorkerFound) as found:
            worker.tags()
    finally:
        worker.close()
    assert str(found.value) == str(errors.value)


def test_good_tags_still_come_after_the_data_error_has_arrived(project: Path) -> None:
    # The build may ask for the tags only after the worker has reported a problem elsewhere in
    # data/: the tags it sent first are still the answer, so posts' tags are still checked.
    fx = project / "data" / "fx.yaml"
    fx.write_text(fx.read_text(encoding="utf-8").replace("rates:", "rate:", 1), encoding="utf-8")
    worker = Worker(_start(project))
    try:
        with pytest.raises(WorkerFound):
            worker.outline()  # returns once the data error is in
        tags = worker.tags()
    finally:
        worker.close()
    assert tags is not None
    assert tags.resolve("LLM") == "large model"
