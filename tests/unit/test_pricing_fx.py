"""Currency conversion with dated rates, the missing-rate error, and amounts as text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almanac.core.data.datasets import Datasets, FxFile, load_datasets
from almanac.core.data.pricing import FxRateMissing, convert, display, money, quote, rate_on
from almanac.core.errors import AlmanacError

from helpers import EDITS_PROJECT

TODAY = date(2026, 11, 28)
TEN_PLACES = Decimal("1e-10")


@cache
def frozen() -> Datasets:
    """The sample's data as of commit a9bbfba (tests/fixtures/edits/README.md): the rates worked out below."""
    return load_datasets(EDITS_PROJECT, today=TODAY)


def fx_file(*rates: tuple[str, str, str]) -> FxFile:
    """An `fx.yaml` with `(currency, per_usd, date)` rates."""
    return FxFile.model_validate(
        {
            "base": "USD",
            "rates": tuple(
                {"currency": currency, "per_usd": per_usd, "date": day, "source": "https://example.com/fx"}
                for currency, per_usd, day in rates
            ),
        }
    )


def d(text: str) -> Decimal:
    return Decimal(text)


def test_a_cny_offer_converted_to_usd_and_back() -> None:
    cny = next(offer for offer in frozen().models["deepseek-v4-pro"].offers if offer.currency == "CNY")
    price = quote(cny, datetime(2026, 11, 25, 2, tzinfo=UTC))  # a weekday peak hour: input 9 CNY
    assert price is not None and price.rate("input") == d("9")
    # On 2026-11-25 the latest CNY rate is 7.10 (2026-08-01): 9 / 7.10 = 1.26760563380281690…
    usd = convert(d("9"), "CNY", "USD", date(2026, 11, 25), frozen().fx)
    assert usd.currency == "USD" and usd.original == d("9") and usd.original_currency == "CNY"
    assert usd.amount.quantize(TEN_PLACES) == d("1.2676056338")
    assert [(rate.currency, rate.per_usd, rate.date) for rate in usd.rates] == [("CNY", d("7.10"), date(2026, 8, 1))]
    assert usd.label == "converted at 7.10 CNY/USD (2026-08-01)"
    assert display(usd.amount, "USD") == "$1.268"
    # Back: 1.2676056338028169… × 7.10 = 9, equal to 10 decimal places (full precision is kept).
    back = convert(usd.amount, "USD", "CNY", date(2026, 11, 25), frozen().fx)
    assert back.amount.quantize(TEN_PLACES) == d("9")
    assert back.label == "converted at 7.10 CNY/USD (2026-08-01)"


def test_the_rate_in_force_is_the_latest_on_or_before_the_date() -> None:
    fx = frozen().fx
    # CNY rates in tests/fixtures/edits/data/fx.yaml: 7.19 (2025-01-02), 7.20 (2025-04-10), 7.16 (2025-07-01),
    # 7.10 (2026-08-01).
    assert rate_on(fx, "CNY", date(2025, 4, 9)).per_usd == d("7.19")
    assert rate_on(fx, "CNY", date(2025, 4, 10)).per_usd == d("7.20")  # the day of the rate counts
    assert rate_on(fx, "CNY", date(2026, 7, 31)).per_usd == d("7.16")
    # 100 USD on 2025-05-01 at 7.20 = 720 CNY.
    assert convert(d("100"), "USD", "CNY", date(2025, 5, 1), fx).amount == d("720.00")
    # A datetime counts by its UTC date: 2025-04-10 01:00 in Beijing is still 2025-04-09 in UTC.
    beijing = datetime.fromisoformat("2025-04-10T01:00:00+08:00")
    assert rate_on(fx, "CNY", beijing).per_usd == d("7.19")


def test_between_two_currencies_through_usd() -> None:
    fx = fx_file(("CNY", "7.10", "2026-08-01"), ("EUR", "0.92", "2026-07-15"))
    # 9 CNY → USD → EUR: 9 × 0.92 / 7.10 = 8.28 / 7.10 = 1.16619718309859…
    eur = convert(d("9"), "CNY", "EUR", date(2026, 11, 25), fx)
    assert eur.amount.quantize(TEN_PLACES) == d("1.1661971831")
    assert eur.label == "converted at 7.10 CNY/USD (2026-08-01) and 0.92 EUR/USD (2026-07-15)"
    assert display(eur.amount, "EUR") == "€1.166"


def test_same_currency_needs_no_rate() -> None:
    same = convert(d("0.28"), "USD", "USD", date(2020, 1, 1), None)
    assert (same.amount, same.rates, same.label) == (d("0.28"), (), "")


def test_a_missing_rate_says_which_and_how_to_fix() -> None:
    # The first CNY rate in tests/fixtures/edits/data/fx.yaml is dated 2025-01-02.
    with pytest.raises(FxRateMissing) as caught:
        convert(d("1"), "CNY", "USD", date(2025, 1, 1), frozen().fx)
    error = caught.value
    assert isinstance(error, LookupError)
    assert (error.currency, error.on) == ("CNY", date(2025, 1, 1))
    assert str(error) == (
        "no exchange rate for CNY dated on or before 2025-01-01"
        " — add a rate for CNY dated on or before 2025-01-01 to data/fx.yaml"
    )
    located = error.as_error("data/vendors/deepseek.yaml", 78, 11)
    assert isinstance(located, AlmanacError)
    assert located.format() == (
        "data/vendors/deepseek.yaml:78:11: no exchange rate for CNY dated on or before 2025-01-01"
        " — add a rate for CNY dated on or before 2025-01-01 to data/fx.yaml"
    )
    # A currency with no rate at all, and a project without data/fx.yaml.
    with pytest.raises(FxRateMissing, match="add a rate for JPY dated on or before 2026-11-25"):
        convert(d("1"), "USD", "JPY", date(2026, 11, 25), frozen().fx)
    with pytest.raises(FxRateMissing, match="no exchange rate for CNY"):
        convert(d("1"), "CNY", "USD", date(2026, 11, 25), None)


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("3", "USD", "$3.00"),
        ("0.15", "CNY", "¥0.15"),
        ("0.028", "USD", "$0.028"),  # small prices keep their digits
        ("0.0028", "USD", "$0.0028"),
        ("0.003625", "USD", "$0.003625"),
        ("0.0309859154929577", "USD", "$0.03099"),  # up to four significant digits
        ("1.875", "USD", "$1.875"),
        ("2.0045", "USD", "$2.005"),  # half up, not to even
        ("22.5", "EUR", "€22.50"),
        ("1234.5", "GBP", "£1,234.50"),
        ("12", "JPY", "JPY 12.00"),  # no symbol: the code
        ("0", "USD", "$0.00"),
        ("-0.66", "USD", "-$0.66"),
        ("1.80", "CNY", "¥1.80"),
    ],
)
def test_display(amount: str, currency: str, text: str) -> None:
    assert display(Decimal(amount), currency) == text


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=8, allow_nan=False), st.integers(0, 6))
def test_equal_amounts_are_written_alike(amount: Decimal, zeros: int) -> None:
    # `display` keeps what it wrote by amount, and `3.0` equals `3.00`: the text must not
    # depend on how many zeros the amount was written with.
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)
    written = amount.quantize(Decimal(1).scaleb(exponent - zeros))
    assert written == amount
    uncached = money._display.__wrapped__
    assert uncached(written, "USD") == uncached(amount, "USD") == uncached(amount.normalize(), "USD")
    assert display(written, "USD") == uncached(amount, "USD")


@pytest.mark.parametrize("amount", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_only_finite_amounts_are_written(amount: str) -> None:
    with pytest.raises(ValueError, match="cannot display"):
        display(Decimal(amount), "USD")


_AMOUNTS = st.decimals(min_value=0, max_value=Decimal("1e9"), places=6, allow_nan=False, allow_infinity=False)
_RATES = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("50000"), places=4, allow_nan=False)


@given(_AMOUNTS, _RATES, _RATES, st.sampled_from(["CNY", "EUR", "USD"]), st.sampled_from(["CNY", "EUR", "USD"]))
def test_conversion_there_and_back_returns_the_amount(
    amount: Decimal, cny: Decimal, eur: Decimal, first: str, second: str
) -> None:
    fx = fx_file(("CNY", str(cny), "2026-01-01"), ("EUR", str(eur), "2026-02-01"))
    on = date(2026, 11, 25)
    there = convert(amount, first, second, on, fx)
    back = convert(there.amount, second, first, on, fx)
    assert back.amount.quantize(TEN_PLACES) == amount.quantize(TEN_PLACES)
