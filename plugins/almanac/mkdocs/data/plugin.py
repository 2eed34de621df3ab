# The `almanac/data` plugin: the datasets of `data/` (prices, providers, incidents, status,
# exchange rates, tags), loaded and checked once per build, before anything is written, and
# everything the site makes of them: `almanac` blocks (tables and charts) in any page, the
# generated pages (prices, models, vendors, providers, status, API), the JSON API and the JSON
# Schemas. `almanac/blog` asks `tag_vocabulary` for the tags of `data/tags.yaml`.
#
# The preview watches `data/`: saving a data file rebuilds; a bad edit prints its
# `file:line:col` errors and the last good site stays served. Between its rebuilds the loaded
# datasets are kept while nothing under `data/` changed (`kept.py`).

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from almanac.core.data import api
from almanac.core.data.blocks.draw import render_blocks
from almanac.core.data.blocks.fences import BlockPage, fill_slots, find_blocks, mark_blocks, unmark_blocks
from almanac.core.data.datasets import load_datasets
from almanac.core.data.datasets.kept import KeptData
from almanac.core.data.datasets.loader import DATA_DIR, data_vocabulary, load_tags, tags_vocabulary
from almanac.core.data.entities import data_entities
from almanac.core.data.pages.catalogue import API_FILES, GeneratedPage, feed_urls, files_read
from almanac.core.data.pages.content import PageContent, page_content
from almanac.core.data.pages.outline import Outline, outline
from almanac.core.data.pages.sections import (
    MENTIONED_LIMIT,
    TIMELINE_POSTS,
    FeedLinks,
    feed_head_html,
    fill_sections,
    mentioned_in_html,
    section_linker,
    timeline_html,
)
from almanac.core.data.summaries import entity_summary
from almanac.core.data.timeline import TimelineEntry, Timelines, timeline_feed, with_posts
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.feeds import atom_feed, json_feed
from almanac.core.project import build_time, display_prefix
from almanac.core.urls import anchor_ids
from almanac.mkdocs.checks import BuildRun
from almanac.mkdocs.data.config import DataConfig
from almanac.mkdocs.data.page import DataPage, kind_of
from almanac.mkdocs.incremental import write_output
from almanac.mkdocs.interfaces import LinkSource, TagSource, link_source
from almanac.mkdocs.parallel import BESIDE
from almanac.mkdocs.preview import LATER, serve_preview
from almanac.mkdocs.shared import front_matter, shared_blocks, text_meta

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from almanac.core.data.datasets import Datasets
    from almanac.core.links.backlinks import Backlinks
    from almanac.core.links.model import Entity, EntityKey, Mention, PageRef
    from almanac.core.vocabulary import TagVocabulary

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
STYLESHEETS = {"assets/almanac/almanac-tables.css": ASSETS_DIR / "almanac-tables.css"}
SCRIPTS = {"assets/almanac/almanac-tables.js": ASSETS_DIR / "almanac-tables.js"}
CHART_STYLESHEET = "assets/almanac/charts.css"
#: The index page each kind of generated page belongs under in the navigation.
SECTION_OF = {
    "model": "models/index.md",
    "vendor": "vendors/index.md",
    "provider": "providers/index.md",
    "changes": "prices/index.md",
}
#: The newest entries a timeline's feed holds: of the timeline its page shows (every change of
#: the data, the newest posts), so a feed's posts are those of the page (`TIMELINE_POSTS`).
FEED_LIMIT = 50


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


@dataclass
class MadePage:
    """A generated page's content (`PageContent`: its tables and charts are empty slots), and its
    tables and charts once drawn (`DataPlugin._draw`)."""

    content: PageContent
    drawn: list[str] | None = None


class DataPlugin(BasePlugin[DataConfig], TagSource):  # `almanac/blog` asks it for the tags
    def __init__(self) -> None:
        self.kept = KeptData(lambda project, today: load_datasets(project, today=today))
        self.datasets: Datasets | None = None
        self.site: Outline | None = None
        self.is_serve = False
        self.dirty = False
        self.run: BuildRun | None = None
        self.today = dt.date.today()
        self.at = dt.datetime.now(dt.UTC)
        self.project = Path(".")
        self.docs_prefix = "docs/"
        self.directory_urls = True
        self.pages: dict[str, GeneratedPage] = {}
        #: The drawn blocks of each author's page, from step 3 to step 4.
        self.blocks: dict[str, list[str]] = {}
        #: Each generated page converted in this build, made (and in a full build, drawn) in step 4,
        #: with the arguments of `_make` it was made from, until step 5 writes it.
        self.made: dict[str, tuple[tuple[object, ...], MadePage]] = {}
        #: A digest of the text of each file of `data/`, by its name in `Datasets.documents` (`_reads`).
        self.file_digests: dict[str, str] | None = None
        #: The generated pages converted in this build (by URL), and how many were made anew.
        self.made_now: set[str] = set()
        self.pages_made = 0
        #: Generated pages made and drawn by a worker process (`prepare_elsewhere`), with the
        #: arguments of `_make` they were made from, until step 4 takes them.
        self.prepared: dict[str, tuple[tuple[object, ...], MadePage]] = {}
        self.api_files: list[File] = []
        self.sections: dict[str, Page] = {}
        #: Every entity's timeline from the data, made once per build when a page or feed asks.
        self.timelines: Timelines | None = None
        #: Each entity page's timeline with its newest posts (those its page lists), from its
        #: writing (step 5) to its feeds (step 6).
        self.entity_timelines: dict[str, list[TimelineEntry]] = {}
        #: Each entity page's mentions, once `almanac/links` knows them (see `_mentions`): asked by
        #: the preview's decision to render it, by its writing and by its feeds.
        self.entity_mentions: dict[str, list[tuple[PageRef, Mention]]] = {}
        #: The site's address: the data's feeds need it (their links are absolute).
        self.site_url = ""
        #: `almanac/links`, which knows which pages mention what: found once a build, in
        #: `on_env` (the plugins are those of the build by then); `None` without it.
        self.links: LinkSource | None = None

    # Step 1 — before anything is written: read and check every file of `data/` (in the
    # preview, only when a file under it changed since the last build: see `kept.py`). All
    # errors of the run are shown together as `path:line:col: what — how to fix`; the build
    # stops. Runs before the other almanac plugins' `on_config` (priority 100): the blog then
    # checks each post's tags against `data/tags.yaml`, asking `tag_vocabulary`.
    # Problems are recorded, not raised: the build goes on without the data's pages and blocks,
    # and stops in `on_env` with every problem of every kind (see `mkdocs/checks.py`).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.run = BuildRun.of(config)
        self.run.join("data")
        self.run.stage(dirty=self.dirty)
        # Kept while the data is (`KeptData` gives back the same datasets): every price change is
        # found once, not at each save of a post in the preview.
        last_timelines = self.timelines
        self.datasets = self.site = self.timelines = self.links = None
        self.entity_timelines, self.entity_mentions = {}, {}
        self.blocks, self.made = {}, {}
        self.file_digests = None
        self.made_now, self.pages_made, self.prepared = set(), 0, {}
        self.project = Path(config.config_file_path or ".").resolve().parent
        self.today = build_date(self.config.build_date)
        # Prices and states are those at noon UTC of the build date: the same all day long.
        self.at = build_time(self.today.isoformat()).at
        self.docs_prefix = display_prefix(Path(config.docs_dir), self.project)
        self.directory_urls = config.use_directory_urls
        self.site_url = config.site_url or ""
        try:
            self.datasets = self.kept.load(self.project, self.project / DATA_DIR, self.today)
        except AlmanacErrors as errors:
            self._add(errors)
            self.run.unchecked_folders = (*GENERATED_FOLDERS, self.config.schema_dir)
        else:
            if last_timelines is not None and last_timelines.datasets is self.datasets and last_timelines.at == self.at:
                self.timelines = last_timelines
            self.site = outline(self.datasets, at=self.at)
            log.debug("data: %s (as of %s)", self.site.summary, self.today)
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

    def tag_vocabulary(self) -> TagVocabulary | None:
        """The tags of `data/tags.yaml`, for `almanac/blog` (`None`: it lists none, or has
        errors, which are recorded). Errors elsewhere in `data/` do not keep the tags from the blog."""
        if self.datasets is not None:
            return data_vocabulary(self.datasets)
        tags = load_tags(self.project)
        return tags_vocabulary(*tags) if tags is not None else None

    def entities(self) -> tuple[Entity, ...] | None:
        """The models, vendors and providers of `data/`, for `almanac/links` (`EntitySource`), from
        `on_config` on; `None` when the plugin is off or the data has errors (which are recorded)."""
        if not self.config.enabled or self.datasets is None:
            return None
        return tuple(data_entities(self.datasets))

    def entity_summary(self, key: EntityKey) -> str | None:
        """For `almanac/blog`'s list of the entities a post mentions: a model's current price,
        a provider's state, at the build's instant (see `EntitySummarySource`, `summaries.py`)."""
        if self.datasets is None or not self.config.enabled:
            return None
        return entity_summary(self.datasets, key, self.at)

    def page_inputs(self, src_uri: str) -> object:
        """What an entity page shows beyond the data (`PageInputSource`): the pages that mention
        the entity, with their sentences, and how many posts do since when. `None` for other pages."""
        generated = self.pages.get(src_uri)
        if generated is None or generated.entity is None or self.datasets is None:
            return None
        mentions = [
            (ref, mention.entity, mention.text, mention.explicit, mention.before, mention.after)
            for ref, mention in self._mentions(generated)
        ]
        return mentions, self._posts_mentioning(generated), self._backlinks() is not None

    def page_drawing(self, src_uri: str) -> object:
        """What a generated page converted in this build gets once written (`PageInputSource`):
        its tables and charts, known by what they are drawn from (`_make`'s arguments: the same
        for the same), and, for an entity, the data's part of its timeline. `None` for other pages."""
        generated = self.pages.get(src_uri)
        if generated is None or generated.kind == "api" or self.datasets is None:
            return None
        timeline = None
        if generated.entity is not None:
            if self.timelines is None:
                self.timelines = Timelines(self.datasets, at=self.at)
            timeline = self.timelines.of(generated.kind, generated.entity)
        made = self.made.get(src_uri)
        return made[0] if made is not None else None, timeline

    # Which command runs, and whether it rebuilds only what changed (then the site folder is
    # not staged: see `mkdocs/checks.py`).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.dirty = dirty

    # Step 2 — the files: one generated page per entry of the catalogue (prices, models,
    # vendors, providers, status, API), the JSON API and Schemas, and our scripts and styles.
    # Index pages may be listed in `nav`; entity pages are reached from them and from posts.
    # Runs after the blog's step (priority -50), so that these pages come after the posts,
    # which the blog moves to the end. With errors in `data/`, only empty index pages stand in
    # (the navigation names them).
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.pages = {}
        site = self.site
        if site is None:
            for folder in GENERATED_FOLDERS:
                if files.get_file_from_path(f"{folder}/index.md") is None:
                    title = folder.upper() if folder == "api" else folder.capitalize()
                    files.append(File.generated(config, f"{folder}/index.md", content=front_matter(title)))
            return files
        for page in site.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                continue  # the author wrote this page; leave it alone
            self.pages[page.src_uri] = page
            if page.entity or page.kind == "changes":
                # Not in the navigation, and HTML rather than Markdown: see `DataPage`.
                file = File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
                DataPage(page, file, config)
                files.append(file)
                continue
            # A title from data is text: escaped for the theme in `on_page_markdown`.
            content = site.api_page if page.kind == "api" else front_matter(page.title)
            files.append(File.generated(config, page.src_uri, content=content))
        # The JSON API: its text is made in `on_env`.
        self.api_files = [File.generated(config, path, content="") for path in API_FILES]
        for file in self.api_files:
            files.append(file)
        for kind, text in site.schemas.items():
            path = f"{self.config.schema_dir.strip('/')}/{kind}.schema.json"
            files.append(File.generated(config, path, content=text))
        for url, source in {**STYLESHEETS, **SCRIPTS}.items():
            files.append(File.generated(config, url, abs_src_path=str(source)))
        files.append(File.generated(config, CHART_STYLESHEET, content=site.chart_stylesheet))
        return files

    # The theme's environment, before any page is written: every page is converted, so every
    # problem of the build is known — the build stops here with all of them (`checks.py`).
    # Entity pages share the parts of the theme's page that are the same on all of them (see
    # `SharedBlocks`), anew for each build. The JSON API gets its text before MkDocs copies
    # the files, after every page is converted.
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.config.enabled and self.run is not None:
            self.run.stop_if_problems(files, serve=self.is_serve)
            tracker = self.run.tracker
            if tracker is not None:
                made_now = self.made_now
                tracker.carry(self._make, (page.url for page in self.pages.values() if page.url not in made_now))
                if not tracker.full and made_now:
                    log.info("preview: %d of %d pages made from the data made again", self.pages_made, len(made_now))
        self.links = link_source(config.plugins)
        shared_blocks(env).add_kinds(kind_of)
        if self.config.enabled:
            assert self.datasets is not None  # else the build stopped above
            tracker = self.run.tracker if self.run is not None else None
            if tracker is None:
                texts = api.published(self.datasets, self.at)
            else:  # in a partial rebuild, the last build's for the same datasets
                texts = tracker.remembered(self._api_texts, by=_once)(self.kept.version, self.at)
            for file in self.api_files:
                file.content_string = texts[file.src_uri]
            if tracker is None:  # not the preview, whose rebuilds remember the feeds' texts
                # Made from what is known by now: written beside the rendering (`mkdocs/parallel.py`).
                BESIDE.add("data feeds", lambda: self._write_feeds(config))
        return env

    # The generated pages belong under their section of the navigation (Models, Vendors,
    # Providers): marked current while they render, as the blog does for posts.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        wanted = set(SECTION_OF.values())
        self.sections = {page.file.src_uri: page for page in nav.pages if page.file.src_uri in wanted}
        return None

    # Step 3 — before conversion: each `almanac` block of any page (posts included) is checked
    # and drawn; a placeholder holds its place through the Markdown conversion. Runs before
    # the blog's own step (priority 50) so that lines are those of the file. A page's title
    # and description (of a generated page: from the data) are text, escaped for the theme
    # (see `text_meta`).
    @event_priority(50)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        text_meta(page.meta)
        if not self.config.enabled or "almanac" not in markdown:
            return None
        found = find_blocks(markdown)
        if not found:
            return None
        if self.datasets is None:
            return None  # blocks are checked against the data once its errors are fixed
        src_uri = page.file.src_uri
        source = page.file.content_string if page.file.abs_src_path or page.file.generated_by else ""
        block_page = BlockPage(src_uri, page.url, self.docs_prefix + src_uri, _lines_before(source, markdown), markdown)
        try:
            self.blocks[src_uri] = render_blocks(
                block_page, self.datasets, today=self.today, at=self.at, directory_urls=self.directory_urls
            )
        except AlmanacErrors as errors:
            self._add(errors)
        return mark_blocks(markdown, found)

    # Step 4 — after conversion: generated pages get their content (tables and charts still
    # empty slots), its headings known to MkDocs' link checks, and their tables and charts are
    # drawn (kept for step 5), so that their problems are known by `on_env`; blocks in pages
    # get their HTML. In a partial rebuild, a page's tables and charts are drawn when it is
    # written (step 5), if it is: a price edited in one vendor's file makes again some 70 of the
    # 356 pages made from the data of a 1,000-post blog, whose tables and charts took 0.6 s of the
    # rebuild (measured), and the preview writes them after the browsers reload, the page a
    # browser asks for first. (With the data checked, drawing a generated page finds no problem:
    # a missing exchange rate is one of `data/`'s, `check_fx_coverage`.)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        src_uri = page.file.src_uri
        generated = self.pages.get(src_uri)
        if generated is not None:
            # Wide tables need the room of the table of contents, which these pages lack.
            page.meta.setdefault("hide", ["toc"])
        if generated is not None and generated.kind != "api":
            found = self._made(generated, page)
            if found is None:
                return ""
            self.made[src_uri] = found
            tracker = self.run.tracker if self.run is not None else None
            if tracker is None or tracker.full:
                self._drawn_or_recorded(found[1], page.url)
            html = found[1].content.html
            # Posts may link to a heading of a generated page: MkDocs checks such links against these.
            page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(html)
            return html
        rendered = self.blocks.pop(src_uri, None)
        return unmark_blocks(html, rendered) if rendered else None

    def _made(self, generated: GeneratedPage, page: Page) -> tuple[tuple[object, ...], MadePage] | None:
        """A generated page made, with the arguments of `_make` it was made from; `None` when it has
        a problem (recorded). In a partial rebuild, the last build's when the files of `data/` it is
        made from (`files_read`) are as they were: a price edited in one vendor's file makes again
        the pages of that vendor and its models, and those made from every file, not the others."""
        if self.datasets is None:
            return None
        tracker = self.run.tracker if self.run is not None else None
        make = tracker.remembered(self._make, by=_by_page) if tracker is not None else self._make
        self.made_now.add(generated.url)
        arguments = self._make_arguments(generated, page)
        try:
            return arguments, make(generated, *arguments)
        except AlmanacError as error:
            self._add(error)
            return None

    def _make_arguments(
        self, generated: GeneratedPage, page: Page
    ) -> tuple[str, tuple[str, ...], str, dt.datetime, bool, bool]:
        """The arguments of `_make` for `generated` at `page`, but the first."""
        tracker = self.run.tracker if self.run is not None else None
        reads = self._reads(generated) if tracker is not None else ()
        context = tracker.context if tracker is not None else ""
        return page.url, reads, context, self.at, self.directory_urls, bool(self.site_url)

    # Step 4 ahead, in a worker process that converted a generated page (`almanac/blog`'s
    # `processes`, see `mkdocs/parallel.py`): the page made and its tables and charts drawn, with
    # the arguments they were made from, which `_make` compares with its own before it takes them.
    def prepare_elsewhere(self, page: Page) -> object | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or generated.kind == "api" or self.datasets is None:
            return None
        arguments = self._make_arguments(generated, page)
        try:
            made = self._make(generated, *arguments)
            self._draw(made, page.url)
        except AlmanacError:
            return None  # made again by this process's step 4, which records the problem
        return arguments, made

    def prepared_elsewhere(self, page: Page, prepared: object) -> None:
        self.prepared[page.file.src_uri] = prepared  # type: ignore[assignment]

    def _make(
        self,
        generated: GeneratedPage,
        url: str,
        reads: tuple[str, ...],
        context: str,
        at: dt.datetime,
        directory_urls: bool,
        feeds: bool,
    ) -> MadePage:
        """The content of `generated` at `url`, its tables and charts drawn when asked (`_draw`): the
        same for the same arguments, `reads` holding a digest of each file of `data/` it is made from
        (`_reads`) and `context` the configuration as the preview sees it (`Tracker.context`)."""
        assert self.datasets is not None
        self.pages_made += 1
        prepared = self.prepared.pop(generated.src_uri, None)
        if prepared is not None and prepared[0] == (url, reads, context, at, directory_urls, feeds):
            return prepared[1]
        return MadePage(page_content(generated, url, self.datasets, at=at, directory_urls=directory_urls, feeds=feeds))

    def _draw(self, made: MadePage, url: str) -> list[str]:
        """The tables and charts of `made` (a page at `url` made in this build, or, from the same
        arguments, in an earlier one), drawn once."""
        if made.drawn is None:
            assert self.datasets is not None
            made.drawn = made.content.draw(url, self.datasets, at=self.at, directory_urls=self.directory_urls)
        return made.drawn

    def _reads(self, generated: GeneratedPage) -> tuple[str, ...]:
        """A digest of the text of each file of `data/` the page of `generated` is made from."""
        assert self.datasets is not None
        if self.file_digests is None:
            self.file_digests = {
                name: hashlib.blake2b(document.text.encode("utf-8"), digest_size=16).hexdigest()
                for name, document in self.datasets.documents.items()
            }
        return tuple(self.file_digests[name] for name in files_read(generated, self.datasets))

    def _drawn(self, generated: GeneratedPage, page: Page) -> list[str]:
        """A generated page's tables and charts: drawn in step 4 in a full build; else now, for a
        page made in step 4 or rendered in a partial rebuild that did not convert it (the last
        build's, when its files are as they were). Without the preview's tracker, nothing asks for
        them once the page is written: let go (a page's tables, not every page's, in memory)."""
        tracker = self.run.tracker if self.run is not None else None
        made = self.made.pop(generated.src_uri, None) if tracker is None else self.made.get(generated.src_uri)
        found = made or self._made(generated, page)
        return self._drawn_or_recorded(found[1], page.url) if found is not None else []

    def _drawn_or_recorded(self, made: MadePage, url: str) -> list[str]:
        """`_draw`, its problem recorded (then none)."""
        try:
            return self._draw(made, url)
        except AlmanacError as error:
            self._add(error)
            return []

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        section = self._section_of(page)
        if section is not None:
            section.active = True
        return None

    # Step 5 — each written page: a generated page's tables and charts, drawn in step 4, go
    # into it (after the search plugin read its content, which indexes the page's text, not
    # every table cell).
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        section = self._section_of(page)
        if section is not None:
            section.active = False
        generated = self.pages.get(page.file.src_uri)
        if generated is None or generated.kind == "api":
            return None
        return self._with_links(fill_slots(output, self._drawn(generated, page)), generated, page, config)

    # Step 5 too — an entity page's "Timeline" (its price changes, incidents and the posts
    # about it) and "Mentioned in" (the pages that link or mention it, from `almanac/links`,
    # complete since `on_env`; the newest posts listed and quoted, the older counted, see
    # `sections.py`), drawn into the written page like its tables: the sentences of other pages
    # stay out of the search index. The pages that mention the entity are read once for both.
    # Without `almanac/links`, the timeline has no posts and "Mentioned in" is left out (it
    # could not know). Feed readers find the page's feeds (written in step 6) from its head.
    def _with_links(self, output: str, generated: GeneratedPage, page: Page, config: MkDocsConfig) -> str:
        feeds = feed_urls(generated)
        link = section_linker(page.url, self.directory_urls)
        if generated.entity is not None and self.datasets is not None:
            mentions = self._mentions(generated)
            posts, oldest = self._posts_mentioning(generated)
            timeline = timeline_html(
                generated.title,
                self._timeline(generated, mentions),
                page_url=generated.url,
                link=link,
                feeds=FeedLinks(*feeds) if feeds is not None and config.site_url else None,
                as_of=self.today.isoformat(),
                incidents=generated.kind == "provider",
                posts=posts,
                oldest=oldest.date().isoformat() if oldest is not None else "",
            )
            known = self._backlinks() is not None
            mentioned = mentioned_in_html(generated.title, mentions, link=link, posts=posts) if known else ""
            output = fill_sections(output, {"timeline": timeline, "mentioned-in": mentioned})
        if feeds is not None and config.site_url and "</head>" in output:
            head = feed_head_html(f"{config.site_name} — {generated.title}", link(feeds[0]), link(feeds[1]))
            output = output.replace("</head>", head + "</head>", 1)
        return output

    def _backlinks(self) -> Backlinks | None:
        """Which pages mention what, once `almanac/links` knows (else no "Mentioned in")."""
        return self.links.backlinks() if self.links is not None else None

    def _mentions(self, generated: GeneratedPage) -> list[tuple[PageRef, Mention]]:
        """The pages that link or mention an entity (a vendor's: its models' too): the newest
        posts, as many as its sections show, then every page without a date."""
        backlinks = self._backlinks()
        if backlinks is None or generated.entity is None:
            return []
        made = self.entity_mentions.get(generated.src_uri)
        if made is None:
            key: EntityKey = (generated.kind, generated.entity)  # type: ignore[assignment]  # model, vendor or provider
            shown = max(TIMELINE_POSTS, MENTIONED_LIMIT)
            made = backlinks.mentioned_in(key, with_children=generated.kind == "vendor", posts=shown)
            self.entity_mentions[generated.src_uri] = made
        return made

    def _posts_mentioning(self, generated: GeneratedPage) -> tuple[int, dt.datetime | None]:
        """How many posts link or mention an entity (see `_mentions`), and the oldest one's date."""
        backlinks = self._backlinks()
        if backlinks is None or generated.entity is None:
            return 0, None
        key: EntityKey = (generated.kind, generated.entity)  # type: ignore[assignment]  # model, vendor or provider
        return backlinks.posts_mentioning(key, with_children=generated.kind == "vendor")

    def _timeline(
        self, generated: GeneratedPage, mentions: list[tuple[PageRef, Mention]] | None = None
    ) -> list[TimelineEntry]:
        """An entity's timeline as its page shows it: the data's, with the newest posts about it
        (`mentions`, when the caller has them already); its feeds hold its newest entries."""
        assert self.datasets is not None and generated.entity is not None
        made = self.entity_timelines.get(generated.src_uri)
        if made is None:
            if self.timelines is None:
                self.timelines = Timelines(self.datasets, at=self.at)
            data = self.timelines.of(generated.kind, generated.entity)
            if mentions is None:
                mentions = self._mentions(generated)
            made = with_posts(data, mentions, limit=TIMELINE_POSTS)
            self.entity_timelines[generated.src_uri] = made
        return made

    # Step 6 — after every page is written: each entity's timeline and the price changes as
    # Atom and JSON feeds (`models/<id>/feed.xml` …, `prices/changes/feed.xml` …), links
    # absolute (they need `site_url`; without it there are none, and no page links them).
    def _write_feeds(self, config: MkDocsConfig, check: Callable[[], None] | None = None) -> None:
        """`check`, if given, is called before every 16th page's feeds."""
        if not self.config.enabled or self.datasets is None or not config.site_url:
            return
        site = Path(config.site_dir)
        language = str(config.theme.get("language") or "en")
        tracker = self.run.tracker if self.run is not None else None
        # In a partial rebuild, a feed whose entries, posts and site are those of the last build
        # is that build's text: after a post's save, or a price edited in `data/`, only the feeds
        # of the entities it changed are made again (the 350 of a 1,000-post blog took 0.6 s of
        # every save, profiled).
        texts = tracker.remembered(self._feed_texts, by=_by_page) if tracker is not None else self._feed_texts
        context = tracker.context if tracker is not None else ""
        if self.timelines is None:
            self.timelines = Timelines(self.datasets, at=self.at)
        for count, generated in enumerate(self.pages.values()):
            if check is not None and count % 16 == 0:
                check()
            feeds = feed_urls(generated)
            if feeds is None:
                continue
            mentions = tuple(self._mentions(generated)) if generated.entity is not None else ()
            # What a feed is made from beside its arguments: the data's entries, and the configuration.
            if generated.entity is not None:
                entries = tuple(self.timelines.of(generated.kind, generated.entity))
            else:
                entries = tuple(self.timelines.changes())
            data = (entries, context)
            made = texts(generated, feeds, mentions, data, self.at, config.site_name, config.site_url, language)
            for path, text in zip(feeds, made, strict=True):
                write_output(site / path, text, partial=tracker is not None)

    def _api_texts(self, version: str, at: dt.datetime) -> dict[str, str]:
        """The files of the JSON API of the datasets of `version` (`KeptData.version`)."""
        assert self.datasets is not None
        return api.published(self.datasets, at)

    def _feed_texts(
        self,
        generated: GeneratedPage,
        feeds: tuple[str, str],
        mentions: tuple[tuple[PageRef, Mention], ...],
        data: tuple[tuple[TimelineEntry, ...], str],
        at: dt.datetime,
        site_name: str,
        site_url: str,
        language: str,
    ) -> tuple[str, str]:
        """The texts of the Atom and JSON `feeds` of a page that has them (`feed_urls`): the same for
        the same arguments, `data` holding what the data says happened to its entity (or every
        change of price, for the page of changes) and the configuration as the preview sees it
        (`Tracker.context`)."""
        assert self.datasets is not None
        if generated.entity is not None:
            entries = self._timeline(generated, list(mentions))
            subtitle = f"Price changes{', incidents' if generated.kind == 'provider' else ''} and posts"
            subtitle += f" about {generated.title}"
        else:
            if self.timelines is None:
                self.timelines = Timelines(self.datasets, at=at)
            entries, subtitle = self.timelines.changes(), "Every change of list price in the data"
        feed = timeline_feed(
            entries,
            title=f"{site_name} — {generated.title}",
            subtitle=subtitle,
            page_url=generated.url,
            feed_url=feeds[0],
            json_feed_url=feeds[1],
            site_url=site_url,
            language=language,
            authors=(site_name,),
            limit=FEED_LIMIT,
        )
        return atom_feed(feed), json_feed(feed)

    # The end of a build, good or bad. A good build's site replaces the last one (once
    # `almanac/blog` has written its feeds too); after a failed one, the last good site stays
    # as it was. Runs after other plugins' last step (priority -100), which may still write
    # into the site folder.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        tracker = self.run.tracker if self.run is not None else None
        if tracker is not None and tracker.leaves_for_later:
            # The preview: the feeds are written after the reload, like the pages it left.
            paths = [path for generated in self.pages.values() for path in feed_urls(generated) or ()]
            LATER.add_files("data feeds", paths, lambda: self._write_feeds(config, LATER.check))
        elif not BESIDE.done("data feeds"):
            self._write_feeds(config)
        if self.run is not None:
            self.run.finish("data")

    def on_build_error(self, *, error: Exception) -> None:
        BESIDE.stop()  # before the staged site is removed: its feeds may still be written
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
        serve_preview(server)
        return server


def _by_page(generated: GeneratedPage, *arguments: object) -> str:
    """The key a feed, or a page's content and drawing, is remembered by in a partial rebuild: its
    page."""
    return generated.url


def _once(*arguments: object) -> str:
    """The key of what is made once a build (the JSON API), remembered in a partial rebuild."""
    return ""


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
