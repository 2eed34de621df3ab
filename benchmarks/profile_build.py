"""Where a full build's time goes: CPU time per plugin event and per kind of page, in one process.

Builds one project as ``mkdocs build`` does, in this process, and measures with
``time.process_time`` (this process only: a program the build runs, such as Pagefind's binary,
shows as the wall time of the event that waits for it, and its CPU time and peak RSS are
given apart):

- each plugin's handler of each event, summed over the build (``search.on_page_context``,
  ``almanac/blog.on_page_content`` …);
- each page's two steps, summed per kind of page: reading and converting it (MkDocs'
  ``_populate_page``: the ``pre_page``, ``page_markdown`` and ``page_content`` events and the
  Markdown conversion) and rendering and writing it (``_build_page``: the ``page_context`` event,
  the theme's template, ``post_page`` and the write); a page's events are counted both alone
  and in its step;
- the build's steps outside pages: ``on_config`` … ``on_post_build`` (as above), the site
  folder's cleaning.

The kind of a page is read from its URL: ``post`` (``blog/YYYY/MM/…``, or ``blog/posts/…`` in
the theme's floor of ``run.py``), ``listing`` (the blog's index, pages and archive), ``tag``
(``tags/…``), ``entity`` (``models/``, ``vendors/``, ``providers/``), ``data`` (``prices/``,
``status/``, ``api/``), ``page`` (any other). With ``--time module:name``
(``almanac.mkdocs.data.plugin:DataPlugin._write_feeds``; any number) the CPU time of that
function is given too (patched where it is called from: a function imported by name into
another module is named there). With ``--cprofile FILE`` the same build runs under cProfile
(times inflated) and its statistics are written to FILE for ``pstats``.

    .venv/bin/python benchmarks/profile_build.py /tmp/p1k/a/mkdocs.yml [--cprofile a.prof]
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import functools
import importlib
import os
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_KINDS = (
    ("post", re.compile(r"^blog/(\d{4}/\d{2}/|posts/)")),
    ("listing", re.compile(r"^blog/")),
    ("tag", re.compile(r"^tags/")),
    ("entity", re.compile(r"^(models|vendors|providers)/.+")),
    ("data", re.compile(r"^(models|vendors|providers|prices|status|api)/")),
)


def kind(url: str) -> str:
    """The kind of the page at ``url`` (see the module's docstring)."""
    for name, pattern in _KINDS:
        if pattern.match(url):
            return name
    return "page"


class Clock:
    """CPU seconds and calls per label."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = collections.defaultdict(float)
        self.calls: collections.Counter[str] = collections.Counter()
        self.wall: dict[str, float] = collections.defaultdict(float)

    def wrap(self, label: Callable[..., str], function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)  # keeps Jinja's marks (`pass_context`)
        def timed(*args: Any, **kwargs: Any) -> Any:
            name = label(*args, **kwargs)
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.process_time() - cpu
                self.wall[name] += time.perf_counter() - wall
                self.calls[name] += 1

        return timed


def time_function(clock: Clock, target: str) -> None:
    """Count the CPU time of ``module:name`` (``name`` may be ``Class.method``) in ``clock``."""
    module_name, _, path = target.partition(":")
    owner: Any = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    setattr(owner, name, clock.wrap(lambda *a, **k: target, getattr(owner, name)))


def measure(config_file: Path, site: Path, profile: Path | None, functions: list[str]) -> tuple[Clock, float, float]:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import utils as mkdocs_utils
    from mkdocs.commands import build as build_module
    from mkdocs.config import load_config

    clock = Clock()
    build_module._populate_page = clock.wrap(
        lambda page, *a, **k: f"page {kind(page.url)}: read and convert", build_module._populate_page
    )
    build_module._build_page = clock.wrap(
        lambda page, *a, **k: f"page {kind(page.url)}: render and write", build_module._build_page
    )
    mkdocs_utils.clean_directory = clock.wrap(lambda *a, **k: "clean the site folder", mkdocs_utils.clean_directory)
    for target in functions:
        time_function(clock, target)
    config = load_config(str(config_file), site_dir=str(site))
    plugins = config.plugins
    for event, methods in plugins.events.items():
        for index, method in enumerate(methods):
            owner = getattr(method, "__self__", None)
            name = next((key for key, value in plugins.items() if value is owner), type(owner).__name__)
            plugins.events[event][index] = clock.wrap(lambda *a, _l=f"{name}.on_{event}", **k: _l, method)
    cpu, wall = time.process_time(), time.perf_counter()
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    plugins.on_startup(command="build", dirty=False)
    build_module.build(config)
    plugins.on_shutdown()
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    return clock, time.process_time() - cpu, time.perf_counter() - wall


def report(clock: Clock, cpu: float, wall: float) -> str:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = [
        f"Whole build: {cpu:.2f} s CPU, {wall:.2f} s wall, peak RSS {own.ru_maxrss / 1024:.0f} MiB",
        f"Programs it ran (Pagefind): {children.ru_utime + children.ru_stime:.2f} s CPU, "
        f"peak RSS {children.ru_maxrss / 1024:.0f} MiB (the largest one)",
        "",
        "| CPU s | Wall s | Calls | Step |",
        "|------:|-------:|------:|------|",
    ]
    for name, seconds in sorted(clock.seconds.items(), key=lambda item: -item[1]):
        if seconds >= 0.005:
            lines.append(f"| {seconds:.2f} | {clock.wall[name]:.2f} | {clock.calls[name]:,} | `{name}` |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("config", type=Path, help="the project's mkdocs.yml")
    parser.add_argument("--cprofile", type=Path, help="run under cProfile and write its statistics here")
    parser.add_argument("--time", action="append", default=[], help="module:name of a function to time too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        clock, cpu, wall = measure(args.config.resolve(), Path(folder) / "site", args.cprofile, args.time)
    print(report(clock, cpu, wall))
    return 0


if __name__ == "__main__":
    sys.exit(main())
