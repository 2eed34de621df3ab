# Charts: static SVG made at build time and inlined in pages, no script needed to read them.
#
# The public face of the package. Each function takes plain data and returns one `<svg>`
# string that scales to its container (`width="100%"` and a `viewBox`), names itself with a
# `<title>` and describes its data in a `<desc>` for screen readers, and takes its colours
# from Material's CSS variables or from the classes of `charts.css`, so that the light and
# the dark scheme both work. The same data always gives the same bytes. Every element is
# written by `svg.element`, which escapes all the text and attribute values it is given, so a
# name from data cannot break out of the markup. Nothing here imports MkDocs.
#
#   svg.py       `element` (the SVG writer), numbers and text as written, the <svg> element,
#                the "No data" chart
#   scales.py    linear, logarithmic and time axes and their ticks
#   placement.py labels placed beside points without collisions
#   palette.py   the series classes and the stylesheet `charts.css`
#   price.py     price history: step lines per offer (`price_history`, `offer_series`)
#   uptime.py    uptime bars, one per day (`uptime_bars`)
#   triangle.py  the quality / stability / affordability triangle (`triangle`)
#   scatter.py   price against context window (`price_vs_context`)

from __future__ import annotations

from almanac.core.data.charts.palette import CSS_FILE, SERIES_COUNT, series_class, stylesheet
from almanac.core.data.charts.price import PriceSeries, Segment, offer_series, price_history, step_segments
from almanac.core.data.charts.scatter import ScatterPoint, price_vs_context
from almanac.core.data.charts.svg import no_data
from almanac.core.data.charts.triangle import TrianglePoint, position, triangle
from almanac.core.data.charts.uptime import uptime_bars, uptime_class

__all__ = [
    "CSS_FILE",
    "SERIES_COUNT",
    "PriceSeries",
    "ScatterPoint",
    "Segment",
    "TrianglePoint",
    "no_data",
    "offer_series",
    "position",
    "price_history",
    "price_vs_context",
    "series_class",
    "step_segments",
    "stylesheet",
    "triangle",
    "uptime_bars",
    "uptime_class",
]
