"""How pages look in Chromium: charts stay legible in both colour schemes, and on a phone a wide table
keeps its first column (the model) in view while the numbers scroll sideways under it."""

from __future__ import annotations

import pytest
from browsing import DESKTOP, PHONE, Site, screenshot, watch
from playwright.sync_api import Browser

# Contrast (WCAG 2) of every chart's text against the page, and of its marks (series, uptime bars).
CHART_CONTRAST = """() => {
  const rgb = (text) => {
    const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
  const luminance = (c) => {
    const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  const out = [];
  for (const chart of document.querySelectorAll("svg.almanac-chart")) {
    for (const el of chart.querySelectorAll("text, [class^=almanac-series-] *, [class^=almanac-uptime-]")) {
      // A day without data is drawn faint on purpose: it carries no value (its <title> says so).
      if (el.closest("defs, title") || el.classList.contains("almanac-uptime-none")) continue;
      const style = getComputedStyle(el);
      const paint = el.tagName === "text" || style.stroke === "none" ? style.fill : style.stroke;
      if (!paint.startsWith("rgb")) continue;
      const colour = rgb(paint);
      const opacity = Number(style.opacity) * Number(el.tagName === "text" ? style.fillOpacity : 1);
      colour[3] *= opacity;
      const kind = el.tagName === "text" ? "text" : "mark";
      const what = el.getAttribute("class") || el.textContent.slice(0, 30);
      out.push({kind, what, paint, ratio: contrast(over(colour, page), page)});
    }
  }
  return out;
}"""

CHART_PAGES = ["status/", "models/deepseek-v4-pro/", "providers/openrouter/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_are_legible_in_both_schemes(browser: Browser, sample_site: Site, scheme: str) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)  # type: ignore[arg-type]
    log = watch(context, sample_site)
    page = context.new_page()
    checked = 0
    for path in CHART_PAGES:
        page.goto(sample_site.url(path))
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        measured = page.evaluate(CHART_CONTRAST)
        assert measured, f"no chart on {path}"
        checked += len(measured)
        # Text needs 4.5:1 (WCAG 1.4.3), the marks that carry the data 3:1 (WCAG 1.4.11).
        faint = [m for m in measured if m["ratio"] < (4.5 if m["kind"] == "text" else 3.0)]
        assert faint == [], f"{path} ({scheme}): {faint[:5]}"
        page.locator("svg.almanac-chart").first.scroll_into_view_if_needed()
        screenshot(page, f"chart-{scheme}-{path.strip('/').replace('/', '-')}")
    assert checked > 100
    assert log.console_errors == []
    context.close()


def test_a_wide_table_keeps_its_first_column_in_view_on_a_phone(browser: Browser, sample_site: Site) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    log = watch(context, sample_site)
    page = context.new_page()
    page.goto(sample_site.url("prices/"))
    table = page.locator(".tabbed-block:visible [data-almanac-table][data-kind=prices] table")
    table.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    measured = table.evaluate(
        """(table) => {
          let scroller = table;
          while (scroller && scroller.scrollWidth <= scroller.clientWidth) scroller = scroller.parentElement;
          const row = table.tBodies[0].rows[0];
          const [first, number] = [row.cells[0], row.cells[4]];
          const before = {first: first.getBoundingClientRect().left, number: number.getBoundingClientRect().left};
          scroller.scrollLeft = 240;
          const box = first.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
          return {scrolled: scroller.scrollLeft, view: scroller.getBoundingClientRect().left,
                  before, first: box.left, number: number.getBoundingClientRect().left,
                  firstOnTop: first.contains(hit), header: table.tHead.rows[0].cells[0].getBoundingClientRect().left};
        }"""
    )
    screenshot(page, "phone-prices-scrolled")
    assert measured["scrolled"] >= 200, measured  # the table is wider than the screen and scrolls
    assert measured["number"] < measured["before"]["number"] - 200, measured  # the numbers moved
    assert abs(measured["first"] - measured["view"]) <= 1, measured  # the model stayed at the left edge
    assert abs(measured["header"] - measured["view"]) <= 1, measured  # and so did its header
    assert measured["firstOnTop"], measured  # drawn above the numbers that pass under it
    assert log.console_errors == []
    context.close()
