"""Would Pagefind pay for itself on the second core? A measurement, not a build.

The Almanac build writes its search index at the end (``almanac/search``, ``on_post_build``):
Pagefind's binary reads one small HTML document per indexed page while the build waits. This
measures what running it beside the build instead of after it could save, two ways, taking
turns ``--rounds`` times:

    after:  ``mkdocs build`` of ``CONFIG``, then Pagefind on ``DOCUMENTS``;
    beside: the two started at the same time, the time until both are done.

``DOCUMENTS`` is a folder of the documents a build staged for Pagefind (copy the ``--site``
folder of its command line). Both run as new processes (``NO_MKDOCS_2_WARNING=1``,
``ALMANAC_BUILD_DATE`` of ``datagen.py``), into temporary folders.

    .venv/bin/python benchmarks/overlap_search.py /tmp/p1k/b/mkdocs.yml /tmp/pagefind-documents --rounds 2
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

from run import build_env


def _commands(config: Path, documents: Path, folder: Path) -> tuple[list[str], list[str]]:
    from almanac.core.search import pagefind_executable

    build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(folder / "site")]
    index = [str(pagefind_executable()), "--site", str(documents), "--output-path", str(folder / "pagefind")]
    return build, [*index, "--force-language", "zh", "--silent"]


def after(build: list[str], index: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(build, env=build_env(), check=True, capture_output=True)
    subprocess.run(index, check=True, capture_output=True)
    return time.perf_counter() - start


def beside(build: list[str], index: list[str]) -> float:
    start = time.perf_counter()
    processes = [
        subprocess.Popen(build, env=build_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen(index, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    if any(process.wait() != 0 for process in processes):
        raise SystemExit("a build or Pagefind failed")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("config", type=Path, help="the project's mkdocs.yml")
    parser.add_argument("documents", type=Path, help="the documents a build staged for Pagefind")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the two ways (default 2)")
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {"after": [], "beside": []}
    for n in range(args.rounds):
        for way in ("after", "beside") if n % 2 == 0 else ("beside", "after"):
            with tempfile.TemporaryDirectory() as folder:
                build, index = _commands(args.config.resolve(), args.documents.resolve(), Path(folder))
                seconds = (after if way == "after" else beside)(build, index)
            times[way].append(seconds)
            print(f"round {n + 1}: {way} {seconds:.2f} s", file=sys.stderr)
    saved = [a - b for a, b in zip(times["after"], times["beside"], strict=True)]
    for label, values in (("after: ", times["after"]), ("beside:", times["beside"]), ("saved: ", saved)):
        print(f"{label} median {statistics.median(values):.2f} s ({', '.join(f'{t:.2f}' for t in values)})")
    shares = [s / a for s, a in zip(saved, times["after"], strict=True)]
    print(f"saved, share of 'after': median {statistics.median(shares):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
