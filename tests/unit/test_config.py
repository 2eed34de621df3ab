"""The options of `almanac/blog` and `almanac/data`: every bad value (and misspelt option) is an error naming
mkdocs.yml, its line, what is wrong and how to fix it; all of a plugin's bad options are listed at once, in the
order of the file, printed as MkDocs prints an error, and loading stops."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from almanac.mkdocs.blog.config import BlogConfig
from almanac.mkdocs.data.config import DataConfig
from almanac.mkdocs.options import CheckedConfig, option_line


def validate(config: CheckedConfig, options: dict[str, Any]) -> tuple[list[str], list[str], CheckedConfig]:
    config.load_dict(options)
    problems, warnings = config.problems()
    return problems, [f"{key}: {text}" for key, text in warnings], config


def blog(tmp_path: Path, options: dict[str, Any]) -> tuple[list[str], list[str], CheckedConfig]:
    """Validate `options` of almanac/blog, written in a mkdocs.yml under `tmp_path` (so lines are known)."""
    path = tmp_path / "mkdocs.yml"
    text = yaml.safe_dump({"site_name": "T", "plugins": ["search", {"almanac/blog": options}]}, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return validate(BlogConfig(config_file_path=str(path)), options)


def line_of(tmp_path: Path, key: str) -> int:
    lines = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip().startswith(key + ":"))


def test_the_defaults_and_the_sample_options_are_valid(tmp_path: Path) -> None:
    errors, warnings, config = blog(tmp_path, {"timezone": "Asia/Shanghai", "pagination_per_page": 10})
    assert (errors, warnings) == ([], [])
    assert config["pagination_per_page"] == 10 and config["timezone"] == "Asia/Shanghai"
    assert config["post_url_format"] == "blog/{year}/{month}/{day}/{slug}/"


def test_pagination_of_zero_is_an_error_at_its_line(tmp_path: Path) -> None:
    errors, _, _ = blog(tmp_path, {"pagination_per_page": 0})
    line = line_of(tmp_path, "pagination_per_page")
    assert errors == [
        f"mkdocs.yml:{line}: pagination_per_page must be 1 or more, not 0 — "
        "write how many posts each page of the blog index shows, e.g. 10"
    ]


@pytest.mark.parametrize(
    ("key", "value", "wrong"),
    [
        ("archive", "no", "must be true or false, not 'no'"),
        ("feeds", 1, "must be true or false, not 1"),
        ("enabled", None, "must be true or false, not null"),
        ("pagination_per_page", True, "must be a whole number, not true"),
        ("pagination_per_page", 2.5, "must be a whole number, not 2.5"),
        ("pagination_per_page", "ten", "must be a whole number, not 'ten'"),
        ("tags_per_page", -1, "must be 1 or more, not -1"),
        ("feed_limit", 0, "must be 1 or more, not 0"),
        ("related_limit", -3, "must be 0 or more, not -3"),
        ("related_tag_weight", -0.5, "must be a number of 0 or more, not -0.5"),
        ("related_entity_weight", float("nan"), "must be a number of 0 or more, not nan"),
        ("related_entity_weight", "2", "must be a number, not '2'"),
        ("blog_dir", "", "is '', not a folder inside the site"),
        ("blog_dir", "../elsewhere", "is '../elsewhere', not a folder inside the site"),
        ("tags_dir", "a b", "is 'a b', not a folder inside the site"),
        ("posts_dir", "blog/../..", "is 'blog/../..', not a path inside docs/"),
        ("authors_file", 3, "must be text, not 3"),
        ("timezone", "", "must be the name of a time zone, not ''"),
        ("timezone", "Mars/Base", "is 'Mars/Base', an unknown time zone"),
        ("timezone", "../../etc/passwd", "is '../../etc/passwd', an unknown time zone"),
        ("post_url_format", "blog/{year}/", "is 'blog/{year}/', without {slug}"),
        ("post_url_format", "blog/{yaer}/{slug}/", "is 'blog/{yaer}/{slug}/', with an unknown field {yaer}"),
        ("post_url_format", "blog/{slug:>9}/", "is 'blog/{slug:>9}/', with an unknown field {slug:>9}"),
        ("post_url_format", "blog/{slug/", "is 'blog/{slug/', whose braces do not match"),
        ("post_url_format", "../{slug}/", "is '../{slug}/', not a path of the site"),
        ("post_url_format", "blog/{slug}?x=1", "is 'blog/{slug}?x=1', not a path of the site"),
        ("post_excerpt_separator", "  ", "must be one line of text, not '  '"),
        ("post_excerpt_separator", "a\nb", "must be one line of text, not 'a\\nb'"),
        ("post_excerpt_separator", 3, "must be one line of text, not 3"),
    ],
)
def test_each_bad_value_says_what_is_wrong_at_its_line(tmp_path: Path, key: str, value: object, wrong: str) -> None:
    errors, _, _ = blog(tmp_path, {key: value})
    assert len(errors) == 1, errors
    prefix = f"mkdocs.yml:{line_of(tmp_path, key)}: {key} {wrong}"
    assert errors[0].startswith(prefix), errors[0]
    assert " — " in errors[0].removeprefix(prefix)  # and how to fix it


def test_a_misspelt_time_zone_gets_the_closest_name(tmp_path: Path) -> None:
    errors, _, _ = blog(tmp_path, {"timezone": "Asia/Shangai"})
    assert errors[0].endswith(
        "an unknown time zone — did you mean 'Asia/Shanghai'? (an IANA name, such as 'Asia/Shanghai' or 'UTC')"
    )


def test_every_bad_option_is_listed_in_the_order_of_the_file(tmp_path: Path) -> None:
    errors, _, _ = blog(tmp_path, {"timezone": "Nowhere", "feed_limit": 0, "pagination_per_page": 0})
    assert [error.split(" ")[1] for error in errors] == ["timezone", "feed_limit", "pagination_per_page"]
    assert [int(error.split(":")[1]) for error in errors] == [line_of(tmp_path, "timezone") + n for n in range(3)]


def test_the_blog_and_the_tag_pages_need_their_own_folders(tmp_path: Path) -> None:
    errors, _, _ = blog(tmp_path, {"tags_dir": "blog/"})
    assert errors == [
        f"mkdocs.yml:{line_of(tmp_path, 'tags_dir')}: tags_dir is 'blog/' and blog_dir is 'blog': the tag "
        "pages and the blog index would share pages — give each a folder of its own, e.g. 'tags' and 'blog'"
    ]
    errors, _, _ = blog(tmp_path, {"blog_dir": "news", "tags_dir": "news/topics"})
    assert len(errors) == 1 and errors[0].split(" ")[1] == "tags_dir"
    errors, _, _ = blog(tmp_path, {"post_url_format": "tags/{year}/{slug}/"})
    assert len(errors) == 1 and "inside tags_dir 'tags': a post could take the page of a tag" in errors[0]
    # Folders that only start with the same letters are separate folders.
    assert blog(tmp_path, {"blog_dir": "blog", "tags_dir": "blogtags"})[0] == []


def test_an_unknown_option_is_named_with_the_closest_one(tmp_path: Path) -> None:
    errors, warnings, _ = blog(tmp_path, {"pagination_per_pages": 10, "colour": "red"})
    assert warnings == []
    assert errors == [
        f"mkdocs.yml:{line_of(tmp_path, 'pagination_per_pages')}: pagination_per_pages is not an option of "
        "almanac/blog — did you mean pagination_per_page?",
        f"mkdocs.yml:{line_of(tmp_path, 'colour')}: colour is not an option of almanac/blog — the options are "
        + ", ".join(key for key, _ in BlogConfig._schema),
    ]


def test_loading_prints_each_problem_as_mkdocs_prints_an_error_and_stops(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "docs").mkdir()
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: T\ntheme: {name: material}\nplugins:\n  - almanac/blog:\n      timezone: Nowhere\n"
        "      pagination_per_page: 0\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        load_config(str(path))
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == [
        "mkdocs.yml:5: timezone is 'Nowhere', an unknown time zone — use an IANA name such as 'Asia/Shanghai' or 'UTC'",
        "mkdocs.yml:6: pagination_per_page must be 1 or more, not 0 — write how many posts each page of the blog "
        "index shows, e.g. 10",
    ]
    assert all(record.name.startswith("mkdocs.") for record in caplog.records)


def test_build_date_is_a_date_quoted_or_not(tmp_path: Path) -> None:
    import datetime as dt

    for value in ("2026-11-28", dt.date(2026, 11, 28)):
        errors, _, config = validate(DataConfig(), {"build_date": value})  # quoted, or read as a date
        assert errors == [] and config["build_date"] == "2026-11-28"
    for value in ("tomorrow", dt.datetime(2026, 11, 28, 10), "2026-02-30", 20261128):
        errors, _, _ = validate(DataConfig(), {"build_date": value})
        assert len(errors) == 1 and "not a date — write it as YYYY-MM-DD, e.g. 2026-11-28" in errors[0], errors
    errors, _, _ = validate(DataConfig(), {"enabled": "false"})
    assert errors == [
        "mkdocs.yml: enabled must be true or false, not 'false' — write `enabled: false` to turn the plugin off"
    ]
    errors, _, _ = validate(DataConfig(), {"schema_dir": "/"})
    assert errors == [
        "mkdocs.yml: schema_dir is '/', not a folder inside the site — write a folder inside the site "
        "with letters, digits, '-', '_' and '/', e.g. 'schema'"
    ]


def test_a_removed_option_is_named_as_removed_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: T\nplugins:\n  - almanac/data:\n      build_date: 2026-11-28\n      parallel: false\n")
    errors, _, _ = validate(DataConfig(config_file_path=str(path)), {"build_date": "2026-11-28", "parallel": False})
    assert errors == [
        "mkdocs.yml:5: parallel is no longer an option of almanac/data — the data is read and its pages made in the "
        "build's own process; delete this line"
    ]
    # Another unknown option is still unknown, and the options it lists are those there are.
    errors, _, _ = validate(DataConfig(), {"paralel": True, "colour": "red"})
    assert errors == [
        "mkdocs.yml: colour is not an option of almanac/data — the options are enabled, build_date, schema_dir",
        "mkdocs.yml: paralel is not an option of almanac/data — the options are enabled, build_date, schema_dir",
    ]


def test_option_line_reads_both_forms_of_the_plugins_list(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: T\nsite_url: !ENV [SITE_URL, 'x']\nplugins:\n  - search\n  - almanac/data\n"
        "  - almanac/blog:\n      timezone: UTC\n",
        encoding="utf-8",
    )
    assert option_line(str(path), "almanac/blog", "timezone") == 7
    assert option_line(str(path), "almanac/blog", "feed_limit") == 6  # not written: the plugin's line
    assert option_line(str(path), "almanac/data", "build_date") == 5
    assert option_line(str(path), "almanac/other", None) is None
    path.write_text("plugins:\n  almanac/blog:\n    tags_dir: t\n", encoding="utf-8")
    assert option_line(str(path), "almanac/blog", "tags_dir") == 3
    path.write_text("plugins: [\n", encoding="utf-8")
    assert option_line(str(path), "almanac/blog", "tags_dir") is None


def test_earlier_url_formats_are_read_with_their_defaults(tmp_path: Path) -> None:
    redirects = [
        {"format": "blog/{year}/{slug}/"},
        {"format": "{date}/{file}/", "date_format": "yy.M", "slug": "title"},
    ]
    errors, _, config = blog(tmp_path, {"post_url_redirects": redirects})
    assert errors == []
    first, second = config["post_url_redirects"]
    assert (first.format, first.date_format, first.slug, first.max_categories) == (
        "blog/{year}/{slug}/",
        "yyyy/MM/dd",
        "file",
        1,
    )
    assert (second.date_format, second.slug) == ("yy.M", "title")


@pytest.mark.parametrize(
    ("value", "wrong"),
    [
        ("blog/{slug}/", "must be a list, not 'blog/{slug}/'"),
        (["blog/{slug}/"], "item 1: has no format"),
        ([{"format": "blog/{slug}/"}, {"format": "blog/{year}/"}], "item 2: format is 'blog/{year}/', without {slug}"),
        ([{"format": "b/{slug}/", "date_format": "MMM"}], "item 1: date_format is 'MMM', which uses the field 'MMM'"),
        ([{"format": "b/{slug}/", "slug": "heading"}], "item 1: slug must be file or title, not 'heading'"),
        ([{"format": "b/{slug}/", "max_categories": -1}], "item 1: max_categories must be a whole number of 0 or more"),
        ([{"format": "b/{slug}/", "slugs": "title"}], "item 1: slugs is not a key of an earlier format"),
    ],
)
def test_a_bad_earlier_format_is_an_error_at_its_line(tmp_path: Path, value: object, wrong: str) -> None:
    errors, _, _ = blog(tmp_path, {"post_url_redirects": value})
    assert len(errors) == 1, errors
    assert errors[0].startswith("mkdocs.yml:"), errors[0]
    assert f": post_url_redirects {wrong}" in errors[0], errors[0]
    assert " — " in errors[0]
