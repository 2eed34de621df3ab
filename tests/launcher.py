"""The project's commands (`mkdocs build`, `almanac check`) run many times over: each run in a
new process of its own, as a user's, but forked from one that has imported MkDocs, the theme,
the Markdown extensions and our plugins already, so that a run does not spend most of its time
importing them again. Used by the bad-input tests, by every `run_build` and `run_almanac` of the
tests, by `run_python`, which runs the preview tests' scripts (`helpers.py`), and by the test of
`mkdocs serve`, which `start` leaves running (`builds/test_data_in_build.py`). Nothing else is
prepared there but what `prepared.py` makes (a search plugin's dictionary, jieba's, loaded in that
process made every run four times slower).

A run gets its own working folder, environment, process group, memory limit and time limit; its
standard output and error are files (one log for a command left running, `start`); an exception
that escapes the command is printed as the interpreter prints it (`Traceback (most recent call
last): …`) and exits with 1, as it would.
Built on the standard library's `multiprocessing` "forkserver": it forks every run from one
process that imported the modules below once.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import resource
import signal
import sys
import tempfile
import threading
import time
from functools import cache
from multiprocessing import forkserver
from multiprocessing.connection import wait
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from helpers import COMMAND_MEMORY_LIMIT, CommandResult

TESTS = Path(__file__).resolve().parent

#: What the commands import: loaded once, in the process every run is forked from. The last lines are
#: what a run of a bad-input case still imported on its own (each cost every run a few milliseconds),
#: then `prepared`, which makes what every build makes alike on first use (schemas, compiled templates).
PRELOAD = [
    "helpers",
    "launcher",
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "mkdocs.structure.pages",
    "material",
    "material.plugins.search.plugin",
    "jieba",
    "markdown",
    "markdown.extensions.abbr",
    "markdown.extensions.admonition",
    "markdown.extensions.attr_list",
    "markdown.extensions.def_list",
    "markdown.extensions.footnotes",
    "markdown.extensions.md_in_html",
    "markdown.extensions.tables",
    "markdown.extensions.toc",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
    "pymdownx.tasklist",
    "pydantic",
    "almanac.cli",
    "almanac.mkdocs.blog.plugin",
    "almanac.mkdocs.data.plugin",
    "almanac.mkdocs.links.plugin",
    "almanac.core.data.datasets.models",
    "almanac.core.data.blocks.options",
    "mkdocs.config.defaults",
    "material.templates",
    "markdown.extensions.codehilite",
    "markdown.extensions.fenced_code",
    "colorama",
    "ctypes",
    "encodings.utf_8_sig",
    "encodings.unicode_escape",
    "importlib.readers",
    "pydantic.type_adapter",
    "pydantic.dataclasses",
    "pygments.lexers.special",
    "pygments.styles.default",
    "almanac.core.data.incident_edit",
    "almanac.core.data.probe.targets",
    "glob",
    "almanac.mkdocs.search.plugin",
    "pygments.lexers.shell",
    "tzdata",
    "prepared",
]

#: `python` runs a script given as text, as `python -c SCRIPT ARGS…` does (the preview tests drive MkDocs' API).
COMMANDS = ("mkdocs", "almanac", "python")

# Runs are started from several threads. Starting a process reads the exit status of the ones that
# have ended, from the same pipe that `exitcode` reads it from: two threads reading one status at
# once would each get half of it. One lock for both; waiting for the end reads nothing.
_STATUS = threading.Lock()


@cache
def _context() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    assert isinstance(context, ForkServerContext)
    context.set_forkserver_preload(PRELOAD)
    # The forkserver imports PRELOAD with the path its interpreter starts with: Python 3.11 hands it this
    # process's `sys.path` and leaves it unused, and a module it cannot import is passed over in silence. The
    # modules of tests/ (`helpers`, `launcher`, `prepared`) are found through PYTHONPATH, set while it starts.
    with _STATUS:  # runs start from several threads: one sets the variable and puts it back
        before = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), before]))
        try:
            forkserver.ensure_running()
        finally:
            if before is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = before
    return context


def _run(command: str, argv: list[str], cwd: str, env: dict[str, str], out: str, err: str) -> None:
    """The run itself, in the forked process: the command's own entry point with `argv`."""
    os.setsid()  # its own process group: the time limit stops it and whatever it started
    resource.setrlimit(resource.RLIMIT_AS, (COMMAND_MEMORY_LIMIT, COMMAND_MEMORY_LIMIT))
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fds, path in (((1, 2), out),) if out == err else (((1,), out), ((2,), err)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        for fd in fds:
            os.dup2(target, fd)
        os.close(target)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - flushed below
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.argv = ["-c", *argv[2:]] if command == "python" else [command, *argv]
    code: object = 0
    try:
        if command == "mkdocs":
            from mkdocs.__main__ import cli

            cli.main(args=argv, prog_name="mkdocs")
        elif command == "python":
            assert argv[:1] == ["-c"], argv
            exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__"})
        else:
            from almanac.cli import main

            code = main(argv)
    except SystemExit as stop:
        code = stop.code
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    # What the interpreter runs as a process ends (temporary folders removed, a preview's clean-up),
    # which `os._exit` would skip: the command ends as it does when a user runs it.
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run(command: str, argv: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> CommandResult:
    """Run `command` (`mkdocs`, `almanac` or `python`) with `argv` in `cwd`; stopped after `timeout` s."""
    assert command in COMMANDS, command
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="run-") as folder:
        out, err = os.path.join(folder, "out"), os.path.join(folder, "err")
        process = _context().Process(target=_run, args=(command, argv, str(cwd), env, out, err))
        with _STATUS:
            process.start()
        returncode: int | None = None
        if not wait([process.sentinel], timeout):
            assert process.pid is not None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            wait([process.sentinel])
        else:
            with _STATUS:
                returncode = process.exitcode
        stdout = Path(out).read_text(encoding="utf-8", errors="replace") if os.path.exists(out) else ""
        stderr = Path(err).read_text(encoding="utf-8", errors="replace") if os.path.exists(err) else ""
    return CommandResult(returncode, stdout + stderr, stdout, time.perf_counter() - started)


class Started:
    """A command left running (`start`): a preview server. Its output, standard output and error in the
    order written, goes to one log file as it runs."""

    def __init__(self, process: BaseProcess) -> None:
        self.process = process

    def poll(self) -> int | None:
        """The command's exit status, or None while it runs."""
        if not wait([self.process.sentinel], 0):
            return None
        with _STATUS:
            return self.process.exitcode

    def stop(self, timeout: float = 30) -> int | None:
        """Stop the command (SIGTERM, then SIGKILL after `timeout` s) and whatever it started; its exit status."""
        assert self.process.pid is not None
        for stop in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, stop)
            if wait([self.process.sentinel], timeout):
                break
        return self.poll()


def start(command: str, argv: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> Started:
    """Start `command` with `argv` in `cwd`, as `run` does, and return while it runs; its output goes to `log`."""
    assert command in COMMANDS, command
    log.write_bytes(b"")  # there to be read from now on
    process = _context().Process(target=_run, args=(command, argv, str(cwd), env, str(log), str(log)))
    with _STATUS:
        process.start()
    return Started(process)
