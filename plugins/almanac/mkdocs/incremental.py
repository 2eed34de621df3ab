# The incremental preview: `mkdocs serve --dirty` converts and renders again only the pages
# whose output may have changed, and still writes the site a clean build writes, byte for byte.
#
# MkDocs' own `--dirty` asks each file `is_modified()` (its source newer than its output) twice
# in a build: before converting its page, and before rendering it into its template; a page it
# skips keeps the file an earlier build wrote. Alone, that leaves listings, neighbours and
# related posts stale, drops the content of skipped pages (which listings, feeds and links
# read), and leaves the pages of deleted posts behind. Here each documentation page answers
# from what it depends on instead (`TrackedFile`), remembered from the last good build of this
# process (`_MEMORY`):
#
# - **converted again** when its source changed (its bytes, or the text a plugin generated), or
#   when anything every page depends on changed: `mkdocs.yml`, the theme's `custom_dir`, the
#   files of `data/` (prices, tags, entity names), or the last build had MkDocs warnings (a link
#   to a page added since would now resolve) — then every page is (`Tracker.full`);
# - a page not converted gets back what its last conversion gave (front matter, content, table
#   of contents, title, anchors), so that every listing, feed, search entry and check sees every
#   page as a clean build does;
# - **rendered again** when it was converted, or when what its template is given changed: its
#   content, front matter and title, the navigation, and what `almanac/blog` hands the template
#   (a post's neighbours, related posts, tags and entities; a listing's excerpts). Pages other
#   plugins generate (`almanac/data`'s) have no such record: they are always converted and rendered;
# - a file the last build wrote that this one no longer makes (a deleted post, a tag no post
#   carries any more) is removed.
#
# A file removed or moved since the last build, a failed build or a new `mkdocs.yml` start from
# a full rebuild; what a failed build recorded is never kept.

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.toc import TableOfContents

__all__ = ["TrackedFile", "Tracker"]

log = get_plugin_logger(__name__)


@dataclass
class _PageState:
    """What one page's last conversion left, and what its last rendering depended on."""

    source: str
    markdown: str | None
    meta: dict[str, Any]
    content: str | None
    toc: TableOfContents
    title_from_render: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    rendered: str = ""


@dataclass
class _Memory:
    """The last good build of one `mkdocs.yml` in this process."""

    context: str
    pages: dict[str, _PageState] = field(default_factory=dict)
    #: Each file's URL, by source path.
    urls: dict[str, str] = field(default_factory=dict)
    #: What the build wrote under the site folder, as relative paths.
    outputs: set[str] = field(default_factory=set)


#: By the absolute path of `mkdocs.yml` and the site folder.
_MEMORY: dict[tuple[str, str], _Memory] = {}

#: MkDocs' warning at the start of every `--dirty` build, which a strict build would stop on.
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _PartialRebuildNote(logging.Filter):
    """MkDocs warns that a dirty build "will likely lead to inaccurate navigation and other
    links": not so here. Its warning is told as a note instead, which no strict build stops on."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith(_DIRTY_WARNING):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "Partial rebuild: pages whose output may change are made again", ()
        return True


_NOTE = _PartialRebuildNote()
_BUILD_LOGGER = logging.getLogger("mkdocs.commands.build")


class TrackedFile(File):
    """A documentation page whose `is_modified()` (MkDocs' `--dirty`) is answered by its
    `Tracker`: whether it must be converted, then whether it must be rendered."""

    tracker: Tracker

    def is_modified(self) -> bool:
        return self.tracker.is_modified(self.src_uri)


def _digest(*parts: str | bytes) -> str:
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def _tree(folder: Path) -> str:
    """Every file under `folder` with its size and modification time (not its bytes: cheap)."""
    if not folder.is_dir():
        return ""
    entries = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            entries.append(f"{os.path.relpath(path, folder)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(entries)


def _toc_text(items: Iterable[Any]) -> str:
    return "".join(f"({item.level},{item.id},{item.title},{_toc_text(item.children)})" for item in items)


def _nav_text(nav: Navigation) -> str:
    return "\n".join(f"{page.title}\0{page.url}" for page in nav.pages)


class Tracker:
    """One build's decisions (see the top of this module)."""

    def __init__(self, config: MkDocsConfig, *, data_dir: Path | None) -> None:
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        self.key = (str(config_file), str(Path(config.site_dir).resolve()))
        self.site_dir = Path(config.site_dir)
        custom = config.theme.custom_dir
        self.context = _digest(
            config_file.read_bytes() if config_file.is_file() else b"",
            _tree(Path(custom)) if custom else "",
            _tree(data_dir) if data_dir is not None else "",
        )
        # Material's search indexes each page as it is rendered, in that order: unless
        # `almanac/search` keeps pages out of it, every page is rendered (converting is still spared).
        plugins = config.plugins
        self.render_all = any(name in plugins for name in ("search", "material/search")) and (
            "almanac/search" not in plugins
        )
        last = _MEMORY.get(self.key)
        self.memory = last if last is not None and last.context == self.context != "" else None
        self.started = time.time()
        self.sources: dict[str, str] = {}
        #: Pages converted in this build; then (after `on_env`) pages rendered in it.
        self.converting: set[str] = set()
        self.rendering: set[str] | None = None
        self.states: dict[str, _PageState] = {}
        self.extra_outputs: set[str] = set()
        _BUILD_LOGGER.addFilter(_NOTE)

    @property
    def full(self) -> bool:
        """Whether every page is converted and rendered (no usable last build)."""
        return self.memory is None

    # --- `on_files` ----------------------------------------------------------------------------

    def track(self, files: Files) -> None:
        """Make each documentation page a `TrackedFile` (not those other plugins generate from
        nothing they name: always made anew) and decide which are converted."""
        urls = {file.src_uri: file.url for file in files}
        if self.memory is not None and any(urls.get(uri) != url for uri, url in self.memory.urls.items()):
            self.memory = None  # a file removed or moved: links to it may now be broken
        self.urls = urls
        for file in files:
            if not file.is_documentation_page() or type(file) not in (File, TrackedFile):
                continue
            if file.generated_by is not None and file.generated_by != "almanac/blog":
                continue
            source = self._source(file)
            if source is None:
                continue
            self.sources[file.src_uri] = source
            file.__class__ = TrackedFile
            file.tracker = self  # type: ignore[attr-defined]
            state = self.memory.pages.get(file.src_uri) if self.memory is not None else None
            if state is None or state.source != source:
                self.converting.add(file.src_uri)

    def _source(self, file: File) -> str | None:
        if file.abs_src_path is not None and file.generated_by is None:
            try:
                return _digest(Path(file.abs_src_path).read_bytes())
            except OSError:
                return None
        try:
            return _digest(file.content_bytes)
        except (OSError, TypeError, ValueError):
            return None

    def is_modified(self, src_uri: str) -> bool:
        if self.rendering is not None:
            return src_uri in self.rendering
        return self.full or src_uri in self.converting

    # --- `on_env`, first: every page holds what it converted to -------------------------------

    def restore(self, files: Files) -> None:
        """Give each tracked page not converted in this build what its last conversion gave,
        and keep what this build's conversions gave."""
        for file in files:
            if not isinstance(file, TrackedFile) or file.page is None:
                continue
            page = file.page
            src_uri = file.src_uri
            if src_uri in self.converting or self.full:
                self.states[src_uri] = _PageState(
                    source=self.sources[src_uri],
                    markdown=page.markdown,
                    meta=dict(page.meta),
                    content=page.content,
                    toc=page.toc,
                    title_from_render=page._title_from_render,
                    anchors=page.present_anchor_ids,
                    links_to_anchors=(
                        {target.src_uri: dict(links) for target, links in page.links_to_anchors.items()}
                        if page.links_to_anchors is not None
                        else None
                    ),
                )
                continue
            assert self.memory is not None
            state = self.memory.pages[src_uri]
            page.markdown = state.markdown
            page.meta = dict(state.meta)
            page.content = state.content
            page.toc = state.toc
            page._title_from_render = state.title_from_render
            page.present_anchor_ids = state.anchors
            if state.links_to_anchors is not None:
                page.links_to_anchors = {
                    target: dict(links)
                    for uri, links in state.links_to_anchors.items()
                    if (target := files.get_file_from_path(uri)) is not None
                }
            self.states[src_uri] = _PageState(**{**state.__dict__})

    # --- `on_env`, last: which pages are rendered ------------------------------------------------

    def decide_rendering(self, files: Files, nav: Navigation | None, view_of: Callable[[str], object]) -> None:
        """Which tracked pages are rendered: those converted, and those whose template is given
        something else than last time (`view_of`: what `almanac/blog` hands the template)."""
        navigation = _nav_text(nav) if nav is not None else ""
        rendering: set[str] = set()
        for src_uri, state in self.states.items():
            file = files.get_file_from_path(src_uri)
            page = file.page if file is not None else None
            if page is None:
                continue
            parts = (
                navigation,
                state.content or "",
                repr(sorted(page.meta.items(), key=lambda item: str(item[0]))),
                str(page.title),
                _toc_text(page.toc),
                repr(view_of(src_uri)),
            )
            state.rendered = _digest(*parts)
            last = self.memory.pages.get(src_uri) if self.memory is not None else None
            if (
                self.full
                or self.render_all
                or src_uri in self.converting
                or last is None
                or last.rendered != state.rendered
            ):
                rendering.add(src_uri)
        self.rendering = rendering
        if self.memory is not None:
            converted, pages = len(self.converting), len(self.states)
            log.info("preview: %d of %d pages converted, %d rendered", converted, pages, len(rendering))

    # --- `on_post_build`, last: the site as a clean build leaves it -------------------------------

    def wrote(self, path: str) -> None:
        """A file this build wrote outside MkDocs' own (a feed): removed once no build writes it."""
        self.extra_outputs.add(path)

    def finish(self, files: Files, *, warned: bool) -> None:
        """Remove what the last build wrote and this one no longer makes; remember this build
        (unless MkDocs warned: a link to a missing page may resolve once the page is added)."""
        _BUILD_LOGGER.removeFilter(_NOTE)
        outputs = {file.dest_uri for file in files} | self.extra_outputs
        last = _MEMORY.get(self.key)
        if last is not None:
            for path in sorted(last.outputs - outputs):
                target = self.site_dir / path
                if target.is_file():
                    target.unlink()
                    _remove_empty_parents(target.parent, self.site_dir)
        # After warnings, only what was written is remembered: the next build is a full one.
        _MEMORY[self.key] = _Memory("" if warned else self.context, self.states, dict(self.urls), outputs)

    def forget(self) -> None:
        """A failed build: the next one converts and renders every page (what the last good
        one wrote is still removed once no build makes it)."""
        _BUILD_LOGGER.removeFilter(_NOTE)
        last = _MEMORY.get(self.key)
        if last is not None:
            last.context = ""


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
