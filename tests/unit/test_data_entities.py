"""The entities of the data: what each model, vendor and provider gives the links between pages."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from almanac.core.data.datasets import load_datasets
from almanac.core.data.entities import data_entities
from almanac.core.links.model import Entity

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
