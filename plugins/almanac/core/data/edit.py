# Lossless edits of `data/vendors/*.yaml`: a new price for an offer (`almanac price set`).
#
# `plan_price` finds the offer (model × provider × region × currency × service tier) in the
# loaded, checked data, closes its current period at the new price's start and opens a new
# period after it with the new rates, `source` and `checked`: history is only added to. The file
# is edited through ruamel.yaml's round trip, so its comments, key order, quoting and blank
# lines stay; the new text must differ from the old only by the closed period's `to` line and
# the lines of the new period, and it must pass the build's own checks (`load_datasets` on a
# copy of `data/` with the new file in it) before anything is written. `write_edit` writes it
# atomically (a temporary file in the same folder, then a rename) and refuses when the file's
# bytes changed since they were read. `offer_tables` is what `almanac price show` prints.
# `plan_confirm` records that offers' current prices were read unchanged at a later date
# (`almanac import`): only their periods' `source` and `checked` lines change, one edit a file,
# through the same round trip and checks.
# Nothing here imports MkDocs.

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from almanac.core.data.datasets.fields import RATE_KEYS, Instant, instant
from almanac.core.data.datasets.loader import DATA_DIR, Datasets, load_datasets
from almanac.core.data.datasets.messages import closest
from almanac.core.data.datasets.models import Model, Offer, Period, Rates
from almanac.core.data.datasets.reader import Document
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.safeyaml import MAX_BYTES

__all__ = [
    "NOT_OFFERED",
    "Edit",
    "NewFileErrors",
    "NewPrice",
    "OfferTable",
    "Reading",
    "carried_words",
    "find_model",
    "model_line",
    "offer_tables",
    "plan_confirm",
    "plan_price",
    "round_trip_yaml",
    "unified_diff",
    "write_edit",
]

#: What a rate is given as on the command line to write `null` (not offered).
NOT_OFFERED: Final = "null"

_INSTANT: Final = TypeAdapter(Instant)
_OPTION: Final = {key: "--" + key.replace("_", "-") for key in RATE_KEYS}


@dataclass(frozen=True)
class NewPrice:
    """A new price for one offer, as the command line gives it (texts, checked by `plan_price`)."""

    model: str
    provider: str
    rates: Mapping[str, str]
    """Rate key → price text (`"0.28"`, or `NOT_OFFERED`); keys of `RATE_KEYS`."""
    start: str
    """When the new price takes effect: `2026-12-01` or `2026-12-01T16:00:00Z`."""
    source: str
    region: str | None = None
    currency: str | None = None
    service_tier: str | None = None
    checked: str | None = None
    """When the price was read at `source`; by default the build date."""
    note: str | None = None
    flat: bool = False
    """The new price is the same at every hour, request size and mode: it may follow a current price
    with tiers, time windows or mode overrides (which is refused otherwise)."""


class NewFileErrors(AlmanacErrors):
    """The problems the build would find in the edited file (at its new lines) or across `data/`."""


@dataclass(frozen=True)
class Edit:
    """A checked edit of one file, not yet written."""

    path: Path
    rel: str
    old: bytes
    new: bytes
    carried: Mapping[str, str | None] = field(default_factory=dict)
    """Rates of the closed period that the new one keeps because the command line did not give them."""
    offer: str = ""
    """The offer, in words: `deepseek-v4-pro from deepseek (global, USD, standard)`."""

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.old).hexdigest()


# --- finding the model and the offer -------------------------------------------------------------


def _vendor_rel(datasets: Datasets, model_id: str) -> str:
    return f"{DATA_DIR}/vendors/{datasets.vendor_of[model_id]}.yaml"


def _model_loc(datasets: Datasets, model_id: str) -> tuple[str, int, Document]:
    """The vendor file of a model, the model's index in it, and the file's document."""
    vendor = datasets.vendors[datasets.vendor_of[model_id]]
    index = next(i for i, model in enumerate(vendor.models) if model.id == model_id)
    rel = _vendor_rel(datasets, model_id)
    return rel, index, datasets.documents[rel]


def find_model(datasets: Datasets, wanted: str) -> Model:
    """The model whose id is `wanted`; an `AlmanacError` at the closest one (by id, name, alias or
    API id) when there is none."""
    if wanted in datasets.models:
        return datasets.models[wanted]
    names: dict[str, str] = {}
    for model in datasets.models.values():
        for name in (model.name, *model.aliases, *model.api_ids):
            names.setdefault(name.lower(), model.id)
    suggestion = names.get(wanted.strip().lower()) or closest(wanted, datasets.models)
    if suggestion is None:
        suggestion = closest(wanted.lower(), names)
        suggestion = names[suggestion] if suggestion is not None else None
    if suggestion is None:
        raise _no_close_model(datasets, wanted)
    rel, index, document = _model_loc(datasets, suggestion)
    line = document.position(("models", index, "id"))[0]
    raise AlmanacError(rel, line, f"no model {wanted!r} in data/", f"did you mean {suggestion}?")


def _first_word(model_id: str) -> str:
    """How a model's id begins, the name its vendor gives a line of models: `gpt`, `claude`, `qwen`."""
    found = re.match(r"[a-z]+", model_id.lower())
    return found.group() if found else ""


def _listed(names: Sequence[str], most: int = 20) -> str:
    """`a, b, c`, or the first `most` and how many more."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _no_close_model(datasets: Datasets, wanted: str) -> AlmanacError:
    """The error for a model no id, name or alias is close to: there is no model to point at, so it
    points at the file the model would be added to, the vendor file whose models begin as `wanted`
    does or whose id it names (`claude-x`, `anthropic/x`); else at the first model of the first
    vendor file (an `id:` as the command line wants it), naming how each vendor's models begin."""
    what = f"no model {wanted!r} in data/"
    if not datasets.vendors:
        return AlmanacError(
            f"{DATA_DIR}/vendors/",
            None,
            what + ", which has no vendor file yet",
            "add a vendor and its models in data/vendors/<vendor>.yaml, by hand or with almanac import … --add",
        )
    words = re.findall(r"[a-z0-9]+", wanted.lower())
    begins = {
        vendor_id: {vendor_id, *(_first_word(model.id) for model in file.models)} - {""}
        for vendor_id, file in sorted(datasets.vendors.items())
    }
    vendor_id = next((v for word in words for v, names in begins.items() if word in names), None)
    if vendor_id is not None:
        file = datasets.vendors[vendor_id]
        rel = f"{DATA_DIR}/vendors/{vendor_id}.yaml"
        ids = [model.id for model in file.models]
        return AlmanacError(
            rel,
            datasets.documents[rel].key_position(("models",) if ids else ("vendor", "id"))[0],
            what,
            f"no model's id, name or alias is close to it; the models of {file.vendor.name} are "
            f"{_listed(ids) if ids else 'none yet'}: give one's id, or add the model here by hand",
        )
    vendor_id = min(datasets.vendors)
    rel = f"{DATA_DIR}/vendors/{vendor_id}.yaml"
    starts = sorted({_first_word(model_id) for model_id in datasets.models} - {""})
    return AlmanacError(
        rel,
        datasets.documents[rel].position(("models", 0, "id"))[0],
        what,
        f"no model's id, name or alias is close to it, and no vendor's models begin as it does "
        f"({_listed(starts)}): give a model's id, an `id:` of data/vendors/*.yaml as on this line, "
        "or add the model to its vendor's file",
    )


def _offer_words(model: Model, offer: Offer) -> str:
    return f"{model.id} from {offer.provider} ({offer.region}, {offer.currency}, {offer.service_tier})"


def _find_offer(datasets: Datasets, model: Model, price: NewPrice) -> int:
    """The index of the one offer of `model` that `price` names, or an `AlmanacError` that says
    what to add to the command line."""
    rel, index, document = _model_loc(datasets, model.id)
    at = document.key_position(("models", index, "offers"))[0]
    providers = list(dict.fromkeys(offer.provider for offer in model.offers))
    if price.provider not in providers:
        known = price.provider in datasets.providers
        what = f"{model.id} has no offer from {price.provider!r}" + ("" if known else " (no such provider in data/)")
        suggestion = closest(price.provider, providers)
        listing = ", ".join(providers) or "none"
        hint = (
            f"did you mean {suggestion}? Its offers are from {listing}"
            if suggestion
            else f"its offers are from {listing}; a new offer is added by hand in {rel}"
        )
        raise AlmanacError(rel, at, what, hint)
    candidates = [(o, offer) for o, offer in enumerate(model.offers) if offer.provider == price.provider]
    for option, wanted, attribute in (
        ("--region", price.region, "region"),
        ("--currency", price.currency, "currency"),
        ("--tier", price.service_tier, "service_tier"),
    ):
        if wanted is None:
            continue
        values = list(dict.fromkeys(str(getattr(offer, attribute)) for _, offer in candidates))
        kept = [(o, offer) for o, offer in candidates if getattr(offer, attribute) == wanted]
        if not kept:
            suggestion = closest(wanted, values)
            raise AlmanacError(
                rel,
                at,
                f"{model.id} has no offer from {price.provider} with {option} {wanted}",
                (f"did you mean {suggestion}? " if suggestion else "") + f"it has {', '.join(values)}",
            )
        candidates = kept
    if len(candidates) > 1:
        choices = []
        for option, attribute in (("--region", "region"), ("--currency", "currency"), ("--tier", "service_tier")):
            values = list(dict.fromkeys(str(getattr(offer, attribute)) for _, offer in candidates))
            if len(values) > 1:
                choices.append(f"{option} {' or '.join(values)}")
        raise AlmanacError(
            rel,
            at,
            f"{model.id} has {len(candidates)} offers from {price.provider}",
            "choose one with " + (", ".join(choices) or "--region"),
        )
    return candidates[0][0]


# --- the values of the command line ------------------------------------------------------------


def _validation_text(error: ValidationError) -> tuple[str, str | None]:
    detail = error.errors()[0]
    context = detail.get("ctx") or {}
    return str(context.get("message") or detail["msg"]), context.get("hint")


def _check_rates(rates: Mapping[str, str], rel: str, line: int) -> tuple[dict[str, str | None], list[AlmanacError]]:
    values: dict[str, str | None] = {}
    errors: list[AlmanacError] = []
    for key, text in rates.items():
        if key not in RATE_KEYS:
            errors.append(AlmanacError(rel, line, f"{key!r} is not a rate", f"rates are {', '.join(RATE_KEYS)}"))
            continue
        written = text.strip()
        if written == NOT_OFFERED:
            values[key] = None
            continue
        try:
            Rates.model_validate({key: written})
        except ValidationError as error:
            message, hint = _validation_text(error)
            errors.append(AlmanacError(
                rel,
                line,
                f"{_OPTION[key]} {text!r} is not a price: {message}",
                hint or f'write digits with an optional decimal point, such as "0.28" per million tokens, '
                f"or {NOT_OFFERED} for not offered",
            ))  # fmt: skip
            continue
        values[key] = written
    return values, errors


def _check_instant(option: str, text: str, rel: str, line: int) -> dt.date | dt.datetime:
    try:
        value: dt.date | dt.datetime = _INSTANT.validate_python(text.strip())
    except ValidationError as error:
        message, hint = _validation_text(error)
        raise AlmanacError(rel, line, f"{option} {text!r}: {message}", hint or "write a date as YYYY-MM-DD") from None
    return value


# --- the round trip ------------------------------------------------------------------------------


def _represent_none(representer: RoundTripRepresenter, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _yaml() -> YAML:
    """ruamel.yaml as our files are written: block mappings indented by 2, sequence items by 4
    with the dash at 2, `null` written out, long lines never folded."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), _represent_none)
    yaml.representer.ignore_aliases = lambda _: True  # a value written twice is written twice, not as `&id001`
    return yaml


def round_trip_yaml() -> YAML:
    """The round-trip YAML of these edits, for other edits of `data/` (`almanac import`'s additions)."""
    return _yaml()


def _trailing(node: Any) -> tuple[list[Any], int, Any] | None:
    """Where the comment lines after the last value of `node` are kept: ruamel.yaml ties the blank
    lines and comments that follow a block to its innermost last value."""
    if isinstance(node, CommentedMap) and node:
        key = list(node)[-1]
        inner = _trailing(node[key])
        if inner is not None:
            return inner
        entry = node.ca.items.get(key)
        return (entry, 2, node[key]) if entry is not None and len(entry) > 2 and entry[2] is not None else None
    if isinstance(node, CommentedSeq) and node:
        last = len(node) - 1
        inner = _trailing(node[last])
        if inner is not None:
            return inner
        entry = node.ca.items.get(last)
        return (entry, 0, node[last]) if entry is not None and entry[0] is not None else None
    return None


def _move_trailing(before: Any, after: CommentedMap) -> None:
    """Move the blank lines and comments that followed `before` (the old last period) to follow
    `after` (the new one appended after it); a comment at the end of `before`'s last line stays."""
    found = _trailing(before)
    if found is None:
        return
    entry, slot, value = found
    token: CommentToken = entry[slot]
    text: str = token.value
    if isinstance(value, (FoldedScalarString, LiteralScalarString)):  # `>-`, `|`: their last line is theirs
        kept, moved = "", text
    else:  # the end of the last line (with its comment, if any), then the lines that follow
        first, newline, moved = text.partition("\n")
        kept = first + newline
    if not moved:
        return
    if kept:
        token.value = kept
    else:
        entry[slot] = None
    after.ca.items[list(after)[-1]] = [None, None, CommentToken("\n" + moved, CommentMark(1), None), None]


def _written_instant(value: dt.date | dt.datetime, text: str) -> Any:
    """A period bound as the files write it: a date bare, a date and time in double quotes."""
    if isinstance(value, dt.datetime):
        return DoubleQuotedScalarString(text.strip())
    return value


def _changed_lines(old: str, new: str) -> tuple[list[int], int]:
    """The old lines (1-based) that the new text removes or replaces, and how many lines it adds."""
    removed: list[int] = []
    added = 0
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(range(i1 + 1, i2 + 1))
        if tag in ("replace", "insert"):
            added += j2 - j1
    return removed, added


# --- planning and checking ---------------------------------------------------------------------


def plan_price(root: Path, price: NewPrice, *, today: dt.date) -> Edit:
    """The edit of `root/data/vendors/<vendor>.yaml` that gives an offer a new price from
    `price.start`; raises `AlmanacError` or `AlmanacErrors` (`data/` has problems, the model or
    offer is unknown, a value does not parse, the start is not after the current period's, the
    new file fails the build's checks). Nothing is written."""
    datasets = load_datasets(root, today=today)
    model = find_model(datasets, price.model)
    o = _find_offer(datasets, model, price)
    offer = model.offers[o]
    rel, m, document = _model_loc(datasets, model.id)
    p = len(offer.periods) - 1
    current = offer.periods[p]
    where = ("models", m, "offers", o, "periods", p)
    line = document.position(where)[0]
    problems: list[AlmanacError] = []

    rates, bad = _check_rates(price.rates, rel, line)
    problems.extend(bad)
    start: dt.date | dt.datetime | None = None
    try:
        start = _check_instant("--from", price.start, rel, line)
    except AlmanacError as error:
        problems.append(error)
    checked: dt.date = today
    if price.checked is not None:
        try:
            value = _check_instant("--checked", price.checked, rel, line)
        except AlmanacError as error:
            problems.append(error)
        else:
            if isinstance(value, dt.datetime):
                problems.append(
                    AlmanacError(rel, line, f"--checked {price.checked!r} is not a date", "write YYYY-MM-DD")
                )
            else:
                checked = value
    unsupported = [
        name
        for name, present in (
            ("tiers (prices by request size)", current.tiers is not None),
            ("time_windows (prices by hour)", bool(current.time_windows)),
            ("mode_overrides (prices by mode)", bool(current.mode_overrides)),
        )
        if present
    ]
    if unsupported and not price.flat:
        problems.append(AlmanacError(
            rel,
            line,
            f"the current price of {_offer_words(model, offer)} has {' and '.join(unsupported)}, "
            "which a command line does not set",
            "add its next period by hand, from a copy of this one; or pass --flat when the new price "
            "is the same at every hour, request size and mode",
        ))  # fmt: skip
    if start is not None:
        problems.extend(_check_start(start, price.start, current, document, where, rel))
    if problems:
        raise AlmanacErrors(problems)
    assert start is not None

    path = root / rel
    old = path.read_bytes()
    if len(old) > MAX_BYTES:
        raise AlmanacError(rel, 1, "changed on disk while it was read, and is now too big", "run `almanac check`")
    try:
        text = old.decode("utf-8")
        yaml = _yaml()
        tree = yaml.load(text)
        periods: CommentedSeq = tree["models"][m]["offers"][o]["periods"]
        if tree["models"][m]["id"] != model.id or len(periods) != len(offer.periods):
            raise KeyError(model.id)
    except (UnicodeDecodeError, YAMLError, KeyError, IndexError, TypeError):
        raise AlmanacError(rel, 1, "changed on disk while it was read", "run the command again") from None

    # The new period: the rates given, with the current period's others kept.
    old_rates = current.rates.as_dict() if current.rates is not None else {}
    written_rates = dict(periods[p].get("rates") or {})
    carried = {key: _text(written_rates.get(key)) for key in old_rates if key not in rates}
    new_rates = CommentedMap()
    for key in RATE_KEYS:
        if key in rates or key in carried:
            given = rates[key] if key in rates else carried[key]
            new_rates[key] = DoubleQuotedScalarString(given) if given is not None else None
    new_rates.fa.set_flow_style()
    period = CommentedMap()
    period["from"] = _written_instant(start, price.start)
    period["to"] = None
    period["rates"] = new_rates
    period["source"] = DoubleQuotedScalarString(price.source)
    period["checked"] = checked
    if price.note:
        period["note"] = price.note

    closing = periods[p]
    if current.to is None:  # closed at the new price's start (a period already closed keeps its end)
        bound = _written_instant(start, price.start)
        if "to" in closing:
            closing["to"] = bound
        else:
            closing.insert(list(closing).index("from") + 1 if "from" in closing else 0, "to", bound)
    _move_trailing(closing, period)
    periods.append(period)
    out = io.StringIO()
    yaml.dump(tree, out)
    new_text = out.getvalue()

    # Only the closed period's `to` line may change; everything else is added.
    to_line = document.position((*where, "to"))[0] if current.to is None and "to" in current.model_fields_set else None
    removed, _ = _changed_lines(text, new_text)
    if [n for n in removed if n != to_line]:
        first = next(n for n in removed if n != to_line)
        raise AlmanacError(
            rel,
            first,
            "cannot be edited without rewriting lines other than the new price's "
            "(its indentation or quoting is not the one ruamel.yaml writes)",
            f"add the period by hand after line {line}",
        )
    new = new_text.encode("utf-8")
    _check_new_file(root, rel, new, today)
    return Edit(path, rel, old, new, carried, _offer_words(model, offer))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _check_start(
    start: dt.date | dt.datetime,
    text: str,
    current: Period,
    document: Document,
    where: tuple[str | int, ...],
    rel: str,
) -> list[AlmanacError]:
    """The new price starts after the current period's start, and not before its end."""
    begins = instant(start)
    if current.from_ is not None and begins <= instant(current.from_):
        at = document.position((*where, "from"))[0]
        return [AlmanacError(
            rel,
            at,
            f"--from {text.strip()} is not after the start of the current price ({_shown(current.from_)})",
            "a new price starts after the current one; history is never rewritten, so a wrong past "
            "price is corrected by hand",
        )]  # fmt: skip
    if current.to is not None and begins < instant(current.to):
        at = document.position((*where, "to"))[0]
        return [AlmanacError(
            rel,
            at,
            f"--from {text.strip()} is before the end of the last price ({_shown(current.to)})",
            f"give --from {_shown(current.to)} or later",
        )]  # fmt: skip
    return []


def _shown(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _check_new_file(root: Path, rel: str, new: bytes, today: dt.date) -> None:
    """Load `data/` as the build does, with `new` in place of `rel`, in a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="almanac-edit-") as folder:
        copy = Path(folder)
        shutil.copytree(root / DATA_DIR, copy / DATA_DIR, symlinks=False)
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)  # a new file may be the first of its folder
        (copy / rel).write_bytes(new)
        try:
            load_datasets(copy, today=today)
        except AlmanacErrors as errors:
            raise NewFileErrors(errors.errors) from None


# --- writing -------------------------------------------------------------------------------------


def unified_diff(edit: Edit) -> str:
    """The edit as a unified diff, `a/<rel>` to `b/<rel>`."""
    lines = difflib.unified_diff(
        edit.old.decode("utf-8").splitlines(keepends=True),
        edit.new.decode("utf-8").splitlines(keepends=True),
        fromfile=f"a/{edit.rel}",
        tofile=f"b/{edit.rel}",
    )
    return "".join(lines)


def _read_only(path: Path) -> bool:
    """Whether `path` may not be written: by permission, or marked read-only (no write bit for
    anyone), which is respected also by a user whom permissions do not stop."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return True
    return not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def write_edit(edit: Edit) -> None:
    """Write `edit.new` in place of `edit.path`: into a temporary file of the same folder, then
    renamed over the old file, so that the file is the old one or the new one, never a part.
    Refuses (`AlmanacError`, nothing changed) when the file's bytes are no longer those the edit
    was made from, and when the file or its folder is read-only."""
    folder = edit.path.parent
    shown_folder = edit.rel.rpartition("/")[0] + "/"
    if _read_only(folder):
        raise AlmanacError(edit.rel, 1, f"{shown_folder} is read-only", f"make {shown_folder} writable and run again")
    if _read_only(edit.path):
        raise AlmanacError(edit.rel, 1, "the file is read-only", "make it writable and run again")
    temporary: Path | None = None
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=f".{edit.path.name}.", suffix=".tmp")
        temporary = Path(name)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(edit.new)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(edit.path.stat().st_mode))
        if hashlib.sha256(edit.path.read_bytes()).hexdigest() != edit.digest:
            raise AlmanacError(
                edit.rel,
                1,
                "changed on disk since almanac read it; not written",
                "run the command again on the file as it is now",
            )
        os.replace(temporary, edit.path)
        temporary = None
        _sync_folder(folder)
    except PermissionError:
        raise AlmanacError(
            edit.rel, 1, f"cannot write in {shown_folder} (permission denied)", f"make {shown_folder} writable"
        ) from None
    except OSError as error:
        raise AlmanacError(
            edit.rel, 1, f"not written: {error.strerror or error}", "the file is unchanged; fix the cause and run again"
        ) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the system allows it (a folder cannot be opened on some)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# --- showing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferTable:
    """One offer of a model and its history, as `almanac price show` prints it."""

    title: str
    """`deepseek · global · USD · standard · per_mtok`."""
    where: str
    """`data/vendors/deepseek.yaml:31`."""
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    current: int | None
    """The index of the row in force on the day asked for, if any."""


def _money(value: Any) -> str:
    return "n/a" if value is None else format(value, "f")


def _extras(period: Period) -> str:
    parts: list[str] = []
    if period.tiers is not None:
        parts.append(f"{len(period.tiers.bands)} tiers (first shown)")
    if period.time_windows:
        parts.append("+ " + ", ".join(window.name for window in period.time_windows))
    if period.mode_overrides:
        parts.append("+ modes " + ", ".join(period.mode_overrides))
    if period.promotions:
        parts.append(f"+ {len(period.promotions)} promotion{'s' if len(period.promotions) != 1 else ''}")
    return "; ".join(parts)


def offer_tables(datasets: Datasets, model: Model, *, today: dt.date) -> list[OfferTable]:
    """Each offer of `model` with its periods, oldest first: from, to, the rates written in any
    period (a blank cell falls back to `input`; `n/a` is not offered), checked, source, and
    what flat rates do not show (tiers, time windows, modes, promotions)."""
    rel, m, document = _model_loc(datasets, model.id)
    noon = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    tables: list[OfferTable] = []
    for o, offer in enumerate(model.offers):

        def flat(period: Period) -> dict[str, Any]:
            if period.rates is not None:
                return period.rates.as_dict()
            return period.tiers.bands[0].rates.as_dict() if period.tiers is not None else {}

        keys = [key for key in RATE_KEYS if any(key in flat(period) for period in offer.periods)]
        rows: list[tuple[str, ...]] = []
        current = None
        for n, period in enumerate(offer.periods):
            rates = flat(period)
            rows.append((
                _shown(period.from_) if period.from_ is not None else "—",
                _shown(period.to) if period.to is not None else "open",
                *(_money(rates[key]) if key in rates else "" for key in keys),
                period.checked.isoformat() if period.checked is not None else "",
                period.source or "",
                _extras(period),
            ))  # fmt: skip
            starts = instant(period.from_) if period.from_ is not None else None
            ends = instant(period.to) if period.to is not None else None
            if (starts is None or starts <= noon) and (ends is None or noon < ends):
                current = n
        line = document.position(("models", m, "offers", o))[0]
        tables.append(OfferTable(
            title=" · ".join((offer.provider, offer.region, offer.currency, offer.service_tier, offer.unit)),
            where=f"{rel}:{line}",
            header=("from", "to", *keys, "checked", "source", ""),
            rows=tuple(rows),
            current=current,
        ))  # fmt: skip
    return tables


def model_line(datasets: Datasets, model: Model) -> str:
    """`data/vendors/deepseek.yaml:16`: where the model is written."""
    rel, m, document = _model_loc(datasets, model.id)
    return f"{rel}:{document.position(('models', m))[0]}"


def carried_words(carried: Mapping[str, str | None]) -> Sequence[str]:
    return [f"{key} {value if value is not None else NOT_OFFERED}" for key, value in carried.items()]


# --- confirming ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """An offer's current price read again, unchanged, at `source` on `checked` (`plan_confirm`)."""

    model: str
    offer: tuple[str, str, str, str]
    """Provider, region, currency and service tier."""
    source: str
    checked: dt.date


def plan_confirm(root: Path, readings: Sequence[Reading], *, today: dt.date) -> list[Edit]:
    """The edits, one a vendor file, that record each reading: the `source` and `checked` of the
    offer's current period become the reading's, and no other line changes (its rates, note and
    comments stay). Raises `AlmanacError` or `AlmanacErrors` as `plan_price` does, and when an
    offer's last price has ended or has no `checked:`, or the reading is not later than it.
    Nothing is written."""
    datasets = load_datasets(root, today=today)
    found: dict[str, list[tuple[int, int, int, int, Reading]]] = {}
    for reading in readings:
        model = find_model(datasets, reading.model)
        provider, region, currency, tier = reading.offer
        o = _find_offer(datasets, model, NewPrice(model.id, provider, {}, "", reading.source, region, currency, tier))
        offer = model.offers[o]
        rel, m, document = _model_loc(datasets, model.id)
        p = len(offer.periods) - 1
        current = offer.periods[p]
        line = document.position(("models", m, "offers", o, "periods", p))[0]
        words = _offer_words(model, offer)
        if current.to is not None:
            raise AlmanacError(rel, line, f"the last price of {words} has ended", "a closed price is not confirmed")
        if current.checked is None:
            raise AlmanacError(rel, line, f"the current price of {words} has no 'checked' date", "add it by hand")
        if reading.checked <= current.checked:
            raise AlmanacError(
                rel,
                line,
                f"{words} checked {reading.checked} is not after its checked date ({current.checked})",
                "a price is confirmed by a later reading only",
            )
        found.setdefault(rel, []).append((m, o, p, line, reading))
    return [_confirm_file(root, rel, found[rel], today) for rel in sorted(found)]


def _confirm_file(root: Path, rel: str, readings: list[tuple[int, int, int, int, Reading]], today: dt.date) -> Edit:
    path = root / rel
    old = path.read_bytes()
    if len(old) > MAX_BYTES:
        raise AlmanacError(rel, None, "changed on disk while it was read, and is now too big", "run `almanac check`")
    yaml = _yaml()
    text = ""
    allowed: set[int] = set()
    try:
        text = old.decode("utf-8")
        tree = yaml.load(text)
        for m, o, p, _, reading in readings:
            period: CommentedMap = tree["models"][m]["offers"][o]["periods"][p]
            if tree["models"][m]["id"] != reading.model or "checked" not in period:
                raise KeyError(reading.model)
            keys = list(period)
            starts = [period.lc.key(key)[0] + 1 for key in keys]
            for n, key in enumerate(keys):  # the lines of the two values (a long source may take several)
                if key in ("source", "checked"):
                    allowed.update(range(starts[n], starts[n + 1] if n + 1 < len(keys) else starts[n] + 1))
            if "source" in period:
                period["source"] = DoubleQuotedScalarString(reading.source)
            else:
                period.insert(keys.index("checked"), "source", DoubleQuotedScalarString(reading.source))
            period["checked"] = reading.checked
    except (UnicodeDecodeError, YAMLError, KeyError, IndexError, TypeError):
        raise AlmanacError(rel, None, "changed on disk while it was read", "run the command again") from None
    out = io.StringIO()
    yaml.dump(tree, out)
    new_text = out.getvalue()
    removed, _ = _changed_lines(text, new_text)
    outside = [n for n in removed if n not in allowed]
    if outside:
        raise AlmanacError(
            rel,
            outside[0],
            "cannot be edited without rewriting lines other than a price's source and checked date "
            "(its indentation or quoting is not the one ruamel.yaml writes)",
            f"change source: and checked: by hand after line {readings[0][3]}",
        )
    new = new_text.encode("utf-8")
    _check_new_file(root, rel, new, today)
    return Edit(path, rel, old, new, {}, "; ".join(f"{r.model} from {r.offer[0]}" for *_, r in readings))
