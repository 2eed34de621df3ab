# The `almanac/data` plugin: the datasets of `data/` (prices, providers, incidents, status,
# exchange rates, tags), loaded and checked once per build, before anything is written, and
# everything the site makes of them: `almanac` blocks (tables and charts) in any page, the
# generated pages (prices, models, vendors, providers, status, API), the JSON API and the JSON
# Schemas.
#
# With two cores or more, a second process reads the data and makes all of that while MkDocs
# builds the posts (`core/data/worker.py`); this process then never loads the data or its models.
# Without one, or when it gives no answer, the same functions run here (imported where they
# are used, for that reason). `almanac/blog` asks `tag_vocabulary` for the tags of
# `data/tags.yaml`. The preview watches `data/`: saving a data file rebuilds; a bad edit
# prints its `file:line:col` errors and the last good site stays served.

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.meta import get_data

from almanac.core.data.blocks.fences import BlockPage, fill_slots, find_blocks, mark_blocks, unmark_blocks
from almanac.core.data.pages.catalogue import API_FILES, GeneratedPage, Outline, outline
from almanac.core.data.worker import Job, Start, Worker, WorkerFailed, WorkerFound, available_cores, fingerprint
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.project import DATA_DIR, build_time, display_prefix
from almanac.core.urls import anchor_ids
from almanac.mkdocs.checks import BuildRun
from almanac.mkdocs.data.config import DataConfig
from almanac.mkdocs.data.page import DataPage, kind_of
from almanac.mkdocs.preview import keep_serving_on_error
from almanac.mkdocs.shared import front_matter, shared_blocks, text_meta

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from almanac.core.blog.tags import TagVocabulary
    from almanac.core.data.datasets import Datasets
    from almanac.core.data.pages.content import PageContent

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
STYLESHEETS = {"assets/almanac/almanac-tables.css": ASSETS_DIR / "almanac-tables.css"}
SCRIPTS = {"assets/almanac/almanac-tables.js": ASSETS_DIR / "almanac-tables.js"}
CHART_STYLESHEET = "assets/almanac/charts.css"
#: The index page each kind of generated page belongs under in the navigation.
SECTION_OF = {"model": "models/index.md", "vendor": "vendors/index.md", "provider": "providers/index.md"}


#: The folders of the generated pages: with errors in `data/` these pages are not made, and
#: links into them are not reported (the errors of `data/` are).
GENERATED_FOLDERS = ("prices", "models", "vendors", "providers", "status", "api")


def build_date(option: str | None) -> dt.date:
    """The date the site is built for: the option, else `ALMANAC_BUILD_DATE`, else today (UTC)
    (see `build_time`, which `almanac/blog` and `almanac check` use too)."""
    try:
        return build_time(option).today
    except ValueError as error:
        place = "mkdocs.yml: almanac/data: " if str(error).startswith("build_date") else ""
        raise PluginError(f"{place}{error}") from None


class DataPlugin(BasePlugin[DataConfig]):
    def __init__(self) -> None:
        self._datasets: Datasets | None = None
        self._outline: Outline | None = None
        self.is_serve = False
        self.dirty = False
        self.run: BuildRun | None = None
        self.data_errors = False
        self.drawn: dict[str, list[str]] = {}
        self.today = dt.date.today()
        self.at = dt.datetime.now(dt.UTC)
        self.project = Path(".")
        self.docs_prefix = "docs/"
        self.pages: dict[str, GeneratedPage] = {}
        self.blocks: dict[str, list[str]] = {}
        self.block_pages: dict[str, BlockPage] = {}
        self.from_worker: dict[str, BlockPage] = {}
        self.made: dict[str, PageContent] = {}
        self.worker: Worker | None = None
        self.fingerprint = ""
        self.api_files: list[File] = []
        self.sections: dict[str, Page] = {}
        self.directory_urls = True

    # Step 1 — before anything is written: read and check every file of `data/`. All errors
    # of the run are shown together as `path:line:col: what — how to fix`; the build stops.
    # The second process starts reading now; without one, the data is read here. Runs before
    # the other almanac plugins' `on_config` (priority 100): the blog then checks each post's
    # tags against `data/tags.yaml`, asking `tag_vocabulary` once it has read its posts.
    # Problems are recorded, not raised: the build goes on without the data's pages and blocks,
    # and stops in `on_env` with every problem of every kind (see `mkdocs/checks.py`).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self._stop_worker()
        self.run = BuildRun.of(config)
        self.run.join("data")
        self.run.stage(dirty=self.dirty)
        self.run.before_stop.append(self._draw_all)
        self._datasets = self._outline = None
        self.data_errors = False
        self.blocks, self.block_pages, self.from_worker, self.made, self.drawn = {}, {}, {}, {}, {}
        self.project = Path(config.config_file_path or ".").resolve().parent
        self.today = build_date(self.config.build_date)
        # Prices and states are those at noon UTC of the build date: the same all day long.
        self.at = build_time(self.today.isoformat()).at
        self.docs_prefix = display_prefix(Path(config.docs_dir), self.project)
        self.directory_urls = config.use_directory_urls
        self.fingerprint = fingerprint(self.project)  # before reading: a later edit shows
        if self.config.parallel and available_cores() >= 2:
            start = Start(
                str(self.project), self.today.isoformat(), self.at.isoformat(), self.directory_urls, self.fingerprint
            )
            try:
                self.worker = Worker(start)
            except OSError as error:
                log.info("the data is read and its pages made in this process: no second process (%s)", error)
        if self.worker is None:
            self._read()
        if str(TEMPLATES_DIR) not in config.theme.dirs:
            config.theme.dirs.append(str(TEMPLATES_DIR))  # after the theme's: overrides win
        for url in [*STYLESHEETS, CHART_STYLESHEET]:
            if url not in config.extra_css:
                config.extra_css.append(url)
        for url in SCRIPTS:
            if url not in config.extra_javascript:
                config.extra_javascript.append(url)
        return None

    def _add(self, problems: AlmanacError | AlmanacErrors | list[AlmanacError]) -> None:
        """Record the author's mistakes: the build stops with all of them in `on_env`."""
        if self.run is None:  # not within a build (the plugin's methods called on their own)
            raise PluginError(str(problems))
        self.run.add(problems)

    def _read(self) -> Datasets | None:
        """The datasets, read and checked in this process the first time they are needed;
        `None` when they have errors (recorded)."""
        if self._datasets is None and not self.data_errors:
            from almanac.core.data.datasets import load_datasets

            try:
                self._datasets = load_datasets(self.project, today=self.today)
            except AlmanacErrors as errors:
                self._data_failed(errors.errors)
        return self._datasets

    def _data_failed(self, errors: list[AlmanacError]) -> None:
        self.data_errors = True
        self._add(errors)
        if self.run is not None:
            self.run.unchecked_folders = (*GENERATED_FOLDERS, self.config.schema_dir)

    def _site(self) -> Outline | None:
        """The outline of the site (its pages, tags and fixed files): the second process's, or
        made here; `None` when `data/` has errors (recorded)."""
        if self._outline is None and not self.data_errors:
            if self.worker is not None:
                try:
                    self._outline = self.worker.outline()
                except WorkerFound as found:
                    self._data_failed(found.errors)
                    return None
                except WorkerFailed:
                    self._worker_failed()
            if self._outline is None:
                datasets = self._read()
                if datasets is None:
                    return None
                self._outline = outline(datasets, at=self.at)
            log.debug("data: %s (as of %s)", self._outline.summary, self.today)
        return self._outline

    def tag_vocabulary(self) -> TagVocabulary | None:
        """The tags of `data/tags.yaml`, for `almanac/blog` (`None`: it lists none, or has
        errors, which are recorded). Errors elsewhere in `data/` do not keep the tags from the blog."""
        if self.worker is not None and self._outline is None:
            try:
                return self.worker.tags()
            except WorkerFound as found:
                self._data_failed(found.errors)
                return None
            except WorkerFailed:
                self._worker_failed()
        site = self._site()
        if site is not None:
            return site.vocabulary
        from almanac.core.data.datasets.loader import load_tags
        from almanac.core.project import tags_vocabulary

        tags = load_tags(self.project)
        return tags_vocabulary(*tags) if tags is not None else None

    # Which command runs, and whether it rebuilds only what changed (then the site folder is
    # not staged: see `mkdocs/checks.py`).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.dirty = dirty

    # Step 2 — the files: one generated page per entry of the catalogue (prices, models,
    # vendors, providers, status, API), the JSON API and Schemas, and our scripts and styles.
    # Index pages may be listed in `nav`; entity pages are reached from them and from posts.
    # The second process is given the pages to make now (`core/data/worker.py`), with the author's
    # pages that hold `almanac` blocks. Runs after the blog's step (priority -50), so that
    # these pages come after the posts, which the blog moves to the end: MkDocs reaches them
    # (steps 4 and 5) once the posts are done, and the second process has had that long.
    # With errors in `data/`, only empty index pages stand in (the navigation names them).
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.pages = {}
        site = self._site()
        if site is None:
            for folder in GENERATED_FOLDERS:
                if files.get_file_from_path(f"{folder}/index.md") is None:
                    title = folder.upper() if folder == "api" else folder.capitalize()
                    files.append(File.generated(config, f"{folder}/index.md", content=front_matter({"title": title})))
            return files
        for page in site.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                continue  # the author wrote this page; leave it alone
            self.pages[page.src_uri] = page
            if page.entity:
                # Not in the navigation, and HTML rather than Markdown: see `DataPage`.
                file = File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
                DataPage(page, file, config)
                files.append(file)
                continue
            # A title from data is text: escaped for the theme in `on_page_markdown`.
            content = site.api_page if page.kind == "api" else front_matter({"title": page.title})
            files.append(File.generated(config, page.src_uri, content=content))
        # The JSON API: its text comes from the second process, or is made here, in `on_env`.
        self.api_files = [File.generated(config, path, content="") for path in API_FILES]
        for file in self.api_files:
            files.append(file)
        for kind, text in site.schemas.items():
            path = f"{self.config.schema_dir.strip('/')}/{kind}.schema.json"
            files.append(File.generated(config, path, content=text))
        for url, source in {**STYLESHEETS, **SCRIPTS}.items():
            files.append(File.generated(config, url, abs_src_path=str(source)))
        files.append(File.generated(config, CHART_STYLESHEET, content=site.chart_stylesheet))
        self._send_job(files)
        return files

    def _send_job(self, files: Files) -> None:
        """Give the second process the pages to make (see `core/data/worker.py`)."""
        if self.worker is None:
            return
        pages = []
        for src_uri, page in self.pages.items():
            file = files.get_file_from_path(src_uri)
            if page.kind != "api" and file is not None:
                pages.append((src_uri, _page_url(file.url)))
        self.block_pages = self._find_block_pages(files)
        self.worker.send(Job(pages=tuple(pages), block_pages=tuple(self.block_pages.values())))
        log.debug(
            "data: %d generated pages and %d pages with blocks are made by a second process",
            len(pages),
            len(self.block_pages),
        )

    def _find_block_pages(self, files: Files) -> dict[str, BlockPage]:
        """The author's pages with `almanac` blocks, read as MkDocs will read them: the worker
        draws their blocks before MkDocs converts them."""
        found = {}
        for file in files.documentation_pages():
            if file.src_uri in self.pages or file.abs_src_path is None:
                continue
            source = file.content_string
            if "almanac" not in source:
                continue
            markdown, _meta = get_data(source)
            if find_blocks(markdown):
                found[file.src_uri] = BlockPage(
                    src_uri=file.src_uri,
                    url=_page_url(file.url),
                    path=self.docs_prefix + file.src_uri,
                    line_offset=_lines_before(source, markdown),
                    markdown=markdown,
                )
        return found

    def _stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None

    # The theme's environment, before any page is written: every page is converted, so every
    # problem of the build is known — the build stops here with all of them (`checks.py`).
    # Entity pages share the parts of the theme's page that are the same on all of them (see
    # `SharedBlocks`), anew for each build. The JSON API gets its text before MkDocs copies
    # the files, after every page is converted.
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.config.enabled and self.run is not None:
            self.run.stop_if_problems(files, serve=self.is_serve)
        shared_blocks(env).add_kinds(kind_of)
        if self.config.enabled:
            texts = self._api_texts()
            for file in self.api_files:
                file.content_string = texts[file.src_uri]
        return env

    def _api_texts(self) -> dict[str, str]:
        if self.worker is not None:
            try:
                return self.worker.api()
            except WorkerFailed:
                self._worker_failed()
        from almanac.core.data import api

        datasets = self._read()
        assert datasets is not None  # else the build stopped in `on_env`
        return api.published(datasets, self.at)

    # The generated pages belong under their section of the navigation (Models, Vendors,
    # Providers): marked current while they render, as the blog does for posts.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        wanted = set(SECTION_OF.values())
        self.sections = {page.file.src_uri: page for page in nav.pages if page.file.src_uri in wanted}
        return None

    # Step 3 — before conversion: each `almanac` block of any page (posts included) is checked
    # and drawn, by the second process (which had the page since step 2) or else here; a
    # placeholder holds its place through the Markdown conversion. Runs before the blog's own
    # step (priority 50) so that lines are those of the file. A page's title and description
    # (of a generated page: from the data) are text, escaped for the theme (see `text_meta`).
    @event_priority(50)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        text_meta(page.meta)
        if not self.config.enabled or "almanac" not in markdown:
            return None
        found = find_blocks(markdown)
        if not found:
            return None
        src_uri = page.file.src_uri
        if self.data_errors:
            return None  # blocks are checked against the data once its errors are fixed
        sent = self.block_pages.pop(src_uri, None)
        if sent is not None and sent.markdown == markdown:
            self.from_worker[src_uri] = sent
        else:
            # Not as the second process has it (another plugin changed it): drawn here.
            offset = _lines_before(
                page.file.content_string if page.file.abs_src_path or page.file.generated_by else "", markdown
            )
            sent = BlockPage(src_uri, page.url, self.docs_prefix + src_uri, offset, markdown)
            drawn = self._draw_blocks(sent)
            if drawn is not None:
                self.blocks[src_uri] = drawn
        return mark_blocks(markdown, found)

    def _draw_blocks(self, page: BlockPage) -> list[str] | None:
        """The page's blocks drawn here; `None` when they have problems (recorded) or the data has."""
        from almanac.core.data.blocks.draw import render_blocks

        datasets = self._read()
        if datasets is None:
            return None
        try:
            return render_blocks(page, datasets, today=self.today, at=self.at, directory_urls=self.directory_urls)
        except AlmanacErrors as errors:
            self._add(errors)
            return None

    def _page_blocks(self, src_uri: str) -> list[str] | None:
        """The drawn blocks of an author's page: drawn here in step 3, or by the second process."""
        drawn = self.blocks.pop(src_uri, None)
        page = self.from_worker.pop(src_uri, None)
        if drawn is not None or page is None:
            return drawn
        if self.worker is not None:
            try:
                return self.worker.page_blocks(src_uri)
            except WorkerFound as found:
                self._add(found.errors)
                return None
            except WorkerFailed:
                self._worker_failed()
        return self._draw_blocks(page)

    # Step 4 — after conversion: generated pages get their content (the second process's, or
    # made here; tables and charts still empty slots), its headings known to MkDocs' link
    # checks; blocks in pages get their HTML. Made here, a page's tables and charts are drawn
    # now too (and kept for step 5), so that their problems are known by `on_env`.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        src_uri = page.file.src_uri
        generated = self.pages.get(src_uri)
        if generated is not None:
            # Wide tables need the room of the table of contents, which these pages lack.
            page.meta.setdefault("hide", ["toc"])
        if generated is not None and generated.kind != "api":
            content = self._content(generated, page)
            # Posts may link to a heading of a generated page: MkDocs checks such links against these.
            page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(content)
            if self.worker is None and generated.src_uri in self.made:
                self.drawn[src_uri] = self._drawn(generated, page)
            return content
        rendered = self._page_blocks(src_uri)
        return unmark_blocks(html, rendered) if rendered else None

    def _content(self, generated: GeneratedPage, page: Page) -> str:
        """A generated page's content (its tables and charts still empty slots): the worker's, or made here."""
        if self.worker is not None:
            try:
                return self.worker.content(generated.src_uri)
            except WorkerFailed:
                self._worker_failed()
        made = self._made(generated, page)
        return made.html if made is not None else ""

    def _made(self, generated: GeneratedPage, page: Page) -> PageContent | None:
        """A generated page's content, made once; `None` when it has a problem (recorded)."""
        content = self.made.get(generated.src_uri)
        datasets = self._read()
        if content is None and datasets is not None:
            from almanac.core.data.pages.content import page_content

            try:
                content = page_content(generated, page.url, datasets, at=self.at, directory_urls=self.directory_urls)
            except AlmanacError as error:
                self._add(error)
                return None
            self.made[generated.src_uri] = content
        return content

    def _drawn(self, generated: GeneratedPage, page: Page) -> list[str]:
        """A generated page's tables and charts: the worker's, or drawn here."""
        if self.worker is not None:
            try:
                return self.worker.blocks(generated.src_uri)
            except WorkerFailed:
                self._worker_failed()
        drawn = self.drawn.pop(generated.src_uri, None)
        if drawn is not None:
            return drawn
        content = self._made(generated, page)
        datasets = self._read()
        if content is None or datasets is None:
            return []
        del self.made[generated.src_uri]  # drawn once: not needed again
        try:
            return content.draw(page.url, datasets, at=self.at, directory_urls=self.directory_urls)
        except AlmanacError as error:
            self._add(error)
            return []

    def _draw_all(self, files: Files) -> None:
        """`almanac check`: the tables and charts of every generated page, drawn now (a build
        draws them as it writes each page, the second process meanwhile), with their problems."""
        for src_uri, generated in self.pages.items():
            file = files.get_file_from_path(src_uri)
            if generated.kind != "api" and src_uri not in self.drawn and file is not None and file.page is not None:
                self.drawn[src_uri] = self._drawn(generated, file.page)

    def _worker_failed(self) -> None:
        assert self.worker is not None
        log.info(
            "the data is read and its pages made in this process: the second process gave no answer (%s)",
            self.worker.reason,
        )
        self._stop_worker()

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        section = self._section_of(page)
        if section is not None:
            section.active = True
        return None

    # Step 5 — each written page: a generated page's tables and charts are drawn into it (after
    # the search plugin read its content, which indexes the page's text, not every table cell),
    # as the second process drew them while MkDocs built the posts, or else drawn here now.
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        section = self._section_of(page)
        if section is not None:
            section.active = False
        generated = self.pages.get(page.file.src_uri)
        if generated is None or generated.kind == "api":
            return None
        return fill_slots(output, self._drawn(generated, page))

    # The end of a build, good or bad: the worker has nothing more to do. A good build's site
    # replaces the last one (once `almanac/blog` has written its feeds too); after a failed
    # one, the last good site stays as it was. Runs after other plugins' last step (priority
    # -100), which may still write into the site folder.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.worker is not None:
            made, waited = self.worker.delivered, self.worker.waited
            log.debug("data: the second process made %d pages; the build waited %.2f s for them", made, waited)
        self._stop_worker()
        if self.run is not None:
            self.run.finish("data")

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_worker()
        if self.run is not None:
            self.run.abandon()

    def _section_of(self, page: Page) -> Page | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or generated.kind not in SECTION_OF:
            return None
        section = self.sections.get(SECTION_OF[generated.kind])
        return section if section is not page else None

    # The preview: a change in `data/` rebuilds the site like a change in `docs/`; a rebuild
    # that fails on a bad edit leaves the last good site served (see `preview.py`).
    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer | None:
        data = self.project / DATA_DIR
        if self.config.enabled and data.is_dir():
            server.watch(str(data))
        keep_serving_on_error(server)
        return server


def _page_url(file_url: str) -> str:
    """MkDocs' `page.url` of a file whose `url` is `file_url` (the home page's is empty)."""
    return "" if file_url == "." else file_url


def _lines_before(source: str, markdown: str) -> int:
    """How many lines of the file come before the Markdown MkDocs hands to plugins (the front
    matter it removed), so that errors name lines of the file."""
    if not source:
        return 0
    at = source.find(markdown[:200]) if markdown else -1
    return source[:at].count("\n") if at > 0 else 0
