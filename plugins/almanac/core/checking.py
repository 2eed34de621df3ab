# `almanac check`: the site's own build, run in this process only for its problems.
#
# The command sets a `CheckRequest` around MkDocs' build (`checking()`); the build's run of
# problems (the MkDocs adapters' `BuildRun`, made in the first `on_config`) finds it here and
# then writes nothing: at `on_env`, every page converted, it stops with `CheckFinished` and
# every problem and warning found. A build that MkDocs aborts before that (its strict mode, an
# error raised by a plugin) leaves what was found in the request instead. The command and the
# adapters meet only here, so that neither imports the other.

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from almanac.core.errors import AlmanacError, AlmanacErrors

__all__ = ["CheckFinished", "CheckRequest", "check_request", "checking"]


@dataclass
class CheckRequest:
    """A build run only to check the project: nothing is written, and it stops at `on_env`."""

    problems: list[AlmanacError] = field(default_factory=list)
    """What a build that gave up before `on_env` had found (file and line order)."""
    warnings: list[AlmanacError] = field(default_factory=list)
    """The warnings it had found by then."""
    reported: bool = False
    """Whether a run of the build has reported here (no almanac plugin took part if not)."""

    def report(self, problems: list[AlmanacError], warnings: list[AlmanacError]) -> None:
        """Keep what the build found before it gave up (each report replaces the last)."""
        self.problems = AlmanacErrors(problems).errors
        self.warnings = AlmanacErrors(warnings).errors
        self.reported = True


class CheckFinished(Exception):
    """The checked build reached the end of the checks: every problem and every warning."""

    def __init__(self, problems: list[AlmanacError], warnings: list[AlmanacError]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = AlmanacErrors(problems).errors
        self.warnings = AlmanacErrors(warnings).errors


_REQUEST: ContextVar[CheckRequest | None] = ContextVar("almanac_check_request", default=None)


@contextmanager
def checking() -> Iterator[CheckRequest]:
    """Builds run within this block are checks (see the top of this module)."""
    request = CheckRequest()
    token = _REQUEST.set(request)
    try:
        yield request
    finally:
        _REQUEST.reset(token)


def check_request() -> CheckRequest | None:
    """The check a build is run for, or `None` for a build of the site."""
    return _REQUEST.get()
