"""Parts of the theme's page that many pages share (`mkdocs/shared.py`): drawn once, they must
still be each page's own where a page differs — its table of contents, what its front matter
hides — and the same as the theme draws them everywhere else."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from tests.helpers import MINIMAL_CONFIG, make_site, run_build

CONFIG = MINIMAL_CONFIG.replace(
    "  - almanac/blog\n", "  - almanac/blog:\n      pagination_per_page: 2\n      tags_per_page: 2\n"
).replace("  - Blog: blog/index.md\n", "  - Blog: blog/index.md\n  - Tags: tags/index.md\n")


def _post(day: int, *, headings: tuple[str, ...] = (), hide: str = "") -> str:
    front = f"---\ntitle: Post {day}\ndate: 2026-01-{day:02d}\nauthors: [lin]\ntags: [chips, pricing]\n{hide}---\n"
    body = f"A short note on day {day}.\n\n"
    body += "".join(f"## {heading}\n\nSome words about {heading.lower()}.\n\n" for heading in headings)
    return front + body


def _toc(html: str) -> list[str]:
    """The headings the page's table-of-contents sidebar links to."""
    sidebar = re.search(r'data-md-type="toc"(.*?)</nav>', html, re.S)
    assert sidebar, "no table of contents sidebar"
    return re.findall(r'href="#([^"]+)"', sidebar.group(1))


def _active_sections(html: str, url: str) -> list[tuple[str, str]]:
    """The items the navigation marks current: their label and the site path they link to."""
    found = re.findall(
        r'<li class="md-nav__item md-nav__item--active[^"]*">\s*<a href="([^"]+)"[^>]*>'
        r'(?:(?!</a>).)*?<span class="md-ellipsis">\s*([^<]+?)\s*<',
        html,
        re.S,
    )
    base = "https://h.invalid/" + url
    return [(label, urljoin(base, href).removeprefix("https://h.invalid/")) for href, label in found]


def _nav_hidden(html: str) -> bool:
    tag = re.search(r'<div class="md-sidebar md-sidebar--primary"[^>]*>', html)
    assert tag, "no navigation sidebar"
    return " hidden" in tag.group(0)


def test_posts_share_the_navigation_but_each_has_its_own_contents(tmp_path: Path) -> None:
    # Most posts have no headings; the two in the middle do, so that the first two posts drawn
    # (in either order) are alike: what they share must not be taken for every post's.
    posts = {f"2026-01-0{day}-post.md": _post(day) for day in (1, 2, 5, 6)}
    posts["2026-01-03-post.md"] = _post(3, headings=("Supply", "Demand"))
    posts["2026-01-04-post.md"] = _post(4, headings=("Prices",), hide="hide: [navigation]\n")
    make_site(tmp_path, posts, config=CONFIG)
    result = run_build(tmp_path)
    assert result.returncode == 0, result.output
    assert result.warnings() == []
    pages = {day: result.page(f"blog/2026/01/0{day}/post/") for day in range(1, 7)}
    assert _toc(pages[3]) == ["supply", "demand"]
    assert _toc(pages[4]) == ["prices"]
    for day in (1, 2, 5, 6):
        assert _toc(pages[day]) == [], day
    assert _nav_hidden(pages[4])
    assert [day for day in pages if _nav_hidden(pages[day])] == [4]
    # Every post's navigation shows the blog as the current section, with links right from its depth.
    for day, page in pages.items():
        assert _active_sections(page, f"blog/2026/01/0{day}/post/") == [("Blog", "blog/")], day


def test_listing_and_tag_pages_share_parts_only_where_they_are_alike(tmp_path: Path) -> None:
    posts = {f"2026-01-0{day}-post.md": _post(day) for day in range(1, 8)}
    make_site(tmp_path, posts, config=CONFIG)
    result = run_build(tmp_path)
    assert result.returncode == 0, result.output
    # Pages two to four of the blog and of the tag sit at the same depth: the same navigation,
    # with the right section current, and each its own title.
    for url, section in (("blog/page/{}/", "Blog"), ("tags/chips/page/{}/", "Tags")):
        drawn = [result.page(url.format(number)) for number in (2, 3, 4)]
        navs = [re.search(r'data-md-type="navigation".*?</nav>', page, re.S) for page in drawn]
        assert all(navs) and len({nav.group(0) for nav in navs if nav}) == 1
        for number, page in zip((2, 3, 4), drawn, strict=True):
            assert _active_sections(page, url.format(number)) == [(section, url.split("/", 1)[0] + "/")], url
        titles = [re.search(r"<title>([^<]*)</title>", page) for page in drawn]
        assert len({title.group(1) for title in titles if title}) == 3, url
