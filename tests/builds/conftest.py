"""Builds of the sample site for the tests that read it: the sample as it is (`sample_build`, shared by
the whole suite) and the sample grown by valid content an author may add (`grown_build`: the files of
`tests/fixtures/grown/` laid over a copy). `any_build` is each of the two in turn: a test that takes it
asserts what must hold for any valid content, with expectations computed from the project's own files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import BuildResult, copy_project
from shared_builds import shared_build

GROWN = Path(__file__).resolve().parents[1] / "fixtures" / "grown"


def grow(project: Path) -> Path:
    """Lay the files of `tests/fixtures/grown/` (posts, a dataset) over the copy of the sample in `project`."""
    for folder in ("docs", "data"):
        shutil.copytree(GROWN / folder, project / folder, dirs_exist_ok=True)
    return project


@pytest.fixture(scope="session")
def grown_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One strict build of the sample with the posts and the price of `tests/fixtures/grown/` added."""
    return shared_build(tmp_path_factory, "grown", lambda folder: grow(copy_project(folder)))


@pytest.fixture(params=["sample", "grown"])
def any_build(request: pytest.FixtureRequest) -> BuildResult:
    """The sample site's build, then the grown sample's."""
    build: BuildResult = request.getfixturevalue(f"{request.param}_build")
    return build
