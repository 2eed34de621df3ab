"""Feeds of the built site, read back with feedparser (a real feed reader)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import yaml

from helpers import ROOT, BuildResult, make_site, run_build

SITE_URL = "https://example.org/"
POSTS = sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def local(site: Path, url: str) -> Path:
    """The built file an absolute URL of the site points to."""
    assert url.startswith(SITE_URL), url
    path = site / url.removeprefix(SITE_URL).split("#", 1)[0]
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


def test_site_feed_holds_the_newest_posts_with_dates_links_and_tags(sample_build: BuildResult) -> None:
    feed = feedparser.parse((sample_build.site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Model Almanac"
    posts = sorted(POSTS, key=lambda p: (front(p)["date"], p.name), reverse=True)
    assert [entry.title for entry in feed.entries] == [front(p)["title"] for p in posts][:20]
    for entry, path in zip(feed.entries, posts, strict=False):
        meta = front(path)
        assert local(sample_build.site, entry.link).is_file()
        # Dates carry the blog's zone (Asia/Shanghai): midnight there is 16:00 UTC the day before.
        published = dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC)
        day = meta["date"]
        assert published == dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) - dt.timedelta(hours=8)
        assert entry.published.endswith("+08:00")
        assert [tag.term for tag in entry.tags] == meta["tags"]
        content = entry.content[0].value
        for url in re.findall(r'(?:href|src)="([^"]+)"', content):
            assert re.match(r"^(https?:|mailto:)", url), url
            if url.startswith(SITE_URL):
                assert local(sample_build.site, url).is_file(), url


def test_json_feed_matches_the_atom_feed(sample_build: BuildResult) -> None:
    atom = feedparser.parse((sample_build.site / "feed.xml").read_bytes())
    document = json.loads((sample_build.site / "feed.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == SITE_URL + "feed.json"
    assert [item["url"] for item in document["items"]] == [entry.link for entry in atom.entries]
    assert [item["title"] for item in document["items"]] == [entry.title for entry in atom.entries]
    assert all(item["date_published"].endswith("+08:00") and item["content_html"] for item in document["items"])


def test_each_tag_has_its_feed(sample_build: BuildResult) -> None:
    feed = feedparser.parse((sample_build.site / "tags" / "pricing" / "feed.xml").read_bytes())
    assert not feed.bozo
    tagged = [p for p in POSTS if "pricing" in front(p)["tags"]]
    assert len(feed.entries) == len(tagged)
    assert all("pricing" in [tag.term for tag in entry.tags] for entry in feed.entries)
    page = sample_build.page("tags/pricing/")
    assert '<link rel="alternate" type="application/atom+xml" title="Model Almanac — pricing" href="feed.xml">' in page


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
