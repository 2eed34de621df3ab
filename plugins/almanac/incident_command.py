"""`almanac incident`: record a provider's incidents without editing YAML by hand.

    almanac incident open PROVIDER --title T --impact minor|major|critical [--affected a,b] [--at TIME] [--body B]
                                      add an open incident to data/incidents/<provider>.yaml (made
                                      when missing); its id is the start's date and the title's words
    almanac incident update PROVIDER ID --status S --body B [--at TIME]
                                      add an update to an open incident
    almanac incident resolve PROVIDER ID [--at TIME] [--body B]
                                      set its resolved_at and add a `resolved` update

Comments, order, quoting and blank lines of the file stay (`almanac/core/data/incident_edit.py`,
through the round trip of `core/data/edit.py`). Part of the `almanac` command (`cli.py` adds it
with `add_parser` and runs it with `run`). Problems are printed as `path:line: what is wrong — how
to fix it` with exit status 1, and no file is changed; a bad command line exits with 2. Texts of
the data are printed with their control characters escaped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from almanac import command_line as shared

__all__ = ["add_parser", "run"]

COMMON = """\
The file, data/incidents/<provider>.yaml, keeps its comments, key order, quoting and blank lines:
only lines are added (and `resolved_at: null` is replaced when an incident is resolved). The new
file must pass the build's checks before it replaces the old one, in one step; a file changed by
someone else since it was read is not overwritten. --dry-run prints the change as a diff and
writes nothing. Times are ISO 8601 with a zone (2026-12-05T14:30:00+08:00, or Z for UTC); without
--at, the time now. Exits with 0 when written (or shown), 1 for a problem with the project or the
values (nothing written), 2 for a bad command line.
"""

OPEN_DESCRIPTION = (
    """\
Add an open incident of a provider at the end of data/incidents/<provider>.yaml (the file is made,
with its schema comment, when the provider has none). Its id is the date it started and the Latin
words of its title (2026-12-05-claude-requests-failing); --slug gives other words. --affected names
the provider's checks (the `monitoring` ids of data/providers/<provider>.yaml); --body adds a first
`investigating` update. Prints the new incident's id.

"""
    + COMMON
)

OPEN_EXAMPLES = """\
example:
  almanac incident open relay-a --title "Claude requests failing with 529" --impact major \\
      --affected sonnet-chat --at 2026-12-05T09:30:00+08:00 --body "Most Claude requests fail with 529."
"""

UPDATE_DESCRIPTION = (
    """\
Add an update to an open incident: its status and what was said. It comes after the incident's last
update (--at not before it, nor before the start). `--status resolved` resolves the incident, as
`almanac incident resolve` does. A resolved incident takes no more updates.

"""
    + COMMON
)

UPDATE_EXAMPLES = """\
example:
  almanac incident update relay-a 2026-12-05-claude-requests-failing-with-529 --status identified \\
      --at 2026-12-05T10:15:00+08:00 --body "An upstream account pool was suspended."
"""

RESOLVE_DESCRIPTION = (
    """\
Resolve an open incident: its resolved_at is set to --at, and a `resolved` update is added with
--body (default "Resolved.").

"""
    + COMMON
)

RESOLVE_EXAMPLES = """\
example:
  almanac incident resolve relay-a 2026-12-05-claude-requests-failing-with-529 \\
      --at 2026-12-05T12:00:00+08:00 --body "Requests succeed again."
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--at",
        metavar="TIME",
        help="when: a date and time with a zone, such as 2026-12-05T14:30:00+08:00 (default: now)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the change as a diff; write nothing")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    parser.set_defaults(run=run)


def add_parser(commands: Any) -> None:
    """Add `incident open`, `incident update` and `incident resolve` to the subparsers of `almanac`."""
    from almanac.core.data.incident_edit import IMPACTS, STATUSES

    incident = commands.add_parser(
        "incident",
        help="record a provider's incident: open it, post updates, resolve it",
        description="Record a provider's incidents in data/incidents/<provider>.yaml "
        "(`almanac incident open --help`, `update --help` and `resolve --help` say more).",
        epilog="examples:\n" + "\n".join(
            text.split("\n", 1)[1].rstrip() for text in (OPEN_EXAMPLES, UPDATE_EXAMPLES, RESOLVE_EXAMPLES)
        ) + "\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    actions = incident.add_subparsers(dest="action", metavar="ACTION", required=True)

    opening = actions.add_parser(
        "open",
        help="add an open incident of a provider",
        description=OPEN_DESCRIPTION,
        epilog=OPEN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    opening.add_argument("provider", metavar="PROVIDER", help="a provider's id (data/providers/<id>.yaml)")
    opening.add_argument("--title", required=True, help="a short title: what users see")
    opening.add_argument("--impact", required=True, choices=IMPACTS, help="how bad it is")
    opening.add_argument(
        "--affected", metavar="CHECK,…", default="", help="the provider's checks it affects, separated by commas"
    )
    opening.add_argument("--body", help="a first `investigating` update: what is known")
    opening.add_argument("--slug", metavar="WORDS", help="the words of the id after its date (default: the title's)")
    _common(opening)

    update = actions.add_parser(
        "update",
        help="add an update to an open incident",
        description=UPDATE_DESCRIPTION,
        epilog=UPDATE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    update.add_argument("provider", metavar="PROVIDER", help="a provider's id")
    update.add_argument("incident", metavar="ID", help="the incident's id, as `open` printed it")
    update.add_argument("--status", required=True, choices=STATUSES, help="where the incident stands")
    update.add_argument("--body", required=True, help="what is said")
    _common(update)

    resolve = actions.add_parser(
        "resolve",
        help="resolve an open incident",
        description=RESOLVE_DESCRIPTION,
        epilog=RESOLVE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    resolve.add_argument("provider", metavar="PROVIDER", help="a provider's id")
    resolve.add_argument("incident", metavar="ID", help="the incident's id")
    resolve.add_argument("--body", help='what is said on resolving it (default "Resolved.")')
    _common(resolve)


def run(args: argparse.Namespace) -> int:
    """Run `almanac incident open`, `update` or `resolve`; the exit status."""
    from almanac.core.data.edit import NewFileErrors, unified_diff
    from almanac.core.data.incident_edit import plan_open, plan_resolve, plan_update, write_incidents
    from almanac.core.errors import AlmanacError, AlmanacErrors

    name = f"almanac incident {args.action}"
    started = shared.open_project(name, Path(args.config_file))
    if started is None:
        return 2
    project, today = started
    now = dt.datetime.now(dt.UTC)
    try:
        if args.action == "open":
            affected = tuple(part.strip() for part in args.affected.split(",") if part.strip())
            change = plan_open(
                project,
                args.provider,
                title=args.title,
                impact=args.impact,
                affected=affected,
                at=args.at,
                body=args.body,
                slug=args.slug,
                today=today,
                now=now,
            )
        elif args.action == "update":
            change = plan_update(
                project,
                args.provider,
                args.incident,
                status=args.status,
                body=args.body,
                at=args.at,
                today=today,
                now=now,
            )
        else:
            change = plan_resolve(
                project, args.provider, args.incident, at=args.at, body=args.body, today=today, now=now
            )
        if args.dry_run:
            diff = unified_diff(change.edit)
            if change.created:
                diff = diff.replace(f"--- a/{change.edit.rel}", "--- /dev/null", 1)
            shared.print_diff(diff)
            print(f"{name}: a dry run, {change.edit.rel} not written", file=sys.stderr)
            return 0
        write_incidents(change)
    except (AlmanacError, AlmanacErrors) as failed:
        in_new = "in the file as it would be (its lines as --dry-run shows them)"
        return shared.report_problems(
            name, failed, written=False, in_new=in_new if isinstance(failed, NewFileErrors) else None
        )
    done = {"open": "opened", "update": "updated", "resolve": "resolved"}[args.action]
    print(change.incident)
    made = f" (a new file, {change.edit.rel})" if change.created else f" in {change.edit.rel}"
    print(
        f"{name}: {shared.plain(args.provider)} {shared.plain(change.incident)} {done} at {change.at}{made}",
        file=sys.stderr,
    )
    return 0
