"""`almanac price`: show an offer's prices, and give it a new one without editing YAML by hand.

    almanac price show MODEL          each offer of the model and its price history, as a table
    almanac price set MODEL --provider P --input X --output Y --from DATE --source URL
                                      close the current price at DATE and open a new one, in
                                      data/vendors/<vendor>.yaml; comments, order, quoting and
                                      blank lines stay (`almanac/core/data/edit.py`)

Part of the `almanac` command (`cli.py` adds it with `add_parser` and runs it with `run`).
Problems are printed as `path:line: what is wrong — how to fix it` with exit status 1, and no
file is changed; a bad command line exits with 2. Colour only on a terminal (and not with
NO_COLOR); every text of the data is printed with its control characters escaped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

from almanac import command_line as shared

__all__ = ["add_parser", "run"]

SHOW_DESCRIPTION = """\
Print each offer of a model (provider, region, currency, service tier, unit) with its price
history, oldest first: from, to, each rate (a blank cell falls back to input; n/a is not
offered), when it was checked and where. Tiers, off-peak hours, modes and promotions are named
in the last column. The row of the price in force on the build date is marked with `*`.
Exits with 0, or 1 when the model is unknown or data/ has problems.
"""

SHOW_EXAMPLES = """\
example:
  almanac price show gpt-5.4-mini
"""

SET_DESCRIPTION = """\
Give one offer of a model a new price from --from on: the current price is closed at that
date (its `to`) and a new period opens with the rates given, --source and --checked (the
build date unless given); the rates of the current price not given are kept, and named.
History is only added to: --from must come after the current price's start. A current price
with off-peak hours, tiers or modes is followed by flat rates only with --flat.

The file, data/vendors/<vendor>.yaml, keeps its comments, key order, quoting and blank lines:
only the closed period's `to` line changes, and the new period's lines are added. The new file
must pass the build's checks before it replaces the old one, which happens in one step (a
temporary file in the same folder, renamed over it); a file changed by someone else since it
was read is not overwritten. --dry-run prints the change as a diff and writes nothing.

Prices are decimal text in the offer's currency and unit (per million tokens by default);
`null` means not offered. Exits with 0 when written (or shown), 1 for a problem with the
project or the values (nothing written), 2 for a bad command line.
"""

SET_EXAMPLES = """\
examples:
  almanac price set gpt-5.4-mini --provider openai --input 0.6 --output 3.6 --from 2026-12-01 \\
      --source https://developers.openai.com/api/docs/pricing --dry-run
  almanac price set kimi-k2.6 --provider moonshot --region global --input 0.6 --output 2.5 \\
      --cache-read 0.1 --from 2026-12-01T16:00:00Z --source https://platform.kimi.ai/docs/pricing/chat-k26
"""


def add_parser(commands: Any) -> None:
    """Add `price show` and `price set` to the subparsers of the `almanac` command."""
    from almanac.core.data.datasets.fields import RATE_KEYS

    price = commands.add_parser(
        "price",
        help="show an offer's prices, or give it a new one (closes the current one)",
        description="Show the prices of a model's offers, or give one of them a new price "
        "(`almanac price show --help` and `almanac price set --help` say more).",
        epilog="examples:\n  almanac price show gpt-5.4-mini\n"
        "  almanac price set gpt-5.4-mini --provider openai --input 0.6 --output 3.6 --from 2026-12-01 \\\n"
        "      --source https://developers.openai.com/api/docs/pricing --dry-run\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = price.add_subparsers(dest="action", metavar="ACTION", required=True)

    show = actions.add_parser(
        "show",
        help="print each offer of a model and its price history",
        description=SHOW_DESCRIPTION,
        epilog=SHOW_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("model", metavar="MODEL", help="a model's id in data/vendors/*.yaml, such as gpt-4o-mini")
    show.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    show.set_defaults(run=run)

    change = actions.add_parser(
        "set",
        help="close an offer's current price at a date and open a new one",
        description=SET_DESCRIPTION,
        epilog=SET_EXAMPLES
        + "\n"
        + textwrap.fill(
            "other rates, given the same way: "
            + " ".join("--" + key.replace("_", "-") for key in RATE_KEYS if key not in ("input", "output")),
            width=96,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    change.add_argument("model", metavar="MODEL", help="a model's id in data/vendors/*.yaml")
    change.add_argument("--provider", required=True, help="the offer's provider id (data/providers/<id>.yaml)")
    change.add_argument("--region", help="the offer's region, when the provider has several: global, cn …")
    change.add_argument("--currency", help="the offer's currency, when the provider bills in several: USD, CNY …")
    change.add_argument(
        "--tier", dest="service_tier", help="the offer's service tier, when it has several: standard, batch, flex …"
    )
    for key in RATE_KEYS:
        option = "--" + key.replace("_", "-")
        required = key in ("input", "output")
        change.add_argument(
            option,
            dest=f"rate_{key}",
            metavar="PRICE",
            required=required,
            help=f"the {key} rate, such as 0.28 (null: not offered)" if required else argparse.SUPPRESS,
        )
    change.add_argument(
        "--from",
        dest="start",
        required=True,
        metavar="DATE",
        help="when the new price takes effect: YYYY-MM-DD, or a date and time with a zone (2026-12-01T16:00:00Z)",
    )
    change.add_argument("--source", required=True, metavar="URL", help="where the new price is published")
    change.add_argument("--checked", metavar="YYYY-MM-DD", help="when it was read there (default: the build date)")
    change.add_argument("--note", help="anything a reader should know about the new price")
    change.add_argument(
        "--flat",
        action="store_true",
        help="the new price is the same at every hour, request size and mode, where the current one has "
        "off-peak hours, tiers or modes (refused without it)",
    )
    change.add_argument("--dry-run", action="store_true", help="print the change as a diff; write nothing")
    change.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    change.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run `almanac price show` or `almanac price set`; the exit status."""
    from almanac.core.data.edit import NewFileErrors
    from almanac.core.errors import AlmanacError, AlmanacErrors

    name = f"almanac price {args.action}"
    started = shared.open_project(name, Path(args.config_file))
    if started is None:
        return 2
    project, today = started
    try:
        if args.action == "show":
            return _show(project, args.model, today)
        return _set(project, args, today)
    except (AlmanacError, AlmanacErrors) as failed:
        in_new = "in the file as it would be (its lines as --dry-run shows them)"
        return shared.report_problems(
            name, failed, written=args.action != "set", in_new=in_new if isinstance(failed, NewFileErrors) else None
        )


# --- show ----------------------------------------------------------------------------------------


def _show(project: Path, model_id: str, today: dt.date) -> int:
    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.edit import find_model, model_line, offer_tables

    datasets = load_datasets(project, today=today)
    model = find_model(datasets, model_id)
    vendor = datasets.vendors[datasets.vendor_of[model.id]].vendor
    colour = shared.colour(sys.stdout)
    out: list[str] = [
        shared.style(f"{shared.plain(model.name)} ({model.id})", "1", colour)
        + f" · {shared.plain(vendor.name)} · {model_line(datasets, model)}",
    ]
    tables = offer_tables(datasets, model, today=today)
    if not tables:
        out.append("")
        out.append("no offers")
    for table in tables:
        out.append("")
        out.append(shared.style(shared.plain(table.title), "1;36", colour) + f"  {table.where}")
        rows = [("", *table.header), *(("*" if n == table.current else "", *row) for n, row in enumerate(table.rows))]
        cells = [[shared.plain(cell) for cell in row] for row in rows]
        widths = [max(_width(row[c]) for row in cells) for c in range(len(cells[0]))]
        for n, row in enumerate(cells):
            line = "  ".join(cell + " " * (widths[c] - _width(cell)) for c, cell in enumerate(row)).rstrip()
            if n == 0:
                line = shared.style(line, "1", colour)
            elif n - 1 == table.current:
                line = shared.style(line, "32", colour)
            out.append(line)
    print("\n".join(out))
    return 0


# --- set -----------------------------------------------------------------------------------------


def _set(project: Path, args: argparse.Namespace, today: dt.date) -> int:
    from almanac.core.data.datasets.fields import RATE_KEYS
    from almanac.core.data.edit import NewPrice, carried_words, plan_price, unified_diff, write_edit

    rates = {key: getattr(args, f"rate_{key}") for key in RATE_KEYS if getattr(args, f"rate_{key}") is not None}
    price = NewPrice(
        model=args.model,
        provider=args.provider,
        rates=rates,
        start=args.start,
        source=args.source,
        region=args.region,
        currency=args.currency,
        service_tier=args.service_tier,
        checked=args.checked,
        note=args.note,
        flat=args.flat,
    )
    edit = plan_price(project, price, today=today)
    kept = carried_words(edit.carried)
    if args.dry_run:
        shared.print_diff(unified_diff(edit))
        print(f"almanac price set: a dry run, {edit.rel} not written", file=sys.stderr)
    else:
        write_edit(edit)
        print(edit.rel)
        print(f"almanac price set: {shared.plain(edit.offer)}: a new price from {args.start.strip()}", file=sys.stderr)
    if kept:
        print(f"almanac price set: kept from the price before: {', '.join(kept)}", file=sys.stderr)
    return 0


# --- terminal text -------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
