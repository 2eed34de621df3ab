"""Any value in any field of any data file: the data is refused with our error, or accepted and
then priced, converted, drawn and published without a traceback."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almanac.core.data.api import published
from almanac.core.data.datasets import check_project, load_datasets
from almanac.core.data.pages.catalogue import catalogue
from almanac.core.data.pages.content import page_content
from almanac.core.errors import AlmanacErrors

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "datasets" / "minimal"
FILES = sorted(path.relative_to(FIXTURE).as_posix() for path in FIXTURE.rglob("*.yaml"))
TODAY = dt.date(2026, 11, 28)
AT = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)

Path_ = tuple[str | int, ...]


def _leaves(value: Any, at: Path_ = ()) -> list[Path_]:
    """Every place in a parsed document where a value can be put (each key and list item)."""
    found: list[Path_] = [at] if at else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _leaves(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _leaves(item, (*at, index))
    return found


def _put(document: Any, at: Path_, value: Any) -> Any:
    if not at:
        return value
    head, rest = at[0], at[1:]
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = _put(document[head], rest, value)  # type: ignore[index]
    return copy


PARSED = {rel: yaml.safe_load((FIXTURE / rel).read_text(encoding="utf-8")) for rel in FILES}
PLACES = [(rel, place) for rel in FILES for place in _leaves(PARSED[rel])]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**3000), max_value=10**3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.text(max_size=40),
    st.sampled_from(
        [
            "javascript:alert(1)",
            "https://example.org/a b",
            "9" * 400,
            "0." + "0" * 30 + "1",
            "-1",
            "9999-12-31T24:00:00Z",
            "0001-01-01T00:00:00+08:00",
            "../" * 40,
            "Asia/Shanghai",
            "CNY",
            "EUR",
        ]
    ),
)
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=8), scalars, max_size=3))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLACES), values)
def test_any_value_anywhere_is_refused_or_published(place: tuple[str, Path_], value: Any) -> None:
    rel, at = place
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        shutil.copytree(FIXTURE, root)
        text = yaml.safe_dump(_put(PARSED[rel], at, value), allow_unicode=True, sort_keys=False)
        (root / rel).write_text(text, encoding="utf-8")
        problems = check_project(root, today=TODAY)
        assert all(problem.path and problem.message for problem in problems)
        if problems:
            return
        try:
            datasets = load_datasets(root, today=TODAY)
        except AlmanacErrors as errors:  # pragma: no cover - check_project found none
            raise AssertionError(errors.format()) from None
    published(datasets, AT)
    for page in catalogue(datasets):
        if page.kind != "api":
            page_content(page, page.url, datasets, at=AT).draw(page.url, datasets, at=AT)
