"""`mkdocs build` that reports the CPU time it spent, and how much of it went to the data.

    python benchmarks/timed_build.py build -q -f site/mkdocs.yml -d site/out

Runs MkDocs' command line in this process, then writes one line to standard error:

    almanac-benchmark cpu 9.43 data 0.61

- `cpu`: CPU seconds (user and system) of the build.
- `data`: of those, the seconds spent in the events of `almanac/data` and in MkDocs' reading
  and writing of the pages it generates (a lower bound of what the data costs the build: the
  longer navigation and search index of every page are not in it).

Measured in one run, `data` and `cpu` see the same speed of the machine: their ratio holds
still where the machine's speed does not.
"""

from __future__ import annotations

import atexit
import functools
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

MARK = "almanac-benchmark"

_spent = {"data": 0.0}
_inside = [0]


def _counted(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, its CPU time added to the data's (once, when such calls nest)."""

    @functools.wraps(function)  # keeps MkDocs' event priority, set on the function
    def counted(*args: Any, **kwargs: Any) -> Any:
        if _inside[0]:
            return function(*args, **kwargs)
        _inside[0] += 1
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            _spent["data"] += time.process_time() - start
            _inside[0] -= 1

    return counted


def _count_the_data() -> None:
    import mkdocs.commands.build as build

    from almanac.mkdocs.data.plugin import DataPlugin

    plugins: list[DataPlugin] = []
    original_init = DataPlugin.__init__

    def init(self: DataPlugin) -> None:
        original_init(self)
        plugins.append(self)

    DataPlugin.__init__ = init  # type: ignore[method-assign]
    for name in dir(DataPlugin):
        if name.startswith("on_"):
            setattr(DataPlugin, name, _counted(getattr(DataPlugin, name)))

    def generated(page: Any) -> bool:
        return any(page.file.src_uri in plugin.pages for plugin in plugins)

    for name in ("_populate_page", "_build_page"):
        original = getattr(build, name)

        def step(page: Any, *args: Any, _original: Callable[..., Any] = original, **kwargs: Any) -> Any:
            if generated(page):
                return _counted(_original)(page, *args, **kwargs)
            return _original(page, *args, **kwargs)

        setattr(build, name, step)


def _report() -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    sys.stderr.write(f"{MARK} cpu {cpu:.3f} data {_spent['data']:.3f}\n")


def main() -> None:
    config = sys.argv[sys.argv.index("-f") + 1] if "-f" in sys.argv else "mkdocs.yml"
    with open(config, encoding="utf-8") as file:
        if "almanac/data" in file.read():
            _count_the_data()
    atexit.register(_report)
    from mkdocs.__main__ import cli

    sys.argv = ["mkdocs", *sys.argv[1:]]
    cli()


if __name__ == "__main__":
    main()
