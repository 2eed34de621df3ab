# What one almanac plugin asks of another, as typed interfaces: the plugins meet here, not in
# each other's modules.
#
# `almanac/blog` checks every post's tags against `data/tags.yaml`, which `almanac/data` reads,
# and takes the build's date from `almanac/data`'s `build_date`. It finds the plugin that holds
# them in `config.plugins` by what it can do (`TagSource`), in its `on_config`, after
# `almanac/data`'s own (which runs first, priority 100). Without one, or with it turned off
# (`enabled: false`), the blog goes on without: the tags its posts use are its vocabulary.

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from mkdocs.plugins import PluginCollection

    from almanac.core.vocabulary import TagVocabulary

__all__ = ["TagSource", "TagSourceOptions", "tag_source"]


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
