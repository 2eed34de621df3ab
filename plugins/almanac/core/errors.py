# The one error type of Model Almanac: a problem the author can fix, with its position.
#
# Every check in `core/` (front matter, datasets, tags, references) raises or collects
# `AlmanacError`s. The MkDocs adapters turn them into `PluginError` (the build stops, no
# traceback); the `almanac` command prints them and exits with 1. The text of an error is
# always `path:line[:column]: what is wrong — how to fix it`.

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["AlmanacError", "AlmanacErrors", "ErrorCollector", "suggestion"]


@dataclass(frozen=True, eq=True)
class AlmanacError(Exception):
    """A problem in the author's input, located in a file.

    `path` is shown as given: callers pass it relative to the project (the folder that holds
    `mkdocs.yml`), so that editors and terminals can jump to it. `line` and `column` count
    from 1; either may be unknown.
    """

    path: str
    line: int | None
    message: str
    hint: str | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        Exception.__init__(self, self.format())

    def format(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format()

    def sort_key(self) -> tuple[str, int, int]:
        return (self.path, self.line or 0, self.column or 0)


class AlmanacErrors(Exception):
    """Several problems found in one run, reported together, in file and line order."""

    def __init__(self, errors: Iterable[AlmanacError]) -> None:
        # Same file and line keep the order they were found in (sorting is stable).
        unique = list(dict.fromkeys(errors))
        self.errors: list[AlmanacError] = sorted(unique, key=AlmanacError.sort_key)
        super().__init__(self.format())

    def format(self) -> str:
        lines = [error.format() for error in self.errors]
        count = len(self.errors)
        if count > 1:
            lines.append(f"{count} errors.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()

    def __iter__(self) -> Iterator[AlmanacError]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)


class ErrorCollector:
    """Collects errors across many files so that one run reports all of them.

    >>> errors = ErrorCollector()
    >>> with errors.catch():
    ...     raise AlmanacError("a.md", 2, "bad")
    >>> errors.raise_if_any()
    Traceback (most recent call last):
    almanac.core.errors.AlmanacErrors: a.md:2: bad
    """

    def __init__(self) -> None:
        self.errors: list[AlmanacError] = []

    def add(self, error: AlmanacError) -> None:
        self.errors.append(error)

    def extend(self, errors: Iterable[AlmanacError]) -> None:
        self.errors.extend(errors)

    def catch(self) -> _Catch:
        return _Catch(self)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise AlmanacErrors(self.errors)


class _Catch:
    def __init__(self, collector: ErrorCollector) -> None:
        self._collector = collector

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, AlmanacErrors):
            self._collector.extend(exc.errors)
            return True
        if isinstance(exc, AlmanacError):
            self._collector.add(exc)
            return True
        return False


def suggestion(word: str, choices: Iterable[str], otherwise: str) -> str:
    """The hint of an error about `word`, which is none of `choices`: "did you mean `x`? Or
    <otherwise>" with the closest choice, `otherwise` alone when none is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"did you mean `{close[0]}`? Or {otherwise}" if close else otherwise
