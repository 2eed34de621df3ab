"""The `almanac` command: work on a Model Almanac project without building the site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from almanac import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="almanac",
        description="Model Almanac: a blog and knowledge base about large models, built with MkDocs.",
    )
    parser.add_argument("--version", action="version", version=f"almanac {__version__}")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
