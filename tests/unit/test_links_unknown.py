"""Names in posts that look like a model or a vendor but name nothing in the data
(`core/links/unknown.py`, run by `almanac check --mentions`): what is listed, with which
suggestion and at which line, and what is not (other words, code, addresses, front matter)."""

from __future__ import annotations

from almanac.core.links.model import Entity
from almanac.core.links.unknown import UnknownNames, unknown_names

ENTITIES = [
    Entity("model", "glm-4.6", "GLM-4.6", "models/glm-4.6/", ("GLM-4.6",), "zhipu"),
    Entity("model", "gpt-5", "GPT-5", "models/gpt-5/", ("GPT-5",), "openai"),
    Entity("model", "gpt-5-mini", "GPT-5 mini", "models/gpt-5-mini/", ("GPT-5 mini",), "openai"),
    Entity("model", "kimi-k2.5", "Kimi K2.5", "models/kimi-k2.5/", ("Kimi K2.5",), "moonshot"),
    Entity("model", "claude-sonnet-4-5", "Claude Sonnet 4.5", "models/claude-sonnet-4-5/", ("Claude Sonnet 4.5",)),
    Entity(
        "model",
        "deepseek-v4-flash",
        "DeepSeek-V4-Flash",
        "models/deepseek-v4-flash/",
        ("DeepSeek-V4-Flash",),
        "deepseek",
    ),
    Entity("vendor", "deepseek", "DeepSeek", "vendors/deepseek/", ("DeepSeek", "深度求索")),
    Entity("vendor", "zhipu", "Zhipu AI", "vendors/zhipu/", ("Zhipu AI", "智谱")),
    Entity("vendor", "alibaba", "Alibaba Cloud", "vendors/alibaba/", ("Alibaba Cloud", "通义千问")),
    Entity("vendor", "bytedance", "ByteDance Seed", "vendors/bytedance/", ("ByteDance Seed",)),
    Entity("provider", "openrouter", "OpenRouter", "providers/openrouter/", ("OpenRouter",)),
]


def note(name: str, suggestion: str | None = None) -> str:
    """A note's message and hint, as `names` gives them."""
    said = f'"{name}" names no model, vendor or provider of data/ — add it to data/ or as an alias'
    return said + (f' (did you mean "{suggestion}"?)' if suggestion else "")


def names(markdown: str) -> list[tuple[int | None, str]]:
    """`(line, message and hint)` of each note for the post `markdown`."""
    return [(note.line, f"{note.message} — {note.hint}") for note in unknown_names(markdown, ENTITIES, path="p.md")]


def listed(markdown: str) -> list[str]:
    """Only the names the notes quote."""
    return [note.message.split('"')[1] for note in unknown_names(markdown, ENTITIES, path="p.md")]


# What a note says


def test_a_model_name_the_data_lacks_is_listed_with_the_closest_name() -> None:
    notes = unknown_names("Intro.\n\nThe rumoured GLM-5 is cheap.\n", ENTITIES, path="docs/blog/posts/x.md")
    assert [str(note) for note in notes] == [
        'docs/blog/posts/x.md:3: "GLM-5" names no model, vendor or provider of data/ — '
        'add it to data/ or as an alias (did you mean "GLM-4.6"?)'
    ]


def test_a_name_close_to_nothing_is_listed_without_a_suggestion() -> None:
    assert names("We tried Hunyuan-T1 today.") == [(1, note("Hunyuan-T1"))]


def test_each_name_is_listed_once_at_its_first_line_and_notes_come_in_line_order() -> None:
    text = "Kimi K2 first.\n\nThen GLM-5, and Kimi K2 again.\n\nGLM-5.\n"
    assert [(line, message.split('"')[1]) for line, message in names(text)] == [(1, "Kimi K2"), (3, "GLM-5")]


def test_the_finder_made_once_gives_what_the_function_gives() -> None:
    finder = UnknownNames(ENTITIES)
    text = "GLM-5 and Qwen3-Max."
    assert finder.find(text, path="a.md") == unknown_names(text, ENTITIES, path="a.md")
    assert finder.find(text, path="b.md") != finder.find(text, path="a.md")


# English names


def test_names_of_the_data_are_not_listed() -> None:
    text = "DeepSeek, DeepSeek-V4-Flash, GPT-5, GPT-5 mini, Kimi K2.5, Claude Sonnet 4.5 and OpenRouter."
    assert names(text) == []


def test_a_version_the_data_lacks_is_not_hidden_by_a_shorter_name() -> None:
    # `GPT-5` is a name, but `GPT-5.4` is not that name: the mentions' boundary rule.
    assert listed("GPT-5.4 beat GPT-5.") == ["GPT-5.4"]


def test_the_words_of_a_model_name_join_the_version_after_them() -> None:
    assert listed("We ran Kimi K2 and Claude Sonnet 4.7 side by side.") == ["Kimi K2", "Claude Sonnet 4.7"]
    assert names("Then DeepSeek V4 Flash answered.") == [
        (
            1,
            note("DeepSeek V4 Flash", "DeepSeek-V4-Flash"),
        )
    ]


def test_a_name_cut_short_is_listed_with_the_whole_name() -> None:
    assert names("Sonnet 4.5 wins.")[0][1].endswith('(did you mean "Claude Sonnet 4.5"?)')


def test_words_of_the_sentence_around_a_name_stay_out_of_it() -> None:
    assert listed("In March GPT-5.4 shipped. Since Qwen3-Max arrived, prices fell.") == ["GPT-5.4", "Qwen3-Max"]


def test_other_words_with_numbers_are_not_names() -> None:
    text = (
        "In March 2026 the H100 and H20 sold out; Form S-1 was filed on 1 June 2026 at USD 500 under "
        "Apache 2.0, Q3 and V4 aside. The price fell 30 percent to 0.28 by Table 2."
    )
    assert names(text) == []


def test_a_name_of_the_data_in_other_letter_case_is_listed_with_its_spelling() -> None:
    assert names("Deepseek and Zhipu ai, but deepseek-chat is an API id.") == [
        (1, note("Deepseek", "DeepSeek")),
        (1, note("Zhipu ai", "Zhipu AI")),
    ]


def test_a_camelcase_brand_is_listed_only_near_a_name_of_the_data() -> None:
    assert names("ByteDance ships; GitHub hosts, JavaScript runs, TrendForce counts.") == [
        (
            1,
            note("ByteDance", "ByteDance Seed"),
        )
    ]
    assert names("OpenRuoter relays.") != []


# Chinese


def test_latin_names_in_chinese_text_are_bounded_by_latin_letters_only() -> None:
    assert listed("用DeepSeek写代码，用GLM-4.6改测试，用GLM-5跑脚本。") == ["GLM-5"]


def test_a_chinese_name_one_character_off_is_listed_with_the_name() -> None:
    assert names("我们用通义千闻写代码，也用通义千问。") == [(1, note("通义千闻", "通义千问"))]
    # Two-character names are too short to tell a typo from another word.
    assert names("智能和智谱。") == []


def test_a_name_before_da_moxing_is_listed_but_not_a_common_word() -> None:
    assert listed("我测试了混元大模型。") == ["混元"]
    assert listed("国产大模型、开源大模型和通义千问大模型。") == []


# What is not running text


def test_code_front_matter_addresses_and_blocks_are_not_read() -> None:
    text = "\n".join(
        [
            "---",
            "title: GLM-7 in the title",
            "---",
            "Run `GLM-8` or ``Qwen9-Max``, see [the page](https://example.org/GLM-10) and <https://example.org/GLM-11>.",
            'Also https://example.org/Qwen3-Max/ and <a title="GLM-12">x</a> and [[glm-13]] and [[glm-4.6|GLM-14]].',
            "<!-- GLM-15 -->",
            "",
            "```almanac",
            "models: [GLM-16]",
            "```",
            "",
            "~~~python",
            'print("GLM-17")',
            "~~~",
            "",
            "[ref]: https://example.org/GLM-18",
            "Still read: GLM-19.",
        ]
    )
    assert names(text) == [(17, note("GLM-19", "GLM-4.6"))]


def test_the_text_of_a_link_is_read() -> None:
    assert listed("See [what GLM-5 costs](https://example.org/).") == ["GLM-5"]


def test_an_unclosed_fence_hides_the_rest() -> None:
    assert listed("GLM-5\n\n```\nGLM-6\n") == ["GLM-5"]


def test_a_name_may_wrap_at_a_line_break_but_not_across_paragraphs() -> None:
    assert names("We ran Claude\nSonnet 4.5 all day.") == []
    assert names("We ran Kimi\nK2 all day.") == [(1, note("Kimi K2", "Kimi K2.5"))]
    assert listed("We ran Claude\n\nSonnet 4.7 all day.") == ["Sonnet 4.7"]
