"""Issue 13's search benchmark: Material's search against Pagefind, on the same generated sites.

For each size of ``--posts``, ``run.py`` generates the Almanac project (its posts, data and
``mkdocs.yml``: the sample's theme, plugins and navigation), and the same project is built three
ways:

    (a) Material's search as the sample had it before ``almanac/search``: every page indexed
        (posts, listings, tag pages, data pages) into one ``search/search_index.json``;
    (b) Material's search, the posts and the model, vendor and provider pages only: every other
        page carries ``search: {exclude: true}`` in its meta (read by Material's search plugin,
        set by a hook the benchmark writes beside the project);
    (c) ``almanac/search``: the same pages indexed by Pagefind, answered in the same box.

Each build is ``mkdocs build`` in a new process, which times the indexing itself: Material's
search plugin's events (``on_page_context``, ``on_post_build``) and ``almanac/search``'s. Then
each site is served on 127.0.0.1 and opened in Chromium ``--runs`` times, each in a new browser
context (nothing cached): from the page's load event, the query is filled into the header's
search box and a key pressed, and the time until the first result is drawn is read in the page.
An English word and a Chinese word (``模型``). The bytes of the search's own files (the index,
the worker, Pagefind's files) fetched until then are counted.

    .venv/bin/python benchmarks/search.py --posts 1000,3000 [--runs 5] [--builds 3]

Progress goes to standard error, the table to standard output: medians (the machine is shared;
several runs each, the median of each measure). The projects are written to a temporary folder,
removed at the end.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import yaml
from browsing import CHROMIUM_ARGS, DESKTOP, serve
from playwright.sync_api import Browser, Request, sync_playwright
from run import _positive, _progress, _sizes, build_env, prepare

VARIANTS: dict[str, str] = {
    "a": "(a) Material, every page",
    "b": "(b) Material, posts + entity pages",
    "c": "(c) Pagefind (almanac/search), posts + entity pages",
}
#: The reader's browser: Debian's full Chromium (the browser tests run its lighter headless shell).
CHROMIUM = Path("/usr/bin/chromium")
QUERIES = ("latency", "模型")
"""An English word and a Chinese word of ``sitegen.py``'s vocabulary."""

# The hook of (b): every page but the posts and the entity pages is left out of Material's
# index. It asks the blog and the data which pages those are, as `almanac/search` does.
_HOOK = """
from mkdocs.plugins import event_priority
from almanac.mkdocs.interfaces import entity_source, post_source

_entities = None

@event_priority(50)
def on_page_context(context, page, config, nav):
    global _entities
    if _entities is None:
        source = entity_source(config.plugins)
        _entities = frozenset(entity.url for entity in (source.entities() or ()))
    posts = post_source(config.plugins)
    if page.url in _entities or (posts is not None and posts.post_date(page.file.src_uri) is not None):
        return
    page.meta["search"] = {"exclude": True}
"""

# Run by each build's process: MkDocs' command line, with the time spent in the search plugins'
# events added up and written to standard error at the end.
_TIMED = r"""
import atexit, functools, sys, time
spent = [0.0]
def timed(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    return wrapper
from mkdocs.plugins import CombinedEvent
from material.plugins.search.plugin import SearchPlugin as Material
from almanac.mkdocs.search.plugin import SearchPlugin as Almanac
for plugin in (Material, Almanac):
    for name in ("on_page_context", "on_post_build"):
        event = plugin.__dict__.get(name, getattr(plugin, name))
        if isinstance(event, CombinedEvent):
            setattr(plugin, name, CombinedEvent(*(timed(method) for method in event.methods)))
        else:
            setattr(plugin, name, timed(event))
atexit.register(lambda: sys.stderr.write(f"search-index-seconds {spent[0]:.3f}\n"))
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli()
"""

_SEARCH_FILES = re.compile(
    r"/(search/search_index\.json|pagefind/|assets/javascripts/workers/search\.|assets/almanac/almanac-search-worker\.js)"
)

_JIEBA = (
    "Building prefix dict from ",
    "Loading model from cache ",
    "Loading model cost ",
    "Prefix dict has been built",
)


@dataclass(frozen=True)
class Built:
    wall: float
    index: float


@dataclass(frozen=True)
class Visit:
    seconds: float
    fetched: int
    first: str


# Projects ---------------------------------------------------------------------------------------


def variants(config_a: Path) -> dict[str, Path]:
    """The three configurations of the project of ``config_a``, beside it."""
    root = config_a.parent
    loaded: dict[str, Any] = yaml.safe_load(config_a.read_text(encoding="utf-8"))
    plugins = [entry for entry in loaded["plugins"] if entry != "almanac/search"]
    at = next(
        i for i, entry in enumerate(plugins) if entry == "search" or (isinstance(entry, dict) and "search" in entry)
    )
    configs: dict[str, Path] = {}
    for variant in VARIANTS:
        config = dict(loaded)
        if variant == "c":
            config["plugins"] = [*plugins[: at + 1], "almanac/search", *plugins[at + 1 :]]
        else:
            config["plugins"] = list(plugins)
        if variant == "b":
            (root / "search_hook.py").write_text(_HOOK, encoding="utf-8")
            config["hooks"] = ["search_hook.py"]
        path = root / f"mkdocs-{variant}.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        configs[variant] = path
    return configs


def build(config: Path, site: Path) -> Built:
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, "-c", _TIMED, "build", "-q", "-f", str(config), "-d", str(site)]
    start = time.perf_counter()
    done = subprocess.run(command, env=build_env(), capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{config}: mkdocs build failed (exit {done.returncode}) — its output is above")
    said = re.search(r"^search-index-seconds (\S+)$", done.stderr, re.M)
    shown = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and not line.startswith(_JIEBA) and not line.startswith("search-index-seconds")
    ]
    if shown:
        sys.stderr.write("\n".join(shown) + "\n")
    return Built(wall, float(said.group(1)) if said else float("nan"))


def index_files(site: Path, variant: str) -> list[Path]:
    if variant == "c":
        return sorted(path for path in (site / "pagefind").rglob("*") if path.is_file())
    return [site / "search" / "search_index.json"]


def index_bytes(site: Path, variant: str) -> tuple[int, int]:
    """The index on disk: its bytes, and its bytes gzipped file by file (as a server sends them)."""
    files = index_files(site, variant)
    raw = sum(path.stat().st_size for path in files)
    packed = sum(len(gzip.compress(path.read_bytes(), 6, mtime=0)) for path in files)
    return raw, packed


# The browser ------------------------------------------------------------------------------------


# Run in the page before its scripts: at the load event, the query goes into the header's box as a
# reader's typing puts it (focus, value, a key released), and the time until the first result is
# drawn is kept. No automation between the two: Playwright's own fill and key press take a few
# hundred milliseconds on a busy machine, which are not the search's.
_TYPE_AT_LOAD = """
window.addEventListener("load", () => {
  const start = performance.now();
  const box = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver((_, observer) => {
    if (list.querySelector(".md-search-result__item")) {
      window.__firstResult = performance.now() - start;
      observer.disconnect();
    }
  }).observe(list, { childList: true });
  box.focus();
  box.value = QUERY;
  box.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }));
});
"""


def visit(browser: Browser, base: str, query: str) -> Visit:
    """Open the home page in a new context (nothing cached), type ``query`` into the header's
    box at the load event; seconds from then to the first result drawn, search bytes fetched."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(_TYPE_AT_LOAD.replace("QUERY", json.dumps(query)))
    requests: list[Request] = []
    context.on("requestfinished", lambda request: requests.append(request))
    page = context.new_page()
    page.goto(base, wait_until="load")
    page.wait_for_function("window.__firstResult !== undefined", timeout=120_000)
    seconds = float(page.evaluate("window.__firstResult")) / 1000
    first = page.locator(".md-search-result__item > a.md-search-result__link").first.get_attribute("href") or ""
    fetched = sum(request.sizes()["responseBodySize"] for request in requests if _SEARCH_FILES.search(request.url))
    context.close()
    return Visit(seconds, fetched, first)


# The table --------------------------------------------------------------------------------------


def table(posts: int, runs: int, results: dict[str, dict[str, Any]]) -> str:
    lines = [
        f"**{posts:,} posts**, medians ({runs} visits per query, {len(results['a']['builds'])} builds):",
        "",
        "| Search | Index KB | gzip KB | Index build s | Build s | First results s, `"
        + "` / `".join(QUERIES)
        + "` | KB fetched, `"
        + "` / `".join(QUERIES)
        + "` |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for variant, label in VARIANTS.items():
        done = results[variant]
        seconds = " / ".join(f"{statistics.median(v.seconds for v in done['visits'][q]):.2f}" for q in QUERIES)
        fetched = " / ".join(f"{statistics.median(v.fetched for v in done['visits'][q]) / 1024:,.0f}" for q in QUERIES)
        lines.append(
            f"| {label} | {done['raw'] / 1024:,.0f} | {done['gzip'] / 1024:,.0f} "
            f"| {statistics.median(b.index for b in done['builds']):.2f} "
            f"| {statistics.median(b.wall for b in done['builds']):.2f} | {seconds} | {fetched} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=_sizes, required=True, help="comma-separated sizes, e.g. 1000,3000")
    parser.add_argument("--runs", type=_positive, default=5, help="visits per variant and query (default 5)")
    parser.add_argument("--builds", type=_positive, default=3, help="builds per variant (default 3)")
    parser.add_argument("--keep", type=Path, help="write the projects here and keep them (default: a temporary folder)")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="almanac-search-bench-"))
    tables: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as profile:
            os.environ.setdefault("HOME", profile)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for posts in args.posts:
                    here = folder / str(posts)
                    _progress(f"[{posts} posts] generating the project")
                    configs = variants(prepare(here, posts=posts, models=300, providers=30, offers=1000, seed=0)["a"])
                    results: dict[str, dict[str, Any]] = {}
                    for variant in VARIANTS:
                        results[variant] = {"builds": [], "visits": {q: [] for q in QUERIES}}
                    for n in range(args.builds):
                        order = list(VARIANTS)[n % 3 :] + list(VARIANTS)[: n % 3]
                        for variant in order:
                            _progress(f"[{posts} posts] build {n + 1} of {args.builds}: {VARIANTS[variant]}")
                            done = build(configs[variant], here / f"site-{variant}")
                            _progress(f"  {done.wall:.2f} s, index {done.index:.2f} s")
                            results[variant]["builds"].append(done)
                    for variant in VARIANTS:
                        site = here / f"site-{variant}"
                        results[variant]["raw"], results[variant]["gzip"] = index_bytes(site, variant)
                        with serve(variant, site) as served:
                            for _ in range(args.runs):
                                for query in QUERIES:
                                    seen = visit(browser, served.url(""), query)
                                    _progress(
                                        f"[{posts} posts] {VARIANTS[variant]} {query}: {seen.seconds:.2f} s, "
                                        f"{seen.fetched / 1024:,.0f} KB, first {seen.first}"
                                    )
                                    results[variant]["visits"][query].append(seen)
                    tables.append(table(posts, args.runs, results))
                    print(tables[-1] + "\n", flush=True)
                browser.close()
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"posts": args.posts, "runs": args.runs, "builds": args.builds}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
