"""Feeds of the built site, read back with feedparser (a real feed reader): those of the sample and of the
sample grown by valid posts hold exactly the posts the project's files publish; a small site shows the
limit and that drafts never appear."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import feedparser
from sample_blog import blog_of, project_of

from helpers import BuildResult, make_site, run_build

SITE_URL = "https://example.org/"
FEED_LIMIT = 20


def local(site: Path, url: str) -> Path:
    """The built file an absolute URL of the site points to."""
    assert url.startswith(SITE_URL), url
    path = site / url.removeprefix(SITE_URL).split("#", 1)[0]
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


def test_site_feed_holds_the_newest_posts_with_dates_links_and_tags(any_build: BuildResult) -> None:
    blog = blog_of(project_of(any_build.site))
    feed = feedparser.parse((any_build.site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Model Almanac"
    posts = blog.published[:FEED_LIMIT]
    assert [entry.link for entry in feed.entries] == [SITE_URL + post.url for post in posts]
    assert [entry.title for entry in feed.entries] == [post.title for post in posts]
    for entry, post in zip(feed.entries, posts, strict=True):
        assert local(any_build.site, entry.link).is_file()
        # Dates carry the blog's zone (Asia/Shanghai, +08:00): the instant and the offset are the post's.
        published = dt.datetime.fromisoformat(entry.published)
        assert published == post.date and published.utcoffset() == post.date.utcoffset()
        assert entry.published.endswith("+08:00")
        # The tags as `data/tags.yaml` names them, whatever alias the post wrote.
        assert [tag.term for tag in entry.tags] == list(post.tags)
        content = entry.content[0].value
        for url in re.findall(r'(?:href|src)="([^"]+)"', content):
            assert re.match(r"^(https?:|mailto:)", url), url
            if url.startswith(SITE_URL):
                assert local(any_build.site, url).is_file(), url


def test_json_feed_matches_the_atom_feed(any_build: BuildResult) -> None:
    atom = feedparser.parse((any_build.site / "feed.xml").read_bytes())
    document = json.loads((any_build.site / "feed.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == SITE_URL + "feed.json"
    assert atom.entries
    assert [item["url"] for item in document["items"]] == [entry.link for entry in atom.entries]
    assert [item["title"] for item in document["items"]] == [entry.title for entry in atom.entries]
    assert all(item["date_published"].endswith("+08:00") and item["content_html"] for item in document["items"])


def test_each_tag_has_its_feed_of_exactly_its_posts(any_build: BuildResult) -> None:
    blog = blog_of(project_of(any_build.site))
    for name in blog.used_tags():
        slug = blog.slugs[name]
        feed = feedparser.parse((any_build.site / "tags" / slug / "feed.xml").read_bytes())
        assert not feed.bozo, name
        tagged = blog.tagged(name)[:FEED_LIMIT]
        assert [entry.link for entry in feed.entries] == [SITE_URL + post.url for post in tagged], name
        assert all(name in [tag.term for tag in entry.tags] for entry in feed.entries)
        json_feed = json.loads((any_build.site / "tags" / slug / "feed.json").read_text(encoding="utf-8"))
        assert [item["url"] for item in json_feed["items"]] == [entry.link for entry in feed.entries]
        page = any_build.page(f"tags/{slug}/")
        title = f"Model Almanac — {html.escape(name)}"
        assert f'<link rel="alternate " type="application/atom+xml" title="{title}" href="feed.xml">' in page, name


def test_drafts_never_appear_and_the_limit_holds(tmp_path: Path) -> None:
    from helpers import MINIMAL_CONFIG

    posts = {
        f"2026-03-{day:02d}-p{day}.md": f"---\ntitle: Post {day}\ndate: 2026-03-{day:02d}\ntags: [a]\n---\n\nHi.\n"
        for day in range(1, 8)
    }
    posts["2026-03-09-draft.md"] = "---\ntitle: Secret\ndate: 2026-03-09\ndraft: true\ntags: [a]\n---\n\nNo.\n"
    config = MINIMAL_CONFIG.replace("  - almanac/blog\n", "  - almanac/blog:\n      feed_limit: 5\n")
    result = run_build(make_site(tmp_path, posts, config=config))
    assert result.returncode == 0, result.output
    for path in ("feed.xml", "tags/a/feed.xml"):
        feed = feedparser.parse((result.site / path).read_bytes())
        assert [entry.title for entry in feed.entries] == ["Post 7", "Post 6", "Post 5", "Post 4", "Post 3"]
    assert "Secret" not in (result.site / "feed.json").read_text(encoding="utf-8")
