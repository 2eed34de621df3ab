"""Fixtures shared by the tests (plain helpers live in `helpers.py`), and how `make test` shares them out.

`make test` runs the tests in one process for each core (pytest-xdist, `-n auto --dist loadgroup`). A
process takes a group of tests at a time (`xdist_group`): by default a test module, so that its module
fixtures are made once (the browser tests of the injection site are a group of their own, see
`e2e/conftest.py`); each case of the bad-input catalogue is one. Session fixtures, such as Chromium,
are made once in each process that needs them; the builds of the sample, of the grown sample and of the
injection site once for the whole run (`shared_builds.py`). `ALMANAC_TEST_TIMELINE=<file>` writes when each test
ran on each core (`pytest_runtest_logreport`).

Measured on a clean clone, `.ci/run` on an idle 2-core machine: 1,646 tests in 147-152 s of pytest
(1,471 tests took 154-193 s before the browser visit was sampled and the builds shared; without
pytest-xdist the 1,471 took 259 s). On a busier 2-core machine, about 2.4 times slower, `CI=true pytest -n auto
--dist loadgroup -p no:cacheprovider`: 1,802 tests in 319 s (the tests' phases 600 s, each process busy 301 and
306 s), against 327 s (616 s) for the same tree before the injection site's visit left axe to the pages the
sample's does not cover and the visit checked every page's width on a phone (it checked two). Most of what is
left there: the visit of the sample (105 s: axe-core, about 1 s a page, and each page laid out on a phone, then
on a desktop) and the 288 runs of the bad-input catalogue (116 s; in each, MkDocs' listing of the theme's files
takes 0.11 s and the JSON Schemas of `data/` 0.05 s)."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
INJECTION = TESTS / "fixtures" / "injection"
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(TESTS.parent / "benchmarks"))

from helpers import BuildResult, copy_project  # noqa: E402
from shared_builds import shared_build  # noqa: E402


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test without a group of its own joins its module's."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.path.relative_to(TESTS).as_posix()))


TIMELINE = os.environ.get("ALMANAC_TEST_TIMELINE")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """With ALMANAC_TEST_TIMELINE=<file>: each phase of each test appended to <file> as a tab-separated line: the
    process (pytest-xdist's worker), the test, the phase, its start and end (seconds since the epoch) and the CPU
    seconds the process has spent so far (not those of the commands and browsers it started). A timeline of
    `make test`: which test runs when on each core, what waits."""
    if TIMELINE and not hasattr(report, "node"):  # pytest-xdist's main process hands on its workers' as `node`
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        fields = (worker, report.nodeid, report.when, f"{report.start:.3f}", f"{report.stop:.3f}")
        with open(TIMELINE, "a", encoding="utf-8") as file:
            file.write("\t".join((*fields, f"{time.process_time():.3f}")) + "\n")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One strict build of the sample site, shared by the tests that read it."""
    return shared_build(tmp_path_factory, "sample", copy_project)


@pytest.fixture(scope="session")
def injection_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One strict build of `tests/fixtures/injection/`, the site whose every text and URL field holds a payload."""

    def copy(folder: Path) -> Path:
        shutil.copytree(INJECTION, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site"))
        return folder

    return shared_build(tmp_path_factory, "injection", copy)
