# The `almanac/search` plugin: the theme's search box (Material's header search, its `/`, `s` and
# `f` shortcuts, its result list, the query highlighted on the page a result opens) answered by a
# Pagefind index of the posts and the entity pages, in place of Material's Lunr index of every
# page. Listings and tag pages repeat the posts' excerpts: they are not indexed.
#
# Material's `search` plugin stays in `mkdocs.yml`: the box, its shortcuts and the highlighting
# are drawn by the theme when it is there. This plugin keeps every page out of that plugin's
# index (which is left with its configuration alone: the words' separator, read by the
# highlighting), points the pages at its own worker (`assets/almanac-search-worker.js`), and
# has Pagefind write the index (`core/search.py`): started once every page is converted, it runs
# on another core while the theme renders the pages, and the build waits for it at the end.

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from almanac.core.checking import check_request
from almanac.core.errors import AlmanacError
from almanac.core.search import (
    OUTPUT_FOLDER,
    IndexRun,
    SearchDocument,
    Staging,
    pagefind_executable,
    start_index,
)
from almanac.mkdocs.interfaces import entity_source, post_source
from almanac.mkdocs.options import option_line
from almanac.mkdocs.preview import LATER
from almanac.mkdocs.search.config import SearchConfig

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

ASSET = Path(__file__).resolve().parents[2] / "assets" / "almanac-search-worker.js"
WORKER_URL = "assets/almanac/almanac-search-worker.js"

#: The worker Material's pages name in their configuration (`"search": "…/search.<hash>.min.js"`).
_THEME_WORKER = re.compile(r'("search":\s*")[^"]*assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")')

#: The documents of pages rendered by earlier builds in this process, by source path: a partial
#: rebuild of the preview renders only the pages that changed, and the index needs them all.
_KEPT: dict[str, SearchDocument] = {}


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.executable: Path | None = None
        self.documents: dict[str, SearchDocument] = {}
        #: The URLs of the entity pages, and whether a page is a post: asked once per build.
        self.entity_urls: frozenset[str] | None = None
        #: In the preview, after its first build: the index is written once the new site is served.
        self.index_later = False
        #: The index started once every page was converted, and the documents it was given.
        self.early: tuple[dict[str, SearchDocument], IndexRun] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"

    # Step 1 — the configuration: Material's search plugin must be there (it draws the box this
    # plugin answers), and Pagefind's binary must be installed. After Material's (priority 0).
    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._cancel_early()
        self.documents, self.entity_urls = {}, None
        if not self.config.enabled:
            return None
        config_file = config.config_file_path or "mkdocs.yml"
        theme_search = config.plugins.get("material/search")
        if theme_search is None or not getattr(theme_search.config, "enabled", True):
            line = option_line(config_file, "almanac/search", None)
            raise PluginError(
                str(
                    AlmanacError(
                        Path(config_file).name,
                        line,
                        "almanac/search answers the search box of Material's search plugin, which is not on",
                        "add `- search` to `plugins`, before `- almanac/search` (theme: material)",
                    )
                )
            )
        try:
            self.executable = pagefind_executable()
        except AlmanacError as error:
            raise PluginError(str(error)) from None
        return None

    # Step 2 — the files: the worker, beside the plugins' other assets. In the preview, documents
    # kept from earlier builds of pages that no longer exist are dropped.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        files.append(File.generated(config, WORKER_URL, abs_src_path=str(ASSET)))
        if self.is_serve:
            present = {file.src_uri for file in files}
            for src_uri in [uri for uri in _KEPT if uri not in present]:
                del _KEPT[src_uri]
        return files

    # Step 3 — every page converted, none rendered yet (after the other plugins' `on_env`, whose
    # problems stop the build, and never in `almanac check`, which stops before): Pagefind starts
    # on the documents of the indexed pages and runs on another core while the theme renders the
    # pages. Step 6 uses its index if the pages gave the same documents as they were rendered.
    # Not in the preview's partial rebuilds, which write the index once the site is served.
    @event_priority(-200)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self._cancel_early()
        if not self.config.enabled or check_request() is not None or (self.is_serve and _PREVIEW.has_index()):
            return None
        posts = post_source(config.plugins)
        documents: dict[str, SearchDocument] = {}
        for file in files.documentation_pages():
            page = file.page
            if page is None or not self._indexed(page, config):
                continue
            if page.content is None:  # not converted (`mkdocs build --dirty`): written at the end
                return None
            content = posts.search_content(file.src_uri, page.content) if posts is not None else page.content
            documents[file.src_uri] = SearchDocument(url=page.url, title=page.title or "", content=content)
        run = self._start(documents.values(), config)
        self.early = (documents, run)
        _RUNNING.add(run)
        return None

    def _start(self, documents: Iterable[SearchDocument], config: MkDocsConfig) -> IndexRun:
        """Pagefind started on `documents`, into the site's `pagefind/`."""
        try:
            return start_index(
                list(documents),
                Path(config.site_dir),
                language=self.config.language,
                executable=self.executable,
                part_size=self.config.part_size,
            )
        except OSError as error:
            raise PluginError(f"search: Pagefind did not start — {error}") from None

    def _cancel_early(self) -> None:
        if self.early is not None:
            _, run = self.early
            self.early = None
            run.cancel()
            _RUNNING.discard(run)

    def on_build_error(self, *, error: Exception) -> None:
        self._cancel_early()

    def on_shutdown(self) -> None:
        self._cancel_early()

    # Step 4 — each page, before Material's search plugin reads it (priority 0) and after
    # `almanac/blog` has unwrapped a post's links to entities (100): a post or an entity page
    # becomes a document of the index; no page goes into Material's index.
    @event_priority(50)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if not self.config.enabled:
            return None
        meta = page.meta.get("search")
        page.meta["search"] = {**meta, "exclude": True} if isinstance(meta, dict) else {"exclude": True}
        if self._indexed(page, config):
            document = SearchDocument(url=page.url, title=page.title or "", content=page.content or "")
            self.documents[page.file.src_uri] = document
            if self.is_serve:
                _KEPT[page.file.src_uri] = document
        return None

    def _indexed(self, page: Page, config: MkDocsConfig) -> bool:
        """Whether `page` is a post (`almanac/blog`) or the page of a model, vendor or provider
        (`almanac/data`)."""
        if self.entity_urls is None:
            source = entity_source(config.plugins)
            entities = source.entities() if source is not None else None
            self.entity_urls = frozenset(entity.url for entity in entities or ())
        if page.url in self.entity_urls:
            return True
        posts = post_source(config.plugins)
        return posts is not None and posts.post_date(page.file.src_uri) is not None

    # Step 5 — each written page: the theme's configuration names this plugin's worker. An index
    # in parts (a big site): the next part starts as soon as the last one is written.
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.early is not None:
            self.early[1].advance()
        if not self.config.enabled or 'id="__config"' not in output:
            return None
        worker = get_relative_url(WORKER_URL, page.url)
        replaced, count = _THEME_WORKER.subn(lambda match: match[1] + worker + match[2], output, count=1)
        if count == 0:
            config_file = config.config_file_path or "mkdocs.yml"
            problem = AlmanacError(
                Path(config_file).name,
                option_line(config_file, "almanac/search", None),
                f"the theme's page {page.file.src_uri} names no search worker that almanac/search knows",
                "almanac/search answers Material for MkDocs 9's search box; with another theme or a "
                "template that leaves out Material's configuration, remove it from `plugins`",
            )
            raise PluginError(str(problem))
        return replaced

    # Step 6 — after every page is written, before the new site replaces the last one (the blog's
    # and the data's last step, priority -100): the Pagefind index, in `pagefind/`: the one started
    # in step 3 if the pages were rendered with the documents it was given, else written now (a
    # plugin changed a page's text after its conversion). In the preview, after its first build,
    # the new site gets the last index at once, and the new index is written once it is served.
    @event_priority(-50)
    def _write_index(self, *, config: MkDocsConfig) -> None:
        self.index_later = False
        early, self.early = self.early, None
        if not self.config.enabled:
            return
        documents = dict(_KEPT) if self.is_serve else {}
        documents.update(self.documents)
        if early is not None and early[0] != documents:
            log.debug("search: a page's text changed after its conversion: the index is written again")
            early[1].cancel()
            _RUNNING.discard(early[1])
            early = None
        if self.is_serve and _PREVIEW.link_last(Path(config.site_dir)):
            self.index_later = True
            return
        try:
            count = (early[1] if early is not None else self._start(documents.values(), config)).wait()
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        finally:
            if early is not None:
                _RUNNING.discard(early[1])
        if self.is_serve:  # the preview's first build: its index is the last one from now on
            _PREVIEW.keep(Path(config.site_dir))
        when = "started once every page was converted" if early is not None else "after the last page"
        log.debug("search: %d pages indexed by Pagefind, %s", count, when)

    # Step 7 — the preview only, once the new site is in place (after priority -100): the index of
    # its pages, written by a thread. Pagefind takes seconds on a big blog (12 s for 1,000 posts on
    # a busy 2-core machine, benchmarks/README.md): the changed page is served without waiting.
    # Pages the rebuild left for after the reload (`preview.py`) give their documents as they are
    # written: the index starts once they all are.
    @event_priority(-200)
    def _write_index_later(self, *, config: MkDocsConfig) -> None:
        if not self.index_later:
            return
        site, language, executable = Path(config.site_dir), self.config.language, self.executable
        part_size = self.config.part_size
        self.index_later = False

        def start() -> None:
            documents = list(_KEPT.values())
            _PREVIEW.start(documents, site, language=language, executable=executable, part_size=part_size)

        if not LATER.then(start):
            start()

    on_post_build = CombinedEvent(_write_index, _write_index_later)


class _PreviewIndex:
    """The preview's index: the newest one written, kept outside the site (each build of the
    preview makes a new site folder), and the thread that writes the next."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = 0
        self.last: Path | None = None
        #: The preview is stopping: an index still being written is dropped without a word (its
        #: staging folder is removed as the interpreter exits, under the thread that fills it).
        self.stopping = False
        #: The documents of the last index, kept for the next: a save rewrites only those it
        #: changed (a one-word edit, one of 1,350 at 1,000 posts). One thread at a time updates
        #: them and starts Pagefind on them (`staging_lock`), once the last Pagefind is stopped.
        self.staging: Staging | None = None
        self.staging_lock = threading.Lock()
        self.running: IndexRun | None = None
        atexit.register(self.clear)

    def has_index(self) -> bool:
        """Whether an index was written by an earlier build of the preview."""
        with self.lock:
            return self.last is not None

    def link_last(self, site: Path) -> bool:
        """Give the site being built the newest index, as hard links; `False` before the first."""
        with self.lock:
            if self.last is None:
                return False
            if (site / OUTPUT_FOLDER).is_dir():  # a partial rebuild (`--dirty`) keeps the site, index included
                return True
            _link_tree(self.last / OUTPUT_FOLDER, site / OUTPUT_FOLDER)
            return True

    def keep(self, site: Path) -> None:
        """Keep the index just written into `site` as the newest."""
        folder = Path(tempfile.mkdtemp(prefix="almanac-search-"))
        _link_tree(site / OUTPUT_FOLDER, folder / OUTPUT_FOLDER)
        with self.lock:
            self.generation += 1
            previous, self.last = self.last, folder
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)

    def start(
        self, documents: list[SearchDocument], site: Path, *, language: str, executable: Path | None, part_size: int
    ) -> None:
        with self.lock:
            self.generation += 1
            generation = self.generation
        thread = threading.Thread(
            target=self._write,
            args=(documents, site, language, executable, part_size, generation),
            name="almanac-search-index",
            daemon=True,
        )
        thread.start()

    def _write(
        self,
        documents: list[SearchDocument],
        site: Path,
        language: str,
        executable: Path | None,
        part_size: int,
        generation: int,
    ) -> None:
        folder = Path(tempfile.mkdtemp(prefix="almanac-search-"))
        try:
            with self.staging_lock:
                if generation != self.generation or self.stopping:  # a newer save's thread comes, or the end
                    shutil.rmtree(folder, ignore_errors=True)
                    return
                if self.running is not None:  # an older save's index, which would be dropped
                    self.running.stop()
                if self.staging is None:
                    self.staging = Staging()
                self.running = run = start_index(
                    documents,
                    folder,
                    language=language,
                    executable=executable,
                    staging=self.staging,
                    part_size=part_size,
                )
            count = run.wait()
        except (RuntimeError, OSError) as error:
            superseded = generation != self.generation
            if not superseded and not self.stopping and threading.main_thread().is_alive():
                log.warning("search: the preview's index was not written — %s", error)
            shutil.rmtree(folder, ignore_errors=True)
            return
        with self.lock:
            if generation != self.generation or not site.is_dir():  # a newer build's index comes
                shutil.rmtree(folder, ignore_errors=True)
                return
            target, fresh, old = (site / f"{OUTPUT_FOLDER}{suffix}" for suffix in ("", ".new", ".old"))
            shutil.rmtree(fresh, ignore_errors=True)
            _link_tree(folder / OUTPUT_FOLDER, fresh)
            if target.exists():
                target.rename(old)
            fresh.rename(target)
            shutil.rmtree(old, ignore_errors=True)
            previous, self.last = self.last, folder
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
        log.debug("search: %d pages indexed by Pagefind for the preview", count)

    def clear(self) -> None:
        """At exit: the newest index is removed, and one still being written is dropped without a
        word. The clean-up of temporary folders may run first and remove that index's staging
        folder under the thread: the thread says nothing either once the main thread has ended
        (the interpreter is exiting)."""
        self.stopping = True
        # Not while a thread updates the staging folder, which would make it again.
        locked = self.staging_lock.acquire(timeout=10)
        try:
            if self.running is not None:
                self.running.stop()
            if self.staging is not None:
                self.staging.remove()
                self.staging = None
        finally:
            if locked:
                self.staging_lock.release()
        if self.last is not None:
            shutil.rmtree(self.last, ignore_errors=True)


def _link_tree(source: Path, destination: Path) -> None:
    """`source`'s files at `destination`, as hard links (a copy where links cannot be made)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, destination, copy_function=link, dirs_exist_ok=True)


_PREVIEW = _PreviewIndex()

#: The indexes started in step 3 and not yet waited for: stopped if the process exits before
#: (an interrupted build), so that no Pagefind writes on into a site folder.
_RUNNING: set[IndexRun] = set()


@atexit.register
def _stop_running() -> None:
    for run in list(_RUNNING):
        run.cancel()
    _RUNNING.clear()
