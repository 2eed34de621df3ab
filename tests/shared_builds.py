"""Builds made once for a whole run of the tests, whichever pytest-xdist process asks first."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import BuildResult, run_build


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> BuildResult:
    """One strict build of the project `make` writes into the folder it is given, made once for the whole run:
    under pytest-xdist, by the first process that asks, under a lock, while the others wait and then read it
    (the build's exit status and output are kept beside it). Tests read these builds, never change them."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the folder of this run, shared by its processes
    folder = root / f"shared-{name}"
    record = folder.with_suffix(".json")
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            folder.mkdir()
            done = run_build(make(folder))
            record.write_text(json.dumps({"returncode": done.returncode, "output": done.output}), encoding="utf-8")
        kept = json.loads(record.read_text(encoding="utf-8"))
    return BuildResult(kept["returncode"], kept["output"], folder / "site")
