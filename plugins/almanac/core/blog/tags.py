# Tags: the tags of each post resolved against the vocabulary (`core/vocabulary.py`: the
# spelling and slug rules), one listing per tag, and related posts.
#
# Computed once per build, after posts and data are loaded (the blog plugin's `on_config`),
# so that an unknown tag stops the build before anything is written. Every later step (tag
# pages, chips, feeds, related posts) reads the plain data made here. The vocabulary is the
# one the data pipeline made of `data/tags.yaml`; without that file, the tags the posts use
# (`vocabulary_of_posts`, a `PostsVocabulary`), which are checked for slugs no tag page can have
# when they are resolved, as `data/tags.yaml` is when it is loaded. A problem names the file
# that holds the tag: `data/tags.yaml`, or the post where it is written.

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from typing import TYPE_CHECKING

from almanac.core.blog.listings import ListingPage, paginate
from almanac.core.errors import AlmanacError, ErrorCollector
from almanac.core.slugs import slugify
from almanac.core.vocabulary import TagInfo, TagVocabulary, check_slug, tag_key

if TYPE_CHECKING:
    from almanac.core.blog.posts import Post

__all__ = [
    "PostsVocabulary",
    "RelatedWeights",
    "TagPage",
    "build_tag_pages",
    "posts_by_tag",
    "related_sources",
    "resolve_tags",
    "slugify",
    "unused_tags",
    "vocabulary_of_posts",
    "with_categories_as_tags",
]


class PostsVocabulary(TagVocabulary):
    """The tags the posts use, where no `data/tags.yaml` gives them: each is held by the posts
    that write it, and has no `slug:` of its own."""


def vocabulary_of_posts(posts: Sequence[Post]) -> PostsVocabulary:
    """Without `data/tags.yaml`: every tag written in a post is a tag; spellings that differ
    only as the spelling rule allows are one tag, named as first written."""
    infos: dict[str, TagInfo] = {}
    spellings: dict[str, str] = {}
    for post in posts:
        for written in post.tags:
            key = tag_key(written)
            if key not in spellings:
                name = " ".join(written.split())
                spellings[key] = name
                infos[name] = TagInfo(name=name, slug=slugify(name), description_en="", description_zh="")
    return PostsVocabulary(infos.values(), spellings)


def with_categories_as_tags(post: Post) -> Post:
    """`post` with its categories after its tags (`categories_as_tags: true`), each at the line
    where it is written: from here on a category is a tag like the others (resolved through the
    vocabulary, its aliases included; unknown, it is reported as an unknown tag at its line)."""
    if not post.categories:
        return post

    def lines(key: str, count: int) -> tuple[int, ...]:
        return tuple(post.item_line(key, i) for i in range(count))

    item_lines = dict(post.item_lines)
    item_lines["tags"] = lines("tags", len(post.tags)) + lines("categories", len(post.categories))
    return replace(post, tags=post.tags + post.categories, item_lines=item_lines)


def resolve_tags(vocabulary: TagVocabulary, posts: Sequence[Post]) -> dict[str, tuple[str, ...]]:
    """Each post's tags as names of the vocabulary (src_uri → names, in the order written,
    without repeats). Raises `AlmanacErrors` listing every unknown tag with its line, and
    every tag whose slug is empty or another tag's (see `check_slug`)."""
    errors = ErrorCollector()
    resolved: dict[str, tuple[str, ...]] = {}
    #: slug → the tag that has it, for the tags posts use; tags whose slug was reported.
    owners: dict[str, str] = {}
    reported: set[str] = set()
    for post in posts:
        names: list[str] = []
        for index, written in enumerate(post.tags):
            name = vocabulary.resolve(written)
            line = post.item_lines.get("tags", ())
            where = line[index] if index < len(line) else post.lines.get("tags")
            info = vocabulary.tags.get(name) if name is not None else None
            if info is not None and name not in names:
                problem = _slug_problem(info, vocabulary, post.display_path)
                if problem is None and owners.setdefault(info.slug, info.name) != info.name:
                    problem = (
                        f"the tag {info.name!r} would have the page /tags/{info.slug}/ of the tag "
                        f"{owners[info.slug]!r}",
                        "rename one of them, or list both in data/tags.yaml, each with its own `slug:`",
                    )
                if problem is not None:
                    if info.name not in reported:  # once, where it is first written
                        errors.add(AlmanacError(post.display_path, where, *problem))
                        reported.add(info.name)
                    names.append(info.name)
                    continue
            if name is None:
                suggestion = vocabulary.suggest(written)
                hint = (
                    f'did you mean "{suggestion}"?'
                    if suggestion
                    else "use a tag of data/tags.yaml, or add this one there"
                )
                errors.add(AlmanacError(post.display_path, where, f'unknown tag "{written}"', hint))
            elif name not in names:
                names.append(name)
        resolved[post.src_uri] = tuple(names)
    errors.raise_if_any()
    return resolved


def _slug_problem(info: TagInfo, vocabulary: TagVocabulary, path: str) -> tuple[str, str] | None:
    """What is wrong with the slug of the tag `info` (see `check_slug`), and how to fix it in
    the file that holds the tag: `data/tags.yaml`, or, for a tag of the posts, the post `path`
    where it is written (its slug is its name's: only the name can change there)."""
    problem = check_slug(info.name, info.slug)
    if problem is None:
        return None
    if not isinstance(vocabulary, PostsVocabulary):
        return (problem[0], problem[1] + " (in data/tags.yaml)")
    if not info.slug:
        return (problem[0], f"give the tag a name with a letter or digit in {path}, where it is written")
    return (problem[0], f"rename the tag in {path}, where it is written")


def posts_by_tag(posts: Sequence[Post], tags_of: Mapping[str, Sequence[str]]) -> dict[str, list[Post]]:
    """The inverted index: tag name → its posts, in the order of `posts` (newest first)."""
    index: dict[str, list[Post]] = {}
    for post in posts:
        for name in tags_of.get(post.src_uri, ()):
            index.setdefault(name, []).append(post)
    return index


@dataclass(frozen=True)
class RelatedWeights:
    """How much each kind of link between two posts counts towards relatedness."""

    #: Per shared tag, multiplied by the tag's rarity (a tag on every post says little).
    tag: float = 1.0
    #: Per shared entity (model, vendor, provider), once posts name entities.
    entity: float = 2.0


def related_sources(
    posts: Sequence[str],
    tags_of: Mapping[str, Sequence[str]],
    *,
    limit: int = 5,
    weights: RelatedWeights = RelatedWeights(),
    entities_of: Mapping[str, Sequence[str]] | None = None,
    candidates_per_key: int = 200,
    candidates_per_entity: int = 50,
    of: Collection[str] | None = None,
    pause: Callable[[], None] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Up to `limit` related posts for each of `posts` (their `src_uri`), or of those of them in
    `of` alone (each the same as among all), most related first: all they depend on is in the
    arguments, the posts' order, tags and entities.

    The score of a pair is the sum, over their shared tags, of `weights.tag` × the tag's
    rarity, log(1 + N / posts with the tag), plus `weights.entity` × the rarity of each shared
    entity. Ties go to the newer post, then to the file path: the result is the same on every
    build. Computed with inverted indexes (tag → posts); a very common tag contributes only its
    `candidates_per_key` newest posts as candidates, an entity its `candidates_per_entity`
    newest, so the work stays linear in the posts: a post carries a few tags but may name a
    dozen entities, and with every post of each as a candidate, related posts took nearly
    twice as long. A post outside a key's newest gains nothing from that key, even when
    another key makes it a candidate. `posts` must be newest first. `pause`, if given, is called
    before every 32nd post is ranked (the preview ranks them in a thread beside others: it may
    pause, or raise to stop).
    """
    order = {post: rank for rank, post in enumerate(posts)}
    total = len(posts)
    keys_of: dict[str, list[tuple[str, float]]] = {}
    index: dict[str, list[str]] = {}
    for post in posts:
        keys: list[tuple[str, float]] = [("tag:" + name, weights.tag) for name in tags_of.get(post, ())]
        if entities_of is not None:
            keys += [("entity:" + name, weights.entity) for name in entities_of.get(post, ())]
        keys_of[post] = keys
        for key, _ in keys:
            index.setdefault(key, []).append(post)
    rarity = {key: math.log(1 + total / len(members)) for key, members in index.items()}
    # The candidates of each key, made once: a post of a common key reads the same ones.
    candidates = {
        key: tuple(members[: candidates_per_key if key.startswith("tag:") else candidates_per_entity])
        for key, members in index.items()
    }

    related: dict[str, tuple[str, ...]] = {}
    for count, post in enumerate(posts if of is None else [post for post in posts if post in of]):
        if pause is not None and count % 32 == 0:
            pause()
        scores: dict[str, float] = {}
        rarest: tuple[str, ...] = ()
        top = 0.0
        for key, weight in keys_of[post]:
            found, gain = candidates[key], weight * rarity[key]
            if gain > top:
                rarest, top = found, gain
            # scores[uri] += gain for each candidate of the key, in one pass in C (a key lists a
            # post once): a post naming a dozen entities has hundreds of candidates.
            scores.update(zip(found, map(gain.__add__, map(scores.get, found, repeat(0.0))), strict=True))
        scores.pop(post, None)
        related[post] = tuple(_best(scores, order, limit, some=rarest))
    return related


def _best(scores: Mapping[str, float], order: Mapping[str, int], limit: int, *, some: Sequence[str] = ()) -> list[str]:
    """The `limit` best-scored posts: highest score (to 9 decimals) first, then newer, then by path.

    Only the candidates within a hair of the `limit`-th highest score can be among them (rounding
    moves a score by less than 1e-9), so only those are ranked: a post of a common tag has
    hundreds of candidates, and ranking them all was most of the work. The `limit`-th highest
    score of `some` of the candidates (those of the post's rarest key, say) is at most that of
    all: the candidates below it are set aside in one pass before the `limit`-th is looked for."""
    if limit <= 0 or not scores:
        return []
    candidates = list(scores)
    if len(scores) > limit:
        if len(some) > limit:
            # `some` may hold the post itself, which has no score.
            least = heapq.nlargest(limit, map(scores.get, some, repeat(-math.inf)))[-1] - 1e-6
            candidates = [uri for uri, score in scores.items() if score >= least]
        floor = heapq.nlargest(limit, map(scores.__getitem__, candidates))[-1] - 1e-6
        candidates = [uri for uri in candidates if scores[uri] >= floor]
    candidates.sort(key=lambda uri: (-round(scores[uri], 9), order[uri], uri))
    return candidates[:limit]


@dataclass(frozen=True)
class TagPage:
    """The listing of one tag: its pages of posts (newest first) at stable URLs."""

    info: TagInfo
    posts: tuple[Post, ...]
    pages: tuple[ListingPage, ...]
    #: The tag's own Atom feed, `<tag url>feed.xml` (and JSON Feed, `feed.json`).
    feed_url: str

    @property
    def url(self) -> str:
        return self.pages[0].url

    @property
    def json_feed_url(self) -> str:
        return self.feed_url.removesuffix(".xml") + ".json"

    @property
    def count(self) -> int:
        return len(self.posts)


def build_tag_pages(
    vocabulary: Mapping[str, TagInfo],
    by_tag: Mapping[str, Sequence[Post]],
    *,
    tags_url: str,
    per_page: int,
) -> dict[str, TagPage]:
    """One `TagPage` per tag that has posts, at `<tags_url><slug>/` (page n at `…/page/n/`),
    keyed by tag name, biggest first (ties by name, the same on every build)."""
    pages: dict[str, TagPage] = {}
    for name in sorted(by_tag, key=lambda n: (-len(by_tag[n]), tag_key(n))):
        info = vocabulary.get(name) or TagInfo(name=name, slug=slugify(name), description_en="", description_zh="")
        first = f"{tags_url}{info.slug}/"
        pages[name] = TagPage(
            info=info,
            posts=tuple(by_tag[name]),
            pages=paginate(by_tag[name], first_url=first, per_page=per_page),
            feed_url=f"{first}feed.xml",
        )
    return pages


def unused_tags(vocabulary: Mapping[str, TagInfo], tags_of: Mapping[str, Sequence[str]]) -> list[TagInfo]:
    """Tags of the vocabulary that no post carries (worth a warning: a typo, or a stale tag)."""
    used = {name for names in tags_of.values() for name in names}
    return [info for name, info in vocabulary.items() if name not in used]
