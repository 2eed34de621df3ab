# Provider status: daily uptime, uptime over windows, open incidents, the current state, ratings.
#
# Runs while pages are rendered (the `/status/` page and each `/providers/<id>/` page), on the
# datasets `load_datasets` returned at `on_config`. Nothing here is stored or typed by hand:
# the state of a provider is derived from its daily probe roll-ups (`data/status/`) and its
# incidents (`data/incidents/`) at an instant, the build time.
#
# Uptime rule (written on the page as `UPTIME_FORMULA`): a probe that succeeds in time counts
# 1, a slow one (degraded) counts 0.7, a failed one 0; uptime is the weighted count over the
# probes run, in per cent. Over a window of days the counts are summed first, so each day
# weighs by its samples, and days without data are left out of both sums.
#
# State rule, at an instant:
#   1. an open incident decides: impact `minor` → degraded, `major` → partial outage,
#      `critical` → major outage; an incident with maintenance updates (`scheduled`,
#      `in_progress`, `verifying`, `completed`) → maintenance. With several, the worst wins.
#      An incident of impact `none` is listed but does not change the state.
#   2. otherwise the latest full UTC day with data before the instant, if it is at most
#      `FRESH_DAYS` old (the day before is 1 day old): uptime ≥ 99 →
#      operational, ≥ 95 → degraded, ≥ 80 → partial outage, below → major outage.
#   3. otherwise unknown.

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal

from almanac.core.data.pricing.money import CONTEXT

if TYPE_CHECKING:
    from almanac.core.data.datasets.loader import Datasets
    from almanac.core.data.datasets.models import Incident, ProviderFile, Rating

__all__ = [
    "DEGRADED_AT",
    "DEGRADED_WEIGHT",
    "FAILED_WEIGHT",
    "FRESH_DAYS",
    "MAINTENANCE_STATUSES",
    "OK_WEIGHT",
    "OPERATIONAL_AT",
    "PARTIAL_AT",
    "STATES",
    "STATE_LABELS",
    "STATE_ORDER",
    "UPTIME_FORMULA",
    "WINDOWS",
    "Day",
    "ProviderState",
    "State",
    "Window",
    "all_states",
    "current_ratings",
    "daily_uptime",
    "is_maintenance",
    "latest_rating",
    "open_incidents",
    "percent",
    "provider_state",
    "rating_history",
    "recent_incidents",
    "uptime_state",
    "uptime_windows",
]

State = Literal["operational", "degraded", "partial_outage", "major_outage", "maintenance", "unknown"]

STATES: Final[tuple[State, ...]] = (
    "major_outage",
    "partial_outage",
    "degraded",
    "maintenance",
    "operational",
    "unknown",
)
"""Every state, worst first: the order of the status page. `unknown` comes last: it says
nothing about the provider, only that there is no recent probe data to judge by."""

STATE_ORDER: Final[Mapping[State, int]] = MappingProxyType({state: n for n, state in enumerate(STATES)})
"""A sort key per state: 0 is the worst."""

STATE_LABELS: Final[Mapping[State, str]] = MappingProxyType(
    {
        "operational": "Operational",
        "degraded": "Degraded performance",
        "partial_outage": "Partial outage",
        "major_outage": "Major outage",
        "maintenance": "Under maintenance",
        "unknown": "No recent data",
    }
)
"""The words a reader sees for each state."""

OK_WEIGHT: Final = Decimal(1)
"""What a probe that succeeded in time counts for."""
DEGRADED_WEIGHT: Final = Decimal("0.7")
"""What a probe that succeeded slowly (slower than the check's `slow_latency`) counts for."""
FAILED_WEIGHT: Final = Decimal(0)
"""What a failed probe counts for."""

UPTIME_FORMULA: Final = (
    "uptime = (ok + 0.7 × degraded) ÷ samples, over the days with data; days without data are left out"
)
"""The uptime rule in words, for the page that shows the numbers."""

OPERATIONAL_AT: Final = Decimal(99)
"""A day at or above this uptime (per cent) is operational."""
DEGRADED_AT: Final = Decimal(95)
"""A day at or above this uptime, and below `OPERATIONAL_AT`, is degraded."""
PARTIAL_AT: Final = Decimal(80)
"""A day at or above this uptime, and below `DEGRADED_AT`, is a partial outage; below it, a major outage."""
FRESH_DAYS: Final = 2
"""The latest day with data decides the state only if it is at most this many days old."""

WINDOWS: Final[tuple[tuple[str, str, int], ...]] = (
    ("24h", "24 h", 1),
    ("7d", "7 d", 7),
    ("30d", "30 d", 30),
    ("90d", "90 d", 90),
)
"""The uptime windows: key, label, and number of full days before the instant."""

MAINTENANCE_STATUSES: Final = frozenset({"scheduled", "in_progress", "verifying", "completed"})
"""Update statuses that only a maintenance uses (Statuspage's words)."""

_IMPACT_STATE: Final[Mapping[str, State]] = MappingProxyType(
    {"minor": "degraded", "major": "partial_outage", "critical": "major_outage"}
)
_HUNDRED: Final = Decimal(100)
_TENTH: Final = Decimal("0.1")


@dataclass(frozen=True)
class Day:
    """The probes of one provider over one UTC day, all its checks summed."""

    date: dt.date
    """The day (UTC)."""
    samples: int
    """Probes run."""
    ok: int
    """Probes that succeeded in time."""
    degraded: int
    """Probes that succeeded slowly."""
    failed: int
    """Probes that failed."""
    uptime: Decimal | None
    """`(ok + 0.7 × degraded) / samples × 100`, unrounded; `None` when no probe ran."""

    @property
    def weighted(self) -> Decimal:
        """The numerator of the uptime: `ok + 0.7 × degraded`."""
        return _weighted(self.ok, self.degraded, self.failed)


@dataclass(frozen=True)
class Window:
    """Uptime over the last days before an instant."""

    label: str
    """`24 h`, `7 d`, `30 d` or `90 d`."""
    pct: Decimal | None
    """Uptime over the days with data, sample-weighted, unrounded; `None` when no day has data."""
    days_with_data: int
    """Days of the window with at least one probe."""
    days_in_window: int
    """Days the window spans."""


@dataclass(frozen=True)
class ProviderState:
    """Where a provider stands at an instant, and why."""

    state: State
    """`operational`, `degraded`, `partial_outage`, `major_outage`, `maintenance` or `unknown`."""
    reason: str
    """A short sentence saying what decided the state."""
    open_incidents: tuple[Incident, ...] = ()
    """Incidents open at the instant, newest first."""
    windows: Mapping[str, Window] = field(default_factory=lambda: MappingProxyType({}))
    """Uptime by window key (`24h`, `7d`, `30d`, `90d`)."""
    last_day: Day | None = None
    """The latest full day with data before the instant, fresh or not."""

    @property
    def label(self) -> str:
        """The state in words: `Partial outage`."""
        return STATE_LABELS[self.state]


# --- uptime ---------------------------------------------------------------------------------------


def _weighted(ok: int, degraded: int, failed: int) -> Decimal:
    return CONTEXT.add(
        CONTEXT.add(CONTEXT.multiply(OK_WEIGHT, Decimal(ok)), CONTEXT.multiply(DEGRADED_WEIGHT, Decimal(degraded))),
        CONTEXT.multiply(FAILED_WEIGHT, Decimal(failed)),
    )


def _pct(weighted: Decimal, samples: int) -> Decimal | None:
    if samples == 0:
        return None
    return CONTEXT.multiply(CONTEXT.divide(weighted, Decimal(samples)), _HUNDRED)


def percent(value: Decimal) -> str:
    """An uptime as a reader sees it: `99.5 %` for 99.58…, one decimal, rounded down.

    Rounded down so that the text agrees with the colour and the state: a day shown as
    `99.0 %` is at or above the 99 % threshold, and `100.0 %` means every probe was ok and fast.
    """
    return f"{value.quantize(_TENTH, rounding=ROUND_DOWN, context=CONTEXT)} %"


def daily_uptime(datasets: Datasets, provider_id: str) -> list[Day]:
    """Every recorded day of `provider_id`, oldest first, its checks summed.

    A row whose `samples` is 0 is kept with `uptime` `None`: it counts as a day without data.
    A provider without status files has no days.
    """
    totals: dict[dt.date, list[int]] = {}
    for month in sorted(datasets.status.get(provider_id, {})):
        for row in datasets.status[provider_id][month].days:
            total = totals.setdefault(row.date, [0, 0, 0, 0])
            total[0] += row.samples
            total[1] += row.ok
            total[2] += row.degraded
            total[3] += row.failed
    days: list[Day] = []
    for date in sorted(totals):
        samples, ok, degraded, failed = totals[date]
        days.append(Day(date, samples, ok, degraded, failed, _pct(_weighted(ok, degraded, failed), samples)))
    return days


def uptime_windows(days: Sequence[Day], at: dt.date) -> dict[str, Window]:
    """Uptime over the full days before `at`: the last day (`24h`), 7, 30 and 90 days.

    The day `at` itself is not counted (it is not over yet). Counts are summed over the days
    with data in the window, so a day weighs by its samples; days without data are left out.
    """
    windows: dict[str, Window] = {}
    for key, label, length in WINDOWS:
        first = at - dt.timedelta(days=length)
        inside = [day for day in days if first <= day.date < at and day.samples > 0]
        samples = sum(day.samples for day in inside)
        weighted = sum((day.weighted for day in inside), Decimal(0))
        windows[key] = Window(label, _pct(weighted, samples), len(inside), length)
    return windows


def uptime_state(pct: Decimal) -> State:
    """The state an uptime stands for: operational, degraded, partial or major outage."""
    if pct >= OPERATIONAL_AT:
        return "operational"
    if pct >= DEGRADED_AT:
        return "degraded"
    if pct >= PARTIAL_AT:
        return "partial_outage"
    return "major_outage"


# --- incidents ------------------------------------------------------------------------------------


def _require_aware(at: dt.datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"the instant {at.isoformat()} has no time zone; status is read at aware datetimes")


def _incidents(datasets: Datasets, provider_id: str) -> tuple[Incident, ...]:
    found = datasets.incidents.get(provider_id)
    return found.incidents if found is not None else ()


def _newest_first(incidents: list[Incident]) -> list[Incident]:
    return sorted(incidents, key=lambda incident: (incident.started_at, incident.id), reverse=True)


def is_maintenance(incident: Incident) -> bool:
    """True when the incident is a maintenance: one of its updates has a maintenance status."""
    return any(update.status in MAINTENANCE_STATUSES for update in incident.updates)


def open_incidents(datasets: Datasets, provider_id: str, at: dt.datetime) -> list[Incident]:
    """Incidents of `provider_id` open at `at`, newest first.

    Open means started at or before `at` and not resolved by then: `resolved_at` is `null` or
    later than `at` (an incident resolved exactly at `at` is closed).
    """
    _require_aware(at)
    found = [
        incident
        for incident in _incidents(datasets, provider_id)
        if incident.started_at <= at and (incident.resolved_at is None or incident.resolved_at > at)
    ]
    return _newest_first(found)


def recent_incidents(datasets: Datasets, provider_id: str, at: dt.datetime, *, days: int = 90) -> list[Incident]:
    """Incidents of `provider_id` that started by `at` and were open at some time in the last `days` days.

    Newest first: the open ones and those resolved within the period, for the provider's page.
    """
    _require_aware(at)
    since = at - dt.timedelta(days=days)
    found = [
        incident
        for incident in _incidents(datasets, provider_id)
        if incident.started_at <= at and (incident.resolved_at is None or incident.resolved_at >= since)
    ]
    return _newest_first(found)


def _incident_state(incident: Incident) -> State | None:
    if is_maintenance(incident):
        return "maintenance"
    return _IMPACT_STATE.get(incident.impact)


# --- state ----------------------------------------------------------------------------------------


def _utc_date(at: dt.datetime) -> dt.date:
    return at.astimezone(dt.UTC).date()


def provider_state(datasets: Datasets, provider_id: str, at: dt.datetime) -> ProviderState:
    """The state of `provider_id` at `at`, the reason for it, its open incidents and uptime windows.

    The rule is in the module comment. Only full UTC days before `at` count (a day's roll-up
    covers the whole day), so a state can also be computed for a past instant.
    """
    _require_aware(at)
    today = _utc_date(at)
    days = [day for day in daily_uptime(datasets, provider_id) if day.date < today]
    windows = MappingProxyType(uptime_windows(days, today))
    incidents = open_incidents(datasets, provider_id, at)
    with_data = [day for day in days if day.uptime is not None]
    last_day = with_data[-1] if with_data else None

    deciding = [(state, incident) for incident in incidents if (state := _incident_state(incident)) is not None]
    if deciding:
        state, worst = min(deciding, key=lambda item: STATE_ORDER[item[0]])
        if state == "maintenance":
            reason = f"maintenance: {worst.title}"
        else:
            reason = f"open incident: {worst.title} ({worst.impact})"
        others = len(incidents) - 1
        if others:
            reason += f", and {others} more open"
        return ProviderState(state, reason, tuple(incidents), windows, last_day)

    if last_day is not None and last_day.uptime is not None and (today - last_day.date).days <= FRESH_DAYS:
        state = uptime_state(last_day.uptime)
        reason = f"{percent(last_day.uptime)} uptime on {last_day.date.isoformat()}"
        return ProviderState(state, reason, tuple(incidents), windows, last_day)

    if last_day is not None:
        reason = f"no probe data since {last_day.date.isoformat()}"
    elif provider_id in datasets.providers and not datasets.providers[provider_id].monitoring:
        reason = "not probed"
    else:
        reason = "no probe data yet"
    return ProviderState("unknown", reason, tuple(incidents), windows, last_day)


def _is_watched(datasets: Datasets, provider: ProviderFile) -> bool:
    return bool(provider.monitoring) or provider.id in datasets.status or bool(_incidents(datasets, provider.id))


def all_states(datasets: Datasets, at: dt.datetime, *, watched_only: bool = False) -> list[tuple[str, ProviderState]]:
    """The state of every provider at `at`, for the status page.

    Sorted: providers with open incidents first, then by state (worst first, `STATES`), then by
    name. `watched_only` keeps the providers that have checks, status data or incidents.
    """
    states: list[tuple[str, ProviderState]] = []
    for provider_id, provider in datasets.providers.items():
        if watched_only and not _is_watched(datasets, provider):
            continue
        states.append((provider_id, provider_state(datasets, provider_id, at)))

    def order(item: tuple[str, ProviderState]) -> tuple[int, int, str, str]:
        provider_id, state = item
        name = datasets.providers[provider_id].name
        return (0 if state.open_incidents else 1, STATE_ORDER[state.state], name.casefold(), provider_id)

    return sorted(states, key=order)


# --- ratings --------------------------------------------------------------------------------------


def rating_history(provider: ProviderFile) -> list[Rating]:
    """Every rating of `provider`, newest first (the first one is the current one)."""
    return sorted(provider.ratings, key=lambda rating: rating.date, reverse=True)


def latest_rating(provider: ProviderFile, on: dt.date) -> Rating | None:
    """The rating in force on `on`: the latest one dated on or before it; `None` if none is."""
    for rating in rating_history(provider):
        if rating.date <= on:
            return rating
    return None


def current_ratings(datasets: Datasets, on: dt.date) -> list[tuple[ProviderFile, Rating]]:
    """Each rated provider with its rating in force on `on`, by name: the points of the triangle chart."""
    rated = [
        (provider, rating)
        for provider in datasets.providers.values()
        if (rating := latest_rating(provider, on)) is not None
    ]
    return sorted(rated, key=lambda item: (item[0].name.casefold(), item[0].id))
