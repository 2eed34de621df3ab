"""The probe's parts without a network: the two protocols' replies (JSON and streamed), the classification of
what a probe measured, and the folding of samples into a day's roll-up (idempotent, percentiles by nearest
rank from the kept latencies, at most `MAX_KEPT` a day)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import Callable

import httpx
import pytest

from almanac.core.data.probe.classify import Measured, Sample, classify, duration_ms, same_model
from almanac.core.data.probe.client import probe_all
from almanac.core.data.probe.protocols import Malformed, StreamReader, read_json, request_body
from almanac.core.data.probe.rollup import MAX_KEPT, DayRollup, fold_day, nearest_rank
from almanac.core.data.probe.targets import Target

AT = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)


# --- protocols -----------------------------------------------------------------------------------


def test_a_json_reply_of_each_protocol_gives_its_model_text_and_usage() -> None:
    openai = {
        "model": "m-1",
        "choices": [{"message": {"content": "o"}}, {"message": {"content": "k"}}],
        "usage": {"prompt_tokens": 9, "completion_tokens": 2},
    }
    anthropic = {
        "model": "m-2",
        "content": [{"type": "thinking", "thinking": "…"}, {"type": "text", "text": "ok"}],
        "usage": {"input_tokens": 7, "output_tokens": 3},
    }
    first = read_json("openai", json.dumps(openai).encode())
    second = read_json("anthropic", json.dumps(anthropic).encode())
    assert (first.model, first.text, first.input_tokens, first.output_tokens) == ("m-1", "ok", 9, 2)
    assert (second.model, second.text, second.input_tokens, second.output_tokens) == ("m-2", "ok", 7, 3)


@pytest.mark.parametrize(
    ("protocol", "body", "why"),
    [
        ("openai", b"", "an empty body"),
        ("openai", b"  \n", "an empty body"),
        ("openai", b'{"choices": [', "the body is not JSON"),
        ("openai", b"[1, 2]", "the body is not a JSON object"),
        ("openai", b'{"model": "m"}', "no `choices` list in the reply"),
        ("anthropic", b'{"model": "m", "content": "ok"}', "no `content` list in the reply"),
        (
            "anthropic",
            b'{"type": "error", "error": {"type": "overloaded_error"}}',
            "an error in the reply (overloaded_error)",
        ),
    ],
)
def test_a_json_reply_that_cannot_be_read_says_why(protocol: str, body: bytes, why: str) -> None:
    with pytest.raises(Malformed) as raised:
        read_json(protocol, body)  # type: ignore[arg-type]
    assert str(raised.value) == why


def test_an_openai_stream_gives_the_first_text_once_then_the_whole_reply() -> None:
    reader = StreamReader("openai")
    chunk = {"model": "m", "choices": [{"delta": {"role": "assistant", "content": ""}}]}
    assert reader.feed([f"data: {json.dumps(chunk)}", ""]) is False  # a role, no text yet
    chunk["choices"] = [{"delta": {"content": "o"}}]
    assert reader.feed([f"data: {json.dumps(chunk)}"]) is True  # the first text
    chunk["choices"] = [{"delta": {"content": "k"}}]
    assert reader.feed([f"data: {json.dumps(chunk)}"]) is False
    usage = {"model": "m", "choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 2}}
    reader.feed([f"data: {json.dumps(usage)}", "data: [DONE]"])
    assert reader.reply() == type(reader.reply())("m", "ok", 5, 2)


def test_an_anthropic_stream_reads_its_events() -> None:
    reader = StreamReader("anthropic")
    events = [
        {"type": "message_start", "message": {"model": "claude-x", "usage": {"input_tokens": 4}}},
        {"type": "content_block_delta", "delta": {"type": "text_delta", "text": "ok"}},
        {"type": "message_delta", "usage": {"output_tokens": 1}},
        {"type": "message_stop"},
    ]
    lines = [line for event in events for line in (f"event: {event['type']}", f"data: {json.dumps(event)}", "")]
    assert reader.feed(lines) is True
    reply = reader.reply()
    assert (reply.model, reply.text, reply.input_tokens, reply.output_tokens) == ("claude-x", "ok", 4, 1)


@pytest.mark.parametrize(
    ("lines", "why"),
    [
        ([], "an empty stream"),
        (['data: {"model": "m", "choices": [{"delta": {"content": "ok"}}]}'], "the stream stopped before its end"),
        (["data: {not json"], "an event of the stream is not JSON"),
        (['data: {"error": {"type": "overloaded_error"}}'], "an error in the reply (overloaded_error)"),
    ],
)
def test_a_stream_that_cannot_be_read_says_why(lines: list[str], why: str) -> None:
    reader = StreamReader("openai")
    with pytest.raises(Malformed) as raised:
        reader.feed(lines)
        reader.reply()
    assert str(raised.value) == why


def test_each_request_asks_for_a_few_streamed_tokens_of_the_model() -> None:
    for protocol in ("openai", "anthropic"):
        body = request_body(protocol, "acme-large")  # type: ignore[arg-type]
        assert (body["model"], body["stream"], body["max_tokens"] <= 16) == ("acme-large", True, True)
    assert request_body("openai", "m")["stream_options"] == {"include_usage": True}


# --- classification -------------------------------------------------------------------------------


def judged(measured: Measured, *, slow: int | None = 5000, expect: str | None = None) -> Sample:
    return classify("chat", measured, asked=("acme-large", "acme-large-latest"), slow_ms=slow, expect=expect)


def reply(latency: int = 900, model: str | None = "acme-large", text: str = "ok", status: int = 200) -> Measured:
    return Measured(AT, latency_ms=latency, status=status, model=model, text=text)


@pytest.mark.parametrize(
    ("measured", "outcome", "reason"),
    [
        (reply(), "ok", "0.9 s"),
        (reply(latency=40), "ok", "40 ms"),
        (reply(latency=6100), "degraded", "slow: 6.1 s, over 5.0 s"),
        (reply(model="acme-small"), "degraded", "substitution: asked for acme-large, answered by acme-small"),
        (
            reply(latency=5001, model="acme-small"),
            "degraded",
            "slow: 5.0 s, over 5.0 s; substitution: asked for acme-large, answered by acme-small",
        ),
        (reply(model=None), "ok", "0.9 s"),  # a reply that names no model is taken as the one asked
        (reply(text=" \n"), "failed", "empty reply"),
        (Measured(AT, status=429, retry_after="30"), "failed", "HTTP 429, retry after 30 s"),
        (Measured(AT, status=503, retry_after="Sat, 05 Dec 2026 20:00:00 GMT"), "failed",
         "HTTP 503, retry after Sat, 05 Dec 2026 20:00:00 GMT"),
        (Measured(AT, status=301), "failed", "HTTP 301"),
        (Measured(AT, error="timeout after 60 s"), "failed", "timeout after 60 s"),
        (Measured(AT, status=200), "failed", "no reply"),
    ],
)  # fmt: skip
def test_a_probe_is_ok_degraded_or_failed_with_its_reason(measured: Measured, outcome: str, reason: str) -> None:
    sample = judged(measured)
    assert (sample.outcome, sample.reason) == (outcome, reason)
    # Only a probe that got a reply has a latency the day's percentiles count.
    assert (sample.latency_ms is not None) == (outcome != "failed")


def test_a_reply_without_the_expected_text_fails_and_no_threshold_means_never_slow() -> None:
    assert judged(reply(text="no"), expect="ok").reason == "the reply lacks 'ok'"
    assert judged(reply(latency=600_000), slow=None).outcome == "ok"


@pytest.mark.parametrize(
    ("answered", "same"),
    [
        ("acme-large", True),
        ("ACME-Large", True),
        ("acme-large-20260801", True),  # the snapshot that served the alias
        ("acme-large-2026-08-01", True),
        ("acme/acme-large", True),  # an aggregator's vendor prefix
        ("acme-large.latest", True),  # `.` for `-`, one of the model's names
        ("acme-large-mini", False),
        ("acme-small", False),
        ("acme-large-20260801-extra", False),
    ],
)
def test_substitution_is_another_model_not_another_spelling(answered: str, same: bool) -> None:
    assert same_model(answered, ("acme-large", "acme-large-latest")) is same


def test_durations_are_read_in_milliseconds() -> None:
    assert [duration_ms(text) for text in ("500ms", "60s", "10m", "1h")] == [500, 60_000, 600_000, 3_600_000]
    with pytest.raises(ValueError):
        duration_ms("1.5s")


# --- folding --------------------------------------------------------------------------------------


def sample(outcome: str, latency: int | None = None, status: int | None = 200, ttft: int | None = None) -> Sample:
    return Sample("chat", AT, outcome, "why", status, latency, ttft)  # type: ignore[arg-type]


def test_folding_adds_counts_errors_and_latencies_and_keeps_the_run() -> None:
    day = DayRollup(AT.date())
    first = fold_day(day, "run-1", [sample("ok", 800, ttft=300), sample("failed", status=502)])
    assert first is not None
    second = fold_day(first, "run-2", [sample("degraded", 6000), sample("failed", status=429), sample("failed", None)])
    assert second is not None
    assert (second.samples, second.ok, second.degraded, second.failed) == (5, 1, 1, 3)
    assert second.http_errors == {"429": 1, "502": 1}
    assert (second.runs, second.latencies, second.ttfts) == (("run-1", "run-2"), (800, 6000), (300,))
    assert second.uptime_pct == pytest.approx(34.0)  # (1 + 0.7) / 5, rounded down to a tenth


def test_folding_the_same_run_again_changes_nothing() -> None:
    once = fold_day(DayRollup(AT.date()), "run-1", [sample("ok", 800)])
    assert once is not None
    assert fold_day(once, "run-1", [sample("ok", 800)]) is None
    assert fold_day(once, "run-2", [sample("ok", 800)]) is not None


def test_a_day_keeps_at_most_max_kept_latencies_and_counts_every_sample() -> None:
    day = DayRollup(AT.date(), samples=MAX_KEPT, ok=MAX_KEPT, latencies=tuple(range(MAX_KEPT)), runs=("a",))
    more = fold_day(day, "b", [sample("ok", 99_999)])
    assert more is not None
    assert (more.samples, len(more.latencies), 99_999 in more.latencies) == (MAX_KEPT + 1, MAX_KEPT, False)


def test_percentiles_are_nearest_rank() -> None:
    values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]
    assert (nearest_rank(values, 50), nearest_rank(values, 95)) == (5, 10)
    assert (nearest_rank([42], 50), nearest_rank([42], 95)) == (42, 42)
    assert nearest_rank(list(range(1, 101)), 95) == 95


# --- the client, on a transport of the test's own -------------------------------------------------------


def target(url: str = "http://127.0.0.1:9/v1/chat/completions") -> Target:
    return Target("p", "chat", "openai", url, "acme-large", ("acme-large",), "P_API_KEY", timeout_ms=1000)


def run_probes(handler: Callable[[httpx.Request], httpx.Response]) -> list[Sample | None]:
    return asyncio.run(
        probe_all([target()], {"P_API_KEY": "k-1"}, now=lambda: AT, budget=5, transport=httpx.MockTransport(handler))
    )


def test_what_the_client_cannot_foresee_is_a_failed_probe_not_a_traceback() -> None:
    def fails(request: httpx.Request) -> httpx.Response:
        raise ValueError("k-1 in a message")

    (found,) = run_probes(fails)
    assert found is not None
    assert (found.outcome, found.reason) == ("failed", "client error: ValueError")


def test_a_server_s_long_texts_are_cut() -> None:
    model = "x" * 500

    def answers(request: httpx.Request) -> httpx.Response:
        body = {"model": model, "choices": [{"message": {"content": "ok"}}]}
        return httpx.Response(200, json=body, headers={"retry-after": "9" * 100})

    (found,) = run_probes(answers)
    assert found is not None and found.model is not None
    assert (found.outcome, len(found.model), len(found.reason) < 200) == ("degraded", 80, True)
    assert judged(Measured(AT, status=429, retry_after="9" * 100)).reason == f"HTTP 429, retry after {'9' * 39}…"


def test_a_reasoning_model_s_first_token_may_be_its_reasoning_and_is_an_answer() -> None:
    reader = StreamReader("openai")
    thinking = {"model": "m", "choices": [{"delta": {"content": None, "reasoning_content": "The user"}}]}
    assert reader.feed([f"data: {json.dumps(thinking)}"]) is True
    reader.feed(["data: [DONE]"])
    assert (reader.reply().text, reader.reply().thinking) == ("", "The user")
    blocks = {"model": "m", "content": [{"type": "thinking", "thinking": "Hm"}], "usage": {}}
    assert read_json("anthropic", json.dumps(blocks).encode()).thinking == "Hm"

    def thinks(request: httpx.Request) -> httpx.Response:
        message = {"role": "assistant", "content": "", "reasoning_content": "The user wants"}
        return httpx.Response(200, json={"model": "acme-large", "choices": [{"message": message}]})

    (found,) = run_probes(thinks)
    assert found is not None and found.outcome == "ok", found
    assert re.fullmatch(r"\d+ ms|\d+\.\d s", found.reason)
