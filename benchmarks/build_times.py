"""Time `mkdocs build` on synthetic sites of several sizes.

Generates one site per size (see sitegen.py) in a temporary folder, builds each
in a subprocess with the project's MkDocs, and prints a Markdown table of the
best wall-clock time of ``--repeat`` builds per size.

    .venv/bin/python benchmarks/build_times.py --sizes 100,1000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen import generate_site


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().replace("_", "")
        if not part:
            continue
        value = int(part)
        if value < 0:
            raise argparse.ArgumentTypeError(f"size must be zero or more: {part}")
        sizes.append(value)
    if not sizes:
        raise argparse.ArgumentTypeError("give at least one size")
    return sizes


def mkdocs_command() -> list[str]:
    """The MkDocs of the running interpreter's environment."""
    return [sys.executable, "-m", "mkdocs"]


def time_build(config: Path, site_dir: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [*mkdocs_command(), "build", "-q", "-f", str(config), "-d", str(site_dir)]
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"mkdocs build failed for {config} (exit {result.returncode})")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("100,1000"),
        help="comma-separated post counts (default 100,1000)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the best is kept (default 1)")
    parser.add_argument("--tags", type=int, default=40, help="distinct tags per site (default 40)")
    parser.add_argument("--words", type=int, default=800, help="body words per post (default 800)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")

    rows: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory(prefix="almanac-bench-") as tmp:
        for size in args.sizes:
            root = Path(tmp) / f"site-{size}"
            config = generate_site(root, posts=size, tags=args.tags, words=args.words, seed=args.seed)
            times = []
            for run in range(args.repeat):
                seconds = time_build(config, root / "site")
                times.append(seconds)
                print(f"{size} posts, run {run + 1}/{args.repeat}: {seconds:.2f} s", file=sys.stderr)
            rows.append((size, min(times)))

    label = "Seconds" if args.repeat == 1 else f"Seconds (best of {args.repeat})"
    print(f"| Posts | {label} |")
    print("|------:|--------:|")
    for size, seconds in rows:
        print(f"| {size:,} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
