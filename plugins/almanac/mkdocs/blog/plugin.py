# The `almanac/blog` plugin: posts with a header and neighbours, the paginated blog index and
# the yearly archive, with every post's Markdown converted exactly once.
#
# MkDocs converts each post as an ordinary page. This plugin checks all front matter before
# anything is written, moves posts to their dated URLs and out of the navigation, keeps each
# post's excerpt from that single conversion, and fills the generated listing pages with
# those excerpts when they are rendered into templates.

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from almanac.core import blog as blog_core
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.excerpts import Excerpt, make_excerpt, prepare_marker
from almanac.core.posts import Author, Post, load_authors, post_sources, read_posts, zone
from almanac.core.views import ViewFactory
from almanac.mkdocs.blog.config import BlogConfig
from almanac.mkdocs.preview import keep_serving_on_error

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
STYLESHEET = "assets/almanac/almanac.css"

#: Excerpts of earlier builds in this process, by source path and modification time, so that a
#: partial rebuild of the preview (`mkdocs serve --dirty`) still fills every listing.
_EXCERPT_CACHE: dict[str, tuple[Excerpt, int]] = {}


def as_plugin_error(error: AlmanacError | AlmanacErrors) -> PluginError:
    """An error of the author's input as MkDocs shows it: the message, no traceback."""
    return PluginError(str(error))


class BlogPlugin(BasePlugin[BlogConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.posts: dict[str, Post] = {}
        self.blog: blog_core.Blog | None = None
        self.authors: dict[str, Author] = {}
        self.excerpts: dict[str, Excerpt] = {}
        self.reading_times: dict[str, int] = {}
        self.listings: dict[str, tuple[str, Any]] = {}
        self.blog_nav_page: Page | None = None
        self.directory_urls = True

    # The preview: a rebuild that fails on a bad post leaves the last good site served.
    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        keep_serving_on_error(server)
        return server

    # Which command runs tells whether drafts are shown (the preview) or left out (a build).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"

    # Step 1 — before anything is written: read and check the front matter of every post and
    # the authors file. Any problem stops the build here with `path:line: what — how to fix`.
    # Also make our templates and stylesheet known to the theme.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        # jieba (used by the search plugin for Chinese) logs to stderr when it loads.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        project = Path(config.config_file_path or ".").resolve().parent
        docs = Path(config.docs_dir).resolve()
        docs_prefix = _display_prefix(docs, project)
        try:
            timezone = zone(self.config.timezone)
        except ValueError as error:
            raise PluginError(f"almanac/blog: timezone: {error}") from None
        sources = post_sources(docs, self.config.posts_dir)
        try:
            self.authors = load_authors(docs / self.config.authors_file, docs_prefix + self.config.authors_file)
            posts = read_posts(sources, docs_prefix=docs_prefix, timezone=timezone, authors=self.authors)
            shown = [post for post in posts if not post.draft or self._show_drafts]
            self.blog = blog_core.build_blog(
                shown,
                blog_url=self.config.blog_dir.strip("/") + "/",
                url_pattern=self.config.post_url_format,
                per_page=max(1, self.config.pagination_per_page),
            )
        except (AlmanacError, AlmanacErrors) as error:
            raise as_plugin_error(error) from None
        self.posts = {post.src_uri: post for post in posts}
        self.reading_times = {post.src_uri: blog_core.reading_time(post.body) for post in posts}
        self.directory_urls = config.use_directory_urls
        config.theme.dirs.append(str(TEMPLATES_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    @property
    def _show_drafts(self) -> bool:
        return self.is_serve and self.config.drafts_on_serve

    # Step 2 — the files: move each post to its dated URL and keep it out of the navigation
    # (a navigation that lists every post is rendered on every page and grows with the blog);
    # drop drafts from a build; add the generated index, archive pages and our stylesheet.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.blog is None:
            return None
        urls = self.blog.urls
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
            self._generate(files, config, page.url, title, ("index", page), in_nav=page.number == 1)
        if self.config.archive:
            archive = self.blog.archive
            self._generate(files, config, archive.url, "Archive", ("archive", archive), in_nav=False)
            for year in archive.years:
                self._generate(files, config, year.url, f"Archive — {year.year}", ("year", year), in_nav=False)
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(ASSETS_DIR / "almanac.css")))
        log.debug("blog: %d posts, %d listing pages under /%s", len(urls), len(self.listings), blog_url)
        return files

    def _generate(self, files: Files, config: MkDocsConfig, url: str, title: str, what: Any, *, in_nav: bool) -> None:
        src_uri = url + "index.md"
        existing = files.get_file_from_path(src_uri)
        if existing is not None and existing.generated_by is None:
            # The author wrote this page (e.g. an introduction at docs/blog/index.md): keep it
            # and show the listing after its content.
            self.listings[src_uri] = (title, what)
            return
        if existing is not None:
            files.remove(existing)
        content = f"---\ntitle: {title!r}\n---\n"
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
        self.listings[src_uri] = (title, what)

    # The blog index is the navigation's "Blog" entry; posts and the other listing pages are
    # not in the navigation, so while they render the "Blog" entry is marked as the current
    # section (set in `on_page_context`, cleared in `on_post_page`).
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.blog_nav_page = None
        if self.blog is not None:
            index_uri = self.blog.index[0].url + "index.md"
            for page in nav.pages:
                if page.file.src_uri == index_uri:
                    self.blog_nav_page = page
        return None

    # Step 3 — before conversion: posts and listings use our templates; the `<!-- more -->`
    # marker is put on a block of its own so that the excerpt can be cut cleanly.
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        src_uri = page.file.src_uri
        post = self.posts.get(src_uri)
        if post is not None:
            page.meta.setdefault("template", "almanac/post.html")
            if post.summary:  # the page's <meta name="description">
                page.meta.setdefault("description", post.summary)
            return prepare_marker(markdown)
        if src_uri in self.listings:
            page.meta.setdefault("template", "almanac/listing.html")
        return None

    # Step 4 — right after MkDocs converted a post (once): keep its excerpt for every listing.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        src_uri = page.file.src_uri
        post = self.posts.get(src_uri)
        if post is None:
            return None
        excerpt = make_excerpt(html, page.url)
        self.excerpts[src_uri] = excerpt
        key = _cache_key(page)
        if key is not None:
            _EXCERPT_CACHE[key[0]] = (excerpt, key[1])
        return None

    # Step 5 — after every page has been converted: fill in excerpts a partial rebuild did not
    # produce, from the cache of earlier builds.
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        for src_uri in self.posts:
            if src_uri in self.excerpts:
                continue
            file = files.get_file_from_path(src_uri)
            if file is None or file.abs_src_path is None:
                continue
            cached = _EXCERPT_CACHE.get(_cache_path(file.abs_src_path))
            if cached is not None and cached[1] == _mtime(file.abs_src_path):
                self.excerpts[src_uri] = cached[0]
        return None

    # Step 6 — rendering into templates: hand the post header/footer or the listing to the
    # template. Listings place excerpts with a string replacement: no conversion here.
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if self.blog is None:
            return None
        src_uri = page.file.src_uri
        views = self._views()
        in_blog = src_uri in self.posts or src_uri in self.listings
        if in_blog and self.blog_nav_page is not None and self.blog_nav_page is not page:
            self.blog_nav_page.active = True
        if src_uri in self.posts and src_uri in self.blog.urls:
            older, newer = self.blog.neighbours.get(src_uri, (None, None))
            context["almanac_post"] = views.post(  # type: ignore[typeddict-unknown-key]
                self.posts[src_uri], older=older, newer=newer, blog_url=self.blog.index[0].url
            )
        elif src_uri in self.listings:
            listing = self._listing_view(views, page.url, *self.listings[src_uri])
            context["almanac_listing"] = listing  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.blog_nav_page is not None and self.blog_nav_page is not page:
            self.blog_nav_page.active = False
        return None

    def _views(self) -> ViewFactory:
        assert self.blog is not None
        return ViewFactory(
            urls=self.blog.urls,
            authors=self.authors,
            excerpts=self.excerpts,
            reading_times=self.reading_times,
            directory_urls=self.directory_urls,
        )

    def _listing_view(self, views: ViewFactory, page_url: str, title: str, what: Any) -> Any:
        assert self.blog is not None
        kind, item = what
        archive = self.blog.archive
        archive_url = archive.url if self.config.archive else ""
        if kind == "index":
            return views.listing(title, page_url, item.posts, page=item, archive_url=archive_url)
        if kind == "archive":
            return views.listing(title, page_url, (), archive_url="", years=archive.years)
        return views.listing(title, page_url, item.posts, archive_url=archive_url, years=archive.years, compact=True)


def _display_prefix(docs: Path, project: Path) -> str:
    try:
        return docs.relative_to(project).as_posix().rstrip("/") + "/"
    except ValueError:
        return docs.as_posix().rstrip("/") + "/"


def _cache_path(path: str) -> str:
    return os.path.normpath(path)


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


def _cache_key(page: Page) -> tuple[str, int] | None:
    path = page.file.abs_src_path
    if path is None:
        return None
    return _cache_path(path), _mtime(path)
