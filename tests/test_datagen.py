"""The synthetic data generator used by the data-pages benchmark."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from data_overhead import add_block_posts, add_data_plugin

from almanac.core.data.datasets import Datasets, is_current, load_datasets

# conftest.py puts benchmarks/ on the path.
import datagen
import launcher
import sitegen
from helpers import build_env, run_build

TODAY = dt.date(2026, 11, 28)
SIZES = dict(models=20, offers=60, providers=6, vendors=5)


def digest_tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    sitegen.generate_site(root, posts=30, tags=12, words=200, seed=2)
    datagen.generate_data(root, **SIZES, seed=2, tags=12)
    return root


@pytest.fixture(scope="module")
def datasets(project: Path) -> Datasets:
    return load_datasets(project, today=TODAY)


def test_counts_are_exact(datasets: Datasets) -> None:
    assert len(datasets.vendors) == 5
    assert len(datasets.models) == 20
    assert len(datasets.providers) == 6
    assert sum(len(model.offers) for model in datasets.models.values()) == 60
    assert sum(len(vendor.models) for vendor in datasets.vendors.values()) == 20


def test_every_kind_of_provider_and_data_is_there(datasets: Datasets) -> None:
    kinds = Counter(provider.kind for provider in datasets.providers.values())
    assert set(kinds) == {"first_party", "cloud", "aggregator", "gateway", "relay"}
    relays = [provider for provider in datasets.providers.values() if provider.kind == "relay"]
    for relay in relays:
        assert relay.billing is not None and relay.billing.credit_rate is not None
        assert relay.billing.groups and relay.models_offered and relay.monitoring
    offers = [offer for model in datasets.models.values() for offer in model.offers]
    assert {offer.currency for offer in offers} == {"USD", "CNY"}
    assert any(len(offer.periods) > 1 for offer in offers)
    assert datasets.status and datasets.incidents
    assert datasets.fx is not None and {rate.currency for rate in datasets.fx.rates} == {"CNY"}
    assert [tag.name for tag in datasets.tags] == [f"tag-{i:02d}" for i in range(1, 13)]


def test_current_prices_are_sourced_and_recently_checked(datasets: Datasets) -> None:
    current = [
        period
        for model in datasets.models.values()
        for offer in model.offers
        for period in offer.periods
        if is_current(period, TODAY)
    ]
    assert current
    for period in current:
        assert period.source and period.checked is not None
        assert 0 <= (TODAY - period.checked).days <= 60


def test_the_larger_shapes_appear_at_the_benchmark_size(tmp_path: Path) -> None:
    datagen.generate_data(tmp_path)
    datasets = load_datasets(tmp_path, today=TODAY)
    assert (len(datasets.vendors), len(datasets.models), len(datasets.providers)) == (20, 300, 30)
    periods = [period for model in datasets.models.values() for offer in model.offers for period in offer.periods]
    assert sum(len(model.offers) for model in datasets.models.values()) == 1000
    assert any(period.tiers is not None for period in periods)
    assert any(period.time_windows for period in periods)
    assert any(period.promotions for period in periods)
    assert any(any(len(offer.periods) == 3 for offer in model.offers) for model in datasets.models.values())


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    datagen.generate_data(tmp_path / "one", **SIZES, seed=5)
    datagen.generate_data(tmp_path / "two", **SIZES, seed=5)
    datagen.generate_data(tmp_path / "three", **SIZES, seed=6)
    one, two, three = (digest_tree(tmp_path / name / "data") for name in ("one", "two", "three"))
    assert one == two
    assert one != three


def test_a_second_run_replaces_the_first(tmp_path: Path) -> None:
    datagen.generate_data(tmp_path, models=40, offers=80, providers=12, vendors=8)
    (tmp_path / "data" / "notes.txt").write_text("kept\n", encoding="utf-8")
    datagen.generate_data(tmp_path, **SIZES)
    datasets = load_datasets(tmp_path, today=TODAY)
    assert (len(datasets.vendors), len(datasets.models), len(datasets.providers)) == (5, 20, 6)
    assert (tmp_path / "data" / "notes.txt").is_file()


def test_too_many_offers_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="do not fit"):
        datagen.generate_data(tmp_path, models=2, offers=500, providers=6, vendors=2)


def test_tag_names_follow_sitegen() -> None:
    assert datagen.tag_names(3) == ["tag-01", "tag-02", "tag-03"]
    assert datagen.tag_names(120)[0] == "tag-001"


def test_almanac_check_passes_on_a_sitegen_site(project: Path) -> None:
    done = launcher.run("almanac", ["check", "--today", TODAY.isoformat()], cwd=project, env=build_env(), timeout=120)
    assert done.returncode == 0, done.output
    assert done.stdout.startswith(f"almanac check: posts and data are valid as of {TODAY.isoformat()} (")
    assert done.stdout.count("\n") == 1


def test_the_command_line_writes_the_data(tmp_path: Path) -> None:
    script = Path(datagen.__file__)
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path), "--models", "10", "--offers", "15", "--providers", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    datasets = load_datasets(tmp_path, today=TODAY)
    assert len(datasets.models) == 10
    assert sum(len(model.offers) for model in datasets.models.values()) == 15


def test_the_data_variant_builds_strictly_with_blocks(tmp_path: Path) -> None:
    config = sitegen.generate_site(tmp_path, posts=8, tags=5, words=100)
    datagen.generate_data(tmp_path, **SIZES, tags=5)
    add_data_plugin(config)
    add_data_plugin(config)  # a second time changes nothing
    text = config.read_text(encoding="utf-8")
    assert text.count("almanac/data") == 1
    assert text.index("almanac/data") < text.index("almanac/blog")
    assert len(add_block_posts(tmp_path, count=3)) == 3

    result = run_build(tmp_path, strict=True)
    assert result.returncode == 0, result.output
    assert result.warnings() == []
    assert (result.site / "models" / "index.html").is_file()
    assert (result.site / "status" / "index.html").is_file()
