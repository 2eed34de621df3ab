# Price against context window: one labelled dot per model, both axes logarithmic.
#
# Runs while the price comparison pages are rendered, on current offers (`pricing`'s blended
# price and the model's context window). x is the context window in tokens, with ticks at
# powers of two from 8K to 2M (widened if a model falls outside); y is the blended price with
# 1-2-5 ticks. Labels that would collide are left out; each dot keeps its tooltip.

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final, NamedTuple

from almanac.core.data.charts.placement import Box, place_labels
from almanac.core.data.charts.scales import Log, context_ticks, log_ticks, token_label
from almanac.core.data.charts.svg import (
    FG,
    FG_LIGHT,
    FG_LIGHTER,
    FG_LIGHTEST,
    document,
    element,
    no_data,
    num,
    text_width,
)
from almanac.core.data.pricing.money import display

if TYPE_CHECKING:
    from almanac.core.data.charts.svg import Attrs

__all__ = ["ScatterPoint", "price_vs_context"]

WIDTH: Final = 640.0
HEIGHT: Final = 400.0
TOP: Final = 24.0
RIGHT: Final = 18.0
BOTTOM: Final = 44.0
DOT_RADIUS: Final = 4.0


class ScatterPoint(NamedTuple):
    """A model on the chart: its label, context window in tokens and blended price."""

    label: str
    context_window: int
    price: Decimal


def price_vs_context(
    points: Sequence[ScatterPoint | tuple[str, int, Decimal]], *, currency: str, title: str, id_prefix: str
) -> str:
    """A scatter of blended price (y) against context window (x), both logarithmic, as an SVG string.

    Points without a context window above zero or with a price of zero (free) cannot sit on
    a logarithmic axis: they are left out, and the description says how many.
    """
    items = [ScatterPoint(*point) for point in points]
    shown = [item for item in items if item.context_window > 0 and item.price > 0]
    if not shown:
        return no_data(kind="price-context", title=title, id_prefix=id_prefix)
    shown.sort(key=lambda item: (item.price, item.context_window, item.label))
    x_ticks = context_ticks(min(i.context_window for i in shown), max(i.context_window for i in shown))
    y_ticks = log_ticks(min(i.price for i in shown), max(i.price for i in shown))
    y_labels = [display(tick, currency) for tick in y_ticks]
    left = 12 + max(text_width(label, 11) for label in y_labels)
    right = WIDTH - RIGHT
    bottom = HEIGHT - BOTTOM
    x = Log(float(x_ticks[0]), float(x_ticks[-1]), left, right)
    y = Log(float(y_ticks[0]), float(y_ticks[-1]), bottom, TOP)

    grid = [element("line", {"x1": x(width), "y1": TOP, "x2": x(width), "y2": bottom}) for width in x_ticks]
    grid += [
        element("line", {"x1": left, "y1": level, "x2": right, "y2": level}) for level in map(y, map(float, y_ticks))
    ]
    labels = [
        element("text", {"x": x(width), "y": bottom + 16, "text-anchor": "middle"}, token_label(width))
        for width in x_ticks
    ]
    labels += [
        element("text", {"x": left - 6, "y": y(float(tick)) + 4, "text-anchor": "end"}, label)
        for tick, label in zip(y_ticks, y_labels, strict=True)
    ]
    labels += [
        element(
            "text",
            {"x": (left + right) / 2, "y": HEIGHT - 6, "text-anchor": "middle"},
            "context window (tokens, log scale)",
        ),
        element("text", {"x": left - 6, "y": TOP - 12}, "blended price per million tokens (log scale)"),
    ]
    axis = f"M{num(left)} {num(TOP)}V{num(bottom)}H{num(right)}"
    body = [
        element("g", {"class": "almanac-chart__grid", "style": f"stroke:{FG_LIGHTEST}"}, *grid),
        element("path", {"class": "almanac-chart__axis", "d": axis, "fill": "none", "style": f"stroke:{FG_LIGHTER}"}),
        element("g", {"font-size": 11, "style": f"fill:{FG_LIGHT}"}, *labels),
    ]

    places = [(x(item.context_window), y(float(item.price))) for item in shown]
    sizes = [(text_width(item.label, 10), 12.0) for item in shown]
    spots = place_labels(places, sizes, bounds=Box(left, TOP, right, bottom), gap=7, ascent=9)
    dots = []
    texts = []
    for item, (px, py), spot in zip(shown, places, spots, strict=True):
        tip = f"{item.label}: {display(item.price, currency)}, {token_label(item.context_window)} tokens of context"
        circle: Attrs = {"cx": px, "cy": py, "r": DOT_RADIUS, "fill-opacity": "0.75"}
        dots.append(element("circle", circle, element("title", {}, tip)))
        if spot is not None:
            texts.append(element("text", {"x": spot.x, "y": spot.y, "text-anchor": spot.anchor}, item.label))
    body += [
        element("g", {"class": "almanac-chart__points almanac-series-0", "fill": "currentColor"}, *dots),
        element("g", {"font-size": 10, "style": f"fill:{FG}"}, *texts),
    ]

    cheapest, dearest = shown[0], shown[-1]
    left_out = len(items) - len(shown)
    desc = (
        f"Blended price in {currency} per million tokens against context window, both on logarithmic "
        f"scales, for {len(shown)} {'model' if len(shown) == 1 else 'models'}: from "
        f"{display(cheapest.price, currency)} ({cheapest.label}, {token_label(cheapest.context_window)}) to "
        f"{display(dearest.price, currency)} ({dearest.label}, {token_label(dearest.context_window)})."
    )
    if left_out:
        desc += f" {left_out} left out: free or without a known context window."
    return document(
        kind="price-context", id_prefix=id_prefix, width=WIDTH, height=HEIGHT, title=title, desc=desc, body=body
    )
