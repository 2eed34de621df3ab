"""Feeds (`core/feeds.py`, and a post's entry of `core/blog/feeds.py`): Atom and JSON Feed
documents, read back by a real feed reader and by plain parsers."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import time
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser
import jsonschema
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almanac.core.blog.feeds import entry_for
from almanac.core.blog.posts import Author, Post
from almanac.core.feeds import (
    ATOM_NS,
    EPOCH,
    JSON_FEED_VERSION,
    Feed,
    FeedEntry,
    absolute_url,
    absolutize,
    atom_feed,
    json_feed,
    rfc3339,
    select_entries,
)

SITE = "https://example.org/almanac/"
SHANGHAI = ZoneInfo("Asia/Shanghai")
A = f"{{{ATOM_NS}}}"

# The members of JSON Feed 1.1 that our feeds write, with the types the specification gives.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": JSON_FEED_VERSION},
        "title": {"type": "string"},
        "home_page_url": {"type": "string", "format": "uri"},
        "feed_url": {"type": "string", "format": "uri"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"$ref": "#/$defs/authors"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "date_published": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"},
                    "date_modified": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"},
                    "authors": {"$ref": "#/$defs/authors"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            },
        },
    },
    "$defs": {
        "authors": {
            "type": "array",
            "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        }
    },
}


def entry(
    slug: str,
    published: dt.datetime,
    *,
    title: str | None = None,
    updated: dt.datetime | None = None,
    summary: str | None = None,
    html: str = "<p>Text.</p>",
    authors: tuple[str, ...] = ("Lin Wei",),
    categories: tuple[str, ...] = ("pricing",),
) -> FeedEntry:
    return FeedEntry(
        url=f"{SITE}blog/{slug}/",
        title=title or slug.replace("-", " ").capitalize(),
        published=published,
        updated=updated,
        summary=summary,
        content_html=html,
        authors=authors,
        categories=categories,
    )


def feed_of(entries: tuple[FeedEntry, ...], **changes: Any) -> Feed:
    values: dict[str, Any] = {
        "title": "Model Almanac",
        "subtitle": "Notes on the large-model industry",
        "home_url": f"{SITE}blog/",
        "feed_url": f"{SITE}feed.xml",
        "json_feed_url": f"{SITE}feed.json",
        "language": "zh",
        "entries": entries,
    }
    values.update(changes)
    return Feed(**values)


def instant(parsed: time.struct_time) -> int:
    """Seconds since the epoch of feedparser's `*_parsed` value (a struct_time in UTC)."""
    return calendar.timegm(parsed)


def read_atom(text: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def read_json(text: str) -> Any:
    document = json.loads(text)
    jsonschema.validate(document, JSON_FEED_SCHEMA)
    return document


# A small site: three posts in two zones, one updated, one with a relative link and an image.
FIRST = entry("first-relay", dt.datetime(2026, 3, 1, 9, 30, tzinfo=SHANGHAI), summary="The first one.")
SECOND = entry(
    "second",
    dt.datetime(2026, 3, 15, tzinfo=dt.UTC),
    updated=dt.datetime(2026, 4, 2, 8, 0, tzinfo=SHANGHAI),
    authors=("Lin Wei", "Ana Costa"),
    categories=("pricing", "大模型"),
    html=absolutize(
        '<p>See <a href="../first-relay/">the first</a> and <img alt="chart" src="chart.png"></p>',
        "blog/second/",
        SITE,
    ),
)
THIRD = entry("third", dt.datetime(2026, 3, 30, tzinfo=SHANGHAI), authors=())


# --------------------------------------------------------------------------------------------
# Atom, read by a feed reader
# --------------------------------------------------------------------------------------------


def test_atom_feed_is_read_back_with_its_entries_in_order() -> None:
    feed = feed_of(select_entries([FIRST, SECOND, THIRD], 10))
    parsed = read_atom(atom_feed(feed))
    assert parsed.feed.title == "Model Almanac"
    assert parsed.feed.subtitle == "Notes on the large-model industry"
    assert parsed.feed.id == f"{SITE}blog/"
    assert parsed.feed.link == f"{SITE}blog/"
    assert parsed.feed.language == "zh"
    assert parsed.feed.generator == "Model Almanac"
    assert {(link.rel, link.href) for link in parsed.feed.links} >= {
        ("self", f"{SITE}feed.xml"),
        ("alternate", f"{SITE}blog/"),
    }
    assert [item.title for item in parsed.entries] == ["Third", "Second", "First relay"]
    assert [item.id for item in parsed.entries] == [
        f"{SITE}blog/third/",
        f"{SITE}blog/second/",
        f"{SITE}blog/first-relay/",
    ]
    assert [item.link for item in parsed.entries] == [item.id for item in parsed.entries]


def test_atom_dates_keep_their_zone_and_mean_the_right_instant() -> None:
    text = atom_feed(feed_of(select_entries([FIRST, SECOND, THIRD], 10)))
    assert "<published>2026-03-01T09:30:00+08:00</published>" in text
    assert "<published>2026-03-15T00:00:00+00:00</published>" in text
    parsed = read_atom(text)
    third, second, first = parsed.entries
    assert instant(first.published_parsed) == FIRST.published.timestamp()
    assert instant(first.updated_parsed) == FIRST.published.timestamp()  # never updated
    assert instant(second.published_parsed) == SECOND.published.timestamp()
    assert instant(second.updated_parsed) == dt.datetime(2026, 4, 2, 0, 0, tzinfo=dt.UTC).timestamp()
    assert instant(third.published_parsed) == dt.datetime(2026, 3, 29, 16, 0, tzinfo=dt.UTC).timestamp()
    # The feed changed last when the second post was updated, not when the newest was published.
    assert instant(parsed.feed.updated_parsed) == SECOND.updated.timestamp()


def test_atom_categories_authors_summary_and_content() -> None:
    text = atom_feed(feed_of(select_entries([FIRST, SECOND, THIRD], 10)))
    parsed = read_atom(text)
    third, second, first = parsed.entries
    assert [tag.term for tag in second.tags] == ["pricing", "大模型"]
    assert [author.name for author in second.authors] == ["Lin Wei", "Ana Costa"]
    assert first.summary == "The first one."
    # Only the post with a summary has one (a reader may show the content in its place).
    assert text.count("<summary>") == 1
    content = second.content[0]
    assert content.type == "text/html"
    assert f'<a href="{SITE}blog/first-relay/">the first</a>' in content.value
    assert f'src="{SITE}blog/second/chart.png"' in content.value
    # The third post has no author: the feed names one, so every entry has an author.
    assert parsed.feed.author == "Model Almanac"
    assert "authors" not in third


def test_site_authors_are_the_feed_authors() -> None:
    parsed = read_atom(atom_feed(feed_of((THIRD,), authors=("The editors",))))
    assert [author.name for author in parsed.feed.authors] == ["The editors"]


def test_title_with_markup_characters_quotes_and_chinese_round_trips() -> None:
    title = "Relays < APIs & \"cheap\" 'tokens' — 中转站的终结 </title><x>"
    summary = "Prices <b>fell</b> & rose"
    item = entry("odd", dt.datetime(2026, 3, 30, tzinfo=SHANGHAI), title=title, summary=summary)
    feed = feed_of((item,), title="Almanac & <friends>")
    atom = atom_feed(feed)
    parsed = read_atom(atom)
    assert parsed.entries[0].title == title
    assert parsed.entries[0].summary == summary
    assert parsed.feed.title == "Almanac & <friends>"
    assert "中转站的终结" in atom  # written as characters, not as references
    document = read_json(json_feed(feed))
    assert document["items"][0]["title"] == title
    assert document["title"] == "Almanac & <friends>"


def test_characters_xml_cannot_hold_are_dropped_from_both_feeds() -> None:
    item = entry("ctl", dt.datetime(2026, 3, 30, tzinfo=dt.UTC), title="bell\x07 and\x00 form\x0c feed\ufffe")
    feed = feed_of((item,))
    assert read_atom(atom_feed(feed)).entries[0].title == "bell and form feed"
    assert read_json(json_feed(feed))["items"][0]["title"] == "bell and form feed"


# --------------------------------------------------------------------------------------------
# Atom validity basics, with a plain XML parser
# --------------------------------------------------------------------------------------------


def test_atom_document_structure() -> None:
    text = atom_feed(feed_of(select_entries([FIRST, SECOND, THIRD], 10)))
    assert text.startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh">'
    )
    assert text.endswith("</feed>\n")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{A}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    for name in ("id", "title", "updated", "generator"):
        assert len(root.findall(f"{A}{name}")) == 1, name
    assert len(root.findall(f"{A}link[@rel='self']")) == 1
    entries = root.findall(f"{A}entry")
    assert len(entries) == 3
    feed_has_author = root.find(f"{A}author") is not None
    for item in entries:
        for name in ("id", "title", "updated", "published", "content"):
            assert len(item.findall(f"{A}{name}")) == 1, name
        assert len(item.findall(f"{A}link[@rel='alternate']")) == 1
        assert item.find(f"{A}content").get("type") == "html"
        assert feed_has_author or item.find(f"{A}author") is not None
    ids = [item.findtext(f"{A}id") for item in entries]
    assert len(set(ids)) == len(ids)


def test_empty_feed_is_valid_and_dated_by_its_fallback() -> None:
    fallback = dt.datetime(2026, 1, 1, 12, 0, tzinfo=SHANGHAI)
    text = atom_feed(feed_of((), updated_fallback=fallback))
    assert "<updated>2026-01-01T12:00:00+08:00</updated>" in text
    parsed = read_atom(text)
    assert parsed.entries == []
    assert parsed.feed.title == "Model Almanac"
    assert "<updated>1970-01-01T00:00:00+00:00</updated>" in atom_feed(feed_of(()))
    assert feed_of(()).updated == EPOCH
    assert read_json(json_feed(feed_of(())))["items"] == []


def test_same_input_gives_the_same_bytes() -> None:
    def build() -> tuple[bytes, bytes]:
        feed = feed_of(select_entries([THIRD, FIRST, SECOND], 10))
        return atom_feed(feed).encode("utf-8"), json_feed(feed).encode("utf-8")

    assert build() == build()
    # Posts read in another order give the same feeds.
    shuffled = feed_of(select_entries([SECOND, THIRD, FIRST], 10))
    assert (atom_feed(shuffled).encode("utf-8"), json_feed(shuffled).encode("utf-8")) == build()


def test_naive_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        entry("naive", dt.datetime(2026, 3, 30))
    with pytest.raises(ValueError, match="time zone"):
        entry("naive", dt.datetime(2026, 3, 30, tzinfo=dt.UTC), updated=dt.datetime(2026, 4, 1))


def test_rfc3339_dates() -> None:
    assert rfc3339(dt.datetime(2026, 3, 30, tzinfo=SHANGHAI)) == "2026-03-30T00:00:00+08:00"
    assert rfc3339(dt.datetime(2026, 3, 30, 1, 2, 3, 456, tzinfo=dt.UTC)) == "2026-03-30T01:02:03+00:00"
    # Shanghai's local mean time of 1900 is +08:05:43, which RFC 3339 cannot write: UTC instead.
    assert rfc3339(dt.datetime(1900, 1, 1, tzinfo=SHANGHAI)) == "1899-12-31T15:54:17+00:00"


# --------------------------------------------------------------------------------------------
# JSON Feed
# --------------------------------------------------------------------------------------------


def test_json_feed_members_and_items() -> None:
    text = json_feed(feed_of(select_entries([FIRST, SECOND, THIRD], 10)))
    document = read_json(text)
    assert list(document) == ["version", "title", "home_page_url", "feed_url", "description", "language", "items"]
    assert document["home_page_url"] == f"{SITE}blog/"
    assert document["feed_url"] == f"{SITE}feed.json"
    assert document["description"] == "Notes on the large-model industry"
    items = document["items"]
    assert isinstance(items, list)
    assert [item["id"] for item in items] == [f"{SITE}blog/third/", f"{SITE}blog/second/", f"{SITE}blog/first-relay/"]
    third, second, first = items
    assert second == {
        "id": f"{SITE}blog/second/",
        "url": f"{SITE}blog/second/",
        "title": "Second",
        "content_html": SECOND.content_html,
        "date_published": "2026-03-15T00:00:00+00:00",
        "date_modified": "2026-04-02T08:00:00+08:00",
        "authors": [{"name": "Lin Wei"}, {"name": "Ana Costa"}],
        "tags": ["pricing", "大模型"],
    }
    assert first["summary"] == "The first one."
    assert first["date_modified"] == first["date_published"] == "2026-03-01T09:30:00+08:00"
    assert "authors" not in third
    # Layout: two-space indent, characters as themselves, one final newline.
    assert text.startswith('{\n  "version": "https://jsonfeed.org/version/1.1",\n')
    assert "大模型" in text and "\\u" not in text
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_json_dates_mean_the_right_instant() -> None:
    document = read_json(json_feed(feed_of(select_entries([FIRST, SECOND], 10))))
    second, first = document["items"]
    assert dt.datetime.fromisoformat(first["date_published"]) == FIRST.published
    assert dt.datetime.fromisoformat(second["date_modified"]) == SECOND.updated


# --------------------------------------------------------------------------------------------
# Choosing entries
# --------------------------------------------------------------------------------------------


def test_limit_keeps_the_newest() -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    entries = [entry(f"p{n:02d}", start + dt.timedelta(days=n)) for n in range(30)]
    chosen = select_entries(reversed(entries), 20)
    assert [item.url for item in chosen] == [f"{SITE}blog/p{n:02d}/" for n in range(29, 9, -1)]
    parsed = read_atom(atom_feed(feed_of(chosen)))
    assert len(parsed.entries) == 20
    assert parsed.entries[0].title == "P29" and parsed.entries[-1].title == "P10"
    assert select_entries(entries, 0) == ()
    assert len(select_entries(entries, None)) == 30
    with pytest.raises(ValueError):
        select_entries(entries, -1)


def test_order_is_by_instant_then_url() -> None:
    # 08:00 in Shanghai is midnight UTC: the same instant, so the URL decides.
    a = entry("a", dt.datetime(2026, 3, 30, 8, tzinfo=SHANGHAI))
    b = entry("b", dt.datetime(2026, 3, 30, tzinfo=dt.UTC))
    later = entry("c", dt.datetime(2026, 3, 30, 7, tzinfo=dt.UTC))
    assert [item.url for item in select_entries([a, later, b], 10)] == [later.url, b.url, a.url]
    assert select_entries([b, a, later], 10) == select_entries([a, later, b], 10)


def test_entries_of_one_page_keep_their_own_ids_in_both_feeds() -> None:
    # Two changes of one model's price, on one day, on the model's page: one URL, two ids.
    at = dt.datetime(2026, 8, 1, tzinfo=dt.UTC)
    page = f"{SITE}models/m/"
    made = [
        FeedEntry(url=page, title=f"{key} down", published=at, updated=None, summary=None,
                  content_html="<p>x</p>", guid=f"{page}#2026-08-01-{key}")
        for key in ("output", "input")
    ]  # fmt: skip
    chosen = select_entries(made, None)
    assert [item.id for item in chosen] == [f"{page}#2026-08-01-output", f"{page}#2026-08-01-input"]
    assert select_entries(reversed(made), None) == chosen
    parsed = read_atom(atom_feed(feed_of(chosen)))
    assert [item.id for item in parsed.entries] == [item.id for item in chosen]
    assert all(item.link == page for item in parsed.entries)
    items = read_json(json_feed(feed_of(chosen)))["items"]
    assert [(item["id"], item["url"]) for item in items] == [(item.id, page) for item in chosen]
    assert entry("x", at).id == f"{SITE}blog/x/"  # no guid: the URL


# --------------------------------------------------------------------------------------------
# Absolute links
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("img/a.png", f"{SITE}blog/2026/03/30/x/img/a.png"),
        ("../other/", f"{SITE}blog/2026/03/30/other/"),
        ("../../../../../about/", f"{SITE}about/"),
        ("#sources", f"{SITE}blog/2026/03/30/x/#sources"),
        ("", f"{SITE}blog/2026/03/30/x/"),
        ("?page=2", f"{SITE}blog/2026/03/30/x/?page=2"),
        ("/elsewhere/", "https://example.org/elsewhere/"),
        ("https://example.com/a?b=1&amp;c=2", "https://example.com/a?b=1&amp;c=2"),
        ("HTTP://EXAMPLE.COM/", "HTTP://EXAMPLE.COM/"),
        ("mailto:lin@example.org", "mailto:lin@example.org"),
        ("data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,iVBORw0KGgo="),
        ("//cdn.example.net/x.js", "//cdn.example.net/x.js"),
    ],
)
def test_absolutize_resolves_against_the_page(link: str, expected: str) -> None:
    html = f'<p><a href="{link}">x</a></p>'
    assert absolutize(html, "blog/2026/03/30/x/", SITE) == f'<p><a href="{expected}">x</a></p>'


def test_absolutize_site_under_a_sub_path_or_at_the_root() -> None:
    html = '<a href="../b/">b</a><img src="a.png">'
    page = "blog/a/"
    assert absolutize(html, page, "https://example.org/almanac/") == (
        '<a href="https://example.org/almanac/blog/b/">b</a><img src="https://example.org/almanac/blog/a/a.png">'
    )
    # A site URL without its final slash is still a folder.
    assert absolutize(html, page, "https://example.org/almanac") == absolutize(
        html, page, "https://example.org/almanac/"
    )
    assert absolutize(html, page, "https://example.org/") == (
        '<a href="https://example.org/blog/b/">b</a><img src="https://example.org/blog/a/a.png">'
    )
    # Pages without directory URLs (`use_directory_urls: false`).
    assert absolutize('<a href="b.html#x">b</a>', "blog/a.html", SITE) == f'<a href="{SITE}blog/b.html#x">b</a>'


def test_absolutize_handles_any_attribute_quoting_and_only_attributes() -> None:
    html = (
        '<p title="see href=\'x\'" data-src="keep.png">'
        "<img alt='a > b' src='a.png'><a HREF=b.html class=x>b</a><img src = \"c.png\" />"
        '<code>&lt;a href="x"&gt;</code> href="y" in text</p>'
    )
    result = absolutize(html, "blog/a/", SITE)
    assert result == (
        '<p title="see href=\'x\'" data-src="keep.png">'
        f"<img alt='a > b' src='{SITE}blog/a/a.png'><a HREF={SITE}blog/a/b.html class=x>b</a>"
        f'<img src = "{SITE}blog/a/c.png" />'
        '<code>&lt;a href="x"&gt;</code> href="y" in text</p>'
    )


def test_absolutize_removes_heading_permalinks() -> None:
    html = markdown.markdown(
        "## Sources\n\nText with [a link](#sources).\n",
        extensions=["toc"],
        extension_configs={"toc": {"permalink": True}},
    )
    assert "headerlink" in html
    result = absolutize(html, "blog/a/", SITE)
    assert result == f'<h2 id="sources">Sources</h2>\n<p>Text with <a href="{SITE}blog/a/#sources">a link</a>.</p>'


def test_absolutize_needs_an_absolute_site_url() -> None:
    with pytest.raises(ValueError, match="site_url"):
        absolutize("<p></p>", "blog/a/", "/almanac/")
    with pytest.raises(ValueError, match="site_url"):
        absolute_url("blog/", "")


def test_entry_for_a_post() -> None:
    post = Post(
        src_uri="blog/posts/2026-03-30-relays.md",
        display_path="docs/blog/posts/2026-03-30-relays.md",
        title="The end of cheap API relays",
        date=dt.datetime(2026, 3, 30, tzinfo=SHANGHAI),
        updated=dt.datetime(2026, 4, 2, tzinfo=SHANGHAI),
        slug="relays",
        body="…",
        tags=("pricing",),
        authors=("lin", "guest"),
        summary="One sentence.",
    )
    html = (
        '<h2 id="why">Why<a class="headerlink" href="#why" title="Permanent link">&para;</a></h2>'
        '<p><a href="#why">x</a></p>'
    )
    made = entry_for(
        post, html=html, page_url="blog/2026/03/30/relays/", site_url=SITE, authors={"lin": Author("lin", "Lin Wei")}
    )
    assert made.url == made.id == f"{SITE}blog/2026/03/30/relays/"
    assert made.content_html == f'<h2 id="why">Why</h2><p><a href="{SITE}blog/2026/03/30/relays/#why">x</a></p>'
    assert made.authors == ("Lin Wei", "guest")
    assert made.categories == ("pricing",)
    assert (made.published, made.updated, made.summary) == (post.date, post.updated, "One sentence.")


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

# Any text a title may hold: everything but control characters, lone surrogates and the two
# non-characters XML forbids (those are dropped, see above).
TITLES = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=60,
)


def _looks_double_encoded(text: str) -> bool:
    try:
        return text.encode("latin-1").decode("utf-8") != text
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False


@settings(max_examples=200, deadline=None)
@given(title=TITLES, summary=TITLES)
def test_any_title_survives_both_feeds(title: str, summary: str) -> None:
    item = entry("any", dt.datetime(2026, 3, 30, tzinfo=SHANGHAI), title=title, summary=summary, categories=(title,))
    feed = feed_of((item,))
    atom = atom_feed(feed)
    root = ET.fromstring(atom.encode("utf-8"))
    written = root.find(f"{A}entry")
    assert written is not None
    assert written.findtext(f"{A}title") == title
    assert written.findtext(f"{A}summary") == summary
    assert written.find(f"{A}category").get("term") == title
    # A feed reader trims the whitespace around a title, and keeps the rest; feedparser also
    # "repairs" Latin-1 text that happens to be valid UTF-8 bytes (`Â¡` becomes `¡`), a guess
    # about other feeds' mistakes that this one does not make.
    if not _looks_double_encoded(title.strip()):
        assert read_atom(atom).entries[0].title == title.strip()
    document = read_json(json_feed(feed))
    assert document["items"][0]["title"] == title
    assert document["items"][0]["summary"] == summary


@given(
    st.lists(st.sampled_from(["blog", "2026", "x", "a.b", "-", "~"]), max_size=4),
    st.booleans(),
    st.lists(st.sampled_from(["../", "./", "..", "x/", "a.b/", ".h/", "a../", "%20/", "x", "?q", "#f"]), max_size=6),
)
def test_absolutize_resolves_links_as_urljoin_does(folders: list[str], file: bool, parts: list[str]) -> None:
    # Links between folders of the site are resolved by cutting the page's folders; the result is urljoin's.
    page = "/".join(folders) + ("/index.html" if file else "/") if folders else ""
    link = "".join(parts)
    expected = urljoin(absolute_url(page, SITE), link.strip())
    assert absolutize(f'<a href="{link}">x</a>', page, SITE) == f'<a href="{expected}">x</a>'
