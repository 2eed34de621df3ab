"""Hostile strings in every field stay text: a strict build of `tests/fixtures/injection/`, whose
posts, authors, tags and data hold script-injection payloads, with every output parsed by a real
parser (HTML and the HTML inside JSON and Atom by `html.parser`, Atom, SVG and the sitemap by
`xml.etree`, JSON Feed, the search index and the API by `json`). No payload may become an element,
an event handler or a `javascript:` link, and each shows, where it should, as the text it is."""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT, BuildResult

FIXTURE = ROOT / "tests" / "fixtures" / "injection"
SITE_NAME = "Injection Almanac"
ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"
#: Every payload of the fixture calls `alert(…)`: a script, handler or link holding it is live.
MARKER = "alert("
#: Attributes that hold a URL a browser follows or loads.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def load_yaml(path: str) -> Any:
    return yaml.safe_load((FIXTURE / path).read_text(encoding="utf-8"))


def front(path: str) -> dict[str, Any]:
    text = (FIXTURE / "docs" / "blog" / "posts" / path).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


POST = front("2026-11-01-hostile-title.md")
QUOTED_POST = front("2026-11-02-quotes-in-tags.md")
AUTHORS = load_yaml("docs/blog/.authors.yml")["authors"]
TAGS = {tag["name"]: tag for tag in load_yaml("data/tags.yaml")}
HOSTILE_TAG = next(name for name in TAGS if name.startswith("Hostile"))
VENDOR = load_yaml("data/vendors/hostile.yaml")
CLOUD = load_yaml("data/providers/hostile-cloud.yaml")
RELAY = load_yaml("data/providers/relay-x.yaml")
INCIDENTS = load_yaml("data/incidents/relay-x.yaml")["incidents"]


# --- A small HTML reader ------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.iter()

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


class TreeBuilder(HTMLParser):
    """HTML into a tree of `Element`s, each with all the text inside it (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def parse_html(text: str) -> Element:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def live_markup(root: Element) -> list[str]:
    """What in the parsed HTML a payload made live: scripts, handlers, `javascript:` links,
    `<img src=x>`."""
    found = []
    for element in root.iter():
        if element.tag == "script" and MARKER in element.text:
            found.append(f"<script> holding {element.text[:60]!r}")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}={value[:60]!r}>")
            if name in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                found.append(f"<{element.tag} {name}={value[:60]!r}>")
        if element.tag == "img" and element.attrs.get("src") == "x":
            found.append("<img src=x>")
    return found


def live_in_svg(svg: ET.Element) -> list[str]:
    found = []
    for element in svg.iter():
        tag = element.tag.removeprefix(SVG)
        if tag in ("script", "foreignObject"):
            found.append(f"<{tag}> in a chart")
        for name, value in element.attrib.items():
            if name.startswith("on") or value.strip().lower().startswith("javascript:"):
                found.append(f"<{tag} {name}={value[:60]!r}> in a chart")
    return found


def find(root: Element, tag: str, cls: str | None = None) -> list[Element]:
    return [e for e in root.iter() if e.tag == tag and (cls is None or cls in e.classes())]


def html_text(fragment: str) -> str:
    """The text a browser shows for an HTML fragment (as the search and feeds hold them)."""
    return parse_html(fragment).text


# --- The build ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(injection_build: BuildResult) -> BuildResult:
    result = injection_build
    assert result.returncode == 0, result.output
    assert not result.warnings(), result.output
    return result


@pytest.fixture(scope="module")
def pages(site: BuildResult) -> dict[str, Element]:
    return {
        path.relative_to(site.site).as_posix(): parse_html(path.read_text(encoding="utf-8"))
        for path in sorted(site.site.rglob("*.html"))
    }


def page(pages: dict[str, Element], url: str) -> Element:
    return pages[url + "index.html"]


def head_title(root: Element) -> str:
    (title,) = [e for e in find(root, "title") if e.tag == "title" and not _in_svg(root, e)]
    return title.text


def _in_svg(root: Element, target: Element) -> bool:
    return any(target in list(svg.iter())[1:] for svg in find(root, "svg"))


def header_topic(root: Element) -> str:
    """The page's title in the header (the second topic; the first is the site's name)."""
    topics = find(root, "div", "md-header__topic")
    return topics[-1].text.strip()


# --- HTML pages -----------------------------------------------------------------------------------


def test_the_build_makes_every_kind_of_page(pages: dict[str, Element]) -> None:
    for url in (
        "blog/2026/11/01/hostile-title/",
        "blog/2026/11/02/quotes-in-tags/",
        "blog/",
        "tags/",
        "tags/hostile/",
        "tags/it-s-x/",
        "models/hostile-model/",
        "vendors/hostile/",
        "providers/hostile-cloud/",
        "providers/relay-x/",
        "prices/",
        "status/",
        "notes/",
    ):
        assert url + "index.html" in pages


def test_no_payload_is_live_markup_in_any_page(pages: dict[str, Element]) -> None:
    live = {url: found for url, root in pages.items() if (found := live_markup(root))}
    assert not live


def test_no_page_gives_javascript_urls_and_author_urls_stay_whole(pages: dict[str, Element]) -> None:
    root = page(pages, "blog/2026/11/01/hostile-title/")
    eve = AUTHORS["eve"]
    # The post links its authors to their pages (`authors_profiles: true`), which link their addresses.
    links = [a for a in find(root, "a") if a.text.strip() == eve["name"]]
    assert links and all(a.attrs["href"] == "../../../../author/eve/" for a in links)
    profile = page(pages, "blog/author/eve/")
    (address,) = find(profile, "p", "almanac-author-header__url")
    assert [a.attrs["href"] for a in find(address, "a")] == [eve["url"]] and address.text.strip() == eve["url"]
    avatars = [img for img in find(root, "img", "almanac-author__avatar")]
    # The avatar is a file of the site, whose address (with its query) is relative to the page.
    assert [img.attrs["src"] for img in avatars] == ["../../../../../" + eve["avatar"]]
    described = [e for e in find(root, "span", "almanac-author") if e.attrs.get("title")]
    assert [e.attrs["title"] for e in described] == [AUTHORS["eve"]["description"], AUTHORS["mallory"]["description"]]


def test_a_post_title_and_summary_are_text_in_title_header_heading_and_description(
    pages: dict[str, Element],
) -> None:
    root = page(pages, "blog/2026/11/01/hostile-title/")
    title = POST["title"]
    assert "{{ 7*7 }}" in title and "&lt;script&gt;" in title and "\u2028" in title
    assert head_title(root) == f"{title} - {SITE_NAME}"
    assert header_topic(root) == title
    assert [h.text.strip() for h in find(root, "h1")] == [title]
    (description,) = [m for m in find(root, "meta") if m.attrs.get("name") == "description"]
    assert description.attrs["content"] == POST["summary"]


def test_category_and_author_names_are_text_in_their_pages_and_on_the_post(pages: dict[str, Element]) -> None:
    post = page(pages, "blog/2026/11/01/hostile-title/")
    (line,) = find(post, "span", "almanac-categories")
    links = {a.text: a.attrs["href"] for a in find(line, "a")}
    assert list(links) == POST["categories"]
    for name, href in links.items():
        category = pages[posixpath.normpath(posixpath.join("blog/2026/11/01/hostile-title/", href)) + "/index.html"]
        assert head_title(category) == f"{name} - {SITE_NAME}"
        assert [h.text.strip() for h in find(category, "h1")] == [name]
    for author_id, author in AUTHORS.items():
        profile = page(pages, f"blog/author/{author_id}/")
        assert head_title(profile) == f"{author['name']} - {SITE_NAME}"
        assert [h.text.strip() for h in find(profile, "h1")] == [author["name"]]
        (description,) = find(profile, "p", "almanac-author-header__description")
        assert description.text == author["description"]


def test_related_links_and_a_redirect_name_their_pages_as_text(pages: dict[str, Element]) -> None:
    root = page(pages, "blog/2026/11/01/hostile-title/")
    (section,) = find(root, "section", "almanac-links")
    links = [(a.text, a.attrs["href"]) for a in find(section, "a")]
    notes = "Notes </title><script>alert(10)</script> &lt;b&gt;"  # its heading's text, as the page shows it
    (titled,) = POST["links"][1].items()
    assert links == [(notes, "../../../../../notes/"), titled]
    redirect = pages["old/hostile-title/index.html"]
    assert head_title(redirect) == POST["title"]
    assert [(a.text, a.attrs["href"]) for a in find(redirect, "a")] == [
        (POST["title"], "../../blog/2026/11/01/hostile-title/")
    ]


def test_quotes_in_a_summary_stay_inside_the_description(pages: dict[str, Element]) -> None:
    root = page(pages, "blog/2026/11/02/quotes-in-tags/")
    (description,) = [m for m in find(root, "meta") if m.attrs.get("name") == "description"]
    assert description.attrs["content"] == QUOTED_POST["summary"]
    assert head_title(root) == f"{QUOTED_POST['title']} - {SITE_NAME}"


def test_a_heading_of_the_body_written_as_text_stays_text(pages: dict[str, Element]) -> None:
    root = page(pages, "blog/2026/11/01/hostile-title/")
    (heading,) = find(root, "h2", None)[:1]
    assert heading.text.strip().startswith("Heading </title><script>alert(7)</script> <img src=x onerror=alert(8)>")


def test_a_title_taken_from_a_heading_keeps_its_entities_as_text(pages: dict[str, Element]) -> None:
    # Material writes such a title through `striptags`, which decodes entities: `&lt;/title&gt;`
    # would end the `<title>` (the page is in the fixture's navigation, without front matter).
    root = page(pages, "notes/")
    title = "Notes </title><script>alert(10)</script> &lt;b&gt;"
    assert head_title(root) == f"{title} - {SITE_NAME}"
    assert [h.text.strip().removesuffix("¶") for h in find(root, "h1")] == [title]  # and its permalink


def test_tag_names_are_text_on_their_pages_and_in_chips(pages: dict[str, Element]) -> None:
    root = page(pages, "tags/hostile/")
    assert head_title(root) == f"{HOSTILE_TAG} - {SITE_NAME}"
    assert header_topic(root) == HOSTILE_TAG
    (heading,) = find(root, "h1")
    assert heading.text.strip().startswith(HOSTILE_TAG)
    descriptions = [p.text for p in find(root, "p", "almanac-tag-header__description")]
    assert descriptions == [TAGS[HOSTILE_TAG]["description"]["en"], TAGS[HOSTILE_TAG]["description"]["zh"]]
    post = page(pages, "blog/2026/11/01/hostile-title/")
    chips = [a.text for a in find(post, "a", "almanac-chip")]
    assert HOSTILE_TAG in chips and 'it\'s "x"' in chips
    index = page(pages, "tags/")
    assert HOSTILE_TAG in [a.text for a in find(index, "a")]


def test_a_tag_named_with_quotes_keeps_its_name_as_the_page_title(pages: dict[str, Element]) -> None:
    root = page(pages, "tags/it-s-x/")
    assert head_title(root) == f'it\'s "x" - {SITE_NAME}'
    assert header_topic(root) == 'it\'s "x"'
    pre_escaped = page(pages, "tags/7-7-lt-b-gt/")
    assert head_title(pre_escaped) == f"{{{{ 7*7 }}}} &lt;b&gt; - {SITE_NAME}"


def test_names_from_data_are_the_titles_of_their_pages(pages: dict[str, Element]) -> None:
    model = VENDOR["models"][0]
    for url, name in (
        ("models/hostile-model/", model["name"]),
        ("vendors/hostile/", VENDOR["vendor"]["name"]),
        ("providers/hostile-cloud/", CLOUD["name"]),
        ("providers/relay-x/", RELAY["name"]),
    ):
        root = page(pages, url)
        assert head_title(root) == f"{name} - {SITE_NAME}", url
        assert header_topic(root) == name, url
        assert [h.text.strip() for h in find(root, "h1")] == [name], url


def test_notes_incidents_and_sources_from_data_show_as_text(pages: dict[str, Element]) -> None:
    relay = page(pages, "providers/relay-x/")
    assert INCIDENTS[0]["title"] in [s.text for s in find(relay, "strong")]
    assert RELAY["ratings"][0]["notes"] in [td.text for td in find(relay, "td")]
    assert [a.attrs["href"] for a in find(relay, "a") if a.text == INCIDENTS[0]["evidence"][0]] == INCIDENTS[0][
        "evidence"
    ]
    status = page(pages, "status/")
    assert INCIDENTS[1]["title"] in [s.text for s in find(status, "strong")]
    vendor = page(pages, "vendors/hostile/")
    homepage = VENDOR["vendor"]["homepage"]
    assert homepage in [a.attrs.get("href") for a in find(vendor, "a")]


MODEL = VENDOR["models"][0]
#: Strings from the data and where each shows, as text a reader sees (entities decoded, no tag
#: made of them): a payload that became markup would be missing some of its characters.
SHOWN = [
    ("vendors/hostile/", VENDOR["vendor"]["name"]),
    ("vendors/", VENDOR["vendor"]["name"]),
    ("vendors/hostile/", VENDOR["vendor"]["names"]["zh"]),
    ("models/hostile-model/", MODEL["name"]),
    ("models/", MODEL["name"]),
    ("prices/", MODEL["name"]),
    ("models/hostile-model/", MODEL["api_ids"][0]),
    ("vendors/hostile/", MODEL["offers"][0]["periods"][1]["promotions"][0]["name"]),
    ("providers/hostile-cloud/", CLOUD["name"]),
    ("providers/hostile-cloud/", CLOUD["note"]),
    ("providers/", RELAY["name"]),
    ("providers/relay-x/", RELAY["note"]),
    ("providers/relay-x/", RELAY["ratings"][0]["notes"]),
    ("providers/relay-x/", INCIDENTS[0]["title"]),
    ("providers/relay-x/", INCIDENTS[0]["updates"][0]["body"]),
    ("status/", INCIDENTS[1]["title"]),
    ("tags/", TAGS[HOSTILE_TAG]["description"]["en"]),
    ("blog/", POST["title"]),
    ("blog/", AUTHORS["eve"]["name"]),
    ("blog/archive/2026/", POST["title"]),
    ("blog/2026/11/02/quotes-in-tags/", POST["title"]),  # the link to the older post
]


@pytest.mark.parametrize(("url", "text"), SHOWN, ids=[f"{url}:{text[:12]}" for url, text in SHOWN])
def test_strings_from_the_data_show_as_the_text_they_are(pages: dict[str, Element], url: str, text: str) -> None:
    assert MARKER in text or "{{" in text
    assert text in page(pages, url).text


#: Addresses from the data and authors, with quotes and brackets, and the pages that link them.
LINKED = [
    ("vendors/hostile/", VENDOR["vendor"]["homepage"]),
    ("vendors/hostile/", VENDOR["vendor"]["pricing_pages"][0]["url"]),
    ("providers/hostile-cloud/", CLOUD["homepage"]),
    ("providers/relay-x/", INCIDENTS[0]["evidence"][0]),
    # Cards and posts link an author's page (`authors_profiles: true`), which links their address.
    ("blog/author/eve/", AUTHORS["eve"]["url"]),
]


@pytest.mark.parametrize(("url", "address"), LINKED, ids=[f"{url}:{n}" for n, (url, _a) in enumerate(LINKED)])
def test_addresses_with_quotes_stay_whole_inside_their_attribute(
    pages: dict[str, Element], url: str, address: str
) -> None:
    assert '"' in address or "'" in address
    assert address in [a.attrs.get("href") for a in find(page(pages, url), "a")]


def test_feed_links_in_the_head_name_the_tag_as_text(pages: dict[str, Element]) -> None:
    root = page(pages, "tags/hostile/")
    feeds = [link for link in find(root, "link") if "alternate" in (link.attrs.get("rel") or "").split()]
    titles = [link.attrs.get("title") for link in feeds]
    assert f"{SITE_NAME} — {HOSTILE_TAG}" in titles


def charts(site: BuildResult, url: str) -> list[ET.Element]:
    """The charts of a page (SVG drawn at build time, with their XML namespace), parsed as XML."""
    text = (site.site / url / "index.html").read_text(encoding="utf-8")
    return [ET.fromstring(svg) for svg in re.findall(r'<svg xmlns="[^"]+" class="almanac-chart.*?</svg>', text, re.S)]


def test_charts_parse_as_xml_hold_no_live_markup_and_name_their_subjects_as_text(site: BuildResult) -> None:
    found = {
        url: charts(site, url)
        for url in ("models/hostile-model/", "status/", "prices/", "blog/2026/11/01/hostile-title/")
    }
    assert all(found.values()), found
    for url, svgs in found.items():
        for svg in svgs:
            assert not live_in_svg(svg), url
    labels = {
        url: ["".join(e.itertext()) for svg in svgs for e in svg.iter(f"{SVG}title")] for url, svgs in found.items()
    }
    model = VENDOR["models"][0]["name"]
    assert any(model in label for label in labels["models/hostile-model/"])
    assert any(model in label for label in labels["blog/2026/11/01/hostile-title/"])
    assert any(RELAY["name"] in label for label in labels["status/"])


# --- The search index -----------------------------------------------------------------------------


def test_the_search_index_holds_titles_text_and_tags_as_escaped_html(site: BuildResult) -> None:
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    for doc in docs:
        for fragment in (doc["title"], doc["text"], *doc.get("tags", [])):
            assert not live_markup(parse_html(fragment)), (doc["location"], fragment[:80])
    post = next(doc for doc in docs if doc["location"] == "blog/2026/11/01/hostile-title/")
    assert html_text(post["title"]) == POST["title"]
    assert [html_text(tag) for tag in post["tags"]] == POST["tags"]
    headings = [doc for doc in docs if doc["location"].startswith("blog/2026/11/01/hostile-title/#")]
    assert any(html_text(doc["title"]).startswith("Heading </title><script>alert(7)") for doc in headings)


# --- Feeds ----------------------------------------------------------------------------------------


def feeds(site: BuildResult, name: str) -> list[Path]:
    """Every feed of the site: the blog's, each tag's, and the data's (entities' timelines, price changes)."""
    return sorted(site.site.rglob(name))


def blog_feeds(site: BuildResult, paths: list[Path]) -> list[Path]:
    return [path for path in paths if path.parent == site.site or path.parent.parent == site.site / "tags"]


def test_atom_feeds_parse_and_hold_the_strings_as_text(site: BuildResult) -> None:
    paths = feeds(site, "feed.xml")
    assert len(blog_feeds(site, paths)) == 1 + len(TAGS)
    for path in paths:
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        for content in root.iter(f"{ATOM}content"):
            assert content.get("type") == "html"
            assert not live_markup(parse_html(content.text or "")), path
    root = ET.parse(site.site / "tags" / "hostile" / "feed.xml").getroot()
    assert root.findtext(f"{ATOM}title") == f"{SITE_NAME} — {HOSTILE_TAG}"
    assert root.findtext(f"{ATOM}subtitle") == TAGS[HOSTILE_TAG]["description"]["en"]
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in root.iter(f"{ATOM}entry")}
    entry = entries[POST["title"]]
    assert entry.findtext(f"{ATOM}summary") == POST["summary"]
    assert [a.findtext(f"{ATOM}name") for a in entry.iter(f"{ATOM}author")] == [
        AUTHORS["eve"]["name"],
        AUTHORS["mallory"]["name"],
    ]
    assert HOSTILE_TAG in [c.get("term") for c in entry.iter(f"{ATOM}category")]
    # An incident's title and updates, from the data, in its provider's timeline.
    root = ET.parse(site.site / "providers" / "relay-x" / "feed.xml").getroot()
    titles = [entry.findtext(f"{ATOM}title") or "" for entry in root.iter(f"{ATOM}entry")]
    assert any(title.endswith(INCIDENTS[0]["title"]) for title in titles)
    contents = "".join(content.text or "" for content in root.iter(f"{ATOM}content"))
    assert INCIDENTS[0]["updates"][0]["body"].strip() in html_text(contents)


def test_json_feeds_keep_the_strings_as_data(site: BuildResult) -> None:
    paths = feeds(site, "feed.json")
    assert len(blog_feeds(site, paths)) == 1 + len(TAGS)
    for path in paths:
        document = json.loads(path.read_text(encoding="utf-8"))
        for item in document["items"]:
            assert not live_markup(parse_html(item["content_html"])), path
    document = json.loads((site.site / "feed.json").read_text(encoding="utf-8"))
    item = next(item for item in document["items"] if item["title"] == POST["title"])
    assert item["summary"] == POST["summary"]
    assert HOSTILE_TAG in item["tags"]
    assert [a["name"] for a in item["authors"]] == [AUTHORS["eve"]["name"], AUTHORS["mallory"]["name"]]


# --- The API and the sitemap ----------------------------------------------------------------------


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_the_api_keeps_names_from_data_as_they_were_written(site: BuildResult) -> None:
    models = set(strings(json.loads((site.site / "api" / "models.json").read_text(encoding="utf-8"))))
    model = VENDOR["models"][0]
    assert model["name"] in models
    assert model["offers"][0]["periods"][1]["source"] in models
    providers = set(strings(json.loads((site.site / "api" / "providers.json").read_text(encoding="utf-8"))))
    assert RELAY["name"] in providers and CLOUD["name"] in providers
    json.loads((site.site / "api" / "history.json").read_text(encoding="utf-8"))


def test_the_sitemap_parses(site: BuildResult) -> None:
    root = ET.parse(site.site / "sitemap.xml").getroot()
    assert len(list(root)) >= 10
