"""Pages converted by worker processes (`almanac/blog`'s `processes`, `mkdocs/parallel.py`): the site
and the log are those of one process, whatever the workers converted, and whatever went wrong with them.

The projects' hook (`slow.py`) makes the build's own process slow to convert (the workers, forked from it,
are not), so that the workers convert most pages, the last ones surely, whatever the machine's speed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import MINIMAL_CONFIG, BuildResult, copy_project, make_site, run_build, site_digest

POSTS = 72

# In the build's process only (a worker's pid is another), each page's conversion waits a little;
# `changed` makes every page's Markdown depend on how many pages this process converted before it;
# `kill` ends the workers once the build's process has converted its fourth page; `fail beside`
# makes the blog's feeds fail in the process forked to write them, not in the build's.
HOOK = """\
import logging, os, time, multiprocessing
from mkdocs.plugins import event_priority
from almanac.mkdocs.parallel import BESIDE
BUILD = os.getpid()
CONVERTED = [0]
# Links to other pages' headings are checked in verbose builds too (MkDocs checks them only when
# its pages' logger does not show debug messages).
for tool in ("mkdocs", "properdocs"):
    logging.getLogger(tool + ".structure.pages").setLevel(logging.INFO)

@event_priority(-1500)  # before `almanac/blog` forks the process beside the rendering (-2000)
def on_env(env, config, files):
    if MODE == "fail beside":
        job = BESIDE.jobs["blog feeds"]
        def failing():
            if os.getpid() != BUILD:
                raise RuntimeError("no feeds here")
            job()
        BESIDE.jobs["blog feeds"] = failing
    return None

def on_page_markdown(markdown, page, config, files):
    CONVERTED[0] += 1
    if os.getpid() == BUILD:
        time.sleep(0.02)
    elif MODE == "kill":  # killed while they convert, however fast the machine
        time.sleep(0.05)
    if MODE == "kill" and os.getpid() == BUILD and CONVERTED[0] == 4:
        for child in multiprocessing.active_children():
            child.kill()
    if MODE == "changed":
        return markdown + f"\\n\\nConverted {CONVERTED[0]}th here.\\n"
    return None
"""


def _post(number: int) -> str:
    day = 1 + number % 28
    month = 1 + number // 28
    text = (
        f"---\ntitle: Post {number}\ndate: 2026-{month:02d}-{day:02d}\n---\n\n"
        f"Opening of post {number}, before [the first post](post-00.md#opening-of-the-first).\n\n<!-- more -->\n\n"
        f"## Section {number}\n\nRest, with a footnote.[^1]\n\n[^1]: The note of post {number}.\n"
    )
    if number == 0:
        text = text.replace("## Section 0", "## Opening of the first")
    if number == POSTS - 1:  # converted by a worker: its problems are logged by the build all the same
        text += "\nA [broken link](missing.md) and [a missing heading](post-01.md#nowhere).\n"
    return text


def _project(root: Path, processes: int, mode: str = "") -> Path:
    config = MINIMAL_CONFIG.replace("  - almanac/blog\n", f"  - almanac/blog:\n      processes: {processes}\n")
    config += "hooks: [slow.py]\nvalidation: {anchors: warn}\n"
    site = make_site(root, {f"post-{number:02d}.md": _post(number) for number in range(POSTS)}, config=config)
    (site / "slow.py").write_text(f"MODE = {mode!r}\n" + HOOK, encoding="utf-8")
    return site


def _converted(build: BuildResult, *, unsent: int = 0) -> tuple[int, int, int]:
    """Pages converted by workers, by the build's process, and of these from other Markdown, as the
    build's debug line says; `unsent` of them a worker could not convert or send back."""
    found = re.search(
        r"pages converted by workers: (\d+), by the build's process: (\d+) \((\d+) of them from other Markdown "
        r"than a worker had, (\d+) a worker could not",
        build.output,
    )
    assert found is not None, build.output
    workers, here, changed, not_sent = (int(number) for number in found.groups())
    assert not_sent == unsent, build.output
    return workers, here, changed


def _logged(build: BuildResult) -> list[str]:
    """What the build logged but its debug messages, its project's folder and its duration left out."""
    project = str(build.site.parent)
    return [
        re.sub(r" in [\d.]+ seconds$", "", line.replace(project, "<project>"))
        for line in build.output.splitlines()
        if line.startswith(("WARNING", "ERROR", "INFO"))
    ]


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    build = run_build(_project(tmp_path_factory.mktemp("one"), 1), strict=False, verbose=True)
    assert build.returncode == 0, build.output
    assert "pages converted in one process: one process asked" in build.output
    assert "blog feeds done after the rendering: one process asked" in build.output
    return build


def _same_site_and_log(build: BuildResult, one_process: BuildResult) -> None:
    assert site_digest(build.site) == site_digest(one_process.site)
    assert _logged(build) == _logged(one_process)


def test_workers_convert_the_same_site_with_the_same_warnings(tmp_path: Path, one_process: BuildResult) -> None:
    build = run_build(_project(tmp_path, 2), strict=False, verbose=True)
    assert build.returncode == 0, build.output
    workers, _, changed = _converted(build)
    assert workers > POSTS // 2 and changed == 0, build.output
    assert "blog feeds written beside the rendering" in build.output
    _same_site_and_log(build, one_process)
    # The last post's broken links (a worker converted it) are reported once each, as one process
    # reports them: to no file, and to a heading another page does not have.
    warnings = build.warnings()
    assert sum("missing.md" in line for line in warnings) == 1, warnings
    assert sum("#nowhere" in line for line in warnings) == 1, warnings
    # Footnotes, headings' anchors and the table of contents are the worker's conversion's.
    post = (build.site / "blog/2026/03/16/post-71/index.html").read_text(encoding="utf-8")
    assert 'id="section-71"' in post and "The note of post 71." in post


def test_properdocs_workers_convert_the_same_site(tmp_path: Path, one_process: BuildResult) -> None:
    # MkDocs' fork makes files and pages of its own classes: workers convert its pages all the
    # same, and the links they find to other pages' headings are checked as one process checks them.
    build = run_build(_project(tmp_path, 2), tool="properdocs", strict=False, verbose=True)
    assert build.returncode == 0, build.output
    workers, _, changed = _converted(build)
    assert workers > POSTS // 2 and changed == 0, build.output
    assert site_digest(build.site, but_generator=True) == site_digest(one_process.site, but_generator=True)
    warnings = [line for line in build.warnings() if line.startswith("WARNING")]
    assert sum("#nowhere" in line for line in warnings) == 1, build.output


def test_a_strict_build_stops_on_the_warnings_a_worker_found(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Not verbose: MkDocs checks links to headings (`#nowhere`) only then. The links of the last post
    # are read by the worker that converted it, and checked by the build once every page is converted.
    reference = run_build(_project(tmp_path_factory.mktemp("one-strict"), 1), strict=True)
    build = run_build(_project(tmp_path, 2), strict=True)
    assert build.returncode == reference.returncode == 1
    warnings = [line for line in build.warnings() if line.startswith("WARNING")]
    assert sum("missing.md" in line for line in warnings) == 1, warnings
    assert sum("#nowhere" in line for line in warnings) == 1, warnings
    assert build.warnings() == reference.warnings()


def test_markdown_changed_since_a_worker_converted_it_is_converted_again(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A plugin whose Markdown depends on the order pages are converted in: the workers' differs.
    reference = run_build(_project(tmp_path_factory.mktemp("one-changed"), 1, "changed"), strict=False, verbose=True)
    build = run_build(_project(tmp_path, 2, "changed"), strict=False, verbose=True)
    assert build.returncode == reference.returncode == 0, build.output
    workers, _, changed = _converted(build)
    assert workers == 0 and changed > POSTS // 2, build.output
    _same_site_and_log(build, reference)
    assert "th here." in (build.site / "blog/2026/03/16/post-71/index.html").read_text(encoding="utf-8")


def test_workers_killed_leave_their_pages_to_the_build(tmp_path: Path, one_process: BuildResult) -> None:
    build = run_build(_project(tmp_path, 2, "kill"), strict=False, verbose=True)
    assert build.returncode == 0, build.output
    assert "the workers stopped" in build.output
    assert "Traceback" not in build.output
    _same_site_and_log(build, one_process)


def test_feeds_that_fail_beside_the_rendering_are_written_by_the_build(
    tmp_path: Path, one_process: BuildResult
) -> None:
    build = run_build(_project(tmp_path, 2, "fail beside"), strict=False, verbose=True)
    assert build.returncode == 0, build.output
    assert "blog feeds not done beside the rendering (no feeds here): done now" in build.output
    assert "Traceback" not in build.output
    _same_site_and_log(build, one_process)
    assert (build.site / "feed.xml").is_file()


def test_the_sample_site_is_the_same_converted_by_workers_or_not(
    tmp_path_factory: pytest.TempPathFactory, sample_build: BuildResult
) -> None:
    # `sample_build` is converted with the default `processes` (one per core): on a machine of one
    # core it would be one process too, and the comparison then says nothing: hence two builds.
    builds = {}
    for processes in (1, 2):
        project = copy_project(tmp_path_factory.mktemp(f"sample-{processes}"))
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("  - almanac/blog:\n", f"  - almanac/blog:\n      processes: {processes}\n"))
        builds[processes] = run_build(project, verbose=True)
        assert builds[processes].returncode == 0, builds[processes].output
    workers, _, changed = _converted(builds[2])
    assert workers > 0 and changed == 0
    assert site_digest(builds[2].site) == site_digest(builds[1].site)
    assert site_digest(sample_build.site) == site_digest(builds[1].site)
