"""The blog's side of the links between posts and data, in real builds of `tests/fixtures/blog-links/` (four
posts, two vendors, their models, two providers) with the three plugins, and without `almanac/links`: what a
reader sees at the end of each post ("In this post", with prices and states), on a tag page (the entities its
posts discuss most), and in related posts (shared entities count beside shared tags)."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

from helpers import BuildResult, run_build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "blog-links"

CHEAPER = "blog/2026/11/01/cheaper-reasoning/"
GLM = "blog/2026/11/10/glm-5/"
CHIPS = "blog/2026/11/20/chips-and-reasoning/"
OPEN = "blog/2026/11/25/open-labs/"


def resolve(url: str, link: str) -> str:
    """The site path a relative `link` on the page at `url` leads to."""
    return urljoin("https://h.invalid/" + url, html.unescape(link)).removeprefix("https://h.invalid/")


def section(page: str, css_class: str) -> str | None:
    """The HTML of the page's `<section class="css_class">`, if it has one."""
    if f'<section class="{css_class}"' not in page:
        return None
    return page.split(f'<section class="{css_class}"', 1)[1].split("</section>", 1)[0]


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def in_this_post(result: BuildResult, url: str) -> list[tuple[str, str, str, str]]:
    """(the page it leads to, name, kind, summary) of each entity "In this post" lists, in order."""
    found = section(result.page(url), "almanac-in-post")
    if found is None:
        return []
    assert '<h2 id="almanac-in-post">In this post</h2>' in found
    items = re.findall(r"<li>(.*?)</li>", found, re.S)
    listed = []
    for item in items:
        link = re.search(r'<a href="([^"]+)">([^<]*)</a>', item)
        kind = re.search(r'<span class="almanac-in-post__kind">([^<]*)</span>', item)
        summary = re.search(r'<span class="almanac-in-post__summary">([^<]*)</span>', item)
        assert link and kind, item
        target = resolve(url, link.group(1))
        assert (result.site / target / "index.html").is_file(), f"{url}: {target} leads to no page"
        listed.append(
            (target, html.unescape(link.group(2)), kind.group(1), html.unescape(summary.group(1)) if summary else "")
        )
    return listed


def most_discussed(result: BuildResult, url: str) -> list[tuple[str, str, str]]:
    """(the page it leads to, name, "· n posts") of each entity a tag page names."""
    found = section(result.page(url), "almanac-tag-entities")
    if found is None:
        return []
    rows = re.findall(
        r'<li><a href="([^"]+)">([^<]*)</a> <span class="almanac-tag-entities__count">([^<]*)</span></li>', found
    )
    return [(resolve(url, href), html.unescape(name), count) for href, name, count in rows]


def related(result: BuildResult, url: str) -> list[str]:
    found = section(result.page(url), "almanac-related")
    return [resolve(url, href) for href in re.findall(r'<li><a href="([^"]+)">', found or "")]


def build(root: Path, *, links: bool) -> BuildResult:
    project = root / "project"
    shutil.copytree(FIXTURE, project)
    if not links:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("  - almanac/links\n", ""), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(tmp_path_factory.mktemp("blog-links"), links=True)


@pytest.fixture(scope="module")
def unlinked(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(tmp_path_factory.mktemp("blog-no-links"), links=False)


DEEPSEEK_V4_PRO = ("models/deepseek-v4-pro/", "DeepSeek-V4-Pro", "model", "input $1.32 · output $3.96 per 1M tokens")


def test_each_post_ends_with_the_entities_it_names_in_order_with_price_or_state(linked: BuildResult) -> None:
    assert in_this_post(linked, CHEAPER) == [
        ("vendors/deepseek/", "DeepSeek", "vendor", ""),
        DEEPSEEK_V4_PRO,
        # The provider is probed: its state on the build date, as the status page says it.
        ("providers/deepseek/", "DeepSeek API", "provider", "Operational"),
    ]
    # An explicit `[[glm-5]]` is listed like a mention, after the vendor named before it.
    assert in_this_post(linked, GLM) == [
        ("vendors/zhipu/", "Zhipu AI", "vendor", ""),
        ("models/glm-5/", "GLM-5", "model", "input $1.00 · output $3.20 per 1M tokens"),
    ]
    assert in_this_post(linked, CHIPS) == [DEEPSEEK_V4_PRO]
    assert in_this_post(linked, OPEN) == [("vendors/deepseek/", "DeepSeek", "vendor", "")]
    # After the post's content, before its tags, related posts and neighbours.
    page = linked.page(CHEAPER)
    footer = page.split('<footer class="almanac-post__footer">', 1)[1]
    assert footer.index("almanac-in-post") < footer.index("almanac-chip") < footer.index("almanac-related")
    assert footer.index("almanac-related") < footer.index("almanac-post-nav")


def test_in_this_post_is_not_in_the_posts_content_excerpt_feeds_or_search(linked: BuildResult) -> None:
    content = linked.page(CHEAPER).split("</header>", 1)[1].split('<footer class="almanac-post__footer">', 1)[0]
    assert "In this post" not in content
    # Listings show the excerpt; feeds and the search index the content: none holds the list.
    assert "In this post" not in linked.page("blog/")
    assert "In this post" not in linked.page("tags/pricing/")
    for feed in ("feed.xml", "feed.json", "tags/large-model/feed.xml"):
        written = (linked.site / feed).read_text(encoding="utf-8")
        assert "DeepSeek-V4-Pro" in written and "In this post" not in written, feed
        assert "almanac-in-post" not in written and "per 1M tokens" not in written, feed
    index = json.loads((linked.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    assert "DeepSeek-V4-Pro" in words
    assert "In this post" not in words and "per 1M tokens" not in words and "Most discussed" not in words
    # The search plugin reads a post with its links to entities unwrapped: its entry holds their names
    # as text, and the written post keeps the links.
    entry = next(doc for doc in index["docs"] if doc["location"] == CHEAPER)
    assert entry["text"] == (
        "<p>DeepSeek cut the price of DeepSeek-V4-Pro again this autumn.</p> "
        "<p>Calls go through the DeepSeek API, which kept up all week.</p>"
    )
    assert len(re.findall(r'<a class="almanac-entity[^"]*" href="[^"]+">', content)) == 3


def test_a_tag_page_names_the_entities_its_posts_discuss_most(linked: BuildResult) -> None:
    # "large model": Cheaper reasoning, GLM-5 arrives, Open labs. DeepSeek is named by two of them;
    # the others by one each, by name.
    assert most_discussed(linked, "tags/large-model/") == [
        ("vendors/deepseek/", "DeepSeek", "· 2 posts"),
        ("providers/deepseek/", "DeepSeek API", "· 1 post"),
        ("models/deepseek-v4-pro/", "DeepSeek-V4-Pro", "· 1 post"),
        ("models/glm-5/", "GLM-5", "· 1 post"),
        ("vendors/zhipu/", "Zhipu AI", "· 1 post"),
    ]
    assert most_discussed(linked, "tags/chips/") == [("models/deepseek-v4-pro/", "DeepSeek-V4-Pro", "· 1 post")]
    page = linked.page("tags/large-model/")
    heading = '<h2 id="almanac-tag-entities">Most discussed in large model</h2>'
    assert heading in page
    # Between the tag's header and its posts.
    assert page.index("</header>") < page.index(heading) < page.index('class="almanac-card"')


def test_related_posts_weigh_shared_entities_beside_shared_tags(linked: BuildResult, unlinked: BuildResult) -> None:
    # Chips and reasoning shares no tag with any post: alone, it has no related posts; it names
    # DeepSeek-V4-Pro, as Cheaper reasoning does.
    assert related(unlinked, CHIPS) == []
    assert related(linked, CHIPS) == [CHEAPER]
    # Cheaper reasoning shares "large model" with GLM-5 arrives and Open labs (the newer first); with
    # entities, Open labs (also DeepSeek) stays first and Chips and reasoning (DeepSeek-V4-Pro) passes
    # GLM-5 arrives (no entity in common).
    assert related(unlinked, CHEAPER) == [OPEN, GLM]
    assert related(linked, CHEAPER) == [OPEN, CHIPS, GLM]


def test_without_the_links_plugin_posts_and_tags_show_no_entities(unlinked: BuildResult) -> None:
    for url in (CHEAPER, GLM, CHIPS, OPEN):
        assert "almanac-in-post" not in unlinked.page(url), url
    assert "almanac-tag-entities" not in unlinked.page("tags/large-model/")


HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> & co'
HOSTILE_VENDOR = f"""\
schema_version: 1
vendor:
  id: hostile
  name: {json.dumps("Lab " + HOSTILE)}
  country: CN
  homepage: https://example.org
models:
  - id: hostile-1
    name: {json.dumps("Model " + HOSTILE)}
    api_ids: [hostile-1]
    lifecycle: {{status: active}}
    context_window: 8000
    capabilities: [tools]
    offers:
      - provider: zai
        region: intl
        currency: USD
        unit: per_mtok
        service_tier: standard
        periods:
          - from: null
            to: null
            rates: {{input: "2", output: "4"}}
            source: "https://example.org/prices"
            checked: 2026-11-19
"""
HOSTILE_POST = (
    "---\ntitle: Hostile names\ndate: 2026-11-26\ntags: [chips]\n---\n\nOn [[hostile-1]] by [[vendor:hostile]].\n"
)


def test_names_from_the_data_stay_text_in_the_post_and_on_the_tag_page(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    (project / "data" / "vendors" / "hostile.yaml").write_text(HOSTILE_VENDOR, encoding="utf-8")
    (project / "docs" / "blog" / "posts" / "2026-11-26-hostile.md").write_text(HOSTILE_POST, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    url = "blog/2026/11/26/hostile/"
    assert in_this_post(result, url) == [
        ("models/hostile-1/", "Model " + HOSTILE, "model", "input $2.00 · output $4.00 per 1M tokens"),
        ("vendors/hostile/", "Lab " + HOSTILE, "vendor", ""),
    ]
    listed = most_discussed(result, "tags/chips/")
    assert ("models/hostile-1/", "Model " + HOSTILE, "· 1 post") in listed
    for fragment in (
        section(result.page(url), "almanac-in-post"),
        section(result.page("tags/chips/"), "almanac-tag-entities"),
    ):
        assert fragment is not None
        assert "<script" not in fragment and "<img" not in fragment and "&lt;script&gt;" in fragment
