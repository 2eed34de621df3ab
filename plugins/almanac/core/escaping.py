# Text of posts and data escaped for HTML as plain strings: the five replacements of MarkupSafe's
# `escape` (`&` first), the same bytes, without a `Markup` object for each of the hundreds of
# thousands of strings a build's tables and entity sections write in Python rather than through
# a template.

from __future__ import annotations

__all__ = ["escape"]


def escape(text: str) -> str:
    """`text` escaped as MarkupSafe's `escape` does it, as a plain string."""
    return (
        text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")
    )
