# Conversion between currencies with the dated rates of `data/fx.yaml`.
#
# Runs while pages are rendered, when a table or an entity page shows a price in a currency
# other than the offer's own (native prices are never overwritten) and when a relay's
# effective price is derived from a list price in another currency. A conversion always says
# which rate it used and of which date, so the page can print it next to the amount.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from almanac.core.data.pricing.money import CONTEXT
from almanac.core.errors import AlmanacError

if TYPE_CHECKING:
    from decimal import Decimal

    from almanac.core.data.datasets.models import FxFile, FxRate

__all__ = ["BASE_CURRENCY", "Converted", "FxRateMissing", "convert", "rate_on"]

BASE_CURRENCY: Final = "USD"
"""The currency every rate in `data/fx.yaml` is given against (`per_usd`)."""


class FxRateMissing(LookupError):
    """No rate for `currency` dated on or before `on` in `data/fx.yaml`.

    The message names the currency and the date and says how to fix it. The pricing code
    does not know where in the author's files the conversion was asked for; a caller that
    does turns this into an `AlmanacError` with `as_error`.
    """

    def __init__(self, currency: str, on: dt.date) -> None:
        self.currency = currency
        self.on = on
        self.message = f"no exchange rate for {currency} dated on or before {on}"
        self.hint = f"add a rate for {currency} dated on or before {on} to data/fx.yaml"
        super().__init__(f"{self.message} — {self.hint}")

    def as_error(self, path: str, line: int | None, column: int | None = None) -> AlmanacError:
        """The same problem as our error type, located where the conversion was asked for."""
        return AlmanacError(path, line, self.message, self.hint, column)


@dataclass(frozen=True)
class Converted:
    """An amount converted into another currency, with the rates that were used.

    `rates` holds the rate of each currency that is not USD (none when both currencies are
    the same, two for a conversion between two non-USD currencies, which goes through USD);
    `label` says it in words for the page: `converted at 7.10 CNY/USD (2026-08-01)`.
    """

    amount: Decimal
    """The converted amount, at full precision."""
    currency: str
    """The currency converted into."""
    original: Decimal
    """The amount before conversion."""
    original_currency: str
    """The currency converted from."""
    rates: tuple[FxRate, ...]
    """The rates used, from `data/fx.yaml`, in the order they were applied."""
    label: str
    """How the amount was obtained; empty when no conversion was needed."""


def _day(on: dt.date) -> dt.date:
    """The calendar day of `on`; a datetime counts by its UTC date."""
    if isinstance(on, dt.datetime):
        return on.astimezone(dt.UTC).date() if on.tzinfo is not None else on.date()
    return on


def rate_on(fx: FxFile | None, currency: str, on: dt.date) -> FxRate:
    """The rate of `currency` in force on `on`: the latest one dated on or before that day.

    Raises `FxRateMissing` when there is none (or no `data/fx.yaml` at all).
    """
    day = _day(on)
    found: FxRate | None = None
    for rate in fx.rates if fx is not None else ():
        if rate.currency == currency and rate.date <= day and (found is None or rate.date > found.date):
            found = rate
    if found is None:
        raise FxRateMissing(currency, day)
    return found


def convert(amount: Decimal, from_currency: str, to_currency: str, on: dt.date, fx: FxFile | None) -> Converted:
    """`amount` in `from_currency` expressed in `to_currency`, at the rates in force on `on`.

    Rates are units per US dollar: CNY → USD divides by the CNY rate, USD → CNY multiplies,
    CNY → EUR divides by the CNY rate and multiplies by the EUR rate (each taken on its own
    latest date on or before `on`). Nothing is rounded (see `money.CONTEXT`). A datetime
    `on` counts by its UTC date. Raises `FxRateMissing` when a rate is missing.
    """
    day = _day(on)
    if from_currency == to_currency:
        return Converted(amount, to_currency, amount, from_currency, (), "")
    used: list[FxRate] = []
    divisor = multiplier = None
    if from_currency != BASE_CURRENCY:
        source = rate_on(fx, from_currency, day)
        used.append(source)
        divisor = source.per_usd
    if to_currency != BASE_CURRENCY:
        target = rate_on(fx, to_currency, day)
        used.append(target)
        multiplier = target.per_usd
    value = amount
    if multiplier is not None:
        value = CONTEXT.multiply(value, multiplier)
    if divisor is not None:
        value = CONTEXT.divide(value, divisor)
    shown = " and ".join(f"{rate.per_usd} {rate.currency}/{BASE_CURRENCY} ({rate.date.isoformat()})" for rate in used)
    return Converted(value, to_currency, amount, from_currency, tuple(used), f"converted at {shown}")
