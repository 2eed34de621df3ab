"""A running preview (`mkdocs serve --dirty`, as `make serve` starts it), driven as a browser's tab
drives it: told to reload by MkDocs' livereload script, it loads a page. A save renders the pages of
the files saved before the reload and the others after it (`mkdocs/preview.py`): whatever page the
tab loads then is the one a clean build writes, and the preview reports the pages it wrote later.
The project is `tests/fixtures/links/` (posts that name the data's entities)."""

from __future__ import annotations

import re
import shutil
import time
import urllib.request
from pathlib import Path

import launcher
from helpers import ROOT, build_env, free_port, wait_for_log

FIXTURE = ROOT / "tests" / "fixtures" / "links"
LIVERELOAD = re.compile(r"livereload\((\d+), (\d+)\)")
NEW_POST = """\
---
title: Moonshot opens a relay
date: 2026-07-01
tags: [pricing]
---

A new post, saved while the preview runs.
"""


def _get(url: str, timeout: float = 10) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode("utf-8"))


def test_a_new_post_shows_on_every_page_a_reloaded_tab_loads(tmp_path: Path) -> None:
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    argv = ["serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    server = launcher.start("mkdocs", argv, cwd=project, env=build_env(), log=log)
    try:
        position = wait_for_log(log, "Serving on")
        base = f"http://127.0.0.1:{port}/linked/"
        found = LIVERELOAD.search(_get(base + "blog/"))
        assert found is not None
        epoch, tab = found.groups()
        (project / "docs" / "blog" / "posts" / "2026-07-01-relay.md").write_text(NEW_POST, encoding="utf-8")
        # The tab asks for a newer site, a request the server holds until the rebuild ends.
        assert int(_get(f"http://127.0.0.1:{port}/livereload/{epoch}/{tab}", timeout=120)) > int(epoch)
        # The blog's index, the tag's listing and the feeds are left for after the reload: loaded now,
        # they are written first; the new post's page was written in the rebuild.
        assert "Moonshot opens a relay" in _get(base + "blog/")
        assert "Moonshot opens a relay" in _get(base + "tags/pricing/")
        assert "A new post, saved while the preview runs." in _get(base + "blog/2026/07/01/relay/")
        assert "Moonshot opens a relay" in _get(base + "feed.xml")  # the feeds too
        position = wait_for_log(log, "of them after the reload", position)
        # Seen by the system's notices and by MkDocs' polling (twice a second), the save was built once.
        time.sleep(1.5)
        assert server.poll() is None
    finally:
        server.stop(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text
    assert text.count("Detected file changes") == 1, text
    assert "ERROR" not in text and "was not written" not in text, text
