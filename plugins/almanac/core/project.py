# The join of the two pipelines: the author's sources of the blog, read and checked together
# (authors, posts, and the tags of every post resolved against the vocabulary the data gives),
# and the build's date and instant, for both plugins and for `almanac check`. The only module
# of the core that may import both `blog/` and `data/`; neither imports it.
#
# The blog plugin calls `read_blog` in `on_config` (before anything is written); `almanac
# check` runs that same build. A post with a problem is left out and the others are read on,
# so one run lists the problems of every post; the tags of a post left out are checked too.

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from almanac.core.blog.posts import (
    Author,
    AuthorProblems,
    ParsedPosts,
    Post,
    PostProblems,
    load_authors,
    post_sources,
    read_posts,
)
from almanac.core.blog.tags import resolve_tags, unused_tags, vocabulary_of_posts, with_categories_as_tags
from almanac.core.errors import AlmanacError, AlmanacErrors, ErrorCollector

if TYPE_CHECKING:
    from almanac.core.vocabulary import TagInfo, TagVocabulary

__all__ = [
    "BUILD_DATE_VARIABLE",
    "BlogSources",
    "BuildTime",
    "build_time",
    "display_prefix",
    "read_blog",
    "unused_tag_warnings",
]


#: The environment variable that pins the build date (`YYYY-MM-DD`), when `mkdocs.yml` does not.
BUILD_DATE_VARIABLE = "ALMANAC_BUILD_DATE"


@dataclass(frozen=True)
class BuildTime:
    """When the site is built for."""

    today: dt.date
    """The build date: which prices are current, which were checked too long ago."""
    at: dt.datetime
    """Noon UTC of `today`: the instant prices and states are taken at (the same all day)."""
    now: dt.datetime
    """The build instant: the clock, or the end of a pinned day (UTC)."""
    pinned: str | None = None
    """Where the date is pinned (`build_date`, `ALMANAC_BUILD_DATE`); `None`: the clock gives it."""

    def posts_until(self, timezone: dt.tzinfo) -> dt.datetime:
        """The instant the blog publishes posts up to (a post dated later is scheduled): the
        clock, or the end of the pinned day where the blog is (`timezone`), so that a post dated
        the build's date is published and one dated the next day waits, in every time zone."""
        if self.pinned is None:
            return self.now
        return dt.datetime.combine(self.today, dt.time.max, tzinfo=timezone)


def build_time(option: str | None, *, clock: dt.datetime | None = None) -> BuildTime:
    """The build's time: the date `option` (`build_date` of `almanac/data`), else the
    environment's `ALMANAC_BUILD_DATE`, else the clock (UTC). Raises `ValueError` naming where
    the text that is not a date came from."""
    for where, text in (("build_date", option), (BUILD_DATE_VARIABLE, os.environ.get(BUILD_DATE_VARIABLE))):
        if text:
            try:
                today = dt.date.fromisoformat(str(text).strip())
            except ValueError:
                raise ValueError(f"{where} is {text!r}, not a date — write it as YYYY-MM-DD") from None
            return BuildTime(
                today=today,
                at=dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC),
                now=dt.datetime.combine(today, dt.time.max, tzinfo=dt.UTC),
                pinned=where,
            )
    now = clock or dt.datetime.now(dt.UTC)
    today = now.astimezone(dt.UTC).date()
    return BuildTime(today=today, at=dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC), now=now)


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
    #: Each post's tags as names of the vocabulary (src_uri → names), drafts and posts with
    #: problems included.
    tags_of: dict[str, tuple[str, ...]]
    #: The problems of every file, in file and line order; a post with one is not in `posts`.
    problems: tuple[AlmanacError, ...] = ()
    #: Posts (src_uri) left out for their problems.
    broken: frozenset[str] = frozenset()


def read_blog(
    docs_dir: Path,
    *,
    docs_prefix: str,
    posts_dir: str,
    authors_file: str,
    timezone: dt.tzinfo,
    tags: Callable[[], TagVocabulary | None] | None,
    now: dt.datetime | None = None,
    categories_as_tags: bool = False,
    parsed: ParsedPosts | None = None,
) -> BlogSources:
    """Read and check the authors file, every post and every post's tags. `tags()`, asked
    once the posts are read, gives the tags of `data/tags.yaml` (the data plugin makes them
    with `almanac.core.data.datasets.loader.tags_vocabulary`); without them (`None`), the tags
    the posts use are the vocabulary, and none is unknown. Never
    raises for the author's mistakes: a post with a problem is left out (`broken`), the others
    are read on, and `problems` lists those of all files at once.

    `now` is the build's instant: a post dated after it is scheduled (`Post.scheduled`) and
    treated as a draft: left out of a build, shown marked in the preview. A naive `now` is in
    `timezone`; `None` (the default) schedules nothing.

    With `categories_as_tags`, each post's categories are tags too, after its own
    (`with_categories_as_tags`): resolved and checked as tags, at their lines.

    With `parsed` (the preview's, kept from one read to the next), a post whose file is as the
    last read found it is not parsed again.
    """
    errors = ErrorCollector()
    authors: dict[str, Author] = {}
    named: dict[str, Author] | None = None  # None: the file cannot be read, no author is checked
    try:
        authors = named = load_authors(docs_dir / authors_file, docs_prefix + authors_file)
    except AuthorProblems as problems:
        errors.extend(problems.errors)
        authors = named = problems.authors
    except AlmanacErrors as problems:
        errors.extend(problems.errors)
    except AlmanacError as problem:
        errors.add(problem)
    if parsed is not None:
        parsed.next_read(named)
    posts: list[Post] = []
    broken: set[str] = set()
    left_out: list[Post] = []  # what could be read of each post with problems
    for source in post_sources(docs_dir, posts_dir):
        try:
            posts.extend(
                read_posts([source], docs_prefix=docs_prefix, timezone=timezone, authors=named, now=now, parsed=parsed)
            )
        except AlmanacErrors as problems:
            errors.extend(problems.errors)
            broken.add(source[0])
            left_out.extend(problems.read if isinstance(problems, PostProblems) else ())
        except AlmanacError as problem:
            errors.add(problem)
            broken.add(source[0])
    if categories_as_tags:
        posts = [with_categories_as_tags(post) for post in posts]
        left_out = [with_categories_as_tags(post) for post in left_out]
    given = tags() if tags is not None else None
    vocabulary = given or vocabulary_of_posts(posts)
    tags_of: dict[str, tuple[str, ...]] = {}
    # A post with problems is not built, but its tags are checked as well (against the tags it
    # and the others use when the data gives none), so that one run lists every problem, and
    # those it names count as used.
    against = given or vocabulary_of_posts([*posts, *left_out])
    for post in left_out:
        with errors.catch():
            resolve_tags(against, [post])
        resolved = (against.resolve(written) for written in post.tags)
        tags_of[post.src_uri] = tuple(dict.fromkeys(name for name in resolved if name is not None))
    for post in posts:
        try:
            tags_of.update(resolve_tags(vocabulary, [post]))
        except AlmanacErrors as problems:
            # Reported; the post is still built (and checked), with the tags that are known.
            errors.extend(problems.errors)
            known = (vocabulary.resolve(written) for written in post.tags)
            tags_of[post.src_uri] = tuple(dict.fromkeys(name for name in known if name is not None))
    return BlogSources(
        authors=authors,
        posts=posts,
        vocabulary=vocabulary,
        tags_of=tags_of,
        problems=tuple(AlmanacErrors(errors.errors).errors),
        broken=frozenset(broken),
    )


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
