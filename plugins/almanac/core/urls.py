# URLs between pages of the site: every link we write is relative, so the site works under
# any path prefix (GitHub Pages serves it under /<repository>/) and when opened from disk.

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

__all__ = ["anchor_ids", "page_linker", "relative_url", "root_of"]

# An `id` attribute as we write them (double quotes); ids hold no quote or angle bracket.
_ID = re.compile(r'\sid="([^"<>]+)"')


def relative_url(target: str, from_page: str) -> str:
    """URL of `target` (a site path such as `blog/2026/`, `''` for the root) as seen from the
    page whose URL is `from_page` (MkDocs' `page.url`, relative to the site root)."""
    base = from_page if from_page.endswith("/") or not from_page else posixpath.dirname(from_page)
    rel = posixpath.relpath("/" + target, "/" + base)
    if target.endswith("/") or not target:
        return "./" if rel == "." else rel + "/"
    return rel


def root_of(page_url: str) -> str:
    """The site root as seen from `page_url` (`./` at the root, else `../…/`)."""
    return relative_url("", page_url)


def anchor_ids(html: str) -> set[str]:
    """The `id`s of the elements of `html` we wrote: what `page/#id` links may point at."""
    return set(_ID.findall(html))


def page_linker(page_url: str, directory_urls: bool = True) -> Callable[[str], str]:
    """A function that writes the URL of a site path (`models/x/`) as seen from `page_url`;
    without MkDocs' `use_directory_urls`, a folder's URL ends in `index.html`."""

    def link(target: str) -> str:
        if not directory_urls and target.endswith("/"):
            target += "index.html"
        return relative_url(target, page_url)

    return link
