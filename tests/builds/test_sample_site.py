"""A real, strict build of the sample site: every post, the index and its pages, the archive,
every excerpt, and a clean log."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from urllib.parse import urljoin

import yaml

from helpers import ROOT, BuildResult, copy_project, run_build

POSTS = sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))
PER_PAGE = 10


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def expected_url(path: Path) -> str:
    meta = front_matter(path)
    date = meta["date"]
    slug = meta.get("slug") or re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)
    return f"blog/{date:%Y/%m/%d}/{slug}/"


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


def published_posts() -> list[Path]:
    return [p for p in POSTS if not front_matter(p).get("draft")]


def test_sample_has_what_the_blog_covers() -> None:
    metas = [front_matter(p) for p in POSTS]
    assert len(metas) >= 12
    assert sum("large model" in m.get("tags", []) for m in metas) >= 11
    chinese = [p for p in POSTS if len(re.findall(r"[\u4e00-\u9fff]", p.read_text(encoding="utf-8"))) > 300]
    assert len(chinese) >= 3


def test_build_is_strict_and_clean(sample_build: BuildResult) -> None:
    assert sample_build.returncode == 0, sample_build.output
    assert sample_build.warnings() == []
    # Neither jieba's dictionary log nor Material's MkDocs 2.0 banner reach the log.
    assert "prefix dict" not in sample_build.output
    assert "MkDocs 2.0" not in sample_build.output
    assert "Traceback" not in sample_build.output


def test_every_link_leads_to_a_page(sample_build: BuildResult) -> None:
    assert sample_build.broken_links() == []


def test_every_post_has_its_page_with_header_and_neighbours(sample_build: BuildResult) -> None:
    posts = sorted(published_posts(), key=lambda p: (front_matter(p)["date"], "blog/posts/" + p.name), reverse=True)
    for index, path in enumerate(posts):
        meta = front_matter(path)
        page = sample_build.page(expected_url(path))
        assert shows(page, f"<h1>{meta['title']}</h1>"), path.name
        date = meta["date"]
        assert f">{date:%Y-%m-%d}</time>" in page
        assert "min read" in page
        for tag in meta.get("tags", []):
            assert re.search(rf'class="almanac-chip" href="[^"]*/tags/[^"]+/">{re.escape(html.escape(tag))}</a>', page)
        newer = posts[index - 1] if index > 0 else None
        older = posts[index + 1] if index + 1 < len(posts) else None
        assert ('rel="next"' in page) == (newer is not None)
        assert ('rel="prev"' in page) == (older is not None)
        if older is not None:
            assert shows(page, front_matter(older)["title"])


def test_index_pages_list_every_post_once_newest_first_with_its_excerpt(sample_build: BuildResult) -> None:
    posts = sorted(published_posts(), key=lambda p: (front_matter(p)["date"], "blog/posts/" + p.name), reverse=True)
    pages = -(-len(posts) // PER_PAGE)
    seen: list[str] = []
    for number in range(1, pages + 1):
        url = "blog/" if number == 1 else f"blog/page/{number}/"
        listing = sample_build.page(url)
        found = cards(listing)
        assert 0 < len(found) <= PER_PAGE
        for link, excerpt in found:
            resolved = urljoin("https://h.invalid/" + url, link).removeprefix("https://h.invalid/")
            seen.append(resolved)
            post_page = sample_build.page(resolved)
            assert text_of(excerpt) == text_of(excerpt_of_post_page(post_page)), resolved
            assert text_of(excerpt), f"{resolved} has an empty excerpt"
        if number < pages:
            assert 'rel="next"' in listing
    assert not (sample_build.site / "blog" / "page" / str(pages + 1)).exists()
    assert seen == [expected_url(p) for p in posts]


def test_yearly_archive_lists_every_post(sample_build: BuildResult) -> None:
    archive = sample_build.page("blog/archive/")
    years = sorted({front_matter(p)["date"].year for p in published_posts()}, reverse=True)
    for year in years:
        assert f'href="{year}/"' in archive
        page = sample_build.page(f"blog/archive/{year}/")
        for path in published_posts():
            if front_matter(path)["date"].year == year:
                assert shows(page, front_matter(path)["title"])


def test_navigation_holds_sections_not_posts(sample_build: BuildResult) -> None:
    page = sample_build.page("blog/")
    nav = page.split('<nav class="md-nav md-nav--primary', 1)[1].split('<nav class="md-nav md-nav--secondary', 1)[0]
    assert "/posts/" not in nav
    for path in POSTS:
        assert not shows(nav, front_matter(path)["title"])


def test_builds_are_byte_identical(sample_build: BuildResult, tmp_path: Path) -> None:
    again = run_build(copy_project(tmp_path))
    assert again.returncode == 0

    def digest(site: Path) -> dict[str, str]:
        return {
            p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*"))
            if p.is_file()
        }

    assert digest(again.site) == digest(sample_build.site)


def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    result = run_build(copy_project(tmp_path), tool="properdocs")
    assert result.returncode == 0, result.output
    assert result.warnings() == []
    assert (result.site / "blog" / "index.html").is_file()
    assert cards(result.page("blog/"))


def test_blog_tab_is_current_on_posts_and_listings(sample_build: BuildResult) -> None:
    def active_tab(page: str) -> str:
        item = page.split('class="md-tabs__item md-tabs__item--active"', 1)[1]
        return text_of(item.split(">", 1)[1].split("</li>", 1)[0])

    assert active_tab(sample_build.page(expected_url(published_posts()[0]))) == "Blog"
    assert active_tab(sample_build.page("blog/archive/")) == "Blog"
    assert active_tab(sample_build.page("")) == "Home"


def test_search_index_splits_chinese_into_words(sample_build: BuildResult) -> None:
    import json

    index = json.loads((sample_build.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"]
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    # jieba cut the Chinese posts into words, joined by zero-width spaces the search splits on.
    assert "\u200b价格\u200b" in text
    # Each post is indexed once, at its own page; listings add no copies of its text.
    pages = [doc["location"] for doc in index["docs"] if "#" not in doc["location"]]
    for path in published_posts():
        assert pages.count(expected_url(path)) == 1, path.name
    assert not [
        doc for doc in index["docs"] if doc["location"].startswith(("blog/page/", "blog/archive/")) and doc["text"]
    ]
