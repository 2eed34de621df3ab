"""The `almanac` command: work on a Model Almanac project without building the site.

    almanac check            run every check of the build (posts, tags, data, blocks, links)
                             without writing the site
    almanac check --mentions also list names in posts that look like a model or a vendor but
                             name nothing in data/ (notes: they leave the exit status alone)
    almanac schema DIR       write the JSON Schema of each kind of data file into DIR
    almanac new "Title"      write a new post, `docs/blog/posts/YYYY-MM-DD-<slug>.md`, with its
                             tags checked against `data/tags.yaml`; prints its path

Errors are printed one per line as `path:line[:column]: what is wrong — how to fix it`, and
the command exits with 1; a clean project exits with 0; a bad command line (or none) with 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from almanac import __version__


class UsageError(Exception):
    """A problem with how the command was called (not with the project's content)."""


def check(config_file: Path, today: str | None = None) -> tuple[list[str], list[str], str]:
    """Every problem of the project and every warning, as printable lines, and the build date
    checked for. Runs the site's build in this process, up to where the build stops with its
    problems (every page converted, nothing written), into a temporary folder: the checks are
    the build's own. The command drives MkDocs through its public API only; the build knows it
    is a check from the `CheckRequest` set around it (see `almanac/core/checking.py`)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from almanac.core.checking import CheckFinished, checking
    from almanac.core.errors import AlmanacError, AlmanacErrors
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
        failed: list[str] = []
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
    return (
        [*failed, *(str(error) for error in AlmanacErrors(problems).errors)],
        [f"warning: {error}" for error in AlmanacErrors(warnings).errors],
        checked,
    )


def mention_notes(config_file: Path, today: str) -> list[str] | None:
    """The names in the posts that look like a model, vendor or provider but name nothing in
    `data/`, as printable notes in file and line order (`core/links/unknown.py` finds them);
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
    notes: list[str] = []
    for _, path in post_sources(Path(config.docs_dir), blog.config.posts_dir):
        shown = path.resolve().relative_to(project).as_posix() if path.resolve().is_relative_to(project) else str(path)
        notes.extend(str(note) for note in finder.find(path.read_text(encoding="utf-8"), path=shown))
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


def _config_problem(message: str, config_name: str) -> str:
    """A problem of `mkdocs.yml` as MkDocs reports it: ours carry their place
    (`Plugin 'almanac/blog' option 'timezone': mkdocs.yml:12: …`); MkDocs' own get the file's name."""
    for part in message.splitlines():
        found = re.search(rf"(?:^|: ){re.escape(config_name)}(?::\d+)?: .*", part)
        if found is not None:
            return found.group(0).removeprefix(": ")
    return f"{config_name}: {message.strip()}"


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
    for line in problems:
        print(line)
    for line in warnings:
        print(line, file=sys.stderr)
    if args.mentions:
        notes = mention_notes(config_file, today) if today else None
        for line in notes or ():
            print(line)
        if notes is None:
            print("almanac check --mentions: names not looked up, data/ does not load", file=sys.stderr)
        else:
            count = f"{len(notes)} name{'s' if len(notes) != 1 else ''}" if notes else "no name"
            print(f"almanac check --mentions: {count} in posts that data/ does not know (notes)", file=sys.stderr)
    elapsed = time.perf_counter() - started
    if problems:
        print(
            f"almanac check: {len(problems)} problem{'s' if len(problems) != 1 else ''} ({elapsed:.2f} s)",
            file=sys.stderr,
        )
        return 1
    note = f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
    print(f"almanac check: posts and data are valid as of {today}{note} ({elapsed:.2f} s)", file=sys.stderr)
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
    from almanac.core.project import BUILD_DATE_VARIABLE, build_time, display_prefix

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
        problems.append(
            AlmanacError("data/tags.yaml", None, "has problems, so no tag can be checked", "run `almanac check`")
        )
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

    # The date: the build's (`build_date`, `ALMANAC_BUILD_DATE`), else today where the blog is.
    timezone = zone(blog.config.timezone)
    pinned = data.config.build_date if data is not None else None
    try:
        today = (
            build_time(pinned).today
            if pinned or os.environ.get(BUILD_DATE_VARIABLE)
            else dt.datetime.now(timezone).date()
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
    date = date or today
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
    if args.draft:
        print("almanac new: a draft: shown in `mkdocs serve`, left out of `mkdocs build`", file=sys.stderr)
    elif date > today:
        print(
            f"almanac new: dated after today ({today}): scheduled, left out of the site until a build "
            f"on or after {date}",
            file=sys.stderr,
        )
    return 0


NEW_DESCRIPTION = """\
Write a new post, docs/blog/posts/YYYY-MM-DD-<slug>.md (the posts folder of almanac/blog
in mkdocs.yml): front matter (title, date, tags, authors) and an opening that ends at
<!-- more -->, the excerpt shown on the blog index. The next build publishes it, unless
--draft. Prints the path of the file.

The slug is the title's (`The End of Relays` gives the-end-of-relays); a title without
one in Latin letters, such as a Chinese one, needs --slug. Tags are checked against
data/tags.yaml as the build checks them, and written as the tag's name there; authors
against docs/blog/.authors.yml. An existing file is never overwritten.

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
        description="Run the site's build up to where it stops with its problems, writing nothing: "
        "front matter, authors, tags, data/, almanac blocks and links. Prints each problem as "
        "path:line: what — how to fix, and exits with 1 if there is any (2 for a bad command line). "
        "With --mentions, also lists names in posts that look like a model, vendor or provider but "
        "match nothing in data/, each with the closest name of the data: these are notes, not "
        "problems, and leave the exit status as the problems set it (0 when there are none).",
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
