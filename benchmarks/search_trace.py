"""What holds the first search results back: one site (built by ``search.py --keep``, the Pagefind
variant ``site-c``) opened in Debian's Chromium as ``search.py`` opens it (the query typed at the load
event), with and without Material's ``navigation.instant``, in turns.

For each visit: seconds from the load event to the first result drawn. With ``--trace``, the last
visit of each kind also prints, in milliseconds from the load event, the search's requests (the
sitemap, the worker, Pagefind's files) and the messages between the page and the search worker
(``SETUP`` 0, ``READY`` 1, ``QUERY`` 2, ``RESULT`` 3), and where the page's main thread spent its time
(a CPU profile: the functions with the most time of their own). "Without" serves the same home page
with ``navigation.instant`` taken out of the features of its configuration as it is sent: nothing is
rebuilt.

    .venv/bin/python benchmarks/search.py --posts 3000 --builds 1 --runs 1 --keep /tmp/s3k
    .venv/bin/python benchmarks/search_trace.py /tmp/s3k/3000/site-c --runs 6 --trace
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browsing import CHROMIUM_ARGS, DESKTOP, serve
from playwright.sync_api import Browser, Route, sync_playwright
from run import _positive
from search import _TYPE_AT_LOAD, CHROMIUM, QUERIES

# Each message between the page and a worker, marked as it is sent or received.
_MESSAGES = """
const send = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message) {
  window.__mark("page sends " + (message && message.type));
  return send.apply(this, arguments);
};
const listen = Worker.prototype.addEventListener;
Worker.prototype.addEventListener = function (type, handler, options) {
  if (type === "message") {
    const inner = handler;
    handler = function (event) {
      window.__mark("page receives " + (event.data && event.data.type));
      return inner.apply(this, arguments);
    };
  }
  return listen.call(this, type, handler, options);
};
"""
_MARKED = ("sitemap.xml", "search", "pagefind")


def _without_instant(route: Route) -> None:
    response = route.fetch()
    body = response.text().replace('"navigation.instant", ', "").replace(', "navigation.instant"', "")
    route.fulfill(response=response, body=body)


def visit(browser: Browser, base: str, query: str, *, instant: bool, trace: bool) -> float:
    """Seconds from the load event to the first result; with ``trace``, what happened meanwhile."""
    context = browser.new_context(viewport=DESKTOP)
    if not instant:  # the home page, the one opened
        context.route(base, _without_instant)
    events: list[tuple[float, str]] = []
    context.expose_binding("__mark", lambda _source, what: events.append((time.monotonic(), what)))
    context.add_init_script(_MESSAGES)
    marked = _TYPE_AT_LOAD.replace("QUERY", json.dumps(query)).replace(
        'window.addEventListener("load", () => {', 'window.addEventListener("load", () => { window.__mark("load");'
    )
    context.add_init_script(marked)
    for event in ("request", "requestfinished"):
        context.on(event, lambda request, event=event: events.append((time.monotonic(), f"{event} {request.url}")))
    page = context.new_page()
    session = context.new_cdp_session(page) if trace else None
    if session is not None:
        session.send("Profiler.enable")
        session.send("Profiler.setSamplingInterval", {"interval": 200})
        session.send("Profiler.start")
    page.goto(base, wait_until="load")
    page.wait_for_function("window.__firstResult !== undefined", timeout=120_000)
    seconds = float(page.evaluate("window.__firstResult")) / 1000
    profile = session.send("Profiler.stop")["profile"] if session is not None else None
    context.close()
    if trace:
        load = next(when for when, what in events if what == "load")
        for when, what in sorted(events):
            if what.startswith("page") or what == "load" or any(part in what for part in _MARKED):
                print(f"  {1000 * (when - load):7.0f} ms  {what.replace(base, '')}")
        if profile is not None:
            _print_profile(profile)
    return seconds


def _print_profile(profile: dict[str, Any]) -> None:
    """The page's functions with the most time of their own, from a CDP CPU profile."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    own: collections.Counter[tuple[str, str, int]] = collections.Counter()
    for sample, delta in zip(profile["samples"], [*profile["timeDeltas"][1:], 0], strict=True):
        frame = nodes[sample]["callFrame"]
        own[(frame["functionName"] or "(anonymous)", frame["url"].rsplit("/", 1)[-1], frame["columnNumber"])] += delta
    print("  the page's main thread, most time of their own:")
    for (name, url, column), micro in own.most_common(8):
        print(f"  {micro / 1000:7.0f} ms  {name} {url}:{column}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a site built with almanac/search (search.py --keep: site-c)")
    parser.add_argument("--runs", type=_positive, default=6, help="visits per query and kind (default 6)")
    parser.add_argument("--trace", action="store_true", help="print the last visit of each kind in detail")
    args = parser.parse_args(argv)
    seconds: dict[tuple[bool, str], list[float]] = {(instant, q): [] for instant in (True, False) for q in QUERIES}
    with tempfile.TemporaryDirectory() as profile:
        os.environ.setdefault("HOME", profile)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            with serve("traced", args.site) as served:
                for n in range(args.runs):
                    for instant in (True, False) if n % 2 == 0 else (False, True):
                        for query in QUERIES:
                            last = args.trace and n == args.runs - 1 and query == QUERIES[0]
                            if last:
                                print(f"{'with' if instant else 'without'} navigation.instant, {query}:")
                            took = visit(browser, served.url(""), query, instant=instant, trace=last)
                            seconds[(instant, query)].append(took)
                            print(f"[{n + 1}] {'with' if instant else 'without'} instant, {query}: {took:.2f} s")
            browser.close()
    for instant in (True, False):
        shown = ", ".join(
            f"{q} {statistics.median(seconds[(instant, q)]):.2f} s "
            f"({min(seconds[(instant, q)]):.2f}–{max(seconds[(instant, q)]):.2f})"
            for q in QUERIES
        )
        print(f"{'with' if instant else 'without'} navigation.instant, first results, median: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
