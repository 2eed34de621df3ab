# The pieces every chart is made of: `element`, the one function that writes SVG markup; numbers
# and text written the same way every time; the `<svg>` element with its title and description;
# the "No data" chart; a rough text width.
#
# Used by the chart modules of this package while pages are rendered. Every element of a chart
# is written by `element`, which escapes each string it is given (attribute values and text)
# and writes each number through `num` (two decimals at most, no trailing zeros, never `-0`),
# so no string from data reaches the markup unescaped and the same data gives the same bytes.
# What `element` returns is `Markup`: a child that is already markup is kept as it is.
# A chart is geometry computed element by element, so each element is written where its numbers
# are computed, not in a Jinja template that would receive nothing but those numbers;
# `xml.etree` would write other bytes (`<line … />`, `'` and `"` unescaped in text).

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final, TypeAlias

from markupsafe import Markup

__all__ = [
    "FG",
    "FG_LIGHT",
    "FG_LIGHTER",
    "FG_LIGHTEST",
    "SVG_NS",
    "Attrs",
    "check_prefix",
    "document",
    "element",
    "no_data",
    "num",
    "text_width",
]

SVG_NS: Final = "http://www.w3.org/2000/svg"

# Material's text colours, as inline styles of a group (children inherit `fill` and `stroke`).
FG: Final = "var(--md-default-fg-color)"
FG_LIGHT: Final = "var(--md-default-fg-color--light)"
FG_LIGHTER: Final = "var(--md-default-fg-color--lighter)"
FG_LIGHTEST: Final = "var(--md-default-fg-color--lightest)"

_PREFIX: Final = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

Attrs: TypeAlias = Mapping[str, str | float]
"""The attributes of an element, in order: a string (escaped when written) or a number (`num`)."""

_SHAPES: Final = frozenset({"circle", "line", "path", "polygon", "rect"})
"""Elements written `<line …/>` when they have no children; all others keep their end tag."""


def num(value: float) -> str:
    """A coordinate as text: at most two decimals, trailing zeros dropped: `12.5`, `3`, `0.07`."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _escape(text: str) -> str:
    """Text, safe in element content and in double-quoted attributes (`&`, `<`, `>`, `"`, `'`)."""
    return html.escape(text, quote=True)


def element(tag: str, attrs: Attrs, /, *children: str) -> Markup:
    """`<tag name="value" …>children</tag>`, attributes in the order of `attrs`.

    A string value is escaped, a number written by `num`. A child that is `Markup` (an
    `element`) is written as it is; any other string is text, and escaped. A shape (`line`,
    `rect`, …) without children is written `<tag …/>`; other elements always have an end tag.
    """
    head = "<" + tag + "".join([f' {name}="{_value(value)}"' for name, value in attrs.items()])
    if not children and tag in _SHAPES:
        return Markup(head + "/>")
    body = "".join([child if isinstance(child, Markup) else _escape(child) for child in children])
    return Markup(f"{head}>{body}</{tag}>")


@functools.lru_cache(maxsize=1 << 12)  # classes, styles and positions come back element after element
def _value(value: str | float) -> str:
    """An attribute value as written: a string escaped, a number by `num`."""
    return _escape(value) if isinstance(value, str) else num(value)


def check_prefix(id_prefix: str) -> str:
    """`id_prefix` if it can start an XML id (a letter, then letters, digits, `-`, `_`)."""
    if not _PREFIX.fullmatch(id_prefix):
        raise ValueError(f"id_prefix must be a letter then letters, digits, '-' or '_', not {id_prefix!r}")
    return id_prefix


def text_width(text: str, size: float) -> float:
    """A rough width of `text` at font size `size`, for layout (labels, legends, margins).

    Averages of a sans-serif face, a little generous so that a wider fallback face still fits:
    wide (CJK) characters 1 em, capitals 0.7 em, narrow letters and punctuation 0.32 em,
    others 0.6 em. It only has to keep labels from colliding.
    """
    return _ems(text) * size


@functools.lru_cache(maxsize=1 << 12)  # axis labels and names come back chart after chart
def _ems(text: str) -> float:
    """The width of `text` in em (see `text_width`)."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif char in "iIjlft.,:;'|!()[]· ":
            width += 0.32
        elif char.isupper() or char in "mwMW%@":
            width += 0.7
        else:
            width += 0.6
    return width


def document(
    *,
    kind: str,
    id_prefix: str,
    width: float,
    height: float,
    title: str,
    desc: str,
    body: Iterable[Markup],
    empty: bool = False,
) -> str:
    """The `<svg>` element of a chart: scalable (`width="100%"`, a `viewBox`), labelled by its
    `<title>` and described by its `<desc>` for screen readers, classed `almanac-chart--<kind>`
    (and `almanac-chart--empty` for the "No data" chart, which the stylesheet keeps small).
    `body` is the chart's elements (see `element`).
    """
    prefix = check_prefix(id_prefix)
    classes = f"almanac-chart almanac-chart--{kind}" + (" almanac-chart--empty" if empty else "")
    attrs: Attrs = {
        "xmlns": SVG_NS,
        "class": classes,
        "width": "100%",
        "viewBox": f"0 0 {num(width)} {num(height)}",
        "role": "img",
        "aria-labelledby": f"{prefix}-title {prefix}-desc",
        "font-size": 12,
    }
    head = (element("title", {"id": f"{prefix}-title"}, title), element("desc", {"id": f"{prefix}-desc"}, desc))
    return str(element("svg", attrs, *head, *body))


def no_data(*, kind: str, title: str, id_prefix: str) -> str:
    """A small chart that says "No data", for empty input."""
    body = [
        element(
            "rect",
            {"x": 0.5, "y": 0.5, "width": 319, "height": 47, "rx": 4, "fill": "none", "style": f"stroke:{FG_LIGHTEST}"},
        ),
        element("text", {"x": 160, "y": 28.5, "text-anchor": "middle", "style": f"fill:{FG_LIGHT}"}, "No data"),
    ]
    return document(
        kind=kind,
        id_prefix=id_prefix,
        width=320,
        height=48,
        title=title,
        desc="No data to chart.",
        body=body,
        empty=True,
    )
