"""Fixture projects for the datasets tests: a minimal valid project, copied and edited per test."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from almanac.core.data.datasets import check_project

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "datasets"
TODAY = date(2026, 11, 28)

MakeProject = Callable[..., Path]


@pytest.fixture
def today() -> date:
    """The build date of every test: prices covering it are current."""
    return TODAY


@pytest.fixture
def project(tmp_path: Path) -> MakeProject:
    """`project({"data/vendors/acme.yaml": "..."})`: the minimal project with files replaced.

    Text is dedented (so it can be written inline, its line numbers as in the test); bytes
    are written as they are; `None` deletes the file.
    """

    def make(files: dict[str, str | bytes | None] | None = None, *, base: str = "minimal") -> Path:
        root = tmp_path / "project"
        shutil.copytree(FIXTURES / base, root)
        for rel, content in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if content is None:
                path.unlink()
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return root

    return make


@pytest.fixture
def errors_in() -> Callable[[Path], list[str]]:
    """The formatted errors `check_project` finds in a project, in report order."""

    def run(root: Path) -> list[str]:
        return [error.format() for error in check_project(root, today=TODAY)]

    return run
