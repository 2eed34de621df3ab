# The datasets in `data/`: load, validate and describe them.
#
# The public face of the package. `load_datasets` runs once per build at `on_config` (before
# any page is read) and returns typed, checked data for the later steps (prices, status,
# entity pages); `check_project` is what `almanac check` calls; `export_schemas` writes the
# JSON Schema of each data file. Nothing here imports MkDocs.
#
#   reader.py      read one YAML file safely, keep every value's line and column
#   fields.py      value types: ids, money, currencies, dates, hours
#   models.py      the pydantic model of each kind of file
#   messages.py    pydantic errors → our errors (found, expected, did you mean)
#   rules.py       rules within one file (periods, tiers, current prices, time windows)
#   references.py  rules across files (ids exist and are unique, each name leads to one entity)
#   loader.py      find the files, run the steps above, collect every error
#   schema.py      JSON Schema export
#   kept.py        the last load kept for the next while no file under `data/` changed (preview)

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from almanac.core.data.datasets.fields import CURRENCIES, RATE_KEYS, instant
from almanac.core.data.datasets.loader import Datasets, load_datasets
from almanac.core.data.datasets.models import (
    FILE_MODELS,
    FxFile,
    Incident,
    IncidentsFile,
    Model,
    Offer,
    Period,
    ProviderFile,
    Rates,
    StatusFile,
    Tag,
    TagsFile,
    Tiers,
    TimeWindow,
    VendorFile,
)
from almanac.core.data.datasets.reader import Document
from almanac.core.data.datasets.rules import find_overlaps, is_current
from almanac.core.data.datasets.schema import export_schemas
from almanac.core.errors import AlmanacErrors

if TYPE_CHECKING:
    from pathlib import Path

    from almanac.core.errors import AlmanacError

__all__ = [
    "CURRENCIES",
    "FILE_MODELS",
    "RATE_KEYS",
    "Datasets",
    "Document",
    "FxFile",
    "Incident",
    "IncidentsFile",
    "Model",
    "Offer",
    "Period",
    "ProviderFile",
    "Rates",
    "StatusFile",
    "Tag",
    "TagsFile",
    "Tiers",
    "TimeWindow",
    "VendorFile",
    "check_project",
    "export_schemas",
    "find_overlaps",
    "instant",
    "is_current",
    "load_datasets",
]


def check_project(root: Path, *, today: dt.date) -> list[AlmanacError]:
    """Every problem in `root/data/`, sorted by file and line; an empty list when all is well.

    This is the datasets part of `almanac check`: it never raises for a problem in the data.
    """
    try:
        load_datasets(root, today=today)
    except AlmanacErrors as errors:
        return list(errors.errors)
    return []
