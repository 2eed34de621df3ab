# The pieces every chart is made of: numbers and text written the same way every time, the
# `<svg>` element with its title and description, the "No data" chart, a rough text width.
#
# Used by the chart modules of this package while pages are rendered. Charts are plain strings:
# each number goes through `num` (two decimals at most, no trailing zeros, never `-0`), so the
# same data always gives the same bytes; each string from data goes through `esc`.

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

__all__ = [
    "FG",
    "FG_LIGHT",
    "FG_LIGHTER",
    "FG_LIGHTEST",
    "SVG_NS",
    "check_prefix",
    "document",
    "esc",
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


def num(value: float) -> str:
    """A coordinate as text: at most two decimals, trailing zeros dropped: `12.5`, `3`, `0.07`."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def esc(text: str) -> str:
    """Text from data, safe in element content and in double-quoted attributes."""
    return html.escape(text, quote=True)


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
    body: Iterable[str],
    empty: bool = False,
) -> str:
    """The `<svg>` element of a chart: scalable (`width="100%"`, a `viewBox`), labelled by its
    `<title>` and described by its `<desc>` for screen readers, classed `almanac-chart--<kind>`
    (and `almanac-chart--empty` for the "No data" chart, which the stylesheet keeps small).
    """
    prefix = check_prefix(id_prefix)
    classes = f"almanac-chart almanac-chart--{kind}" + (" almanac-chart--empty" if empty else "")
    head = (
        f'<svg xmlns="{SVG_NS}" class="{classes}" width="100%" '
        f'viewBox="0 0 {num(width)} {num(height)}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-size="12">'
        f'<title id="{prefix}-title">{esc(title)}</title>'
        f'<desc id="{prefix}-desc">{esc(desc)}</desc>'
    )
    return head + "".join(body) + "</svg>"


def no_data(*, kind: str, title: str, id_prefix: str) -> str:
    """A small chart that says "No data", for empty input."""
    body = [
        f'<rect x="0.5" y="0.5" width="319" height="47" rx="4" fill="none" style="stroke:{FG_LIGHTEST}"/>',
        f'<text x="160" y="28.5" text-anchor="middle" style="fill:{FG_LIGHT}">No data</text>',
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
