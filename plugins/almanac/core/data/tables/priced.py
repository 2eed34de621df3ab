# An offer priced for a table: its list-price quote at the table's instant, and the notes
# (footnote texts) about it: the first tier band, promotions in force, off-peak hours left out.
#
# Computed while a page's tables are built, once per offer and instant in a build:
# `TableContext.price` (`cells.py`) asks `price_offer` and keeps the answer in the build's
# `TableIndex` (`index.py`), which is why this type stands apart from both.

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from almanac.core.data.pricing import labels
from almanac.core.data.pricing.money import display
from almanac.core.data.pricing.quotes import current_quote, find_period

if TYPE_CHECKING:
    import datetime as dt

    from almanac.core.data.datasets.models import Offer, TimeWindow
    from almanac.core.data.pricing.quotes import Quote

__all__ = ["Priced", "price_offer"]


@dataclass(frozen=True)
class Priced:
    """An offer priced for a table: the offer, its list-price quote, and notes."""

    offer: Offer
    """The offer; tables price it with `time_windows=False` (off-peak hours left out)."""
    quote: Quote
    notes: tuple[str, ...]
    """Footnote texts: the first tier, promotions in force, off-peak hours left out."""


def _note_of(label: str) -> str:
    """The footnote for a label of a quote (a tier band or a promotion)."""
    if label.startswith("tier"):
        return f"{label}: the price of a short request; longer requests are priced by their own tier"
    return label


def _window_note(window: TimeWindow, currency: str) -> str:
    """The footnote for a time window: its hours and the rates that apply in them, in the
    offer's own currency (`off-peak (UTC Sat–Sun all day): input $0.66, output $1.98 in these
    hours`); the table shows the current price, the rates outside them."""
    rates = ", ".join(
        f"{key.replace('_', ' ')} {display(value, currency) if value is not None else 'not offered'}"
        for key, value in window.rates.as_dict().items()
    )
    return f"{labels.window_label(window)}: {rates} in these hours; shown are the rates outside them"


def price_offer(offer: Offer, at: dt.datetime) -> Priced | None:
    """`offer` priced for a table at `at`, off-peak hours left out; `None` when it has no price then."""
    period = find_period(offer, at)
    if period is None:
        return None
    notes = [_window_note(window, offer.currency) for window in period.time_windows]
    found = current_quote(offer, at)
    if found is None:
        return None
    return Priced(offer, found, tuple(_note_of(label) for label in found.labels) + tuple(notes))
