# Parts of the theme's page drawn once and shared by many pages: the posts, listings and tag
# pages of the blog (`almanac/blog`) and the entity pages of the data (`almanac/data`).
#
# Each of those plugins registers, in `on_env`, which of its pages have a kind whose parts may
# be shared (`shared_blocks(env).add_kinds(...)`). Their templates extend `almanac/shared.html`,
# which wraps the parts of the theme's page that do not show the page itself: styles, scripts,
# tabs, navigation and footer. The theme would draw them again for every page, though on pages
# that are not in the navigation and sit at the same depth they are the same HTML, and the
# navigation alone is a good part of the theme's time on a page (more with every entry it has).
#
# Also shared by both plugins: the front matter of the pages they generate, and the page titles,
# descriptions and tags that the theme writes into pages (and the search index) as HTML, made
# text — escaped once, in `on_page_markdown`, whoever wrote them.

from __future__ import annotations

import functools
import html
from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, Any

import yaml
from jinja2 import pass_context
from markupsafe import Markup

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.runtime import Context

__all__ = [
    "CONTENTS_TEMPLATE",
    "GLOBAL",
    "SharedBlocks",
    "as_html",
    "front_matter",
    "shared_blocks",
    "text_meta",
    "text_title",
]

#: The name the templates call the shared parts by.
GLOBAL = "almanac_shared"
#: The theme's table of contents of a page, which its navigation sidebar block also holds.
CONTENTS_TEMPLATE = "partials/toc.html"

_Key = tuple[str, str, int, str]


class SharedBlocks:
    """Parts of the theme's page drawn once for all pages of a kind, when they are the same.

    The styles, scripts, tabs, navigation and footer of two posts, or of two model pages, are
    the same HTML: the pages are not in the navigation, sit at the same depth (so relative
    links are the same), and hide the same parts of the page in their front matter. The theme
    draws them anyway, for every page: about half of its time on such a page.

    A part is drawn for the first two pages of a kind, depth and hidden parts; when both drew
    the same HTML, later pages of that kind reuse it; when not (a theme override that shows
    something of the page there), every page draws its own. A part called with `contents=True`
    holds the page's table of contents (Material draws it in the same block as the
    navigation): that is drawn for every page and put in the place it has in the shared HTML.
    Pages in the navigation, and pages of no kind, always draw their own. Made anew for each
    build (the theme's environment is).
    """

    def __init__(self) -> None:
        self._kinds: list[Callable[[Any], str | None]] = []
        self._seen: dict[_Key, tuple[str, str | None]] = {}
        self._shared: dict[_Key, bool] = {}
        self._nav: object = None
        self._in_nav: frozenset[str] = frozenset()
        self.reused = 0
        """How many times a part was reused instead of drawn."""

    def add_kinds(self, kind_of: Callable[[Any], str | None]) -> None:
        """Register a plugin's `kind_of(page)`: the kind of a page whose parts may be shared, or `None`."""
        self._kinds.append(kind_of)

    def kind_of(self, page: Any) -> str | None:
        """The kind of `page` for the first plugin that knows it, else `None`."""
        for kind_of in self._kinds:
            kind = kind_of(page)
            if kind is not None:
                return kind
        return None

    @pass_context
    def __call__(self, context: Context, name: str, caller: Callable[[], str], contents: bool = False) -> str:
        page = context.get("page")
        kind = self.kind_of(page) if page is not None else None
        if kind is None or self._is_in_nav(context, page):
            return caller()
        key = (name, kind, str(page.url).count("/"), _hidden(page))
        own = _contents(context) if contents else ""
        if self._shared.get(key):
            self.reused += 1
            before, after = self._seen[key]
            return before if after is None else before + own + after
        html = caller()
        if key not in self._shared:
            parts = _split(html, own) if contents else (html, None)
            if key not in self._seen:
                self._seen[key] = parts
            else:
                self._shared[key] = self._seen[key] == parts
        return html

    def _is_in_nav(self, context: Context, page: Any) -> bool:
        """Whether the navigation lists `page` (then it shows the page as the current one)."""
        nav = context.get("nav")
        if nav is not self._nav:
            self._nav = nav
            self._in_nav = frozenset(item.file.src_uri for item in getattr(nav, "pages", ()))
        return bool(page.file.src_uri in self._in_nav)


def shared_blocks(env: Environment) -> SharedBlocks:
    """The `SharedBlocks` of this build's theme environment, made on first use."""
    shared = env.globals.get(GLOBAL)
    if not isinstance(shared, SharedBlocks):
        shared = SharedBlocks()
        env.globals[GLOBAL] = shared
    return shared


def _hidden(page: Any) -> str:
    """What the page's front matter hides (`hide: [navigation, toc]`), which the parts show."""
    hide = (getattr(page, "meta", None) or {}).get("hide")
    return " ".join(map(str, hide)) if isinstance(hide, list | tuple) else str(hide or "")


def _contents(context: Context) -> str:
    """The page's table of contents, as the theme draws it."""
    return context.environment.get_template(CONTENTS_TEMPLATE).render(context.get_all())


def _split(html: str, contents: str) -> tuple[str, str | None]:
    """`html` around the one place it holds `contents`; all of it (and `None`) when it holds
    them nowhere, or in more than one place: then two pages match only when all is the same."""
    at = html.find(contents) if contents else -1
    if at < 0 or html.find(contents, at + 1) >= 0:
        return html, None
    return html[:at], html[at + len(contents) :]


# --- Text in the theme's page ----------------------------------------------------------------
#
# MkDocs' theme environment does not escape, and Material writes a page's `title` (the `<title>`,
# the header, the search index), `description` and `author` (`<meta content="…">`), `subtitle`
# (the navigation) and `tags` (the search index, whose results the browser draws as HTML) as
# they are: MkDocs treats a title as HTML (a title taken from a heading keeps its entities).
# Whoever wrote them — a post's front matter, a generated page, the data — they are text, so
# they are escaped here, once: the escaped value is `Markup`, which is never escaped again.

#: Front matter keys the theme writes as HTML text, and those it writes in attributes.
_TEXT_KEYS = ("title", "subtitle")
_ATTRIBUTE_KEYS = ("description", "author")


def text_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape the front matter values the theme writes into the page unescaped (see above)."""
    for key in _TEXT_KEYS:
        if key in meta:
            meta[key] = as_html(meta[key], quote=False)
    for key in _ATTRIBUTE_KEYS:
        if key in meta:
            meta[key] = as_html(meta[key], quote=True)
    tags = meta.get("tags")
    if isinstance(tags, list):  # the search index takes the text ones, and leaves the others out
        meta["tags"] = [as_html(tag, quote=False) if isinstance(tag, str) else tag for tag in tags]


def text_title(page: Any) -> None:
    """Give a page whose title comes from its first heading that title as front matter.

    MkDocs keeps such a title as HTML (`&lt;` stays `&lt;`), but Material writes it into the
    `<title>` through Jinja's `striptags`, which also turns entities back into characters, so
    `# &lt;/title&gt;&lt;script&gt;…` would end the `<title>` and run the script. A title in the
    front matter is written as it is. Only a title with an entity needs it (MkDocs has removed
    tags); the home page keeps the theme's own title (the site's name).
    """
    meta = getattr(page, "meta", None)
    title = getattr(page, "title", None)
    if meta is None or "title" in meta or not isinstance(title, str) or "&" not in title or page.is_homepage:
        return
    meta["title"] = Markup(title)


def as_html(value: Any, *, quote: bool) -> Any:
    """`value` as HTML: text escaped (once: `Markup` is left as it is); numbers, booleans and
    `None` unchanged; anything else (a list, a date) as the text the theme would print, escaped."""
    if isinstance(value, Markup) or value is None or isinstance(value, bool | int | float):
        return value
    return Markup(html.escape(str(value), quote=quote))


@functools.lru_cache(maxsize=1 << 16)
def front_matter(title: str) -> str:
    """The front matter of a generated page with `title`: YAML written by the YAML library, so
    that any text (quotes, `#`, `{{`, line separators) comes back as written. Kept for the next
    build of the preview (the listings of a 1,000-post blog, 250 pages: 0.07 s a save)."""
    text = yaml.safe_dump({"title": title}, allow_unicode=True, sort_keys=False, width=float("inf"))
    return f"---\n{text}---\n"
