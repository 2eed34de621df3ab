"""`source_for_checks`: the text MkDocs converts a post with problems from, so that the problems of
its body are found with those of its front matter. The body is the file's own; the front matter is
only the keys left to other plugins that could be read, written so that MkDocs reads them back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from almanac.core.blog.posts import KNOWN_KEYS, source_for_checks

BODY = "\nOpening about [[deepseek-v5]].\n\n```almanac\ntable: prices\n```\n"


def write(tmp_path: Path, text: str | bytes, name: str = "2026-06-01-bad.md") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def read_back(source: str | None) -> tuple[str, dict[str, Any]]:
    """What MkDocs makes of `source`: the Markdown it converts and the page's metadata."""
    assert source is not None
    assert source.startswith("---\n")
    return get_data(source)


def test_a_bad_date_leaves_the_body_and_no_key_of_the_post(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: Bad\ndate: not-a-date\ntags: [LLM]\n---\n" + BODY)
    source = source_for_checks(path)
    assert source == "---\n{}\n---\n" + BODY
    assert read_back(source) == (BODY.lstrip("\n"), {})


def test_keys_for_other_plugins_are_kept(tmp_path: Path) -> None:
    front = "title: Bad\ndate: 2026-02-30\nautolink: false\nhide:\n  - toc\nshown: 2026-01-01\n"
    source = source_for_checks(write(tmp_path, f"---\n{front}---\n" + BODY))
    markdown, meta = read_back(source)
    assert meta == {"autolink": False, "hide": ["toc"], "shown": dt.date(2026, 1, 1)}
    assert markdown == BODY.lstrip("\n")


def test_a_key_whose_value_cannot_be_read_is_not_kept(tmp_path: Path) -> None:
    source = source_for_checks(write(tmp_path, "---\ntitle: Bad\nshown: 2026-02-30\nautolink: false\n---\n" + BODY))
    assert read_back(source)[1] == {"autolink": False}


def test_front_matter_that_is_not_yaml_keeps_no_key(tmp_path: Path) -> None:
    source = source_for_checks(write(tmp_path, "---\ntitle: [Bad\nautolink: false\n---\n" + BODY))
    assert source == "---\n{}\n---\n" + BODY


def test_front_matter_that_is_not_a_mapping_keeps_no_key(tmp_path: Path) -> None:
    source = source_for_checks(write(tmp_path, "---\n- title\n- date\n---\n" + BODY))
    assert source == "---\n{}\n---\n" + BODY


def test_a_file_without_front_matter_is_all_body(tmp_path: Path) -> None:
    text = "Title: not front matter\n\nOpening about [[deepseek-v5]].\n"
    source = source_for_checks(write(tmp_path, text))
    # MkDocs would read the first line as MultiMarkdown metadata of the file; here it is body.
    assert read_back(source) == (text, {})


def test_a_front_matter_closed_with_dots_and_spaces(tmp_path: Path) -> None:
    source = source_for_checks(write(tmp_path, "---  \ntitle: Bad\nautolink: false\n...\t\n" + BODY))
    assert read_back(source) == (BODY.lstrip("\n"), {"autolink": False})


def test_a_byte_order_mark_and_windows_line_ends_are_read_as_mkdocs_reads_them(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: Bad\r\ndate: soon\r\n---\r\n\r\nOpening.\r\nMore.\r\n"
    path = write(tmp_path, text)
    source = source_for_checks(path)
    assert source == "---\n{}\n---\n\nOpening.\nMore.\n"
    assert path.read_text(encoding="utf-8-sig").endswith("\n\nOpening.\nMore.\n")  # as MkDocs reads the file


def test_a_front_matter_not_closed_gives_none(tmp_path: Path) -> None:
    assert source_for_checks(write(tmp_path, "---\ntitle: Bad\ndate: 2026-06-01\n\nOpening [[deepseek-v5]].\n")) is None


def test_a_file_not_utf8_gives_none(tmp_path: Path) -> None:
    assert source_for_checks(write(tmp_path, b"---\ntitle: Caf\xe9\n---\n\nOpening.\n")) is None


def test_a_missing_file_gives_none(tmp_path: Path) -> None:
    assert source_for_checks(tmp_path / "gone.md") is None


def test_a_text_holding_a_fence_is_kept_without_closing_the_front_matter(tmp_path: Path) -> None:
    source = source_for_checks(
        write(tmp_path, '---\ntitle: Bad\nnote: "a\\n---\\n...\\nb"\nautolink: false\n---\n' + BODY)
    )
    assert source is not None
    front, _, body = source.removeprefix("---\n").partition("\n---\n")
    assert body == BODY
    assert "\n" in front  # the text is written over several lines, none of them a fence
    assert read_back(source) == (BODY.lstrip("\n"), {"note": "a\n---\n...\nb", "autolink": False})


def test_a_value_yaml_does_not_write_back_as_it_is_is_left_out(tmp_path: Path) -> None:
    # An ordered mapping is read as a list of pairs, which YAML does not write.
    text = "---\ntitle: Bad\nratio: .nan\npairs: !!omap [a: 1, b: 2]\nautolink: false\n---\n" + BODY
    markdown, meta = read_back(source_for_checks(write(tmp_path, text)))
    assert markdown == BODY.lstrip("\n")
    assert meta.keys() == {"ratio", "autolink"}
    assert meta["ratio"] != meta["ratio"] and meta["autolink"] is False


# --- properties -------------------------------------------------------------------------------

FENCE = re.compile(r"(?:---|\.\.\.)\s*")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.text(
        st.sampled_from("a-.:#'\" \n\r\t\x00\x85\u2028\u2029\ufeffé😀") | st.characters(codec="utf-8"),
        max_size=30,
    ),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), inner, max_size=3)
    ),
    max_leaves=8,
)
keys = st.sampled_from(KNOWN_KEYS) | st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
front_matters = st.dictionaries(keys, values, max_size=6)
bodies = st.lists(
    st.one_of(st.text(max_size=40), st.sampled_from(["---", "...", "", "<!-- more -->", "[[deepseek-v5]]"])),
    max_size=8,
).map("\n".join)


def file_body(text: str) -> str:
    """The body of a post's file, found here line by line: what follows the first line after the
    opening `---` that holds only `---` or `...`."""
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if FENCE.fullmatch(lines[index]):
            return "\n".join(lines[index + 1 :])
    raise AssertionError("not closed")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=front_matters, body=bodies, escaped=st.booleans())
@example(front={"title": "Bad", "note": "a\x85b", "more": "\u2028\u2029"}, body="\n[[deepseek-v5]]\n", escaped=True)
def test_the_body_is_the_files_and_the_front_matter_reads_back_as_what_is_kept(
    tmp_path: Path, front: dict[str, Any], body: str, escaped: bool
) -> None:
    # Written escaped, a text holds any character (unescaped, YAML reads U+0085 as a space).
    written = yaml.safe_dump(front, allow_unicode=not escaped, sort_keys=False) if front else ""
    assume(not any(FENCE.fullmatch(line) for line in written.split("\n")))
    text = f"---\n{written}---\n{body}"
    assume("\r" not in text)  # MkDocs reads `\r` as a line end: the body would not be `body`
    path = write(tmp_path, text)

    source = source_for_checks(path)

    assert source is not None
    assert file_body(text) == body
    assert source.endswith("\n---\n" + body)  # the file's body, as written
    markdown, meta = read_back(source)
    assert markdown == body.lstrip("\n")
    kept = {key: value for key, value in yaml.safe_load(written or "{}").items() if key not in KNOWN_KEYS}
    assert meta == kept
    assert not meta.keys() & set(KNOWN_KEYS)
    # The front matter written is one piece: its first line is the one closing fence MkDocs sees.
    assert source.index("\n---\n") == len(source) - len(body) - len("\n---\n")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.text(max_size=60), body=bodies)
def test_any_front_matter_text_gives_the_files_body(tmp_path: Path, front: str, body: str) -> None:
    assume(not any(FENCE.fullmatch(line) for line in front.split("\n")))
    assume("\r" not in front + body)
    text = f"---\n{front}\n---\n{body}"
    source = source_for_checks(write(tmp_path, text))
    assert source is not None
    assert source.endswith("\n---\n" + body)
    markdown, meta = read_back(source)
    assert markdown == body.lstrip("\n")
    assert not meta.keys() & set(KNOWN_KEYS)
