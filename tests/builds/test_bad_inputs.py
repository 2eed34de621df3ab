"""Every case of the bad-input catalogue (`tests/fixtures/bad/`, format in its README) stops both
`mkdocs build --strict` and `almanac check`, run as a user runs them: exit 1, the case's line first,
no traceback, within the time limit, the last good site left as it was and nothing written.

Each command runs in a new process of its own, forked from one that has imported MkDocs and our plugins
already (`launcher.py`): the same entry point, arguments and environment as the user's command, without
importing them again for each of the ~290 runs. A case's project, build and check are made when the first
of its two tests asks for them; its tests are one `xdist_group`, so that `make test` (pytest-xdist) runs
both where the case ran, and spreads the cases over the cores. Each case is its own test with its own
report."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import launcher
from helpers import BIN, CommandResult, build_env, run_command

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
BASE = BAD / "_base"
CASES = sorted(path.name for path in BAD.iterdir() if path.is_dir() and not path.name.startswith(("_", ".")))
# The two tests of a case run in one process (pytest-xdist's `--dist loadgroup`), which runs the case once.
BY_CASE = [pytest.param(case, marks=pytest.mark.xdist_group(f"bad-input-{case}")) for case in CASES]
CASE_FILES = {"expected", "why", "remove", "make.py"}  # about the case, not copied into the project

TIME_LIMIT = 30.0  # seconds, for each command of a case
ERROR_LINE = re.compile(r"^(?:ERROR|WARNING)\s+-\s+(.*)$")


@dataclass
class Outcome:
    project: Path
    build: CommandResult
    check: CommandResult
    before: dict[str, str]  # every file of the project, the last good site included


def hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` and the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def make_project(case: str, destination: Path, good_site: Path) -> Path:
    """`_base` with the case's files over it, its `remove` list deleted, and the last good build in `site/`."""
    shutil.copytree(BASE, destination)
    folder = BAD / case
    for source in sorted(folder.rglob("*")):
        relative = source.relative_to(folder)
        if source.is_dir() or relative.as_posix() in CASE_FILES:
            continue
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    remove = folder / "remove"
    if remove.is_file():
        for line in remove.read_text(encoding="utf-8").splitlines():
            name = line.strip()
            if name and not name.startswith("#"):
                target = destination / name
                shutil.rmtree(target) if target.is_dir() else target.unlink()
    script = folder / "make.py"
    if script.is_file():
        made = run_command([str(BIN / "python"), str(script), str(destination)], cwd=destination, timeout=60)
        assert made.returncode == 0, f"{case}/make.py failed:\n{made.output}"
    shutil.copytree(good_site, destination / "site")
    return destination


def build_command(project: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]


def check_command(project: Path) -> list[str]:
    return [str(BIN / "almanac"), "check", "-f", str(project / "mkdocs.yml")]


def run_case(case: str, root: Path, good_site: Path) -> Outcome:
    """The case's project made, then its build, then its check."""
    project = make_project(case, root / case, good_site)
    before = hashes(project)
    env = build_env()

    def run(command: list[str]) -> CommandResult:
        name, *argv = command
        return launcher.run(Path(name).name, argv, cwd=project, env=env, timeout=TIME_LIMIT)

    return Outcome(project, run(build_command(project)), run(check_command(project)), before)


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, removed or changed, as `+path`, `-path` and `~path`."""
    return sorted(
        [f"+{path}" for path in after.keys() - before.keys()]
        + [f"-{path}" for path in before.keys() - after.keys()]
        + [f"~{path}" for path in before.keys() & after.keys() if before[path] != after[path]]
    )


def build_good_site(project: Path) -> Path:
    """One strict build of `_base` in `project`: the site a failed build must leave as it was."""
    shutil.copytree(BASE, project)
    done = run_command(build_command(project), cwd=project, timeout=120)
    assert done.returncode == 0, f"tests/fixtures/bad/_base does not build:\n{done.output}"
    checked = run_command(check_command(project), cwd=project, timeout=60)
    assert checked.returncode == 0, f"almanac check finds problems in tests/fixtures/bad/_base:\n{checked.output}"
    return project / "site"


class Runs:
    """The cases' runs, each made once, when one of its tests first asks, in a temporary folder; the good site
    is built before the first of them."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="almanac-bad-inputs-")
        self.root = Path(self.folder.name)
        self.good_site: Path | Exception | None = None
        self.done: dict[str, Outcome | str] = {}

    def outcome(self, case: str) -> Outcome | str:
        """The case's outcome, or why it could not be run (reported by its own tests, not the others')."""
        if case not in self.done:
            try:
                if self.good_site is None:
                    try:
                        self.good_site = build_good_site(self.root / "base" / "project")
                    except Exception as error:  # every case fails with it, each in its own tests
                        self.good_site = error
                if isinstance(self.good_site, Exception):
                    raise self.good_site
                self.done[case] = run_case(case, self.root, self.good_site)
            except Exception as error:  # a broken case folder fails its own tests only
                self.done[case] = f"{case} could not be set up: {error!r}"
        return self.done[case]


@pytest.fixture(scope="session")
def runs() -> Iterator[Runs]:
    made = Runs()
    yield made
    made.folder.cleanup()


@pytest.fixture
def outcome(runs: Runs, case: str) -> Outcome | str:
    """The build and the check of `case` (the test's parameter), run by the first of its tests."""
    return runs.outcome(case)


def first_error(output: str) -> str | None:
    """The text of the build's first error (in a strict build, a warning is one too)."""
    for line in output.splitlines():
        match = ERROR_LINE.match(line)
        if match:
            return match.group(1).rstrip()
    return None


def first_line(output: str) -> str | None:
    lines = output.splitlines()
    return lines[0].rstrip() if lines else None


def expected_line(case: str) -> str:
    lines = (BAD / case / "expected").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and lines[0] == lines[0].strip(), f"{case}/expected must hold one line"
    return lines[0]


def test_the_catalogue_has_sixty_cases_each_with_its_expected_line() -> None:
    assert len(CASES) >= 60, f"only {len(CASES)} cases in tests/fixtures/bad/"
    missing = [case for case in CASES if not (BAD / case / "expected").is_file()]
    assert not missing, f"cases without an `expected` file: {missing}"
    unnamed = [case for case in CASES if not re.fullmatch(r"[a-z]+-[a-z0-9-]+", case)]
    assert not unnamed, f"case folders not named <area>-<what>: {unnamed}"


@pytest.mark.parametrize("case", BY_CASE)
def test_bad_input_stops_the_build(case: str, outcome: Outcome | str) -> None:
    assert isinstance(outcome, Outcome), outcome
    build = outcome.build
    assert build.returncode is not None, f"the build ran over {TIME_LIMIT:.0f} s:\n{build.output[-2000:]}"
    assert "Traceback" not in build.output, build.output
    assert build.returncode == 1, build.output
    assert first_error(build.output) == expected_line(case), build.output
    changed = changes(outcome.before, hashes(outcome.project))
    in_site = [path for path in changed if path[1:].startswith("site/")]
    assert not in_site, f"the failed build changed the last good site: {in_site}"
    assert not changed, f"the failed build or almanac check wrote into the project: {changed}"


@pytest.mark.parametrize("case", BY_CASE)
def test_bad_input_stops_almanac_check(case: str, outcome: Outcome | str) -> None:
    assert isinstance(outcome, Outcome), outcome
    check = outcome.check
    assert check.returncode is not None, f"almanac check ran over {TIME_LIMIT:.0f} s:\n{check.output[-2000:]}"
    assert "Traceback" not in check.output, check.output
    assert check.returncode == 1, check.output
    assert first_line(check.stdout) == expected_line(case), check.output
