"""A post the author got wrong stops a real build with `path:line: what — how to fix`, exit 1,
and no traceback; every mistake of a post is reported in one run, by the build and by `almanac check`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, BuildResult, error_lines, make_site, run_almanac, run_build

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


# --- every mistake of one post at once ------------------------------------------------------------

#: A post with a mistake on every line of its front matter, in a project whose authors file has one
#: bad field (its authors are still known: the posts naming them are not told otherwise).
SEVERAL = """---
title: Several mistakes
date: 2026-02-30
updated: yesterday
tags: [LLM, chipz]
authors: [lin, lni]
draft: maybe
slug: Not A Slug
title: Twice
? [a, b]
: c
---

Opening.
"""
SEVERAL_FILE = "docs/blog/posts/2026-06-01-several.md"
SEVERAL_PROBLEMS = [
    "docs/blog/.authors.yml:8: author `mei`: `avatar` must start with http:// or https://, or be a path in the "
    "site, not `javascript:` — write the address of an image, e.g. `avatar: https://example.org/lin.png`, or a "
    "path in the site",
    f"{SEVERAL_FILE}:3: `date` cannot be read: '2026-02-30' (day is out of range for month) — check the value; "
    "a date is written `YYYY-MM-DD`",
    f"{SEVERAL_FILE}:4: `updated` is not a date: 'yesterday' — write it as `YYYY-MM-DD`, or remove it",
    f'{SEVERAL_FILE}:5: unknown tag "chipz" — use a tag of data/tags.yaml, or add this one there',
    f"{SEVERAL_FILE}:6: unknown author `lni` — did you mean `lin`? Or add it to docs/blog/.authors.yml",
    f"{SEVERAL_FILE}:7: `draft` must be true or false, not 'maybe' — write `draft: true` or remove it",
    f"{SEVERAL_FILE}:8: `slug` must be lowercase letters, digits and hyphens, not 'Not A Slug' — write "
    "`slug: not-a-slug`",
    f"{SEVERAL_FILE}:9: duplicate key `title` in front matter (first on line 2) — keep one of them",
    f"{SEVERAL_FILE}:10:3: a front matter key must be a word, not a list or a mapping — write one `key: value` "
    "per line, e.g. `title: My post`",
]


@pytest.fixture(scope="module")
def several_mistakes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bad-input base project (both plugins, `data/tags.yaml`) with `SEVERAL` and a bad avatar for
    `mei`, whom a post of the base names."""
    site = tmp_path_factory.mktemp("several") / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "bad" / "_base", site)
    (site / SEVERAL_FILE).write_text(SEVERAL, encoding="utf-8")
    with (site / "docs" / "blog" / ".authors.yml").open("a", encoding="utf-8") as authors:
        authors.write("    avatar: javascript:alert(1)\n")
    assert "authors: [lin, mei]" in (site / "docs/blog/posts/2026-05-01-third.md").read_text(encoding="utf-8")
    return site


def test_a_build_reports_every_mistake_of_a_post_at_once(several_mistakes: Path) -> None:
    result = run_build(several_mistakes)
    assert result.returncode == 1, result.output
    assert error_lines(result.output) == SEVERAL_PROBLEMS, result.output
    assert f"{len(SEVERAL_PROBLEMS)} errors." in result.output
    assert "Traceback" not in result.output
    assert not (result.site / "index.html").exists()


def test_almanac_check_reports_every_mistake_of_a_post_at_once(several_mistakes: Path) -> None:
    done = run_almanac("check", cwd=several_mistakes)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines() == SEVERAL_PROBLEMS
    assert f"almanac check: {len(SEVERAL_PROBLEMS)} problems" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_tags_of_a_bad_post_are_not_unknown_without_data_tags(tmp_path: Path) -> None:
    """Without `almanac/data` the tags the posts use are the vocabulary: the tags of a post with
    another problem count too, so none of them is reported unknown."""
    bad = "---\ntitle: Bad\ndate: 2026-02-30\ntags: [chips, '!!!']\n---\nText\n"
    site = make_site(tmp_path, {"2026-03-01-fine.md": GOOD, "2026-06-01-bad.md": bad})
    done = run_almanac("check", cwd=site)
    assert done.returncode == 1
    date, tag = done.stdout.splitlines()
    assert date == (
        "docs/blog/posts/2026-06-01-bad.md:3: `date` cannot be read: '2026-02-30' (day is out of range for month)"
        " — check the value; a date is written `YYYY-MM-DD`"
    )
    # Checked all the same: a tag that can have no page.
    assert tag.startswith("docs/blog/posts/2026-06-01-bad.md:4: the tag '!!!' has no letter or digit"), tag


def test_an_authors_file_that_cannot_be_read_makes_no_author_unknown(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2026-03-01-fine.md": GOOD})
    (site / "docs" / "blog" / ".authors.yml").write_text("authors:\n  lin: [name\n", encoding="utf-8")
    done = run_almanac("check", cwd=site)
    assert done.returncode == 1
    # Only the file's own problem: which authors it names is unknown, so no post's is reported.
    assert done.stdout.splitlines() == [
        "docs/blog/.authors.yml:2:8: the file is not valid YAML: did not find expected ',' or ']' — check the "
        "quoting and indentation of this line; values with `: ` or `#` need quotes"
    ]
