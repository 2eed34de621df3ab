# Turns pydantic's validation errors into our errors: position, field, found, expected, hint.
#
# Runs when a data file fails its model in `loader.py`. pydantic says *what* failed at which
# `loc`; the `Document` from `reader.py` says *where* that `loc` was written. The wording is
# ours: "expected a whole number, found 'big'", "unknown key 'inptu' — did you mean 'input'?".

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, RootModel

from almanac.core.data.datasets.fields import describe

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

    from almanac.core.data.datasets.reader import Document, Loc
    from almanac.core.errors import AlmanacError

__all__ = ["closest", "did_you_mean", "from_validation_error"]


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to `word` (difflib, or the same word in another case), or None."""
    candidates = list(candidates)
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in candidates}
        matches = [lowered[word.lower()]] if word.lower() in lowered else []
    return matches[0] if matches else None


def did_you_mean(word: object, candidates: Iterable[str], *, listing: str | None = None) -> str | None:
    """`did you mean 'input'?`, or the list of what is allowed when nothing is close."""
    candidates = sorted(set(candidates))
    if isinstance(word, str):
        match = closest(word, candidates)
        if match is not None:
            return f"did you mean {match!r}?"
    if listing is not None:
        return listing
    if 0 < len(candidates) <= 20:
        return "expected one of: " + ", ".join(candidates)
    return None


def from_validation_error(error: ValidationError, document: Document, model: type[BaseModel]) -> list[AlmanacError]:
    """Our errors for every problem pydantic found in `document` against `model`."""
    details = error.errors(include_url=False)
    # pydantic counts only the valid items of a list against its minimum length, so a list
    # whose one item is wrong is also "too short"; the item's own error says it better.
    failed = {tuple(detail["loc"]) for detail in details if detail["type"] != "too_short"}
    return [
        _translate(detail, document, model)
        for detail in details
        if detail["type"] != "too_short" or not any(_under(loc, tuple(detail["loc"])) for loc in failed)
    ]


def _under(loc: tuple[Any, ...], prefix: tuple[Any, ...]) -> bool:
    return len(loc) > len(prefix) and loc[: len(prefix)] == prefix


def _translate(detail: ErrorDetails, document: Document, model: type[BaseModel]) -> AlmanacError:
    kind = detail["type"]
    loc: Loc = tuple(part for part in detail["loc"] if isinstance(part, (str, int)))
    found = describe(detail.get("input"))
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})

    if loc and loc[-1] == "[key]":  # a mapping key that failed its own type
        message = ctx["message"] if kind.startswith("almanac_") else detail["msg"]
        return document.error(loc[:-1], f"key {loc[-2]!r}: {message}", ctx.get("hint"), at_key=True, field=loc[:-2])
    if kind.startswith("almanac_"):
        return document.error(loc, ctx["message"], ctx.get("hint"))

    if kind == "extra_forbidden":
        parent = _type_at(model, loc[:-1])
        allowed = _keys_of(parent) if parent is not None else []
        key = loc[-1]
        what = "rate key" if parent is not None and parent.__name__ == "Rates" else "key"
        hint = did_you_mean(key, allowed, listing="allowed keys: " + ", ".join(allowed) if allowed else None)
        if document.is_bare_key(loc):
            hint = (
                f"a comma inside {{ }} ends a value: if {key!r} is part of the text before it, put that text in quotes"
            )
        return document.error(loc, f"unknown {what} {key!r}", hint, at_key=True, field=loc[:-1])
    if kind == "missing":
        key = loc[-1]
        parent = _type_at(model, loc[:-1])
        hint = f"add '{key}:'"
        description = _field_description(parent, str(key)) if parent is not None else None
        if description:
            hint += f" ({_first_sentence(description)})"
        return document.error(loc[:-1], f"missing required key {key!r}", hint)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return document.error(loc, f"expected a mapping of 'key: value' lines, found {found}")
    if kind in ("tuple_type", "list_type"):
        value = detail.get("input")
        if not loc and isinstance(value, dict) and list(value) == ["tags"]:
            return document.error(
                loc,
                "expected a list of tags, found a mapping with the key 'tags'",
                "data/tags.yaml is a list: remove the 'tags:' line and start each tag with '- name:'",
            )
        return document.error(loc, f"expected a list, found {found}", "write [a, b] or one '- item' per line")
    if kind == "string_type":
        return document.error(loc, f"expected text, found {found}", "put it in quotes")
    if kind == "bool_type":
        return document.error(loc, f"expected true or false, found {found}")
    if kind == "literal_error":
        allowed = [str(value) for value in _literal_values(model, loc)]
        listing = ", ".join(allowed)
        if len(allowed) <= 8:
            hint = did_you_mean(detail.get("input"), allowed, listing="")
            return document.error(loc, f"expected one of {listing}; found {found}", hint or None)
        close = closest(detail["input"], allowed) if isinstance(detail.get("input"), str) else None
        hint = f"did you mean {close!r}? " if close else ""
        return document.error(loc, f"unknown value {found}", f"{hint}allowed: {listing}")
    if kind == "too_short":
        return document.error(
            loc, f"expected at least {ctx.get('min_length')} item(s), found {ctx.get('actual_length')}"
        )
    if kind == "too_long":
        return document.error(
            loc, f"expected at most {ctx.get('max_length')} item(s), found {ctx.get('actual_length')}"
        )
    return document.error(loc, f"{detail['msg'][:1].lower()}{detail['msg'][1:]}, found {found}")


# --- finding the model a location refers to -----------------------------------------------------


def _strip(tp: Any) -> Any:
    """The type under `Annotated[...]` and `X | None`."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _walk(root: Any, loc: Sequence[str | int]) -> Any:
    tp = root
    for part in loc:
        tp = _strip(tp)
        if isinstance(tp, type) and issubclass(tp, RootModel):
            tp = _strip(tp.model_fields["root"].annotation)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = next(
                (f for name, f in tp.model_fields.items() if (f.alias or name) == part),
                None,
            )
            if field is None:
                return None
            tp = field.annotation
            continue
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (tuple, list) and args:
            tp = args[0]
        elif origin is dict and len(args) == 2:
            tp = args[1]
        else:
            return None
    return _strip(tp)


def _type_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    tp = _walk(root, loc)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _field_description(model: type[BaseModel], key: str) -> str | None:
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return field.description
    return None


def _first_sentence(text: str) -> str:
    sentence = text.split(". ")[0].split("\n")[0].rstrip(".")
    return sentence[0].lower() + sentence[1:] if sentence[:1].isupper() and sentence[1:2].islower() else sentence


def _literal_values(model: type[BaseModel], loc: Sequence[str | int]) -> list[Any]:
    tp = _walk(model, loc)
    if typing.get_origin(tp) is typing.Literal:
        return list(typing.get_args(tp))
    return []
