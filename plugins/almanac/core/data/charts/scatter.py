# Price against context window: one labelled dot per model, both axes logarithmic.
#
# Runs while the price comparison pages are rendered, on current offers (`pricing`'s blended
# price and the model's context window). x is the context window in tokens, with ticks at
# powers of two from 8K to 2M (widened if a model falls outside); y is the blended price with
# 1-2-5 ticks. Labels that would collide are left out; each dot keeps its tooltip.

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final, NamedTuple

from almanac.core.data.charts.placement import Box, place_labels
from almanac.core.data.charts.scales import Log, context_ticks, log_ticks, token_label
from almanac.core.data.charts.svg import FG, FG_LIGHT, FG_LIGHTER, FG_LIGHTEST, document, esc, no_data, num, text_width
from almanac.core.data.pricing.money import display

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

    body = [f'<g class="almanac-chart__grid" style="stroke:{FG_LIGHTEST}">']
    for width in x_ticks:
        body.append(f'<line x1="{num(x(width))}" y1="{num(TOP)}" x2="{num(x(width))}" y2="{num(bottom)}"/>')
    for price in y_ticks:
        position = num(y(float(price)))
        body.append(f'<line x1="{num(left)}" y1="{position}" x2="{num(right)}" y2="{position}"/>')
    body.append("</g>")
    body.append(
        f'<path class="almanac-chart__axis" d="M{num(left)} {num(TOP)}V{num(bottom)}H{num(right)}" fill="none" '
        f'style="stroke:{FG_LIGHTER}"/>'
    )
    body.append(f'<g font-size="11" style="fill:{FG_LIGHT}">')
    for width in x_ticks:
        body.append(
            f'<text x="{num(x(width))}" y="{num(bottom + 16)}" text-anchor="middle">{token_label(width)}</text>'
        )
    for tick, label in zip(y_ticks, y_labels, strict=True):
        body.append(f'<text x="{num(left - 6)}" y="{num(y(float(tick)) + 4)}" text-anchor="end">{esc(label)}</text>')
    body.append(
        f'<text x="{num((left + right) / 2)}" y="{num(HEIGHT - 6)}" text-anchor="middle">'
        "context window (tokens, log scale)</text>"
        f'<text x="{num(left - 6)}" y="{num(TOP - 12)}">blended price per million tokens (log scale)</text></g>'
    )

    places = [(x(item.context_window), y(float(item.price))) for item in shown]
    sizes = [(text_width(item.label, 10), 12.0) for item in shown]
    spots = place_labels(places, sizes, bounds=Box(left, TOP, right, bottom), gap=7, ascent=9)
    dots = ['<g class="almanac-chart__points almanac-series-0" fill="currentColor">']
    texts = [f'<g font-size="10" style="fill:{FG}">']
    for item, (px, py), spot in zip(shown, places, spots, strict=True):
        tip = f"{item.label}: {display(item.price, currency)}, {token_label(item.context_window)} tokens of context"
        dots.append(
            f'<circle cx="{num(px)}" cy="{num(py)}" r="{num(DOT_RADIUS)}" fill-opacity="0.75">'
            f"<title>{esc(tip)}</title></circle>"
        )
        if spot is not None:
            texts.append(
                f'<text x="{num(spot.x)}" y="{num(spot.y)}" text-anchor="{spot.anchor}">{esc(item.label)}</text>'
            )
    body += [*dots, "</g>", *texts, "</g>"]

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
