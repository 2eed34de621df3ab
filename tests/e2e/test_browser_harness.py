"""The browser tests' own machinery, on a hand-made page that does everything a page must not: the log
notes its dialog, console error, uncaught exception, request to another host (aborted) and missing file;
and `.ci/run` installs what these tests need."""

from __future__ import annotations

import re
from pathlib import Path

from browsing import CHROMIUM_PACKAGE, DESKTOP, serve, watch
from playwright.sync_api import Browser

from helpers import ROOT

BAD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bad</title>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"></head>
<body><img src="missing.png" alt=""><script>alert("hi"); console.error("oops"); undefined_function();</script>
</body></html>"""


def test_the_log_notes_everything_a_page_must_not_do(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    with serve("bad", tmp_path, "/prefix/") as site:
        context = browser.new_context(viewport=DESKTOP)
        log = watch(context, site)
        page = context.new_page()
        page.goto(site.url("sub/"))
        page.wait_for_load_state("load")
        context.close()
    url = site.url("sub/")
    assert log.dialogs == [f"{url}: alert 'hi'"]
    assert log.foreign_requests == [f"{url}: https://fonts.googleapis.com/css?family=Roboto"]
    assert f"{url}: 404 {site.url('sub/missing.png')}" in log.failed_responses
    assert site.missing == ["/prefix/sub/missing.png"]
    assert any(entry.startswith(f"{url}: oops") for entry in log.console_errors)
    assert any("undefined_function is not defined" in entry for entry in log.console_errors)


def test_ci_installs_the_browser_the_tests_launch_cjk_fonts_and_java() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    installed = re.findall(r"^ensure_apt_packages (.+)$", script, re.M)
    assert {CHROMIUM_PACKAGE, "fonts-noto-cjk", "default-jre-headless"} <= set(" ".join(installed).split())
