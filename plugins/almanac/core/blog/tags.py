# Tags: the vocabulary of `data/tags.yaml`, the tags of each post resolved against it, one
# listing per tag, and related posts.
#
# Computed once per build, after posts and data are loaded (the blog plugin's `on_config`),
# so that an unknown tag stops the build before anything is written. Every later step (tag
# pages, chips, feeds, related posts) reads the plain data made here.
#
# Spelling rule: a tag written in a post matches a name or alias of `data/tags.yaml` when both
# are equal after Unicode NFKC normalisation (full-width letters become ASCII), trimming,
# collapsing runs of white space, and ignoring case: `  Large   Model`, `ＬＬＭ` and `llm` all
# match the alias `LLM`.
#
# Slug rule (the tag page is `/tags/<slug>/`): the tag's own `slug:` if it sets one; otherwise
# its name, NFKC-normalised and lowercased, with accents removed from Latin letters, each run of
# characters that are not letters or digits turned into one hyphen: `large model` →
# `large-model`, `API gateway` → `api-gateway`, `GLM-4.5` → `glm-4-5`, `大模型` → `大模型`.
# A slug never changes unless the name does, so tag URLs are stable. A slug may not be empty
# (a name without a letter or digit, such as `+++`: its page would take the tag index's place,
# `/tags/`), nor end like a file (`.html`, `.xml`, `.json`: `/tags/index.html/` would clash with
# the tag index's own file), and no two tags share one (`check_slug`); `data/tags.yaml` is checked
# for this when it is loaded, tags written in posts without that file when they are resolved.
# The tag index is one page, so `page` is a slug like any other.

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from almanac.core.blog.listings import ListingPage, paginate
from almanac.core.errors import AlmanacError, ErrorCollector
from almanac.core.slugs import slugify

if TYPE_CHECKING:
    from almanac.core.blog.posts import Post
    from almanac.core.data.datasets.models import Tag

__all__ = [
    "RelatedWeights",
    "TagInfo",
    "TagPage",
    "TagVocabulary",
    "build_tag_pages",
    "check_slug",
    "posts_by_tag",
    "related_posts",
    "slugify",
    "tag_key",
    "unused_tags",
]

_SPACES = re.compile(r"\s+")


def tag_key(text: str) -> str:
    """The form in which two spellings of a tag are compared (see the module comment)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


_FILE_LIKE = (".html", ".htm", ".xml", ".json")


def check_slug(name: str, slug: str) -> tuple[str, str] | None:
    """What is wrong with `slug` as the URL part of the tag `name`, and how to fix it; None if
    nothing is (see the slug rule in the module comment)."""
    if not slug:
        return (
            f"the tag {name!r} has no letter or digit to name its page /tags/<slug>/ "
            "(it would take the place of the tag index /tags/)",
            "give the tag a name with a letter or digit, or a `slug:` of lower-case letters, digits and hyphens",
        )
    if slug.endswith(_FILE_LIKE):
        return (
            f"the slug {slug!r} of the tag {name!r} ends like a file name, which a tag page cannot have",
            f"use a slug without the ending, e.g. {slug.rsplit('.', 1)[0]!r}",
        )
    return None


@dataclass(frozen=True)
class TagInfo:
    """A tag of the vocabulary, as pages show it."""

    name: str
    slug: str
    description_en: str
    description_zh: str
    #: Line of the tag in `data/tags.yaml` (for warnings about unused tags).
    line: int | None = None


class TagVocabulary:
    """The tags of `data/tags.yaml`, looked up by any spelling of their name or aliases."""

    def __init__(self, tags: Iterable[TagInfo], spellings: Mapping[str, str]) -> None:
        self.tags: dict[str, TagInfo] = {tag.name: tag for tag in tags}
        self._by_key = dict(spellings)

    @classmethod
    def from_posts(cls, posts: Sequence[Post]) -> TagVocabulary:
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
        return cls(infos.values(), spellings)

    @classmethod
    def from_data(cls, tags: Sequence[Tag], lines: Sequence[int | None] = ()) -> TagVocabulary:
        """The vocabulary of the validated `data/tags.yaml` (its rules are checked on load)."""
        infos = []
        spellings: dict[str, str] = {}
        for index, tag in enumerate(tags):
            description = tag.description
            infos.append(
                TagInfo(
                    name=tag.name,
                    slug=tag.slug or slugify(tag.name),
                    description_en=(description.en or "") if description else "",
                    description_zh=(description.zh or "") if description else "",
                    line=lines[index] if index < len(lines) else None,
                )
            )
            for spelling in (tag.name, *tag.aliases):
                spellings.setdefault(tag_key(spelling), tag.name)
        return cls(infos, spellings)

    def resolve(self, written: str) -> str | None:
        """The tag's name for a spelling written in a post, or None when no tag has it."""
        return self._by_key.get(tag_key(written))

    def suggest(self, written: str) -> str | None:
        """The closest known tag name to an unknown spelling."""
        key = tag_key(written)
        close = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=0.6)
        return self._by_key[close[0]] if close else None

    def resolve_posts(self, posts: Sequence[Post]) -> dict[str, tuple[str, ...]]:
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
                name = self.resolve(written)
                line = post.item_lines.get("tags", ())
                where = line[index] if index < len(line) else post.lines.get("tags")
                info = self.tags.get(name) if name is not None else None
                if info is not None and name not in names:
                    problem = check_slug(info.name, info.slug)
                    if problem is not None:
                        problem = (problem[0], problem[1] + " (in data/tags.yaml)")
                    elif owners.setdefault(info.slug, info.name) != info.name:
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
                    suggestion = self.suggest(written)
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


def related_posts(
    posts: Sequence[Post],
    tags_of: Mapping[str, Sequence[str]],
    *,
    limit: int = 5,
    weights: RelatedWeights = RelatedWeights(),
    entities_of: Mapping[str, Sequence[str]] | None = None,
    candidates_per_key: int = 200,
) -> dict[str, tuple[Post, ...]]:
    """Up to `limit` related posts for each post, most related first.

    The score of a pair is the sum, over their shared tags, of `weights.tag` × the tag's
    rarity, log(1 + N / posts with the tag), plus `weights.entity` × the rarity of each shared
    entity. Ties go to the newer post, then to the file path: the result is the same on every
    build. Computed with inverted indexes (tag → posts); a very common key contributes only its
    `candidates_per_key` newest posts as candidates, so the work stays linear in the posts.
    `posts` must be newest first.
    """
    order = {post.src_uri: rank for rank, post in enumerate(posts)}
    total = len(posts)
    keys_of: dict[str, list[tuple[str, float]]] = {}
    index: dict[str, list[Post]] = {}
    for post in posts:
        keys: list[tuple[str, float]] = [("tag:" + name, weights.tag) for name in tags_of.get(post.src_uri, ())]
        if entities_of is not None:
            keys += [("entity:" + name, weights.entity) for name in entities_of.get(post.src_uri, ())]
        keys_of[post.src_uri] = keys
        for key, _ in keys:
            index.setdefault(key, []).append(post)
    rarity = {key: math.log(1 + total / len(members)) for key, members in index.items()}

    related: dict[str, tuple[Post, ...]] = {}
    for post in posts:
        scores: dict[str, float] = {}
        for key, weight in keys_of[post.src_uri]:
            gain = weight * rarity[key]
            for other in index[key][:candidates_per_key]:
                if other.src_uri != post.src_uri:
                    scores[other.src_uri] = scores.get(other.src_uri, 0.0) + gain
        ranked = sorted(scores, key=lambda uri: (-round(scores[uri], 9), order[uri], uri))
        related[post.src_uri] = tuple(posts[order[uri]] for uri in ranked[:limit])
    return related


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
