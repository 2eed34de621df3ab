"""`almanac incident open|update|resolve` records a provider's incidents in data/incidents/<provider>.yaml,
adding only the lines of the change (and replacing `resolved_at: null`), keeping comments and order, and
refuses bad input with a `path:line: what — how` line, exit status 1 and no file changed. Every command
runs as a user runs it (`run_almanac`), on a copy of the tests' own project
(tests/fixtures/edits/: the sample's data/ frozen at one commit, whose lines stay put), on the tests' build date."""

from __future__ import annotations

import datetime as dt
import difflib
import shlex
import stat
from pathlib import Path

import pytest

from almanac.core.data.incident_edit import plan_open, write_incidents
from almanac.core.errors import AlmanacError
from almanac.incident_command import OPEN_EXAMPLES, RESOLVE_EXAMPLES, UPDATE_EXAMPLES

from helpers import BUILD_DATE, ROOT, copy_edits_project, run_almanac

RELAY_A = Path("data/incidents/relay-a.yaml")
DEEPSEEK = Path("data/incidents/deepseek.yaml")
EXAMPLE_ID = "2026-12-05-claude-requests-failing-with-529"
OPEN = ("incident", "open", "deepseek", "--title", "Elevated errors on V4 Flash", "--impact", "minor")
OPEN_ID = "2026-11-27-elevated-errors-on-v4-flash"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_edits_project(tmp_path)


def data_bytes(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "data").rglob("*")) if p.is_file()
    }


def changes(before: str, after: str) -> list[str]:
    """The diff's lines without context: `@@` headers, removed and added lines."""
    return list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))[2:]


def commands(text: str) -> list[list[str]]:
    """The `almanac …` command lines of a help text or README block, lines joined at `\\`."""
    return [
        shlex.split(line.strip(), comments=True)
        for line in text.replace("\\\n", " ").splitlines()
        if line.strip().startswith(("almanac ", ".venv/bin/almanac "))
    ]


def test_the_examples_of_the_help_open_update_and_resolve_adding_only_lines(project: Path) -> None:
    """Each example of `--help`, run as printed: the file gains the incident at its end (a blank line
    before it, as between the others), every old line stays but `resolved_at: null`, which is set."""
    before = (project / RELAY_A).read_text(encoding="utf-8")
    others = {name: data for name, data in data_bytes(project).items() if name != RELAY_A.as_posix()}
    argvs = commands(OPEN_EXAMPLES + UPDATE_EXAMPLES + RESOLVE_EXAMPLES)
    assert [argv[:3] for argv in argvs] == [["almanac", "incident", action] for action in ("open", "update", "resolve")]
    opened = run_almanac(*argvs[0][1:], cwd=project)
    assert (opened.returncode, opened.stdout) == (0, EXAMPLE_ID + "\n"), opened.stderr
    assert opened.stderr == (
        f"almanac incident open: relay-a {EXAMPLE_ID} opened at 2026-12-05T09:30:00+08:00 in {RELAY_A}\n"
    )
    after_open = (project / RELAY_A).read_text(encoding="utf-8")
    assert changes(before, after_open) == [
        "@@ -51,0 +52,12 @@",
        "+",
        f"+  - id: {EXAMPLE_ID}",
        "+    title: Claude requests failing with 529",
        "+    impact: major",
        "+    affected: [sonnet-chat]",
        '+    started_at: "2026-12-05T09:30:00+08:00"',
        "+    resolved_at: null",
        "+    updates:",
        '+      - at: "2026-12-05T09:30:00+08:00"',
        "+        status: investigating",
        "+        body: Most Claude requests fail with 529.",
        "+    evidence: []",
    ]
    for argv in argvs[1:]:
        done = run_almanac(*argv[1:], cwd=project)
        assert (done.returncode, done.stdout) == (0, EXAMPLE_ID + "\n"), done.stderr
    after = (project / RELAY_A).read_text(encoding="utf-8")
    assert changes(after_open, after) == [
        "@@ -58 +58 @@",
        "-    resolved_at: null",
        '+    resolved_at: "2026-12-05T12:00:00+08:00"',
        "@@ -62,0 +63,6 @@",
        '+      - at: "2026-12-05T10:15:00+08:00"',
        "+        status: identified",
        "+        body: An upstream account pool was suspended.",
        '+      - at: "2026-12-05T12:00:00+08:00"',
        "+        status: resolved",
        "+        body: Requests succeed again.",
    ]
    assert {name: data for name, data in data_bytes(project).items() if name != RELAY_A.as_posix()} == others


COMMENTED = """\
# yaml-language-server: $schema=../schema/incidents.schema.json
# Written by hand; the comments stay.
provider: deepseek   # the file's provider

incidents:
  # the first one
  - id: 2026-11-18-elevated-errors
    title: 'Elevated error rate'   # single-quoted on purpose
    impact: minor
    affected: [v4-flash-chat]
    started_at: "2026-11-18T10:05:00+08:00"
    updates:
      - at: "2026-11-18T10:20:00+08:00"
        status: investigating
        body: >-
          Some probe requests return 503 errors
          during peak hours.
    evidence: []   # none yet

# the end of the file
"""


def test_a_commented_file_keeps_every_line_and_order(project: Path) -> None:
    """Comments, quoting, a folded body and a comment at the end stay: the second incident comes after
    the first (the end comment after it), and an incident that has no `resolved_at` gets one after its
    start. A line ruamel.yaml would write otherwise (`[ a ]`) is not rewritten: the edit is refused."""
    spaced = COMMENTED.replace("[v4-flash-chat]", "[ v4-flash-chat ]")
    (project / DEEPSEEK).write_text(spaced, encoding="utf-8")
    refused = run_almanac(*OPEN, "--at", "2026-11-27T08:00:00Z", cwd=project)
    assert (refused.returncode, refused.stdout) == (
        1,
        "data/incidents/deepseek.yaml:10: cannot be edited without rewriting lines other than the incident's "
        "(its indentation or quoting is not the one ruamel.yaml writes) — edit the incident by hand near line 5\n",
    )
    assert (project / DEEPSEEK).read_text(encoding="utf-8") == spaced
    (project / DEEPSEEK).write_text(COMMENTED, encoding="utf-8")
    opened = run_almanac(*OPEN, "--at", "2026-11-27T08:00:00Z", cwd=project)
    assert (opened.returncode, opened.stdout) == (0, OPEN_ID + "\n"), opened.stderr
    resolved = run_almanac(
        "incident",
        "resolve",
        "deepseek",
        "2026-11-18-elevated-errors",
        "--at",
        "2026-11-18T11:20:00+08:00",
        cwd=project,
    )
    assert resolved.returncode == 0, resolved.stdout + resolved.stderr
    after = (project / DEEPSEEK).read_text(encoding="utf-8")
    assert changes(COMMENTED, after) == [
        "@@ -11,0 +12 @@",
        '+    resolved_at: "2026-11-18T11:20:00+08:00"',
        "@@ -17,0 +19,3 @@",
        '+      - at: "2026-11-18T11:20:00+08:00"',
        "+        status: resolved",
        "+        body: Resolved.",
        "@@ -19,0 +24,9 @@",
        f"+  - id: {OPEN_ID}",
        "+    title: Elevated errors on V4 Flash",
        "+    impact: minor",
        "+    affected: []",
        '+    started_at: "2026-11-27T08:00:00Z"',
        "+    resolved_at: null",
        "+    updates: []",
        "+    evidence: []",
        "+",
    ]
    assert after.endswith("    evidence: []\n\n# the end of the file\n")


def test_a_provider_without_incidents_gets_a_file_with_the_schema_comment(project: Path) -> None:
    path = project / "data/incidents/openai.yaml"
    assert not path.exists()
    dry = run_almanac(
        "incident", "open", "openai", "--title", "Slow responses", "--impact", "minor", "--at",
        "2026-11-27T10:00:00-05:00", "--dry-run", cwd=project,
    )  # fmt: skip
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert dry.stdout.splitlines()[:2] == ["--- /dev/null", "+++ b/data/incidents/openai.yaml"]
    assert not path.exists()
    done = run_almanac(
        "incident", "open", "openai", "--title", "Slow responses", "--impact", "minor", "--at",
        "2026-11-27T10:00:00-05:00", "--body", "Replies: take 'long' # not a comment", cwd=project,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (0, "2026-11-27-slow-responses\n"), done.stderr
    assert "(a new file, data/incidents/openai.yaml)" in done.stderr
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schema/incidents.schema.json\n"
        "provider: openai\n"
        "incidents:\n"
        "  - id: 2026-11-27-slow-responses\n"
        "    title: Slow responses\n"
        "    impact: minor\n"
        "    affected: []\n"
        '    started_at: "2026-11-27T10:00:00-05:00"\n'
        "    resolved_at: null\n"
        "    updates:\n"
        '      - at: "2026-11-27T10:00:00-05:00"\n'
        "        status: investigating\n"
        "        body: \"Replies: take 'long' # not a comment\"\n"
        "    evidence: []\n"
    )
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IMODE((project / "data/providers/openai.yaml").stat().st_mode)
    update = run_almanac(
        "incident", "update", "openai", "2026-11-27-slow-responses", "--status", "resolved", "--body", "Fine again.",
        "--at", "2026-11-27T11:00:00-05:00", cwd=project,
    )  # fmt: skip
    assert update.returncode == 0, update.stdout
    assert '    resolved_at: "2026-11-27T11:00:00-05:00"\n' in path.read_text(encoding="utf-8")


SAMPLE_ID = "2026-11-18-elevated-errors"
BAD = {
    "unknown provider": (
        ["open", "deepsek", "--title", "x", "--impact", "minor"],
        "data/providers/deepseek.yaml:3: no provider 'deepsek' in data/ — did you mean deepseek?",
    ),
    "unknown incident": (
        ["update", "relay-a", "2026-11-12-slow-claude-response", "--status", "identified", "--body", "x"],
        "data/incidents/relay-a.yaml:6: no incident '2026-11-12-slow-claude-response' of relay-a — "
        "did you mean 2026-11-12-slow-claude-responses?",
    ),
    "no incidents file": (
        ["resolve", "openai", "2026-11-27-x"],
        "data/providers/openai.yaml:3: openai has no incidents (data/incidents/openai.yaml does not exist), so no "
        """incident '2026-11-27-x' — open one first: almanac incident open openai --title "…" --impact minor""",
    ),
    "no incidents file, on update": (
        ["update", "openai", "2026-11-27-x", "--status", "identified", "--body", "x"],
        "data/providers/openai.yaml:3: openai has no incidents (data/incidents/openai.yaml does not exist), so no "
        """incident '2026-11-27-x' — open one first: almanac incident open openai --title "…" --impact minor""",
    ),
    "a provider nothing is close to": (
        ["open", "zzzz", "--title", "x", "--impact", "minor"],
        "data/providers/alibaba-model-studio.yaml:3: no provider 'zzzz' in data/ — give a provider's id, the `id:` "
        "of a file of data/providers/ as on this line: alibaba-model-studio, anthropic, aws-bedrock, deepseek, "
        "google-ai-studio, groq, minimax, mistral, moonshot, openai, openrouter, relay-a, relay-b, together, xai, "
        "zai, zhipu-bigmodel",
    ),
    "a time without a zone": (
        ["open", "deepseek", "--title", "x", "--impact", "minor", "--at", "2026-11-27T10:00:00"],
        "data/incidents/deepseek.yaml:4: --at '2026-11-27T10:00:00': date and time '2026-11-27T10:00:00' has no "
        "time zone — add a zone: 'Z' for UTC or an offset such as '+08:00'",
    ),
    "resolving a resolved incident": (
        ["resolve", "deepseek", SAMPLE_ID],
        f"data/incidents/deepseek.yaml:10: incident {SAMPLE_ID} was resolved at 2026-11-18T11:20:00+08:00 — "
        "a resolved incident takes no more updates; open a new one, or correct this one by hand",
    ),
    "a duplicate id": (
        ["open", "deepseek", "--title", "Elevated errors!", "--impact", "minor", "--at", "2026-11-18T12:00:00+08:00"],
        f"data/incidents/deepseek.yaml:5: deepseek already has an incident '{SAMPLE_ID}' — post to it with "
        f"almanac incident update deepseek {SAMPLE_ID} --status … --body …, or give the new one other words "
        "with --slug",
    ),
    "an unknown check": (
        ["open", "deepseek", "--title", "x", "--impact", "minor", "--affected", "v4-flash-chatt"],
        "data/providers/deepseek.yaml:14: --affected 'v4-flash-chatt' is not a check of deepseek — "
        "did you mean v4-flash-chat? its checks (monitoring ids) are v4-flash-chat",
    ),
    "a title without Latin words": (
        ["open", "deepseek", "--title", "接口故障", "--impact", "minor", "--at", "2026-11-27T10:00:00Z"],
        "data/incidents/deepseek.yaml:4: the title '接口故障' has no Latin letters or digits to make the "
        "incident's id from — give its words with --slug, such as --slug upstream-errors",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_line_at_its_place_exit_1_and_nothing_written(project: Path, case: str) -> None:
    argv, expected = BAD[case]
    before = data_bytes(project)
    done = run_almanac("incident", *argv, cwd=project)
    assert (done.returncode, done.stdout) == (1, expected + "\n"), done.stderr
    assert done.stderr == f"almanac incident {argv[0]}: 1 problem, nothing written\n"
    assert data_bytes(project) == before


def test_a_provider_asked_of_a_data_folder_without_providers_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    today, now = dt.date.fromisoformat(BUILD_DATE), dt.datetime(2026, 11, 27, 8, tzinfo=dt.UTC)
    with pytest.raises(AlmanacError) as caught:
        plan_open(tmp_path, "openai", title="Slow", impact="minor", today=today, now=now)
    assert str(caught.value) == (
        "data/providers/: no provider 'openai' in data/, which has no provider file yet — add the provider in "
        "data/providers/<provider>.yaml first"
    )
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["data"]


def test_a_time_before_the_start_or_the_last_update_is_refused(project: Path) -> None:
    opened = run_almanac(*OPEN, "--at", "2026-11-27T08:00:00Z", "--body", "Errors.", cwd=project)
    assert opened.returncode == 0, opened.stdout
    before = data_bytes(project)
    early = run_almanac("incident", "resolve", "deepseek", OPEN_ID, "--at", "2026-11-27T15:00:00+08:00", cwd=project)
    assert (early.returncode, early.stdout) == (
        1,
        f"data/incidents/deepseek.yaml:26: --at 2026-11-27T15:00:00+08:00 is before the start of incident {OPEN_ID} "
        "(2026-11-27T08:00:00Z) — give --at 2026-11-27T08:00:00Z or later\n",
    )
    updated = run_almanac(
        "incident", "update", "deepseek", OPEN_ID, "--status", "monitoring", "--body", "Better.", "--at",
        "2026-11-27T09:00:00Z", cwd=project,
    )  # fmt: skip
    assert updated.returncode == 0
    before = data_bytes(project)
    late = run_almanac(
        "incident", "update", "deepseek", OPEN_ID, "--status", "identified", "--body", "x", "--at",
        "2026-11-27T08:30:00Z", cwd=project,
    )  # fmt: skip
    assert (late.returncode, late.stdout) == (
        1,
        f"data/incidents/deepseek.yaml:32: --at 2026-11-27T08:30:00Z is before the last update of incident {OPEN_ID} "
        "(2026-11-27T09:00:00Z) — updates are kept oldest first: give --at 2026-11-27T09:00:00Z or later\n",
    )
    assert data_bytes(project) == before


def test_a_read_only_incidents_folder_is_refused(project: Path) -> None:
    folder = project / "data" / "incidents"
    mode = folder.stat().st_mode
    before = data_bytes(project)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        done = run_almanac(*OPEN, "--at", "2026-11-27T08:00:00Z", cwd=project)
        created = run_almanac("incident", "open", "openai", "--title", "x", "--impact", "minor", cwd=project)
    finally:
        folder.chmod(mode)
    assert (done.returncode, done.stdout) == (
        1,
        "data/incidents/deepseek.yaml:1: data/incidents/ is read-only — make data/incidents/ writable and run again\n",
    )
    assert (created.returncode, created.stdout) == (
        1,
        "data/incidents/openai.yaml:1: data/incidents/ is read-only — make data/incidents/ writable and run again\n",
    )
    assert data_bytes(project) == before
    assert sorted(p.name for p in folder.iterdir()) == ["deepseek.yaml", "relay-a.yaml", "relay-b.yaml"]


def test_a_file_changed_or_made_since_it_was_read_is_not_overwritten(project: Path) -> None:
    today, now = dt.date.fromisoformat(BUILD_DATE), dt.datetime(2026, 11, 27, 8, tzinfo=dt.UTC)
    change = plan_open(project, "relay-a", title="Slow", impact="minor", today=today, now=now)
    path = project / RELAY_A
    path.write_text(path.read_text(encoding="utf-8") + "# someone else's line\n", encoding="utf-8")
    edited = path.read_bytes()
    with pytest.raises(AlmanacError, match="changed on disk since almanac read it; not written"):
        write_incidents(change)
    assert path.read_bytes() == edited
    made = plan_open(project, "openai", title="Slow", impact="minor", today=today, now=now)
    other = project / "data/incidents/openai.yaml"
    other.write_text("provider: openai\n", encoding="utf-8")
    with pytest.raises(AlmanacError) as caught:
        write_incidents(made)
    assert str(caught.value) == (
        "data/incidents/openai.yaml:1: was made by someone else since almanac looked; not written — "
        "run the command again"
    )
    assert other.read_text(encoding="utf-8") == "provider: openai\n"
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "deepseek.yaml",
        "openai.yaml",
        "relay-a.yaml",
        "relay-b.yaml",
    ]


def test_usage_errors_exit_2_and_help_exits_0_with_examples(project: Path) -> None:
    assert run_almanac("incident", cwd=project).returncode == 2
    assert run_almanac("incident", "open", "deepseek", "--title", "x", cwd=project).returncode == 2
    assert run_almanac("incident", "open", "deepseek", "--title", "x", "--impact", "huge", cwd=project).returncode == 2
    assert run_almanac("incident", "update", "deepseek", SAMPLE_ID, "--status", "over", cwd=project).returncode == 2
    for action in ([], ["open"], ["update"], ["resolve"]):
        helped = run_almanac("incident", *action, "--help", cwd=project)
        assert helped.returncode == 0 and "example" in helped.stdout and "almanac incident" in helped.stdout


def test_the_readmes_incident_commands_work_as_written(project: Path) -> None:
    """The commands of the README's "Incidents", run as printed (`.venv/bin/almanac`)."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Incidents\n", 1)[1]
    block = section.split("\n## ", 1)[0].split("```sh\n", 1)[1].split("```", 1)[0]
    argvs = commands(block)
    assert [argv[:3] for argv in argvs] == [
        [".venv/bin/almanac", "incident", action] for action in ("open", "update", "resolve")
    ]
    for argv in argvs:
        done = run_almanac(*argv[1:], cwd=project)
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
    assert "    resolved_at: " in (project / DEEPSEEK).read_text(encoding="utf-8").rsplit("  - id: ", 1)[1]
