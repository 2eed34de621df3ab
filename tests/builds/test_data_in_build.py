"""The build checks data/ before writing anything, publishes the JSON Schemas, and the preview
watches data/: a bad edit prints its errors and the last good site stays served. Built from the
fixed project `tests/fixtures/priced/` (the sample's configuration, part of its data, one post) where
pages of many entities are read, else from the smallest valid project; the schemas are read from the
sample's build."""

from __future__ import annotations

import re
import shutil
import urllib.request
from pathlib import Path

import pytest

import launcher
from helpers import ROOT, BuildResult, build_env, free_port, run_build, wait_for_log

PRICED = ROOT / "tests" / "fixtures" / "priced"
#: The smallest valid project (one vendor, model and provider, three posts): for what needs little data.
SMALL = ROOT / "tests" / "fixtures" / "bad" / "_base"
RELAYS = "docs/blog/posts/2026-03-30-relays.md"


def copy_project(destination: Path, fixture: Path = PRICED) -> Path:
    """A copy of the fixed project `tests/fixtures/priced/` (or of `fixture`) in `destination`."""
    shutil.copytree(fixture, destination, dirs_exist_ok=True)
    return destination


def test_a_bad_data_file_stops_the_build_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path, SMALL)
    fx = project / "data" / "fx.yaml"
    lines = fx.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if 'per_usd: "7.10"' in line)
    lines[number] = lines[number].replace('per_usd: "7.10"', 'per_usd: "-7.10"')
    fx.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert re.search(rf"^ERROR\s+-\s+data/fx\.yaml:{number + 1}:\d+: .*-7\.10", result.output, re.M), result.output
    assert "Traceback" not in result.output
    assert not (project / "site").exists()


def test_schemas_are_published_with_the_site(sample_build: BuildResult) -> None:
    names = sorted(p.name for p in (sample_build.site / "schema").glob("*.schema.json"))
    assert names == [f"{k}.schema.json" for k in ("fx", "incidents", "provider", "status", "tags", "vendor")]


def test_preview_rebuilds_on_data_changes_and_survives_a_bad_edit(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", SMALL)
    port = free_port()
    log = tmp_path / "serve.log"
    # `mkdocs serve`, forked from the process that has imported MkDocs and the plugins (`launcher.py`).
    argv = ["serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    server = launcher.start("mkdocs", argv, cwd=project, env=build_env(), log=log)
    try:
        position = wait_for_log(log, "Serving on", 0)
        url = f"http://127.0.0.1:{port}/base/blog/"  # served under the path of its `site_url`

        def fetch() -> int:
            with urllib.request.urlopen(url, timeout=10) as response:
                return int(response.status)

        assert fetch() == 200
        fx = project / "data" / "fx.yaml"
        good = fx.read_text(encoding="utf-8")
        fx.write_text(good.replace("base: USD", "base: [USD"), encoding="utf-8")
        position = wait_for_log(log, "data/fx.yaml:", position)
        position = wait_for_log(log, "keeps showing the last good build", position)
        assert fetch() == 200  # the last good site is still served, not held
        fx.write_text(good, encoding="utf-8")
        # The rebuild after the fix ends (MkDocs reloads the browsers after each one) and fails no more.
        position = wait_for_log(log, "Detected file changes", position)
        wait_for_log(log, "Reloading browsers", position)
        text = log.read_text(encoding="utf-8")
        last = text[text.rindex("Building documentation") :]
        assert "ERROR" not in last and "keeps showing the last good build" not in last, text
        assert fetch() == 200
        assert server.poll() is None
    finally:
        server.stop(timeout=30)
    text = log.read_text()
    assert "Traceback" not in text
    assert "appear stuck" not in text


ANCHORED = (
    "\n\nSee [the offers](../../models/claude-sonnet-4-5/index.md#offers), "
    "[the status](../../providers/relay-a/index.md#status) and [every offer](../../prices/index.md#all-offers).\n"
)
MORE_POSTS = {
    f"2026-0{month}-01-more-{month}.md": f"---\ntitle: More {month}\ndate: 2026-0{month}-01\n---\n\nText.\n"
    for month in (4, 5, 6)
}
OVERRIDE = (
    '{% extends "base.html" %}\n'
    '{% block site_nav %}<p class="whose-nav">{{ page.title }}</p>{{ super() }}{% endblock %}\n'
)


@pytest.fixture(scope="module")
def overridden(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A build of the fixed project with four posts, one linking to headings of generated pages, and a
    theme override that shows each page's title in its navigation."""
    project = copy_project(tmp_path_factory.mktemp("overridden"))
    post = project / RELAYS
    post.write_text(post.read_text(encoding="utf-8") + ANCHORED, encoding="utf-8")
    for name, text in MORE_POSTS.items():
        (project / "docs" / "blog" / "posts" / name).write_text(text, encoding="utf-8")
    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(OVERRIDE, encoding="utf-8")
    _edit_config(project, "\n  name: material\n", "\n  name: material\n  custom_dir: overrides\n")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


def test_posts_link_to_headings_of_generated_pages(overridden: BuildResult, tmp_path: Path) -> None:
    # Generated pages are HTML, not Markdown: MkDocs learns their anchors from us. With
    # `validation: anchors: warn` and `strict`, a missing anchor fails the build.
    page = overridden.page("blog/2026/03/30/relays/")
    assert 'href="../../../../../models/claude-sonnet-4-5/#offers"' in page
    assert 'href="../../../../../providers/relay-a/#status"' in page
    assert 'href="../../../../../prices/#all-offers"' in page

    project = copy_project(tmp_path, SMALL)
    post = project / "docs" / "blog" / "posts" / "2026-03-01-first.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text + "\n\nSee [nothing](../../models/acme-large/index.md#no-such-heading).\n")
    result = run_build(project)
    assert result.returncode == 1
    assert "names an anchor that 'models/acme-large/index.md' does not have" in result.output, result.output


def _edit_config(project: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in the project's `mkdocs.yml`."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


def test_the_removed_parallel_option_stops_the_build_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path, SMALL)
    _edit_config(project, "  - almanac/data\n", "  - almanac/data:\n      parallel: false\n")
    line = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines().index("      parallel: false") + 1
    result = run_build(project)
    assert result.returncode == 1
    assert re.search(
        rf"^ERROR\s+-\s+mkdocs\.yml:{line}: parallel is no longer an option of almanac/data — .*delete this line$",
        result.output,
        re.M,
    ), result.output
    assert "Traceback" not in result.output


def test_a_theme_override_that_shows_the_page_in_the_navigation(overridden: BuildResult) -> None:
    # Entity pages share their navigation only when it is the same on two of them: an override
    # that writes the page's title there gets each page's own.
    result = overridden
    assert '<p class="whose-nav">Claude Sonnet 4.5</p>' in result.page("models/claude-sonnet-4-5/")
    pages = sorted((result.site / "models").glob("*/index.html"))
    shown = {title for p in pages for title in re.findall(r'<p class="whose-nav">([^<]*)</p>', p.read_text("utf-8"))}
    assert len(pages) > 3 and len(shown) == len(pages)
    # Posts share their navigation the same way.
    posts = sorted((result.site / "blog").glob("20*/*/*/*/index.html"))
    titles = {title for p in posts for title in re.findall(r'<p class="whose-nav">([^<]*)</p>', p.read_text("utf-8"))}
    assert len(posts) > 3 and len(titles) == len(posts)


def test_without_directory_urls_every_link_names_a_file(tmp_path: Path) -> None:
    # `use_directory_urls: false` makes a site that works opened from disk: links must end in
    # `index.html`, those of the tables and charts included.
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert result.broken_links() == []
    for page in ("prices/index.html", "models/index.html", "providers/relay-a/index.html", "status/index.html"):
        html = (result.site / page).read_text(encoding="utf-8")
        links = re.findall(r'href="([^"#:]*)"', html)
        assert links and [link for link in links if link.endswith("/")] == [], page
