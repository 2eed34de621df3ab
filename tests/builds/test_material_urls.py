"""A blog moved from Material for MkDocs keeps its URLs: the posts of
`tests/fixtures/material-blog/` built by Material's own blog plugin and by `almanac/blog`
configured with Material's URL options are published at the same addresses, with Material's
defaults (`{date}/{slug}`, `yyyy/MM/dd`, slugs from titles: the README's migration lines) and
with `{categories}` (two of them, and none), `{file}` and another date format. The pages of each
category, and of each author (`authors_profiles: true`), are at Material's addresses too."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from test_readme import fences, section

from helpers import run_build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "material-blog"


def readme_options() -> dict[str, object]:
    """The options of `almanac/blog` the README's "Moving a blog from Material for MkDocs" gives."""
    [snippet] = fences(section("Moving a blog from Material for MkDocs"), "yaml")
    plugins = yaml.safe_load(snippet)["plugins"]
    [options] = [entry["almanac/blog"] for entry in plugins if isinstance(entry, dict) and "almanac/blog" in entry]
    assert isinstance(options, dict)
    return options


#: (Material's blog options, almanac/blog's options that should give the same URLs): with Material's
#: defaults, the README's lines.
FORMATS: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "defaults": ({}, readme_options()),
    "date-categories-and-file": (
        {
            "post_url_format": "{date}/{categories}/{file}",
            "post_url_date_format": "yy.M.d",
            "post_url_max_categories": 2,
        },
        {
            "post_url_format": "blog/{date}/{categories}/{file}/",
            "post_url_date_format": "yy.M.d",
            "post_url_max_categories": 2,
        },
    ),
}


def yaml_options(options: dict[str, object], indent: str) -> str:
    return "".join(
        f"{indent}{key}: {value!r}\n" if isinstance(value, str) else f"{indent}{key}: {value}\n"
        for key, value in options.items()
    )


def post_pages(site: Path) -> set[str]:
    """The URL of every post page of a built site: its pages under blog/ that show one post."""
    found = set()
    for page in site.glob("blog/**/index.html"):
        url = page.parent.relative_to(site).as_posix() + "/"
        if re.match(r"blog/(|archive/.*|category/.*|page/.*|author/.*)$", url):
            continue
        found.add(url)
    return found


def view_pages(site: Path, folder: str) -> set[str]:
    """The URL of every page of a category (`category`) or of an author (`author`) of a built site."""
    return {page.parent.relative_to(site).as_posix() + "/" for page in site.glob(f"blog/{folder}/**/index.html")}


def published_posts() -> int:
    posts = (FIXTURE / "docs" / "blog" / "posts").glob("*.md")
    return sum(1 for post in posts if not re.search(r"^draft: true$", post.read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_posts_keep_the_urls_materials_blog_plugin_gives_them(name: str, tmp_path: Path) -> None:
    material_options, almanac_options = FORMATS[name]
    material = tmp_path / "material"
    shutil.copytree(FIXTURE / "docs", material / "docs")
    (material / "mkdocs.yml").write_text(
        "site_name: Material Posts\ntheme:\n  name: material\n  font: false\nplugins:\n  - blog:\n"
        "      authors_profiles: true\n" + yaml_options(material_options, "      "),
        encoding="utf-8",
    )
    almanac = tmp_path / "almanac"
    shutil.copytree(FIXTURE, almanac)
    config = (almanac / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - almanac/blog:\n", "  - almanac/blog:\n" + yaml_options(almanac_options, "      "), 1)
    (almanac / "mkdocs.yml").write_text(config, encoding="utf-8")

    by_material = run_build(material, strict=False)
    assert by_material.returncode == 0, by_material.output
    by_almanac = run_build(almanac)
    assert by_almanac.returncode == 0, by_almanac.output

    urls = post_pages(by_material.site)
    assert len(urls) == published_posts(), urls
    assert post_pages(by_almanac.site) == urls
    for folder in ("category", "author"):
        views = view_pages(by_material.site, folder)
        assert views, f"the fixture's posts name no {folder}"
        assert view_pages(by_almanac.site, folder) == views
