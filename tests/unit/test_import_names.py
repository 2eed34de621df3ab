"""Our models under a cloud's or an aggregator's name. Amazon Bedrock's ids wrap the vendor's
(`global.anthropic.claude-opus-4-8-v1:0`): the geography, the vendor and the version are taken off, and the
geography is the offer's region (`global` is our global offer; `regional.`, `us.`… are not). OpenRouter's
`…:batch` is the batch tier. Names are then compared with `.` and `-` alike (`anthropic/claude-opus-4.8` is
our `claude-opus-4-8`) only when that names one model of ours: an exact name wins, two near models are never
confused, and a name both would match is skipped with a reason. A date is never taken off: it matches only a
snapshot we list. On a copy of the sample's data/, or on a data/ an import made."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from almanac.core.data.importers.common import BedrockId, bedrock_ids
from almanac.core.data.importers.genai_prices import read_genai_prices
from almanac.core.data.importers.litellm import read_litellm
from almanac.core.data.importers.merge import Outcome, plan_import, write_changes

from helpers import ROOT, pin_reading

TODAY = dt.date(2026, 12, 5)
CHECKED = dt.date(2026, 11, 19)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "project" / "data")
    # the readings the test confirms again, as they were before the sample's refreshes of 2026-12-05
    project = tmp_path / "project"
    for rel, model, provider, checked in (
        ("anthropic", "claude-opus-4-8", "aws-bedrock", "2026-05-28"),
        ("anthropic", "claude-opus-4-8", "openrouter", "2026-05-28"),
        ("anthropic", "claude-haiku-4-5", "aws-bedrock", "2026-08-21"),
        ("anthropic", "claude-haiku-4-5", "openrouter", "2026-08-21"),
        ("alibaba", "qwen3-coder-480b-a35b", "aws-bedrock", "2026-08-21"),
    ):
        pin_reading(project / f"data/vendors/{rel}.yaml", model, provider, "standard", checked=checked)
    return project


def outcomes(root: Path, folder: Path, files: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    """genai-prices files of our own, merged into `root`'s data/: each entry's (category, reason, detail)."""
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    source = read_genai_prices(folder, "providers")
    plan = plan_import(root, source, today=TODAY, checked=CHECKED)
    return {outcome.where.removeprefix("providers/"): _words(outcome) for outcome in plan.outcomes}


def _words(outcome: Outcome) -> tuple[str, str, str]:
    return outcome.category, outcome.reason, outcome.detail


def test_a_bedrock_id_is_the_vendors_id_in_a_region() -> None:
    read = bedrock_ids(
        [
            "global.anthropic.claude-haiku-4-5-20251001-v1:0",
            "regional.anthropic.claude-opus-5",
            "us.anthropic.claude-opus-4-8",
            "us-gov.anthropic.claude-opus-4-8",
            "anthropic.claude-opus-4-8",  # in-Region, beside a global id of the same model
            "global.anthropic.claude-opus-4-8",
            "qwen.qwen3-coder-480b-a35b-v1:0",  # the only Bedrock price of the model
            "mistral.mistral-large-3-675b-instruct",
            "global.acme.model-1",  # not a vendor Bedrock names: left whole
            "claude-sonnet-4-5-20250929-v1:0",
        ],
        "global",
    )
    assert read == {
        "global.anthropic.claude-haiku-4-5-20251001-v1:0": BedrockId("claude-haiku-4-5-20251001", "global"),
        "regional.anthropic.claude-opus-5": BedrockId("claude-opus-5", "regional"),
        "us.anthropic.claude-opus-4-8": BedrockId("claude-opus-4-8", "us"),
        "us-gov.anthropic.claude-opus-4-8": BedrockId("claude-opus-4-8", "us-gov"),
        "anthropic.claude-opus-4-8": BedrockId("claude-opus-4-8", "regional"),
        "global.anthropic.claude-opus-4-8": BedrockId("claude-opus-4-8", "global"),
        "qwen.qwen3-coder-480b-a35b-v1:0": BedrockId("qwen3-coder-480b-a35b", "global"),
        "mistral.mistral-large-3-675b-instruct": BedrockId("mistral-large-3-675b-instruct", "global"),
        "global.acme.model-1": BedrockId("", "global"),
        "claude-sonnet-4-5-20250929-v1:0": BedrockId("claude-sonnet-4-5-20250929", "global"),
    }


AWS = """\
id: aws
name: AWS Bedrock
models:
- id: global.anthropic.claude-opus-4-8-v1:0
  prices: {input_mtok: 5, cache_read_mtok: 0.5, cache_write_mtok: 6.25, output_mtok: 25}
- id: regional.anthropic.claude-opus-4-8-v1:0
  prices: {input_mtok: 5.5, cache_read_mtok: 0.55, cache_write_mtok: 6.875, output_mtok: 27.5}
- id: global.anthropic.claude-haiku-4-5-20251001-v1:0
  prices: {input_mtok: 1, cache_read_mtok: 0.1, cache_write_mtok: 1.25, output_mtok: 5}
- id: global.anthropic.claude-haiku-4-5-20991231-v1:0
  prices: {input_mtok: 1, output_mtok: 5}
- id: qwen.qwen3-coder-480b-a35b-v1:0
  prices: {input_mtok: 0.45, output_mtok: 1.8}
"""

OPENROUTER = """\
id: openrouter
name: OpenRouter
models:
- id: anthropic/claude-opus-4.8
  prices: {input_mtok: 5, cache_read_mtok: 0.5, cache_write_mtok: 6.25, output_mtok: 25}
- id: anthropic/claude-opus-4.8:batch
  prices: {input_mtok: 2.5, output_mtok: 12.5}
- id: anthropic/claude-haiku-4.5-20251001
  prices: {input_mtok: 1, cache_read_mtok: 0.1, cache_write_mtok: 1.25, output_mtok: 5}
- id: anthropic/claude-opus-4.8-fast
  prices: {input_mtok: 30, output_mtok: 150}
"""


def test_bedrock_and_openrouter_names_find_our_model_and_the_offer_of_their_region_and_tier(
    root: Path, tmp_path: Path
) -> None:
    found = outcomes(root, tmp_path, {"aws.yml": AWS, "openrouter.yml": OPENROUTER})
    assert found == {
        # global. is our global offer; the same price, read later: confirmed
        "aws.yml: global.anthropic.claude-opus-4-8-v1:0": (
            "confirmed",
            "",
            "claude-opus-4-8 from aws-bedrock: checked 2026-05-28 → 2026-11-19",
        ),
        # regional. (10 % more) is not: we have no such offer, and it is never compared with the global one
        "aws.yml: regional.anthropic.claude-opus-4-8-v1:0": (
            "skipped",
            "no such offer of a known model (--add writes it)",
            "claude-opus-4-8 has no offer from aws-bedrock (regional, USD, standard)",
        ),
        # a date snapshot our model lists is that model; another date is no model of ours
        "aws.yml: global.anthropic.claude-haiku-4-5-20251001-v1:0": (
            "confirmed",
            "",
            "claude-haiku-4-5 from aws-bedrock: checked 2026-08-21 → 2026-11-19",
        ),
        "aws.yml: global.anthropic.claude-haiku-4-5-20991231-v1:0": (
            "skipped",
            "an unknown model (--add writes it)",
            "global.anthropic.claude-haiku-4-5-20991231-v1:0",
        ),
        "aws.yml: qwen.qwen3-coder-480b-a35b-v1:0": (
            "confirmed",
            "",
            "qwen3-coder-480b-a35b from aws-bedrock: checked 2026-08-21 → 2026-11-19",
        ),
        # dots where our ids have dashes
        "openrouter.yml: anthropic/claude-opus-4.8": (
            "confirmed",
            "",
            "claude-opus-4-8 from openrouter: checked 2026-05-28 → 2026-11-19",
        ),
        # :batch is the batch tier of the model, which we do not list at OpenRouter
        "openrouter.yml: anthropic/claude-opus-4.8:batch": (
            "skipped",
            "no such offer of a known model (--add writes it)",
            "claude-opus-4-8 has no offer from openrouter (global, USD, batch)",
        ),
        "openrouter.yml: anthropic/claude-haiku-4.5-20251001": (
            "confirmed",
            "",
            "claude-haiku-4-5 from openrouter: checked 2026-08-21 → 2026-11-19",
        ),
        # another model (a faster, dearer mode), not Opus 4.8
        "openrouter.yml: anthropic/claude-opus-4.8-fast": (
            "skipped",
            "an unknown model (--add writes it)",
            "anthropic/claude-opus-4.8-fast",
        ),
    }


def test_litellm_bedrock_keys_are_read_the_same_way(tmp_path: Path) -> None:
    claude = {"mode": "chat", "input_cost_per_token": 5e-06, "output_cost_per_token": 2.5e-05}
    regional = {**claude, "input_cost_per_token": 5.5e-06, "output_cost_per_token": 2.75e-05}
    (tmp_path / "prices.json").write_text(
        json.dumps(
            {
                "anthropic.claude-opus-4-8": {**regional, "litellm_provider": "bedrock_converse"},
                "global.anthropic.claude-opus-4-8": {**claude, "litellm_provider": "bedrock_converse"},
                "eu.anthropic.claude-opus-4-8": {**regional, "litellm_provider": "bedrock_converse"},
                "bedrock/qwen.qwen3-coder-480b-a35b-v1:0": {**claude, "litellm_provider": "bedrock"},
                "claude-opus-4-8": {**claude, "litellm_provider": "anthropic"},
            }
        ),
        encoding="utf-8",
    )
    read = read_litellm(tmp_path / "prices.json", "prices.json")
    assert [(offer.model, offer.base_id, offer.provider, offer.region) for offer in read.offers] == [
        ("anthropic.claude-opus-4-8", "claude-opus-4-8", "aws-bedrock", "regional"),
        ("global.anthropic.claude-opus-4-8", "claude-opus-4-8", "aws-bedrock", "global"),
        ("eu.anthropic.claude-opus-4-8", "claude-opus-4-8", "aws-bedrock", "eu"),
        ("qwen.qwen3-coder-480b-a35b-v1:0", "qwen3-coder-480b-a35b", "aws-bedrock", "global"),
        ("claude-opus-4-8", "", "anthropic", "global"),
    ]


def test_near_names_are_never_confused_and_a_name_both_match_is_skipped(root: Path, tmp_path: Path) -> None:
    # a data/ with two models one dot apart, as an import with --add writes them
    empty = tmp_path / "empty"
    (empty / "data").mkdir(parents=True)
    (tmp_path / "openai.yml").write_text(
        """\
id: openai
models:
- id: gpt-9.4
  prices: {input_mtok: 2, output_mtok: 8}
- id: gpt-9-4
  prices: {input_mtok: 1, output_mtok: 4}
- id: gpt-9.4-mini
  prices: {input_mtok: 0.5, output_mtok: 2}
""",
        encoding="utf-8",
    )
    made = plan_import(
        empty, read_genai_prices(tmp_path / "openai.yml", "openai.yml"), today=TODAY, checked=CHECKED, add=True
    )
    assert [outcome.category for outcome in made.outcomes] == ["added", "added", "added"]
    write_changes(empty, made.changes, [])
    router = tmp_path / "router"
    router.mkdir()
    found = outcomes(
        empty,
        router,
        {
            "openrouter.yml": """\
id: openrouter
models:
- id: openai/gpt-9.4
  prices: {input_mtok: 2, output_mtok: 8}
- id: openai/gpt-9-4
  prices: {input_mtok: 1, output_mtok: 4}
- id: openai/gpt.9.4
  prices: {input_mtok: 2, output_mtok: 8}
- id: openai/gpt-9-4-mini
  prices: {input_mtok: 0.5, output_mtok: 2}
"""
        },
    )
    no_offer = "no such offer of a known model (--add writes it)"
    assert found == {
        # an exact name wins over a near one
        "openrouter.yml: openai/gpt-9.4": (
            "skipped",
            no_offer,
            "gpt-9.4 has no offer from openrouter (global, USD, standard)",
        ),
        "openrouter.yml: openai/gpt-9-4": (
            "skipped",
            no_offer,
            "gpt-9-4 has no offer from openrouter (global, USD, standard)",
        ),
        # both models match it with . and - alike: never a guess
        "openrouter.yml: openai/gpt.9.4": (
            "skipped",
            "a name several models of data/ match with . and - alike",
            "openai/gpt.9.4 could be gpt-9-4 or gpt-9.4: add it to the api_ids of the right one",
        ),
        # one model only matches: found
        "openrouter.yml: openai/gpt-9-4-mini": (
            "skipped",
            no_offer,
            "gpt-9.4-mini has no offer from openrouter (global, USD, standard)",
        ),
    }
