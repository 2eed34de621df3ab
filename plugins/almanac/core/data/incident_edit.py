# Lossless edits of `data/incidents/<provider>.yaml`: open an incident, post an update, resolve it
# (`almanac incident`).
#
# The same round trip as a new price (`edit.py`, whose pieces are used here, not copied): the
# project's data is loaded and checked first; the file is edited through ruamel.yaml, so its
# comments, key order, quoting and blank lines stay; the new text may differ from the old only by
# added lines (and the one line an edit replaces: `resolved_at: null`, an empty `[]`); it must
# pass the build's checks on a copy of `data/` before anything is written. `plan_open` adds an
# incident at the end of the list (its id: the date of its start and the words of its title),
# `plan_update` adds an update to an open incident, `plan_resolve` sets `resolved_at` and adds
# a `resolved` update. A provider without an incidents file gets one, with the schema comment the
# other files have; `write_incidents` writes an edit atomically (`edit.write_edit`), or creates
# the new file without ever replacing one that appeared meanwhile. Nothing here imports MkDocs.

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pydantic import TypeAdapter, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from almanac.core.data.datasets.fields import AwareDateTime
from almanac.core.data.datasets.loader import DATA_DIR, Datasets, load_datasets
from almanac.core.data.datasets.messages import closest
from almanac.core.data.datasets.models import Incident
from almanac.core.data.datasets.reader import Document
from almanac.core.data.edit import (
    Edit,
    _changed_lines,
    _check_new_file,
    _listed,
    _move_trailing,
    _read_only,
    _sync_folder,
    _validation_text,
    _yaml,
    write_edit,
)
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.safeyaml import MAX_BYTES
from almanac.core.slugs import slugify

__all__ = [
    "IMPACTS",
    "STATUSES",
    "IncidentEdit",
    "incident_id",
    "plan_open",
    "plan_resolve",
    "plan_update",
    "write_incidents",
]

#: The impacts an incident is opened with on the command line (`none` is for the files' own use).
IMPACTS: Final = ("minor", "major", "critical")
#: The statuses of an update of an incident (maintenance's are written by hand).
STATUSES: Final = ("investigating", "identified", "monitoring", "resolved")
#: The first line of a new incidents file, as the others have it: editors check it against its schema.
SCHEMA_COMMENT: Final = "# yaml-language-server: $schema=../schema/incidents.schema.json\n"
#: The body of the update `resolve` adds when it is given none.
RESOLVED_BODY: Final = "Resolved."

_AT: Final = TypeAdapter(AwareDateTime)
_ID_WORDS: Final = 48
"""At most this many characters of the title's words in an id."""


@dataclass(frozen=True)
class IncidentEdit:
    """A checked edit of one incidents file, not yet written."""

    edit: Edit
    incident: str
    """The incident's id."""
    at: str
    """When the change happened, as written."""
    created: bool = False
    """The provider had no incidents file: it is made."""


# --- names and times ---------------------------------------------------------------------------


def incident_id(title: str, at: dt.datetime, slug: str | None = None) -> str:
    """`2026-12-05-elevated-errors-on-v4-flash`: the local date of `at`, then `slug` or the Latin
    words and digits of `title` (the first 48 characters' worth); `""` when none is left."""
    words = [
        word for word in slugify(slug if slug is not None else title).split("-") if re.fullmatch(r"[a-z0-9.]+", word)
    ]
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > _ID_WORDS:
            break
        kept.append(word.strip("."))
    text = "-".join(word for word in kept if word)
    return f"{at.date().isoformat()}-{text}" if text else ""


def _parse_at(text: str | None, now: dt.datetime, rel: str, line: int | None) -> tuple[dt.datetime, str]:
    """`--at` as a moment and as the file writes it; `now` (UTC, whole seconds) when not given."""
    if text is None:
        moment = now.astimezone(dt.UTC).replace(microsecond=0)
        return moment, moment.isoformat().replace("+00:00", "Z")
    try:
        value: dt.datetime = _AT.validate_python(text.strip())
    except ValidationError as error:
        message, hint = _validation_text(error)
        raise AlmanacError(
            rel,
            line,
            f"--at {text!r}: {message}",
            hint or "write a date and time with a zone, such as 2026-12-05T14:30:00+08:00",
        ) from None
    return value, text.strip()


def _shown(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


# --- finding the provider and the incident -----------------------------------------------------


def _incidents_rel(provider: str) -> str:
    return f"{DATA_DIR}/incidents/{provider}.yaml"


def _provider_rel(provider: str) -> str:
    return f"{DATA_DIR}/providers/{provider}.yaml"


def _find_provider(datasets: Datasets, wanted: str) -> None:
    """Nothing when `wanted` is a provider's id; else an `AlmanacError` at the closest one."""
    if wanted in datasets.providers:
        return
    names = {provider.name.lower(): provider.id for provider in datasets.providers.values()}
    suggestion = names.get(wanted.strip().lower()) or closest(wanted, datasets.providers)
    if suggestion is None:
        if not datasets.providers:
            raise AlmanacError(
                f"{DATA_DIR}/providers/",
                None,
                f"no provider {wanted!r} in data/, which has no provider file yet",
                "add the provider in data/providers/<provider>.yaml first",
            )
        # Nothing close: the first provider file's `id:`, an id as the command line wants it.
        first = min(datasets.providers)
        rel = _provider_rel(first)
        raise AlmanacError(
            rel,
            datasets.documents[rel].position(("id",))[0],
            f"no provider {wanted!r} in data/",
            f"give a provider's id, the `id:` of a file of data/providers/ as on this line: "
            f"{_listed(sorted(datasets.providers))}",
        )
    rel = _provider_rel(suggestion)
    line = datasets.documents[rel].position(("id",))[0]
    raise AlmanacError(rel, line, f"no provider {wanted!r} in data/", f"did you mean {suggestion}?")


def _find_incident(datasets: Datasets, provider: str, wanted: str) -> tuple[int, Incident, Document]:
    """The index of the incident `wanted` of `provider`, the incident and its file's document;
    an `AlmanacError` with the closest id when there is none."""
    rel = _incidents_rel(provider)
    if provider not in datasets.incidents:  # no file to point at: the provider's, at its id
        provider_rel = _provider_rel(provider)
        raise AlmanacError(
            provider_rel,
            datasets.documents[provider_rel].position(("id",))[0],
            f"{provider} has no incidents ({rel} does not exist), so no incident {wanted!r}",
            f'open one first: almanac incident open {provider} --title "…" --impact minor',
        )
    document = datasets.documents[rel]
    incidents = datasets.incidents[provider].incidents
    for i, incident in enumerate(incidents):
        if incident.id == wanted:
            return i, incident, document
    ids = [incident.id for incident in incidents]
    suggestion = closest(wanted, ids)
    latest = ", ".join(ids[-3:]) or "none"
    hint = f"did you mean {suggestion}?" if suggestion else f"its latest incidents are {latest}"
    raise AlmanacError(rel, document.key_position(("incidents",))[0], f"no incident {wanted!r} of {provider}", hint)


def _check_affected(datasets: Datasets, provider: str, affected: tuple[str, ...]) -> None:
    """Each of `affected` is one of the provider's checks; else an `AlmanacError` at its checks."""
    checks = [check.id for check in datasets.providers[provider].monitoring]
    rel = _provider_rel(provider)
    document = datasets.documents[rel]
    problems: list[AlmanacError] = []
    for wanted in affected:
        if wanted in checks:
            continue
        suggestion = closest(wanted, checks)
        listing = ", ".join(checks) or "none"
        problems.append(AlmanacError(
            rel,
            document.key_position(("monitoring",))[0] if checks else document.position(("id",))[0],
            f"--affected {wanted!r} is not a check of {provider}",
            (f"did you mean {suggestion}? " if suggestion else "") + f"its checks (monitoring ids) are {listing}",
        ))  # fmt: skip
    if problems:
        raise AlmanacErrors(problems)


def _not_before(
    moment: dt.datetime, text: str, incident: Incident, document: Document, i: int, rel: str
) -> list[AlmanacError]:
    """`--at` is not before the incident's start, nor before its last update."""
    if moment < incident.started_at:
        return [AlmanacError(
            rel,
            document.position(("incidents", i, "started_at"))[0],
            f"--at {text} is before the start of incident {incident.id} ({_shown(incident.started_at)})",
            f"give --at {_shown(incident.started_at)} or later",
        )]  # fmt: skip
    if incident.updates and moment < incident.updates[-1].at:
        last = incident.updates[-1].at
        return [AlmanacError(
            rel,
            document.position(("incidents", i, "updates", len(incident.updates) - 1, "at"))[0],
            f"--at {text} is before the last update of incident {incident.id} ({_shown(last)})",
            f"updates are kept oldest first: give --at {_shown(last)} or later",
        )]  # fmt: skip
    return []


# --- the round trip ------------------------------------------------------------------------------


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _update(at: str, status: str, body: str) -> CommentedMap:
    update = CommentedMap()
    update["at"] = DoubleQuotedScalarString(at)
    update["status"] = status
    update["body"] = body
    return update


def _load_tree(root: Path, rel: str) -> tuple[bytes, str, Any]:
    """The file's bytes, text and round-trip tree; an `AlmanacError` when it changed since it was
    loaded and checked in a way that stops the edit."""
    old = (root / rel).read_bytes()
    if len(old) > MAX_BYTES:
        raise AlmanacError(rel, 1, "changed on disk while it was read, and is now too big", "run `almanac check`")
    try:
        text = old.decode("utf-8")
        tree = _yaml().load(text)
        if not isinstance(tree, CommentedMap):
            raise TypeError(rel)
    except (UnicodeDecodeError, YAMLError, TypeError):
        raise AlmanacError(rel, 1, "changed on disk while it was read", "run the command again") from None
    return old, text, tree


def _dump(tree: Any) -> str:
    out = io.StringIO()
    _yaml().dump(tree, out)
    return out.getvalue()


def _only_added(rel: str, old: str, new: str, allowed: set[int], line: int) -> None:
    """Refuse a new text that rewrites any old line but those `allowed`."""
    removed, _ = _changed_lines(old, new)
    others = [n for n in removed if n not in allowed]
    if others:
        raise AlmanacError(
            rel,
            others[0],
            "cannot be edited without rewriting lines other than the incident's "
            "(its indentation or quoting is not the one ruamel.yaml writes)",
            f"edit the incident by hand near line {line}",
        )


def _finish(
    root: Path, rel: str, old: bytes, new_text: str, today: dt.date, incident: str, at: str, *, created: bool = False
) -> IncidentEdit:
    new = new_text.encode("utf-8")
    _check_new_file(root, rel, new, today)
    return IncidentEdit(Edit(root / rel, rel, old, new), incident, at, created)


# --- the three edits ----------------------------------------------------------------------------


def plan_open(
    root: Path,
    provider: str,
    *,
    title: str,
    impact: str,
    today: dt.date,
    now: dt.datetime,
    affected: tuple[str, ...] = (),
    at: str | None = None,
    body: str | None = None,
    slug: str | None = None,
) -> IncidentEdit:
    """The edit that adds an open incident of `provider` at the end of its file (made when there is
    none), started at `at` (default `now`), with a first `investigating` update when `body` is
    given. Raises `AlmanacError` or `AlmanacErrors`; nothing is written."""
    datasets = load_datasets(root, today=today)
    _find_provider(datasets, provider)
    rel = _incidents_rel(provider)
    exists = provider in datasets.incidents
    document = datasets.documents.get(rel)
    anchor_rel, anchor = (
        (rel, document.key_position(("incidents",))[0])
        if document is not None
        else (_provider_rel(provider), datasets.documents[_provider_rel(provider)].position(("id",))[0])
    )
    if impact not in IMPACTS:
        raise AlmanacError(
            anchor_rel, anchor, f"--impact {impact!r} is not an impact", f"give one of {', '.join(IMPACTS)}"
        )
    _check_affected(datasets, provider, affected)
    moment, written = _parse_at(at, now, anchor_rel, anchor)
    ident = incident_id(title, moment, slug)
    if not ident:
        raise AlmanacError(
            anchor_rel,
            anchor,
            f"the title {title!r} has no Latin letters or digits to make the incident's id from",
            "give its words with --slug, such as --slug upstream-errors",
        )
    if exists:
        assert document is not None
        for i, incident in enumerate(datasets.incidents[provider].incidents):
            if incident.id == ident:
                raise AlmanacError(
                    rel,
                    document.position(("incidents", i, "id"))[0],
                    f"{provider} already has an incident {ident!r}",
                    f"post to it with almanac incident update {provider} {ident} --status … --body …, "
                    "or give the new one other words with --slug",
                )

    new = CommentedMap()
    new["id"] = ident
    new["title"] = title
    new["impact"] = impact
    new["affected"] = _flow(list(affected))
    new["started_at"] = DoubleQuotedScalarString(written)
    new["resolved_at"] = None
    new["updates"] = CommentedSeq([_update(written, "investigating", body)]) if body else _flow([])
    new["evidence"] = _flow([])

    if not exists:
        tree = CommentedMap()
        tree["provider"] = provider
        tree["incidents"] = CommentedSeq([new])
        return _finish(root, rel, b"", SCHEMA_COMMENT + _dump(tree), today, ident, written, created=True)

    assert document is not None
    old, text, tree = _load_tree(root, rel)
    allowed: set[int] = set()
    incidents = tree.get("incidents")
    count = len(datasets.incidents[provider].incidents)
    if isinstance(incidents, CommentedSeq) and incidents and len(incidents) == count:
        _move_trailing(incidents[-1], new)
        incidents.append(new)
        incidents.yaml_set_comment_before_after_key(len(incidents) - 1, before="\n", indent=2)
    elif not incidents and count == 0:  # `incidents:` left out, empty or `[]`
        if "incidents" in tree:
            allowed.add(document.key_position(("incidents",))[0])
        tree["incidents"] = CommentedSeq([new])
    else:
        raise AlmanacError(rel, 1, "changed on disk while it was read", "run the command again")
    new_text = _dump(tree)
    _only_added(rel, text, new_text, allowed, anchor)
    return _finish(root, rel, old, new_text, today, ident, written)


def _plan_post(
    root: Path,
    provider: str,
    incident_id_: str,
    *,
    status: str,
    body: str,
    at: str | None,
    today: dt.date,
    now: dt.datetime,
    resolve: bool,
) -> IncidentEdit:
    """An update of an open incident; with `resolve`, its `resolved_at` set to the update's time."""
    datasets = load_datasets(root, today=today)
    _find_provider(datasets, provider)
    i, incident, document = _find_incident(datasets, provider, incident_id_)
    rel = _incidents_rel(provider)
    line = document.position(("incidents", i))[0]
    if status not in STATUSES:
        raise AlmanacError(rel, line, f"--status {status!r} is not a status", f"give one of {', '.join(STATUSES)}")
    if incident.resolved_at is not None:
        raise AlmanacError(
            rel,
            document.position(("incidents", i, "resolved_at"))[0],
            f"incident {incident.id} was resolved at {_shown(incident.resolved_at)}",
            "a resolved incident takes no more updates; open a new one, or correct this one by hand",
        )
    moment, written = _parse_at(at, now, rel, line)
    problems = _not_before(moment, written, incident, document, i, rel)
    if problems:
        raise AlmanacErrors(problems)

    old, text, tree = _load_tree(root, rel)
    try:
        entry = tree["incidents"][i]
        if entry["id"] != incident.id:
            raise KeyError(incident.id)
    except (KeyError, IndexError, TypeError):
        raise AlmanacError(rel, 1, "changed on disk while it was read", "run the command again") from None
    allowed: set[int] = set()
    update = _update(written, status, body)
    updates = entry.get("updates")
    if isinstance(updates, CommentedSeq) and updates:
        _move_trailing(updates[-1], update)
        updates.append(update)
    else:
        if "updates" in entry:
            allowed.add(document.key_position(("incidents", i, "updates"))[0])
            entry["updates"] = CommentedSeq([update])
        else:
            keys = list(entry)
            after = keys.index("resolved_at") if "resolved_at" in keys else keys.index("started_at")
            entry.insert(after + 1, "updates", CommentedSeq([update]))
    if resolve:
        stamp = DoubleQuotedScalarString(written)
        if "resolved_at" in entry:
            allowed.add(document.key_position(("incidents", i, "resolved_at"))[0])
            entry["resolved_at"] = stamp
        else:
            entry.insert(list(entry).index("started_at") + 1, "resolved_at", stamp)
    new_text = _dump(tree)
    _only_added(rel, text, new_text, allowed, line)
    return _finish(root, rel, old, new_text, today, incident.id, written)


def plan_update(
    root: Path,
    provider: str,
    incident: str,
    *,
    status: str,
    body: str,
    today: dt.date,
    now: dt.datetime,
    at: str | None = None,
) -> IncidentEdit:
    """The edit that adds an update to an open incident (`resolved` resolves it, as `plan_resolve`).
    Raises `AlmanacError` or `AlmanacErrors`; nothing is written."""
    return _plan_post(
        root, provider, incident, status=status, body=body, at=at, today=today, now=now, resolve=status == "resolved"
    )


def plan_resolve(
    root: Path,
    provider: str,
    incident: str,
    *,
    today: dt.date,
    now: dt.datetime,
    at: str | None = None,
    body: str | None = None,
) -> IncidentEdit:
    """The edit that resolves an open incident at `at` (default `now`): `resolved_at`, and a
    `resolved` update saying `body` (default "Resolved."). Raises `AlmanacError` or
    `AlmanacErrors`; nothing is written."""
    return _plan_post(
        root,
        provider,
        incident,
        status="resolved",
        body=body or RESOLVED_BODY,
        at=at,
        today=today,
        now=now,
        resolve=True,
    )


# --- writing -------------------------------------------------------------------------------------


def write_incidents(change: IncidentEdit) -> None:
    """Write the edit: over the old file as `edit.write_edit` does, or, for a new file, into a
    temporary file of the folder that is then linked to the new name, which fails rather than
    replace a file made meanwhile. A problem is at line 1 of the file written, as `write_edit`'s
    are (for a new file, of the file it would make)."""
    edit = change.edit
    if not change.created:
        write_edit(edit)
        return
    folder = edit.path.parent
    shown_folder = edit.rel.rpartition("/")[0] + "/"
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise AlmanacError(
            edit.rel, 1, f"cannot make {shown_folder}: {error.strerror or error}", "make data/ writable"
        ) from None
    if _read_only(folder):
        raise AlmanacError(edit.rel, 1, f"{shown_folder} is read-only", f"make {shown_folder} writable and run again")
    temporary: Path | None = None
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=f".{edit.path.name}.", suffix=".tmp")
        temporary = Path(name)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(edit.new)
            handle.flush()
            os.fsync(handle.fileno())
        sibling = folder.parent / "providers" / edit.path.name
        with contextlib.suppress(OSError):
            os.chmod(temporary, stat.S_IMODE(sibling.stat().st_mode))
        os.link(temporary, edit.path)
        _sync_folder(folder)
    except FileExistsError:
        raise AlmanacError(
            edit.rel, 1, "was made by someone else since almanac looked; not written", "run the command again"
        ) from None
    except PermissionError:
        raise AlmanacError(
            edit.rel, 1, f"cannot write in {shown_folder} (permission denied)", f"make {shown_folder} writable"
        ) from None
    except OSError as error:
        raise AlmanacError(
            edit.rel, 1, f"not written: {error.strerror or error}", "nothing changed; fix the cause and run again"
        ) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
