"""The theme's search box on the sample site, answered by `almanac/search` (Pagefind): an English word
and a Chinese word each find their post first, and only posts and entity pages are found, in an index
of one part as in one of several (a big site's); the `/`, `s` and `f` shortcuts open the box; a result
opens its page with the query highlighted; nothing is asked of another host."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator

import pytest
from browsing import DESKTOP, Site, screenshot, serve, watch
from playwright.sync_api import Browser, Page

from helpers import copy_project, run_build

RESULT_LINKS = ".md-search-result__item > a.md-search-result__link"
#: What a result may be: a post, or the page of a model, vendor or provider.
FOUND_PAGE = re.compile(r"^(blog/\d{4}/\d{2}/\d{2}/[^/]+|models/[^/]+|vendors/[^/]+|providers/[^/]+)/$")


def search(page: Page, query: str) -> list[str]:
    """Type `query` into the open box and return the result links, once the first is drawn."""
    box = page.locator("input.md-search__input")
    # Typing Chinese with the keyboard is unreliable; fill the box, then press a key as a reader would.
    box.fill(query)
    box.press("End")
    page.locator(RESULT_LINKS).first.wait_for()
    links: list[str] = page.locator(RESULT_LINKS).evaluate_all("(links) => links.map((link) => link.href)")
    return links


#: Words, English and Chinese, and the post each finds first.
WORDS = [
    ("hegemony", "blog/2026/03/02/compute-hegemony-and-the-bubble/"),
    ("错峰", "blog/2026/08/31/deepseek-off-peak-pricing/"),
    ("倍率", "blog/2026/09/07/reading-relay-multipliers/"),
]


@contextlib.contextmanager
def searched(browser: Browser, site: Site, query: str, post: str) -> Iterator[tuple[Page, list[str]]]:
    """The home page of `site` with `query` in the box, and the result links, the first `post`'s; the
    page must log no error, open no dialog and ask nothing of another host."""
    context = browser.new_context(viewport=DESKTOP)
    log = watch(context, site)
    page = context.new_page()
    page.goto(site.url(""))
    page.locator("input.md-search__input").click()
    links = search(page, query)
    assert links and re.split("[?#]", links[0])[0] == site.url(post), links[:5]
    yield page, links
    assert log.console_errors == [] and log.dialogs == [] and log.foreign_requests == []
    context.close()


@pytest.mark.parametrize(("query", "post"), WORDS)
def test_a_word_finds_its_post(browser: Browser, sample_site: Site, query: str, post: str) -> None:
    with searched(browser, sample_site, query, post) as (page, links):
        for link in links:
            assert FOUND_PAGE.match(re.split("[?#]", link)[0].removeprefix(sample_site.base)), link
        screenshot(page, f"search-{post.strip('/').rsplit('/', 1)[-1]}")


@pytest.fixture(scope="module")
def site_in_parts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The sample, its index written in parts of at most 8 pages (as a big site's is in parts of 2,000)."""
    project = copy_project(tmp_path_factory.mktemp("parts"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    in_parts = text.replace("  - almanac/search\n", "  - almanac/search:\n      part_size: 8\n")
    config.write_text(in_parts, encoding="utf-8")
    build = run_build(project)
    assert build.returncode == 0, build.output
    with serve("parts", build.site) as site:
        yield site


@pytest.mark.parametrize(("query", "post"), WORDS)
def test_an_index_in_parts_finds_a_word_in_any_part(
    browser: Browser, site_in_parts: Site, query: str, post: str
) -> None:
    index = site_in_parts.root / "pagefind"
    parts = json.loads((index / "almanac-parts.json").read_text(encoding="utf-8"))
    assert len(parts) >= 3 and all((index / part / "pagefind-entry.json").is_file() for part in parts), parts
    with searched(browser, site_in_parts, query, post):
        pass


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_a_shortcut_opens_the_box(browser: Browser, sample_site: Site, key: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(sample_site.url("about/"))
    box = page.locator("input.md-search__input")
    assert not box.evaluate("(box) => box === document.activeElement")
    page.keyboard.press(key)
    assert box.evaluate("(box) => box === document.activeElement")
    assert box.input_value() == ""  # the key opened the box, it was not typed into it
    assert search(page, "relay")
    context.close()


@pytest.mark.parametrize(
    ("query", "post"),
    [
        ("hegemony", "blog/2026/03/02/compute-hegemony-and-the-bubble/"),
        ("倍率", "blog/2026/09/07/reading-relay-multipliers/"),
    ],
)
def test_a_result_highlights_the_query_on_its_page(browser: Browser, sample_site: Site, query: str, post: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    log = watch(context, sample_site)
    page = context.new_page()
    page.goto(sample_site.url(""))
    page.keyboard.press("/")
    search(page, query)
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_url(re.compile(re.escape(sample_site.url(post))))
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for()
    assert {text.lower() for text in marks.all_inner_texts()} == {query}
    assert log.console_errors == [] and log.dialogs == [] and log.foreign_requests == []
    context.close()


def test_the_feeds_of_a_page_are_not_taken_for_translations_of_the_site(browser: Browser, sample_site: Site) -> None:
    # Material downloads `sitemap.xml` for its instant navigation, and beside every `<link>` it takes for a
    # translation of the site: each sitemap parsed on the page's main thread before the search box may ask
    # anything (0.5 s at 3,000 posts). The links by which feed readers find a page's feeds (the blog's two on
    # every page, a tag's beside them on its page) must not be taken for translations.
    context = browser.new_context(viewport=DESKTOP)
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url) if "sitemap" in request.url else None)
    page = context.new_page()
    page.goto(sample_site.url("tags/"))
    tag: str = page.locator(".md-content a[href*='tags/']").first.evaluate("(link) => link.href")
    for url in (sample_site.url(""), tag):
        asked.clear()
        page.goto(url, wait_until="networkidle")
        features = page.evaluate("JSON.parse(document.getElementById('__config').textContent).features")
        feeds = page.locator("head link[type='application/atom+xml']").count()
        assert feeds >= 1, url
        assert asked == ([sample_site.url("sitemap.xml")] if "navigation.instant" in features else []), url
    context.close()
