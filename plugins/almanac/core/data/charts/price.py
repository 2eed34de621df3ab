# The price history chart of a model: one step line per offer over a dated axis.
#
# Runs while a model page is rendered. `offer_series` turns an offer's periods into the
# points the chart draws (a price from an instant on; `None` where the offer was not sold);
# `price_history` draws any such series. A step holds its price until the next point; a
# `None` point leaves a gap; the last point holds until the end of the axis. A dot marks
# each change of price, with a tooltip that says what and when.

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from almanac.core.data.charts.palette import series_class
from almanac.core.data.charts.scales import Linear, TimeScale, linear_ticks, time_ticks
from almanac.core.data.charts.svg import FG_LIGHT, FG_LIGHTER, FG_LIGHTEST, document, element, no_data, num, text_width
from almanac.core.data.datasets.fields import instant
from almanac.core.data.pricing.money import display
from almanac.core.data.pricing.quotes import Quote, blended, resolve_rates, select_band

if TYPE_CHECKING:
    from markupsafe import Markup

    from almanac.core.data.datasets.models import Offer, Period

__all__ = ["PriceSeries", "Segment", "offer_series", "price_history", "step_segments"]

PriceSeries = tuple[str, Sequence[tuple[dt.datetime, Decimal | None]]]
"""A label and its points: `(instant, price)`, a price holding from that instant on."""

WIDTH: Final = 640.0
PLOT_HEIGHT: Final = 220.0
TOP: Final = 14.0
RIGHT: Final = 18.0
X_LABELS: Final = 26.0
LEGEND_ROW: Final = 20.0
DOT_RADIUS: Final = 3.5
LINE_WIDTH: Final = 2.0
WIDTH_STEP: Final = 2.0
MAX_STEPS: Final = 3


@dataclass(frozen=True)
class Segment:
    """One flat piece of a step line: `value` from `start` to `end`; `changed` when a new price starts it."""

    start: dt.datetime
    end: dt.datetime
    value: Decimal | None
    changed: bool


def _list_price(offer: Offer, period: Period, at: dt.datetime, key: str) -> Decimal | None:
    """The list price of `key` in `period` (flat rates, or the first tier band), with fallbacks."""
    base = period.rates
    if period.tiers is not None:
        band = select_band(period.tiers, 0)
        base = band.rates if band is not None else None
    rates, _ = resolve_rates(base.as_dict() if base is not None else {})
    if key != "blended":
        return rates.get(key)
    price = Quote(
        provider=offer.provider,
        region=offer.region,
        currency=offer.currency,
        unit=offer.unit,
        service_tier=offer.service_tier,
        at=at,
        rates=rates,
    )
    return blended(price)


def offer_series(
    offer: Offer, *, origin: dt.datetime, key: str = "blended"
) -> list[tuple[dt.datetime, Decimal | None]]:
    """The points of `offer`'s price history for the chart, oldest first.

    One point where each period starts (a period open at the start begins at `origin`), with
    its list price of `key` (`blended`, the default, is `(3 × input + output) / 4`; or a rate
    key such as `output`); a `None` point where a period ends and the next one does not start
    at once. Consecutive equal prices are merged into one point. Promotions, time windows and
    modes are left out: the chart shows list prices, as the table of price changes does.
    """
    starts = [(instant(p.from_) if p.from_ is not None else origin, p) for p in offer.periods]
    starts.sort(key=lambda item: item[0])
    points: list[tuple[dt.datetime, Decimal | None]] = []
    for n, (start, period) in enumerate(starts):
        value = _list_price(offer, period, start, key)
        if not points or points[-1][1] != value:
            points.append((start, value))
        if period.to is not None:
            end = instant(period.to)
            following = starts[n + 1][0] if n + 1 < len(starts) else None
            if following is None or following > end:
                points.append((end, None))
    return points


def step_segments(
    points: Sequence[tuple[dt.datetime, Decimal | None]], start: dt.datetime, end: dt.datetime
) -> list[Segment]:
    """The flat pieces of a step line between `start` and `end`, each point holding until the next.

    Points are sorted by instant first; repeats of the same price are merged. The piece in
    force at `start` is cut there (`changed` false, as is a point at `start` itself: the axis
    begins with it, nothing changed); a piece ends at the next point or at `end`.
    """
    ordered = sorted(points, key=lambda point: point[0])
    segments: list[Segment] = []
    for n, (at, value) in enumerate(ordered):
        until = ordered[n + 1][0] if n + 1 < len(ordered) else end
        low, high = max(at, start), min(until, end)
        if high <= low:
            continue
        if segments and segments[-1].value == value and segments[-1].end == low:
            last = segments[-1]
            segments[-1] = Segment(last.start, high, value, last.changed)
            continue
        segments.append(Segment(low, high, value, changed=at > start))
    return segments


def _coincide(one: Sequence[Segment], other: Sequence[Segment]) -> bool:
    """True when two step lines share a price over some time (one would hide the other)."""
    return any(
        a.value is not None and a.value == b.value and a.start < b.end and b.start < a.end for a in one for b in other
    )


def _line_widths(pieces: Sequence[Sequence[Segment]]) -> list[float]:
    """The stroke width of each series: lines drawn later are drawn on top, so a line that
    coincides somewhere with a later one is drawn wider than it, and shows as a band around it."""
    depths = [0] * len(pieces)
    for i in reversed(range(len(pieces))):
        later = [depths[j] + 1 for j in range(i + 1, len(pieces)) if _coincide(pieces[i], pieces[j])]
        depths[i] = min(max(later, default=0), MAX_STEPS)
    return [LINE_WIDTH + WIDTH_STEP * depth for depth in depths]


def _domain(series: Sequence[PriceSeries]) -> tuple[dt.datetime, dt.datetime]:
    instants = [at for _, points in series for at, _ in points]
    low, high = min(instants), max(instants)
    pad = max((high - low) / 20, dt.timedelta(days=1))
    return low, high + pad


def _date(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).date().isoformat()


def _describe(series: Sequence[PriceSeries], currency: str, start: dt.datetime, end: dt.datetime) -> str:
    parts = []
    for label, points in series:
        changes = []
        for segment in step_segments(points, start, end):
            price = display(segment.value, currency) if segment.value is not None else "not offered"
            changes.append(f"{price} from {_date(segment.start)}")
        parts.append(f"{label}: {', '.join(changes) if changes else 'no price in this period'}")
    return f"Price history in {currency} from {_date(start)} to {_date(end)}. " + "; ".join(parts) + "."


def _legend(
    series: Sequence[PriceSeries], widths: Sequence[float], left: float, top: float, width: float
) -> tuple[list[Markup], float]:
    """The legend's elements below the plot, wrapped into rows, and its height."""
    items: list[Markup] = []
    x, y = left, top
    rows = 1
    for n, (label, _) in enumerate(series):
        size = 22 + text_width(label, 12) + 18
        if x > left and x + size > left + width:
            x, y, rows = left, y + LEGEND_ROW, rows + 1
        items.append(
            element(
                "g",
                {"class": series_class(n)},
                element(
                    "line",
                    {
                        "x1": x,
                        "y1": y - 4,
                        "x2": x + 16,
                        "y2": y - 4,
                        "stroke": "currentColor",
                        "stroke-width": widths[n],
                    },
                ),
                element("text", {"x": x + 22, "y": y, "style": f"fill:{FG_LIGHT}"}, label),
            )
        )
        x += size
    return items, rows * LEGEND_ROW


def price_history(
    series: Sequence[PriceSeries],
    *,
    currency: str,
    title: str,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    id_prefix: str,
) -> str:
    """A step chart of prices over time, one line per series, as an SVG string.

    `series`: `[(label, [(instant, price or None), …]), …]`, prices in `currency` (see
    `offer_series`). The x axis runs from `start` to `end` (by default the first point to a
    little after the last; pass the build date as `end` so current prices reach it), with
    ticks at month or year starts; the y axis starts at 0 with 4 to 6 round ticks. Colours
    come from the classes `almanac-series-0…7` (see `charts.css`), in the order of `series`;
    where two lines share a price, the earlier one is drawn wider, around the later one.
    """
    drawable = [(label, points) for label, points in series if points]
    if not drawable:
        return no_data(kind="price-history", title=title, id_prefix=id_prefix)
    low, high = _domain(drawable)
    start = start if start is not None else low
    end = end if end is not None else high
    if end <= start:
        raise ValueError(f"the axis ends ({end.isoformat()}) before it starts ({start.isoformat()})")

    pieces = [step_segments(points, start, end) for _, points in drawable]
    widths = _line_widths(pieces)
    values = [s.value for segments in pieces for s in segments if s.value is not None]
    ticks = linear_ticks(max(values, default=Decimal(0)))
    tick_labels = [display(tick, currency) for tick in ticks]
    left = 10 + max(text_width(label, 11) for label in tick_labels)
    plot_width = WIDTH - left - RIGHT
    bottom = TOP + PLOT_HEIGHT
    x = TimeScale(start, end, left, left + plot_width)
    y = Linear(0.0, float(ticks[-1]), bottom, TOP)

    right = left + plot_width
    grid = [
        element("line", {"x1": left, "y1": level, "x2": right, "y2": level})
        for level in (y(float(t)) for t in ticks[1:])
    ]
    labels = [
        element("text", {"x": left - 6, "y": y(float(tick)) + 4, "text-anchor": "end"}, label)
        for tick, label in zip(ticks, tick_labels, strict=True)
    ]
    for at, label in time_ticks(start, end):
        where = x(at)
        labels.append(element("text", {"x": where, "y": bottom + 17, "text-anchor": "middle"}, label))
        grid.append(element("line", {"x1": where, "y1": bottom, "x2": where, "y2": bottom + 5}))
    body = [
        element("g", {"class": "almanac-chart__grid", "style": f"stroke:{FG_LIGHTEST}"}, *grid),
        element(
            "line",
            {
                "class": "almanac-chart__axis",
                "x1": left,
                "y1": bottom,
                "x2": right,
                "y2": bottom,
                "style": f"stroke:{FG_LIGHTER}",
            },
        ),
        element("g", {"class": "almanac-chart__labels", "font-size": 11, "style": f"fill:{FG_LIGHT}"}, *labels),
    ]

    for n, ((label, _), segments) in enumerate(zip(drawable, pieces, strict=True)):
        path: list[str] = []
        dots: list[Markup] = []
        width = widths[n]
        radius = DOT_RADIUS + (width - LINE_WIDTH) / 2
        previous: Segment | None = None
        for segment in segments:
            if segment.value is None:
                previous = segment
                continue
            level = y(float(segment.value))
            if previous is not None and previous.value is not None and previous.end == segment.start:
                path.append(f"V{num(level)}H{num(x(segment.end))}")
            else:
                path.append(f"M{num(x(segment.start))} {num(level)}H{num(x(segment.end))}")
            if segment.changed:
                tip = f"{label}: {display(segment.value, currency)} from {_date(segment.start)}"
                circle = {"cx": x(segment.start), "cy": level, "r": radius}
                dots.append(element("circle", circle, element("title", {}, tip)))
            previous = segment
        body.append(
            element(
                "g",
                {"class": f"almanac-chart__series {series_class(n)}", "fill": "currentColor", "stroke": "currentColor"},
                element(
                    "path", {"d": "".join(path), "fill": "none", "stroke-width": width, "stroke-linejoin": "round"}
                ),
                element("g", {"stroke": "none"}, *dots),
            )
        )

    legend, legend_height = _legend(drawable, widths, left, bottom + X_LABELS + 16, plot_width)
    body += legend
    height = bottom + X_LABELS + legend_height + 6
    return document(
        kind="price-history",
        id_prefix=id_prefix,
        width=WIDTH,
        height=height,
        title=title,
        desc=_describe(drawable, currency, start, end),
        body=body,
    )
