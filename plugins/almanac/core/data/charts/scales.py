# Axes: where a value or an instant lands on a chart, and which ticks label the axis.
#
# Used by the chart modules while pages are rendered. Tick values are exact (`Decimal` for
# money, whole token counts, calendar dates) so their labels never show float noise; only the
# positions are floats, and those are written with `svg.num`.

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

__all__ = [
    "Linear",
    "Log",
    "TimeScale",
    "context_ticks",
    "linear_ticks",
    "log_ticks",
    "time_ticks",
    "token_label",
]

_STEPS: Final = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
_LOG_MANTISSAS: Final = (1, 2, 5)
_MONTH_STEPS: Final = (1, 2, 3, 6)
_YEAR_STEPS: Final = (1, 2, 5, 10, 20, 50)
MAX_TIME_TICKS: Final = 8
LOWEST_CONTEXT_TICK: Final = 1 << 13  # 8K
HIGHEST_CONTEXT_TICK: Final = 1 << 21  # 2M


@dataclass(frozen=True)
class Linear:
    """Maps `[low, high]` onto `[start, end]` (pixels; `end` may be below `start`)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low
        share = (value - self.low) / span if span else 0.5
        return self.start + share * (self.end - self.start)


@dataclass(frozen=True)
class Log:
    """Maps `[low, high]` (both above zero) onto `[start, end]` on a logarithmic scale."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        low, high = math.log(self.low), math.log(self.high)
        share = (math.log(value) - low) / (high - low) if high != low else 0.5
        return self.start + share * (self.end - self.start)


@dataclass(frozen=True)
class TimeScale:
    """Maps instants in `[low, high]` onto `[start, end]`."""

    low: dt.datetime
    high: dt.datetime
    start: float
    end: float

    def __call__(self, value: dt.datetime) -> float:
        span = (self.high - self.low).total_seconds()
        share = (value - self.low).total_seconds() / span if span else 0.5
        return self.start + share * (self.end - self.start)


def _plain(value: Decimal) -> Decimal:
    """`value` without trailing zeros and without an exponent: `10`, not `1E+1`."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def linear_ticks(maximum: Decimal) -> list[Decimal]:
    """Between 4 and 6 round ticks from 0 that reach `maximum` or above it: 0, 0.1 … 0.5.

    Steps are 1, 2, 2.5 or 5 times a power of ten; the smallest step that needs at most five
    intervals is taken. A maximum of 0 or less gives 0 … 1.
    """
    if maximum <= 0:
        maximum = Decimal(1)
    power = Decimal(1).scaleb(maximum.adjusted() - 1)
    while True:
        for step in _STEPS:
            size = step * power
            count = math.ceil(maximum / size)
            if count <= 5:
                count = max(count, 3)
                return [_plain(size * n) for n in range(count + 1)]
        power *= 10


def log_ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """The 1-2-5 values that span `[low, high]` (both above zero), from the largest one at or
    below `low` to the smallest one at or above `high`. With more than 9 of them, only the
    powers of ten are kept (and the two ends)."""
    if low <= 0 or high <= 0:
        raise ValueError("a logarithmic axis needs values above zero")
    values: list[Decimal] = []
    exponent = low.adjusted() - 1
    while True:
        for mantissa in _LOG_MANTISSAS:
            value = Decimal(mantissa).scaleb(exponent)
            values.append(value)
        if values[-1] >= high * 10:
            break
        exponent += 1
    start = max(n for n, value in enumerate(values) if value <= low)
    end = min(n for n, value in enumerate(values) if value >= high)
    if start == end:
        start, end = max(start - 1, 0), end + 1
    ticks = values[start : end + 1]
    if len(ticks) > 9:
        ends = {ticks[0], ticks[-1]}
        ticks = [tick for tick in ticks if tick in ends or tick.normalize().as_tuple().digits == (1,)]
    return [_plain(tick) for tick in ticks]


def context_ticks(low: int, high: int) -> list[int]:
    """Powers of two from 8K (or lower, to reach `low`) to 2M (or higher, to reach `high`)."""
    first = min(LOWEST_CONTEXT_TICK.bit_length() - 1, max(low, 1).bit_length() - 1)
    last = max(HIGHEST_CONTEXT_TICK.bit_length() - 1, (max(high, 1) - 1).bit_length())
    return [1 << power for power in range(first, last + 1)]


def token_label(tokens: int) -> str:
    """A token count on an axis, in binary thousands: `8K`, `128K`, `1M`, `2M`, `1.5M`."""
    if tokens >= 1 << 20:
        return f"{tokens / (1 << 20):g}M"
    if tokens >= 1 << 10:
        return f"{tokens / (1 << 10):g}K"
    return str(tokens)


def _month_index(date: dt.date) -> int:
    return date.year * 12 + date.month - 1


def time_ticks(low: dt.datetime, high: dt.datetime) -> list[tuple[dt.datetime, str]]:
    """Ticks for a time axis from `low` to `high`: month starts (`2026-03`) every 1, 2, 3 or 6
    months, or year starts (`2026`) when even 6 months give too many; at most 8 ticks.

    Ticks fall on the first day of a month at midnight UTC, aligned to January (every 3 months
    gives January, April, July, October).
    """
    first = _month_index(low.astimezone(dt.UTC).date())
    last = _month_index(high.astimezone(dt.UTC).date())

    def at(index: int) -> dt.datetime:
        return dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=dt.UTC)

    # The months that start inside [low, high]: every month after low's up to high's (high's
    # own starts on or before high), and low's own only when low is its very start.
    if at(first) < low:
        first += 1
    for step in _MONTH_STEPS:
        months = [i for i in range(first, last + 1) if i % step == 0]
        if len(months) <= MAX_TIME_TICKS:
            return [(at(i), f"{i // 12:04d}-{i % 12 + 1:02d}") for i in months]
    for step in _YEAR_STEPS:
        years = [i for i in range(first, last + 1) if i % 12 == 0 and (i // 12) % step == 0]
        if len(years) <= MAX_TIME_TICKS:
            return [(at(i), f"{i // 12:04d}") for i in years]
    return []
