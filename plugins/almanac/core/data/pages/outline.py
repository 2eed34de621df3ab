# The outline of the site the datasets give: which pages to add, the Markdown of `/api/`, the
# JSON Schemas and the charts' styles: what the build needs of the data before it makes a page.
#
# Made once per build when the files are collected (`on_files` of `almanac/data`), from the
# catalogue of pages (`catalogue.py`) and the text of the `/api/` page (`content.py`).

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from almanac.core.data.charts import stylesheet
from almanac.core.data.datasets.models import FILE_MODELS
from almanac.core.data.datasets.schema import schema_text
from almanac.core.data.pages.catalogue import GeneratedPage, catalogue
from almanac.core.data.pages.content import api_markdown

if TYPE_CHECKING:
    from almanac.core.data.datasets import Datasets

__all__ = ["Outline", "outline"]


@dataclass(frozen=True)
class Outline:
    """What a build needs of the data before it makes any page."""

    pages: tuple[GeneratedPage, ...]
    """The generated pages (`catalogue`)."""
    api_page: str
    """The Markdown of the `/api/` page."""
    schemas: Mapping[str, str]
    """The JSON Schema of each kind of data file, as written to disk."""
    chart_stylesheet: str
    """The charts' styles."""
    summary: str
    """What the data holds, for the build's log."""


def outline(datasets: Datasets, *, at: dt.datetime) -> Outline:
    """The outline of the site the datasets give, as of the build instant `at`."""
    return Outline(
        pages=tuple(catalogue(datasets)),
        api_page=api_markdown(datasets, at=at),
        schemas={kind: schema_text(kind) for kind in FILE_MODELS},
        chart_stylesheet=stylesheet(),
        summary=f"{len(datasets.vendors)} vendors, {len(datasets.models)} models, {len(datasets.providers)} providers",
    )
