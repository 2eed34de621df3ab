"""A real, strict build of the sample site: every post, the index and its pages, the archive,
every excerpt, and a clean log. Each test that takes `any_build` runs on the sample and on the sample
grown by valid posts (see `conftest.py`), with what to expect read from the project's own files."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin

from sample_blog import blog_of, project_of

from helpers import ROOT, BuildResult, copy_project, run_build, site_digest

PER_PAGE = 10


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def excerpt_of_post_page(page: str) -> str:
    content = page.split('<article class="almanac-post">', 1)[1]
    content = content.split("</header>", 1)[1]
    return content.split("<!-- more -->", 1)[0]


def cards(listing: str) -> list[tuple[str, str]]:
    """(link, excerpt) of each post card on a listing page."""
    found = re.findall(
        r'<h2 class="almanac-card__title"><a href="([^"]+)">.*?</a></h2>\s*'
        r'<div class="almanac-card__excerpt">(.*?)</div>\s*(?:<p class="almanac-card__more">|<ul|</article>)',
        listing,
        re.S,
    )
    return found


def shows(page: str, text: str) -> bool:
    """Whether `text` appears in the page, however the page escapes it."""
    return text in html.unescape(page)


def resolve(url: str, link: str) -> str:
    """The site path a relative `link` on the page at `url` leads to."""
    return urljoin("https://h.invalid/" + url, link).removeprefix("https://h.invalid/")


def test_sample_has_what_the_blog_covers() -> None:
    # The sample is the product's demonstration: enough posts to paginate, a tag on most of them,
    # posts in Chinese. Growing it keeps this true.
    blog = blog_of(ROOT)
    assert len(blog.published) > PER_PAGE
    assert len(blog.tagged("large model")) >= 11
    chinese = [p for p in blog.published if len(re.findall(r"[\u4e00-\u9fff]", p.body)) > 300]
    assert len(chinese) >= 3


def test_build_is_strict_and_clean(any_build: BuildResult) -> None:
    assert any_build.returncode == 0, any_build.output
    assert any_build.warnings() == []
    # Neither jieba's dictionary log nor Material's MkDocs 2.0 banner reach the log.
    assert "prefix dict" not in any_build.output
    assert "MkDocs 2.0" not in any_build.output
    assert "Traceback" not in any_build.output


def test_every_post_has_its_page_with_header_chips_and_neighbours(any_build: BuildResult) -> None:
    blog = blog_of(project_of(any_build.site))
    posts = blog.published
    for index, post in enumerate(posts):
        url = post.url
        page = any_build.page(url)
        assert shows(page, f"<h1>{post.title}</h1>"), url
        assert f">{post.date:%Y-%m-%d}</time>" in page, url
        assert "min read" in page
        # One chip per tag, named as `data/tags.yaml` names it (whatever alias the post wrote),
        # linking to the tag's page.
        footer = page.split('<footer class="almanac-post__footer">', 1)[1].split('<section class="almanac-related"', 1)[
            0
        ]
        chips = re.findall(r'class="almanac-chip" href="([^"]+)">([^<]*)</a>', footer)
        assert [(resolve(url, href), html.unescape(name)) for href, name in chips] == [
            (f"tags/{blog.slugs[name]}/", name) for name in post.tags
        ], url
        newer = posts[index - 1] if index > 0 else None
        older = posts[index + 1] if index + 1 < len(posts) else None
        assert ('rel="next"' in page) == (newer is not None)
        assert ('rel="prev"' in page) == (older is not None)
        for neighbour, rel in ((newer, "next"), (older, "prev")):
            if neighbour is not None:
                link = re.search(rf'<a[^>]*href="([^"]+)"[^>]*rel="{rel}"|<a[^>]*rel="{rel}"[^>]*href="([^"]+)"', page)
                assert link, (url, rel)
                assert resolve(url, link.group(1) or link.group(2)) == neighbour.url, (url, rel)
    # Drafts and posts dated after the build have no page.
    for post in blog.every:
        if post.draft:
            assert not (any_build.site / post.url).exists(), post.path.name


def test_index_pages_list_every_post_once_newest_first_with_its_excerpt(any_build: BuildResult) -> None:
    blog = blog_of(project_of(any_build.site))
    pages = -(-len(blog.published) // PER_PAGE)
    seen: list[str] = []
    for number in range(1, pages + 1):
        url = "blog/" if number == 1 else f"blog/page/{number}/"
        listing = any_build.page(url)
        found = cards(listing)
        assert 0 < len(found) <= PER_PAGE
        for link, excerpt in found:
            resolved = resolve(url, link)
            seen.append(resolved)
            post_page = any_build.page(resolved)
            assert text_of(excerpt) == text_of(excerpt_of_post_page(post_page)), resolved
            assert text_of(excerpt), f"{resolved} has an empty excerpt"
        assert ('rel="next"' in listing) == (number < pages)
    assert not (any_build.site / "blog" / "page" / str(pages + 1)).exists()
    assert seen == [post.url for post in blog.published]


def test_yearly_archive_lists_every_post(any_build: BuildResult) -> None:
    blog = blog_of(project_of(any_build.site))
    archive = any_build.page("blog/archive/")
    years = sorted({post.date.year for post in blog.published}, reverse=True)
    assert re.findall(r'href="(\d{4})/"', archive) == [str(year) for year in years]
    for year in years:
        url = f"blog/archive/{year}/"
        page = any_build.page(url)
        expected = [post.url for post in blog.published if post.date.year == year]
        assert f'href="./">{year} ({len(expected)})</a>' in page
        links = [resolve(url, href) for href in re.findall(r'<a href="([^"]+)">', page)]
        assert [link for link in links if link.startswith("blog/") and link.count("/") == 5] == expected, year


def test_navigation_holds_sections_not_posts(any_build: BuildResult) -> None:
    blog = blog_of(project_of(any_build.site))
    page = any_build.page("blog/")
    nav = page.split('<nav class="md-nav md-nav--primary', 1)[1].split('<nav class="md-nav md-nav--secondary', 1)[0]
    assert "/posts/" not in nav
    assert shows(nav, "Blog")
    for post in blog.every:
        assert not shows(nav, post.title)


def test_builds_are_byte_identical_and_properdocs_builds_the_same_site(
    sample_build: BuildResult, tmp_path: Path
) -> None:
    # A second build of the sample, by ProperDocs (MkDocs' maintained fork, which runs the same plugins) in a new
    # interpreter, whose string hashes are seeded afresh (a build forked from `launcher.py` shares the seed of the
    # process it is forked from, as the sample's build may be): the same files, the same bytes but for the
    # generator tag naming the tool.
    result = run_build(copy_project(tmp_path), tool="properdocs")
    assert result.returncode == 0, result.output
    assert result.warnings() == []
    assert site_digest(result.site, but_generator=True) == site_digest(sample_build.site, but_generator=True)


def test_blog_tab_is_current_on_posts_and_listings(any_build: BuildResult) -> None:
    def active_tab(page: str) -> str:
        item = page.split('class="md-tabs__item md-tabs__item--active"', 1)[1]
        return text_of(item.split(">", 1)[1].split("</li>", 1)[0])

    blog = blog_of(project_of(any_build.site))
    for post in (blog.published[0], blog.published[-1]):
        assert active_tab(any_build.page(post.url)) == "Blog"
    assert active_tab(any_build.page("blog/archive/")) == "Blog"
    assert active_tab(any_build.page("")) == "Home"


def test_search_index_splits_chinese_into_words(any_build: BuildResult) -> None:
    import gzip
    import json

    blog = blog_of(project_of(any_build.site))
    # The search box reads Pagefind's index (`almanac/search`); Material's holds its configuration
    # alone, whose separator (zero-width spaces included) the highlighting of a found page splits on.
    material = json.loads((any_build.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in material["config"]["separator"] and material["docs"] == []
    pages = [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in sorted((any_build.site / "pagefind" / "fragment").glob("*.pf_fragment"))
    ]
    text = " ".join(page["meta"]["title"] + " " + page["content"] for page in pages)
    # Pagefind cut the Chinese posts into words, joined by zero-width spaces (the sample's Chinese
    # posts speak of prices, 价格).
    assert "\u200b价格\u200b" in text
    # Each post is indexed once, at its own page; listings add no copies of its text.
    urls = [page["url"] for page in pages]
    for post in blog.published:
        assert urls.count("/" + post.url) == 1, post.path.name
    # Drafts and scheduled posts are not searchable.
    for post in blog.every:
        if post.draft:
            assert not [url for url in urls if url.startswith("/" + post.url)], post.path.name
    assert not [url for url in urls if url.startswith(("/blog/page/", "/blog/archive/", "/tags/"))]
