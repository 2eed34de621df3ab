"""The internal link checker (`helpers.site_link_problems`) on small hand-made sites, then on the built
sample site: every local `href`/`src` leads to a file, every `#anchor` to an element."""

from __future__ import annotations

from pathlib import Path

from helpers import BuildResult, site_link_problems


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


GOOD = {
    "index.html": (
        '<a href="#top">top</a><h1 id="top">Home</h1>'
        '<a href="a/">a</a><a href="a/#part">part</a><a href="/a/index.html#part">root</a>'
        '<img src="img/x.png" srcset="img/x.png 1x, img/x.png 2x"><a href="a/#%E4%BB%B7%E6%A0%BC">价格</a>'
        '<a href="https://example.org/missing/">out</a><a href="mailto:x@example.org">mail</a>'
        '<a href="//cdn.example.org/x.js">cdn</a><a href="feed.xml#ignored">feed</a>'
    ),
    "a/index.html": '<h2 id="part">Part</h2><h2 id="价格">价格</h2><a name="old">old</a><a href="../#top">up</a>',
    "img/x.png": "",
    "feed.xml": "<feed/>",
}


def test_a_site_whose_links_all_resolve_has_no_problem(tmp_path: Path) -> None:
    assert site_link_problems(write(tmp_path, GOOD)) == []


def test_missing_files_and_anchors_are_each_reported_with_page_and_line(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        GOOD
        | {
            "b/index.html": (
                '<a href="#nowhere">same page</a>\n'
                '<a href="../a/#gone">other page</a>\n'
                '<a href="../c/">missing page</a>\n'
                '<img src="../img/y.png">\n'
                '<link rel="stylesheet" href="/assets/x.css">\n'
                '<a href="../a/#old">by name</a>\n'
            )
        },
    )
    assert site_link_problems(site) == [
        "b/index.html:1: #nowhere — no element with id 'nowhere'",
        "b/index.html:2: ../a/#gone — no element with id 'gone'",
        "b/index.html:3: ../c/ — no such file",
        "b/index.html:4: ../img/y.png — no such file",
        "b/index.html:5: /assets/x.css — no such file",
    ]


def test_every_local_link_and_anchor_of_the_sample_site_resolves(any_build: BuildResult) -> None:
    # The sample, and the sample grown by valid posts (see `conftest.py`).
    assert any_build.returncode == 0, any_build.output
    assert any_build.broken_links() == []


def test_links_from_the_server_root_start_with_the_path_of_the_site_url(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {
            "404.html": '<link href="/sub/css/x.css"><a href="/sub/">home</a><a href="/sub/a/#part">a</a>\n'
            '<a href="/css/x.css">wrong root</a><a href="/sub/missing/">missing</a>',
            "index.html": "",
            "a/index.html": '<h2 id="part">Part</h2>',
            "css/x.css": "",
        },
    )
    assert site_link_problems(site, "/sub/") == [
        "404.html:2: /css/x.css — outside the site (/sub/)",
        "404.html:2: /sub/missing/ — no such file",
    ]
