# The blog's side of the links between posts and the data's entities: the entities that end a
# post ("In this post"), the entities a tag's posts discuss most, and the entities each post
# names, which related posts weigh beside its tags.
#
# Runs once every page is converted and the links plugin's `Backlinks` is complete (the blog
# plugin asks for it when the first page is rendered into its template, after `on_env`). Plain
# values in, plain values out: what a page links or mentions (`PageLinks`), entities and their
# counts; no MkDocs, nothing of the data pipeline.

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from almanac.core.links.model import Entity, EntityKey, EntityKind, PageLinks

__all__ = ["LISTED_KINDS", "TOP_ENTITIES", "entity_names", "most_discussed", "post_entities", "top_entities"]

LISTED_KINDS: Final[frozenset[EntityKind]] = frozenset({"model", "vendor", "provider"})
"""The kinds a post's list of entities, a tag's most discussed and related posts count. A
`[[tag:…]]` link is left out of them: the post's tags are its chips, and related posts weigh
shared tags already."""

TOP_ENTITIES: Final = 8
"""How many entities a tag page names."""


def post_entities(links: PageLinks | None, known: Mapping[EntityKey, Entity]) -> tuple[Entity, ...]:
    """The entities a post links or mentions, in the order they first appear in it (each once),
    among those of `known`; tags left out (see `LISTED_KINDS`)."""
    if links is None:
        return ()
    found: dict[EntityKey, Entity] = {}
    for mention in links.mentions:
        entity = known.get(mention.entity)
        if entity is not None and entity.kind in LISTED_KINDS:
            found.setdefault(entity.key, entity)
    return tuple(found.values())


def entity_names(links_of: Mapping[str, PageLinks]) -> dict[str, tuple[str, ...]]:
    """Each post's entities as keys for `related_sources(…, entities_of=…)`: `model:glm-5`,
    in the order they first appear, each once; tags left out (see `LISTED_KINDS`)."""
    names: dict[str, tuple[str, ...]] = {}
    for src_uri, links in links_of.items():
        keys = dict.fromkeys(
            f"{kind}:{entity_id}" for kind, entity_id in (m.entity for m in links.mentions) if kind in LISTED_KINDS
        )
        names[src_uri] = tuple(keys)
    return names


def top_entities(counts: Iterable[tuple[Entity, int]], *, limit: int = TOP_ENTITIES) -> tuple[tuple[Entity, int], ...]:
    """The `limit` entities named by most posts, most first, then by name (the same on every
    build), with their number of posts; tags and entities no post names left out."""
    kept = [(entity, count) for entity, count in counts if count > 0 and entity.kind in LISTED_KINDS]
    kept.sort(key=lambda item: (-item[1], item[0].name.casefold(), item[0].kind, item[0].id))
    return tuple(kept[: max(0, limit)])


def most_discussed(
    posts: Iterable[str], entities_of: Mapping[str, Sequence[Entity]], *, limit: int = TOP_ENTITIES
) -> tuple[tuple[Entity, int], ...]:
    """`top_entities` of the posts `posts` (source paths, each counted once), from the entities
    `entities_of` lists for each (`post_entities`' lists, made once for every tag)."""
    counted = Counter(chain.from_iterable(entities_of.get(src_uri, ()) for src_uri in dict.fromkeys(posts)))
    return top_entities(counted.items(), limit=limit)
