"""Between the preview's rebuilds, `almanac/data` reads `data/` again only when a file under it
changed, was added or was removed; the problems of data kept from the last build are reported
again on every rebuild."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config

import almanac.mkdocs.data.plugin as data_plugin
from almanac.core.data.datasets import Datasets
from almanac.core.data.datasets.kept import KeptData, digest
from almanac.core.errors import AlmanacError, AlmanacErrors

from helpers import build_env, copy_project

DAY = dt.date(2026, 11, 28)


class Loader:
    """A stand-in for `load_datasets`: counts its calls; fails while `data/bad` exists."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, project: Path, today: dt.date) -> Datasets:
        self.calls += 1
        if (project / "data" / "bad").exists():
            raise AlmanacErrors([AlmanacError("data/bad", 1, "a problem", "fix it")])
        return Datasets()


def _project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "vendors").mkdir(parents=True)
    (tmp_path / "data" / "fx.yaml").write_text("base: USD\n", encoding="utf-8")
    (tmp_path / "data" / "vendors" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    return tmp_path


def test_data_is_read_again_only_when_a_file_under_it_changes(tmp_path: Path) -> None:
    project = _project(tmp_path)
    data = project / "data"
    loader = Loader()
    kept = KeptData(loader)
    first = kept.load(project, data, DAY)
    assert kept.load(project, data, DAY) is first and loader.calls == 1

    # Same size, same modification time, other bytes: still a change.
    fx = data / "fx.yaml"
    stat = fx.stat()
    fx.write_text("base: CNY\n", encoding="utf-8")
    os.utime(fx, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert fx.stat().st_size == stat.st_size
    assert kept.load(project, data, DAY) is not first and loader.calls == 2
    assert kept.load(project, data, DAY) is not first and loader.calls == 2

    (data / "vendors" / "b.yaml").write_text("id: b\n", encoding="utf-8")  # added
    kept.load(project, data, DAY)
    assert loader.calls == 3
    (data / "vendors" / "a.yaml").rename(data / "vendors" / "c.yaml")  # renamed, same content
    kept.load(project, data, DAY)
    assert loader.calls == 4
    (data / "vendors" / "b.yaml").unlink()  # removed
    kept.load(project, data, DAY)
    assert loader.calls == 5
    kept.load(project, data, DAY + dt.timedelta(days=1))  # another build date
    assert loader.calls == 6
    kept.load(project, data, DAY + dt.timedelta(days=1))
    assert loader.calls == 6


def test_problems_of_kept_data_are_raised_on_every_load(tmp_path: Path) -> None:
    project = _project(tmp_path)
    data = project / "data"
    loader = Loader()
    kept = KeptData(loader)
    (data / "bad").write_text("x", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(AlmanacErrors) as raised:
            kept.load(project, data, DAY)
        assert [error.format() for error in raised.value] == ["data/bad:1: a problem — fix it"]
    assert loader.calls == 1
    (data / "bad").unlink()  # fixed
    kept.load(project, data, DAY)
    assert loader.calls == 2


def test_the_digest_names_paths_and_contents(tmp_path: Path) -> None:
    assert digest(tmp_path / "none") == ""
    (tmp_path / "a").write_bytes(b"xy")
    (tmp_path / "b").write_bytes(b"")
    one = digest(tmp_path)
    (tmp_path / "a").write_bytes(b"x")
    (tmp_path / "b").write_bytes(b"y")  # the same bytes in all, split otherwise
    assert digest(tmp_path) != one
    (tmp_path / "a").write_bytes(b"xy")
    (tmp_path / "b").write_bytes(b"")
    assert digest(tmp_path) == one


def test_the_preview_keeps_the_data_of_the_last_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `mkdocs serve` loads `mkdocs.yml` again for each rebuild and keeps the plugin; its
    # `on_config` is the step that reads `data/`.
    for name, value in build_env().items():
        monkeypatch.setenv(name, value)
    project = copy_project(tmp_path)
    calls: list[Path] = []

    def counted(root: Path, *, today: dt.date) -> Datasets:
        calls.append(root)
        return real(root, today=today)

    real = data_plugin.load_datasets
    monkeypatch.setattr(data_plugin, "load_datasets", counted)

    def rebuild() -> tuple[Any, list[str]]:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        plugin = config.plugins["almanac/data"]
        plugin.on_startup(command="serve", dirty=False)
        plugin.on_config(config)
        assert plugin.run is not None
        problems = [error.format() for error in plugin.run.problems]
        plugin.on_build_error(error=RuntimeError("the test ends the build here"))
        return plugin, problems

    plugin, problems = rebuild()
    datasets = plugin.datasets
    assert datasets is not None and problems == [] and len(calls) == 1
    post = next((project / "docs" / "blog" / "posts").glob("*.md"))
    post.write_text(post.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")  # a post's edit
    again, problems = rebuild()
    assert again is plugin and plugin.datasets is datasets and problems == [] and len(calls) == 1

    fx = project / "data" / "fx.yaml"
    good = fx.read_text(encoding="utf-8")
    fx.write_text("base: [USD\n", encoding="utf-8")  # a bracket never closed, whatever the sample's rates
    for count in (2, 2):  # read once, its problems reported by both builds
        _, problems = rebuild()
        assert plugin.datasets is None and len(calls) == count
        assert problems and all(problem.startswith("data/fx.yaml:") for problem in problems), problems
    fx.write_text(good, encoding="utf-8")
    _, problems = rebuild()
    assert plugin.datasets is not None and plugin.datasets is not datasets and problems == [] and len(calls) == 3
