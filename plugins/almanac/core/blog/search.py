# A post's HTML as the search plugin reads it: the links `almanac/links` makes of the entities
# a post names (`<a class="almanac-entity" href="…">DeepSeek</a>`) unwrapped to their text.
#
# The search index keeps the text of a page, not its links, so the entry is the same; but its
# HTML parser handles every tag one by one, and a post naming a dozen entities made the index
# of a 3,000-post blog 10 % slower to build. Read by the blog plugin just before the search
# plugin indexes a post (`on_page_context`), which then gets its content back.

from __future__ import annotations

import re
from typing import Final

from almanac.core.links.markdown import ENTITY_CLASS, MENTION_CLASS

__all__ = ["searchable"]

_CLASS: Final = "|".join(re.escape(name) for name in (MENTION_CLASS, ENTITY_CLASS))
_HREF: Final = r'href="[^"<>]*"'
# As the conversion writes them, attributes in either order; a link holding other markup (an
# `[[id|*text*]]`) or other attributes is left as it is.
_ENTITY_LINK: Final = re.compile(rf'<a (?:class="(?:{_CLASS})" {_HREF}|{_HREF} class="(?:{_CLASS})")>([^<]*)</a>')


def searchable(html: str) -> str:
    """`html` with each link to an entity replaced by its text."""
    if ENTITY_CLASS not in html:
        return html
    return _ENTITY_LINK.sub(r"\1", html)
