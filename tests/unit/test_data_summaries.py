"""What the end of a post says about an entity of the data: a model's price as the prices table writes it,
a provider's state in the status page's words, on the small project `tests/fixtures/blog-links/`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from almanac.core.data.datasets import load_datasets
from almanac.core.data.datasets.loader import Datasets
from almanac.core.data.summaries import entity_summary

PROJECT = Path(__file__).resolve().parents[1] / "fixtures" / "blog-links"


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def datasets() -> Datasets:
    return load_datasets(PROJECT, today=dt.date(2026, 11, 28))


def test_a_model_shows_its_main_offers_input_and_output_per_million_tokens(datasets: Datasets) -> None:
    at = noon(dt.date(2026, 11, 28))
    assert entity_summary(datasets, ("model", "deepseek-v4-pro"), at) == "input $1.32 · output $3.96 per 1M tokens"
    assert entity_summary(datasets, ("model", "glm-5"), at) == "input $1.00 · output $3.20 per 1M tokens"
    # Before its first price period the model has no price to show.
    assert entity_summary(datasets, ("model", "deepseek-v4-pro"), noon(dt.date(2026, 8, 1))) is None


def test_a_provider_shows_its_state_which_moves_with_the_instant(datasets: Datasets) -> None:
    assert entity_summary(datasets, ("provider", "deepseek"), noon(dt.date(2026, 11, 28))) == "Operational"
    # Weeks after its last probe data, the state is no longer known.
    assert entity_summary(datasets, ("provider", "deepseek"), noon(dt.date(2027, 1, 20))) == "No recent data"
    assert entity_summary(datasets, ("provider", "zai"), noon(dt.date(2026, 11, 28))) == "No recent data"


def test_vendors_tags_and_unknown_ids_have_nothing_to_say(datasets: Datasets) -> None:
    at = noon(dt.date(2026, 11, 28))
    assert entity_summary(datasets, ("vendor", "deepseek"), at) is None
    assert entity_summary(datasets, ("tag", "pricing"), at) is None
    assert entity_summary(datasets, ("model", "gone"), at) is None
    assert entity_summary(datasets, ("provider", "gone"), at) is None
