"""Issue 13's benchmark: the Almanac site against the theme's floor and Material's blog, in one run.

For each size of ``--posts``, one synthetic project is generated (``sitegen.py``'s posts with
names of ``datagen.py``'s data woven in, as ``mentions.py`` does, and that data: ``--models``
models, ``--providers`` providers), and the same posts are built five ways, the
order of the five turning from round to round:

    (a) the Almanac site: the theme, search, Markdown extensions and plugins of the sample's
        ``mkdocs.yml`` (``almanac/data``, ``almanac/blog``, ``almanac/links``) and its
        navigation, without the About page;
    (b) the theme's floor: the same theme, search and Markdown extensions, no other plugin;
        the posts are plain pages, in no navigation and no listing (``nav`` holds the home
        page only), and no data pages;
    (c) Material's own ``blog`` and ``tags`` plugins on the same posts (an ``.authors.yml`` with
        the description and avatar Material asks for, a blog index page and a tags page);
    (d) (c)'s posts and authors moved to Model Almanac as the README's migration guide says:
        ``almanac/blog`` where ``blog`` was, with Material's URL rules, no ``tags`` plugin and no
        data (issue 14: a moved blog builds within the performance targets, d/b and d/c);
    (e) (a) with its pages converted in the build's process alone (``almanac/blog``'s
        ``processes: 1``), where (a) lets worker processes convert pages beside it (one per core):
        a/e is what the workers save.

Each build is ``mkdocs build -q`` in a new process (``NO_MKDOCS_2_WARNING=1``,
``ALMANAC_BUILD_DATE`` the data's date, an empty site folder): its wall time, its CPU time (user
and system) and peak RSS from ``os.wait4``, and the ``index.html`` files it wrote. A Markdown
table per size gives the medians over the rounds, and the medians of the rounds' ratios a/b and
a/c; with two sizes or more, the growth of (a) from the smallest to the largest.

``--preview`` then runs ``mkdocs serve --dirty`` (``make serve``'s incremental preview) on the (a)
project of each size and times five saves (a one-word edit of a post, a new post, a price in
``data/``, another edit, another new post) from the write of the file to the page holding the
change, loaded as a browser's tab loads it: told to reload by MkDocs' livereload script (a request
the server holds until a rebuild ends), it loads the page again, and asks for nothing in between.

    .venv/bin/python benchmarks/run.py --posts 1000,3000 [--rounds 3] [--preview]

Progress goes to standard error, the tables to standard output. The projects are written to a
temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from datagen import BUILD_DATE, generate_data
from sitegen import generate_site

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE_CONFIG = REPOSITORY / "mkdocs.yml"

VARIANTS: dict[str, str] = {
    "a": "(a) Almanac: data, blog, links",
    "b": "(b) theme floor: Material + search",
    "c": "(c) Material blog + tags",
    "d": "(d) (c)'s posts moved to almanac/blog",
    "e": "(e) (a) converted in one process",
}

_POLL = 0.05
"""Seconds between two requests of a page while waiting for a change to be served."""
_SAVE_TIMEOUT = 600.0
_JIEBA = (
    "Building prefix dict from ",
    "Loading model from cache ",
    "Loading model cost ",
    "Prefix dict has been built",
)
"""The lines jieba writes when it loads its dictionary (Material's search splits Chinese with it)."""
_VENDOR = "lab-01"
"""The vendor whose name the data edits change (``datagen.py`` always writes it)."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


def _sizes(text: str) -> list[int]:
    sizes = [_positive(part.strip()) for part in text.split(",")]
    if len(set(sizes)) != len(sizes):
        raise argparse.ArgumentTypeError(f"{text!r} names a size twice")
    return sorted(sizes)


def _progress(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


# Projects -------------------------------------------------------------------------------------


def _sample() -> dict[str, Any]:
    """The sample site's configuration, as MkDocs reads it (``!ENV`` resolved)."""
    loaded = yaml.load(SAMPLE_CONFIG.read_text(encoding="utf-8"), Loader=get_yaml_loader())
    if not isinstance(loaded, dict):
        raise SystemExit(f"{SAMPLE_CONFIG}:1: not a mapping — the sample configuration should be a YAML mapping")
    return loaded


def _search(sample: dict[str, Any]) -> Any:
    for entry in sample["plugins"]:
        if entry == "search" or (isinstance(entry, dict) and "search" in entry):
            return entry
    raise SystemExit(f"{SAMPLE_CONFIG}:1: no search plugin — the benchmark builds with the sample's search")


def _config(sample: dict[str, Any], plugins: list[Any], nav: list[Any]) -> str:
    config = {
        "site_name": "Synthetic Almanac",
        "site_url": "https://example.org/",
        "theme": sample["theme"],
        "plugins": plugins,
        "markdown_extensions": sample["markdown_extensions"],
        "nav": nav,
    }
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _weave_names(root: Path) -> None:
    """Weave names and ``[[…]]`` of the data into every post, as ``mentions.py`` does."""
    from mentions import weave

    from almanac.core.data.datasets import load_datasets
    from almanac.core.data.entities import data_entities

    every = data_entities(load_datasets(root, today=BUILD_DATE))
    for path in sorted((root / "docs" / "blog" / "posts").glob("*.md")):
        rng = random.Random(path.name)
        front, _, body = path.read_text(encoding="utf-8").partition("---\n\n")
        path.write_bytes((front + "---\n\n" + weave(body, every, rng)).encode("utf-8"))


def prepare(folder: Path, *, posts: int, models: int, providers: int, offers: int, seed: int) -> dict[str, Path]:
    """Write the projects of ``posts`` posts under ``folder``; return the config of each build."""
    sample = _sample()
    search = _search(sample)
    root_a = folder / "a"
    generate_site(root_a, posts=posts, seed=seed)
    generate_data(root_a, models=models, offers=offers, providers=providers, seed=seed)
    _weave_names(root_a)
    # The sample's navigation, but the About page, which these projects do not have.
    nav_a = [entry for entry in sample["nav"] if entry != {"About": "about.md"}]
    _write(root_a / "mkdocs.yml", _config(sample, sample["plugins"], nav_a))
    one_process = [_with_options(plugin, "almanac/blog", processes=1) for plugin in sample["plugins"]]
    _write(root_a / "mkdocs-one-process.yml", _config(sample, one_process, nav_a))

    root_b = folder / "b"
    shutil.copytree(root_a / "docs", root_b / "docs")
    _write(root_b / "mkdocs.yml", _config(sample, [search], [{"Home": "index.md"}]))

    root_c = folder / "c"
    shutil.copytree(root_a / "docs", root_c / "docs")
    _write(
        root_c / "docs" / "blog" / ".authors.yml",
        "authors:\n  bench:\n    name: Bench Writer\n    description: Writer\n"
        "    avatar: https://example.org/avatar.png\n",
    )
    _write(root_c / "docs" / "blog" / "index.md", "# Blog\n")
    _write(root_c / "docs" / "tags.md", "# Tags\n\n<!-- material/tags -->\n")
    nav_c = [{"Home": "index.md"}, {"Blog": "blog/index.md"}, {"Tags": "tags.md"}]
    _write(root_c / "mkdocs.yml", _config(sample, [search, "blog", "tags"], nav_c))

    # (c)'s posts and authors moved as the README's "Moving a blog from Material for MkDocs" says:
    # almanac/blog where blog was, with Material's URL rules, Material's tags plugin dropped.
    root_d = folder / "d"
    shutil.copytree(root_a / "docs", root_d / "docs")
    shutil.copyfile(root_c / "docs" / "blog" / ".authors.yml", root_d / "docs" / "blog" / ".authors.yml")
    moved = {"post_url_format": "blog/{date}/{slug}/", "post_url_date_format": "yyyy/MM/dd", "post_slug": "title"}
    nav_d = [{"Home": "index.md"}, {"Blog": "blog/index.md"}, {"Tags": "tags/index.md"}]
    _write(root_d / "mkdocs.yml", _config(sample, [search, {"almanac/blog": moved}], nav_d))
    configs = {variant: folder / variant / "mkdocs.yml" for variant in VARIANTS}
    configs["e"] = root_a / "mkdocs-one-process.yml"
    return configs


def _with_options(plugin: Any, name: str, **options: Any) -> Any:
    """``plugin`` as ``mkdocs.yml`` lists it (a name, or a name with options), with ``options`` added
    when it is ``name``."""
    if plugin == name:
        return {name: options}
    if isinstance(plugin, dict) and name in plugin:
        return {name: {**(plugin[name] or {}), **options}}
    return plugin


# Builds ---------------------------------------------------------------------------------------


def build_env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", ALMANAC_BUILD_DATE=BUILD_DATE.isoformat())


@dataclass(frozen=True)
class Build:
    """One build: seconds, peak RSS in MiB, HTML pages written (``index.html`` files)."""

    wall: float
    cpu: float
    rss: float
    pages: int


def build(config: Path, site: Path) -> Build:
    """Build ``config`` into an empty ``site`` in a new process, and measure it. What the builds
    before wrote is on disk first (``os.sync``): no build waits for another's files to be written."""
    shutil.rmtree(site, ignore_errors=True)
    os.sync()
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=build_env(), stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        output.seek(0)
        said = output.read().decode("utf-8", "replace")
    if process.returncode != 0:
        sys.stderr.write(said)
        raise SystemExit(f"{config}: mkdocs build failed (exit {process.returncode}) — its output is above")
    # A quiet build prints only warnings and errors, which change what is measured: show them. But
    # jieba (Chinese words for Material's search) says that it loads its dictionary.
    shown = [line for line in said.splitlines() if line.strip() and not line.startswith(_JIEBA)]
    if shown:
        sys.stderr.write("\n".join(shown) + "\n")
    pages = sum(1 for _ in site.rglob("index.html"))
    # ru_maxrss is in KiB on Linux.
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, pages)


def run_builds(configs: dict[str, Path], folder: Path, posts: int, rounds: int) -> dict[str, list[Build]]:
    builds: dict[str, list[Build]] = {variant: [] for variant in configs}
    order = list(configs)
    for n in range(rounds):
        turn = order[n % len(order) :] + order[: n % len(order)]
        for variant in turn:
            _progress(f"[{posts} posts] round {n + 1} of {rounds}: building {VARIANTS[variant]}")
            done = build(configs[variant], folder / f"site-{variant}")
            _progress(f"  {done.wall:.2f} s wall, {done.cpu:.2f} s CPU, {done.rss:.0f} MiB, {done.pages} pages")
            builds[variant].append(done)
    return builds


def _ratio(mine: list[Build], theirs: list[Build], field: str) -> float:
    ratios: list[float] = [getattr(m, field) / getattr(t, field) for m, t in zip(mine, theirs, strict=True)]
    return statistics.median(ratios)


def table(posts: int, builds: dict[str, list[Build]]) -> str:
    rounds = len(builds["a"])
    lines = [
        f"**{posts:,} posts**, median of {rounds} round{'s' if rounds > 1 else ''}:",
        "",
        "| Build | Wall s | CPU s | Peak RSS MiB | Pages |",
        "|-------|-------:|------:|-------------:|------:|",
    ]
    for variant, label in VARIANTS.items():
        done = builds[variant]
        lines.append(
            f"| {label} | {statistics.median(b.wall for b in done):.2f} "
            f"| {statistics.median(b.cpu for b in done):.2f} "
            f"| {statistics.median(b.rss for b in done):.0f} "
            f"| {statistics.median(b.pages for b in done):,.0f} |"
        )
    lines += ["", "| Ratio, median of the rounds' | Wall | CPU | Peak RSS |", "|------|-----:|----:|----:|"]
    for mine, other in (("a", "b"), ("a", "c"), ("d", "b"), ("d", "c"), ("a", "e")):
        lines.append(
            f"| {mine}/{other} | {_ratio(builds[mine], builds[other], 'wall'):.2f} "
            f"| {_ratio(builds[mine], builds[other], 'cpu'):.2f} "
            f"| {_ratio(builds[mine], builds[other], 'rss'):.2f} |"
        )
    return "\n".join(lines)


def growth(small: int, large: int, results: dict[int, dict[str, list[Build]]]) -> str:
    first, last = results[small]["a"], results[large]["a"]
    wall = statistics.median(b.wall for b in last) / statistics.median(b.wall for b in first)
    cpu = statistics.median(b.cpu for b in last) / statistics.median(b.cpu for b in first)
    return f"t({large:,})/t({small:,}) of (a), medians: wall {wall:.2f}, CPU {cpu:.2f}"


# Preview --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str, timeout: float = 10) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body: bytes = response.read()
            return body.decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, server: subprocess.Popen[bytes], log: Path, start: float) -> float:
    """Seconds from ``start`` (a ``perf_counter``) until ``url`` is served holding ``text``; polled
    every 50 ms, for at most ``_SAVE_TIMEOUT`` seconds."""
    limit = _SAVE_TIMEOUT
    while True:
        body = _fetch(url)
        elapsed = time.perf_counter() - start
        if body is not None and text in body:
            return elapsed
        if server.poll() is not None:
            sys.stderr.write(log.read_text(encoding="utf-8", errors="replace"))
            raise SystemExit(f"mkdocs serve stopped (exit {server.returncode}) — its output is above")
        if elapsed > limit:
            sys.stderr.write(log.read_text(encoding="utf-8", errors="replace")[-4000:])
            raise SystemExit(f"{url} did not show {text!r} within {limit:.0f} s — the server's output is above")
        time.sleep(_POLL)


#: The script MkDocs' server puts into every page it serves: the site's version and the tab's id.
_LIVERELOAD = re.compile(r"livereload\((\d+), (\d+)\)")


class _Browser:
    """A browser tab on the preview, as MkDocs' livereload script drives it: it asks the server for a
    version of the site newer than its page's (a request the server holds until a rebuild ends), then
    loads a page, and asks for nothing in between. (Polling the page meanwhile, as this benchmark
    did before, made the server find, between a save and its rebuild, which pages the last save
    left for after the reload, which no browser asks it to do.)"""

    def __init__(self, base: str, server: subprocess.Popen[bytes], log: Path) -> None:
        self.base, self.server, self.log = base, server, log
        self.epoch, self.tab = self._versions(_fetch(base) or "")

    @staticmethod
    def _versions(page: str) -> tuple[int, str]:
        found = _LIVERELOAD.search(page)
        if found is None:
            raise SystemExit("the served page has no livereload script: is the server `mkdocs serve`?")
        return int(found[1]), found[2]

    def reload_until(self, url: str, text: str, start: float) -> float:
        """Seconds from ``start`` until, told to reload, the tab loads ``url`` holding ``text``."""
        while True:
            origin = urllib.parse.urlsplit(self.base)._replace(path="", query="", fragment="").geturl()
            answer = _fetch(f"{origin}/livereload/{self.epoch}/{self.tab}", timeout=_SAVE_TIMEOUT)
            elapsed = time.perf_counter() - start
            if self.server.poll() is not None:
                sys.stderr.write(self.log.read_text(encoding="utf-8", errors="replace"))
                raise SystemExit(f"mkdocs serve stopped (exit {self.server.returncode}) — its output is above")
            if elapsed > _SAVE_TIMEOUT:
                sys.stderr.write(self.log.read_text(encoding="utf-8", errors="replace")[-4000:])
                raise SystemExit(
                    f"{url} did not show {text!r} within {_SAVE_TIMEOUT:.0f} s — the server's output is above"
                )
            if answer is None or not answer.strip().isdigit() or int(answer) <= self.epoch:
                continue
            page = _fetch(url)
            elapsed = time.perf_counter() - start
            if page is None:
                continue
            self.epoch, self.tab = self._versions(page)
            if text in page:
                return elapsed


@contextlib.contextmanager
def serving(config: Path, log: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``mkdocs serve --dirty`` (the preview of ``make serve``: a save makes again only what it
    changes) of ``config`` on a free port, in its own process group, stopped at the end."""
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, env=build_env(), stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield server, f"http://127.0.0.1:{port}/"
    finally:
        for sent in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            if server.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, sent)
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=15)
        # What the server started, if anything outlived it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)


def _post_url(path: Path) -> str:
    """The URL of a post under ``almanac/blog``'s default ``post_url_format`` (date and slug of the file name)."""
    day, slug = path.stem[:10], path.stem[11:]
    return f"blog/{day.replace('-', '/')}/{slug}/"


def _new_post(root: Path, n: int) -> tuple[Path, str]:
    token = f"Freshpost{n}"
    path = root / "docs" / "blog" / "posts" / f"2026-11-0{n}-fresh-{n}.md"
    text = (
        f'---\ntitle: "{token} arrives"\ndate: 2026-11-0{n}\ntags:\n  - tag-01\nauthors:\n  - bench\n---\n\n'
        f"{token} is a new post.\n\n<!-- more -->\n\nIts body, written while the preview runs.\n"
    )
    _write(path, text)
    return path, token


def preview(config: Path, folder: Path, posts: int) -> str:
    """Five saves in a running ``mkdocs serve`` of the (a) project: seconds from write to served."""
    root = config.parent
    post_files = sorted((root / "docs" / "blog" / "posts").glob("????-??-??-post-*.md"))
    vendor_file = root / "data" / "vendors" / f"{_VENDOR}.yaml"
    timings: list[tuple[str, float]] = []
    _progress(f"[{posts} posts] preview: starting mkdocs serve")
    begun = time.perf_counter()
    with serving(config, folder / "serve.log") as (server, base):
        log = folder / "serve.log"
        started = _wait_for(base, "</html>", server, log, begun)
        _progress(f"  served after {started:.2f} s")
        browser = _Browser(base, server, log)

        def edit_post(path: Path, n: int) -> None:
            token = f"Editedword{n}"
            text = path.read_text(encoding="utf-8")
            at = text.index("<!-- more -->") + len("<!-- more -->\n\n")
            at = text.index(" ", text.index("\n\n", at) + 2)  # after the first word of a paragraph
            start = time.perf_counter()
            path.write_bytes((text[:at] + " " + token + text[at + 1 + text[at + 1 :].index(" ") :]).encode("utf-8"))
            timings.append(("a one-word edit of a post", browser.reload_until(base + _post_url(path), token, start)))

        def add_post(n: int) -> None:
            start = time.perf_counter()
            path, token = _new_post(root, n)
            timings.append(("a new post", browser.reload_until(base + _post_url(path), token, start)))

        def edit_data(n: int) -> None:
            # A price, the data edit an author makes most (`almanac price set`): the vendor's page shows it.
            text = vendor_file.read_text(encoding="utf-8")
            rate = re.search(r"input: '[0-9.]+'", text)
            assert rate is not None, f"no input price in {vendor_file}"
            token = f"{40 + n}.17"
            start = time.perf_counter()
            vendor_file.write_bytes((text[: rate.start()] + f"input: '{token}'" + text[rate.end() :]).encode("utf-8"))
            seconds = browser.reload_until(base + f"vendors/{_VENDOR}/", token, start)
            timings.append(("a data edit (a price)", seconds))

        steps: list[Callable[[], None]] = [
            lambda: edit_post(post_files[len(post_files) // 2], 1),
            lambda: add_post(1),
            lambda: edit_data(1),
            lambda: edit_post(post_files[0], 2),
            lambda: add_post(2),
        ]
        for k, step in enumerate(steps, 1):
            step()
            _progress(f"  save {k} of {len(steps)}: {timings[-1][0]}: {timings[-1][1]:.2f} s")
    seconds = [t for _, t in timings]
    lines = [
        f"**Preview, {posts:,} posts**: seconds from a save to the served page with the change.",
        "",
        f"`mkdocs serve` first served the site after {started:.2f} s.",
        "",
        "| Save | Seconds |",
        "|------|--------:|",
        *(f"| {k}. {kind} | {t:.2f} |" for k, (kind, t) in enumerate(timings, 1)),
        f"| min / median / max | {min(seconds):.2f} / {statistics.median(seconds):.2f} / {max(seconds):.2f} |",
    ]
    return "\n".join(lines)


# Main -----------------------------------------------------------------------------------------


def processor() -> str:
    """The processor's name, as Linux tells it (machines of one name differ in speed: the name tells
    whether two runs' seconds compare), else Python's."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "processor unknown"


def header(rounds: int) -> str:
    commit = subprocess.run(  # the code measured: the commit when the run starts
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPOSITORY, capture_output=True, text=True, check=False
    ).stdout.strip()
    load = os.getloadavg()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, commit `{commit}`, {os.cpu_count()} cores"
        f" ({processor()}), "
        f"{memory:.0f} GiB, Python {platform.python_version()}, load average {load:.1f} at the start, "
        + (f"{rounds} round{'s' if rounds != 1 else ''} of (a)…(e) in turns" if rounds else "no builds")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=_sizes, required=True, help="comma-separated sizes of the blog, e.g. 1000,3000")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the five builds (default 3; 0: none)")
    parser.add_argument("--models", type=_positive, default=300, help="models of the data (default 300)")
    parser.add_argument("--providers", type=_positive, default=30, help="providers of the data (default 30)")
    parser.add_argument("--offers", type=_positive, default=1000, help="offers of the data (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the posts and data (default 0)")
    parser.add_argument("--preview", action="store_true", help="also time five saves in `mkdocs serve` of (a)")
    args = parser.parse_args(argv)
    if args.rounds < 0:
        parser.error(f"argument --rounds: {args.rounds} must be 0 or more")
    if args.rounds == 0 and not args.preview:
        parser.error("argument --rounds: 0 builds nothing — give --preview, or 1 round or more")
    _sample()  # a broken sample configuration stops the run before anything is generated

    print(header(args.rounds) + "\n")
    results: dict[int, dict[str, list[Build]]] = {}
    with tempfile.TemporaryDirectory(prefix="almanac-run-") as temporary:
        for posts in args.posts:
            folder = Path(temporary) / str(posts)
            _progress(f"[{posts} posts] generating the projects")
            configs = prepare(
                folder,
                posts=posts,
                models=args.models,
                providers=args.providers,
                offers=args.offers,
                seed=args.seed,
            )
            if args.rounds:
                results[posts] = run_builds(configs, folder, posts, args.rounds)
                print(table(posts, results[posts]) + "\n", flush=True)
            if args.preview:
                print(preview(configs["a"], folder, posts) + "\n", flush=True)
        if len(results) > 1:
            sizes = sorted(results)
            print(growth(sizes[0], sizes[-1], results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
