"""The build's problems: MkDocs' warnings about links told as our errors (file, line, what, how),
a build run as a check (nothing written, every problem at once), and the build's date and
instant, taken the same way by both plugins and `almanac check`."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from almanac.core.checking import CheckFinished, check_request, checking
from almanac.core.errors import AlmanacError
from almanac.core.project import BUILD_DATE_VARIABLE, build_time
from almanac.mkdocs.checks import BuildRun, mkdocs_problem


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs" / "blog" / "posts"
    folder.mkdir(parents=True)
    (folder / "2026-06-01-bad.md").write_text(
        "---\ntitle: Bad\ndate: 2026-06-01\n---\n\nSee [x](2026-01-01-nope.md) and [y](#later).\n", encoding="utf-8"
    )
    return tmp_path / "docs"


def problem(message: str, docs: Path) -> AlmanacError:
    return mkdocs_problem(message, docs_dir=docs, docs_prefix="docs/", config_name="mkdocs.yml")


def test_a_link_to_a_missing_file_names_its_line(docs: Path) -> None:
    found = problem(
        "Doc file 'blog/posts/2026-06-01-bad.md' contains a link '2026-01-01-nope.md', but the target "
        "'blog/posts/2026-01-01-nope.md' is not found among documentation files. Did you mean '2026-01-02-nope.md'?",
        docs,
    )
    assert str(found) == (
        "docs/blog/posts/2026-06-01-bad.md:6: the link '2026-01-01-nope.md' leads to no file of the docs "
        "(looked for 'blog/posts/2026-01-01-nope.md') — did you mean '2026-01-02-nope.md'?"
    )


def test_a_link_to_a_missing_anchor_names_its_line(docs: Path) -> None:
    found = problem(
        "Doc file 'blog/posts/2026-06-01-bad.md' contains a link '#later', but there is no such anchor on this page.",
        docs,
    )
    assert (found.path, found.line) == ("docs/blog/posts/2026-06-01-bad.md", 6)
    assert found.message == "the link '#later' names an anchor this page does not have"
    assert found.hint is not None and "heading" in found.hint


def test_an_absolute_link_gets_its_relative_form(docs: Path) -> None:
    message = "Doc file 'blog/posts/2026-06-01-bad.md' contains an absolute link '/about.md', it was left as is."
    found = problem(message, docs)
    assert found.message == "the link '/about.md' is absolute"
    assert found.hint == "write it relative to this file: `../../about.md`"
    assert found.line is None  # the file does not hold that text


def test_any_other_warning_is_told_against_the_config(docs: Path) -> None:
    found = problem("Something the theme did not like.", docs)
    assert str(found).startswith("mkdocs.yml: Something the theme did not like — ")
    with_hint = problem("ALMANAC_BUILD_DATE is 'x', not a date — write it as YYYY-MM-DD", docs)
    assert (with_hint.message, with_hint.hint) == ("ALMANAC_BUILD_DATE is 'x', not a date", "write it as YYYY-MM-DD")


def test_check_finished_sorts_and_merges_what_it_holds() -> None:
    second = AlmanacError("b.md", 2, "two")
    first = AlmanacError("a.md", 9, "one")
    done = CheckFinished([second, first, second], [])
    assert done.problems == [first, second]


def test_the_build_time_of_a_pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BUILD_DATE_VARIABLE, raising=False)
    pinned = build_time("2026-11-28")
    assert pinned.today == dt.date(2026, 11, 28)
    assert pinned.at == dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
    assert pinned.now == dt.datetime(2026, 11, 28, 23, 59, 59, 999999, tzinfo=dt.UTC)
    monkeypatch.setenv(BUILD_DATE_VARIABLE, "2026-01-02")
    assert build_time(None).today == dt.date(2026, 1, 2)
    assert build_time("2026-11-28").today == dt.date(2026, 11, 28)  # the option wins


def test_the_build_time_of_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BUILD_DATE_VARIABLE, raising=False)
    clock = dt.datetime(2026, 3, 30, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-2)))
    time = build_time(None, clock=clock)
    assert time.today == dt.date(2026, 3, 31)  # in UTC
    assert time.now == clock
    assert time.at == dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)


def test_a_build_date_that_is_not_a_date_names_where_it_came_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUILD_DATE_VARIABLE, "tomorrow")
    with pytest.raises(ValueError, match=r"^ALMANAC_BUILD_DATE is 'tomorrow', not a date — write it as YYYY-MM-DD$"):
        build_time(None)
    with pytest.raises(ValueError, match=r"^build_date is 'soon', not a date"):
        build_time("soon")


def test_a_check_is_asked_for_around_the_build_only() -> None:
    assert check_request() is None
    with pytest.raises(RuntimeError), checking() as request:
        assert check_request() is request
        raise RuntimeError
    assert check_request() is None


def test_a_checked_build_writes_nothing_and_stops_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    site_dir = config.site_dir
    mine = AlmanacError("docs/x.md", 3, "mine")
    link = "Doc file 'x.md' contains an absolute link '/y.md', it was left as is."

    built = BuildRun(config)
    built.stage(dirty=False)
    assert not built.check_only and config.site_dir != site_dir  # a build writes beside the site
    built.abandon()
    assert config.site_dir == site_dir

    with checking() as request:
        run = BuildRun(config)
        run.stage(dirty=False)
        assert run.check_only and config.site_dir == site_dir
        run.add(mine)
        logging.getLogger("mkdocs.structure.pages").warning(link)
        with pytest.raises(CheckFinished) as finished:
            run.stop_if_problems(Files([]))
        # Not strict: MkDocs' warnings are warnings of the check.
        assert finished.value.problems == [mine]
        assert [w.message for w in finished.value.warnings] == ["the link '/y.md' is absolute"]
        assert not request.reported

    with checking() as request:
        run = BuildRun(config)
        run.add(mine)
        logging.getLogger("mkdocs").error("Error reading page 'x.md': nope")
        run.abandon()  # MkDocs gave up before `on_env`: what was found stays in the request
        assert request.reported
        first, second = (str(problem) for problem in request.problems)
        assert first == "docs/x.md:3: mine"
        assert second.startswith("mkdocs.yml: Error reading page 'x.md': nope — ")
