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
# One language for the whole index (`zh` by default): Pagefind keeps one index per language and
# the browser loads the one of the page it is on, so an English page would never find a Chinese
# post. Pagefind's Chinese segmentation splits Chinese text into words and leaves Latin words
# whole, so one `zh` index answers English and Chinese queries alike (without English stemming:
# a query also matches the words it begins, `model` finds `models`).

from __future__ import annotations

import html
import importlib.util
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from almanac.core.errors import AlmanacError

__all__ = [
    "OUTPUT_FOLDER",
    "IndexRun",
    "SearchDocument",
    "Staging",
    "document_html",
    "pagefind_executable",
    "start_index",
]

#: The folder of the site Pagefind writes to, and the browser reads from.
OUTPUT_FOLDER: Final = "pagefind"

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
    """Pagefind indexing staged documents into `output`, started by `start_index`: `wait` for
    its count, or `cancel` it. Either removes the staging folder made for it (not one given)."""

    def __init__(
        self,
        output: Path,
        count: int,
        staging: Staging | None = None,
        process: subprocess.Popen[bytes] | None = None,
    ) -> None:
        self.output = output
        self.count = count
        self._staging = staging
        self._process = process

    def wait(self) -> int:
        """How many pages the index holds, once Pagefind has written it. Raises `RuntimeError`
        when Pagefind fails."""
        process = self._process
        if process is None:
            return self.count
        try:
            _, said = process.communicate()  # with `--silent`, Pagefind prints its errors alone
        finally:
            self._process = None
            self._cleanup()
        if process.returncode != 0:
            message = said.decode("utf-8", "replace").strip()
            raise RuntimeError(f"Pagefind failed (exit {process.returncode}): {message}")
        for name in _UNUSED:
            (self.output / name).unlink(missing_ok=True)
        return self.count

    def stop(self) -> None:
        """Stop Pagefind if it still runs, from any thread: the one in `wait` gets its failure."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def cancel(self) -> None:
        """Stop Pagefind if it still runs; what it wrote of the index is left as it is."""
        if self._process is not None:
            self.stop()
            self._process.communicate()
            self._process = None
        self._cleanup()

    def _cleanup(self) -> None:
        if self._staging is not None:
            self._staging.remove()
            self._staging = None


class Staging:
    """The folder of documents Pagefind reads: one HTML file per document, at its URL. Kept from
    one index to the next (the preview's, at each save), an update writes only the documents
    that changed and removes those no longer given. Not to be updated while Pagefind reads it."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="almanac-search-staging-"))
        #: Each staged file's document and language: a document equal to the one staged is not
        #: made into HTML again (1,350 of 22 MB at 1,000 posts, for the one a save changed).
        self._staged: dict[Path, tuple[SearchDocument, str]] = {}
        self.written = 0
        """How many documents the last update wrote."""

    def update(self, documents: list[SearchDocument], language: str) -> None:
        """Make the folder hold `documents` in `language`, as `start_index` stages them."""
        staged = {_staged_path(self.folder, d.url): (d, language) for d in documents}
        last, self._staged = self._staged, {}
        try:
            for path in last.keys() - staged.keys():
                path.unlink(missing_ok=True)
            self.written = 0
            for path, (document, _) in staged.items():
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
        shutil.rmtree(self.folder, ignore_errors=True)
        self._staged = {}


def start_index(
    documents: list[SearchDocument],
    site_dir: Path,
    *,
    language: str,
    executable: Path | None = None,
    background: bool = False,
    staging: Staging | None = None,
) -> IndexRun:
    """Start indexing `documents` into `site_dir/pagefind/` (replacing what is there): the
    documents are staged at once (in a folder of their own, or updated in `staging`), and
    Pagefind's binary runs beside the caller until `wait`. The same documents give the same
    files, byte for byte. In the `background` (the preview's index, written while the next save
    may be rebuilt), Pagefind runs at the lowest priority (`nice`, where there is one), so that
    the rebuild comes first."""
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
        used.update(documents, language)
        folder = used.folder
        nice = shutil.which("nice") if background else None
        command = [
            *([nice, "-n", "19"] if nice else []),
            str(executable or pagefind_executable()),
            "--site",
            str(folder),
            "--output-path",
            str(output),
            "--force-language",
            language,
            "--silent",
        ]
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except BaseException:
        if own is not None:
            own.remove()
        raise
    return IndexRun(output, len(documents), own, process)
