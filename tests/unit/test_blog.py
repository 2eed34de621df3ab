"""The blog's structure: URLs, order, pagination, archive, neighbours, reading time; the
listing pages the blog plugin generates from it, each of its own kind; the entities a post names
and a tag's posts discuss most, as their views show them."""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import replace
from pathlib import Path
from typing import cast

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser as SearchParser
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from almanac.core.blog.entities import entity_names, most_discussed, post_entities, top_entities
from almanac.core.blog.listings import build_blog, paginate, reading_time
from almanac.core.blog.posts import Post
from almanac.core.blog.search import searchable
from almanac.core.blog.tags import build_tag_pages, posts_by_tag, vocabulary_of_posts
from almanac.core.blog.views import EntityView, ListingView, TagIndexView, TagPageView, ViewFactory, entity_rows
from almanac.core.errors import AlmanacErrors
from almanac.core.links.model import Entity, Mention, PageLinks, PageRef
from almanac.core.urls import relative_url
from almanac.mkdocs.blog import plugin as blog_plugin
from almanac.mkdocs.blog.plugin import BlogPlugin

UTC = dt.UTC


def post(n: int, date: dt.date, slug: str | None = None) -> Post:
    return Post(
        src_uri=f"blog/posts/p{n:03d}.md",
        display_path=f"docs/blog/posts/p{n:03d}.md",
        title=f"Post {n}",
        date=dt.datetime(date.year, date.month, date.day, tzinfo=UTC),
        slug=slug or f"p{n}",
        body="text",
    )


def blog_of(posts, per_page=2):
    return build_blog(posts, blog_url="blog/", url_pattern="blog/{year}/{month}/{day}/{slug}/", per_page=per_page)


def test_urls_order_pages_and_archive() -> None:
    posts = [
        post(1, dt.date(2025, 5, 1)),
        post(2, dt.date(2026, 3, 30)),
        post(3, dt.date(2026, 1, 2)),
        post(4, dt.date(2024, 12, 31)),
        post(5, dt.date(2026, 3, 30)),
    ]
    blog = blog_of(posts)
    assert blog.urls["blog/posts/p002.md"] == "blog/2026/03/30/p2/"
    # Newest first; a tie on the date is broken by the file path, the same way every time.
    assert [p.title for p in blog.posts] == ["Post 5", "Post 2", "Post 3", "Post 1", "Post 4"]
    assert [page.url for page in blog.index] == ["blog/", "blog/page/2/", "blog/page/3/"]
    assert [len(page.posts) for page in blog.index] == [2, 2, 1]
    assert blog.index[1].previous_url == "blog/" and blog.index[1].next_url == "blog/page/3/"
    assert [(y.year, len(y.posts), y.url) for y in blog.archive.years] == [
        (2026, 3, "blog/archive/2026/"),
        (2025, 1, "blog/archive/2025/"),
        (2024, 1, "blog/archive/2024/"),
    ]
    older, newer = blog.neighbours["blog/posts/p003.md"]
    assert (older.title, newer.title) == ("Post 1", "Post 2")
    assert blog.neighbours["blog/posts/p005.md"][1] is None
    assert blog.neighbours["blog/posts/p004.md"][0] is None


def test_two_posts_with_one_url_are_an_error() -> None:
    with pytest.raises(AlmanacErrors) as caught:
        blog_of([post(1, dt.date(2026, 3, 30), "same"), post(2, dt.date(2026, 3, 30), "same")])
    assert str(caught.value) == (
        "docs/blog/posts/p002.md:1: this post has the same URL /blog/2026/03/30/same/ as "
        "docs/blog/posts/p001.md — give one of them another `slug:` in its front matter"
    )


def test_an_empty_blog_still_has_an_index() -> None:
    blog = blog_of([])
    assert [page.url for page in blog.index] == ["blog/"] and blog.index[0].posts == ()


@given(st.integers(0, 300), st.integers(1, 25))
def test_pagination_covers_every_post_once_in_order(count: int, per_page: int) -> None:
    posts = [post(n, dt.date(2026, 1, 1)) for n in range(count)]
    pages = paginate(posts, first_url="blog/", per_page=per_page)
    assert [p for page in pages for p in page.posts] == posts
    assert all(0 < len(page.posts) <= per_page for page in pages) or count == 0
    assert len({page.url for page in pages}) == len(pages)


def test_reading_time_counts_words_and_chinese_characters() -> None:
    assert reading_time("word " * 230) == 1
    assert reading_time("word " * 231) == 2
    assert reading_time("模" * 800) == 2
    assert reading_time("模" * 801) == 3
    assert reading_time("") == 1
    # Markup is not read: a long link target adds nothing.
    assert reading_time("[a](" + "x" * 5000 + ")") == 1


def test_a_post_at_the_address_of_an_index_or_archive_page_is_an_error() -> None:
    posts = [
        post(1, dt.date(2026, 3, 1), "archive"),
        post(2, dt.date(2026, 3, 2), "2026"),
        post(3, dt.date(2026, 3, 3)),
    ]
    with pytest.raises(AlmanacErrors) as caught:
        build_blog(posts, blog_url="blog/", url_pattern="blog/{slug}/", per_page=1)
    assert [error.format() for error in caught.value.errors] == [
        "docs/blog/posts/p001.md:1: this post would be published at /blog/archive/, the address of the archive"
        " — give it another `slug:` in its front matter",
    ]
    blog_page = post(4, dt.date(2026, 3, 4), "news")
    with pytest.raises(AlmanacErrors) as caught:
        build_blog([blog_page], blog_url="news/", url_pattern="{slug}/", per_page=1)
    assert str(caught.value) == (
        "docs/blog/posts/p004.md:1: this post would be published at /news/, the address of page 1 of the blog index"
        " — give it another `slug:` in its front matter"
    )
    year = post(5, dt.date(2026, 3, 5), "2026")
    with pytest.raises(AlmanacErrors) as caught:
        build_blog([year], blog_url="blog/", url_pattern="blog/archive/{slug}/", per_page=1)
    assert "at /blog/archive/2026/, the address of the archive of 2026" in str(caught.value)
    # The same slugs under the default pattern are fine.
    assert len(blog_of(posts, per_page=1).urls) == 3


def test_the_plugin_adds_one_typed_listing_per_generated_page(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nplugins:\n  - almanac/blog:\n      pagination_per_page: 2\n      tags_per_page: 1\n",
        encoding="utf-8",
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    posts = [
        replace(post(1, dt.date(2025, 5, 1)), tags=("a",)),
        replace(post(2, dt.date(2026, 3, 30)), tags=("a", "b")),
        post(3, dt.date(2026, 1, 2)),
    ]
    plugin = config.plugins["almanac/blog"]
    assert isinstance(plugin, BlogPlugin)
    plugin.blog = blog_of(posts)
    plugin.tags_of = {p.src_uri: p.tags for p in posts}
    vocabulary = vocabulary_of_posts(posts)
    plugin.tag_pages = build_tag_pages(
        vocabulary.tags, posts_by_tag(plugin.blog.posts, plugin.tags_of), tags_url="tags/", per_page=1
    )
    config.plugins.on_files(Files([]), config=config)

    kinds = {uri: (type(listing).__name__, listing.title) for uri, listing in plugin.listings.items()}
    assert kinds == {
        "blog/index.md": ("IndexListing", "Blog"),
        "blog/page/2/index.md": ("IndexListing", "Blog — page 2"),
        "blog/archive/index.md": ("ArchiveListing", "Archive"),
        "blog/archive/2026/index.md": ("YearListing", "Archive — 2026"),
        "blog/archive/2025/index.md": ("YearListing", "Archive — 2025"),
        "tags/index.md": ("TagIndexListing", "Tags"),
        "tags/a/index.md": ("TagListing", "a"),
        "tags/a/page/2/index.md": ("TagListing", "a — page 2"),
        "tags/b/index.md": ("TagListing", "b"),
    }
    # Each kind is shown by its own view, and belongs under its own entry of the navigation.
    views = ViewFactory(urls=plugin.blog.urls, authors={}, excerpts={}, reading_times={})
    shown = {
        uri: plugin._listing_view(views, uri.removesuffix("index.md"), listing)
        for uri, listing in plugin.listings.items()
    }
    assert [card.title for card in shown["blog/page/2/index.md"].posts] == ["Post 1"]
    year = shown["blog/archive/2025/index.md"]
    assert isinstance(year, ListingView) and year.compact and [c.title for c in year.posts] == ["Post 1"]
    archive = shown["blog/archive/index.md"]
    assert isinstance(archive, ListingView) and archive.posts == () and len(archive.years) == 2
    tag_index = shown["tags/index.md"]
    assert isinstance(tag_index, TagIndexView) and [(t.name, t.count) for t in tag_index.tags] == [("a", 2), ("b", 1)]
    second = shown["tags/a/page/2/index.md"]
    assert isinstance(second, TagPageView) and (second.number, [c.title for c in second.posts]) == (2, ["Post 1"])
    blog_section, tags_section = object(), object()
    plugin.section_pages = {"blog": blog_section, "tags": tags_section}  # type: ignore[dict-item]
    assert plugin._section_of("blog/archive/2026/index.md") is blog_section
    assert plugin._section_of("tags/b/index.md") is tags_section
    assert plugin._section_of("tags/index.md") is tags_section
    assert plugin._section_of("about.md") is None


# --- Entities ------------------------------------------------------------------------------------

GLM = Entity("model", "glm-5", "GLM-5", "models/glm-5/", ("GLM-5",), parent="zhipu")
ZHIPU = Entity("vendor", "zhipu", "Zhipu", "vendors/zhipu/", ("Zhipu", "智谱"))
DEEPSEEK = Entity("vendor", "deepseek", "DeepSeek", "vendors/deepseek/", ("DeepSeek",))
DEEPSEEK_API = Entity("provider", "deepseek", "DeepSeek API", "providers/deepseek/")
PRICING = Entity("tag", "pricing", "pricing", "tags/pricing/")
KNOWN = {entity.key: entity for entity in (GLM, ZHIPU, DEEPSEEK, DEEPSEEK_API, PRICING)}


def links_of(src_uri: str, *entities: Entity) -> PageLinks:
    mentions = tuple(Mention(entity.key, "", entity.name, "", explicit=False) for entity in entities)
    return PageLinks(PageRef(src_uri, src_uri, src_uri.removesuffix(".md") + "/"), mentions)


def test_a_post_lists_its_entities_in_the_order_they_first_appear_tags_left_out() -> None:
    links = links_of("blog/posts/a.md", ZHIPU, PRICING, DEEPSEEK_API, GLM, ZHIPU)
    assert post_entities(links, KNOWN) == (ZHIPU, DEEPSEEK_API, GLM)
    # An entity the build does not know (its data went away) is not listed; nor is anything
    # for a page that names none.
    assert post_entities(links, {GLM.key: GLM}) == (GLM,)
    assert post_entities(None, KNOWN) == ()


def test_related_posts_read_each_posts_entities_as_kind_and_id() -> None:
    names = entity_names(
        {
            "a.md": links_of("a.md", DEEPSEEK, PRICING, DEEPSEEK_API, DEEPSEEK),
            "b.md": links_of("b.md"),
        }
    )
    # The vendor and the provider called DeepSeek are two entities; a tag link is not one.
    assert names == {"a.md": ("vendor:deepseek", "provider:deepseek"), "b.md": ()}


def test_a_tag_names_its_most_discussed_entities_most_first_then_by_name() -> None:
    counts = [
        (GLM, 2),
        (PRICING, 9),
        (DEEPSEEK_API, 4),
        (ZHIPU, 2),
        (DEEPSEEK, 4),
        (Entity("model", "x", "X", "m/"), 0),
    ]
    assert top_entities(counts) == ((DEEPSEEK, 4), (DEEPSEEK_API, 4), (GLM, 2), (ZHIPU, 2))
    assert top_entities(counts, limit=1) == ((DEEPSEEK, 4),)


def test_a_tag_counts_each_of_its_posts_once_from_the_entities_each_names() -> None:
    named = {"a.md": (GLM, ZHIPU), "b.md": (ZHIPU,), "c.md": (DEEPSEEK,), "d.md": (GLM, DEEPSEEK)}
    # c.md is not one of the tag's posts; a.md, given twice, counts once; e.md names nothing.
    assert most_discussed(["a.md", "b.md", "a.md", "e.md"], named) == ((ZHIPU, 2), (GLM, 1))
    assert most_discussed(["d.md", "c.md", "b.md"], named, limit=2) == ((DEEPSEEK, 2), (GLM, 1))
    assert most_discussed([], named) == ()


def sections_of(html: str) -> list[tuple[str, str]]:
    """What Material's search plugin keeps of each section of a page: title and text."""
    parser = SearchParser()
    parser.feed(html)
    parser.close()
    return [("".join(section.title), "".join(section.text)) for section in parser.data]


def test_the_search_plugin_reads_a_post_without_its_entity_links_and_indexes_the_same_text() -> None:
    html = (
        '<h2 id="a">On <a class="almanac-entity" href="../../models/glm-5/">GLM-5</a></h2>\n'
        '<p>Zhipu\'s <a class="almanac-entity almanac-mention" href="../../models/glm-5/">GLM-5</a>, '
        '<a href="../../vendors/zhipu/" class="almanac-entity">智谱 &amp; co</a> and '
        '<a class="almanac-entity" href="../../x/"><em>more</em></a>; '
        '<a href="https://example.com/">elsewhere</a>.</p>\n'
        '<ul>\n<li><a class="almanac-entity" href="y/">Y</a></li>\n</ul>'
    )
    read = searchable(html)
    assert read == (
        '<h2 id="a">On GLM-5</h2>\n<p>Zhipu\'s GLM-5, 智谱 &amp; co and '
        '<a class="almanac-entity" href="../../x/"><em>more</em></a>; '
        '<a href="https://example.com/">elsewhere</a>.</p>\n<ul>\n<li>Y</li>\n</ul>'
    )
    assert sections_of(read) == sections_of(html)
    assert searchable("<p>No entity</p>") == "<p>No entity</p>"


def test_what_search_reads_of_a_post_is_unwrapped_once_for_the_same_content() -> None:
    # Asked when `almanac/search` starts its index and again as the post is rendered.
    plugin = BlogPlugin()
    plugin.posts = {"blog/posts/a.md": cast(Post, None)}
    html = '<p><a class="almanac-entity" href="m/">M</a></p>'
    first = plugin.search_content("blog/posts/a.md", html)
    assert first == "<p>M</p>"
    assert plugin.search_content("blog/posts/a.md", html) is first
    other = "".join(('<p><a class="almanac-entity" href="m/">N</a>', "</p>"))
    assert plugin.search_content("blog/posts/a.md", other) == "<p>N</p>"
    assert plugin.search_content("blog/index.md", html) is html  # not a post
    marked = '<p data-search-exclude><a class="almanac-entity" href="m/">M</a></p>'
    assert plugin.search_content("blog/posts/a.md", marked) is marked


@given(
    st.lists(st.sampled_from(["", "blog", "2026", "models", "glm-4.5", ".", "..", "a b"]), max_size=4),
    st.lists(st.sampled_from(["", "blog", "2026", "models", "glm-4.5", ".", "..", "a b"]), max_size=4),
    st.booleans(),
    st.booleans(),
)
def test_views_link_any_two_pages_as_relative_url_does(
    target: list[str], page: list[str], target_file: bool, page_file: bool
) -> None:
    # Folder URLs take a shortcut; any other pair (a file, `.`, `..`, `//`) is read by `relative_url`.
    views = ViewFactory(urls={}, authors={}, excerpts={}, reading_times={})
    to = "/".join(target) + ("" if target_file or not target else "/")
    at = "/".join(page) + ("" if page_file or not page else "/")
    assert views.link(to, at) == relative_url(to, at)


def test_views_link_entities_from_the_page_they_are_shown_on() -> None:
    posts = [post(1, dt.date(2026, 3, 30)), post(2, dt.date(2026, 4, 1))]
    blog = blog_of(posts)
    views = ViewFactory(urls=blog.urls, authors={}, excerpts={}, reading_times={})
    shown = views.post(
        posts[0],
        older=None,
        newer=None,
        blog_url="blog/",
        entities=[(GLM, "input $1.00 · output $3.20 per 1M tokens"), (ZHIPU, None)],
    )
    assert [(e.name, e.url, e.kind, e.summary) for e in shown.entities] == [
        ("GLM-5", "../../../../../models/glm-5/", "model", "input $1.00 · output $3.20 per 1M tokens"),
        ("Zhipu", "../../../../../vendors/zhipu/", "vendor", ""),
    ]
    # Without directory URLs the links name the pages' files.
    flat = ViewFactory(urls=blog.urls, authors={}, excerpts={}, reading_times={}, directory_urls=False)
    assert flat.post(posts[0], older=None, newer=None, blog_url="blog/", entities=[(GLM, None)]).entities[0].url == (
        "../../../../../models/glm-5/index.html"
    )
    tag = build_tag_pages({}, {"a": posts}, tags_url="tags/", per_page=1)["a"]
    page = views.tag_page(tag, tag.pages[1], tag.pages[1].url, index_url="tags/", feed=False, entities=[(GLM, 3)])
    assert [(e.name, e.url, e.count) for e in page.entities] == [("GLM-5", "../../../../models/glm-5/", 3)]


# The loop `post.html` drew "In this post" with, before its items were written in Python.
_IN_POST_LOOP = jinja2.Environment().from_string(
    """              {% for entity in entities %}
                <li>
                  <a href="{{ entity.url | e }}">{{ entity.name | e }}</a>
                  <span class="almanac-in-post__kind">{{ entity.kind | e }}</span>
                  {%- if entity.summary %} <span class="almanac-in-post__summary">{{ entity.summary | e }}</span>
                  {%- endif %}
                </li>
              {% endfor %}"""
)
_TRICKY = st.lists(st.sampled_from(["a", " ", "<", ">", "&", '"', "'", "&amp;", "模", "\n"]), max_size=6).map("".join)


@given(st.lists(st.tuples(_TRICKY, _TRICKY, st.sampled_from(["model", "vendor", "<x>"]), _TRICKY), max_size=4))
def test_in_this_post_rows_are_the_bytes_of_the_template_loop_every_value_escaped(
    shown: list[tuple[str, str, str, str]],
) -> None:
    entities = [EntityView(name, url, kind, summary) for name, url, kind, summary in shown]
    assert "              " + entity_rows(entities) == _IN_POST_LOOP.render(entities=entities)


def test_a_post_view_writes_the_rows_of_its_entities() -> None:
    posts = [post(1, dt.date(2026, 3, 30))]
    views = ViewFactory(urls=blog_of(posts).urls, authors={}, excerpts={}, reading_times={})
    shown = views.post(posts[0], older=None, newer=None, blog_url="blog/", entities=[(GLM, "<b>$1</b> & up")])
    assert shown.entity_rows == entity_rows(shown.entities)
    assert '<a href="../../../../../models/glm-5/">GLM-5</a>' in shown.entity_rows
    assert "&lt;b&gt;$1&lt;/b&gt; &amp; up</span>" in shown.entity_rows
    assert views.post(posts[0], older=None, newer=None, blog_url="blog/").entity_rows == ""


def test_what_is_alive_before_and_after_the_conversion_is_frozen_until_the_build_ends_or_fails() -> None:
    plugin = BlogPlugin()
    for end in (lambda: plugin.on_post_build(config=None), lambda: plugin.on_build_error(error=OSError())):
        plugin._freeze_loaded(None, config=None, files=None)  # type: ignore[arg-type]
        assert gc.get_freeze_count() > 0
        plugin._freeze_converted(None, config=None, files=None)  # type: ignore[arg-type]
        try:
            assert gc.get_freeze_count() > 0
        finally:
            end()
        assert gc.get_freeze_count() == 0


def test_what_converted_pages_leave_alive_is_frozen_every_hundred_pages_once_loading_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The rule is the same whatever the number of pages (the plugin reads `FREEZE_EVERY` as it counts): shown
    # every 3 pages, not 100. Each `gc.get_freeze_count()` walks all that is frozen, the whole test process:
    # 400 of them took 6.7 s of `make test`.
    monkeypatch.setattr(blog_plugin, "FREEZE_EVERY", 3)
    plugin = BlogPlugin()

    def converted() -> None:
        plugin._freeze_pages("", page=None, config=None, files=None)  # type: ignore[arg-type]

    for _ in range(3):  # nothing frozen yet: the pages are not counted
        converted()
    assert gc.get_freeze_count() == 0
    plugin._freeze_loaded(None, config=None, files=None)  # type: ignore[arg-type]
    try:
        kept = []
        for n in range(1, 2 * 3 + 1):
            kept.append([n])  # what a page leaves alive
            before = gc.get_freeze_count()
            converted()
            assert (gc.get_freeze_count() > before) == (n % 3 == 0), n
    finally:
        plugin.on_build_error(error=OSError())
    assert gc.get_freeze_count() == 0
