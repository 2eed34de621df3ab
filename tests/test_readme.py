"""The README's "Writing a post" works as written: its `almanac new` commands write posts, and its
example post, copied as it is, is published by a strict build of the sample site with them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from almanac.core.blog.posts import parse_post
from almanac.core.blog.posts import zone as time_zone

from helpers import BUILD_DATE, ROOT, copy_project, run_almanac, run_build

README = ROOT / "README.md"


def section(title: str) -> str:
    """The README's section `## title`, up to the next heading of its level outside a code block."""
    lines = README.read_text(encoding="utf-8").split(f"\n## {title}\n", 1)[1].splitlines(keepends=True)
    fenced = False
    for index, line in enumerate(lines):
        fenced ^= line.startswith("```")
        if line.startswith("## ") and not fenced:
            return "".join(lines[:index])
    return "".join(lines)


def fences(text: str, language: str) -> list[str]:
    """The contents of the ```language blocks of `text`, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.M | re.S)


def test_the_example_post_and_the_new_commands_of_the_readme_publish(tmp_path: Path) -> None:
    writing = section("Writing a post")
    [example] = fences(writing, "markdown")
    [commands] = fences(writing, "sh")
    project = copy_project(tmp_path)

    # The example, copied as it is, is no draft.
    dated = re.search(r"^date: (\d{4})-(\d\d)-(\d\d)", example, re.M)
    assert dated is not None, example
    example_file = f"{dated[1]}-{dated[2]}-{dated[3]}-readme-example.md"
    post = parse_post(example, src_uri=example_file, display_path=example_file, timezone=time_zone("UTC"))
    assert not post.draft and post.has_more
    assert not (project / "docs" / "blog" / "posts" / example_file).exists()
    (project / "docs" / "blog" / "posts" / example_file).write_text(example, encoding="utf-8")

    written = []
    for line in commands.splitlines():
        argv = shlex.split(line, comments=True)
        assert argv[0] == ".venv/bin/almanac", line
        done = run_almanac(*argv[1:], cwd=project)
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
        written.append(done.stdout.strip())
    assert len(written) == 2
    assert all(path.startswith(f"docs/blog/posts/{BUILD_DATE}-") for path in written)

    built = run_build(project)
    assert built.returncode == 0, built.output
    assert "left out of the site" not in built.output  # no draft in the sample, none added
    example_url = f"blog/{dated[1]}/{dated[2]}/{dated[3]}/readme-example/"
    assert (built.site / example_url / "index.html").is_file()
    assert f'href="../../{dated[1]}/{dated[2]}/{dated[3]}/readme-example/"' in built.page(f"blog/archive/{dated[1]}/")
    assert "readme-example/" in built.page("tags/api-gateway/")
    index = built.page("blog/")
    year, month, day = BUILD_DATE.split("-")
    for path in written:
        slug = Path(path).stem.removeprefix(f"{BUILD_DATE}-")
        assert f'href="{year}/{month}/{day}/{slug}/"' in index
