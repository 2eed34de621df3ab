# Feeds: any list of dated entries as an Atom 1.0 feed and a JSON Feed 1.1, for feed readers.
#
# The format-level half of every feed of the site, shared by both pipelines: the blog's feeds of
# posts (`core/blog/feeds.py`, in `almanac/blog`'s `on_post_build`) and the data's change feeds of
# each model, vendor and provider and of `/prices/` (`core/data/timeline.py`, written by
# `almanac/data` after every page is built). Feed readers show an entry away from the site, so
# every link in it is made absolute against the site's URL (`absolutize`). Nothing here reads
# the clock: the same entries give the same bytes, so rebuilding an unchanged site leaves its
# feeds unchanged.

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from json.encoder import encode_basestring as _string
from urllib.parse import urljoin, urlsplit

from almanac.core.escaping import escape

__all__ = [
    "ATOM_NS",
    "EPOCH",
    "GENERATOR",
    "JSON_FEED_VERSION",
    "Feed",
    "FeedEntry",
    "absolute_url",
    "absolutize",
    "atom_feed",
    "discovery_links",
    "json_feed",
    "rfc3339",
    "select_entries",
]

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
#: Name written in the Atom feed's `generator`. No version, so that upgrading alone does not
#: change every feed.
GENERATOR = "Model Almanac"
#: `updated` of a feed without entries when no other date is given: fixed, never "now".
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: a post, a price change, an incident. Its id is its absolute URL,
    unless `guid` gives another (entries that share a page, as the changes of a model do)."""

    #: Absolute URL of the entry's page, e.g. `https://example.org/almanac/blog/2026/03/30/x/`.
    url: str
    title: str
    #: Aware datetimes: the offset is written into the feed as given.
    published: dt.datetime
    updated: dt.datetime | None
    #: Plain text, or None to leave the summary out.
    summary: str | None
    #: The entry's HTML (a post's rendered content) with absolute links (see `absolutize`); written as given.
    content_html: str
    #: Display names, not ids.
    authors: tuple[str, ...] = ()
    #: Its categories (a post's tags).
    categories: tuple[str, ...] = ()
    #: The entry's permanent id when its URL is not unique to it: an absolute URL with a
    #: fragment (`…/models/x/#2026-08-01-deepseek-input`) or a `tag:` URI. `None`: the URL.
    guid: str | None = None

    def __post_init__(self) -> None:
        _require_aware(self.published, "published", self.url)
        if self.updated is not None:
            _require_aware(self.updated, "updated", self.url)

    @property
    def id(self) -> str:
        """The entry's permanent id: `guid`, else its absolute URL."""
        return self.guid if self.guid is not None else self.url

    @property
    def modified(self) -> dt.datetime:
        """The last change: `updated` if given, else `published`."""
        return self.updated if self.updated is not None else self.published


@dataclass(frozen=True)
class Feed:
    """A feed (of the blog, a tag, an entity's timeline…), with its entries in the order they are written."""

    title: str
    #: One line about the feed (Atom `subtitle`, JSON Feed `description`); empty to leave out.
    subtitle: str
    #: Absolute URL of the page the feed stands for (the blog, a tag's or an entity's page); also the
    #: Atom feed's id, so it must stay the same from build to build.
    home_url: str
    #: Absolute URLs of the Atom feed and of the JSON Feed.
    feed_url: str
    json_feed_url: str
    #: Language of the entries, e.g. `zh` or `en`.
    language: str
    #: Entries in the order written; `select_entries` gives newest first.
    entries: tuple[FeedEntry, ...]
    #: Site authors; written at the feed level of the Atom feed. When empty and an entry has
    #: no author, the feed's title stands in, as Atom requires an author for every entry.
    authors: tuple[str, ...] = ()
    #: `updated` of the Atom feed when it has no entries (a fixed date keeps output stable).
    updated_fallback: dt.datetime = EPOCH

    def __post_init__(self) -> None:
        _require_aware(self.updated_fallback, "updated_fallback", self.feed_url)

    @property
    def updated(self) -> dt.datetime:
        """The latest change of any entry, or `updated_fallback` for an empty feed."""
        if not self.entries:
            return self.updated_fallback
        return max(entry.modified for entry in self.entries)


def _require_aware(value: dt.datetime, name: str, where: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{where}: `{name}` {value.isoformat()} has no time zone")


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------

# A start tag, with attribute values in double, single or no quotes (a `>` inside a quoted
# value does not end it). Comments, text and escaped code never start with `<` + letter.
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
_TAG = re.compile(rf"""<[A-Za-z][^\s/>]*(?:\s+[^\s"'=/>]+(?:\s*=\s*{_VALUE})?)*\s*/?>""")
# One attribute of a start tag, matched from the tag's name on, so that one attribute after
# the other is taken whole and text inside a value is never read as an attribute.
_ATTRIBUTE = re.compile(
    r"""(?P<lead>\s+)(?P<name>[^\s"'=/>]+)"""
    r"""(?:(?P<eq>\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?"""
)
_TAG_NAME = re.compile(r"<[A-Za-z][^\s/>]*")
_URL_ATTRIBUTES = frozenset({"href", "src"})
# Heading permalinks added by Python-Markdown's `toc` (`permalink: true`) and kept by Material.
_HEADERLINK = re.compile(r"""<a\s[^>]*\bclass=["']headerlink["'][^>]*>.*?</a>""", re.S)


def absolute_url(path: str, site_url: str) -> str:
    """The absolute URL of `path` (a site path such as `blog/2026/`, `''` for the root) on the
    site published at `site_url` (e.g. `https://example.org/almanac/`).

    Raises `ValueError` when `site_url` is not absolute: feeds need absolute links.
    """
    return _site_root(site_url) + path.lstrip("/")


def absolutize(html: str, page_url: str, site_url: str) -> str:
    """`html` of the page at `page_url` (MkDocs' `page.url`) with every link made absolute.

    Relative `href` and `src` values are resolved against the page's absolute URL, so
    `../x/` and `img/a.png` work in a feed reader; a fragment alone (`#sources`) becomes
    `<page URL>#sources`. URLs with a scheme (`https:`, `mailto:`, `data:` …) and
    protocol-relative ones (`//host/…`) are left as written. Heading permalinks
    (`<a class="headerlink" …>¶</a>`) are removed: in a feed they are noise.
    """
    base = absolute_url(page_url, site_url)
    html = _HEADERLINK.sub("", html)
    return _TAG.sub(lambda tag: _absolutize_tag(tag.group(0), base), html)


def _absolutize_tag(tag: str, base: str) -> str:
    name = _TAG_NAME.match(tag)
    assert name is not None  # `_TAG` matched
    parts = [name.group(0)]
    position = name.end()
    for attribute in _ATTRIBUTE.finditer(tag, position):
        if attribute.start() != position:  # the closing `>` or `/>`
            break
        parts.append(_absolutize_attribute(attribute, base))
        position = attribute.end()
    parts.append(tag[position:])
    return "".join(parts)


def _absolutize_attribute(match: re.Match[str], base: str) -> str:
    if match.group("name").lower() not in _URL_ATTRIBUTES or match.group("eq") is None:
        return match.group(0)
    if match.group("dq") is not None:
        url, quote = match.group("dq"), '"'
    elif match.group("sq") is not None:
        url, quote = match.group("sq"), "'"
    else:
        url, quote = match.group("bare"), ""
    stripped = url.strip()
    fast = _join_folders(base, stripped)
    if fast:
        return f"{match.group('lead')}{match.group('name')}{match.group('eq')}{quote}{fast}{quote}"
    try:
        if stripped.startswith("//") or urlsplit(stripped).scheme:
            return match.group(0)
        resolved = urljoin(base, stripped)
    except ValueError:  # e.g. an unclosed `[` of an IPv6 host: not ours to mend
        return match.group(0)
    return f"{match.group('lead')}{match.group('name')}{match.group('eq')}{quote}{resolved}{quote}"


# `../../models/x/`: up a few folders, then down folders with plain names; no `.` or `..` below.
_FOLDERS = re.compile(r"(?P<up>(?:\.\./)*)(?P<down>(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*)")


def _join_folders(base: str, url: str) -> str:
    """`urljoin(base, url)` for the links between pages of the site that most HTML holds (a
    post links a dozen entity pages: `../../../../../models/x/`), by cutting `base`'s folders;
    `''` for any other `url` or a `base` without a path, which `urljoin` takes."""
    found = _FOLDERS.fullmatch(url) if url else None
    if found is None:
        return ""
    host = base.find("://")
    root = base.find("/", host + 3) if host > 0 else -1
    path = base[root:] if root > 0 else ""
    if not path or "?" in path or "#" in path or "//" in path or "/./" in path or "/../" in path:
        return ""
    folders = base[root + 1 : base.rfind("/")].split("/") if base.rfind("/") > root else []
    kept = folders[: max(0, len(folders) - len(found["up"]) // 3)]
    return base[: root + 1] + "".join(folder + "/" for folder in kept) + found["down"]


def _site_root(site_url: str) -> str:
    parts = urlsplit(site_url)
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"site_url must be an absolute URL such as https://example.org/, not {site_url!r}")
    return site_url if site_url.endswith("/") else site_url + "/"


# --------------------------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------------------------


#: What a feed's `<link>` in a page's `<head>` says it is (HTML's `rel`, a set of tokens): `alternate`,
#: written with a space after it. Feed readers read the token (`link.relList`, `[rel~=alternate]`,
#: any HTML parser), as HTML defines it. Material for MkDocs takes every `<link>` whose `rel` is
#: exactly `alternate` (`link[rel=alternate]`) for a translation of the site and downloads the
#: `sitemap.xml` beside it at every page load: the whole site's beside the blog's feeds, parsed as
#: XML twice on every page (0.5 s of script at 3,000 posts, before the search box may ask anything:
#: its first results 1.0 s after the load event without, 1.2-1.3 s with; `benchmarks/README.md`),
#: and a missing `tags/<slug>/sitemap.xml` beside a tag's.
DISCOVERY_REL = "alternate "


def discovery_links(links: Iterable[tuple[str, str, str]]) -> str:
    """The `<link>` elements by which feed readers find a page's feeds: each `(title, href, media
    type)`, every value escaped (see `DISCOVERY_REL`)."""
    return "".join(
        f'<link rel="{DISCOVERY_REL}" type="{escape(kind)}" title="{escape(title)}" href="{escape(href)}">'
        for title, href, kind in links
    )


def select_entries(entries: Iterable[FeedEntry], limit: int | None) -> tuple[FeedEntry, ...]:
    """The newest `limit` entries (all when `limit` is None), newest first.

    Entries published at the same instant are ordered by URL (then id), in the same reversed
    order as the blog's listings, so the order never depends on the order the entries were made in.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"the number of feed entries cannot be negative: {limit}")
    ordered = sorted(entries, key=lambda entry: (entry.published, entry.url, entry.id), reverse=True)
    return tuple(ordered if limit is None else ordered[:limit])


# --------------------------------------------------------------------------------------------
# Atom 1.0 (RFC 4287)
# --------------------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold, even escaped (control characters, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """`value` without the characters XML cannot carry; both feeds use it, so they agree."""
    return _NOT_XML.sub("", value)


def rfc3339(value: dt.datetime) -> str:
    """`value` as RFC 3339 with its own offset, to the second: `2026-03-30T00:00:00+08:00`.

    An offset that is not a whole number of minutes (old local mean times) cannot be written
    in RFC 3339; such a value is written in UTC instead.
    """
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"{value.isoformat()} has no time zone")
    if offset.seconds % 60 or offset.microseconds:
        value = value.astimezone(dt.UTC)
    return value.isoformat(timespec="seconds")


def atom_feed(feed: Feed) -> str:
    """`feed` as an Atom 1.0 document (RFC 4287), to be written as UTF-8.

    Entries are written in the order of `feed.entries`. The feed's `updated` is the latest
    change of its entries (or `feed.updated_fallback`), so the output depends only on `feed`.
    Written as strings, not as an element tree: a build writes hundreds of feeds of fifty
    entries, and serializing trees took 2.3 times as long. The bytes are those
    `xml.etree.ElementTree` writes, indented by two spaces (the tests read them back with it).
    """
    lines = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{ATOM_NS}" xml:lang="{_attribute(feed.language)}">',
        _element("id", feed.home_url, 1),
        _element("title", feed.title, 1),
    ]
    if feed.subtitle:
        lines.append(_element("subtitle", feed.subtitle, 1))
    lines.append(_element("updated", rfc3339(feed.updated), 1))
    lines.append(_link("self", feed.feed_url, "application/atom+xml", 1))
    lines.append(_link("alternate", feed.home_url, "text/html", 1))
    lines.append(_link("alternate", feed.json_feed_url, "application/feed+json", 1))
    feed_authors = feed.authors
    if not feed_authors and any(not entry.authors for entry in feed.entries):
        feed_authors = (feed.title,)
    lines.extend(_author(name, 1) for name in feed_authors)
    lines.append(_element("generator", GENERATOR, 1))
    for entry in feed.entries:
        lines.append("  <entry>")
        lines.append(_element("id", entry.id, 2))
        lines.append(_element("title", entry.title, 2))
        lines.append(_link("alternate", entry.url, "text/html", 2))
        published = rfc3339(entry.published)
        lines.append(_element("published", published, 2))
        lines.append(_element("updated", _modified(entry, published), 2))
        lines.extend(_author(name, 2) for name in entry.authors)
        lines.extend(f'    <category term="{_attribute(tag)}" />' for tag in entry.categories)
        if entry.summary is not None:
            lines.append(_element("summary", entry.summary, 2))
        content = _character_data(entry.content_html)
        lines.append(f'    <content type="html">{content}</content>' if content else '    <content type="html" />')
        lines.append("  </entry>")
    lines.append("</feed>\n")
    return "\n".join(lines)


def _modified(entry: FeedEntry, published: str) -> str:
    """`entry.modified` as RFC 3339, `published` (written already) when it was never updated."""
    return rfc3339(entry.updated) if entry.updated is not None else published


def _character_data(text: str) -> str:
    """`text` as the content of an element, as `ElementTree` escapes it."""
    return _text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    """`text` as an attribute value in double quotes, as `ElementTree` escapes it."""
    return (
        _character_data(text)
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#09;")
    )


def _element(tag: str, text: str, level: int) -> str:
    """One element holding text, on its line at `level` (an empty one is written `<tag />`)."""
    escaped = _character_data(text)
    return f"{'  ' * level}<{tag}>{escaped}</{tag}>" if escaped else f"{'  ' * level}<{tag} />"


def _link(rel: str, href: str, media_type: str, level: int) -> str:
    return f'{"  " * level}<link rel="{rel}" type="{media_type}" href="{_attribute(href)}" />'


def _author(name: str, level: int) -> str:
    indent = "  " * level
    return f"{indent}<author>\n{_element('name', name, level + 1)}\n{indent}</author>"


# --------------------------------------------------------------------------------------------
# JSON Feed 1.1
# --------------------------------------------------------------------------------------------


def json_feed(feed: Feed) -> str:
    """`feed` as a JSON Feed 1.1 document: keys in a fixed order, two-space indent, non-ASCII
    characters as themselves, and a final newline.

    Optional members with no value (`description`, an item's `summary`, `authors`, `tags`)
    are left out rather than written as null. `date_modified` is `updated`, or `published`
    when the entry was never updated, as in the Atom feed. Written as strings: the bytes of
    `json.dumps(document, ensure_ascii=False, indent=2)`, which has no fast path with an indent
    and took 1.8 times as long on the hundreds of feeds of a build.
    """
    members = [
        f'  "version": {_string(JSON_FEED_VERSION)}',
        f'  "title": {_string(_text(feed.title))}',
        f'  "home_page_url": {_string(feed.home_url)}',
        f'  "feed_url": {_string(feed.json_feed_url)}',
    ]
    if feed.subtitle:
        members.append(f'  "description": {_string(_text(feed.subtitle))}')
    members.append(f'  "language": {_string(_text(feed.language))}')
    if feed.authors:
        members.append(f'  "authors": {_json_names(feed.authors, "  ")}')
    items = [_json_item(entry) for entry in feed.entries]
    members.append('  "items": ' + ("[\n" + ",\n".join(items) + "\n  ]" if items else "[]"))
    return "{\n" + ",\n".join(members) + "\n}\n"


def _json_names(names: tuple[str, ...], indent: str) -> str:
    """`[{"name": …}, …]` at `indent`: authors."""
    inner = indent + "  "
    objects = (f'{inner}{{\n{inner}  "name": {_string(_text(name))}\n{inner}}}' for name in names)
    return "[\n" + ",\n".join(objects) + f"\n{indent}]"


def _json_item(entry: FeedEntry) -> str:
    members = [
        f'      "id": {_string(entry.id)}',
        f'      "url": {_string(entry.url)}',
        f'      "title": {_string(_text(entry.title))}',
        f'      "content_html": {_string(_text(entry.content_html))}',
    ]
    if entry.summary is not None:
        members.append(f'      "summary": {_string(_text(entry.summary))}')
    published = rfc3339(entry.published)
    members.append(f'      "date_published": {_string(published)}')
    members.append(f'      "date_modified": {_string(_modified(entry, published))}')
    if entry.authors:
        members.append(f'      "authors": {_json_names(entry.authors, "      ")}')
    if entry.categories:
        tags = ",\n".join(f"        {_string(_text(tag))}" for tag in entry.categories)
        members.append(f'      "tags": [\n{tags}\n      ]')
    return "    {\n" + ",\n".join(members) + "\n    }"
