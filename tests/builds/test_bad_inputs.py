"""Every case of the bad-input catalogue (`tests/fixtures/bad/`, format in its README) stops both
`mkdocs build --strict` and `almanac check`, run as a user runs them: exit 1, the case's line first,
no traceback, within the time limit, the last good site left as it was and nothing written.

Each command runs in a new process of its own, forked from one that has imported MkDocs and our plugins
already (`launcher.py`): the same entry point, arguments and environment as the user's command, without
importing them again for each of the ~290 runs. A case's project, build and check are made when the first
of its two tests asks for them; its tests are one `xdist_group`, so that `make test` (pytest-xdist) runs
both where the case ran, and spreads the cases over the cores. Each case is its own test with its own
report. The good site is built once for the whole run; each case's `site/` is made of hard links to a copy
of it, its files hashed once (see `Runs`)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import launcher
from helpers import BIN, CommandResult, build_env, run_command
from shared_builds import shared_build

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
    project: Path  # removed once its files are hashed
    build: CommandResult
    check: CommandResult
    before: dict[str, str]  # every file of the project, the last good site included
    after: dict[str, str]  # the same, once the build and the check have run


def hashes(folder: Path, *, leave_out: str = "") -> dict[str, str]:
    """Every file under `folder` (but the folder `leave_out` of it) and the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not (leave_out and path.relative_to(folder).parts[0] == leave_out)
    }


def make_project(case: str, destination: Path, good_site: Path) -> Path:
    """`_base` with the case's files over it, its `remove` list deleted, and the last good build in `site/`: its
    files are hard links to those of `good_site` (3 MB a case not copied; see `Runs` for a build that writes
    into one)."""
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
    shutil.copytree(good_site, destination / "site", copy_function=os.link)
    return destination


def build_command(project: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]


def check_command(project: Path) -> list[str]:
    return [str(BIN / "almanac"), "check", "-f", str(project / "mkdocs.yml")]


@dataclass
class GoodSite:
    """The last good build of `_base`, which every case's project holds in `site/`, and its files' hashes."""

    site: Path
    hashes: dict[str, str]  # as `hashes(project)` gives them: `site/…`


def run_case(case: str, root: Path, good: GoodSite, site: Path) -> Outcome:
    """The case's project made, with `site` (a copy of the good site) as its `site/`, then its build, then its
    check."""
    project = make_project(case, root / case, site)
    # The good site's files hold the bytes hashed once: only the case's own files are hashed here.
    before = {**hashes(project, leave_out="site"), **good.hashes}
    env = build_env()

    def run(command: list[str]) -> CommandResult:
        name, *argv = command
        return launcher.run(Path(name).name, argv, cwd=project, env=env, timeout=TIME_LIMIT)

    build, check = run(build_command(project)), run(check_command(project))
    return Outcome(project, build, check, before, hashes(project))


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, removed or changed, as `+path`, `-path` and `~path`."""
    return sorted(
        [f"+{path}" for path in after.keys() - before.keys()]
        + [f"-{path}" for path in before.keys() - after.keys()]
        + [f"~{path}" for path in before.keys() & after.keys() if before[path] != after[path]]
    )


def build_good_site(tmp_path_factory: pytest.TempPathFactory) -> GoodSite:
    """One strict build of `_base`, made once for the whole run (`shared_builds.py`): the site a failed build
    must leave as it was. `almanac check` passes on `_base` too."""

    def copy(folder: Path) -> Path:
        shutil.copytree(BASE, folder, dirs_exist_ok=True)
        return folder

    done = shared_build(tmp_path_factory, "bad-inputs-base", copy)
    assert done.returncode == 0, f"tests/fixtures/bad/_base does not build:\n{done.output}"
    project = done.site.parent
    checked = launcher.run("almanac", check_command(project)[1:], cwd=project, env=build_env(), timeout=60)
    assert checked.returncode == 0, f"almanac check finds problems in tests/fixtures/bad/_base:\n{checked.output}"
    return GoodSite(done.site, {f"site/{path}": digest for path, digest in hashes(done.site).items()})


class Runs:
    """The cases' runs, each made once, when one of its tests first asks, in a temporary folder; the good site
    is built before the first of them.

    The cases' `site/` folders are hard links to the files of one copy of the good site. A failed build that
    wrote into a file of its `site/` would write into that copy: the case's tests fail (its files are hashed
    right after its runs), and the next case gets a new copy, so that no other case is blamed.

    The projects are made in memory (`/dev/shm`) where the system has such a folder, and each is removed once
    hashed: ~150 files and folders a case made and removed on a busy disk took 10-16 s of waiting for 143
    cases, against 1 s in memory."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.factory = tmp_path_factory
        memory = Path("/dev/shm")
        in_memory = memory.is_dir() and os.access(memory, os.W_OK)
        self.folder = tempfile.TemporaryDirectory(prefix="almanac-bad-inputs-", dir=memory if in_memory else None)
        self.root = Path(self.folder.name)
        self.good_site: GoodSite | Exception | None = None
        self.copies = 0
        self.copy: Path | None = None  # of the good site, its files intact
        self.done: dict[str, Outcome | str] = {}

    def outcome(self, case: str) -> Outcome | str:
        """The case's outcome, or why it could not be run (reported by its own tests, not the others')."""
        if case not in self.done:
            try:
                if self.good_site is None:
                    try:
                        self.good_site = build_good_site(self.factory)
                    except Exception as error:  # every case fails with it, each in its own tests
                        self.good_site = error
                if isinstance(self.good_site, Exception):
                    raise self.good_site
                if self.copy is None:
                    self.copies += 1
                    self.copy = shutil.copytree(self.good_site.site, self.root / f"good-site-{self.copies}")
                done = run_case(case, self.root, self.good_site, self.copy)
                if any(done.before[path] != done.after.get(path) for path in self.good_site.hashes):
                    self.copy = None
                self.done[case] = done
                shutil.rmtree(done.project)
            except Exception as error:  # a broken case folder fails its own tests only
                self.done[case] = f"{case} could not be set up: {error!r}"
        return self.done[case]


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    made = Runs(tmp_path_factory)
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
    changed = changes(outcome.before, outcome.after)
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
