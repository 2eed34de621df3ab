# The entities of the data: each model, vendor and provider as a plain `Entity` that posts link to.
#
# Made once per build from the checked datasets (`almanac/data` hands them to `almanac/links`
# through `entities()`, from `on_config` on, after `data/` is loaded). An entity's `names` are
# what an automatic mention finds in running text: a model's display name and its `aliases`
# (never its `api_ids`, which are strings for the API); a vendor's name, its `aliases` and its
# names in other languages (`深度求索`); a provider's name and its `aliases`. The loader has
# checked that each of these leads to one entity, but for a vendor and a provider that share
# their display name (the knowledge layer prefers the vendor, in `KINDS` order).

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from almanac.core.data.pages.catalogue import entity_url
from almanac.core.links.model import Entity

if TYPE_CHECKING:
    from almanac.core.data.datasets import Datasets

__all__ = ["data_entities"]


def _names(*groups: Iterable[str]) -> tuple[str, ...]:
    """The names in order, each once (a translated name may be the display name itself)."""
    return tuple(dict.fromkeys(name for group in groups for name in group))


def data_entities(datasets: Datasets) -> list[Entity]:
    """Every model, vendor and provider of `datasets` as an entity: models, then vendors, then
    providers (the order of `KINDS`), each kind by id."""
    entities: list[Entity] = []
    for model_id in sorted(datasets.models):
        model = datasets.models[model_id]
        entities.append(
            Entity(
                kind="model",
                id=model_id,
                name=model.name,
                url=entity_url("model", model_id),
                names=_names([model.name], model.aliases),
                parent=datasets.vendor_of[model_id],
            )
        )
    for vendor_id in sorted(datasets.vendors):
        vendor = datasets.vendors[vendor_id].vendor
        entities.append(
            Entity(
                kind="vendor",
                id=vendor_id,
                name=vendor.name,
                url=entity_url("vendor", vendor_id),
                names=_names([vendor.name], vendor.aliases, vendor.names.values()),
            )
        )
    for provider_id in sorted(datasets.providers):
        provider = datasets.providers[provider_id]
        entities.append(
            Entity(
                kind="provider",
                id=provider_id,
                name=provider.name,
                url=entity_url("provider", provider_id),
                names=_names([provider.name], provider.aliases),
            )
        )
    return entities
