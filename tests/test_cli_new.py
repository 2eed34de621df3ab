"""`almanac new` writes a post the build publishes, with its tags and authors checked as the build
checks them, a slug readable in Latin letters, never over another file; `almanac` alone is a usage
error. Every command runs as a user runs it (`run_almanac`); the build is a real strict one."""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import os
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import frontmatter
import pytest

from almanac.core.blog.new_post import post_text
from almanac.core.blog.posts import parse_post

from helpers import BUILD_DATE, MINIMAL_CONFIG, copy_project, make_site, run_almanac, run_build

POSTS = Path("docs/blog/posts")
WRITABLE = "check that its folder is writable"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sample site: its tags (`data/tags.yaml`), authors and posts."""
    return copy_project(tmp_path)


def posts_of(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project / POSTS).rglob("*.md"))}


# --- A new post, published ----------------------------------------------------------------------


def test_a_new_post_is_published_on_the_blog_index_by_a_strict_build(project: Path) -> None:
    done = run_almanac("new", "Cache & relay prices: a café note", "--tags", "LLM,价格", "--author", "lin", cwd=project)
    assert done.returncode == 0, done.stderr
    name = f"{BUILD_DATE}-cache-relay-prices-a-cafe-note.md"  # dated the build's day (ALMANAC_BUILD_DATE)
    assert done.stdout == f"{POSTS / name}\n"
    text = (project / POSTS / name).read_text(encoding="utf-8")
    assert text == (
        "---\n"
        "title: 'Cache & relay prices: a café note'\n"
        f"date: {BUILD_DATE}\n"
        "tags: [large model, pricing]\n"  # the aliases written as the tags' names in data/tags.yaml
        "authors: [lin]\n"
        "---\n"
        "\n"
        "The opening paragraphs: the excerpt shown on the blog index and on tag pages.\n"
        "\n"
        "<!-- more -->\n"
        "\n"
        "The rest of the post.\n"
    )
    built = run_build(project)
    assert built.returncode == 0, built.output
    index = built.page("blog/")
    year, month, day = BUILD_DATE.split("-")
    url = f"{year}/{month}/{day}/cache-relay-prices-a-cafe-note/"
    first = re.search(r'<h2[^>]*>\s*<a href="([^"]+)"[^>]*>([^<]*)</a>', index)
    assert first is not None and first.group(1) == url, "the newest post heads the index"
    assert first.group(2).strip() == "Cache &amp; relay prices: a café note"
    assert "The opening paragraphs: the excerpt shown on the blog index" in index
    assert "Cache &amp; relay prices" in built.page("tags/pricing/")
    assert "Cache &amp; relay prices" in built.page(f"blog/{url}")


def test_drafts_and_scheduled_posts_are_written_and_the_build_says_it_left_them_out(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    assert run_almanac("new", "Published today", cwd=site).returncode == 0
    draft = run_almanac("new", "Not ready", "--draft", cwd=site)
    assert draft.returncode == 0, draft.stderr
    assert "draft: true\n---\n" in (site / draft.stdout.strip()).read_text(encoding="utf-8")
    assert "left out of `mkdocs build`" in draft.stderr
    later = run_almanac("new", "Next year", "--date", "2027-01-04", cwd=site)
    assert later.returncode == 0, later.stderr
    assert later.stdout == f"{POSTS / '2027-01-04-next-year.md'}\n"
    assert "draft" not in (site / later.stdout.strip()).read_text(encoding="utf-8")
    assert f"dated after today ({BUILD_DATE}): scheduled" in later.stderr
    built = run_build(site)
    assert built.returncode == 0, built.output
    assert "INFO    -  almanac: blog: 2 drafts left out of the site (shown in `mkdocs serve`)" in built.output
    index = built.page("blog/")
    assert "Published today" in index and "Not ready" not in index and "Next year" not in index

    (site / draft.stdout.strip()).unlink()
    (site / later.stdout.strip()).unlink()
    built = run_build(site)
    assert built.returncode == 0, built.output
    assert "left out of the site" not in built.output


# --- The date: today where the blog is, scheduled as the build schedules ------------------------

SHANGHAI = MINIMAL_CONFIG.replace("- almanac/blog", "- almanac/blog: {timezone: Asia/Shanghai}")
#: 16:15 UTC on 5 December: 00:15 on 6 December in Shanghai.
CLOCK = dt.datetime(2026, 12, 5, 16, 15, tzinfo=dt.UTC)


def new_at(clock: dt.datetime, site: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """`almanac new *args` run in `site`, in this process, with the clock at `clock` and no pinned
    date: the exit status, standard output and standard error."""
    import sys

    import almanac.core.project
    from almanac import cli

    monkeypatch.delenv("ALMANAC_BUILD_DATE", raising=False)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(site)
    original = almanac.core.project.build_time
    monkeypatch.setattr(almanac.core.project, "build_time", functools.partial(original, clock=clock))
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    logger = logging.getLogger("mkdocs")  # the command quiets it: left as it was
    level, propagate = logger.level, logger.propagate
    try:
        code = cli.main(["new", *args])
    finally:
        logger.setLevel(level)
        logger.propagate = propagate
    return code, out.getvalue(), err.getvalue()


def test_without_a_pinned_date_the_post_is_dated_today_where_the_blog_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path, {}, config=SHANGHAI)
    code, out, err = new_at(CLOCK, site, "After midnight", monkeypatch=monkeypatch)
    assert code == 0, err
    assert out == f"{POSTS / '2026-12-06-after-midnight.md'}\n"
    assert err == (
        "almanac new: dated 2026-12-06: today in Asia/Shanghai, the blog's time zone "
        "(2026-12-05 in UTC, the date `almanac check` gives)\n"
    )
    # A build at that instant publishes it: dated today where the blog is, it is not scheduled.
    text = (site / out.strip()).read_text(encoding="utf-8")
    post = parse_post(
        text, src_uri="blog/posts/x.md", display_path="x.md", timezone=ZoneInfo("Asia/Shanghai"), now=CLOCK
    )
    assert not post.scheduled and not post.draft
    # The next day where the blog is waits, and is said to.
    code, out, err = new_at(CLOCK, site, "Tomorrow", "--date", "2026-12-07", monkeypatch=monkeypatch)
    assert code == 0, err
    assert err.splitlines() == [
        "almanac new: dated 2026-12-07: --date",
        "almanac new: dated after today (2026-12-06): scheduled, left out of the site until a build on or after "
        "2026-12-07",
    ]


def test_where_the_blog_keeps_utc_today_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = new_at(CLOCK, make_site(tmp_path, {}), "Same day", monkeypatch=monkeypatch)
    assert code == 0, err
    assert out == f"{POSTS / '2026-12-05-same-day.md'}\n"
    assert err == "almanac new: dated 2026-12-05: today\n"


def test_a_pinned_date_is_the_posts_date_and_the_build_publishes_up_to_its_end_where_the_blog_is(
    tmp_path: Path,
) -> None:
    # ALMANAC_BUILD_DATE is BUILD_DATE; the blog is 8 hours ahead of UTC. The next day begins in
    # Shanghai before the pinned day ends in UTC: it is scheduled all the same, as `almanac new` says.
    site = make_site(tmp_path, {}, config=SHANGHAI)
    today = run_almanac("new", "On the day", cwd=site)
    assert today.returncode == 0, today.stderr
    assert today.stdout == f"{POSTS / (BUILD_DATE + '-on-the-day.md')}\n"
    assert today.stderr == f"almanac new: dated {BUILD_DATE}: the build's date (ALMANAC_BUILD_DATE)\n"
    following = (dt.date.fromisoformat(BUILD_DATE) + dt.timedelta(days=1)).isoformat()
    later = run_almanac("new", "The day after", "--date", following, cwd=site)
    assert later.returncode == 0, later.stderr
    assert f"dated after today ({BUILD_DATE}): scheduled" in later.stderr
    built = run_build(site)
    assert built.returncode == 0, built.output
    index = built.page("blog/")
    assert "On the day" in index and "The day after" not in index


def test_the_posts_folder_and_config_file_are_those_of_mkdocs_yml(tmp_path: Path) -> None:
    config = MINIMAL_CONFIG.replace("- almanac/blog", "- almanac/blog: {posts_dir: writing}")
    site = make_site(tmp_path / "site", {}, config=config.replace("site_name:", "docs_dir: pages\nsite_name:"))
    (site / "docs").rename(site / "pages")
    done = run_almanac("new", "Elsewhere", "-f", "site/mkdocs.yml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"site/pages/writing/{BUILD_DATE}-elsewhere.md\n"
    assert (site / "pages" / "writing" / f"{BUILD_DATE}-elsewhere.md").is_file()


# --- Slugs ---------------------------------------------------------------------------------------


def test_a_chinese_title_asks_for_a_slug_and_keeps_its_characters(project: Path) -> None:
    before = posts_of(project)
    done = run_almanac("new", "大模型价格战", cwd=project)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "gives no readable Latin slug" in done.stderr and "--slug short-name" in done.stderr
    assert "Traceback" not in done.stderr
    mixed = run_almanac("new", "DeepSeek V4 的价格", cwd=project)
    assert mixed.returncode == 2 and "--slug deepseek-v4" in mixed.stderr  # the Latin words, as a start
    assert posts_of(project) == before

    done = run_almanac("new", "大模型价格战", "--slug", "Model Price War", "--tags", "大模型", cwd=project)
    assert done.returncode == 0, done.stderr
    text = (project / done.stdout.strip()).read_text(encoding="utf-8")
    assert done.stdout.strip().endswith(f"{BUILD_DATE}-model-price-war.md")
    assert text.startswith(f"---\ntitle: 大模型价格战\ndate: {BUILD_DATE}\ntags: [large model]\n---\n")


def test_a_slug_with_nothing_to_keep_is_a_usage_error(project: Path) -> None:
    done = run_almanac("new", "Prices", "--slug", "@@@", cwd=project)
    assert done.returncode == 2
    assert "--slug '@@@' has no letter or digit" in done.stderr


# --- Problems: exit 1, nothing written -----------------------------------------------------------


def test_an_existing_post_is_never_overwritten(project: Path) -> None:
    first = run_almanac("new", "Twice", cwd=project)
    assert first.returncode == 0
    path = project / first.stdout.strip()
    path.write_text(path.read_text(encoding="utf-8") + "Written by hand.\n", encoding="utf-8")
    kept = path.read_bytes()
    again = run_almanac("new", "Twice", "--tags", "pricing", cwd=project)
    assert again.returncode == 1
    assert again.stdout.startswith(f"{POSTS / path.name}:1: a post of this name exists already")
    assert path.read_bytes() == kept
    # Anywhere under the posts folder: the build would find both.
    (project / POSTS / "2026").mkdir()
    path.rename(project / POSTS / "2026" / path.name)
    moved = run_almanac("new", "Twice", cwd=project)
    assert moved.returncode == 1
    assert moved.stdout.startswith(f"{POSTS / '2026' / path.name}:1: a post of this name exists already")
    assert not path.exists()


def test_unknown_tags_and_authors_are_refused_with_the_closest_known(project: Path) -> None:
    before = posts_of(project)
    done = run_almanac(
        "new", "Prices", "--tags", "prcing, large modle", "--tags", "zzzz", "--author", "lni", cwd=project
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        '--tags: unknown tag "prcing" — did you mean "pricing"? The tags are listed in data/tags.yaml',
        '--tags: unknown tag "large modle" — did you mean "large model"? The tags are listed in data/tags.yaml',
        '--tags: unknown tag "zzzz" — use a tag of data/tags.yaml, or add this one there',
        "--author: unknown author `lni` — did you mean `lin`? Or add it to docs/blog/.authors.yml",
    ]
    assert done.stderr == "almanac new: 4 problems, no post written\n"
    assert posts_of(project) == before


def test_tags_are_taken_as_the_build_takes_them(project: Path) -> None:
    # Spellings the build's vocabulary matches (case, width, spaces), each tag once.
    done = run_almanac("new", "Spellings", "--tags", "ＬＬＭ,  Large   Model ,pricing", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "tags: [large model, pricing]\n" in (project / done.stdout.strip()).read_text(encoding="utf-8")
    # Without `almanac/data`, the build takes any tag that can have a page.
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - almanac/data\n", ""), encoding="utf-8")
    free = run_almanac("new", "Free tags", "--tags", "anything new", cwd=project)
    assert free.returncode == 0, free.stderr
    assert "tags: [anything new]\n" in (project / free.stdout.strip()).read_text(encoding="utf-8")
    pageless = run_almanac("new", "No page", "--tags", "+++", cwd=project)
    assert pageless.returncode == 1
    assert pageless.stdout.startswith("--tags: the tag '+++' has no letter or digit")


def test_the_problems_of_the_tags_file_are_the_loaders_at_their_lines(project: Path) -> None:
    """No tag can be checked against a `data/tags.yaml` with problems: each is printed as the build reports
    it, at its line (those of other data files are left to `almanac check`)."""
    before = posts_of(project)
    tags = project / "data" / "tags.yaml"
    tags.write_text("- name: pricing\n  aliases: [price]\n- name: [\n", encoding="utf-8")
    done = run_almanac("new", "Prices", "--tags", "pricing", cwd=project)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "data/tags.yaml:4:1: YAML syntax error: did not find expected node content — a '[' or '{' is not closed, "
        "or a ',' is missing between items"
    ]
    assert done.stderr == "almanac new: 1 problem, no post written\n"

    tags.write_text(
        "- name: pricing\n  aliases: [price, Pricing]\n- name: chips\n  aliases: [price]\n", encoding="utf-8"
    )
    vendor = next((project / "data" / "vendors").glob("*.yaml"))
    vendor.write_text("vendor: [\n", encoding="utf-8")
    done = run_almanac("new", "Prices", "--tags", "pricing", cwd=project)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "data/tags.yaml:2:20: [0].aliases[1]: 'Pricing' is repeated in this tag — keep it once",
        "data/tags.yaml:4:13: [1].aliases[0]: 'price' is already an alias of the tag 'pricing' — each spelling "
        "belongs to one tag: remove it here or there",
    ]
    assert done.stderr == "almanac new: 2 problems, no post written\n"
    assert posts_of(project) == before


def test_a_project_without_the_blog_is_a_problem(tmp_path: Path) -> None:
    site = make_site(tmp_path, {}, config=MINIMAL_CONFIG.replace("plugins:\n  - almanac/blog\n", ""))
    done = run_almanac("new", "Prices", cwd=site)
    assert done.returncode == 1
    assert done.stdout.startswith("mkdocs.yml: the almanac/blog plugin is not on")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_posts_folder_is_named(project: Path) -> None:
    folder = project / POSTS
    folder.chmod(0o555)
    try:
        done = run_almanac("new", "Prices", cwd=project)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1
    name = f"{BUILD_DATE}-prices.md"
    assert done.stdout == f"{POSTS / name}: cannot be written (Permission denied) — {WRITABLE}\n"
    assert not (folder / name).exists()


def test_a_file_in_the_place_of_the_posts_folder_is_named(project: Path) -> None:
    shutil.rmtree(project / POSTS)
    (project / POSTS).write_text("not a folder\n", encoding="utf-8")
    done = run_almanac("new", "Prices", cwd=project)
    assert done.returncode == 1
    assert done.stdout == (
        f"{POSTS}:1: is a file, where the folder of the new post {POSTS / (BUILD_DATE + '-prices.md')} should be"
        " — move or rename it, so that the folder can be made\n"
    )
    assert (project / POSTS).read_text(encoding="utf-8") == "not a folder\n"
    # A file further up is named too.
    shutil.rmtree(project / "docs" / "blog")
    (project / "docs" / "blog").write_text("not a folder either\n", encoding="utf-8")
    done = run_almanac("new", "Prices", cwd=project)
    assert done.returncode == 1
    assert done.stdout.startswith("docs/blog:1: is a file, where the folder of the new post")


# --- The command line: exit 2 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new"], "the following arguments are required: title"),
        (["new", "  "], "the title is empty"),
        (["new", "Two\nlines"], "the title holds a line break"),
        (["new", "Prices", "--date", "2026-02-30"], "--date '2026-02-30' is not a date — write it as YYYY-MM-DD"),
        (["new", "Prices", "--date", "3026-01-01"], "is in the year 3026"),
        (["new", "Prices", "-f", "nowhere.yml"], "nowhere.yml: no such file"),
        (["new", "Prices", "--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_a_bad_command_line_exits_with_2(project: Path, args: list[str], message: str) -> None:
    before = posts_of(project)
    done = run_almanac(*args, cwd=project)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert posts_of(project) == before


def test_almanac_alone_prints_the_help_and_exits_with_2(tmp_path: Path) -> None:
    done = run_almanac(cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("usage: almanac")
    assert "new " in done.stderr and "check " in done.stderr


def test_the_help_of_new_has_an_example(tmp_path: Path) -> None:
    done = run_almanac("new", "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "examples:\n  almanac new " in done.stdout
    assert "--slug" in done.stdout and "--draft" in done.stdout


# --- The text written ----------------------------------------------------------------------------


def test_the_text_reads_back_the_same_through_the_build_and_python_frontmatter() -> None:
    title = "A title of more than eighty characters, with: a colon, # a hash, 'quotes' and 中文 — not folded"
    date = dt.date(2026, 3, 30)
    text = post_text(title, date, tags=["large model", "大模型 news"], authors=["lin", "mei"], draft=True)
    assert text.split("---\n")[1].splitlines()[0].startswith("title: ")  # on one line
    assert "\\u" not in text and "中文" in text
    post = parse_post(text, src_uri="blog/posts/x.md", display_path="x.md", timezone=ZoneInfo("UTC"))
    assert (post.title, post.date.date(), post.tags, post.authors, post.draft) == (
        title,
        date,
        ("large model", "大模型 news"),
        ("lin", "mei"),
        True,
    )
    assert post.has_more
    loaded = frontmatter.loads(text)
    assert list(loaded.metadata) == ["title", "date", "tags", "authors", "draft"]
    assert frontmatter.dumps(loaded, sort_keys=False) != ""  # python-frontmatter reads what it wrote
    for value in ("yes", "null", "2026", "- x", "[a]", "@home"):  # YAML would read these as something else
        assert (
            parse_post(post_text(value, date), src_uri="p.md", display_path="p.md", timezone=ZoneInfo("UTC")).title
            == value
        )
