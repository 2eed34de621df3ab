# The MkDocs page of a generated entity page (a model, vendor or provider).
#
# Made in `on_files` of `almanac/data` for each entity page, so that MkDocs uses it instead of
# a plain `Page`. Its content is HTML made from the data (`core/data/pages/content.py`, in the plugin's
# `on_page_content`), not Markdown: converting an empty Markdown text costs little, but making
# the converter, with every extension of `mkdocs.yml`, costs about a millisecond a page, which
# on hundreds of entity pages is a good part of what they add to a build. Every plugin event
# still runs for these pages, as for any other.

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from almanac.mkdocs.shared import as_html

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    from almanac.core.data.pages.catalogue import GeneratedPage

__all__ = ["TEMPLATE", "DataPage", "kind_of"]

TEMPLATE = "almanac/data-page.html"
"""The template of entity pages: the theme's `main.html`, with parts shared (`mkdocs/shared.py`)."""


class DataPage(Page):
    """A generated entity page: its title comes from the data, its content is filled in later."""

    def __init__(self, generated: GeneratedPage, file: File, config: MkDocsConfig) -> None:
        self.generated = generated
        super().__init__(None, file, config)

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        # The theme writes titles into HTML unescaped; a title from data is escaped here (once:
        # see `text_meta`). Wide tables need the room of the table of contents, which these pages lack anyway.
        self.meta = {"title": as_html(self.generated.title, quote=False), "hide": ["toc"], "template": TEMPLATE}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # the plugin's `on_page_content` puts the page's HTML here
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def kind_of(page: object) -> str | None:
    """The kind of an entity page (`model`, `vendor`, `provider`), what its shared parts are shared by."""
    return page.generated.kind if isinstance(page, DataPage) else None
