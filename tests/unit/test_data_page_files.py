"""Which files of `data/` a generated page is made from (`catalogue.files_read`), which the preview relies on to
keep a page's tables when a data edit leaves those files as they were: the page of a model or of a vendor reads
no other vendor's file, every other page reads every file. Shown on the example datasets: every price of the
other vendor changed, each page of a model or vendor is made and drawn as before, and the other vendor's pages
are not."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from almanac.core.data.datasets import load_datasets
from almanac.core.data.pages.catalogue import GeneratedPage, catalogue, files_read
from almanac.core.data.pages.content import page_content
from almanac.core.data.timeline import Timelines

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "datasets"
TODAY = dt.date(2026, 11, 28)
AT = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
PRICE = re.compile(r'\b(input|output|cache_read|cache_write): "([0-9.]+)"')


def made(page: GeneratedPage, datasets: object) -> tuple[str, list[str], object]:
    """What the page shows: its text, its tables and charts, and its timeline's data."""
    content = page_content(page, page.url, datasets, at=AT)  # type: ignore[arg-type]
    drawn = content.draw(page.url, datasets, at=AT)  # type: ignore[arg-type]
    return content.html, drawn, Timelines(datasets, at=AT).of(page.kind, page.entity)  # type: ignore[arg-type]


def vendor_of(page: GeneratedPage, datasets: object) -> str | None:
    if page.kind == "vendor":
        return page.entity
    return datasets.vendor_of[page.entity] if page.kind == "model" else None  # type: ignore[attr-defined]


def test_the_pages_of_a_vendor_and_its_models_read_no_other_vendors_file(tmp_path: Path) -> None:
    before = load_datasets(FIXTURES / "examples", today=TODAY)
    vendors = sorted(before.vendors)
    assert len(vendors) >= 2
    for vendor in vendors:
        project = shutil.copytree(FIXTURES / "examples", tmp_path / vendor)
        for other in (project / "data" / "vendors").glob("*.yaml"):
            if other.stem != vendor:
                text = other.read_text(encoding="utf-8")
                changed = PRICE.sub(lambda m: f'{m[1]}: "{float(m[2]) * 1.5 + 0.01:.4f}"', text)
                assert changed != text
                other.write_text(changed, encoding="utf-8")
        after = load_datasets(project, today=TODAY)
        pages = [page for page in catalogue(before) if page.kind in ("model", "vendor")]
        own = [page for page in pages if vendor_of(page, before) == vendor]
        others = [page for page in pages if vendor_of(page, before) != vendor]
        assert own and others
        assert [made(page, before) for page in own] == [made(page, after) for page in own]
        assert all(made(page, before) != made(page, after) for page in others)  # the edit shows there
        for page in own:
            read = files_read(page, after)
            assert f"data/vendors/{vendor}.yaml" in read
            assert not any(name.startswith("data/vendors/") and not name.endswith(f"/{vendor}.yaml") for name in read)


def test_every_other_page_reads_every_file() -> None:
    datasets = load_datasets(FIXTURES / "examples", today=TODAY)
    every = tuple(sorted(datasets.documents))
    for page in catalogue(datasets):
        if page.kind not in ("model", "vendor"):
            assert files_read(page, datasets) == every, page
