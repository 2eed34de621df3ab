"""Tag pages, the tag index and related posts in a real build of the sample and of the sample grown by
valid posts (expectations read from the project's files); unknown tags stop a build at their line."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin

from sample_blog import blog_of, project_of

from helpers import BuildResult, make_site, run_build

TAGS_PER_PAGE = 20


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def resolve(url: str, link: str) -> str:
    """The site path a relative `link` on the page at `url` leads to."""
    return urljoin("https://h.invalid/" + url, link).removeprefix("https://h.invalid/")


def cards_on(page: str, url: str) -> list[str]:
    """The post each card of a listing page links to."""
    return [resolve(url, href) for href in re.findall(r'<h2 class="almanac-card__title"><a href="([^"]+)">', page)]


def test_every_tag_page_lists_exactly_the_posts_whose_tags_resolve_to_it(any_build: BuildResult) -> None:
    # Whatever spelling a post wrote (an alias, full-width letters, Chinese), it is listed on the page
    # of the tag that spelling resolves to, newest first, 20 a page, each card with the post's excerpt.
    blog = blog_of(project_of(any_build.site))
    used = blog.used_tags()
    assert used
    for name, count in used.items():
        tagged = blog.tagged(name)
        first = f"tags/{blog.slugs[name]}/"
        page = any_build.page(first)
        noun = "post" if count == 1 else "posts"
        assert f'{html.escape(name)} <span class="almanac-tag-header__count">· {count} {noun}</span>' in page
        pages = -(-count // TAGS_PER_PAGE)
        listed: list[str] = []
        for number in range(1, pages + 1):
            url = first if number == 1 else f"{first}page/{number}/"
            listed += cards_on(any_build.page(url), url)
        assert not (any_build.site / first / "page" / str(pages + 1)).exists()
        assert listed == [post.url for post in tagged], name
        shown = text_of(page)
        for post in tagged[:TAGS_PER_PAGE]:
            post_page = any_build.page(post.url)
            excerpt = post_page.split('<article class="almanac-post">', 1)[1].split("</header>", 1)[1]
            assert text_of(excerpt.split("<!-- more -->", 1)[0]) in shown, post.path.name
    # No page for a tag that no published post carries (drafts' and scheduled posts' tags included).
    pages = {path.parent.name for path in (any_build.site / "tags").glob("*/index.html")}
    assert pages == {blog.slugs[name] for name in used}


def test_the_tag_index_counts_every_tag_biggest_first(any_build: BuildResult) -> None:
    blog = blog_of(project_of(any_build.site))
    index = any_build.page("tags/")
    for name, count in blog.used_tags().items():
        assert f'href="{blog.slugs[name]}/">{html.escape(name)} <span>{count}</span></a>' in index, name
    rows = re.findall(r'<th scope="row"><a href="([^"]+)/">[^<]*</a></th>\s*<td class="almanac-num">(\d+)</td>', index)
    counts = [int(n) for _, n in rows]
    assert counts == sorted(counts, reverse=True)
    assert sorted(slug for slug, _ in rows) == sorted(blog.slugs[name] for name in blog.used_tags())


def entities_in(page: str, url: str) -> set[str]:
    """The pages of the entities a post's "In this post" lists (none without `almanac/links`)."""
    if '<section class="almanac-in-post"' not in page:
        return set()
    section = page.split('<section class="almanac-in-post"', 1)[1].split("</section>", 1)[0]
    return {resolve(url, href) for href in re.findall(r'<a href="([^"]+)">', section)}


def test_related_posts_end_each_post(any_build: BuildResult) -> None:
    # Up to five other published posts, each sharing a tag or an entity (as "In this post" lists
    # them) with the post; none for a post whose tags and entities no other post has.
    blog = blog_of(project_of(any_build.site))
    published = {post.url: post for post in blog.published}
    entities = {post.url: entities_in(any_build.page(post.url), post.url) for post in blog.published}

    def share(one: str, other: str) -> bool:
        return bool(set(published[one].tags) & set(published[other].tags) or entities[one] & entities[other])

    for post in blog.published:
        url = post.url
        sharing = [other for other in blog.published if other is not post and share(url, other.url)]
        page = any_build.page(url)
        if not sharing:
            assert "almanac-related" not in page, url
            continue
        section = page.split('<section class="almanac-related"', 1)[1].split("</section>", 1)[0]
        links = [resolve(url, href) for href in re.findall(r'<li><a href="([^"]+)">', section)]
        assert len(links) == min(5, len(sharing)), url
        assert len(set(links)) == len(links) and url not in links
        for link in links:
            assert link in published, (url, link)
            assert share(url, link), (url, link)


UNKNOWN = "---\ntitle: Relays\ndate: 2026-03-30\ntags:\n  - pricing\n  - larg model\n---\nText\n"


def _site_with_tags(tmp_path: Path, posts: dict[str, str], tags_yaml: str) -> Path:
    from helpers import MINIMAL_CONFIG

    config = MINIMAL_CONFIG.replace("  - almanac/blog\n", "  - almanac/data\n  - almanac/blog\n")
    site = make_site(tmp_path, posts, config=config)
    (site / "data").mkdir()
    (site / "data" / "tags.yaml").write_text(tags_yaml, encoding="utf-8")
    return site


def test_unknown_tag_stops_the_build_at_its_line(tmp_path: Path) -> None:
    site = _site_with_tags(tmp_path, {"x.md": UNKNOWN}, "- name: large model\n- name: pricing\n")
    result = run_build(site)
    assert result.returncode == 1
    assert re.search(
        r'^ERROR\s+-\s+docs/blog/posts/x\.md:6: unknown tag "larg model" — did you mean "large model"\?$',
        result.output,
        re.M,
    ), result.output
    assert "Traceback" not in result.output


def test_bad_alias_stops_the_build_at_its_line(tmp_path: Path) -> None:
    tags = "- name: large model\n  aliases: [LLM]\n- name: pricing\n  aliases: [llm]\n"
    site = _site_with_tags(tmp_path, {"x.md": UNKNOWN.replace("larg model", "LLM")}, tags)
    result = run_build(site)
    assert result.returncode == 1
    assert re.search(
        r"^ERROR\s+-\s+data/tags\.yaml:4:13: \[1\]\.aliases\[0\]: 'llm' is already an alias of the tag 'large model'",
        result.output,
        re.M,
    ), result.output


def test_without_tags_file_tags_are_free(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2026-03-30-x.md": UNKNOWN})
    result = run_build(site)
    assert result.returncode == 0, result.output
    assert (result.site / "tags" / "larg-model" / "index.html").is_file()
