"""Measure the matcher of names (`core/links/mentions.py`) and the Markdown extension that links
mentions (`core/links/markdown.py`) on synthetic posts and synthetic names.

The posts are ``sitegen.py``'s (800 words, a list, a code block, headings), each with about a
dozen names of the synthetic entities woven into its sentences (English names, names with a
version, names of several words, Chinese names between Chinese words). The entities: ``--models``
models (300) of ``--aliases`` names each (20: the name and 19 aliases), 30 vendors and 30
providers. It prints a Markdown table of the median of ``--repeat`` runs of:

- building the `Matcher` of every name (one pattern);
- scanning the Markdown of every post (1,000) with it, and, to show that the cost of a scan
  does not grow with the number of names, with matchers of 10 and 600 names over the same text;
- checking every post's `[[…]]` (`check_wikilinks`; each post holds two);
- converting ``--convert`` posts (200) with the sample site's Markdown extensions, without
  and with `EntityLinks` (automatic mentions on): the extension's share of a conversion.

    .venv/bin/python benchmarks/mentions.py [--posts 1000] [--models 300] [--aliases 20] [--repeat 5]

Nothing is written but a temporary folder of posts, removed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import markdown

from almanac.core.links.entities import EntityIndex
from almanac.core.links.markdown import EntityLinks
from almanac.core.links.mentions import Matcher
from almanac.core.links.model import Entity
from almanac.core.links.wikilinks import check_wikilinks

from sitegen import generate_site

EXTENSIONS: list[str | markdown.Extension] = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
]
"""The Markdown extensions of the sample site's mkdocs.yml."""

_FAMILIES = "Nova Atlas Orion Vega Lyra Helix Quasar Zephyr Aurora Nimbus Pulsar Cobalt".split()  # noqa: SIM905
_EDITIONS = "Pro Max Mini Flash Turbo Lite Ultra Air Plus Edge".split()  # noqa: SIM905
_HAN = "星云天河北斗启明长风青松白鹭远山明月流光"


def entities(models: int, aliases: int) -> list[Entity]:
    """`models` models of `aliases` names each, 30 vendors and 30 providers: all names distinct."""
    found: list[Entity] = []
    for v in range(30):
        han = _HAN[v % len(_HAN)] + _HAN[(v * 7 + 3) % len(_HAN)] + "智能"
        found.append(
            Entity("vendor", f"vendor-{v}", f"Vendor{v} Labs", f"vendors/vendor-{v}/", (f"Vendor{v} Labs", han))
        )
        found.append(
            Entity("provider", f"cloud-{v}", f"Cloud{v}", f"providers/cloud-{v}/", (f"Cloud{v}", f"Cloud{v} API"))
        )
    for m in range(models):
        family = f"{_FAMILIES[m % len(_FAMILIES)]}{m // len(_FAMILIES)}"
        name = f"{family}-{m % 5}.{m % 3}"
        names = [name]
        for a in range(1, aliases):
            edition = _EDITIONS[a % len(_EDITIONS)]
            if a % 4 == 0:
                names.append(f"{family} {a} {edition}")
            elif a % 4 == 1:
                names.append(f"{family}-{a}-{edition.lower()}")
            elif a % 4 == 2:
                names.append(f"{_HAN[m % len(_HAN)]}{_HAN[a % len(_HAN)]}{family}{a}")
            else:
                names.append(f"{family}.{a}")
        found.append(Entity("model", f"model-{m}", name, f"models/model-{m}/", tuple(names), parent=f"vendor-{m % 30}"))
    return found


def weave(body: str, all_entities: list[Entity], rng: random.Random) -> str:
    """`body` with twelve names and two `[[kind:id]]` of `all_entities` put before words of it."""
    words = body.split(" ")
    for _ in range(12):
        entity = rng.choice(all_entities)
        at = rng.randrange(len(words))
        words[at] = rng.choice(entity.names or (entity.name,)) + " " + words[at]
    for _ in range(2):
        entity = rng.choice(all_entities)
        at = rng.randrange(len(words))
        words[at] = f"[[{entity.kind}:{entity.id}]] " + words[at]
    return " ".join(words)


def posts(folder: Path, count: int, all_entities: list[Entity]) -> list[str]:
    """`count` synthetic posts (without front matter), each with names and two `[[…]]` woven in."""
    generate_site(folder, posts=count, words=800)
    rng = random.Random("mentions")
    texts = []
    for path in sorted((folder / "docs" / "blog" / "posts").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        texts.append(weave(body, all_entities, rng))
    return texts


def builds(count: int, rounds: int) -> list[tuple[str, float]]:
    """Builds of a `count`-post synthetic site with `datagen.py`'s data (300 models, 20 vendors,
    30 providers), names of it woven into every post, without and with `almanac/links`, in
    turns: the best wall-clock time and the median CPU time of each, and the median of the
    rounds' ratios of CPU time."""
    from data_overhead import add_data_plugin, time_build  # builds the way that benchmark does

    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.entities import data_entities

    from datagen import BUILD_DATE, generate_data

    timings: dict[str, list[tuple[float, float]]] = {"without": [], "with": []}
    with tempfile.TemporaryDirectory(prefix="almanac-mentions-build-") as folder:
        configs: dict[str, Path] = {}
        for variant in timings:
            root = Path(folder) / variant
            config = generate_site(root, posts=count, words=800)
            generate_data(root)
            add_data_plugin(config)
            if variant == "with":
                text = config.read_text(encoding="utf-8").replace(
                    "  - almanac/blog\n", "  - almanac/blog\n  - almanac/links\n"
                )
                config.write_bytes(text.encode("utf-8"))
            every = data_entities(load_datasets(root, today=BUILD_DATE))
            for path in sorted((root / "docs" / "blog" / "posts").glob("*.md")):
                rng = random.Random(path.name)
                front, _, body = path.read_text(encoding="utf-8").partition("---\n\n")
                path.write_bytes((front + "---\n\n" + weave(body, every, rng)).encode("utf-8"))
            configs[variant] = config
        for n in range(rounds):
            for variant in timings if n % 2 == 0 else reversed(timings):
                timing = time_build(configs[variant], Path(folder) / f"site-{variant}")
                timings[variant].append((timing.wall, timing.cpu))
    ratio = statistics.median(w[1] / wo[1] for wo, w in zip(timings["without"], timings["with"], strict=True)) - 1
    rows = []
    for variant, label in (("without", "without `almanac/links`"), ("with", "with `almanac/links`")):
        wall = min(t[0] for t in timings[variant])
        cpu = statistics.median(t[1] for t in timings[variant])
        rows.append((f"build {count:,} posts {label}: best wall clock {wall:.2f} s; CPU time", cpu))
    rows[-1] = (rows[-1][0] + f" (+{ratio * 100:.1f} %, median of the rounds)", rows[-1][1])
    return rows


def median_time(run: Callable[[], object], repeat: int) -> float:
    """The median CPU time of `repeat` runs (CPU time: a machine busy with other work slows the
    wall clock far more than it does this process's own time)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


def scan(matcher: Matcher, texts: list[str]) -> int:
    return sum(1 for text in texts for _ in matcher.find(text))


def convert(texts: list[str], extension: EntityLinks | None) -> None:
    for n, text in enumerate(texts):
        extensions = [*EXTENSIONS, extension] if extension is not None else EXTENSIONS
        if extension is not None:
            extension.start_page(f"blog/2026/01/01/post-{n}/", True)
        markdown.Markdown(extensions=extensions).convert(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--models", type=int, default=300)
    parser.add_argument("--aliases", type=int, default=20)
    parser.add_argument("--convert", type=int, default=200, help="posts converted by Markdown (default 200)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build", type=int, default=0, help="also build a site of this many posts (default: none)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the builds (default 3)")
    args = parser.parse_args(argv)
    commit = subprocess.run(  # the code measured: the commit when the run starts
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()

    every = entities(args.models, args.aliases)
    names = sum(len(entity.names) for entity in every)
    kinds = ("model", "vendor", "provider")
    with tempfile.TemporaryDirectory(prefix="almanac-mentions-") as folder:
        texts = posts(Path(folder), args.posts, every)
    size = sum(len(text) for text in texts)
    matcher = Matcher(every, kinds)
    index = EntityIndex(every)
    few = Matcher(every[60:61], kinds)  # one model: 20 names
    some = Matcher(every[60:90], kinds)  # 30 models: 600 names
    found = scan(matcher, texts)

    rows = [
        (f"build the Matcher of {names:,} names", median_time(lambda: Matcher(every, kinds), args.repeat)),
        (
            f"scan {len(texts):,} posts ({size / 1e6:.1f} M characters; {found:,} names found)",
            median_time(lambda: scan(matcher, texts), args.repeat),
        ),
        (
            f"the same scan with {len(few.names)} names",
            median_time(lambda: scan(few, texts), args.repeat),
        ),
        (
            f"the same scan with {len(some.names)} names",
            median_time(lambda: scan(some, texts), args.repeat),
        ),
        (
            f"check the `[[…]]` of {len(texts):,} posts",
            median_time(
                lambda: [check_wikilinks(text, index, path="p.md") for text in texts],
                args.repeat,
            ),
        ),
    ]
    # Without and with the extension in turns, so that both meet the same state of the machine;
    # the share is the median of the rounds' ratios.
    sample = texts[: args.convert]
    convert(sample[:20], None)  # load what the first conversion loads (Pygments' lexers…)
    convert(sample[:20], EntityLinks(index, matcher))
    plains, linkeds = [], []
    for _ in range(args.repeat):
        plains.append(median_time(lambda: convert(sample, None), 1))
        linkeds.append(median_time(lambda: convert(sample, EntityLinks(index, matcher)), 1))
    share = statistics.median(linked / plain for plain, linked in zip(plains, linkeds, strict=True)) - 1
    added = statistics.median(linked - plain for plain, linked in zip(plains, linkeds, strict=True)) / len(sample)
    rows.append((f"convert {len(sample)} posts with the site's Markdown extensions", statistics.median(plains)))
    rows.append(
        (
            f"the same with `EntityLinks` (+{share * 100:.1f} %, {added * 1000:.2f} ms a post, medians of the rounds)",
            statistics.median(linkeds),
        )
    )

    if args.build:
        rows.extend(builds(args.build, args.rounds))

    print(
        f"{time.strftime('%Y-%m-%d')}, commit `{commit}`, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, CPU time, median of {args.repeat}:\n"
    )
    print("| Step | Time |\n|------|-----:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds * 1000:,.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
