# The MkDocs page of a generated entity page (a model, vendor or provider).
#
# Made in `on_files` of `almanac/data` for each entity page, so that MkDocs uses it instead of
# a plain `Page`. Its content is HTML made from the data (`core/pages.py`, in the plugin's
# `on_page_content`), not Markdown: converting an empty Markdown text costs little, but making
# the converter, with every extension of `mkdocs.yml`, costs about a millisecond a page, which
# on hundreds of entity pages is a good part of what they add to a build. Every plugin event
# still runs for these pages, as for any other.

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from jinja2 import pass_context
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

if TYPE_CHECKING:
    from jinja2.runtime import Context
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    from almanac.core.catalogue import GeneratedPage

__all__ = ["TEMPLATE", "DataPage", "SharedBlocks"]

TEMPLATE = "almanac/data-page.html"
"""The template of entity pages: the theme's `main.html`, with parts shared (`SharedBlocks`)."""


class DataPage(Page):
    """A generated entity page: its title comes from the data, its content is filled in later."""

    def __init__(self, generated: GeneratedPage, file: File, config: MkDocsConfig) -> None:
        self.generated = generated
        super().__init__(None, file, config)

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        # The theme writes titles into HTML unescaped; a title from data is escaped here. Wide
        # tables need the room of the table of contents, which these pages lack anyway.
        self.meta = {"title": html.escape(self.generated.title, quote=False), "hide": ["toc"], "template": TEMPLATE}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # the plugin's `on_page_content` puts the page's HTML here
        self.toc = get_toc([])
        self.present_anchor_ids = set()


class SharedBlocks:
    """Parts of the theme's page drawn once for all entity pages of a kind, when they are the same.

    The styles, scripts, tabs, navigation and footer of two model pages are the same HTML: the
    pages are not in the navigation, sit at the same depth (so relative links are the same),
    and have the same front matter. The theme draws them anyway, for every page: about half
    of its time on such a page (the parts that show the page, such as its title, are drawn
    for each page as usual; `templates/almanac/data-page.html` names the shared parts).

    Here a part is drawn for the first two pages of a kind; when both drew the same HTML,
    later pages of that kind reuse it; when not (a theme override that shows something of
    the page there), every page draws its own. Made anew for each build.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, int], str] = {}
        self._shared: dict[tuple[str, str, int], bool] = {}
        self.reused = 0
        """How many times a part was reused instead of drawn."""

    @pass_context
    def __call__(self, context: Context, name: str, caller: Callable[[], str]) -> str:
        page = context.get("page")
        if not isinstance(page, DataPage):
            return caller()
        key = (name, page.generated.kind, page.url.count("/"))
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
