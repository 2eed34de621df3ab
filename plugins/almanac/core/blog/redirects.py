# Redirects: the earlier addresses of posts lead to where the posts are now.
#
# An author who changes how posts are addressed (`post_url_format`, `post_slug`,
# `post_url_date_format`) lists the earlier rules in `post_url_redirects`; a post moved by hand
# (a `slug:` given, a file renamed) names its earlier addresses in `aliases:`. Once the site's
# files are known (the blog plugin's `on_files`), `plan_redirects` gives each published post's
# address under each earlier rule that differs from its address now, and its aliases; an
# address that is now a page of the site, or that two posts claim, is an error at the post.
# After every page is written (`on_post_build`, like the feeds), the plugin writes each
# redirect as a small page (`templates/almanac/redirect.html`): a refresh to the post, its
# canonical address, a plain link, `noindex`; no script.

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from almanac.core.blog.listings import DEFAULT_DATE_FORMAT, post_url
from almanac.core.blog.posts import Post
from almanac.core.errors import AlmanacError

__all__ = ["EarlierFormat", "Redirect", "output_path", "plan_redirects"]


@dataclass(frozen=True)
class EarlierFormat:
    """How posts were addressed before (an item of `post_url_redirects`): the options of
    `post_url` as they were."""

    format: str
    date_format: str = DEFAULT_DATE_FORMAT
    slug: str = "file"
    max_categories: int = 1


@dataclass(frozen=True)
class Redirect:
    """A page at `url` (a post's earlier address, a site path such as `blog/old/` or
    `old.html`) that leads to the post whose source is `src_uri`."""

    url: str
    src_uri: str
    title: str


_FORMAT_FIX = "remove that format from post_url_redirects, and give the posts it moved `aliases:` instead"


def output_path(url: str) -> str:
    """The file a page at the site path `url` is written to: `x/` → `x/index.html`."""
    return url + "index.html" if url.endswith("/") or not url else url


def plan_redirects(
    posts: Iterable[Post],
    urls: Mapping[str, str],
    earlier: Iterable[EarlierFormat],
    *,
    taken: Mapping[str, str],
) -> tuple[tuple[Redirect, ...], list[AlmanacError]]:
    """The redirects of the published posts (those in `urls`, drafts left out), in the order of
    their addresses, and the problems: an earlier address that is a post's page now or a page of
    `taken` (output path → what the page is), or that another post claims too; an alias that is
    the post's own address. A post's address under an earlier format that is its address now needs none."""
    formats = tuple(earlier)
    posts = sorted(posts, key=lambda p: p.src_uri)
    # The posts' own pages, named by their files.
    taken = {**taken, **{output_path(urls[p.src_uri]): p.display_path for p in posts if p.src_uri in urls}}
    claimed: dict[str, Post] = {}
    redirects: list[Redirect] = []
    problems: list[AlmanacError] = []
    for post in posts:
        current = urls.get(post.src_uri)
        if current is None or post.draft:
            continue
        line = post.lines.get("slug") or post.lines.get("date") or 1
        found: list[tuple[str, str, int, str]] = []
        for rule in formats:
            old = post_url(
                post, rule.format, date_format=rule.date_format, slug_from=rule.slug, max_categories=rule.max_categories
            )
            found.append((old, f"under the earlier format {rule.format!r} (post_url_redirects)", line, _FORMAT_FIX))
        for alias, alias_line in post.aliases:
            if output_path(alias) == output_path(current):
                problems.append(
                    AlmanacError(
                        post.display_path,
                        alias_line,
                        f"`aliases`: /{alias} is this post's own address",
                        "remove it; an alias is an address the post had before",
                    )
                )
                continue
            found.append((alias, "in its `aliases`", alias_line, "remove the alias"))
        for old, how, at, fix in found:
            target = output_path(old)
            if target == output_path(current):
                continue
            if target in taken:
                problems.append(
                    AlmanacError(
                        post.display_path,
                        at,
                        f"the post's earlier address /{old} ({how}) is now the address of {taken[target]}",
                        f"a redirect there would replace that page: {fix}",
                    )
                )
                continue
            other = claimed.get(target)
            if other is post:
                continue
            if other is not None:
                problems.append(
                    AlmanacError(
                        post.display_path,
                        at,
                        f"the post's earlier address /{old} ({how}) is also {other.display_path}'s",
                        f"one address leads to one post: {fix}",
                    )
                )
                continue
            claimed[target] = post
            redirects.append(Redirect(old, post.src_uri, post.title))
    return tuple(sorted(redirects, key=lambda redirect: redirect.url)), problems
