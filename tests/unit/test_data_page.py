"""Entity pages in MkDocs: no Markdown to convert, and parts of the theme's page shared by the
pages of a kind only when two of them drew the same HTML."""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from almanac.core.data.pages.catalogue import GeneratedPage
from almanac.mkdocs.data.page import TEMPLATE, DataPage, kind_of
from almanac.mkdocs.shared import SharedBlocks


def _config(tmp_path: Path) -> MkDocsConfig:
    config = MkDocsConfig()
    (tmp_path / "docs").mkdir(exist_ok=True)
    config.load_dict({"site_name": "Test", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    errors, _warnings = config.validate()
    assert not errors
    return config


def _page(config: MkDocsConfig, kind: str, entity: str, title: str) -> DataPage:
    generated = GeneratedPage(kind, f"{kind}s/{entity}/", title, entity)
    return DataPage(generated, _file(config, generated.src_uri), config)


def _file(config: MkDocsConfig, src_uri: str) -> File:
    return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)


def test_a_data_page_has_its_title_and_no_markdown(tmp_path: Path) -> None:
    config = _config(tmp_path)
    page = _page(config, "model", "a", "A <b> & B")
    assert page.file.page is page
    page.read_source(config)
    page.render(config, Files([page.file]))
    assert page.title == "A &lt;b&gt; &amp; B"  # the theme writes titles unescaped
    assert page.meta["template"] == TEMPLATE and page.meta["hide"] == ["toc"]
    assert page.content == "" and page.present_anchor_ids == set() and len(page.toc) == 0


def _environment(template: str, shared: SharedBlocks) -> jinja2.Environment:
    loader = jinja2.DictLoader(
        {
            "base.html": template,
            "page.html": '{% extends "base.html" %}'
            '{% block nav %}{% call almanac_shared("nav") %}{{ super() }}{% endcall %}{% endblock %}',
        }
    )
    env = jinja2.Environment(loader=loader)
    env.globals["almanac_shared"] = shared
    return env


def test_parts_drawn_the_same_twice_are_shared(tmp_path: Path) -> None:
    config = _config(tmp_path)
    shared = SharedBlocks()
    shared.add_kinds(kind_of)
    env = _environment("<h1>{{ page.title }}</h1>{% block nav %}<nav>menu</nav>{% endblock %}", shared)
    pages = [_page(config, "model", f"m{n}", f"Model {n}") for n in range(4)]
    for page in pages:
        page.read_source(config)
    outputs = [env.get_template("page.html").render(page=page) for page in pages]
    assert outputs == [f"<h1>Model {n}</h1><nav>menu</nav>" for n in range(4)]
    assert shared.reused == 2  # drawn for the first two pages, reused for the last two


def test_a_part_that_shows_the_page_is_drawn_for_every_page(tmp_path: Path) -> None:
    config = _config(tmp_path)
    shared = SharedBlocks()
    shared.add_kinds(kind_of)
    env = _environment("{% block nav %}<nav>{{ page.title }}</nav>{% endblock %}", shared)
    pages = [_page(config, "model", f"m{n}", f"Model {n}") for n in range(4)]
    for page in pages:
        page.read_source(config)
    outputs = [env.get_template("page.html").render(page=page) for page in pages]
    assert outputs == [f"<nav>Model {n}</nav>" for n in range(4)]
    assert shared.reused == 0


def test_kinds_and_other_pages_do_not_share(tmp_path: Path) -> None:
    config = _config(tmp_path)
    shared = SharedBlocks()
    shared.add_kinds(kind_of)
    env = _environment("{% block nav %}<nav>{{ page.file.src_uri.split('/')[0] }}</nav>{% endblock %}", shared)
    pages = [_page(config, kind, f"x{n}", "X") for kind in ("model", "vendor") for n in range(3)]
    outputs = [env.get_template("page.html").render(page=page) for page in pages]
    assert outputs == ["<nav>models</nav>"] * 3 + ["<nav>vendors</nav>"] * 3
    assert shared.reused == 2  # the third model and the third vendor
    plain = Page(None, _file(config, "about.md"), config)
    assert env.get_template("page.html").render(page=plain) == "<nav>about.md</nav>"
    assert shared.reused == 2
