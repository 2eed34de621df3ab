"""genai-prices 0.2.x: xAI's file is `x-ai` (was `x_ai`); `price_variants` are offers of our service
tiers (`processing: batch`, `service_tier: flex|priority`), each the standard price with the variant's
keys over it from the variant's `start_date`, and any other condition skipped with a reason. In the
merge, a rate of the file that ours has no price for (nor a fallback) is named, not a change by
itself; and a price that starts after the build date is written as a scheduled period. A model the file
marks deprecated is compared, never added; another vendor's model in a vendor's own file (Claude in
Google's) is skipped; Z.ai's offers are `intl`, and Zhipu's list converted from CNY is skipped. Each on a
small file of our own, merged into a data/ the same import made."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from almanac.core.data.datasets.loader import load_datasets
from almanac.core.data.importers.common import SourcePeriod
from almanac.core.data.importers.genai_prices import read_genai_prices
from almanac.core.data.importers.merge import Outcome, plan_import, write_changes
from almanac.core.data.pricing import current_quote

TODAY = dt.date(2026, 12, 5)

#: A first-party file shaped as genai-prices 0.2.5 writes it (`x-ai`: the 0.2.x id).
GROK = """\
id: x-ai
name: X AI
models:
- id: grok-9
  name: Grok 9
  prices:
    input_mtok: !!float '2'
    cache_read_mtok: 0.5
    output_mtok: !!float '10'
    web_searches_kcount: !!float '5'
  price_variants:
  - when:
      service_tier: default
    prices: {}
  - when:
      processing: batch
    prices:
      input_mtok: !!float '1'
      output_mtok: !!float '5'
    constraint:
      start_date: 2026-10-14
  - when:
      service_tier: priority
    prices:
      input_mtok: 3.5
    constraint:
      start_date: 2026-10-12
  - when:
      speed: fast
    prices:
      input_mtok: !!float '6'
  - when:
      service_tier: ultrafast
    prices:
      input_mtok: !!float '9'
"""


def rates(**given: str) -> dict[str, Decimal]:
    return {key: Decimal(value) for key, value in given.items()}


def test_xai_is_read_under_its_old_and_new_file_id(tmp_path: Path) -> None:
    for key in ("x-ai", "x_ai"):
        (tmp_path / f"{key}.yml").write_text(GROK.replace("id: x-ai", f"id: {key}"), encoding="utf-8")
        read = read_genai_prices(tmp_path / f"{key}.yml", f"{key}.yml")
        assert {offer.provider for offer in read.offers} == {"xai"}
        assert {offer.vendor for offer in read.offers} == {"xai"}


def test_price_variants_are_offers_of_our_tiers_from_their_start_and_the_others_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "x-ai.yml").write_text(GROK, encoding="utf-8")
    read = read_genai_prices(tmp_path / "x-ai.yml", "x-ai.yml")
    tiers = {offer.service_tier: offer for offer in read.offers}
    assert list(tiers) == ["standard", "batch", "priority"]
    assert tiers["standard"].periods == (
        SourcePeriod(None, None, rates(input="2", cache_read="0.5", output="10", web_search_per_k="5")),
    )
    # the variant's keys over the standard price, from its start_date; the rest is the standard's
    assert tiers["batch"].periods == (
        SourcePeriod(dt.date(2026, 10, 14), None, rates(input="1", cache_read="0.5", output="5", web_search_per_k="5")),
    )
    assert tiers["batch"].where == "x-ai.yml: grok-9 (batch)"
    assert tiers["priority"].periods == (
        SourcePeriod(
            dt.date(2026, 10, 12), None, rates(input="3.5", cache_read="0.5", output="10", web_search_per_k="5")
        ),
    )
    # `service_tier: default` with no prices is the standard price itself: nothing to skip
    assert [(skip.where, skip.reason, skip.detail) for skip in read.skipped] == [
        (
            "x-ai.yml: grok-9 (speed: fast)",
            "a price variant under a condition our service tiers do not express",
            "speed: fast",
        ),
        (
            "x-ai.yml: grok-9 (service_tier: ultrafast)",
            "a price variant under a condition our service tiers do not express",
            "service_tier: ultrafast",
        ),
    ]


def test_variants_follow_the_standard_history_and_the_first_listed_in_force_gives_a_key(tmp_path: Path) -> None:
    # Gemini 3.6 Flash's shape: an introductory price to 2027-01-01, batch known from 2026-10-14,
    # the later batch variant listed first (genai-prices takes the first in force for each key).
    (tmp_path / "google.yml").write_text(
        """\
id: google
models:
- id: gemini-9-flash
  prices:
  - prices: {input_mtok: 0.75, output_mtok: 3.75}
  - constraint: {start_date: 2027-01-01}
    prices: {input_mtok: 1.5, output_mtok: 7.5}
  price_variants:
  - when: {processing: batch}
    prices: {input_mtok: 0.75, output_mtok: 3.75}
    constraint: {start_date: 2027-01-01}
  - when: {processing: batch}
    prices: {input_mtok: 0.375, output_mtok: 1.875}
    constraint: {start_date: 2026-10-14}
  - when: {service_tier: flex}
    prices: {}
  - when: {service_tier: priority}
    prices: {input_mtok: 1}
    constraint: {start_time: '00:00:00', end_time: '08:00:00'}
""",
        encoding="utf-8",
    )
    read = read_genai_prices(tmp_path / "google.yml", "google.yml")
    tiers = {offer.service_tier: offer.periods for offer in read.offers}
    assert tiers["batch"] == (
        SourcePeriod(dt.date(2026, 10, 14), dt.date(2027, 1, 1), rates(input="0.375", output="1.875")),
        SourcePeriod(dt.date(2027, 1, 1), None, rates(input="0.75", output="3.75")),
    )
    # an empty variant without a start: the standard price, with its whole history
    assert tiers["flex"] == tiers["standard"]
    assert "priority" not in tiers
    assert [(skip.where, skip.reason) for skip in read.skipped] == [
        (
            "google.yml: gemini-9-flash (service_tier: priority)",
            "prices by time of day (start_time/end_time), which an import does not write",
        )
    ]


# --- the merge -------------------------------------------------------------------------------------


def outcomes(root: Path, text: str, *, checked: dt.date, write: bool = True) -> list[Outcome]:
    (root / "x-ai.yml").write_text(text, encoding="utf-8")
    read = read_genai_prices(root / "x-ai.yml", "x-ai.yml", source="https://example.org/grok")
    plan = plan_import(root, read, today=TODAY, checked=checked, add=True)
    if write:
        write_changes(root, plan.changes, [])
    return list(plan.outcomes)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A data/ with Grok 9 at xAI, standard and batch, as an import with --add writes it, without
    the web search price (our data had none)."""
    first = GROK.replace("    web_searches_kcount: !!float '5'\n", "")
    done = outcomes(tmp_path, first, checked=dt.date(2026, 11, 1))
    assert [(o.category, o.where) for o in done if o.category == "added"] == [
        ("added", "x-ai.yml: grok-9"),
        ("added", "x-ai.yml: grok-9 (batch)"),
        ("added", "x-ai.yml: grok-9 (priority)"),
    ]
    return tmp_path


def test_a_batch_variant_is_merged_into_our_batch_offer(root: Path) -> None:
    text = (root / "data" / "vendors" / "xai.yaml").read_text(encoding="utf-8")
    assert "service_tier: batch" in text
    assert "from: 2026-10-14" in text  # the batch price is known from the variant's start_date
    # the same start with another price rewrites history: skipped, as any file's older price is
    rewritten = GROK.replace("      output_mtok: !!float '5'\n", "      output_mtok: !!float '4'\n")
    done = outcomes(root, rewritten, checked=dt.date(2026, 11, 20), write=False)
    batch = next(o for o in done if o.where == "x-ai.yml: grok-9 (batch)")
    assert (batch.category, batch.reason) == ("skipped", "the file's price is older than ours")
    # a later batch variant, listed first, is a new price of our batch offer from its start
    cheaper = GROK.replace(
        "  - when:\n      processing: batch\n",
        "  - when: {processing: batch}\n    prices: {output_mtok: 4}\n    constraint: {start_date: 2026-11-16}\n"
        "  - when:\n      processing: batch\n",
    )
    done = outcomes(root, cheaper, checked=dt.date(2026, 11, 20))
    batch = next(o for o in done if o.where == "x-ai.yml: grok-9 (batch)")
    assert batch.category == "changed"
    assert batch.detail == "grok-9 from xai: output 5 → 4, web_search_per_k null → 5, from 2026-11-16"
    offer = next(o for o in load_datasets(root, today=TODAY).models["grok-9"].offers if o.service_tier == "batch")
    assert [(period.from_, period.to) for period in offer.periods] == [
        (dt.date(2026, 10, 14), dt.date(2026, 11, 16)),
        (dt.date(2026, 11, 16), None),
    ]


def test_a_rate_ours_lacks_is_named_and_is_no_change_by_itself(root: Path) -> None:
    before = (root / "data" / "vendors" / "xai.yaml").read_bytes()
    done = outcomes(root, GROK, checked=dt.date(2026, 11, 1), write=False)
    standard = next(o for o in done if o.where == "x-ai.yml: grok-9")
    assert (standard.category, standard.detail) == ("unchanged", "grok-9 from xai; not in data/: web_search_per_k 5")
    done = outcomes(root, GROK, checked=dt.date(2026, 11, 20))
    standard = next(o for o in done if o.where == "x-ai.yml: grok-9")
    assert standard.category == "confirmed"
    assert standard.detail == "grok-9 from xai: checked 2026-11-01 → 2026-11-20; not in data/: web_search_per_k 5"
    after = (root / "data" / "vendors" / "xai.yaml").read_text(encoding="utf-8")
    assert "web_search_per_k" not in after
    assert after != before.decode()  # only the checked dates and sources moved
    # a real change of another rate writes the extra one with it
    dearer = GROK.replace("    output_mtok: !!float '10'\n", "    output_mtok: !!float '12'\n", 1)
    done = outcomes(root, dearer, checked=dt.date(2026, 11, 25))
    standard = next(o for o in done if o.where == "x-ai.yml: grok-9")
    assert standard.category == "changed"
    assert standard.detail == "grok-9 from xai: output 10 → 12, web_search_per_k null → 5, from 2026-11-25"
    offer = load_datasets(root, today=TODAY).models["grok-9"].offers[0]
    assert offer.periods[-1].rates is not None
    assert offer.periods[-1].rates.as_dict()["web_search_per_k"] == Decimal(5)


def test_a_price_from_after_the_build_date_is_written_as_a_scheduled_period(root: Path) -> None:
    # Grok 9's standard price as a history: 3 from 2027-01-01, after the build date (2026-12-05)
    history = (
        "  prices:\n"
        "  - prices: {input_mtok: 2, cache_read_mtok: 0.5, output_mtok: 10, web_searches_kcount: 5}\n"
        "  - constraint: {start_date: 2027-01-01}\n"
        "    prices: {input_mtok: 3, cache_read_mtok: 0.5, output_mtok: 10, web_searches_kcount: 5}\n"
    )
    flat = GROK[GROK.index("  prices:\n") : GROK.index("  price_variants:\n")]
    later = GROK.replace(flat, history, 1)
    done = outcomes(root, later, checked=dt.date(2026, 11, 20))
    standard = next(o for o in done if o.where == "x-ai.yml: grok-9")
    assert standard.category == "changed"
    assert standard.detail == (
        "grok-9 from xai: input 2 → 3, web_search_per_k null → 5, scheduled from 2027-01-01 (after the build date)"
    )
    # the loader takes a period that starts after today; the price in force stays ours until then
    offer = load_datasets(root, today=TODAY).models["grok-9"].offers[0]
    assert [period.from_ for period in offer.periods] == [None, dt.date(2027, 1, 1)]
    now = current_quote(offer, dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC))
    then = current_quote(offer, dt.datetime(2027, 1, 2, 12, tzinfo=dt.UTC))
    assert now is not None and then is not None
    assert (now.rate("input"), then.rate("input")) == (Decimal(2), Decimal(3))


# --- what else genai-prices 0.2.5 showed ------------------------------------------------------------


def test_a_deprecated_model_is_compared_with_ours_and_never_added(root: Path) -> None:
    # genai-prices marks a model deprecated while its provider still serves it, at that price
    retired = GROK.replace("  name: Grok 9\n", "  name: Grok 9\n  deprecated: true\n") + (
        "- id: grok-1\n  deprecated: true\n  prices: {input_mtok: 5, output_mtok: 15}\n"
    )
    done = outcomes(root, retired, checked=dt.date(2026, 11, 20))
    found = {o.where: (o.category, o.reason) for o in done}
    assert found["x-ai.yml: grok-9"] == ("confirmed", "")
    assert found["x-ai.yml: grok-1"] == ("skipped", "deprecated in the file, and not in data/ (never added)")
    assert "grok-1" not in load_datasets(root, today=TODAY).models


def test_another_vendors_model_in_a_vendors_own_file_is_not_that_vendors(tmp_path: Path) -> None:
    (tmp_path / "google.yml").write_text(
        "id: google\nmodels:\n"
        "- id: claude-opus-9\n  prices: {input_mtok: 5, output_mtok: 25}\n"
        "- id: gemini-9-pro\n  prices: {input_mtok: 2, output_mtok: 12}\n",
        encoding="utf-8",
    )
    read = read_genai_prices(tmp_path / "google.yml", "google.yml")
    assert [offer.model for offer in read.offers] == ["gemini-9-pro"]
    assert [(skip.where, skip.detail) for skip in read.skipped] == [
        ("google.yml: claude-opus-9", "a model of anthropic; google-ai-studio sells google's")
    ]
    assert read.skipped[0].reason.startswith("another vendor's model in a vendor's own file")


def test_zai_is_the_international_edition_and_zhipus_converted_list_is_skipped(tmp_path: Path) -> None:
    model = "models:\n- id: GLM-9\n  prices: {input_mtok: 1.103, output_mtok: 3.862}\n"
    (tmp_path / "zai.yml").write_text("id: zai\n" + model, encoding="utf-8")
    (tmp_path / "zhipuai.yml").write_text("id: zhipuai\n" + model, encoding="utf-8")
    read = read_genai_prices(tmp_path, "providers")
    assert [(offer.provider, offer.region, offer.currency) for offer in read.offers] == [("zai", "intl", "USD")]
    assert [(skip.where, skip.reason) for skip in read.skipped] == [
        (
            "providers/zhipuai.yml: provider 'zhipuai'",
            "a provider's list in another currency, converted to USD by the file",
        )
    ]
