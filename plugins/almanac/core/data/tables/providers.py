# The rows of the tables about providers: `providers` (who they are, how they bill, how we rate
# them) and `status` (their state and uptime at the table's instant).
#
# Called by `build_table` for one block at a time, like `prices.py`. Ratings and states come
# from `core/data/status.py`; nothing is computed here but the cells.

from __future__ import annotations

from typing import TYPE_CHECKING

from almanac.core.data import status
from almanac.core.data.pricing import labels
from almanac.core.data.tables.cells import BLANK, Draft
from almanac.core.data.tables.model import Cell, text_key

if TYPE_CHECKING:
    from almanac.core.data.datasets.models import ProviderFile
    from almanac.core.data.tables.cells import TableContext

__all__ = ["provider_rows", "status_rows"]


def _homepage(url: str | None) -> Cell:
    """A link to the provider's site; only an http(s) URL becomes a link."""
    if not url:
        return Cell(BLANK, "")
    shown = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    if url.startswith(("https://", "http://")):
        return Cell(shown, text_key(shown), href=url, external=True)
    return Cell(url, text_key(url))


def _words(value: str | None) -> str | None:
    return labels.name_label(value) if value else None


def _common(ctx: TableContext, provider: ProviderFile) -> dict[str, Cell]:
    return {"provider": ctx.provider(provider.id), "kind": ctx.text(_words(provider.kind))}


def provider_rows(ctx: TableContext) -> list[Draft]:
    """`providers`: each provider by name, with its billing and its rating in force on the table's day."""
    chosen = sorted(
        (provider for provider in ctx.datasets.providers.values() if ctx.provider_ok(provider)),
        key=lambda provider: (provider.name.casefold(), provider.id),
    )
    drafts: list[Draft] = []
    for provider in chosen:
        rating = status.latest_rating(provider, ctx.day)
        cells = _common(ctx, provider)
        cells["category"] = ctx.text(_words(provider.category))
        cells["currency"] = ctx.text(provider.billing.currency if provider.billing is not None else None)
        for key in ("quality", "stability", "affordability", "support"):
            score = getattr(rating, key) if rating is not None else None
            cells[key] = ctx.number(score, title=None if rating is not None else "not rated")
        cells["rated"] = ctx.text(rating.date.isoformat() if rating is not None else None)
        cells["homepage"] = _homepage(provider.homepage)
        drafts.append(Draft(cells))
    return drafts


def status_rows(ctx: TableContext) -> list[Draft]:
    """`status`: each provider's state and uptime at the table's instant, in the status page's order.

    Without a `providers:` filter, only providers that are watched (checks, status data or
    incidents) are listed; the others would all read "No recent data".
    """
    drafts: list[Draft] = []
    watched_only = not ctx.spec.providers
    for provider_id, state in status.all_states(ctx.datasets, ctx.at, watched_only=watched_only):
        provider = ctx.datasets.providers[provider_id]
        if not ctx.provider_ok(provider):
            continue
        cells = _common(ctx, provider)
        # Worst first when sorted: the key starts with the state's rank (one digit).
        order = text_key(f"{status.STATE_ORDER[state.state]} {state.label}")
        cells["state"] = Cell(state.label, order, title=state.reason, state=state.state)
        for key, _, _ in status.WINDOWS:
            window = state.windows.get(key)
            pct = window.pct if window is not None else None
            title = f"{window.days_with_data} of {window.days_in_window} days with data" if window is not None else None
            if pct is None:
                cells[f"uptime_{key}"] = Cell(BLANK, "", title="no probe data")
            else:
                cells[f"uptime_{key}"] = ctx.number(pct, status.percent(pct), title=title)
        cells["incidents"] = ctx.number(len(state.open_incidents))
        cells["reason"] = ctx.text(state.reason)
        drafts.append(Draft(cells))
    return drafts
