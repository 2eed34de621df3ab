"""/prices/ in Chromium: a click on a price column's header sorts it by number both ways, the filter box
hides the rows that do not match, and the currency switch shows the prices in another currency."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browsing import DESKTOP, Site, screenshot, watch
from playwright.sync_api import Browser, Locator, Page

# The prices table the reader sees: the one in the currency tab that is shown.
VISIBLE_TABLE = ".tabbed-block:visible [data-almanac-table][data-kind=prices]"


@pytest.fixture
def prices(browser: Browser, sample_site: Site) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    log = watch(context, sample_site)
    page = context.new_page()
    page.goto(sample_site.url("prices/"))
    page.wait_for_selector(f"{VISIBLE_TABLE}[data-almanac-ready]")
    yield page
    assert log.console_errors == [] and log.dialogs == [] and log.foreign_requests == []
    context.close()


def column(table: Locator, name: str) -> list[str]:
    """The sort keys (`data-sort`) of the column `name`, in the order the rows are shown."""
    keys: list[str] = table.evaluate(
        """(root, name) => {
          const table = root.querySelector("table");
          const index = [...table.tHead.rows[0].cells].findIndex((cell) => cell.dataset.column === name);
          return [...table.tBodies[0].rows].filter((row) => !row.hidden)
                                           .map((row) => row.cells[index].getAttribute("data-sort"));
        }""",
        name,
    )
    return keys


def test_a_click_sorts_a_price_column_by_number_both_ways(prices: Page) -> None:
    table = prices.locator(VISIBLE_TABLE)
    header = table.locator("th[data-column=output]")
    keys = column(table, "output")
    numbers = [k for k in keys if k]
    # The keys are such that text order is not number order ("10.5" < "9.0" as text), so the test tells them apart.
    assert sorted(numbers) != sorted(numbers, key=float)

    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = column(table, "output")
    assert [float(k) for k in ascending if k] == sorted(float(k) for k in numbers)
    assert ascending[len(numbers) :] == [""] * (len(keys) - len(numbers))  # not offered: last

    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    descending = column(table, "output")
    assert [float(k) for k in descending if k] == sorted((float(k) for k in numbers), reverse=True)
    assert descending[len(numbers) :] == [""] * (len(keys) - len(numbers))
    screenshot(prices, "prices-sorted-by-output-descending")


def test_the_filter_hides_the_rows_that_do_not_match(prices: Page) -> None:
    table = prices.locator(VISIBLE_TABLE)
    rows = table.locator("tbody tr")
    total = rows.count()
    box = table.get_by_role("searchbox")
    box.fill("deepseek")
    shown = table.locator("tbody tr:visible")
    assert 0 < shown.count() < total
    assert all("deepseek" in text.lower() for text in shown.all_inner_texts())
    assert table.locator(".almanac-table__count").inner_text() == f"{shown.count()} of {total} rows"
    box.fill("")
    assert table.locator("tbody tr:visible").count() == total


def test_the_currency_switch_changes_the_numbers(prices: Page) -> None:
    def shown_prices() -> list[str]:
        cells = prices.locator(f"{VISIBLE_TABLE} tbody td[data-sort]:not([data-sort=''])")
        texts: list[str] = cells.evaluate_all(
            """(cells) => cells.filter((cell) => cell.closest("table").tHead.rows[0]
                                  .cells[cell.cellIndex].dataset.column === "input")
                               .map((cell) => cell.firstChild.textContent.trim())"""
        )
        return texts

    native = shown_prices()
    assert {text.lstrip("≈")[0] for text in native} == {"$", "¥"}  # each offer in its own currency
    shown = {}
    for label, symbol in [("CNY", "¥"), ("USD", "$"), ("Native currency", "")]:
        prices.locator(".almanac-currency-switch .tabbed-labels label", has_text=label).click()
        shown[label] = shown_prices()
        assert len(shown[label]) == len(native)
        assert all(text.lstrip("≈").startswith(symbol) for text in shown[label]), (label, shown[label][:5])
    assert shown["Native currency"] == native
    assert shown["CNY"] != shown["USD"] != native
    assert any(text.startswith("≈") for text in shown["CNY"])  # converted prices say so
