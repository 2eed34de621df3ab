# The rows of the tables about prices: `prices`, `offers`, `workloads`, `history`, `relay-prices`.
#
# Called by `build_table` for one block at a time, with a `TableContext` that knows the
# instant, the filters and the currency shown. Each function returns one `Draft` per row with
# a cell for every column of its table kind, in the table's own order; `assemble.py` then
# sorts, cuts, picks the columns and numbers the footnotes.

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final

from almanac.core.data.pricing import labels
from almanac.core.data.pricing.current import SERVICE_TIERS
from almanac.core.data.pricing.fx import BASE_CURRENCY
from almanac.core.data.pricing.history import price_changes
from almanac.core.data.pricing.money import CONTEXT
from almanac.core.data.pricing.quotes import blended
from almanac.core.data.pricing.relays import list_offer, relay_price
from almanac.core.data.pricing.workloads import WORKLOADS, Workload, workload_cost
from almanac.core.data.tables.cells import BLANK, Draft
from almanac.core.data.tables.model import Cell, number_key

if TYPE_CHECKING:
    from almanac.core.data.datasets.models import Model, Offer, ProviderFile
    from almanac.core.data.pricing.history import PriceChange
    from almanac.core.data.tables.cells import TableContext
    from almanac.core.data.tables.priced import Priced

__all__ = ["history_rows", "main_offer", "offer_rows", "price_rows", "relay_rows", "workload_rows"]

_TENTH: Final = Decimal("0.1")


def main_offer(ctx: TableContext, model: Model) -> Priced | None:
    """The offer a one-row-per-model table shows for `model`, among its standard offers with a price.

    First party first (the vendor's own API), then the currency shown (USD when the table
    shows native currencies), then the lowest blended price, then the order written.
    """
    if ctx.filters_offers:
        return _main_offer(ctx, model)
    # Otherwise the choice depends only on the model, the instant and the currency preferred,
    # the same for the prices tables, workloads and charts of every page: made once a build.
    key = (ctx.at, ctx.target or BASE_CURRENCY)
    return ctx.index.main_offers.get(model, key, lambda: _main_offer(ctx, model))


def _main_offer(ctx: TableContext, model: Model) -> Priced | None:
    preferred = ctx.target or BASE_CURRENCY
    best: tuple[tuple[int, int, int, Decimal, int], Priced] | None = None
    for index, offer in enumerate(model.offers):
        if offer.service_tier != "standard" or not ctx.offer_ok(offer.provider, offer.region):
            continue
        priced = ctx.price(offer)
        if priced is None:
            continue
        value = blended(priced.quote)
        rank = (
            0 if ctx.first_party(offer) else 1,
            0 if offer.currency == preferred else 1,
            0 if value is not None else 1,
            ctx.in_usd(value, offer.currency) if value is not None else Decimal(0),
            index,
        )
        if best is None or rank < best[0]:
            best = (rank, priced)
    return best[1] if best is not None else None


def price_rows(ctx: TableContext) -> list[Draft]:
    """`prices`: one row per model, its main offer (`main_offer`)."""
    drafts: list[Draft] = []
    for model in ctx.models():
        priced = main_offer(ctx, model)
        if priced is not None:
            drafts.append(Draft(ctx.offer_cells(model, priced), list(priced.notes)))
    return drafts


def offer_rows(ctx: TableContext) -> list[Draft]:
    """`offers`: every offer with a price, batch, flex and priority included.

    By vendor and model (as `prices`), then provider, region, currency and service tier.
    """
    drafts: list[Draft] = []
    for model in ctx.models():
        found = []
        for offer in model.offers:
            if not ctx.offer_ok(offer.provider, offer.region):
                continue
            priced = ctx.price(offer)
            if priced is not None:
                order = (offer.provider, offer.region, offer.currency, SERVICE_TIERS.index(offer.service_tier))
                found.append((order, priced))
        for _, priced in sorted(found, key=lambda item: item[0]):
            drafts.append(Draft(ctx.offer_cells(model, priced), list(priced.notes)))
    return drafts


def workload_rows(ctx: TableContext) -> list[Draft]:
    """`workloads`: the cost of one request of each named workload on each model's main offer."""
    drafts: list[Draft] = []
    for model in ctx.models():
        priced = main_offer(ctx, model)
        if priced is None:
            continue
        cells = ctx.offer_cells(model, priced)
        currency = priced.quote.currency
        for workload in WORKLOADS:
            size = workload.input_tokens + workload.output_tokens
            if model.context_window is not None and size > model.context_window:
                window = labels.token_count(model.context_window)
                cells[workload.name] = Cell(BLANK, "", title=f"longer than the context window ({window} tokens)")
                continue
            cost = _workload_cost(ctx, priced.offer, workload)
            cells[workload.name] = ctx.money(cost, currency, unit=None, blank_title="not offered for this request")
        drafts.append(Draft(cells, list(priced.notes)))
    return drafts


def _workload_cost(ctx: TableContext, offer: Offer, workload: Workload) -> Decimal | None:
    """`workload_cost` at the table's instant, off-peak hours left out: computed once a build for
    each offer (the prices page and the model's page show the costs of the same main offer)."""
    key = (workload.name, ctx.at)
    return ctx.index.workload_costs.get(offer, key, lambda: workload_cost(offer, workload, ctx.at, time_windows=False))


def _change(change: PriceChange) -> Cell:
    if change.relative is None:
        why = "no price before" if change.old is None else "no price after" if change.new is None else "was free"
        return Cell(BLANK, "", title=why)
    pct = CONTEXT.multiply(change.relative, Decimal(100))
    shown = pct.quantize(_TENTH, rounding=ROUND_HALF_UP, context=CONTEXT)
    text = f"{shown:f}".removesuffix(".0")
    return Cell(f"+{text} %" if shown > 0 else f"{text} %", number_key(pct))


def history_rows(ctx: TableContext) -> list[Draft]:
    """`history`: every change of list price up to the table's instant, oldest first."""
    drafts: list[Draft] = []
    for model in ctx.models():
        for change in price_changes(model):
            if change.at > ctx.at or not ctx.offer_ok(change.provider, change.region):
                continue
            moment = change.at.astimezone(dt.UTC)
            day = moment.date().isoformat()
            shown = day if moment.time() == dt.time(0) else f"{day} {moment:%H:%M} UTC"
            cells = {
                "date": Cell(shown, f"{moment:%Y-%m-%dT%H:%M:%S}"),
                "model": ctx.model(model),
                "vendor": ctx.vendor(model.id),
                "provider": ctx.provider(change.provider),
                "region": ctx.text(change.region),
                "service_tier": ctx.text(change.service_tier),
                "band": ctx.text(change.tier, title=None if change.tier else "one price for every request size"),
                "key": ctx.text(labels.name_label(change.key)),
                "old": ctx.money(change.old, change.currency, blank_title="no price before"),
                "new": ctx.money(change.new, change.currency, blank_title="no price after"),
                "change": _change(change),
            }
            drafts.append(Draft(cells))
    return drafts


def _credit(relay: ProviderFile) -> str:
    billing = relay.billing
    if billing is None:
        return "no billing terms recorded"
    if billing.credit_rate is None:
        return f"credit at face value in {billing.currency}"
    credit = billing.credit_rate
    return f"{credit.pay} {billing.currency} per {credit.get} {credit.get_currency} of list-price credit"


def relay_rows(ctx: TableContext) -> list[Draft]:
    """`relay-prices`: for each relay (by name) and each model it lists, list and effective prices.

    The list price is the model's list offer in the relay's credit currency (see
    `pricing.list_offer`), priced as every table prices (off-peak hours left out); the
    effective price is `pricing.relay_price` with the entry's group multiplier.
    """
    wanted = {model.id for model in ctx.models()}
    relays = sorted(
        (provider for provider in ctx.datasets.providers.values() if provider.kind == "relay"),
        key=lambda provider: (provider.name.casefold(), provider.id),
    )
    drafts: list[Draft] = []
    for relay in relays:
        if not ctx.provider_ok(relay):
            continue
        billing = relay.billing
        groups = {group.name: group.multiplier for group in billing.groups} if billing is not None else {}
        default = billing.price_multiplier_default if billing is not None else None
        credit = billing.credit_rate if billing is not None else None
        credit_currency = credit.get_currency if credit is not None else BASE_CURRENCY
        derivation = f"{relay.name}: effective price = list price × group multiplier × {_credit(relay)}"
        for entry in relay.models_offered:
            model = ctx.datasets.models.get(entry.model)
            if model is None or model.id not in wanted:
                continue
            multiplier = groups.get(entry.group, default) if entry.group is not None else default
            offer = list_offer(ctx.datasets, model, ctx.at, currency=credit_currency)
            priced = ctx.price(offer) if offer is not None else None
            effective = None
            if priced is not None and multiplier is not None and billing is not None:
                effective = relay_price(priced.quote, multiplier, billing, ctx.datasets.fx, ctx.day)
            notes = [*priced.notes, derivation] if priced is not None else [derivation]
            if effective is not None and effective.fx_rates:
                shown = " and ".join(f"{rate.per_usd} {rate.currency}/USD ({rate.date})" for rate in effective.fx_rates)
                notes.append(f"{relay.name}: list price converted at {shown}")
            cells = {
                "relay": ctx.provider(relay.id),
                "model": ctx.model(model),
                "vendor": ctx.vendor(model.id),
                "group": ctx.text(entry.group),
                "multiplier": ctx.number(multiplier, f"×{multiplier}" if multiplier is not None else None),
                "currency": ctx.text(billing.currency if billing is not None else None),
            }
            for key in ("input", "output"):
                if priced is None:
                    cells[f"list_{key}"] = Cell(BLANK, "", title="no list price")
                else:
                    cells[f"list_{key}"] = ctx.rate(priced.quote, key)
                if effective is None:
                    cells[key] = Cell(BLANK, "", title="no list price or no multiplier")
                else:
                    listed = key in effective.rates
                    unit = effective.list_quote.unit
                    cells[key] = ctx.money(effective.rate(key), effective.currency, listed=listed, unit=unit)
            drafts.append(Draft(cells, notes))
    return drafts
