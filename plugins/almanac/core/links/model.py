# The plain values of the knowledge layer: what an entity is, what a page says about it.
#
# Both pipelines meet here without importing each other: the data pipeline makes `Entity`s of
# its models, vendors and providers (`core/data/entities.py`), the tag vocabulary those of the
# tags; a page's conversion records one `PageLinks` (which entities it links or mentions, and
# the sentence around the first mention of each); the blog and the data pages read them back
# through `Backlinks` (`backlinks.py`) once every page is converted.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = ["KINDS", "Entity", "EntityKey", "EntityKind", "Mention", "PageLinks", "PageRef"]

EntityKind = Literal["model", "vendor", "provider", "tag"]
"""The kinds of entity a page can link to."""

KINDS: tuple[EntityKind, ...] = ("model", "vendor", "provider", "tag")
"""Every kind, in the order an automatic mention prefers them when two share a name (a vendor
and its own API, both called `DeepSeek`: the vendor)."""

EntityKey = tuple[EntityKind, str]
"""An entity's kind and id: `("model", "deepseek-v4-pro")`."""


@dataclass(frozen=True)
class Entity:
    """Something of the data a page can link to."""

    kind: EntityKind
    id: str
    name: str
    """The display name: `DeepSeek-V4-Pro`."""
    url: str
    """Its page, relative to the site root: `models/deepseek-v4-pro/`."""
    names: tuple[str, ...] = ()
    """The names an automatic mention finds: the display name and the aliases (`智谱`, `GLM`)."""
    parent: str | None = None
    """A model's vendor id: a vendor's page lists the mentions of its models too."""

    @property
    def key(self) -> EntityKey:
        return (self.kind, self.id)


@dataclass(frozen=True)
class Mention:
    """The first link to or mention of one entity in a page, with the sentence around it."""

    entity: EntityKey
    before: str
    """Plain text of the sentence before the mention (trimmed to a few words)."""
    text: str
    """The words of the mention as written (`DeepSeek`, or the text of `[[id|text]]`)."""
    after: str
    """Plain text of the sentence after the mention."""
    explicit: bool
    """`True` for an `[[id]]` link, `False` for a name found in running text."""


@dataclass(frozen=True)
class PageRef:
    """A page that links or mentions entities, as a listing of it shows it."""

    src_uri: str
    title: str
    url: str
    """Relative to the site root: `blog/2026/03/30/end-of-cheap-relays/`."""
    date: dt.datetime | None = None
    """A post's date; `None` for a page that is not a post."""


@dataclass(frozen=True)
class PageLinks:
    """What one page links and mentions, in the order they first appear."""

    page: PageRef
    mentions: tuple[Mention, ...]
