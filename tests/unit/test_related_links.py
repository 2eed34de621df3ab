"""A post's related links (Material's `links` front matter): read with the line of every item,
nested sections too; addresses that are not http(s) and items of no known form reported at their
line; paths checked against the site's files; shown with the linked page's title and a URL
relative to the post, with or without directory URLs."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from almanac.core.blog.posts import Post, PostProblems, parse_post
from almanac.core.blog.related_links import RelatedLink, missing_anchors, missing_files, related_links

PATH = "docs/blog/posts/x.md"


def parse(links: str) -> Post:
    text = f"---\ntitle: T\ndate: 2024-01-31\nlinks:\n{links}---\nText\n"
    return parse_post(text, src_uri="blog/posts/x.md", display_path=PATH, timezone=ZoneInfo("UTC"))


def problems(links: str) -> list[str]:
    with pytest.raises(PostProblems) as caught:
        parse(links)
    return [str(error) for error in caught.value.errors]


NESTED = (
    "  - setup/blog.md#posts\n"  # line 5
    "  - Docs: https://example.org/docs/\n"
    "  - Further:\n"
    "      - Blog: blog/index.md\n"
    "      - Deeper:\n"
    "          - about.md\n"  # line 10
)


def test_every_item_is_read_with_its_line_sections_too() -> None:
    links = parse(NESTED).links
    assert [(link.title, link.target, link.line) for link in links] == [
        ("", "setup/blog.md#posts", 5),
        ("Docs", "https://example.org/docs/", 6),
        ("Further", "", 7),
    ]
    further = links[2].items
    assert [(link.title, link.target, link.line) for link in further] == [
        ("Blog", "blog/index.md", 8),
        ("Deeper", "", 9),
    ]
    assert [(link.target, link.line) for link in further[1].items] == [("about.md", 10)]
    assert [link.is_address for link in links] == [False, True, False]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        (
            "  - index.md\n  - Run: javascript:alert(1)\n",
            "6: `links`: `javascript:alert(1)` must start with http:// or https://, or be a path in the site, "
            "not `javascript:`",
        ),
        ("  - Deep:\n      - data:text/html,x\n", "6: `links`: `data:text/html,x` must start with http:// or https://"),
        ("  - //evil.example/x\n", "5: `links`: `//evil.example/x` must start with http:// or https://"),
        ("  - a page.md\n", "5: `links`: the path `a page.md` holds a space"),
        ("  - [a, b]\n", "5: a `links` item holds a list, which is not a path or an address"),
        ("  - A: x.md\n    B: y.md\n", "5: a `links` item holds 2 keys, not one"),
        ("  - Empty: []\n", "5: the `links` section `Empty` is empty"),
        ("  - Number: 3\n", "5: a `links` item holds 3, which is not a path or an address"),
    ],
)
def test_an_item_of_no_known_form_or_not_http_is_reported_at_its_line(links: str, expected: str) -> None:
    found = problems(links)
    assert len(found) == 1
    assert found[0].startswith(f"{PATH}:{expected}"), found[0]
    assert " — " in found[0]


FILES = {
    "index.md": ("Home", ""),
    "setup/blog.md": ("Setting up a <blog>", "setup/blog/"),
    "blog/index.md": ("Blog", "blog/"),
    "about.md": ("About", "about/"),
}
FLAT_FILES = {
    "index.md": ("Home", "index.html"),
    "setup/blog.md": ("Setting up a <blog>", "setup/blog.html"),
    "blog/index.md": ("Blog", "blog/index.html"),
    "about.md": ("About", "about.html"),
}


def test_a_path_to_no_file_is_reported_at_its_line_with_the_closest_file() -> None:
    post = parse(NESTED.replace("about.md", "abuot.md"))
    errors = missing_files(post, FILES.__contains__, FILES)
    assert [str(error) for error in errors] == [
        f"{PATH}:10: `links`: no file `abuot.md` under the docs folder — did you mean `about.md`? Or write the path "
        "of a page from the docs folder, e.g. `blog/index.md`, or an http(s) address"
    ]
    assert missing_files(parse(NESTED), FILES.__contains__, FILES) == []


@pytest.mark.parametrize(
    ("files", "page_url", "urls"),
    [
        (FILES, "blog/2024/01/31/x/", ["../../../../../setup/blog/#posts", "../../../../", "../../../../../about/"]),
        (
            FLAT_FILES,
            "blog/2024/01/31/x/index.html",
            ["../../../../../setup/blog.html#posts", "../../../../index.html", "../../../../../about.html"],
        ),
    ],
)
def test_links_show_the_pages_title_and_a_url_relative_to_the_post(
    files: dict[str, tuple[str, str]], page_url: str, urls: list[str]
) -> None:
    shown = related_links(parse(NESTED), page_url, files.get)
    anchor, docs, further = shown
    assert anchor == RelatedLink("Setting up a <blog>", urls[0])
    assert docs == RelatedLink("Docs", "https://example.org/docs/")
    assert further.title == "Further" and further.url == ""
    blog, deeper = further.items
    assert blog == RelatedLink("Blog", urls[1])
    assert deeper.items == (RelatedLink("About", urls[2]),)


def test_an_item_whose_file_is_not_published_is_left_out() -> None:
    shown = related_links(parse("  - draft.md\n  - index.md\n"), "blog/x/", FILES.get)
    assert shown == (RelatedLink("Home", "../../"),)


def test_an_anchor_that_its_page_lacks_is_reported_at_its_line_with_the_closest() -> None:
    anchors = {"setup/blog.md": {"posts", "authors"}, "index.md": set()}
    assert missing_anchors(parse(NESTED), anchors.get) == []
    post = parse("  - setup/blog.md#post\n  - Home: index.md#top\n  - nowhere.md#x\n  - https://example.org/#y\n")
    assert [str(error) for error in missing_anchors(post, anchors.get)] == [
        f"{PATH}:5: `links`: `setup/blog.md` has no heading or anchor `#post` — did you mean `#posts`? Or link to a "
        "heading's id as the page's table of contents shows it, or to the page alone",
        f"{PATH}:6: `links`: `index.md` has no heading or anchor `#top` — link to a heading's id as the page's "
        "table of contents shows it, or to the page alone",
    ]
