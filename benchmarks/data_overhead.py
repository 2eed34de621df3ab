"""Measure what the data pages add to the build of a synthetic site.

Builds the same synthetic site (``sitegen.py``) with synthetic data (``datagen.py``) three
ways and prints a Markdown table of the best wall-clock time of ``--repeat`` builds each:

    (a) posts only: ``mkdocs.yml`` lists ``almanac/blog`` but not ``almanac/data``;
    (b) with ``almanac/data``: every table, chart and entity page of the data;
    (c) as (b), and a dozen posts also hold ``almanac`` blocks (a prices table, a history
        table, a price-history chart and a price-vs-context chart each).

A fourth build is a yardstick, not a variant of the site: (d) is (a) with one plain page
(a title and a sentence) at the URL of each data page, without ``almanac/data``. It shows
what that many pages cost in MkDocs, the theme and search alone (``--no-reference`` skips it).

The overhead is given in per cent of (a): for the best wall-clock time; as the median of the
ratios of each round's builds to that round's (a), steadier on a noisy machine; and for the
CPU time (user and system) of the build. "Data in the build" is measured within each build,
so the machine's speed falls on both of its sides: the build's CPU time in `almanac/data` and
on the pages it generates, over the rest of its CPU time (median of the runs; see
``timed_build.py``). It leaves out what every page pays for the longer navigation and search
index, which (d) shows. Each round builds the variants in another order. Then (a) and
(b) are built once more under ``cProfile``: the time of each plugin event in both, and the most
expensive functions of the ``almanac`` package in (b) (by cumulative time) are printed, to show
where the time goes.

    .venv/bin/python benchmarks/data_overhead.py --repeat 3

Builds run in subprocesses as ``mkdocs build -q`` (through ``timed_build.py``) with ``NO_MKDOCS_2_WARNING=1`` and
``ALMANAC_BUILD_DATE=2026-11-28``, with absolute ``-d`` paths. The data variant of a
``sitegen`` config can also be written alone: ``add_data_plugin(path)``.
"""

from __future__ import annotations

import argparse
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timed_build

from datagen import BUILD_DATE, generate_data
from sitegen import generate_site

__all__ = ["VARIANTS", "add_block_posts", "add_data_plugin", "add_plain_pages", "main", "prepare"]

VARIANTS: dict[str, str] = {
    "a": "posts only, without `almanac/data`",
    "b": "with `almanac/data`: all tables, charts and entity pages",
    "c": "(b) and 12 posts with `almanac` blocks",
    "d": "reference: (a) and a plain page at each data page's URL",
}

_BLOG_PLUGIN = "  - almanac/blog\n"
_NAV_END = "  - Blog: blog/index.md\n"
# The sections of the sample site's navigation that hold the data pages.
_DATA_NAV = """\
  - Prices:
      - prices/index.md
      - Models: models/index.md
      - Vendors: vendors/index.md
  - Providers:
      - providers/index.md
      - Status: status/index.md
  - API: api/index.md
"""


def add_data_plugin(config_path: Path, *, nav: bool = True) -> None:
    """Turn a ``sitegen`` config into its data variant: ``almanac/data`` listed before ``almanac/blog``.

    With ``nav`` (the default), the index pages of the data (prices, models, vendors,
    providers, status, API) are added to the navigation as on the sample site.
    """
    text = Path(config_path).read_text(encoding="utf-8")
    if "almanac/data" in text:
        return
    if text.count(_BLOG_PLUGIN) != 1:
        raise ValueError(f"{config_path}: expected one line {_BLOG_PLUGIN.strip()!r} under plugins")
    text = text.replace(_BLOG_PLUGIN, "  - almanac/data\n" + _BLOG_PLUGIN)
    if nav:
        if not text.endswith(_NAV_END):
            raise ValueError(f"{config_path}: expected the navigation to end with {_NAV_END.strip()!r}")
        text += _DATA_NAV
    Path(config_path).write_bytes(text.encode("utf-8"))


def _blocks(vendors: list[str], history_models: list[str], context_vendors: list[str], convert: bool) -> str:
    currency = "currency: USD\n" if convert else ""
    return (
        "## Prices in this post\n\n"
        f"```almanac\ntable: prices\nvendors: [{', '.join(vendors)}]\n{currency}sort: blended\n```\n\n"
        f"```almanac\ntable: history\nvendors: [{', '.join(vendors)}]\nlimit: 20\n```\n\n"
        f"```almanac\nchart: price-history\nmodels: [{', '.join(history_models)}]\n```\n\n"
        f"```almanac\nchart: price-vs-context\nvendors: [{', '.join(context_vendors)}]\n{currency}```\n"
    )


def add_block_posts(root: Path, count: int = 12) -> list[Path]:
    """Append four ``almanac`` blocks to ``count`` posts of the site at ``root``, spread over the blog.

    The blocks name vendors and models of ``root/data`` (read with the build date of the
    benchmarks); the price-history chart shows models whose prices changed.
    """
    from almanac.core.data.datasets import load_datasets

    datasets = load_datasets(Path(root), today=BUILD_DATE)
    vendors = sorted(vendor for vendor, data in datasets.vendors.items() if data.models)
    changed = sorted(
        model_id for model_id, model in datasets.models.items() if any(len(offer.periods) > 1 for offer in model.offers)
    )
    if not vendors or not changed:
        raise ValueError(f"{root}/data has no vendors with models or no price changes to show")
    posts = sorted((Path(root) / "docs" / "blog" / "posts").glob("*.md"))
    if not posts:
        raise ValueError(f"{root} has no posts")
    chosen = [posts[i * len(posts) // count] for i in range(min(count, len(posts)))]
    for n, post in enumerate(chosen):
        pair = [vendors[n % len(vendors)], vendors[(n + 1) % len(vendors)]]
        three = [vendors[(n + k) % len(vendors)] for k in range(3)]
        history = [changed[(n * 3 + k) % len(changed)] for k in range(3)]
        text = post.read_text(encoding="utf-8")
        post.write_bytes((text + "\n" + _blocks(pair, history, three, convert=n % 2 == 1)).encode("utf-8"))
    return chosen


def add_plain_pages(root: Path) -> int:
    """Write a plain Markdown page (a title and a sentence) at the URL of each page the data of
    ``root`` gives the site, and list the index pages in the navigation; return the number of pages."""
    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.pages.catalogue import catalogue

    pages = catalogue(load_datasets(Path(root), today=BUILD_DATE))
    for page in pages:
        path = Path(root) / "docs" / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"# {page.title}\n\nA plain page in place of a data page.\n".encode())
    config = Path(root) / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if not text.endswith(_NAV_END):
        raise ValueError(f"{config}: expected the navigation to end with {_NAV_END.strip()!r}")
    config.write_bytes((text + _DATA_NAV).encode("utf-8"))
    return len(pages)


def prepare(
    folder: Path,
    *,
    posts: int,
    tags: int,
    words: int,
    seed: int,
    models: int,
    offers: int,
    providers: int,
    vendors: int,
    variants: tuple[str, ...] = tuple(VARIANTS),
) -> dict[str, Path]:
    """Write the variants of the site under ``folder`` (one folder each); return the config of each."""
    configs: dict[str, Path] = {}
    for variant in variants:
        root = folder / variant
        config = generate_site(root, posts=posts, tags=tags, words=words, seed=seed)
        # The same data/ in every variant: only the config and the blocks differ.
        generate_data(root, models=models, offers=offers, providers=providers, vendors=vendors, seed=seed, tags=tags)
        if variant in ("b", "c"):
            add_data_plugin(config)
        if variant == "c":
            add_block_posts(root)
        if variant == "d":
            add_plain_pages(root)
        configs[variant] = config
    return configs


def build_env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", ALMANAC_BUILD_DATE=BUILD_DATE.isoformat())


def _build_command(config: Path, site_dir: Path) -> list[str]:
    return ["-m", "mkdocs", "build", "-q", "-f", str(config.resolve()), "-d", str(site_dir.resolve())]


#: Runs a build and reports its CPU time and what of it went to the data.
_TIMED_BUILD = Path(__file__).resolve().parent / "timed_build.py"


def _run(command: list[str], config: Path) -> str:
    result = subprocess.run(command, env=build_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"mkdocs build failed for {config} (exit {result.returncode})")
    said = [line for line in (result.stdout + result.stderr).splitlines() if not line.startswith(timed_build.MARK)]
    if any(line.strip() for line in said):
        # A quiet build prints only warnings and errors: show them, they change what is measured.
        sys.stderr.write("\n".join(said) + "\n")
    return result.stderr


@dataclass(frozen=True)
class Timing:
    """One build, in seconds."""

    wall: float
    cpu: float
    """User and system CPU time of the build."""
    data: float
    """Of `cpu`, what went to `almanac/data` (see `timed_build.py`)."""


def time_build(config: Path, site_dir: Path) -> Timing:
    """Time one build (see `Timing`)."""
    start = time.perf_counter()
    said = _run([sys.executable, str(_TIMED_BUILD), *_build_command(config, site_dir)[2:]], config)
    wall = time.perf_counter() - start
    reports = [line.split() for line in said.splitlines() if line.startswith(timed_build.MARK)]
    if not reports:
        raise SystemExit(f"the build of {config} did not report its CPU time")
    figures = dict(zip(reports[-1][1::2], map(float, reports[-1][2::2]), strict=True))
    return Timing(wall, figures["cpu"], figures["data"])


def count_pages(site_dir: Path) -> int:
    """The HTML pages the build wrote."""
    return sum(1 for _ in site_dir.rglob("*.html"))


Profile = dict[str, tuple[int, float, float]]
"""Functions of a profile by `file:line(name)`, with their calls, own and cumulative seconds."""


def _short(filename: str) -> str:
    """A file name without the machine's folders: from the package folder (or `site-packages/`) on."""
    import almanac

    path = Path(filename)
    if not path.is_absolute():
        return filename
    package = Path(almanac.__file__).resolve().parent
    resolved = path.resolve()
    if package in resolved.parents:
        return resolved.relative_to(package.parent).as_posix()
    marker = "site-packages/"
    text = resolved.as_posix()
    return text.split(marker, 1)[1] if marker in text else resolved.name


def profile_build(config: Path, site_dir: Path, out: Path) -> tuple[float, Profile]:
    """Build once under ``cProfile``; the time (profiler included) and the profile."""
    command = [sys.executable, "-m", "cProfile", "-o", str(out), *_build_command(config, site_dir)]
    start = time.perf_counter()
    _run(command, config)
    elapsed = time.perf_counter() - start
    stats = pstats.Stats(str(out))
    found: Profile = {}
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        found[f"{_short(filename)}:{line}({name})"] = (calls, tottime, cumtime)
    return elapsed, found


def package_table(profile: Profile, top: int) -> list[str]:
    """The ``top`` functions of the ``almanac`` package by cumulative time, as a Markdown table."""
    rows = sorted(
        ((cum, own, calls, key) for key, (calls, own, cum) in profile.items() if key.startswith("almanac/")),
        key=lambda row: (-row[0], row[3]),
    )
    lines = ["| Cumulative s | Own s | Calls | Function |", "|-------------:|------:|------:|----------|"]
    for cum, own, calls, key in rows[:top]:
        where, name = key.rsplit("(", 1)
        lines.append(f"| {cum:.2f} | {own:.2f} | {calls:,} | `{where}` `{name.rstrip(')')}` |")
    return lines


def events_table(before: Profile, after: Profile, top: int = 12) -> list[str]:
    """Plugin event handlers (functions named `on_…` outside MkDocs' dispatcher), the import of our
    plugins, and MkDocs' whole build and per-page step, with their cumulative seconds in both
    profiles, the largest difference first."""

    def wanted(key: str) -> bool:
        name = key.rsplit("(", 1)[1]
        if key.startswith("mkdocs/commands/build.py:") and name in ("build)", "_build_page)"):
            return True
        if key.startswith("almanac/mkdocs/") and name == "<module>)":
            return True  # importing a plugin (and what it needs)
        return name.startswith("on_") and not key.startswith("mkdocs/plugins.py:")

    keys = sorted({key for key in (*before, *after) if wanted(key)})
    rows = [(after.get(key, (0, 0.0, 0.0))[2], before.get(key, (0, 0.0, 0.0))[2], key) for key in keys]
    rows.sort(key=lambda row: (-(row[0] - row[1]), row[2]))
    lines = ["| (a) s | (b) s | Difference s | Function |", "|------:|------:|-------------:|----------|"]
    for in_b, in_a, key in rows[:top]:
        where, name = key.rsplit("(", 1)
        lines.append(f"| {in_a:.2f} | {in_b:.2f} | {in_b - in_a:+.2f} | `{where}` `{name.rstrip(')')}` |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per variant; the best is kept (default 3)")
    parser.add_argument("--posts", type=int, default=200, help="posts of the site (default 200)")
    parser.add_argument("--tags", type=int, default=40, help="distinct tags (default 40)")
    parser.add_argument("--words", type=int, default=800, help="body words per post (default 800)")
    parser.add_argument("--models", type=int, default=300, help="models (default 300)")
    parser.add_argument("--offers", type=int, default=1000, help="offers (default 1000)")
    parser.add_argument("--providers", type=int, default=30, help="providers (default 30)")
    parser.add_argument("--vendors", type=int, default=20, help="vendors (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--top", type=int, default=15, help="functions of the profile to show (default 15)")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled builds of (a) and (b)")
    parser.add_argument("--no-reference", action="store_true", help="skip the reference build (d)")
    parser.add_argument("--keep", type=Path, help="write the sites into this folder and keep them")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")

    with tempfile.TemporaryDirectory(prefix="almanac-data-bench-") as tmp:
        folder = (args.keep or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        configs = prepare(
            folder,
            posts=args.posts,
            tags=args.tags,
            words=args.words,
            seed=args.seed,
            models=args.models,
            offers=args.offers,
            providers=args.providers,
            vendors=args.vendors,
            variants=tuple(v for v in VARIANTS if v != "d" or not args.no_reference),
        )
        times: dict[str, list[Timing]] = {variant: [] for variant in configs}
        pages: dict[str, int] = {}
        # Variants take turns, each round in another order, so that a slow spell of the
        # machine does not fall on one of them, nor always on the one after another.
        order = list(configs)
        for run in range(args.repeat):
            for variant in order[run % len(order) :] + order[: run % len(order)]:
                config = configs[variant]
                site = config.parent / "site"
                timing = time_build(config, site)
                times[variant].append(timing)
                pages[variant] = count_pages(site)
                print(
                    f"({variant}) run {run + 1}/{args.repeat}: {timing.wall:.2f} s, {timing.cpu:.2f} s CPU, "
                    f"{timing.data:.2f} s of it for the data",
                    file=sys.stderr,
                )

        best = {variant: min(t.wall for t in values) for variant, values in times.items()}
        cpu = {variant: min(t.cpu for t in values) for variant, values in times.items()}
        # Each round's ratio to (a) of the same round: a slow spell of the machine then falls
        # on both sides of the ratio. Their median is the steadier figure on a noisy machine.
        paired = {
            variant: statistics.median(ours.wall / base.wall for ours, base in zip(values, times["a"], strict=True))
            for variant, values in times.items()
        }
        # What the data adds to the rest of the build's own work, within each build.
        share = {
            variant: statistics.median(t.data / (t.cpu - t.data) for t in values) for variant, values in times.items()
        }
        label = "Seconds" if args.repeat == 1 else f"Seconds (best of {args.repeat})"
        print(
            f"{args.posts} posts, {args.tags} tags; {args.models} models, {args.offers:,} offers, "
            f"{args.providers} providers, {args.vendors} vendors; build date {BUILD_DATE}; "
            f"{os.cpu_count()} cores\n"
        )
        print(
            f"| Variant | {label} | Overhead vs (a) | Median of paired ratios | CPU seconds | CPU vs (a) "
            "| Data in the build | HTML pages |"
        )
        print("|---|--:|--:|--:|--:|--:|--:|--:|")

        def versus(values: dict[str, float], variant: str) -> str:
            return "—" if variant == "a" else f"{(values[variant] / values['a'] - 1) * 100:+.1f} %"

        for variant in configs:
            median = "—" if variant == "a" else f"{(paired[variant] - 1) * 100:+.1f} %"
            inside = "—" if variant in ("a", "d") else f"+{share[variant] * 100:.1f} %"
            print(
                f"| ({variant}) {VARIANTS[variant]} | {best[variant]:.2f} | {versus(best, variant)} | {median} "
                f"| {cpu[variant]:.2f} | {versus(cpu, variant)} | {inside} | {pages[variant]:,} |"
            )

        if not args.no_profile:
            profiles: dict[str, Profile] = {}
            elapsed: dict[str, float] = {}
            for variant in ("a", "b"):
                config = configs[variant]
                out = folder / f"{variant}.prof"
                elapsed[variant], profiles[variant] = profile_build(config, config.parent / "site-profile", out)
            print(
                f"\nUnder cProfile (a) took {elapsed['a']:.2f} s and (b) {elapsed['b']:.2f} s. Plugin events and "
                "MkDocs' per-page step, cumulative seconds, the largest difference first:\n"
            )
            print("\n".join(events_table(profiles["a"], profiles["b"])))
            print(f"\nThe {args.top} most expensive functions of the `almanac` package in (b), by cumulative time:\n")
            print("\n".join(package_table(profiles["b"], args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
