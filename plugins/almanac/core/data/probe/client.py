# Sends the probes: one real, minimal request per check, with httpx, a few at a time.
#
# Used by `almanac probe`, never in a build. `probe` sends one check's request and measures it
# (total latency, time to first text of a streamed reply, the reply's model and usage), then
# `classify.py` judges it. `probe_all` runs many with a bound on how many are in flight
# (`concurrency`) and on the whole run (`budget`): a probe still running when the budget ends
# is cancelled and one not started is not sent; neither is a sample (a day keeps no trace of a
# probe that never ran). The API key is read by the command from the environment and handed
# to `probe` alone, which puts it in a header: it is never in a `Sample`, a reason or a log line
# (httpx logs the address and status of a request, never its headers).

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Final

import httpx

from almanac.core.data.probe.classify import Measured, Sample, classify
from almanac.core.data.probe.protocols import (
    Malformed,
    StreamReader,
    auth_headers,
    read_json,
    request_body,
)
from almanac.core.data.probe.targets import CONCURRENCY, Target

__all__ = ["probe", "probe_all"]

#: The longest reason text taken from an exception.
_REASON_CHARS: Final = 120


def _ms(since: float) -> int:
    return round((time.perf_counter() - since) * 1000)


def _scrubbed(text: str, key: str) -> str:
    """An exception's text, short, with the key taken out should a library ever have put it in."""
    text = " ".join(text.split())[:_REASON_CHARS]
    return text.replace(key, "[key]") if key else text


def _timeout_text(target: Target) -> str:
    ms = target.timeout_ms
    return f"timeout after {ms // 1000} s" if ms % 1000 == 0 else f"timeout after {ms} ms"


async def _measure(client: httpx.AsyncClient, target: Target, key: str, at: dt.datetime, started: float) -> Measured:
    headers = {"content-type": "application/json", "accept": "text/event-stream, application/json"}
    headers.update(auth_headers(target.protocol, key))
    body = request_body(target.protocol, target.model)
    async with client.stream("POST", target.url, json=body, headers=headers) as response:
        status = response.status_code
        if not 200 <= status < 300:
            return Measured(at, status=status, retry_after=response.headers.get("retry-after"))
        ttft: int | None = None
        try:
            if "text/event-stream" in response.headers.get("content-type", ""):
                reader = StreamReader(target.protocol)
                async for line in response.aiter_lines():
                    if reader.feed((line,)) and ttft is None:
                        ttft = _ms(started)
                reply = reader.reply()
            else:
                reply = read_json(target.protocol, await response.aread())
        except Malformed as problem:
            return Measured(at, status=status, error=f"malformed reply: {problem}")
        return Measured(
            at,
            latency_ms=_ms(started),
            ttft_ms=ttft,
            status=status,
            model=reply.model,
            text=reply.text if reply.text.strip() else reply.thinking,  # all its tokens spent reasoning: an answer
            input_tokens=reply.input_tokens,
            output_tokens=reply.output_tokens,
        )


async def probe(client: httpx.AsyncClient, target: Target, key: str, now: Callable[[], dt.datetime]) -> Sample:
    """Send `target`'s request with `key` and classify what came back (or did not, within the
    check's `timeout`, counted from sending the request to the end of the reply)."""
    at = now().astimezone(dt.UTC)
    started = time.perf_counter()
    try:
        async with asyncio.timeout(target.timeout_ms / 1000):
            measured = await _measure(client, target, key, at, started)
    except (TimeoutError, httpx.TimeoutException):
        measured = Measured(at, error=_timeout_text(target))
    except httpx.HTTPError as error:
        words = _scrubbed(str(error), key)
        measured = Measured(at, error=f"connection error: {type(error).__name__}" + (f" ({words})" if words else ""))
    except Exception as error:  # anything else the client meets is this probe's failure, never a traceback
        measured = Measured(at, error=f"client error: {type(error).__name__}")
    return classify(target.check, measured, asked=target.asked, slow_ms=target.slow_ms, expect=target.expect)


async def probe_all(
    targets: Sequence[Target],
    keys: Mapping[str, str],
    *,
    now: Callable[[], dt.datetime],
    budget: float,
    concurrency: int = CONCURRENCY,
    done: Callable[[int, int], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[Sample | None]:
    """Probe every target (its key: `keys[target.key_env]`), at most `concurrency` at a time and
    for at most `budget` seconds in all; each target's sample, in order, or `None` for a probe
    cut at the end of the budget or never started. `done(finished, total)` follows the run."""
    total = len(targets)
    finished = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget
    gate = asyncio.Semaphore(max(1, concurrency))
    limits = httpx.Limits(max_connections=max(1, concurrency))
    longest = max((target.timeout_ms for target in targets), default=1000) / 1000

    async with httpx.AsyncClient(
        timeout=httpx.Timeout(longest), limits=limits, follow_redirects=False, transport=transport
    ) as client:

        async def one(target: Target) -> Sample | None:
            nonlocal finished
            async with gate:
                if loop.time() >= deadline:
                    return None
                sample = await probe(client, target, keys[target.key_env], now)
            finished += 1
            if done is not None:
                done(finished, total)
            return sample

        tasks = [asyncio.ensure_future(one(target)) for target in targets]
        if not tasks:
            return []
        _, pending = await asyncio.wait(tasks, timeout=max(0.0, budget))
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    return [task.result() if task.done() and not task.cancelled() else None for task in tasks]
