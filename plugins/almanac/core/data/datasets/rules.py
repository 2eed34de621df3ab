# Rules inside one data file that a model alone cannot express.
#
# Run by `loader.py` right after a file passed its model, before the checks across files
# (`references.py`): periods in order and never overlapping, tiers contiguous, current prices
# sourced and checked, time windows that do not collide, ids unique within a file, the file
# name agreeing with the id inside it. Each rule returns errors located with the file's
# `Document`; none raises.

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from almanac.core.data.datasets.fields import instant
from almanac.core.data.datasets.messages import did_you_mean
from almanac.core.errors import AlmanacError
from almanac.core.slugs import slugify
from almanac.core.vocabulary import check_slug, tag_key

if TYPE_CHECKING:
    from almanac.core.data.datasets.models import (
        FxFile,
        IncidentsFile,
        Offer,
        Period,
        ProviderFile,
        StatusFile,
        TagsFile,
        Tiers,
        TimeWindow,
        VendorFile,
    )
    from almanac.core.data.datasets.reader import Document, Loc

__all__ = [
    "check_fx",
    "check_fx_coverage",
    "check_incidents",
    "check_provider",
    "check_status",
    "check_tags",
    "check_vendor",
    "find_overlaps",
    "is_current",
]

Span = tuple[dt.datetime | None, dt.datetime | None]
"""A half-open span `[start, end)`; `None` is unbounded on that side."""


def find_overlaps(spans: Sequence[Span]) -> list[tuple[int, int]]:
    """Pairs `(earlier, later)` of indexes of spans that overlap; each later span named once.

    Spans that are empty or reversed (`end <= start`) are left out: `to` before `from` is
    reported on its own.
    """
    low = dt.datetime.min.replace(tzinfo=dt.UTC)
    valid = [i for i, (start, end) in enumerate(spans) if start is None or end is None or end > start]
    order = sorted(valid, key=lambda i: (spans[i][0] or low, i))
    pairs: list[tuple[int, int]] = []
    reach_index: int | None = None  # the span reaching furthest so far
    for index in order:
        start, end = spans[index]
        if reach_index is not None:
            reach = spans[reach_index][1]
            if reach is None or start is None or start < reach:
                pairs.append((reach_index, index))
        reach_end = spans[reach_index][1] if reach_index is not None else None
        if reach_index is None or (reach_end is not None and (end is None or end > reach_end)):
            reach_index = index
    return pairs


def is_current(period: Period, today: dt.date) -> bool:
    """True when the period's `[from, to)` covers any moment of `today` (UTC)."""
    day_start = instant(today)
    day_end = day_start + dt.timedelta(days=1)
    start = instant(period.from_) if period.from_ is not None else None
    end = instant(period.to) if period.to is not None else None
    return (start is None or start < day_end) and (end is None or end > day_start)


def _show(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "open"
    return value.isoformat()


def _span_text(start: dt.date | dt.datetime | None, end: dt.date | dt.datetime | None) -> str:
    return f"from {_show(start)} to {_show(end)}"


# --- vendors and prices ------------------------------------------------------------------------


def check_vendor(document: Document, data: VendorFile, *, stem: str, today: dt.date) -> list[AlmanacError]:
    """Rules of one `data/vendors/<vendor>.yaml`."""
    errors: list[AlmanacError] = []
    if data.vendor.id != stem:
        errors.append(
            document.error(
                ("vendor", "id"),
                f"vendor id {data.vendor.id!r} does not match the file name {stem}.yaml",
                f"rename the file to {data.vendor.id}.yaml or change the id",
            )
        )
    for m, model in enumerate(data.models):
        base: Loc = ("models", m)
        lifecycle = model.lifecycle
        if lifecycle is not None:
            if lifecycle.successor == model.id:
                errors.append(document.error((*base, "lifecycle", "successor"), "a model cannot succeed itself"))
            if (
                lifecycle.deprecation_date is not None
                and lifecycle.retired_on is not None
                and lifecycle.retired_on < lifecycle.deprecation_date
            ):
                errors.append(
                    document.error(
                        (*base, "lifecycle", "retired_on"),
                        f"retired on {lifecycle.retired_on} before its deprecation date {lifecycle.deprecation_date}",
                    )
                )
        seen: dict[tuple[str, str, str, str], int] = {}
        for o, offer in enumerate(model.offers):
            where: Loc = (*base, "offers", o)
            identity = (offer.provider, offer.region, offer.currency, offer.service_tier)
            if identity in seen:
                errors.append(
                    document.error(
                        where,
                        f"the same offer as offers[{seen[identity]}] ({offer.provider}, {offer.region}, "
                        f"{offer.currency}, {offer.service_tier})",
                        f"an offer is one provider × region × currency × service tier; "
                        f"add these prices as periods of offers[{seen[identity]}]",
                    )
                )
            else:
                seen[identity] = o
            errors.extend(_check_offer(document, where, offer, today))
    return errors


def _check_offer(document: Document, base: Loc, offer: Offer, today: dt.date) -> Iterator[AlmanacError]:
    spans: list[Span] = []
    for p, period in enumerate(offer.periods):
        where: Loc = (*base, "periods", p)
        yield from _check_period(document, where, period, today)
        start = instant(period.from_) if period.from_ is not None else None
        end = instant(period.to) if period.to is not None else None
        spans.append((start, end))
    for earlier, later in find_overlaps(spans):
        first = offer.periods[earlier]
        loc: Loc = (*base, "periods", later)
        yield document.error(
            (*loc, "from") if offer.periods[later].from_ is not None else loc,
            f"overlaps periods[{earlier}] ({_span_text(first.from_, first.to)})",
            "periods of an offer must not overlap: end one period ('to') where the next begins ('from')",
        )


def _check_bounds(
    document: Document, where: Loc, start: dt.date | dt.datetime | None, end: dt.date | dt.datetime | None
) -> Iterator[AlmanacError]:
    if start is not None and end is not None and instant(end) <= instant(start):
        yield document.error(
            (*where, "to"),
            f"'to' ({_show(end)}) is not after 'from' ({_show(start)})",
            "a period runs from 'from' (inclusive) to 'to' (exclusive)",
        )


def _check_period(document: Document, where: Loc, period: Period, today: dt.date) -> Iterator[AlmanacError]:
    yield from _check_bounds(document, where, period.from_, period.to)
    if period.rates is None and period.tiers is None:
        yield document.error(where, "a period needs 'rates' or 'tiers'", "add 'rates:' with at least 'input'")
    elif period.rates is not None and period.tiers is not None:
        yield document.error(
            (*where, "tiers"),
            "a period has either 'rates' or 'tiers', not both",
            "move flat rates into the tiers' bands, or remove 'tiers'",
            at_key=True,
        )
    if period.tiers is not None:
        yield from _check_tiers(document, (*where, "tiers"), period.tiers)
    yield from _check_windows(document, where, period.time_windows)
    for n, promotion in enumerate(period.promotions):
        yield from _check_bounds(document, (*where, "promotions", n), promotion.from_, promotion.to)
    if period.checked is not None and period.checked > today:
        yield document.error(
            (*where, "checked"),
            f"'checked' date {period.checked} is after today ({today})",
            "write the date the price was last compared with its source",
        )
    if is_current(period, today):
        if period.source is None:
            yield document.error(
                where,
                "the current price has no 'source'",
                "add 'source:' with the URL of the price page",
            )
        if period.checked is None:
            yield document.error(
                where,
                "the current price has no 'checked' date",
                "add 'checked:' with the date the price was last compared with its source",
            )


def _check_tiers(document: Document, where: Loc, tiers: Tiers) -> Iterator[AlmanacError]:
    previous_max: int | None = 0
    last = len(tiers.bands) - 1
    for b, band in enumerate(tiers.bands):
        loc: Loc = (*where, "bands", b)
        if b == 0 and band.min != 0:
            yield document.error(
                (*loc, "min"), f"the first band starts at {band.min}", "start the first band at min: 0"
            )
        elif b > 0 and previous_max is not None and band.min != previous_max:
            gap = "gap" if band.min > previous_max else "overlap"
            yield document.error(
                (*loc, "min"),
                f"band starts at {band.min} but the previous band ends at {previous_max} (a {gap})",
                f"bands must be contiguous: set min to {previous_max}",
            )
        if band.max is not None and band.max <= band.min:
            yield document.error((*loc, "max"), f"max ({band.max}) is not above min ({band.min})")
        if band.max is None and b != last:
            yield document.error(
                loc,
                "only the last band may have no 'max'",
                f"add 'max:' (the next band starts at {tiers.bands[b + 1].min})",
            )
        previous_max = band.max


def _check_windows(document: Document, where: Loc, windows: Sequence[TimeWindow]) -> Iterator[AlmanacError]:
    names: dict[str, int] = {}
    for w, window in enumerate(windows):
        loc: Loc = (*where, "time_windows", w)
        if window.name in names:
            yield document.error(
                (*loc, "name"), f"a second window named {window.name!r}", "give each time window its own name"
            )
        names.setdefault(window.name, w)
        days: set[int] = set()
        for d, day in enumerate(window.weekdays):
            if day in days:
                yield document.error((*loc, "weekdays", d), f"weekday {day} is listed twice")
            days.add(day)
        spans = window.spans()
        for h, (start, end) in enumerate(spans):
            for g in range(h):
                other = spans[g]
                if start < other[1] and other[0] < end:
                    yield document.error(
                        (*loc, "hours", h),
                        f"{window.hours[h]!r} overlaps {window.hours[g]!r}",
                        "hour ranges of a window must not overlap",
                    )
                    break
        for v in range(w):
            other_window = windows[v]
            if other_window.tz != window.tz:
                continue
            shared = sorted(set(window.weekdays) & set(other_window.weekdays))
            if not shared:
                continue
            clash = next(
                ((a, b) for a in spans for b in other_window.spans() if a[0] < b[1] and b[0] < a[1]),
                None,
            )
            if clash is not None:
                yield document.error(
                    loc,
                    f"time window {window.name!r} overlaps {other_window.name!r} (time_windows[{v}]) "
                    f"on weekday {shared[0]}",
                    "a moment may fall in one time window only",
                )


# --- providers, incidents, status --------------------------------------------------------------


def check_provider(document: Document, data: ProviderFile, *, stem: str, today: dt.date) -> list[AlmanacError]:
    """Rules of one `data/providers/<id>.yaml`."""
    errors: list[AlmanacError] = []
    if data.id != stem:
        errors.append(
            document.error(
                ("id",),
                f"provider id {data.id!r} does not match the file name {stem}.yaml",
                f"rename the file to {data.id}.yaml or change the id",
            )
        )
    groups: dict[str, int] = {}
    if data.billing is not None:
        for g, group in enumerate(data.billing.groups):
            if group.name in groups:
                errors.append(
                    document.error(("billing", "groups", g, "name"), f"a second billing group named {group.name!r}")
                )
            groups.setdefault(group.name, g)
    for m, offered in enumerate(data.models_offered):
        if offered.group is not None and offered.group not in groups:
            errors.append(
                document.error(
                    ("models_offered", m, "group"),
                    f"unknown billing group {offered.group!r}",
                    did_you_mean(offered.group, groups, listing="add the group under billing.groups")
                    if groups
                    else "add the group under billing.groups",
                )
            )
    checks: dict[str, int] = {}
    for c, check in enumerate(data.monitoring):
        if check.id in checks:
            errors.append(document.error(("monitoring", c, "id"), f"a second check with the id {check.id!r}"))
        checks.setdefault(check.id, c)
    dates: set[dt.date] = set()
    for r, rating in enumerate(data.ratings):
        if rating.date in dates:
            errors.append(document.error(("ratings", r, "date"), f"a second rating dated {rating.date}"))
        dates.add(rating.date)
        if rating.date > today:
            errors.append(document.error(("ratings", r, "date"), f"rating date {rating.date} is after today ({today})"))
    return errors


def check_incidents(document: Document, data: IncidentsFile, *, stem: str) -> list[AlmanacError]:
    """Rules of one `data/incidents/<provider>.yaml`."""
    errors: list[AlmanacError] = []
    if data.provider != stem:
        errors.append(
            document.error(
                ("provider",),
                f"provider {data.provider!r} does not match the file name {stem}.yaml",
                f"rename the file to {data.provider}.yaml or change the provider",
            )
        )
    ids: set[str] = set()
    for i, incident in enumerate(data.incidents):
        if incident.id in ids:
            errors.append(document.error(("incidents", i, "id"), f"a second incident with the id {incident.id!r}"))
        ids.add(incident.id)
        if incident.resolved_at is not None and incident.resolved_at < incident.started_at:
            errors.append(
                document.error(
                    ("incidents", i, "resolved_at"),
                    f"'resolved_at' ({incident.resolved_at.isoformat()}) is before "
                    f"'started_at' ({incident.started_at.isoformat()})",
                )
            )
    return errors


def check_status(document: Document, data: StatusFile, *, folder: str, month: str) -> list[AlmanacError]:
    """Rules of one `data/status/<provider>/<YYYY-MM>.yaml`."""
    errors: list[AlmanacError] = []
    if data.provider != folder:
        errors.append(
            document.error(
                ("provider",),
                f"provider {data.provider!r} does not match the folder name data/status/{folder}/",
                f"move the file to data/status/{data.provider}/ or change the provider",
            )
        )
    seen: set[dt.date] = set()
    for d, day in enumerate(data.days):
        loc: Loc = ("days", d)
        if day.date.strftime("%Y-%m") != month:
            errors.append(document.error((*loc, "date"), f"{day.date} is not in {month}, the month of the file name"))
        if day.date in seen:
            errors.append(document.error((*loc, "date"), f"a second row for {day.date}"))
        seen.add(day.date)
        total = day.ok + day.degraded + day.failed
        if total != day.samples:
            errors.append(
                document.error(
                    (*loc, "samples"),
                    f"ok + degraded + failed = {total}, but samples is {day.samples}",
                    "every probe run is ok, degraded or failed",
                )
            )
    return errors


# --- exchange rates and tags -------------------------------------------------------------------


def check_fx(document: Document, data: FxFile) -> list[AlmanacError]:
    """Rules of `data/fx.yaml`."""
    errors: list[AlmanacError] = []
    seen: set[tuple[str, dt.date]] = set()
    for r, rate in enumerate(data.rates):
        if rate.currency == data.base:
            errors.append(
                document.error(("rates", r, "currency"), f"{rate.currency} is the base currency and needs no rate")
            )
        if (rate.currency, rate.date) in seen:
            errors.append(document.error(("rates", r), f"a second {rate.currency} rate on {rate.date}"))
        seen.add((rate.currency, rate.date))
    return errors


FX_FILE = "data/fx.yaml"
"""Where exchange rates are kept, relative to the project."""


def check_fx_coverage(
    fx: tuple[Document, FxFile] | None,
    vendors: Sequence[tuple[Document, VendorFile]],
    providers: Sequence[tuple[Document, ProviderFile]],
    *,
    today: dt.date,
) -> list[AlmanacError]:
    """A rate in `data/fx.yaml`, dated on or before `today`, for every currency the site must
    convert: each currency an offer is priced in (`/prices/` shows every price in each
    currency, and a model's price history in one) and the credit currency of each relay that
    offers models (`credit_rate.get_currency`, else `billing.currency`: its effective prices
    are derived from list prices in it). US dollars need none.

    One error per missing currency, at `data/fx.yaml` (its `rates:` line), naming the first
    file and line that needs the rate; the pages that convert would otherwise fail one by one.
    """
    dated: set[str] = set()
    if fx is not None:
        dated = {rate.currency for rate in fx[1].rates if rate.date <= today}
    needed: dict[str, list[str]] = {}  # currency → where it is needed, in file order
    for document, vendor in vendors:
        for m, model in enumerate(vendor.models):
            for o, offer in enumerate(model.offers):
                if offer.currency != "USD" and offer.currency not in dated:
                    line = document.position(("models", m, "offers", o, "currency"))[0]
                    where = f"the offer at {document.path}:{line} ({model.id} at {offer.provider}, {offer.region})"
                    needed.setdefault(offer.currency, []).append(where)
    for document, provider in providers:
        billing = provider.billing
        if billing is None or not provider.models_offered:
            continue
        # Credit is counted in `credit_rate.get_currency`, else at face value in the billing currency.
        credit = billing.credit_rate
        currency = credit.get_currency if credit is not None else billing.currency
        if currency != "USD" and currency not in dated:
            loc: Loc = ("billing", "credit_rate", "get_currency") if credit is not None else ("billing", "currency")
            line = document.position(loc)[0]
            what = "credit rate" if credit is not None else "billing currency"
            needed.setdefault(currency, []).append(f"the {what} at {document.path}:{line} ({provider.id})")
    errors: list[AlmanacError] = []
    rates_line: int | None = None
    if fx is not None:
        rates_line = (
            fx[0].key_position(("rates",))[0] if isinstance(fx[0].value, dict) and "rates" in fx[0].value else 1
        )
    for currency in sorted(needed):
        places = needed[currency]
        more = f" and {len(places) - 1} more" if len(places) > 1 else ""
        what = "" if fx is not None else f" (there is no {FX_FILE})"
        errors.append(
            AlmanacError(
                FX_FILE,
                rates_line,
                f"no exchange rate for {currency} dated on or before {today}{what}, needed by {places[0]}{more}",
                f"add a rate under 'rates:', such as {{currency: {currency}, per_usd: \"…\", "
                f'date: {today}, source: "https://…"}}',
            )
        )
    return errors


def check_tags(document: Document, data: TagsFile) -> list[AlmanacError]:
    """Rules of `data/tags.yaml`: each spelling (name or alias, compared as posts are: see
    `almanac.core.vocabulary.tag_key`) belongs to one tag, and each tag page has its own slug."""
    errors: list[AlmanacError] = []
    names: dict[str, int] = {}
    slugs: dict[str, int] = {}
    for t, tag in enumerate(data.root):
        spellings: list[tuple[Loc, str]] = [((t, "name"), tag.name)]
        spellings += [((t, "aliases", a), alias) for a, alias in enumerate(tag.aliases)]
        mine: set[str] = set()
        for loc, spelling in spellings:
            folded = tag_key(spelling)
            if folded in mine:
                errors.append(document.error(loc, f"{spelling!r} is repeated in this tag", "keep it once"))
                continue
            mine.add(folded)
            if folded in names:
                other = data.root[names[folded]]
                role = "the name" if tag_key(other.name) == folded else "an alias"
                errors.append(
                    document.error(
                        loc,
                        f"{spelling!r} is already {role} of the tag {other.name!r}",
                        "each spelling belongs to one tag: remove it here or there",
                    )
                )
            else:
                names[folded] = t
        slug = tag.slug or slugify(tag.name)
        if problem := check_slug(tag.name, slug):
            errors.append(document.error((t, "slug") if tag.slug else (t, "name"), *problem))
        elif slug in slugs:
            where: Loc = (t, "slug") if tag.slug else (t, "name")
            errors.append(
                document.error(
                    where,
                    f"the tag page /tags/{slug}/ is already the page of {data.root[slugs[slug]].name!r}",
                    "give one of the two tags its own `slug:`",
                )
            )
        slugs.setdefault(slug, t)
    return errors
