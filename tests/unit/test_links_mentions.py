"""The matcher of names: boundaries in English and Chinese, the longest name, one pattern for all;
and the sentence kept around a mention."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almanac.core.links.mentions import Matcher, plain_text, sentence_around
from almanac.core.links.model import Entity

ENTITIES = [
    Entity("model", "gpt-5", "GPT-5", "models/gpt-5/", ("GPT-5",), parent="openai"),
    Entity("model", "gpt-5-mini", "GPT-5 mini", "models/gpt-5-mini/", ("GPT-5 mini",), parent="openai"),
    Entity("model", "sonnet", "Claude Sonnet 4.5", "models/sonnet/", ("Claude Sonnet 4.5", "Sonnet 4.5")),
    Entity("model", "glm-5", "GLM-5", "models/glm-5/", ("GLM-5",)),
    Entity("vendor", "deepseek", "DeepSeek", "vendors/deepseek/", ("DeepSeek", "深度求索")),
    Entity("provider", "deepseek", "DeepSeek", "providers/deepseek/", ("DeepSeek",)),
    Entity("vendor", "zhipu", "Zhipu", "vendors/zhipu/", ("Zhipu", "智谱", "智谱AI")),
    Entity("vendor", "qwen", "Qwen", "vendors/qwen/", ("Qwen", "通义千问")),
    Entity("provider", "relay", "Relay.io", "providers/relay/", ("Relay.io",)),
    Entity("tag", "llm", "LLM", "tags/llm/", ("LLM",)),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ENTITIES, ("model", "vendor", "provider"))


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(text[start:end], entity.id) for start, end, entity in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We use DeepSeek daily.", [("DeepSeek", "deepseek")]),
        ("用DeepSeek写代码", [("DeepSeek", "deepseek")]),
        ("回到智谱的模型", [("智谱", "zhipu")]),
        ("通义千问和智谱AI都行", [("通义千问", "qwen"), ("智谱AI", "zhipu")]),
        ("(DeepSeek), 'DeepSeek'", [("DeepSeek", "deepseek"), ("DeepSeek", "deepseek")]),
        ("DeepSeek。", [("DeepSeek", "deepseek")]),
        ("ＤeepSeek", []),  # a full-width letter is not the name
        ("DeepSeeker and MyDeepSeek and DeepSeek2", []),
        ("deepseek in lower case", []),
        ("GPT-5.4 is newer", []),
        ("GPT-50 and GPT-5x and xGPT-5", []),
        ("We switched to GPT-5.", [("GPT-5", "gpt-5")]),
        ("GPT-5, then GPT-5!", [("GPT-5", "gpt-5"), ("GPT-5", "gpt-5")]),
        ("GPT-5 mini beats GPT-5", [("GPT-5 mini", "gpt-5-mini"), ("GPT-5", "gpt-5")]),
        ("GPT-5 minimal", [("GPT-5", "gpt-5")]),
        ("Claude Sonnet 4.5 and Sonnet 4.5", [("Claude Sonnet 4.5", "sonnet"), ("Sonnet 4.5", "sonnet")]),
        ("Claude Sonnet 4.5.1", []),
        ("GLM-5和GLM-5.1", [("GLM-5", "glm-5")]),
        ("via Relay.io today", [("Relay.io", "relay")]),
        ("RelayXio", []),  # the dot of a name is a dot, not any character
        ("LLM", []),  # tags were not chosen
    ],
)
def test_names_found(matcher: Matcher, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(matcher, text) == expected


def test_a_space_of_a_name_matches_a_line_break(matcher: Matcher) -> None:
    text = "the GPT-5\nmini model and Claude  Sonnet\t4.5"
    assert found(matcher, text) == [("GPT-5\nmini", "gpt-5-mini"), ("Claude  Sonnet\t4.5", "sonnet")]


def test_a_name_two_kinds_share_goes_to_the_first_kind() -> None:
    both = Matcher(ENTITIES, ("provider", "vendor"))
    assert [entity.key for _, _, entity in both.find("DeepSeek")] == [("vendor", "deepseek")]
    providers = Matcher(ENTITIES, ("provider",))
    assert [entity.key for _, _, entity in providers.find("DeepSeek")] == [("provider", "deepseek")]


def test_an_entity_without_names_is_found_by_its_name() -> None:
    matcher = Matcher([Entity("vendor", "moonshot", "Moonshot", "vendors/moonshot/")], ("vendor",))
    assert [entity.id for _, _, entity in matcher.find("Moonshot's Kimi")] == ["moonshot"]


def test_no_names_find_nothing() -> None:
    assert list(Matcher(ENTITIES, ()).find("DeepSeek")) == []
    assert list(Matcher([Entity("vendor", "x", "  ", "x/", ("",))], ("vendor",)).find("  x ")) == []


def test_names_with_regex_characters_are_literal() -> None:
    names = ("C++ (beta)", "a|b", "x.*")
    matcher = Matcher([Entity("model", str(n), name, "m/", (name,)) for n, name in enumerate(names)], ("model",))
    assert [entity.name for _, _, entity in matcher.find("a|b, C++ (beta) and x.* but not xyz or ab")] == [
        "a|b",
        "C++ (beta)",
        "x.*",
    ]


def test_one_pattern_holds_every_name(matcher: Matcher) -> None:
    assert matcher.pattern is not None
    assert set(matcher.names) >= {"GPT-5", "GPT-5 mini", "深度求索", "智谱AI"}
    # Shared beginnings are written once (a trie): `GPT-5` and `GPT-5 mini` share `GPT\-5`.
    assert matcher.pattern.pattern.count(re.escape("PT-5")) == 1


# --- properties -----------------------------------------------------------------------------------

latin = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
name = st.builds(
    lambda head, rest: head + rest,
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", max_size=8).filter(lambda s: not s.endswith("-")),
)
separator = st.sampled_from([" ", ", ", "。", "用", "（", "\n", "! ", "'"])


@settings(deadline=None)  # a busy machine must not fail it
@given(name, latin, latin)
def test_a_latin_name_is_never_found_inside_a_longer_latin_word(word: str, before: str, after: str) -> None:
    matcher = Matcher([Entity("model", "x", word, "m/", (word,))], ("model",))
    for text in (before + word, word + after, before + word + after, f"{word}.{after}" if after.isdigit() else ""):
        assert list(matcher.find(text)) == [], text


@settings(deadline=None)  # a busy machine must not fail it
@given(name, separator, separator)
def test_a_latin_name_is_found_between_anything_but_latin_letters_and_digits(word: str, left: str, right: str) -> None:
    matcher = Matcher([Entity("model", "x", word, "m/", (word,))], ("model",))
    text = f"{left}{word}{right}"
    assert [(start, end) for start, end, _ in matcher.find(text)] == [(len(left), len(left) + len(word))]


@settings(deadline=None)  # a busy machine must not fail it
@given(st.lists(name, min_size=1, max_size=12, unique=True), st.lists(separator, min_size=1, max_size=12))
def test_the_longest_name_wins_and_matches_do_not_overlap(words: list[str], glue: list[str]) -> None:
    matcher = Matcher([Entity("model", str(n), w, "m/", (w,)) for n, w in enumerate(words)], ("model",))
    text = "".join(w + glue[n % len(glue)] for n, w in enumerate(words))
    spans = [(start, end) for start, end, _ in matcher.find(text)]
    assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(spans))
    for start, end in spans:
        # no longer name of the list is found at the same place
        for word in words:
            if len(word) > end - start and text.startswith(word, start):
                alone = Matcher([Entity("model", "y", word, "m/", (word,))], ("model",))
                assert all(at != start for at, _, _ in alone.find(text))


# --- the sentence around a mention ----------------------------------------------------------------


def around(text: str, mention: str) -> tuple[str, str]:
    start = text.index(mention)
    return sentence_around(text, start, start + len(mention))


def test_the_sentence_around_a_mention() -> None:
    text = "First one. Then I used DeepSeek for code, and v4.5 was fine. Next one."
    assert around(text, "DeepSeek") == ("Then I used ", " for code, and v4.5 was fine.")


def test_the_sentence_ends_at_cjk_stops_and_line_breaks() -> None:
    assert around("我们回到国产模型。今天用DeepSeek写代码！好的", "DeepSeek") == ("今天用", "写代码！")
    assert around("a title\nDeepSeek is here\nnext block", "DeepSeek") == ("", " is here")
    assert around("Really? DeepSeek! Yes", "DeepSeek") == ("", "!")


def test_a_long_sentence_is_cut_to_about_twenty_words_each_side() -> None:
    words_before = " ".join(f"b{n}" for n in range(40))
    words_after = " ".join(f"a{n}" for n in range(40))
    before, after = around(f"{words_before} DeepSeek {words_after}.", "DeepSeek")
    assert before.startswith("…") and before.endswith("b39 ")
    assert after.endswith("…") and after.startswith(" a0 ")
    assert len(before.removeprefix("…").split()) == 20
    assert len(after.removesuffix("…").split()) == 20


def test_a_long_chinese_sentence_is_cut_to_about_sixty_characters() -> None:
    text = "字" * 100 + "DeepSeek" + "文" * 100 + "。"
    before, after = around(text, "DeepSeek")
    assert before == "…" + "字" * 60
    assert after == "文" * 60 + "…"


def test_latin_words_beside_chinese_are_weighed_with_it() -> None:
    latin = [f"b{n}" for n in range(21)]
    before, _ = around(" ".join(latin) + " 模型模型模型DeepSeek.", "DeepSeek")
    assert before == "…" + " ".join(latin[3:]) + " 模型模型模型"  # 18 words (54) and six characters (6)


def test_placeholders_and_white_space_are_not_kept() -> None:
    text = "I \x02wzxhzdk:3\x03 used\n\n  DeepSeek \x00 today."
    assert around(text, "DeepSeek") == ("", " today.")  # the blank line ended the sentence
    assert plain_text("a\x02x\x03  b\x00") == "a b"


@settings(deadline=None)  # a busy machine must not fail it
@given(
    st.lists(st.sampled_from(["word", "v4.5", "。", "！", ". ", "? ", "\n", " ", "字", "e.g.", "!"]), max_size=40),
    st.lists(st.sampled_from(["word", "v4.5", "。", ". ", "\n", " ", "字", "!"]), max_size=40),
)
def test_the_sentence_around_holds_no_stop_but_its_own(left: list[str], right: list[str]) -> None:
    text = "".join(left) + "NAME" + "".join(right)
    start = len("".join(left))
    before, after = sentence_around(text, start, start + 4)
    assert plain_text(text[:start]).endswith(before.removeprefix("…"))
    for stop in (". ", "? ", "\n", "。", "！"):
        assert stop not in before
        assert stop not in after[:-1].removesuffix(".")
