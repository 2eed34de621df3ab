"""On a generated 100-post, 12-tag blog, every post's Markdown is converted exactly once,
however many listing, tag and feed pages show it, and whichever process converts it (the build's
or a worker's: `processes: 2`). Counted, not timed: 100 posts make ten pages of the blog index,
paged tag pages and full feeds, all a bigger blog has (the count is the same at 1,000, and took
15 s)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_python

# Each conversion, in the build's process or a worker forked from it, is one line of the file
# sys.argv[3] (its process and source), written in one call to a file opened to append.
COUNTER = r"""
import json, os, sys
import markdown
from mkdocs.commands.build import build
from mkdocs.config import load_config

original = markdown.Markdown.convert
def counting(self, source):
    line = json.dumps([os.getpid(), source]) + "\n"
    descriptor = os.open(sys.argv[3], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.write(descriptor, line.encode("utf-8"))
    os.close(descriptor)
    return original(self, source)
markdown.Markdown.convert = counting

config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
config.plugins["almanac/blog"].config["processes"] = 2
build(config)
"""


@pytest.mark.slow
def test_each_post_is_converted_once_on_a_100_post_blog(tmp_path: Path) -> None:
    import sitegen

    config = sitegen.generate_site(tmp_path / "site-src", posts=100, tags=12, words=150, drafts=5)
    out = tmp_path / "sources.json"
    # In a process of its own (forked from one that has imported MkDocs), where counting changes nothing else.
    done = run_python(COUNTER, str(config), str(tmp_path / "site"), str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    converted_by = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    sources: list[str] = [source for _, source in converted_by]
    assert len({process for process, _ in converted_by}) == 2  # the build's and one worker

    posts = sorted((tmp_path / "site-src" / "docs" / "blog" / "posts").glob("*.md"))
    assert len(posts) == 100
    drafts = 0
    for path in posts:
        text = path.read_text(encoding="utf-8")
        opening = text.split("---\n", 2)[2].strip().split("\n")[0]
        converted = sum(opening in source for source in sources)
        if "draft: true" in text:
            drafts += 1
            assert converted == 0, f"{path.name}: a draft is not converted in a build"
        else:
            assert converted == 1, f"{path.name} converted {converted} times"
    assert drafts == 5

    # Nothing else is converted twice either: one conversion per built page, and the blog
    # index has 10 pages (95 posts, 10 a page) that hold only excerpts placed as text.
    site = tmp_path / "site"
    pages = list(site.rglob("index.html"))
    listing_pages = [p for p in pages if "/blog/page/" in p.as_posix()]
    assert len(listing_pages) == 9  # pages 2 … 10; page 1 is /blog/
    assert len(sources) == len(pages)
    # Tag pages (one or more per tag) and feeds add no conversion of a post: every other
    # conversion is the empty body of a generated page, or the home page.
    tag_pages = [p for p in pages if p.relative_to(site).parts[0] == "tags"]
    assert len(tag_pages) > 12
    assert any("page" in p.relative_to(site).parts for p in tag_pages)  # a tag's listing runs over pages
    others = [source for source in sources if "<!-- more -->" not in source]
    assert len(others) == len(pages) - 95
    assert {source.strip() for source in others} - {""} == {
        (tmp_path / "site-src" / "docs" / "index.md").read_text(encoding="utf-8").strip()
    }
