"""A first run as a new user makes it: `make serve` and `make build` install only the site's packages and say
so, `make test` adds the test tools, each install is stamped once (again when pyproject.toml changes), and
the site addresses the README names exist in the built sample site. The Makefile runs for real in a folder of
its own, with stand-ins for the virtual environment's `python` and `mkdocs` that record what they are asked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT, BuildResult

SITE_STAMP, TEST_STAMP = ".venv/.installed-site", ".venv/.installed-test"
PIP = "-m pip install --quiet --disable-pip-version-check"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The Makefile and pyproject.toml, and a .venv whose `python` and `mkdocs` only log their arguments."""
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_folder = tmp_path / ".venv" / "bin"
    bin_folder.mkdir(parents=True)
    for name in ("python", "mkdocs"):
        stand_in = bin_folder / name
        stand_in.write_text(f'#!/bin/sh\necho "{name} $*" >> "{tmp_path}/asked"\n', encoding="utf-8")
        stand_in.chmod(0o755)
    return tmp_path


def make(folder: Path, target: str) -> tuple[str, list[str]]:
    """What `make target` prints, and what it asked of the stand-ins (the record then emptied)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    done = subprocess.run(["make", target], cwd=folder, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    record = folder / "asked"
    asked = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
    record.unlink(missing_ok=True)
    return done.stdout, asked


def test_serve_and_build_install_only_the_sites_packages_once_and_say_so(folder: Path) -> None:
    said, asked = make(folder, "build")
    assert said.splitlines()[0] == "Installing Model Almanac into .venv (first run, about a minute)…"
    assert asked == [
        f"python {PIP} --upgrade pip",
        f"python {PIP} -e .",
        "mkdocs build --strict",
    ]
    assert (folder / SITE_STAMP).is_file() and not (folder / TEST_STAMP).exists()
    said, asked = make(folder, "serve")
    assert "Installing" not in said
    assert asked == ["mkdocs serve --dirty"]


def test_test_adds_the_test_tools_and_stamps_the_site_too(folder: Path) -> None:
    make(folder, "build")
    said, asked = make(folder, "test")
    assert said.splitlines()[0] == "Installing Model Almanac and its test tools into .venv (first run, about a minute)…"
    assert asked == [
        f"python {PIP} --upgrade pip",
        f"python {PIP} -e .[test]",
        "python -m pytest -n auto --dist loadgroup",
    ]
    assert make(folder, "build")[1] == ["mkdocs build --strict"]
    assert make(folder, "test")[1] == ["python -m pytest -n auto --dist loadgroup"]


def test_a_changed_pyproject_installs_again_and_says_why(folder: Path) -> None:
    make(folder, "test")
    later = (folder / TEST_STAMP).stat().st_mtime + 10
    os.utime(folder / "pyproject.toml", (later, later))
    said, asked = make(folder, "serve")
    assert said.splitlines()[0] == "Installing Model Almanac into .venv (pyproject.toml changed, about a minute)…"
    assert asked[1:] == [f"python {PIP} -e .", "mkdocs serve --dirty"]
    said, asked = make(folder, "test")
    assert said.splitlines()[0].startswith("Installing Model Almanac and its test tools into .venv (pyproject.toml")
    assert f"python {PIP} -e .[test]" in asked


def test_a_clean_clone_runs_the_tests_through_make_test() -> None:
    # .ci/run runs `make test` in a fresh clone: the stamp the test target needs is made by the same rule.
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    dry = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert dry.returncode == 0, dry.stderr
    assert "-e '.[test]'" in dry.stdout and f"touch {TEST_STAMP} {SITE_STAMP}" in dry.stdout


def readme_addresses() -> list[str]:
    """The site addresses the README writes out (`/tags/large-model/`), not patterns (`/tags/<slug>/`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"`(/[^`\s]*)`", readme)
    return sorted({a for a in found if not re.search(r"[<>|*]|YYYY", a)})


def test_the_addresses_of_the_readme_exist_in_the_sample_site(sample_build: BuildResult) -> None:
    assert sample_build.returncode == 0, sample_build.output
    addresses = readme_addresses()
    assert "/tags/large-model/" in addresses and len(addresses) >= 10
    missing = [
        a
        for a in addresses
        if not (sample_build.site / a.strip("/") / ("index.html" if a.endswith("/") else "")).is_file()
    ]
    assert missing == []
