"""Parts of the theme's page shared by pages of a kind (`mkdocs/shared.py`): the table of
contents inside a shared part stays each page's own, and pages in the navigation draw their own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2
import markupsafe
from hypothesis import given
from hypothesis import strategies as st

from almanac.core.escaping import escape
from almanac.mkdocs.shared import SharedBlocks, shared_blocks

BASE = (
    "{% block site_nav %}<nav>{% for item in nav.pages %}<a>{{ item.file.src_uri }}</a>{% endfor %}</nav>"
    '<aside>{% include "partials/toc.html" %}</aside>{% endblock %}'
)
TOC = "<ul>{% for entry in page.toc %}<li>{{ entry }}</li>{% endfor %}</ul>"
PAGE = (
    '{% extends "base.html" %}{% block site_nav %}'
    '{% call almanac_shared("site_nav", contents=true) %}{{ super() }}{% endcall %}{% endblock %}'
)


@dataclass
class _File:
    src_uri: str


@dataclass
class _Page:
    src_uri: str
    toc: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    url: str = ""

    def __post_init__(self) -> None:
        self.file = _File(self.src_uri)
        self.url = self.url or self.src_uri.removesuffix(".md") + "/"


@dataclass
class _Nav:
    pages: list[_Page]


def _render(pages: list[_Page], nav: _Nav) -> tuple[list[str], SharedBlocks]:
    env = jinja2.Environment(loader=jinja2.DictLoader({"base.html": BASE, "partials/toc.html": TOC, "page.html": PAGE}))
    shared = shared_blocks(env)
    assert shared_blocks(env) is shared
    shared.add_kinds(lambda page: "post" if page.src_uri.startswith("posts/") else None)
    template = env.get_template("page.html")
    return [template.render(page=page, nav=nav) for page in pages], shared


def test_each_page_keeps_its_own_contents_in_a_shared_part() -> None:
    nav = _Nav([_Page("index.md"), _Page("about.md")])
    pages = [_Page(f"posts/p{n}.md", toc=[f"h{n}"] if n % 2 else []) for n in range(6)]
    drawn, shared = _render(pages, nav)
    menu = "<nav><a>index.md</a><a>about.md</a></nav>"
    assert drawn == [
        menu + (f"<aside><ul><li>h{n}</li></ul></aside>" if n % 2 else "<aside><ul></ul></aside>") for n in range(6)
    ]
    assert shared.reused == 4


def test_pages_in_the_navigation_and_other_kinds_draw_their_own() -> None:
    listed = _Page("posts/featured.md", toc=["x"])
    nav = _Nav([_Page("index.md"), listed])
    pages = [_Page("posts/a.md"), _Page("posts/b.md"), listed, _Page("about.md"), _Page("about2.md")]
    drawn, shared = _render(pages, nav)
    assert drawn[2].endswith("<aside><ul><li>x</li></ul></aside>")
    assert shared.reused == 0


def test_what_the_front_matter_hides_keeps_pages_apart() -> None:
    nav = _Nav([_Page("index.md")])
    pages = [_Page(f"posts/p{n}.md", meta={"hide": ["navigation"]} if n == 3 else {}) for n in range(5)]
    _drawn, shared = _render(pages, nav)
    assert shared.reused == 2  # the fourth post is of its own sort: drawn, not reused


@given(st.text())
def test_escape_gives_markupsafes_bytes_as_a_plain_string(text: str) -> None:
    escaped = escape(text)
    assert type(escaped) is str
    assert escaped == str(markupsafe.escape(text))
