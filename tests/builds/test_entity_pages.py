"""Entity pages in real builds of a small project (`tests/fixtures/entities/`): each model, vendor
and provider page shows its "Timeline" (price changes, incidents, posts, newest first) and
"Mentioned in" (the newest posts that link or mention it and the pages without a date, the
sentence around the first mention, marked), both out of the search index; each offers its
timeline as Atom and JSON feeds, linked from the page and its head, with absolute links;
`/prices/changes/` lists every change of list price with its own feeds. Built once with
`almanac/links` and once without it."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import feedparser
import pytest

from helpers import BuildResult, run_build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "entities"
SITE = "https://example.org/entities/"
HALVES = "blog/2026/09/02/halves/"
HUB_POST = "blog/2026/07/01/hub/"
OUTAGE = "blog/2026/10/03/outage/"


def _build(tmp_path_factory: pytest.TempPathFactory, name: str, *, links: bool) -> BuildResult:
    project = tmp_path_factory.mktemp(name) / "project"
    shutil.copytree(FIXTURE, project)
    if not links:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("  - almanac/links\n", ""), encoding="utf-8")
    build = run_build(project)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return _build(tmp_path_factory, "entities", links=True)


@pytest.fixture(scope="module")
def unlinked(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return _build(tmp_path_factory, "entities-unlinked", links=False)


def page(build: BuildResult, url: str) -> str:
    return (build.site / url / "index.html").read_text(encoding="utf-8")


def section(html: str, name: str) -> str:
    """The HTML of one section: from its heading to the next heading or the end of the article."""
    found = re.search(rf'<h2 id="{name}">.*?(?=<h2 |</article>)', html, re.S)
    assert found is not None, f"no section {name}"
    return found.group(0)


def items(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", item) for item in re.findall(r"<li\b.*?</li>", html, re.S)]


def text(html: str) -> str:
    """What a reader sees of `html`: its text, character references read."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip())


# --------------------------------------------------------------------------------------------
# The pages
# --------------------------------------------------------------------------------------------


def test_a_model_page_shows_its_timeline_and_the_pages_that_mention_it(linked: BuildResult) -> None:
    html = page(linked, "models/acme-one/")
    timeline = [text(item) for item in items(section(html, "timeline"))]
    assert timeline == [
        '2026-09-02 · Post · Acme <halves> & "cuts"',
        "2026-09-01 · Price · Acme-One input at Acme API: ¥2.00 → ¥1.00 (-50 %) (cn, CNY, standard)",
        "2026-09-01 · Price · Acme-One output at Acme API: ¥16.00 → ¥8.00 (-50 %) (cn, CNY, standard)",
        "2026-05-01 · Price · Acme-One input at Acme API: ¥4.00 → ¥2.00 (-50 %) (cn, CNY, standard)",
    ]  # the change of 2027-03-01 is after the build date
    mentioned = items(section(html, "mentioned-in"))
    assert len(mentioned) == 2  # the post, then the page without a date
    assert f'<time datetime="2026-09-02">2026-09-02</time> · <a href="../../{HALVES}">' in mentioned[0]
    assert "Acme &lt;halves&gt; &amp; &#34;cuts&#34;</a>" in mentioned[0]  # escaped once
    assert "<mark>Acme-One</mark> now costs half what it did in May." in mentioned[0]
    assert '<a href="../../about/">About</a>' in mentioned[1] and "<time" not in mentioned[1]
    assert "This site follows <mark>Acme-One</mark> from its first price to its last." in mentioned[1]


def test_a_vendor_page_holds_its_models_mentions_and_changes(linked: BuildResult) -> None:
    html = page(linked, "vendors/acme/")
    mentioned = items(section(html, "mentioned-in"))
    assert [re.search(r'href="\.\./\.\./([^"]+)"', item).group(1) for item in mentioned] == [  # type: ignore[union-attr]
        OUTAGE,  # 极致, the vendor's Chinese name
        HALVES,  # Acme-One, its model
        HUB_POST,  # Acme-Two, its other model
        "about/",
    ]
    assert "<mark>极致</mark>的接口昨天中断了两个半小时。" in mentioned[0]
    timeline = items(section(html, "timeline"))
    assert [re.search(r"· <strong>(\w+)</strong>", item).group(1) for item in timeline] == [  # type: ignore[union-attr]
        "Post", "Post", "Price", "Price", "Post", "Price", "Price",
    ]  # fmt: skip
    # Changes are on their model's page: linked from here, names escaped.
    assert '<a href="../../models/acme-two/">Acme-Two &lt;mini&gt; &amp; &#34;fast&#34; input at Hub' in timeline[5]


def test_a_provider_page_shows_its_incidents_and_one_without_anything_says_so(linked: BuildResult) -> None:
    timeline = [text(item) for item in items(section(page(linked, "providers/acme-api/"), "timeline"))]
    assert timeline[:4] == [
        "2026-11-20 · Incident · Acme API: Slow responses (minor impact)",
        '2026-10-02 · Resolved · Acme API: resolved — <b>Errors</b> & "timeouts" on Acme-One (major impact)',
        '2026-10-02 · Incident · Acme API: <b>Errors</b> & "timeouts" on Acme-One (major impact)',
        '2026-09-02 · Post · Acme <halves> & "cuts"',  # links [[acme-api]]
    ]
    assert not any("After the build date" in line for line in timeline)
    quiet = page(linked, "providers/quiet/")
    assert "<p>No price changes, incidents or posts about Quiet Cloud up to 2026-11-28.</p>" in section(
        quiet, "timeline"
    )
    assert "<p>No posts mention Quiet Cloud yet.</p>" in section(quiet, "mentioned-in")


def test_the_sections_are_not_in_the_search_index(linked: BuildResult) -> None:
    index = json.loads((linked.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entity_docs = [doc for doc in index["docs"] if doc["location"].startswith(("models/", "vendors/", "providers/"))]
    assert entity_docs  # the pages are indexed, their facts and tables' headings …
    for doc in entity_docs:
        assert "Mentioned in" not in doc["title"] + doc["text"] and "Timeline" not in doc["title"] + doc["text"]
        assert "now costs half" not in doc["text"] and "Acme API: Slow responses" not in doc["text"]


# --------------------------------------------------------------------------------------------
# The feeds
# --------------------------------------------------------------------------------------------


def test_each_entity_page_offers_its_timeline_as_feeds(linked: BuildResult) -> None:
    html = page(linked, "providers/acme-api/")
    head = html[: html.index("</head>")]
    assert (
        '<link rel="alternate " type="application/atom+xml" title="Entity Almanac — Acme API" href="feed.xml">' in head
    )
    json_link = '<link rel="alternate " type="application/feed+json" title="Entity Almanac — Acme API" '
    json_link += 'href="feed.json">'
    assert json_link in head
    assert '<a href="feed.xml" type="application/atom+xml">Atom feed</a>' in section(html, "timeline")
    atom = feedparser.parse((linked.site / "providers/acme-api/feed.xml").read_text(encoding="utf-8"))
    assert not atom.bozo and atom.feed.link == f"{SITE}providers/acme-api/"
    assert [entry.title for entry in atom.entries][:4] == [
        "Acme API: Slow responses",
        'Acme API: resolved — <b>Errors</b> & "timeouts" on Acme-One',
        'Acme API: <b>Errors</b> & "timeouts" on Acme-One',
        'Acme <halves> & "cuts"',
    ]
    assert atom.entries[3].link == f"{SITE}{HALVES}"
    assert all(entry.link.startswith(SITE) for entry in atom.entries)
    document = json.loads((linked.site / "providers/acme-api/feed.json").read_text(encoding="utf-8"))
    assert document["feed_url"] == f"{SITE}providers/acme-api/feed.json"
    assert [item["title"] for item in document["items"]] == [entry.title for entry in atom.entries]
    post = document["items"][3]
    assert post["content_html"] == "<p>The lab sells it through <mark>Acme API</mark>.</p>"
    vendor = json.loads((linked.site / "vendors/acme/feed.json").read_text(encoding="utf-8"))
    assert [item["url"] for item in vendor["items"]][:2] == [f"{SITE}{OUTAGE}", f"{SITE}{HALVES}"]


def test_the_price_changes_page_lists_every_change_with_its_feeds(linked: BuildResult) -> None:
    prices = page(linked, "prices/")
    assert '<a href="changes/">price changes</a>' in prices
    html = page(linked, "prices/changes/")
    rows = [text(row) for row in re.findall(r"<tbody>.*?</tbody>", html, re.S)[0].split("</tr>") if "<td" in row]
    assert [row.split(" ")[0] for row in rows] == ["2026-09-01", "2026-09-01", "2026-06-15", "2026-05-01"]
    assert 'Acme-Two <mini> & "fast"' in text(html) and "Acme-Two &lt;mini&gt;" in html
    assert '<link rel="alternate " type="application/atom+xml" title="Entity Almanac — Price changes"' in html
    atom = feedparser.parse((linked.site / "prices/changes/feed.xml").read_text(encoding="utf-8"))
    assert not atom.bozo and len(atom.entries) == 4
    assert atom.entries[0].title == "Acme-One input at Acme API: ¥2.00 → ¥1.00 (-50 %)"
    assert atom.entries[0].link == f"{SITE}models/acme-one/"
    # One change, one id, in every feed that holds it.
    model = feedparser.parse((linked.site / "models/acme-one/feed.xml").read_text(encoding="utf-8"))
    assert atom.entries[0].id in {entry.id for entry in model.entries}


def test_without_the_links_plugin_timelines_hold_the_data_and_no_page_claims_no_mentions(
    linked: BuildResult, unlinked: BuildResult
) -> None:
    html = page(unlinked, "models/acme-one/")
    assert 'id="mentioned-in"' not in html and "No posts mention" not in html
    assert [text(item).split(" · ")[1] for item in items(section(html, "timeline"))] == ["Price", "Price", "Price"]
    # The data's feeds are the same without posts in them; the changes' feed is the same bytes.
    for path in ("prices/changes/feed.xml", "prices/changes/feed.json"):
        assert (unlinked.site / path).read_bytes() == (linked.site / path).read_bytes()
    atom = feedparser.parse((unlinked.site / "models/acme-one/feed.xml").read_text(encoding="utf-8"))
    assert [entry.tags[0].term for entry in atom.entries] == ["price change"] * 3
