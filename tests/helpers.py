"""Helpers shared by the tests: the project root, and real builds of small sites in temporary folders."""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BUILD_DATE = "2026-11-28"


class _LinkParser(HTMLParser):
    """The ids (`id`, and `name` of `<a>`) of one HTML page and the URLs it links to or loads."""

    URL_ATTRIBUTES = frozenset({"href", "src", "poster", "action", "formaction"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in self.URL_ATTRIBUTES:
                self.urls.append((self.getpos()[0], value.strip()))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((self.getpos()[0], candidate.split()[0]))


def site_link_problems(site: Path, base_path: str = "/") -> list[str]:
    """Every local `href`/`src` of the built HTML that leads to no file, and every `#anchor` (on the
    same page or another) that names no `id` there, as `page:line: url — what is wrong`. Links from the
    server's root (`/…`, as on the 404 page) start with `base_path`, the path of the site's `site_url`.
    Links with a scheme (`https:`, `mailto:`, `data:`…) or to another host (`//…`) are not followed."""
    pages: dict[Path, _LinkParser] = {}
    for path in sorted(site.rglob("*.html")):
        parser = _LinkParser()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[path.resolve()] = parser
    problems = []
    root = site.resolve()
    for page, parser in pages.items():
        where = page.relative_to(root)
        for line, url in parser.urls:
            if not url or url.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
                continue
            path, _, fragment = url.partition("#")
            path = path.split("?", 1)[0]
            if path.startswith("/") and not path.startswith(base_path):
                problems.append(f"{where}:{line}: {url} — outside the site ({base_path})")
                continue
            if not path:
                target = page
            else:
                if path.startswith("/"):
                    path = path[len(base_path) - 1 :]
                base = root if path.startswith("/") else page.parent
                target = (base / unquote(path).lstrip("/")).resolve()
                if path.endswith("/") or target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    problems.append(f"{where}:{line}: {url} — no such file")
                    continue
            if fragment and target in pages and unquote(fragment) not in pages[target].ids:
                problems.append(f"{where}:{line}: {url} — no element with id {unquote(fragment)!r}")
    return problems


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML of the page published at `url` (e.g. `blog/page/2/`)."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def broken_links(self) -> list[str]:
        """Local links, sources and `#anchors` of the built HTML that lead nowhere (see `site_link_problems`)."""
        config = self.site.parent / "mkdocs.yml"
        text = config.read_text(encoding="utf-8") if config.is_file() else ""
        site_url = re.search(r"^site_url:.*?(https?://[^\s\"'\]]+)", text, re.M)
        return site_link_problems(self.site, urlsplit(site_url.group(1)).path if site_url else "/")

    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    # Prices and states are those of one fixed day, so expected values do not move with the clock.
    env["ALMANAC_BUILD_DATE"] = BUILD_DATE
    env.pop("SITE_URL", None)
    return env


@dataclass
class CommandRun:
    """What a command printed, its standard output and its standard error apart."""

    returncode: int | None
    stdout: str
    stderr: str


def run_almanac(*args: str, cwd: Path, env: dict[str, str] | None = None) -> CommandRun:
    """`almanac *args` run in `cwd` (with `env`, by default `build_env()`) in a process of its own, forked
    from one that has imported the command already (`launcher.py`)."""
    import launcher

    done = launcher.run("almanac", list(args), cwd=cwd, env=build_env() if env is None else env, timeout=120)
    return CommandRun(done.returncode, done.stdout, done.output[len(done.stdout) :])


def run_python(script: str, *args: str, cwd: Path, timeout: float = 300) -> CommandRun:
    """`python -c script *args` run in `cwd` in a process of its own, forked from one that has imported MkDocs
    and the plugins already (`launcher.py`); `returncode` is None when stopped at `timeout` s."""
    import launcher

    done = launcher.run("python", ["-c", script, *args], cwd=cwd, env=build_env(), timeout=timeout)
    return CommandRun(done.returncode, done.stdout, done.output[len(done.stdout) :])


# A preview (`mkdocs serve`) that saves a file between two builds: `python -c PREVIEW_REBUILD
# <mkdocs.yml> <site> <file> <text>` builds the site as the preview does (`serve`, not dirty) and
# prints `built`, writes <text> to <file>, then builds again and prints `stopped` if that build
# stops (MkDocs' `Abort`, as the preview's loop catches it) or `rebuilt`.
PREVIEW_REBUILD = r"""
import logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

logging.basicConfig(level=logging.WARNING, format="%(message)s")

def preview():
    config = load_config(sys.argv[1], site_dir=sys.argv[2])
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=False)

preview()
print("built")
open(sys.argv[3], "w", encoding="utf-8").write(sys.argv[4])
try:
    preview()
    print("rebuilt")
except Abort:
    print("stopped")
"""


def error_lines(output: str) -> list[str]:
    """The lines of the error a failed build ends with: from `ERROR - ` on, without that prefix, up
    to a blank line or MkDocs' closing count (`N errors.`)."""
    lines = output.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("ERROR"))
    found = [re.sub(r"^ERROR\s+-\s+", "", lines[start])]
    for line in lines[start + 1 :]:
        if not line.strip() or line.endswith(" errors."):
            break
        found.append(line)
    return found


def run_build(project: Path, *, tool: str = "mkdocs", strict: bool = True, verbose: bool = False) -> BuildResult:
    """Run a real `mkdocs build` of `project` in a process of its own, as a user would: for `mkdocs`,
    one forked from a process that has imported MkDocs and the plugins already (`launcher.py`).
    `verbose` adds `-v` (the debug messages)."""
    import launcher

    argv = ["build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    if strict:
        argv.append("--strict")
    if verbose:
        argv.append("-v")
    if tool in launcher.COMMANDS:
        done = launcher.run(tool, argv, cwd=project, env=build_env(), timeout=600)
        returncode = -9 if done.returncode is None else done.returncode
        return BuildResult(returncode, done.output, project / "site")
    ran = subprocess.run(
        [str(BIN / tool), *argv], cwd=project, env=build_env(), capture_output=True, text=True, timeout=600
    )
    return BuildResult(ran.returncode, ran.stdout + ran.stderr, project / "site")


def site_digest(site: Path, *, but_generator: bool = False) -> dict[str, str]:
    """Each file of `site` and the hash of its bytes (HTML without the `generator` tag, which names the
    tool, when `but_generator`): two sites are the same, byte for byte, when these are."""
    digests = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if but_generator and path.suffix == ".html":
                data = re.sub(rb'<meta name="generator" content="[^"]*">', b"", data)
            digests[path.relative_to(site).as_posix()] = hashlib.sha256(data).hexdigest()
    return digests


def copy_project(destination: Path) -> Path:
    """A copy of the sample site (config, docs and data) in `destination`."""
    shutil.copy2(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", destination / "docs")
    if (ROOT / "data").is_dir():
        shutil.copytree(ROOT / "data", destination / "data")
    return destination


EDITS_PROJECT = ROOT / "tests" / "fixtures" / "edits"


def copy_edits_project(destination: Path) -> Path:
    """A copy in `destination` of the project of the tests of the commands that edit `data/`: the
    sample's data frozen at one commit and a site of one page (tests/fixtures/edits/README.md)."""
    shutil.copytree(EDITS_PROJECT, destination, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    return destination


MINIMAL_CONFIG = """\
site_name: Test Almanac
site_url: https://example.org/test/
theme: {name: material}
plugins:
  - almanac/blog
markdown_extensions: [toc, admonition]
nav:
  - Home: index.md
  - Blog: blog/index.md
"""

AUTHORS = "authors:\n  lin:\n    name: Lin Qiao\n"


def make_site(root: Path, posts: dict[str, str], *, config: str = MINIMAL_CONFIG) -> Path:
    """A minimal site with the given posts (`{file name: text}`)."""
    (root / "docs" / "blog" / "posts").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "docs" / "blog" / ".authors.yml").write_text(AUTHORS, encoding="utf-8")
    for name, text in posts.items():
        (root / "docs" / "blog" / "posts" / name).write_text(text, encoding="utf-8")
    return root


@dataclass
class CommandResult:
    returncode: int | None  # None: stopped at the time limit
    output: str  # stdout, then stderr
    stdout: str
    seconds: float


# A runaway input (a YAML alias bomb) must fail fast in a test, not take the machine's memory.
COMMAND_MEMORY_LIMIT = 3 * 1024**3


def _limit_memory() -> None:
    # Runs in the child between fork and exec: no import, no lock, one system call.
    resource.setrlimit(resource.RLIMIT_AS, (COMMAND_MEMORY_LIMIT, COMMAND_MEMORY_LIMIT))


def run_command(command: list[str], *, cwd: Path, timeout: float, env: dict[str, str] | None = None) -> CommandResult:
    """Run `command` as a user would, stopped (with every process it started) after `timeout` seconds."""
    import signal
    import time

    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env if env is not None else build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,
        preexec_fn=_limit_memory if sys.platform.startswith("linux") else None,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        returncode: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        returncode = None
    return CommandResult(returncode, stdout + stderr, stdout, time.perf_counter() - started)


def pin_reading(path: Path, model: str, provider: str, tier: str, *, checked: str, source: str | None = None) -> None:
    """The current period of `model` from `provider` in `tier` in the vendor file `path` (its
    layout) set as read on `checked` (and from `source`, when given), whichever day the sample's
    data/ was last refreshed: only those lines rewritten."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index(f"  - id: {model}\n")
    at = next(
        n
        for n in range(at, len(lines))
        if lines[n] == f"      - provider: {provider}\n" and lines[n + 4] == f"        service_tier: {tier}\n"
    )
    at = lines.index("            to: null\n", at)
    at = next(n for n in range(at, len(lines)) if lines[n].startswith("            checked: "))
    lines[at] = f"            checked: {checked}\n"
    if source is not None:
        assert lines[at - 1].startswith("            source: "), lines[at - 1 : at + 1]
        lines[at - 1] = f'            source: "{source}"\n'
    path.write_text("".join(lines), encoding="utf-8")


def free_port() -> int:
    """A TCP port of 127.0.0.1 free now, for a preview server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_log(log: Path, pattern: str, start: int = 0, timeout: float = 60) -> int:
    """The position just after `pattern` in the file `log` (a server's output), at or after `start`,
    once it is written there; fails after `timeout` seconds with the log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        found = text.find(pattern, start)
        if found != -1:
            return found + len(pattern)
        time.sleep(0.1)
    raise AssertionError(f"{pattern!r} not in the log:\n{log.read_text()}")
