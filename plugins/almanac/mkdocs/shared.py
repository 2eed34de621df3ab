# Parts of the theme's page drawn once and shared by many pages: the entity pages of the data
# (`almanac/data`) and the posts of the blog (`almanac/blog`).
#
# Each of those plugins puts a `SharedBlocks` into the theme's environment (`on_env`) under its
# own name, and its templates (`templates/almanac/data-page.html`, `post.html`) wrap the parts
# of the theme's page that do not show the page itself: styles, scripts, tabs, navigation and
# footer. The theme would draw them again for every page, though on pages that are not in the
# navigation and sit at the same depth they are the same HTML, and the navigation alone is a
# good part of the theme's time on a page (more with every entry it has).

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context

if TYPE_CHECKING:
    from jinja2.runtime import Context

__all__ = ["SharedBlocks"]


class SharedBlocks:
    """Parts of the theme's page drawn once for all pages of a kind, when they are the same.

    The styles, scripts, tabs, navigation and footer of two model pages, or of two posts, are
    the same HTML: the pages are not in the navigation, sit at the same depth (so relative
    links are the same), and have the same front matter. The theme draws them anyway, for
    every page: about half of its time on such a page (the parts that show the page, such as
    its title, are drawn for each page as usual).

    `kind_of(page)` names the kind of a page whose parts may be shared (`None`: draw them).
    A part is drawn for the first two pages of a kind (and depth); when both drew the same
    HTML, later pages of that kind reuse it; when not (a theme override that shows something
    of the page there), every page draws its own. Made anew for each build.
    """

    def __init__(self, kind_of: Callable[[Any], str | None]) -> None:
        self.kind_of = kind_of
        self._seen: dict[tuple[str, str, int], str] = {}
        self._shared: dict[tuple[str, str, int], bool] = {}
        self.reused = 0
        """How many times a part was reused instead of drawn."""

    @pass_context
    def __call__(self, context: Context, name: str, caller: Callable[[], str]) -> str:
        page = context.get("page")
        kind = self.kind_of(page) if page is not None else None
        if kind is None:
            return caller()
        key = (name, kind, str(page.url).count("/"))
        shared = self._shared.get(key)
        if shared:
            self.reused += 1
            return self._seen[key]
        html = caller()
        if shared is None:
            if key in self._seen:
                self._shared[key] = self._seen[key] == html
            else:
                self._seen[key] = html
        return html
