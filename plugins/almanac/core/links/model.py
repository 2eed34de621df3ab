# The plain values of the knowledge layer: what an entity is, what a page says about it.
#
# Both pipelines meet here without importing each other: the data pipeline makes `Entity`s of
# its models, vendors and providers (`core/data/entities.py`), the tag vocabulary those of the
# tags; a page's conversion records one `PageLinks` (which entities it links or mentions, and
# the sentence around the first mention of each); the blog and the data pages read them back
# through `Backlinks` (`backlinks.py`) once every page is converted.

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

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


class Mention:
    """The first link to or mention of one entity in a page, with the sentence around it.

    A page's conversion finds thousands of mentions, and a page or feed quotes few of them (an
    entity's newest): `Mention.around` keeps the page's text and the mention's place in it, and
    works the sentence out (`sentence`) the first time `before` or `after` is read. One object a
    mention, so that the collector has little to walk. Equal mentions compare and hash alike
    however they were made."""

    __slots__ = ("_after", "_before", "_context", "_end", "_sentence", "_start", "entity", "explicit", "text")

    entity: EntityKey
    text: str
    """The words of the mention as written (`DeepSeek`, or the text of `[[id|text]]`)."""
    explicit: bool
    """`True` for an `[[id]]` link, `False` for a name found in running text."""
    _before: str | None
    _after: str | None
    _context: str
    _start: int
    _end: int
    _sentence: Callable[[str, int, int], tuple[str, str]] | None

    def __init__(self, entity: EntityKey, before: str, text: str, after: str, explicit: bool) -> None:
        self._set(entity, text, explicit, before, after, "", 0, 0, None)

    @classmethod
    def around(
        cls,
        entity: EntityKey,
        text: str,
        explicit: bool,
        context: str,
        start: int,
        end: int,
        sentence: Callable[[str, int, int], tuple[str, str]],
    ) -> Mention:
        """A mention at `context[start:end]` whose `before` and `after` are `sentence(context,
        start, end)`, called once, when first read."""
        mention = cls.__new__(cls)
        mention._set(entity, text, explicit, None, None, context, start, end, sentence)
        return mention

    def _set(
        self,
        entity: EntityKey,
        text: str,
        explicit: bool,
        before: str | None,
        after: str | None,
        context: str,
        start: int,
        end: int,
        sentence: Callable[[str, int, int], tuple[str, str]] | None,
    ) -> None:
        for name, value in (
            ("entity", entity),
            ("text", text),
            ("explicit", explicit),
            ("_before", before),
            ("_after", after),
            ("_context", context),
            ("_start", start),
            ("_end", end),
            ("_sentence", sentence),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Mention cannot be changed ({name})")

    def __reduce__(self) -> tuple[Callable[..., Mention], tuple[object, ...]]:
        # Pickled as it is (a page converted in another process: `mkdocs/parallel.py`), its
        # sentence still unread.
        return _mention, (
            self.entity, self.text, self.explicit, self._before, self._after,
            self._context, self._start, self._end, self._sentence,
        )  # fmt: skip

    def _around(self) -> tuple[str, str]:
        if self._before is None or self._after is None:
            assert self._sentence is not None
            before, after = self._sentence(self._context, self._start, self._end)
            object.__setattr__(self, "_before", before)
            object.__setattr__(self, "_after", after)
            object.__setattr__(self, "_context", "")
            object.__setattr__(self, "_sentence", None)
            return before, after
        return self._before, self._after

    @property
    def before(self) -> str:
        """Plain text of the sentence before the mention (trimmed to a few words)."""
        return self._around()[0]

    @property
    def after(self) -> str:
        """Plain text of the sentence after the mention."""
        return self._around()[1]

    def _key(self) -> tuple[EntityKey, str, str, str, bool]:
        before, after = self._around()
        return (self.entity, before, self.text, after, self.explicit)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mention) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        entity, before, text, after, explicit = self._key()
        return f"Mention({entity!r}, {before!r}, {text!r}, {after!r}, explicit={explicit!r})"


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


def _mention(*state: Any) -> Mention:
    """A `Mention` unpickled (see `Mention.__reduce__`)."""
    mention = Mention.__new__(Mention)
    mention._set(*state)
    return mention
