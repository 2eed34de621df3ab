# What the subcommands that edit `data/` share (`almanac price`, `import`, `incident`): the project
# and build date a command works on, its problems reported as `almanac check` reports them, and
# text of the data made safe for a terminal.

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import TextIO

from almanac.core.errors import AlmanacError, AlmanacErrors

__all__ = ["build_date", "colour", "open_project", "plain", "print_diff", "report_problems", "style"]

#: The colour of a line of a unified diff, by how it begins.
_DIFF_COLOURS = {"---": "1", "+++": "1", "+": "32", "-": "31"}


def open_project(name: str, config_file: Path) -> tuple[Path, dt.date] | None:
    """The folder of `config_file` and the build's date; `None`, once a usage error is printed
    (the command exits 2), when there is no such file or the date is not one."""
    if not config_file.is_file():
        print(
            f"{name}: {config_file}: no such file — run almanac in the folder of mkdocs.yml or pass -f", file=sys.stderr
        )
        return None
    try:
        today = build_date(config_file)
    except ValueError as error:
        print(f"{name}: {error}", file=sys.stderr)
        return None
    return config_file.resolve().parent, today


def report_problems(name: str, failed: AlmanacError | AlmanacErrors, *, written: bool, in_new: str | None) -> int:
    """Print each problem on standard output, then how many on standard error (`in_new`: where they
    are, when they are in files as the command would write them); the exit status, 1."""
    problems = failed.errors if isinstance(failed, AlmanacErrors) else [failed]
    for problem in problems:
        print(plain(str(problem)))
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    if in_new is not None:
        count += f" {in_new}"
    print(f"{name}: {count}{'' if written else ', nothing written'}", file=sys.stderr)
    return 1


def build_date(config_file: Path) -> dt.date:
    """The build's date, as `almanac check` takes it: `build_date` of almanac/data in mkdocs.yml,
    else ALMANAC_BUILD_DATE, else today (UTC). A mkdocs.yml that does not load leaves the option out."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from almanac.core.project import build_time

    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL)
    logger.propagate = False
    option = None
    try:
        config = load_config(str(config_file))
        data = config.plugins.get("almanac/data")
        option = data.config.build_date if data is not None else None
    except (Abort, ConfigurationError):
        pass  # `almanac check` reports it; the data does not depend on it
    finally:
        logger.setLevel(level)
        logger.propagate = propagate
    return build_time(option).today


def colour(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def style(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def plain(text: str) -> str:
    """`text` with its control and other unprintable characters escaped (`\\x1b`), so that a
    text of the data cannot move the cursor or change the colours of a terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def print_diff(diff: str) -> None:
    """Print a unified diff (what `--dry-run` shows), its lines coloured on a terminal and the text
    of the data made safe for it."""
    painted = colour(sys.stdout)
    for line in diff.splitlines():
        code = _DIFF_COLOURS.get(line[:3] if line.startswith(("---", "+++")) else line[:1], "")
        print(style(plain(line), code, painted) if code else plain(line))
