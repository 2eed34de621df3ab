"""The preview's reads of the posts (`ParsedPosts`): a post whose file is as the last read found it is
not parsed again, yet each read gives what parsing it afresh gives: its changes, its problems, the
authors' checks and whether it is scheduled at that read's instant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from almanac.core.blog.posts import Author, ParsedPosts, Post, PostProblems, read_posts

UTC = dt.UTC
WRITER = {"ana": Author("ana", "Ana")}


def write(folder: Path, name: str, text: str) -> tuple[str, Path]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return f"blog/posts/{name}", path


def post_text(title: str, date: str = "2026-03-01", author: str = "ana") -> str:
    return f"---\ntitle: {title}\ndate: {date}\nauthors: [{author}]\n---\n\nBody of {title}.\n"


def read(
    parsed: ParsedPosts | None,
    files: list[tuple[str, Path]],
    *,
    now: dt.datetime | None = None,
    authors: dict[str, Author] = WRITER,
) -> list[Post]:
    if parsed is not None:
        parsed.next_read(authors)
    return read_posts(files, docs_prefix="docs/", timezone=UTC, authors=authors, now=now, parsed=parsed)


def test_a_post_as_it_was_is_the_last_reads_and_each_read_is_a_fresh_parse(tmp_path: Path) -> None:
    parsed = ParsedPosts()
    files = [write(tmp_path, "a.md", post_text("A")), write(tmp_path, "b.md", post_text("B"))]
    first = read(parsed, files)
    second = read(parsed, files)
    assert second[0] is first[0] and second[1] is first[1]  # not parsed again
    write(tmp_path, "b.md", post_text("B, retitled"))
    third = read(parsed, files)
    assert third[0] is first[0]
    assert third[1] is not first[1] and third[1].title == "B, retitled"
    assert third == read(None, files)  # what a read without the memory gives


def test_a_post_is_scheduled_at_each_reads_instant(tmp_path: Path) -> None:
    parsed = ParsedPosts()
    files = [write(tmp_path, "later.md", post_text("Later", date="2026-06-01"))]
    before = dt.datetime(2026, 5, 1, tzinfo=UTC)
    after = dt.datetime(2026, 7, 1, tzinfo=UTC)
    scheduled = read(parsed, files, now=before)[0]
    assert scheduled.scheduled and scheduled.draft
    published = read(parsed, files, now=after)[0]
    assert not published.scheduled and not published.draft
    assert read(parsed, files, now=before) == read(None, files, now=before)
    assert read(parsed, files, now=after) == read(None, files, now=after)


def test_the_authors_and_a_posts_problems_are_checked_at_each_read(tmp_path: Path) -> None:
    parsed = ParsedPosts()
    files = [write(tmp_path, "a.md", post_text("A"))]
    read(parsed, files)
    # The author left `.authors.yml`: the post as it was is checked again, and fails.
    with pytest.raises(PostProblems) as problem:
        read(parsed, files, authors={"bo": Author("bo", "Bo")})
    assert "unknown author `ana`" in str(problem.value.errors[0])
    # A post with a problem is not remembered: read again, it fails again.
    broken = [write(tmp_path, "broken.md", "---\ntitle: Broken\ndate: someday\n---\n\nText.\n")]
    for _ in range(2):
        with pytest.raises(PostProblems) as problem:
            read(parsed, broken)
        assert "broken.md:3: `date` is not a date" in str(problem.value.errors[0])


def test_a_post_that_cannot_be_read_is_reported_as_a_read_without_the_memory_reports_it(tmp_path: Path) -> None:
    folder = tmp_path / "folder.md"
    folder.mkdir()
    latin = tmp_path / "latin.md"
    latin.write_bytes(post_text("Caf\u00e9").encode("latin-1"))
    for path, said in ((folder, ":1:1: not a regular file"), (latin, ":2:11: the file is not UTF-8")):
        files = [(f"blog/posts/{path.name}", path)]
        with pytest.raises(PostProblems) as fresh:
            read(None, files)
        with pytest.raises(PostProblems) as kept:
            read(ParsedPosts(), files)
        assert [str(error) for error in kept.value.errors] == [str(error) for error in fresh.value.errors]
        assert str(kept.value.errors[0]).startswith(f"docs/blog/posts/{path.name}{said}")
