"""`almanac check --format text|github|json`: the same problems, warnings and notes written for people,
for GitHub (workflow commands that annotate the lines of a pull request) and for programs (one JSON
document); colour only on a terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BUILD_DATE, ROOT, CommandRun, build_env
from helpers import run_almanac as almanac

BASE = ROOT / "tests" / "fixtures" / "bad" / "_base"
MENTIONS = ROOT / "tests" / "fixtures" / "mentions"
BAD_POST = "docs/blog/posts/2026-06-01-bad,one.md"  # a comma, escaped in an annotation's file

BLOCK = (
    "unknown column `outptu`",
    "did you mean `output`? Columns of the prices table: model, vendor, provider, region, input, cache_read, "
    "cache_write, output, blended, context, max_output, currency, checked",
)
DATE = ("`date` is not a date: 'soon'", "write it as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, e.g. `date: 2026-03-30`")
UNUSED_TAG = (
    'the tag "quantum computing" is not used by any post',
    "tag a post with it, or remove it from data/tags.yaml",
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project with two problems (a block's column, a post's date) and a warning (a tag no post uses)."""
    project = tmp_path_factory.mktemp("formats") / "project"
    shutil.copytree(BASE, project)
    (project / BAD_POST).write_text("---\ntitle: Bad\ndate: soon\n---\n\nText.\n", encoding="utf-8")
    acme = project / "docs" / "acme.md"
    acme.write_text(acme.read_text(encoding="utf-8").replace("input, output]", "input, outptu]", 1), encoding="utf-8")
    tags = project / "data" / "tags.yaml"
    tags.write_text(tags.read_text(encoding="utf-8") + "- name: quantum computing\n", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def tag_line(project: Path) -> int:
    return (project / "data" / "tags.yaml").read_text(encoding="utf-8").count("\n")


@pytest.fixture(scope="module")
def runs(project: Path) -> dict[str, CommandRun]:
    """`almanac check` of the project in each format (the default, text, given by name)."""
    return {
        form: almanac("check", "--format", form, "--today", BUILD_DATE, cwd=project)
        for form in ("text", "github", "json")
    }


def test_text_is_one_line_per_problem_and_warnings_apart(runs: dict[str, CommandRun], tag_line: int) -> None:
    done = runs["text"]
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"docs/acme.md:6:25: {' — '.join(BLOCK)}", f"{BAD_POST}:3: {' — '.join(DATE)}"]
    assert re.fullmatch(
        rf"warning: data/tags.yaml:{tag_line}: {re.escape(' — '.join(UNUSED_TAG))}\n"
        r"almanac check: 2 problems \(\d+\.\d\d s\)\n",
        done.stderr,
    ), done.stderr
    assert "\x1b" not in done.stdout + done.stderr  # piped: no colour


def test_github_annotates_each_problem_and_warning_at_its_place(runs: dict[str, CommandRun], tag_line: int) -> None:
    done = runs["github"]
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"::error file=docs/acme.md,line=6,col=25,title=almanac check::{' — '.join(BLOCK)}",
        f"::error file=docs/blog/posts/2026-06-01-bad%2Cone.md,line=3,title=almanac check::{' — '.join(DATE)}",
        f"::warning file=data/tags.yaml,line={tag_line},title=almanac check::{' — '.join(UNUSED_TAG)}",
    ]
    assert re.fullmatch(r"almanac check: 2 problems \(\d+\.\d\d s\)\n", done.stderr), done.stderr


def test_json_is_one_document_of_the_same_problems(runs: dict[str, CommandRun], tag_line: int) -> None:
    done = runs["json"]
    assert done.returncode == 1
    assert done.stderr == ""
    document = json.loads(done.stdout)
    assert list(document) == ["problems", "warnings", "ok", "today"]
    assert document["problems"] == [
        {"path": "docs/acme.md", "line": 6, "column": 25, "message": BLOCK[0], "hint": BLOCK[1]},
        {"path": BAD_POST, "line": 3, "column": None, "message": DATE[0], "hint": DATE[1]},
    ]
    assert document["warnings"] == [
        {"path": "data/tags.yaml", "line": tag_line, "column": None, "message": UNUSED_TAG[0], "hint": UNUSED_TAG[1]}
    ]
    assert document["ok"] is False
    assert document["today"] == BUILD_DATE
    # Each problem is the line `--format text` prints, taken apart.
    lines = [
        f"{p['path']}:{p['line']}" + (f":{p['column']}" if p["column"] else "") + f": {p['message']} — {p['hint']}"
        for p in document["problems"]
    ]
    assert lines == runs["text"].stdout.splitlines()


def test_a_problem_of_mkdocs_yml_without_a_line(tmp_path: Path) -> None:
    project = shutil.copytree(BASE, tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: material", "name: materiel", 1), "utf-8")
    message = (
        "Config value 'theme': Unrecognised theme name: 'materiel'. The available installed themes are: "
        "mkdocs, readthedocs, material"
    )
    github = almanac("check", "--format", "github", cwd=project)
    assert github.returncode == 1
    # No line property: GitHub annotates the file. The message keeps its `:` and `,` (only properties escape them).
    assert github.stdout == f"::error file=mkdocs.yml,title=almanac check::{message}\n"
    as_json = almanac("check", "--format", "json", cwd=project)
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) == {
        "problems": [{"path": "mkdocs.yml", "line": None, "column": None, "message": message, "hint": None}],
        "warnings": [],
        "ok": False,
        "today": None,
    }


NOTES = [
    ("docs/blog/posts/2026-03-01-glm.md", 8, '"GLM-5"', "GLM-4.6"),
    ("docs/blog/posts/2026-03-01-glm.md", 12, '"Zhipu ai"', "Zhipu AI"),
    ("docs/blog/posts/2026-04-01-zh.md", 8, '"智谱清颜"', "智谱清言"),
]


def test_mentions_are_notices_and_json_notes_and_leave_the_status_at_0() -> None:
    github = almanac("check", "--mentions", "--format", "github", "--today", BUILD_DATE, cwd=MENTIONS)
    assert github.returncode == 0, github.stdout + github.stderr
    *annotations, success = github.stdout.splitlines()
    assert annotations == [
        f"::notice file={path},line={line},title=almanac check --mentions::{name} names no model, vendor or "
        f'provider of data/ — add it to data/ or as an alias (did you mean "{closest}"?)'
        for path, line, name, closest in NOTES
    ]
    assert re.fullmatch(rf"almanac check: posts and data are valid as of {BUILD_DATE} \(\d+\.\d\d s\)", success)
    as_json = almanac("check", "--mentions", "--format", "json", "--today", BUILD_DATE, cwd=MENTIONS)
    assert as_json.returncode == 0, as_json.stdout + as_json.stderr
    assert as_json.stderr == ""
    document = json.loads(as_json.stdout)
    assert document == {
        "problems": [],
        "warnings": [],
        "notes": [
            {
                "path": path,
                "line": line,
                "column": None,
                "message": f"{name} names no model, vendor or provider of data/",
                "hint": f'add it to data/ or as an alias (did you mean "{closest}"?)',
            }
            for path, line, name, closest in NOTES
        ],
        "ok": True,
        "today": BUILD_DATE,
    }


def test_an_unknown_format_is_a_usage_error() -> None:
    done = almanac("check", "--format", "xml", cwd=ROOT)
    assert done.returncode == 2
    assert "argument --format: invalid choice: 'xml'" in done.stderr
    assert done.stdout == ""


def test_the_help_shows_the_formats_and_examples() -> None:
    done = almanac("check", "--help", cwd=ROOT)
    assert done.returncode == 0
    assert "--format {text,github,json}" in done.stdout
    examples = done.stdout.split("\nexamples:\n", 1)[1].splitlines()
    assert "  almanac check --format github              # in a GitHub workflow, before the build" in examples


# --- Workflow commands, escaped ---------------------------------------------------------------


def test_annotations_escape_what_github_reads_as_syntax(tmp_path: Path) -> None:
    from almanac.cli import github_annotation
    from almanac.core.errors import AlmanacError

    error = AlmanacError("docs/a:b,c%.md", 2, "100% wrong,\r\nsee: here", "fix: this, then %0A", column=7)
    assert github_annotation("error", error, "almanac check: x,y", tmp_path) == (
        "::error file=docs/a%3Ab%2Cc%25.md,line=2,col=7,title=almanac check%3A x%2Cy"
        "::100%25 wrong,%0D%0Asee: here — fix: this, then %250A"
    )
    # Without a line, no line and no column; a path outside the working folder stays as the error has it.
    outside = AlmanacError("mkdocs.yml", None, "bad", column=3)
    assert github_annotation("warning", outside, "t", Path("/")) == "::warning file=mkdocs.yml,title=t::bad"


def test_annotations_name_files_from_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A workflow runs at the repository's root; mkdocs.yml may be in a folder of it (`-f site/mkdocs.yml`).
    from almanac.cli import github_annotation
    from almanac.core.errors import AlmanacError

    (tmp_path / "site").mkdir()
    monkeypatch.chdir(tmp_path)
    error = AlmanacError("docs/x.md", 4, "bad")
    assert (
        github_annotation("error", error, "t", tmp_path / "site") == "::error file=site/docs/x.md,line=4,title=t::bad"
    )
    assert github_annotation("error", error, "t", tmp_path) == "::error file=docs/x.md,line=4,title=t::bad"


def test_past_ten_of_a_kind_a_notice_says_the_log_has_them_all(tmp_path: Path) -> None:
    # GitHub annotates the first 10 errors, warnings and notices of a step; the others are only in its log.
    from almanac.cli import github_annotations
    from almanac.core.errors import AlmanacError

    problems = [AlmanacError(f"docs/{n:02}.md", n, "bad") for n in range(1, 12)]
    warnings = [AlmanacError("data/tags.yaml", 3, "unused")]
    lines = github_annotations(problems, warnings, None, tmp_path)
    assert lines[0] == (
        "::notice title=almanac check::11 problems, 1 warning: GitHub shows the first 10 of each kind at their "
        "lines, and the log of this step lists every one"
    )
    assert lines[1:] == [
        *(f"::error file=docs/{n:02}.md,line={n},title=almanac check::bad" for n in range(1, 12)),
        "::warning file=data/tags.yaml,line=3,title=almanac check::unused",
    ]
    # Ten of each are all shown: no notice.
    assert not any(line.startswith("::notice") for line in github_annotations(problems[:10], warnings, [], tmp_path))


def test_config_problems_keep_their_line_and_hint() -> None:
    from almanac.cli import _config_problem

    found = _config_problem(
        "Plugin 'almanac/blog' option 'timezone': mkdocs.yml:12: bad zone — use one of tz", "mkdocs.yml"
    )
    assert (found.path, found.line, found.column, found.message, found.hint) == (
        "mkdocs.yml",
        12,
        None,
        "bad zone",
        "use one of tz",
    )
    assert str(found) == "mkdocs.yml:12: bad zone — use one of tz"
    plain = _config_problem("Config value 'x': no\nmore", "mkdocs.yml")
    assert (plain.line, plain.hint, str(plain)) == (None, None, "mkdocs.yml: Config value 'x': no\nmore")


# --- Colour: on a terminal only ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "coloured"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"NO_COLOR": ""}, True), ({"TERM": "dumb"}, False)],
)
def test_colour_on_a_terminal_unless_no_color(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], coloured: bool
) -> None:
    from almanac.cli import _Stream

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    terminal, other_end = pty.openpty()
    read, write = os.pipe()
    with open(other_end, "w", encoding="utf-8") as tty, open(write, "w", encoding="utf-8") as pipe:
        assert _Stream(tty).coloured is coloured
        assert _Stream(pipe).coloured is False
    os.close(terminal)
    os.close(read)


def _on_a_terminal(argv: list[str], cwd: Path) -> str:
    """What `argv` writes to a terminal (standard output and error both), without the terminal's `\\r`."""
    terminal, other_end = pty.openpty()
    env = {**build_env(), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    chunks = []
    with subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=other_end, stderr=other_end) as run:
        os.close(other_end)
        try:
            while select.select([terminal], [], [], 120)[0]:
                try:
                    chunk = os.read(terminal, 65536)
                except OSError:  # the other end closed (Linux)
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            else:
                run.kill()
                pytest.fail(f"{argv} wrote nothing for 120 s")
        finally:
            os.close(terminal)
        assert run.wait(timeout=120) == 1
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_the_command_colours_a_terminal_and_says_the_same(project: Path, runs: dict[str, CommandRun]) -> None:
    almanac_command = Path(sys.executable).parent / "almanac"
    shown = _on_a_terminal([str(almanac_command), "check", "--today", BUILD_DATE], project)
    assert "\x1b[1mdocs/acme.md:6:25:\x1b[0m unknown column" in shown
    assert "\x1b[1;33mwarning: \x1b[0m\x1b[1mdata/tags.yaml:" in shown
    assert re.search(r"\x1b\[1;31malmanac check: 2 problems\x1b\[0m \(\d+\.\d\d s\)", shown), shown
    # Without its colours, what the terminal shows is what a pipe gets (but the time taken).
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    piped = runs["text"]
    assert _untimed(plain) == _untimed(piped.stdout + piped.stderr)


def _untimed(text: str) -> str:
    return re.sub(r"\(\d+\.\d\d s\)", "(…)", text)
