# What one probe found, and how it is classified: ok, degraded or failed, with its reason.
#
# `client.py` measures a probe and hands its `Measured` here; `classify` gives the `Sample` the
# roll-ups fold (`rollup.py`) and the command prints. The rules, in order:
#   failed    no reply (a timeout, a connection error), an HTTP status other than 2xx, a body
#             that cannot be read, an empty answer, or one without the check's `expect_contains`;
#   degraded  a reply slower than the check's `slow_latency`, or from another model than the one
#             asked for (a substitution: a relay serving a cheaper model under the name asked);
#   ok        anything else.
# Nothing here does I/O; no text here holds the API key (the client never hands it over).

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "Measured",
    "Outcome",
    "Sample",
    "classify",
    "duration_ms",
    "same_model",
]

Outcome = Literal["ok", "degraded", "failed"]

_UNITS: Final = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}
_DURATION: Final = re.compile(r"([0-9]+)(ms|s|m|h)")
#: A dated snapshot's end, as APIs name what answered: `-20250929`, `-2026-01-15`, `@20250929`.
_SNAPSHOT: Final = re.compile(r"[-@](\d{8}|\d{4}-\d{2}-\d{2})(-v\d+(:\d+)?)?$")


def duration_ms(text: str) -> int:
    """A duration of the data (`60s`, `500ms`, `10m`) in milliseconds."""
    found = _DURATION.fullmatch(text)
    if found is None:
        raise ValueError(f"not a duration: {text!r}")
    return int(found.group(1)) * _UNITS[found.group(2)]


@dataclass(frozen=True)
class Measured:
    """What the client saw of one probe, before it is judged."""

    at: dt.datetime
    """When the request was sent (UTC)."""
    latency_ms: int | None = None
    """From sending the request to the end of the reply; `None` without a whole reply."""
    ttft_ms: int | None = None
    """From sending the request to the first text of a streamed reply."""
    status: int | None = None
    """The HTTP status, when one came back."""
    retry_after: str | None = None
    """The `Retry-After` header of the reply, as sent."""
    model: str | None = None
    """The model the reply names."""
    text: str | None = None
    """The answer's text; `None` when no reply could be read."""
    input_tokens: int | None = None
    output_tokens: int | None = None
    error: str | None = None
    """Why there is no reply to judge: `timeout after 60 s`, `connection error: …`, `malformed reply: …`."""


@dataclass(frozen=True)
class Sample:
    """One probe, classified: what the roll-up of its day counts."""

    check: str
    at: dt.datetime
    """When the request was sent (UTC): the day and month it is folded into."""
    outcome: Outcome
    reason: str
    """Why, in a few words: `1.2 s`, `slow: 6.1 s, over 5 s`, `HTTP 429, retry after 30 s`."""
    status: int | None = None
    latency_ms: int | None = None
    """The latency of a probe that got a reply (ok or degraded); `None` for a failed one."""
    ttft_ms: int | None = None
    model: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None

    @property
    def http_error(self) -> str | None:
        """The HTTP status counted among the day's `http_errors` (any but 2xx), as text."""
        return str(self.status) if self.status is not None and not 200 <= self.status < 300 else None


def same_model(answered: str, asked: Iterable[str]) -> bool:
    """Whether a reply naming `answered` comes from the model asked for, known by the names `asked`
    (the name sent, the model's id and `api_ids`). Case, an aggregator's `vendor/` prefix, a
    dated snapshot's suffix (`-20250929`) and `.` for `-` (`claude-sonnet-4.6`) are ignored:
    APIs answer with the snapshot that served an alias. Anything else is another model."""

    def key(name: str) -> str:
        name = name.strip().casefold().rpartition("/")[2]
        return _SNAPSHOT.sub("", name).replace(".", "-")

    return key(answered) in {key(name) for name in asked if name}


def _short(text: str, most: int = 80) -> str:
    """A text of the reply (a model's name, a header) cut to `most` characters: a server writes what it likes."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.1f} s" if ms >= 100 else f"{ms} ms"


def classify(
    check: str,
    measured: Measured,
    *,
    asked: tuple[str, ...],
    slow_ms: int | None,
    expect: str | None = None,
) -> Sample:
    """The `Sample` of one probe of `check`: its outcome by the rules of the module comment.
    `asked`: the names of the model asked for (the first is the one sent); `slow_ms`: the check's
    `slow_latency`; `expect`: its `expect_contains`."""

    def failed(reason: str) -> Sample:
        model = _short(measured.model) if measured.model else None
        return Sample(check, measured.at, "failed", reason, measured.status, None, None, model)

    if measured.status is not None and not 200 <= measured.status < 300:
        reason = f"HTTP {measured.status}"
        if measured.retry_after:
            wait = _short(measured.retry_after.strip(), 40)
            reason += f", retry after {wait} s" if wait.isdigit() else f", retry after {wait}"
        return failed(reason)
    if measured.error is not None:
        return failed(measured.error)
    if measured.text is None or measured.latency_ms is None:
        return failed("no reply")
    if not measured.text.strip():
        return failed("empty reply")
    if expect is not None and expect not in measured.text:
        return failed(f"the reply lacks {expect!r}")
    reasons: list[str] = []
    if slow_ms is not None and measured.latency_ms > slow_ms:
        reasons.append(f"slow: {_seconds(measured.latency_ms)}, over {_seconds(slow_ms)}")
    if measured.model is not None and not same_model(measured.model, asked):
        reasons.append(f"substitution: asked for {asked[0]}, answered by {_short(measured.model)}")
    outcome: Outcome = "degraded" if reasons else "ok"
    return Sample(
        check,
        measured.at,
        outcome,
        "; ".join(reasons) or _seconds(measured.latency_ms),
        measured.status,
        measured.latency_ms,
        measured.ttft_ms,
        _short(measured.model) if measured.model else None,
        measured.input_tokens,
        measured.output_tokens,
    )
