# Timelines: what happened to a model, a vendor or a provider, one dated list, newest first.
#
# Runs after every page is converted, when `almanac/data` writes an entity page (`on_post_page`)
# and its change feeds (`on_post_build`). From the data: each change of list price
# (`pricing/history.py`) and each incident opened or resolved (`status.py`) up to the build's
# instant. From the posts: the pages that mention the entity, handed in as the plain values of
# `core/links/model.py` (the adapter reads them from the links plugin's backlinks): the data's
# pipeline never reads the blog. A busy entity is mentioned by a thousand posts: only the newest
# posts, those its page shows, are made entries (`with_posts`' `limit`; the backlinks count the
# others). The same timeline is the page's "Timeline" section and its Atom and JSON feeds
# (`timeline_feed`), and every change of the data is `/prices/changes/`'s feed.

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from markupsafe import escape

from almanac.core.data.pages.catalogue import entity_url
from almanac.core.data.pricing import labels
from almanac.core.data.pricing.history import PriceChange, price_changes
from almanac.core.data.pricing.money import CONTEXT, display
from almanac.core.feeds import EPOCH, Feed, FeedEntry, absolute_url

if TYPE_CHECKING:
    from almanac.core.data.datasets import Datasets
    from almanac.core.data.datasets.models import Incident
    from almanac.core.links.model import Mention, PageRef

__all__ = [
    "EntryKind",
    "TimelineEntry",
    "Timelines",
    "all_changes",
    "entity_timeline",
    "price_entry",
    "timeline_feed",
    "with_posts",
]

EntryKind = Literal["price", "opened", "resolved", "post"]
"""What an entry tells: a price changed, an incident opened or was resolved, a post mentions it."""

#: The order of entries of one instant: a post first, then what the data records.
_RANK: dict[EntryKind, int] = {"post": 0, "resolved": 1, "opened": 2, "price": 3}
_PERCENT = Decimal("0.1")
#: The category of each kind of entry in feeds.
_CATEGORIES: dict[EntryKind, str] = {
    "price": "price change",
    "opened": "incident",
    "resolved": "incident",
    "post": "post",
}


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event of a timeline; every string is plain text (escaped where it lands)."""

    at: dt.datetime
    """When it happened (aware): a price's `from`, an incident's start or end, a post's date."""
    kind: EntryKind
    id: str
    """Unique within the data and stable from build to build: the entry's id in feeds."""
    title: str
    """One line: `DeepSeek-V4-Pro input at DeepSeek: ¥2.00 → ¥1.00 (-50 %)`."""
    url: str
    """The page it is about, relative to the site root: the model's or the provider's page, the post."""
    detail: str = ""
    """More words: the offer (region, currency, tier, band), an incident's impact, a post's sentence."""
    change: PriceChange | None = None
    incident: Incident | None = None
    page: PageRef | None = None
    mention: Mention | None = None

    @property
    def day(self) -> str:
        """The date as the timeline shows it, in the zone it was written with (a post's date is
        its own day, as its page shows it; an incident's the provider's): `2026-08-01`."""
        return self.at.date().isoformat()


def _newest_first(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """Newest first; entries of one instant by `_RANK`, then in the order given (the data's
    order: a model's changes of one day read input, cache, output, as its tables do)."""
    return sorted(entries, key=lambda e: (e.at, -_RANK[e.kind]), reverse=True)


# --------------------------------------------------------------------------------------------
# From the data
# --------------------------------------------------------------------------------------------


def _relative(change: PriceChange) -> str:
    if change.relative is None:
        return ""
    shown = CONTEXT.multiply(change.relative, Decimal(100)).quantize(_PERCENT, rounding=ROUND_HALF_UP, context=CONTEXT)
    text = f"{shown:f}".removesuffix(".0")
    return f" ({'+' if shown > 0 else ''}{text} %)"


def _price(amount: Decimal | None, currency: str) -> str:
    return display(amount, currency) if amount is not None else "not listed"


def price_entry(datasets: Datasets, change: PriceChange) -> TimelineEntry:
    """The entry of one change of list price."""
    model = datasets.models[change.model_id]
    provider = datasets.providers.get(change.provider)
    where = provider.name if provider is not None else change.provider
    key = labels.name_label(change.key)
    old, new = _price(change.old, change.currency), _price(change.new, change.currency)
    offer = [change.region, change.currency, change.service_tier.replace("_", " ")]
    if change.tier:
        offer.append(change.tier)
    moment = change.at.astimezone(dt.UTC)
    parts = [moment.strftime("%Y%m%dT%H%M"), change.model_id, *change.offer, change.tier or "", change.key]
    return TimelineEntry(
        at=change.at,
        kind="price",
        id="price:" + ":".join(part.replace(":", "_") for part in parts),
        title=f"{model.name} {key} at {where}: {old} → {new}{_relative(change)}",
        url=entity_url("model", change.model_id),
        detail=", ".join(offer),
        change=change,
    )


def _changes(datasets: Datasets, model_ids: Iterable[str], at: dt.datetime) -> list[TimelineEntry]:
    return [
        price_entry(datasets, change)
        for model_id in model_ids
        for change in price_changes(datasets.models[model_id])
        if change.at <= at
    ]


def _incident_entry(
    provider_id: str, incident: Incident, kind: EntryKind, at: dt.datetime, title: str, impact: str
) -> TimelineEntry:
    entry_id = f"incident:{provider_id}:{incident.id}:{kind}"
    url = entity_url("provider", provider_id)
    return TimelineEntry(at, kind, entry_id, title, url, impact, incident=incident)


def _incident_entries(datasets: Datasets, provider_id: str, at: dt.datetime) -> list[TimelineEntry]:
    found = datasets.incidents.get(provider_id)
    provider = datasets.providers[provider_id]
    entries: list[TimelineEntry] = []
    for incident in found.incidents if found is not None else ():
        if incident.started_at > at:
            continue
        impact = f"{incident.impact} impact" if incident.impact != "none" else "no impact"
        opened = f"{provider.name}: {incident.title}"
        entries.append(_incident_entry(provider_id, incident, "opened", incident.started_at, opened, impact))
        if incident.resolved_at is not None and incident.resolved_at <= at:
            resolved = f"{provider.name}: resolved — {incident.title}"
            entries.append(_incident_entry(provider_id, incident, "resolved", incident.resolved_at, resolved, impact))
    return entries


class Timelines:
    """The timelines of every entity of the data up to `at`, each made when first asked for.

    Every change of list price is found once (a provider's timeline takes the changes of every
    model it sells, a vendor's those of its models), however many pages and feeds ask.
    """

    def __init__(self, datasets: Datasets, *, at: dt.datetime) -> None:
        self.datasets = datasets
        self.at = at
        self._changes: list[TimelineEntry] | None = None
        #: The changes of each model, vendor and provider, newest first: one pass over them all.
        self._by: dict[tuple[str, str], list[TimelineEntry]] = {}
        self._made: dict[tuple[str, str], list[TimelineEntry]] = {}

    def changes(self) -> list[TimelineEntry]:
        """Every change of list price in the data up to `at`, newest first (`/prices/changes/`)."""
        if self._changes is None:
            self._changes = _newest_first(_changes(self.datasets, sorted(self.datasets.models), self.at))
            vendor_of = self.datasets.vendor_of
            for entry in self._changes:
                assert entry.change is not None
                model, provider = entry.change.model_id, entry.change.provider
                for key in (("model", model), ("vendor", vendor_of[model]), ("provider", provider)):
                    self._by.setdefault(key, []).append(entry)
        return self._changes

    def of(self, kind: str, entity_id: str) -> list[TimelineEntry]:
        """What the data says happened to an entity up to `at`, newest first.

        A model: the changes of its list prices, at every provider. A vendor: those of all its
        models. A provider: the changes of the offers it sells, and its incidents, each when it
        opened and (if by `at`) when it was resolved. Posts are added by `with_posts`.
        """
        if kind not in ("model", "vendor", "provider"):
            raise ValueError(f"no timeline for a {kind}")
        made = self._made.get((kind, entity_id))
        if made is None:
            self.changes()
            made = self._by.get((kind, entity_id), [])
            if kind == "provider":
                made = _newest_first([*made, *_incident_entries(self.datasets, entity_id, self.at)])
            self._made[(kind, entity_id)] = made
        return made


def entity_timeline(datasets: Datasets, kind: str, entity_id: str, *, at: dt.datetime) -> list[TimelineEntry]:
    """The timeline of one entity (see `Timelines.of`)."""
    return Timelines(datasets, at=at).of(kind, entity_id)


def all_changes(datasets: Datasets, *, at: dt.datetime) -> list[TimelineEntry]:
    """Every change of list price in the data up to `at`, newest first (see `Timelines.changes`)."""
    return Timelines(datasets, at=at).changes()


# --------------------------------------------------------------------------------------------
# From the posts
# --------------------------------------------------------------------------------------------


def with_posts(
    entries: Sequence[TimelineEntry], mentions: Iterable[tuple[PageRef, Mention]], *, limit: int | None = None
) -> list[TimelineEntry]:
    """`entries` with the dated pages that mention the entity (posts; other pages have no date,
    and are in "Mentioned in" only), newest first; with a `limit`, only the newest `limit` posts
    (of one instant, those handed first). A page is added
    once, however many of its mentions are handed (a vendor's page gets the mentions of its
    models too): with its first mention handed."""
    first: dict[str, tuple[PageRef, Mention]] = {}
    for page, mention in mentions:
        if page.date is not None and page.src_uri not in first:
            first[page.src_uri] = (page, mention)
    chosen: Iterable[tuple[PageRef, Mention]] = first.values()
    if limit is not None:
        chosen = heapq.nlargest(max(0, limit), chosen, key=_date_of)
    posts = [_post_entry(page, mention) for page, mention in chosen]
    return _newest_first([*entries, *posts])


def _date_of(item: tuple[PageRef, Mention]) -> dt.datetime:
    date = item[0].date
    assert date is not None  # only posts are chosen
    return date


def _post_entry(page: PageRef, mention: Mention) -> TimelineEntry:
    assert page.date is not None
    sentence = f"{mention.before}{mention.text}{mention.after}".strip()
    return TimelineEntry(
        page.date, "post", f"post:{page.url}", page.title, page.url, sentence, page=page, mention=mention
    )


# --------------------------------------------------------------------------------------------
# As a feed
# --------------------------------------------------------------------------------------------


def _entry_html(entry: TimelineEntry) -> str:
    """An entry's content in a feed: every value escaped. A post's is the sentence around its
    mention, never the post itself: fifty of them in each of hundreds of feeds."""
    if entry.mention is not None:
        m = entry.mention
        return f"<p>{escape(m.before)}<mark>{escape(m.text)}</mark>{escape(m.after)}</p>"
    if entry.incident is not None:
        updates = "".join(
            f"<li>{escape(u.at.isoformat(timespec='minutes'))} <em>{escape(u.status)}</em> — {escape(u.body)}</li>"
            for u in entry.incident.updates
        )
        return f"<p>{escape(entry.detail)}</p>" + (f"<ol>{updates}</ol>" if updates else "")
    return f"<p>{escape(entry.title)}. Offer: {escape(entry.detail)}.</p>"


def timeline_feed(
    entries: Sequence[TimelineEntry],
    *,
    title: str,
    subtitle: str,
    page_url: str,
    feed_url: str,
    json_feed_url: str,
    site_url: str,
    language: str,
    authors: tuple[str, ...] = (),
    limit: int | None = 50,
) -> Feed:
    """The newest `limit` entries of a timeline as a feed of the page at `page_url` (relative
    to the site root, as are the feeds' URLs). Every link is absolute (`site_url`); an entry
    that shares its page with others (the changes of a model) has its own id, that page's URL
    with the entry's id as fragment: the same in every feed that holds it. The same entries
    give the same bytes: an empty feed is dated `EPOCH`, never by the clock. `authors`: the
    feed's (the site's name), as Atom needs one."""
    home = absolute_url(page_url, site_url)
    root = absolute_url("", site_url)  # checked once: each entry's URL is the root and its path
    chosen = _newest_first(entries)[:limit] if limit is not None else _newest_first(entries)
    items = []
    for entry in chosen:
        url = root + entry.url.lstrip("/")
        items.append(
            FeedEntry(
                url=url,
                title=entry.title,
                published=entry.at,
                updated=None,
                summary=None,
                content_html=_entry_html(entry),
                categories=(_CATEGORIES[entry.kind],),
                guid=None if entry.kind == "post" else f"{url}#{_fragment(entry.id)}",
            )
        )
    return Feed(
        title=title,
        subtitle=subtitle,
        home_url=home,
        feed_url=absolute_url(feed_url, site_url),
        json_feed_url=absolute_url(json_feed_url, site_url),
        language=language,
        entries=tuple(items),
        authors=authors,
        updated_fallback=EPOCH,
    )


def _fragment(entry_id: str) -> str:
    """An entry's id as a URL fragment: characters outside the unreserved set percent-encoded."""
    return quote(entry_id, safe=":-._~")
