# Effective prices at relays (中转站): a multiple of list price, paid in a top-up currency.
#
# Runs while pages are rendered, for relay pages and the relay columns of price tables. A
# relay publishes no prices of its own: it bills a group multiplier (倍率) of the vendor's
# list price, against credit bought at its credit rate. The effective price is derived here,
# never stored:
#
#   effective = list price (in the credit currency) × multiplier × pay / get
#
# in the relay's billing currency, where paying `pay` of that currency buys `get` of
# list-price credit (`billing.credit_rate`). Every step is named in the quote's labels.

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from almanac.core.data.pricing.fx import BASE_CURRENCY, convert
from almanac.core.data.pricing.money import CONTEXT
from almanac.core.data.pricing.quotes import Quote, blended, current_quote

if TYPE_CHECKING:
    from almanac.core.data.datasets.loader import Datasets
    from almanac.core.data.datasets.models import Billing, FxFile, FxRate, Model, Offer

__all__ = ["LIST_PROVIDER_KIND", "RelayQuote", "RelayRow", "list_offer", "relay_price", "relay_prices"]

LIST_PROVIDER_KIND: Final = "first_party"
"""The kind of provider whose standard offer is a model's list price."""


@dataclass(frozen=True)
class RelayQuote:
    """The effective price of a model at a relay, derived from a list price.

    `rates` holds, for each key of the list quote, the effective price in `currency` (the
    relay's billing currency) per the list quote's unit; `None` where the list price is not
    offered. `labels` says how it was derived, step by step.
    """

    currency: str
    """The relay's billing currency: every effective rate is in it."""
    rates: Mapping[str, Decimal | None]
    """Effective price by key, in `RATE_KEYS` order."""
    list_quote: Quote
    """The list price the effective price is derived from."""
    multiplier: Decimal
    """The group's multiple of list price."""
    pay: Decimal
    """Units of `currency` paid for `get` units of credit."""
    get: Decimal
    """Units of list-price credit bought with `pay`."""
    get_currency: str
    """The currency the credit is counted in."""
    fx_rates: tuple[FxRate, ...] = ()
    """The exchange rates used to bring the list price into `get_currency`, if any."""
    labels: tuple[str, ...] = ()
    """The steps of the derivation, in order."""

    def rate(self, key: str) -> Decimal | None:
        """The effective price of `key`; `None` when not offered or not listed."""
        return self.rates.get(key)


def relay_price(list_quote: Quote, multiplier: Decimal, billing: Billing, fx: FxFile | None, on: dt.date) -> RelayQuote:
    """The effective price at a relay that bills `multiplier` × list price under `billing`.

    The list price is converted into the credit currency (`billing.credit_rate.get_currency`)
    at the rate in force on `on` when it is in another currency, then multiplied by
    `multiplier` and by `pay / get`. Without a `credit_rate`, credit is worth its face value
    in the billing currency (`pay = get = 1`, credit in `billing.currency`). Raises
    `FxRateMissing` when a needed exchange rate is missing.

    Example: Claude Sonnet at $3 input, a group at `0.6` and 1 CNY buying 1 USD of credit:
    3 × 0.6 × 1 / 1 = 1.80 CNY.
    """
    credit = billing.credit_rate
    if credit is not None:
        pay, get, get_currency = credit.pay, credit.get, credit.get_currency
    else:
        pay, get, get_currency = Decimal(1), Decimal(1), billing.currency
    factor = CONTEXT.divide(CONTEXT.multiply(multiplier, pay), get)
    where = f"{list_quote.region}, {list_quote.currency}, {list_quote.service_tier}"
    shaped = f": {'; '.join(list_quote.labels)}" if list_quote.labels else ""
    steps = [f"list price at {list_quote.provider} ({where}){shaped}"]
    fx_rates: tuple[FxRate, ...] = ()
    rates: dict[str, Decimal | None] = {}
    for key, value in list_quote.rates.items():
        if value is None:
            rates[key] = None
            continue
        converted = convert(value, list_quote.currency, get_currency, on, fx)
        if converted.rates and not fx_rates:
            fx_rates = converted.rates
            steps.append(converted.label)
        rates[key] = CONTEXT.multiply(converted.amount, factor)
    steps.append(f"× {multiplier} (multiple of list price)")
    if credit is not None:
        steps.append(f"× {pay} {billing.currency} per {get} {get_currency} of list-price credit")
    else:
        steps.append(f"credit at face value in {billing.currency} (no credit rate given)")
    return RelayQuote(
        currency=billing.currency,
        rates=MappingProxyType(rates),
        list_quote=list_quote,
        multiplier=multiplier,
        pay=pay,
        get=get,
        get_currency=get_currency,
        fx_rates=fx_rates,
        labels=tuple(steps),
    )


@dataclass(frozen=True)
class RelayRow:
    """One `models_offered` entry of a relay: its list price and its effective price there."""

    model_id: str
    """The model's id."""
    model_name: str
    """The model's display name."""
    group: str | None
    """The billing group named by the entry, if any."""
    multiplier: Decimal | None
    """The group's multiplier, else `billing.price_multiplier_default`; `None` when neither is given."""
    list_quote: Quote | None
    """The list price used (see `list_offer`); `None` when the model has none at that instant."""
    relay: RelayQuote | None
    """The effective price; `None` when there is no list price or no multiplier."""


def list_offer(datasets: Datasets, model: Model, at: dt.datetime, *, currency: str = BASE_CURRENCY) -> Offer | None:
    """The offer whose price counts as the list price of `model` at `at`.

    Among standard offers with a current price at `at` (`current_quote`): the first-party one (a provider of kind
    `first_party`), preferring one in `currency`, then the first written; without a
    first-party offer, the cheapest standard offer in `currency` by blended price (the first
    written on a tie). `None` when there is neither.
    """
    candidates: list[tuple[Offer, Quote]] = []
    for offer in model.offers:
        if offer.service_tier != "standard":
            continue
        price = current_quote(offer, at)
        if price is not None:
            candidates.append((offer, price))
    own = [
        (offer, price)
        for offer, price in candidates
        if (provider := datasets.providers.get(offer.provider)) is not None and provider.kind == LIST_PROVIDER_KIND
    ]
    if own:
        return next((offer for offer, _ in own if offer.currency == currency), own[0][0])
    ranked = [
        (value, index, offer)
        for index, (offer, price) in enumerate(candidates)
        if offer.currency == currency and (value := blended(price)) is not None
    ]
    return min(ranked, key=lambda item: (item[0], item[1]))[2] if ranked else None


def relay_prices(datasets: Datasets, provider_id: str, at: dt.datetime) -> list[RelayRow]:
    """For each `models_offered` entry of a relay, in the order written: the list price and the effective price.

    The list price is `list_offer` in the relay's credit currency (USD without a credit
    rate), its current price at `at` (`current_quote`) for a short request; the effective
    price is `relay_price` with the entry's group multiplier and the exchange rates of the
    UTC day of `at`. Raises `LookupError` for an unknown provider and `FxRateMissing` when a
    rate is missing.
    """
    provider = datasets.providers.get(provider_id)
    if provider is None:
        raise LookupError(f"unknown provider {provider_id!r}")
    billing = provider.billing
    groups = {group.name: group.multiplier for group in billing.groups} if billing is not None else {}
    default = billing.price_multiplier_default if billing is not None else None
    credit_currency = (
        billing.credit_rate.get_currency if billing is not None and billing.credit_rate is not None else BASE_CURRENCY
    )
    day = at.astimezone(dt.UTC).date()
    rows: list[RelayRow] = []
    for entry in provider.models_offered:
        model = datasets.models[entry.model]
        multiplier = groups.get(entry.group, default) if entry.group is not None else default
        offer = list_offer(datasets, model, at, currency=credit_currency)
        list_quote = current_quote(offer, at) if offer is not None else None
        relay = None
        if list_quote is not None and multiplier is not None and billing is not None:
            relay = relay_price(list_quote, multiplier, billing, datasets.fx, day)
        rows.append(RelayRow(model.id, model.name, entry.group, multiplier, list_quote, relay))
    return rows
