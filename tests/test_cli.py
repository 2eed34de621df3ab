"""The `almanac` command answers --version and --help, as installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from almanac import __version__

ALMANAC = Path(sys.executable).parent / "almanac"


def test_version() -> None:
    done = subprocess.run([str(ALMANAC), "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"almanac {__version__}"
    assert __version__ != "0.0.0"  # the installed package's own version


def test_help() -> None:
    done = subprocess.run([str(ALMANAC), "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: almanac")
    assert "Model Almanac" in done.stdout
