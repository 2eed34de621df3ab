"""The pages of the sample site and of the injection site, opened in Chromium: no dialog, no console error,
no request to another host or for a missing file, nothing that makes the page scroll sideways on a phone; and
no WCAG 2 A/AA violation (axe-core) in what our templates and styles draw, in the light scheme and in the dark
one.

Which pages: what a visit shows (roles, names, labels, contrast, structure for axe; dialogs, console errors,
requests, the width on a phone for the rest) comes from the template that drew the page and the kinds of
elements on it, not from which post or model fills it. Pages drawn by one template share an address shape
(`kind`: `blog/#/#/#/*` is a post, `providers/*` a provider, `blog/page/#` a page of the index…), and for each
kind the sample takes, greedily, pages until every element name and every class that any page of that kind
holds is on a chosen one (`sample`): each template, and each part it can draw (a chart, a relay's table, a
wide table, a code block, a draft's mark…), is visited once at least. On the sample site that is about a
fifth of the pages. What does not need a browser is checked on every page without one: every local link and
anchor resolves, and no page loads anything from another host (`tests/builds/test_site_links.py`).

Each page of the sample is opened once, on a phone-sized screen (what it does, and its width; each tab is made
phone-sized again before it loads a page), then the same page is made desktop-sized for axe: loading a page was a
quarter of the visit's time, and what the phone's check proves is of the page as loaded on a phone, what axe's
rules judge of the page as laid out on a desktop.
Axe's colour rules are most of its time on a page, and on a long table most of that; what they judge follows
from the colours our styles and Material's give an element, which its name and classes select:
- outside the content (Material's header, tabs, navigation and search, in our palette) is drawn alike on
  every page, so they run over the whole home page and over the content and footer of the others;
- a row of a table whose elements, in the same places, have the same classes, inline styles and computed
  colours, fonts and decoration as those of an earlier row of that table is drawn in the same colours: they
  leave it out (`ALIKE_ROWS`, marked again in the dark scheme; 341 of the 377 rows of `/prices/`);
- the dark scheme swaps Material's colour variables and ours (`[data-md-color-scheme=slate]`), not the
  page: they run in it over the pages of the sample that hold, between them, every feature of all its pages
  (`dark_sample`: the sample's cover for the whole site rather than for each kind; 14 of the sample site's
  29), while the light scheme is checked on every page of the sample.
The injection site (`tests/fixtures/injection/`, a payload in every text and URL field) is there for its hostile
text: every page of it is opened on a phone, for what it does and its width. Axe checks there the pages that hold
what no page of their kind holds on the sample site (`beyond`: its authors' avatars, an incident's evidence, a
partial outage, its notes page); the others are drawn by templates, elements and classes axe checks on the sample
site (in the sample's palette: the injection site keeps Material's default one), with the payloads as text
(`tests/builds/test_injection.py` parses every page; the Nu Html Checker reads every page of both sites).
Two tabs are in flight, so that one page works while the next loads; the tests below read what that visit
recorded, and the last ones show on hand-made pages that each narrowing above still finds a faint text."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import axe_playwright_python  # type: ignore[import-untyped]
import pytest
from browsing import ARTIFACTS, DESKTOP, PHONE, PageLog, Site, serve, watch
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from helpers import BuildResult

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Colour rules: over the whole home page, and over the content and the footer of the other pages, in the light
# scheme; over the content and the footer of the pages of `dark_sample` in the dark (slate) one (the header and
# tabs keep the primary colour there). Rows of a table drawn alike are left out (`ALIKE_ROWS`).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
ALIKE = "data-almanac-alike"
CONTENT_PARTS = {"include": [[".md-content"], [".md-footer"]], "exclude": [[f"[{ALIKE}]"]]}
WITHOUT_COLOUR = {rule: {"enabled": False} for rule in COLOUR_RULES}
# Two pages in flight: axe runs in one tab's renderer while the next page loads in the other.
TABS = 2
# The parts of an address that are the same word on every page of a kind (the rest are names or numbers).
KIND_WORDS = frozenset({"page", "archive"})
_CLASSES = re.compile(r"""\sclass=["']([^"']*)["']""")
_ELEMENTS = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")

START_AXE = """([context, runOnly, rules]) => {
  const options = {resultTypes: ["violations"], runOnly, rules: rules || {}};
  window.__almanacAxe = axe.run(context || document, options).then((results) =>
    results.violations.map((rule) => ({
      rule: rule.id,
      nodes: rule.nodes.map((node) => ({target: node.target.join(" "), html: node.html.slice(0, 300),
                                        summary: (node.failureSummary || "").replace(/\\s+/g, " ")})),
    })));
}"""
# Marks each row of a table in the content that is drawn as an earlier row of it: the same elements, classes and
# inline styles in the same order, each element with the same computed colours, background, opacity, font size and
# weight, shadow and decoration (so that styles by position, such as striped rows or a last row set apart, keep a
# row apart). Marks made before are cleared first: run again after the scheme changed. Returns how many it marked.
ALIKE_ROWS = """() => {
  const drawn = ["color", "background-color", "background-image", "opacity", "font-size", "font-weight",
                 "text-shadow", "text-decoration-line", "visibility", "filter", "mix-blend-mode"];
  for (const row of document.querySelectorAll("[ALIKE]")) row.removeAttribute("ALIKE");
  let marked = 0;
  for (const body of document.querySelectorAll(".md-content tbody")) {
    const seen = new Set();
    for (const row of body.rows) {
      const shape = [];
      for (const element of [row, ...row.querySelectorAll("*")]) {
        const style = getComputedStyle(element);
        shape.push(element.tagName, element.getAttribute("class") || "", element.getAttribute("style") || "",
                   ...drawn.map((name) => style.getPropertyValue(name)));
      }
      const key = JSON.stringify(shape);
      if (seen.has(key)) {
        row.setAttribute("ALIKE", "");
        marked += 1;
      }
      seen.add(key);
    }
  }
  return marked;
}""".replace("ALIKE", ALIKE)
# Lets the page lay itself out again after its screen changed size (Material reacts on the next frames).
SETTLED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null))))"
# The dark scheme as Material's toggle sets it, with transitions off so that axe reads the final colours;
# false, and nothing changed, on a site whose palette offers no dark scheme.
DARK = """() => {
  if (!document.querySelector("input.md-option[data-md-color-scheme=slate]")) return false;
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
  document.head.appendChild(style);
  document.body.setAttribute("data-md-color-scheme", "slate");
  return true;
}"""

# The width of the screen, and how far the page scrolls sideways with the elements that stick out of the screen
# ("" if it does not).
WIDER_THAN_THE_SCREEN = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [window.innerWidth, ""];
  const out = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(-3)
    .map((el) => el.tagName.toLowerCase() + (typeof el.className === "string" ? "." + el.className : ""));
  return [window.innerWidth, `${root.scrollWidth}px wide on a ${root.clientWidth}px screen: ${out.join(", ")}`];
}"""


@dataclass(frozen=True)
class KnownTheme:
    """A finding in what Material itself draws, matched narrowly: the rule, the element, and why it is not ours."""

    rule: str
    target: str  # a regular expression the element's selector matches in full
    html: str  # a regular expression the element's markup starts with
    why: str

    def matches(self, rule: str, target: str, html: str) -> bool:
        return (
            rule == self.rule
            and re.fullmatch(self.target, target) is not None
            and re.match(self.html, html) is not None
        )


KNOWN_THEME = [
    KnownTheme(
        "color-contrast",
        r"(:root|\.md-tabs__link(\[href\$=\"[^\"]*\"\])?|\.md-tabs__item(:nth-child\(\d+\))? > \.md-tabs__link)",
        r'<a href="[^"]*" class="md-tabs__link">',
        "Material's navigation tabs are white at 70 % opacity on the primary colour: 4.28:1 on indigo. The sample "
        "site's palette (mkdocs.yml) passes; a site on Material's default indigo does not.",
    ),
    KnownTheme(
        "color-contrast",
        r"\.[a-z][a-z0-9]{0,2}(:nth-child\(\d+\))?",
        r'<span class="[a-z][a-z0-9]{0,2}">',
        "Material's colours for Pygments tokens in code blocks: variables 4.47:1 (light), built-ins 4.48:1 (dark) "
        "on the code background.",
    ),
]


@dataclass
class Finding:
    page: str
    scheme: str
    rule: str
    target: str
    html: str
    summary: str

    def __str__(self) -> str:
        return (
            f"{self.page} ({self.scheme}) {self.rule}: {self.target}\n    {self.html[:160]}\n    {self.summary[:300]}"
        )


def kind(path: str) -> str:
    """The kind of page at `path` (as `Site.pages` gives it), from the shape of its address: the first part,
    then `#` for a number and `*` for a name; `KIND_WORDS` stay. `blog/2026/03/30/relays/` is `blog/#/#/#/*`."""
    parts = [part for part in path.split("/") if part]
    shape = ["#" if part.isdigit() else part if part in KIND_WORDS else "*" for part in parts[1:]]
    return "/".join(parts[:1] + shape)


def features(html: str) -> frozenset[str]:
    """The element names (`<table`) and classes (`almanac-chart`) a page holds."""
    classes = {name for value in _CLASSES.findall(html) for name in value.split()}
    return frozenset(classes | {"<" + name.lower() for name in _ELEMENTS.findall(html)})


def _features_of(site: Site, paths: list[str]) -> dict[str, frozenset[str]]:
    return {
        path: features(
            (site.root / (path + "index.html" if path == "" or path.endswith("/") else path)).read_text(
                encoding="utf-8"
            )
        )
        for path in paths
    }


def _cover(pages: dict[str, frozenset[str]]) -> list[str]:
    """Pages chosen greedily (most new features first, then the address) until they hold every feature any of
    `pages` holds; one at least (none of no pages)."""
    chosen: list[str] = []
    if not pages:
        return chosen
    left = frozenset().union(*pages.values())
    while True:
        best = min(pages, key=lambda path: (-len(pages[path] & left), path))
        chosen.append(best)
        left -= pages[best]
        if not left:
            return chosen


def sample(site: Site) -> list[str]:
    """The pages visited: for each kind of page, pages that hold every feature any page of that kind holds
    (`_cover`). Every kind has one at least."""
    kinds: dict[str, list[str]] = {}
    for path in site.pages():
        kinds.setdefault(kind(path), []).append(path)
    return sorted(path for paths in kinds.values() for path in _cover(_features_of(site, paths)))


def dark_sample(site: Site, checked: list[str] | None = None) -> list[str]:
    """The pages the colour rules check in the dark scheme: some of those axe checks (by default the sample)
    that hold every feature of them all."""
    return sorted(_cover(_features_of(site, sample(site) if checked is None else checked)))


def _by_kind(paths: list[str]) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for path in paths:
        kinds.setdefault(kind(path), []).append(path)
    return kinds


def beyond(site: Site, reference: Path) -> list[str]:
    """The pages of `site` that hold what the sample of the site built in `reference` does not: for each kind,
    pages that hold every feature no page of that kind holds there (`_cover`); none of a kind whose pages hold
    nothing new."""
    checked = Site("reference", reference, "", [])
    known: dict[str, frozenset[str]] = {}
    for name, paths in _by_kind(checked.pages()).items():
        known[name] = frozenset().union(*_features_of(checked, paths).values())
    chosen = []
    for name, paths in _by_kind(site.pages()).items():
        new = {path: found - known.get(name, frozenset()) for path, found in _features_of(site, paths).items()}
        chosen += _cover({path: found for path, found in new.items() if found})
    return sorted(chosen)


@dataclass
class Visit:
    """What one visit of a site's sample recorded."""

    site: Site
    log: PageLog
    findings: list[Finding] = field(default_factory=list)
    wide_pages: list[str] = field(default_factory=list)
    reference: Path | None = None  # for the injection site: the sample site, whose visit covers the rest
    opened: list[str] = field(default_factory=list)  # the pages opened on a phone
    screens: dict[str, int] = field(default_factory=dict)  # the width of the screen each was checked on
    checked: list[str] = field(default_factory=list)  # the pages axe checked (in the light scheme)
    dark: list[str] = field(default_factory=list)  # the pages the colour rules checked in the dark scheme
    seconds: float = 0.0

    def ours(self) -> list[Finding]:
        return [f for f in self.findings if not any(k.matches(f.rule, f.target, f.html) for k in KNOWN_THEME)]


def _start_axe(page: Page, path: str) -> None:
    """Start axe's WCAG rules on the page just loaded (or resized); without the colour rules but on the home
    page."""
    page.evaluate(SETTLED)
    page.add_script_tag(content=AXE_SCRIPT)
    page.evaluate(START_AXE, [None, {"type": "tag", "values": WCAG}, None if path == "" else WITHOUT_COLOUR])


def _axe(page: Page, path: str, visit: Visit, *, dark: bool = True) -> None:
    """Wait for the run `_start_axe` began, run the colour rules over the content and footer but on the home
    page (rows drawn alike left out), then again in the dark scheme if `dark`; every finding is noted with its
    page and scheme."""

    def note(scheme: str) -> None:
        results: list[dict[str, Any]] = page.evaluate("() => window.__almanacAxe")
        for rule in results:
            for node in rule["nodes"]:
                visit.findings.append(
                    Finding(path, scheme, rule["rule"], node["target"], node["html"], node["summary"])
                )

    colour = {"type": "rule", "values": COLOUR_RULES}
    note("light")
    page.evaluate(ALIKE_ROWS)
    if path != "":
        page.evaluate(START_AXE, [CONTENT_PARTS, colour, None])
        note("light")
    visit.checked.append(path)
    if dark and page.evaluate(DARK):
        visit.dark.append(path)
        page.evaluate(ALIKE_ROWS)
        page.evaluate(START_AXE, [CONTENT_PARTS, colour, None])
        note("dark")


def _width(page: Page, path: str, visit: Visit) -> None:
    """Note the page if it scrolls sideways (it is open on a phone-sized screen), and the screen's width."""
    visit.opened.append(path)
    visit.screens[path], overflow = page.evaluate(WIDER_THAN_THE_SCREEN)
    if overflow:
        visit.wide_pages.append(f"{path}: {overflow}")


def _on_a_phone_then_start_axe(page: Page, path: str, visit: Visit) -> None:
    """The page just loaded on a phone-sized screen: its width noted, then made desktop-sized and axe started."""
    _width(page, path, visit)
    page.set_viewport_size(DESKTOP)
    _start_axe(page, path)


def _open_all(
    context: BrowserContext,
    site: Site,
    paths: list[str],
    then: Callable[[Page, str], None],
    loaded: Callable[[Page, str], None] = lambda page, path: None,
    screen: ViewportSize | None = None,
) -> None:
    """Open each of `paths`, `TABS` at a time (on a `screen` of that size, if given, whatever size the tab was
    made): `loaded` as soon as a page has loaded, `then` once the next page is loading in another tab (so that
    what `loaded` started runs meanwhile)."""
    tabs = [context.new_page() for _ in range(TABS)]
    pending: list[str | None] = [None] * TABS
    for number, path in enumerate(paths):
        slot = number % TABS
        waiting = pending[slot]
        if waiting is not None:
            then(tabs[slot], waiting)
        if screen is not None and tabs[slot].viewport_size != screen:
            tabs[slot].set_viewport_size(screen)
        tabs[slot].goto(site.url(path), wait_until="load")
        loaded(tabs[slot], path)
        pending[slot] = path
    for tab, waiting in zip(tabs, pending, strict=True):
        if waiting is not None:
            then(tab, waiting)


def _plan(site: Site, reference: Path | None) -> tuple[list[str], list[str]]:
    """The pages a visit opens on a phone, and those of them axe checks: the sample and the sample for the sample
    site; every page, and those `beyond` the sample site's (built in `reference`), for the injection site."""
    if reference is None:
        return sample(site), sample(site)
    return site.pages(), beyond(site, reference)


@pytest.fixture(scope="module")
def visit(browser: Browser, any_site: Site, request: pytest.FixtureRequest) -> Iterator[Visit]:
    """Each page of the plan (`_plan`) opened on a phone-sized screen (what it does, and its width), then, if axe
    checks it, made desktop-sized and checked by axe; what pages did is in the log."""
    started = time.perf_counter()
    reference: Path | None = None
    if any_site.name == "injection":
        sample_build: BuildResult = request.getfixturevalue("sample_build")
        assert sample_build.returncode == 0, sample_build.output
        reference = sample_build.site
    pages, checked = _plan(any_site, reference)
    axe = set(checked)
    dark = set(dark_sample(any_site, checked))
    context = browser.new_context(viewport=PHONE, color_scheme="light")
    result = Visit(any_site, watch(context, any_site), reference=reference)

    def loaded(page: Page, path: str) -> None:
        if path in axe:
            _on_a_phone_then_start_axe(page, path, result)
        else:
            _width(page, path, result)

    def then(page: Page, path: str) -> None:
        if path in axe:
            _axe(page, path, result, dark=path in dark)

    _open_all(context, any_site, pages, then, loaded, screen=PHONE)
    context.close()
    result.seconds = time.perf_counter() - started
    print(
        f"\n{any_site.name}: {len(pages)} of {len(any_site.pages())} pages opened on a phone, {len(checked)} checked"
        f" by axe ({len(result.dark)} in the dark scheme too), in {result.seconds:.1f} s"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    ours = result.ours()
    report = "\n".join(f"{'' if f in ours else 'known-theme '}{f}" for f in result.findings)
    (ARTIFACTS / f"axe-{any_site.name}.txt").write_text(report + "\n", encoding="utf-8")
    yield result


def test_a_page_of_every_kind_is_opened_on_a_phone_and_checked_by_axe(visit: Visit) -> None:
    pages, checked = _plan(visit.site, visit.reference)
    assert sorted(visit.opened) == sorted(pages) and sorted(visit.checked) == sorted(checked)
    assert visit.screens == dict.fromkeys(visit.opened, PHONE["width"])  # each page on a phone, not only the first
    if visit.reference is None:
        assert {kind(path) for path in visit.checked} == {kind(path) for path in visit.site.pages()}
        assert "" in visit.checked  # the home page, whose colours are checked whole
    else:
        assert sorted(visit.opened) == sorted(visit.site.pages())
    dark_scheme = 'data-md-color-scheme="slate"' in (visit.site.root / "index.html").read_text(encoding="utf-8")
    assert sorted(visit.dark) == (dark_sample(visit.site, checked) if dark_scheme else [])


def test_the_sample_holds_every_feature_of_its_kind_on_fewer_pages(tmp_path: Path) -> None:
    pages = {
        "blog/2026/01/02/a/": '<p class="post">a</p>',
        "blog/2026/01/03/b/": '<p class="post"><svg class="chart"></svg></p>',
        "blog/2026/01/04/c/": '<p class="post">c</p>',
        "blog/page/2/": '<ul class="list"></ul>',
        "tags/x/": "<p>x</p>",
        "tags/y/": "<p>y</p><table></table>",
        "tags/z/": "<p class='draft'>z</p>",
    }
    for path, html in pages.items():
        (tmp_path / path).mkdir(parents=True)
        (tmp_path / path / "index.html").write_text(html, encoding="utf-8")
    assert kind("blog/2026/01/02/a/") == "blog/#/#/#/*" and kind("blog/page/2/") == "blog/page/#" and kind("") == ""
    assert sample(Site("t", tmp_path, "", [])) == ["blog/2026/01/03/b/", "blog/page/2/", "tags/y/", "tags/z/"]


def test_pages_beyond_the_sample_sites_are_those_that_hold_what_its_pages_of_their_kind_do_not(
    tmp_path: Path,
) -> None:
    pages = {
        "sample/blog/a/": '<p class="post">a</p>',
        "sample/tags/x/": '<p class="tag"><img alt=""></p>',
        "other/blog/b/": '<p class="post">b</p>',
        "other/blog/c/": '<p class="post"><img class="avatar" alt=""></p>',
        "other/tags/y/": '<p class="tag"><img alt=""></p>',
        "other/tags/z/": '<p class="tag"><img class="avatar" alt=""></p>',
        "other/notes/": "<p>notes</p>",
    }
    for path, html in pages.items():
        (tmp_path / path).mkdir(parents=True)
        (tmp_path / path / "index.html").write_text(html, encoding="utf-8")
    assert beyond(Site("t", tmp_path / "other", "", []), tmp_path / "sample") == ["blog/c/", "notes/", "tags/z/"]
    assert beyond(Site("t", tmp_path / "sample", "", []), tmp_path / "sample") == []


def test_no_page_opens_a_dialog(visit: Visit) -> None:
    assert visit.log.dialogs == []


def test_no_page_logs_an_error(visit: Visit) -> None:
    assert visit.log.console_errors == []


def test_no_page_asks_another_host(visit: Visit) -> None:
    assert visit.log.foreign_requests == []


def test_no_page_asks_for_a_missing_file(visit: Visit) -> None:
    assert visit.log.failed_responses == []
    assert visit.site.missing == []


def test_no_page_scrolls_sideways_on_a_phone(visit: Visit) -> None:
    assert visit.wide_pages == []


def test_axe_finds_no_violation_in_what_we_draw(visit: Visit) -> None:
    findings = visit.ours()
    assert not findings, f"{len(findings)} axe findings:\n" + "\n".join(map(str, findings[:40]))


def test_the_dark_sample_holds_every_feature_of_the_sample_on_fewer_pages(tmp_path: Path) -> None:
    pages = {"": '<p class="a">home</p>', "x/": '<p class="a b">x</p>', "y/": '<p class="c">y</p>'}
    for path, html in pages.items():
        (tmp_path / path).mkdir(exist_ok=True)
        (tmp_path / path / "index.html").write_text(html, encoding="utf-8")
    site = Site("t", tmp_path, "", [])
    assert sample(site) == ["", "x/", "y/"]
    assert dark_sample(site) == ["x/", "y/"]


# A page as the visit sees one: a header outside the content, a scheme toggle, text faint in the light scheme,
# text faint in the dark one only (`.dim`), and on `b/` a table of 40 rows whose 32nd holds a faint cell (its
# only difference from the others: the class of that cell's text).
FAINT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>faint</title><style>
[data-md-color-scheme=slate] { background: #111; color: #eee; }
[data-md-color-scheme=slate] .dim { color: #333; }
.faint { color: #bbb; background: #fff; }
</style></head><body>
<header class="md-header"><p class="faint">faint header</p>
<input class="md-option" data-md-color-scheme="slate" type="radio" name="scheme" aria-label="dark"></header>
<main><div class="md-content"><p class="faint">faint text</p>%s</div></main></body></html>"""
ROW = "<tr><td>row %d</td><td>%s</td></tr>"
CELLS = [
    f"<span class='{'faint' if n == 31 else 'plain'}'>{'faint' if n == 31 else 'plain'} cell</span>" for n in range(40)
]
TABLE = (
    "<p class='dim'>dim text</p><table><tbody>" + "".join(ROW % row for row in enumerate(CELLS)) + "</tbody></table>"
)


def test_the_colour_rules_see_the_content_of_every_page_the_whole_home_page_and_each_row_drawn_apart(
    browser: Browser, tmp_path: Path
) -> None:
    for path, content in (("", ""), ("a/", ""), ("b/", TABLE)):
        (tmp_path / path).mkdir(exist_ok=True)
        (tmp_path / path / "index.html").write_text(FAINT % content, encoding="utf-8")
    with serve("faint", tmp_path) as site:
        assert sample(site) == ["", "a/", "b/"] and dark_sample(site) == ["b/"]
        context = browser.new_context(viewport=DESKTOP)
        result = Visit(site, watch(context, site))
        _open_all(
            context, site, sample(site), lambda page, path: _axe(page, path, result, dark=path == "b/"), _start_axe
        )
        context.close()
    found = sorted(
        (f.page, f.scheme, re.sub(r"<[^>]*>", "", f.html)) for f in result.findings if f.rule == "color-contrast"
    )
    assert found == [
        ("", "light", "faint header"),
        ("", "light", "faint text"),
        ("a/", "light", "faint text"),
        ("b/", "dark", "dim text"),
        ("b/", "dark", "faint cell"),
        ("b/", "dark", "faint text"),
        ("b/", "light", "faint cell"),
        ("b/", "light", "faint text"),
    ]
    assert sorted(result.checked) == ["", "a/", "b/"] and result.dark == ["b/"]


KEPT = f"() => [...document.querySelectorAll('tbody tr:not([{ALIKE}])')].map(r => r.innerText)"


def test_rows_drawn_alike_are_marked_and_rows_drawn_apart_are_not(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(FAINT % TABLE, encoding="utf-8")
    with serve("rows", tmp_path) as site:
        page = browser.new_page()
        page.goto(site.url(""))
        assert page.evaluate(ALIKE_ROWS) == 38  # of 40: the first row and the 32nd are kept
        assert [" ".join(row.split()) for row in page.evaluate(KEPT)] == ["row 0 plain cell", "row 31 faint cell"]
        # A style by position sets rows apart: the last row, and every third in the dark scheme only.
        page.add_style_tag(content="tbody tr:last-child td { color: #777; }")
        page.add_style_tag(content="[data-md-color-scheme=slate] tbody tr:nth-child(3n) { background: #222; }")
        assert page.evaluate(ALIKE_ROWS) == 37
        assert [" ".join(row.split()) for row in page.evaluate(KEPT)][-1] == "row 39 plain cell"
        assert page.evaluate(DARK)
        assert page.evaluate(ALIKE_ROWS) == 36  # marked again in the dark scheme: the first striped row is kept too
        assert [" ".join(row.split()) for row in page.evaluate(KEPT)] == [
            "row 0 plain cell",
            "row 2 plain cell",
            "row 31 faint cell",
            "row 39 plain cell",
        ]
        page.close()


@pytest.mark.xdist_group("injection")
def test_a_posts_earlier_address_leads_the_browser_to_the_post(browser: Browser, injection_site: Site) -> None:
    """The injection site's hostile post has an alias: its page, opened, sends the browser on to the post
    (the visit above leaves such pages out: the browser leaves them as they load)."""
    redirects = injection_site.redirects()
    assert redirects, "the injection site has no redirect page"
    context = browser.new_context()
    log = watch(context, injection_site)
    page = context.new_page()
    for path in redirects:
        text = (injection_site.root / (path + "index.html" if path.endswith("/") else path)).read_text("utf-8")
        found = re.search(r'http-equiv="refresh" content="0; url=([^"]*)"', text)
        assert found, path
        target = urljoin(injection_site.url(path), unescape(found.group(1)))
        page.goto(injection_site.url(path))
        page.wait_for_url(target, timeout=10_000)
        assert page.locator("article h1, .md-content h1").count() >= 1, path
    context.close()
    assert log.dialogs == [] and log.foreign_requests == [] and log.failed_responses == []
