"""Strings from posts, authors, tags and data are text wherever the theme writes them: titles,
descriptions and tags escaped once (`mkdocs/shared.py`), generated front matter written by the
YAML library, and author addresses that are not http(s) left out of the page (`core/blog/views.py`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import jinja2
import pytest
from markupsafe import Markup
from mkdocs.utils.meta import get_data

from almanac.core.blog.posts import Author, Post
from almanac.core.blog.views import ViewFactory
from almanac.mkdocs.shared import as_html, front_matter, text_meta, text_title

PAYLOAD = "</title><script>alert(1)</script> \"><img src=x onerror=alert(2)> '><svg onload=alert(3)>"


def test_titles_descriptions_and_tags_are_escaped_once() -> None:
    meta: dict[str, Any] = {"title": PAYLOAD, "description": 'say "hi"', "tags": ["a<b", 3], "hide": ["toc"]}
    text_meta(meta)
    assert meta["title"] == (
        "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; "
        "\"&gt;&lt;img src=x onerror=alert(2)&gt; '&gt;&lt;svg onload=alert(3)&gt;"
    )
    assert meta["description"] == "say &quot;hi&quot;"
    assert meta["tags"] == ["a&lt;b", 3]
    assert meta["hide"] == ["toc"]
    other: dict[str, Any] = {"title": ["<script>alert(1)</script>"], "description": 2026, "author": None}
    text_meta(other)
    assert other == {
        "title": "['&lt;script&gt;alert(1)&lt;/script&gt;']",
        "description": 2026,
        "author": None,
    }
    again = dict(meta)
    text_meta(again)
    assert again == meta


def test_an_escaped_title_is_the_text_in_the_theme_template() -> None:
    meta: dict[str, Any] = {"title": PAYLOAD}
    text_meta(meta)
    # MkDocs' theme environment does not escape: the value is written as it is, once.
    rendered = jinja2.Environment().from_string("<title>{{ t }}</title><p>{{ t | e }}</p>").render(t=meta["title"])
    assert rendered.count("<script>") == 0 and rendered.count("&amp;lt;") == 0
    assert as_html(Markup("<b>x</b>"), quote=True) == "<b>x</b>"


@pytest.mark.parametrize("title", ['it\'s "x"', "a: b # c", "{{ 7*7 }}", "line\u2028separator", "- [x] *a &b !c %d"])
def test_generated_front_matter_gives_back_the_title_as_written(title: str) -> None:
    _markdown, meta = get_data(front_matter(title))
    assert meta == {"title": title}


@dataclass
class _Page:
    title: str | None
    meta: dict[str, Any] = field(default_factory=dict)
    is_homepage: bool = False


def test_a_title_taken_from_a_heading_is_written_as_it_is() -> None:
    heading = _Page("a &lt;/title&gt;&lt;script&gt;")
    text_title(heading)
    assert heading.meta == {"title": "a &lt;/title&gt;&lt;script&gt;"}
    for page in (_Page("Plain"), _Page("a &amp; b", is_homepage=True), _Page("a &amp; b", meta={"title": "Own"})):
        before = dict(page.meta)
        text_title(page)
        assert page.meta == before


def _views(author: Author) -> ViewFactory:
    return ViewFactory(
        urls={"blog/posts/x.md": "blog/2026/01/01/x/"},
        authors={author.id: author},
        excerpts={},
        reading_times={},
    )


def _post() -> Post:
    date = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return Post("blog/posts/x.md", "docs/blog/posts/x.md", "X", date, "x", "", authors=("eve",))


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,x"]
)
def test_an_author_address_that_is_not_http_never_becomes_a_link(url: str) -> None:
    views = _views(Author("eve", "Eve", avatar=url, url=url))
    (author,) = views.post(_post(), older=None, newer=None, blog_url="blog/").authors
    assert (author.url, author.avatar) == ("", "")


def test_author_addresses_over_http_and_in_the_site_are_kept() -> None:
    views = _views(Author("eve", "Eve", avatar="images/eve.png", url="https://example.org/?q='x'&y=1"))
    (author,) = views.post(_post(), older=None, newer=None, blog_url="blog/").authors
    assert author.url == "https://example.org/?q='x'&y=1"
    assert author.avatar == "../../../../../images/eve.png"
