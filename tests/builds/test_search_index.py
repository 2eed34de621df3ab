"""`almanac/search`: the index Pagefind writes at the end of a build holds the posts and the entity
pages (a model's, a vendor's, a provider's) and nothing else: not the blog's listings, the tag pages or
the data's other pages, which repeat the posts' excerpts or hold tables. Material's own index is left
with no page (its configuration alone), and every page points Material's search box at the worker that
reads Pagefind's index. The same documents give the same index, byte for byte. A misconfigured plugin
stops the build at its line of `mkdocs.yml`."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from almanac.core.errors import AlmanacError
from almanac.core.search import (
    PARTS_FILE,
    SearchDocument,
    Staging,
    document_html,
    pagefind_executable,
    parts,
    staging_folder,
    start_index,
)

from helpers import MINIMAL_CONFIG, BuildResult, error_lines, make_site, run_build, run_python

ENTITY_PAGE = re.compile(r"^(models|vendors|providers)/[^/]+/$")
POST_ARTICLE = '<article class="almanac-post">'
WORKER = re.compile(r'"search":\s*"([^"]*)"')


def indexed_urls(site: Path) -> list[str]:
    """The URL of every page of the site's Pagefind index (of one part)."""
    return _fragments_urls(site / "pagefind")


def _fragments_urls(index: Path) -> list[str]:
    """The URL of every page of the index, or part of an index, in `index`, read from its fragments
    (gzipped JSON)."""
    urls = []
    for fragment in sorted((index / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.append(json.loads(data)["url"])
    return sorted(urls)


def pages(site: Path) -> dict[str, str]:
    """Each HTML page of the site by its URL path (`blog/`, `models/x/`), with its HTML."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        found["" if url == "./" else url] = path.read_text(encoding="utf-8")
    return found


def test_the_index_holds_the_posts_and_entity_pages_and_no_listing(any_build: BuildResult) -> None:
    assert any_build.returncode == 0, any_build.output
    site = any_build.site
    every = pages(site)
    posts = {url for url, text in every.items() if POST_ARTICLE in text}
    entities = {url for url in every if ENTITY_PAGE.match(url)}
    assert posts and entities
    assert indexed_urls(site) == sorted(f"/{url}" for url in posts | entities)
    listings = {"blog/", "tags/", *(url for url in every if url.startswith(("tags/", "blog/page/")))}
    assert not listings & {url.lstrip("/") for url in indexed_urls(site)}
    # Material's search plugin indexes no page: the browser fetches its configuration alone.
    material = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == [] and material["config"]["separator"]


def test_every_page_points_the_search_box_at_the_pagefind_worker(sample_build: BuildResult) -> None:
    site = sample_build.site
    worker = site / "assets" / "almanac" / "almanac-search-worker.js"
    assert worker.is_file()
    for url, text in pages(site).items():
        named = WORKER.search(text)
        assert named is not None, url
        assert (site / url / named.group(1)).resolve() == worker.resolve(), url
    assert (site / "pagefind" / "pagefind.js").is_file()


DOCUMENTS = [
    SearchDocument("blog/2026/01/02/english/", "Latency & <tokens>", "<h2 id='a'>Cost</h2><p>Latency of tokens.</p>"),
    SearchDocument("blog/2026/01/03/chinese/", "错峰定价", "<p>国内大模型的价格战，从错峰定价说起。</p>"),
    SearchDocument("models/m-1/", "Model One", "<p>A model, its price per million tokens.</p>"),
]


def digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_same_documents_give_the_same_index(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert start_index(DOCUMENTS, first, language="zh").wait() == 3
    assert start_index(list(reversed(DOCUMENTS)), second, language="zh").wait() == 3
    assert digest(first / "pagefind") == digest(second / "pagefind")
    assert {"pagefind.js", "pagefind-entry.json"} <= {path.name for path in (first / "pagefind").iterdir()}
    assert not (first / "pagefind" / "pagefind-ui.js").exists()  # Pagefind's own interface is not served
    assert sorted(indexed_urls(first)) == sorted(f"/{document.url}" for document in DOCUMENTS)


def _document(n: int) -> SearchDocument:
    return SearchDocument(f"blog/2026/03/01/post-{n}/", f"Post {n}", f"<p>Words of post {n}, 模型 {n}.</p>")


def test_documents_fall_in_parts_of_about_a_size_by_their_address() -> None:
    documents = [_document(n) for n in range(7000)]
    found = parts(documents, 2000)
    assert len(found) == 4 and all(1600 < len(part) < 1900 for part in found), [len(part) for part in found]
    assert sorted(d.url for part in found for d in part) == sorted(d.url for d in documents)
    for part in found:  # in the order they were given
        assert [int(d.title.split()[1]) for d in part] == sorted(int(d.title.split()[1]) for d in part)
    # A new page moves no other page to another part (the preview's staged documents stay where they are).
    grown = parts([*documents, _document(7000)], 2000)
    assert [[d for d in part if d.url != _document(7000).url] for part in grown] == found
    assert parts(documents[:10], 2000) == [documents[:10]]


def test_more_documents_than_a_part_are_indexed_in_parts_one_run_after_the_other(tmp_path: Path) -> None:
    documents = [_document(n) for n in range(1, 10)]
    expected = parts(documents, 3)
    assert len(expected) >= 2
    run = start_index(documents, tmp_path / "first", language="zh", part_size=3)
    index = tmp_path / "first" / "pagefind"
    folders = [index, *(index / f"part-{n}" for n in range(2, len(expected) + 1))]
    assert json.loads((index / PARTS_FILE).read_text(encoding="utf-8")) == [f"{f.name}/" for f in folders[1:]]
    # Each part starts once the last is written, when the build asks (`advance`, at each page it writes).
    deadline = time.monotonic() + 60
    while not (folders[-1] / "pagefind-entry.json").exists():
        assert time.monotonic() < deadline, "the last part never started"
        run.advance()
        time.sleep(0.05)
    assert run.wait() == 9
    found = [_fragments_urls(folder) for folder in folders]
    assert found == [sorted(f"/{d.url}" for d in part) for part in expected]
    assert not (folders[1] / "pagefind-ui.js").exists()
    assert start_index(documents, tmp_path / "second", language="zh", part_size=3).wait() == 9
    assert digest(index) == digest(tmp_path / "second" / "pagefind")


def test_a_document_escapes_its_title() -> None:
    text = document_html(SearchDocument("x/", "<script>alert(1)</script> & co", "<p>Body</p>"), "zh")
    assert "<script>" not in text
    assert '<h1 data-pagefind-meta="title">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>' in text
    assert '<html lang="zh">' in text


def test_no_document_gives_a_module_that_finds_nothing(tmp_path: Path) -> None:
    assert start_index([], tmp_path, language="zh").wait() == 0
    module = (tmp_path / "pagefind" / "pagefind.js").read_text(encoding="utf-8")
    assert "export async function search()" in module and "results: []" in module


SEARCH_CONFIG = MINIMAL_CONFIG.replace(
    "plugins:\n", "plugins:\n  - search\n  - almanac/search:\n      language: LANGUAGE\n"
)
POST = "---\ntitle: A post\ndate: 2026-03-01\nauthors: [lin]\n---\n\nSome words about latency.\n"


def test_a_site_without_data_indexes_its_posts(tmp_path: Path) -> None:
    result = run_build(
        make_site(tmp_path, {"2026-03-01-a-post.md": POST}, config=SEARCH_CONFIG.replace("LANGUAGE", "en"))
    )
    assert result.returncode == 0, result.output
    assert indexed_urls(result.site) == ["/blog/2026/03/01/a-post/"]


def fragments_text(site: Path) -> str:
    """The text of every page of Pagefind's index (its fragments), one after the other."""
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    return "\n".join(gzip.decompress(path.read_bytes()).decode("utf-8") for path in fragments)


def test_the_index_is_started_once_the_pages_are_converted_and_is_the_same(tmp_path: Path) -> None:
    # Pagefind runs beside the rendering of the pages, on the documents of the converted pages: the
    # same index as one written after the last page from what the pages were rendered with.
    project = make_site(tmp_path, {"2026-03-01-a-post.md": POST}, config=SEARCH_CONFIG.replace("LANGUAGE", "en"))
    result = run_build(project, verbose=True)
    assert result.returncode == 0, result.output
    assert "search: 1 pages indexed by Pagefind, started once every page was converted" in result.output
    rendered = tmp_path / "rendered"
    start_index(
        [SearchDocument("blog/2026/03/01/a-post/", "A post", "<p>Some words about latency.</p>")],
        rendered,
        language="en",
    ).wait()
    assert digest(result.site / "pagefind") == digest(rendered / "pagefind")


# A hook that changes a post's text after its conversion, as the page is rendered (before the
# search plugins read it): the index started once the pages were converted is not the site's.
CHANGING_HOOK = """\
from mkdocs.plugins import event_priority


@event_priority(80)
def on_page_context(context, page, config, nav):
    if page.content and "latency" in page.content:
        page.content = page.content.replace("latency", "throughput")
"""


def test_a_text_changed_after_the_conversion_is_indexed_as_rendered(tmp_path: Path) -> None:
    config = SEARCH_CONFIG.replace("LANGUAGE", "en") + "hooks:\n  - hooks.py\n"
    project = make_site(tmp_path, {"2026-03-01-a-post.md": POST}, config=config)
    (project / "hooks.py").write_text(CHANGING_HOOK, encoding="utf-8")
    result = run_build(project, verbose=True)
    assert result.returncode == 0, result.output
    assert "search: a page's text changed after its conversion: the index is written again" in result.output
    assert "search: 1 pages indexed by Pagefind, after the last page" in result.output
    text = fragments_text(result.site)
    assert "throughput" in text and "latency" not in text
    assert "throughput" in result.page("blog/2026/03/01/a-post/")


def test_an_index_started_and_stopped_leaves_nothing_behind(tmp_path: Path) -> None:
    # A build that fails while the pages are rendered stops the index it started (`cancel`).
    started = start_index(DOCUMENTS, tmp_path, language="zh")
    assert started._staging is not None and started._process is not None
    staging, pid = started._staging.folder, started._process.pid
    assert staging.is_dir()
    started.cancel()
    assert not staging.exists()
    with pytest.raises(ProcessLookupError):  # stopped, and its exit read
        os.kill(pid, 0)


@pytest.mark.skipif(shutil.which("nice") is None, reason="no `nice` on this system")
def test_pagefind_runs_beside_the_build_at_the_lowest_priority(tmp_path: Path) -> None:
    # The build's own process keeps a core to render on; Pagefind takes what the cores leave.
    started = start_index(DOCUMENTS, tmp_path, language="zh")
    try:
        assert started._process is not None
        pid, deadline = started._process.pid, time.monotonic() + 5
        while os.getpriority(os.PRIO_PROCESS, pid) != 19 and time.monotonic() < deadline:
            time.sleep(0.01)  # started, and not yet through `nice` (a process not waited for stays readable)
        assert os.getpriority(os.PRIO_PROCESS, pid) == 19
    finally:
        assert started.wait() == 3


def test_documents_are_staged_in_memory_where_it_has_room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    folder = staging_folder(1000, memory)
    assert folder.parent == memory and folder.name.startswith(f"almanac-search-staging-{os.getpid()}-")
    temporary = Path(tempfile.gettempdir())
    assert staging_folder(1000, tmp_path / "no-such-folder").parent == temporary
    # A container's memory folder (64 MiB in all): no room for twice the documents and 256 MiB more.
    small = shutil._ntuple_diskusage(64 * 2**20, 0, 64 * 2**20)  # type: ignore[attr-defined]
    monkeypatch.setattr(shutil, "disk_usage", lambda path: small)
    made = staging_folder(1000, memory)
    assert made.parent == temporary
    made.rmdir()


def test_a_staging_folder_left_in_memory_by_a_process_that_ended_is_removed(tmp_path: Path) -> None:
    memory = tmp_path / "memory"
    memory.mkdir()
    ended = int(
        subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
        ).stdout
    )
    left = memory / f"almanac-search-staging-{ended}-k1ll3d"
    left.mkdir()
    (left / "index.html").write_text("<p>a staged page</p>", encoding="utf-8")
    running = memory / f"almanac-search-staging-{os.getppid()}-w0rk1n"  # this test's launcher: alive
    running.mkdir()
    other = memory / "someone-elses"
    other.mkdir()
    made = staging_folder(10, memory)
    assert not left.exists()
    assert running.is_dir() and other.is_dir() and made.is_dir()


def test_pagefind_that_fails_is_reported_with_what_it_said(tmp_path: Path) -> None:
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: no pages found' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    with pytest.raises(RuntimeError) as raised:
        start_index(DOCUMENTS, tmp_path / "site", language="zh", executable=failing).wait()
    assert str(raised.value) == "Pagefind failed (exit 3): Error: no pages found"


@pytest.mark.parametrize(
    ("config", "line", "message"),
    [
        (
            SEARCH_CONFIG.replace("LANGUAGE", "chinese"),
            7,
            "language must be a language's two-letter code, not 'chinese' — "
            "write e.g. `language: zh` (Chinese) or `en`",
        ),
        (
            MINIMAL_CONFIG.replace("plugins:\n", "plugins:\n  - almanac/search\n"),
            5,
            "almanac/search answers the search box of Material's search plugin, which is not on — "
            "add `- search` to `plugins`, before `- almanac/search` (theme: material)",
        ),
    ],
    ids=["bad language", "no Material search"],
)
def test_a_misconfigured_plugin_stops_the_build_at_its_line(
    tmp_path: Path, config: str, line: int, message: str
) -> None:
    result = run_build(make_site(tmp_path, {"2026-03-01-a-post.md": POST}, config=config))
    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output
    assert f"mkdocs.yml:{line}: {message}" in error_lines(result.output)[0], result.output


def test_without_pagefind_the_plugin_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(AlmanacError) as raised:
        pagefind_executable()
    assert str(raised.value) == (
        "pyproject.toml: Pagefind is not installed, and almanac/search indexes the site with it — "
        "install the project again (`pip install -e .`), which installs `pagefind[extended]`"
    )


# Two builds of a preview (`mkdocs serve`) with a post edited between them. Each waits until the
# site's index holds a word (reading Pagefind's fragments): the preview writes it once the site is
# served, in a thread; the site of the second build has the first index from the start.
PREVIEW_INDEX = r"""
import gzip, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site = Path(sys.argv[2])

def preview():
    config = load_config(sys.argv[1], site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=False)

def indexed(word):
    fragments = (site / "pagefind" / "fragment").glob("*.pf_fragment")
    return any(word in gzip.decompress(path.read_bytes()).decode("utf-8") for path in fragments)

def wait(word):
    limit = time.monotonic() + 120
    while not indexed(word):
        if time.monotonic() > limit:
            return False
        time.sleep(0.05)
    return True

preview()
print("first", wait("latency"))
Path(sys.argv[3]).write_text(sys.argv[4], encoding="utf-8")
preview()
print("served with the last index", indexed("latency"))
print("second", wait("Zyxwordtoken"), not indexed("latency"))
"""


def test_the_preview_serves_the_last_index_until_the_new_one_is_written(tmp_path: Path) -> None:
    config = SEARCH_CONFIG.replace("LANGUAGE", "en")
    project = make_site(tmp_path, {"2026-03-01-a-post.md": POST}, config=config)
    post = project / "docs" / "blog" / "posts" / "2026-03-01-a-post.md"
    edited = POST.replace("latency", "Zyxwordtoken")
    done = run_python(
        PREVIEW_INDEX, str(project / "mkdocs.yml"), str(tmp_path / "served"), str(post), edited, cwd=project
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.split("\n")[-4:] == [
        "first True",
        "served with the last index True",
        "second True True",
        "",
    ], done.stdout + done.stderr


def test_a_theme_whose_pages_name_no_search_worker_stops_the_build(tmp_path: Path) -> None:
    # A theme override whose configuration leaves out the worker: the box could not be answered.
    config = SEARCH_CONFIG.replace("LANGUAGE", "en").replace(
        "theme: {name: material}", "theme: {name: material, custom_dir: overrides}"
    )
    project = make_site(tmp_path, {"2026-03-01-a-post.md": POST}, config=config)
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block config %}<script id="__config" type="application/json">{}</script>'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output
    assert (
        "mkdocs.yml:6: the theme's page index.md names no search worker that almanac/search knows — "
        "almanac/search answers Material for MkDocs 9's search box; with another theme or a template that "
        "leaves out Material's configuration, remove it from `plugins`"
    ) in [re.sub(r"^ERROR\s+-\s+", "", line) for line in error_lines(result.output)], result.output


def test_a_kept_staging_folder_rewrites_what_changed_and_gives_a_fresh_index(tmp_path: Path) -> None:
    # The preview's index at each save: the documents of the last kept, only the changed written.
    staging = Staging()
    try:
        assert start_index(DOCUMENTS, tmp_path / "first", language="zh", staging=staging).wait() == 3
        assert staging.written == 3
        edited = [DOCUMENTS[0], SearchDocument("models/m-1/", "Model One", "<p>A model, its new price.</p>")]
        assert start_index(edited, tmp_path / "second", language="zh", staging=staging).wait() == 2
        assert staging.written == 1  # one changed, one unchanged, one removed
        assert sorted(path.name for path in staging.folder.rglob("*.html")) == ["index.html", "index.html"]
        start_index(edited, tmp_path / "fresh", language="zh").wait()
        assert digest(tmp_path / "second" / "pagefind") == digest(tmp_path / "fresh" / "pagefind")
        assert staging.folder.is_dir()  # kept for the next index
        # A document added (a new post): the index is a fresh one's too, whatever order the folder lists
        # its files in (in memory, the order they were made in).
        added = [*edited, SearchDocument("blog/2026/01/01/new/", "A new post", "<p>Its text.</p>")]
        assert start_index(added, tmp_path / "third", language="zh", staging=staging).wait() == 3
        start_index(list(reversed(added)), tmp_path / "fresh-third", language="zh").wait()
        assert digest(tmp_path / "third" / "pagefind") == digest(tmp_path / "fresh-third" / "pagefind")
    finally:
        staging.remove()
    assert not staging.folder.exists()
