"""Categories counted as tags (`categories_as_tags: true`), with category pages off
(`categories: false`): the Material-style fixture's categories have tag pages, tag chips and
feed categories like its tags, and no page of their own; posts still name them, unlinked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import BuildResult, run_build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "material-blog"
DATES = "blog/2024/02/10/dates/index.html"  # categories Meta and Dates


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("as-tags") / "project"
    shutil.copytree(FIXTURE, project)
    config = project / "mkdocs.yml"
    options = "  - almanac/blog:\n      categories: false\n      categories_as_tags: true\n"
    config.write_text(config.read_text(encoding="utf-8").replace("  - almanac/blog:\n", options, 1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


def read(built: BuildResult, path: str) -> str:
    text: str = (built.site / path).read_text(encoding="utf-8")
    return text


def test_each_category_has_a_tag_page_listing_its_posts(built: BuildResult) -> None:
    titles = re.findall(
        r'<h2 class="almanac-card__title"><a href="[^"]*">([^<]*)</a></h2>', read(built, "tags/meta/index.html")
    )
    assert titles == ["Dates as a mapping", "Welcome to the moved blog"]
    assert (built.site / "tags/dates/index.html").is_file()
    assert (built.site / "tags/notes/index.html").is_file()  # the fixture's one tag, as before
    assert not list(built.site.glob("blog/category/**/index.html"))


def test_categories_show_as_tag_chips_and_unlinked_categories(built: BuildResult) -> None:
    page = read(built, DATES)
    assert '<a class="almanac-chip" href="../../../../../tags/meta/">Meta</a>' in page
    assert re.search(r"in Meta, Dates\s*</span>", page)


def test_feeds_carry_the_categories_as_tags(built: BuildResult) -> None:
    feed = read(built, "feed.xml")
    entry = feed[feed.index("<title>Dates as a mapping</title>") :].split("</entry>")[0]
    assert re.findall(r'<category term="([^"]*)" />', entry) == ["Meta", "Dates"]
    assert (built.site / "tags/meta/feed.xml").is_file()
