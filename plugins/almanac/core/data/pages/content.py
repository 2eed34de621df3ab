# The generated pages: prices, models, vendors, providers, status and the API, as HTML.
#
# Runs while pages are converted (`on_page_content` of `almanac/data`), once per generated
# page: the page's content is this HTML, so search indexes it like any page. Each page is a
# template of `templates/almanac/pages/` filled with tables and charts made by `core/data/blocks/draw`.
# An entity page's "Timeline" and "Mentioned in" are empty slots here, drawn when the page is
# written (`sections.py`).

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from almanac.core.data.blocks.draw import render_block
from almanac.core.data.blocks.fences import slot
from almanac.core.data.blocks.options import BlockSpec, spec_of
from almanac.core.data.datasets import Datasets
from almanac.core.data.datasets.models import FILE_MODELS, Incident, ProviderFile
from almanac.core.data.pages.catalogue import CHANGES_URL, GeneratedPage, entity_url
from almanac.core.data.pages.sections import SECTIONS, section_slot
from almanac.core.data.pricing import relay_prices
from almanac.core.data.status import (
    STATE_LABELS,
    UPTIME_FORMULA,
    all_states,
    daily_uptime,
    percent,
    provider_state,
    rating_history,
    recent_incidents,
)
from almanac.core.data.tables.html import environment, tidy
from almanac.core.urls import page_linker, relative_url

__all__ = ["PageContent", "api_markdown", "page_content", "page_html"]

Link = Callable[[str], str]

_KINDS = {
    "first_party": "the vendor's own API",
    "cloud": "a cloud platform",
    "aggregator": "an aggregator",
    "gateway": "a gateway",
    "relay": "a relay (reseller billing a multiple of list price)",
}


@dataclass
class PageContent:
    """A generated page's content, its tables and charts still to be drawn.

    `html` holds an empty `<div data-almanac-block="n">` where each block goes: it is what the
    theme's search indexes (headings, facts, text — not thousands of table cells, which made
    the index huge and slow to build). `draw` makes the blocks and `fill_slots` puts them into
    the written page.
    """

    html: str
    blocks: list[tuple[BlockSpec, str]] = field(default_factory=list)

    def draw(self, url: str, datasets: Datasets, *, at: dt.datetime, directory_urls: bool = True) -> list[str]:
        """The HTML of each table and chart of the page at `url`, in the order of its slots."""
        root = relative_url("", url)
        return [
            render_block(spec, datasets, at=at, root=root, id_prefix=prefix, directory_urls=directory_urls)
            for spec, prefix in self.blocks
        ]


class _Page:
    """One generated page being made: the datasets, the instant and where links point from."""

    def __init__(
        self, datasets: Datasets, at: dt.datetime, page: GeneratedPage, root: str, link: Link, *, feeds: bool = True
    ) -> None:
        self.datasets = datasets
        self.feeds = feeds
        self.at = at
        self.page = page
        self.root = root
        self.link = link
        self.blocks: list[tuple[BlockSpec, str]] = []

    def block(self, **options: str | Sequence[str]) -> Markup:
        """A table or chart from the options of an `almanac` block, as an author writes them
        (`table="offers", models=[model_id]` for `table: offers` and `models: [model_id]`):
        checked now (`spec_of`, as `parse_block` checks a post's), drawn when the page is
        written (`PageContent.draw`)."""
        spec = spec_of(options, path=self.page.src_uri, datasets=self.datasets, today=self.at.date())
        prefix = f"{self.page.kind}-{self.page.entity or 'page'}-{len(self.blocks) + 1}".replace(".", "-")
        self.blocks.append((spec, prefix))
        return Markup(slot(len(self.blocks) - 1))

    def render(self, template: str, **context: Any) -> str:
        html = (
            environment()
            .get_template(template)
            .render(root=self.root, link=self.link, as_of=self.at.date().isoformat(), **context)
        )
        return tidy(html) + "\n"


def page_content(
    page: GeneratedPage,
    url: str,
    datasets: Datasets,
    *,
    at: dt.datetime,
    directory_urls: bool = True,
    feeds: bool = True,
) -> PageContent:
    """The content of the generated page `page`, published at `url` (MkDocs' `page.url`);
    `feeds`: whether the site writes the data's feeds (it needs its `site_url`), to link them."""
    link = page_linker(url, directory_urls)
    return page_html(page, datasets, at=at, root=relative_url("", url), link=link, feeds=feeds)


def page_html(
    page: GeneratedPage, datasets: Datasets, *, at: dt.datetime, root: str, link: Link, feeds: bool = True
) -> PageContent:
    """The content of a generated page (its title is the page's, shown by the theme)."""
    made = _Page(datasets, at, page, root, link, feeds=feeds)
    builders: Mapping[str, Callable[[_Page], str]] = {
        "prices": _prices,
        "models": _models,
        "vendors": _vendors,
        "providers": _providers,
        "status": _status,
        "changes": _changes,
        "model": _model,
        "vendor": _vendor,
        "provider": _provider,
    }
    return PageContent(builders[page.kind](made), made.blocks)


def _prices(p: _Page) -> str:
    tables = [{"label": "Native currency", "html": p.block(table="prices")}]
    converted = sorted({rate.currency for rate in (p.datasets.fx.rates if p.datasets.fx else ())})
    currencies = ["USD", *converted]
    for currency in currencies:
        tables.append({"label": currency, "html": p.block(table="prices", currency=currency)})
    return p.render(
        "almanac/pages/prices.html",
        tables=tables,
        workloads=p.block(table="workloads", currency="USD", sort="agent"),
        workloads_note="The cost of one request of each shape at each model's main offer, cached input at the "
        "cache-read price, converted to US dollars.",
        chart=p.block(chart="price-vs-context", currency="USD"),
        offers=p.block(table="offers"),
        changes_url=p.link(CHANGES_URL),
    )


def _changes(p: _Page) -> str:
    return p.render(
        "almanac/pages/changes.html",
        table=p.block(
            table="history", columns=["date", "model", "provider", "region", "band", "key", "old", "new", "change"]
        ),
        feeds={"atom": p.link(CHANGES_URL + "feed.xml"), "json": p.link(CHANGES_URL + "feed.json")}
        if p.feeds
        else None,
        prices_url=p.link("prices/"),
    )


def _sections() -> Markup:
    """The slots of an entity page's sections drawn when it is written (see `sections.py`)."""
    return Markup("\n".join(section_slot(name) for name in SECTIONS))


def _models(p: _Page) -> str:
    rows = []
    for model_id in sorted(p.datasets.models, key=lambda m: (p.datasets.vendor_of[m], p.datasets.models[m].name)):
        model = p.datasets.models[model_id]
        vendor_id = p.datasets.vendor_of[model_id]
        rows.append(
            {
                "name": model.name,
                "url": p.link(entity_url("model", model_id)),
                "vendor": p.datasets.vendors[vendor_id].vendor.name,
                "vendor_url": p.link(entity_url("vendor", vendor_id)),
                "context": model.context_window or 0,
                "context_text": f"{model.context_window:,}" if model.context_window else "—",
                "status": model.lifecycle.status if model.lifecycle else "",
                "offers": len(model.offers),
            }
        )
    table = Markup(environment().get_template("almanac/pages/models-table.html").render(rows=rows))
    return p.render(
        "almanac/pages/index.html",
        lede=f"{len(p.datasets.models)} models from {len(p.datasets.vendors)} vendors. Current prices are on "
        "the prices page; each model's page has its offers and price history.",
        table=table,
        chart=None,
    )


def _vendors(p: _Page) -> str:
    rows = []
    for vendor_id in sorted(p.datasets.vendors):
        file = p.datasets.vendors[vendor_id]
        rows.append(
            (file.vendor.name, p.link(entity_url("vendor", vendor_id)), len(file.models), file.vendor.country or "")
        )
    table = Markup(environment().get_template("almanac/pages/vendors-table.html").render(rows=rows))
    return p.render(
        "almanac/pages/index.html",
        lede="The labs that make the models, with their own price pages.",
        table=table,
        chart=None,
    )


def _providers(p: _Page) -> str:
    return p.render(
        "almanac/pages/index.html",
        lede="Where the models are sold: vendors' own APIs, clouds, aggregators, gateways and relays. Relay names "
        "are neutral examples.",
        table=p.block(table="providers"),
        chart=p.block(chart="triangle"),
    )


def _incident(incident: Incident, at: dt.datetime, provider: ProviderFile | None, link: Link) -> dict[str, Any]:
    resolved = incident.resolved_at
    return {
        "title": incident.title,
        "impact": incident.impact,
        "started": incident.started_at.isoformat(timespec="minutes"),
        "resolved": resolved.isoformat(timespec="minutes") if resolved is not None and resolved <= at else "",
        "open": resolved is None or resolved > at,
        "updates": [
            {"at": u.at.isoformat(timespec="minutes"), "status": u.status, "body": u.body} for u in incident.updates
        ],
        "evidence": [url for url in incident.evidence if url.startswith(("https://", "http://"))],
        "provider": provider.name if provider is not None else "",
        "provider_url": link(entity_url("provider", provider.id)) if provider is not None else "",
    }


def _status(p: _Page) -> str:
    states = all_states(p.datasets, p.at)
    open_incidents = []
    for provider_id, state in states:
        provider = p.datasets.providers[provider_id]
        open_incidents += [_incident(i, p.at, provider, p.link) for i in state.open_incidents]
    charts = []
    for provider_id, _ in states:
        if daily_uptime(p.datasets, provider_id):
            provider = p.datasets.providers[provider_id]
            charts.append(
                {
                    "id": provider_id,
                    "name": provider.name,
                    "url": p.link(entity_url("provider", provider_id)),
                    "svg": p.block(chart="uptime", providers=[provider_id]),
                }
            )
    return p.render(
        "almanac/pages/status.html",
        open_incidents=open_incidents,
        table=p.block(table="status"),
        uptime_charts=charts,
        triangle=p.block(chart="triangle"),
    )


def _model(p: _Page) -> str:
    model_id = p.page.entity
    assert model_id is not None
    model = p.datasets.models[model_id]
    vendor_id = p.datasets.vendor_of[model_id]
    vendor = p.datasets.vendors[vendor_id].vendor
    lifecycle = model.lifecycle
    facts = [
        ("Vendor", Markup('<a href="{}">{}</a>').format(p.link(entity_url("vendor", vendor_id)), vendor.name)),
        ("Context window", f"{model.context_window:,} tokens" if model.context_window else ""),
        ("Longest output", f"{model.max_output_tokens:,} tokens" if model.max_output_tokens else ""),
        ("Input", ", ".join(model.modalities.input) if model.modalities else ""),
        ("Output", ", ".join(model.modalities.output) if model.modalities else ""),
        ("Capabilities", ", ".join(c.replace("_", " ") for c in model.capabilities)),
        (
            "Open weights",
            {True: "yes", False: "no"}.get(model.open_weights, "") if model.open_weights is not None else "",
        ),
        ("Released", model.released.isoformat() if model.released else ""),
        ("Status", lifecycle.status if lifecycle else ""),
        ("API ids", ", ".join(model.api_ids)),
    ]
    relays = [
        provider_id
        for provider_id, provider in p.datasets.providers.items()
        if provider.kind == "relay" and any(entry.model == model_id for entry in provider.models_offered)
    ]
    has_history = any(len(offer.periods) > 1 for offer in model.offers)
    return p.render(
        "almanac/pages/model.html",
        model={
            "name": model.name,
            "vendor": vendor.name,
            "vendor_url": p.link(entity_url("vendor", vendor_id)),
            "note": "",
        },
        facts=facts,
        offers=p.block(
            table="offers",
            models=[model_id],
            columns=[
                "provider",
                "region",
                "service_tier",
                "input",
                "cache_read",
                "cache_write",
                "output",
                "blended",
                "checked",
            ],
        ),
        history_chart=p.block(chart="price-history", models=[model_id]),
        changes=p.block(table="history", models=[model_id], columns=["date", "provider", "key", "old", "new", "change"])
        if has_history
        else "",
        workloads=p.block(
            table="workloads", models=[model_id], columns=["provider", "chat", "rag", "agent", "long_context"]
        ),
        relays=p.block(
            table="relay-prices",
            models=[model_id],
            providers=relays,
            columns=["relay", "group", "multiplier", "list_input", "list_output", "input", "output"],
        )
        if relays
        else "",
        sections=_sections(),
    )


def _vendor(p: _Page) -> str:
    vendor_id = p.page.entity
    assert vendor_id is not None
    file = p.datasets.vendors[vendor_id]
    vendor = file.vendor
    facts = [
        ("Name", vendor.name),
        ("Other names", ", ".join(vendor.names.values())),
        ("Country", vendor.country or ""),
        ("Homepage", _external(vendor.homepage)),
        ("Models", str(len(file.models))),
    ]
    pages = [
        {"url": page.url, "label": f"{page.lang} ({page.currency})"}
        for page in vendor.pricing_pages
        if page.url.startswith(("https://", "http://"))
    ]
    return p.render(
        "almanac/pages/vendor.html",
        facts=facts,
        pricing_pages=pages,
        models=p.block(
            table="prices",
            vendors=[vendor_id],
            sort="model",
            columns=["model", "provider", "input", "cache_read", "output", "blended", "context", "checked"],
        ),
        chart=p.block(chart="price-vs-context", vendors=[vendor_id], currency="USD"),
        sections=_sections(),
    )


def _provider(p: _Page) -> str:
    provider_id = p.page.entity
    assert provider_id is not None
    provider = p.datasets.providers[provider_id]
    billing = provider.billing
    facts = [
        ("Kind", _KINDS.get(provider.kind, provider.kind)),
        ("Category", provider.category or ""),
        (
            "Homepage",
            Markup('<a href="{0}" rel="noopener">{0}</a>').format(provider.homepage) if provider.homepage else "",
        ),
        ("Billing", f"{billing.currency}, {billing.model.replace('_', ' ')}" if billing and billing.model else ""),
        ("Groups", ", ".join(f"{g.name} × {g.multiplier}" for g in billing.groups) if billing else ""),
        ("Operator country", provider.region.operator_country if provider.region else ""),
        ("Note", provider.note or ""),
    ]
    state = provider_state(p.datasets, provider_id, p.at)
    days = daily_uptime(p.datasets, provider_id)
    windows = [
        {"label": window.label, "value": percent(window.pct) if window.pct is not None else "no data"}
        for window in state.windows.values()
    ]
    has_offers = any(offer.provider == provider_id for model in p.datasets.models.values() for offer in model.offers)
    has_relays = provider.kind == "relay" and bool(relay_prices(p.datasets, provider_id, p.at))
    return p.render(
        "almanac/pages/provider.html",
        provider={"name": provider.name, "example": provider.kind == "relay" and "example" in provider.name.lower()},
        facts=facts,
        status={
            "state": state.state,
            "label": STATE_LABELS[state.state],
            "reason": state.reason,
            "windows": windows if days else [],
            "formula": f"Uptime: {UPTIME_FORMULA}.",
        },
        uptime_chart=p.block(chart="uptime", providers=[provider_id]) if days else "",
        incidents=[_incident(i, p.at, None, p.link) for i in recent_incidents(p.datasets, provider_id, p.at, days=365)],
        ratings=[
            {
                "date": r.date.isoformat(),
                "quality": r.quality,
                "stability": r.stability,
                "affordability": r.affordability,
                "notes": r.notes or "",
            }
            for r in reversed(rating_history(provider))
        ],
        relays=p.block(
            table="relay-prices",
            providers=[provider_id],
            columns=["model", "group", "multiplier", "list_input", "list_output", "input", "output"],
        )
        if has_relays
        else "",
        relay_note="What each model costs here: the list price × the group's multiplier × the credit rate, in the "
        "currency the relay bills.",
        offers=p.block(
            table="offers",
            providers=[provider_id],
            columns=["model", "region", "service_tier", "input", "cache_read", "output", "blended", "checked"],
        )
        if has_offers
        else "",
        sections=_sections(),
    )


def _external(url: str | None) -> Markup | str:
    """A link to an outside page, only for http(s) URLs (data never injects other schemes)."""
    if not url or not url.startswith(("https://", "http://")):
        return ""
    return Markup('<a href="{0}" rel="noopener">{0}</a>').format(url)


def api_markdown(datasets: Datasets, *, at: dt.datetime) -> str:
    """The Markdown of the `/api/` page (converted by MkDocs, so its links are checked)."""
    template = jinja2.Environment(loader=jinja2.PackageLoader("almanac", "templates"), autoescape=False)
    return template.get_template("almanac/pages/api.md").render(
        as_of=at.date().isoformat(),
        models=len(datasets.models),
        providers=len(datasets.providers),
        schemas=list(FILE_MODELS),
    )
