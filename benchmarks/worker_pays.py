"""Does the second process pay? One process against two, paired and alternating.

Builds the same synthetic site (``sitegen.py`` posts, ``datagen.py`` data, ``almanac/data``
listed as on the sample site) twice per round: once with ``parallel: true`` (the data pages made
in a second process while MkDocs builds the posts) and once with ``parallel: false`` (all in the
build's own process). Each round runs the two in the other order than the round before, so a
machine that speeds up or slows down falls on both. For each size it prints the median and the
range of the ratios two/one of the rounds, and the best time of each.

    .venv/bin/python benchmarks/worker_pays.py --sizes 200,1000,3000 --rounds 5

Builds run as ``mkdocs build -q`` with ``NO_MKDOCS_2_WARNING=1`` and
``ALMANAC_BUILD_DATE=2026-11-28`` in subprocesses; the wall-clock time includes starting Python.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data_overhead import build_env, prepare


def build(config: Path, site_dir: Path) -> float:
    """Wall-clock seconds of one quiet build; stops on a failed or talkative build."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    start = time.perf_counter()
    result = subprocess.run(command, env=build_env(), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0 or result.stdout.strip() or result.stderr.strip():
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"the build of {config} failed or warned (exit {result.returncode})")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,1000,3000", help="posts per site, comma-separated")
    parser.add_argument("--rounds", type=int, default=5, help="pairs of builds per size (default 5)")
    parser.add_argument("--models", type=int, default=300, help="models (default 300)")
    parser.add_argument("--offers", type=int, default=1000, help="offers (default 1000)")
    parser.add_argument("--providers", type=int, default=30, help="providers (default 30)")
    args = parser.parse_args(argv)
    print("| Posts | One process (best) | Two processes (best) | Two / one, median of rounds | Range | Rounds |")
    print("|------:|------:|------:|------:|------|------:|")
    with tempfile.TemporaryDirectory(prefix="worker-pays-") as tmp:
        for posts in (int(size) for size in args.sizes.split(",")):
            folder = Path(tmp) / str(posts)
            configs = prepare(
                folder,
                posts=posts,
                tags=40,
                words=800,
                seed=0,
                models=args.models,
                offers=args.offers,
                providers=args.providers,
                vendors=20,
                variants=("b", "e"),
            )
            times: dict[str, list[float]] = {"b": [], "e": []}
            for index in range(args.rounds):
                order = ("b", "e") if index % 2 == 0 else ("e", "b")
                for variant in order:
                    times[variant].append(build(configs[variant], folder / variant / "site"))
                print(
                    f"  {posts} posts, round {index + 1}: two {times['b'][-1]:.2f} s, one {times['e'][-1]:.2f} s",
                    file=sys.stderr,
                )
            ratios = [two / one for two, one in zip(times["b"], times["e"], strict=True)]
            print(
                f"| {posts:,} | {min(times['e']):.2f} s | {min(times['b']):.2f} s | "
                f"{statistics.median(ratios):.3f} | {min(ratios):.3f}–{max(ratios):.3f} | {args.rounds} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
