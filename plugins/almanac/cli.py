"""The `almanac` command: work on a Model Almanac project without building the site.

    almanac check            check every post's front matter and every file of data/
    almanac schema DIR       write the JSON Schema of each kind of data file into DIR

Errors are printed one per line as `path:line[:column]: what is wrong — how to fix it`, and
the command exits with 1; a clean project exits with 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from almanac import __version__


@dataclass(frozen=True)
class ProjectSettings:
    """What `almanac check` needs from `mkdocs.yml`: folders and the blog's options."""

    root: Path
    docs_dir: Path
    posts_dir: str
    authors_file: str
    timezone: str
    blog_dir: str
    post_url_format: str
    build_date: str | None


class UsageError(Exception):
    """A problem with how the command was called (not with the project's content)."""


def read_settings(config_file: Path) -> ProjectSettings:
    """Read `mkdocs.yml` the way MkDocs does (so `!ENV` and defaults behave the same)."""
    if not config_file.is_file():
        raise UsageError(f"{config_file}: no such file — run almanac in the folder of mkdocs.yml or pass -f")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        config = load_config(str(config_file))
    except ConfigurationError as error:
        raise UsageError(f"{config_file}: {error}") from None
    blog = config.plugins.get("almanac/blog")
    data = config.plugins.get("almanac/data")
    blog_options = blog.config if blog is not None else None
    return ProjectSettings(
        root=config_file.resolve().parent,
        docs_dir=Path(config.docs_dir),
        posts_dir=blog_options.posts_dir if blog_options else "blog/posts",
        authors_file=blog_options.authors_file if blog_options else "blog/.authors.yml",
        timezone=blog_options.timezone if blog_options else "UTC",
        blog_dir=blog_options.blog_dir if blog_options else "blog",
        post_url_format=blog_options.post_url_format if blog_options else "blog/{year}/{month}/{day}/{slug}/",
        build_date=data.config.build_date if data is not None else None,
    )


def check(settings: ProjectSettings, today: dt.date) -> tuple[list[str], list[str]]:
    """Every problem of the project, and every warning, as printable lines."""
    from almanac.core.blog import build_blog
    from almanac.core.datasets import load_datasets
    from almanac.core.errors import AlmanacError, AlmanacErrors
    from almanac.core.posts import zone
    from almanac.core.project import data_vocabulary, display_prefix, read_blog, unused_tag_warnings

    problems: list[AlmanacError] = []
    warnings: list[AlmanacError] = []
    datasets = None
    try:
        datasets = load_datasets(settings.root, today=today)
    except AlmanacErrors as errors:
        problems.extend(errors.errors)
    try:
        sources = read_blog(
            settings.docs_dir,
            docs_prefix=display_prefix(settings.docs_dir, settings.root),
            posts_dir=settings.posts_dir,
            authors_file=settings.authors_file,
            timezone=zone(settings.timezone),
            # With a broken data/tags.yaml, tags are not checked (its errors are listed).
            tags=(lambda: data_vocabulary(datasets)) if datasets is not None else None,
        )
        build_blog(
            [post for post in sources.posts if not post.draft],
            blog_url=settings.blog_dir.strip("/") + "/",
            url_pattern=settings.post_url_format,
            per_page=10,
        )
        if datasets is not None and datasets.tags:
            warnings.extend(unused_tag_warnings(sources))
    except AlmanacErrors as errors:
        problems.extend(errors.errors)
    except AlmanacError as error:
        problems.append(error)
    return (
        [str(error) for error in AlmanacErrors(problems).errors],
        [f"warning: {error}" for error in AlmanacErrors(warnings).errors],
    )


def _today(option: str | None, settings: ProjectSettings) -> dt.date:
    text = option or settings.build_date or os.environ.get("ALMANAC_BUILD_DATE")
    if not text:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--today {text!r} is not a date — write it as YYYY-MM-DD") from None


def run_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings = read_settings(Path(args.config_file))
    today = _today(args.today, settings)
    problems, warnings = check(settings, today)
    for line in problems:
        print(line)
    for line in warnings:
        print(line, file=sys.stderr)
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
    from almanac.core.datasets import export_schemas

    for path in export_schemas(Path(args.directory)):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="almanac",
        description="Model Almanac: a blog and knowledge base about large models, built with MkDocs.",
    )
    parser.add_argument("--version", action="version", version=f"almanac {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check_parser = commands.add_parser(
        "check",
        help="check posts' front matter and every file of data/ without building the site",
        description="Check every post's front matter and every file of data/. Prints each problem "
        "as path:line: what — how to fix, and exits with 1 if there is any.",
    )
    check_parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    check_parser.add_argument(
        "--today", metavar="YYYY-MM-DD", help="check as of this date (default: today, or ALMANAC_BUILD_DATE)"
    )
    check_parser.set_defaults(run=run_check)

    schema_parser = commands.add_parser(
        "schema",
        help="write the JSON Schema of each kind of data file into a folder",
        description="Write tags, vendor, provider, incidents, status and fx .schema.json files.",
    )
    schema_parser.add_argument("directory", help="folder to write the schemas into (created if missing)")
    schema_parser.set_defaults(run=run_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        code: int = args.run(args)
    except UsageError as error:
        print(f"almanac {args.command}: {error}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
