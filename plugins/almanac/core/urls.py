# URLs between pages of the site: every link we write is relative, so the site works under
# any path prefix (GitHub Pages serves it under /<repository>/) and when opened from disk.
# And `check_url`, for addresses authors write (`.authors.yml`, data): http(s) only.

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import urlsplit

__all__ = ["anchor_ids", "check_url", "page_linker", "relative_url", "root_of"]

# Characters a browser drops or reads otherwise inside a URL (`java\tscript:` is `javascript:`,
# `\` is `/`): an address that holds one is refused rather than guessed at.
_UNSAFE_CHARACTER = re.compile(r"[\x00-\x20\x7f-\x9f\\]")
# Characters that no web address holds as they are (RFC 3986; a browser's address bar shows them
# percent-encoded): `"` and `<>` could end an attribute in a page that did not escape it.
_NOT_IN_URLS = re.compile(r'["<>`{}|^]')

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


def check_url(url: str, *, relative: bool = False) -> str | None:
    """What is wrong with `url`, an address written by an author, or `None` when it is fine.

    Accepted: `http://` and `https://` addresses with a host; with `relative`, also paths
    within the site (`images/lin.png`, `/assets/lin.png`, `../x/`). Refused: every other
    scheme (`javascript:`, `data:`, `file:`, `mailto:`…), addresses without a host,
    `//host/…` (another site, without its scheme), and spaces, control characters,
    backslashes and the characters no address holds unencoded (`"<>` and the like) anywhere.
    The answer completes a sentence such as "`url` …", e.g. "must start with http:// or
    https://, not `javascript:`".
    """
    if not url:
        return "is empty"
    if _UNSAFE_CHARACTER.search(url):
        return "holds a space, a control character or a backslash; write a plain web address"
    if found := _NOT_IN_URLS.search(url):
        character = found.group()
        return f"holds `{character}`, which a web address cannot hold; write it as `%{ord(character):02X}`"
    expected = "must start with http:// or https://" + (", or be a path in the site" if relative else "")
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed `[` in the host
        return "is not a valid address; check its host"
    if parts.scheme:
        if parts.scheme not in ("http", "https"):
            return f"{expected}, not `{parts.scheme}:`"
        if not parts.hostname:
            return "has no host after `//`"
        return None
    if url.startswith("//"):
        return f"{expected}; `//` leads to another site"
    if ":" in url.split("/", 1)[0]:  # `javascript&colon;…` or `a:b`: a scheme the parser refused
        return f"{expected}, not `{url.split(':', 1)[0]}:`"
    if not relative:
        return expected
    return None
