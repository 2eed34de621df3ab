# The value types of the data files: ids, money, currencies, dates, time windows.
#
# Used by `models.py` when a data file is validated (at `on_config`, before any page is
# built, and by `almanac check`). Each type is an `Annotated` alias that carries its own
# validator, its own error wording (what was found, what was expected) and its JSON Schema,
# so that the same rule reads the same in the terminal and in an editor.

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from difflib import get_close_matches
from functools import lru_cache
from typing import Annotated, Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from almanac.core.urls import check_url

__all__ = [
    "CURRENCIES",
    "CURRENCY_ALIASES",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_DECIMALS",
    "MAX_INTEGER_DIGITS",
    "RATE_KEYS",
    "AwareDateTime",
    "CalendarDate",
    "Country",
    "Currency",
    "DayMinutes",
    "Duration",
    "FxSource",
    "HourRange",
    "HttpCode",
    "Instant",
    "Key",
    "LanguageCode",
    "MethodText",
    "Money",
    "Multiplier",
    "NonNegativeInt",
    "Number",
    "Percent",
    "PositiveInt",
    "PositiveMoney",
    "Score",
    "Slug",
    "Source",
    "Text",
    "TimeZoneName",
    "Url",
    "Weekday",
    "describe",
    "hour_range_minutes",
    "instant",
]

# ISO 4217 codes in use (a closed list: a typo such as `RMB` or `USDT` is an error).
CURRENCIES: Final[frozenset[str]] = frozenset(
    [
        "AED",
        "ARS",
        "AUD",
        "BDT",
        "BGN",
        "BHD",
        "BRL",
        "CAD",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CZK",
        "DKK",
        "EGP",
        "EUR",
        "GBP",
        "HKD",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "ISK",
        "JPY",
        "KRW",
        "KWD",
        "KZT",
        "LKR",
        "MAD",
        "MXN",
        "MYR",
        "NGN",
        "NOK",
        "NZD",
        "PEN",
        "PHP",
        "PKR",
        "PLN",
        "QAR",
        "RON",
        "RUB",
        "SAR",
        "SEK",
        "SGD",
        "THB",
        "TRY",
        "TWD",
        "UAH",
        "USD",
        "VND",
        "ZAR",
    ]
)

# Names people write for a currency that are not its ISO code.
CURRENCY_ALIASES: Final[dict[str, str]] = {
    "RMB": "CNY",
    "YUAN": "CNY",
    "CNH": "CNY",
    "NTD": "TWD",
    "YEN": "JPY",
    "US$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
}

# The closed list of rate keys, in the order tables show them (see `models.Rates`).
RATE_KEYS: Final[tuple[str, ...]] = (
    "input",
    "cache_read",
    "cache_write",
    "cache_write_5m",
    "cache_write_1h",
    "cache_storage_per_mtok_hour",
    "output",
    "output_reasoning",
    "input_audio",
    "input_image",
    "input_video",
    "output_audio",
    "output_image",
    "per_request",
    "web_search_per_k",
    "per_image",
)

MAX_INTEGER_DIGITS: Final = 12
"""Digits a number may have before its decimal point: up to 999,999,999,999."""

MAX_DECIMALS: Final = 10
"""Digits a number may have after its decimal point (trailing zeros are not counted)."""

FIRST_YEAR: Final = 2000
"""The earliest year a date in `data/` may fall in."""

LAST_YEAR: Final = 2100
"""The latest year a date in `data/` may fall in."""

SLUG_PATTERN: Final = r"^[a-z0-9][a-z0-9.-]*$"
KEY_PATTERN: Final = r"^[a-z0-9][a-z0-9_.-]*$"
MONEY_PATTERN: Final = r"^[0-9]{1,12}(\.[0-9]+)?$"
DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"([Zz]|[+-][0-9]{2}:?[0-9]{2})$"
)
HOURS_PATTERN: Final = r"^([01][0-9]|2[0-4]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$"
DURATION_PATTERN: Final = r"^[0-9]+(ms|s|m|h)$"
URL_PATTERN: Final = r"^https?://[^\s]+$"

_SLUG = re.compile(SLUG_PATTERN)
_KEY = re.compile(KEY_PATTERN)
_MONEY = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]{1,6})?)?"
    r"([Zz]|[+-][0-9]{2}:?[0-9]{2})?"
)
_HOURS = re.compile(r"([01][0-9]|2[0-4]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])")
_DURATION = re.compile(DURATION_PATTERN)
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_HTTP_CODE = re.compile(r"[1-5][0-9]{2}")


def _fail(kind: str, message: str, hint: str | None = None) -> PydanticCustomError:
    """An error whose wording is ours; `messages.py` shows `message` and `hint` as written."""
    return PydanticCustomError(f"almanac_{kind}", "{message}", {"message": message, "hint": hint})


def describe(value: object) -> str:
    """How a value read from YAML is shown after "found": `'text'`, `5`, `true`, `a list`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown) if value else "an empty string"
    if isinstance(value, Decimal) and not value.is_finite():
        return {"NaN": ".nan", "Infinity": ".inf", "-Infinity": "-.inf"}.get(str(value), str(value))
    if isinstance(value, (int, Decimal)):
        if isinstance(value, int) and value.bit_length() > 13_000:  # `str` refuses over 4,300 digits
            return "a number of thousands of digits"
        digits = len(value.as_tuple().digits) if isinstance(value, Decimal) else len(str(abs(value)))
        return str(value) if digits <= 30 else f"a number of {digits} digits"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (tuple, list)):
        return "a list"
    return type(value).__name__


# --- text and identifiers ---------------------------------------------------------------------


def _text(value: Any) -> str:
    if not isinstance(value, str):
        hint = "put it in quotes" if isinstance(value, (bool, int, Decimal, dt.date)) else None
        raise _fail("text", f"expected text, found {describe(value)}", hint)
    if not value.strip():
        raise _fail("text", "expected text, found an empty string", "write the text or remove the key")
    return value


def _matching(pattern: re.Pattern[str], what: str, example: str) -> Any:
    def validate(value: Any) -> str:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            hint = f"write {what}, such as {example}"
            raise _fail("format", f"expected {what}, found {describe(value)}", hint)
        return value

    return validate


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        hint = None
        if isinstance(value, str):
            fixed = re.sub(r"[^a-z0-9.-]+", "-", value.strip().lower()).strip("-.")
            if fixed and _SLUG.fullmatch(fixed):
                hint = f"ids use lower-case letters, digits, '-' and '.'; write {fixed!r}"
        raise _fail(
            "slug",
            f"expected an id (lower-case letters, digits, '-' and '.'), found {describe(value)}",
            hint or "write an id such as 'deepseek-v4-pro' or 'glm-4.5-air'",
        )
    return value


def _key(value: Any) -> str:
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise _fail(
            "key",
            f"expected a name of lower-case letters, digits, '_', '-' and '.', found {describe(value)}",
            "write a name such as 'off_peak' or 'default'",
        )
    return value


Text = Annotated[str, PlainValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
"""Non-empty text."""

Slug = Annotated[str, PlainValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})]
"""An id used in URLs and references: `deepseek-v4-pro`, `glm-4.5-air`."""

Key = Annotated[str, PlainValidator(_key), WithJsonSchema({"type": "string", "pattern": KEY_PATTERN})]
"""A name inside one file (a billing group, a time window, a mode): `off_peak`, `thinking`."""


def _web_url(hint: str) -> Any:
    """A validator of an address written in the data: `http://` or `https://` and a host,
    nothing else (see `almanac.core.urls.check_url`); `hint` says what to link."""

    def validate(value: Any) -> str:
        problem = check_url(value) if isinstance(value, str) else "is not text"
        if problem is None and isinstance(value, str):
            return value
        found = f"expected an http:// or https:// address, found {describe(value)}"
        if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
            found += f": the address {problem}"  # the scheme is right; say what else is wrong
        raise _fail("url", found, hint)

    return validate


_URL_SCHEMA: Final = WithJsonSchema({"type": "string", "pattern": URL_PATTERN})

# What makes a source an address rather than words: a scheme (`https:`, `javascript:`) or `//`
# in its first word, once the characters a browser ignores there are removed.
_ADDRESS_LIKE = re.compile(r"[^\s:]*:|//")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]")


def _source(hint: str) -> Any:
    """A validator of a `source`: text that starts with an `http(s)` address (checked as
    `Url`), such as `https://example.com/pricing` or `https://example.com/pricing, checked by
    hand`, or with words, such as `LiteLLM price list (cross-checked on the vendor page)`. A
    first word that is an address of another kind (`javascript:…`, `data:…`, `//host/…`) is
    refused."""
    as_url = _web_url(hint)

    def validate(value: Any) -> str:
        text = _text(value)
        first_word = text.strip().split(" ", 1)[0]
        if _ADDRESS_LIKE.match(_IGNORED_IN_SCHEME.sub("", first_word)):
            as_url(first_word)
        return text

    return validate


_SOURCE_SCHEMA: Final = WithJsonSchema(
    {"anyOf": [{"type": "string", "pattern": URL_PATTERN}, {"type": "string", "pattern": r"^\s*(?!//)[^\s:]+(\s|$)"}]}
)

Url = Annotated[str, PlainValidator(_web_url("write an address such as 'https://example.com/pricing'")), _URL_SCHEMA]
"""An absolute `http://` or `https://` address with a host; no other scheme (`javascript:`,
`data:`, `mailto:`…), and no space or control character."""

Source = Annotated[
    str,
    PlainValidator(_source("link the page the price was read from, or describe the source in words")),
    _SOURCE_SCHEMA,
]
"""Where a price was read: the `http://` or `https://` address of the page (as `Url`), or a
description in words; a first word that is an address must be an `http(s)` one."""

FxSource = Annotated[
    str,
    PlainValidator(_source("link the page the rate was read from, or describe the source in words")),
    _SOURCE_SCHEMA,
]
"""Where an exchange rate was read: an address or a description, as `Source`."""

MethodText = Annotated[
    str,
    PlainValidator(_source("name the page that explains it, such as docs/methodology/relay-scoring.md, or use words")),
    _SOURCE_SCHEMA,
]
"""How something was judged: a page (`docs/methodology/relay-scoring.md`), an `http(s)`
address or words, as `Source`."""

Country = Annotated[
    str,
    PlainValidator(_matching(_COUNTRY, "an ISO 3166 country code of two capital letters", "'CN' or 'US'")),
    WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"}),
]
"""An ISO 3166-1 alpha-2 country code: `CN`, `US`."""

LanguageCode = Annotated[
    str,
    PlainValidator(_matching(_LANGUAGE, "a language code", "'en', 'zh' or 'zh-Hant'")),
    WithJsonSchema({"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}),
]
"""A BCP 47 language code: `en`, `zh`, `zh-Hant`."""

Duration = Annotated[
    str,
    PlainValidator(_matching(_DURATION, "a duration", "'10m', '60s' or '500ms'")),
    WithJsonSchema({"type": "string", "pattern": DURATION_PATTERN}),
]
"""A duration: a whole number and a unit (`ms`, `s`, `m`, `h`): `10m`, `60s`."""

HttpCode = Annotated[
    str,
    PlainValidator(_matching(_HTTP_CODE, "an HTTP status code", "'429'")),
    WithJsonSchema({"type": "string", "pattern": "^[1-5][0-9]{2}$"}),
]
"""An HTTP status code written as text: `"429"`."""


# --- currencies ---------------------------------------------------------------------------------


def _currency(value: Any) -> str:
    if isinstance(value, str) and value in CURRENCIES:
        return value
    hint = "write an ISO 4217 code such as USD, CNY or EUR"
    if isinstance(value, str):
        upper = value.strip().upper()
        if upper in CURRENCIES:
            hint = f"currency codes are upper case: write {upper!r}"
        elif upper in CURRENCY_ALIASES:
            hint = f"{value!r} is not an ISO 4217 code: write {CURRENCY_ALIASES[upper]!r}"
        else:
            close = get_close_matches(upper, sorted(CURRENCIES), n=1, cutoff=0.6)
            if close:
                hint = f"did you mean {close[0]!r}? Currencies are ISO 4217 codes"
    raise _fail("currency", f"unknown currency {describe(value)}", hint)


Currency = Annotated[
    str,
    PlainValidator(_currency),
    WithJsonSchema({"type": "string", "enum": sorted(CURRENCIES)}),
]
"""An ISO 4217 currency code from the closed list `CURRENCIES`: `USD`, `CNY`, `EUR`."""


# --- numbers and money --------------------------------------------------------------------------


def _places(value: Decimal) -> tuple[int, int]:
    """The digits of a finite `value` before and after its decimal point, without leading or
    trailing zeros (`0.280` → `(0, 2)`, `1e5` → `(6, 0)`); counted from its digits, so that
    no arithmetic runs on a number of any size."""
    _, digits, exponent = value.as_tuple()  # `digits` has no leading zero unless the value is 0
    assert isinstance(exponent, int)
    significant = len(digits)
    while significant and digits[significant - 1] == 0:
        significant -= 1
        exponent += 1
    if significant == 0:
        return 0, 0
    return max(significant + exponent, 0), max(-exponent, 0)


def _decimal(value: Any, what: str, example: str) -> Decimal:
    """A `Decimal` from a YAML scalar, built from its exact text (the reader never makes floats).

    A number has at most `MAX_INTEGER_DIGITS` digits before its decimal point and
    `MAX_DECIMALS` after it: every price, rate and measurement of the data fits, and sums,
    conversions and rounding for display stay exact and quick.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise _fail("number", f"expected {what} such as {example}, found {describe(value)}")
    if isinstance(value, str):
        if not _MONEY.fullmatch(value):
            raise _fail(
                "number",
                f"expected {what} such as {example}, found {describe(value)}",
                "write digits with an optional decimal point, without units or spaces",
            )
        value = Decimal(value)
    elif isinstance(value, int):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise _fail(
            "number",
            f"expected {what} such as {example}, found {describe(value)}",
            "write a finite number in digits",
        )
    whole, decimals = _places(value)
    if whole > MAX_INTEGER_DIGITS or decimals > MAX_DECIMALS:
        many = f"{whole} digits before the decimal point" if whole > MAX_INTEGER_DIGITS else f"{decimals} decimals"
        raise _fail(
            "digits",
            f"expected {what} such as {example}, found a number with {many}",
            f"numbers in data/ have at most {MAX_INTEGER_DIGITS} digits before the decimal point "
            f"and {MAX_DECIMALS} after it",
        )
    return value


def _money(value: Any) -> Decimal:
    amount = _decimal(value, "a price written as a decimal", '"0.28"')
    if amount < 0:
        raise _fail(
            "money",
            f"negative price {amount}",
            'prices are zero or more: "0" means free and null means not offered',
        )
    return amount


def _positive_money(value: Any) -> Decimal:
    amount = _decimal(value, "a positive decimal", '"7.10"')
    if amount <= 0:
        raise _fail("money", f"expected a number above zero, found {amount}")
    return amount


def _multiplier(value: Any) -> Decimal:
    amount = _decimal(value, "a multiplier written as a decimal", '"0.6"')
    if amount <= 0:
        raise _fail(
            "multiplier",
            f"multiplier {amount} is not positive",
            'a multiplier scales the list price and is above zero, such as "0.6"',
        )
    return amount


def _number(value: Any) -> Decimal:
    amount = _decimal(value, "a number", "1850")
    if amount < 0:
        raise _fail("number", f"expected a number of zero or more, found {amount}")
    return amount


def _percent(value: Any) -> Decimal:
    amount = _decimal(value, "a percentage", "99.5")
    if not 0 <= amount <= 100:
        raise _fail("percent", f"expected a percentage from 0 to 100, found {amount}")
    return amount


_BELOW_LIMIT: Final = 10**MAX_INTEGER_DIGITS
_POSITIVE_SCHEMA: Final = WithJsonSchema(
    {
        "anyOf": [
            {"type": "string", "pattern": MONEY_PATTERN},
            {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": _BELOW_LIMIT},
        ]
    }
)

_MONEY_SCHEMA: Final = {
    "anyOf": [
        {"type": "string", "pattern": MONEY_PATTERN},
        {"type": "number", "minimum": 0, "exclusiveMaximum": _BELOW_LIMIT},
    ]
}

Money = Annotated[Decimal, PlainValidator(_money), WithJsonSchema(_MONEY_SCHEMA)]
"""An amount of money of zero or more, written `"0.28"` (or bare `0.28`), read as an exact `Decimal`."""

PositiveMoney = Annotated[
    Decimal,
    PlainValidator(_positive_money),
    _POSITIVE_SCHEMA,
]
"""A decimal above zero, such as an exchange rate."""

Multiplier = Annotated[
    Decimal,
    PlainValidator(_multiplier),
    _POSITIVE_SCHEMA,
]
"""A factor applied to a list price, above zero: `"0.6"`."""

Number = Annotated[
    Decimal, PlainValidator(_number), WithJsonSchema({"type": "number", "minimum": 0, "exclusiveMaximum": _BELOW_LIMIT})
]
"""A measurement of zero or more (latency, tokens per second)."""

Percent = Annotated[Decimal, PlainValidator(_percent), WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100})]
"""A percentage from 0 to 100."""


_LARGEST: Final = 10**MAX_INTEGER_DIGITS - 1


def _int_between(low: int, high: int | None, what: str) -> Any:
    def validate(value: Any) -> int:
        too_long = isinstance(value, Decimal) and value.is_finite() and value > _LARGEST  # no `int` of it was made
        if isinstance(value, bool) or (not isinstance(value, int) and not too_long):
            raise _fail("int", f"expected {what}, found {describe(value)}")
        if not too_long and (value < low or (high is not None and value > high)):
            bound = f"from {low} to {high}" if high is not None else f"of {low} or more"
            raise _fail("range", f"expected {what} {bound}, found {describe(value)}")
        if value > _LARGEST:
            raise _fail(
                "digits",
                f"expected {what} of at most {MAX_INTEGER_DIGITS} digits, found {describe(value)}",
                f"numbers in data/ have at most {MAX_INTEGER_DIGITS} digits before the decimal point",
            )
        return int(value)

    return validate


def _int_schema(low: int, high: int | None = None) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": _LARGEST if high is None else high}


NonNegativeInt = Annotated[int, PlainValidator(_int_between(0, None, "a whole number")), WithJsonSchema(_int_schema(0))]
"""A whole number of zero or more."""

PositiveInt = Annotated[int, PlainValidator(_int_between(1, None, "a whole number")), WithJsonSchema(_int_schema(1))]
"""A whole number of one or more."""

DayMinutes = Annotated[
    int,
    PlainValidator(_int_between(0, 24 * 60, "a number of minutes in a day")),
    WithJsonSchema(_int_schema(0, 24 * 60)),
]
"""A number of minutes within one day: 0 to 1440."""

Score = Annotated[int, PlainValidator(_int_between(1, 5, "a score")), WithJsonSchema(_int_schema(1, 5))]
"""An editorial score: a whole number from 1 (poor) to 5 (excellent)."""

Weekday = Annotated[int, PlainValidator(_int_between(1, 7, "an ISO weekday number")), WithJsonSchema(_int_schema(1, 7))]
"""An ISO weekday number: 1 = Monday … 7 = Sunday."""


# --- dates and times ----------------------------------------------------------------------------

_DATE_EXAMPLE: Final = "2026-08-20"
_DATETIME_EXAMPLE: Final = '"2026-08-16T16:00:00Z" or "2026-09-09T24:00:00+08:00"'


def _check_year(year: int, shown: str) -> None:
    """Refuse a year outside `FIRST_YEAR`…`LAST_YEAR`: a typo (`0202`, `9999`) that would put a
    price or an incident in another age, and date arithmetic beyond what Python can hold."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _fail(
            "year",
            f"the date {shown} is not between {FIRST_YEAR} and {LAST_YEAR}",
            f"dates in data/ fall in the years {FIRST_YEAR} to {LAST_YEAR}; check the year",
        )


def _calendar_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        _check_year(value.year, value.isoformat())
        return value
    if isinstance(value, str) and (match := _DATE.fullmatch(value)):
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as error:
            raise _fail("date", f"not a real date {value!r}: {error}") from None
        _check_year(day.year, value)
        return day
    raise _fail("date", f"expected a date written as YYYY-MM-DD (like {_DATE_EXAMPLE}), found {describe(value)}")


def _zone(text: str | None) -> dt.tzinfo | None:
    if text is None:
        return None
    if text in ("Z", "z"):
        return dt.UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError(f"time zone offset {text} is out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _parse_datetime(text: str) -> dt.datetime | None:
    """An aware datetime from ISO 8601 text; `T24:00` is midnight at the end of that day.

    Returns None when the text is not a datetime at all; raises a custom error when it is
    one but is unusable (no zone, impossible values).
    """
    match = _DATETIME.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
    second = int(match[6] or 0)
    micro = int((match[7] or ".0")[1:].ljust(6, "0"))
    if match[8] is None:
        raise _fail(
            "naive_datetime",
            f"date and time {text!r} has no time zone",
            "add a zone: 'Z' for UTC or an offset such as '+08:00'",
        )
    _check_year(year, repr(text))
    try:
        zone = _zone(match[8])
        if hour == 24 and minute == second == micro == 0:
            midnight = dt.datetime(year, month, day, tzinfo=zone)
            return midnight + dt.timedelta(days=1)
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError as error:
        raise _fail("datetime", f"not a real date and time {text!r}: {error}") from None


def _instant(value: Any) -> dt.date | dt.datetime:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _calendar_date(value)
    if isinstance(value, str):
        if _DATE.fullmatch(value):
            return _calendar_date(value)
        parsed = _parse_datetime(value)
        if parsed is not None:
            return parsed
    raise _fail(
        "instant",
        f"expected a date ({_DATE_EXAMPLE}) or a date and time with a zone "
        f"({_DATETIME_EXAMPLE}), found {describe(value)}",
    )


def _aware_datetime(value: Any) -> dt.datetime:
    if isinstance(value, str):
        parsed = _parse_datetime(value)
        if parsed is not None:
            return parsed
    raise _fail(
        "datetime",
        f"expected a date and time with a zone ({_DATETIME_EXAMPLE}), found {describe(value)}",
    )


CalendarDate = Annotated[
    dt.date,
    PlainValidator(_calendar_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]
"""A calendar date: `2026-08-20`."""

Instant = Annotated[
    dt.date | dt.datetime,
    PlainValidator(_instant),
    WithJsonSchema({"type": "string", "anyOf": [{"pattern": DATE_PATTERN}, {"pattern": DATETIME_PATTERN}]}),
]
"""A date (`2026-08-20`, midnight UTC) or a date and time with a zone (`"2026-08-16T16:00:00Z"`).

`T24:00:00` is accepted and means midnight at the end of that day.
"""

AwareDateTime = Annotated[
    dt.datetime,
    PlainValidator(_aware_datetime),
    WithJsonSchema({"type": "string", "pattern": DATETIME_PATTERN}),
]
"""A date and time with a zone: `"2026-08-19T06:10:00+08:00"`."""


def instant(value: dt.date | dt.datetime) -> dt.datetime:
    """The moment a period bound stands for: a date alone is midnight UTC of that day."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


# --- time windows -------------------------------------------------------------------------------


def hour_range_minutes(text: str) -> tuple[int, int]:
    """`"10:00-24:00"` → `(600, 1440)`: minutes since midnight, start inclusive, end exclusive."""
    match = _HOURS.fullmatch(text)
    if match is None:
        raise ValueError(f"not an hour range: {text!r}")
    start = int(match[1]) * 60 + int(match[2])
    end = int(match[3]) * 60 + int(match[4])
    return start, end


def _hour_range(value: Any) -> str:
    if not isinstance(value, str) or not _HOURS.fullmatch(value):
        raise _fail(
            "hours",
            f'expected hours written "HH:MM-HH:MM" (such as "10:00-24:00"), found {describe(value)}',
            "quote the range and use 24-hour times",
        )
    start, end = hour_range_minutes(value)
    if max(start, end) > 24 * 60:
        raise _fail("hours", f"{value!r} goes past 24:00", "the day ends at 24:00")
    if end <= start:
        raise _fail(
            "hours",
            f"{value!r} does not end after it starts",
            "write a range within one day; split a range across midnight in two, "
            'such as "22:00-24:00" and "00:00-06:00"',
        )
    return value


HourRange = Annotated[str, PlainValidator(_hour_range), WithJsonSchema({"type": "string", "pattern": HOURS_PATTERN})]
"""A range of hours within one day, `"HH:MM-HH:MM"`, start inclusive, end exclusive, up to `24:00`."""


@lru_cache(maxsize=256)
def _known_zone(name: str) -> bool:
    if name not in _zone_names():  # never a file looked up from an arbitrary string
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def _time_zone(value: Any) -> str:
    if isinstance(value, str) and len(value) <= 64 and _known_zone(value):
        return value
    hint = "write an IANA time zone such as 'UTC', 'Asia/Shanghai' or 'America/Los_Angeles'"
    if isinstance(value, str) and len(value) <= 64:
        close = get_close_matches(value, sorted(_zone_names()), n=1, cutoff=0.7)
        if close:
            hint = f"did you mean {close[0]!r}?"
    raise _fail("tz", f"unknown time zone {describe(value)}", hint)


TimeZoneName = Annotated[str, PlainValidator(_time_zone), WithJsonSchema({"type": "string", "minLength": 1})]
"""An IANA time zone name: `UTC`, `Asia/Shanghai`."""
