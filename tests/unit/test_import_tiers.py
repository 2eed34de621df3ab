"""A price tiered by request size, in an import: genai-prices' `{base, tiers: [{start, price}]}` and
LiteLLM's `…_above_200k_tokens[_batches]` fields read into bands (`SourceTiers`) as each bills them, and
`merge` comparing them with our `tiers`: confirmed (only the checked and source lines written) when basis,
pricing mode, band starts and rates agree, unchanged when ours was checked no earlier, else skipped with
what differs; never written as a change or an addition. On a copy of tests/fixtures/import-tiers/."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from almanac.core.data.importers.common import (
    NOT_A_PRICE,
    SourceBand,
    SourceFile,
    SourceOffer,
    SourcePeriod,
    SourceTiers,
)
from almanac.core.data.importers.genai_prices import read_genai_prices
from almanac.core.data.importers.litellm import read_litellm
from almanac.core.data.importers.merge import ImportPlan, plan_import

from helpers import ROOT

PROJECT = ROOT / "tests" / "fixtures" / "import-tiers"
TODAY = dt.date(2026, 12, 5)
CHECKED = dt.date(2026, 11, 20)
GOOGLE = "data/vendors/google.yaml"
WHOLE = ("input_tokens_per_request", "whole_request")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT / "data", tmp_path / "data")
    return tmp_path


def rates(**given: str) -> dict[str, Decimal]:
    return {key: Decimal(value) for key, value in given.items()}


#: Gemini 2.5 Pro on AI Studio as LiteLLM 1.110.2 and the vendor's page bill it: prompts of more than
#: 200000 tokens at the long-context rates, every token of them.
GEMINI = SourceTiers(
    *WHOLE,
    (
        SourceBand(0, rates(input="1.25", cache_read="0.125", output="10")),
        SourceBand(200001, rates(input="2.5", cache_read="0.25", output="15"), "more than 200000 input tokens", 200000),
    ),
)


def gemini(
    tiers: SourceTiers | None = GEMINI, *, flat: dict[str, Decimal] | None = None, **more: object
) -> SourceOffer:
    fields: dict[str, object] = {
        "where": "file: gemini-2.5-pro",
        "vendor": "google",
        "model": "gemini-2.5-pro",
        "name": "Gemini 2.5 Pro",
        "provider": "google-ai-studio",
        "periods": (SourcePeriod(None, None, flat or {}, tiers),),
        "source": "https://example.org/prices",
    }
    fields.update(more)
    return SourceOffer(**fields)  # type: ignore[arg-type]


def merged(root: Path, *entries: SourceOffer, add: bool = False) -> tuple[ImportPlan, list[tuple[str, str, str]]]:
    plan = plan_import(root, SourceFile("test", entries), today=TODAY, checked=CHECKED, add=add)
    return plan, [(outcome.category, outcome.reason, outcome.detail) for outcome in plan.outcomes]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def changed_lines(old: bytes, new: bytes) -> list[str]:
    lines = difflib.unified_diff(old.decode().splitlines(), new.decode().splitlines(), lineterm="", n=0)
    return [line for line in list(lines)[2:] if not line.startswith("@@")]


BAND_2 = '                - {min: 200000, max: 1048576, rates: {input: "2.5", cache_read: "0.25", output: "15"}}\n'
BANDS_NOT_THE_FILES = "a price tiered by request size whose bands are not the file's, which an import does not write"


# --- merge: confirmed, unchanged -----------------------------------------------------------------


def test_equal_bands_read_later_are_confirmed_and_only_checked_and_source_change(root: Path) -> None:
    before = (root / GOOGLE).read_bytes()
    plan, outcomes = merged(root, gemini())
    assert outcomes == [
        (
            "confirmed",
            "",
            "gemini-2.5-pro from google-ai-studio: checked 2025-10-31 → 2026-11-20; 2 bands by request size "
            "(band 2 from 200000 in data/, from more than 200000 input tokens in the file: the same threshold, "
            "one token apart)",
        )
    ]
    [change] = plan.changes
    assert (change.rel, change.old) == (GOOGLE, before)
    assert (root / GOOGLE).read_bytes() == before  # a plan writes nothing
    assert changed_lines(change.old, change.new or b"") == [
        '-            source: "https://ai.google.dev/gemini-api/docs/pricing"',
        "-            checked: 2025-10-31",
        '+            source: "https://example.org/prices"',
        "+            checked: 2026-11-20",
    ]


def test_a_band_from_the_same_size_is_the_same_band_without_a_word(root: Path) -> None:
    # xAI's threshold, as LiteLLM bills it: a request of at least 200000 input tokens, our band from 200000
    bands = (GEMINI.bands[0], SourceBand(200000, GEMINI.bands[1].rates, "at least 200000 input tokens"))
    _, outcomes = merged(root, gemini(SourceTiers(*WHOLE, bands)))
    assert outcomes == [
        (
            "confirmed",
            "",
            "gemini-2.5-pro from google-ai-studio: checked 2025-10-31 → 2026-11-20; 2 bands by request size",
        )
    ]


@pytest.mark.parametrize("checked", [dt.date(2025, 10, 31), dt.date(2025, 9, 1)])
def test_equal_bands_read_no_later_than_ours_are_unchanged(root: Path, checked: dt.date) -> None:
    plan, outcomes = merged(root, gemini(checked=checked))
    assert outcomes == [
        (
            "unchanged",
            "",
            "gemini-2.5-pro from google-ai-studio; 2 bands by request size (band 2 from 200000 in data/, from more "
            "than 200000 input tokens in the file: the same threshold, one token apart)",
        )
    ]
    assert plan.changes == ()


def test_a_rate_we_lack_is_named_a_free_cache_write_read_as_not_listed_and_a_fallback_compared(
    root: Path,
) -> None:
    # web search is no price of ours (named, as for a flat price); a cache write of 0 where ours writes none
    # bills as input (read as not listed); output_reasoning is compared as the pricing reads ours (output)
    low, high = GEMINI.bands
    bands = (
        SourceBand(
            0,
            {**low.rates, "cache_write": Decimal(0), "output_reasoning": Decimal(10), "web_search_per_k": Decimal(35)},
        ),
        SourceBand(200001, {**high.rates, "web_search_per_k": Decimal(35)}, high.said, high.above),
    )
    _, outcomes = merged(root, gemini(SourceTiers(*WHOLE, bands)))
    assert outcomes[0][0] == "confirmed"
    assert outcomes[0][2].endswith(
        "; cache_write 0 read as not listed (a cache write bills as input); not in data/: web_search_per_k 35"
    )
    # a rate we lack that differs by band is named band by band (input_audio would be compared: ours is input)
    bands = (
        SourceBand(0, {**low.rates, "web_search_per_k": Decimal(35)}),
        SourceBand(200001, {**high.rates, "web_search_per_k": Decimal(40)}, high.said, high.above),
    )
    _, outcomes = merged(root, gemini(SourceTiers(*WHOLE, bands)))
    assert outcomes[0][2].endswith("; not in data/: web_search_per_k 35 / 40")


# --- merge: skipped ------------------------------------------------------------------------------


def test_flat_on_one_side_and_tiered_on_the_other_is_skipped_either_way(root: Path) -> None:
    before = (root / GOOGLE).read_bytes()
    flat = rates(input="1.25", cache_read="0.125", output="10")
    batch = gemini(service_tier="batch")  # ours is flat
    plan, outcomes = merged(root, gemini(None, flat=flat), batch)
    why = "a price tiered by request size on one side, flat on the other, which an import does not write"
    assert outcomes == [
        (
            "skipped",
            why,
            "gemini-2.5-pro from google-ai-studio: the file's flat, ours 2 bands from 0, 200000 input tokens; "
            "compare and change by hand",
        ),
        (
            "skipped",
            why,
            "gemini-2.5-pro from google-ai-studio: ours flat, the file's 2 bands from 0, 200001 input tokens "
            "(more than 200000 input tokens); compare and change by hand",
        ),
    ]
    assert plan.changes == ()
    assert (root / GOOGLE).read_bytes() == before


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            "basis: input_tokens_per_request",
            "basis: total_tokens_per_request",
            "ours whole request by total tokens, the file's whole request by input tokens",
        ),
        (
            "pricing_mode: whole_request",
            "pricing_mode: marginal",
            "ours marginal (each band its own tokens) by input tokens, the file's whole request by input tokens",
        ),
    ],
)
def test_another_basis_or_pricing_mode_is_skipped(root: Path, old: str, new: str, words: str) -> None:
    edit(root, GOOGLE, f"              {old}\n", f"              {new}\n")
    plan, outcomes = merged(root, gemini())
    assert outcomes == [
        (
            "skipped",
            "a price tiered by another basis or pricing mode than the file's",
            f"gemini-2.5-pro from google-ai-studio: {words}",
        )
    ]
    assert plan.changes == ()


@pytest.mark.parametrize(
    ("bands", "shown"),
    [
        # a threshold of 128000, not 200000
        (
            (GEMINI.bands[0], SourceBand(128001, GEMINI.bands[1].rates, "more than 128000 input tokens", 128000)),
            "the file's from 0, 128001 (more than 128000 input tokens); the rates of each band are equal",
        ),
        # two tokens apart is another threshold, not the same one written two ways
        (
            (GEMINI.bands[0], SourceBand(200002, GEMINI.bands[1].rates, "more than 200001 input tokens", 200001)),
            "the file's from 0, 200002 (more than 200001 input tokens); the rates of each band are equal",
        ),
        (
            (GEMINI.bands[0], SourceBand(200001, GEMINI.bands[1].rates, "at least 200001 input tokens")),
            "the file's from 0, 200001 (at least 200001 input tokens); the rates of each band are equal",
        ),
        # a third band
        (
            (
                *GEMINI.bands,
                SourceBand(500001, rates(input="5", output="20"), "more than 500000 input tokens", 500000),
            ),
            "the file's from 0, 200001, 500001 (more than 200000 input tokens, more than 500000 input tokens)",
        ),
        # one band only
        ((GEMINI.bands[0],), "the file's from 0 (one band)"),
    ],
)
def test_other_band_starts_are_skipped(root: Path, bands: tuple[SourceBand, ...], shown: str) -> None:
    plan, outcomes = merged(root, gemini(SourceTiers(*WHOLE, bands)))
    assert outcomes == [
        (
            "skipped",
            BANDS_NOT_THE_FILES,
            f"gemini-2.5-pro from google-ai-studio: ours bands from 0, 200000 input tokens, {shown}",
        )
    ]
    assert plan.changes == ()


def test_our_last_band_short_of_the_context_window_is_skipped(root: Path) -> None:
    edit(root, GOOGLE, BAND_2, BAND_2.replace("max: 1048576", "max: 1000000"))
    plan, outcomes = merged(root, gemini())
    assert outcomes == [
        (
            "skipped",
            BANDS_NOT_THE_FILES,
            "gemini-2.5-pro from google-ai-studio: ours bands from 0, 200000 input tokens and none from 1000000, "
            "the file's from 0, 200001 (more than 200000 input tokens); the rates of each band are equal",
        )
    ]
    assert plan.changes == ()


def test_without_our_context_window_the_files_tells_where_our_last_band_must_reach(root: Path) -> None:
    edit(root, GOOGLE, "    context_window: 1048576\n", "")
    _, outcomes = merged(root, gemini(context_window=1048576))
    assert outcomes[0][0] == "confirmed"
    _, outcomes = merged(root, gemini(context_window=2000000))
    assert outcomes[0][:2] == ("skipped", BANDS_NOT_THE_FILES)
    assert "and none from 1048576" in outcomes[0][2]
    _, outcomes = merged(root, gemini())  # no window on either side: a request past our last band is unpriced
    assert outcomes[0][:2] == ("skipped", BANDS_NOT_THE_FILES)


def test_other_rates_in_a_band_are_skipped_with_each_difference(root: Path) -> None:
    low, high = GEMINI.bands
    bands = (
        SourceBand(0, {**low.rates, "cache_read": Decimal("0.3")}),
        SourceBand(200001, {**high.rates, "output": Decimal(16)}, high.said, high.above),
    )
    plan, outcomes = merged(root, gemini(SourceTiers(*WHOLE, bands)))
    assert outcomes == [
        (
            "skipped",
            "a price tiered by request size unlike ours, which an import does not write",
            "gemini-2.5-pro from google-ai-studio: band 1 cache_read 0.125 → 0.3, band 2 output 15 → 16; "
            "change it by hand",
        )
    ]
    assert plan.changes == ()
    # with other starts too, both are said
    bands = (bands[0], SourceBand(128001, bands[1].rates, "more than 128000 input tokens", 128000))
    _, outcomes = merged(root, gemini(SourceTiers(*WHOLE, bands)))
    assert outcomes[0][1:] == (
        BANDS_NOT_THE_FILES,
        "gemini-2.5-pro from google-ai-studio: ours bands from 0, 200000 input tokens, the file's from 0, 128001 "
        "(more than 128000 input tokens); band 1 cache_read 0.125 → 0.3, band 2 output 15 → 16",
    )


def test_our_promotions_and_modes_are_skipped(root: Path) -> None:
    promotion = (
        "            promotions:\n"
        '              - {name: Launch, from: 2025-10-01, to: null, rates: {input: "1"}}\n'
        '            source: "https://ai.google.dev/gemini-api/docs/pricing"\n'
    )
    edit(
        root,
        GOOGLE,
        BAND_2 + '            source: "https://ai.google.dev/gemini-api/docs/pricing"\n',
        BAND_2 + promotion,
    )
    _, outcomes = merged(root, gemini())
    assert outcomes == [
        (
            "skipped",
            "our current price is tiered by request size and has promotions, which an import does not compare",
            "gemini-2.5-pro from google-ai-studio: compare by hand",
        )
    ]
    shutil.rmtree(root / "data")
    shutil.copytree(PROJECT / "data", root / "data")
    moded = BAND_2.replace('output: "15"}}', 'output: "15"}, mode_overrides: {thinking: {output: "20"}}}')
    edit(root, GOOGLE, BAND_2, moded)
    _, outcomes = merged(root, gemini())
    assert outcomes == [
        (
            "skipped",
            "our current price has time windows or modes, which the file does not express",
            "gemini-2.5-pro from google-ai-studio: compare and add by hand",
        )
    ]


def test_a_tiered_price_is_never_added(root: Path) -> None:
    unknown = gemini(where="file: gemini-9-pro", model="gemini-9-pro", name="Gemini 9 Pro")
    offer = gemini(where="file: gemini-2.5-pro (flex)", service_tier="flex")
    plan, outcomes = merged(root, unknown, offer, add=True)
    never = ("skipped", "a current price tiered by request size, which an import does not write", "")
    assert outcomes == [never, never]
    assert plan.changes == ()


# --- genai-prices --------------------------------------------------------------------------------


def genai(tmp_path: Path, prices: str) -> SourceFile:
    (tmp_path / "p.yml").write_text(f"id: google\nmodels:\n  - id: gemini-x\n    prices:\n{prices}", encoding="utf-8")
    return read_genai_prices(tmp_path / "p.yml", "p.yml")


def test_genai_prices_tiers_are_bands_from_one_token_past_each_start(tmp_path: Path) -> None:
    # each key at its highest tier whose start the request passes, a key without tiers at its one price;
    # the tiers of a key in any order
    read = genai(
        tmp_path,
        "      input_mtok: {base: 1, tiers: [{start: 200000, price: 3}, {start: 128000, price: 2}]}\n"
        "      cache_read_mtok: 0.1\n"
        "      output_mtok: {base: 4, tiers: [{start: 200000, price: 5}]}\n",
    )
    [offer] = read.offers
    assert offer.periods == (
        SourcePeriod(
            None,
            None,
            {},
            SourceTiers(
                *WHOLE,
                (
                    SourceBand(0, rates(input="1", cache_read="0.1", output="4")),
                    SourceBand(
                        128001, rates(input="2", cache_read="0.1", output="4"), "more than 128000 input tokens", 128000
                    ),
                    SourceBand(
                        200001, rates(input="3", cache_read="0.1", output="5"), "more than 200000 input tokens", 200000
                    ),
                ),
            ),
        ),
    )
    # a tiered cache write beside a one-hour one is the five-minute write, as a flat one is
    read = genai(
        tmp_path,
        "      input_mtok: {base: 3, tiers: [{start: 200000, price: 6}]}\n"
        "      cache_write_mtok: {base: 3.75, tiers: [{start: 200000, price: 7.5}]}\n"
        "      cache_write_1h_mtok: 6\n"
        "      output_mtok: 15\n",
    )
    tiers = read.offers[0].periods[0].tiers
    assert tiers is not None
    assert [dict(band.rates) for band in tiers.bands] == [
        rates(input="3", cache_write_5m="3.75", cache_write_1h="6", output="15"),
        rates(input="6", cache_write_5m="7.5", cache_write_1h="6", output="15"),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "{base: 5, tiers: []}",
        "{base: cheap, tiers: [{start: 200000, price: 10}]}",
        "{base: 5, tiers: [{start: -1, price: 10}]}",
        "{base: 5, tiers: [{start: 0, price: 10}]}",
        "{base: 5, tiers: [{start: 1.5, price: 10}]}",
        "{base: 5, tiers: [{start: true, price: 10}]}",
        "{base: 5, tiers: [{start: 200000, price: -1}]}",
        "{base: 5, tiers: [{start: 200000, price: 10}, {start: 200000, price: 12}]}",
        "{base: 5, tiers: [{start: 200000}]}",
        "{base: 5, tiers: [{start: 200000, price: 10, note: x}]}",
        "{base: 5, tiers: [200000]}",
        "{base: 5, tiers: {start: 200000, price: 10}}",
        "{base: 5, tiers: [{start: 200000, price: 10}], extra: 1}",
        "{tiers: [{start: 200000, price: 10}]}",
    ],
)
def test_genai_prices_a_malformed_tiered_price_is_skipped_not_an_exception(tmp_path: Path, value: str) -> None:
    read = genai(tmp_path, f"      input_mtok: {value}\n      output_mtok: 10\n")
    assert read.offers == ()
    [skip] = read.skipped
    assert (skip.where, skip.reason) == ("p.yml: gemini-x", NOT_A_PRICE)
    assert skip.detail.startswith("input_mtok: ")


# --- LiteLLM -------------------------------------------------------------------------------------


def litellm(tmp_path: Path, entries: dict[str, dict[str, object]]) -> SourceFile:
    (tmp_path / "prices.json").write_text(json.dumps(entries), encoding="utf-8")
    return read_litellm(tmp_path / "prices.json", "prices.json")


def periods(read: SourceFile) -> dict[str, SourcePeriod]:
    return {offer.where: offer.periods[0] for offer in read.offers}


PRO = {"litellm_provider": "gemini", "mode": "chat", "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05}


def test_litellm_above_fields_are_bands_from_one_token_past_the_threshold(tmp_path: Path) -> None:
    read = litellm(
        tmp_path,
        {
            "gemini/gemini-x": {
                **PRO,
                "cache_read_input_token_cost": 1.25e-07,  # no _above_ field: its price in every band
                "input_cost_per_token_above_200k_tokens": 2.5e-06,
                "output_cost_per_token_above_200k_tokens": 1.5e-05,
                "input_cost_per_token_above_128000_tokens": 2e-06,  # a threshold without k
                "input_cost_per_image_above_128k_tokens": 0.01,  # not a rate we read
                "output_cost_per_token_above_200k_tokens_ultrafast": 9e-05,  # nor a tier
                "cache_read_input_token_cost_above_200k_tokens_decisions": None,
            }
        },
    )
    assert read.skipped == ()
    assert periods(read) == {
        "prices.json: gemini/gemini-x": SourcePeriod(
            None,
            None,
            {},
            SourceTiers(
                *WHOLE,
                (
                    SourceBand(0, rates(input="1.25", cache_read="0.125", output="10")),
                    SourceBand(
                        128001,
                        rates(input="2", cache_read="0.125", output="10"),
                        "more than 128000 input tokens",
                        128000,
                    ),
                    SourceBand(
                        200001,
                        rates(input="2.5", cache_read="0.125", output="15"),
                        "more than 200000 input tokens",
                        200000,
                    ),
                ),
            ),
        )
    }


def test_litellm_xai_thresholds_include_a_request_of_that_size(tmp_path: Path) -> None:
    grok = {
        "litellm_provider": "xai",
        "mode": "chat",
        "input_cost_per_token": 1.25e-06,
        "output_cost_per_token": 2.5e-06,
        "input_cost_per_token_above_200k_tokens": 2.5e-06,
        "output_cost_per_token_above_200k_tokens": 5e-06,
    }
    tiers = periods(litellm(tmp_path, {"xai/grok-x": grok}))["prices.json: xai/grok-x"].tiers
    assert tiers is not None
    assert tiers.bands[1] == SourceBand(200000, rates(input="2.5", output="5"), "at least 200000 input tokens")


def test_litellm_batch_and_service_tier_bands_and_the_ones_it_fills_from_the_standard_tier(tmp_path: Path) -> None:
    claude = {
        "litellm_provider": "anthropic",
        "mode": "chat",
        "input_cost_per_token": 3e-06,
        "output_cost_per_token": 1.5e-05,
        "cache_creation_input_token_cost": 3.75e-06,
        "cache_creation_input_token_cost_above_1hr": 6e-06,
        "input_cost_per_token_above_200k_tokens": 6e-06,
        "output_cost_per_token_above_200k_tokens": 2.25e-05,
        "cache_creation_input_token_cost_above_200k_tokens": 7.5e-06,
        "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 1.2e-05,
        # the batch tier's own bands
        "input_cost_per_token_batches": 1.5e-06,
        "output_cost_per_token_batches": 7.5e-06,
        "input_cost_per_token_above_200k_tokens_batches": 3e-06,
        "output_cost_per_token_above_200k_tokens_batches": 1.125e-05,
        # the priority tier has no output band: LiteLLM bills the standard one's above 200k
        "input_cost_per_token_priority": 5e-06,
        "output_cost_per_token_priority": 2.5e-05,
        "input_cost_per_token_above_200k_tokens_priority": 1e-05,
    }
    read = litellm(tmp_path, {"claude-x": claude})
    found = periods(read)
    standard = found["prices.json: claude-x"].tiers
    assert standard is not None
    assert [dict(band.rates) for band in standard.bands] == [
        rates(input="3", cache_write_5m="3.75", output="15", cache_write_1h="6"),
        rates(input="6", cache_write_5m="7.5", output="22.5", cache_write_1h="12"),
    ]
    batch = found["prices.json: claude-x (batch)"].tiers
    assert batch == SourceTiers(
        *WHOLE,
        (
            SourceBand(0, rates(input="1.5", output="7.5")),
            SourceBand(200001, rates(input="3", output="11.25"), "more than 200000 input tokens", 200000),
        ),
    )
    assert [(skip.where, skip.reason) for skip in read.skipped] == [
        (
            "prices.json: claude-x (priority)",
            "a service tier's price by request size that LiteLLM completes from the standard one's",
        )
    ]
    # a batch tier without bands beside a tiered standard price: LiteLLM bills it flat at any size
    del claude["input_cost_per_token_above_200k_tokens_batches"]
    read = litellm(tmp_path, {"claude-x": claude})
    assert "prices.json: claude-x (batch)" not in periods(read)
    assert [(skip.where, skip.reason) for skip in read.skipped] == [
        (
            "prices.json: claude-x (batch)",
            "a batch price flat where the standard one is tiered by request size (LiteLLM bills it flat)",
        ),
        (
            "prices.json: claude-x (priority)",
            "a service tier's price by request size that LiteLLM completes from the standard one's",
        ),
    ]


@pytest.mark.parametrize("value", ["cheap", -1e-06, True, [], {"a": 1}, "NaN", 1e300, 1e-20])
def test_litellm_an_above_field_that_is_not_a_price_skips_the_entry(tmp_path: Path, value: object) -> None:
    read = litellm(tmp_path, {"gemini/gemini-x": {**PRO, "output_cost_per_token_above_200k_tokens": value}})
    assert read.offers == ()
    [skip] = read.skipped
    assert (skip.where, skip.reason) == ("prices.json: gemini/gemini-x", NOT_A_PRICE)
    assert skip.detail.startswith("output_cost_per_token_above_200k_tokens: ")


def test_litellm_a_null_above_field_is_no_price_and_a_threshold_of_0_is_none(tmp_path: Path) -> None:
    read = litellm(
        tmp_path,
        {
            "gemini/gemini-x": {**PRO, "input_cost_per_token_above_200k_tokens": None},
            "gemini/gemini-y": {**PRO, "input_cost_per_token_above_0_tokens": 2e-06},
        },
    )
    assert periods(read) == {"prices.json: gemini/gemini-x": SourcePeriod(None, None, rates(input="1.25", output="10"))}
    assert [(skip.where, skip.reason, skip.detail) for skip in read.skipped] == [
        (
            "prices.json: gemini/gemini-y",
            "a price by request size above 0 tokens, which is no band",
            "input_cost_per_token_above_0_tokens",
        )
    ]
