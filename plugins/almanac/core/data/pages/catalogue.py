# The catalogue of generated pages: which pages the datasets give the site, at which URLs.
#
# Computed once per build when the files are collected (`on_files` of `almanac/data`), so
# that every generated page is an ordinary MkDocs page and every link to one can be checked.
#
#   /prices/              every current offer, currency switch, workload costs
#   /prices/changes/      every change of list price, newest first, with its feeds
#   /models/, /models/<id>/        every model; one model's offers, history and relays
#   /vendors/, /vendors/<id>/      every lab; one lab's models
#   /providers/, /providers/<id>/  every provider; ratings, relay prices, status, incidents
#   /status/              every provider's derived state, open incidents first
#   /api/                 the JSON API and JSON Schemas, documented

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from almanac.core.data.datasets import Datasets

__all__ = [
    "API_FILES",
    "CHANGES_URL",
    "SECTIONS",
    "GeneratedPage",
    "catalogue",
    "entity_url",
    "feed_urls",
    "files_read",
]

#: The files of the JSON API, in the site (`api.published` writes them).
API_FILES = ("api/models.json", "api/history.json", "api/providers.json")
#: The folder of each kind of entity page.
SECTIONS = {"model": "models", "vendor": "vendors", "provider": "providers"}
#: Every change of list price in the data (reached from `/prices/`, not in the navigation).
CHANGES_URL = "prices/changes/"


@dataclass(frozen=True)
class GeneratedPage:
    """A page made from the datasets: its kind, the entity it shows (if any), URL and title."""

    kind: str
    url: str
    title: str
    entity: str | None = None

    @property
    def src_uri(self) -> str:
        return self.url + "index.md"


def entity_url(kind: str, entity_id: str) -> str:
    """The URL (relative to the site root) of an entity's page: `models/deepseek-v4-pro/`."""
    return f"{SECTIONS[kind]}/{entity_id}/"


def feed_urls(page: GeneratedPage) -> tuple[str, str] | None:
    """The Atom and JSON feeds of a page that has them (an entity's timeline, the price
    changes), relative to the site root: `models/x/feed.xml`, `models/x/feed.json`."""
    if page.entity is None and page.kind != "changes":
        return None
    return page.url + "feed.xml", page.url + "feed.json"


def catalogue(datasets: Datasets) -> list[GeneratedPage]:
    """Every generated page, in a stable order (sections, then ids)."""
    pages = [
        GeneratedPage("prices", "prices/", "Prices"),
        GeneratedPage("changes", CHANGES_URL, "Price changes"),
        GeneratedPage("models", "models/", "Models"),
        GeneratedPage("vendors", "vendors/", "Vendors"),
        GeneratedPage("providers", "providers/", "Providers"),
        GeneratedPage("status", "status/", "Status"),
        GeneratedPage("api", "api/", "API"),
    ]
    for model_id in sorted(datasets.models):
        pages.append(GeneratedPage("model", entity_url("model", model_id), datasets.models[model_id].name, model_id))
    for vendor_id in sorted(datasets.vendors):
        vendor = datasets.vendors[vendor_id].vendor
        pages.append(GeneratedPage("vendor", entity_url("vendor", vendor_id), vendor.name, vendor_id))
    for provider_id in sorted(datasets.providers):
        provider = datasets.providers[provider_id]
        pages.append(GeneratedPage("provider", entity_url("provider", provider_id), provider.name, provider_id))
    return pages


#: Where the files of the vendors are, in `Datasets.documents` (`data/vendors/<id>.yaml`).
_VENDOR_FILES = "data/vendors/"


def files_read(page: GeneratedPage, datasets: Datasets) -> tuple[str, ...]:
    """The files of `data/` (as `Datasets.documents` names them) whose content the page of `page`
    is made from: its text, tables, charts and timeline. The page of a model or of a vendor reads
    no other vendor's file (its tables and charts hold its own models' offers; providers, rates
    and the rest are read whole): `tests/unit/test_data_page_files.py` changes every price of
    every other vendor and finds each such page as it was. Every other page reads every file."""
    every = sorted(datasets.documents)
    if page.kind not in ("model", "vendor") or page.entity is None:
        return tuple(every)
    vendor = page.entity if page.kind == "vendor" else datasets.vendor_of.get(page.entity)
    own = f"{_VENDOR_FILES}{vendor}.yaml"
    if own not in datasets.documents:
        return tuple(every)
    return tuple(name for name in every if not name.startswith(_VENDOR_FILES) or name == own)
