"""Post URLs with Material's placeholders: `{date}` in an LDML date pattern (checked against
Babel, which Material's blog plugin formats it with), `{categories}`, `{file}`, slugs from titles
as Material makes them, and the mistakes in these options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.dates import format_date as babel_format_date

from almanac.core.blog.listings import build_blog, date_pattern, format_url_date, post_url
from almanac.core.blog.posts import Post, parse_post, title_slug
from almanac.core.errors import AlmanacErrors
from almanac.mkdocs.blog.config import BlogConfig

UTC = dt.UTC


def parse(text: str, name: str = "2024-03-05-afternoon-notes.md") -> Post:
    return parse_post(text, src_uri=f"blog/posts/{name}", display_path=f"docs/blog/posts/{name}", timezone=UTC)


@pytest.mark.parametrize("pattern", ["yyyy/MM/dd", "y/M/d", "yy.MM.dd", "yyyy-MM", "yyyy'w'MM", "dd_MM_yyyy"])
@pytest.mark.parametrize("day", [dt.date(2024, 3, 5), dt.date(2026, 12, 31), dt.date(999, 1, 9)])
def test_dates_are_written_as_babel_writes_them(pattern: str, day: dt.date) -> None:
    assert format_url_date(day, pattern) == babel_format_date(day, format=pattern, locale="en")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("yyyy/MMM/dd", "uses the field 'MMM', not one of the numbers a URL takes"),
        ("EEEE/dd", "uses the field 'EEEE'"),
        ("yyyy/MM/dd'", "has a quote that is not closed"),
        ("yyyy MM", "puts ' ' into URLs"),
        ("yyyy/'?'/MM", "puts '?' into URLs"),
    ],
)
def test_date_patterns_a_url_cannot_take_are_refused(pattern: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("?", r"\?")):
        date_pattern(pattern)


def test_materials_placeholders() -> None:
    post = parse("---\ntitle: Afternoon notes\ndate: 2024-03-05 14:30\ncategories: [Meta Posts, Dates, Extra]\n---\n")
    assert post_url(post, "blog/{date}/{slug}/") == "blog/2024/03/05/afternoon-notes/"
    assert post_url(post, "blog/{date}/{slug}/", date_format="y-M-d") == "blog/2024-3-5/afternoon-notes/"
    assert post_url(post, "blog/{categories}/{file}/") == "blog/meta-posts/2024-03-05-afternoon-notes/"
    assert post_url(post, "blog/{categories}/{slug}/", max_categories=2) == "blog/meta-posts/dates/afternoon-notes/"
    assert post_url(post, "blog/{categories}/{slug}/", max_categories=0) == "blog/afternoon-notes/"
    # Today's fields, with today's default, are unchanged.
    assert post_url(post, "blog/{year}/{month}/{day}/{slug}/") == "blog/2024/03/05/afternoon-notes/"


def test_a_post_without_categories_leaves_the_part_out() -> None:
    post = parse("---\ntitle: X\ndate: 2024-03-05\n---\n")
    assert post_url(post, "blog/{categories}/{slug}/") == "blog/afternoon-notes/"


def test_file_of_an_index_file_is_its_folder_as_mkdocs_names_it() -> None:
    post = parse("---\ntitle: X\ndate: 2024-03-05\nslug: x\n---\n", name="trip/index.md")
    assert post_url(post, "blog/{file}/") == "blog/trip/"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("---\ntitle: The End of Cheap Relays!\ndate: 2024-03-05\n---\n", "the-end-of-cheap-relays"),
        # The heading as MkDocs reads it before rendering: markup and attr_list dropped letter by letter.
        (
            "---\ndate: 2024-03-05\n---\n\n# Welcome to the *moved* blog { #welcome }\n",
            "welcome-to-the-moved-blog--welcome-",
        ),
        ("---\ndate: 2024-03-05\n---\n\n# Héllo wörld\n", "héllo-wörld"),
    ],
)
def test_slugs_from_titles_are_materials(text: str, slug: str) -> None:
    post = parse(text)
    assert title_slug(post) == slug
    assert post_url(post, "blog/{slug}/", slug_from="title") == f"blog/{slug}/"
    assert post_url(post, "blog/{slug}/") == "blog/afternoon-notes/"  # the file name, today's rule


def test_a_slug_in_the_front_matter_wins_over_the_title() -> None:
    post = parse("---\ntitle: Afternoon\ndate: 2024-03-05\nslug: mine\n---\n")
    assert post_url(post, "blog/{slug}/", slug_from="title") == "blog/mine/"


def test_a_title_without_a_letter_is_an_error_with_post_slug_title() -> None:
    post = parse("---\ntitle: '!!!'\ndate: 2024-03-05\n---\n")
    with pytest.raises(AlmanacErrors) as raised:
        build_blog([post], blog_url="blog/", url_pattern="blog/{slug}/", per_page=10, slug_from="title")
    assert str(raised.value.errors[0]) == (
        "docs/blog/posts/2024-03-05-afternoon-notes.md:2: the post's title gives it no slug (the last part "
        "of its URL): it has no letter or digit — set `slug: short-name` in its front matter"
    )


def load(tmp_path: Path, options: dict[str, Any]) -> list[str]:
    """The problems of `options` of almanac/blog, written in a mkdocs.yml (options from line 4)."""
    path = tmp_path / "mkdocs.yml"
    text = yaml.safe_dump({"site_name": "T", "plugins": [{"almanac/blog": options}]}, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    config = BlogConfig(config_file_path=str(path))
    config.load_dict(options)
    problems, _ = config.problems()
    return problems


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"post_url_format": "blog/{date}/"},
            "mkdocs.yml:4: post_url_format is 'blog/{date}/', without {slug} or {file}: two posts of one day "
            "would share a URL — use the fields {year}, {month}, {day}, {date}, {slug}, {categories}, {file}, "
            "e.g. 'blog/{year}/{month}/{day}/{slug}/'",
        ),
        (
            {"post_url_date_format": "yyyy/MMMM"},
            "mkdocs.yml:4: post_url_date_format is 'yyyy/MMMM', which uses the field 'MMMM', not one of the "
            "numbers a URL takes (yyyy, yy, y, MM, M, dd, d) — write e.g. 'yyyy/MM/dd', and quote other "
            "letters as 'text'",
        ),
        (
            {"post_url_date_format": 7},
            "mkdocs.yml:4: post_url_date_format must be a date pattern, not 7 — write e.g. 'yyyy/MM/dd'",
        ),
        (
            {"post_slug": "heading"},
            "mkdocs.yml:4: post_slug must be file or title, not 'heading' — write `post_slug: file` (from the "
            "file name) or `post_slug: title` (Material's rule)",
        ),
    ],
)
def test_mistakes_in_the_url_options_are_reported(tmp_path: Path, options: dict[str, Any], message: str) -> None:
    assert load(tmp_path, options) == [message]


def test_materials_options_are_accepted(tmp_path: Path) -> None:
    options = {
        "post_url_format": "blog/{date}/{categories}/{file}/",
        "post_url_date_format": "yyyy/MM/dd'x'",
        "post_url_max_categories": 2,
        "post_slug": "title",
    }
    assert load(tmp_path, options) == []
