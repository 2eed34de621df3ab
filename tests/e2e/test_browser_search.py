"""Material's search box on the sample site: an English word and a Chinese word each find their post."""

from __future__ import annotations

import re

import pytest
from browsing import DESKTOP, Site, screenshot, watch
from playwright.sync_api import Browser


@pytest.mark.parametrize(
    ("query", "post"),
    [
        ("hegemony", "blog/2026/03/02/compute-hegemony-and-the-bubble/"),
        ("错峰", "blog/2026/08/31/deepseek-off-peak-pricing/"),  # split by jieba at build time
        ("倍率", "blog/2026/09/07/reading-relay-multipliers/"),
    ],
)
def test_a_word_finds_its_post(browser: Browser, sample_site: Site, query: str, post: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    log = watch(context, sample_site)
    page = context.new_page()
    page.goto(sample_site.url(""))
    box = page.locator("input.md-search__input")
    box.click()
    # Typing Chinese with the keyboard is unreliable; fill the box, then press a key as a reader would.
    box.fill(query)
    box.press("End")
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    first.wait_for()
    links = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "(links) => links.map((link) => link.href)"
    )
    assert links and re.split("[?#]", links[0])[0] == sample_site.url(post), links[:5]
    screenshot(page, f"search-{post.strip('/').rsplit('/', 1)[-1]}")
    assert log.console_errors == [] and log.dialogs == [] and log.foreign_requests == []
    context.close()
