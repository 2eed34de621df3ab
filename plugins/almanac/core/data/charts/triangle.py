# The quality / stability / affordability triangle: where each provider stands among the
# three things a cheap relay rarely gives at once.
#
# Runs while the status page is rendered, on each provider's current rating
# (`status.current_ratings`). The mapping, which the page can quote:
#
#   The corners are Quality (top), Stability (bottom left) and Affordability (bottom right).
#   A provider sits at the average of the three corners weighted by its scores (barycentric
#   coordinates q, s, a, each divided by q + s + a). Equal scores sit at the centre, whatever
#   their level; a provider strong in two and weak in the third sits near the edge between
#   those two corners (5, 5, 1 is 1/11 of the way from that edge to the far corner); strong
#   in one only, near that corner. The position shows the balance, not the level: the scores
#   themselves are written under each name (Q4 · S2 · A3).

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, NamedTuple

from almanac.core.data.charts.palette import series_class
from almanac.core.data.charts.placement import Box, place_labels
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

if TYPE_CHECKING:
    from markupsafe import Markup

    from almanac.core.data.charts.svg import Attrs

__all__ = ["CORNERS", "TrianglePoint", "position", "triangle"]

WIDTH: Final = 520.0
HEIGHT: Final = 430.0
SIDE: Final = 340.0
TOP: Final = 50.0
DOT_RADIUS: Final = 5.0
LINE: Final = 26.0
"""The height of one provider's label: its name and, smaller, its scores."""
EDGE_CAPTION_OFFSET: Final = 14.0


class TrianglePoint(NamedTuple):
    """A provider on the triangle: its label and its scores from 1 to 5."""

    label: str
    quality: int
    stability: int
    affordability: int


_TRI_HEIGHT: Final = SIDE * math.sqrt(3) / 2
CORNERS: Final[dict[str, tuple[float, float]]] = {
    "quality": (WIDTH / 2, TOP),
    "stability": (WIDTH / 2 - SIDE / 2, TOP + _TRI_HEIGHT),
    "affordability": (WIDTH / 2 + SIDE / 2, TOP + _TRI_HEIGHT),
}
"""The corners in the chart's coordinates (its `viewBox`): quality top, stability bottom left,
affordability bottom right."""


def position(point: TrianglePoint) -> tuple[float, float]:
    """Where `point` sits: the corners averaged with its scores as weights."""
    weights = (point.quality, point.stability, point.affordability)
    for score in weights:
        if not 1 <= score <= 5:
            raise ValueError(f"{point.label}: scores run from 1 to 5, not {score}")
    total = sum(weights)
    corners = (CORNERS["quality"], CORNERS["stability"], CORNERS["affordability"])
    x = sum(w * corner[0] for w, corner in zip(weights, corners, strict=True)) / total
    y = sum(w * corner[1] for w, corner in zip(weights, corners, strict=True)) / total
    return x, y


def _scores(point: TrianglePoint) -> str:
    return f"Q{point.quality} · S{point.stability} · A{point.affordability}"


def _caption(text: str, x: float, y: float, angle: float) -> tuple[Markup, Box]:
    """A caption centred on `x, y`, turned by `angle` degrees, and the box it covers (roughly)."""
    width, height = text_width(text, 10), 10.0
    turn = math.radians(angle)
    half_x = abs(width / 2 * math.cos(turn)) + abs(height / 2 * math.sin(turn))
    half_y = abs(width / 2 * math.sin(turn)) + abs(height / 2 * math.cos(turn))
    # The baseline sits half a line below the centre, in the turned frame.
    bx, by = x - 3.5 * math.sin(turn), y + 3.5 * math.cos(turn)
    caption = element("text", {"transform": f"translate({num(bx)} {num(by)}) rotate({num(angle)})"}, text)
    return caption, Box(x - half_x, y - half_y, x + half_x, y + half_y)


def _frame() -> tuple[list[Markup], list[Box]]:
    """The outline, medians, corner names and edge captions; and the boxes labels must avoid."""
    (qx, qy), (sx, sy), (ax, ay) = CORNERS["quality"], CORNERS["stability"], CORNERS["affordability"]
    cx, cy = (qx + sx + ax) / 3, (qy + sy + ay) / 3
    medians = [
        ((qx, qy), ((sx + ax) / 2, (sy + ay) / 2)),
        ((sx, sy), ((qx + ax) / 2, (qy + ay) / 2)),
        ((ax, ay), ((qx + sx) / 2, (qy + sy) / 2)),
    ]
    outline = f"{num(qx)},{num(qy)} {num(sx)},{num(sy)} {num(ax)},{num(ay)}"
    parts = [
        element("polygon", {"points": outline, "fill": "none", "stroke-width": 1.5, "style": f"stroke:{FG_LIGHTER}"}),
        element(
            "g",
            {"stroke-dasharray": "3 4", "style": f"stroke:{FG_LIGHTEST}"},
            *(element("line", {"x1": x1, "y1": y1, "x2": x2, "y2": y2}) for (x1, y1), (x2, y2) in medians),
        ),
        element(
            "g",
            {"font-weight": "bold", "style": f"fill:{FG}"},
            element("text", {"x": qx, "y": qy - 14, "text-anchor": "middle"}, "Quality"),
            element("text", {"x": sx, "y": sy + 24, "text-anchor": "middle"}, "Stability"),
            element("text", {"x": ax, "y": ay + 24, "text-anchor": "middle"}, "Affordability"),
        ),
    ]
    boxes = [
        Box(qx - 40, qy - 30, qx + 40, qy - 8),
        Box(sx - 40, sy + 10, sx + 40, sy + 30),
        Box(ax - 50, ay + 10, ax + 50, ay + 30),
    ]
    # What each edge means, written outside it along it, and the balanced centre.
    out = EDGE_CAPTION_OFFSET
    slope = math.degrees(math.atan2(qy - sy, qx - sx))  # the left edge, rising: -60°
    captions = [
        _caption("good and stable", (qx + sx) / 2 - out * math.cos(math.radians(30)), (qy + sy) / 2 - out / 2, slope),
        _caption("good and cheap", (qx + ax) / 2 + out * math.cos(math.radians(30)), (qy + ay) / 2 - out / 2, -slope),
        _caption("stable and cheap", (sx + ax) / 2, sy + out, 0.0),
        _caption("all three", cx, cy + 16, 0.0),
    ]
    italic: Attrs = {"font-size": 10, "font-style": "italic", "text-anchor": "middle", "style": f"fill:{FG_LIGHT}"}
    parts.append(element("g", italic, *(caption for caption, _ in captions)))
    boxes += [box for _, box in captions]
    return parts, boxes


def triangle(points: Sequence[TrianglePoint | tuple[str, int, int, int]], *, title: str, id_prefix: str) -> str:
    """The triangle chart of `points` (label, quality, stability, affordability), as an SVG string.

    Each point is a dot in a colour of its own (`almanac-series-N` in the order given), with its
    name and scores beside it and a tooltip; labels that would collide move aside (see
    `placement.place_labels`), and providers at the same place share one label, a line each.
    The mapping is in the module comment.
    """
    items = [TrianglePoint(*point) for point in points]
    if not items:
        return no_data(kind="triangle", title=title, id_prefix=id_prefix)
    places = [position(item) for item in items]
    # Points with proportional scores (2, 2, 2 and 4, 4, 4) share a place: one label lists them all.
    groups: dict[tuple[str, str], list[int]] = {}
    for n, (x, y) in enumerate(places):
        groups.setdefault((num(x), num(y)), []).append(n)
    members = list(groups.values())
    anchors = [places[group[0]] for group in members]
    sizes = [
        (max(max(text_width(items[n].label, 12), text_width(_scores(items[n]), 10)) for n in group), LINE * len(group))
        for group in members
    ]
    body, captions = _frame()
    spots = place_labels(anchors, sizes, bounds=Box(4, 4, WIDTH - 4, HEIGHT - 4), ascent=10, keep_out=captions)

    for n, (item, (x, y)) in enumerate(zip(items, places, strict=True)):
        tip = f"{item.label}: quality {item.quality}, stability {item.stability}, affordability {item.affordability}"
        dot: Attrs = {
            "class": series_class(n),
            "cx": x,
            "cy": y,
            "r": DOT_RADIUS,
            "fill": "currentColor",
            "style": "stroke:var(--md-default-bg-color)",
            "stroke-width": 1.5,
        }
        body.append(element("circle", dot, element("title", {}, tip)))
    for group, spot in zip(members, spots, strict=True):
        if spot is None:
            continue
        for line, n in enumerate(group):
            top = spot.y + LINE * line
            body.append(
                element(
                    "text", {"x": spot.x, "y": top, "text-anchor": spot.anchor, "style": f"fill:{FG}"}, items[n].label
                )
            )
            body.append(
                element(
                    "text",
                    {
                        "x": spot.x,
                        "y": top + 13,
                        "text-anchor": spot.anchor,
                        "font-size": 10,
                        "style": f"fill:{FG_LIGHT}",
                    },
                    _scores(items[n]),
                )
            )
    described = "; ".join(
        f"{item.label}: quality {item.quality}, stability {item.stability}, affordability {item.affordability}"
        for item in items
    )
    desc = (
        f"{len(items)} {'provider' if len(items) == 1 else 'providers'} placed by their scores from 1 to 5 in a "
        "triangle whose corners are quality, stability and affordability; a provider sits nearer the "
        f"corners it scores higher on. {described}."
    )
    return document(kind="triangle", id_prefix=id_prefix, width=WIDTH, height=HEIGHT, title=title, desc=desc, body=body)
