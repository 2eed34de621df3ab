# Placing text labels beside points so that they do not overlap each other, the points, or
# the edges of the chart: a greedy pass in the order given, trying a few spots per label.
#
# Used by the triangle and the scatter chart. Deterministic: the same points give the same
# places. A label that finds no free spot is left out; its point keeps its tooltip.

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

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


class _Grid:
    """Boxes filed under the squares of a grid that they cover, so that a box is compared only
    with the boxes that share a square with it (two boxes that overlap share one), not with
    every label and point of a chart (the scatter chart has hundreds)."""

    SIZE: Final = 32.0
    """The side of a square, in pixels: about two lines of label text."""

    def __init__(self, boxes: Iterable[Box] = ()) -> None:
        self.squares: dict[tuple[int, int], list[Box]] = {}
        self.boxes: list[Box] = []
        self.unfiled: list[Box] = []
        """Boxes with no finite, upright extent: compared with every box."""
        for box in boxes:
            self.add(box)

    @classmethod
    def _filed(cls, box: Box) -> bool:
        edges = (box.left, box.top, box.right, box.bottom)
        return all(map(math.isfinite, edges)) and box.left <= box.right and box.top <= box.bottom

    @classmethod
    def _cover(cls, box: Box) -> list[tuple[int, int]]:
        columns = range(math.floor(box.left / cls.SIZE), math.floor(box.right / cls.SIZE) + 1)
        rows = range(math.floor(box.top / cls.SIZE), math.floor(box.bottom / cls.SIZE) + 1)
        return [(column, row) for column in columns for row in rows]

    def add(self, box: Box) -> None:
        self.boxes.append(box)
        if not self._filed(box):
            self.unfiled.append(box)
            return
        for square in self._cover(box):
            self.squares.setdefault(square, []).append(box)

    def hits(self, box: Box) -> bool:
        """True when `box` overlaps one of the boxes."""
        if not self._filed(box):
            return any(box.overlaps(other) for other in self.boxes)
        if any(box.overlaps(other) for other in self.unfiled):
            return True
        return any(box.overlaps(other) for square in self._cover(box) for other in self.squares.get(square, ()))


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
    taken = _Grid(keep_out)
    dots = _Grid(Box(x - gap / 2, y - gap / 2, x + gap / 2, y + gap / 2) for x, y in points)
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
            if not box.inside(bounds) or taken.hits(box) or dots.hits(box):
                continue
            chosen = Placed(cx, cy, anchor)
            taken.add(box)
            break
        placed.append(chosen)
    return placed
