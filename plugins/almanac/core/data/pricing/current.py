# The rows of current-price tables: every offer of every model with a price at an instant.
#
# Runs while pages are rendered, once per table (the build date, or a date a table asks
# for). Plain data for the templates: the quote, the blended price and whether the price is
# stale, that is checked against its source more than `STALE_AFTER` before the instant (the
# page then says so; the loader warns about the same prices at the build date).

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from almanac.core.data.pricing.quotes import Quote, blended, current_quote

if TYPE_CHECKING:
    from decimal import Decimal

    from almanac.core.data.datasets.loader import Datasets

__all__ = ["SERVICE_TIERS", "STALE_AFTER", "OfferRow", "current_offers", "is_stale"]

STALE_AFTER: Final = dt.timedelta(days=60)
"""A price checked longer ago than this before the instant shown is stale."""

SERVICE_TIERS: Final = ("standard", "batch", "flex", "priority")
"""Service tiers in the order tables list them."""


@dataclass(frozen=True)
class OfferRow:
    """One offer of one model, priced at an instant: a row of a price table."""

    model_id: str
    """The model's id."""
    model_name: str
    """The model's display name."""
    vendor_id: str
    """The id of the lab that makes the model."""
    provider_id: str
    """The id of the provider selling it."""
    provider_name: str
    """The provider's display name (its id when the provider file is missing)."""
    region: str
    """The offer's region or console."""
    currency: str
    """The offer's native currency."""
    service_tier: str
    """`standard`, `batch`, `flex` or `priority`."""
    quote: Quote
    """The price at the instant (for a short request, with no mode)."""
    blended: Decimal | None
    """`(3 × input + output) / 4`, or `None` when input or output is not offered."""
    stale: bool
    """True when the price was checked more than 60 days before the instant, or never."""


def is_stale(checked: dt.date | None, at: dt.datetime) -> bool:
    """True when `checked` lies more than `STALE_AFTER` before the UTC day of `at`, or is unknown."""
    if checked is None:
        return True
    return at.astimezone(dt.UTC).date() - checked > STALE_AFTER


def current_offers(datasets: Datasets, at: dt.datetime) -> list[OfferRow]:
    """Every offer with a price at `at`, as table rows.

    Offers with no period covering `at` are left out. Tiered prices are quoted for a short
    request (their first band); off-peak hours are left out (the list price, whatever the
    hour of the build; the period's `time_windows` tell when cheaper hours apply). Sorted by
    vendor, model, provider, region and currency (ids, alphabetically), then service tier in
    `SERVICE_TIERS` order.
    """
    rows: list[OfferRow] = []
    for model_id, model in datasets.models.items():
        for offer in model.offers:
            price = current_quote(offer, at)
            if price is None:
                continue
            provider = datasets.providers.get(offer.provider)
            rows.append(
                OfferRow(
                    model_id=model_id,
                    model_name=model.name,
                    vendor_id=datasets.vendor_of.get(model_id, ""),
                    provider_id=offer.provider,
                    provider_name=provider.name if provider is not None else offer.provider,
                    region=offer.region,
                    currency=offer.currency,
                    service_tier=offer.service_tier,
                    quote=price,
                    blended=blended(price),
                    stale=is_stale(price.checked, at),
                )
            )
    rows.sort(
        key=lambda row: (
            row.vendor_id,
            row.model_id,
            row.provider_id,
            row.region,
            row.currency,
            SERVICE_TIERS.index(row.service_tier),
        )
    )
    return rows
