# Blocks to HTML: the table or chart an `almanac` block asks for, rendered once.
#
# Runs while pages are read (`on_page_markdown` of `almanac/data`), once per block of a post
# or page, and for the tables and charts of the generated pages as they are converted
# (`on_page_content`). Tables come from
# `core/data/tables`, charts from `core/data/charts`; this module picks the data a chart shows and
# turns a missing exchange rate into an error at the block's line.

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from almanac.core.data.blocks.fences import BlockPage, find_blocks
from almanac.core.data.blocks.options import NATIVE, BlockSpec, parse_block
from almanac.core.data.charts import (
    ScatterPoint,
    TrianglePoint,
    offer_series,
    price_history,
    price_vs_context,
    triangle,
    uptime_bars,
)
from almanac.core.data.datasets import Datasets
from almanac.core.data.datasets.models import Model
from almanac.core.data.pricing import BASE_CURRENCY, FxRateMissing, blended, convert
from almanac.core.data.status import current_ratings, daily_uptime
from almanac.core.data.tables import build_table, render_table
from almanac.core.data.tables.cells import TableContext, table_instant
from almanac.core.data.tables.index import table_index
from almanac.core.data.tables.prices import main_offer
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.urls import relative_url

__all__ = ["UPTIME_DAYS", "chart_models", "render_block", "render_blocks"]

#: How many days the uptime bars show.
UPTIME_DAYS = 90
#: At most this many lines on a price-history chart (beyond, the chart cannot be read).
MAX_SERIES = 8


def render_block(
    spec: BlockSpec, datasets: Datasets, *, at: dt.datetime, root: str, id_prefix: str, directory_urls: bool = True
) -> str:
    """The HTML of the table or chart `spec` asks for, as of `at` (the build instant, unless
    the block sets `as_of`). `root` is the site root as seen from the page; without
    `directory_urls` (MkDocs' `use_directory_urls: false`) links to pages end in `index.html`.
    A conversion with no exchange rate raises `AlmanacError` at the block's `currency` line."""
    try:
        if spec.block == "table":
            return render_table(build_table(spec, datasets, at=at), root=root, directory_urls=directory_urls)
        return _chart(spec, datasets, at=at, id_prefix=id_prefix)
    except FxRateMissing as missing:
        raise missing.as_error(spec.path, spec.line_of("currency")) from None


def render_blocks(
    page: BlockPage, datasets: Datasets, *, today: dt.date, at: dt.datetime, directory_urls: bool = True
) -> list[str]:
    """The HTML of every `almanac` block of a page's Markdown, in order (see `find_blocks`).
    Raises `AlmanacErrors` with the problems of all the page's blocks, at lines of its file."""
    root = relative_url("", page.url)
    rendered: list[str] = []
    errors: list[AlmanacError] = []
    for raw in find_blocks(page.markdown):
        try:
            spec = parse_block(raw, path=page.path, line_offset=page.line_offset, datasets=datasets, today=today)
            prefix = f"block-{raw.start_line}"
            rendered.append(
                render_block(spec, datasets, at=at, root=root, id_prefix=prefix, directory_urls=directory_urls)
            )
        except AlmanacError as error:
            errors.append(error)
    if errors:
        raise AlmanacErrors(errors)
    return rendered


def chart_models(spec: BlockSpec, datasets: Datasets) -> list[Model]:
    """The models a chart shows: the block's `models`, else the models of its `vendors`, else all;
    in the order of `datasets.models`."""
    if not spec.models and not spec.vendors:
        return list(datasets.models.values())
    # Look up the models or vendors the block names (one, on the generated pages), not every model.
    index = table_index(datasets)
    if spec.models:
        pool = [datasets.models[m] for m in dict.fromkeys(spec.models) if m in datasets.models]
    else:
        pool = [model for vendor in set(spec.vendors) for model in index.by_vendor.get(vendor, ())]
    chosen = [model for model in pool if not (spec.vendors and datasets.vendor_of.get(model.id) not in spec.vendors)]
    return sorted(chosen, key=lambda model: index.written[model.id])


def _chart(spec: BlockSpec, datasets: Datasets, *, at: dt.datetime, id_prefix: str) -> str:
    at = table_instant(spec, at)  # charts show the same instant as tables
    title = spec.title or spec.caption
    if spec.kind == "price-history":
        return _price_history(spec, datasets, at, id_prefix, title)
    if spec.kind == "uptime":
        return _uptime(spec, datasets, at, id_prefix)
    if spec.kind == "triangle":
        points = [
            TrianglePoint(provider.name, rating.quality, rating.stability, rating.affordability)
            for provider, rating in current_ratings(datasets, at.date())
            if (not spec.providers or provider.id in spec.providers)
            and (not spec.provider_kinds or provider.kind in spec.provider_kinds)
        ]
        return triangle(points, title=title or "Quality, stability and affordability of providers", id_prefix=id_prefix)
    if spec.kind == "price-vs-context":
        return _price_vs_context(spec, datasets, at, id_prefix, title)
    raise AlmanacError(spec.path, spec.line, f"unknown chart `{spec.kind}`")


def _convert(amount: Decimal | None, currency: str, target: str, spec: BlockSpec, datasets: Datasets) -> Decimal | None:
    if amount is None or currency == target:
        return amount
    return convert(amount, currency, target, spec.as_of, datasets.fx).amount


def _price_history(spec: BlockSpec, datasets: Datasets, at: dt.datetime, id_prefix: str, title: str | None) -> str:
    models = chart_models(spec, datasets)
    target = spec.currency if spec.currency != NATIVE else None
    series: list[tuple[str, list[tuple[dt.datetime, Decimal | None]]]] = []
    origin = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    for model in models:
        for offer in model.offers:
            if offer.service_tier != "standard":
                continue
            if spec.providers and offer.provider not in spec.providers:
                continue
            if target is None:
                target = offer.currency
            points = [
                (when, _convert(value, offer.currency, target, spec, datasets))
                for when, value in offer_series(offer, origin=origin)
            ]
            provider = datasets.providers.get(offer.provider)
            label = f"{model.name} · {provider.name if provider else offer.provider}"
            if offer.currency != target:
                label += f" ({offer.currency} converted)"
            series.append((label, points))
    starts = [when for _, points in series for when, _ in points]
    start = min(starts) if starts else None
    subject = models[0].name if len(models) == 1 else "selected models"
    return price_history(
        series[:MAX_SERIES],
        currency=target or BASE_CURRENCY,
        title=title or f"Blended price of {subject} over time ({target or BASE_CURRENCY} / 1M tokens)",
        start=start,
        end=at,
        id_prefix=id_prefix,
    )


def _uptime(spec: BlockSpec, datasets: Datasets, at: dt.datetime, id_prefix: str) -> str:
    providers = [p for p in datasets.providers.values() if not spec.providers or p.id in spec.providers]
    end = at.astimezone(dt.UTC).date() - dt.timedelta(days=1)
    start = end - dt.timedelta(days=UPTIME_DAYS - 1)
    charts = []
    watched = [(provider, days) for provider in providers if (days := daily_uptime(datasets, provider.id))]
    for index, (provider, days) in enumerate(watched):
        charts.append(
            uptime_bars(
                days,
                start=start,
                end=end,
                title=spec.title or f"Uptime of {provider.name}, {start} to {end}",
                id_prefix=f"{id_prefix}-{index}",
            )
        )
    if not charts:
        return uptime_bars([], start=start, end=end, title=spec.title or "Uptime", id_prefix=id_prefix)
    return "\n".join(charts)


def scatter_points(spec: BlockSpec, datasets: Datasets, at: dt.datetime, target: str) -> list[ScatterPoint]:
    """One point per model with a context window: its main offer's blended price in `target`."""
    context = TableContext(spec, datasets, at)
    points = []
    for model in chart_models(spec, datasets):
        if not model.context_window:
            continue
        priced = main_offer(context, model)
        if priced is None:
            continue
        value = blended(priced.quote)
        value = _convert(value, priced.quote.currency, target, spec, datasets)
        if value is not None and value > 0:
            points.append(ScatterPoint(model.name, model.context_window, value))
    return points


def _price_vs_context(spec: BlockSpec, datasets: Datasets, at: dt.datetime, id_prefix: str, title: str | None) -> str:
    target = spec.currency if spec.currency != NATIVE else BASE_CURRENCY
    return price_vs_context(
        scatter_points(spec, datasets, at, target),
        currency=target,
        title=title or f"Blended price ({target} / 1M tokens) against context window",
        id_prefix=id_prefix,
    )
