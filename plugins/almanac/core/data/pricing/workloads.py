# Named workloads: what a typical request of a few kinds costs on an offer.
#
# Runs while pages are rendered, for the "cost per request" columns of price tables and model
# pages. A per-token price says little on its own when models differ in cache discounts and
# long-context surcharges; the cost of a few fixed requests compares them on equal terms.
# The shapes are fixed here, so every page uses the same ones and says what they are.

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from almanac.core.data.pricing.quotes import request_cost

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    from almanac.core.data.datasets.models import Offer

__all__ = ["AGENT", "CHAT", "LONG_CONTEXT", "RAG", "WORKLOADS", "Workload", "workload_cost"]


@dataclass(frozen=True)
class Workload:
    """The shape of one typical request: how much input, how much of it cached, how much output."""

    name: str
    """A short id: `chat`, `rag`, `agent`, `long_context`."""
    label: str
    """The shape in words, for column headers and footnotes."""
    input_tokens: int
    """All input tokens of the request, cached or not."""
    cached_tokens: int
    """The part of the input read from the prompt cache."""
    output_tokens: int
    """Output tokens."""


CHAT: Final = Workload("chat", "chat (2K in / 500 out)", 2_000, 0, 500)
"""A chat turn: 2,000 input tokens, none cached, 500 output."""
RAG: Final = Workload("rag", "RAG (20K in, half cached / 500 out)", 20_000, 10_000, 500)
"""Retrieval-augmented generation: 20,000 input tokens, half of them cached, 500 output."""
AGENT: Final = Workload("agent", "agent (100K in, 80% cached / 5K out)", 100_000, 80_000, 5_000)
"""A step of a coding agent: 100,000 input tokens, 80 % cached, 5,000 output."""
LONG_CONTEXT: Final = Workload("long_context", "long context (200K in / 2K out)", 200_000, 0, 2_000)
"""A long document: 200,000 input tokens, none cached, 2,000 output."""

WORKLOADS: Final = (CHAT, RAG, AGENT, LONG_CONTEXT)
"""Every named workload, in the order tables show them."""


def workload_cost(
    offer: Offer, workload: Workload, at: dt.datetime, *, mode: str | None = None, time_windows: bool = True
) -> Decimal | None:
    """The cost of one request of `workload` on `offer` at `at`, in the offer's currency.

    Cached input bills at `cache_read`, the rest of the input at `input`, output at `output`,
    all in the tier band the workload's size selects (see `request_cost`). `None` when a key
    it needs is not offered (cached input where `cache_read` is `null`, for instance), when
    the request is past the last band, or when there is no price at `at`.
    """
    return request_cost(
        offer,
        at,
        input_tokens=workload.input_tokens,
        output_tokens=workload.output_tokens,
        cached_tokens=workload.cached_tokens,
        mode=mode,
        time_windows=time_windows,
    )
