"""Fixtures shared by the tests; plain helpers live in `helpers.py`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(TESTS.parent / "benchmarks"))

from helpers import BuildResult, copy_project, run_build  # noqa: E402


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One strict build of the sample site, shared by the tests that read it."""
    project = copy_project(tmp_path_factory.mktemp("sample"))
    return run_build(project)
