"""`almanac probe`: send each provider check's request and fold the results into data/status/.

    almanac probe [--provider ID …] [--dry-run] [--budget SECONDS] [--concurrency N]

For each `monitoring` check of each provider (or of those named), one real, minimal request
(`almanac/core/data/probe/`), classified ok, degraded or failed, then folded into the day's row of
`data/status/<provider>/<YYYY-MM>.yaml` (made when the month has none), atomically, comments kept.
Part of the `almanac` command (`cli.py` adds it with `add_parser` and runs it with `run`). Problems
are printed as `path:line: what is wrong — how to fix it` with exit status 1 (the other checks are
still probed and folded); a bad command line exits with 2. API keys are read from the environment
variables the checks name and never printed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from almanac import command_line as shared

if TYPE_CHECKING:
    from almanac.core.data.probe.classify import Sample
    from almanac.core.data.probe.rollup import Fold
    from almanac.core.data.probe.targets import Planned

__all__ = ["add_parser", "run", "utc_now"]

#: The whole run's time limit, by default, in seconds: well inside the workflow's.
BUDGET = 300.0

DESCRIPTION = """\
Send each provider check's request (the `monitoring` entries of data/providers/<id>.yaml), one
real, minimal request each: OpenAI's chat completions or Anthropic's messages, streamed. Each is
ok, degraded (slower than the check's slow_latency, or answered by another model than the one
asked: a substitution) or failed (a timeout, a connection error, an HTTP error, a body that cannot
be read, an empty reply), with its reason; one line per check is printed at the end.

The results are folded into the row of their UTC day in data/status/<provider>/<YYYY-MM>.yaml
(the month's file is made when missing): samples, ok, degraded, failed, uptime, latency p50/p95,
time to first token p50, HTTP error counts. A day keeps the ids of the runs folded into it, so a
run is never counted twice (--run-id), and the latencies the percentiles are computed from. The
file keeps its comments and order, must pass the build's checks, and is replaced in one step.
--dry-run probes and prints the change as a diff, writing nothing.

The API key of a check is read from the environment variable it names (api_key_env, else
<PROVIDER>_API_KEY, such as DEEPSEEK_API_KEY) and never printed; a check without its key is a
problem and is not probed (with --skip-without-key, a note). At most --concurrency requests are in
flight, and the run stops after --budget seconds: a probe still running then is not counted.

Exits with 0 when every check was probed (whatever it found), 1 for a problem (the other checks
are still probed and folded), 2 for a bad command line.
"""

EXAMPLES = """\
examples:
  DEEPSEEK_API_KEY=… almanac probe --provider deepseek --dry-run
  almanac probe --budget 120            # every check, in 2 minutes at most
"""


def utc_now() -> dt.datetime:
    """The time now, UTC: when each probe's request is sent, and so the day it counts for."""
    return dt.datetime.now(dt.UTC)


def add_parser(commands: Any) -> None:
    """Add `probe` to the subparsers of `almanac`."""
    from almanac.core.data.probe.targets import CONCURRENCY

    parser = commands.add_parser(
        "probe",
        help="probe the providers' APIs and fold the results into data/status/",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--provider",
        action="append",
        default=[],
        metavar="ID",
        help="probe this provider's checks only (repeatable; default: every provider with checks)",
    )
    parser.add_argument("--dry-run", action="store_true", help="probe and print the change as a diff; write nothing")
    parser.add_argument(
        "--budget",
        type=_positive,
        default=BUDGET,
        metavar="SECONDS",
        help=f"the whole run's time limit: probes still running then are dropped, not counted (default {BUDGET:g})",
    )
    parser.add_argument(
        "--concurrency",
        type=_count,
        default=CONCURRENCY,
        metavar="N",
        help=f"how many requests are in flight at once (default {CONCURRENCY})",
    )
    parser.add_argument(
        "--skip-without-key",
        action="store_true",
        help="leave out, with a note, the checks whose key's variable is not set (default: each is a problem)",
    )
    parser.add_argument(
        "--run-id",
        metavar="ID",
        help="the run's id in the days' `runs` (default: the UTC time it started, 2026-12-05T19:30:00Z); "
        "a run already folded into a day is not folded again",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    parser.set_defaults(run=run)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not between 0 and 3600 seconds")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 32:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to 32")
    return int(text)


def _line(planned: Planned, sample: Sample | None, budget: float) -> str:
    """The line of one check at the end of the run."""
    target = planned.target
    head = f"{target.provider} {target.check}"
    if sample is None:
        return shared.plain(f"{head}: not run — the run's time limit of {budget:g} s ended first")
    facts = [f"HTTP {sample.status}" if sample.status is not None and sample.http_error is None else ""]
    if sample.model:
        facts.append(sample.model)
    if sample.ttft_ms is not None:
        facts.append(f"first token {sample.ttft_ms} ms")
    if sample.output_tokens is not None:
        facts.append(f"{sample.output_tokens} token{'s' if sample.output_tokens != 1 else ''} out")
    shown = ", ".join(fact for fact in facts if fact)
    return shared.plain(f"{head}: {sample.outcome} — {sample.reason}" + (f" ({shown})" if shown else ""))


def _probe(planned: Sequence[Planned], args: argparse.Namespace, name: str) -> list[Sample | None]:
    from almanac.core.data.probe.client import probe_all
    from almanac.import_command import _Progress

    keys = {item.target.key_env: os.environ[item.target.key_env].strip() for item in planned}
    bar = _Progress(sys.stderr, name)
    try:
        return asyncio.run(
            probe_all(
                [item.target for item in planned],
                keys,
                now=utc_now,
                budget=args.budget,
                concurrency=args.concurrency,
                done=bar.update,
            )
        )
    finally:
        bar.close()


def run(args: argparse.Namespace) -> int:
    """Run `almanac probe`; the exit status."""
    from almanac.core.data.datasets.loader import load_datasets
    from almanac.core.data.edit import unified_diff
    from almanac.core.data.probe.rollup import plan_folds, write_fold
    from almanac.core.data.probe.targets import MissingKey, plan_targets
    from almanac.core.errors import AlmanacError, AlmanacErrors

    name = "almanac probe"
    started = shared.open_project(name, Path(args.config_file))
    if started is None:
        return 2
    project, today = started
    run_id = args.run_id or utc_now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        datasets = load_datasets(project, today=today)
    except AlmanacErrors as failed:
        return shared.report_problems(name, failed, written=False, in_new=None)
    planned, problems = plan_targets(datasets, args.provider, os.environ)
    if args.skip_without_key:
        for keyless in [problem for problem in problems if isinstance(problem, MissingKey)]:
            problems.remove(keyless)
            print(f"{name}: {shared.plain(keyless.message)} (--skip-without-key)", file=sys.stderr)
    samples = _probe(planned, args, name) if planned else []
    for item, sample in zip(planned, samples, strict=True):
        print(_line(item, sample, args.budget))

    # One check a provider is folded: a month's file holds the roll-ups of one check.
    by_check: dict[tuple[str, str], list[Sample]] = {}
    for item, sample in zip(planned, samples, strict=True):
        key = (item.target.provider, item.target.check)
        if sample is not None:
            by_check.setdefault(key, []).append(sample)
    folded: set[str] = set()
    folds: list[Fold] = []
    try:
        datasets = load_datasets(project, today=today)  # as it is now, after the probes
    except AlmanacErrors as failed:
        problems.extend(failed.errors)
        by_check = {}
    for (provider, check), found in by_check.items():
        if provider in folded:
            item = next(item for item in planned if (item.target.provider, item.target.check) == (provider, check))
            problems.append(
                AlmanacError(
                    item.rel,
                    item.line,
                    f"check {check} was probed but not folded: data/status/{provider}/ keeps one check a month",
                    f"probe it with --provider alone once the other check of {provider} is moved out",
                )
            )
            continue
        folded.add(provider)
        try:
            planned_folds = plan_folds(project, datasets, provider, check, run_id, found, today=today)
            if not planned_folds:
                print(f"{name}: run {shared.plain(run_id)} is folded already for {provider} {check}", file=sys.stderr)
            folds.extend(planned_folds)
        except (AlmanacError, AlmanacErrors) as failed:
            problems.extend(failed.errors if isinstance(failed, AlmanacErrors) else [failed])

    if args.dry_run:
        for fold in folds:
            diff = unified_diff(fold.edit)
            if fold.created:
                diff = diff.replace(f"--- a/{fold.edit.rel}", "--- /dev/null", 1)
            shared.print_diff(diff)
    written: list[str] = []
    if not args.dry_run:
        for fold in folds:
            try:
                write_fold(fold)
            except AlmanacError as failed:
                problems.append(failed)
                continue
            written.append(fold.edit.rel)
    for problem in problems:
        print(shared.plain(str(problem)))

    ran = [sample for sample in samples if sample is not None]
    counts = ", ".join(
        f"{sum(1 for sample in ran if sample.outcome == outcome)} {outcome}" for outcome in ("ok", "degraded", "failed")
    )
    summary = f"{name}: {len(ran)} of {len(planned)} check{'s' if len(planned) != 1 else ''} probed ({counts})"
    if args.dry_run:
        summary += f"; a dry run, {len(folds)} file{'s' if len(folds) != 1 else ''} not written"
    else:
        summary += f"; {len(written)} file{'s' if len(written) != 1 else ''} written"
    if problems:
        summary += f"; {len(problems)} problem{'s' if len(problems) != 1 else ''}"
    print(summary + "".join(f"\n  {rel}" for rel in written), file=sys.stderr)
    return 1 if problems else 0
