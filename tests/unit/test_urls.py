"""Relative URLs: every link on a page must resolve to its target from that page."""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

from hypothesis import given
from hypothesis import strategies as st

from almanac.core.urls import anchor_ids, page_linker, relative_url, root_of

segment = st.text(alphabet="abc123-", min_size=1, max_size=5)
dir_url = st.lists(segment, max_size=5).map(lambda parts: "".join(p + "/" for p in parts))


@given(dir_url, dir_url)
def test_relative_url_resolves_to_the_target(target: str, page: str) -> None:
    base = "https://h.invalid/prefix/" + page
    resolved = urljoin(base, relative_url(target, page))
    assert resolved == "https://h.invalid/prefix/" + target


@given(dir_url, segment)
def test_relative_url_to_a_file(page: str, name: str) -> None:
    target = f"assets/{name}.css"
    resolved = urljoin("https://h.invalid/" + page, relative_url(target, page))
    assert resolved == "https://h.invalid/" + target


def test_root_of() -> None:
    assert root_of("") == "./"
    assert root_of("blog/page/2/") == "../../../"
    assert posixpath.normpath(posixpath.join("blog/page/2", root_of("blog/page/2/"))) == "."


def test_anchor_ids_are_the_ids_we_write() -> None:
    html = '<h2 id="offers">Offers</h2>\n<div data-id="x"><table id="t-1" class="a"></table></div><p>id="no"</p>'
    assert anchor_ids(html) == {"offers", "t-1"}
    assert anchor_ids("<p>no ids</p>") == set()


def test_page_linker_follows_use_directory_urls() -> None:
    assert page_linker("models/a/")("vendors/b/") == "../../vendors/b/"
    assert page_linker("models/a/index.html", directory_urls=False)("vendors/b/") == "../../vendors/b/index.html"
    assert page_linker("models/a/index.html", directory_urls=False)("api/models.json") == "../../api/models.json"
