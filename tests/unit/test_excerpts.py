"""Excerpts are cut from the one rendering of a post and placed on any listing page."""

from __future__ import annotations

import re

import markdown

from almanac.core.blog.excerpts import ROOT, make_excerpt, place, prepare_marker


def render(text: str) -> str:
    return markdown.Markdown(extensions=["toc", "fenced_code"], extension_configs={"toc": {"permalink": True}}).convert(
        prepare_marker(text)
    )


def test_excerpt_is_the_html_before_the_marker() -> None:
    html = render("Opening **words**.\n\n<!-- more -->\n\nThe rest.\n")
    excerpt = make_excerpt(html, "blog/2026/03/30/x/")
    assert excerpt.html == "<p>Opening <strong>words</strong>.</p>"
    assert excerpt.truncated


def test_marker_at_the_end_of_a_paragraph_closes_the_paragraph() -> None:
    html = render("Throughout March I tested relays. <!-- more -->\nStill the same paragraph.\n")
    excerpt = make_excerpt(html, "blog/x/")
    assert excerpt.html == "<p>Throughout March I tested relays.</p>"
    assert "Still the same paragraph." in html


def test_marker_inside_code_is_not_a_marker() -> None:
    text = "```html\n<!-- more -->\n```\n\nFirst real paragraph.\n\nSecond.\n"
    assert prepare_marker(text) == text
    excerpt = make_excerpt(render(text), "blog/x/")
    # The marker in code is shown, escaped, and does not cut: the first paragraph is the excerpt.
    assert excerpt.html == "<p>First real paragraph.</p>"


def test_a_custom_separator_cuts_there_and_is_replaced_by_the_marker() -> None:
    text = "```\n::more::\n```\n\nOpening words. ::more::\nStill here.\n\n::more::\n"
    prepared = prepare_marker(text, "::more::")
    html = markdown.Markdown(extensions=["fenced_code"]).convert(prepared)
    excerpt = make_excerpt(html, "blog/x/")
    # The separator in code is code; the first one outside it cuts, and is gone from the page.
    assert excerpt.html.startswith("<pre><code>::more::\n</code></pre>")
    assert excerpt.html.endswith("<p>Opening words.</p>")
    assert excerpt.truncated
    assert html.count("::more::") == 2  # in code, and the second one, which is text
    assert "<!-- more -->" in html
    assert prepare_marker("One.\n\nTwo.\n", "::more::") == "One.\n\nTwo.\n"


def test_without_marker_the_first_paragraph_is_the_excerpt() -> None:
    excerpt = make_excerpt(render("One.\n\nTwo.\n"), "blog/x/")
    assert excerpt.html == "<p>One.</p>"
    assert excerpt.truncated
    assert not make_excerpt(render("Only.\n"), "blog/x/").truncated


def test_links_are_rewritten_to_work_from_any_page() -> None:
    html = (
        '<p><a href="../other/">other</a> <img src="../../../img/a.png"> '
        '<a href="#sources">sources</a> <a href="https://example.com/">ext</a> '
        '<a href="mailto:a@b.c">mail</a></p>\n<!-- more -->\n<p>x</p>'
    )
    excerpt = make_excerpt(html, "blog/2026/03/x/")
    assert f'href="{ROOT}blog/2026/03/other/"' in excerpt.html
    assert f'src="{ROOT}blog/img/a.png"' in excerpt.html
    assert f'href="{ROOT}blog/2026/03/x/#sources"' in excerpt.html
    assert 'href="https://example.com/"' in excerpt.html and 'href="mailto:a@b.c"' in excerpt.html
    placed = place(excerpt.html, "blog/page/2/")
    assert 'href="../../2026/03/other/"' in placed
    assert 'href="../../2026/03/x/#sources"' in placed
    assert "\x00" not in placed


def test_a_title_the_post_opens_with_is_left_to_the_listing() -> None:
    html = render("# Welcome\n\nOpening words.\n\n<!-- more -->\n\nThe rest.\n")
    assert make_excerpt(html, "blog/x/").html == "<p>Opening words.</p>"
    without_marker = render("# Welcome\n\nOpening words.\n\nThe rest.\n")
    assert make_excerpt(without_marker, "blog/x/").html == "<p>Opening words.</p>"
    # A heading further down, or of another level, stays.
    later = render("Opening words.\n\n# Part one\n\n<!-- more -->\n\nThe rest.\n")
    assert "<h1>Part one</h1>" in make_excerpt(later, "blog/x/").html
    section = render("## Background\n\nText.\n\n<!-- more -->\n")
    assert make_excerpt(section, "blog/x/").html.startswith("<h2>Background</h2>")


def test_heading_anchors_are_dropped_so_listings_have_no_duplicate_ids() -> None:
    html = render("## Background\n\nText.\n\n<!-- more -->\n\nMore.\n")
    excerpt = make_excerpt(html, "blog/x/")
    assert excerpt.html.startswith("<h2>Background</h2>")
    assert "headerlink" not in excerpt.html and "id=" not in excerpt.html


def test_two_posts_tabs_and_footnote_references_share_no_id_on_one_listing() -> None:
    text = 'Opening[^1].\n\n=== "One"\n\n    First.\n\n=== "Two"\n\n    Second.\n\n<!-- more -->\n\n[^1]: A note.\n'

    def excerpt_of(url: str) -> str:
        converter = markdown.Markdown(extensions=["footnotes", "pymdownx.superfences", "pymdownx.tabbed"])
        return place(make_excerpt(converter.convert(prepare_marker(text)), url).html, "blog/")

    listing = excerpt_of("blog/2026/03/30/a/") + excerpt_of("blog/2026/04/01/b/")
    ids = re.findall(r'\bid="([^"]*)"', listing)
    assert len(ids) == 6 and len(set(ids)) == 6  # two tabs and a footnote reference in each
    # Each label still names its own post's tab, and each tab set is its own radio group.
    assert set(re.findall(r'\bfor="([^"]*)"', listing)) == {i for i in ids if "tabbed" in i}
    assert len(set(re.findall(r'\bname="([^"]*)"', listing))) == 2
    assert 'href="2026/03/30/a/#fn:1"' in listing  # the reference leads to the post's note
