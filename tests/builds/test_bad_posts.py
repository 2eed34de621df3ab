"""A post the author got wrong stops a real build with `path:line: what — how to fix`, exit 1,
and no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import BuildResult, error_lines, make_site, run_build

GOOD = "---\ntitle: Fine\ndate: 2026-03-01\nauthors: [lin]\n---\n\nOpening.\n\n<!-- more -->\n\nRest.\n"

CASES = {
    "missing title": (
        "---\ndate: 2026-03-30\ntags: [pricing]\n---\nText\n",
        "docs/blog/posts/x.md:1: the post has no `title` — add `title: …` to its front matter",
    ),
    "missing date": (
        "---\ntitle: Relays\n---\nText\n",
        "docs/blog/posts/x.md:1: the post has no `date` — add `date: YYYY-MM-DD` to its front matter",
    ),
    "date that is not a date": (
        "---\ntitle: Relays\ndate: end of March\n---\nText\n",
        "docs/blog/posts/x.md:3: `date` is not a date: 'end of March' — write it as `YYYY-MM-DD` "
        "or `YYYY-MM-DD HH:MM`, e.g. `date: 2026-03-30`",
    ),
    "front matter that is not YAML": (
        "---\ntitle: Relays\ndate: 2026-03-30\ntags: [pricing, chips\n---\nText\n",
        "docs/blog/posts/x.md:4:7: front matter is not valid YAML: did not find expected ',' or ']' — "
        "check the quoting and indentation of this line; values with `: ` or `#` need quotes",
    ),
    "unknown author": (
        "---\ntitle: Relays\ndate: 2026-03-30\nauthors: [lni]\n---\nText\n",
        "docs/blog/posts/x.md:4: unknown author `lni` — did you mean `lin`? Or add it to docs/blog/.authors.yml",
    ),
}


def file_of(case: str) -> str:
    """The file of the bad post of `case` (`x.md` in the messages of `CASES`)."""
    return case.replace(" ", "-") + ".md"


@pytest.fixture(scope="module")
def bad_posts_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of a site with a good post and each bad post of `CASES`: the build lists them all."""
    posts = {"2026-03-01-fine.md": GOOD} | {file_of(case): text for case, (text, _) in CASES.items()}
    return run_build(make_site(tmp_path_factory.mktemp("bad-posts"), posts))


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_post_stops_the_build_with_its_line(bad_posts_build: BuildResult, case: str) -> None:
    _, expected = CASES[case]
    result = bad_posts_build
    assert result.returncode == 1, result.output
    errors = error_lines(result.output)
    assert errors.count(expected.replace("posts/x.md:", f"posts/{file_of(case)}:", 1)) == 1, result.output
    assert f"{len(CASES)} errors." in result.output  # each bad post is one error
    assert "Traceback" not in result.output
    assert not (result.site / "index.html").exists(), "nothing is written before the check"


def test_problems_in_several_posts_are_reported_together(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"a.md": CASES["missing title"][0], "b.md": CASES["date that is not a date"][0]},
    )
    result = run_build(site)
    assert result.returncode == 1
    assert "docs/blog/posts/a.md:1: the post has no `title`" in result.output
    assert "docs/blog/posts/b.md:3: `date` is not a date" in result.output
    assert "2 errors." in result.output
    assert "Traceback" not in result.output


def test_an_author_without_a_name(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2026-03-01-fine.md": GOOD})
    (site / "docs" / "blog" / ".authors.yml").write_text(
        "authors:\n  lin:\n    name: Lin Qiao\n  mei:\n    description: no name\n", encoding="utf-8"
    )
    result = run_build(site)
    assert result.returncode == 1
    assert re.search(
        r"^ERROR\s+-\s+docs/blog/\.authors\.yml:4: author `mei` has no `name` — add `name: Full Name`$",
        result.output,
        re.M,
    ), result.output


def test_an_unknown_time_zone_in_the_config(tmp_path: Path) -> None:
    from helpers import MINIMAL_CONFIG

    config = MINIMAL_CONFIG.replace("  - almanac/blog\n", "  - almanac/blog:\n      timezone: Asia/Shangai\n")
    result = run_build(make_site(tmp_path, {"2026-03-01-fine.md": GOOD}, config=config))
    assert result.returncode == 1
    assert re.search(
        r"^ERROR\s+-\s+mkdocs\.yml:6: timezone is 'Asia/Shangai', an unknown time zone — did you mean "
        r"'Asia/Shanghai'\? \(an IANA name, such as 'Asia/Shanghai' or 'UTC'\)$",
        result.output,
        re.M,
    ), result.output
    assert "Traceback" not in result.output


def test_a_build_date_that_is_not_a_date(tmp_path: Path) -> None:
    import launcher
    from helpers import MINIMAL_CONFIG, build_env

    config = MINIMAL_CONFIG.replace("  - almanac/blog\n", "  - almanac/data\n  - almanac/blog\n")
    site = make_site(tmp_path, {"2026-03-01-fine.md": GOOD}, config=config)
    env = {**build_env(), "ALMANAC_BUILD_DATE": "tomorrow"}
    done = launcher.run("mkdocs", ["build", "-f", str(site / "mkdocs.yml")], cwd=site, env=env, timeout=120)
    stderr = done.output[len(done.stdout) :]
    assert done.returncode == 1
    assert "ALMANAC_BUILD_DATE is 'tomorrow', not a date — write it as YYYY-MM-DD" in stderr
    assert "Traceback" not in done.output
