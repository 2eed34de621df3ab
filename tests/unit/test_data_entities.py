"""The entities of the data: what each model, vendor and provider gives the links between pages,
and the data plugin that hands them to `almanac/links`."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from almanac.core.data.datasets import load_datasets
from almanac.core.data.entities import data_entities
from almanac.core.links.model import Entity
from almanac.mkdocs.data.plugin import DataPlugin
from almanac.mkdocs.interfaces import entity_source

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "datasets" / "minimal"
TODAY = date(2026, 11, 28)

ZETA = """\
schema_version: 1
vendor:
  id: zeta
  name: Zeta AI
  names: {zh: 泽塔, ja: Zeta AI}
  aliases: [Zeta, 泽塔科技]
models:
  - id: zeta-2
    name: Zeta-2
    aliases: [Zeta 2, Z2]
    api_ids: [zeta-2-0526]
  - id: zeta-1
    name: Zeta-1
"""

ZETA_API = """\
schema_version: 1
id: zeta
name: Zeta AI
aliases: [Zeta API]
kind: first_party
"""


def entities(tmp_path: Path, files: dict[str, str]) -> list[Entity]:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return data_entities(load_datasets(root, today=TODAY))


def test_every_model_vendor_and_provider_in_kind_then_id_order(tmp_path: Path) -> None:
    found = entities(tmp_path, {"data/vendors/zeta.yaml": ZETA, "data/providers/zeta.yaml": ZETA_API})
    assert [entity.key for entity in found] == [
        ("model", "acme-large"),
        ("model", "zeta-1"),
        ("model", "zeta-2"),
        ("vendor", "acme"),
        ("vendor", "zeta"),
        ("provider", "acme-cloud"),
        ("provider", "relay-x"),
        ("provider", "zeta"),
    ]


def test_a_model_is_found_by_its_name_and_aliases_not_its_api_ids(tmp_path: Path) -> None:
    found = {e.key: e for e in entities(tmp_path, {"data/vendors/zeta.yaml": ZETA})}
    assert found["model", "zeta-2"] == Entity(
        kind="model",
        id="zeta-2",
        name="Zeta-2",
        url="models/zeta-2/",
        names=("Zeta-2", "Zeta 2", "Z2"),
        parent="zeta",
    )
    assert found["model", "zeta-1"].names == ("Zeta-1",)
    assert found["model", "acme-large"].parent == "acme"


def test_a_vendor_is_found_by_its_name_aliases_and_translated_names(tmp_path: Path) -> None:
    found = {e.key: e for e in entities(tmp_path, {"data/vendors/zeta.yaml": ZETA})}
    # The Japanese name is the display name itself: each name once.
    assert found["vendor", "zeta"] == Entity(
        kind="vendor",
        id="zeta",
        name="Zeta AI",
        url="vendors/zeta/",
        names=("Zeta AI", "Zeta", "泽塔科技", "泽塔"),
        parent=None,
    )


def test_a_provider_shares_its_vendors_display_name(tmp_path: Path) -> None:
    found = {
        e.key: e for e in entities(tmp_path, {"data/vendors/zeta.yaml": ZETA, "data/providers/zeta.yaml": ZETA_API})
    }
    assert found["provider", "zeta"] == Entity(
        kind="provider",
        id="zeta",
        name="Zeta AI",
        url="providers/zeta/",
        names=("Zeta AI", "Zeta API"),
        parent=None,
    )
    assert found["provider", "relay-x"].names == ("Relay X",)


def test_the_sample_data_gives_each_name_to_one_entity_but_shared_display_names() -> None:
    # The project's own data: every name leads to one entity, except a vendor and a provider
    # that share their display name, and every entity has a page under its kind's section.
    found = data_entities(load_datasets(Path(__file__).resolve().parents[2], today=date(2026, 12, 5)))
    owners: dict[str, set[tuple[str, str]]] = {}
    for entity in found:
        assert entity.names[0] == entity.name
        assert entity.url == f"{entity.kind}s/{entity.id}/"
        for name in entity.names:
            owners.setdefault(name.casefold(), set()).add(entity.key)
    shared = {name: keys for name, keys in owners.items() if len(keys) > 1}
    for keys in shared.values():
        assert sorted(kind for kind, _ in keys) == ["provider", "vendor"]
    names = {name for entity in found for name in entity.names}
    assert {"智谱", "深度求索", "Kimi", "通义千问"} <= names


def data_site(tmp_path: Path, options: str = "", vendor: str | None = None) -> MkDocsConfig:
    root = tmp_path / "site"
    shutil.copytree(MINIMAL, root)
    if vendor is not None:
        (root / "data" / "vendors" / "zeta.yaml").write_text(vendor, encoding="utf-8")
    (root / "docs").mkdir()
    config_file = root / "mkdocs.yml"
    config_file.write_text(f"site_name: T\nplugins:\n  - almanac/data:\n      build_date: 2026-11-28\n{options}")
    config = load_config(str(config_file))
    return config.plugins.run_event("config", config)


def test_the_data_plugin_gives_the_entities_once_the_data_is_loaded(tmp_path: Path) -> None:
    config = data_site(tmp_path, vendor=ZETA)
    source = entity_source(config.plugins)
    assert isinstance(source, DataPlugin)
    found = source.entities()
    assert found is not None
    assert [entity.key for entity in found][:3] == [("model", "acme-large"), ("model", "zeta-1"), ("model", "zeta-2")]


def test_no_entities_from_data_with_errors_or_a_plugin_turned_off(tmp_path: Path) -> None:
    broken = data_site(tmp_path / "broken", vendor=ZETA.replace("aliases: [Zeta 2, Z2]", "aliases: [Zeta 2, Zeta-1]"))
    plugin = broken.plugins["almanac/data"]
    assert isinstance(plugin, DataPlugin)
    assert plugin.entities() is None
    assert plugin.run is not None
    assert [problem.format() for problem in plugin.run.problems] == [
        "data/vendors/zeta.yaml:13:11: models[1].name: 'Zeta-1' is already an alias of the model 'zeta-2'"
        " at data/vendors/zeta.yaml:10:23 — a name or alias links posts to one model, vendor or provider"
        " (only a vendor and a provider may share their display name): remove it here or there"
    ]
    off = data_site(tmp_path / "off", "      enabled: false\n")
    assert entity_source(off.plugins) is None
    off_plugin = off.plugins["almanac/data"]
    assert isinstance(off_plugin, DataPlugin)
    assert off_plugin.entities() is None
