# The `almanac/blog` plugin: posts with a header, neighbours and related posts; the paginated
# blog index and yearly archive, a page per category and (`authors_profiles`) author; a page and a
# feed per tag, the tag index and the site's feeds —
# with every post's Markdown converted exactly once.
#
# MkDocs converts each post as an ordinary page. This plugin checks all front matter and tags
# before anything is written (a post with problems is converted all the same, only so that the
# problems of its body are found too, and never written), moves posts to their dated URLs and
# out of the navigation, keeps each post's excerpt (and, for the newest, its content) from that
# single conversion, fills the generated listing and tag pages with those excerpts when they
# are rendered into templates, and writes the feeds from the kept content at the end, with a
# page at each earlier address of a post that leads to it (`post_url_redirects`, `aliases`). With
# `almanac/links`, each post ends with the entities it names, each tag page names those its
# posts discuss most, and related posts weigh shared entities: all read from the links of every
# page once all are converted.
# What a build loads, then converts, stays alive until the site is written: it is frozen from
# Python's collector meanwhile (`gc.freeze`), which would otherwise walk it again and again —
# before pages are converted, every hundred converted pages, and once all are.

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from almanac.core.blog import listings
from almanac.core.blog.entities import entity_names, most_discussed, post_entities
from almanac.core.blog.excerpts import Excerpt, make_excerpt, prepare_marker
from almanac.core.blog.feeds import (
    EPOCH,
    Feed,
    FeedEntry,
    absolute_url,
    absolutize,
    entry_for,
    select_entries,
)
from almanac.core.blog.posts import Author, ParsedPosts, Post, source_for_checks, zone
from almanac.core.blog.redirects import Redirect, output_path, plan_redirects
from almanac.core.blog.related_links import RelatedLink, missing_anchors, missing_files, related_links
from almanac.core.blog.search import searchable
from almanac.core.blog.tags import (
    RelatedWeights,
    TagPage,
    build_tag_pages,
    posts_by_tag,
    related_sources,
)
from almanac.core.blog.views import (
    ArchiveListing,
    AuthorListing,
    CategoryListing,
    IndexListing,
    Listing,
    ListingView,
    PostView,
    TagIndexListing,
    TagIndexView,
    TagListing,
    TagPageView,
    ViewFactory,
    YearListing,
)
from almanac.core.data.datasets.loader import DATA_DIR
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.feeds import discovery_links
from almanac.core.project import build_time, display_prefix, read_blog, unused_tag_warnings
from almanac.core.urls import relative_url
from almanac.mkdocs.blog.config import BlogConfig
from almanac.mkdocs.checks import BuildRun
from almanac.mkdocs.compiled_templates import TEMPLATES
from almanac.mkdocs.incremental import READS, Tracker, feed_texts, page_writers, write_output
from almanac.mkdocs.interfaces import (
    entity_source,
    entity_summary_source,
    link_source,
    page_input_sources,
    tag_source,
)
from almanac.mkdocs.parallel import BESIDE, Conversions, processes_to_use, why_one_process
from almanac.mkdocs.preview import LATER, Dropped, serve_preview
from almanac.mkdocs.shared import SharedBlocks, front_matter, shared_blocks, text_meta, text_title

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from almanac.core.links.model import Entity, EntityKey

log = get_plugin_logger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
STYLESHEET = "assets/almanac/almanac.css"


@dataclass(frozen=True)
class _Converted:
    """What a post's conversion gave, kept for a later build in this process."""

    excerpt: Excerpt
    content: str | None
    """The post's HTML, if a feed held it."""


#: Excerpts (and feed content) of earlier builds in this process, by source path. A partial
#: rebuild of the preview (`mkdocs serve --dirty`) converts only changed posts; this still
#: fills every listing and feed (a post not converted again is as its last conversion left it:
#: see `mkdocs/incremental.py`).
_CACHE: dict[str, _Converted] = {}

#: The posts the preview's last read parsed, for the next (a post whose file is as it was is
#: not parsed again; see `ParsedPosts`).
_PARSED = ParsedPosts(READS)

#: Every how many converted pages what they left alive is frozen (see `_freeze_pages`).
FREEZE_EVERY = 100


def as_plugin_error(error: AlmanacError | AlmanacErrors) -> PluginError:
    """An error of the author's input as MkDocs shows it: the message, no traceback."""
    return PluginError(str(error))


class BlogPlugin(BasePlugin[BlogConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.dirty = False
        self.run: BuildRun | None = None
        self.broken: frozenset[str] = frozenset()
        #: What MkDocs converts each post with problems from, to check its body (see `on_files`).
        self.for_checks: dict[str, str] = {}
        self.posts: dict[str, Post] = {}
        self.blog: listings.Blog | None = None
        self.authors: dict[str, Author] = {}
        self.excerpts: dict[str, Excerpt] = {}
        self.reading_times: dict[str, int] = {}
        self.listings: dict[str, Listing] = {}
        self.section_pages: dict[str, Page] = {}
        self.shared = SharedBlocks()
        self.views: ViewFactory | None = None
        self.feed_posts: set[str] = set()
        self.contents: dict[str, str] = {}
        self.site_url = ""
        self.directory_urls = True
        self.tags_of: dict[str, tuple[str, ...]] = {}
        self.tag_pages: dict[str, TagPage] = {}
        self.related: dict[str, tuple[Post, ...]] | None = None
        #: Whether `_read_links` ran this build; the entities related posts weigh, by post.
        self.links_read = False
        self.entity_keys: dict[str, tuple[str, ...]] | None = None
        #: Called now and then while the preview finds the pages to write after the reload.
        self.pause: Callable[[], None] | None = None
        #: Each post's entities with their summaries, and each tag's most discussed entities:
        #: known once every page is converted (see `_read_links`).
        self.entities_of: dict[str, tuple[tuple[Entity, str | None], ...]] = {}
        self.tag_entities: dict[str, tuple[tuple[Entity, int], ...]] = {}
        #: A post's content as the search plugin reads it and as it was, from just before the
        #: search plugin reads it until it is given back (`on_page_context`).
        self.unwrapped: dict[str, tuple[str, str]] = {}
        #: What search reads of each post (`search_content`), with the content it was read from:
        #: asked once every page is converted (`almanac/search` starts its index then) and again
        #: as each post is rendered.
        self.searched: dict[str, tuple[str, str]] = {}
        #: Whether this build froze what was alive before pages were converted, or once they were.
        self.frozen = False
        #: Pages converted since what was loaded was frozen (`_freeze_pages`).
        self.converted_pages = 0
        #: A partial rebuild (`--dirty`): which pages are converted and rendered again.
        self.tracker: Tracker | None = None
        self.nav: Navigation | None = None
        #: The navigation pages are rendered with (after every plugin's `on_nav`).
        self.final_nav: Navigation | None = None
        self.files: Files | None = None
        #: What each post's or listing's template is handed, made once a build (`_on_env`).
        self.page_views: dict[str, object] = {}
        #: In the preview: which pages are rendered, beside those of the files saved, is decided
        #: once the browsers reload (`_leave_for_later`).
        self.deciding_later = False
        #: Each published post's related links as its template shows them (`_related_links`).
        self.related_links: dict[str, tuple[RelatedLink, ...]] = {}
        #: The pages written at posts' earlier addresses (`post_url_redirects`, `aliases`).
        self.redirects: tuple[Redirect, ...] = ()
        self.env: Environment | None = None
        #: The docs folder as errors name it (`docs/`).
        self.docs_prefix = "docs/"
        #: The worker processes converting pages, from `on_nav` until every page is converted.
        self.conversions: Conversions | None = None

    # The preview: a rebuild that fails on a bad post leaves the last good site served.
    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        serve_preview(server)
        return server

    def on_shutdown(self) -> None:
        LATER.stop()
        self._stop_workers()
        BESIDE.stop()

    # Which command runs tells whether drafts are shown (the preview) or left out (a build).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.dirty = dirty

    # Step 1 — before anything is written: read and check the front matter of every post, the
    # authors file and every post's tags (against `data/tags.yaml`, loaded by `almanac/data`).
    # Each problem is recorded as `path:line: what — how to fix` and the post left out; the
    # build goes on, so that it stops in `on_env` with the problems of every kind at once (see
    # `mkdocs/checks.py`). Then the structure of the blog is computed once: URLs, index pages,
    # archive, tag pages. (Related posts wait for the links of every post: see `_read_links`.)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        BESIDE.stop()  # what an interrupted build left
        if not self.config.enabled:
            return None
        run = self.run = BuildRun.of(config)
        run.join("blog")
        run.stage(dirty=self.dirty)
        # jieba (used by the search plugin for Chinese) logs to stderr when it loads.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        project = Path(config.config_file_path or ".").resolve().parent
        docs = Path(config.docs_dir).resolve()
        docs_prefix = self.docs_prefix = display_prefix(docs, project)
        try:
            timezone = zone(self.config.timezone)
        except ValueError as error:
            config_name = Path(config.config_file_path or "mkdocs.yml").name
            raise PluginError(f"{config_name}: almanac/blog: timezone: {error}") from None
        # The tags of `data/tags.yaml`, from `almanac/data` (asked once the posts are read; see
        # `mkdocs/interfaces.py`).
        source = tag_source(config.plugins)
        tags = source.tag_vocabulary if source is not None else None
        # The build's instant, as `almanac/data` and `almanac check` take it (a pinned date: its
        # end where the blog is): posts dated later are scheduled (left out like drafts).
        try:
            now = build_time(source.config.build_date if source is not None else None).posts_until(timezone)
        except ValueError as error:
            raise PluginError(str(error)) from None
        sources = read_blog(
            docs,
            docs_prefix=docs_prefix,
            posts_dir=self.config.posts_dir,
            authors_file=self.config.authors_file,
            timezone=timezone,
            tags=tags,
            now=now,
            categories_as_tags=self.config.categories_as_tags,
            parsed=_PARSED if self.is_serve else None,
        )
        run.add(list(sources.problems))
        run.add(listings.check_categories(sources.posts, self.config.categories_allowed))
        posts, tags_of, vocabulary = sources.posts, sources.tags_of, sources.vocabulary
        if source is not None and vocabulary.tags:
            # `almanac check` shows these; a build does not (a warning would fail a strict one).
            run.warnings.extend(unused_tag_warnings(sources))
        self.authors = sources.authors
        shown = [post for post in posts if not post.draft or self._show_drafts]
        if (left_out := len(posts) - len(shown)) and not self.is_serve:  # drafts and scheduled posts, in a build
            where = "shown in `mkdocs serve`" if self.config.drafts_on_serve else "drafts_on_serve: false"
            log.info("blog: %d draft%s left out of the site (%s)", left_out, "s" * (left_out != 1), where)
        try:
            self.blog = self._build_blog(shown)
        except AlmanacErrors as errors:
            # Posts that cannot be placed (two with one URL) are left out, the others placed.
            run.add(errors)
            named = {error.path for error in errors}
            left = [post for post in posts if post.display_path in named]
            posts = [post for post in posts if post.display_path not in named]
            try:
                self.blog = self._build_blog([post for post in shown if post.display_path not in named])
            except AlmanacErrors as more:
                run.add(more)
                self.blog = self._build_blog([])
            sources = replace(sources, broken=sources.broken | {post.src_uri for post in left})
        self.broken = sources.broken
        self.for_checks = {
            uri: text for uri in sorted(self.broken) if (text := source_for_checks(docs / uri)) is not None
        }
        self.posts = {post.src_uri: post for post in posts}
        self.tags_of = {uri: tags_of[uri] for uri in self.blog.urls}
        self.tag_pages = build_tag_pages(
            vocabulary.tags,
            posts_by_tag(self.blog.posts, self.tags_of),
            tags_url=self._tags_url,
            per_page=max(1, self.config.tags_per_page),
        )
        self.feed_posts = self._feed_posts() if self.config.feeds else set()
        self.related, self.entities_of, self.tag_entities = None, {}, {}
        self.links_read, self.entity_keys, self.pause = False, None, None
        self.page_views, self.deciding_later = {}, False
        self.reading_times = {post.src_uri: listings.reading_time(post.body) for post in posts}
        self.directory_urls = config.use_directory_urls
        self.site_url = config.site_url or ""
        self.tracker = Tracker(config, data_dir=project / DATA_DIR) if self.dirty and not run.check_only else None
        run.tracker = self.tracker
        config.theme.dirs.append(str(TEMPLATES_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    # What `almanac/links` asks (`PostSource` in `mkdocs/interfaces.py`): the date of each
    # page that is a post, and which tags have a page to link to; known from step 1 on.
    def post_date(self, src_uri: str) -> dt.datetime | None:
        """The date of the post whose source is `src_uri`; `None` for a page that is not a post."""
        post = self.posts.get(src_uri)
        return post.date if post is not None else None

    def tag_urls(self) -> dict[str, str]:
        """The URL of the page of each tag a published post carries, by the tag's name."""
        return {name: tag.url for name, tag in self.tag_pages.items()}

    def search_content(self, src_uri: str, content: str) -> str:
        """What a search index reads of the page `src_uri` converted into `content`: a post's
        links to entities unwrapped to their text, which is all an index keeps of them; a post
        whose content carries `data-search-…` attributes (Material's search plugin strips them
        once read) and any other page as they are."""
        if src_uri not in self.posts or "data-search-" in content:
            return content
        kept = self.searched.get(src_uri)
        if kept is not None and kept[0] is content:
            return kept[1]
        searched = searchable(content)
        self.searched[src_uri] = (content, searched)
        return searched

    def _build_blog(self, posts: Sequence[Post]) -> listings.Blog:
        return listings.build_blog(
            posts,
            blog_url=self.config.blog_dir.strip("/") + "/",
            url_pattern=self.config.post_url_format,
            per_page=max(1, self.config.pagination_per_page),
            date_format=self.config.post_url_date_format,
            slug_from=self.config.post_slug,
            max_categories=self.config.post_url_max_categories,
            categories_url=self.config.categories_url_format if self.config.categories else None,
            authors_url=self.config.authors_profiles_url_format if self.config.authors_profiles else None,
        )

    def _feed_posts(self) -> set[str]:
        """The posts any feed will hold (the newest of the blog and of each tag, drafts never):
        only their full content is kept in memory while pages are converted."""
        assert self.blog is not None
        limit = max(0, self.config.feed_limit)
        chosen = {post.src_uri for post in [p for p in self.blog.posts if not p.draft][:limit]}
        for tag in self.tag_pages.values():
            chosen.update(post.src_uri for post in [p for p in tag.posts if not p.draft][:limit])
        return chosen

    @property
    def _show_drafts(self) -> bool:
        return self.is_serve and self.config.drafts_on_serve

    # Step 2 — the files: move each post to its dated URL and keep it out of the navigation
    # (a navigation that lists every post is rendered on every page and grows with the blog);
    # drop drafts from a build; add the generated index, archive, category and author pages (each a
    # listing, rendered like the index from the excerpts kept at conversion) and our stylesheet.
    # A post with problems stays where it is, out of the navigation: it is converted like any
    # page, for the checks of its body (its links, its blocks), from its body alone (see
    # `on_page_read_source`), and never written, since its problems stop the build at `on_env`.
    # One whose body cannot be told from its front matter (not closed, not UTF-8) is excluded.
    # Either way, links to it are not broken too.
    def _on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.blog is None:
            return None
        urls = self.blog.urls
        for src_uri in self.broken:  # reported: converted for the checks only, never published
            broken = files.get_file_from_path(src_uri)
            if broken is not None:
                checked = src_uri in self.for_checks
                broken.inclusion = InclusionLevel.NOT_IN_NAV if checked else InclusionLevel.EXCLUDED
        for src_uri, post in self.posts.items():
            old = files.get_file_from_path(src_uri)
            if old is None:
                continue
            files.remove(old)
            if src_uri not in urls:  # a draft, in a build
                continue
            moved = File(
                src_uri,
                src_dir=old.src_dir,
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
                # `<url>/index.html` with or without directory URLs, like the generated pages.
                dest_uri=urls[src_uri] + "index.html",
                inclusion=InclusionLevel.DRAFT if post.draft else InclusionLevel.NOT_IN_NAV,
            )
            files.append(moved)

        self.listings = {}
        blog_url = self.blog.index[0].url
        for page in self.blog.index:
            title = "Blog" if page.number == 1 else f"Blog — page {page.number}"
            self._generate(files, config, page.url, IndexListing(title, page), in_nav=page.number == 1)
        if self.config.archive:
            archive = self.blog.archive
            self._generate(files, config, archive.url, ArchiveListing("Archive", archive), in_nav=False)
            for year in archive.years:
                listing = YearListing(f"Archive — {year.year}", year, archive)
                self._generate(files, config, year.url, listing, in_nav=False)
        for category in {group.url: group for group in self.blog.categories.values()}.values():
            for page in category.pages:
                title = category.name if page.number == 1 else f"{category.name} — page {page.number}"
                self._generate(files, config, page.url, CategoryListing(title, category, page), in_nav=False)
        for author_id, group in self.blog.authors.items():
            name = self.authors[author_id].name if author_id in self.authors else author_id
            for page in group.pages:
                title = name if page.number == 1 else f"{name} — page {page.number}"
                self._generate(files, config, page.url, AuthorListing(title, group, page), in_nav=False)
        tags = tuple(self.tag_pages.values())
        self._generate(files, config, self._tags_url, TagIndexListing("Tags", tags), in_nav=True)
        for tag in tags:
            for page in tag.pages:
                title = tag.info.name if page.number == 1 else f"{tag.info.name} — page {page.number}"
                self._generate(files, config, page.url, TagListing(title, tag, page), in_nav=False)
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(ASSETS_DIR / "almanac.css")))
        # Each path a post's `links` names must be a file of the site (a draft's, left out of a
        # build, is not shown: see `_related_links`), reported at the item's line.
        self.related_links = {}
        if self.run is not None:
            paths = [file.src_uri for file in files]

            def known(path: str) -> bool:
                return files.get_file_from_path(path) is not None or path in self.posts

            for post in self.posts.values():
                if post.links:
                    self.run.add(missing_files(post, known, paths))
            # Each post's earlier addresses (`post_url_redirects`, `aliases`) get a page that leads
            # to it, written at the end like the feeds; none may take the place of a page.
            taken = {name: "the theme's page" for name in config.theme.static_templates}
            taken.update(
                (
                    file.dest_uri,
                    self.docs_prefix + file.src_uri
                    if file.generated_by is None
                    else f"a page {file.generated_by} makes",
                )
                for file in files
            )
            self.redirects, problems = plan_redirects(
                [self.posts[uri] for uri in urls if uri in self.posts],
                urls,
                self.config.post_url_redirects,
                taken=taken,
            )
            self.run.add(problems)
        log.debug("blog: %d posts, %d listing pages under /%s", len(urls), len(self.listings), blog_url)
        return files

    def _check_link_anchors(self, files: Files, run: BuildRun) -> None:
        """Every page is converted: each `#anchor` of a post's related links must be an id of the
        page it names, reported at the item's line."""

        def anchors_of(path: str) -> set[str] | None:
            file = files.get_file_from_path(path)
            page = file.page if file is not None else None
            return page.present_anchor_ids if page is not None else None

        for post in self.posts.values():
            if post.links:
                run.add(missing_anchors(post, anchors_of))

    def _related_links(self, src_uri: str) -> tuple[RelatedLink, ...]:
        """A published post's related links, with the titles of the pages they name (known once
        every page is converted), relative to the post's page; made once a build."""
        post = self.posts.get(src_uri)
        if post is None or not post.links or self.files is None or self.blog is None or src_uri not in self.blog.urls:
            return ()
        if src_uri not in self.related_links:
            files = self.files

            def file_of(path: str) -> tuple[str, str] | None:
                file = files.get_file_from_path(path)
                if file is None or file.inclusion.is_excluded():
                    return None
                title = file.page.title if file.page is not None else None
                if isinstance(title, Markup):  # a title from a heading, as HTML (see `text_title`)
                    title = unescape(title)
                return (str(title) if title else path.rsplit("/", 1)[-1]), file.url

            self.related_links[src_uri] = related_links(post, self._page_url(post), file_of)
        return self.related_links[src_uri]

    # Step 2 too, after every plugin's: in a partial rebuild, which pages are converted again
    # (see `mkdocs/incremental.py`).
    @event_priority(-100)
    def _track_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        self.files = files
        if self.tracker is not None:
            source = entity_source(config.plugins)
            self.tracker.track(files, source.entities() if source is not None else None)
        return None

    on_files = CombinedEvent(_on_files, _track_files)

    # Step 2 too — as MkDocs reads each page: a post with problems is read from its body, after
    # a front matter of the keys other plugins read, never from its broken YAML (`source_for_checks`).
    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.for_checks.get(page.file.src_uri)

    def _generate(self, files: Files, config: MkDocsConfig, url: str, listing: Listing, *, in_nav: bool) -> None:
        src_uri = url + "index.md"
        self.listings[src_uri] = listing
        existing = files.get_file_from_path(src_uri)
        if existing is not None and existing.generated_by is None:
            # The author wrote this page (e.g. an introduction at docs/blog/index.md): keep it
            # and show the listing after its content.
            return
        if existing is not None:
            files.remove(existing)
        content = front_matter(listing.title)
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))

    @property
    def _tags_url(self) -> str:
        return self.config.tags_dir.strip("/") + "/"

    # The blog index and the tag index are the navigation's "Blog" and "Tags" entries; posts and
    # the other generated pages are not in the navigation, so while they render, the entry they
    # belong under is marked current (set in `on_page_context`, cleared in `on_post_page`).
    def _on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.nav = nav
        self.section_pages = {}
        if self.blog is not None:
            sections = {
                self.blog.index[0].url + "index.md": "blog",
                self._tags_url + "index.md": "tags",
            }
            for page in nav.pages:
                if page.file.src_uri in sections:
                    self.section_pages[sections[page.file.src_uri]] = page
        return None

    # Before any page is read, after every plugin's `on_nav`: what the build has loaded (the
    # data, the posts' front matter, the names `almanac/links` looks for) stays alive until the
    # site is written. Python's collector would walk all of it again at each full collection
    # while pages are converted; frozen (`gc.freeze`), it is left alone until the build is done
    # or fails. The same once every page is converted (`_freeze_converted`).
    @event_priority(-100)
    def _freeze_loaded(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        gc.freeze()
        self.frozen = True
        self.converted_pages = 0
        self.final_nav = nav
        return None

    # Last of every plugin's `on_nav`, after the freeze (whose objects the workers share with
    # this process): pages, files and every plugin's state are what the conversions read, so
    # worker processes forked now convert pages from the end of the list while MkDocs converts
    # them from the start (`processes`; see `mkdocs/parallel.py`). Stopped as soon as every page
    # is converted (`_restore_pages`), or the build fails.
    @event_priority(-1000)
    def _convert_in_workers(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self._stop_workers()
        if not self.config.enabled:
            return None
        inclusion = InclusionLevel.is_in_serve if self.is_serve else InclusionLevel.is_included
        pages = [
            file.page
            for file in files.documentation_pages(inclusion=inclusion)
            if file.page is not None and (not self.dirty or file.is_modified())
        ]
        processes = processes_to_use(self.config.processes)
        why = why_one_process(config, len(pages), processes)
        if why is not None:
            log.debug("pages converted in one process: %s", why)
            return None
        self.conversions = Conversions(config, files, pages, processes)
        return None

    def _stop_workers(self) -> None:
        if self.conversions is not None:
            self.conversions.stop()
            self.conversions = None

    on_nav = CombinedEvent(_on_nav, _freeze_loaded, _convert_in_workers)

    def _section_of(self, src_uri: str) -> Page | None:
        """The navigation entry a post or generated page belongs under (Blog, or Tags)."""
        if src_uri in self.posts:
            return self.section_pages.get("blog")
        match self.listings.get(src_uri):
            case TagListing() | TagIndexListing():
                return self.section_pages.get("tags")
            case None:
                return None
            case _:
                return self.section_pages.get("blog")

    # Step 3 — before conversion: posts and listings use our templates; the `<!-- more -->`
    # marker (or the blog's `post_excerpt_separator`) is put on a block of its own so that the
    # excerpt can be cut cleanly. The title, description and tags of every page are text, escaped
    # for the theme (see `text_meta`).
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        src_uri = page.file.src_uri
        post = self.posts.get(src_uri)
        if post is not None:
            page.meta.setdefault("template", "almanac/post.html")
            if post.summary:  # the page's <meta name="description">
                page.meta.setdefault("description", post.summary)
        text_meta(page.meta)
        if post is not None:
            return prepare_marker(markdown, self.config.post_excerpt_separator)
        match self.listings.get(src_uri):
            case TagListing():
                page.meta.setdefault("template", "almanac/tag.html")
            case TagIndexListing():
                page.meta.setdefault("template", "almanac/tags.html")
            case AuthorListing():
                page.meta.setdefault("template", "almanac/author.html")
            case None:
                pass
            case _:
                page.meta.setdefault("template", "almanac/listing.html")
        return None

    # Step 4 — right after MkDocs converted a post (once): keep its excerpt for every listing.
    # A page titled by its first heading gets that title as text too (see `text_title`).
    def _on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        text_title(page)
        src_uri = page.file.src_uri
        post = self.posts.get(src_uri)
        if post is None:
            return None
        excerpt = make_excerpt(html, page.url)
        self.excerpts[src_uri] = excerpt
        if src_uri in self.feed_posts:
            self.contents[src_uri] = html
        path = page.file.abs_src_path
        if path is not None:
            _CACHE[_cache_path(path)] = _Converted(excerpt, html if src_uri in self.feed_posts else None)
        return None

    # Step 4 too, after every plugin's: what a converted page leaves alive (its excerpt, its
    # table of contents, with `almanac/links` its mentions) stays alive until the site is
    # written. Frozen every `FREEZE_EVERY` pages, it is not walked by the full collections made
    # while later pages are converted: at 3,000 posts with `almanac/links` they were 10, 0.29 s
    # of CPU (without the links 9, 0.11 s), now none. What is garbage among it is freed once the
    # build ends and unfreezes (a full collection then takes 0.33 s, not 0.20 s); the build's
    # peak memory grows by 4 %.
    @event_priority(-100)
    def _freeze_pages(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.frozen:
            self.converted_pages += 1
            if self.converted_pages % FREEZE_EVERY == 0:
                gc.freeze()
        return None

    on_page_content = CombinedEvent(_on_page_content, _freeze_pages)

    # Step 5 — after every page has been converted: fill in excerpts a partial rebuild did not
    # produce, from the cache of earlier builds; make the views every template will use.
    # Posts, listings and tag pages share the parts of the theme's page that are the same on
    # all pages of their kind (see `mkdocs/shared.py`), anew for each build. Nothing is written
    # yet: the build stops here with every problem found (see `mkdocs/checks.py`).
    # Step 5, before every plugin's: the theme's environment keeps what it compiles for the next
    # build of this process (`compiled_templates.py`); in a partial rebuild, pages not converted
    # again get what their last conversion gave (the checks of anchors at every plugin's `on_env`
    # read them).
    # Then, before any plugin stops the build with the problems found (`almanac/links` at 50):
    # each `#anchor` of a post's related links is checked against the ids of its page.
    @event_priority(100)
    def _restore_pages(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self._stop_workers()
        if env.bytecode_cache is None:
            env.bytecode_cache = TEMPLATES
        if self.tracker is not None:
            self.tracker.restore(files)
        if self.config.enabled and self.run is not None:
            self._check_link_anchors(files, self.run)
        return None

    def _on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self.searched = {}
        if self.config.enabled and self.run is not None:
            self.run.stop_if_problems(files, serve=self.is_serve)
        self.shared = shared_blocks(env)
        self.shared.add_kinds(self._shared_kind)
        self.env = env
        for src_uri in self.posts:
            if src_uri in self.excerpts:
                continue
            file = files.get_file_from_path(src_uri)
            if file is None or file.abs_src_path is None:
                continue
            # Not converted in this build: its source is the one its last conversion read.
            cached = _CACHE.get(_cache_path(file.abs_src_path))
            if cached is not None:
                self.excerpts[src_uri] = cached.excerpt
                if cached.content is not None and src_uri in self.feed_posts:
                    self.contents[src_uri] = cached.content
        if self.blog is not None:
            self.views = ViewFactory(
                urls=self.blog.urls,
                authors=self.authors,
                excerpts=self.excerpts,
                reading_times=self.reading_times,
                tag_urls={name: tag.url for name, tag in self.tag_pages.items()},
                tags_of=self.tags_of,
                directory_urls=self.directory_urls,
                category_urls={name: category.url for name, category in self.blog.categories.items()},
                author_urls={author_id: author.url for author_id, author in self.blog.authors.items()},
                remember=self.tracker.remembered if self.tracker is not None else None,
            )
            # In the preview, only the pages of the files saved are rendered now; which others are
            # is decided once the browsers reload (`_leave_for_later`).
            if self.tracker is not None:
                self.deciding_later = LATER.on and self.tracker.render_saved(files)
                if not self.deciding_later:
                    self._decide_rendering(config, files)
            elif self._feeds_on:  # not the preview, whose rebuilds remember the feeds' texts
                BESIDE.add("blog feeds", lambda: self._write_feeds(config))
        return None

    def _decide_rendering(self, config: MkDocsConfig, files: Files, check: Callable[[], None] | None = None) -> None:
        """Which pages are rendered in a partial rebuild (`Tracker.decide_rendering`), from the views
        the templates of the posts and listings are handed and what other plugins draw. `check`, if
        given, is called now and then, and stops the decision by raising."""
        assert self.tracker is not None
        made: dict[str, object] = {}
        for count, uri in enumerate([*self.posts, *self.listings]):
            if check is not None and count % 16 == 0:
                check()
            made[uri] = self._view(uri, config)
        self.page_views = {uri: view for uri, view in made.items() if view is not None}
        inputs = page_input_sources(config.plugins)
        self.tracker.decide_rendering(
            files,
            self.nav,
            self.page_views.get,
            lambda uri: (self._related_links(uri), *(source.page_inputs(uri) for source in inputs)),
            lambda uri: tuple(source.page_drawing(uri) for source in inputs),
            check=check,
        )

    # Step 5 too, after every plugin's: every page is converted, and what the pages and the
    # plugins hold stays alive until the site is written: frozen too (see `_freeze_loaded`), so
    # that full collections while pages are rendered walk only what rendering makes.
    @event_priority(-100)
    def _freeze_converted(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        gc.freeze()
        self.frozen = True
        return None

    # Last of every plugin's: in the preview, which pages' output changed, beside those of the files
    # saved, is decided once the browsers reload, and those pages are written then, with the template
    # environment and navigation this build renders with (see `preview.py`). If that fails, the next
    # rebuild makes every page again.
    @event_priority(-1000)
    def _leave_for_later(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        tracker, nav = self.tracker, self.final_nav
        if not self.deciding_later or tracker is None or nav is None:
            return None

        def paths(uris: Iterable[str]) -> dict[str, str]:
            """Each page's path in the site, with its source path."""
            return {file.dest_uri: uri for uri in uris if (file := files.get_file_from_path(uri)) is not None}

        def leave(uris: list[str]) -> None:
            sources = paths(uris)
            LATER.add(
                page_writers(uris, config, files, nav, env, failed=tracker.forget),
                dropped=lambda paths: tracker.unrendered(sources[path] for path in paths if path in sources),
            )

        def decide() -> None:
            self.deciding_later = False  # every post's related posts are ranked at once from here
            self.pause = LATER.check
            try:
                self._decide_rendering(config, files, LATER.check)
            except Dropped:
                raise
            except Exception:
                tracker.forget()
                raise
            leave(tracker.later)

        # The pages made from the data that a change in `data/` converted are decided now: a
        # browser on one of them does not wait for the decision about the posts and listings.
        inputs = page_input_sources(config.plugins)
        early = tracker.decide_made_from_data(
            files,
            self.nav,
            lambda uri: (self._related_links(uri), *(source.page_inputs(uri) for source in inputs)),
            lambda uri: tuple(source.page_drawing(uri) for source in inputs),
        )
        undecided = [uri for uri in tracker.states if uri not in tracker.decided_early]
        LATER.decide(decide, pages=paths(undecided), written=paths(tracker.rendering or ()))
        if early:
            leave(early)
        return None

    # Last of every plugin's, after the checks: what the last step makes from what is known by now,
    # the feeds, is written by a process forked now, beside the rendering (see `mkdocs/parallel.py`).
    @event_priority(-2000)
    def _start_beside(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        BESIDE.start(processes_to_use(self.config.processes) if self.config.enabled else 1)
        return None

    on_env = CombinedEvent(_restore_pages, _on_env, _freeze_converted, _leave_for_later, _start_beside)

    def _unfreeze(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def _shared_kind(self, page: object) -> str | None:
        """The kind of a published post (`post`) or generated listing (`index`, `tag`, …),
        whose parts of the page may be shared (see `SharedBlocks`); `None` for other pages."""
        src_uri = getattr(getattr(page, "file", None), "src_uri", None)
        if self.blog is None or src_uri is None:
            return None
        if src_uri in self.posts:
            return "post" if src_uri in self.blog.urls else None
        listing = self.listings.get(src_uri)
        return f"listing:{listing.kind}" if listing is not None else None

    # Step 6 — rendering into templates: hand the post header/footer or the listing to the
    # template. Listings place excerpts with a string replacement: no conversion here. Before
    # the search plugins index a post (priority 50 and 0), its links to entities are unwrapped
    # to their text (`search_content`); the post gets them back before it is rendered (see
    # `core/blog/search.py`).
    @event_priority(100)
    def _before_search(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        content = page.content
        if content is not None:
            searched = self.search_content(page.file.src_uri, content)
            if searched is not content:
                self.unwrapped[page.file.src_uri] = (searched, content)
                page.content = searched
        return None

    @event_priority(-100)
    def _page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        src_uri = page.file.src_uri
        if src_uri in self.unwrapped:
            searched, content = self.unwrapped.pop(src_uri)
            if page.content is searched:
                page.content = content
        if self.blog is None or self.views is None:
            return None
        section = self._section_of(src_uri)
        if section is not None and section is not page:
            section.active = True
        view = self.page_views.get(src_uri) or self._view(src_uri, config)
        if view is None:
            return None
        key = "almanac_post" if src_uri in self.posts else "almanac_listing"
        context[key] = view  # type: ignore[literal-required]
        if src_uri in self.posts:
            context["almanac_post_links"] = self._related_links(src_uri)  # type: ignore[typeddict-unknown-key]
        return context

    on_page_context = CombinedEvent(_before_search, _page_context)

    def _view(self, src_uri: str, config: MkDocsConfig) -> PostView | ListingView | TagIndexView | TagPageView | None:
        """What the template of a published post or of a listing is handed; `None` for other pages."""
        if self.blog is None or self.views is None or self.files is None:
            return None
        if not self.links_read:
            self._read_links(config)
        if src_uri in self.posts and src_uri in self.blog.urls:
            older, newer = self.blog.neighbours.get(src_uri, (None, None))
            return self.views.post(
                self.posts[src_uri],
                older=older,
                newer=newer,
                blog_url=self.blog.index[0].url,
                related=self._related_of(src_uri),
                entities=self.entities_of.get(src_uri, ()),
            )
        listing = self.listings.get(src_uri)
        file = self.files.get_file_from_path(src_uri)
        if listing is None or file is None:
            return None
        return self._listing_view(self.views, file.url, listing)

    def _read_links(self, config: MkDocsConfig) -> None:
        """Once a build, before the first page is rendered into its template (every page is
        converted, and `almanac/links` has its `Backlinks` from its `on_env` on): each post's
        entities, each with its price or state from `almanac/data`; each tag's most discussed
        entities; the entities related posts weigh beside shared tags (`_related_of`). Without the
        links plugin (or with no entity named anywhere), related posts are those of shared tags alone."""
        assert self.blog is not None
        self.links_read = True
        posts = self.blog.urls
        source = link_source(config.plugins)
        backlinks = source.backlinks() if source is not None else None
        names: dict[str, tuple[str, ...]] | None = None
        if backlinks is not None:
            links_of = {uri: links for uri in posts if (links := backlinks.of_page(uri)) is not None}
            known: dict[EntityKey, Entity] = {entity.key: entity for entity in backlinks.index.entities}
            summaries = entity_summary_source(config.plugins)
            said: dict[EntityKey, str | None] = {}

            def summary(entity: Entity) -> str | None:
                if summaries is None:
                    return None
                if entity.key not in said:
                    said[entity.key] = summaries.entity_summary(entity.key)
                return said[entity.key]

            named: dict[str, tuple[Entity, ...]] = {}
            for uri, links in links_of.items():
                entities = post_entities(links, known)
                if entities:
                    named[uri] = entities
                    self.entities_of[uri] = tuple((entity, summary(entity)) for entity in entities)
            for name, tag in self.tag_pages.items():
                top = most_discussed((post.src_uri for post in tag.posts), named)
                if top:
                    self.tag_entities[name] = top
            names = entity_names(links_of) or None
        self.entity_keys = names

    def _related_of(self, src_uri: str) -> tuple[Post, ...]:
        """A post's related posts, weighing shared entities beside shared tags: every post's are
        ranked at once. In the preview, a rebuild that renders the posts saved before it decides
        which other pages to render (`_leave_for_later`) ranks theirs alone, the same as among all
        (0.25 s of a new post's save at 1,000 posts, when every rarity moves)."""
        assert self.blog is not None
        if self.related is not None:
            return self.related.get(src_uri, ())
        weights = RelatedWeights(tag=self.config.related_tag_weight, entity=self.config.related_entity_weight)
        uris = tuple(post.src_uri for post in self.blog.posts)
        limit = max(0, self.config.related_limit)
        by_uri = {post.src_uri: post for post in self.blog.posts}
        if self.deciding_later:
            arguments = (uris, self.tags_of, limit, weights, self.entity_keys, _Pause(self.pause))
            every = self.tracker.recalled(_related, _same, *arguments) if self.tracker is not None else None
            if every is None:  # the posts, their tags or entities changed: this one's alone
                every = related_sources(
                    uris, self.tags_of, limit=limit, weights=weights, entities_of=self.entity_keys, of={src_uri}
                )
            return tuple(by_uri[other] for other in every.get(src_uri, ()))
        # In a partial rebuild, the last build's when the posts, their order, tags and entities
        # are the same (as after most saves of a post's text): 0.3 s of a save at 1,000 posts.
        related = self.tracker.remembered(_related, by=_same) if self.tracker is not None else _related
        ranked = related(uris, self.tags_of, limit, weights, self.entity_keys, _Pause(self.pause))
        self.related = {uri: tuple(by_uri[other] for other in others) for uri, others in ranked.items()}
        return self.related.get(src_uri, ())

    # Step 7 — each written page: feed readers find the feeds from the page's <head>.
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        section = self._section_of(page.file.src_uri)
        if section is not None and section is not page:
            section.active = False
        if not self._feeds_on or "</head>" not in output:
            return None
        links = [
            (config.site_name, "feed.xml", "application/atom+xml"),
            (config.site_name, "feed.json", "application/feed+json"),
        ]
        listing = self.listings.get(page.file.src_uri)
        if isinstance(listing, TagListing):
            tag = listing.tag
            links.append((f"{config.site_name} — {tag.info.name}", tag.feed_url, "application/atom+xml"))
        head = discovery_links((title, relative_url(url, page.url), kind) for title, url, kind in links)
        return output.replace("</head>", head + "</head>", 1)

    # Step 8 — after every page is written: the feeds of the blog and of each tag, from the
    # content kept at conversion (no post is converted again), and the redirect pages at posts'
    # earlier addresses (planned and checked in step 2). Then the new site replaces the
    # last one (once `almanac/data` is done too). Runs after other plugins' last step (priority
    # -100), which may still write into the site folder.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.tracker is not None and self.tracker.leaves_for_later:
            # The preview: the feeds are written after the reload, like the pages it left.
            paths = self._feed_paths()
            for path in paths:
                self.tracker.wrote(path)
            LATER.add_files("blog feeds", paths, lambda: self._write_feeds(config, LATER.check))
        elif not BESIDE.done("blog feeds"):
            self._write_feeds(config)
        log.debug("blog: parts of the theme's page reused %d times", self.shared.reused)
        self._write_redirects(config)
        BESIDE.stop()  # `almanac/data`'s feeds too were asked for (its `on_post_build` runs first)
        if self.tracker is not None and self.files is not None and self.run is not None:
            self.tracker.finish(self.files, warned=self.run.warned)
        self._unfreeze()
        if self.run is not None and self.config.enabled:
            self.run.finish("blog")

    # A failed build: the last good site stays as it was.
    def on_build_error(self, *, error: Exception) -> None:
        self._stop_workers()
        BESIDE.stop()
        self._unfreeze()
        if self.tracker is not None:
            self.tracker.forget()
        if self.run is not None:
            self.run.abandon()

    def _feed_paths(self) -> list[str]:
        """The files `_write_feeds` writes."""
        if self.blog is None or not self._feeds_on:
            return []
        return [
            "feed.xml",
            "feed.json",
            *(path for tag in self.tag_pages.values() for path in (tag.feed_url, tag.json_feed_url)),
        ]

    def _write_feeds(self, config: MkDocsConfig, check: Callable[[], None] | None = None) -> None:
        """The blog's feeds and each tag's; `check`, if given, is called before each tag's."""
        if self.blog is None or not self._feeds_on:
            return
        site = Path(config.site_dir)
        language = str(config.theme.get("language") or "en")
        fallback = max((post.date for post in self.blog.posts), default=None)

        absolute = self.tracker.remembered(absolutize) if self.tracker is not None else absolutize

        def entry(post: Post, html: str) -> FeedEntry:
            made = entry_for(
                post,
                html=html,
                page_url=self._page_url(post),
                site_url=self.site_url,
                authors=self.authors,
                absolute=absolute,
            )
            return replace(made, categories=self.tags_of.get(post.src_uri, ()))

        full: dict[str, FeedEntry] = {}
        # A post's outline (its entry without content), once a build: a post is in the site's feed
        # and in each of its tags'.
        outlined: dict[str, FeedEntry] = {}

        def entries(posts: Sequence[Post]) -> tuple[FeedEntry, ...]:
            # The newest `feed_limit` posts are chosen first, as `select_entries` orders them (by
            # date and URL, never by content), and only theirs is made absolute: once a post,
            # for the site's feed and each of its tags'. Absolutizing every post for every feed
            # was most of the time of the feeds.
            outlines: dict[str, Post] = {}
            chosen = []
            for post in posts:
                if post.draft or post.src_uri not in self.contents:
                    continue
                outline = outlined.get(post.src_uri)
                if outline is None:
                    outline = outlined[post.src_uri] = entry(post, "")
                outlines[outline.url] = post
                chosen.append(outline)
            kept = []
            for outline in select_entries(chosen, max(0, self.config.feed_limit)):
                post = outlines[outline.url]
                if post.src_uri not in full:
                    full[post.src_uri] = entry(post, self.contents[post.src_uri])
                kept.append(full[post.src_uri])
            return tuple(kept)

        def write(path: str, text: str) -> None:
            if self.tracker is not None:
                self.tracker.wrote(path)
            write_output(site / path, text, partial=self.tracker is not None)

        home = absolute_url(self.blog.index[0].url, self.site_url)
        site_feed = Feed(
            title=config.site_name,
            subtitle=config.site_description or "",
            home_url=home,
            feed_url=absolute_url("feed.xml", self.site_url),
            json_feed_url=absolute_url("feed.json", self.site_url),
            language=language,
            entries=entries(self.blog.posts),
            updated_fallback=fallback or EPOCH,
        )
        texts = feed_texts(self.tracker)
        for path, text in zip(("feed.xml", "feed.json"), texts(site_feed), strict=True):
            write(path, text)
        for tag in self.tag_pages.values():
            if check is not None:
                check()
            tag_feed = replace(
                site_feed,
                title=f"{config.site_name} — {tag.info.name}",
                subtitle=tag.info.description_en,
                home_url=absolute_url(tag.url, self.site_url),
                feed_url=absolute_url(tag.feed_url, self.site_url),
                json_feed_url=absolute_url(tag.json_feed_url, self.site_url),
                entries=entries(tag.posts),
            )
            for path, text in zip((tag.feed_url, tag.json_feed_url), texts(tag_feed), strict=True):
                write(path, text)
        log.debug("feeds: site and %d tags", len(self.tag_pages))

    def _write_redirects(self, config: MkDocsConfig) -> None:
        """A page at each earlier address of a post that leads to the post: a refresh and a plain
        link relative to it (as MkDocs writes links, with or without directory URLs), the post's
        canonical address (absolute with a `site_url`), `noindex`."""
        if self.blog is None or self.env is None or not self.redirects:
            return
        template = self.env.get_template("almanac/redirect.html")
        language = str(config.theme.get("language") or "en")
        site = Path(config.site_dir)
        for redirect in self.redirects:
            post = self.posts[redirect.src_uri]
            new_url = self._page_url(post)
            old_url = (
                redirect.url if self.directory_urls or not redirect.url.endswith("/") else redirect.url + "index.html"
            )
            link = relative_url(new_url, old_url)
            text = template.render(
                title=redirect.title,
                url=link,
                canonical=absolute_url(new_url, self.site_url) if self.site_url else link,
                language=language,
            )
            path = output_path(redirect.url)
            if self.tracker is not None:
                self.tracker.wrote(path)
            write_output(site / path, text, partial=self.tracker is not None)
        log.debug("blog: %d redirects", len(self.redirects))

    def _page_url(self, post: Post) -> str:
        assert self.blog is not None
        url = self.blog.urls[post.src_uri]
        return url if self.directory_urls else url + "index.html"

    def _listing_view(
        self, views: ViewFactory, page_url: str, listing: Listing
    ) -> ListingView | TagIndexView | TagPageView:
        assert self.blog is not None
        archive_url = self.blog.archive.url if self.config.archive else ""
        match listing:
            case IndexListing(title, page):
                return views.listing(title, page_url, page.posts, page=page, archive_url=archive_url)
            case ArchiveListing(title, archive):
                return views.listing(title, page_url, (), archive_url="", years=archive.years)
            case YearListing(title, year, archive):
                years = archive.years
                return views.listing(title, page_url, year.posts, archive_url=archive_url, years=years, compact=True)
            case CategoryListing(title, _, page):
                return views.listing(title, page_url, page.posts, page=page, archive_url=archive_url)
            case AuthorListing(title, group, page):
                author = self.authors.get(group.name) or Author(group.name, group.name)
                return views.listing(title, page_url, page.posts, page=page, author=author)
            case TagIndexListing(_, tags):
                return views.tag_index(tags, page_url, total_posts=len(self.blog.posts))
            case TagListing(_, tag, page):
                entities = self.tag_entities.get(tag.info.name, ())
                return views.tag_page(
                    tag, page, page_url, index_url=self._tags_url, feed=self._feeds_on, entities=entities
                )

    @property
    def _feeds_on(self) -> bool:
        return bool(self.config.feeds and self.site_url)


def _related(
    posts: tuple[str, ...],
    tags_of: Mapping[str, Sequence[str]],
    limit: int,
    weights: RelatedWeights,
    entities_of: Mapping[str, Sequence[str]] | None,
    pause: _Pause,
) -> dict[str, tuple[str, ...]]:
    return related_sources(posts, tags_of, limit=limit, weights=weights, entities_of=entities_of, pause=pause.call)


@dataclass(frozen=True)
class _Pause:
    """What ranking related posts calls now and then (the preview's `LaterPages.check`), as an
    argument of a remembered function: equal to any other, since it does not change the ranking."""

    call: Callable[[], None] | None = field(compare=False, hash=False)


def _same(*arguments: object) -> str:
    """The key of a function that has one result a build (`Tracker.remembered`)."""
    return ""


def _cache_path(path: str) -> str:
    return os.path.normpath(path)
