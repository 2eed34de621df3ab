"""Redirects when post URLs change (`post_url_redirects`, `aliases`): the Material-style fixture
built with the default URL format, then with Material's title slugs under `blog/{categories}/`
and the default listed as an earlier format; one post also names two earlier addresses of its
own and a title to escape. Every old address's page leads, by its refresh URL resolved against
the old address, to the post's new page, which exists, and says so with a plain link, the post's
canonical address and `noindex`."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

from helpers import BuildResult, run_build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "material-blog"
SITE = "https://example.org/material/"
TITLE = "The latest post & <more>"
ALIASES = ("news/latest.html", "blog/2024/old-latest/")
NEW_FORMAT = """      post_url_format: "blog/{categories}/{slug}/"
      post_slug: title
      post_url_redirects:
        - format: "blog/{year}/{month}/{day}/{slug}/"
"""


def project(root: Path, options: str, config_end: str = "") -> BuildResult:
    shutil.copytree(FIXTURE, root)
    config = root / "mkdocs.yml"
    written = config.read_text(encoding="utf-8").replace("      timezone: UTC\n", "      timezone: UTC\n" + options)
    config.write_text(written + config_end, encoding="utf-8")
    latest = root / "docs/blog/posts/2024-03-20-latest.md"
    text = latest.read_text(encoding="utf-8").replace("title: The latest post", f'title: "{TITLE}"')
    latest.write_text(text.replace("---\n\n", "aliases: [/news/latest.html, blog/2024/old-latest]\n---\n\n", 1))
    result = run_build(root)
    assert result.returncode == 0, result.output
    return result


def posts(site: Path) -> dict[str, str]:
    """Each post's title by its page's path in the site (`blog/…/index.html`)."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        if 'class="almanac-post"' in text:
            title = re.search(r"<title>(.*?) - Material Posts</title>", text)
            assert title is not None
            found[path.relative_to(site).as_posix()] = html.unescape(title.group(1))
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, BuildResult]:
    before = project(tmp_path_factory.mktemp("before") / "project", "")
    after = project(tmp_path_factory.mktemp("after") / "project", NEW_FORMAT)
    return before, after


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The new format without directory URLs: old and new addresses end in `index.html`."""
    root = tmp_path_factory.mktemp("flat") / "project"
    return project(root, NEW_FORMAT, config_end="use_directory_urls: false\n")


def follow(site: Path, old: str) -> tuple[str, str]:
    """The page the redirect at the site path `old` leads to (its path in the site), and the redirect's HTML."""
    page = (site / old).read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]*)">', page)
    assert refresh is not None, old
    new = urljoin(SITE + old, html.unescape(refresh.group(1))).removeprefix(SITE)
    link = re.search(r'<a href="([^"]*)">', page)
    assert link is not None and link.group(1) == refresh.group(1)
    return (new + "index.html" if new.endswith("/") else new), page


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_old_address_leads_to_the_posts_new_page(
    builds: tuple[BuildResult, BuildResult], flat: BuildResult, directory_urls: bool
) -> None:
    before, after = builds
    if not directory_urls:
        after = flat
    old_posts, new_posts = posts(before.site), posts(after.site)
    assert len(old_posts) == len(new_posts) == 4
    assert not set(old_posts) & set(new_posts)  # every post moved
    for old, title in old_posts.items():
        new, page = follow(after.site, old)
        assert new_posts.get(new) == title, (old, new)
        assert '<meta name="robots" content="noindex">' in page
        canonical = SITE + (new.removesuffix("index.html") if directory_urls else new)
        assert f'<link rel="canonical" href="{html.escape(canonical)}">' in page
        assert f'<link rel="canonical" href="{html.escape(canonical)}">' in (after.site / new).read_text("utf-8")
        assert "<script" not in page
        assert re.search(r'url=[^"]*index\.html"', page) if not directory_urls else "index.html" not in page


def test_aliases_lead_to_the_post_and_titles_are_escaped(builds: tuple[BuildResult, BuildResult]) -> None:
    _, after = builds
    new_posts = posts(after.site)
    for alias in ALIASES:
        old = alias if alias.endswith(".html") else alias + "index.html"
        new, page = follow(after.site, old)
        assert new_posts.get(new) == TITLE
        assert "The latest post &amp; &lt;more&gt;" in page
        assert "<more>" not in page


def test_a_post_that_did_not_move_gets_no_redirect(builds: tuple[BuildResult, BuildResult]) -> None:
    before, _ = builds
    # Built with the default format and no earlier one: only the aliases are redirects.
    redirects = [p for p in before.site.rglob("*.html") if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")]
    assert sorted(p.relative_to(before.site).as_posix() for p in redirects) == sorted(
        alias if alias.endswith(".html") else alias + "index.html" for alias in ALIASES
    )
