# Merge a price file read by an importer into `data/`, the way `almanac price set` edits it.
#
# `plan_import` works on a temporary copy of `data/`: for each offer of the file, in the file's
# order, it finds our model (by id, API id or snapshot, also the vendor's id in a cloud's id;
# else with `.` and `-` alike when that names one model of ours only, and a name that
# names two is skipped: `_find`) and its offer (provider × region × currency ×
# service tier). A cache write of 0 where our price writes none (our pricing bills a write as
# input) is read as not listed, and named: LiteLLM's 0 for an implicit cache (Z.ai, DeepSeek)
# says no separate write is billed, not that writes are free; an addition does not write it
# either. Beside a cache write of ours, 0 is a price. Then
#   - confirmed: the file's current rates equal ours (as numbers; an absent rate of ours is read
#     as the pricing reads it, from its fallback: `output_reasoning` from `output`, a cache write
#     from `cache_write`, then `input`…) and the import's checked date for them (the file's date
#     for the entry, else the `checked` given) is later than our current period's `checked` —
#     `plan_confirm` (`data/edit.py`) makes that date its `checked` and the import's source its
#     `source`; no other line changes (its rates and note stay). A rate of the file that ours
#     has no price for, nor a fallback (a web search price), is no change by itself: the outcome
#     names it ("not in data/: web_search_per_k 35"). Rates equal to our current period's with
#     its promotions in force (`current_quote`) on the import's checked date or the build date
#     are ours too: the file lists the promotional price (the outcome names the promotion). A
#     price tiered by request size (`SourceTiers`) is compared the same way, band by band, with
#     our `tiers` of the same basis and pricing mode and the same bands (`_compare_tiers`; a
#     file's "more than 200000" is our band from 200000), never written as a change;
#   - unchanged: equal rates whose checked date is not later than ours — nothing is written, the
#     file keeps its bytes;
#   - changed: `plan_price` (`data/edit.py`) closes our current period and opens a new one with
#     the import's source and checked date, from the file's start of the price (else from the
#     checked date), with every rate of the file, those ours lacked too; the same lossless,
#     checked round trip. A start after the build date is a scheduled price (the loader takes
#     it; the pricing and the timelines use it from that day), and the outcome says so. A file's
#     price that starts before our current one is older than ours, and skipped;
#   - added (only with `add`), after every change: a new model, or a new offer of a known
#     model, with the file's whole history, appended through the same round-trip YAML; a vendor
#     or provider file that does not exist is created. The copy is then loaded once; an
#     addition the loader refuses (found by the lines of its error) is taken out and skipped
#     with the loader's message, and the rest loaded again, until it passes;
#   - skipped, with a reason: an unknown model or offer (without `add`; one the file marks
#     deprecated, even with it), a current price of ours with time windows or modes, a price
#     tiered by request size that is not ours (flat on one side, other bands, basis or rates,
#     our promotions; it is never written, nor added), an offer of ours that has ended, a file's
#     price without a current period or older than ours, a second entry for the same offer, a
#     change or confirmation the edit refuses.
# The result is a list of `FileChange`s (old and new bytes) and of outcomes; `check_changes`
# loads `data/` with them, and `write_changes` writes them with `write_edit` (atomic, refusing a
# file changed on disk) and creates new files without overwriting any. Nothing here imports MkDocs.

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from almanac.core.data.datasets.fields import RATE_KEYS
from almanac.core.data.datasets.loader import DATA_DIR, Datasets, load_datasets
from almanac.core.data.datasets.models import Model, Offer, Period, TierBand
from almanac.core.data.edit import (
    Edit,
    NewFileErrors,
    NewPrice,
    Reading,
    plan_confirm,
    plan_price,
    round_trip_yaml,
    write_edit,
)
from almanac.core.data.importers.common import (
    PROVIDERS,
    VENDOR_NAMES,
    SourceBand,
    SourceFile,
    SourceOffer,
    SourcePeriod,
    SourceTiers,
    decimal_text,
)
from almanac.core.data.pricing import current_quote, find_period, promotion_in_force, resolve_rates
from almanac.core.errors import AlmanacError, AlmanacErrors

__all__ = ["CATEGORIES", "FileChange", "ImportPlan", "Outcome", "plan_import", "write_changes"]

Category = Literal["added", "changed", "confirmed", "unchanged", "skipped"]
CATEGORIES: Final[tuple[Category, ...]] = ("added", "changed", "confirmed", "unchanged", "skipped")
#: Why a model the file marks deprecated that data/ does not have (or an offer of it) is skipped.
_DEPRECATED: Final = "deprecated in the file, and not in data/ (never added)"
#: Our rate keys of a cache write.
_CACHE_WRITES: Final = ("cache_write", "cache_write_5m", "cache_write_1h")


@dataclass(frozen=True)
class Outcome:
    """What the import did with one entry of the file."""

    category: Category
    where: str
    reason: str = ""
    """Why, for `skipped` (the same text for the same cause); what, for the others."""
    detail: str = ""


@dataclass(frozen=True)
class FileChange:
    """One file of `data/` as the import leaves it; `old` is `None` for a new file."""

    rel: str
    old: bytes | None
    new: bytes


@dataclass(frozen=True)
class ImportPlan:
    changes: tuple[FileChange, ...]
    outcomes: tuple[Outcome, ...]


Progress = Callable[[int, int], None]


def plan_import(
    root: Path,
    source: SourceFile,
    *,
    today: dt.date,
    checked: dt.date,
    add: bool = False,
    vendors: Iterable[str] = (),
    progress: Progress | None = None,
) -> ImportPlan:
    """The changes of `root/data/` that bring it to `source`'s prices, checked by the build's
    loader, and what happened to each entry. Nothing is written under `root`."""
    original = load_datasets(root, today=today)  # data/ with problems: nothing is imported
    wanted = set(vendors)
    outcomes: list[Outcome] = [Outcome("skipped", skip.where, skip.reason, skip.detail) for skip in source.skipped]
    with tempfile.TemporaryDirectory(prefix="almanac-import-") as folder:
        work = Path(folder)
        _copy_data(root, work)
        total = len(source.offers)
        state = _State(work, original, today, checked, add)
        for n, offer in enumerate(source.offers):
            vendor = state.vendor(offer)
            if wanted and vendor not in wanted:
                what = vendor or "a model data/ does not have"
                outcomes.append(Outcome("skipped", offer.where, "a vendor not asked for (--vendor)", what))
            else:
                outcomes.append(state.merge(len(outcomes), offer))
            if progress is not None:
                progress(n + 1, total)
        state.confirm_all(outcomes)
        state.add_all(outcomes)
        changes = _changes(root, work)
    return ImportPlan(tuple(changes), tuple(outcomes))


def _copy_data(root: Path, copy: Path) -> None:
    """`root/data/` copied into `copy` (an empty `data/` when there is none yet)."""
    if (root / DATA_DIR).is_dir():
        shutil.copytree(root / DATA_DIR, copy / DATA_DIR, symlinks=False)
    else:
        (copy / DATA_DIR).mkdir()


def _changes(root: Path, work: Path) -> list[FileChange]:
    changes: list[FileChange] = []
    for path in sorted((work / DATA_DIR).rglob("*.yaml")):
        rel = path.relative_to(work).as_posix()
        new = path.read_bytes()
        before = root / rel
        old = before.read_bytes() if before.is_file() else None
        if old != new:
            changes.append(FileChange(rel, old, new))
    return changes


class _State:
    """The working copy of `data/` and what is known of it while the entries are merged."""

    def __init__(self, work: Path, datasets: Datasets, today: dt.date, checked: dt.date, add: bool) -> None:
        self.work = work
        self.datasets = datasets
        self.today = today
        self.checked = checked
        self.add = add
        self.names: dict[str, str] = {}
        self.seen: dict[tuple[str, str, str, str, str], str] = {}
        self.pending: list[tuple[int, SourceOffer, str | None]] = []
        self.readings: list[tuple[int, SourceOffer, Reading]] = []
        self.additions: list[_Addition] = []
        self.trees: dict[str, Any] = {}
        self.headers: dict[str, str] = {}
        self.created: set[str] = set()
        self.added_models: dict[str, tuple[str, CommentedMap]] = {}
        self.alike: dict[str, set[str]] = {}
        for model in datasets.models.values():
            for name in (model.id, *model.api_ids, *((model.snapshot,) if model.snapshot else ())):
                self.names.setdefault(name.lower(), model.id)
                self.alike.setdefault(_alike(name), set()).add(model.id)

    def merge(self, index: int, entry: SourceOffer) -> Outcome:
        outcome = self._merge(index, entry)
        if entry.note and outcome.category != "skipped":
            return Outcome(outcome.category, outcome.where, outcome.reason, f"{outcome.detail} ({entry.note})")
        return outcome

    def vendor(self, entry: SourceOffer) -> str:
        """The vendor of the entry's model: the file's, else the one of our model of its name."""
        if entry.vendor:
            return entry.vendor
        found = self._find(entry)
        return self.datasets.vendor_of.get(found, "") if found is not None else ""

    def _find(self, entry: SourceOffer) -> str | None:
        """Our model that `entry` names: by its id or another of its names, or the vendor's id a
        cloud's id wraps (`base_id`), as an id, API id or snapshot of ours; a name `vendor/model`
        (an aggregator's) by its last part too. Else by the same names with `.` and `-` alike
        (OpenRouter's `anthropic/claude-haiku-4.5` is our `claude-haiku-4-5`) when they name one
        model of ours only (`_alike_models`); a date is never taken off a name."""
        names = _names(entry)
        for name in names:
            found = self.names.get(name.lower())
            if found is not None:
                return found
        alike = self._alike_models(names)
        return alike[0] if len(alike) == 1 else None

    def _alike_models(self, names: Iterable[str]) -> list[str]:
        """Our models (ids, sorted) that `names` name with `.` and `-` alike."""
        return sorted({model for name in names for model in self.alike.get(_alike(name), ())})

    def _merge(self, index: int, entry: SourceOffer) -> Outcome:
        datasets = self.datasets
        model_id = self._find(entry)
        alike = self._alike_models(_names(entry)) if model_id is None else []
        if len(alike) > 1:  # never a guess between two models of ours
            return Outcome(
                "skipped",
                entry.where,
                "a name several models of data/ match with . and - alike",
                f"{entry.model} could be {' or '.join(alike)}: add it to the api_ids of the right one",
            )
        if entry.deprecated and (model_id is None or model_id not in datasets.models):
            return Outcome("skipped", entry.where, _DEPRECATED, entry.model)
        if model_id is None:
            if not self.add:
                return Outcome("skipped", entry.where, "an unknown model (--add writes it)", entry.model)
            return self._defer(index, entry, None)  # another entry may add the model
        if model_id not in datasets.models:  # a model another entry adds
            return self._defer(index, entry, None)
        model = datasets.models[model_id]
        if entry.vendor and datasets.vendor_of[model_id] != entry.vendor:
            return Outcome(
                "skipped",
                entry.where,
                "a model of another vendor in data/",
                f"{model_id} is in data/vendors/{datasets.vendor_of[model_id]}.yaml",
            )
        key = (model_id, *_source_identity(entry))
        if key in self.seen:
            return Outcome(
                "skipped",
                entry.where,
                "an offer an earlier entry of the file gave a price already",
                f"{model_id} from {entry.provider}: {self.seen[key]}",
            )
        self.seen[key] = entry.where
        offer = next((o for o in model.offers if _identity(o) == _source_identity(entry)), None)
        if offer is None:
            if entry.deprecated:
                return Outcome("skipped", entry.where, _DEPRECATED, f"{model_id} from {entry.provider}")
            if not self.add:
                return Outcome(
                    "skipped",
                    entry.where,
                    "no such offer of a known model (--add writes it)",
                    f"{model_id} has no offer from {entry.provider} ({entry.region}, {entry.currency}, "
                    f"{entry.service_tier})",
                )
            return self._defer(index, entry, model)
        return self._compare(index, entry, model, offer)

    # --- a known offer -------------------------------------------------------------------------

    def _compare(self, index: int, entry: SourceOffer, model: Model, offer: Offer) -> Outcome:
        latest = entry.periods[-1]
        if latest.end is not None:
            return Outcome("skipped", entry.where, "no current price in the file", f"its last price ends {latest.end}")
        current = offer.periods[-1]
        if current.to is not None:
            return Outcome(
                "skipped",
                entry.where,
                "our last price has ended (a retired model or a closed offer)",
                f"{model.id} from {offer.provider}: ended {current.to}",
            )
        banded = current.tiers is not None and any(band.mode_overrides for band in current.tiers.bands)
        if current.time_windows or current.mode_overrides or banded:
            return Outcome(
                "skipped",
                entry.where,
                "our current price has time windows or modes, which the file does not express",
                f"{model.id} from {offer.provider}: compare and add by hand",
            )
        if current.tiers is not None or latest.tiers is not None:
            return self._compare_tiers(index, entry, model, offer, latest.tiers)
        given, unlisted = _without_free_writes(latest.rates, current)
        ours = resolve_rates(current.rates.as_dict() if current.rates is not None else {})[0]
        # a rate ours has no price for (nor a fallback) is no change by itself, only named
        extra = {key: value for key, value in given.items() if key not in ours}
        differ = {key: value for key, value in given.items() if key in ours and ours[key] != value}
        promoted = self._promotional(entry, offer, current, given) if differ and current.promotions else None
        said = unlisted
        if promoted is not None:  # the file lists our promotional price in force: it agrees with us
            names, quoted = promoted
            extra = {key: value for key, value in given.items() if key not in quoted}
            differ = {}
            said = f"; the promotional price {names}{unlisted}"
        if not differ:
            lacking = "; not in data/: " + ", ".join(f"{key} {decimal_text(value)}" for key, value in extra.items())
            return self._confirm(index, entry, model, offer, said + (lacking if extra else ""))
        ours_from = _day(current.from_) if current.from_ is not None else None
        if ours_from is not None and latest.start is not None and latest.start < ours_from:
            return Outcome(
                "skipped",
                entry.where,
                "the file's price is older than ours",
                f"{model.id} from {offer.provider}: the file's from {latest.start}, ours from {ours_from}",
            )
        start: dt.date = latest.start if latest.start is not None else self._checked(entry)
        if ours_from is not None and start <= ours_from:
            return Outcome(
                "skipped",
                entry.where,
                "the file's price is older than ours",
                f"{model.id} from {offer.provider}: checked {start}, ours from {ours_from}",
            )
        price = NewPrice(
            model=model.id,
            provider=offer.provider,
            rates={key: decimal_text(value) for key, value in given.items()},
            start=start.isoformat(),
            source=entry.source,
            region=offer.region,
            currency=offer.currency,
            service_tier=offer.service_tier,
            checked=self._checked(entry).isoformat(),
        )
        try:
            edit = plan_price(self.work, price, today=self.today)
            write_edit(edit)
        except (AlmanacError, AlmanacErrors) as error:
            first = error.errors[0] if isinstance(error, AlmanacErrors) else error
            return Outcome("skipped", entry.where, "a new price the edit refuses", first.format())
        words = ", ".join(
            f"{key} {_shown(ours.get(key))} → {decimal_text(value)}" for key, value in {**differ, **extra}.items()
        )
        when = f"scheduled from {start} (after the build date)" if start > self.today else f"from {start}"
        return Outcome("changed", entry.where, "", f"{model.id} from {offer.provider}: {words}, {when}{unlisted}")

    def _compare_tiers(
        self, index: int, entry: SourceOffer, model: Model, offer: Offer, tiers: SourceTiers | None
    ) -> Outcome:
        """A current price tiered by request size, ours or the file's: confirmed (or unchanged) as
        a flat one when both are tiered by the same basis and pricing mode, with the same bands
        (the same first request size each prices; our last band's `max` no smaller than the
        model's context window, ours or else the file's) and the same rates in each (ours read
        with the pricing's fallbacks); else skipped, the outcome saying what differs. An import
        never writes one.

        A band the file bounds as "more than N input tokens" (from N + 1, as genai-prices and
        LiteLLM bill it) is our band from N too. The vendors state these thresholds so
        (Anthropic: requests that exceed 200K input tokens; Google: prompts > 200k tokens): the
        file has the rule to the token, and data/ writes the same rule with the round number as
        the boundary (`min: 200000`), which our pricing bills from a request of exactly 200000
        tokens, one token early. Both describe the vendor's one threshold; a request of exactly
        N tokens is not worth a skipped confirmation, and the outcome names the difference. A
        band from another size (N + 2, or N + 1 where the file's band starts there itself) is
        another threshold."""
        current = offer.periods[-1]
        who = f"{model.id} from {offer.provider}"
        ours = current.tiers
        if ours is None or tiers is None:
            flat, tiered = ("ours", "the file's") if ours is None else ("the file's", "ours")
            shown = _tiers_words(tiers) if tiers is not None else _our_tiers_words(current)
            return Outcome(
                "skipped",
                entry.where,
                "a price tiered by request size on one side, flat on the other, which an import does not write",
                f"{who}: {flat} flat, {tiered} {shown}; compare and change by hand",
            )
        if current.promotions:
            return Outcome(
                "skipped",
                entry.where,
                "our current price is tiered by request size and has promotions, which an import does not compare",
                f"{who}: compare by hand",
            )
        if (ours.basis, ours.pricing_mode) != (tiers.basis, tiers.pricing_mode):
            return Outcome(
                "skipped",
                entry.where,
                "a price tiered by another basis or pricing mode than the file's",
                f"{who}: ours {_MODES[ours.pricing_mode]} by {_BASES[ours.basis]}, the file's "
                f"{_MODES.get(tiers.pricing_mode, tiers.pricing_mode)} by {_BASES.get(tiers.basis, tiers.basis)}",
            )
        written = any(
            key in band.rates.as_dict() for band in ours.bands for key in _CACHE_WRITES
        )  # else a file's cache write of 0 is read as not listed, as for a flat price
        unlisted = ""
        differ: list[str] = []
        extra: dict[str, list[Decimal]] = {}
        for n, (band, theirs) in enumerate(zip(ours.bands, tiers.bands, strict=False)):
            given, words = _drop_free_writes(theirs.rates, written)
            unlisted = unlisted or words
            rates = resolve_rates(band.rates.as_dict())[0]
            differ += [
                f"band {n + 1} {key} {_shown(rates[key])} → {decimal_text(value)}"
                for key, value in given.items()
                if key in rates and rates[key] != value
            ]
            for key, value in given.items():
                if key not in rates:
                    extra.setdefault(key, []).append(value)
        last = ours.bands[-1].max
        window = model.context_window or entry.context_window
        same = len(ours.bands) == len(tiers.bands) and all(
            band.min == theirs.min or band.min == theirs.above
            for band, theirs in zip(ours.bands, tiers.bands, strict=True)
        )
        short = last is not None and (window is None or last < window)
        if not same or short:
            equal = "" if differ or len(ours.bands) != len(tiers.bands) else "; the rates of each band are equal"
            end = f" and none from {last}" if short else ""
            return Outcome(
                "skipped",
                entry.where,
                "a price tiered by request size whose bands are not the file's, which an import does not write",
                f"{who}: ours bands from {_starts(ours.bands)} {_BASES[ours.basis]}{end}, the file's from "
                f"{_starts(tiers.bands)} ({_said(tiers)}){equal}{'; ' + ', '.join(differ) if differ else ''}",
            )
        if differ:
            return Outcome(
                "skipped",
                entry.where,
                "a price tiered by request size unlike ours, which an import does not write",
                f"{who}: {', '.join(differ)}; change it by hand",
            )
        apart = [
            f"band {n + 1} from {band.min} in data/, from {theirs.said} in the file"
            for n, (band, theirs) in enumerate(zip(ours.bands, tiers.bands, strict=True))
            if band.min != theirs.min
        ]
        said = f"; {_count(ours.bands)} by request size"
        if apart:
            said += f" ({'; '.join(apart)}: the same threshold, one token apart)"
        said += unlisted
        if extra:
            said += "; not in data/: " + ", ".join(f"{key} {_by_band(values)}" for key, values in extra.items())
        return self._confirm(index, entry, model, offer, said)

    def _promotional(
        self, entry: SourceOffer, offer: Offer, current: Period, given: Mapping[str, Decimal]
    ) -> tuple[str, dict[str, Decimal | None]] | None:
        """The names of our current period's promotions and the rates the pricing quotes with them
        (`current_quote`), on the entry's checked date, else on the build date (noon UTC, as the
        build's instant), when the file's rates equal those; `None` when on neither day."""
        for day in dict.fromkeys((self._checked(entry), self.today)):
            at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
            in_force = [promotion.name for promotion in current.promotions if promotion_in_force(promotion, at)]
            quoted = current_quote(offer, at) if in_force and find_period(offer, at) is current else None
            if quoted is None:
                continue
            rates = dict(quoted.rates)
            if all(key not in rates or rates[key] == value for key, value in given.items()):
                return " and ".join(in_force), rates
        return None

    def _confirm(self, index: int, entry: SourceOffer, model: Model, offer: Offer, said: str) -> Outcome:
        """Our current price, equal to the file's: confirmed when the file's reading of it is later
        than our `checked` (written by `confirm_all`, after every change), else unchanged.
        `said` names how the file's rates were read: the promotion of ours they are, a cache write
        of 0 read as not listed, the rates ours has no price for (nothing is written of them)."""
        current = offer.periods[-1]
        when = self._checked(entry)
        if current.checked is None or when <= current.checked:
            return Outcome("unchanged", entry.where, "", f"{model.id} from {offer.provider}{said}")
        self.readings.append((index, entry, Reading(model.id, _identity(offer), entry.source, when)))
        return Outcome(
            "confirmed",
            entry.where,
            "",
            f"{model.id} from {offer.provider}: checked {current.checked} → {when}{said}",
        )

    def confirm_all(self, outcomes: list[Outcome]) -> None:
        """Write the confirmations into the working copy, one edit a file; when the edits are
        refused, each is tried alone, and one refused is skipped with the reason."""
        if not self.readings:
            return
        try:
            edits = plan_confirm(self.work, [reading for *_, reading in self.readings], today=self.today)
        except (AlmanacError, AlmanacErrors):
            edits = None
        if edits is not None:
            for edit in edits:
                write_edit(edit)
            return
        for index, entry, reading in self.readings:
            try:
                for edit in plan_confirm(self.work, [reading], today=self.today):
                    write_edit(edit)
            except (AlmanacError, AlmanacErrors) as error:
                first = error.errors[0] if isinstance(error, AlmanacErrors) else error
                outcomes[index] = Outcome("skipped", entry.where, "a confirmation the edit refuses", first.format())

    def _checked(self, entry: SourceOffer) -> dt.date:
        """When the price was checked: the file's date for it, if any (and not after the build
        date), else the import's."""
        return entry.checked if entry.checked is not None and entry.checked <= self.today else self.checked

    # --- additions -----------------------------------------------------------------------------

    def _defer(self, index: int, entry: SourceOffer, model: Model | None) -> Outcome:
        """An addition, made after every change (`add_all`): its outcome for now. A current price
        tiered by request size is never added."""
        if entry.periods[-1].tiers is not None:
            return Outcome(
                "skipped", entry.where, "a current price tiered by request size, which an import does not write"
            )
        self.pending.append((index, entry, model.id if model is not None else None))
        return Outcome("added", entry.where, "", "")

    def add_all(self, outcomes: list[Outcome]) -> None:
        """Write the additions into the working copy, in the file's order, then check `data/` once;
        an addition the loader refuses is taken out again and skipped with the loader's reason,
        until the rest passes."""
        for index, entry, known in self.pending:
            outcomes[index] = self._append(index, entry, known)
        written = False  # the working copy has the trees as they are
        while self.additions:
            texts = self._flush()
            written = True
            try:
                load_datasets(self.work, today=self.today)
            except AlmanacErrors as errors:
                refused = self._culprits(errors.errors, texts)
                if not refused:
                    raise NewFileErrors(errors.errors) from None
                for addition, error in refused.items():
                    # a refused new model takes the offers other entries added to it along
                    inside = [other for other in self.additions if other.container is addition.node.get("offers")]
                    for taken in (addition, *inside):
                        if taken not in self.additions:
                            continue
                        del taken.container[_position(taken)]
                        self.additions.remove(taken)
                        outcomes[taken.index] = Outcome(
                            "skipped", taken.entry.where, "an addition the build's checks refuse", error.format()
                        )
                written = False
                continue
            break
        if not written:
            self._flush()
        self._remove_unused()

    def _tree(self, rel: str, entry: SourceOffer) -> Any:
        if rel not in self.trees:
            path = self.work / rel
            if not path.is_file():
                self.created.add(rel)
                text = _vendor_file(entry)
            else:
                text = path.read_text(encoding="utf-8")
            self.trees[rel] = round_trip_yaml().load(text)
        return self.trees[rel]

    def _provider(self, entry: SourceOffer) -> str:
        rel = f"{DATA_DIR}/providers/{entry.provider}.yaml"
        path = self.work / rel
        if not path.is_file():
            _write_new(path, _provider_file(entry))
            self.created.add(rel)
        return rel

    def _append(self, index: int, entry: SourceOffer, known: str | None) -> Outcome:
        model_id = known or self._find(entry)
        if model_id is not None and model_id not in self.added_models:
            vendor = self.datasets.vendor_of[model_id]
        elif model_id is not None:
            vendor = self.added_models[model_id][0]
        elif entry.vendor:
            vendor = entry.vendor
        else:
            return Outcome(
                "skipped",
                entry.where,
                "an unknown model of a provider of many vendors (its vendor is not known)",
                f"{entry.model}: add the model to its vendor's file, then import again",
            )
        if entry.vendor and vendor != entry.vendor:
            return Outcome(
                "skipped",
                entry.where,
                "a model of another vendor in data/",
                f"{model_id} is in data/vendors/{vendor}.yaml",
            )
        if model_id is not None:
            key = (model_id, *_source_identity(entry))
            if key in self.seen:
                return Outcome(
                    "skipped",
                    entry.where,
                    "an offer an earlier entry of the file gave a price already",
                    f"{model_id} from {entry.provider}: {self.seen[key]}",
                )
            self.seen[key] = entry.where
        rel = f"{DATA_DIR}/vendors/{vendor}.yaml"
        tree = self._tree(rel, entry)
        made = [name for name in (rel, self._provider(entry)) if name in self.created]
        models = tree.get("models")
        if not isinstance(models, CommentedSeq) or not models:
            models = CommentedSeq()
            tree["models"] = models
        entry, unlisted = _without_free_writes_ever(entry)
        offer = _offer_map(entry, self._checked(entry))
        if model_id is None:
            node = _model_map(entry, offer)
            container: CommentedSeq = models
            new_id = _model_id(entry)
            what = f"model {new_id} with its offer from {entry.provider}"
            self.added_models[new_id] = (vendor, node)
            for name in (entry.model, *entry.api_ids):
                self.names.setdefault(name.lower(), new_id)
            self.seen[(new_id, *_source_identity(entry))] = entry.where
        else:
            written = next(m for m in models if m.get("id") == model_id)
            offers = written.get("offers")
            if not isinstance(offers, CommentedSeq) or not offers:
                offers = CommentedSeq()
                written["offers"] = offers
            node, container = offer, offers
            what = f"an offer of {model_id} from {entry.provider}"
        container.append(node)
        self.additions.append(_Addition(index, entry, rel, node, container))
        return Outcome("added", entry.where, "", what + (f" (new {', '.join(made)})" if made else "") + unlisted)

    def _flush(self) -> dict[str, str]:
        texts: dict[str, str] = {}
        yaml = round_trip_yaml()
        for rel, tree in self.trees.items():
            out = io.StringIO()
            yaml.dump(tree, out)
            text = out.getvalue()
            if rel in self.created:
                text = self.headers.setdefault(rel, _header(tree)) + text
            texts[rel] = text
            _write_new(self.work / rel, text)
        return texts

    def _culprits(self, errors: Iterable[AlmanacError], texts: dict[str, str]) -> dict[_Addition, AlmanacError]:
        """The additions each error is in (by file and line); empty when an error is in none."""
        spans: dict[str, list[tuple[int, int, _Addition]]] = {}
        for rel, text in texts.items():
            reread = round_trip_yaml().load(text)
            models = list(reread.get("models") or ())
            lines = [model.lc.line + 1 for model in models] + [text.count("\n") + 2]
            for addition in self.additions:
                if addition.rel != rel:
                    continue
                if addition.container is self.trees[rel]["models"]:
                    i = _position(addition)
                    spans.setdefault(rel, []).append((lines[i], lines[i + 1], addition))
                    continue
                i = next(
                    n for n, node in enumerate(self.trees[rel]["models"]) if node.get("offers") is addition.container
                )
                j = _position(addition)
                offers = reread["models"][i]["offers"]
                first = offers[j].lc.line + 1
                last = offers[j + 1].lc.line + 1 if j + 1 < len(offers) else lines[i + 1]
                spans.setdefault(rel, []).append((first, last, addition))
        found: dict[_Addition, AlmanacError] = {}
        for error in errors:
            hit = next(
                (addition for first, last, addition in spans.get(error.path, ()) if first <= (error.line or 0) < last),
                None,
            )
            if hit is None:
                return {}
            found.setdefault(hit, error)
        return found

    def _remove_unused(self) -> None:
        """A new vendor file left without models, a new provider file no addition uses: removed."""
        used = {f"{DATA_DIR}/providers/{addition.entry.provider}.yaml" for addition in self.additions}
        for rel in sorted(self.created):
            tree = self.trees.get(rel)
            empty = not tree.get("models") if tree is not None else rel not in used
            if empty:
                (self.work / rel).unlink(missing_ok=True)


@dataclass(eq=False)
class _Addition:
    """A model or an offer appended to a vendor file of the working copy."""

    index: int
    entry: SourceOffer
    rel: str
    node: CommentedMap
    container: CommentedSeq


def _position(addition: _Addition) -> int:
    """Where the addition is in its list (by identity: two additions may be equal maps)."""
    return next(n for n, node in enumerate(addition.container) if node is addition.node)


def _header(tree: Any) -> str:
    vendor = tree.get("vendor") or {}
    return f"# {vendor.get('name', '')}: models and prices, first written by almanac import\n"


def _names(entry: SourceOffer) -> list[str]:
    """The names `entry` gives its model, in the order they are matched: each of its id and
    `api_ids` whole then by its last part after `/`, then the vendor's id a cloud's id wraps."""
    names = [part for name in (entry.model, *entry.api_ids) for part in (name, name.rpartition("/")[2])]
    return list(dict.fromkeys([*names, *((entry.base_id,) if entry.base_id else ())]))


def _alike(name: str) -> str:
    """`name` as the loose match compares it: lower case, each `.` a `-`."""
    return name.lower().replace(".", "-")


def _identity(offer: Offer) -> tuple[str, str, str, str]:
    return (offer.provider, offer.region, offer.currency, offer.service_tier)


def _source_identity(entry: SourceOffer) -> tuple[str, str, str, str]:
    return (entry.provider, entry.region, entry.currency, entry.service_tier)


#: Our `Tiers.pricing_mode` and `Tiers.basis` in words, for messages.
_MODES: Final = {"whole_request": "whole request", "marginal": "marginal (each band its own tokens)"}
_BASES: Final = {"input_tokens_per_request": "input tokens", "total_tokens_per_request": "total tokens"}


def _count(bands: tuple[TierBand, ...] | tuple[SourceBand, ...]) -> str:
    return f"{len(bands)} band" + ("s" if len(bands) != 1 else "")


def _starts(bands: Iterable[TierBand | SourceBand]) -> str:
    return ", ".join(str(band.min) for band in bands)


def _by_band(values: list[Decimal]) -> str:
    """A rate of each band: `35` when it is the same in every band, else `2 / 4`."""
    return " / ".join(decimal_text(value) for value in (values if len(set(values)) > 1 else values[:1]))


def _said(tiers: SourceTiers) -> str:
    """How the file bounds its bands: `more than 200000 input tokens`."""
    return ", ".join(band.said for band in tiers.bands if band.said) or "one band"


def _tiers_words(tiers: SourceTiers) -> str:
    basis = _BASES.get(tiers.basis, tiers.basis)
    return f"{_count(tiers.bands)} from {_starts(tiers.bands)} {basis} ({_said(tiers)})"


def _our_tiers_words(period: Period) -> str:
    tiers = period.tiers
    assert tiers is not None
    return f"{_count(tiers.bands)} from {_starts(tiers.bands)} {_BASES[tiers.basis]}"


def _drop_free_writes(rates: Mapping[str, Decimal], written: bool) -> tuple[dict[str, Decimal], str]:
    """`rates` without a cache write of 0 when ours writes none (`written`), and the words that
    name them (`_without_free_writes`)."""
    zero = [key for key in _CACHE_WRITES if key in rates and rates[key] == 0] if not written else []
    if not zero:
        return dict(rates), ""
    kept = {key: value for key, value in rates.items() if key not in zero}
    return kept, f"; {', '.join(zero)} 0 read as not listed (a cache write bills as input)"


def _without_free_writes(rates: Mapping[str, Decimal], ours: Period | None) -> tuple[dict[str, Decimal], str]:
    """The file's rates without a cache write of 0 when our price (`None`: a new offer) writes no
    cache write, in its rates or a promotion's, and the words that name them. Our pricing bills
    such a write as input; a file's 0 there (LiteLLM's for Z.ai's and DeepSeek's implicit
    caching) says that no separate write is billed, not that writes are free. Beside a cache
    write of ours, a 0 is a price, compared as any other."""
    written = [ours.rates, *(promotion.rates for promotion in ours.promotions)] if ours is not None else []
    return _drop_free_writes(
        rates, any(key in part.as_dict() for part in written if part is not None for key in _CACHE_WRITES)
    )


def _without_free_writes_ever(entry: SourceOffer) -> tuple[SourceOffer, str]:
    """A new offer: every period of the file without a cache write of 0 (`_without_free_writes`
    with no price of ours), and the words that name them."""
    read = [_without_free_writes(period.rates, None) for period in entry.periods]
    periods = tuple(replace(period, rates=rates) for period, (rates, _) in zip(entry.periods, read, strict=True))
    return replace(entry, periods=periods), next((words for _, words in read if words), "")


def _shown(value: Decimal | None) -> str:
    return "null" if value is None else decimal_text(value)


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _model_id(entry: SourceOffer) -> str:
    """Our id for a new model: the file's, in lower case, other characters than `a-z0-9.-` as `-`."""
    return re.sub(r"[^a-z0-9.-]+", "-", entry.model.strip().lower()).strip("-.") or "model"


def _rates_map(rates: dict[str, Decimal] | Any) -> CommentedMap:
    written = CommentedMap()
    for key in RATE_KEYS:
        if key in rates:
            written[key] = DoubleQuotedScalarString(decimal_text(rates[key]))
    written.fa.set_flow_style()
    return written


def _period_map(period: SourcePeriod, source: str, checked: dt.date) -> CommentedMap:
    written = CommentedMap()
    written["from"] = period.start
    written["to"] = period.end
    written["rates"] = _rates_map(period.rates)
    written["source"] = DoubleQuotedScalarString(source)
    written["checked"] = checked
    return written


def _offer_map(entry: SourceOffer, checked: dt.date) -> CommentedMap:
    offer = CommentedMap()
    offer["provider"] = entry.provider
    offer["region"] = entry.region
    offer["currency"] = entry.currency
    offer["unit"] = "per_mtok"
    offer["service_tier"] = entry.service_tier
    periods = CommentedSeq()
    for period in entry.periods:
        periods.append(_period_map(period, entry.source, checked))
    offer["periods"] = periods
    return offer


def _model_map(entry: SourceOffer, offer: CommentedMap) -> CommentedMap:
    model = CommentedMap()
    model["id"] = _model_id(entry)
    model["name"] = DoubleQuotedScalarString(entry.name)
    model["api_ids"] = CommentedSeq(
        [DoubleQuotedScalarString(name) for name in dict.fromkeys((entry.model, *entry.api_ids))]
    )
    model["api_ids"].fa.set_flow_style()
    if entry.context_window is not None:
        model["context_window"] = entry.context_window
    model["offers"] = CommentedSeq([offer])
    return model


def _vendor_file(entry: SourceOffer) -> str:
    yaml = round_trip_yaml()
    tree = CommentedMap()
    tree["schema_version"] = 1
    vendor = CommentedMap()
    vendor["id"] = entry.vendor
    vendor["name"] = DoubleQuotedScalarString(VENDOR_NAMES[entry.vendor])
    tree["vendor"] = vendor
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _provider_file(entry: SourceOffer) -> str:
    yaml = round_trip_yaml()
    tree = CommentedMap()
    tree["schema_version"] = 1
    tree["id"] = entry.provider
    provider = PROVIDERS[entry.provider]
    tree["name"] = DoubleQuotedScalarString(provider.name)
    tree["kind"] = provider.kind
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- writing -------------------------------------------------------------------------------------


def check_changes(root: Path, changes: Iterable[FileChange], today: dt.date) -> None:
    """Load `data/` as the build does with `changes` in place, in a temporary copy; raises
    `NewFileErrors` with the build's problems."""
    with tempfile.TemporaryDirectory(prefix="almanac-import-") as folder:
        copy = Path(folder)
        _copy_data(root, copy)
        for change in changes:
            (copy / change.rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / change.rel).write_bytes(change.new)
        try:
            load_datasets(copy, today=today)
        except AlmanacErrors as errors:
            raise NewFileErrors(errors.errors) from None


def write_changes(root: Path, changes: Iterable[FileChange], written: list[str]) -> None:
    """Write each change under `root`: new files first (created, never over an existing one),
    then the edited ones through `write_edit` (atomic; refused when the file changed on disk).
    Appends each path to `written` once it is written, so that a refusal halfway says what was."""
    ordered = sorted(changes, key=lambda change: (change.old is not None, change.rel))
    for change in ordered:  # refuse before the first write, not halfway
        _check_writable(root, change)
    for change in ordered:
        path = root / change.rel
        if change.old is None:
            _create(path, change)
        else:
            write_edit(Edit(path, change.rel, change.old, change.new))
        written.append(change.rel)


def _check_writable(root: Path, change: FileChange) -> None:
    """An `AlmanacError` when the change cannot be written: its file, or the folder it is made in
    (the nearest that exists), is read-only. Each write checks again; this only spares a half-done
    import in the common case."""
    path = root / change.rel
    target = path if change.old is not None else path.parent
    while not target.exists() and target != root:
        target = target.parent
    folder = target if target.is_dir() else target.parent
    shown = folder.relative_to(root).as_posix() + "/" if folder != root else "the project folder"
    if not os.access(folder, os.W_OK) or not folder.stat().st_mode & 0o222:
        raise AlmanacError(change.rel, 1, f"{shown} is read-only", f"make {shown} writable and run again")
    if change.old is not None and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise AlmanacError(change.rel, 1, "the file is read-only", "make it writable and run again")


def _create(path: Path, change: FileChange) -> None:
    """Write a new file whole or not at all: a temporary file of the same folder, linked to its
    name (which fails if the name exists), then removed."""
    folder = path.parent
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        temporary = Path(name)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(change.new)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.link(temporary, path)
    except FileExistsError:
        raise AlmanacError(
            change.rel, 1, "created by someone else since almanac looked; not written", "run the command again"
        ) from None
    except OSError as error:
        raise AlmanacError(
            change.rel,
            1,
            f"cannot be created: {error.strerror or error}",
            f"make {folder.name}/ writable and run again; nothing else was written after it",
        ) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
