# The `almanac/links` plugin: posts and pages linked to the data both ways. `[[id]]` and
# `[[kind:id|text]]` link to the page of a model, vendor, provider or tag; the first mention of
# a name of the data in a page's running text links there too; and every page's links and
# mentions are gathered, with the sentence around each, into one `Backlinks` that
# `almanac/data` (an entity's "Mentioned in") and `almanac/blog` ("In this post", the entities
# of a tag) read from `on_env` on (`LinkSource` in `mkdocs/interfaces.py`).
#
# The work is done in `core/links/` while MkDocs converts each page, by one Markdown extension
# (`EntityLinks`) made per build from one index of entities: no page is converted twice, no
# page reads the data. The events here only wire it in, check with lines of its file the
# `[[…]]` of a page whose conversion left a `[[` as written, and keep what each page mentions.

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import InclusionLevel

from almanac.core.errors import AlmanacError
from almanac.core.links.backlinks import Backlinks
from almanac.core.links.entities import EntityIndex
from almanac.core.links.markdown import EntityLinks
from almanac.core.links.mentions import Matcher
from almanac.core.links.model import Entity, PageLinks, PageRef
from almanac.core.links.wikilinks import check_wikilinks
from almanac.core.project import display_prefix
from almanac.mkdocs.checks import BuildRun
from almanac.mkdocs.interfaces import LinkSource, PostSource, entity_source, post_source, tag_source
from almanac.mkdocs.links.config import LinksConfig

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from almanac.core.links.model import EntityKind

log = get_plugin_logger(__name__)


@dataclass(frozen=True)
class _Kept:
    """What a page's conversion gave, kept for a partial rebuild of the preview."""

    fingerprint: int
    """The entities and kinds it was converted against (see `_fingerprint`)."""
    links: PageLinks


#: The links of pages converted by earlier builds in this process, by source path. A partial
#: rebuild of the preview (`mkdocs serve --dirty`) converts only changed pages; the others'
#: links come from here while neither their file nor the entities changed.
_KEPT: dict[str, _Kept] = {}


class LinksPlugin(BasePlugin[LinksConfig], LinkSource):  # read by almanac/blog and almanac/data
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.dirty = False
        self.run: BuildRun | None = None
        self.docs_prefix = "docs/"
        self.index: EntityIndex | None = None
        self.extension: EntityLinks | None = None
        self.fingerprint = 0
        #: `almanac/blog`, which dates the pages that are posts (found once per build).
        self.posts: PostSource | None = None
        #: The links of every page converted so far in this build.
        self.collected: Backlinks | None = None
        #: The same, once every page is converted (`on_env`): what `backlinks()` gives.
        self.complete: Backlinks | None = None
        self.converted: set[str] = set()
        #: The Markdown of the page being converted, as `on_page_markdown` had it.
        self.markdown: str | None = None

    def backlinks(self) -> Backlinks | None:
        """Which pages link or mention each entity: complete from `on_env` on; `None` before,
        and in a build without entities (no `almanac/data`, or errors in `data/`)."""
        return self.complete

    # Which command runs, and whether it rebuilds only what changed (then pages not converted
    # again keep the links of their last conversion).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.dirty = dirty

    # Step 1 — before anything is written: one index of every entity — the models, vendors and
    # providers of `data/` (asked of `almanac/data`) and the tags that have a page (asked of
    # `almanac/blog`) — and one Markdown extension over it, added to the build's extensions,
    # as mkdocs-autorefs adds its own. Runs after `almanac/data`'s step (priority 100), which
    # loads the data, and `almanac/blog`'s (0), which knows the tag pages: hence -50. Without
    # entities (no `almanac/data`, or errors in `data/`, which it reports), nothing is linked
    # and `[[…]]` is not checked: it will be once the data is fixed. Each build starts afresh
    # (the preview's rebuilds included): new index, new extension, new backlinks.
    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.index = self.extension = self.collected = self.complete = self.posts = None
        self.converted = set()
        self.markdown = None
        config.markdown_extensions[:] = [
            extension for extension in config.markdown_extensions if not isinstance(extension, EntityLinks)
        ]
        if not self.config.enabled:
            return None
        run = self.run = BuildRun.of(config)
        run.join("links")
        run.stage(dirty=self.dirty)
        project = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.docs_prefix = display_prefix(Path(config.docs_dir), project)
        source = entity_source(config.plugins)
        data = source.entities() if source is not None else None
        if data is None:
            log.debug("links: no entities (no almanac/data, or errors in data/): nothing linked")
            return None
        self.posts = post_source(config.plugins)
        entities = [*data, *self._tags(config)]
        kinds: tuple[EntityKind, ...] = self.config.autolink
        self.index = EntityIndex(entities)
        matcher = Matcher(entities, kinds) if kinds else None
        self.extension = EntityLinks(self.index, matcher, directory_urls=config.use_directory_urls)
        self.fingerprint = _fingerprint(entities, kinds)
        self.collected = Backlinks(self.index)
        # MkDocs types this list as extension names, and hands each item to Python-Markdown,
        # which takes an extension itself as well (mkdocs-autorefs adds its own so).
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        log.debug("links: %d entities, automatic mentions of %s", len(entities), ", ".join(kinds) or "none")
        return None

    def _tags(self, config: MkDocsConfig) -> list[Entity]:
        """The tags that have a page, as entities (`[[tag:<slug>]]`): named by `data/tags.yaml`,
        placed by `almanac/blog`. A tag that no published post carries has no page to link to."""
        tags = tag_source(config.plugins)
        vocabulary = tags.tag_vocabulary() if tags is not None else None
        if vocabulary is None or self.posts is None:
            return []
        entities = []
        for name, url in self.posts.tag_urls().items():
            info = vocabulary.tags.get(name)
            if info is not None:
                entities.append(Entity(kind="tag", id=info.slug, name=info.name, url=url, names=(info.name,)))
        return sorted(entities, key=lambda entity: entity.id)

    # Step 2 — before each page's conversion: tell the extension which page it converts, and
    # whether the page links names itself (`autolink: false` in its front matter turns that
    # off; any other value is an error at its line), and keep the page's Markdown for the check
    # of its `[[…]]` (step 3). Runs before `almanac/data`'s step (50), which sets its blocks
    # aside, and `almanac/blog`'s (0), which moves the `<!-- more -->` marker: the Markdown is
    # still the file's, but for its front matter.
    @event_priority(60)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.extension is None or self.index is None:
            return None
        self.markdown = markdown
        autolink = page.meta.get("autolink", True)
        if not isinstance(autolink, bool):
            file = page.file
            error = AlmanacError(
                self.docs_prefix + file.src_uri,
                _front_matter_line(_source(file), "autolink"),
                f"`autolink` is {autolink!r}, not true or false",
                "write `autolink: false` to link no names of this page by themselves, or delete the line",
            )
            if self.run is not None:
                self.run.add(error)
            autolink = True
        self.extension.start_page(page.url, autolink)
        return None

    # Step 3 — right after each page's conversion: when it left a `[[` as written (an unknown
    # or ambiguous id, an empty `[[]]`, a `[[` left open), check the page's `[[…]]` against the
    # index with lines of its file, recorded so that the build and `almanac check` stop with
    # every problem at once (`checks.py`); the conversion read every `[[` of the page's text, so
    # a page whose every `[[` became a link is not read again (`_may_hold_problems`). Then keep what the page links and
    # mentions, with the page as a listing of it shows it (its title as text; a post's date,
    # from `almanac/blog`).
    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.extension is None or self.collected is None:
            return None
        if self.index is not None and self.markdown is not None and self._may_hold_problems(self.markdown):
            file = page.file
            problems = check_wikilinks(
                self.markdown,
                self.index,
                path=self.docs_prefix + file.src_uri,
                line_offset=_lines_before(_source(file), self.markdown),
            )
            if problems and self.run is not None:
                self.run.add(problems)
        self.markdown = None
        src_uri = page.file.src_uri
        ref = PageRef(
            src_uri=src_uri,
            title=html.unescape(str(page.title or "")),
            url=page.url,
            date=self.posts.post_date(src_uri) if self.posts is not None else None,
        )
        links = PageLinks(ref, self.extension.page_mentions())
        self.converted.add(src_uri)
        if links.mentions:
            self.collected.add(links)
        path = page.file.abs_src_path
        if path is not None and self.is_serve:  # only the preview rebuilds part of the site
            _KEPT[os.path.normpath(path)] = _Kept(self.fingerprint, links)
        return None

    def _may_hold_problems(self, markdown: str) -> bool:
        """Whether the `[[…]]` of the page just converted need the check: its conversion left a
        `[[` as written, or a `[[` may stand where the conversion reads no text — Python-Markdown
        takes link definitions (`[id]: url "title"`) and abbreviations (`*[HTML]: …`) out of the
        page before it reads its text, and the check reads them."""
        assert self.extension is not None
        return self.extension.left_as_written() > 0 or ("]:" in markdown and "[[" in markdown)

    # Step 4 — every page converted: the backlinks are complete, and `almanac/data` and
    # `almanac/blog` read them in their own `on_env` (0) and while they render pages: hence
    # 50, before them. A partial rebuild of the preview adds the links of the pages it did not
    # convert again, as their last conversion gave them. Nothing is written yet: the build
    # stops here with every problem found, as the other almanac plugins' `on_env` would.
    @event_priority(50)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.run is None:
            return None
        self.run.stop_if_problems(files, serve=self.is_serve)
        if self.collected is not None and self.dirty:
            inclusion = InclusionLevel.is_in_serve if self.is_serve else InclusionLevel.is_included
            for file in files.documentation_pages(inclusion=inclusion):
                if file.src_uri in self.converted or file.abs_src_path is None:
                    continue
                # Not converted in this build: its source is the one its last conversion read
                # (see `mkdocs/incremental.py`).
                kept = _KEPT.get(os.path.normpath(file.abs_src_path))
                if kept is None or kept.fingerprint != self.fingerprint:
                    continue
                if kept.links.mentions:
                    self.collected.add(kept.links)
        self.complete = self.collected
        return None

    # The end of a build: the new site replaces the last one once every almanac plugin is done
    # (priority -100, after other plugins' last step); after a failed build, the last good site
    # stays as it was.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.run is not None and self.config.enabled:
            self.run.finish("links")

    def on_build_error(self, *, error: Exception) -> None:
        if self.run is not None:
            self.run.abandon()


def _fingerprint(entities: list[Entity], kinds: tuple[EntityKind, ...]) -> int:
    """Equal for two builds whose pages would be linked alike (same entities, same kinds)."""
    return hash((tuple(entities), kinds))


def _source(file: File) -> str:
    """The text of a page's file, front matter included (`""` for a page made in memory)."""
    return file.content_string if file.abs_src_path or file.generated_by else ""


def _lines_before(source: str, markdown: str) -> int:
    """How many lines of the file come before the Markdown MkDocs hands to plugins (the front
    matter it removed), so that problems name lines of the file."""
    if not source:
        return 0
    at = source.find(markdown[:200]) if markdown else -1
    return source[:at].count("\n") if at > 0 else 0


def _front_matter_line(source: str, key: str) -> int | None:
    """The line of `key:` in the front matter at the top of `source`, if it is there."""
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return None
        if line.startswith(f"{key}:"):
            return number
    return None
