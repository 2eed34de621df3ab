# Loads every file of `data/` into typed, checked datasets, or reports all that is wrong.
#
# Called once per build at `on_config` (before any page is read) and by `almanac check`.
# For each file in turn: read it safely (`reader.py`), validate it against its model
# (`models.py`), apply its own rules (`rules.py`); then check references across files
# (`references.py`). Every problem of the run is collected and raised together as
# `AlmanacErrors`, sorted by file and line, so the author fixes them in one pass.
#
# The blog needs the tags before the rest: `load_tags` reads `data/tags.yaml` alone, and
# `tags_vocabulary` makes of it the plain `TagVocabulary` (`core/vocabulary.py`) the blog
# resolves its posts' tags against.

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from pydantic import ValidationError

from almanac.core.data.datasets import rules
from almanac.core.data.datasets.messages import from_validation_error
from almanac.core.data.datasets.models import (
    FILE_MODELS,
    FxFile,
    IncidentsFile,
    Model,
    ProviderFile,
    StatusFile,
    Tag,
    TagsFile,
    VendorFile,
)
from almanac.core.data.datasets.reader import Document, parse_document, read_bytes
from almanac.core.data.datasets.references import Parsed, check_references
from almanac.core.errors import AlmanacError, AlmanacErrors, ErrorCollector
from almanac.core.safeyaml import decode
from almanac.core.slugs import slugify
from almanac.core.vocabulary import TagInfo, TagVocabulary

__all__ = [
    "DATA_DIR",
    "DataFile",
    "Datasets",
    "data_vocabulary",
    "find_data_files",
    "load_datasets",
    "load_tags",
    "tags_vocabulary",
]

#: The folder of the project that holds the datasets.
DATA_DIR: Final = "data"

_MONTH: Final = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class DataFile:
    """A file found in `data/`: its kind (a key of `FILE_MODELS`) and where it is."""

    kind: str
    path: Path
    rel: str


@dataclass(frozen=True)
class Datasets:
    """Everything in `data/`, validated. Read-only mappings, keyed by id.

    `documents` keeps, for each file (by path relative to the project), where every value
    was written, so that later steps (price tables, status pages) can point at a line too.
    """

    tags: tuple[Tag, ...] = ()
    fx: FxFile | None = None
    vendors: Mapping[str, VendorFile] = field(default_factory=lambda: MappingProxyType({}))
    """Vendor files by vendor id (the file `data/vendors/<id>.yaml`)."""
    providers: Mapping[str, ProviderFile] = field(default_factory=lambda: MappingProxyType({}))
    """Provider files by provider id (the file `data/providers/<id>.yaml`)."""
    incidents: Mapping[str, IncidentsFile] = field(default_factory=lambda: MappingProxyType({}))
    """Incident files by provider id."""
    status: Mapping[str, Mapping[str, StatusFile]] = field(default_factory=lambda: MappingProxyType({}))
    """Status files by provider id, then by month (`"2026-08"`)."""
    models: Mapping[str, Model] = field(default_factory=lambda: MappingProxyType({}))
    """Every model of every vendor, by model id."""
    vendor_of: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The vendor id of each model id."""
    documents: Mapping[str, Document] = field(default_factory=lambda: MappingProxyType({}), repr=False)


def find_data_files(root: Path) -> tuple[list[DataFile], list[AlmanacError]]:
    """The data files under `root/data`, in path order, and errors for misplaced YAML files."""
    data = root / DATA_DIR
    found: list[DataFile] = []
    errors: list[AlmanacError] = []
    if not data.is_dir():
        return found, errors
    for path in sorted(data.rglob("*")):
        relative = path.relative_to(data)
        if any(part.startswith(".") for part in relative.parts) or path.suffix.lower() not in (".yaml", ".yml"):
            continue
        if path.is_dir():
            continue
        rel = f"{DATA_DIR}/{relative.as_posix()}"
        parts = relative.parts
        if path.suffix != ".yaml":
            errors.append(AlmanacError(rel, 1, "data files end in .yaml", f"rename it to {path.stem}.yaml", 1))
            continue
        kind = _kind_of(parts)
        if kind is None:
            errors.append(AlmanacError(rel, 1, "not a known data file", _placement_hint(parts), 1))
            continue
        if kind == "status" and not _MONTH.fullmatch(path.stem):
            errors.append(
                AlmanacError(
                    rel,
                    1,
                    f"a status file is named for its month, not {path.name!r}",
                    f"name it data/status/{parts[1]}/YYYY-MM.yaml, such as 2026-08.yaml",
                    1,
                )
            )
            continue
        found.append(DataFile(kind, path, rel))
    return found, errors


def _kind_of(parts: tuple[str, ...]) -> str | None:
    if parts == ("tags.yaml",):
        return "tags"
    if parts == ("fx.yaml",):
        return "fx"
    if len(parts) == 2 and parts[0] == "vendors":
        return "vendor"
    if len(parts) == 2 and parts[0] == "providers":
        return "provider"
    if len(parts) == 2 and parts[0] == "incidents":
        return "incidents"
    if len(parts) == 3 and parts[0] == "status":
        return "status"
    return None


def _placement_hint(parts: tuple[str, ...]) -> str:
    if parts[0] == "prices":
        return "vendor files with their prices live in data/vendors/<vendor>.yaml"
    return (
        "data/ holds tags.yaml, fx.yaml, vendors/<vendor>.yaml, providers/<id>.yaml, "
        "incidents/<provider>.yaml and status/<provider>/<YYYY-MM>.yaml"
    )


#: A parsed and validated file, by its kind, its path in the project and its bytes.
ParsedFiles = dict[tuple[str, str, bytes], tuple[Document, Any]]

#: The files the last `load_datasets` of this process parsed and validated without a problem.
#: Documents and models are frozen: the next load takes over those of a file whose bytes are
#: as they were, so that a preview's save of one file in `data/` reads that file alone again
#: (parsing and validating the 70 files of 300 models was 0.5 s of every data edit's rebuild).
_LAST_PARSED: ParsedFiles = {}


def _parse(
    item: DataFile, errors: ErrorCollector, *, last: ParsedFiles | None = None, made: ParsedFiles | None = None
) -> tuple[Document, Any] | None:
    """Read and validate one file; record its errors and return None when it fails. With `last`,
    a file whose bytes are those of a file there is its result; what is made goes in `made`."""
    try:
        data = read_bytes(item.path, item.rel)
        key = (item.kind, item.rel, data)
        found = last.get(key) if last is not None else None
        if found is not None:
            if made is not None:
                made[key] = found
            return found
        document = parse_document(decode(data, item.rel), item.rel)
    except (AlmanacError, AlmanacErrors) as error:
        errors.extend(error.errors if isinstance(error, AlmanacErrors) else [error])
        return None
    model = FILE_MODELS[item.kind]
    try:
        parsed = document, model.model_validate(document.value)
    except ValidationError as error:
        errors.extend(from_validation_error(error, document, model))
        return None
    if made is not None:
        made[key] = parsed
    return parsed


def load_tags(root: Path) -> tuple[tuple[Tag, ...], Document | None] | None:
    """`data/tags.yaml` alone, read and checked as `load_datasets` does: its tags and document
    (none and `None` when there is no such file), or `None` when it has errors (which
    `load_datasets` reports with those of the other files). Quick: the blog needs the tags first."""
    path = root / DATA_DIR / "tags.yaml"
    if not path.is_file():
        return (), None
    errors = ErrorCollector()
    parsed = _parse(DataFile("tags", path, f"{DATA_DIR}/tags.yaml"), errors)
    if parsed is None:
        return None
    document, data = parsed
    if rules.check_tags(document, data):
        return None
    return data.root, document


def tags_vocabulary(tags: Sequence[Tag], document: Document | None) -> TagVocabulary | None:
    """The vocabulary of the checked `tags` of `data/tags.yaml` (`document`: where each is, for
    the line of each); `None` when there are none."""
    if not tags:
        return None
    return TagVocabulary.from_list(
        (
            TagInfo(
                name=tag.name,
                slug=tag.slug or slugify(tag.name),
                description_en=(tag.description.en or "") if tag.description else "",
                description_zh=(tag.description.zh or "") if tag.description else "",
                line=document.position((index,))[0] if document else None,
            ),
            tag.aliases,
        )
        for index, tag in enumerate(tags)
    )


def data_vocabulary(datasets: Datasets) -> TagVocabulary | None:
    """The tags of `data/tags.yaml`, with the line of each; `None` when it has none."""
    return tags_vocabulary(datasets.tags, datasets.documents.get(f"{DATA_DIR}/tags.yaml"))


def load_datasets(root: Path, *, today: dt.date) -> Datasets:
    """Load and check every file in `root/data/`; raise `AlmanacErrors` with all problems.

    `root` is the project folder (the one that holds `data/`); `today` is the build date,
    which decides which prices are current and which `checked` dates lie in the future.
    """
    errors = ErrorCollector()
    files, misplaced = find_data_files(root)
    errors.extend(misplaced)

    tags: tuple[Tag, ...] = ()
    fx: FxFile | None = None
    vendors: list[Parsed[VendorFile]] = []
    providers: list[Parsed[ProviderFile]] = []
    incidents: list[Parsed[IncidentsFile]] = []
    status: list[tuple[str, str, Parsed[StatusFile]]] = []
    documents: dict[str, Document] = {}
    complete: dict[str, bool] = {}

    made: ParsedFiles = {}
    for item in files:
        parsed = _parse(item, errors, last=_LAST_PARSED, made=made)
        if parsed is None:
            complete[item.kind] = False
            continue
        document, data = parsed
        documents[item.rel] = document
        stem = item.path.stem
        if isinstance(data, VendorFile):
            errors.extend(rules.check_vendor(document, data, stem=stem, today=today))
            vendors.append(Parsed(document, data))
        elif isinstance(data, ProviderFile):
            errors.extend(rules.check_provider(document, data, stem=stem, today=today))
            providers.append(Parsed(document, data))
        elif isinstance(data, IncidentsFile):
            errors.extend(rules.check_incidents(document, data, stem=stem))
            incidents.append(Parsed(document, data))
        elif isinstance(data, StatusFile):
            folder = item.path.parent.name
            errors.extend(rules.check_status(document, data, folder=folder, month=stem))
            status.append((folder, stem, Parsed(document, data)))
        elif isinstance(data, TagsFile):
            errors.extend(rules.check_tags(document, data))
            tags = data.root
        elif isinstance(data, FxFile):
            errors.extend(rules.check_fx(document, data))
            fx = data
    _LAST_PARSED.clear()
    _LAST_PARSED.update(made)

    if complete.get("fx", True):  # a file of rates with errors has its own messages
        fx_file = (documents[rules.FX_FILE], fx) if fx is not None else None
        errors.extend(
            rules.check_fx_coverage(
                fx_file,
                [(p.document, p.data) for p in vendors],
                [(p.document, p.data) for p in providers],
                today=today,
            )
        )
    errors.extend(check_references(vendors, providers, incidents, [entry[2] for entry in status], complete=complete))
    errors.raise_if_any()

    models: dict[str, Model] = {}
    vendor_of: dict[str, str] = {}
    for parsed_vendor in vendors:
        for model in parsed_vendor.data.models:
            models[model.id] = model
            vendor_of[model.id] = parsed_vendor.data.vendor.id
    by_month: dict[str, dict[str, StatusFile]] = {}
    for folder, month, parsed_status in status:
        by_month.setdefault(folder, {})[month] = parsed_status.data
    return Datasets(
        tags=tags,
        fx=fx,
        vendors=MappingProxyType({p.data.vendor.id: p.data for p in vendors}),
        providers=MappingProxyType({p.data.id: p.data for p in providers}),
        incidents=MappingProxyType({p.data.provider: p.data for p in incidents}),
        status=MappingProxyType({k: MappingProxyType(v) for k, v in by_month.items()}),
        models=MappingProxyType(models),
        vendor_of=MappingProxyType(vendor_of),
        documents=MappingProxyType(documents),
    )
