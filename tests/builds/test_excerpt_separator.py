"""A custom excerpt separator (`post_excerpt_separator`, Material's option): the Material-style
fixture built with `post_excerpt_separator: "::more::"` and one more post cut by it, at the end
of a paragraph, after the same text in code. The listings show the text before it, the post's
page all of it, and neither ever shows the separator."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import BuildResult, run_build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "material-blog"
POST = "blog/2024/03/25/cut/index.html"
TEXT = """---
title: Cut by a custom separator
date: 2024-03-25
---

```text
::more:: in code does not cut
```

The opening, shown on the index. ::more::
The rest of the paragraph, only on the page.

The last words.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("separator") / "project"
    shutil.copytree(FIXTURE, project)
    config = project / "mkdocs.yml"
    written = config.read_text(encoding="utf-8")
    option = "      timezone: UTC\n"
    assert option in written
    config.write_text(written.replace(option, option + '      post_excerpt_separator: "::more::"\n'), encoding="utf-8")
    (project / "docs/blog/posts/2024-03-25-cut.md").write_text(TEXT, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


def card_of(index: str, title: str) -> str:
    start = index.index(f">{title}</a></h2>")
    return index[start : index.index("</article>", start)]


def test_the_listing_shows_the_text_before_the_separator(built: BuildResult) -> None:
    card = card_of((built.site / "blog/index.html").read_text(encoding="utf-8"), "Cut by a custom separator")
    assert "::more:: in code does not cut" in card
    assert re.search(r"<p>The opening, shown on the index\.</p>", card)
    assert "The rest of the paragraph" not in card
    assert "The last words" not in card


def test_the_post_shows_everything_but_the_separator(built: BuildResult) -> None:
    post = (built.site / POST).read_text(encoding="utf-8")
    assert "The opening, shown on the index." in post
    assert "The rest of the paragraph, only on the page." in post
    assert "The last words." in post
    assert post.count("::more::") == 1  # the one in code
    assert "::more::" not in (built.site / "feed.xml").read_text(encoding="utf-8").replace("::more:: in code", "")


def test_the_default_marker_still_cuts_the_other_posts(built: BuildResult) -> None:
    card = card_of((built.site / "blog/index.html").read_text(encoding="utf-8"), "Dates as a mapping")
    assert "A post whose date is a mapping." in card
    assert "More about it." not in card
