"""The Markdown extension: `[[…]]` and first mentions become links relative to the page, never
inside code, links, headings, raw HTML or our blocks; each page records what it mentions, with
the sentence around it. Converted with the Markdown extensions of the sample site."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import Treeprocessor

from almanac.core.links.entities import EntityIndex
from almanac.core.links.markdown import EntityLinks
from almanac.core.links.mentions import Matcher
from almanac.core.links.model import Entity, Mention

ENTITIES = [
    Entity("model", "gpt-5", "GPT-5", "models/gpt-5/", ("GPT-5",), parent="openai"),
    Entity("model", "gpt-5-mini", "GPT-5 mini", "models/gpt-5-mini/", ("GPT-5 mini",), parent="openai"),
    Entity("vendor", "deepseek", "DeepSeek", "vendors/deepseek/", ("DeepSeek", "深度求索")),
    Entity("provider", "deepseek", "DeepSeek", "providers/deepseek/", ("DeepSeek",)),
    Entity("vendor", "zhipu", "Zhipu", "vendors/zhipu/", ("Zhipu", "智谱")),
    Entity("tag", "llm", "LLM", "tags/llm/", ("LLM",)),
]
INDEX = EntityIndex(ENTITIES)
PAGE = "blog/2026/03/30/a-post/"
UP = "../../../../../"  # from PAGE to the site root

# The Markdown extensions of the sample site's mkdocs.yml.
SITE_EXTENSIONS: list[str | markdown.Extension] = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
]


def convert(
    text: str,
    *,
    autolink: bool = True,
    kinds: tuple[str, ...] = ("model", "vendor"),
    page: str = PAGE,
    directory_urls: bool = True,
) -> tuple[str, tuple[Mention, ...]]:
    matcher = Matcher(ENTITIES, kinds) if kinds else None  # type: ignore[arg-type]
    links = EntityLinks(INDEX, matcher, directory_urls=directory_urls)
    links.start_page(page, autolink)
    html = markdown.Markdown(extensions=[*SITE_EXTENSIONS, links]).convert(text)
    return html, links.page_mentions()


def left_as_written(text: str) -> int:
    """How many `[[` of `text` its conversion leaves as written (what makes the plugin check it)."""
    links = EntityLinks(INDEX, None)
    links.start_page(PAGE, True)
    markdown.Markdown(extensions=[*SITE_EXTENSIONS, links]).convert(text)
    return links.left_as_written()


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[list[str]] = []
        self.open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and "almanac-entity" in values.get("class", ""):
            self.open = [values["class"], values.get("href", ""), ""]
            self.found.append(self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open[2] += data


def anchors(html: str) -> list[tuple[str, str, str]]:
    """`(class, href, text)` of each link to an entity."""
    parser = _Anchors()
    parser.feed(html)
    return [(cls, href, text) for cls, href, text in parser.found]


def test_an_explicit_link_leads_to_the_entity_page_from_the_page() -> None:
    html, mentions = convert("See [[zhipu]] and [[provider:deepseek|their API]].")
    assert anchors(html) == [
        ("almanac-entity", UP + "vendors/zhipu/", "Zhipu"),
        ("almanac-entity", UP + "providers/deepseek/", "their API"),
    ]
    assert [(m.entity, m.text, m.explicit) for m in mentions] == [
        (("vendor", "zhipu"), "Zhipu", True),
        (("provider", "deepseek"), "their API", True),
    ]


def test_links_without_directory_urls_end_in_index_html() -> None:
    html, _ = convert("[[zhipu]] and GPT-5", page="blog/a-post.html", directory_urls=False)
    assert [href for _, href, _ in anchors(html)] == ["../vendors/zhipu/index.html", "../models/gpt-5/index.html"]


def test_an_unknown_or_ambiguous_reference_is_left_as_written() -> None:
    html, mentions = convert("[[nope]], [[deepseek]], [[]] and \\[[zhipu]].", kinds=())
    assert "<p>[[nope]], [[deepseek]], [[]] and [[zhipu]].</p>" in html
    assert mentions == ()


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("[[zhipu]], [[provider:deepseek|API]] and [[gpt-5]].", 0),
        ("`[[nope]]`, \\[[nope]], [x](https://example.com/[[y)\n\n```\n[[nope\n```\n\n    [[nope]]", 1),
        ("[[nope]], [[deepseek]] and [[]].", 3),
        ("[[zhipu]] and [[zhipu, [[zhipu|Z]]", 1),
        ("[[1]](https://example.com) and [[[zhipu]]]", 2),  # not entity links: checked, and found fine
        ("DeepSeek, no brackets.", 0),
    ],
)
def test_the_conversion_counts_each_double_bracket_it_does_not_link(text: str, left: int) -> None:
    assert left_as_written(text) == left


def test_brackets_that_are_no_entity_link_are_counted_and_pass_the_check() -> None:
    from almanac.core.links.wikilinks import check_wikilinks

    assert check_wikilinks("[[1]](https://example.com) and [[[zhipu]]]", INDEX, path="p.md") == []


def test_the_count_starts_afresh_with_each_page() -> None:
    links = EntityLinks(INDEX, None)
    links.start_page("a/", True)
    markdown.Markdown(extensions=[links]).convert("[[nope]]")
    assert links.left_as_written() == 1
    links.start_page("b/", True)
    markdown.Markdown(extensions=[links]).convert("[[zhipu]]")
    assert links.left_as_written() == 0


def test_the_first_mention_of_each_entity_links_once() -> None:
    html, mentions = convert("DeepSeek and 智谱. Then DeepSeek again, 深度求索, and GPT-5.\n\nGPT-5 once more.")
    assert anchors(html) == [
        ("almanac-entity almanac-mention", UP + "vendors/deepseek/", "DeepSeek"),
        ("almanac-entity almanac-mention", UP + "vendors/zhipu/", "智谱"),
        ("almanac-entity almanac-mention", UP + "models/gpt-5/", "GPT-5"),
    ]
    assert [(m.entity[1], m.explicit) for m in mentions] == [("deepseek", False), ("zhipu", False), ("gpt-5", False)]


def test_chinese_text_without_spaces_links() -> None:
    html, _ = convert("我们用DeepSeek写代码，回到智谱。")
    assert "用<a" in html and "</a>写代码" in html
    assert [text for _, _, text in anchors(html)] == ["DeepSeek", "智谱"]


def test_the_longest_name_links_and_versions_do_not() -> None:
    html, _ = convert("GPT-5.4 is not GPT-5, but GPT-5 mini is.")
    assert [text for _, _, text in anchors(html)] == ["GPT-5", "GPT-5 mini"]


def test_an_explicit_link_counts_and_the_entity_is_not_linked_again() -> None:
    html, mentions = convert("Zhipu first, then [[zhipu|the lab]], then Zhipu.")
    assert anchors(html) == [("almanac-entity", UP + "vendors/zhipu/", "the lab")]
    assert mentions == (Mention(("vendor", "zhipu"), "Zhipu first, then ", "the lab", ", then Zhipu.", explicit=True),)


@pytest.mark.parametrize(
    "text",
    [
        "Use `DeepSeek` here.",
        "```python\nDeepSeek = 1\n```",
        "    DeepSeek in indented code",
        "```\n[[zhipu]]\n```",
        "Code `[[zhipu]]` span.",
        "[DeepSeek](https://example.com) is a link.",
        "[the DeepSeek site](https://example.com)",
        "<https://DeepSeek.example>",
        "# DeepSeek heading",
        "### About 智谱",
        "Inline <span>DeepSeek</span> raw HTML.",
        'Inline <a href="https://x.example">DeepSeek</a> raw link.',
        "<div>\nDeepSeek in a raw block\n</div>",
        '<div class="almanac-table" markdown>\nDeepSeek in our block\n</div>',
        "*[LLM]: large language model\n\nDeepSeek LLM",  # an abbreviation is not a name; DeepSeek LLM checked below
    ],
)
def test_names_are_not_linked_in_code_links_headings_raw_html_or_blocks(text: str) -> None:
    html, _ = convert(text)
    found = [t for _, _, t in anchors(html)]
    assert found in ([], ["DeepSeek"] if "DeepSeek LLM" in text else [])


def test_text_after_raw_inline_html_links_again() -> None:
    html, _ = convert("<b>DeepSeek</b> and <br> then Zhipu and <i>GPT-5</i>.")
    assert [t for _, _, t in anchors(html)] == ["Zhipu"]


def test_names_link_in_lists_tables_emphasis_admonitions_and_footnotes() -> None:
    text = (
        "- **DeepSeek** in a list\n\n"
        "| a | b |\n|---|---|\n| Zhipu | x |\n\n"
        "!!! note\n    GPT-5 in a note\n\n"
        "Text[^1].\n\n[^1]: GPT-5 mini in a footnote.\n"
    )
    html, _ = convert(text)
    assert sorted(t for _, _, t in anchors(html)) == ["DeepSeek", "GPT-5", "GPT-5 mini", "Zhipu"]


def test_an_explicit_link_inside_a_link_is_text() -> None:
    html, mentions = convert("[see [[zhipu]]](https://example.com)")
    assert html.count("<a ") == 1 and "almanac-entity" not in html
    assert [m.entity for m in mentions] == [("vendor", "zhipu")]


def test_an_explicit_link_in_a_table_escapes_its_bar() -> None:
    html, _ = convert("| a | b |\n|---|---|\n| [[zhipu\\|the lab]] | GPT-5 |\n")
    assert anchors(html) == [
        ("almanac-entity", UP + "vendors/zhipu/", "the lab"),
        ("almanac-entity almanac-mention", UP + "models/gpt-5/", "GPT-5"),
    ]


def test_explicit_links_in_headings_link() -> None:
    html, _ = convert("## All about [[zhipu]]\n\nZhipu again.")
    assert anchors(html) == [("almanac-entity", UP + "vendors/zhipu/", "Zhipu")]


def test_autolink_off_links_only_the_explicit() -> None:
    html, mentions = convert("DeepSeek and [[zhipu]] and GPT-5.", autolink=False)
    assert [t for _, _, t in anchors(html)] == ["Zhipu"]
    assert [m.entity for m in mentions] == [("vendor", "zhipu")]


def test_only_the_chosen_kinds_link_by_themselves() -> None:
    html, _ = convert("DeepSeek and GPT-5 and LLM, and [[tag:llm]].", kinds=("model",))
    assert [t for _, _, t in anchors(html)] == ["GPT-5", "LLM"]


def test_mentions_are_in_page_order_with_their_sentence() -> None:
    text = (
        "# Title\n\nA first paragraph.\n\nWe moved from GPT-5 to **DeepSeek** last week. Later.\n\n- then [[zhipu]]!\n"
    )
    _, mentions = convert(text)
    assert mentions == (
        Mention(("model", "gpt-5"), "We moved from ", "GPT-5", " to DeepSeek last week.", explicit=False),
        Mention(("vendor", "deepseek"), "We moved from GPT-5 to ", "DeepSeek", " last week.", explicit=False),
        Mention(("vendor", "zhipu"), "then ", "Zhipu", "!", explicit=True),
    )


def test_a_name_and_text_are_escaped() -> None:
    hostile = Entity("model", "x", "<script>alert(1)</script>", "models/x/", ('A&B "q"',))
    links = EntityLinks(EntityIndex([hostile]), Matcher([hostile], ("model",)))
    links.start_page("p/", True)
    html = markdown.Markdown(extensions=[links]).convert("[[x]] and [[x|<i>t</i>]]")
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;i&gt;t&lt;/i&gt;" in html
    links.start_page("p/", True)
    html = markdown.Markdown(extensions=[links]).convert('Say A&B "q".')
    assert html == '<p>Say <a class="almanac-entity almanac-mention" href="../models/x/">A&amp;B "q"</a>.</p>'


def test_a_conversion_before_any_page_links_nothing() -> None:
    links = EntityLinks(INDEX, Matcher(ENTITIES, ("vendor",)))
    html = markdown.Markdown(extensions=[links]).convert("[[zhipu]] and DeepSeek")
    assert html == "<p>[[zhipu]] and DeepSeek</p>"
    assert links.page_mentions() == ()


def test_each_page_starts_afresh() -> None:
    links = EntityLinks(INDEX, Matcher(ENTITIES, ("vendor",)))
    links.start_page("a/", True)
    first = markdown.Markdown(extensions=[links]).convert("DeepSeek")
    links.start_page("b/c/", True)
    second = markdown.Markdown(extensions=[links]).convert("DeepSeek and Zhipu")
    assert 'href="../vendors/deepseek/"' in first
    assert 'href="../../vendors/deepseek/"' in second
    assert [m.entity[1] for m in links.page_mentions()] == ["deepseek", "zhipu"]


class _SeenHrefs(Treeprocessor):
    """Stands in for MkDocs' `relpath` (priority 0): records the links it would rewrite."""

    seen: list[str]

    def run(self, root: etree.Element) -> None:
        self.seen.extend(a.get("href", "") for a in root.iter("a"))


def test_links_are_made_after_mkdocs_rewrites_relative_links() -> None:
    links = EntityLinks(INDEX, Matcher(ENTITIES, ("vendor",)))
    links.start_page(PAGE, True)
    md = markdown.Markdown(extensions=[links])
    relpath = _SeenHrefs(md)
    relpath.seen = []
    md.treeprocessors.register(relpath, "relpath", 0)
    html = md.convert("[[zhipu]], DeepSeek and [a page](other.md)")
    assert relpath.seen == ["other.md"]
    assert len(anchors(html)) == 2


def test_block_placeholders_stay_as_they_are() -> None:
    token = "ALMANACBLOCK0123456789abcdefN0X"
    html, _ = convert(f"DeepSeek\n\n{token}\n")
    assert f"<p>{token}</p>" in html


def test_many_mentions_in_one_text_keep_the_text() -> None:
    text = "DeepSeek, 智谱, GPT-5 and GPT-5 mini: DeepSeek."
    html, _ = convert(text)
    assert re.sub(r"<[^>]+>", "", html) == text
    assert len(anchors(html)) == 4


@pytest.mark.parametrize(
    "shape",
    [
        "REF here.",
        "Para.\n\n    REF\n",
        "    REF\n",
        "\tREF\n",
        "Para.\n\n\tREF\n",
        "Para\n    REF lazily\n",
        "- item\n\n    REF\n",
        "- item\n    REF\n",
        "1. item\n\n    REF\n",
        "- a\n    - b\n\n        REF\n",
        "- item\n\nPara.\n\n    REF\n",
        "!!! note\n    REF\n",
        "!!! note\n\n    text\n\n    REF\n",
        "??? note\n    REF\n",
        "Text[^1].\n\n[^1]: note\n\n    REF\n",
        "Term\n: definition\n\n    REF\n",
        "```\nx\n```\n\n    REF\n",
        "Text `REF` code.",
        "<!-- REF -->",
        "```almanac\nREF\n```",
        "~~~\nREF\n~~~",
        "| a |\n|---|\n| REF |",
        "> quoted REF",
        "# Heading REF",
        "> - quoted item\n>\n>     REF\n",
        "<div markdown>\n\n    REF\n\n</div>\n",
        "<div markdown>\nREF\n</div>\n",
        "<p>hi</p>\n\n    REF\n",
        "<div>\nREF\n</div>\n\nREF after it\n",
        "<div class='a'>\n<div>\nx\n</div>\nREF\n</div>\n",
        "<div>\nnever closed\n\nREF\n",
        "  <table><tr><td>REF</td></tr></table>\n",
        "Text <span>REF</span> x",
        "Para\n\n  - item\n\n        REF\n",
        "- item\n\n        REF\n",
        "1) not a list in Markdown\n\n    REF\n",
        "* * *\n\n    REF\n",
        "---\n\n    REF\n",
        "## Heading\n\n    REF\n",
        "- item\n\n\n\n    REF\n",
        "> quote\n\n    REF\n",
    ],
)
def test_the_check_reads_what_the_conversion_links(shape: str) -> None:
    from almanac.core.links.wikilinks import check_wikilinks

    html, _ = convert(shape.replace("REF", "[[zhipu]]"), kinds=())
    checked = check_wikilinks(shape.replace("REF", "[[nope]]"), INDEX, path="p.md")
    assert len(checked) == html.count('class="almanac-entity"'), html  # one error for each link
    # The conversion leaves as written each `[[` the check finds wrong: the plugin checks the
    # page because it did.
    assert left_as_written(shape.replace("REF", "[[nope]]")) == len(checked)
    left_open = shape.replace("REF", "[[nope")
    assert left_as_written(left_open) == len(check_wikilinks(left_open, INDEX, path="p.md"))


# Blocks of Markdown, each with a place for a link (`REF`), that the check and the conversion
# must read alike, in any order (separated by blank lines, as authors write them).
BLOCKS = [
    "Para REF text.",
    "Lazy\nline REF",
    "- item REF",
    "- item",
    "  - two REF",
    "1. item REF",
    "    indented REF",
    "        deeper REF",
    "\tTab REF",
    "    - nested REF",
    "```\ncode REF\n```",
    "~~~\nREF\n~~~",
    "```almanac\ntable: prices\nnote: REF\n```",
    "Text `REF` code",
    "!!! note\n    body REF",
    "??? note",
    "## Head REF",
    "> quote REF",
    "<div>\nraw REF\n</div>",
    "<div markdown>\nmd REF\n</div>",
    "[^N]: foot REF",
    "Term\n: def REF",
    "| a |\n|---|\n| REF |",
    "<!-- REF -->",
    "* * *",
    "---",
]


@settings(deadline=None, max_examples=150)
@given(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=6))
def test_the_check_and_the_conversion_agree_on_any_page(blocks: list[str]) -> None:
    from almanac.core.links.wikilinks import check_wikilinks

    page = "".join(block.replace("[^N]", f"[^{n}]") + "\n\n" for n, block in enumerate(blocks))
    html, _ = convert(page.replace("REF", "[[zhipu]]"), kinds=())
    checked = check_wikilinks(page.replace("REF", "[[nope]]"), INDEX, path="p.md")
    assert len(checked) == html.count('class="almanac-entity"'), html
    assert left_as_written(page.replace("REF", "[[nope]]")) == len(checked)
