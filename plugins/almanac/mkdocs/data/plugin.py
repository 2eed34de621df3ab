# The `almanac/data` plugin: the datasets of `data/` (prices, providers, incidents, status,
# exchange rates, tags), loaded and checked once per build, before anything is written, and
# everything the site makes of them: `almanac` blocks (tables and charts) in any page, the
# generated pages (prices, models, vendors, providers, status, API), the JSON API and the JSON
# Schemas.
#
# Other almanac plugins read `datasets` from this plugin. The preview watches `data/`: saving a
# data file rebuilds; a bad edit prints its `file:line:col` errors and the last good site stays
# served.

from __future__ import annotations

import datetime as dt
import html
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from almanac.core import api
from almanac.core.blocks import find_blocks, parse_block
from almanac.core.catalogue import GeneratedPage, catalogue
from almanac.core.charts import stylesheet as chart_stylesheet
from almanac.core.datasets import Datasets, load_datasets
from almanac.core.datasets.loader import DATA_DIR
from almanac.core.datasets.models import FILE_MODELS
from almanac.core.datasets.schema import schema_text
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.pages import PageContent, api_markdown, page_html
from almanac.core.project import display_prefix
from almanac.core.render import render_block
from almanac.core.status import provider_state
from almanac.core.urls import relative_url
from almanac.mkdocs.data.config import DataConfig
from almanac.mkdocs.preview import keep_serving_on_error

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

BUILD_DATE_VARIABLE = "ALMANAC_BUILD_DATE"
ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
STYLESHEETS = {"assets/almanac/almanac-tables.css": ASSETS_DIR / "almanac-tables.css"}
SCRIPTS = {"assets/almanac/almanac-tables.js": ASSETS_DIR / "almanac-tables.js"}
CHART_STYLESHEET = "assets/almanac/charts.css"
#: A block's place in the Markdown until its HTML replaces it after conversion.
PLACEHOLDER = "ALMANACBLOCK{}X"
#: The index page each kind of generated page belongs under in the navigation.
SECTION_OF = {"model": "models/index.md", "vendor": "vendors/index.md", "provider": "providers/index.md"}


def build_date(option: str | None) -> dt.date:
    """The date the site is built for: the option, else `ALMANAC_BUILD_DATE`, else today (UTC)."""
    for where, text in (("build_date", option), (BUILD_DATE_VARIABLE, os.environ.get(BUILD_DATE_VARIABLE))):
        if text:
            try:
                return dt.date.fromisoformat(str(text).strip())
            except ValueError:
                place = "mkdocs.yml: almanac/data: build_date" if where == "build_date" else where
                raise PluginError(f"{place} is {text!r}, not a date — write it as YYYY-MM-DD") from None
    return dt.datetime.now(dt.UTC).date()


class DataPlugin(BasePlugin[DataConfig]):
    def __init__(self) -> None:
        self.datasets = Datasets()
        self.today = dt.date.today()
        self.at = dt.datetime.now(dt.UTC)
        self.project = Path(".")
        self.docs_prefix = "docs/"
        self.pages: dict[str, GeneratedPage] = {}
        self.blocks: dict[str, list[str]] = {}
        self.deferred: dict[str, PageContent] = {}
        self.sections: dict[str, Page] = {}
        self.directory_urls = True

    # Step 1 — before anything is written: read and check every file of `data/`. All errors
    # of the run are shown together as `path:line:col: what — how to fix`; the build stops.
    # Runs before the other almanac plugins' `on_config` (priority 100): they read the data
    # (the blog checks each post's tags against `data/tags.yaml`).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.project = Path(config.config_file_path or ".").resolve().parent
        self.today = build_date(self.config.build_date)
        # Prices and states are those at noon UTC of the build date: the same all day long.
        self.at = dt.datetime.combine(self.today, dt.time(12), tzinfo=dt.UTC)
        self.docs_prefix = display_prefix(Path(config.docs_dir), self.project)
        self.directory_urls = config.use_directory_urls
        try:
            self.datasets = load_datasets(self.project, today=self.today)
        except AlmanacErrors as errors:
            raise PluginError(str(errors)) from None
        for url in [*STYLESHEETS, CHART_STYLESHEET]:
            if url not in config.extra_css:
                config.extra_css.append(url)
        for url in SCRIPTS:
            if url not in config.extra_javascript:
                config.extra_javascript.append(url)
        log.debug(
            "data: %d vendors, %d models, %d providers (as of %s)",
            len(self.datasets.vendors),
            len(self.datasets.models),
            len(self.datasets.providers),
            self.today,
        )
        return None

    # Step 2 — the files: one generated page per entry of the catalogue (prices, models,
    # vendors, providers, status, API), the JSON API and Schemas, and our scripts and styles.
    # Index pages may be listed in `nav`; entity pages are reached from them and from posts.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.pages = {}
        for page in catalogue(self.datasets):
            if files.get_file_from_path(page.src_uri) is not None:
                continue  # the author wrote this page; leave it alone
            if page.kind == "api":
                content = api_markdown(self.datasets, at=self.at)
            else:
                # The theme writes titles into HTML unescaped; a title from data is escaped here.
                title = html.escape(page.title, quote=False)
                content = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n"
            inclusion = InclusionLevel.NOT_IN_NAV if page.entity else InclusionLevel.UNDEFINED
            files.append(File.generated(config, page.src_uri, content=content, inclusion=inclusion))
            self.pages[page.src_uri] = page
        as_of = self.at
        documents = {
            "api/models.json": api.models_document(self.datasets, as_of),
            "api/history.json": api.history_document(self.datasets, as_of),
            "api/providers.json": api.providers_document(self.datasets, as_of, self._state_document),
        }
        for path, document in documents.items():
            files.append(File.generated(config, path, content=api.dumps(document)))
        for kind in FILE_MODELS:
            path = f"{self.config.schema_dir.strip('/')}/{kind}.schema.json"
            files.append(File.generated(config, path, content=schema_text(kind)))
        for url, source in {**STYLESHEETS, **SCRIPTS}.items():
            files.append(File.generated(config, url, abs_src_path=str(source)))
        files.append(File.generated(config, CHART_STYLESHEET, content=chart_stylesheet()))
        return files

    def _state_document(self, provider_id: str) -> dict[str, object]:
        state = provider_state(self.datasets, provider_id, self.at)
        return {
            "state": state.state,
            "reason": state.reason,
            "open_incidents": [incident.id for incident in state.open_incidents],
            "uptime_pct": {
                key: api.money(window.pct) if window.pct is not None else None for key, window in state.windows.items()
            },
        }

    # The generated pages belong under their section of the navigation (Models, Vendors,
    # Providers): marked current while they render, as the blog does for posts.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        wanted = set(SECTION_OF.values())
        self.sections = {page.file.src_uri: page for page in nav.pages if page.file.src_uri in wanted}
        return None

    # Step 3 — before conversion: each `almanac` block of any page (posts included) is checked
    # and rendered once; a placeholder holds its place through the Markdown conversion. Runs
    # before the blog's own step (priority 50) so that lines are those of the file.
    @event_priority(50)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or "almanac" not in markdown:
            return None
        found = find_blocks(markdown)
        if not found:
            return None
        path = self.docs_prefix + page.file.src_uri
        offset = _lines_before(
            page.file.content_string if page.file.abs_src_path or page.file.generated_by else "", markdown
        )
        root = relative_url("", page.url)
        lines = markdown.split("\n")
        rendered: list[str] = []
        errors: list[AlmanacError] = []
        for raw in reversed(found):
            try:
                spec = parse_block(raw, path=path, line_offset=offset, datasets=self.datasets, today=self.today)
                prefix = f"block-{raw.start_line}"
                html = render_block(spec, self.datasets, at=self.at, root=root, id_prefix=prefix)
            except AlmanacError as error:
                errors.append(error)
                continue
            rendered.append(html)
            token = PLACEHOLDER.format(len(rendered) - 1)
            lines[raw.start_line - 1 : raw.end_line] = ["", " " * raw.indent + token, ""]
        if errors:
            raise PluginError(str(AlmanacErrors(errors))) from None
        self.blocks[page.file.src_uri] = rendered
        return "\n".join(lines)

    # Step 4 — after conversion: generated pages get their content; blocks their HTML.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        src_uri = page.file.src_uri
        generated = self.pages.get(src_uri)
        if generated is not None:
            # Wide tables need the room of the table of contents, which these pages lack.
            page.meta.setdefault("hide", ["toc"])
        if generated is not None and generated.kind != "api":
            root = relative_url("", page.url)
            try:
                content = page_html(generated, self.datasets, at=self.at, root=root, link=self._linker(page.url))
            except AlmanacError as error:
                raise PluginError(str(error)) from None
            self.deferred[src_uri] = content
            return content.html
        rendered = self.blocks.pop(src_uri, None)
        if not rendered:
            return None
        for index, block in enumerate(rendered):
            token = PLACEHOLDER.format(index)
            html = html.replace(f"<p>{token}</p>", block).replace(token, block)
        return html

    def _linker(self, page_url: str) -> Callable[[str], str]:
        def link(target: str) -> str:
            if not self.directory_urls and target.endswith("/"):
                target += "index.html"
            return relative_url(target, page_url)

        return link

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        section = self._section_of(page)
        if section is not None:
            section.active = True
        return None

    # Step 5 — each written page: a generated page's tables and charts are drawn into it (after
    # the search plugin read its content, which indexes the page's text, not every table cell).
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        section = self._section_of(page)
        if section is not None:
            section.active = False
        content = self.deferred.pop(page.file.src_uri, None)
        if content is None:
            return None
        return content.finish(output, self.datasets, at=self.at, root=relative_url("", page.url))

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


def _lines_before(source: str, markdown: str) -> int:
    """How many lines of the file come before the Markdown MkDocs hands to plugins (the front
    matter it removed), so that errors name lines of the file."""
    if not source:
        return 0
    at = source.find(markdown[:200]) if markdown else -1
    return source[:at].count("\n") if at > 0 else 0
