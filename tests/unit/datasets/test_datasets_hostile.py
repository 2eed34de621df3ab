"""Hostile values in data files: addresses of other schemes, numbers of any size, dates of any
year, absurd measurements. Each stops with its place and message, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from almanac.core.data.pricing.money import display, round_to
from almanac.core.data.tables.model import number_key

MakeProject = Callable[..., Path]
Errors = Callable[[Path], list[str]]

PRICE_AT = "data/vendors/acme.yaml:15:28: models[0].offers[0].periods[0].rates.input: "
SOURCE_AT = "data/vendors/acme.yaml:16:21: models[0].offers[0].periods[0].source: "
DIGITS_HINT = "numbers in data/ have at most 12 digits before the decimal point and 10 after it"
PRICE = 'expected a price written as a decimal such as "0.28", found '


def _vendor(project: MakeProject, old: str, new: str) -> Path:
    root = project()
    path = root / "data/vendors/acme.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


# --- addresses -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ('"javascript:alert(1)"', "'javascript:alert(1)'"),
        ('"JavaScript:alert(1)"', "'JavaScript:alert(1)'"),
        ('"java\\tscript:alert(1)"', "'java\\tscript:alert(1)'"),
        ('"javascript:alert(1) // a price page"', "'javascript:alert(1)'"),
        ('"data:text/html,<script>alert(1)</script>"', "'data:text/html,<script>alert(1)</script>'"),
        ('"//evil.example/pricing"', "'//evil.example/pricing'"),
        ('"https:///pricing"', "'https:///pricing': the address has no host after `//`"),
    ],
)
def test_a_price_source_is_an_http_address(project: MakeProject, errors_in: Errors, written: str, found: str) -> None:
    root = _vendor(project, '"https://acme.example/pricing"', written)
    assert errors_in(root) == [
        f"{SOURCE_AT}expected an http:// or https:// address, found {found}"
        " — link the page the price was read from, or describe the source in words"
    ]


@pytest.mark.parametrize(
    "written",
    [
        '"LiteLLM price list (cross-checked on the vendor page)"',
        '"https://acme.example/pricing, checked by hand: <b>not</b> a link"',
    ],
)
def test_a_price_source_may_be_words(project: MakeProject, errors_in: Errors, written: str) -> None:
    root = _vendor(project, '"https://acme.example/pricing"', written)
    assert errors_in(root) == []


def test_an_exchange_rate_source_is_an_http_address(project: MakeProject, errors_in: Errors) -> None:
    root = project(
        {
            "data/fx.yaml": """
            base: USD
            rates:
              - {currency: CNY, per_usd: "7.10", date: 2026-08-01, source: "javascript:alert(1)"}
            """
        }
    )
    assert errors_in(root) == [
        "data/fx.yaml:3:64: rates[0].source: expected an http:// or https:// address, found 'javascript:alert(1)'"
        " — link the page the rate was read from, or describe the source in words"
    ]


@pytest.mark.parametrize(
    ("key", "old", "line"),
    [
        ("vendor.homepage", "  name: Acme AI\n", 5),
        ("vendor.pricing_pages[0].url", "  name: Acme AI\n", 5),
    ],
)
def test_every_address_of_a_vendor_is_http(
    project: MakeProject, errors_in: Errors, key: str, old: str, line: int
) -> None:
    added = (
        "  homepage: 'javascript:alert(1)'\n"
        if key == "vendor.homepage"
        else "  pricing_pages: [{url: 'javascript:alert(1)', currency: USD, lang: en}]\n"
    )
    root = _vendor(project, old, old + added)
    [error] = errors_in(root)
    assert error.startswith(f"data/vendors/acme.yaml:{line}:")
    assert f"{key}: expected an http:// or https:// address, found 'javascript:alert(1)'" in error


def test_every_address_of_a_provider_and_an_incident_is_http(project: MakeProject, errors_in: Errors) -> None:
    root = project()
    provider = root / "data/providers/acme-cloud.yaml"
    provider.write_text(
        provider.read_text(encoding="utf-8")
        + "homepage: 'data:text/html,x'\napi: [{base_url: 'file:///etc/passwd', protocol: openai}]\n",
        encoding="utf-8",
    )
    incidents = root / "data/incidents/relay-x.yaml"
    incidents.write_text(incidents.read_text(encoding="utf-8") + "    evidence: ['vbscript:x']\n", encoding="utf-8")
    found = errors_in(root)
    assert any("homepage: expected an http:// or https:// address, found 'data:text/html,x'" in e for e in found)
    assert any(
        "api[0].base_url: expected an http:// or https:// address, found 'file:///etc/passwd'" in e for e in found
    )
    assert any(
        "incidents[0].evidence[0]: expected an http:// or https:// address, found 'vbscript:x'" in e for e in found
    )


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ('"' + "9" * 400 + '"', "a number with 400 digits before the decimal point"),
        ("1e400", "a number with 401 digits before the decimal point"),
        ('"1000000000000"', "a number with 13 digits before the decimal point"),
        ('"0.00000000001"', "a number with 11 decimals"),
        ("1e-400", "a number with 400 decimals"),
    ],
)
def test_a_price_has_bounded_digits(project: MakeProject, errors_in: Errors, written: str, found: str) -> None:
    root = _vendor(project, 'input: "1.00"', f"input: {written}")
    assert errors_in(root) == [f"{PRICE_AT}{PRICE}{found} — {DIGITS_HINT}"]


@pytest.mark.parametrize("written", ['"999999999999.9999999999"', '"0.0000000001"', '"0.28000000000000"'])
def test_prices_at_the_limits_are_accepted(project: MakeProject, errors_in: Errors, written: str) -> None:
    assert errors_in(_vendor(project, 'input: "1.00"', f"input: {written}")) == []


@pytest.mark.parametrize(
    ("written", "found"),
    [(".nan", ".nan — write a finite number in digits"), (".inf", ".inf — write a finite number in digits")],
)
def test_a_price_is_finite(project: MakeProject, errors_in: Errors, written: str, found: str) -> None:
    root = _vendor(project, 'input: "1.00"', f"input: {written}")
    assert errors_in(root) == [f"{PRICE_AT}{PRICE}{found}"]


@pytest.mark.parametrize(
    ("written", "found"),
    [
        (
            "9" * 40,
            "expected a whole number of at most 12 digits, found a number of 40 digits — "
            + "numbers in data/ have at most 12 digits before the decimal point",
        ),
        (
            "9" * 5000,
            "expected a whole number of at most 12 digits, found a number of 5000 digits"
            " — numbers in data/ have at most 12 digits before the decimal point",
        ),
        ("-5", "expected a whole number of 1 or more, found -5"),
    ],
)
def test_a_context_window_is_a_sane_whole_number(
    project: MakeProject, errors_in: Errors, written: str, found: str
) -> None:
    root = _vendor(project, "    name: Acme Large\n", f"    name: Acme Large\n    context_window: {written}\n")
    assert errors_in(root) == [f"data/vendors/acme.yaml:8:21: models[0].context_window: {found}"]


def test_an_exchange_rate_has_bounded_digits(project: MakeProject, errors_in: Errors) -> None:
    root = project(
        {
            "data/fx.yaml": """
            base: USD
            rates:
              - {currency: CNY, per_usd: "7777777777777777", date: 2026-08-01, source: "https://a.example/"}
            """
        }
    )
    assert errors_in(root) == [
        'data/fx.yaml:3:30: rates[0].per_usd: expected a positive decimal such as "7.10", found a number with'
        f" 16 digits before the decimal point — {DIGITS_HINT}"
    ]


def test_a_status_day_has_at_most_a_day_of_minutes_without_data(project: MakeProject, errors_in: Errors) -> None:
    root = project()
    path = root / "data/status/relay-x/2026-08.yaml"
    text = path.read_text(encoding="utf-8")
    assert "samples:" in text
    path.write_text(text.replace("samples:", "no_data_minutes: 99999, samples:", 1), encoding="utf-8")
    [error] = errors_in(root)
    assert "no_data_minutes: expected a number of minutes in a day from 0 to 1440, found 99999" in error


@pytest.mark.parametrize("amount", ["1e40", "999999999999.9999999999", "1e-30"])
def test_any_finite_amount_can_be_displayed_and_sorted(amount: str) -> None:
    value = Decimal(amount) * Decimal("1e20")  # a large price converted at a large rate
    assert display(value, "USD").startswith("$")
    assert number_key(value).count(".") == 1
    assert round_to(value, 2) == value.quantize(Decimal("0.01"), context=__import__("decimal").Context(prec=200))


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "shown"),
    [
        ("from: 2026-01-01", "from: 0001-01-01", "13:19: models[0].offers[0].periods[0].from", "0001-01-01"),
        (
            "to: null",
            'to: "9999-12-31T24:00:00Z"',
            "14:17: models[0].offers[0].periods[0].to",
            "'9999-12-31T24:00:00Z'",
        ),
        ("to: null", 'to: "0001-01-01T00:00:00+08:00"', "14:17: models[0].offers[0].periods[0].to", None),
        ("checked: 2026-08-20", "checked: 1999-12-31", "17:22: models[0].offers[0].periods[0].checked", "1999-12-31"),
        ("checked: 2026-08-20", 'checked: "9999-12-31"', "17:22: models[0].offers[0].periods[0].checked", None),
    ],
)
def test_dates_fall_between_2000_and_2100(
    project: MakeProject, errors_in: Errors, old: str, new: str, where: str, shown: str | None
) -> None:
    root = _vendor(project, old, new)
    found = errors_in(root)
    assert found[0].startswith(f"data/vendors/acme.yaml:{where}: the date ")
    assert found[0].endswith(
        "is not between 2000 and 2100 — dates in data/ fall in the years 2000 to 2100; check the year"
    )
    if shown is not None:
        assert f"the date {shown} is not" in found[0]


def test_an_incident_in_year_9999_is_refused(project: MakeProject, errors_in: Errors) -> None:
    root = project()
    path = root / "data/incidents/relay-x.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("started_at:")
    end = text.index("\n", start)
    path.write_text(text[:start] + 'started_at: "9999-12-31T24:00:00Z"' + text[end:], encoding="utf-8")
    [error] = errors_in(root)
    assert "started_at: the date '9999-12-31T24:00:00Z' is not between 2000 and 2100" in error


def test_a_time_zone_of_any_length_is_refused_by_name(project: MakeProject, errors_in: Errors) -> None:
    window = '{name: x, tz: "' + "9" * 300 + '", weekdays: [1], hours: ["00:00-01:00"], rates: {input: "1"}}'
    root = _vendor(
        project,
        "            checked: 2026-08-20\n",
        f"            checked: 2026-08-20\n            time_windows: [{window}]\n",
    )
    [error] = errors_in(root)
    assert error.startswith("data/vendors/acme.yaml:18:42: models[0].offers[0].periods[0].time_windows[0].tz: ")
    assert "unknown time zone '9999" in error


# --- exchange rates the pages need ----------------------------------------------------------------

FX_HINT = ' — add a rate under \'rates:\', such as {currency: %s, per_usd: "…", date: 2026-11-28, source: "https://…"}'


def test_an_offer_currency_without_a_rate_is_reported_at_the_rates(project: MakeProject, errors_in: Errors) -> None:
    root = _vendor(project, "currency: USD", "currency: EUR")
    assert errors_in(root) == [
        "data/fx.yaml:2: no exchange rate for EUR dated on or before 2026-11-28, needed by the offer at"
        " data/vendors/acme.yaml:11 (acme-large at acme-cloud, global)" + FX_HINT % "EUR"
    ]


def test_a_rate_dated_after_the_build_date_does_not_count(project: MakeProject, errors_in: Errors) -> None:
    root = project(
        {
            "data/fx.yaml": """
            base: USD
            rates:
              - {currency: CNY, per_usd: "7.10", date: 2026-08-01, source: "https://a.example/"}
              - {currency: EUR, per_usd: "0.92", date: 2026-12-01, source: "https://a.example/"}
            """
        }
    )
    path = root / "data/vendors/acme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("currency: USD", "currency: EUR"), encoding="utf-8")
    assert errors_in(root) == [
        "data/fx.yaml:2: no exchange rate for EUR dated on or before 2026-11-28, needed by the offer at"
        " data/vendors/acme.yaml:11 (acme-large at acme-cloud, global)" + FX_HINT % "EUR"
    ]


def test_a_relay_credit_currency_needs_a_rate(project: MakeProject, errors_in: Errors) -> None:
    root = project()
    path = root / "data/providers/relay-x.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  model: prepaid_credit\n",
            "  model: prepaid_credit\n  credit_rate: {pay: '1', get: '1', get_currency: EUR}\n",
        ),
        encoding="utf-8",
    )
    assert errors_in(root) == [
        "data/fx.yaml:2: no exchange rate for EUR dated on or before 2026-11-28, needed by the credit rate at"
        " data/providers/relay-x.yaml:8 (relay-x)" + FX_HINT % "EUR"
    ]


def test_without_a_rates_file_every_currency_but_usd_is_missing(project: MakeProject, errors_in: Errors) -> None:
    # The minimal relay bills in CNY without a credit rate: its credit is CNY at face value.
    root = project({"data/fx.yaml": None})
    missing = (
        "data/fx.yaml: no exchange rate for CNY dated on or before 2026-11-28 (there is no data/fx.yaml), needed by"
    )
    assert errors_in(root) == [
        f"{missing} the billing currency at data/providers/relay-x.yaml:6 (relay-x)" + FX_HINT % "CNY"
    ]
    path = root / "data/vendors/acme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("currency: USD", "currency: CNY"), encoding="utf-8")
    assert errors_in(root) == [
        f"{missing} the offer at data/vendors/acme.yaml:11 (acme-large at acme-cloud, global) and 1 more"
        + FX_HINT % "CNY"
    ]


@pytest.mark.parametrize(
    ("written", "error"),
    [
        ("docs/methodology/relay-scoring.md", None),
        ("'by hand, against the first-party API'", None),
        (
            "'javascript:alert(1)'",
            "data/providers/relay-x.yaml:13:76: ratings[0].method: expected an http:// or https:// address, found"
            " 'javascript:alert(1)' — name the page that explains it, such as docs/methodology/relay-scoring.md,"
            " or use words",
        ),
    ],
)
def test_a_rating_method_is_a_page_or_words(
    project: MakeProject, errors_in: Errors, written: str, error: str | None
) -> None:
    root = project()
    path = root / "data/providers/relay-x.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("method: docs/methodology/relay-scoring.md", f"method: {written}"), encoding="utf-8")
    assert errors_in(root) == ([] if error is None else [error])
