"""A load of `data/` takes over what the last load of the process parsed and validated of a file whose bytes
are as they were (`loader._LAST_PARSED`): the same objects for unchanged files, new ones for a changed file, a
result equal to a fresh load's, and the problems of a bad file reported at every load."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from almanac.core.data.datasets import load_datasets, loader
from almanac.core.errors import AlmanacErrors

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "datasets"
TODAY = date(2026, 11, 28)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return shutil.copytree(FIXTURES / "examples", tmp_path / "project")


def fresh(project: Path) -> object:
    """The datasets of `project` read with nothing taken over."""
    loader._LAST_PARSED.clear()
    return load_datasets(project, today=TODAY)


def test_a_file_as_it_was_is_taken_over_and_a_changed_one_read_again(project: Path) -> None:
    first = fresh(project)
    vendor = project / "data" / "vendors" / "deepseek.yaml"
    text = vendor.read_text(encoding="utf-8")
    vendor.write_text(text + "\n# a comment added\n", encoding="utf-8")
    second = load_datasets(project, today=TODAY)
    assert second.vendors["anthropic"] is first.vendors["anthropic"]
    assert second.providers == first.providers
    assert all(second.providers[key] is first.providers[key] for key in first.providers)
    assert second.vendors["deepseek"] is not first.vendors["deepseek"]
    assert second.vendors["deepseek"] == first.vendors["deepseek"]  # a comment changes no value
    assert second.documents["data/vendors/deepseek.yaml"].text.endswith("# a comment added\n")


def test_the_datasets_equal_a_fresh_loads_after_an_edit(project: Path) -> None:
    fresh(project)
    vendor = project / "data" / "vendors" / "deepseek.yaml"
    text = vendor.read_text(encoding="utf-8")
    assert 'output: "3.96"' in text
    vendor.write_text(text.replace('output: "3.96"', 'output: "3.90"', 1), encoding="utf-8")
    taken_over = load_datasets(project, today=TODAY)
    assert taken_over == fresh(project)


def test_a_bad_file_is_reported_at_every_load(project: Path) -> None:
    fresh(project)
    (project / "data" / "fx.yaml").write_text("rates: [not, a, mapping\n", encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(AlmanacErrors) as raised:
            load_datasets(project, today=TODAY)
        messages.append([str(error) for error in raised.value.errors])
    assert messages[0] == messages[1] != []
    assert any("data/fx.yaml" in message for message in messages[0])
