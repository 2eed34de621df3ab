# The words a page shows for each rule that shaped a price.
#
# Called by `quotes.py` (and `history.py`) while pages are rendered: every tier band, mode,
# time window and promotion that applied to a quote becomes one short label, such as
# `tier < 256K input tokens`, `off-peak (UTC 16:30–00:30)` or
# `promotion 限时5折 (50% off) until 2026-09-09 24:00 +08:00`. Plain text only: templates
# decide how to show it.

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from almanac.core.data.datasets.models import Promotion, TimeWindow

__all__ = ["band_label", "end_label", "name_label", "promotion_label", "token_count", "window_label"]

_DAY_NAMES: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_COMPOUNDS: Final = {"off_peak": "off-peak", "on_peak": "on-peak"}
_MINUTES_PER_DAY: Final = 24 * 60


def name_label(name: str) -> str:
    """A name from a data file as words: `off_peak_weekend` → `off-peak weekend`."""
    for written, words in _COMPOUNDS.items():
        name = name.replace(written, words)
    return name.replace("_", " ")


def token_count(tokens: int) -> str:
    """A number of tokens as vendors write it: `256000` → `256K`, `1000000` → `1M`, `1500` → `1.5K`."""
    for size, suffix in ((1_000_000, "M"), (1_000, "K")):
        if tokens >= size and tokens % (size // 10) == 0:
            number = (Decimal(tokens) / size).normalize()
            return f"{number:f}{suffix}"
    return f"{tokens:,}"


def band_label(low: int, high: int | None, basis: str, *, marginal: bool = False) -> str:
    """The tier band `[low, high)` in words: `tier < 256K input tokens`, `tier 256K–1M input tokens`.

    `basis` is the `tiers.basis` of the period; a marginal band says so.
    """
    what = "total tokens" if basis == "total_tokens_per_request" else "input tokens"
    if low == 0 and high is not None:
        text = f"tier < {token_count(high)} {what}"
    elif high is None:
        text = f"tier ≥ {token_count(low)} {what}" if low else f"tier: any number of {what}"
    else:
        text = f"tier {token_count(low)}–{token_count(high)} {what}"
    return f"{text} (marginal)" if marginal else text


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _weekdays(days: tuple[int, ...]) -> str:
    """ISO weekdays as runs: `(1, 2, 3, 4, 5)` → `Mon–Fri`; every day → empty."""
    ordered = sorted(set(days))
    if len(ordered) == 7:
        return ""
    runs: list[list[int]] = []
    for day in ordered:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(
        _DAY_NAMES[run[0] - 1] if len(run) == 1 else f"{_DAY_NAMES[run[0] - 1]}–{_DAY_NAMES[run[-1] - 1]}"
        for run in runs
    )


def _hours(spans: tuple[tuple[int, int], ...], every_day: bool) -> str:
    """Hour ranges in words. When the window holds every day, a range ending at 24:00 and one
    starting at 00:00 are one stretch across midnight: `16:30–00:30`."""
    ordered = sorted(spans)
    if ordered == [(0, _MINUTES_PER_DAY)]:
        return "all day"
    pieces = list(ordered)
    if every_day and len(pieces) > 1 and pieces[0][0] == 0 and pieces[-1][1] == _MINUTES_PER_DAY:
        first = pieces.pop(0)
        pieces[-1] = (pieces[-1][0], first[1])
    return ", ".join(f"{_clock(start)}–{_clock(end)}" for start, end in pieces)


def window_label(window: TimeWindow) -> str:
    """A time window in words: `off-peak (UTC 16:30–00:30)`, `off-peak weekend (UTC Sat–Sun all day)`."""
    days = _weekdays(window.weekdays)
    parts = [window.tz, days, _hours(window.spans(), every_day=not days)]
    return f"{name_label(window.name)} ({' '.join(part for part in parts if part)})"


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    if not offset:
        return "UTC"
    sign = "+" if offset > dt.timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def end_label(moment: dt.datetime) -> str:
    """An exclusive end as vendors write it: midnight is `24:00` of the day before.

    `2026-09-10T00:00+08:00` → `2026-09-09 24:00 +08:00`; `2026-08-16T16:00Z` →
    `2026-08-16 16:00 UTC`. The time is shown in the zone it was written in.
    """
    if moment.time() == dt.time(0):
        day = moment.date() - dt.timedelta(days=1)
        clock = "24:00"
    else:
        day = moment.date()
        clock = moment.strftime("%H:%M") if not moment.second else moment.strftime("%H:%M:%S")
    return f"{day.isoformat()} {clock} {_offset(moment)}"


def promotion_label(promotion: Promotion, end: dt.datetime | None) -> str:
    """A promotion in words: `promotion 限时5折 (50% off) until 2026-09-09 24:00 +08:00`."""
    if end is None:
        return f"promotion {promotion.name} (until further notice)"
    return f"promotion {promotion.name} until {end_label(end)}"
