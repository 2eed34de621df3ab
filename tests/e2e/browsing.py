"""What the browser tests share: a built site served on 127.0.0.1, Debian's Chromium driven by Playwright,
and a log of what a page did that it must not (dialogs, console errors, requests to other hosts or to
missing files). Used by the fixtures in `conftest.py`."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Dialog, Frame, Page, Response, Route, ViewportSize

from helpers import ROOT

# Chromium's headless shell, from Debian (never a browser downloaded by Playwright): the headless
# browser Playwright itself runs, without the full browser's window machinery: the visit of the pages
# (`test_browser_pages.py`, one process) took 80 s with it, 124 s with the full `chromium`.
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
#: The Debian package that installs it (`.ci/run` installs it).
CHROMIUM_PACKAGE = "chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 812}
# A page that sends the reader on as it loads (`<meta http-equiv="refresh">`).
_REFRESH = re.compile(r"<meta http-equiv=\"refresh\"", re.I)


def required(available: bool, what: str) -> None:
    """Skip the test with a message when `what` is missing here; fail under CI, which installs it."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; .ci/run installs it")
    pytest.skip(f"{what} is missing; install it to run this test (see README, Running the tests)")


def java() -> str | None:
    return shutil.which("java")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly and notes every path it could not find."""

    missing: list[str]
    prefix: str  # the path of the site's address (`site_url`), such as `/` or `/injection/`

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return super().translate_path("/.outside-the-site/")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404:
            self.missing.append(self.path)
        super().send_error(code, message, explain)

    def handle(self) -> None:
        # The browser drops connections it no longer needs when a test moves to the next page.
        with suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


@dataclass
class Site:
    """A built site served at `base` (`http://127.0.0.1:<port>/`)."""

    name: str
    root: Path
    base: str
    missing: list[str]

    def pages(self) -> list[str]:
        """The path of every HTML page, as a reader asks for it: `""`, `blog/`, `404.html`…; not the pages
        that only send the reader on to another (`redirects`), which the browser leaves as it loads them."""
        return [path for path, page in self._html() if not _REFRESH.search(page.read_text(encoding="utf-8"))]

    def redirects(self) -> list[str]:
        """The path of every page that sends the reader on at once (a refresh in its head: a post's earlier
        address, `post_url_redirects` and `aliases`)."""
        return [path for path, page in self._html() if _REFRESH.search(page.read_text(encoding="utf-8"))]

    def _html(self) -> list[tuple[str, Path]]:
        found = []
        for page in sorted(self.root.rglob("*.html")):
            relative = page.relative_to(self.root).as_posix()
            found.append((relative.removesuffix("index.html") if page.name == "index.html" else relative, page))
        return found

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serve(name: str, root: Path, prefix: str = "/") -> Iterator[Site]:
    """Serve `root` at `http://127.0.0.1:<free port><prefix>` with a small threaded server until the block
    ends. The prefix is the path of the site's `site_url`: Material's 404 page links its styles from there."""
    missing: list[str] = []
    handler = type("Handler", (_Handler,), {"missing": missing, "prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(name, root, f"http://127.0.0.1:{server.server_port}{prefix}", missing)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class PageLog:
    """What pages did that they must not, each entry prefixed by the page it happened on."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)


def watch(context: BrowserContext, site: Site) -> PageLog:
    """Abort and note every request a page of `context` makes to another host, and note dialogs, console
    errors, uncaught exceptions and responses of 400 or more on every page it opens."""
    log = PageLog()
    # Only requests to other hosts go through Python: a pattern rather than a function keeps the rest
    # (and the browser's cache) out of the route.
    local = re.compile("^(?!" + re.escape(site.base) + ")")

    def abort(route: Route) -> None:
        log.foreign_requests.append(f"{_where(route.request.frame)}: {route.request.url}")
        route.abort()

    context.route(local, abort)

    def on_page(page: Page) -> None:
        def on_dialog(dialog: Dialog) -> None:
            log.dialogs.append(f"{page.url}: {dialog.type} {dialog.message!r}")
            dialog.dismiss()

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                log.console_errors.append(f"{page.url}: {message.text} ({message.location.get('url', '')})")

        def on_response(response: Response) -> None:
            if response.status >= 400:
                log.failed_responses.append(f"{page.url}: {response.status} {response.url}")

        page.on("dialog", on_dialog)
        page.on("console", on_console)
        page.on("pageerror", lambda error: log.console_errors.append(f"{page.url}: uncaught {error}"))
        page.on("response", on_response)

    context.on("page", on_page)
    return log


def _where(frame: Frame) -> str:
    try:
        return str(frame.url)
    except Exception:  # a request of a worker has no frame
        return "(worker)"


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot of the viewport as `test-artifacts/<name>.png`."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
