# What one almanac plugin asks of another, as typed interfaces: the plugins meet here, not in
# each other's modules.
#
# `almanac/blog` checks every post's tags against `data/tags.yaml`, which `almanac/data` reads,
# and takes the build's date from `almanac/data`'s `build_date`. It finds the plugin that holds
# them in `config.plugins` by what it can do (`TagSource`), in its `on_config`, after
# `almanac/data`'s own (which runs first, priority 100). Without one, or with it turned off
# (`enabled: false`), the blog goes on without: the tags its posts use are its vocabulary.
#
# The knowledge layer adds two more seams. `almanac/links` asks `almanac/data` for the entities
# of the data (`EntitySource`) in its `on_config`, after the data is loaded, to link `[[id]]`s and
# mentions while pages are converted. `almanac/blog` and `almanac/data` ask `almanac/links` for
# the pages that link or mention each entity (`LinkSource`), complete from `on_env` on (every
# page is converted by then). Without `almanac/links`, they show nothing of the kind.
# `almanac/links` asks `almanac/blog` (`PostSource`) which pages are posts, and of what date,
# and which tags have a page to link to.

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from mkdocs.plugins import PluginCollection

    from almanac.core.links.backlinks import Backlinks
    from almanac.core.links.model import Entity, EntityKey
    from almanac.core.vocabulary import TagVocabulary

__all__ = [
    "EntitySource",
    "EntitySummarySource",
    "LinkSource",
    "PageInputSource",
    "PluginOptions",
    "PostSource",
    "TagSource",
    "TagSourceOptions",
    "entity_source",
    "entity_summary_source",
    "link_source",
    "page_input_sources",
    "post_source",
    "tag_source",
]


class TagSourceOptions(Protocol):
    """The options of a `TagSource` that `almanac/blog` reads."""

    @property
    def enabled(self) -> bool:
        """Whether the plugin is on: when it is off, it gives no tags."""
        ...

    @property
    def build_date(self) -> str | None:
        """The date the site is built for (`YYYY-MM-DD`), if set: posts dated later are scheduled."""
        ...


@runtime_checkable
class TagSource(Protocol):
    """A plugin that holds the site's tags (`almanac/data`)."""

    @property
    def config(self) -> TagSourceOptions: ...

    def tag_vocabulary(self) -> TagVocabulary | None:
        """The tags of `data/tags.yaml` (`None`: it lists none, or has errors, which the plugin
        records as problems of the build)."""
        ...


def tag_source(plugins: PluginCollection) -> TagSource | None:
    """The first plugin of the site that holds its tags and is on, if any."""
    for plugin in plugins.values():
        if isinstance(plugin, TagSource) and plugin.config.enabled:
            return plugin
    return None


class PluginOptions(Protocol):
    """The option every almanac plugin has."""

    @property
    def enabled(self) -> bool:
        """Whether the plugin is on: when it is off, it gives nothing."""
        ...


@runtime_checkable
class EntitySource(Protocol):
    """A plugin that holds the entities of the data: models, vendors, providers (`almanac/data`)."""

    @property
    def config(self) -> PluginOptions: ...

    def entities(self) -> tuple[Entity, ...] | None:
        """Every model, vendor and provider of `data/`, from its `on_config` on (`None`: the data
        has errors, which the plugin records as problems of the build, or the plugin is off)."""
        ...


def entity_source(plugins: PluginCollection) -> EntitySource | None:
    """The first plugin of the site that holds the data's entities and is on, if any."""
    for plugin in plugins.values():
        if isinstance(plugin, EntitySource) and plugin.config.enabled:
            return plugin
    return None


@runtime_checkable
class LinkSource(Protocol):
    """A plugin that knows which pages link or mention each entity (`almanac/links`)."""

    @property
    def config(self) -> PluginOptions: ...

    def backlinks(self) -> Backlinks | None:
        """The links and mentions of every page of this build, complete from `on_env` on (every
        page is converted by then); `None` before, or when the site has no entities to link."""
        ...


def link_source(plugins: PluginCollection) -> LinkSource | None:
    """The first plugin of the site that knows the links between pages and entities and is on, if any."""
    for plugin in plugins.values():
        if isinstance(plugin, LinkSource) and plugin.config.enabled:
            return plugin
    return None


@runtime_checkable
class EntitySummarySource(Protocol):
    """A plugin that can say in a few words where an entity stands now (`almanac/data`): the
    blog ends each post with the entities it mentions, each with this short text."""

    @property
    def config(self) -> PluginOptions: ...

    def entity_summary(self, key: EntityKey) -> str | None:
        """A model's current price (`$0.28 in · $0.42 out per 1M tokens`), a provider's state
        (`Operational`); `None` for other entities, or when there is nothing to say. Asked while
        pages are rendered (`on_page_context`), from `on_env` on."""
        ...


def entity_summary_source(plugins: PluginCollection) -> EntitySummarySource | None:
    """The first plugin of the site that summarises entities and is on, if any."""
    for plugin in plugins.values():
        if isinstance(plugin, EntitySummarySource) and plugin.config.enabled:
            return plugin
    return None


@runtime_checkable
class PageInputSource(Protocol):
    """A plugin that generates pages from more than their own text (`almanac/data`: an entity
    page lists the posts that mention it, and its tables are drawn into it once written). The
    incremental preview (`mkdocs/incremental.py`) renders such a page again only when this
    changed since the last build."""

    @property
    def config(self) -> PluginOptions: ...

    def page_inputs(self, src_uri: str) -> object:
        """What the page of `src_uri` shows beyond the data and its own content, as a value whose
        `repr` changes when that changes; `None` when there is nothing more. Asked from `on_env` on."""
        ...

    def page_drawing(self, src_uri: str) -> object:
        """What the plugin draws into the page of `src_uri` once it is written, made from the
        page's conversion in this build (a page made from the data: what its tables and charts are
        drawn from, and its timeline), as a value whose `repr` changes when that changes; `None`
        when nothing. Asked from `on_env` on, for the pages converted in the build."""
        ...


def page_input_sources(plugins: PluginCollection) -> list[PageInputSource]:
    """The plugins of the site that are on and generate pages from more than their own text."""
    return [plugin for plugin in plugins.values() if isinstance(plugin, PageInputSource) and plugin.config.enabled]


@runtime_checkable
class PostSource(Protocol):
    """A plugin that knows the site's posts and tag pages (`almanac/blog`)."""

    @property
    def config(self) -> PluginOptions: ...

    def post_date(self, src_uri: str) -> dt.datetime | None:
        """The date of the post whose source is `src_uri` (`blog/posts/x.md`); `None` for a page
        that is not a post. Asked from its `on_config` on."""
        ...

    def tag_urls(self) -> Mapping[str, str]:
        """The page of each tag that has one (a published post carries it), by the tag's name:
        `{"large model": "tags/large-model/"}`. From its `on_config` on."""
        ...

    def search_content(self, src_uri: str, content: str) -> str:
        """What a search index reads of the page `src_uri` converted into `content` (a post's
        links to entities unwrapped to their text). From its `on_env` on."""
        ...


def post_source(plugins: PluginCollection) -> PostSource | None:
    """The first plugin of the site that knows its posts and is on, if any."""
    for plugin in plugins.values():
        if isinstance(plugin, PostSource) and plugin.config.enabled:
            return plugin
    return None
