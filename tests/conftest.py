"""Fixtures shared by the tests (plain helpers live in `helpers.py`), and the order the session runs them in.

A test module may hand slow work to the session before any test runs: `start_early(items)`, called with its
selected tests once collection is over, and `stop_early()` at the end (the bad-input catalogue starts its
~270 commands so, to run beside the other tests). Such a module's tests run last, after the browser tests,
so that its work has had the whole session to get done."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(TESTS.parent / "benchmarks"))

from helpers import BuildResult, copy_project, run_build  # noqa: E402

_early: list[ModuleType] = []


def _starts_early(item: pytest.Item) -> ModuleType | None:
    module = getattr(item, "module", None)
    return module if isinstance(module, ModuleType) and hasattr(module, "start_early") else None


@pytest.hookimpl(trylast=True)  # after the selection (`-m`, `-k`) and pytest's own grouping by fixture
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of modules that start early last, the browser tests just before them; else as collected."""
    browser = TESTS / "e2e"
    items.sort(key=lambda item: 2 if _starts_early(item) else 1 if browser in item.path.parents else 0)


def pytest_collection_finish(session: pytest.Session) -> None:
    selected: dict[ModuleType, list[pytest.Item]] = {}
    for item in session.items:
        module = _starts_early(item)
        if module is not None:
            selected.setdefault(module, []).append(item)
    for module, items in selected.items():
        module.start_early(items)
        _early.append(module)


def pytest_sessionfinish(session: pytest.Session) -> None:
    while _early:
        _early.pop().stop_early()


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One strict build of the sample site, shared by the tests that read it."""
    project = copy_project(tmp_path_factory.mktemp("sample"))
    return run_build(project)
