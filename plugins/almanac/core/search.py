# The site's search index: the posts and entity pages, indexed by Pagefind at the end of a build.
#
# Material's own search sends the text of every page to the browser as one JSON index, which the
# browser builds into a Lunr index before it answers the first query: 5.9 MB for a 1,000-post
# blog, several seconds (benchmarks/README.md, "Search"). Pagefind splits its index into small
# files and the browser fetches only those a query needs. The adapter (`mkdocs/search/`) gives
# this module one `SearchDocument` per page to index, as the page's converted HTML; here each
# becomes a small HTML file of its own in a staging folder, which Pagefind's binary (the Python
# package `pagefind[extended]`, with Chinese segmentation) indexes into `<site>/pagefind/`.
#
# In parts on a big site: Pagefind's binary holds every document's words until it writes the
# index, about a quarter of a megabyte a document (benchmarks/README.md, "Pagefind's memory"), a
# gigabyte at 3,000 posts. The documents are indexed in parts of about `PART_SIZE` (each page in
# the part its address's digest names: see `parts`), each by a run of the binary of its own, one
# after the other: the first into `<site>/pagefind/`, the others
# into `pagefind/part-2/` and on, listed in `pagefind/almanac-parts.json`, which the search worker
# reads to merge them into the first (Pagefind's `mergeIndex`) before it answers.
#
# One language for the whole index (`zh` by default): Pagefind keeps one index per language and
# the browser loads the one of the page it is on, so an English page would never find a Chinese
# post. Pagefind's Chinese segmentation splits Chinese text into words and leaves Latin words
# whole, so one `zh` index answers English and Chinese queries alike (without English stemming:
# a query also matches the words it begins, `model` finds `models`).

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from almanac.core.errors import AlmanacError

__all__ = [
    "OUTPUT_FOLDER",
    "PARTS_FILE",
    "PART_SIZE",
    "IndexRun",
    "SearchDocument",
    "Staging",
    "document_html",
    "pagefind_executable",
    "start_index",
]

#: The folder of the site Pagefind writes to, and the browser reads from.
OUTPUT_FOLDER: Final = "pagefind"

#: About the most documents one run of Pagefind's binary indexes (at about 0.25 MiB each).
PART_SIZE: Final = 2000

#: The file of `OUTPUT_FOLDER` that lists the index's other parts, as folders relative to it.
PARTS_FILE: Final = "almanac-parts.json"

#: What Pagefind writes beside its index that the site does not serve: its own search interfaces
#: (the theme's search box shows the results) and their styles.
_UNUSED: Final = (
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-highlight.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-ui.css",
    "pagefind-ui.js",
)


#: Pagefind's module as the search worker uses it, for a site with nothing to index.
_NOTHING: Final = """\
// No page of this site is indexed yet: every search finds nothing.
export async function options() {}
export async function init() {}
export async function search() {
  return { results: [] };
}
"""


@dataclass(frozen=True)
class SearchDocument:
    """One page of the index: its URL relative to the site's root (`blog/2026/03/02/slug/`),
    its title as text, and its content as converted HTML (the page's own text, without the
    theme's navigation, header or footer)."""

    url: str
    title: str
    content: str


def document_html(document: SearchDocument, language: str) -> str:
    """The HTML Pagefind reads for `document`: the title (Pagefind's `title`, and indexed as
    the page's first heading) and the content, in `language`."""
    title = html.escape(document.title, quote=False)  # Pagefind keeps `&quot;` as written
    return (
        f'<!doctype html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n"
        f'<body data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1>\n{document.content}\n</body></html>\n'
    )


def pagefind_executable() -> Path:
    """Pagefind's binary, from the Python package `pagefind[extended]` (`pagefind_bin_extended`)."""
    spec = importlib.util.find_spec("pagefind_bin_extended")
    folder = Path(spec.origin).parent if spec is not None and spec.origin else None
    for name in ("pagefind_extended", "pagefind_extended.exe"):
        if folder is not None and (folder / name).is_file():
            return folder / name
    raise AlmanacError(
        "pyproject.toml",
        None,
        "Pagefind is not installed, and almanac/search indexes the site with it",
        "install the project again (`pip install -e .`), which installs `pagefind[extended]`",
    )


def _staged_path(folder: Path, url: str) -> Path:
    """Where the document of `url` is written for Pagefind, which gives it back that URL."""
    relative = PurePosixPath(url.lstrip("/"))
    if not url or url.endswith("/"):
        relative = relative / "index.html"
    if ".." in relative.parts:
        raise ValueError(f"{url!r} is not a URL inside the site")
    return folder.joinpath(*relative.parts)


class IndexRun:
    """Pagefind indexing staged documents into `output`, started by `start_index`, one part after
    the other: `advance` starts the next part once the last is written (called now and then, it
    needs no thread), `wait` for the count once every part is, or `cancel`. Either removes the
    staging folder made for it (not one given)."""

    def __init__(
        self,
        output: Path,
        count: int,
        staging: Staging | None = None,
        process: subprocess.Popen[bytes] | None = None,
        commands: list[list[str]] | None = None,
        outputs: list[Path] | None = None,
    ) -> None:
        self.output = output
        self.count = count
        self._staging = staging
        self._process = process
        #: The parts still to index, and the folder each part is written to, the first's first.
        self._commands = commands or []
        self._outputs = outputs or [output]

    def advance(self) -> None:
        """Start the next part if the last one is written; a part that failed is left to `wait`."""
        process = self._process
        if process is not None and self._commands and process.poll() == 0:
            process.communicate()
            self._process = _started(self._commands.pop(0))

    def wait(self) -> int:
        """How many pages the index holds, once Pagefind has written every part. Raises
        `RuntimeError` when Pagefind fails."""
        try:
            while self._process is not None:
                process = self._process
                _, said = process.communicate()  # with `--silent`, Pagefind prints its errors alone
                if process.returncode != 0:
                    message = said.decode("utf-8", "replace").strip()
                    raise RuntimeError(f"Pagefind failed (exit {process.returncode}): {message}")
                self._process = _started(self._commands.pop(0)) if self._commands else None
        finally:
            self._process = None
            self._commands = []
            self._cleanup()
        for output in self._outputs:
            for name in _UNUSED:
                (output / name).unlink(missing_ok=True)
        return self.count

    def stop(self) -> None:
        """Stop Pagefind if it still runs, from any thread: the one in `wait` gets its failure."""
        self._commands = []
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def cancel(self) -> None:
        """Stop Pagefind if it still runs; what it wrote of the index is left as it is."""
        self._commands = []
        if self._process is not None:
            self.stop()
            self._process.communicate()
            self._process = None
        self._cleanup()

    def _cleanup(self) -> None:
        if self._staging is not None:
            self._staging.remove()
            self._staging = None


def _started(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def parts(documents: list[SearchDocument], part_size: int = PART_SIZE) -> list[list[SearchDocument]]:
    """`documents` in as few parts as hold about `part_size` each (none empty): each document in the
    part its URL's digest names, in order. So each part is a sample of the whole site (old posts and new,
    entity pages), whose words weigh about as they do in the whole, and the merged parts rank
    results about as one index does; and a new post moves no other page to another part."""
    count = max(1, -(-len(documents) // part_size))
    found: list[list[SearchDocument]] = [[] for _ in range(count)]
    for document in documents:
        digest = hashlib.blake2b(document.url.encode("utf-8"), digest_size=8).digest()
        found[int.from_bytes(digest, "big") % count].append(document)
    return [part for part in found if part]


#: Where staging folders go when it has room: a file system in memory (Linux's). Pagefind reads each
#: staged file once: on the disk of the machine of `benchmarks/README.md`, making the 1,350 files of
#: a 1,000-post site took 1.0 to 1.7 s of the build, in memory 0.05 s (measured).
MEMORY_FOLDER = Path("/dev/shm")

#: A staging folder's name: the process that made it follows (a folder left by a process that
#: ended without removing it, killed, is removed by the next one made there).
_STAGING_PREFIX = "almanac-search-staging-"


def staging_folder(size: int, memory: Path = MEMORY_FOLDER) -> Path:
    """A new folder for about `size` bytes of staged documents: in `memory` when it is there and
    has room for them twice over and 256 MiB more (a container's is often 64 MiB in all), else in
    the system's temporary folder."""
    try:
        roomy = memory.is_dir() and os.access(memory, os.W_OK)
        if roomy and shutil.disk_usage(memory).free > 2 * size + 256 * 2**20:
            _remove_left_behind(memory)
            return Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-", dir=memory))
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-"))


def _remove_left_behind(memory: Path) -> None:
    """Remove the staging folders in `memory` whose process is gone (the memory they hold is not
    given back until they are)."""
    for folder in memory.glob(f"{_STAGING_PREFIX}*-*"):
        pid = folder.name.removeprefix(_STAGING_PREFIX).partition("-")[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass  # another user's process: alive


class Staging:
    """The folder of documents Pagefind reads: one HTML file per document, at its URL. Kept from
    one index to the next (the preview's, at each save), an update writes only the documents
    that changed and removes those no longer given. Not to be updated while Pagefind reads it.
    The folder is made by the first update, in memory where there is room (`staging_folder`)."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        #: Each staged file's document and language: a document equal to the one staged is not
        #: made into HTML again (1,350 of 22 MB at 1,000 posts, for the one a save changed).
        self._staged: dict[Path, tuple[SearchDocument, str]] = {}
        self.written = 0
        """How many documents the last update wrote."""
        self.parts: list[Path] = []
        """The folder of each part of the documents, in order."""

    @property
    def folder(self) -> Path:
        """The staging folder (made by the first update)."""
        if self._folder is None:
            raise RuntimeError("nothing is staged yet")
        return self._folder

    def update(self, documents: list[SearchDocument], language: str, part_size: int = PART_SIZE) -> None:
        """Make the folder hold `documents` in `language`, as `start_index` stages them: the `n`th
        part (see `parts`) in `part-n/`."""
        if self._folder is None:
            size = sum(len(document.content) + len(document.title) + 1024 for document in documents)
            self._folder = staging_folder(size)
        found = parts(documents, part_size)
        self.parts = [self.folder / f"part-{number}" for number in range(1, len(found) + 1)]
        staged = {
            _staged_path(folder, d.url): (d, language)
            for folder, part in zip(self.parts, found, strict=True)
            for d in part
        }
        last, self._staged = self._staged, {}
        try:
            if last and staged.keys() - last.keys():
                # A document added: every file made again, in the order of their paths. Pagefind reads
                # them in the order the file system lists them, which on some (in memory, btrfs) is the
                # order they were made in, and the index differs with it: as a first update makes them.
                shutil.rmtree(self.folder, ignore_errors=True)
                last = {}
            for path in last.keys() - staged.keys():
                path.unlink(missing_ok=True)
            self.written = 0
            for path in sorted(staged):
                document, _ = staged[path]
                if last.get(path) != staged[path]:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(document_html(document, language).encode("utf-8"))
                    self.written += 1
        except BaseException:
            # Left half-updated: emptied, so that the next update writes every document.
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True, exist_ok=True)
            raise
        self._staged = staged

    def remove(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._staged = {}


def start_index(
    documents: list[SearchDocument],
    site_dir: Path,
    *,
    language: str,
    executable: Path | None = None,
    staging: Staging | None = None,
    part_size: int = PART_SIZE,
) -> IndexRun:
    """Start indexing `documents` into `site_dir/pagefind/` (replacing what is there): the
    documents are staged at once (in a folder of their own, or updated in `staging`), and
    Pagefind's binary runs beside the caller until `wait`. The same documents give the same
    files, byte for byte. Pagefind runs at the lowest priority (`nice`, where there is one): beside
    a build, the build's own process keeps a core to render the pages on, and Pagefind takes what
    the cores leave (1,000 posts on two cores: the build 0.3 to 2 s shorter in five paired runs of
    six, 0.2 s longer in one); beside the preview, the next save's rebuild comes first. More than
    `part_size` documents are indexed in parts (see the module's comment), each part once the last
    is written: `IndexRun.advance` or `wait` starts it."""
    output = site_dir / OUTPUT_FOLDER
    shutil.rmtree(output, ignore_errors=True)
    if not documents:
        # Pagefind makes no index of no page (a site with no post and no data yet): its module
        # is replaced by one that finds nothing.
        output.mkdir(parents=True)
        (output / "pagefind.js").write_bytes(_NOTHING.encode("utf-8"))
        return IndexRun(output, 0)
    own = Staging() if staging is None else None
    try:
        used = staging or own
        assert used is not None
        used.update(documents, language, part_size)
        nice = shutil.which("nice")
        outputs = [output, *(output / f"part-{number}" for number in range(2, len(used.parts) + 1))]
        commands = [
            [
                *([nice, "-n", "19"] if nice else []),
                str(executable or pagefind_executable()),
                "--site",
                str(folder),
                "--output-path",
                str(part_output),
                "--force-language",
                language,
                "--silent",
            ]
            for folder, part_output in zip(used.parts, outputs, strict=True)
        ]
        output.mkdir(parents=True)
        others = [f"{part_output.name}/" for part_output in outputs[1:]]
        (output / PARTS_FILE).write_text(json.dumps(others) + "\n", encoding="utf-8")
        process = _started(commands[0])
    except BaseException:
        if own is not None:
            own.remove()
        raise
    return IndexRun(output, len(documents), own, process, commands[1:], outputs)
