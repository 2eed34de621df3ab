# Related links: a post's `links` (Material's front matter) as the list that ends the post.
#
# The items are read and checked with the front matter (`posts.py`: `PostLink`, each with its
# line). Here, once the site's files are known (the blog plugin's `on_files`), each path is
# checked against them (`missing_files`: a file that is not there is an error at the item's
# line); once every page is converted (`on_env`, before the build stops on problems), each
# `#anchor` against the ids of its page (`missing_anchors`); and before posts are rendered,
# each item becomes what the template shows (`related_links`): its title (the one written, else
# the linked page's) and its URL relative to the post's page, as MkDocs writes links between
# pages (with or without directory URLs: the linked file's own URL), the `#anchor` kept.

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

from almanac.core.blog.posts import Post, PostLink
from almanac.core.errors import AlmanacError, suggestion
from almanac.core.urls import relative_url

__all__ = ["RelatedLink", "missing_anchors", "missing_files", "related_links"]


@dataclass(frozen=True)
class RelatedLink:
    """One item of a post's related links, as its template shows it: title and URL are text,
    escaped by the template; a section has no URL and holds `items`."""

    title: str
    url: str
    items: tuple[RelatedLink, ...] = ()


def _every(links: Iterable[PostLink]) -> Iterator[PostLink]:
    for link in links:
        yield link
        yield from _every(link.items)


def missing_files(post: Post, known: Callable[[str], bool], paths: Iterable[str] = ()) -> list[AlmanacError]:
    """An error at its line for each item of `post`'s links naming a file `known` does not know
    (a path under the docs folder, without its `#anchor`); `paths`, the site's files, to suggest
    the one meant."""
    problems = []
    choices: list[str] | None = None
    for link in _every(post.links):
        if not link.target or link.is_address:
            continue
        path = link.target.partition("#")[0]
        if known(path):
            continue
        if choices is None:
            choices = sorted(paths)
        fix = "write the path of a page from the docs folder, e.g. `blog/index.md`, or an http(s) address"
        hint = suggestion(path, choices, fix)
        problems.append(
            AlmanacError(
                post.display_path,
                link.line,
                f"`links`: no file `{path}` under the docs folder" if path else "`links`: an item names no file",
                hint,
            )
        )
    return problems


def missing_anchors(post: Post, anchors_of: Callable[[str], Collection[str] | None]) -> list[AlmanacError]:
    """An error at its line for each item of `post`'s links whose `#anchor` is no id of the
    page it names; `anchors_of(path)` gives a page's ids, `None` for a file that is not a page
    or a path that names no file (reported by `missing_files`)."""
    problems = []
    for link in _every(post.links):
        path, _, anchor = link.target.partition("#")
        if not anchor or link.is_address:
            continue
        ids = anchors_of(path)
        if ids is None or anchor in ids:
            continue
        fix = "link to a heading's id as the page's table of contents shows it, or to the page alone"
        hint = suggestion(f"#{anchor}", [f"#{i}" for i in ids], fix)
        problems.append(
            AlmanacError(
                post.display_path,
                link.line,
                f"`links`: `{path}` has no heading or anchor `#{anchor}`",
                hint,
            )
        )
    return problems


def related_links(
    post: Post, page_url: str, file_of: Callable[[str], tuple[str, str] | None]
) -> tuple[RelatedLink, ...]:
    """What the template shows of `post`'s links, on the post's page at `page_url` (MkDocs'
    `page.url`); `file_of(path)` is the title and site URL of the file at `path` under the docs
    folder (`None` for none: such an item, reported already, is left out)."""

    def shown(link: PostLink) -> RelatedLink | None:
        if not link.target:
            return RelatedLink(link.title, "", tuple(item for item in map(shown, link.items) if item is not None))
        if link.is_address:
            return RelatedLink(link.title or link.target, link.target)
        path, hash_, anchor = link.target.partition("#")
        found = file_of(path)
        if found is None:
            return None
        title, url = found
        return RelatedLink(link.title or title, relative_url(url, page_url) + hash_ + anchor)

    return tuple(item for item in map(shown, post.links) if item is not None)
