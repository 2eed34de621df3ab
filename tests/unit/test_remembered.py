"""What a partial rebuild of the preview takes over from the last good build (`Tracker.remembered`,
`mkdocs/incremental.py`): a result made from equal arguments, never one made from others; and the
views of the blog (`ViewFactory` with `remember`), which are then the last build's own objects for
the posts that did not change, and made again for one that did."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from almanac.core.blog.excerpts import Excerpt
from almanac.core.blog.posts import Post
from almanac.core.blog.views import ViewFactory
from almanac.mkdocs.incremental import Tracker


def tracker(project: Path) -> Tracker:
    """A tracker of a build of `project`, as a partial rebuild of its preview makes one."""
    config_file = project / "mkdocs.yml"
    if not config_file.exists():
        config_file.write_text("site_name: Remembered\n", encoding="utf-8")
        (project / "docs").mkdir()
    config = load_config(str(config_file), site_dir=str(project / "site"))
    made = Tracker(config, data_dir=None)
    made.track(Files([]), None)
    return made


def finished(made: Tracker) -> None:
    """The build of `made` ends well: the next one may take over its results."""
    made.finish(Files([]), warned=False)


def test_a_result_is_taken_over_from_equal_arguments_under_the_same_key(tmp_path: Path) -> None:
    calls: list[tuple[tuple[str, ...], str]] = []

    def place(source: tuple[str, ...], page: str) -> list[object]:
        calls.append((source, page))
        return [source, page]  # a new object at each call

    def by_page(source: tuple[str, ...], page: str) -> str:
        return page

    first = tracker(tmp_path)
    made = first.remembered(place, by=by_page)(("Title",), "blog/")
    finished(first)

    second = tracker(tmp_path)
    again = second.remembered(place, by=by_page)
    assert again(("Title",), "blog/") is made  # equal arguments, same key: the last build's
    assert again(("Title",), "tags/") == [("Title",), "tags/"]  # another key: made
    changed = again(("Retitled",), "blog/")  # same key, other arguments: made again
    assert changed == [("Retitled",), "blog/"]
    assert calls == [(("Title",), "blog/"), (("Title",), "tags/"), (("Retitled",), "blog/")]
    finished(second)

    # What a build made is what the next one takes over, the newest result of a key included.
    third = tracker(tmp_path)
    assert third.remembered(place, by=by_page)(("Retitled",), "blog/") is changed
    assert len(calls) == 3


def test_a_result_is_recalled_without_being_made(tmp_path: Path) -> None:
    calls: list[str] = []

    def rank(posts: str) -> list[str]:
        calls.append(posts)
        return [posts]

    def once(posts: str) -> str:
        return ""

    first = tracker(tmp_path)
    assert first.recalled(rank, once, "a b") is None  # nothing to recall: not made either
    made = first.remembered(rank, by=once)("a b")
    finished(first)
    second = tracker(tmp_path)
    assert second.recalled(rank, once, "a b") is made
    assert second.recalled(rank, once, "a b c") is None
    assert calls == ["a b"]
    finished(second)
    assert tracker(tmp_path).recalled(rank, once, "a b") is made  # recalled is kept for the next build


def test_a_failed_build_leaves_nothing_to_take_over(tmp_path: Path) -> None:
    made: list[int] = []

    def count(n: int) -> int:
        made.append(n)
        return n

    first = tracker(tmp_path)
    first.remembered(count, by=str)(1)
    finished(first)
    failed = tracker(tmp_path)
    assert failed.remembered(count, by=str)(1) == 1
    failed.remembered(count, by=str)(2)
    failed.forget()  # never finished: its results are not kept
    last = tracker(tmp_path)
    last.remembered(count, by=str)(2)
    assert made == [1, 2, 2]


def _post(n: int, title: str) -> Post:
    return Post(
        src_uri=f"blog/posts/p{n}.md",
        display_path=f"docs/blog/posts/p{n}.md",
        title=title,
        date=dt.datetime(2026, 3, n, tzinfo=dt.UTC),
        slug=f"p{n}",
        body="text",
        tags=("pricing",),
    )


def _views(posts: list[Post], made: Tracker | None) -> ViewFactory:
    return ViewFactory(
        urls={post.src_uri: f"blog/p{n}/" for n, post in enumerate(posts, 1)},
        authors={},
        excerpts={
            post.src_uri: Excerpt(f'<p>{post.title} <a href="{post.slug}/">more</a></p>', True) for post in posts
        },
        reading_times={},
        tag_urls={"pricing": "tags/pricing/"},
        remember=made.remembered if made is not None else None,
    )


def test_views_of_unchanged_posts_are_the_last_builds_and_the_same_as_a_clean_builds(tmp_path: Path) -> None:
    posts = [_post(1, "One"), _post(2, "Two")]
    first = tracker(tmp_path)
    views = _views(posts, first)
    cards = [views.card(post, "tags/pricing/", exclude_tag="pricing") for post in posts]
    page = views.post(posts[0], older=None, newer=posts[1], blog_url="blog/")
    finished(first)

    # The next build reads the posts again (new objects); the second is retitled.
    again = [dataclasses.replace(posts[0]), _post(2, "Two, retitled")]
    second = tracker(tmp_path)
    views = _views(again, second)
    now = [views.card(post, "tags/pricing/", exclude_tag="pricing") for post in again]
    assert now[0] is cards[0]
    assert now[1] is not cards[1] and now[1].title == "Two, retitled"
    # The first post's page links the second by its title: made again too.
    assert views.post(again[0], older=None, newer=again[1], blog_url="blog/") != page
    # Each view is the one a build without the preview's memory makes.
    clean = _views(again, None)
    assert now == [clean.card(post, "tags/pricing/", exclude_tag="pricing") for post in again]
    assert now[0].tags == () and now[0].url == "../../blog/p1/"
    assert views.post(again[1], older=again[0], newer=None, blog_url="blog/") == clean.post(
        again[1], older=again[0], newer=None, blog_url="blog/"
    )
