# Which pages link or mention each entity: the backlinks, read once every page is converted.
#
# `almanac/links` adds each page's `PageLinks` right after its conversion (`on_page_content`);
# from `on_env` on, `almanac/data` draws an entity's "Mentioned in" from `mentioned_in`,
# `almanac/blog` a post's "In this post" from `of_page` and a tag page's most discussed entities
# from `counts`. Plain values only: a page added twice (a rebuild) keeps its last links.
#
# Order of "Mentioned in": posts newest first, then pages without a date by title (ties by
# source path, so the order never depends on the order pages were converted).

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from almanac.core.links.entities import EntityIndex
from almanac.core.links.model import Entity, EntityKey, Mention, PageLinks, PageRef

__all__ = ["Backlinks"]


class Backlinks:
    """The links and mentions of every page, by page and by entity."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index
        self._pages: dict[str, PageLinks] = {}
        #: The pages that link or mention each entity: `mentioned_in` reads only those.
        self._mentioning: dict[EntityKey, set[str]] = {}
        self._children: dict[str, list[EntityKey]] = {}
        for entity in index.entities:
            if entity.kind == "model" and entity.parent is not None:
                self._children.setdefault(entity.parent, []).append(entity.key)

    def add(self, links: PageLinks) -> None:
        """Keeps what one page links and mentions (instead of what it did before, if it was added)."""
        src_uri = links.page.src_uri
        old = self._pages.get(src_uri)
        if old is not None:
            for mention in old.mentions:
                self._mentioning.get(mention.entity, set()).discard(src_uri)
        self._pages[src_uri] = links
        for mention in links.mentions:
            self._mentioning.setdefault(mention.entity, set()).add(src_uri)

    def __len__(self) -> int:
        return len(self._pages)

    def pages(self) -> list[PageLinks]:
        """Every page added, by source path."""
        return [self._pages[src_uri] for src_uri in sorted(self._pages)]

    def of_page(self, src_uri: str) -> PageLinks | None:
        """What the page at `src_uri` links and mentions, if it was added."""
        return self._pages.get(src_uri)

    def mentioned_in(self, key: EntityKey, *, with_children: bool = False) -> list[tuple[PageRef, Mention]]:
        """Each page that links or mentions the entity `key`, with its first mention there; for
        a vendor `with_children`, also the pages of its models (the first mention of the vendor
        or any of them in each page). Posts newest first, then other pages by title."""
        keys = {key}
        if with_children and key[0] == "vendor":
            keys.update(self._children.get(key[1], ()))
        found: list[tuple[PageRef, Mention]] = []
        src_uris = set().union(*(self._mentioning.get(each, set()) for each in keys))
        for links in (self._pages[src_uri] for src_uri in src_uris):
            for mention in links.mentions:  # in page order: the first that counts
                if mention.entity in keys:
                    found.append((links.page, mention))
                    break
        return _newest_first(found)

    def counts(self, src_uris: Iterable[str]) -> list[tuple[Entity, int]]:
        """The entities the pages `src_uris` link or mention, each with how many of them do:
        most-mentioned first, then by name."""
        counted: Counter[EntityKey] = Counter()
        for src_uri in set(src_uris):
            links = self._pages.get(src_uri)
            if links is not None:
                counted.update({mention.entity for mention in links.mentions})
        found = [(entity, count) for key, count in counted.items() if (entity := self.index.get(key)) is not None]
        return sorted(found, key=lambda item: (-item[1], item[0].name, item[0].kind, item[0].id))


def _newest_first(found: list[tuple[PageRef, Mention]]) -> list[tuple[PageRef, Mention]]:
    by_title = sorted(found, key=lambda item: (item[0].title, item[0].src_uri))
    posts = [item for item in by_title if item[0].date is not None]
    pages = [item for item in by_title if item[0].date is None]
    posts.sort(key=lambda item: item[0].date, reverse=True)  # type: ignore[arg-type, return-value]
    return posts + pages
