# Folds a probe run into the daily roll-ups, `data/status/<provider>/<YYYY-MM>.yaml`.
#
# Used by `almanac probe` after its probes, never in a build. Each sample goes to the row of its
# UTC day, in the file of that day's month (a run across midnight at a month's end touches two
# files; a new month's file is made). A day no run reached has no row: the site shows it grey,
# as no data, never as a day of zero samples.
#
# Idempotent: a day lists the ids of the runs folded into it (`runs`), and a run already listed
# is not folded again, so folding the same run twice changes nothing. Percentiles cannot be
# updated from percentiles, so a day also keeps what they are computed from, compactly: the
# latency of each probe that got a reply and the time to first token of each streamed one
# (`latency_samples_ms`, `ttft_samples_ms`, at most `MAX_KEPT` a day, in the order run), from
# which `latency_ms` (p50, p95) and `ttft_ms` (p50) are computed again by nearest rank. A day
# written by hand (samples but no `runs`) is refused: its percentiles have nothing to add to.
#
# The file is edited through the round trip of `core/data/edit.py` (comments, order and quoting
# kept), the new text must pass the build's checks, and it is written atomically by the
# writers of `edit.py` and `incident_edit.py` (a new file never over one made meanwhile).

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any, Final

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from almanac.core.data.datasets.loader import DATA_DIR, Datasets
from almanac.core.data.edit import Edit, _check_new_file, _move_trailing, write_edit
from almanac.core.data.incident_edit import IncidentEdit, _dump, _load_tree, write_incidents
from almanac.core.data.probe.classify import Sample
from almanac.core.data.status import DEGRADED_WEIGHT, OK_WEIGHT
from almanac.core.errors import AlmanacError

__all__ = [
    "MAX_KEPT",
    "DayRollup",
    "Fold",
    "fold_day",
    "nearest_rank",
    "plan_folds",
    "status_rel",
    "write_fold",
]

#: The most latencies (and times to first token) a day keeps: one probe every 5 minutes.
MAX_KEPT: Final = 288
#: The first lines of a new month's file, as the others have them.
HEADER: Final = (
    "# yaml-language-server: $schema=../../schema/status.schema.json\n"
    "# Daily roll-ups of probe results (UTC days), folded by `almanac probe`. "
    "uptime_pct = (ok + 0.7 * degraded) / samples * 100.\n"
)
_TENTH: Final = Decimal("0.1")


@dataclass(frozen=True)
class DayRollup:
    """One day's row as the probe keeps it."""

    date: dt.date
    samples: int = 0
    ok: int = 0
    degraded: int = 0
    failed: int = 0
    http_errors: Mapping[str, int] = field(default_factory=dict)
    runs: tuple[str, ...] = ()
    latencies: tuple[int, ...] = ()
    ttfts: tuple[int, ...] = ()

    @property
    def uptime_pct(self) -> Decimal | None:
        """`(ok + 0.7 × degraded) / samples × 100`, to a tenth, rounded down as the site shows it."""
        if not self.samples:
            return None
        weighted = OK_WEIGHT * self.ok + DEGRADED_WEIGHT * self.degraded
        return (weighted / self.samples * 100).quantize(_TENTH, rounding=ROUND_DOWN)


def nearest_rank(values: Sequence[int], percent: int) -> int:
    """The `percent`th percentile of `values` by nearest rank: the smallest value with at least
    that share of the values at or below it (always one of the values, the same on every run)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent * len(ordered) / 100)) - 1]


def fold_day(day: DayRollup, run: str, samples: Sequence[Sample]) -> DayRollup | None:
    """`day` with the `samples` of run `run` added (all of `day.date`); `None` when the day holds
    that run already."""
    if run in day.runs:
        return None
    outcomes = Counter(sample.outcome for sample in samples)
    errors = Counter(day.http_errors)
    errors.update(code for sample in samples if (code := sample.http_error) is not None)
    latencies = [sample.latency_ms for sample in samples if sample.latency_ms is not None]
    ttfts = [sample.ttft_ms for sample in samples if sample.ttft_ms is not None]
    return DayRollup(
        day.date,
        day.samples + len(samples),
        day.ok + outcomes["ok"],
        day.degraded + outcomes["degraded"],
        day.failed + outcomes["failed"],
        dict(sorted(errors.items())),
        (*day.runs, run),
        (*day.latencies, *latencies)[:MAX_KEPT],
        (*day.ttfts, *ttfts)[:MAX_KEPT],
    )


@dataclass(frozen=True)
class Fold:
    """The checked edit of one month's file, not yet written."""

    edit: Edit
    provider: str
    check: str
    created: bool
    """The month had no file: it is made."""
    days: tuple[DayRollup, ...]
    """The rows the run changed or added, as they will be written."""


def status_rel(provider: str, month: str) -> str:
    """`data/status/<provider>/<YYYY-MM>.yaml`."""
    return f"{DATA_DIR}/status/{provider}/{month}.yaml"


# --- the round trip -------------------------------------------------------------------------------


def _flow(items: Sequence[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _flow_map(items: Mapping[Any, Any]) -> CommentedMap:
    mapping = CommentedMap(items)
    mapping.fa.set_flow_style()
    return mapping


def _read_day(entry: Any, date: dt.date) -> DayRollup:
    def ints(key: str) -> tuple[int, ...]:
        return tuple(int(value) for value in entry.get(key) or ())

    errors = entry.get("http_errors") or {}
    return DayRollup(
        date,
        int(entry["samples"]),
        int(entry["ok"]),
        int(entry["degraded"]),
        int(entry["failed"]),
        {str(code): int(count) for code, count in errors.items()},
        tuple(str(run) for run in entry.get("runs") or ()),
        ints("latency_samples_ms"),
        ints("ttft_samples_ms"),
    )


def _set(entry: CommentedMap, key: str, value: Any, after: str) -> None:
    """Set `entry[key]`, a new key placed after `after` (keys kept in the order of the schema)."""
    if key in entry:
        entry[key] = value
    else:
        entry.insert(list(entry).index(after) + 1 if after in entry else len(entry), key, value)


def _write_day(entry: CommentedMap, day: DayRollup) -> None:
    previous = "date"
    for key, value in (("samples", day.samples), ("ok", day.ok), ("degraded", day.degraded), ("failed", day.failed)):
        _set(entry, key, value, previous)
        previous = key
    values: list[tuple[str, Any]] = [("uptime_pct", float(day.uptime_pct) if day.uptime_pct is not None else None)]
    if day.latencies:
        latency = {"p50": nearest_rank(day.latencies, 50), "p95": nearest_rank(day.latencies, 95)}
        values.append(("latency_ms", _flow_map(latency)))
    if day.ttfts:
        values.append(("ttft_ms", _flow_map({"p50": nearest_rank(day.ttfts, 50)})))
    errors = {DoubleQuotedScalarString(code): count for code, count in day.http_errors.items()}
    values += [
        ("http_errors", _flow_map(errors)),
        ("runs", _flow([DoubleQuotedScalarString(run) for run in day.runs])),
        ("latency_samples_ms", _flow(list(day.latencies)) if day.latencies else None),
        ("ttft_samples_ms", _flow(list(day.ttfts)) if day.ttfts else None),
    ]
    for key, value in values:
        if value is None:
            entry.pop(key, None)
            continue
        _set(entry, key, value, previous)
        previous = key


def _new_entry(day: DayRollup) -> CommentedMap:
    entry = CommentedMap()
    entry["date"] = day.date
    _write_day(entry, day)
    return entry


def _new_file(provider: str, check: str, days: list[DayRollup]) -> str:
    tree = CommentedMap()
    tree["provider"] = provider
    tree["check"] = check
    tree["days"] = CommentedSeq([_new_entry(day) for day in days])
    return HEADER + _dump(tree)


def _month_fold(
    root: Path,
    datasets: Datasets,
    provider: str,
    check: str,
    month: str,
    run: str,
    by_day: Mapping[dt.date, list[Sample]],
    today: dt.date,
) -> Fold | None:
    rel = status_rel(provider, month)
    existing = datasets.status.get(provider, {}).get(month)
    if existing is None:
        days = [day for date, samples in sorted(by_day.items()) if (day := fold_day(DayRollup(date), run, samples))]
        new = _new_file(provider, check, days).encode("utf-8")
        _check_new_file(root, rel, new, today)
        return Fold(Edit(root / rel, rel, b"", new), provider, check, True, tuple(days))

    document = datasets.documents[rel]
    if existing.check != check:
        raise AlmanacError(
            rel,
            document.position(("check",))[0],
            f"holds the roll-ups of check {existing.check!r}, not of {check!r}: a provider's month has one check",
            f"probe {provider}'s check {existing.check} (or give {check} a provider of its own)",
        )
    old, _, tree = _load_tree(root, rel)
    entries = tree.get("days")
    if not isinstance(entries, CommentedSeq) or len(entries) != len(existing.days):
        if entries is None and not existing.days:
            entries = tree["days"] = CommentedSeq()
        else:
            raise AlmanacError(rel, 1, "changed on disk while it was read", "run the command again")
    rows = {row.date: i for i, row in enumerate(existing.days)}
    changed: list[DayRollup] = []
    for date, samples in sorted(by_day.items()):
        if date in rows:
            at = next(n for n, entry in enumerate(entries) if entry["date"] == date)
            i = rows[date]
            row = existing.days[i]
            if not row.runs and row.samples:
                raise AlmanacError(
                    rel,
                    document.position(("days", i, "date"))[0],
                    f"the row of {date} was written by hand (it has no `runs`), so a probe run cannot be added to it",
                    "leave the day to the probe by removing its row, or record it by hand",
                )
            day = fold_day(_read_day(entries[at], date), run, samples)
            if day is not None:
                _write_day(entries[at], day)
                changed.append(day)
            continue
        day = fold_day(DayRollup(date), run, samples)
        assert day is not None
        entry = _new_entry(day)
        at = next((n for n, other in enumerate(entries) if other["date"] > date), len(entries))
        if at == len(entries) and len(entries):
            _move_trailing(entries[-1], entry)
        entries.insert(at, entry)
        changed.append(day)
    if not changed:
        return None
    new = _dump(tree).encode("utf-8")
    _check_new_file(root, rel, new, today)
    return Fold(Edit(root / rel, rel, old, new), provider, check, False, tuple(changed))


def plan_folds(
    root: Path,
    datasets: Datasets,
    provider: str,
    check: str,
    run: str,
    samples: Sequence[Sample],
    *,
    today: dt.date,
) -> list[Fold]:
    """The edits that fold run `run`'s `samples` of `provider`'s `check` into their months' files,
    one per month that changes (none when every day holds the run already). Each new text has
    passed the build's checks; raises `AlmanacError` or `AlmanacErrors`, nothing is written."""
    months: dict[str, dict[dt.date, list[Sample]]] = {}
    for sample in samples:
        date = sample.at.astimezone(dt.UTC).date()
        months.setdefault(date.strftime("%Y-%m"), {}).setdefault(date, []).append(sample)
    folds: list[Fold] = []
    for month in sorted(months):
        fold = _month_fold(root, datasets, provider, check, month, run, months[month], today)
        if fold is not None:
            folds.append(fold)
    return folds


def write_fold(fold: Fold) -> None:
    """Write the edit: over the old file (`edit.write_edit`), or as a new file that never replaces
    one made meanwhile (`incident_edit.write_incidents`, its provider's folder made first)."""
    if not fold.created:
        write_edit(fold.edit)
        return
    folder = fold.edit.path.parent
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True)
        except OSError as error:
            raise AlmanacError(
                fold.edit.rel, 1, f"cannot make its folder: {error.strerror or error}", "make data/ writable"
            ) from None
    write_incidents(IncidentEdit(fold.edit, fold.check, fold.edit.rel, created=True))
