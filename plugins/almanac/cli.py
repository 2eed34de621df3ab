"""The `almanac` command: work on a Model Almanac project without building the site.

    almanac check            run every check of the build (posts, tags, data, blocks, links)
                             without writing the site
    almanac check --mentions also list names in posts that look like a model or a vendor but
                             name nothing in data/ (notes: they leave the exit status alone)
    almanac check --format github|json
                             the same, as GitHub workflow annotations or as one JSON document
    almanac schema DIR       write the JSON Schema of each kind of data file into DIR
    almanac new "Title"      write a new post, `docs/blog/posts/YYYY-MM-DD-<slug>.md`, with its
                             tags checked against `data/tags.yaml`; prints its path
    almanac price show|set   a model's prices; a new price for one of its offers (`price_command.py`)
    almanac incident open|update|resolve PROVIDER …
                             a provider's incidents (`incident_command.py`)
    almanac import FORMAT FILE
                             merge a public price dataset into data/vendors/*.yaml (`import_command.py`)
    almanac probe [--provider ID] [--dry-run]
                             probe the providers' APIs, fold the results into data/status/ (`probe_command.py`)

Errors are printed one per line as `path:line[:column]: what is wrong — how to fix it`, and
the command exits with 1; a clean project exits with 0; a bad command line (or none) with 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from almanac import __version__, import_command, incident_command, price_command, probe_command

if TYPE_CHECKING:
    from almanac.core.errors import AlmanacError


class UsageError(Exception):
    """A problem with how the command was called (not with the project's content)."""


def check(config_file: Path, today: str | None = None) -> tuple[list[AlmanacError], list[AlmanacError], str]:
    """Every problem of the project and every warning (each at its place, the path relative to
    the folder of `mkdocs.yml`), and the build date checked for ("" when `mkdocs.yml` does not
    load). Runs the site's build in this process, up to where the build stops with its
    problems (every page converted, nothing written), into a temporary folder: the checks are
    the build's own. The command drives MkDocs through its public API only; the build knows it
    is a check from the `CheckRequest` set around it (see `almanac/core/checking.py`)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from almanac.core.checking import CheckFinished, checking
    from almanac.core.errors import AlmanacErrors
    from almanac.core.project import BUILD_DATE_VARIABLE, build_time

    # MkDocs' messages are not printed: its warnings and errors come back as problems.
    logger = logging.getLogger("mkdocs")
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    loading = _Lines()
    with tempfile.TemporaryDirectory(prefix="almanac-check-") as site:
        logger.addHandler(loading)
        try:
            config = load_config(str(config_file), site_dir=site)
        except (Abort, ConfigurationError) as error:
            lines = loading.lines or [str(error)]
            return [_config_problem(line, config_file.name) for line in lines], [], today or ""
        finally:
            logger.removeHandler(loading)
        data = config.plugins.get("almanac/data")
        if today is not None:
            if data is not None:
                data.config["build_date"] = today
            os.environ[BUILD_DATE_VARIABLE] = today
        try:
            checked = build_time(data.config.build_date if data is not None else None).today.isoformat()
        except ValueError as error:  # `ALMANAC_BUILD_DATE` (the option is checked with `mkdocs.yml`)
            raise UsageError(str(error)) from None
        problems: list[AlmanacError] = []
        warnings: list[AlmanacError] = []
        failed: list[AlmanacError] = []
        building = _Lines()  # MkDocs' messages: the problems of a build no almanac plugin took part in
        logger.addHandler(building)
        config.plugins.on_startup(command="build", dirty=False)
        with checking() as request:
            try:
                build(config)
            except CheckFinished as finished:
                problems, warnings = finished.problems, finished.warnings
            except Abort as error:
                problems, warnings = request.problems, request.warnings
                if not request.reported:
                    failed = [_config_problem(line, config_file.name) for line in building.lines or [str(error)]]
            finally:
                logger.removeHandler(building)
                config.plugins.on_shutdown()
    return [*failed, *AlmanacErrors(problems).errors], AlmanacErrors(warnings).errors, checked


def mention_notes(config_file: Path, today: str) -> list[AlmanacError] | None:
    """The names in the posts that look like a model, vendor or provider but name nothing in
    `data/`, as notes in file and line order (`core/links/unknown.py` finds them);
    `None` when `data/` has problems (`check` reports them). Runs after `check`, which has
    loaded `mkdocs.yml` once already and muted MkDocs' messages."""
    from mkdocs.config import load_config

    from almanac.core.blog.posts import post_sources
    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.entities import data_entities
    from almanac.core.errors import AlmanacErrors
    from almanac.core.links.unknown import UnknownNames

    config = load_config(str(config_file))
    project = config_file.resolve().parent
    blog = config.plugins.get("almanac/blog")
    if blog is None or not blog.config.enabled:
        return []
    try:
        datasets = load_datasets(project, today=dt.date.fromisoformat(today))
    except AlmanacErrors:
        return None
    finder = UnknownNames(data_entities(datasets))
    notes: list[AlmanacError] = []
    for _, path in post_sources(Path(config.docs_dir), blog.config.posts_dir):
        shown = path.resolve().relative_to(project).as_posix() if path.resolve().is_relative_to(project) else str(path)
        notes.extend(finder.find(path.read_text(encoding="utf-8"), path=shown))
    return notes


class _Lines(logging.Handler):
    """The warnings and errors MkDocs logs while it loads `mkdocs.yml` or builds, as it logs
    them (so, not printed). Runs no filter: the build's run sets one on the handlers it finds,
    to show its own problems in the console as it reports them; a check has no console."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def handle(self, record: logging.LogRecord) -> bool:
        if record.levelno >= self.level:
            self.emit(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _config_problem(message: str, config_name: str) -> AlmanacError:
    """A problem of `mkdocs.yml` as MkDocs reports it, a line of text: ours carry their place
    (`Plugin 'almanac/blog' option 'timezone': mkdocs.yml:12: … — …`), kept with the text from
    there on (what is wrong, then how to fix it after the first ` — `); MkDocs' own get the
    file's name and no line."""
    from almanac.core.errors import AlmanacError

    for part in message.splitlines():
        found = re.search(rf"(?:^|: ){re.escape(config_name)}(?::(\d+)(?::(\d+))?)?: (.*)", part)
        if found is not None:
            line, column, text = found.groups()
            what, _, how = text.partition(" — ")
            return AlmanacError(
                config_name,
                int(line) if line else None,
                what if how else text,
                how or None,
                int(column) if column and line else None,
            )
    return AlmanacError(config_name, None, message.strip())


#: How `almanac check` writes what it found: `text` for people (and editors, which jump to
#: `path:line`), `github` as workflow commands (annotations on the lines of a pull request),
#: `json` as one document for other programs.
CHECK_FORMATS = ("text", "github", "json")

_BOLD, _RED, _GREEN, _YELLOW = "1", "1;31", "1;32", "1;33"


class _Stream:
    """A standard stream that colours what it is given only when it is a terminal and `NO_COLOR`
    is not set (to anything but "", as no-color.org asks) nor `TERM=dumb`: piped, the text is
    exactly the same without the colours."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.coloured = not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb" and _is_terminal(stream)

    def paint(self, text: str, style: str) -> str:
        return f"\033[{style}m{text}\033[0m" if self.coloured and text else text

    def print(self, text: str) -> None:
        print(text, file=self.stream)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced by an object without one, or closed
        return False


def _place(error: AlmanacError) -> str:
    """`path:line:column`, as far as the error knows it: how its text begins."""
    if error.line is None:
        return error.path
    return f"{error.path}:{error.line}" + (f":{error.column}" if error.column is not None else "")


def _what(error: AlmanacError) -> str:
    """What is wrong and how to fix it: the error's text after its place."""
    return error.format()[len(_place(error)) + 2 :]


def _painted(error: AlmanacError, stream: _Stream, prefix: str = "") -> str:
    """An error's line of text, its place in bold (and a prefix such as `warning: `, in yellow)."""
    return stream.paint(prefix, _YELLOW) + stream.paint(_place(error) + ":", _BOLD) + " " + _what(error)


def _workflow_data(text: str) -> str:
    """Text escaped as the message of a GitHub workflow command (after its `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _workflow_property(text: str) -> str:
    """Text escaped as the value of a property of a GitHub workflow command (`file=…,line=…`)."""
    return _workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(command: str, error: AlmanacError, title: str, project: Path) -> str:
    """`error` as the workflow command `command` (`error`, `warning` or `notice`), which GitHub
    shows on its line of the file in a pull request and in the run's summary. The file is named
    from the working folder, the repository's root in a workflow (the folder of `mkdocs.yml` is
    `project`); an error without a line annotates the whole file."""
    try:
        path = Path(os.path.relpath(project / error.path))
    except ValueError:  # on another drive (Windows)
        path = Path("..")
    shown = error.path if path.parts[:1] == ("..",) else path.as_posix()
    properties = [f"file={_workflow_property(shown)}"]
    if error.line is not None:
        properties.append(f"line={error.line}")
        if error.column is not None:
            properties.append(f"col={error.column}")
    properties.append(f"title={_workflow_property(title)}")
    return f"::{command} {','.join(properties)}::{_workflow_data(_what(error))}"


#: Annotations of each kind (error, warning, notice) GitHub shows for a step; the log has the rest.
GITHUB_ANNOTATIONS_PER_STEP = 10


def github_annotations(
    problems: list[AlmanacError], warnings: list[AlmanacError], notes: list[AlmanacError] | None, project: Path
) -> list[str]:
    """What `almanac check --format github` prints: the problems as errors, the warnings and the
    notes. GitHub makes annotations of the first 10 of each kind in a step only: past that, a
    notice first says how many there are and that the step's log lists them all."""
    lines = []
    counts = {"problem": len(problems), "warning": len(warnings), "note": len(notes or ())}
    if any(count > GITHUB_ANNOTATIONS_PER_STEP for count in counts.values()):
        found = ", ".join(f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in counts.items() if count)
        lines.append(
            f"::notice title=almanac check::{found}: GitHub shows the first {GITHUB_ANNOTATIONS_PER_STEP} of "
            "each kind at their lines, and the log of this step lists every one"
        )
    lines.extend(github_annotation("error", error, "almanac check", project) for error in problems)
    lines.extend(github_annotation("warning", error, "almanac check", project) for error in warnings)
    lines.extend(github_annotation("notice", note, "almanac check --mentions", project) for note in notes or ())
    return lines


def check_document(
    problems: list[AlmanacError],
    warnings: list[AlmanacError],
    notes: list[AlmanacError] | None,
    today: str,
    *,
    mentions: bool,
) -> str:
    """What `almanac check --format json` prints: one JSON document. `notes` (with `--mentions`)
    is null when they were not looked up (`data/` does not load)."""

    def entry(error: AlmanacError) -> dict[str, object]:
        return {
            "path": error.path,
            "line": error.line,
            "column": error.column,
            "message": error.message,
            "hint": error.hint or None,
        }

    document: dict[str, object] = {
        "problems": [entry(error) for error in problems],
        "warnings": [entry(error) for error in warnings],
    }
    if mentions:
        document["notes"] = None if notes is None else [entry(note) for note in notes]
    document["ok"] = not problems
    document["today"] = today or None
    return json.dumps(document, ensure_ascii=False, indent=2)


def run_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config_file = Path(args.config_file)
    if not config_file.is_file():
        raise UsageError(f"{config_file}: no such file — run almanac in the folder of mkdocs.yml or pass -f")
    if args.today is not None:
        try:
            dt.date.fromisoformat(args.today)
        except ValueError:
            raise UsageError(f"--today {args.today!r} is not a date — write it as YYYY-MM-DD") from None
    problems, warnings, today = check(config_file, args.today)
    notes = mention_notes(config_file, today) if args.mentions and today else None
    if args.format == "json":
        print(check_document(problems, warnings, notes, today, mentions=args.mentions))
        return 1 if problems else 0

    out, err = _Stream(sys.stdout), _Stream(sys.stderr)
    if args.format == "github":
        for line in github_annotations(problems, warnings, notes, config_file.resolve().parent):
            out.print(line)
    else:
        for error in problems:
            out.print(_painted(error, out))
        for error in warnings:
            err.print(_painted(error, err, "warning: "))
        for mention in notes or ():
            out.print(_painted(mention, out))
    if args.mentions:
        if notes is None:
            err.print("almanac check --mentions: names not looked up, data/ does not load")
        else:
            count = f"{len(notes)} name{'s' if len(notes) != 1 else ''}" if notes else "no name"
            err.print(f"almanac check --mentions: {count} in posts that data/ does not know (notes)")
    elapsed = time.perf_counter() - started
    if problems:
        summary = f"almanac check: {len(problems)} problem{'s' if len(problems) != 1 else ''}"
        err.print(f"{err.paint(summary, _RED)} ({elapsed:.2f} s)")
        return 1
    note = f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
    valid = f"almanac check: posts and data are valid as of {today}"
    out.print(f"{out.paint(valid, _GREEN)}{note} ({elapsed:.2f} s)")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from almanac.core.data.datasets import export_schemas

    for path in export_schemas(Path(args.directory)):
        print(path)
    return 0


def run_new(args: argparse.Namespace) -> int:
    """Write a new post (see `almanac/core/blog/new_post.py`): the command line is checked
    first (exit 2), then the project's tags and authors (exit 1, nothing written)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from almanac.core.blog import new_post
    from almanac.core.blog.posts import load_authors, zone
    from almanac.core.data.datasets.loader import load_tags, tags_vocabulary
    from almanac.core.errors import AlmanacError, AlmanacErrors
    from almanac.core.project import build_time, display_prefix

    try:
        title = new_post.check_title(args.title)
        date = new_post.check_date(args.date) if args.date is not None else None
        slug = new_post.post_slug(title, args.slug)
    except ValueError as error:
        raise UsageError(str(error)) from None
    config_file = Path(args.config_file)
    if not config_file.is_file():
        raise UsageError(f"{config_file}: no such file — run almanac in the folder of mkdocs.yml or pass -f")

    logger = logging.getLogger("mkdocs")
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    loading = _Lines()
    logger.addHandler(loading)
    try:
        config = load_config(str(config_file))
    except (Abort, ConfigurationError) as error:
        for line in loading.lines or [str(error)]:
            print(_config_problem(line, config_file.name))
        return 1
    finally:
        logger.removeHandler(loading)
    blog = config.plugins.get("almanac/blog")
    if blog is None or not blog.config.enabled:
        print(
            f"{config_file.name}: the almanac/blog plugin is not on, so there is no blog to add a post to "
            "— list `- almanac/blog` under `plugins:`"
        )
        return 1
    project = config_file.resolve().parent
    docs = Path(config.docs_dir)
    prefix = display_prefix(docs, project)
    problems: list[AlmanacError] = []

    # The tags, as the build checks them: against `data/tags.yaml` when `almanac/data` is on.
    data = config.plugins.get("almanac/data")
    written = new_post.split_list(args.tags)
    loaded = load_tags(project) if data is not None and data.config.enabled and written else ((), None)
    tags: list[str] = []
    if loaded is None:
        problems.extend(_tags_file_problems(project))
    else:
        tags, found = new_post.check_tags(written, tags_vocabulary(*loaded))
        problems.extend(found)
    authors = new_post.split_list(args.author)
    if authors:
        authors_file = prefix + blog.config.authors_file
        try:
            known = load_authors(docs / blog.config.authors_file, authors_file)
        except AlmanacError as error:
            problems.append(error)
        except AlmanacErrors as errors:
            problems.extend(errors.errors)
        else:
            problems.extend(new_post.check_authors(authors, known, authors_file))
    if problems:
        for problem in problems:
            print(problem)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        print(f"almanac new: {count}, no post written", file=sys.stderr)
        return 1

    # The date: the build's (`build_date`, `ALMANAC_BUILD_DATE`), else today where the blog is;
    # scheduled as the build will (see `new_post.post_date`).
    timezone = zone(blog.config.timezone)
    try:
        time = build_time(data.config.build_date if data is not None else None)
    except ValueError as error:
        raise UsageError(str(error)) from None
    date, said = new_post.post_date(
        date,
        now=time.posts_until(timezone),
        timezone=timezone,
        zone_name=blog.config.timezone,
        pinned=(time.pinned, time.today) if time.pinned is not None else None,
    )
    name = new_post.file_name(date, slug)
    posts_dir = blog.config.posts_dir.strip("/")
    text = new_post.post_text(title, date, tags=tags, authors=authors, draft=args.draft)
    try:
        path = new_post.write_post(docs / posts_dir, name, text, shown=f"{prefix}{posts_dir}/{name}")
    except AlmanacError as error:
        print(error)
        print("almanac new: no post written", file=sys.stderr)
        return 1
    print(os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd().resolve()) else path)
    for line in said[:1] if args.draft else said:
        print(f"almanac new: {line}", file=sys.stderr)
    if args.draft:
        print("almanac new: a draft: shown in `mkdocs serve`, left out of `mkdocs build`", file=sys.stderr)
    return 0


def _tags_file_problems(project: Path) -> list[AlmanacError]:
    """The problems of `data/tags.yaml`, which `load_tags` found but does not give: the data
    loader's own, each at its line, as the build reports them (its other files' are left to
    `almanac check`). The rules of that file do not depend on the day it is checked on."""
    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.datasets.loader import DATA_DIR
    from almanac.core.errors import AlmanacError, AlmanacErrors

    tags_file = f"{DATA_DIR}/tags.yaml"
    try:
        load_datasets(project, today=dt.datetime.now(dt.UTC).date())
    except AlmanacErrors as errors:
        found = [error for error in errors.errors if error.path == tags_file]
        if found:
            return found
    return [AlmanacError(tags_file, None, "has problems, so no tag can be checked", "run `almanac check`")]


CHECK_DESCRIPTION = """\
Run the site's build up to where it stops with its problems, writing nothing: front
matter, authors, tags, data/, almanac blocks and links. Every problem is listed at once.

--format text (the default) prints each problem as `path:line: what — how to fix` on
standard output, warnings on standard error, then a summary line; in colour on a
terminal (never when piped, or when NO_COLOR is set). --format github prints each
problem as a GitHub workflow command (::error file=…,line=…::…), warnings as ::warning,
so that they show on their line of a pull request. --format json prints one document:
{"problems": [{"path", "line", "column", "message", "hint"}], "warnings": […], "ok",
"today"}. Paths are relative to the folder of mkdocs.yml (github: to the current one).

With --mentions, also lists names in posts that look like a model, vendor or provider
but match nothing in data/, each with the closest name of the data: notes (::notice,
json "notes"), not problems.

Exits with 0 when there is no problem (warnings and notes leave it at 0), 1 when there
is any, 2 for a bad command line.
"""

CHECK_EXAMPLES = """\
examples:
  almanac check
  almanac check --today 2026-12-31 --mentions
  almanac check --format github              # in a GitHub workflow, before the build
  almanac check --format json | jq -r '.problems[].path' | sort -u
"""

NEW_DESCRIPTION = """\
Write a new post, docs/blog/posts/YYYY-MM-DD-<slug>.md (the posts folder of almanac/blog
in mkdocs.yml): front matter (title, date, tags, authors) and an opening that ends at
<!-- more -->, the excerpt shown on the blog index. The next build publishes it, unless
--draft. Prints the path of the file.

The slug is the title's (`The End of Relays` gives the-end-of-relays); a title without
one in Latin letters, such as a Chinese one, needs --slug. Tags are checked against
data/tags.yaml as the build checks them, and written as the tag's name there; authors
against docs/blog/.authors.yml. An existing file is never overwritten.

The date is --date, else the build's date when it is pinned (build_date of almanac/data,
ALMANAC_BUILD_DATE), else today in the blog's time zone (timezone of almanac/blog), which
is a day off the UTC date `almanac check` names for part of the day; standard error says
which, and whether the post is scheduled (dated after the build's day: left out until then).

Exits with 0 when the post is written, 1 for a problem with the project (an unknown tag
or author, a file of that name), 2 for a bad command line.
"""

NEW_EXAMPLES = """\
examples:
  almanac new "The end of cheap API relays" --tags "API gateway,pricing" --author lin
  almanac new "大模型价格战" --slug model-price-war --tags 大模型,价格 --date 2026-03-30
  $EDITOR "$(almanac new "What we write next" --draft)"
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="almanac",
        description="Model Almanac: a blog and knowledge base about large models, built with MkDocs.",
    )
    parser.add_argument("--version", action="version", version=f"almanac {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check_parser = commands.add_parser(
        "check",
        help="run every check of the build (posts, tags, data, blocks, links) without writing the site",
        description=CHECK_DESCRIPTION,
        epilog=CHECK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    check_parser.add_argument(
        "--today", metavar="YYYY-MM-DD", help="check as of this date (default: today, or ALMANAC_BUILD_DATE)"
    )
    check_parser.add_argument(
        "--mentions",
        action="store_true",
        help="also list names in posts that look like a model, vendor or provider but match nothing in "
        "data/ (GPT-4o, Deepseek, 通义千闻), with the closest name; notes only: the exit status stays 0 "
        "unless there are problems",
    )
    check_parser.add_argument(
        "--format",
        choices=CHECK_FORMATS,
        default="text",
        help="text: one line per problem (default); github: workflow annotations; json: one document",
    )
    check_parser.set_defaults(run=run_check)

    schema_parser = commands.add_parser(
        "schema",
        help="write the JSON Schema of each kind of data file into a folder",
        description="Write tags, vendor, provider, incidents, status and fx .schema.json files.",
    )
    schema_parser.add_argument("directory", help="folder to write the schemas into (created if missing)")
    schema_parser.set_defaults(run=run_schema)

    new_parser = commands.add_parser(
        "new",
        help="write a new post, docs/blog/posts/YYYY-MM-DD-<slug>.md, and print its path",
        description=NEW_DESCRIPTION,
        epilog=NEW_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new_parser.add_argument("title", help="the post's title, in quotes")
    new_parser.add_argument(
        "--tags", action="append", default=[], metavar="A,B", help="tags of data/tags.yaml, or their aliases"
    )
    new_parser.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="ID",
        help="an author id of docs/blog/.authors.yml (repeatable)",
    )
    new_parser.add_argument("--date", metavar="YYYY-MM-DD", help="the post's date (default: today)")
    new_parser.add_argument("--slug", help="the last part of the URL and file name (default: the title's)")
    new_parser.add_argument(
        "--draft", action="store_true", help="write `draft: true`: shown in mkdocs serve, left out of the site"
    )
    new_parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    new_parser.set_defaults(run=run_new)

    price_command.add_parser(commands)
    incident_command.add_parser(commands)
    import_command.add_parser(commands)
    probe_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.run(args)
    except UsageError as error:
        print(f"almanac {args.command}: {error}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
