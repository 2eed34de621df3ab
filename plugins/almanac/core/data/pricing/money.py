# Exact arithmetic on prices and the way an amount is written for a reader.
#
# Used by every other module of `pricing` while pages are rendered (price tables, entity
# pages). Amounts stay `Decimal` from the data file to the page: the arithmetic runs in one
# explicit context (`CONTEXT`, 34 significant digits) so that a caller's own decimal settings
# never change a price, and rounding happens only once, in `display`, when text is made.

from __future__ import annotations

import functools
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from typing import Final

__all__ = ["CONTEXT", "SYMBOLS", "display", "round_to"]

CONTEXT: Final = Context(prec=34, rounding=ROUND_HALF_EVEN)
"""The context of every multiplication and division: 34 significant digits, ties to even.

Full precision is kept until display; a conversion there and back agrees with the original
amount to far more than 10 decimal places.
"""

SYMBOLS: Final[dict[str, str]] = {"USD": "$", "CNY": "¥", "EUR": "€", "GBP": "£"}
"""Currency symbols written before an amount; other currencies are written with their code."""


def round_to(amount: Decimal, places: int, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """`amount` rounded to `places` decimals, however many digits it has before the point.

    `quantize` in `CONTEXT` fails on a result of more than 34 digits (a large price converted
    at a large rate); here the precision grows with the amount, so any finite amount rounds.
    """
    digits = max(amount.adjusted() + 1, 1) + places + 1
    context = Context(prec=max(CONTEXT.prec, digits), rounding=rounding)
    return amount.quantize(Decimal(1).scaleb(-places), rounding=rounding, context=context)


def display(amount: Decimal, currency: str) -> str:
    """An amount as a reader sees it: `$3.00`, `¥0.15`, `$0.028`, `CHF 1,250.00`, `-$0.66`.

    At least two decimals, and more for small amounts, up to four significant digits
    (`0.0028` stays `$0.0028`, `0.0309859…` becomes `$0.03099`), rounded half up; trailing
    zeros past the second decimal are dropped. Thousands are grouped with commas. The symbol
    comes from `SYMBOLS`; a currency without one is written as its code and a space.
    """
    if not amount.is_finite():
        raise ValueError(f"cannot display {amount}")
    return _display(amount, currency)


# The same amounts come back on table after table (a price in every currency table, on its
# model's, vendor's and provider's pages): each is written once. The text depends only on the
# amount's value (`3.0` and `3.00` are both `$3.00`), so equal amounts share an entry.
@functools.lru_cache(maxsize=1 << 14)
def _display(amount: Decimal, currency: str) -> str:
    sign = "-" if amount < 0 else ""
    value = amount.copy_abs()
    places = 2 if value == 0 else max(2, 3 - value.adjusted())
    rounded = round_to(value, places, ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:,f}".partition(".")
    text = f"{whole}.{fraction.rstrip('0').ljust(2, '0')}"
    symbol = SYMBOLS.get(currency)
    if symbol is None:
        return f"{sign}{currency} {text}"
    return f"{sign}{symbol}{text}"
