# The two wire protocols a probe speaks: OpenAI's chat completions and Anthropic's messages.
#
# Used by `almanac probe` (`client.py`), never in a build. Each protocol gives the one minimal
# request a probe sends (a short prompt, a few output tokens, streamed so that the time to
# first token can be measured) and reads a reply, whether the server streamed it as
# server-sent events or answered with one JSON document: the model that answered, the text,
# and the usage. A reply that cannot be read raises `Malformed` with what was wrong; nothing
# here sees the API key, which `client.py` puts in the headers.

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

__all__ = [
    "ANTHROPIC_VERSION",
    "MAX_TOKENS",
    "PROMPT",
    "Malformed",
    "Protocol",
    "Reply",
    "StreamReader",
    "auth_headers",
    "read_json",
    "request_body",
]

Protocol = Literal["openai", "anthropic"]

#: What every probe asks: short to read, short to answer, the same for every provider.
PROMPT: Final = "Reply with the single word: ok"
#: The most output tokens a probe asks for: enough for a word, and for a reasoning model's first token.
MAX_TOKENS: Final = 16
#: The version of Anthropic's messages API the probe speaks (its `anthropic-version` header).
ANTHROPIC_VERSION: Final = "2023-06-01"


class Malformed(Exception):
    """A reply the probe cannot read: not JSON, or JSON without what the protocol promises."""


@dataclass(frozen=True)
class Reply:
    """What a reply said, read from its body."""

    model: str | None
    """The model the reply names (`None` when it names none)."""
    text: str
    """The text of the answer, joined."""
    input_tokens: int | None = None
    output_tokens: int | None = None
    thinking: str = ""
    """What a reasoning model wrote before its answer (`reasoning_content`, Anthropic's `thinking`): a
    reply all of whose few tokens went to it is a reply, not an empty one."""


def request_body(protocol: Protocol, model: str) -> dict[str, Any]:
    """The JSON body of a probe's request for `model`, streamed."""
    messages = [{"role": "user", "content": PROMPT}]
    if protocol == "anthropic":
        return {"model": model, "max_tokens": MAX_TOKENS, "messages": messages, "stream": True}
    return {
        "model": model,
        "max_tokens": MAX_TOKENS,
        "messages": messages,
        "stream": True,
        "stream_options": {"include_usage": True},
    }


def auth_headers(protocol: Protocol, key: str) -> dict[str, str]:
    """The headers that carry `key` (and the API version, for Anthropic's protocol)."""
    if protocol == "anthropic":
        return {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
    return {"authorization": f"Bearer {key}"}


def _object(text: str | bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise Malformed(f"{what} is not JSON") from None
    if not isinstance(value, dict):
        raise Malformed(f"{what} is not a JSON object")
    return value


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _reasoning(message: Mapping[str, Any]) -> str:
    """What an OpenAI-compatible message or delta reasons before it answers: DeepSeek's and others'
    `reasoning_content`, or `reasoning`."""
    return _string(message.get("reasoning_content")) or _string(message.get("reasoning"))


def _model(document: Mapping[str, Any]) -> str | None:
    model = document.get("model")
    return model if isinstance(model, str) and model else None


def _error(document: Mapping[str, Any]) -> None:
    """Raise `Malformed` when a document is an error (a 200 with an error body, or an SSE `error` event)."""
    error = document.get("error")
    if error is not None:
        kind = error.get("type") or error.get("code") if isinstance(error, dict) else None
        raise Malformed(f"an error in the reply ({kind})" if isinstance(kind, str) else "an error in the reply")


def read_json(protocol: Protocol, body: bytes) -> Reply:
    """A reply sent as one JSON document (the server did not stream)."""
    if not body.strip():
        raise Malformed("an empty body")
    document = _object(body, "the body")
    _error(document)
    usage = document.get("usage") if isinstance(document.get("usage"), dict) else {}
    assert isinstance(usage, dict)
    if protocol == "anthropic":
        content = document.get("content")
        if not isinstance(content, list):
            raise Malformed("no `content` list in the reply")
        blocks = [block for block in content if isinstance(block, dict)]
        text = "".join(str(block.get("text", "")) for block in blocks if block.get("type") == "text")
        thinking = "".join(str(block.get("thinking", "")) for block in blocks if block.get("type") == "thinking")
        tokens = _int(usage.get("input_tokens")), _int(usage.get("output_tokens"))
        return Reply(_model(document), text, *tokens, thinking=thinking)
    choices = document.get("choices")
    if not isinstance(choices, list):
        raise Malformed("no `choices` list in the reply")
    parts: list[str] = []
    thoughts: list[str] = []
    for choice in choices:
        message = choice.get("message") if isinstance(choice, dict) else None
        if isinstance(message, dict):
            parts.append(_string(message.get("content")))
            thoughts.append(_reasoning(message))
    tokens = _int(usage.get("prompt_tokens")), _int(usage.get("completion_tokens"))
    return Reply(_model(document), "".join(parts), *tokens, thinking="".join(thoughts))


class StreamReader:
    """Reads a streamed reply line by line (server-sent events), as the lines arrive.

    `feed` takes the lines of the body and says whether they brought the first text (the
    client then notes the time to first token); `reply` is what the whole stream said. OpenAI's
    stream ends with `data: [DONE]`, Anthropic's with a `message_stop` event.
    """

    def __init__(self, protocol: Protocol) -> None:
        self.protocol = protocol
        self.model: str | None = None
        self.parts: list[str] = []
        self.thoughts: list[str] = []
        self.input_tokens: int | None = None
        self.output_tokens: int | None = None
        self.events = 0
        self.done = False

    def _started(self) -> bool:
        return any(self.parts) or any(self.thoughts)

    def feed(self, lines: Iterable[str]) -> bool:
        """Read `lines`; `True` when they hold the reply's first token (of its answer or its reasoning)."""
        had_text = self._started()
        for line in lines:
            if not line.startswith("data:"):
                continue  # `event:`, `id:`, comments and the blank lines between events
            data = line[5:].strip()
            if data == "[DONE]":
                self.done = True
                continue
            self._event(_object(data, "an event of the stream"))
        return not had_text and self._started()

    def _event(self, event: Mapping[str, Any]) -> None:
        self.events += 1
        _error(event)
        if self.protocol == "anthropic":
            kind = event.get("type")
            if kind == "message_start" and isinstance(event.get("message"), dict):
                message = event["message"]
                self.model = _model(message) or self.model
                usage = message.get("usage")
                if isinstance(usage, dict):
                    self.input_tokens = _int(usage.get("input_tokens"))
            elif kind == "content_block_delta" and isinstance(event.get("delta"), dict):
                self.parts.append(_string(event["delta"].get("text")))
                self.thoughts.append(_string(event["delta"].get("thinking")))
            elif kind == "message_delta" and isinstance(event.get("usage"), dict):
                self.output_tokens = _int(event["usage"].get("output_tokens"))
            elif kind == "message_stop":
                self.done = True
            return
        self.model = _model(event) or self.model
        choices = event.get("choices")
        for choice in choices if isinstance(choices, list) else ():
            delta = choice.get("delta") if isinstance(choice, dict) else None
            if isinstance(delta, dict):
                self.parts.append(_string(delta.get("content")))
                self.thoughts.append(_reasoning(delta))
        usage = event.get("usage")
        if isinstance(usage, dict):
            self.input_tokens = _int(usage.get("prompt_tokens"))
            self.output_tokens = _int(usage.get("completion_tokens"))

    def reply(self) -> Reply:
        """What the stream said; `Malformed` when it held no event or stopped before its end marker."""
        if not self.events:
            raise Malformed("an empty stream")
        if not self.done:
            raise Malformed("the stream stopped before its end")
        text, thinking = "".join(self.parts), "".join(self.thoughts)
        return Reply(self.model, text, self.input_tokens, self.output_tokens, thinking=thinking)
