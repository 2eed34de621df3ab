"""Every page of the sample site and of the injection site, opened in Chromium: no dialog, no console error,
no request to another host or for a missing file, and no WCAG 2 A/AA violation (axe-core) in what our
templates and styles draw, in the light scheme and in the dark one.

Each site is visited once (one browser context, one page per tab, axe run on each page as it is shown),
and the tests below read what that visit recorded."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from browsing import ARTIFACTS, DESKTOP, PHONE, PageLog, Site, watch
from playwright.sync_api import Browser, Page

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Colour rules, run again once the page is switched to the dark (slate) scheme, on what our templates and
# styles draw there: the page's content and the footer (the header and tabs keep the primary colour).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
DARK_PARTS = {"include": [[".md-content"], [".md-footer"]]}
# Two pages in flight: axe runs in one tab's renderer while the next page loads in the other.
TABS = 2

START_AXE = """([context, runOnly]) => {
  window.__almanacAxe = axe.run(context || document, {resultTypes: ["violations"], runOnly}).then((results) =>
    results.violations.map((rule) => ({
      rule: rule.id,
      nodes: rule.nodes.map((node) => ({target: node.target.join(" "), html: node.html.slice(0, 300),
                                        summary: (node.failureSummary || "").replace(/\\s+/g, " ")})),
    })));
}"""
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

# How far the page scrolls sideways, and the elements that stick out of the screen; "" if it does not.
WIDER_THAN_THE_SCREEN = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return "";
  const out = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(-3)
    .map((el) => el.tagName.toLowerCase() + (typeof el.className === "string" ? "." + el.className : ""));
  return `${root.scrollWidth}px wide on a ${root.clientWidth}px screen: ${out.join(", ")}`;
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


@dataclass
class Visit:
    """What one visit of every page of a site recorded."""

    site: Site
    log: PageLog
    findings: list[Finding] = field(default_factory=list)
    wide_pages: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0

    def ours(self) -> list[Finding]:
        return [f for f in self.findings if not any(k.matches(f.rule, f.target, f.html) for k in KNOWN_THEME)]


def _collect(page: Page, path: str, visit: Visit) -> None:
    """Wait for the light-scheme axe run of `page`, then run the colour rules again in the dark scheme."""
    for scheme in ("light", "dark"):
        results: list[dict[str, Any]] = page.evaluate("() => window.__almanacAxe")
        for rule in results:
            for node in rule["nodes"]:
                visit.findings.append(
                    Finding(path, scheme, rule["rule"], node["target"], node["html"], node["summary"])
                )
        if scheme == "light":
            if not page.evaluate(DARK):
                break
            page.evaluate(START_AXE, [DARK_PARTS, {"type": "rule", "values": COLOUR_RULES}])
    # The same page on a phone: nothing may make the page itself scroll sideways.
    page.set_viewport_size(PHONE)
    overflow = page.evaluate(WIDER_THAN_THE_SCREEN)
    if overflow:
        visit.wide_pages.append(f"{path}: {overflow}")
    page.set_viewport_size(DESKTOP)


@pytest.fixture(scope="module")
def visit(browser: Browser, any_site: Site) -> Iterator[Visit]:
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    log = watch(context, any_site)
    context.add_init_script(script=AXE_SCRIPT)
    tabs = [context.new_page() for _ in range(TABS)]
    pending: list[str | None] = [None] * TABS
    result = Visit(any_site, log)
    started = time.perf_counter()
    for number, path in enumerate(any_site.pages()):
        slot = number % TABS
        tab = tabs[slot]
        waiting = pending[slot]
        if waiting is not None:
            _collect(tab, waiting, result)
        tab.goto(any_site.url(path), wait_until="load")
        tab.evaluate(START_AXE, [None, {"type": "tag", "values": WCAG}])
        pending[slot] = path
        result.pages += 1
    for tab, waiting in zip(tabs, pending, strict=True):
        if waiting is not None:
            _collect(tab, waiting, result)
    result.seconds = time.perf_counter() - started
    print(f"\n{any_site.name}: {result.pages} pages opened and checked by axe in {result.seconds:.1f} s")
    ARTIFACTS.mkdir(exist_ok=True)
    ours = result.ours()
    report = "\n".join(f"{'' if f in ours else 'known-theme '}{f}" for f in result.findings)
    (ARTIFACTS / f"axe-{any_site.name}.txt").write_text(report + "\n", encoding="utf-8")
    yield result
    context.close()


def test_every_page_is_visited(visit: Visit) -> None:
    assert visit.pages == len(visit.site.pages()) > 1


def test_no_page_opens_a_dialog(visit: Visit) -> None:
    assert visit.log.dialogs == []


def test_no_page_logs_an_error(visit: Visit) -> None:
    assert [e for e in visit.log.console_errors if not _known_theme_miss(e)] == []


def test_no_page_asks_another_host(visit: Visit) -> None:
    assert visit.log.foreign_requests == []


def test_no_page_asks_for_a_missing_file(visit: Visit) -> None:
    assert [r for r in visit.log.failed_responses if not _known_theme_miss(r)] == []
    assert [p for p in visit.site.missing if not _known_theme_miss(p)] == []


def test_no_page_scrolls_sideways_on_a_phone(visit: Visit) -> None:
    assert visit.wide_pages == []


def test_axe_finds_no_violation_in_what_we_draw(visit: Visit) -> None:
    findings = visit.ours()
    assert not findings, f"{len(findings)} axe findings:\n" + "\n".join(map(str, findings[:40]))


# Material fetches `sitemap.xml` beside every `<link rel="alternate">` of a page, meant for the language
# versions of a site (squidfunk/mkdocs-material#8576). A tag page's feed link (`tags/<slug>/feed.xml`)
# makes it ask for `tags/<slug>/sitemap.xml`, which does not exist; the answer is ignored.
_SITEMAP_BESIDE_A_TAG_FEED = re.compile(r"(^|/)tags/[^/]+/sitemap\.xml\b")


def _known_theme_miss(entry: str) -> bool:
    return _SITEMAP_BESIDE_A_TAG_FEED.search(entry) is not None
