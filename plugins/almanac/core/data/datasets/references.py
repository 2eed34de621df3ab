# Checks across data files: every id that one file names exists in another, ids are unique,
# and each name a post may write leads to one entity.
#
# The last step of loading `data/` (after each file passed its model and its own rules in
# `rules.py`): offers name providers, relays name models and their billing groups, models
# name successors, incidents and status files name providers and their monitoring checks.
# A reference into a kind of file that failed to load is not checked (that file's own
# errors come first), so that one broken file does not cascade into a page of noise.
# The names, translated names and aliases of models, vendors and providers are what posts
# link by (`core/data/entities.py` makes them entities): each belongs to one of them, but a
# vendor and a provider may share their display name (DeepSeek the lab, DeepSeek the API).

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from almanac.core.data.datasets.messages import did_you_mean

if TYPE_CHECKING:
    from almanac.core.data.datasets.models import IncidentsFile, ProviderFile, StatusFile, VendorFile
    from almanac.core.data.datasets.reader import Document, Loc
    from almanac.core.errors import AlmanacError

__all__ = ["Parsed", "check_names", "check_references", "name_key"]

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A data file that passed its model: where it was written, and its data."""

    document: Document
    data: T


def _where(document: Document, loc: Loc) -> str:
    line, column = document.position(loc)
    return f"{document.path}:{line}:{column}"


def _unknown(document: Document, loc: Loc, what: str, value: str, known: Iterable[str], listing: str) -> AlmanacError:
    return document.error(loc, f"unknown {what} {value!r}", did_you_mean(value, known, listing=listing))


def check_references(
    vendors: Iterable[Parsed[VendorFile]],
    providers: Iterable[Parsed[ProviderFile]],
    incidents: Iterable[Parsed[IncidentsFile]],
    status: Iterable[Parsed[StatusFile]],
    *,
    complete: Mapping[str, bool],
) -> list[AlmanacError]:
    """Errors for ids that are duplicated or name nothing.

    `complete[kind]` is False when some file of that kind ("vendor", "provider") failed to
    load; references into that kind are then skipped.
    """
    errors: list[AlmanacError] = []
    vendors, providers = list(vendors), list(providers)

    # Ids are unique: models across every vendor file, vendors and providers among themselves.
    models: dict[str, tuple[Document, Loc]] = {}
    for parsed in vendors:
        for m, model in enumerate(parsed.data.models):
            loc: Loc = ("models", m, "id")
            if model.id in models:
                first = models[model.id]
                errors.append(
                    parsed.document.error(
                        loc,
                        f"duplicate model id {model.id!r}; it is also used at {_where(*first)}",
                        "model ids are unique across all vendor files; rename one of them",
                    )
                )
            else:
                models[model.id] = (parsed.document, loc)
    for kind, files, loc in (
        ("vendor", [(p.document, p.data.vendor.id) for p in vendors], ("vendor", "id")),
        ("provider", [(p.document, p.data.id) for p in providers], ("id",)),
    ):
        seen: dict[str, Document] = {}
        for document, ident in files:
            if ident in seen:
                errors.append(
                    document.error(
                        loc,
                        f"duplicate {kind} id {ident!r}; it is also used at {_where(seen[ident], loc)}",
                        f"{kind} ids are unique; rename one of them",
                    )
                )
            seen.setdefault(ident, document)

    provider_ids = {p.data.id: p for p in providers}
    check_models = complete.get("vendor", True)
    check_providers = complete.get("provider", True)
    models_listing = "models are the 'models' of the files in data/vendors/"
    providers_listing = "providers are the files in data/providers/"

    for parsed in vendors:
        document = parsed.document
        for m, model in enumerate(parsed.data.models):
            successor = model.lifecycle.successor if model.lifecycle else None
            if check_models and successor is not None and successor not in models:
                errors.append(
                    _unknown(
                        document, ("models", m, "lifecycle", "successor"), "model", successor, models, models_listing
                    )
                )
            if not check_providers:
                continue
            for o, offer in enumerate(model.offers):
                if offer.provider not in provider_ids:
                    errors.append(
                        _unknown(
                            document,
                            ("models", m, "offers", o, "provider"),
                            "provider",
                            offer.provider,
                            provider_ids,
                            providers_listing,
                        )
                    )

    checks_of: dict[str, set[str]] = {}
    for parsed_provider in providers:
        document, provider = parsed_provider.document, parsed_provider.data
        checks_of[provider.id] = {check.id for check in provider.monitoring}
        if not check_models:
            continue
        for m, offered in enumerate(provider.models_offered):
            if offered.model not in models:
                errors.append(
                    _unknown(document, ("models_offered", m, "model"), "model", offered.model, models, models_listing)
                )
        for c, check in enumerate(provider.monitoring):
            if check.model not in models:
                errors.append(
                    _unknown(document, ("monitoring", c, "model"), "model", check.model, models, models_listing)
                )

    if check_providers:
        for parsed_incidents in incidents:
            document, incidents_file = parsed_incidents.document, parsed_incidents.data
            if incidents_file.provider not in provider_ids:
                errors.append(
                    _unknown(
                        document, ("provider",), "provider", incidents_file.provider, provider_ids, providers_listing
                    )
                )
                continue
            checks = checks_of[incidents_file.provider]
            for i, incident in enumerate(incidents_file.incidents):
                for a, check_id in enumerate(incident.affected):
                    if check_id not in checks:
                        errors.append(
                            _unknown(
                                document,
                                ("incidents", i, "affected", a),
                                "check",
                                check_id,
                                checks,
                                f"checks are the 'monitoring' ids of data/providers/{incidents_file.provider}.yaml",
                            )
                        )
        for parsed_status in status:
            document, data = parsed_status.document, parsed_status.data
            if data.provider not in provider_ids:
                errors.append(
                    _unknown(document, ("provider",), "provider", data.provider, provider_ids, providers_listing)
                )
                continue
            checks = checks_of[data.provider]
            if data.check not in checks:
                errors.append(
                    _unknown(
                        document,
                        ("check",),
                        "check",
                        data.check,
                        checks,
                        f"checks are the 'monitoring' ids of data/providers/{data.provider}.yaml",
                    )
                )
    errors.extend(check_names(vendors, providers))
    return errors


# --- names posts link by -------------------------------------------------------------------------


def name_key(text: str) -> str:
    """The form in which two names of entities are compared: Unicode-normalised (NFKC, so
    full-width letters are their ASCII selves), runs of spaces as one, case folded."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass(frozen=True)
class _Spelling:
    """One name of an entity, where it is written."""

    kind: str
    ident: str
    role: str
    """`the name`, `an alias`, `the zh name`."""
    text: str
    document: Document
    loc: Loc


def _spellings(
    vendors: Iterable[Parsed[VendorFile]], providers: Iterable[Parsed[ProviderFile]]
) -> Iterator[list[_Spelling]]:
    """The names of each model, vendor and provider, one list per entity, in file and line order."""
    for parsed in vendors:
        document, vendor = parsed.document, parsed.data.vendor
        names = [_Spelling("vendor", vendor.id, "the name", vendor.name, document, ("vendor", "name"))]
        names += [
            _Spelling("vendor", vendor.id, f"the {lang} name", text, document, ("vendor", "names", lang))
            for lang, text in vendor.names.items()
        ]
        names += [
            _Spelling("vendor", vendor.id, "an alias", text, document, ("vendor", "aliases", a))
            for a, text in enumerate(vendor.aliases)
        ]
        yield names
        for m, model in enumerate(parsed.data.models):
            names = [_Spelling("model", model.id, "the name", model.name, document, ("models", m, "name"))]
            names += [
                _Spelling("model", model.id, "an alias", text, document, ("models", m, "aliases", a))
                for a, text in enumerate(model.aliases)
            ]
            yield names
    for parsed_provider in providers:
        document, provider = parsed_provider.document, parsed_provider.data
        names = [_Spelling("provider", provider.id, "the name", provider.name, document, ("name",))]
        names += [
            _Spelling("provider", provider.id, "an alias", text, document, ("aliases", a))
            for a, text in enumerate(provider.aliases)
        ]
        yield names


def _may_share(first: _Spelling, second: _Spelling) -> bool:
    """A vendor and a provider may share their display name: automatic mentions take the vendor."""
    return {first.kind, second.kind} == {"vendor", "provider"} and first.role == second.role == "the name"


def check_names(vendors: Iterable[Parsed[VendorFile]], providers: Iterable[Parsed[ProviderFile]]) -> list[AlmanacError]:
    """Errors for a name, translated name or alias that belongs to two models, vendors or
    providers, or twice to one; each at the later place, naming the earlier one.

    An entity whose id is a duplicate is left out: its id is reported (`check_references`).
    """
    errors: list[AlmanacError] = []
    seen: dict[str, list[_Spelling]] = {}
    entities: set[tuple[str, str]] = set()
    for names in _spellings(vendors, providers):
        entity = (names[0].kind, names[0].ident)
        if entity in entities:
            continue
        entities.add(entity)
        for spelling in names:
            key = name_key(spelling.text)
            earlier = seen.setdefault(key, [])
            mine = next((s for s in earlier if (s.kind, s.ident) == entity), None)
            other = next((s for s in earlier if (s.kind, s.ident) != entity and not _may_share(s, spelling)), None)
            if mine is not None:
                if spelling.role != "an alias":  # a translated name may be the display name itself
                    continue
                errors.append(
                    spelling.document.error(
                        spelling.loc,
                        f"{spelling.text!r} is already {mine.role} of this {spelling.kind}",
                        "keep it once",
                    )
                )
            elif other is not None:
                errors.append(
                    spelling.document.error(
                        spelling.loc,
                        f"{spelling.text!r} is already {other.role} of the {other.kind} {other.ident!r} "
                        f"at {_where(other.document, other.loc)}",
                        "a name or alias links posts to one model, vendor or provider (only a vendor and a "
                        "provider may share their display name): remove it here or there",
                    )
                )
            else:
                earlier.append(spelling)
    return errors
