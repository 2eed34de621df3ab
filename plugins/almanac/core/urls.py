# URLs between pages of the site: every link we write is relative, so the site works under
# any path prefix (GitHub Pages serves it under /<repository>/) and when opened from disk.

from __future__ import annotations

import posixpath

__all__ = ["relative_url", "root_of"]


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
