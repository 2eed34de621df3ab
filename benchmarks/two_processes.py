"""Does converting posts in two processes pay? A measurement, not a build.

Issue 13 asks to split the Markdown conversion of independent posts across processes only if
it makes the build at least 25 % faster at 1,000 posts. This converts every post of a project
(``docs/blog/posts/*.md``, front matter removed) with the Markdown extensions of its
``mkdocs.yml`` and a new ``Markdown`` instance per post, as MkDocs does, two ways, taking turns
``--rounds`` times:

    one: in this process, one post after the other;
    two: in a ``concurrent.futures.ProcessPoolExecutor`` of two processes (started, importing
         Markdown and the extensions, for each run: a build would pay that too), the posts
         sent in chunks, the HTML sent back.

It prints the wall time of each run, the medians, and the median of the rounds' saving, in
seconds and as a share of ``--build`` (the wall time of a whole build of the same project, e.g.
from ``run.py``) when given. The HTML of both ways is compared: it must be the same.

    .venv/bin/python benchmarks/two_processes.py /tmp/p1k/b/mkdocs.yml --rounds 3 [--build 16.0]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

_extensions: tuple[list[Any], dict[str, Any]] | None = None


def _load(config_file: str) -> None:
    """Read the project's Markdown extensions (once per process)."""
    global _extensions
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config

    config = load_config(config_file)
    _extensions = (list(config.markdown_extensions), dict(config.mdx_configs))


def convert(texts: list[str]) -> list[str]:
    """The HTML of each text, with a new Markdown instance each, as MkDocs converts a page."""
    import markdown

    assert _extensions is not None
    extensions, configs = _extensions
    return [markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text) for text in texts]


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5 :]
    return text


def one(texts: list[str]) -> tuple[float, list[str]]:
    start = time.perf_counter()
    html = convert(texts)
    return time.perf_counter() - start, html


def two(config_file: str, texts: list[str], chunk: int) -> tuple[float, list[str]]:
    start = time.perf_counter()
    chunks = [texts[at : at + chunk] for at in range(0, len(texts), chunk)]
    with concurrent.futures.ProcessPoolExecutor(2, initializer=_load, initargs=(config_file,)) as pool:
        html = [part for done in pool.map(convert, chunks) for part in done]
    return time.perf_counter() - start, html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("config", type=Path, help="the project's mkdocs.yml")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the two ways (default 3)")
    parser.add_argument("--chunk", type=int, default=50, help="posts sent to a process at a time (default 50)")
    parser.add_argument("--build", type=float, help="wall seconds of a whole build, to give the saving a share of")
    args = parser.parse_args(argv)
    config_file = str(args.config.resolve())
    posts = sorted((args.config.parent / "docs" / "blog" / "posts").glob("*.md"))
    texts = [_body(path) for path in posts]
    _load(config_file)
    times: dict[str, list[float]] = {"one": [], "two": []}
    for n in range(args.rounds):
        made: dict[str, list[str]] = {}
        for way in ("one", "two") if n % 2 == 0 else ("two", "one"):
            seconds, made[way] = one(texts) if way == "one" else two(config_file, texts, args.chunk)
            times[way].append(seconds)
            print(f"round {n + 1}: {way} process{'es' if way == 'two' else ''} {seconds:.2f} s", file=sys.stderr)
        if made["one"] != made["two"]:
            raise SystemExit("the two ways gave different HTML")
    saved = [a - b for a, b in zip(times["one"], times["two"], strict=True)]
    print(f"{len(texts)} posts, {args.rounds} rounds, os.cpu_count() = {os.cpu_count()}")
    print(
        f"one process:   median {statistics.median(times['one']):.2f} s ({', '.join(f'{t:.2f}' for t in times['one'])})"
    )
    print(
        f"two processes: median {statistics.median(times['two']):.2f} s ({', '.join(f'{t:.2f}' for t in times['two'])})"
    )
    print(f"saved: median {statistics.median(saved):.2f} s ({', '.join(f'{t:.2f}' for t in saved)})")
    if args.build:
        print(f"share of a {args.build:.2f} s build: {statistics.median(saved) / args.build:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
