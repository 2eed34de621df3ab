# Placing text labels beside points so that they do not overlap each other, the points, or
# the edges of the chart: a greedy pass in the order given, trying a few spots per label.
#
# Used by the triangle and the scatter chart. Deterministic: the same points give the same
# places. A label that finds no free spot is left out; its point keeps its tooltip.

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Box", "Placed", "place_labels"]


@dataclass(frozen=True)
class Box:
    """A rectangle: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return not (
            self.right <= other.left or other.right <= self.left or self.bottom <= other.top or other.bottom <= self.top
        )

    def inside(self, bounds: Box) -> bool:
        return (
            self.left >= bounds.left
            and self.right <= bounds.right
            and self.top >= bounds.top
            and self.bottom <= bounds.bottom
        )


@dataclass(frozen=True)
class Placed:
    """Where a label goes: the anchor point of its first line's baseline and its `text-anchor`."""

    x: float
    y: float
    anchor: str


def place_labels(
    points: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    *,
    bounds: Box,
    gap: float = 8.0,
    ascent: float = 10.0,
    keep_out: Sequence[Box] = (),
) -> list[Placed | None]:
    """A spot for each label (`sizes[i]` = width, height) beside `points[i]`, or `None`.

    Tried in turn: right, left, above, below the point, then right and left shifted up and
    down by a third of the label's height (further would leave a label closer to another point
    than to its own). A spot is free when its box stays in `bounds`, clear of labels
    placed before, of every point (a square of `gap` around it) and of `keep_out` boxes.
    `ascent` is the height of the first line above its baseline.
    """
    taken: list[Box] = list(keep_out)
    dots = [Box(x - gap / 2, y - gap / 2, x + gap / 2, y + gap / 2) for x, y in points]
    placed: list[Placed | None] = []
    for (x, y), (width, height) in zip(points, sizes, strict=True):
        middle = y - height / 2 + ascent
        candidates: list[tuple[float, float, str]] = [
            (x + gap, middle, "start"),
            (x - gap, middle, "end"),
            (x, y - gap - height + ascent, "middle"),
            (x, y + gap + ascent, "middle"),
        ]
        for shift in (height / 3, -height / 3):
            candidates += [(x + gap, middle + shift, "start"), (x - gap, middle + shift, "end")]
        chosen: Placed | None = None
        for cx, cy, anchor in candidates:
            left = cx if anchor == "start" else cx - width if anchor == "end" else cx - width / 2
            box = Box(left, cy - ascent, left + width, cy - ascent + height)
            if not box.inside(bounds) or any(box.overlaps(other) for other in taken):
                continue
            if any(box.overlaps(dot) for dot in dots):
                continue
            chosen = Placed(cx, cy, anchor)
            taken.append(box)
            break
        placed.append(chosen)
    return placed
