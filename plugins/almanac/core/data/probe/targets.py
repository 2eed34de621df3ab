# Which checks a probe run sends, resolved against the loaded data: where, as which model, with
# the key of which environment variable.
#
# Used by `almanac probe` before any request. A check's protocol is its `protocol`, else
# Anthropic's when its endpoint ends in `/messages`, else OpenAI's; its address is the host of
# the provider's first `api` entry of that protocol followed by the check's `endpoint` (the
# files write the whole path there: `/v1/chat/completions`). The model sent is the check's
# `api_model`, else the model's first `api_ids`, else its id. The key is read from the variable
# the check names (`api_key_env`, else `<PROVIDER>_API_KEY`) and only its name is ever shown.
# A check that cannot be sent is a problem at its line of the provider's file.

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from almanac.core.data.datasets.loader import DATA_DIR, Datasets
from almanac.core.data.datasets.messages import closest
from almanac.core.data.datasets.models import Check, ProviderFile
from almanac.core.data.datasets.reader import Document
from almanac.core.data.probe.classify import duration_ms
from almanac.core.data.probe.protocols import Protocol
from almanac.core.errors import AlmanacError

__all__ = ["CONCURRENCY", "MissingKey", "Planned", "Target", "key_variable", "plan_targets", "protocol_of"]

#: How many probes are in flight at once, by default: a few, so that a run of every check is
#: quick while no provider sees more than one request of ours at a time.
CONCURRENCY: Final = 4


@dataclass(frozen=True)
class Target:
    """One check of one provider, resolved against the data: where and what to ask."""

    provider: str
    check: str
    protocol: Protocol
    url: str
    """The whole address: the host of the provider's `api` entry and the check's endpoint."""
    model: str
    """The model's name sent in the request."""
    asked: tuple[str, ...]
    """Every name of the model asked for (the one sent first): a reply naming another is a substitution."""
    key_env: str
    """The environment variable of the API key."""
    timeout_ms: int
    slow_ms: int | None = None
    expect: str | None = None


class MissingKey(AlmanacError):
    """A check whose key's environment variable is not set: a problem, or a note with `--skip-without-key`."""


@dataclass(frozen=True)
class Planned:
    """A check to probe and where it is written."""

    target: Target
    rel: str
    """The provider's file."""
    line: int
    """The line of the check's `id`."""


def protocol_of(check: Check) -> Protocol:
    """The check's protocol: `protocol`, else `anthropic` for an endpoint ending in `/messages`."""
    if check.protocol is not None:
        return check.protocol
    return "anthropic" if check.endpoint.rstrip("/").endswith("/messages") else "openai"


def key_variable(provider: str, check: Check) -> str:
    """The environment variable of the check's API key: `api_key_env`, else `DEEPSEEK_API_KEY` for `deepseek`."""
    if check.api_key_env is not None:
        return check.api_key_env
    return re.sub(r"[^A-Z0-9]+", "_", provider.upper()).strip("_") + "_API_KEY"


def _where_key(document: Document, c: int, check: Check, line: int) -> int:
    """The line of the check's `api_key_env`, else of its `id`."""
    return document.position(("monitoring", c, "api_key_env"))[0] if check.api_key_env else line


def _target(datasets: Datasets, provider: ProviderFile, c: int, env: Mapping[str, str]) -> Planned:
    check = provider.monitoring[c]
    rel = f"{DATA_DIR}/providers/{provider.id}.yaml"
    document = datasets.documents[rel]
    line = document.position(("monitoring", c, "id"))[0]
    protocol = protocol_of(check)
    api = next((api for api in provider.api if api.protocol == protocol), None)
    if api is None:
        raise AlmanacError(
            rel,
            line,
            f"check {check.id} speaks the {protocol} protocol, and {provider.id} has no `api` entry of it",
            f"add one under api: ({{base_url: …, protocol: {protocol}}}) or set the check's protocol",
        )
    variable = key_variable(provider.id, check)
    if not env.get(variable, "").strip():
        raise MissingKey(
            rel,
            _where_key(document, c, check, line),
            f"{variable} is not set, so check {check.id} of {provider.id} is not probed",
            f"set {variable} to the API key (in the workflow, a repository secret of that name)",
        )
    key = env[variable].strip()
    if not key.isascii() or not key.isprintable() or any(c.isspace() or c in "\"'" for c in key):
        raise AlmanacError(
            rel,
            _where_key(document, c, check, line),
            f"{variable} holds characters an HTTP header cannot carry (it is not shown)",
            f"set {variable} to the key alone, without spaces, quotes or line breaks",
        )
    base = urlsplit(api.base_url)
    endpoint = check.endpoint if check.endpoint.startswith("/") else "/" + check.endpoint
    model = datasets.models.get(check.model)
    known = (check.model, *(model.api_ids if model else ()), *((model.snapshot,) if model and model.snapshot else ()))
    sent = check.api_model or (model.api_ids[0] if model and model.api_ids else check.model)
    target = Target(
        provider=provider.id,
        check=check.id,
        protocol=protocol,
        url=f"{base.scheme}://{base.netloc}{endpoint}",
        model=sent,
        asked=(sent, *(name for name in known if name != sent)),
        key_env=variable,
        timeout_ms=duration_ms(check.timeout),
        slow_ms=duration_ms(check.slow_latency) if check.slow_latency else None,
        expect=check.expect_contains,
    )
    return Planned(target, rel, line)


def plan_targets(
    datasets: Datasets, providers: Sequence[str], env: Mapping[str, str]
) -> tuple[list[Planned], list[AlmanacError]]:
    """The checks of `providers` (every provider with checks when empty), in file order, and the
    problems of those that cannot be probed (an unknown provider, one without checks, no `api`
    entry of the protocol, no key in `env`): the others are probed all the same."""
    problems: list[AlmanacError] = []
    chosen: list[ProviderFile] = []
    for wanted in dict.fromkeys(providers):
        provider = datasets.providers.get(wanted)
        if provider is None:
            suggestion = closest(wanted, datasets.providers)
            probed = sorted(p.id for p in datasets.providers.values() if p.monitoring)
            near = suggestion or (probed[0] if probed else min(datasets.providers, default=None))
            rel = f"{DATA_DIR}/providers/{near}.yaml" if near else f"{DATA_DIR}/providers/"
            problems.append(
                AlmanacError(
                    rel,
                    datasets.documents[rel].position(("id",))[0] if near else None,
                    f"--provider {wanted!r} is not a provider of data/",
                    f"did you mean {suggestion}?"
                    if suggestion
                    else f"give a provider's id; those with checks are {', '.join(probed) or 'none'}",
                )
            )
            continue
        if not provider.monitoring:
            rel = f"{DATA_DIR}/providers/{provider.id}.yaml"
            problems.append(
                AlmanacError(
                    rel,
                    datasets.documents[rel].position(("id",))[0],
                    f"{provider.id} has no checks to probe",
                    "add one under monitoring: (id, model, endpoint, interval, timeout)",
                )
            )
            continue
        chosen.append(provider)
    if not providers:
        chosen = [datasets.providers[key] for key in sorted(datasets.providers) if datasets.providers[key].monitoring]
    planned: list[Planned] = []
    for provider in chosen:
        for c in range(len(provider.monitoring)):
            try:
                planned.append(_target(datasets, provider, c, env))
            except AlmanacError as problem:
                problems.append(problem)
    return planned, problems
