# The problems of one build, gathered from every step, and the staging folder that keeps the
# last good site in place until a build has succeeded. `almanac check` runs the same build and
# stops where the problems are raised, so the two can never report different things.
#
# MkDocs empties `site_dir` right after `on_pre_build`, and checks links only while it converts
# the pages, long after our own checks ran. So `almanac/data` and `almanac/blog`, through one
# `BuildRun` per build:
#
# - `on_config`: point `site_dir` at a staging folder beside the real one (`stage`); MkDocs
#   empties and fills that one;
# - every step records the author's mistakes (`add`) instead of stopping at the first, and
#   leaves out what it cannot make (a post with bad front matter, a block of broken data);
#   MkDocs' own warnings (links to missing pages or anchors) are caught by a logging handler;
# - `on_env` — every page converted, nothing written yet: stop with all the problems at once
#   (`stop_if_problems`). `almanac check` always stops here (`CheckFinished`): it asks for a
#   check with a `CheckRequest` set around the build (`core/checking.py`), read by the run;
# - the last `on_post_build`: swap the staging folder into place (`finish`). A failed build
#   (`on_build_error`, MkDocs' strict mode included) removes it (`abandon`): `site/` is as it was;
#   a check that fails this way keeps what it found in its request.

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

from almanac.core.checking import CheckFinished, check_request
from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.project import display_prefix

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from almanac.mkdocs.incremental import Tracker

__all__ = ["BuildRun", "mkdocs_problem"]

_ATTRIBUTE = "_almanac_run"
#: MkDocs' warnings come from its own loggers and its plugins' (`mkdocs.plugins.…`); those of
#: its fork ProperDocs from `properdocs.…`.
_LOGGERS = ("mkdocs", "properdocs")
_STRICT_HINT = "`strict: true` in mkdocs.yml makes every warning of MkDocs stop the build"


class _Capture(logging.Handler):
    """MkDocs' warnings and errors while the build runs (level, message)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


class _Rewrite(logging.Filter):
    """Shows MkDocs' warnings about links in the build's log as our errors read
    (`docs/x.md:12: the link 'y.md' leads to no file … — …`), so that the log and the final
    list agree. Set on MkDocs' own handlers for the length of a build."""

    def __init__(self, run: BuildRun) -> None:
        super().__init__()
        self.run = run

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno >= logging.WARNING and message.startswith("Doc file '"):
            record.msg, record.args = str(self.run.convert(message)), ()
        elif self.run.staging and self.run.site_dir and message.endswith(self.run.staging):
            # "Building documentation to directory: …" names the folder the site ends up in.
            record.msg, record.args = message.removesuffix(self.run.staging) + self.run.site_dir, ()
        return True


class BuildRun:
    """One build of the site as both almanac plugins see it (see the top of this module)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.problems: list[AlmanacError] = []
        self.warnings: list[AlmanacError] = []
        #: The check this build is run for (`almanac check`), or `None` for a build.
        self.check = check_request()
        #: Link targets under these folders are not reported: `data/` has errors, so the
        #: pages made from it are missing (its errors are reported instead).
        self.unchecked_folders: tuple[str, ...] = ()
        self.site_dir: str | None = None
        self.staging: str | None = None
        #: What a partial rebuild makes again (`mkdocs/incremental.py`), set by `almanac/blog`.
        self.tracker: Tracker | None = None
        self._members: set[str] = set()
        self._finished: set[str] = set()
        self._stopped = False
        config_file = Path(config.config_file_path or "mkdocs.yml")
        self._docs = Path(config.docs_dir)
        self._docs_prefix = display_prefix(self._docs, config_file.resolve().parent)
        self._config_name = config_file.name
        self._capture = _Capture()
        self._rewrite = _Rewrite(self)
        loggers = [logging.getLogger(name) for name in _LOGGERS]
        self._handlers = [handler for logger in loggers for handler in logger.handlers]
        for handler in self._handlers:
            handler.addFilter(self._rewrite)
        for logger in loggers:
            logger.addHandler(self._capture)

    @property
    def warned(self) -> bool:
        """Whether MkDocs has warned in this build so far (a link to a missing page, …)."""
        return bool(self._capture.records)

    @property
    def check_only(self) -> bool:
        """`almanac check`: stop at `on_env` with `CheckFinished`, whatever was found, and write nothing."""
        return self.check is not None

    @classmethod
    def of(cls, config: MkDocsConfig) -> BuildRun:
        """The run of the build `config` is for (made by the first plugin that asks)."""
        run = getattr(config, _ATTRIBUTE, None)
        if not isinstance(run, BuildRun):
            run = cls(config)
            setattr(config, _ATTRIBUTE, run)
        return run

    def join(self, plugin: str) -> None:
        """`plugin` takes part: the site is swapped into place once every member has finished."""
        self._members.add(plugin)

    def add(self, problems: AlmanacError | AlmanacErrors | list[AlmanacError]) -> None:
        """Record the author's mistakes; the build goes on and stops with all of them (a
        problem found after that stop, as a page is written, stops the build at once)."""
        found = [problems] if isinstance(problems, AlmanacError) else list(problems)
        self.problems.extend(found)
        if self._stopped and found and not self.check_only:
            raise PluginError(str(AlmanacErrors(found)))

    # --- the site folder -------------------------------------------------------------------------

    def stage(self, *, dirty: bool) -> None:
        """Build into a folder beside `site_dir` (once per build; not for a partial rebuild,
        which needs the files already there, nor for `almanac check`, which writes nothing)."""
        if self.staging is not None or self.check_only or dirty:
            return
        real = Path(self.config.site_dir)
        staging = real.with_name(f".{real.name}.almanac-new")
        shutil.rmtree(staging, ignore_errors=True)  # left by a build that was killed
        self.site_dir, self.staging = str(real), str(staging)
        self.config.site_dir = str(staging)

    def finish(self, plugin: str) -> None:
        """`plugin` has written its last file: once all members have, the new site replaces
        the old one. In strict mode a warning makes MkDocs abort right after: nothing is swapped."""
        self._finished.add(plugin)
        if not self._finished >= self._members:
            return
        self._detach()
        if self.staging is None or self.site_dir is None:
            return
        if self.config.strict and self._capture.records:
            return  # MkDocs aborts; `abandon` removes the staging folder
        real, staging = Path(self.site_dir), Path(self.staging)
        old = real.with_name(f".{real.name}.almanac-old")
        shutil.rmtree(old, ignore_errors=True)
        try:
            if real.exists():
                os.replace(real, old)
            os.replace(staging, real)
        except OSError:
            # `site_dir` cannot be renamed (a mount point, the current folder on some
            # systems): replace what it holds instead.
            real.mkdir(parents=True, exist_ok=True)
            for entry in list(real.iterdir()):
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
            for entry in list(staging.iterdir()):
                os.replace(entry, real / entry.name)
            shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        self.config.site_dir = self.site_dir
        self.staging = None

    def abandon(self) -> None:
        """The build failed: remove the staging folder; the last good site stays as it was.
        A check keeps what was found (MkDocs' own errors so far included) in its request."""
        self._detach()
        if self.check is not None:
            self.check.report([*self.problems, *self.mkdocs_problems()], self.warnings)
        if self.staging is not None and self.site_dir is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.config.site_dir = self.site_dir
            self.staging = None

    def _detach(self) -> None:
        for name in _LOGGERS:
            logging.getLogger(name).removeHandler(self._capture)
        for handler in self._handlers:
            handler.removeFilter(self._rewrite)
        self._handlers = []

    # --- the stop ------------------------------------------------------------------------------

    def stop_if_problems(self, files: Files, *, serve: bool = False) -> None:
        """At `on_env`: raise every problem found so far, MkDocs' warnings included in strict
        mode (its check of anchors, which it runs after writing the pages, is run here first).
        `almanac check` stops here in any case."""
        if self._stopped:
            return
        self._stopped = True
        strict = bool(self.config.strict)
        if strict or self.check_only:
            self._check_anchors(files, serve=serve)
        found = self.mkdocs_problems()
        problems = list(self.problems)
        warnings = list(self.warnings)
        if strict:
            problems.extend(found)
        elif self.check_only:
            warnings.extend(found)  # a build prints them as MkDocs' warnings
        if self.check_only:
            self._detach()
            raise CheckFinished(problems, warnings)
        if problems:
            raise PluginError(str(AlmanacErrors(problems)))

    def _check_anchors(self, files: Files, *, serve: bool) -> None:
        level = self.config.validation.links.anchors
        if level < logging.WARNING:
            return
        inclusion = InclusionLevel.is_in_serve if serve else InclusionLevel.is_included
        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is not None:
                file.page.validate_anchor_links(files=files, log_level=level)

    def mkdocs_problems(self) -> list[AlmanacError]:
        """MkDocs' warnings and errors so far, each as `path:line: what — how` (a message of
        several lines, such as a plugin's list of errors, gives one problem per line); links
        into `unchecked_folders` left out."""
        found = []
        for _level, message in self._capture.records:
            for line in message.strip().splitlines():
                if line.strip() and not _COUNT.fullmatch(line.strip()):
                    problem = self.convert(line)
                    if not self._unchecked(problem):
                        found.append(problem)
        return found

    def convert(self, line: str) -> AlmanacError:
        """One line of MkDocs' log as an error of ours (see `mkdocs_problem`); a line that is
        already one of ours (a plugin's error, or a warning shown rewritten) is read back."""
        ours = _OURS.fullmatch(line.strip())
        if ours is not None:
            what, _, hint = ours["what"].partition(" — ")
            number, column = ours["line"], ours["column"]
            return AlmanacError(
                ours["path"], int(number) if number else None, what, hint or None, int(column) if column else None
            )
        return mkdocs_problem(line, docs_dir=self._docs, docs_prefix=self._docs_prefix, config_name=self._config_name)

    def _unchecked(self, problem: AlmanacError) -> bool:
        if not self.unchecked_folders:
            return False
        folders = "|".join(re.escape(folder.strip("/")) for folder in self.unchecked_folders)
        return re.search(rf"(?:^|[/'(])(?:{folders})/", problem.message) is not None


_COUNT = re.compile(r"\d+ errors\.")
_OURS = re.compile(r"(?P<path>[^\s:'\"]+\.[\w]+):(?:(?P<line>\d+):(?:(?P<column>\d+):)?)? (?P<what>.+)")
_DOC = re.compile(r"Doc file '(?P<src>[^']*)' contains (?P<rest>.*)", re.S)
_NOT_FOUND = re.compile(
    r"a link '(?P<url>[^']*)', but the target(?: '(?P<target>[^']*)')? is not found among documentation files\."
    r"(?: Did you mean '(?P<mean>[^']*)'\?)?"
)
_NO_ANCHOR = re.compile(r"a link '(?P<url>[^']*)', but the doc '(?P<target>[^']*)' does not contain an anchor")
_NO_ANCHOR_HERE = re.compile(r"a link '(?P<url>[^']*)', but there is no such anchor on this page")
_UNRECOGNIZED = re.compile(
    r"an unrecognized relative link '(?P<url>[^']*)', it was left as is\.(?: Did you mean '(?P<mean>[^']*)'\?)?"
)
_ABSOLUTE = re.compile(r"an absolute link '(?P<url>[^']*)', it was left as is\.")
_ANCHOR_HINT = "link a heading of that page by its anchor (see the page's table of contents)"


def mkdocs_problem(message: str, *, docs_dir: Path, docs_prefix: str, config_name: str) -> AlmanacError:
    """One of MkDocs' warnings as our errors read: the file and line of a bad link, what is
    wrong and how to fix it; any other warning as it is, against the config file."""
    doc = _DOC.fullmatch(message.strip())
    if doc is None:
        what, _, hint = message.strip().partition(" — ")
        return AlmanacError(config_name, None, what.rstrip("."), hint or _STRICT_HINT)
    src, rest = doc["src"], doc["rest"]
    path = docs_prefix + src
    what, hint, url = rest.rstrip("."), _STRICT_HINT, None
    if found := _NOT_FOUND.match(rest):
        url = found["url"]
        target = found["target"]
        what = f"the link '{url}' leads to no file of the docs" + (f" (looked for '{target}')" if target else "")
        hint = (
            f"did you mean '{found['mean']}'?"
            if found["mean"]
            else "link a post by its file name and a page by its path, relative to this file"
        )
    elif found := _NO_ANCHOR.match(rest):
        url = found["url"]
        what = f"the link '{url}' names an anchor that '{found['target']}' does not have"
        hint = _ANCHOR_HINT
    elif found := _NO_ANCHOR_HERE.match(rest):
        url = found["url"]
        what = f"the link '{url}' names an anchor this page does not have"
        hint = "link a heading of this page by its anchor (see its table of contents)"
    elif found := _UNRECOGNIZED.match(rest):
        url = found["url"]
        what = f"the link '{url}' leads to no file of the docs"
        hint = (
            f"did you mean '{found['mean']}'?"
            if found["mean"]
            else "link the Markdown file (a post by its file name), not the address it is published at"
        )
    elif found := _ABSOLUTE.match(rest):
        url = found["url"]
        what = f"the link '{url}' is absolute"
        relative = posixpath.relpath(url.lstrip("/") or ".", posixpath.dirname(src) or ".")
        hint = f"write it relative to this file: `{relative}`"
    return AlmanacError(path, _line_of(docs_dir / src, url) if url else None, what, hint)


def _line_of(path: Path, text: str) -> int | None:
    """The first line of the file `path` that holds `text`; None when none does."""
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(source.splitlines(), start=1):
        if text in line:
            return number
    return None
