"""Drafts are left out of a build and shown, marked, in the preview; partial rebuilds of the
preview keep every listing whole. The preview's builds are scripts of MkDocs' API, each run in a
process of its own forked from one that has imported MkDocs (`run_python`)."""

from __future__ import annotations

from pathlib import Path

from helpers import PREVIEW_REBUILD, CommandRun, make_site, run_build, run_python

PUBLISHED = "---\ntitle: Published post\ndate: 2026-03-01\n---\n\nPublished opening.\n\n<!-- more -->\n\nRest.\n"
DRAFT = "---\ntitle: Draft post\ndate: 2026-03-02\ndraft: true\n---\n\nDraft opening.\n\n<!-- more -->\n\nRest.\n"
LINKED = (
    "---\ntitle: Second post\ndate: 2026-02-01\n---\n\nSecond opening, see "
    "[the published one](2026-03-01-published.md).\n\n<!-- more -->\n\nRest.\n"
)

# Builds the way `mkdocs serve` does (the plugin is told the command; drafts are kept for the
# preview), then, with --dirty, rebuilds after one post changed, in the same process.
PREVIEW = r"""
import os, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config

def preview(dirty):
    config = load_config(sys.argv[1], site_dir=sys.argv[2])
    config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)

preview(False)
if len(sys.argv) > 3:
    path = sys.argv[3]
    text = open(path, encoding="utf-8").read().replace("Published opening.", "Edited opening.")
    time.sleep(0.01)
    open(path, "w", encoding="utf-8").write(text)
    preview(True)
"""


def preview(project: Path, *touch: str) -> CommandRun:
    return run_python(PREVIEW, str(project / "mkdocs.yml"), str(project / "site"), *touch, cwd=project)


def test_a_build_leaves_drafts_out(tmp_path: Path) -> None:
    tagged = {
        "2026-03-01-published.md": PUBLISHED.replace("date: 2026-03-01\n", "date: 2026-03-01\ntags: [chips]\n"),
        "2026-03-02-draft.md": DRAFT.replace("draft: true\n", "draft: true\ntags: [chips, secret]\n"),
    }
    site = make_site(tmp_path, tagged)
    result = run_build(site)
    assert result.returncode == 0, result.output
    index = result.page("blog/")
    assert "Published opening." in index
    assert "Draft" not in index
    assert not (result.site / "blog" / "2026" / "03" / "02").exists()
    assert "Draft post" not in result.page("blog/archive/2026/")
    assert "Draft post" not in result.page("blog/2026/03/01/published/")  # no link to it
    chips = result.page("tags/chips/")
    assert "· 1 post</span>" in chips and "Draft post" not in chips
    assert not (result.site / "tags" / "secret").exists()  # a tag only drafts carry has no page
    assert "secret" not in result.page("tags/")
    assert "Draft post" not in (result.site / "feed.xml").read_text(encoding="utf-8")


def test_the_preview_shows_drafts_marked(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2026-03-01-published.md": PUBLISHED, "2026-03-02-draft.md": DRAFT})
    done = preview(site)
    assert done.returncode == 0, done.stderr
    index = (site / "site" / "blog" / "index.html").read_text(encoding="utf-8")
    assert "Draft opening." in index
    assert '<span class="almanac-draft">Draft</span>' in index
    draft_page = (site / "site" / "blog" / "2026" / "03" / "02" / "draft" / "index.html").read_text(encoding="utf-8")
    assert '<span class="almanac-draft">Draft</span>' in draft_page


def test_a_partial_rebuild_keeps_every_excerpt(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2026-03-01-published.md": PUBLISHED, "2026-02-01-second.md": LINKED})
    done = preview(site, str(site / "docs" / "blog" / "posts" / "2026-03-01-published.md"))
    assert done.returncode == 0, done.stderr
    index = (site / "site" / "blog" / "index.html").read_text(encoding="utf-8")
    assert "Edited opening." in index  # the changed post, converted again
    assert "Second opening, see" in index  # the unchanged one, from the earlier build
    # Its link to the other post, written relative to the post, resolves from the index.
    assert '<a href="2026/03/01/published/">the published one</a>' in index


def test_without_directory_urls_every_link_names_its_file(tmp_path: Path) -> None:
    from helpers import MINIMAL_CONFIG

    posts = {
        f"2026-03-{day:02d}-post-{day}.md": PUBLISHED.replace("2026-03-01", f"2026-03-{day:02d}").replace(
            "Published post", f"Post {day}"
        )
        for day in range(1, 13)
    }
    posts["2026-03-01-published.md"] = posts.pop("2026-03-01-post-1.md")  # LINKED links to it
    posts["2026-02-01-second.md"] = LINKED
    site = make_site(tmp_path, posts, config=MINIMAL_CONFIG + "use_directory_urls: false\n")
    result = run_build(site)
    assert result.returncode == 0, result.output
    index = result.page("blog/")
    assert 'href="page/2/index.html"' in index
    assert 'href="2026/03/12/post-12/index.html"' in index
    # The excerpt's link, written relative to its post, also names the file.
    assert '<a href="../../2026/03/01/published/index.html">the published one</a>' in result.page("blog/page/2/")
    assert result.broken_links() == []


def test_options_turn_the_archive_related_posts_and_feeds_off(tmp_path: Path) -> None:
    from helpers import MINIMAL_CONFIG

    options = "  - almanac/blog:\n      archive: false\n      related_limit: 0\n      feeds: false\n"
    tagged = {
        "2026-03-01-published.md": PUBLISHED.replace("date: 2026-03-01\n", "date: 2026-03-01\ntags: [chips]\n"),
        "2026-02-01-second.md": LINKED.replace("date: 2026-02-01\n", "date: 2026-02-01\ntags: [chips]\n"),
    }
    result = run_build(make_site(tmp_path, tagged, config=MINIMAL_CONFIG.replace("  - almanac/blog\n", options)))
    assert result.returncode == 0, result.output
    assert not (result.site / "blog" / "archive").exists()
    assert "All posts by year" not in result.page("blog/")
    assert "almanac-related" not in result.page("blog/2026/03/01/published/")
    assert not (result.site / "feed.xml").exists() and not (result.site / "tags" / "chips" / "feed.xml").exists()
    assert 'type="application/atom+xml"' not in result.page("tags/chips/")
    assert result.broken_links() == []


# A preview rebuild (not partial) after a mistake MkDocs finds as it converts the pages (a link
# to a missing post, in strict mode): it stops with the mistake, and the site the preview
# serves is the last good one, whole (the site folder used to be emptied before that check).
def test_a_failed_preview_rebuild_keeps_the_last_good_site(tmp_path: Path) -> None:
    from helpers import MINIMAL_CONFIG

    posts = {"2026-03-01-published.md": PUBLISHED, "2026-02-01-second.md": LINKED}
    site = make_site(tmp_path, posts, config=MINIMAL_CONFIG + "strict: true\n")
    broken = site / "docs" / "blog" / "posts" / "2026-03-05-broken.md"
    text = "---\ntitle: Broken\ndate: 2026-03-05\n---\n\nSee [x](nope.md).\n"
    done = run_python(PREVIEW_REBUILD, str(site / "mkdocs.yml"), str(site / "site"), str(broken), text, cwd=site)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["built", "stopped"]
    assert "docs/blog/posts/2026-03-05-broken.md:6: the link 'nope.md' leads to no file of the docs" in done.stderr
    assert not (site / "site" / "blog" / "2026" / "03" / "05").exists()
    index = (site / "site" / "blog" / "index.html").read_text(encoding="utf-8")
    assert "Published opening." in index and "Second opening" in index
    assert (site / "site" / "blog" / "2026" / "03" / "01" / "published" / "index.html").is_file()
    assert sorted(path.name for path in site.iterdir()) == ["docs", "mkdocs.yml", "site"]


def test_a_post_dated_after_the_build_date_waits(tmp_path: Path) -> None:
    # `ALMANAC_BUILD_DATE` (2026-11-28 in the tests) is the build's instant for posts too.
    later = PUBLISHED.replace("2026-03-01", "2026-11-29").replace("Published post", "Later post")
    site = make_site(tmp_path, {"2026-03-01-published.md": PUBLISHED, "2026-11-29-later.md": later})
    result = run_build(site)
    assert result.returncode == 0, result.output
    assert "Later post" not in result.page("blog/")
    assert not (result.site / "blog" / "2026" / "11" / "29").exists()
    on_the_day = PUBLISHED.replace("2026-03-01", "2026-11-28 23:30").replace("Published post", "Same day")
    (site / "docs" / "blog" / "posts" / "2026-11-28-same-day.md").write_text(on_the_day, encoding="utf-8")
    result = run_build(site)
    assert result.returncode == 0, result.output
    assert "Same day" in result.page("blog/")
