"""The check of `[[…]]` before a page's conversion: each problem at its line of the file, with
what is wrong and how to fix it; code, comments and `almanac` blocks are not read."""

from __future__ import annotations

import pytest

from almanac.core.links.entities import EntityIndex
from almanac.core.links.model import Entity
from almanac.core.links.wikilinks import check_wikilinks, split_wikilink

INDEX = EntityIndex(
    [
        Entity("model", "deepseek-v4-pro", "DeepSeek-V4-Pro", "models/deepseek-v4-pro/"),
        Entity("vendor", "deepseek", "DeepSeek", "vendors/deepseek/"),
        Entity("provider", "deepseek", "DeepSeek", "providers/deepseek/"),
        Entity("vendor", "zhipu", "Zhipu", "vendors/zhipu/"),
    ]
)
PATH = "docs/blog/posts/x.md"


def problems(markdown: str, line_offset: int = 0) -> list[str]:
    return [error.format() for error in check_wikilinks(markdown, INDEX, path=PATH, line_offset=line_offset)]


def test_links_that_name_one_entity_pass() -> None:
    assert problems("See [[zhipu]], [[deepseek-v4-pro|the Pro]] and [[provider:deepseek]].\n") == []
    assert problems("No links at all.") == []


def test_an_unknown_id_is_an_error_at_its_line_with_a_suggestion() -> None:
    text = "Intro.\n\nThen [[deepseek-v5-pro]] came.\n"
    assert problems(text, line_offset=4) == [
        f'{PATH}:7: unknown entity "deepseek-v5-pro" — did you mean "deepseek-v4-pro"?',
    ]


def test_an_ambiguous_id_lists_the_choices() -> None:
    assert problems("Both [[deepseek]] and more.") == [
        f'{PATH}:1: "deepseek" names more than one entity — write "provider:deepseek" or "vendor:deepseek"',
    ]


def test_the_text_of_a_link_does_not_change_its_reference() -> None:
    assert problems("[[zhipuu|Zhipu]]") == [f'{PATH}:1: unknown entity "zhipuu" — did you mean "zhipu"?']
    assert split_wikilink(" zhipu | the vendor ") == ("zhipu", "the vendor")
    assert split_wikilink("zhipu|") == ("zhipu", None)
    assert split_wikilink("zhipu") == ("zhipu", None)


def test_in_a_table_the_bar_is_escaped() -> None:
    table = "| a | b |\n|---|---|\n| [[zhipu\\|the lab]] | [[zhipuu\\|x]] |\n"
    assert problems(table) == [f'{PATH}:3: unknown entity "zhipuu" — did you mean "zhipu"?']
    assert split_wikilink("zhipu\\|the lab") == ("zhipu", "the lab")


@pytest.mark.parametrize("link", ["[[]]", "[[  ]]", "[[|text]]"])
def test_an_empty_link_is_an_error(link: str) -> None:
    [problem] = problems(f"a\n{link}\n")
    assert problem.startswith(f"{PATH}:2: empty entity link `{link}` — write the id")


def test_a_link_left_open_is_an_error() -> None:
    assert problems("fine [[zhipu]]\nthen [[zhipu and more\n]] later") == [
        f"{PATH}:2: `[[` is not closed on its line — end the link with `]]` on the same line, "
        "or write `\\[[` for two brackets",
    ]


def test_every_problem_is_reported_in_line_order() -> None:
    text = "[[a]]\n[[b\n[[deepseek]] [[zhipu]] [[c]]\n"
    lines = [problem.split(":")[1] for problem in problems(text)]
    assert lines == ["1", "2", "3", "3"]


@pytest.mark.parametrize(
    "markdown",
    [
        "```\n[[nope]]\n```\n",
        "~~~python\n[[nope]]\n[[ open\n~~~\n",
        "````markdown\n```\n[[nope]]\n```\n````\n",
        "```almanac\ntable: prices\nnote: '[[nope]]'\n```\n",
        "- item\n\n    ```\n    [[nope]]\n    ```\n",
        "Use `[[nope]]` or ``a `[[nope]]` b`` in code.",
        "A span over\ntwo lines: `[[nope]\n]` is code.",
        "<!-- [[nope]] -->\n<!--\n[[ open\n-->",
        "Escaped: \\[[nope]] and \\[[ open.",
        "A link whose text is in brackets: [[1]](https://example.com).",
        "Brackets inside: [[a [b] c]] are not a link.",
    ],
)
def test_code_comments_escapes_and_links_are_not_read(markdown: str) -> None:
    assert problems(markdown) == []


def test_lines_after_code_count_the_code() -> None:
    text = "```\n[[nope]]\n```\n`[[x]]`\n<!-- a\nb -->\n[[nope]]"
    [problem] = problems(text)
    assert problem.startswith(f'{PATH}:7: unknown entity "nope" — ')


def test_a_fence_left_open_hides_the_rest() -> None:
    assert problems("```\n[[nope]]\n") == []


def test_a_code_span_does_not_cross_a_blank_line() -> None:
    assert problems("`open\n\n[[nope]] `") != []
