# The colours of chart series and uptime bars: CSS classes, defined in `charts.css`.
#
# Charts name a class and draw with `currentColor`; the stylesheet gives each class a colour
# for Material's light scheme and another for its dark one (`slate`), so one SVG reads on both.

from __future__ import annotations

from importlib.resources import files
from typing import Final

__all__ = ["CSS_FILE", "SERIES_COUNT", "series_class", "stylesheet"]

SERIES_COUNT: Final = 8
"""Classes `almanac-series-0` … `almanac-series-7`; series past the eighth reuse them in turn."""

CSS_FILE: Final = "charts.css"
"""The stylesheet beside this module; a site adds it to its pages (MkDocs' `extra_css`)."""


def series_class(index: int) -> str:
    """The class of the `index`-th series: `almanac-series-3`."""
    return f"almanac-series-{index % SERIES_COUNT}"


def stylesheet() -> str:
    """The text of `charts.css`."""
    return files("almanac.core.data.charts").joinpath(CSS_FILE).read_text(encoding="utf-8")
