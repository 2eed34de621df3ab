"""`almanac price show` prints a model's offers and their history; `almanac price set` gives one offer a
new price in data/vendors/<vendor>.yaml, changing only the lines of that change, and refuses bad input
with a `path:line: what — how` line, exit status 1 and no file changed. Every command runs as a user
runs it (`run_almanac`), on a copy of the tests' own project (tests/fixtures/edits/:
the sample's data/ frozen at one commit, whose lines stay put), on the tests' build date."""

from __future__ import annotations

import difflib
import io
import re
import shlex
import signal
import stat
import sys
from pathlib import Path

import pytest

from almanac.price_command import SET_EXAMPLES, SHOW_EXAMPLES

from helpers import BUILD_DATE, ROOT, copy_edits_project, run_almanac, run_python

OPENAI = Path("data/vendors/openai.yaml")
SOURCE = "https://developers.openai.com/api/docs/pricing"
NEW_PRICE = ("price", "set", "gpt-5.4-mini", "--provider", "openai", "--input", "0.6", "--output", "3.6")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_edits_project(tmp_path)


def data_bytes(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "data").rglob("*")) if p.is_file()
    }


def test_show_prints_each_offer_and_its_history_in_plain_text_when_piped(project: Path) -> None:
    done = run_almanac("price", "show", "gpt-5.4-mini", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "GPT-5.4 mini (gpt-5.4-mini) · OpenAI · data/vendors/openai.yaml:175\n"
        "\n"
        "openai · global · USD · standard · per_mtok  data/vendors/openai.yaml:185\n"
        "   from  to    input  cache_read  output  checked     source\n"
        "*  —     open  0.75   0.075       4.5     2026-03-18  https://developers.openai.com/api/docs/pricing\n"
        "\n"
        "openrouter · global · USD · standard · per_mtok  data/vendors/openai.yaml:196\n"
        "   from  to    input  cache_read  output  checked     source\n"
        "*  —     open  0.75   0.075       4.5     2026-08-21  https://openrouter.ai/openai/gpt-5.4-mini\n"
    )
    assert done.stderr == ""


def test_set_closes_the_current_price_and_only_its_lines_change(project: Path) -> None:
    before = (project / OPENAI).read_text(encoding="utf-8")
    others = {name: data for name, data in data_bytes(project).items() if name != OPENAI.as_posix()}
    done = run_almanac(*NEW_PRICE, "--from", "2026-11-20", "--source", SOURCE, cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"{OPENAI}\n"
    assert done.stderr == (
        "almanac price set: gpt-5.4-mini from openai (global, USD, standard): a new price from 2026-11-20\n"
        "almanac price set: kept from the price before: cache_read 0.075\n"
    )
    after = (project / OPENAI).read_text(encoding="utf-8")
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    assert diff[2:] == [
        "@@ -192 +192 @@",
        "-            to: null",
        "+            to: 2026-11-20",
        "@@ -195,0 +196,5 @@",
        "+          - from: 2026-11-20",
        "+            to: null",
        '+            rates: {input: "0.6", cache_read: "0.075", output: "3.6"}',
        f'+            source: "{SOURCE}"',
        f"+            checked: {BUILD_DATE}",
    ]
    assert {name: data for name, data in data_bytes(project).items() if name != OPENAI.as_posix()} == others
    shown = run_almanac("price", "show", "gpt-5.4-mini", cwd=project).stdout.splitlines()
    assert shown[3:6] == [
        "   from        to          input  cache_read  output  checked     source",
        "   —           2026-11-20  0.75   0.075       4.5     2026-03-18  https://developers.openai.com/api/docs/pricing",
        "*  2026-11-20  open        0.6    0.075       3.6     2026-11-28  https://developers.openai.com/api/docs/pricing",
    ]


def test_dry_run_prints_the_diff_and_writes_nothing(project: Path) -> None:
    before = data_bytes(project)
    done = run_almanac(*NEW_PRICE, "--from", "2026-12-01", "--source", SOURCE, "--dry-run", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[:3] == [f"--- a/{OPENAI}", f"+++ b/{OPENAI}", "@@ -189,10 +189,15 @@"]
    assert [line for line in done.stdout.splitlines()[2:] if line[:1] in "+-"] == [
        "-            to: null",
        "+            to: 2026-12-01",
        "+          - from: 2026-12-01",
        "+            to: null",
        '+            rates: {input: "0.6", cache_read: "0.075", output: "3.6"}',
        f'+            source: "{SOURCE}"',
        f"+            checked: {BUILD_DATE}",
    ]
    assert "\x1b" not in done.stdout, "plain when piped"
    assert "a dry run, data/vendors/openai.yaml not written" in done.stderr
    assert data_bytes(project) == before


BAD = {
    "unknown model": (
        ["price", "set", "gpt-5.4-mni", "--provider", "openai", "--input", "1", "--output", "2"],
        "data/vendors/openai.yaml:175: no model 'gpt-5.4-mni' in data/ — did you mean gpt-5.4-mini?",
    ),
    "a model nothing is close to": (
        ["price", "set", "gpt-oss-120b", "--provider", "groq", "--input", "1", "--output", "2"],
        "data/vendors/openai.yaml:13: no model 'gpt-oss-120b' in data/ — no model's id, name or alias is close to "
        "it; the models of OpenAI are gpt-5.6-sol, gpt-5.6-terra, gpt-5.6-luna, gpt-5.5, gpt-5.4, gpt-5.4-mini, "
        "gpt-5.4-nano, gpt-5.2, gpt-5, gpt-5-mini: give one's id, or add the model here by hand",
    ),
    "unknown provider": (
        ["price", "set", "gpt-5.4-mini", "--provider", "opnai", "--input", "1", "--output", "2"],
        "data/vendors/openai.yaml:184: gpt-5.4-mini has no offer from 'opnai' (no such provider in data/) — "
        "did you mean openai? Its offers are from openai, openrouter",
    ),
    "price that does not parse": (
        [*NEW_PRICE[:6], "0.6 USD", *NEW_PRICE[7:]],
        "data/vendors/openai.yaml:191: --input '0.6 USD' is not a price: expected a price written as a "
        "decimal such as \"0.28\", found '0.6 USD' — write digits with an optional decimal point, without "
        "units or spaces",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_line_at_its_place_exit_1_and_nothing_written(project: Path, case: str) -> None:
    argv, expected = BAD[case]
    before = data_bytes(project)
    done = run_almanac(*argv, "--from", "2026-12-01", "--source", SOURCE, cwd=project)
    assert (done.returncode, done.stdout) == (1, expected + "\n"), done.stderr
    assert done.stderr == "almanac price set: 1 problem, nothing written\n"
    assert data_bytes(project) == before


def test_a_start_not_after_the_current_price_is_refused(project: Path) -> None:
    first = run_almanac(*NEW_PRICE, "--from", "2026-11-20", "--source", SOURCE, cwd=project)
    assert first.returncode == 0, first.stdout
    before = data_bytes(project)
    done = run_almanac(*NEW_PRICE, "--from", "2026-11-19", "--source", SOURCE, cwd=project)
    assert done.returncode == 1
    assert done.stdout == (
        "data/vendors/openai.yaml:196: --from 2026-11-19 is not after the start of the current price "
        "(2026-11-20) — a new price starts after the current one; history is never rewritten, so a wrong "
        "past price is corrected by hand\n"
    )
    assert data_bytes(project) == before


def test_a_read_only_data_folder_is_refused(project: Path) -> None:
    folder = project / "data" / "vendors"
    mode = folder.stat().st_mode
    before = data_bytes(project)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        done = run_almanac(*NEW_PRICE, "--from", "2026-12-01", "--source", SOURCE, cwd=project)
    finally:
        folder.chmod(mode)
    assert done.returncode == 1
    assert done.stdout == (
        "data/vendors/openai.yaml:1: data/vendors/ is read-only — make data/vendors/ writable and run again\n"
    )
    assert data_bytes(project) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(Path(name).name for name in before if "vendors/" in name)


#: `almanac price set` (the arguments after the first), killed with SIGKILL at one moment of its write to
#: data/vendors/openai.yaml (the first argument): `before-rename`, once the temporary file is written,
#: synced and checked, as `os.replace` is called; `mid-write`, once half the new text is in the
#: temporary file. It says where it was killed on standard error first.
KILLED_SET = """
import os
import signal
import sys
import tempfile

from almanac.cli import main

moment, argv = sys.argv[1], sys.argv[2:]


def kill(where):
    print("killed " + where, file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


real_replace, real_mkstemp, real_fdopen = os.replace, tempfile.mkstemp, os.fdopen
made = set()


def replace(source, target, *args, **kwargs):
    if os.path.basename(target) == "openai.yaml":
        kill("before the rename of " + os.path.basename(source))
    return real_replace(source, target, *args, **kwargs)


def mkstemp(*args, **kwargs):
    descriptor, name = real_mkstemp(*args, **kwargs)
    if os.path.basename(name).startswith(".openai.yaml."):
        made.add(descriptor)
    return descriptor, name


class HalfWritten:
    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        kill("in the middle of writing the temporary file")

    def __getattr__(self, name):
        return getattr(self.handle, name)


def fdopen(descriptor, *args, **kwargs):
    handle = real_fdopen(descriptor, *args, **kwargs)
    return HalfWritten(handle) if descriptor in made else handle


if moment == "before-rename":
    os.replace = replace
else:
    tempfile.mkstemp, os.fdopen = mkstemp, fdopen
sys.exit(main(argv))
"""


@pytest.mark.parametrize("moment", ["before-rename", "mid-write"])
def test_a_set_killed_while_it_writes_leaves_the_old_file_and_a_check_that_passes(project: Path, moment: str) -> None:
    """A real `almanac price set` process killed with SIGKILL (no handler, no `finally` runs) while it
    writes: the vendor file is byte for byte the old one, the temporary file left behind (a dot file,
    `.openai.yaml.*.tmp`) is not read as data, and the same command run again writes the new price."""
    before = data_bytes(project)
    argv = [*NEW_PRICE, "--from", "2026-11-20", "--source", SOURCE]
    killed = run_python(KILLED_SET, moment, *argv, cwd=project)
    assert killed.returncode == -signal.SIGKILL, (killed.stdout, killed.stderr)
    where = "before the rename of" if moment == "before-rename" else "in the middle of writing the temporary file"
    assert killed.stderr.startswith(f"killed {where}"), killed.stderr
    assert killed.stdout == ""
    after = data_bytes(project)
    assert after[OPENAI.as_posix()] == before[OPENAI.as_posix()], "the old file, byte for byte"
    added = sorted(set(after) - set(before))
    assert len(added) == 1 and re.fullmatch(r"data/vendors/\.openai\.yaml\.[^/]+\.tmp", added[0]), added
    left = added[0]
    assert {name: data for name, data in after.items() if name != left} == before, "every data file as it was"

    checked = run_almanac("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "tmp" not in checked.stdout + checked.stderr
    shown = run_almanac("price", "show", "gpt-5.4-mini", cwd=project)
    assert shown.returncode == 0 and "2026-11-20" not in shown.stdout, "the old history, nothing of the new price"

    again = run_almanac(*argv, cwd=project)
    assert (again.returncode, again.stdout) == (0, f"{OPENAI}\n"), again.stderr
    new = (project / OPENAI).read_bytes()
    assert new != before[OPENAI.as_posix()]
    partial = after[left]
    if moment == "before-rename":
        assert partial == new, "the temporary file held the whole new text when it was killed"
    else:
        assert 0 < len(partial) < len(new) and new.startswith(partial), "half the new text"
    assert run_almanac("check", cwd=project).returncode == 0


def test_a_new_file_that_fails_the_builds_checks_is_not_written(project: Path) -> None:
    before = data_bytes(project)
    done = run_almanac(*NEW_PRICE, "--from", "2026-12-01", "--source", "javascript:alert(1)", cwd=project)
    assert done.returncode == 1
    assert re.fullmatch(
        r"data/vendors/openai\.yaml:199:\d+: models\[5\]\.offers\[0\]\.periods\[1\]\.source: .*\n", done.stdout
    )
    assert done.stderr == (
        "almanac price set: 1 problem in the file as it would be (its lines as --dry-run shows them), nothing written\n"
    )
    assert data_bytes(project) == before


def test_usage_errors_exit_2_and_help_exits_0(project: Path) -> None:
    assert run_almanac("price", cwd=project).returncode == 2
    missing = run_almanac("price", "set", "gpt-5.4-mini", "--provider", "openai", "--input", "1", cwd=project)
    assert missing.returncode == 2 and "--output" in missing.stderr
    for action in ([], ["show"], ["set"]):
        helped = run_almanac("price", *action, "--help", cwd=project)
        assert helped.returncode == 0 and "example" in helped.stdout


def test_the_examples_of_the_help_work_as_written(project: Path) -> None:
    """Each example of `--help`, run as printed (`almanac` alone, lines joined at `\\`)."""
    commands = [
        shlex.split(command.strip())
        for command in (SHOW_EXAMPLES + SET_EXAMPLES).replace("\\\n", " ").splitlines()
        if command.strip().startswith("almanac ")
    ]
    assert len(commands) == 3
    for argv in commands:
        done = run_almanac(*argv[1:], cwd=project)
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
    assert 'rates: {input: "0.6", cache_read: "0.1", output: "2.5"}' in (
        project / "data/vendors/moonshot.yaml"
    ).read_text(encoding="utf-8")


def test_the_readmes_price_commands_work_as_written(project: Path) -> None:
    """The commands of the README's "Changing a price", run as printed (`.venv/bin/almanac`, `\\` joined)."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Changing a price\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    commands = [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]
    assert [argv[:3] for argv in commands] == [
        [".venv/bin/almanac", "price", "show"],
        [".venv/bin/almanac", "price", "set"],
    ]
    for argv in commands:
        done = run_almanac(*argv[1:], cwd=project)
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
    assert done.stdout.startswith(f"--- a/{OPENAI}\n"), "the README's set is a dry run"


class Terminal(io.StringIO):
    """Standard output as a terminal shows it."""

    def isatty(self) -> bool:
        return True


def run_in_process(project: Path, monkeypatch: pytest.MonkeyPatch, *argv: str) -> tuple[int, str]:
    from almanac.cli import main

    screen = Terminal()
    monkeypatch.setenv("ALMANAC_BUILD_DATE", BUILD_DATE)
    monkeypatch.setattr(sys, "stdout", screen)
    code = main([*argv, "-f", str(project / "mkdocs.yml")])
    monkeypatch.undo()
    return code, screen.getvalue()


def test_colour_on_a_terminal_unless_no_color_and_text_of_the_data_escaped(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vendors = project / OPENAI
    vendors.write_text(
        vendors.read_text(encoding="utf-8").replace("name: GPT-5.4 mini\n", "name: GPT-5.4 mini\u202e\u200b\n"),
        encoding="utf-8",
    )
    code, shown = run_in_process(project, monkeypatch, "price", "show", "gpt-5.4-mini")
    assert code == 0
    assert shown.startswith("\x1b[1mGPT-5.4 mini\\u202e\\u200b (gpt-5.4-mini)\x1b[0m · OpenAI")
    assert "\x1b[32m*  —     open  0.75" in shown, "the price in force, in green"
    assert "\u202e" not in shown
    monkeypatch.setenv("NO_COLOR", "1")
    code, plain = run_in_process(project, monkeypatch, "price", "show", "gpt-5.4-mini")
    assert code == 0 and "\x1b" not in plain and plain.startswith("GPT-5.4 mini\\u202e\\u200b (gpt-5.4-mini)")
