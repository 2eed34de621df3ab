"""Provider status: daily uptime, uptime windows, open incidents, the derived state, ratings.

The roll-ups, incidents and ratings of the sample's data frozen at one commit (tests/fixtures/edits/data/:
relay-a, openrouter, deepseek, 2026-10-29 … 2026-11-27), the sample's own for what holds whatever they
are, and small datasets built here from the pydantic models; every expected value is worked out by hand
in a comment beside it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from almanac.core.data.datasets import Datasets, load_datasets
from almanac.core.data.datasets.models import IncidentsFile, ProviderFile, StatusFile
from almanac.core.data.status import (
    STATE_LABELS,
    STATES,
    UPTIME_FORMULA,
    Day,
    all_states,
    current_ratings,
    daily_uptime,
    is_maintenance,
    latest_rating,
    open_incidents,
    percent,
    provider_state,
    rating_history,
    recent_incidents,
    uptime_state,
    uptime_windows,
)

from helpers import EDITS_PROJECT

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 28)
BUILD = datetime(2026, 11, 28, tzinfo=UTC)
BEIJING = timezone(timedelta(hours=8))
FOUR_PLACES = Decimal("0.0001")


@cache
def sample() -> Datasets:
    """The sample's data as it is now: for what holds whatever it holds."""
    return load_datasets(ROOT, today=TODAY)


@cache
def frozen() -> Datasets:
    """The sample's data as of commit a9bbfba (tests/fixtures/edits/README.md): for the values worked out below."""
    return load_datasets(EDITS_PROJECT, today=TODAY)


def as_read(value: Any) -> Any:
    """A value as the YAML reader gives it: lists become tuples."""
    if isinstance(value, dict):
        return {key: as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return tuple(as_read(item) for item in value)
    return value


CHECK = {"id": "chat", "model": "acme-1", "endpoint": "/v1/chat/completions", "interval": "10m", "timeout": "60s"}


def row(day: str, samples: int, ok: int, degraded: int = 0) -> dict[str, Any]:
    """A status row; the probes that are neither ok nor degraded failed."""
    return {"date": day, "samples": samples, "ok": ok, "degraded": degraded, "failed": samples - ok - degraded}


def incident(
    started: str,
    resolved: str | None = None,
    *,
    impact: str = "major",
    title: str = "502 errors on Claude models",
    statuses: tuple[str, ...] = ("investigating",),
    ident: str | None = None,
) -> dict[str, Any]:
    return {
        "id": ident or f"{started[:10]}-{impact}",
        "title": title,
        "impact": impact,
        "started_at": started,
        "resolved_at": resolved,
        "updates": [{"at": started, "status": status, "body": "Update."} for status in statuses],
    }


def acme(
    rows: list[dict[str, Any]] | None = None,
    incidents: list[dict[str, Any]] | None = None,
    *,
    monitored: bool = True,
    ratings: list[dict[str, Any]] | None = None,
    extra_rows: list[dict[str, Any]] | None = None,
) -> Datasets:
    """Datasets with one provider, `acme`, and the rows, incidents and ratings given."""
    provider = ProviderFile.model_validate(
        as_read(
            {
                "schema_version": 1,
                "id": "acme",
                "name": "Acme Relay",
                "kind": "relay",
                "monitoring": [CHECK] if monitored else [],
                "ratings": ratings or [],
            }
        )
    )
    status: dict[str, MappingProxyType[str, StatusFile]] = {}
    files: dict[str, StatusFile] = {}
    if rows:
        files["2026-11"] = StatusFile.model_validate(as_read({"provider": "acme", "check": "chat", "days": rows}))
    if extra_rows:
        # A second check of the same provider over the same days (keyed apart: one file per check).
        files["2026-11 second"] = StatusFile.model_validate(
            as_read({"provider": "acme", "check": "second", "days": extra_rows})
        )
    if files:
        status["acme"] = MappingProxyType(files)
    found = {}
    if incidents:
        found["acme"] = IncidentsFile.model_validate(as_read({"provider": "acme", "incidents": incidents}))
    return Datasets(
        providers=MappingProxyType({"acme": provider}),
        status=MappingProxyType(status),
        incidents=MappingProxyType(found),
    )


def day(text: str) -> date:
    return date.fromisoformat(text)


# --- the uptime formula ------------------------------------------------------------------------


def test_the_formula_is_written_for_the_page() -> None:
    assert UPTIME_FORMULA == (
        "uptime = (ok + 0.7 × degraded) ÷ samples, over the days with data; days without data are left out"
    )


def test_daily_uptime_weighs_degraded_probes_at_seven_tenths() -> None:
    days = {d.date: d for d in daily_uptime(frozen(), "relay-a")}
    bad = days[day("2026-11-12")]
    # 144 samples: 99 ok, 38 degraded, 7 failed → (99 + 0.7 × 38) / 144 = 125.6 / 144 = 87.2222…%
    assert (bad.samples, bad.ok, bad.degraded, bad.failed) == (144, 99, 38, 7)
    assert bad.weighted == Decimal("125.6")
    assert bad.uptime is not None
    assert bad.uptime.quantize(FOUR_PLACES) == Decimal("87.2222")
    assert percent(bad.uptime) == "87.2 %"


def test_daily_uptime_covers_every_day_of_the_frozen_data() -> None:
    for provider in ("relay-a", "openrouter", "deepseek"):
        days = daily_uptime(frozen(), provider)
        # 2026-10-29 … 2026-11-27: 3 days of October and 27 of November, oldest first.
        assert [d.date for d in days] == [day("2026-10-29") + timedelta(days=n) for n in range(30)]


@pytest.mark.parametrize("which", ["sample", "frozen"])
def test_daily_uptime_agrees_with_the_probe_job(which: str) -> None:
    data = sample() if which == "sample" else frozen()
    assert data.status or which == "sample"
    for provider, files in data.status.items():
        days = {d.date: d for d in daily_uptime(data, provider)}
        rows = [r for f in files.values() for r in f.days]
        for r in rows:
            if r.uptime_pct is None or sum(1 for other in rows if other.date == r.date) > 1:
                continue  # a day of several checks is their sum, not the value of one
            found = days[r.date].uptime
            assert found is not None
            # The probe job wrote its value rounded to one decimal, by the same formula.
            assert abs(found - r.uptime_pct) <= Decimal("0.05"), (provider, r.date)


def test_daily_uptime_sums_the_checks_of_a_provider() -> None:
    data = acme([row("2026-11-01", 100, 100)], extra_rows=[row("2026-11-01", 50, 40, 10)])
    (merged,) = daily_uptime(data, "acme")
    # 150 samples: 140 ok, 10 degraded → (140 + 7) / 150 = 98 %
    assert (merged.samples, merged.ok, merged.degraded, merged.failed) == (150, 140, 10, 0)
    assert merged.uptime == Decimal(98)


def test_a_day_without_samples_has_no_uptime() -> None:
    (empty,) = daily_uptime(acme([row("2026-11-01", 0, 0)]), "acme")
    assert empty.uptime is None


def test_a_provider_without_status_files_has_no_days() -> None:
    assert daily_uptime(frozen(), "relay-b") == []
    assert daily_uptime(frozen(), "no-such-provider") == []


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("99.583333"), "99.5 %"),  # rounded down
        (Decimal("98.958333"), "98.9 %"),  # below 99: never shown as 99.0 %
        (Decimal("99.96"), "99.9 %"),  # never 100.0 % while a probe failed
        (Decimal(99), "99.0 %"),
        (Decimal(100), "100.0 %"),
        (Decimal(0), "0.0 %"),
    ],
)
def test_percent(value: Decimal, text: str) -> None:
    assert percent(value) == text


# --- windows -----------------------------------------------------------------------------------


def test_windows_on_the_real_data() -> None:
    windows = uptime_windows(daily_uptime(frozen(), "deepseek"), TODAY)
    assert list(windows) == ["24h", "7d", "30d", "90d"]
    assert [w.label for w in windows.values()] == ["24 h", "7 d", "30 d", "90 d"]
    last, week, month, quarter = windows.values()
    # 24 h is 2026-11-27 alone: 144 samples, 142 ok, 2 degraded → 143.4 / 144 = 99.5833 %
    assert (last.days_with_data, last.days_in_window) == (1, 1)
    assert last.pct is not None and last.pct.quantize(FOUR_PLACES) == Decimal("99.5833")
    # 7 d is 2026-11-21 … 27: ok 140+140+141+142+141+144+142 = 990, degraded 4+4+3+0+1+0+2 = 14,
    # samples 144+144+144+143+143+144+144 = 1006 → (990 + 9.8) / 1006 = 99.3837 %
    assert (week.days_with_data, week.days_in_window) == (7, 7)
    assert week.pct is not None and week.pct.quantize(FOUR_PLACES) == Decimal("99.3837")
    # 30 d is every day of data (2026-10-29 … 11-27); 90 d has the same 30 days out of 90.
    assert (month.days_with_data, month.days_in_window) == (30, 30)
    assert (quarter.days_with_data, quarter.days_in_window) == (30, 90)
    assert quarter.pct == month.pct


def test_windows_leave_out_days_without_data_and_weigh_by_samples() -> None:
    days = [
        Day(day("2026-11-20"), 10, 10, 0, 0, Decimal(100)),
        Day(day("2026-11-22"), 0, 0, 0, 0, None),  # a row with no probe run
        Day(day("2026-11-24"), 90, 45, 0, 45, Decimal(50)),
    ]
    windows = uptime_windows(days, day("2026-11-25"))
    week = windows["7d"]
    # (10 + 45) / (10 + 90) = 55 %, not the mean of the days (75 %); 2 days with data out of 7.
    assert week.pct == Decimal(55)
    assert (week.days_with_data, week.days_in_window) == (2, 7)
    # 24 h is 2026-11-24 alone.
    assert windows["24h"].pct == Decimal(50)


def test_a_window_without_data_has_no_percentage() -> None:
    days = [Day(day("2026-08-01"), 10, 10, 0, 0, Decimal(100))]
    windows = uptime_windows(days, day("2026-11-28"))
    assert windows["30d"].pct is None and windows["30d"].days_with_data == 0
    # 90 d reaches back to 2026-08-30 only.
    assert windows["90d"].pct is None


def test_the_day_of_the_instant_is_not_counted() -> None:
    days = [Day(day("2026-11-28"), 10, 0, 0, 10, Decimal(0))]
    assert uptime_windows(days, day("2026-11-28"))["24h"].pct is None


# --- state from data ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("samples", "ok", "degraded", "state"),
    [
        (100, 99, 0, "operational"),  # 99 % exactly
        (1000, 989, 1, "degraded"),  # 989.7 / 1000 = 98.97 %
        (100, 95, 0, "degraded"),  # 95 % exactly
        (1000, 949, 0, "partial_outage"),  # 94.9 %
        (100, 80, 0, "partial_outage"),  # 80 % exactly
        (1000, 799, 0, "major_outage"),  # 79.9 %
        (100, 0, 100, "major_outage"),  # every probe slow: 70 %
    ],
)
def test_state_from_the_latest_day(samples: int, ok: int, degraded: int, state: str) -> None:
    data = acme([row("2026-11-26", 100, 100), row("2026-11-27", samples, ok, degraded)])
    found = provider_state(data, "acme", BUILD)
    assert found.state == state
    assert found.last_day is not None and found.last_day.date == day("2026-11-27")
    assert found.reason.endswith(" uptime on 2026-11-27")


def test_uptime_state_thresholds() -> None:
    assert uptime_state(Decimal("99.0")) == "operational"
    assert uptime_state(Decimal("98.999")) == "degraded"
    assert uptime_state(Decimal("95")) == "degraded"
    assert uptime_state(Decimal("94.999")) == "partial_outage"
    assert uptime_state(Decimal("80")) == "partial_outage"
    assert uptime_state(Decimal("79.999")) == "major_outage"


def test_data_two_days_old_still_decides_three_days_old_is_stale() -> None:
    # At 2026-11-28, 2026-11-26 is two days old; 2026-11-25 is three.
    fresh = provider_state(acme([row("2026-11-26", 100, 100)]), "acme", BUILD)
    assert (fresh.state, fresh.reason) == ("operational", "100.0 % uptime on 2026-11-26")
    stale = provider_state(acme([row("2026-11-25", 100, 100)]), "acme", BUILD)
    assert (stale.state, stale.reason) == ("unknown", "no probe data since 2026-11-25")
    assert stale.last_day is not None and stale.last_day.date == day("2026-11-25")


def test_the_day_of_the_instant_and_later_days_are_ignored() -> None:
    # The roll-up of 2026-11-28 covers the whole day: at 06:00 that day it is not over yet.
    data = acme([row("2026-11-27", 100, 100), row("2026-11-28", 100, 0), row("2026-11-29", 100, 0)])
    found = provider_state(data, "acme", datetime(2026, 11, 28, 6, tzinfo=UTC))
    assert found.state == "operational"
    assert found.reason == "100.0 % uptime on 2026-11-27"


def test_no_data_is_unknown() -> None:
    assert provider_state(acme(), "acme", BUILD).reason == "no probe data yet"
    unwatched = provider_state(acme(monitored=False), "acme", BUILD)
    assert (unwatched.state, unwatched.reason) == ("unknown", "not probed")
    assert unwatched.label == "No recent data"


def test_a_day_without_samples_does_not_decide() -> None:
    data = acme([row("2026-11-20", 100, 100), row("2026-11-27", 0, 0)])
    found = provider_state(data, "acme", BUILD)
    assert (found.state, found.reason) == ("unknown", "no probe data since 2026-11-20")


def test_states_on_the_real_data() -> None:
    deepseek = provider_state(frozen(), "deepseek", BUILD)
    # 2026-11-27: 142 ok, 2 degraded of 144 → 99.58 % → operational.
    assert (deepseek.state, deepseek.reason) == ("operational", "99.5 % uptime on 2026-11-27")
    assert deepseek.open_incidents == ()
    relay = provider_state(frozen(), "relay-a", BUILD)
    # 2026-11-27: 141 ok, 2 degraded of 144 → 142.4 / 144 = 98.89 % → degraded.
    assert (relay.state, relay.reason) == ("degraded", "98.8 % uptime on 2026-11-27")
    assert relay.label == "Degraded performance"
    assert relay.windows["30d"].days_with_data == 30
    assert provider_state(frozen(), "relay-b", BUILD).reason == "no probe data yet"
    assert provider_state(frozen(), "openai", BUILD).reason == "not probed"


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        provider_state(frozen(), "deepseek", datetime(2026, 11, 28))


# --- incidents ---------------------------------------------------------------------------------

AT = datetime(2026, 11, 27, 12, tzinfo=UTC)


def test_incident_open_and_closed_at_the_boundaries() -> None:
    at = "2026-11-27T12:00:00Z"
    cases = {
        "starts-now": (at, None),  # started exactly at the instant: open
        "resolved-now": ("2026-11-27T10:00:00Z", at),  # resolved exactly at the instant: closed
        "resolved-later": ("2026-11-27T10:00:00Z", "2026-11-27T12:00:01Z"),  # open
        "starts-later": ("2026-11-27T12:00:01Z", None),  # not yet open
        "never-resolved": ("2026-11-01T00:00:00Z", None),  # open
    }
    data = acme(incidents=[incident(start, end, ident=name) for name, (start, end) in cases.items()])
    assert [i.id for i in open_incidents(data, "acme", AT)] == ["starts-now", "resolved-later", "never-resolved"]


def test_open_incidents_compare_instants_across_zones() -> None:
    # 20:00 in Beijing is 12:00 UTC: an incident resolved then is closed at 12:00 UTC.
    data = acme(incidents=[incident("2026-11-27T18:00:00+08:00", "2026-11-27T20:00:00+08:00")])
    assert open_incidents(data, "acme", AT) == []
    assert len(open_incidents(data, "acme", AT - timedelta(seconds=1))) == 1


@pytest.mark.parametrize(
    ("impact", "state"),
    [("minor", "degraded"), ("major", "partial_outage"), ("critical", "major_outage")],
)
def test_an_open_incident_decides_the_state(impact: str, state: str) -> None:
    data = acme([row("2026-11-26", 100, 100)], [incident("2026-11-27T08:00:00Z", impact=impact)])
    found = provider_state(data, "acme", AT)
    assert found.state == state
    assert found.reason == f"open incident: 502 errors on Claude models ({impact})"
    assert [i.impact for i in found.open_incidents] == [impact]


def test_an_incident_without_impact_leaves_the_state_to_the_data() -> None:
    data = acme([row("2026-11-26", 100, 100)], [incident("2026-11-27T08:00:00Z", impact="none")])
    found = provider_state(data, "acme", AT)
    assert (found.state, found.reason) == ("operational", "100.0 % uptime on 2026-11-26")
    assert len(found.open_incidents) == 1


def test_a_maintenance_is_told_by_its_updates() -> None:
    work = incident(
        "2026-11-27T08:00:00Z", impact="minor", title="Database upgrade", statuses=("scheduled", "in_progress")
    )
    data = acme([row("2026-11-26", 100, 100)], [work])
    assert is_maintenance(data.incidents["acme"].incidents[0])
    found = provider_state(data, "acme", AT)
    assert (found.state, found.reason) == ("maintenance", "maintenance: Database upgrade")
    assert found.label == "Under maintenance"


def test_the_worst_open_incident_wins() -> None:
    incidents = [
        incident("2026-11-27T06:00:00Z", impact="minor", title="Slow replies"),
        incident("2026-11-27T07:00:00Z", impact="critical", title="Everything down"),
        incident("2026-11-27T08:00:00Z", impact="major", title="Upgrade", statuses=("in_progress",)),
    ]
    found = provider_state(acme(incidents=incidents), "acme", AT)
    assert found.state == "major_outage"
    assert found.reason == "open incident: Everything down (critical), and 2 more open"
    # Newest first.
    assert [i.title for i in found.open_incidents] == ["Upgrade", "Everything down", "Slow replies"]


def test_an_outage_outranks_a_maintenance_and_a_maintenance_a_clean_record() -> None:
    incidents = [
        incident("2026-11-27T06:00:00Z", impact="minor", title="Slow replies"),
        incident("2026-11-27T08:00:00Z", impact="major", title="Upgrade", statuses=("in_progress",)),
    ]
    assert provider_state(acme(incidents=incidents), "acme", AT).state == "degraded"


def test_the_real_incident_of_relay_a() -> None:
    # Open from 2026-11-12 14:20 to 2026-11-13 03:10 Beijing time (06:20 to 19:10 UTC).
    during = datetime(2026, 11, 12, 15, 0, tzinfo=BEIJING)
    found = provider_state(frozen(), "relay-a", during)
    assert (found.state, found.reason) == ("degraded", "open incident: Slow responses on Claude models (minor)")
    assert found.last_day is not None and found.last_day.date == day("2026-11-11")
    assert provider_state(frozen(), "relay-a", datetime(2026, 11, 13, 3, 10, tzinfo=BEIJING)).open_incidents == ()


def test_recent_incidents() -> None:
    recent = recent_incidents(frozen(), "relay-a", BUILD)
    # The incident of 2026-11-12 is within 90 days; that of 2026-03-28 is not.
    assert [i.id for i in recent] == ["2026-11-12-slow-claude-responses"]
    assert [i.id for i in recent_incidents(frozen(), "relay-a", BUILD, days=365)] == [
        "2026-11-12-slow-claude-responses",
        "2026-03-28-upstream-risk-controls",
    ]
    # An incident that starts after the instant is not listed yet.
    assert recent_incidents(frozen(), "relay-a", datetime(2026, 11, 12, tzinfo=UTC)) == []


# --- every provider ----------------------------------------------------------------------------


def test_all_states_sorted_incidents_first_then_worst_then_name() -> None:
    states = all_states(frozen(), BUILD)
    assert len(states) == len(frozen().providers)
    ids = [provider_id for provider_id, _ in states]
    # Two degraded (OpenRouter before Relay A by name), one operational, then every unknown by name.
    assert ids[:3] == ["openrouter", "relay-a", "deepseek"]
    unknown = [frozen().providers[p].name.casefold() for p in ids[3:]]
    assert unknown == sorted(unknown)
    assert {state.state for _, state in states[3:]} == {"unknown"}


def test_all_states_watched_only() -> None:
    states = all_states(frozen(), BUILD, watched_only=True)
    # relay-b has a check and incidents but no data yet.
    assert [p for p, _ in states] == ["openrouter", "relay-a", "deepseek", "relay-b"]


def test_an_open_incident_puts_a_provider_first() -> None:
    during = datetime(2026, 11, 12, 15, 0, tzinfo=BEIJING)
    states = all_states(frozen(), during, watched_only=True)
    assert states[0][0] == "relay-a"
    assert states[0][1].open_incidents


def test_state_words_and_order() -> None:
    assert set(STATE_LABELS) == set(STATES)
    assert STATES[0] == "major_outage"
    assert STATES.index("partial_outage") < STATES.index("degraded") < STATES.index("operational")


# --- ratings -----------------------------------------------------------------------------------


def test_latest_rating_and_history() -> None:
    relay = frozen().providers["relay-a"]
    assert [r.date for r in rating_history(relay)] == [day("2026-04-15"), day("2026-03-15")]
    current = latest_rating(relay, TODAY)
    assert current is not None
    assert (current.quality, current.stability, current.affordability) == (4, 2, 3)
    before = latest_rating(relay, day("2026-04-14"))
    assert before is not None and before.date == day("2026-03-15")
    assert latest_rating(relay, day("2026-04-15")) == current  # dated that day: in force
    assert latest_rating(relay, day("2026-03-14")) is None
    assert latest_rating(frozen().providers["openai"], TODAY) is None


def test_current_ratings_by_name() -> None:
    rated = current_ratings(frozen(), TODAY)
    assert [(p.id, r.date) for p, r in rated] == [("relay-a", day("2026-04-15")), ("relay-b", day("2026-04-12"))]
