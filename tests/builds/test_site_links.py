"""The internal link checker (`helpers.site_link_problems`) on small hand-made sites, then on the built
sample site and injection site: every local `href`/`src` leads to a file, every `#anchor` to an element.
And no page of the sample loads anything from another host: what a browser would fetch to draw a page
(scripts, styles, images, frames, fonts and images named by its CSS) is read from every page and style
sheet (`foreign_loads`); the browser tests open a sample of the pages and watch what their scripts fetch."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from helpers import BuildResult, site_link_problems

# `<link rel=…>` values that make the browser fetch the linked file or contact its host (not `alternate`,
# `canonical`…).
LOADING_RELS = frozenset(
    {
        "stylesheet",
        "icon",
        "apple-touch-icon",
        "preload",
        "modulepreload",
        "prefetch",
        "manifest",
        "preconnect",
        "dns-prefetch",
    }
)
# Attributes whose URL an element fetches as the page is drawn.
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""")


def _foreign(url: str) -> bool:
    """Whether a browser would fetch `url` from another host (`//host/…` or `http(s)://…`)."""
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https", "") and bool(parts.netloc)


class _Loads(HTMLParser):
    """The URLs an HTML page makes the browser fetch as it is drawn, with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        names = LOADING_ATTRIBUTES.get(tag, ())
        if tag == "link" and LOADING_RELS & set(values.get("rel", "").lower().split()):
            names = ("href", "imagesrcset")
        for name in names:
            value = values.get(name, "")
            urls = [part.split()[0] for part in value.split(",") if part.strip()] if "srcset" in name else [value]
            self.urls += [(line, url) for url in urls if url]
        self.urls += [(line, url) for url in css_urls(values.get("style", ""))]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += [(self.getpos()[0], url) for url in css_urls(data)]


def css_urls(css: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(css)]


def foreign_loads(site: Path) -> list[str]:
    """Every URL on another host that a page or style sheet of `site` would fetch, as `file:line: url`."""
    found = []
    for path in sorted(site.rglob("*")):
        where = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            parser = _Loads()
            parser.feed(path.read_text(encoding="utf-8"))
            parser.close()
            found += [f"{where}:{line}: {url}" for line, url in parser.urls if _foreign(url)]
        elif path.suffix == ".css":
            for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found += [f"{where}:{number}: {url}" for url in css_urls(text) if _foreign(url)]
    return found


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


def test_every_local_link_and_anchor_of_the_injection_site_resolves(injection_build: BuildResult) -> None:
    # Served under the path of its site_url (/injection/), as the browser tests serve it.
    assert injection_build.returncode == 0, injection_build.output
    assert injection_build.broken_links() == []


def test_what_a_page_or_style_sheet_fetches_from_another_host_is_found(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {
            "index.html": (
                '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">\n'
                '<script src="//cdn.example.org/x.js"></script>'
                '<img src="local.png" srcset="a.png 1x, https://x.test/b.png 2x">\n'
                '<a href="https://example.org/">a link is not a load</a><link rel="alternate" href="https://x.test/feed">\n'
                '<p style="background: url(\'https://x.test/bg.png\')">x</p><style>@import "https://x.test/y.css";</style>\n'
                '<link rel="preconnect" href="https://x.test"><iframe src="mailto:x@example.org"></iframe>'
            ),
            "assets/site.css": 'body { color: red }\n@font-face { src: url("https://fonts.gstatic.com/r.woff2") }\n',
            "assets/local.css": "a { background: url(../img/x.png) } b { background: url(data:image/png;base64,AA) }",
        },
    )
    assert foreign_loads(site) == [
        "assets/site.css:2: https://fonts.gstatic.com/r.woff2",
        "index.html:1: https://fonts.googleapis.com/css?family=Roboto",
        "index.html:2: //cdn.example.org/x.js",
        "index.html:2: https://x.test/b.png",
        "index.html:4: https://x.test/bg.png",
        "index.html:4: https://x.test/y.css",
        "index.html:5: https://x.test",
    ]


def test_no_page_of_the_sample_site_loads_anything_from_another_host(any_build: BuildResult) -> None:
    assert any_build.returncode == 0, any_build.output
    assert foreign_loads(any_build.site) == []


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
