"""A real build: text of a page that looks like the marker of a block's place stays text, and the
block's table is drawn at the block's place only."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import ROOT, run_build

BASE = ROOT / "tests" / "fixtures" / "bad" / "_base"


def test_marker_like_text_is_not_a_block(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    page = project / "docs" / "acme.md"
    page.write_text(
        "# Prices of Acme\n\nALMANACBLOCK0X\n\nBefore ALMANACBLOCK0X inline.\n\n"
        + page.read_text(encoding="utf-8").split("\n", 1)[1],
        encoding="utf-8",
    )
    done = run_build(project)
    assert done.returncode == 0, done.output
    html = done.page("acme")
    assert html.count("<table") == 1
    assert (
        html.index("<p>ALMANACBLOCK0X</p>") < html.index("<p>Before ALMANACBLOCK0X inline.</p>") < html.index("<table")
    )
    assert html.count("ALMANACBLOCK") == 2
