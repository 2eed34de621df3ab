"""Posts written for Material for MkDocs' blog plugin build unchanged, strictly
(`tests/fixtures/material-blog/`): a title from the first heading, `date` as a date, a date and
time or a mapping (`created`, `updated`, a custom key), `categories`, `slug`, `readtime`, `pin`,
`draft`, `links`, `description`, and posts without tags; Material's Markdown extensions
(admonitions, content tabs, code and text annotations, icons). Pinned posts lead the blog index.
Each category has its page, and each author too (`authors_profiles: true`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import BuildResult, run_build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "material-blog"

WELCOME = "blog/2024/01/31/welcome/index.html"  # no `title`, `pin: true`, `readtime: 9`
DATES = "blog/2024/02/10/dates/index.html"  # `date: {created, updated, migrated}`, `description`
AFTERNOON = "blog/2024/03/05/afternoon/index.html"  # a date and time, `slug: afternoon`, Material's extensions
LATEST = "blog/2024/03/20/latest/index.html"  # the newest post, not pinned


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("material") / "project"
    shutil.copytree(FIXTURE, project)
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


def page(built: BuildResult, path: str) -> str:
    text: str = (built.site / path).read_text(encoding="utf-8")
    return text


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="almanac-card__title"><a href="[^"]*">([^<]*)</a></h2>', html)


def test_every_post_is_published_at_its_url_and_the_draft_is_not(built: BuildResult) -> None:
    for path in (WELCOME, DATES, AFTERNOON, LATEST):
        assert (built.site / path).is_file(), path
    assert not list(built.site.glob("blog/2024/04/**/index.html"))
    assert "Not finished" not in page(built, "blog/index.html")


def test_the_title_comes_from_the_front_matter_or_the_first_heading(built: BuildResult) -> None:
    welcome = page(built, WELCOME)
    assert "<title>Welcome to the moved blog - Material Posts</title>" in welcome
    assert len(re.findall(r"<h1\b", welcome)) == 1  # the heading, not a second title
    index = page(built, "blog/index.html")
    # Its card shows the title, not the heading again in the excerpt: the page's own title is its one <h1>.
    assert len(re.findall(r"<h1\b", index)) == 1
    assert "<title>Dates as a mapping - Material Posts</title>" in page(built, DATES)


def test_dates_in_every_form(built: BuildResult) -> None:
    assert '<time datetime="2024-01-31T00:00:00+00:00">2024-01-31</time>' in page(built, WELCOME)
    dates = page(built, DATES)
    assert '<time datetime="2024-02-10T00:00:00+00:00">2024-02-10</time>' in dates
    assert '<time datetime="2024-02-12' in dates  # `date.updated`
    assert "2024-06-01" not in dates  # a custom date of Material's is kept out of the page
    assert '<time datetime="2024-03-05T14:30:00+00:00">2024-03-05</time>' in page(built, AFTERNOON)


def test_pinned_posts_lead_the_index(built: BuildResult) -> None:
    index = page(built, "blog/index.html")
    assert card_titles(index) == [
        "Welcome to the moved blog",
        "The latest post",
        "An afternoon post",
        "Dates as a mapping",
    ]
    archive = page(built, "blog/archive/2024/index.html")
    order = [archive.index(title) for title in ("The latest post", "An afternoon post", "Dates as a mapping")]
    assert order == sorted(order)
    assert archive.index("Welcome to the moved blog") > order[-1]  # the archive keeps the order of dates


def test_readtime_is_shown_in_place_of_the_computed_one(built: BuildResult) -> None:
    assert re.search(r"\b9 min read", page(built, WELCOME))
    index = page(built, "blog/index.html")
    assert re.search(r"\b9 min read", index.split("The latest post")[0])
    assert re.search(r"\b1 min read", page(built, LATEST))


def test_the_description_is_the_pages_description(built: BuildResult) -> None:
    assert '<meta name="description" content="A post dated by a mapping, as Material writes it.">' in page(built, DATES)


def test_each_category_page_lists_exactly_its_posts_newest_first(built: BuildResult) -> None:
    pages = sorted(path.parent.name for path in built.site.glob("blog/category/*/index.html"))
    assert pages == ["dates", "meta"]
    assert card_titles(page(built, "blog/category/meta/index.html")) == [
        "Dates as a mapping",
        "Welcome to the moved blog",
    ]
    dates = page(built, "blog/category/dates/index.html")
    assert card_titles(dates) == ["Dates as a mapping"]
    assert "<h1>Dates</h1>" in dates and "<title>Dates - Material Posts</title>" in dates
    assert "A post whose date is a mapping." in dates  # the excerpt, as on the blog index


def test_posts_and_cards_link_their_categories(built: BuildResult) -> None:
    links = '<a href="../../../../category/meta/">Meta</a>, <a href="../../../../category/dates/">Dates</a>'
    assert links in page(built, DATES)
    assert '<a href="category/meta/">Meta</a>' in page(built, "blog/index.html")
    assert "almanac-categories" not in page(built, LATEST)  # no categories, no line


def test_each_author_page_shows_the_author_and_lists_exactly_their_posts(built: BuildResult) -> None:
    pages = sorted(path.parent.name for path in built.site.glob("blog/author/*/index.html"))
    assert pages == ["lin", "mo"]
    assert card_titles(page(built, "blog/author/lin/index.html")) == ["Dates as a mapping", "Welcome to the moved blog"]
    mo = page(built, "blog/author/mo/index.html")
    assert card_titles(mo) == ["The latest post", "Dates as a mapping"]
    # Every string of .authors.yml escaped: the name in <title> and <h1>, the description, the address.
    assert "<title>Mo &lt;Chen&gt; - Material Posts</title>" in mo and "<h1>Mo &lt;Chen&gt;</h1>" in mo
    assert "Guest writer &amp; reviewer" in mo and "<Chen>" not in mo
    assert '<a href="https://example.org/mo/?a=1&amp;b=2" rel="me">' in mo
    assert 'src="https://example.org/mo.png"' in mo


def test_posts_link_their_authors_to_their_pages(built: BuildResult) -> None:
    dates = page(built, DATES)
    assert '<a href="../../../../author/mo/">Mo &lt;Chen&gt;</a>' in dates
    assert '<a href="../../../../author/lin/">Lin Qiao</a>' in dates
    assert '<a href="author/mo/">Mo &lt;Chen&gt;</a>' in page(built, "blog/index.html")


def test_related_links_end_the_post_and_lead_to_their_pages(built: BuildResult) -> None:
    dates = page(built, DATES)
    section = dates.split('<h2 id="almanac-links">Related links</h2>', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', section)
    assert [title for _, title in links] == [
        "Welcome to the moved blog",  # a post's path: its title
        "Material for MkDocs",
        "The &lt;home&gt; page",  # under the section `Elsewhere`, escaped
        "Home",  # a page's path: its title
    ]
    assert links[1][0] == "https://squidfunk.github.io/mkdocs-material/"
    assert "<li>Elsewhere<ul>" in section
    here = (built.site / DATES).parent
    for url, _ in (links[0], links[2], links[3]):
        target = (here / url.partition("#")[0]).resolve() / "index.html"
        assert target.is_file(), url
    assert links[0][0] == "../../../01/31/welcome/"
    assert links[2][0].endswith("/#home")
    assert "Related links" not in page(built, WELCOME)
    assert "Related links" not in page(built, "blog/index.html")  # not in the post's excerpt


def test_materials_markdown_extensions_keep_working_in_the_post_and_its_excerpt(built: BuildResult) -> None:
    afternoon = page(built, AFTERNOON)
    assert '<div class="admonition note">' in afternoon
    assert '<div class="tabbed-set tabbed-alternate"' in afternoon
    assert "(1)!" in afternoon  # the code annotation's marker, which the theme's script turns into its note
    assert '<p class="annotate">' in afternoon
    icons = re.findall(r'<span class="twemoji"><svg [^>]*>', afternoon)
    assert len(icons) == 2  # inline SVG from the theme: no request to another host
    index = page(built, "blog/index.html")
    excerpt = index.split("An afternoon post", 1)[1].split("</article>", 1)[0]
    assert '<div class="admonition note">' in excerpt and '<div class="tabbed-set tabbed-alternate"' in excerpt
    assert "twemoji" not in excerpt and "annotate" not in excerpt  # after <!-- more -->
