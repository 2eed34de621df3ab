"""Where a save's time goes in the preview: ``mkdocs serve --dirty`` of a project, a one-word edit of a
post every ``--every`` seconds, and each line the server prints stamped with the seconds since the save,
until the post is served with the word.

The server's own lines tell the steps apart: "Detected file changes" (MkDocs' preview polls the docs
folder every 0.5 s, then waits for 0.1 s without change), "Building documentation...", our
"preview: N of M pages converted, K rendered" (the end of ``on_env``: every page converted, those to
render decided), "Documentation built in …" and "Reloading browsers". With ``--every`` longer than
the preview's search index takes (10–16 s at 1,000 posts), no save waits for a core.

    .venv/bin/python benchmarks/serve_timeline.py /tmp/p1k/a/mkdocs.yml --saves 5 --every 15

The project is one of ``run.py``'s (its posts are ``docs/blog/posts/YYYY-MM-DD-post-*.md``); its posts
are edited in place.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _fetch, _free_port, _positive, _post_url, build_env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config", type=Path, help="the mkdocs.yml of a project made by run.py")
    parser.add_argument("--saves", type=_positive, default=5, help="how many one-word edits (default 5)")
    parser.add_argument("--every", type=float, default=15.0, help="seconds between saves (default 15)")
    args = parser.parse_args(argv)
    root = args.config.resolve().parent
    posts = sorted((root / "docs" / "blog" / "posts").glob("????-??-??-post-*.md"))
    if len(posts) < args.saves:
        parser.error(f"{root} has {len(posts)} generated posts, fewer than --saves")
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(args.config), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    lines: list[tuple[float, str]] = []

    def read() -> None:
        assert server.stdout is not None
        for raw in server.stdout:
            lines.append((time.perf_counter(), raw.decode("utf-8", "replace").rstrip()))

    threading.Thread(target=read, daemon=True).start()
    base = f"http://127.0.0.1:{port}/"
    try:
        started = time.perf_counter()
        while _fetch(base) is None:
            if server.poll() is not None:
                raise SystemExit("mkdocs serve stopped:\n" + "\n".join(line for _, line in lines))
            time.sleep(0.2)
        print(f"served after {time.perf_counter() - started:.2f} s", flush=True)
        for n in range(args.saves):
            time.sleep(args.every)
            path = posts[len(posts) // 2 + n]
            text = path.read_text(encoding="utf-8")
            at = text.index("<!-- more -->") + len("<!-- more -->\n\n")
            at = text.index(" ", text.index("\n\n", at) + 2)  # after the first word of a paragraph
            token = f"Timedword{n}x{int(time.time())}"
            mark = len(lines)
            saved = time.perf_counter()
            path.write_text(text[:at] + " " + token + text[at + 1 + text[at + 1 :].index(" ") :], encoding="utf-8")
            while (body := _fetch(base + _post_url(path))) is None or token not in body:
                time.sleep(0.05)
            print(f"save {n + 1}: served after {time.perf_counter() - saved:.2f} s", flush=True)
            for when, line in lines[mark:]:
                print(f"  +{when - saved:6.2f} s  {line}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
