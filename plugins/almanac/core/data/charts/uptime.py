# The uptime bars of a provider: one bar per day, coloured by that day's uptime.
#
# Runs while the status page and provider pages are rendered, on the days `status.daily_uptime`
# derived from `data/status/`. Green at `OPERATIONAL_AT` (99 %) or more, amber at
# `DEGRADED_AT` (95 %) or more, red below, grey for a day without data; each bar's tooltip
# gives the day and its uptime. Colour is not the only sign (for readers who cannot tell
# green from amber): an amber bar is shorter than a green one, and a red bar shorter still.

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from almanac.core.data.charts.svg import FG_LIGHT, document, element, no_data
from almanac.core.data.status import DEGRADED_AT, OPERATIONAL_AT, percent

if TYPE_CHECKING:
    from almanac.core.data.charts.svg import Attrs
    from almanac.core.data.status import Day

__all__ = ["uptime_bars", "uptime_class"]

WIDTH: Final = 600.0
BAR_TOP: Final = 2.0
BAR_HEIGHT: Final = 34.0
HEIGHT: Final = 56.0
GAP_SHARE: Final = 0.3
HEIGHT_SHARE: Final = {
    "almanac-uptime-ok": 1.0,
    "almanac-uptime-warn": 0.7,
    "almanac-uptime-bad": 0.4,
    "almanac-uptime-none": 1.0,
}
"""The height of a bar by class, as a share of the full height; bars stand on a common base."""


def uptime_class(uptime: Decimal | None) -> str:
    """The class of a day's bar: `almanac-uptime-ok`, `-warn`, `-bad` or `-none` (no data)."""
    if uptime is None:
        return "almanac-uptime-none"
    if uptime >= OPERATIONAL_AT:
        return "almanac-uptime-ok"
    if uptime >= DEGRADED_AT:
        return "almanac-uptime-warn"
    return "almanac-uptime-bad"


def _describe(by_date: dict[dt.date, Decimal | None], start: dt.date, end: dt.date, count: int) -> str:
    known = {date: pct for date, pct in by_date.items() if pct is not None and start <= date <= end}
    text = f"Daily uptime from {start.isoformat()} to {end.isoformat()}: {len(known)} of {count} days with data"
    if not known:
        return text + "."
    ok = sum(1 for pct in known.values() if pct >= OPERATIONAL_AT)
    warn = sum(1 for pct in known.values() if DEGRADED_AT <= pct < OPERATIONAL_AT)
    bad = len(known) - ok - warn
    lowest = min(known, key=lambda date: (known[date], date))
    return (
        f"{text}; {ok} at 99 % or more, {warn} from 95 to 99 %, {bad} below 95 %; "
        f"lowest {percent(known[lowest])} on {lowest.isoformat()}."
    )


def uptime_bars(days: Sequence[Day], *, start: dt.date, end: dt.date, title: str, id_prefix: str) -> str:
    """One bar per day from `start` to `end` (both included: 90 bars for 90 days), as an SVG string.

    Days missing from `days`, or without samples, are grey bars with the tooltip "no data".
    The first and last dates are written under the bars. No day at all gives the "No data" chart.
    """
    if end < start:
        raise ValueError(f"the bars end ({end.isoformat()}) before they start ({start.isoformat()})")
    by_date = {day.date: day.uptime for day in days}
    if not days:
        return no_data(kind="uptime", title=title, id_prefix=id_prefix)
    count = (end - start).days + 1
    slot = WIDTH / count
    width = slot * (1 - GAP_SHARE)
    body = []
    for n in range(count):
        date = start + dt.timedelta(days=n)
        uptime = by_date.get(date)
        tip = f"{date.isoformat()}: {percent(uptime) if uptime is not None else 'no data'}"
        kind = uptime_class(uptime)
        height = BAR_HEIGHT * HEIGHT_SHARE[kind]
        left, top = n * slot + (slot - width) / 2, BAR_TOP + BAR_HEIGHT - height
        bar: Attrs = {"class": kind, "x": left, "y": top, "width": width, "height": height, "rx": 1}
        body.append(element("rect", bar, element("title", {}, tip)))
    label_y = BAR_TOP + BAR_HEIGHT + 15
    body.append(
        element(
            "g",
            {"font-size": 11, "style": f"fill:{FG_LIGHT}"},
            element("text", {"x": 0, "y": label_y}, start.isoformat()),
            element("text", {"x": WIDTH, "y": label_y, "text-anchor": "end"}, end.isoformat()),
        )
    )
    return document(
        kind="uptime",
        id_prefix=id_prefix,
        width=WIDTH,
        height=HEIGHT,
        title=title,
        desc=_describe(by_date, start, end, count),
        body=body,
    )
