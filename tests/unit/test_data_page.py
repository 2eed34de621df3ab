"""Entity pages in MkDocs: no Markdown to convert, and parts of the theme's page shared by the
pages of a kind only when two of them drew the same HTML; their sections drawn when written
("Timeline", "Mentioned in", each listing the newest posts and counting the older), on the
small project tests/fixtures/entities."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from almanac.core.data.datasets import load_datasets
from almanac.core.data.pages.catalogue import CHANGES_URL, GeneratedPage, catalogue, feed_urls
from almanac.core.data.pages.content import page_content
from almanac.core.data.pages.sections import (
    MENTIONED_LIMIT,
    SECTIONS,
    TIMELINE_POSTS,
    FeedLinks,
    feed_head_html,
    fill_sections,
    mentioned_in_html,
    section_linker,
    section_slot,
    timeline_html,
)
from almanac.core.data.timeline import entity_timeline, with_posts
from almanac.core.links.model import Mention, PageRef
from almanac.core.urls import page_linker
from almanac.mkdocs.data.page import TEMPLATE, DataPage, kind_of
from almanac.mkdocs.shared import SharedBlocks


def _config(tmp_path: Path) -> MkDocsConfig:
    config = MkDocsConfig()
    (tmp_path / "docs").mkdir(exist_ok=True)
    config.load_dict({"site_name": "Test", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    errors, _warnings = config.validate()
    assert not errors
    return config


def _page(config: MkDocsConfig, kind: str, entity: str, title: str) -> DataPage:
    generated = GeneratedPage(kind, f"{kind}s/{entity}/", title, entity)
    return DataPage(generated, _file(config, generated.src_uri), config)


def _file(config: MkDocsConfig, src_uri: str) -> File:
    return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)


def test_a_data_page_has_its_title_and_no_markdown(tmp_path: Path) -> None:
    config = _config(tmp_path)
    page = _page(config, "model", "a", "A <b> & B")
    assert page.file.page is page
    page.read_source(config)
    page.render(config, Files([page.file]))
    assert page.title == "A &lt;b&gt; &amp; B"  # the theme writes titles unescaped
    assert page.meta["template"] == TEMPLATE and page.meta["hide"] == ["toc"]
    assert page.content == "" and page.present_anchor_ids == set() and len(page.toc) == 0


def _environment(template: str, shared: SharedBlocks) -> jinja2.Environment:
    loader = jinja2.DictLoader(
        {
            "base.html": template,
            "page.html": '{% extends "base.html" %}'
            '{% block nav %}{% call almanac_shared("nav") %}{{ super() }}{% endcall %}{% endblock %}',
        }
    )
    env = jinja2.Environment(loader=loader)
    env.globals["almanac_shared"] = shared
    return env


def test_parts_drawn_the_same_twice_are_shared(tmp_path: Path) -> None:
    config = _config(tmp_path)
    shared = SharedBlocks()
    shared.add_kinds(kind_of)
    env = _environment("<h1>{{ page.title }}</h1>{% block nav %}<nav>menu</nav>{% endblock %}", shared)
    pages = [_page(config, "model", f"m{n}", f"Model {n}") for n in range(4)]
    for page in pages:
        page.read_source(config)
    outputs = [env.get_template("page.html").render(page=page) for page in pages]
    assert outputs == [f"<h1>Model {n}</h1><nav>menu</nav>" for n in range(4)]
    assert shared.reused == 2  # drawn for the first two pages, reused for the last two


def test_a_part_that_shows_the_page_is_drawn_for_every_page(tmp_path: Path) -> None:
    config = _config(tmp_path)
    shared = SharedBlocks()
    shared.add_kinds(kind_of)
    env = _environment("{% block nav %}<nav>{{ page.title }}</nav>{% endblock %}", shared)
    pages = [_page(config, "model", f"m{n}", f"Model {n}") for n in range(4)]
    for page in pages:
        page.read_source(config)
    outputs = [env.get_template("page.html").render(page=page) for page in pages]
    assert outputs == [f"<nav>Model {n}</nav>" for n in range(4)]
    assert shared.reused == 0


def test_kinds_and_other_pages_do_not_share(tmp_path: Path) -> None:
    config = _config(tmp_path)
    shared = SharedBlocks()
    shared.add_kinds(kind_of)
    env = _environment("{% block nav %}<nav>{{ page.file.src_uri.split('/')[0] }}</nav>{% endblock %}", shared)
    pages = [_page(config, kind, f"x{n}", "X") for kind in ("model", "vendor") for n in range(3)]
    outputs = [env.get_template("page.html").render(page=page) for page in pages]
    assert outputs == ["<nav>models</nav>"] * 3 + ["<nav>vendors</nav>"] * 3
    assert shared.reused == 2  # the third model and the third vendor
    plain = Page(None, _file(config, "about.md"), config)
    assert env.get_template("page.html").render(page=plain) == "<nav>about.md</nav>"
    assert shared.reused == 2


# --------------------------------------------------------------------------------------------
# Sections drawn when the page is written
# --------------------------------------------------------------------------------------------

ENTITIES = Path(__file__).resolve().parents[1] / "fixtures" / "entities"
AT = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")
POST = PageRef(
    "blog/posts/a.md", 'Acme <b>cuts</b> & "more"', "blog/2026/09/02/a/", dt.datetime(2026, 9, 2, tzinfo=SHANGHAI)
)
OLDER = PageRef("blog/posts/b.md", "Older", "blog/2026/01/05/b/", dt.datetime(2026, 1, 5, tzinfo=SHANGHAI))
ABOUT = PageRef("about.md", "About", "about/", None)


def mention(text: str, before: str = "", after: str = "", kind: str = "model") -> Mention:
    return Mention((kind, "acme-one"), before, text, after, explicit=False)  # type: ignore[arg-type]


def test_mentioned_in_lists_each_page_once_with_its_sentence_marked_and_escaped() -> None:
    link = page_linker("vendors/acme/")
    html = mentioned_in_html(
        "Acme",
        [
            (POST, mention("<Acme-One>", before="Why ", after=" & co. won.")),
            (POST, mention("Acme", kind="vendor")),  # the same page, for the vendor: shown once
            (OLDER, mention("极致", after="又降价了。", kind="vendor")),
            (ABOUT, mention("Acme")),
        ],
        link=link,
    )
    items = re.findall(r"<li>.*?</li>", html, re.S)
    assert len(items) == 3
    assert '<time datetime="2026-09-02">2026-09-02</time>' in items[0]
    assert '<a href="../../blog/2026/09/02/a/">Acme &lt;b&gt;cuts&lt;/b&gt; &amp; &#34;more&#34;</a>' in items[0]
    assert "Why <mark>&lt;Acme-One&gt;</mark> &amp; co. won." in items[0]
    assert "<mark>极致</mark>又降价了。" in items[1]
    assert "<time" not in items[2] and '<a href="../../about/">About</a>' in items[2]
    assert html.startswith('<h2 id="mentioned-in">Mentioned in</h2>')


def test_mentioned_in_quotes_the_newest_posts_and_every_page_without_a_date_and_counts_the_rest() -> None:
    posts = [
        PageRef(f"blog/posts/{n}.md", f"Post {n}", f"blog/2026/09/{n:02}/p/", dt.datetime(2026, 9, n, tzinfo=SHANGHAI))
        for n in range(28, 0, -1)  # newest first, as the backlinks hand them
    ]
    handed = [(post, mention("Acme-One")) for post in posts] + [(ABOUT, mention("Acme-One"))]
    html = mentioned_in_html("Acme <One>", handed, link=page_linker("models/acme-one/"))
    items = re.findall(r"<li>.*?</li>", html, re.S)
    assert len(items) == MENTIONED_LIMIT + 1  # the ten newest posts, then the page without a date
    assert '<a href="../../blog/2026/09/28/p/">Post 28</a>' in items[0]
    assert '<a href="../../blog/2026/09/19/p/">Post 19</a>' in items[MENTIONED_LIMIT - 1]
    assert '<a href="../../about/">About</a>' in items[-1]
    assert "Post 18" not in html
    # 28 posts: more than the timeline lists, which says how many of them it does.
    assert TIMELINE_POSTS < 28
    assert (
        '<p class="almanac-mentions__more">And 18 older posts mentioning Acme &lt;One&gt;:'
        f' the {TIMELINE_POSTS} newest posts are in <a href="#timeline">its timeline</a>.</p>'
    ) in html
    all_listed = mentioned_in_html("Acme", handed, link=page_linker("models/acme-one/"), in_timeline=28)
    assert "And 18 older posts mentioning Acme: every post is in <a" in all_listed
    one_more = mentioned_in_html("Acme", handed[:11], link=page_linker("models/acme-one/"), limit=10)
    assert "And 1 older post mentioning Acme: every post is in" in one_more
    assert "almanac-mentions__more" not in mentioned_in_html("Acme", handed[:10], link=page_linker("models/acme-one/"))
    # Handed the newest only, and how many there are in all.
    newest = mentioned_in_html("Acme", handed[:10], link=page_linker("models/acme-one/"), posts=2_028)
    assert re.findall(r"<li>.*?</li>", newest, re.S) == items[:MENTIONED_LIMIT]
    assert f"And 2,018 older posts mentioning Acme: the {TIMELINE_POSTS} newest posts are in" in newest


def test_mentioned_in_without_mentions_says_so() -> None:
    html = mentioned_in_html("Acme <One>", [], link=page_linker("models/acme-one/"))
    assert "<p>No posts mention Acme &lt;One&gt; yet.</p>" in html and "<ul" not in html


def test_the_timeline_links_other_pages_and_its_feeds_not_itself() -> None:
    data = load_datasets(ENTITIES, today=AT.date())
    link = page_linker("providers/acme-api/")
    entries = with_posts(entity_timeline(data, "provider", "acme-api", at=AT), [(POST, mention("Acme-One"))])
    feeds = FeedLinks("providers/acme-api/feed.xml", "providers/acme-api/feed.json")
    html = timeline_html(
        "Acme API", entries, page_url="providers/acme-api/", link=link, feeds=feeds, as_of="2026-12-05"
    )
    items = re.findall(r"<li .*?</li>", html, re.S)
    assert len(items) == len(entries) == 7
    # An incident is on this page: not a link. A price change is on its model's page: a link.
    assert "<strong>Incident</strong> · Acme API: Slow responses <span" in items[0]
    assert '<time datetime="2026-09-02T00:00:00+08:00">2026-09-02</time> · <strong>Post</strong>' in items[3]
    assert '<a href="../../blog/2026/09/02/a/">Acme &lt;b&gt;cuts&lt;/b&gt;' in items[3]
    assert "&lt;b&gt;Errors&lt;/b&gt; &amp; &#34;timeouts&#34;" in items[1]
    assert '<a href="../../models/acme-one/">Acme-One input at Acme API: ¥2.00 → ¥1.00 (-50 %)</a>' in items[4]
    assert '<a href="feed.xml" type="application/atom+xml">' in html and '<a href="feed.json"' in html
    empty = timeline_html("Hub", [], page_url="providers/hub/", link=link, feeds=None, as_of="2026-12-05")
    assert "No price changes or posts about Hub up to 2026-12-05." in empty and "feed" not in empty


def test_the_timeline_lists_every_change_and_the_newest_posts_and_counts_the_older() -> None:
    data = load_datasets(ENTITIES, today=AT.date())
    posts = [
        PageRef(f"blog/posts/{n}.md", f"Post {n}", f"blog/2026/{n:02}/01/p/", dt.datetime(2026, n, 1, tzinfo=SHANGHAI))
        for n in range(12, 0, -1)  # one a month; Acme-One's prices changed on 2026-05-01 and 2026-09-01
    ]
    handed = [(post, mention("Acme-One")) for post in posts] + [(ABOUT, mention("Acme-One"))]
    html = timeline_html(
        "Acme <One>",
        with_posts(entity_timeline(data, "model", "acme-one", at=AT), handed, limit=5),
        page_url="models/acme-one/",
        link=page_linker("models/acme-one/"),
        feeds=None,
        as_of="2026-12-05",
        posts=12,
        oldest="2026-01-01",
        limit=3,
    )
    rows = [re.sub(r"<[^>]+>", "", row) for row in re.findall(r"<li .*?</li>", html, re.S)]
    assert [row.split(" · ")[0] + " " + row.split(" · ")[1] for row in rows] == [
        "2026-12-01 Post",
        "2026-11-01 Post",
        "2026-10-01 Post",  # the three newest posts, then the changes only: every one of them
        "2026-09-01 Price",
        "2026-09-01 Price",
        "2026-05-01 Price",
    ]
    assert (
        '<p class="almanac-timeline__more">And 9 older posts mention Acme &lt;One&gt;, back to'
        ' <time datetime="2026-01-01">2026-01-01</time>: the timeline lists the 3 newest posts and every'
        " price change.</p>"
    ) in html
    # Without a count handed, the posts of the entries are all there are.
    one = timeline_html(
        "Acme",
        with_posts([], handed[:4]),
        page_url="models/acme-one/",
        link=page_linker("models/acme-one/"),
        feeds=None,
        as_of="2026-12-05",
        limit=3,
        incidents=True,
    )
    assert len(re.findall(r"<li ", one)) == 3
    assert "And 1 older post mentions Acme: the timeline lists the 3 newest posts and every price change and" in one
    assert "almanac-timeline__more" not in timeline_html(
        "Acme", with_posts([], handed[:3]), page_url="x/", link=page_linker("x/"), feeds=None, as_of="", limit=3
    )


def test_entity_pages_hold_the_sections_slots_and_the_price_changes_page_its_feeds() -> None:
    data = load_datasets(ENTITIES, today=AT.date())
    pages = {page.url: page for page in catalogue(data)}
    assert feed_urls(pages["models/acme-one/"]) == ("models/acme-one/feed.xml", "models/acme-one/feed.json")
    assert feed_urls(pages[CHANGES_URL]) == ("prices/changes/feed.xml", "prices/changes/feed.json")
    assert feed_urls(pages["prices/"]) is None
    for url in ("models/acme-one/", "vendors/acme/", "providers/hub/"):
        html = page_content(pages[url], url, data, at=AT).html
        assert all(html.count(section_slot(name)) == 1 for name in SECTIONS)
        drawn = fill_sections(html, {"timeline": "<p>T</p>", "mentioned-in": ""})
        assert "<p>T</p>" in drawn and "data-almanac-section" not in drawn
    changes = page_content(pages[CHANGES_URL], CHANGES_URL, data, at=AT)
    assert '<a href="feed.xml" type="application/atom+xml">' in changes.html
    assert [spec.kind for spec, _ in changes.blocks] == ["history"]
    assert "feed.xml" not in page_content(pages[CHANGES_URL], CHANGES_URL, data, at=AT, feeds=False).html
    assert '<a href="changes/">price changes</a>' in page_content(pages["prices/"], "prices/", data, at=AT).html


def test_the_sections_link_as_every_other_part_of_the_site() -> None:
    pages = ["models/acme-one/", "vendors/acme/", "providers/a/b/", "about/", "models/x.html", "index.html", ""]
    targets = [
        "",
        "blog/2026/09/02/a/",
        "models/acme-two/",
        "models/acme-one/",
        "models/acme-one/feed.xml",
        "models",
        "modelsx/a/",
        "vendors/acme/",
        "vendors/acme/feed.json",
        "providers/a/",
        "a//b/",
        "a/./b/",
        "a/../b/",
        "./a/",
        "../a/",
        "/a/",
        "a/b.html",
        "大模型/",
    ]
    for directory_urls in (True, False):
        for page_url in pages:
            fast, slow = section_linker(page_url, directory_urls), page_linker(page_url, directory_urls)
            assert [fast(target) for target in targets] == [slow(target) for target in targets], page_url
    assert section_linker("models/acme-one/")("blog/2026/09/02/a/") == "../../blog/2026/09/02/a/"


def test_feed_links_for_the_head_are_escaped() -> None:
    html = feed_head_html('Almanac — A "B" <C>', "feed.xml", "feed.json")
    assert html == (
        '<link rel="alternate " type="application/atom+xml" title="Almanac — A &#34;B&#34; &lt;C&gt;" href="feed.xml">'
        '<link rel="alternate " type="application/feed+json" title="Almanac — A &#34;B&#34; &lt;C&gt;" '
        'href="feed.json">'
    )
