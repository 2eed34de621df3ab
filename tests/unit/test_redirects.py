"""Redirects from posts' earlier addresses (`core/blog/redirects.py`, `aliases` in `posts.py`):
each published post's address under each earlier format that differs from its address now, and
its aliases; an earlier address that is a page now, claimed by two posts, or the post's own, is
an error at the post's line."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from almanac.core.blog.listings import build_blog
from almanac.core.blog.posts import Post, PostProblems, parse_post
from almanac.core.blog.redirects import EarlierFormat, Redirect, output_path, plan_redirects

UTC = ZoneInfo("UTC")
NOW = "blog/{year}/{slug}/"


def post(name: str, extra: str = "", title: str = "T") -> Post:
    text = f"---\ntitle: {title}\ndate: {name[:10]}\n{extra}---\nText\n"
    return parse_post(text, src_uri=f"blog/posts/{name}", display_path=f"docs/blog/posts/{name}", timezone=UTC)


def plan(posts: list[Post], earlier: list[EarlierFormat], taken: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    urls = build_blog(posts, blog_url="blog/", url_pattern=NOW, per_page=10).urls
    return plan_redirects(posts, urls, earlier, taken=taken or {})


def test_each_post_moved_by_a_format_gets_one_redirect_per_earlier_address() -> None:
    posts = [post("2024-01-31-a.md", title="Alpha"), post("2024-01-31-b.md", "slug: b\n", title="Beta")]
    earlier = [
        EarlierFormat("blog/{year}/{month}/{day}/{slug}/"),
        EarlierFormat("{date}/{slug}/", date_format="yy.M.d"),
        EarlierFormat("blog/{year}/{slug}/", slug="title"),  # only the post without `slug:` moved
    ]
    redirects, problems = plan(posts, earlier)
    assert problems == []
    assert redirects == (
        Redirect("24.1.31/a/", "blog/posts/2024-01-31-a.md", "Alpha"),
        Redirect("24.1.31/b/", "blog/posts/2024-01-31-b.md", "Beta"),
        Redirect("blog/2024/01/31/a/", "blog/posts/2024-01-31-a.md", "Alpha"),
        Redirect("blog/2024/01/31/b/", "blog/posts/2024-01-31-b.md", "Beta"),
        Redirect("blog/2024/alpha/", "blog/posts/2024-01-31-a.md", "Alpha"),
    )


def test_aliases_are_site_paths_and_a_draft_gets_none() -> None:
    moved = post("2024-01-31-a.md", "aliases: [/old/a, old.html, 'x/./y/']\n")
    assert moved.aliases == (("old/a/", 4), ("old.html", 4), ("x/y/", 4))
    redirects, problems = plan([moved, post("2024-01-31-d.md", "draft: true\naliases: [d/]\n")], [])
    assert problems == []
    assert [(r.url, output_path(r.url)) for r in redirects] == [
        ("old.html", "old.html"),
        ("old/a/", "old/a/index.html"),
        ("x/y/", "x/y/index.html"),
    ]


@pytest.mark.parametrize(
    ("alias", "wrong"),
    [
        ("javascript:alert(1)", "is not a path in this site"),
        ("https://example.org/old/", "is not a path in this site"),
        ("old/?page=2", "holds `?` or `#`"),
        ("../outside/", "is not a path of a page under the site's root"),
        ("/", "is not a path of a page under the site's root"),
        ("a b/", "holds a space"),
    ],
)
def test_a_bad_alias_is_reported_at_its_line(alias: str, wrong: str) -> None:
    with pytest.raises(PostProblems) as caught:
        post("2024-01-31-a.md", f"aliases:\n  - ok/\n  - '{alias}'\n")
    (error,) = caught.value.errors
    assert str(error).startswith(f"docs/blog/posts/2024-01-31-a.md:6: `aliases`: {alias!r} {wrong}"), str(error)


def test_an_earlier_address_that_is_a_page_now_or_claimed_twice_or_the_posts_own_is_an_error() -> None:
    a = post("2024-01-31-a.md", "aliases: [about/]\n")
    b = post("2024-01-31-b.md", "slug: a-new\naliases: [blog/2024/a/, shared/]\n")
    c = post("2024-01-31-c.md", "aliases: [shared/]\n")
    redirects, problems = plan([a, b, c], [], taken={"about/index.html": "`about.md`"})
    assert [str(problem) for problem in problems] == [
        "docs/blog/posts/2024-01-31-a.md:4: the post's earlier address /about/ (in its `aliases`) is now the address "
        "of `about.md` — a redirect there would replace that page: remove the alias",
        "docs/blog/posts/2024-01-31-b.md:5: the post's earlier address /blog/2024/a/ (in its `aliases`) is now the "
        "address of docs/blog/posts/2024-01-31-a.md — a redirect there would replace that page: remove the alias",
        "docs/blog/posts/2024-01-31-c.md:4: the post's earlier address /shared/ (in its `aliases`) is also "
        "docs/blog/posts/2024-01-31-b.md's — one address leads to one post: remove the alias",
    ]
    assert [r.url for r in redirects] == ["shared/"]
    # Under an earlier format: `blog/{slug}/` gave both `a` and `b` (slug `a`) the address /blog/a/.
    _, two = plan([post("2024-01-31-a.md"), post("2025-01-01-a.md")], [EarlierFormat("blog/{slug}/")])
    assert [str(p) for p in two] == [
        "docs/blog/posts/2025-01-01-a.md:3: the post's earlier address /blog/a/ (under the earlier format "
        "'blog/{slug}/' (post_url_redirects)) is also docs/blog/posts/2024-01-31-a.md's — one address leads to one "
        "post: remove that format from post_url_redirects, and give the posts it moved `aliases:` instead"
    ]
    _, own = plan([post("2024-01-31-a.md", "aliases: [blog/2024/a/]\n")], [])
    assert [str(p) for p in own] == [
        "docs/blog/posts/2024-01-31-a.md:4: `aliases`: /blog/2024/a/ is this post's own address — remove it; "
        "an alias is an address the post had before"
    ]
