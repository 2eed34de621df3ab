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

from almanac.core.data.datasets.loader import load_datasets
from almanac.core.data.importers.common import (
    NOT_A_PRICE,
    SourceBand,
    SourceFile,
    SourceOffer,
    SourcePeriod,
    SourceTiers,
    decimal_text,
    read_date,
    read_price,
)
from almanac.core.data.importers.genai_prices import read_genai_prices
from almanac.core.data.importers.litellm import read_litellm
from almanac.core.data.importers.llm_prices import read_llm_prices
from almanac.core.data.importers.merge import CATEGORIES, plan_import, write_changes
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
    # read on the tests' build date, later than the sample's last check of MiniMax's price
    plan = plan_import(tmp_path, read, today=TODAY, checked=TODAY, add=True, vendors=["minimax"])
    assert {p: p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()} == before
    categories = [outcome.category for outcome in plan.outcomes if "minimax.json" in outcome.where]
    assert categories == ["confirmed"]
    others = [outcome for outcome in plan.outcomes if outcome.reason == "a vendor not asked for (--vendor)"]
    assert len(others) == 115
    assert [change.rel for change in plan.changes] == ["data/vendors/minimax.yaml"]


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


def test_genai_prices_floats_are_read_from_their_text_and_a_start_date_list_is_a_history() -> None:
    read = read_genai_prices(FIXTURES / "anthropic-changed.yml", "anthropic.yml")
    haiku, long = read.offers
    assert (haiku.vendor, haiku.provider, haiku.checked, haiku.context_window) == (
        "anthropic",
        "anthropic",
        dt.date(2026, 11, 22),
        200000,
    )
    assert haiku.api_ids == ("claude-haiku-4-5-20251001",)
    assert [(p.start, p.end) for p in haiku.periods] == [(None, dt.date(2026, 11, 20)), (dt.date(2026, 11, 20), None)]
    # 0.10 stays the decimal 0.10 (a float would be 0.1000000000000000055…); beside a one-hour price,
    # the cache write is the five-minute one.
    assert haiku.periods[0].rates["cache_read"].as_tuple() == Decimal("0.10").as_tuple()
    assert haiku.periods[1].rates == {
        "input": Decimal("0.8"),
        "cache_read": Decimal("0.08"),
        "cache_write_5m": Decimal("1.0"),
        "cache_write_1h": Decimal("1.6"),
        "output": Decimal(4),
        "web_search_per_k": Decimal(10),
    }
    # a current price tiered by request size is read into bands (merge compares them, never writes them)
    [period] = long.periods
    assert period.rates == {}
    assert period.tiers == SourceTiers(
        "input_tokens_per_request",
        "whole_request",
        (
            SourceBand(0, {"input": Decimal(3), "output": Decimal(15)}),
            SourceBand(200001, {"input": Decimal(6), "output": Decimal(15)}, "more than 200000 input tokens", 200000),
        ),
    )
    assert {skip.where.split(": ")[1]: skip.reason for skip in read.skipped} == {
        "claude-night-1": "prices by time of day (start_time/end_time), which an import does not write",
        "claude-third-1": NOT_A_PRICE,
    }


def test_genai_prices_an_older_tiered_price_is_left_out_of_the_history(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text(
        "id: anthropic\nmodels:\n"
        "  - id: claude-x\n    prices:\n"
        "      - prices: {input_mtok: {base: 5, tiers: [{start: 200000, price: 10}]}, output_mtok: 25}\n"
        "      - constraint: {start_date: 2026-03-13}\n        prices: {input_mtok: 5, output_mtok: 25}\n"
        "      - constraint: {start_date: 2026-09-01}\n"
        "        prices: {input_mtok: 4, output_mtok: 20, video_mtok: 1}\n",
        encoding="utf-8",
    )
    [offer] = read_genai_prices(tmp_path / "p.yml", "p.yml").offers
    assert [(p.start, p.end) for p in offer.periods] == [
        (dt.date(2026, 3, 13), dt.date(2026, 9, 1)),
        (dt.date(2026, 9, 1), None),
    ]
    assert offer.note == "not imported: video_mtok"


def test_genai_prices_other_shapes_are_errors_at_their_line(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("- id: openai\n", encoding="utf-8")
    with pytest.raises(AlmanacError, match=r"^a\.yml:1: not a genai-prices file — expected a YAML mapping"):
        read_genai_prices(tmp_path / "a.yml", "a.yml")
    (tmp_path / "b.yml").write_text("id: openai\nmodels:\n  - id: [\n", encoding="utf-8")
    with pytest.raises(AlmanacError, match=r"^b\.yml:4: not a genai-prices file \(not YAML\)"):
        read_genai_prices(tmp_path / "b.yml", "b.yml")
    # A file of a few lines that repeats values a billion times through aliases is refused, not built.
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 9)]
    (tmp_path / "c.yml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    with pytest.raises(AlmanacError, match=r"^c\.yml:\d+:"):
        read_genai_prices(tmp_path / "c.yml", "c.yml")


# --- LiteLLM -------------------------------------------------------------------------------------

#: Values a field of LiteLLM's file might hold in some entry of the whole file, and must not break it.
ODD_VALUES: tuple[object, ...] = (
    None,
    "0.000001",
    "cheap",
    -1e-06,
    1e300,
    0,
    True,
    [],
    {"a": 1},
    "NaN",
    1e-20,
)
ODD_MODES = ("embedding", "image_generation", "audio_transcription", "audio_speech", "moderation", "rerank", None, 3)


def litellm_file(entries: int, seed: int) -> dict[str, object]:
    """A LiteLLM price file of `entries` entries grown from the shared excerpt's shapes with odd variants:
    missing fields, strings for numbers, null, negative, huge, other modes and providers, regional keys,
    entries that are not objects. The same seed gives the same file."""
    import random

    excerpt = json.loads((FIXTURES / "litellm-excerpt.json").read_text(encoding="utf-8"))
    shapes = [(key, value) for key, value in excerpt.items() if key != "sample_spec"]
    rng = random.Random(seed)
    grown: dict[str, object] = {"sample_spec": excerpt["sample_spec"]}
    for n in range(entries - 1):
        key, shape = rng.choice(shapes)
        entry = json.loads(json.dumps(shape))
        prefix, _, name = key.rpartition("/")
        name = f"{name}-v{n}"
        variant = rng.randrange(12)
        if variant == 0:
            del entry[rng.choice(sorted(entry))]
        elif variant == 1:
            entry[rng.choice(sorted(entry))] = rng.choice(ODD_VALUES)
        elif variant == 2:
            entry["mode"] = rng.choice(ODD_MODES)
        elif variant == 3:
            entry["litellm_provider"] = rng.choice(["vertex_ai", "azure_ai", "", None, "sagemaker"])
        elif variant == 4:
            name = f"us-east-1/{name}"
        elif variant == 5:
            grown[f"{prefix}/{name}" if prefix else name] = rng.choice(ODD_VALUES)
            continue
        elif variant == 6:
            entry = {field: value for field, value in entry.items() if "cost" not in field}
        elif variant == 7:
            entry["input_cost_per_token"] = format(rng.randrange(1, 10**6) / 10**12, ".12f")
        grown[f"{prefix}/{name}" if prefix else name] = entry
    return grown


def test_the_litellm_excerpt_reads_per_token_prices_as_exact_per_million_decimals() -> None:
    read = read_litellm(FIXTURES / "litellm-excerpt.json", "litellm.json")
    haiku = [offer for offer in read.offers if offer.model == "claude-haiku-4-5"]
    assert [offer.service_tier for offer in haiku] == ["standard", "batch"]
    assert haiku[0].periods[0].rates == {
        "input": Decimal(1),
        "cache_read": Decimal("0.1"),
        "output": Decimal(5),
        "cache_write_5m": Decimal("1.25"),
        "cache_write_1h": Decimal(2),
    }
    for offer in read.offers:
        for value in offer.periods[0].rates.values():
            assert type(value) is Decimal
            assert Decimal(decimal_text(value)) == value
    reasons = {skip.reason for skip in read.skipped}
    assert "LiteLLM's description of its fields, not a model" in reasons
    assert "a provider this import does not map" in reasons  # azure, vertex_ai-anthropic_models


def test_a_file_of_a_thousand_odd_entries_is_taken_whole_and_every_entry_accounted_for(tmp_path: Path) -> None:
    # Every entry of the file has an outcome, and what is added loads without a problem. How long the
    # whole of LiteLLM's file takes is measured in benchmarks/README.md, not here.
    grown = litellm_file(1000, seed=20261205)
    (tmp_path / "prices.json").write_text(json.dumps(grown), encoding="utf-8")
    (tmp_path / "data").mkdir()
    read = read_litellm(tmp_path / "prices.json", "prices.json")
    plan = plan_import(tmp_path, read, today=TODAY, checked=TODAY, add=True)
    named = {outcome.where.removeprefix("prices.json: ").removesuffix(" (batch)") for outcome in plan.outcomes}
    named |= {outcome.where.removeprefix("prices.json: ").rpartition(" (")[0] for outcome in plan.outcomes}
    assert set(grown) <= named
    counts = {category: sum(1 for o in plan.outcomes if o.category == category) for category in CATEGORIES}
    assert counts["added"] > 200 and counts["skipped"] > 200, counts
    # What was added is what the build reads without a problem.
    for change in plan.changes:
        (tmp_path / change.rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / change.rel).write_bytes(change.new)
    load_datasets(tmp_path, today=TODAY)


def test_a_file_of_another_format_is_not_a_litellm_file(tmp_path: Path) -> None:
    for name, text in (
        ("llm.json", (FIXTURES / "llm-prices" / "openai.json").read_text(encoding="utf-8")),
        ("genai.yml", (FIXTURES / "genai-prices" / "deepseek.yml").read_text(encoding="utf-8")),
        ("deep.json", "[" * 100_000 + "]" * 100_000),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(AlmanacError) as raised:
            read_litellm(tmp_path / name, name)
        assert str(raised.value).startswith(f"{name}:")
        assert "not a LiteLLM price file" in str(raised.value)
        assert str(raised.value).endswith("— expected a JSON object of models with input_cost_per_token")


def test_a_file_changed_on_disk_after_the_plan_is_not_overwritten(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    read = read_llm_prices(FIXTURES / "openai-changed.json", "openai.json")
    plan = plan_import(tmp_path, read, today=TODAY, checked=TODAY, add=True)
    assert [change.rel for change in plan.changes] == ["data/vendors/openai.yaml"]
    edited = tmp_path / "data" / "vendors" / "openai.yaml"
    meanwhile = edited.read_bytes() + b"# edited by hand meanwhile\n"
    edited.write_bytes(meanwhile)
    written: list[str] = []
    with pytest.raises(AlmanacError, match="changed on disk since almanac read it; not written"):
        write_changes(tmp_path, plan.changes, written)
    assert written == []
    assert edited.read_bytes() == meanwhile
    assert sorted(p.name for p in edited.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("given", "category"),
    [
        # Gemini 2.5 Flash on AI Studio lists no reasoning price: the pricing bills reasoning as
        # output (2.5), and so does a file that lists it; a cache write bills as input (0.3). Equal,
        # and read after our checked date (2025-10-31): confirmed.
        ({"input": "0.3", "output": "2.5", "output_reasoning": "2.5", "cache_write": "0.3"}, "confirmed"),
        ({"input": "0.3", "output": "2.5", "output_reasoning": "0.3"}, "changed"),
    ],
)
def test_a_rate_we_leave_out_is_compared_as_the_pricing_reads_it(
    tmp_path: Path, given: dict[str, str], category: str
) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    entry = SourceOffer(
        where="file: gemini-2.5-flash",
        vendor="google",
        model="gemini-2.5-flash",
        name="Gemini 2.5 Flash",
        provider="google-ai-studio",
        periods=(SourcePeriod(None, None, {key: Decimal(value) for key, value in given.items()}),),
        source="https://example.org/prices",
    )
    plan = plan_import(tmp_path, SourceFile("test", (entry,)), today=TODAY, checked=TODAY, add=False)
    assert [outcome.category for outcome in plan.outcomes] == [category]
