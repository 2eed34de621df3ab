"""A stand-in for a provider's API, for the tests of `almanac probe`: an HTTP server on 127.0.0.1 (a port the
system picks) in a thread of the test's process, speaking OpenAI's chat completions and Anthropic's messages.

The case is chosen by the request's path, `/case/<case>/…`, so that a check's endpoint picks it; the protocol by
its end (`…/messages` is Anthropic's, anything else OpenAI's). The cases (`CASES`): `ok` (one JSON reply, naming a
dated snapshot of the model asked), `slow` (the same after `SLOW` s), `stream` (server-sent events, the first
text after a short pause), `429` (with `Retry-After: 7`), `500`, `502`, `timeout` (no answer for `HANG` s, or until
the stub stops), `substitution` (a reply naming another model), `malformed` (a body that is not JSON), `empty` (a
200 with no body), `dropped` (the connection closed without an answer). Each request's path and headers are
kept (`requests`), so a test can see what the probe sent."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CASES = (
    "ok",
    "slow",
    "stream",
    "429",
    "500",
    "502",
    "timeout",
    "substitution",
    "malformed",
    "empty",
    "dropped",
)
#: How long `slow` waits before answering, in seconds: over the fixtures' `slow_latency` (300 ms), under their
#: `timeout` (1 s).
SLOW = 0.45
#: How long `timeout` keeps a request waiting, at most (the stub's stop ends it sooner).
HANG = 5.0
#: The model a `substitution` reply names.
OTHER_MODEL = "acme-small"


@dataclass
class Seen:
    """A request the stub received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Stub:
    """A running stub: its address, and the requests it received."""

    port: int
    requests: list[Seen] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    most_at_once: int = 0
    """The most requests it was answering at the same time."""
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.most_at_once = max(self.most_at_once, self._in_flight)

    def leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _openai_json(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 1, "total_tokens": 13},
    }


def _anthropic_json(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "msg_stub",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 12, "output_tokens": 1},
    }


def _openai_events(model: str) -> list[str]:
    def chunk(delta: dict[str, Any], usage: dict[str, int] | None = None) -> str:
        choices = [{"index": 0, "delta": delta, "finish_reason": None}] if delta else []
        return "data: " + json.dumps(
            {"object": "chat.completion.chunk", "model": model, "choices": choices, "usage": usage}
        )

    return [
        chunk({"role": "assistant", "content": ""}),
        chunk({"content": "o"}),
        chunk({"content": "k"}),
        chunk({}, {"prompt_tokens": 12, "completion_tokens": 2}),
        "data: [DONE]",
    ]


def _anthropic_events(model: str) -> list[str]:
    def event(name: str, data: dict[str, Any]) -> str:
        return f"event: {name}\ndata: {json.dumps({'type': name, **data})}"

    return [
        event(
            "message_start",
            {"message": {"model": model, "content": [], "usage": {"input_tokens": 12, "output_tokens": 1}}},
        ),
        event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}}),
        event("content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": "ok"}}),
        event("content_block_stop", {"index": 0}),
        event("message_delta", {"delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 2}}),
        event("message_stop", {}),
    ]


def _handler(stub: Stub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the tests read `stub.requests`, not a log on standard error

        def _send(self, status: int, body: bytes, content_type: str = "application/json", **headers: str) -> None:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            stub.enter()
            try:
                self._answer()
            finally:
                stub.leave()

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length)
            body = json.loads(raw) if raw else {}
            stub.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            parts = self.path.split("/")
            case = parts[2] if len(parts) > 2 and parts[1] == "case" else "ok"
            anthropic = self.path.rstrip("/").endswith("/messages")
            model = str(body.get("model", ""))
            reply = _anthropic_json if anthropic else _openai_json
            if case in ("ok", "slow"):
                if case == "slow":
                    stub.stopping.wait(SLOW)
                self._send(200, json.dumps(reply(model + "-20260801", "ok")).encode())
            elif case == "stream":
                events = _anthropic_events(model) if anthropic else _openai_events(model)
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("connection", "close")
                self.end_headers()
                stub.stopping.wait(0.05)
                for text in events:
                    self.wfile.write((text + "\n\n").encode())
                    self.wfile.flush()
                self.close_connection = True
            elif case == "429":
                error = {"error": {"type": "rate_limit_error", "message": "Too many requests"}}
                self._send(429, json.dumps(error).encode(), retry_after="7")
            elif case in ("500", "502"):
                self._send(int(case), b'{"error": {"type": "server_error", "message": "upstream"}}')
            elif case == "timeout":
                stub.stopping.wait(HANG)
                self.close_connection = True
            elif case == "substitution":
                self._send(200, json.dumps(reply(OTHER_MODEL, "ok")).encode())
            elif case == "malformed":
                self._send(200, b'{"choices": [{"message": ')
            elif case == "empty":
                self._send(200, b"")
            elif case == "dropped":
                self.close_connection = True  # no status line: the client sees the connection close
            else:
                self._send(404, b'{"error": "no such case"}')

    return Handler


@contextmanager
def running_stub() -> Iterator[Stub]:
    """A stub serving on 127.0.0.1 for the length of the block, then stopped (its waiting requests ended)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    stub = Stub(server.server_address[1])
    server.RequestHandlerClass = _handler(stub)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        stub.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
