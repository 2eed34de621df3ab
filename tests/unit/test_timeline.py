"""Timelines (`core/data/timeline.py`): what happened to a model, a vendor or a provider, on a
small project of its own (tests/fixtures/entities), and the same timelines as feeds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest

from almanac.core.data.datasets import Datasets, load_datasets
from almanac.core.data.timeline import (
    TimelineEntry,
    Timelines,
    all_changes,
    entity_timeline,
    timeline_feed,
    with_posts,
)
from almanac.core.feeds import EPOCH, atom_feed, json_feed, rfc3339
from almanac.core.links.model import Mention, PageRef

PROJECT = Path(__file__).resolve().parents[1] / "fixtures" / "entities"
AT = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
SITE = "https://example.org/almanac/"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def data() -> Datasets:
    return load_datasets(PROJECT, today=AT.date())


def titles(entries: Sequence[TimelineEntry]) -> list[tuple[str, str, str]]:
    return [(entry.day, entry.kind, entry.title) for entry in entries]


# --------------------------------------------------------------------------------------------
# From the data
# --------------------------------------------------------------------------------------------


def test_a_models_price_changes_newest_first_up_to_the_build(data: Datasets) -> None:
    # The change of 2027-03-01 is after the build: not yet in the timeline. Changes of one
    # instant read as the model's tables read them: input, then output.
    assert titles(entity_timeline(data, "model", "acme-one", at=AT)) == [
        ("2026-09-01", "price", "Acme-One input at Acme API: ¥2.00 → ¥1.00 (-50 %)"),
        ("2026-09-01", "price", "Acme-One output at Acme API: ¥16.00 → ¥8.00 (-50 %)"),
        ("2026-05-01", "price", "Acme-One input at Acme API: ¥4.00 → ¥2.00 (-50 %)"),
    ]
    later = dt.datetime(2027, 3, 2, tzinfo=dt.UTC)
    newest = entity_timeline(data, "model", "acme-one", at=later)[0]
    assert newest.title == "Acme-One input at Acme API: ¥1.00 → ¥0.50 (-50 %)"
    assert newest.url == "models/acme-one/" and newest.detail == "cn, CNY, standard"
    assert newest.change is not None and newest.change.model_id == "acme-one"


def test_a_vendors_timeline_holds_the_changes_of_all_its_models(data: Datasets) -> None:
    made = entity_timeline(data, "vendor", "acme", at=AT)
    assert [entry.day for entry in made] == ["2026-09-01", "2026-09-01", "2026-06-15", "2026-05-01"]
    assert made[2].title == 'Acme-Two <mini> & "fast" input at Hub: $0.30 → $0.20 (-33.3 %)'
    assert made[2].url == "models/acme-two/"


def test_a_providers_timeline_holds_its_incidents_and_the_changes_of_its_offers(data: Datasets) -> None:
    made = entity_timeline(data, "provider", "acme-api", at=AT)
    assert titles(made) == [
        # Opened before the build and not resolved: no "resolved" entry. The incident of
        # 2026-12-20 is after the build: not there.
        ("2026-11-20", "opened", "Acme API: Slow responses"),
        ("2026-10-02", "resolved", 'Acme API: resolved — <b>Errors</b> & "timeouts" on Acme-One'),
        ("2026-10-02", "opened", 'Acme API: <b>Errors</b> & "timeouts" on Acme-One'),
        ("2026-09-01", "price", "Acme-One input at Acme API: ¥2.00 → ¥1.00 (-50 %)"),
        ("2026-09-01", "price", "Acme-One output at Acme API: ¥16.00 → ¥8.00 (-50 %)"),
        ("2026-05-01", "price", "Acme-One input at Acme API: ¥4.00 → ¥2.00 (-50 %)"),
    ]
    assert made[0].detail == "minor impact" and made[0].url == "providers/acme-api/"
    # The day is the one the incident was written in (Shanghai), as its page shows it.
    assert made[1].at == dt.datetime(2026, 10, 2, 12, 30, tzinfo=SHANGHAI)
    assert [entry.title for entry in entity_timeline(data, "provider", "hub", at=AT)] == [
        'Acme-Two <mini> & "fast" input at Hub: $0.30 → $0.20 (-33.3 %)'
    ]


def test_every_change_of_the_data_and_ids_unique_and_stable(data: Datasets) -> None:
    changes = all_changes(data, at=AT)
    assert [entry.day for entry in changes] == ["2026-09-01", "2026-09-01", "2026-06-15", "2026-05-01"]
    timelines = Timelines(data, at=AT)
    every = [
        *timelines.changes(),
        *timelines.of("provider", "acme-api"),
        *timelines.of("model", "acme-two"),
    ]
    ids = {entry.id: entry for entry in every}
    assert len({(entry.id, entry.title) for entry in every}) == len(ids)  # one id, one event
    assert timelines.of("model", "acme-one") is timelines.of("model", "acme-one")  # made once
    again = Timelines(load_datasets(PROJECT, today=AT.date()), at=AT)
    assert [entry.id for entry in again.of("provider", "acme-api")] == [
        entry.id for entry in timelines.of("provider", "acme-api")
    ]
    with pytest.raises(ValueError):
        timelines.of("tag", "pricing")


# --------------------------------------------------------------------------------------------
# With the posts
# --------------------------------------------------------------------------------------------


def ref(name: str, date: dt.datetime | None, title: str | None = None) -> PageRef:
    url = f"blog/{name}/" if date is not None else f"{name}/"
    return PageRef(f"{url}index.md" if date is None else f"blog/posts/{name}.md", title or name, url, date)


def said(text: str, *, before: str = "", after: str = "") -> Mention:
    return Mention(("model", "acme-one"), before, text, after, explicit=False)


def test_posts_join_the_timeline_once_each_and_pages_without_a_date_do_not(data: Datasets) -> None:
    august = ref("august", dt.datetime(2026, 9, 1, 16, 0, tzinfo=SHANGHAI), "Acme halves its prices")
    early = ref("early", dt.datetime(2026, 1, 5, tzinfo=SHANGHAI))
    about = ref("about", None)
    mentions = [
        (august, said("Acme-One", after=" costs half.")),
        (august, said("Acme", after=" again.")),  # a vendor's page hands a page once per entity
        (early, said("Acme-One")),
        (about, said("Acme-One")),
    ]
    made = with_posts(entity_timeline(data, "model", "acme-one", at=AT), mentions)
    assert [(entry.kind, entry.day) for entry in made] == [
        ("post", "2026-09-01"),  # 08:00 UTC, the instant of the changes: the post reads first
        ("price", "2026-09-01"),
        ("price", "2026-09-01"),
        ("price", "2026-05-01"),
        ("post", "2026-01-05"),
    ]
    post = made[0]
    assert post.title == "Acme halves its prices" and post.url == "blog/august/"
    assert post.detail == "Acme-One costs half." and post.page == august
    assert with_posts([], []) == []


def test_with_a_limit_only_the_newest_posts_join_and_the_rest_are_counted(data: Datasets) -> None:
    day = dt.datetime(2026, 9, 1, 16, 0, tzinfo=SHANGHAI)  # the instant of two changes of Acme-One
    posts = [ref(f"p{n}", day - dt.timedelta(days=n)) for n in range(40)]
    twin = ref("twin", posts[2].date)  # of one instant with p2: the one handed first is taken
    handed = [(page, said("Acme-One")) for page in [posts[5], *posts[:5], twin, *posts[6:]]]
    handed += [(posts[0], said("Acme"))]  # a page handed again: once, with its first mention
    handed += [(ref("about", None), said("Acme-One"))]
    data_entries = entity_timeline(data, "model", "acme-one", at=AT)
    made = with_posts(data_entries, handed, limit=4)
    assert [entry.kind for entry in made].count("price") == len(data_entries) == 3  # every change
    assert [entry.title for entry in made if entry.kind == "post"] == ["p0", "p1", "p2", "twin"]
    assert [e.title for e in with_posts(data_entries, handed, limit=3) if e.kind == "post"] == ["p0", "p1", "p2"]
    assert next(entry for entry in made if entry.title == "p0").detail == "Acme-One"  # the first handed
    # A limit as high as the posts changes nothing; none keeps the data only.
    assert with_posts(data_entries, handed, limit=100) == with_posts(data_entries, handed)
    assert with_posts(data_entries, handed, limit=0) == data_entries


# --------------------------------------------------------------------------------------------
# As a feed
# --------------------------------------------------------------------------------------------


def feed_of(
    entries: Sequence[TimelineEntry], page: str = "models/acme-one/", limit: int | None = 50
) -> tuple[str, str]:
    feed = timeline_feed(
        entries,
        title="Almanac — Acme-One",
        subtitle="Price changes and posts about Acme-One",
        page_url=page,
        feed_url=page + "feed.xml",
        json_feed_url=page + "feed.json",
        site_url=SITE,
        language="en",
        authors=("Almanac",),
        limit=limit,
    )
    return atom_feed(feed), json_feed(feed)


def test_a_timeline_as_feeds_absolute_links_own_ids_text_escaped(data: Datasets) -> None:
    post = ref("august", dt.datetime(2026, 9, 2, tzinfo=SHANGHAI), "Acme <b>halves</b> & more")
    entries = with_posts(
        entity_timeline(data, "provider", "acme-api", at=AT), [(post, said("<Acme-One>", before="So ", after="."))]
    )
    atom, text = feed_of(entries, "providers/acme-api/")
    parsed = feedparser.parse(atom)
    assert not parsed.bozo and parsed.version == "atom10"
    assert parsed.feed.link == f"{SITE}providers/acme-api/"
    assert [item.title for item in parsed.entries][:3] == [
        "Acme API: Slow responses",
        'Acme API: resolved — <b>Errors</b> & "timeouts" on Acme-One',  # text, read back as written
        'Acme API: <b>Errors</b> & "timeouts" on Acme-One',
    ]
    ids = [item.id for item in parsed.entries]
    assert len(set(ids)) == len(ids) == 7
    assert ids[0] == f"{SITE}providers/acme-api/#incident:acme-api:2026-11-20-slow:opened"
    # A price change links to its model's page, and has the same id in every feed that holds it.
    change = next(item for item in parsed.entries if "¥4.00" in item.title)
    assert change.link == f"{SITE}models/acme-one/"
    model_feed = feedparser.parse(feed_of(entity_timeline(data, "model", "acme-one", at=AT))[0])
    assert change.id in {item.id for item in model_feed.entries}
    # A post is its own page; its sentence, escaped, with the mention marked.
    item = next(item for item in json.loads(text)["items"] if item["url"] == f"{SITE}blog/august/")
    assert item["id"] == item["url"] and item["title"] == "Acme <b>halves</b> & more"
    assert item["content_html"] == "<p>So <mark>&lt;Acme-One&gt;</mark>.</p>"
    assert item["tags"] == ["post"]
    # The incident's updates, escaped.
    resolved = next(i for i in json.loads(text)["items"] if i["id"].endswith("errors:resolved"))
    assert (
        "<li>2026-10-02T10:20+08:00 <em>investigating</em> — Requests fail with &lt;503&gt;.</li>"
        in (resolved["content_html"])
    )
    assert resolved["date_published"] == "2026-10-02T12:30:00+08:00"


def test_feeds_are_the_same_bytes_newest_first_limited_and_empty_ones_dated_by_epoch(data: Datasets) -> None:
    entries = entity_timeline(data, "vendor", "acme", at=AT)
    assert feed_of(entries) == feed_of(
        entity_timeline(load_datasets(PROJECT, today=AT.date()), "vendor", "acme", at=AT)
    )
    parsed = feedparser.parse(feed_of(entries, limit=2)[0])
    assert [item.published for item in parsed.entries] == [rfc3339(entries[0].at), rfc3339(entries[1].at)]
    empty_atom, empty_json = feed_of([])
    assert f"<updated>{rfc3339(EPOCH)}</updated>" in empty_atom
    assert json.loads(empty_json)["items"] == []
    assert "<name>Almanac</name>" in empty_atom
