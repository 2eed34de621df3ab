"""`almanac import FORMAT FILE`: merge a public price dataset into data/vendors/*.yaml.

    almanac import llm-prices|genai-prices|litellm FILE [--add] [--vendor ID] [--checked DATE]
                                                       [--source URL] [--dry-run] [-v]

Reads the file (`almanac/core/data/importers/`), compares each offer's current price with ours,
and edits data/ the way `almanac price set` does (`almanac/core/data/edit.py`): a changed price
opens a new dated period with the import's source and checked date, an equal one read later than
our `checked` is confirmed (only its period's source and checked lines change), any other equal
one leaves the file's bytes alone, an unknown model or offer is skipped unless --add. Prints a
line for each of added, changed, confirmed, unchanged and skipped (with the reasons; each entry
with -v).

Part of the `almanac` command (`cli.py` adds it with `add_parser` and runs it with `run`).
Problems are printed as `path:line: what is wrong — how to fix it` with exit status 1, and no
file is changed; a bad command line exits with 2. A progress bar on a terminal (standard error),
none when piped; every text of the file is printed with its control characters escaped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from almanac import command_line as shared

if TYPE_CHECKING:
    from almanac.core.data.importers.common import SourceFile
    from almanac.core.data.importers.merge import ImportPlan

__all__ = ["FORMATS", "add_parser", "run"]

FORMATS: Final = ("llm-prices", "genai-prices", "litellm")

DESCRIPTION = """\
Read a public price dataset and merge its prices into data/vendors/*.yaml.

  llm-prices    github.com/simonw/llm-prices: a vendor's data/<vendor>.json, or the folder of
                them; USD per million tokens with dated history (from_date inclusive, to_date
                exclusive). Long-context bands written as models (gpt-5.4-272k) are skipped.
  genai-prices  github.com/pydantic/genai-prices: a provider's prices/providers/<id>.yml, or the
                folder; USD per million tokens, start_date constraints as history,
                prices_checked as the checked date; price_variants for batch processing and
                the flex and priority service tiers are offers of those tiers, from their
                start_date; a current price tiered by request size ({base, tiers}) is read
                into bands from one token past each start. Prices by time of day or other
                conditions (other variants) and free entries are skipped.
  litellm       LiteLLM's model_prices_and_context_window.json (the whole file): USD per token,
                written per million tokens; the provider prefix of a key (gemini/, xai/) is
                dropped; _batches, _flex and _priority prices are offers of those service
                tiers; _above_<N>k_tokens prices are bands from one token past N thousand
                input tokens (from N thousand for xAI). Non-chat modes, regional variants,
                unmapped providers and entries without prices are skipped.

Each offer of the file is matched to ours by model id, API id or snapshot (a Bedrock id by the
vendor's id in it: global.anthropic.claude-opus-4-8-v1:0 is claude-opus-4-8, in region global;
regional., us., eu. are other regions), else with . and - alike when one model of ours only
matches (a name two match is skipped), and by provider (the vendor's own API, in USD, standard
tier; OpenRouter's …:batch is the batch tier). The checked date of an entry is the file's,
else --checked, else the build date; the source is --source, by default the dataset's address
of the file.
A price equal to our current one is confirmed when its checked date is later than the current
period's checked: that period's checked and source become the import's, and no other line
changes; otherwise the file keeps its bytes (unchanged). A different price closes our current
period and opens a new one, as `almanac price set` does, with that source and checked date,
from the file's start of the price or else the checked date (a start after the build date is a
scheduled price); a file's price older than ours is skipped. A rate the file has and our price
lacks altogether (a web search price) is named, and is no change by itself. Rates equal to
our promotional price in force on the checked date or the build date agree with ours (named).
A cache write of 0 where our price writes none (a write billed as input: LiteLLM's 0 for an
implicit cache) is read as not listed, and named, and never written. Comments, key
order, quoting and blank lines stay. With --add, an unknown model or offer is written with the
file's whole history, and a vendor or provider file that does not exist is created.
A price tiered by request size is compared band by band with ours: confirmed the same way
when the basis, the pricing mode, the bands (a file's "more than 200000" is our band from
200000, the same threshold) and each band's rates agree; otherwise skipped, with what differs.
It is never written as a change or an addition.
Everything else is skipped, with a reason: our current prices with off-peak hours or modes,
which the file cannot express, too.

Every file is checked as the build checks it before any is written (an addition the checks
refuse is skipped, with their message); each is written in one step, and one changed on disk
since it was read is refused. --dry-run prints the changes as a diff and writes nothing.

Exits with 0 when the import is done (or shown), 1 for a problem with the file or data/
(nothing written), 2 for a bad command line.
"""

EXAMPLES = """\
examples:
  almanac import llm-prices ../llm-prices/data/deepseek.json --checked 2026-08-05 --dry-run
  almanac import llm-prices ../llm-prices/data --vendor openai --vendor anthropic -v
  almanac import genai-prices ../genai-prices/prices/providers --add
  almanac import litellm model_prices_and_context_window.json --vendor deepseek --dry-run
"""


def add_parser(commands: Any) -> None:
    """Add `import` to the subparsers of the `almanac` command."""
    parser = commands.add_parser(
        "import",
        help="merge a public price dataset (llm-prices, genai-prices, litellm) into data/vendors/*.yaml",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "format", choices=FORMATS, metavar="FORMAT", help="the dataset's format: llm-prices, genai-prices or litellm"
    )
    parser.add_argument("file", metavar="FILE", help="the dataset's file, or its folder of files")
    parser.add_argument(
        "--add", action="store_true", help="write models, offers, vendors and providers that data/ does not have"
    )
    parser.add_argument(
        "--vendor", action="append", default=[], metavar="ID", help="import only this vendor's models (repeatable)"
    )
    parser.add_argument("--source", metavar="URL", help="the source written with each new price")
    parser.add_argument(
        "--checked",
        metavar="YYYY-MM-DD",
        help="when the dataset was read, where it does not say (default: the build date)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the changes as a diff; write nothing")
    parser.add_argument("-v", "--verbose", action="store_true", help="name every entry under its line")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run `almanac import`; the exit status."""
    from almanac.core.data.edit import NewFileErrors
    from almanac.core.errors import AlmanacError, AlmanacErrors

    name = f"almanac import {args.format}"
    started = shared.open_project(name, Path(args.config_file))
    if started is None:
        return 2
    project, today = started
    file = Path(args.file)
    if not file.exists():
        print(f"{name}: {args.file}: no such file — give the dataset's file", file=sys.stderr)
        return 2
    checked: dt.date | None = None
    if args.checked is not None:
        try:
            checked = dt.date.fromisoformat(args.checked)
        except ValueError:
            print(f"{name}: --checked {args.checked!r} is not a date — write it as YYYY-MM-DD", file=sys.stderr)
            return 2
    if checked is not None and checked > today:
        print(f"{name}: --checked {checked} is after the build date {today} — give the day the file was read",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        return _import(project, file, args, today, checked or today)
    except (AlmanacError, AlmanacErrors) as failed:
        in_new = "in the files as they would be" if isinstance(failed, NewFileErrors) else None
        return shared.report_problems(name, failed, written=False, in_new=in_new)


def _read(file: Path, args: argparse.Namespace) -> SourceFile:
    from almanac.core.data.importers.genai_prices import read_genai_prices
    from almanac.core.data.importers.litellm import read_litellm
    from almanac.core.data.importers.llm_prices import read_llm_prices

    if args.format == "genai-prices":
        return read_genai_prices(file, args.file, source=args.source)
    if args.format == "litellm":
        return read_litellm(file, args.file, source=args.source)
    return read_llm_prices(file, args.file, source=args.source)


def _import(project: Path, file: Path, args: argparse.Namespace, today: dt.date, checked: dt.date) -> int:
    from almanac.core.data.edit import Edit, unified_diff
    from almanac.core.data.importers.merge import check_changes, plan_import, write_changes
    from almanac.core.errors import AlmanacError

    name = f"almanac import {args.format}"
    source = _read(file, args)
    bar = _Progress(sys.stderr, name)
    try:
        plan = plan_import(
            project, source, today=today, checked=checked, add=args.add, vendors=args.vendor, progress=bar.update
        )
    finally:
        bar.close()
    check_changes(project, plan.changes, today)
    colour = shared.colour(sys.stdout)
    if args.dry_run:
        for change in plan.changes:
            diff = unified_diff(Edit(project / change.rel, change.rel, change.old or b"", change.new))
            if change.old is None:
                diff = diff.replace(f"--- a/{change.rel}", "--- /dev/null", 1)
            shared.print_diff(diff)
    _report(plan, args.verbose, colour)
    if args.dry_run:
        print(f"{name}: a dry run, {_files(len(plan.changes))} not written", file=sys.stderr)
        return 0
    written: list[str] = []
    try:
        write_changes(project, plan.changes, written)
    except AlmanacError as error:
        for rel in written:
            print(rel)
        print(shared.plain(str(error)))
        done = f"{_files(len(written))} written before it" if written else "nothing written"
        print(f"{name}: 1 problem, {done}", file=sys.stderr)
        return 1
    for rel in written:
        print(rel)
    print(f"{name}: {_files(len(written))} written", file=sys.stderr)
    return 0


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def _report(plan: ImportPlan, verbose: bool, colour: bool) -> None:
    """A line for each category, with the reasons of the skipped; with `verbose`, each entry."""
    from almanac.core.data.importers.merge import CATEGORIES

    paint = {"added": "32", "changed": "33", "confirmed": "36", "unchanged": "", "skipped": "2"}
    for category in CATEGORIES:
        outcomes = [outcome for outcome in plan.outcomes if outcome.category == category]
        line = f"{category}: {len(outcomes)}"
        if category == "skipped" and outcomes:
            reasons = Counter(outcome.reason for outcome in outcomes)
            line += " (" + "; ".join(f"{reason}: {count}" for reason, count in sorted(reasons.items())) + ")"
        print(shared.style(shared.plain(line), paint[category], colour) if paint[category] else shared.plain(line))
        if verbose:
            for outcome in outcomes:
                why = f"{outcome.reason}: " if category == "skipped" else ""
                print(shared.plain(f"  {outcome.where} — {why}{outcome.detail}".rstrip(": ")))


class _Progress:
    """A bar on standard error while the entries are merged, only on a terminal."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.shown = stream.isatty() and os.environ.get("TERM") != "dumb"
        self.last = -1

    def update(self, done: int, total: int) -> None:
        if not self.shown or total == 0:
            return
        width = 30
        filled = done * width // total
        if filled == self.last and done != total:
            return
        self.last = filled
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown and self.last >= 0:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
