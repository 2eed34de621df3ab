# The author's sources of the blog, read and checked together: authors, posts, and the tags of
# every post resolved against `data/tags.yaml`.
#
# The blog plugin calls `read_blog` in `on_config` (before anything is written) and
# `almanac check` calls it without building; both therefore report exactly the same problems.

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from almanac.core.errors import AlmanacError, AlmanacErrors, ErrorCollector
from almanac.core.posts import Author, Post, load_authors, post_sources, read_posts
from almanac.core.tags import TagInfo, TagVocabulary, unused_tags

if TYPE_CHECKING:
    from almanac.core.datasets import Datasets
    from almanac.core.datasets.models import Tag
    from almanac.core.datasets.reader import Document

__all__ = [
    "DATA_DIR",
    "BlogSources",
    "data_vocabulary",
    "display_prefix",
    "read_blog",
    "tags_vocabulary",
    "unused_tag_warnings",
]


#: The folder of the project that holds the datasets.
DATA_DIR = "data"


def display_prefix(docs_dir: Path, project: Path) -> str:
    """How errors name files of the docs folder: its path relative to the project (`docs/`)."""
    docs = docs_dir.resolve()
    try:
        return docs.relative_to(project.resolve()).as_posix().rstrip("/") + "/"
    except ValueError:
        return docs.as_posix().rstrip("/") + "/"


@dataclass(frozen=True)
class BlogSources:
    """Everything the author wrote for the blog, checked."""

    authors: dict[str, Author]
    posts: list[Post]
    vocabulary: TagVocabulary
    #: Each post's tags as names of the vocabulary (src_uri → names), drafts included.
    tags_of: dict[str, tuple[str, ...]]


def data_vocabulary(datasets: Datasets) -> TagVocabulary | None:
    """The tags of `data/tags.yaml`, with the line of each; `None` when it has none."""
    return tags_vocabulary(datasets.tags, datasets.documents.get("data/tags.yaml"))


def tags_vocabulary(tags: Sequence[Tag], document: Document | None) -> TagVocabulary | None:
    """The vocabulary of the checked `tags` of `data/tags.yaml` (`document`: where each is);
    `None` when there are none."""
    if not tags:
        return None
    lines = [document.position((index,))[0] if document else None for index in range(len(tags))]
    return TagVocabulary.from_data(tags, lines)


def read_blog(
    docs_dir: Path,
    *,
    docs_prefix: str,
    posts_dir: str,
    authors_file: str,
    timezone: dt.tzinfo,
    tags: Callable[[], TagVocabulary | None] | None,
) -> BlogSources:
    """Read and check the authors file, every post and every post's tags. `tags()`, asked
    once the posts are read, gives the tags of `data/tags.yaml` (see `data_vocabulary`); without
    them (`None`), the tags the posts use are the vocabulary, and none is unknown. Raises
    `AlmanacErrors` with the problems of all files at once."""
    errors = ErrorCollector()
    authors: dict[str, Author] = {}
    with errors.catch():
        authors = load_authors(docs_dir / authors_file, docs_prefix + authors_file)
    posts: list[Post] = []
    try:
        posts = read_posts(
            post_sources(docs_dir, posts_dir), docs_prefix=docs_prefix, timezone=timezone, authors=authors
        )
    except AlmanacErrors as problems:
        errors.extend(problems.errors)
    except AlmanacError as problem:
        errors.add(problem)
    vocabulary = (tags() if tags is not None else None) or TagVocabulary.from_posts(posts)
    tags_of: dict[str, tuple[str, ...]] = {}
    try:
        tags_of = vocabulary.resolve_posts(posts)
    except AlmanacErrors as problems:
        errors.extend(problems.errors)
    errors.raise_if_any()
    return BlogSources(authors=authors, posts=posts, vocabulary=vocabulary, tags_of=tags_of)


def unused_tag_warnings(sources: BlogSources, tags_file: str = "data/tags.yaml") -> list[AlmanacError]:
    """A warning for each tag of `data/tags.yaml` that no post carries."""
    found: list[TagInfo] = unused_tags(sources.vocabulary.tags, sources.tags_of)
    return [
        AlmanacError(
            tags_file,
            info.line,
            f'the tag "{info.name}" is not used by any post',
            "tag a post with it, or remove it from data/tags.yaml",
        )
        for info in found
    ]
