"""`almanac check --mentions`: the names in posts that the data does not know, listed as notes after
the check's problems, on a project of its own (tests/fixtures/mentions); the exit status is the
check's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import ROOT
from helpers import run_almanac as almanac

FIXTURE = ROOT / "tests" / "fixtures" / "mentions"

NOTES = [
    'docs/blog/posts/2026-03-01-glm.md:8: "GLM-5" names no model, vendor or provider of data/ — '
    'add it to data/ or as an alias (did you mean "GLM-4.6"?)',
    'docs/blog/posts/2026-03-01-glm.md:12: "Zhipu ai" names no model, vendor or provider of data/ — '
    'add it to data/ or as an alias (did you mean "Zhipu AI"?)',
    'docs/blog/posts/2026-04-01-zh.md:8: "智谱清颜" names no model, vendor or provider of data/ — '
    'add it to data/ or as an alias (did you mean "智谱清言"?)',
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "mentions"))


def test_unknown_names_are_notes_and_the_exit_status_stays_0(project: Path) -> None:
    done = almanac("check", "--mentions", "--today", "2026-11-28", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[:-1] == NOTES
    assert "almanac check --mentions: 3 names in posts that data/ does not know (notes)" in done.stderr
    assert "posts and data are valid as of 2026-11-28" in done.stdout.splitlines()[-1]


def test_problems_come_first_and_set_the_exit_status(project: Path) -> None:
    post = project / "docs" / "blog" / "posts" / "2026-04-01-zh.md"
    post.write_text(post.read_text(encoding="utf-8").replace("date: 2026-04-01", "date: soon"), encoding="utf-8")
    done = almanac("check", "--mentions", "--today", "2026-11-28", cwd=project)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("docs/blog/posts/2026-04-01-zh.md:3: `date` is not a date")
    assert lines[1:] == NOTES


def test_data_that_does_not_load_leaves_the_names_unlooked(project: Path) -> None:
    vendor = project / "data" / "vendors" / "zhipu.yaml"
    vendor.write_text(
        vendor.read_text(encoding="utf-8").replace("provider: zhipu-open", "provider: nowhere"), encoding="utf-8"
    )
    done = almanac("check", "--mentions", "--today", "2026-11-28", cwd=project)
    assert done.returncode == 1
    assert all(line.startswith("data/") for line in done.stdout.splitlines()), done.stdout
    assert "almanac check --mentions: names not looked up, data/ does not load" in done.stderr


def test_the_help_says_notes_leave_the_exit_status_alone() -> None:
    done = almanac("check", "--help", cwd=ROOT)
    assert done.returncode == 0
    help_text = " ".join(done.stdout.split())
    assert "--mentions" in help_text
    assert "the exit status stays 0 unless there are problems" in help_text
