"""Does an index written in parts rank as one index does? A measurement, not a build.

``almanac/search`` writes a big site's Pagefind index in parts of at most ``part_size`` pages, which
the search worker merges in the browser (Pagefind's ``mergeIndex``). Each part weighs its words by
its own statistics, so the merged ranking may differ from one index's. This compares the two on two
builds of the same site: ``ONE`` (one index: ``part_size`` above its page count) and ``PARTS`` (the
default). In Debian's Chromium, for each query, Pagefind is loaded as the search worker loads it
(the parts merged), and the ten best pages are read; the script prints, per query, how many of the
ten are the same, whether the first is, and the pages counted (every match).

    .venv/bin/python benchmarks/search_parts.py ONE/site PARTS/site [query …]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
QUERIES = ("latency", "模型", "pricing", "relay", "chips", "benchmark", "开源", "token", "vision", "数据")

# Pagefind as `almanac-search-worker.js` loads it: the other parts merged into the first.
SEARCH = """
async (query) => {
  const options = { baseUrl: "/", excerptLength: 24 };
  if (!window.__pagefind) {
    const module = await import("/pagefind/pagefind.js");
    await module.options(options);
    await module.init();
    const listed = await fetch("/pagefind/almanac-parts.json");
    for (const part of listed.ok ? await listed.json() : []) await module.mergeIndex("/pagefind/" + part, options);
    window.__pagefind = module;
  }
  const found = await window.__pagefind.search(query);
  const pages = await Promise.all(found.results.slice(0, 10).map((result) => result.data()));
  return { count: found.results.length, urls: pages.map((page) => page.url) };
}
"""


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@dataclass(frozen=True)
class Ranked:
    """What a query found: how many pages, and the URLs of the ten best."""

    count: int
    urls: list[str]


def ranked(site: Path, queries: list[str]) -> dict[str, Ranked]:
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--headless=new"]
        )
        page = browser.new_page()
        page.goto(base)
        found = {}
        for query in queries:
            answer = page.evaluate(SEARCH, query)
            found[query] = Ranked(int(answer["count"]), [str(url) for url in answer["urls"]])
        browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("one", type=Path, help="the site built with its index in one part")
    parser.add_argument("parts", type=Path, help="the same site, its index in parts")
    parser.add_argument("queries", nargs="*", default=list(QUERIES))
    args = parser.parse_args(argv)
    listed = json.loads((args.parts / "pagefind" / "almanac-parts.json").read_text(encoding="utf-8"))
    one, parts = ranked(args.one, args.queries), ranked(args.parts, args.queries)
    print(f"{1 + len(listed)} parts against one index\n")
    print("| Query | Pages found, one / parts | Same in the ten best | Same first |")
    print("|---|---:|---:|:---:|")
    for query in args.queries:
        a, b = one[query], parts[query]
        same = len(set(a.urls) & set(b.urls))
        first = bool(a.urls) and bool(b.urls) and a.urls[0] == b.urls[0]
        print(f"| `{query}` | {a.count} / {b.count} | {same} of {len(a.urls)} | {'yes' if first else 'no'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
