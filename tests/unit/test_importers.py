"""The importers read a price file into exact decimals and skip, with a reason, what our model cannot
express; the merge plans changes of `data/` on a copy, never under the project; the progress bar is
drawn only on a terminal."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from almanac.core.data.importers.common import decimal_text, read_date, read_price
from almanac.core.data.importers.llm_prices import read_llm_prices
from almanac.core.data.importers.merge import plan_import
from almanac.core.errors import AlmanacError
from almanac.import_command import _Progress

from helpers import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "importers"
TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.075"), Decimal("0.075")),
        (3, Decimal(3)),
        ("0.14", Decimal("0.14")),
        (" 2.5 ", Decimal("2.5")),
        (Decimal("1E-5"), Decimal("0.00001")),
        (Decimal(0), Decimal(0)),
        (Decimal(-1), None),
        (Decimal("1E+300"), None),
        ("NaN", None),
        ("Infinity", None),
        ("cheap", None),
        (True, None),
        (None, None),
        (0.1, None),  # a float is never taken: its digits are not the file's
        ([], None),
    ],
)
def test_a_price_is_read_exactly_or_not_at_all(value: object, expected: Decimal | None) -> None:
    assert read_price(value) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.140"), "0.14"),
        (Decimal("1E-5"), "0.00001"),
        (Decimal("1E+2"), "100"),
        (Decimal("12"), "12"),
        (Decimal("0.0"), "0"),
        (Decimal("0.000000275") * 1_000_000, "0.275"),
    ],
)
def test_money_is_written_as_plain_digits(value: Decimal, text: str) -> None:
    assert decimal_text(value) == text
    assert Decimal(text) == value


def test_dates_are_iso_days_only() -> None:
    assert read_date("2025-02-08") == dt.date(2025, 2, 8)
    assert read_date("2025-2-8") is None
    assert read_date("2025-02-30") is None
    assert read_date(20250208) is None


def test_the_llm_prices_snapshot_reads_as_exact_decimals_with_bands_and_repeats_skipped() -> None:
    read = read_llm_prices(FIXTURES / "llm-prices", "llm-prices")
    assert len(read.offers) == 116
    assert {skip.reason for skip in read.skipped} == {"a long-context band written as a model", "an id given twice"}
    assert len(read.skipped) == 26
    chat = next(offer for offer in read.offers if offer.model == "deepseek-chat")
    assert (chat.vendor, chat.provider, chat.source) == (
        "deepseek",
        "deepseek",
        "https://github.com/simonw/llm-prices/blob/main/data/deepseek.json",
    )
    # Oldest first: to_date is exclusive, from_date inclusive, the same day.
    assert [(p.start, p.end) for p in chat.periods] == [(None, dt.date(2025, 2, 8)), (dt.date(2025, 2, 8), None)]
    assert chat.periods[1].rates == {"input": Decimal("0.27"), "output": Decimal("1.1")}
    for offer in read.offers:
        for period in offer.periods:
            assert all(type(value) is Decimal for value in period.rates.values())


def test_a_folder_without_json_and_a_file_of_another_shape_are_errors(tmp_path: Path) -> None:
    with pytest.raises(AlmanacError, match=r"no \.json file in this folder"):
        read_llm_prices(tmp_path, "empty")
    (tmp_path / "x.json").write_text('{"vendor": "openai", "models": {"gpt-4o": {}}}', encoding="utf-8")
    with pytest.raises(AlmanacError) as raised:
        read_llm_prices(tmp_path / "x.json", "x.json")
    assert str(raised.value).startswith("x.json:1: not an llm-prices file — expected a JSON object")
    (tmp_path / "y.json").write_text('{"vendor": "openai",\n "models": [', encoding="utf-8")
    with pytest.raises(AlmanacError, match=r"^y\.json:2: not an llm-prices file \(not JSON"):
        read_llm_prices(tmp_path / "y.json", "y.json")


def test_an_unknown_vendor_is_skipped_whole(tmp_path: Path) -> None:
    (tmp_path / "v.json").write_text(json.dumps({"vendor": "acme", "models": []}), encoding="utf-8")
    read = read_llm_prices(tmp_path / "v.json", "v.json")
    assert read.offers == ()
    assert [skip.reason for skip in read.skipped] == ["a vendor this import does not map"]


def test_the_plan_is_made_on_a_copy_and_the_vendor_filter_skips_the_others(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    before = {p: p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()}
    read = read_llm_prices(FIXTURES / "llm-prices", "llm-prices")
    plan = plan_import(tmp_path, read, today=TODAY, checked=dt.date(2026, 8, 5), add=True, vendors=["minimax"])
    assert {p: p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()} == before
    categories = [outcome.category for outcome in plan.outcomes if "minimax.json" in outcome.where]
    assert categories == ["unchanged"]
    others = [outcome for outcome in plan.outcomes if outcome.reason == "a vendor not asked for (--vendor)"]
    assert len(others) == 115
    assert plan.changes == ()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_on_a_terminal_and_cleared_only() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = _Progress(stream, "almanac import")
        for done in range(1, 61):
            bar.update(done, 60)
        bar.close()
    assert pipe.getvalue() == ""
    drawn = terminal.getvalue()
    assert drawn.count("\r") == 31 + 1  # one draw per step of the bar (30 and the first), then the clearing
    assert "\ralmanac import [" + "#" * 30 + "] 60/60" in drawn
    assert drawn.endswith("\r\x1b[K")
