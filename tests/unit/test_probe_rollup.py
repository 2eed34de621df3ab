"""Samples folded into `data/status/<provider>/<YYYY-MM>.yaml` (`plan_folds`, `write_fold`) on a copy of the
probe's fixture project (tests/fixtures/probe/): by the UTC date of each sample, in the month's file (made when
missing), comments and other rows kept, a day without a sample left without a row, a run folded once."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from almanac.core.data.datasets.loader import load_datasets
from almanac.core.data.probe.classify import Sample
from almanac.core.data.probe.rollup import HEADER, plan_folds, write_fold
from almanac.core.errors import AlmanacError

from helpers import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "probe"
TODAY = dt.date(2026, 12, 5)
NOVEMBER = Path("data/status/stub-openai/2026-11.yaml")
DECEMBER = Path("data/status/stub-openai/2026-12.yaml")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def ok(when: str, latency: int = 700) -> Sample:
    return Sample("large-chat", at(when), "ok", "0.7 s", 200, latency, None, "acme-large")


def fold(project: Path, run: str, samples: list[Sample]) -> list[str]:
    """Fold and write; the files written."""
    datasets = load_datasets(project, today=TODAY)
    folds = plan_folds(project, datasets, "stub-openai", "large-chat", run, samples, today=TODAY)
    for planned in folds:
        write_fold(planned)
    return [planned.edit.rel for planned in folds]


def test_samples_go_to_the_month_and_day_of_their_utc_date(project: Path) -> None:
    # 00:30 in Shanghai on 1 December is 16:30 UTC on 30 November: November's file, its last row.
    before = (project / NOVEMBER).read_text(encoding="utf-8")
    written = fold(project, "r1", [ok("2026-12-01T00:30:00+08:00", 600), ok("2026-12-01T00:10:00Z", 900)])
    assert written == [NOVEMBER.as_posix(), DECEMBER.as_posix()]
    december = (project / DECEMBER).read_text(encoding="utf-8")
    assert december.startswith(HEADER)
    assert "  - date: 2026-12-01\n    samples: 1\n    ok: 1\n" in december
    assert "latency_ms: {p50: 900, p95: 900}" in december
    datasets = load_datasets(project, today=TODAY)
    assert [day.date.isoformat() for day in datasets.status["stub-openai"]["2026-12"].days] == ["2026-12-01"]
    # November's file: only lines added and the file's comments, rows and last comment kept.
    after = (project / NOVEMBER).read_text(encoding="utf-8")
    diff = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert all(line.startswith("+ ") for line in diff), diff
    assert after.startswith(before.removesuffix("# end of November\n") + "  - date: 2026-11-30\n    samples: 1\n")
    assert after.endswith("    latency_samples_ms: [600]\n# end of November\n")
    assert "# the first probed day" in after


def test_a_day_no_run_reached_has_no_row(project: Path) -> None:
    fold(project, "r1", [ok("2026-12-02T10:00:00Z"), ok("2026-12-04T10:00:00Z")])
    days = load_datasets(project, today=TODAY).status["stub-openai"]["2026-12"].days
    assert [day.date.day for day in days] == [2, 4]
    fold(project, "r2", [ok("2026-12-03T10:00:00Z")])  # a late run: its row goes between them
    days = load_datasets(project, today=TODAY).status["stub-openai"]["2026-12"].days
    assert [(day.date.day, day.samples, day.runs) for day in days] == [
        (2, 1, ("r1",)),
        (3, 1, ("r2",)),
        (4, 1, ("r1",)),
    ]


def test_folding_a_run_again_writes_nothing_and_another_run_adds_to_the_day(project: Path) -> None:
    samples = [ok("2026-11-29T09:00:00Z", 400), ok("2026-11-29T09:00:01Z", 1200)]
    assert fold(project, "2026-11-29T09:00:00Z", samples) == [NOVEMBER.as_posix()]
    once = (project / NOVEMBER).read_bytes()
    assert fold(project, "2026-11-29T09:00:00Z", samples) == []
    assert (project / NOVEMBER).read_bytes() == once
    row = load_datasets(project, today=TODAY).status["stub-openai"]["2026-11"].days[1]
    # The day had 2 samples (1 ok, 1 failed: a 502) and one latency, 800 ms.
    assert (row.samples, row.ok, row.failed, row.http_errors) == (4, 3, 1, {"502": 1})
    assert row.latency_samples_ms == (800, 400, 1200)
    assert (row.latency_ms and (row.latency_ms.p50, row.latency_ms.p95)) == (800, 1200)
    assert row.uptime_pct == 75


def test_a_row_written_by_hand_is_not_folded_into(project: Path) -> None:
    before = (project / NOVEMBER).read_bytes()
    with pytest.raises(AlmanacError) as raised:
        fold(project, "r1", [ok("2026-11-28T12:00:00Z")])
    assert str(raised.value) == (
        f"{NOVEMBER.as_posix()}:6: the row of 2026-11-28 was written by hand (it has no `runs`), so a probe run "
        "cannot be added to it — leave the day to the probe by removing its row, or record it by hand"
    )
    assert (project / NOVEMBER).read_bytes() == before


def test_a_month_of_another_check_is_refused(project: Path) -> None:
    path = project / NOVEMBER
    path.write_text(path.read_text(encoding="utf-8").replace("check: large-chat", "check: other-chat"), "utf-8")
    providers = project / "data" / "providers" / "stub-openai.yaml"
    text = providers.read_text(encoding="utf-8")
    providers.write_text(text + text[text.index("  - id: large-chat") :].replace("large-chat", "other-chat"), "utf-8")
    with pytest.raises(AlmanacError) as raised:
        fold(project, "r1", [ok("2026-11-29T12:00:00Z")])
    assert str(raised.value) == (
        f"{NOVEMBER.as_posix()}:4: holds the roll-ups of check 'other-chat', not of 'large-chat': a provider's month "
        "has one check — probe stub-openai's check other-chat (or give large-chat a provider of its own)"
    )


def test_a_row_is_found_by_its_date_in_a_file_out_of_order(project: Path) -> None:
    path = project / DECEMBER
    path.write_text(
        "provider: stub-openai\ncheck: large-chat\ndays:\n"
        '  - {date: 2026-12-05, samples: 1, ok: 1, degraded: 0, failed: 0, runs: ["a"]}\n'
        '  - {date: 2026-12-03, samples: 1, ok: 0, degraded: 0, failed: 1, runs: ["a"]}\n',
        encoding="utf-8",
    )
    fold(project, "b", [ok("2026-12-03T09:00:00Z"), ok("2026-12-04T09:00:00Z")])
    days = load_datasets(project, today=TODAY).status["stub-openai"]["2026-12"].days
    # The 3rd gets the run (not the first row after it); the new 4th goes before the first later row.
    assert [(day.date.day, day.samples, day.ok, day.runs) for day in days] == [
        (4, 1, 1, ("b",)),
        (5, 1, 1, ("a",)),
        (3, 2, 1, ("a", "b")),
    ]
